from django.core.management.base import BaseCommand

from frontpage.related import refresh_all


class Command(BaseCommand):
    help = ("Recompute every published story's related stories (after an import or bulk "
            "update() that skipped the signals; normally the task queue keeps them).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Only stories published in the last DAYS days.")

    def handle(self, *args, days=None, **options):
        count = refresh_all(since_days=days)
        self.stdout.write(f"Related stories computed for {count} stories.")
