from django.core.management.base import BaseCommand, CommandError

from ops import backups


class Command(BaseCommand):
    help = ("Replace the database and media with those of a backup written by "
            "`manage.py backup`. Stop the app servers first; run `migrate` after.")

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, backup, interactive=True, **options):
        if interactive:
            answer = input("This replaces every article, comment and user with the backup's. "
                           "Type 'yes' to continue: ")
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = backups.restore(backup)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the database of {manifest['created']} and "
                          f"{manifest['media_files']} media files from {backup}.")
