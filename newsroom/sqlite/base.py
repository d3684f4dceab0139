"""Django's SQLite backend, for a database file that may be deleted or replaced.

An open SQLite connection keeps working on a file that was deleted (or replaced by a
restore): it writes into a file nobody can see any more, and every write is lost. So
this wrapper remembers which file (device and inode) each connection opened, and:

- on reuse (Django's connection health check, at a request's first query) a
  connection whose file is no longer the one at the path is unusable: it is closed
  and the next query opens the file that is there now;
- it never creates the database file, which SQLite would otherwise do silently and
  empty wherever a file has gone: only `manage.py migrate` may (see
  `creating_files`). A missing file is an outage, answered with a 503
  (newsroom/faults.py), until the file is back. This holds in every process, a
  worker started after the file went as much as one that had it open;
- it refuses to commit into a file that has gone, so no write is reported as done
  that was not stored.

In-memory databases (the tests' default) have no file and are left alone.
"""

import contextlib
import os
from urllib.parse import quote

from django.db import OperationalError
from django.db.backends.sqlite3 import base


def file_identity(path):
    """(device, inode) of the file at `path`, or None if there is none."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


class DatabaseWrapper(base.DatabaseWrapper):
    # Only `migrate` creates a database file (newsroom/management/commands/migrate.py).
    may_create_file = False

    @classmethod
    @contextlib.contextmanager
    def creating_files(cls):
        """Within this block connections may create a missing database file."""
        before, cls.may_create_file = cls.may_create_file, True
        try:
            yield
        finally:
            cls.may_create_file = before

    def _database_path(self):
        if self.is_in_memory_db() or str(self.settings_dict["NAME"]).startswith("file:"):
            return None
        return os.path.abspath(str(self.settings_dict["NAME"]))

    def get_new_connection(self, conn_params):
        path = self._database_path()
        if path and not self.may_create_file:
            if file_identity(path) is None:
                raise OperationalError(
                    f"The database file {path} does not exist. `manage.py migrate` "
                    "creates it (make run does); if it was deleted, restore it.")
            # Read-write but never create, even if the file goes between the check
            # above and the open below.
            conn_params = {**conn_params, "database": f"file:{quote(path)}?mode=rw"}
        connection = super().get_new_connection(conn_params)
        if path:
            self._opened_file = file_identity(path)
        return connection

    def is_same_file(self):
        """True while the file this connection opened is still the one at its path."""
        path = self._database_path()
        return not path or file_identity(path) == getattr(self, "_opened_file", None)

    def is_usable(self):
        return self.is_same_file() and super().is_usable()

    def _commit(self):
        if self.connection is not None and not self.is_same_file():
            raise OperationalError(
                "The database file was deleted or replaced: this write was not stored.")
        return super()._commit()
