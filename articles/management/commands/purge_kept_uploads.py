from django.core.management.base import BaseCommand

from articles.admin_forms import purge_kept_images


class Command(BaseCommand):
    help = (
        "Delete photos kept across a failed article save that nobody came back for "
        "(older than a day). Run daily from cron."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {purge_kept_images()} kept photo(s).")
