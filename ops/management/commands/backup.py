from datetime import UTC, datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops import backups


class Command(BaseCommand):
    help = "Write one file holding a consistent copy of the database and all media."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Where to write the backup (default: var/backups/<time>.tar)."
        )

    def handle(self, *args, output=None, **options):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        output = output or settings.BASE_DIR / "var" / "backups" / f"newsroom-{stamp}.tar"
        try:
            manifest = backups.backup(output)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Wrote {output}: the {manifest['engine']} database and "
                          f"{manifest['media_files']} media files.")
