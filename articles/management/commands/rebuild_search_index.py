from django.core.management.base import BaseCommand
from django.db import connection

from articles.search import rebuild_index
from newsroom.caching import LISTING, purge


class Command(BaseCommand):
    help = "Rebuild the SQLite full-text search table from the articles (PostgreSQL needs nothing)."

    def handle(self, *args, **options):
        if connection.vendor != "sqlite":
            self.stdout.write("PostgreSQL indexes search as rows change; nothing to rebuild.")
            return
        count = rebuild_index()
        purge(LISTING)  # cached search pages showed the old index
        self.stdout.write(f"Indexed {count} articles for search.")
