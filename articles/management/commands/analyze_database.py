from django.core.management.base import BaseCommand

from newsroom.database import analyze


class Command(BaseCommand):
    help = "Refresh the database's query-planner statistics (run daily from cron on SQLite)."

    def handle(self, *args, **options):
        analyze()
        self.stdout.write("Database statistics refreshed.")
