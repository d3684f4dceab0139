from django.conf import settings
from django.core.management.base import BaseCommand

from comments.services import comment_purge_personal_data


class Command(BaseCommand):
    help = "Forget commenters' IP addresses and user agents older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help=f"Retention in days (default: COMMENT_IP_RETENTION_DAYS, "
                 f"now {settings.COMMENT_IP_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        count = comment_purge_personal_data(older_than_days=days)
        self.stdout.write(f"Purged IP address and user agent from {count} comment(s).")
