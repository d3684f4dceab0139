from django.core.management.base import BaseCommand

from articles.models import CommentCount
from comments import counts
from newsroom.caching import purge_site


class Command(BaseCommand):
    help = "Recount every article's approved comments (after a bulk import, or to repair)."

    def handle(self, *args, **options):
        counts.rebuild()
        purge_site()  # every listing may have shown an old count
        self.stdout.write(f"Recounted comments on {CommentCount.objects.count()} article(s).")
