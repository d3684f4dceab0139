from django.core.management.base import BaseCommand

from newsroom.demo import CREDENTIALS_FILE, load_demo


class Command(BaseCommand):
    help = "Load the demo newsroom (seed article, sections, authors, comments, users). Idempotent."

    def handle(self, *args, **options):
        load_demo(out=self.stdout.write)
        if CREDENTIALS_FILE.exists():
            self.stdout.write(f"Demo logins (from {CREDENTIALS_FILE}):")
            self.stdout.write(CREDENTIALS_FILE.read_text(encoding="utf-8").rstrip())
