from django.core.management.base import BaseCommand

from demo.content import credentials_file, load_demo


class Command(BaseCommand):
    help = "Load the demo newsroom (seed article, sections, authors, comments, users). Idempotent."

    def handle(self, *args, **options):
        load_demo(out=self.stdout.write)
        path = credentials_file()
        if path.exists():
            self.stdout.write(f"Demo logins (from {path}):")
            self.stdout.write(path.read_text(encoding="utf-8").rstrip())
