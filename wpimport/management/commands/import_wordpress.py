import os
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wpimport.importer import Importer
from wpimport.wxr import ExportError


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR file): authors, categories, tags, posts, pages, "
        "comments, featured images, and 301s from the old addresses. Safe to run again: "
        "it updates what it imported before and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WXR file from Tools → Export.")
        parser.add_argument("--uploads", help="The old site's wp-content/uploads folder, for "
                            "featured images (nothing is fetched over the network).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Read and check everything, write nothing.")
        parser.add_argument("--create-users", action="store_true",
                            help="Give each author a staff login (no password until set).")
        parser.add_argument("--site-url", help="The old site's address (default: from the file).")

    def handle(self, *args, export, uploads=None, dry_run=False, create_users=False,
               site_url=None, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"{export}: no such file.")
        if uploads and not Path(uploads).is_dir():
            raise CommandError(f"--uploads {uploads}: no such folder.")
        size = path.stat().st_size or 1
        with path.open("rb") as handle:
            importer = Importer(uploads=uploads, create_users=create_users, site_url=site_url,
                                dry_run=dry_run, progress=self.progress_bar(handle, size))
            try:
                if dry_run:
                    try:
                        with transaction.atomic():
                            importer.run(handle)
                            raise DryRunRollback
                    except DryRunRollback:
                        pass
                else:
                    importer.run(handle)
            except ExportError as error:
                self.stdout.write("")
                self.write_summary(importer)
                where = f" at line {error.line}" if error.line else ""
                kept = "nothing was kept (dry run)" if dry_run else (
                    "everything before it was imported whole; run the import again once the "
                    "file is complete, and it carries on without duplicating anything")
                raise CommandError(f"{export}{where}: {error}. The object being read there was "
                                   f"not imported; {kept}.") from None
        self.stdout.write("")
        self.write_summary(importer)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

    def write_summary(self, importer):
        for line in importer.summary.table():
            self.stdout.write(line)

    def progress_bar(self, handle, size):
        """Show how far through the file the import is (a bar on a terminal, else a line
        every 10%)."""
        state = {"shown": -1, "at": 0.0}
        interactive = hasattr(self.stdout, "isatty") and self.stdout.isatty()

        def show(summary):
            now = time.monotonic()
            if interactive and now - state["at"] < 0.2:
                return
            state["at"] = now
            try:
                done = min(1.0, os.lseek(handle.fileno(), 0, os.SEEK_CUR) / size)
            except (OSError, ValueError):
                return
            total = sum(summary.total(o) for o in summary.OUTCOMES)
            if interactive:
                bar = "#" * int(done * 30)
                sys.stdout.write(f"\r[{bar:<30}] {done:4.0%}  {total} objects")
                sys.stdout.flush()
            elif int(done * 10) > state["shown"]:
                state["shown"] = int(done * 10)
                self.stdout.write(f"{done:4.0%} read, {total} objects")

        return show
