"""Django's SQLite backend, for a database file that may be deleted or replaced.

An open SQLite connection keeps working on a file that was deleted (or replaced by a
restore): it writes into a file nobody can see any more, and every write is lost. So
this wrapper remembers which file (device and inode) each connection opened, and:

- on reuse (Django's connection health check, at a request's first query) a
  connection whose file is no longer the one at the path is unusable: it is closed
  and the next query opens the file that is there now;
- it does not open a new, empty database where a file it had opened has gone
  (SQLite would create one silently): that is an outage, answered with a 503
  (newsroom/faults.py), until the file is back;
- it refuses to commit into a file that has gone, so no write is reported as done
  that was not stored.

In-memory databases (the tests' default) have no file and are left alone.
"""

import os

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
    # The file each database alias was last opened from, for the whole process: a
    # deleted file is not recreated empty by the next connection either.
    _seen_files = {}

    def _database_path(self):
        if self.is_in_memory_db():
            return None
        return os.path.abspath(str(self.settings_dict["NAME"]))

    def _check_file(self, path):
        if file_identity(path) is None and path in self._seen_files:
            raise OperationalError(f"The database file {path} has disappeared.")

    def get_new_connection(self, conn_params):
        path = self._database_path()
        if path:
            self._check_file(path)
        connection = super().get_new_connection(conn_params)
        if path:
            self._opened_file = file_identity(path)
            self._seen_files[path] = self._opened_file
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
