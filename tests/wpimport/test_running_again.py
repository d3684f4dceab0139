"""Importing again updates what changed, duplicates nothing, and leaves editors' work alone."""

import pytest
from django.apps import apps

from articles.models import Article
from comments.models import Comment

from . import wxr

pytestmark = pytest.mark.django_db


def full_export():
    return dict(
        authors=[wxr.author("admin", id=1), wxr.author("jdoe", id=2)],
        categories=[wxr.category("world", id=10), wxr.category("europe", parent="world", id=11)],
        tags=[wxr.tag("elections", id=20)],
        items=[
            wxr.item(1, "One", creator="jdoe", categories=[("category", "europe", "Europe"),
                                                           ("post_tag", "elections", "Elections")],
                     comments=[wxr.comment(1), wxr.comment(2, parent=1), wxr.comment(3, type="pingback")]),
            wxr.item(2, "Two", status="draft"),
            wxr.item(3, "About", post_type="page"),
            wxr.attachment(4, "2020/01/a.jpg", parent=1),
        ],
    )


def snapshot():
    """Every row of every table, as it is now."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "contenttypes", "auth", "admin"):
            continue
        rows[model._meta.label] = sorted(map(repr, model.objects.order_by().values_list()))
    return rows


def test_a_second_run_changes_nothing(run_import):
    run_import(**full_export())
    before = snapshot()
    out = run_import(**full_export())
    assert snapshot() == before
    assert "created" in out and "unchanged since the last import" in out


def test_a_second_run_reports_nothing_created_or_updated(run_import):
    run_import(**full_export())
    out = run_import(**full_export())
    for line in out.splitlines():
        cells = line.split()
        if len(cells) >= 4 and cells[-3:] != ["created", "updated", "skipped"] and cells[-1].isdigit():
            assert cells[-3:-1] == ["0", "0"], line


def test_a_changed_post_is_updated_not_duplicated(run_import):
    run_import(items=[wxr.item(1, "Before")])
    out = run_import(items=[wxr.item(1, "After")])
    assert list(Article.objects.values_list("headline", flat=True)) == ["After"]
    assert "post" in out


def test_a_post_edited_here_is_left_as_the_editor_left_it(run_import):
    run_import(items=[wxr.item(1, "Imported")])
    article = Article.objects.get()
    article.headline = "Edited by the desk"
    article.save()
    out = run_import(items=[wxr.item(1, "Changed on WordPress")])
    assert Article.objects.get().headline == "Edited by the desk"
    assert "edited here since the last import" in out


def test_a_comment_moderated_here_keeps_the_moderators_decision(run_import):
    from django.utils import timezone

    run_import(items=[wxr.item(1, comments=[wxr.comment(1, approved="0")])])
    Comment.objects.update(status="approved", moderated_at=timezone.now())
    run_import(items=[wxr.item(1, comments=[wxr.comment(1, approved="0", content="new")])])
    assert Comment.objects.get().status == "approved"


def test_a_post_deleted_here_is_not_brought_back(run_import):
    run_import(items=[wxr.item(1)])
    Article.objects.all().delete()
    out = run_import(items=[wxr.item(1, "Changed")])
    assert not Article.objects.exists()
    assert "deleted here after an earlier import" in out


def test_a_dry_run_writes_nothing_and_reports_what_it_would_do(run_import):
    out = run_import("--dry-run", **full_export())
    assert not Article.objects.exists() and not Comment.objects.exists()
    assert "Dry run: nothing was written." in out
    assert "post" in out and "comment" in out


def test_new_comments_still_arrive_on_a_post_edited_here(run_import):
    run_import(items=[wxr.item(1, comments=[wxr.comment(1)])])
    article = Article.objects.get()
    article.headline = "Edited by the desk"
    article.save()
    run_import(items=[wxr.item(1, "Changed", comments=[wxr.comment(1), wxr.comment(2, parent=1)])])
    assert Article.objects.get().headline == "Edited by the desk"
    assert article.comments.count() == 2
