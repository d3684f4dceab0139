"""An SQLite file deleted or replaced while the site serves it (issue 17, point 17).

Real SQLite files, opened through the project's backend exactly as the site opens them.
"""

import os
import shutil
import subprocess
import sys

import pytest
from django.db import OperationalError, connections

from newsroom.sqlite.base import DatabaseWrapper


@pytest.fixture
def open_database(tmp_path, django_db_blocker):
    """A connection to a database file, as a worker would hold it; the file is made
    first, as `migrate` makes it, unless `migrated=False`."""
    opened = []
    django_db_blocker.unblock()  # these are files of their own, not the test database

    def open_(path=tmp_path / "site.sqlite3", migrated=True):
        settings = connections.configure_settings(
            {"default": {"ENGINE": "newsroom.sqlite", "NAME": str(path), "CONN_MAX_AGE": 60,
                         "CONN_HEALTH_CHECKS": True}})["default"]
        if migrated and not path.exists():
            with DatabaseWrapper.creating_files():
                DatabaseWrapper(settings, alias="migrate").ensure_connection()
        wrapper = DatabaseWrapper(settings, alias=f"file-{len(opened)}")
        opened.append(wrapper)
        return wrapper

    yield open_
    for wrapper in opened:
        wrapper.close()
    django_db_blocker.restore()


def make_table(db, *rows):
    with db.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS comment (body TEXT)")
        for row in rows:
            cursor.execute("INSERT INTO comment VALUES (%s)", [row])


def bodies(db):
    with db.cursor() as cursor:
        cursor.execute("SELECT body FROM comment ORDER BY body")
        return [row[0] for row in cursor.fetchall()]


def test_a_connection_whose_file_was_deleted_is_not_usable(open_database, tmp_path):
    db = open_database()
    make_table(db, "kept")
    assert db.is_usable()
    (tmp_path / "site.sqlite3").unlink()
    assert not db.is_usable()


def test_a_deleted_database_file_is_not_recreated_empty(open_database, tmp_path):
    db = open_database()
    make_table(db, "kept")
    db.close()
    (tmp_path / "site.sqlite3").unlink()
    with pytest.raises(OperationalError, match="does not exist"):
        db.ensure_connection()
    assert not (tmp_path / "site.sqlite3").exists()


def test_a_worker_started_after_the_file_was_deleted_does_not_recreate_it(
        open_database, tmp_path):
    make_table(open_database(), "kept")
    (tmp_path / "site.sqlite3").unlink()
    fresh_worker = open_database(migrated=False)  # a new process: it never saw the file
    with pytest.raises(OperationalError, match="does not exist"):
        fresh_worker.ensure_connection()
    assert not (tmp_path / "site.sqlite3").exists()


def test_a_replaced_database_file_is_reconnected_to_on_reuse(open_database, tmp_path):
    db = open_database()
    make_table(db, "before")
    shutil.copy(tmp_path / "site.sqlite3", tmp_path / "backup.sqlite3")
    make_table(db, "after the backup")
    (tmp_path / "backup.sqlite3").replace(tmp_path / "site.sqlite3")  # a restore
    db.health_check_done = False  # a new request: Django checks a kept connection once
    db.close_if_health_check_failed()
    assert bodies(db) == ["before"]


def test_a_commit_into_a_deleted_file_is_refused(open_database, tmp_path):
    db = open_database()
    make_table(db)
    db.set_autocommit(False)
    make_table(db, "lost")
    (tmp_path / "site.sqlite3").unlink()
    with pytest.raises(OperationalError, match="not stored"):
        db.commit()
    db.rollback()
    db.set_autocommit(True)


def test_only_migrate_creates_a_missing_database_file(open_database, tmp_path):
    path = tmp_path / "fresh.sqlite3"
    with pytest.raises(OperationalError, match="migrate"):
        open_database(path, migrated=False).ensure_connection()
    assert not path.exists()
    db = open_database(path)  # `migrate` on a fresh clone creates the file
    make_table(db, "first")
    assert bodies(db) == ["first"]


def test_manage_py_migrate_creates_the_database_and_other_commands_do_not(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}
    shell = subprocess.run([sys.executable, "manage.py", "showmigrations", "authors"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert shell.returncode != 0 and "does not exist" in shell.stderr
    assert not (tmp_path / "site.sqlite3").exists()
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                             env=env, capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    assert (tmp_path / "site.sqlite3").stat().st_size > 0


@pytest.mark.django_db
def test_healthz_fails_on_a_database_without_the_sites_tables(client, monkeypatch):
    from django.db import connection

    def empty_table(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations")

    empty_table()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"]
