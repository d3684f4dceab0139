"""An SQLite file deleted or replaced while the site serves it (issue 17, point 17).

Real SQLite files, opened through the project's backend exactly as the site opens them.
"""

import shutil

import pytest
from django.db import OperationalError, connections

from newsroom.sqlite.base import DatabaseWrapper


@pytest.fixture
def open_database(tmp_path, django_db_blocker):
    """A connection to a fresh database file with one table, as a worker would hold it."""
    opened = []
    django_db_blocker.unblock()  # these are files of their own, not the test database

    def open_(path=tmp_path / "site.sqlite3"):
        settings = connections.configure_settings(
            {"default": {"ENGINE": "newsroom.sqlite", "NAME": str(path), "CONN_MAX_AGE": 60,
                         "CONN_HEALTH_CHECKS": True}})["default"]
        wrapper = DatabaseWrapper(settings, alias=f"file-{len(opened)}")
        opened.append(wrapper)
        return wrapper

    yield open_
    for wrapper in opened:
        wrapper.close()
    DatabaseWrapper._seen_files.clear()
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
    with pytest.raises(OperationalError, match="disappeared"):
        db.ensure_connection()
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


def test_a_new_database_file_is_still_created_where_none_was_seen(open_database, tmp_path):
    db = open_database(tmp_path / "fresh.sqlite3")
    make_table(db, "first")  # `migrate` on a fresh clone creates the file
    assert bodies(db) == ["first"]


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
