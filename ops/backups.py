"""One backup file holds the database and the media: `manage.py backup` / `restore`.

A backup is a tar file: manifest.json, the database (SQLite's online backup, a
consistent copy taken while the site runs, or `pg_dump`'s custom format), and every
file in the media storage under media/. The database is copied first and the media
after it: uploads are stored before the rows that name them, so every file the
copied database names is in the backup (a later upload may be too, unnamed).
Media is read and written through Django's storage API, so the same commands back
up a media directory or an object-storage bucket.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connections

FORMAT = 1
MEDIA_PREFIX = "media/"
SKIPPED_PREFIX = ".partial-"  # uploads being written (newsroom/storage.py)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def engine(connection):
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    return connection.vendor


def media_names(storage=default_storage, directory=""):
    """Every stored file's name, walking the storage's folders."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}{name}" for name in files if not name.startswith(SKIPPED_PREFIX)]
    for folder in folders:
        names += media_names(storage, f"{directory}{folder}/")
    return sorted(names)


def pg_command(program, settings_dict):
    """argv and environment for a PostgreSQL client program aimed at this database."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    argv = [path, "--no-owner", "--no-privileges"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            argv += [option, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return argv, env


def run(argv, env):
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()}")


def dump_database(connection, target):
    """Write a consistent copy of the database to `target`; return its name in the backup."""
    if engine(connection) == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return "database.sqlite3"
    argv, env = pg_command("pg_dump", connection.settings_dict)
    run(argv + ["--format=custom", "--file", str(target), connection.settings_dict["NAME"]], env)
    return "database.dump"


def load_database(connection, source):
    """Replace the database's contents with the copy at `source`."""
    if engine(connection) == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
        return
    argv, env = pg_command("pg_restore", connection.settings_dict)
    connection.close()  # hold no locks on the tables being replaced
    run(argv + ["--clean", "--if-exists", "--single-transaction", "--exit-on-error",
                "--dbname", connection.settings_dict["NAME"], str(source)], env)


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(output, *, using="default", storage=default_storage):
    """Write a backup to `output` (a new file, complete or absent); return its manifest."""
    connection = connections[using]
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as scratch:
        database = Path(scratch) / "database"
        database_name = dump_database(connection, database)
        names = media_names(storage)
        manifest = {"format": FORMAT, "created": datetime.now(UTC).isoformat(),
                    "engine": engine(connection), "database": database_name,
                    "media_files": len(names)}
        partial = Path(scratch) / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(database, arcname=database_name)
            for name in names:
                with storage.open(name, "rb") as file:
                    info = tarfile.TarInfo(MEDIA_PREFIX + name)
                    info.size = storage.size(name)
                    archive.addfile(info, file)
        os.replace(partial, output)
    return manifest


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError("This is not a Newsroom backup (no readable manifest.json).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')} is not supported here.")
    return manifest


def restore(source, *, using="default", storage=default_storage):
    """Bring back the database and media of the backup at `source`; return its manifest."""
    connection = connections[using]
    try:
        archive = tarfile.open(source, "r")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Cannot read {source}: {exc}") from exc
    with archive, tempfile.TemporaryDirectory(prefix="newsroom-restore-") as scratch:
        manifest = read_manifest(archive)
        if manifest["engine"] != engine(connection):
            raise BackupError(f"This backup is of a {manifest['engine']} database; "
                              f"this site uses {engine(connection)}.")
        archive.extract(manifest["database"], scratch, filter="data")
        load_database(connection, Path(scratch) / manifest["database"])
        for member in archive.getmembers():
            if not (member.isfile() and member.name.startswith(MEDIA_PREFIX)):
                continue
            name = member.name.removeprefix(MEDIA_PREFIX)
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, File(archive.extractfile(member), name=name))
    return manifest
