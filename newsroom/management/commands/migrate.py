"""`migrate`, the one command that may create the SQLite database file.

Every other process (web workers, the task worker, a shell) refuses to open a
missing file instead of silently creating an empty one (newsroom/sqlite/base.py).
"""

from django.core.management.commands import migrate

from newsroom.sqlite.base import DatabaseWrapper


class Command(migrate.Command):
    def execute(self, *args, **options):  # the system checks before handle() connect too
        with DatabaseWrapper.creating_files():
            return super().execute(*args, **options)
