"""Readers report comments; enough reports send an approved comment back to the queue."""

import pytest
from django.test import Client

from comments.models import Comment, CommentFlag, ModerationAction
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def report(comment, ip="198.51.100.1", **headers):
    headers = {"Sec-Fetch-Site": "same-origin", **headers}
    return Client().post(f"/comments/{comment.pk}/report/", REMOTE_ADDR=ip, headers=headers)


def test_every_approved_comment_has_a_report_button_without_javascript(client):
    comment = make_comment()
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert f'action="/comments/{comment.pk}/report/"' in html
    assert "Report<span class=\"visually-hidden\"> this comment" in html


def test_a_report_is_recorded_and_thanked(settings):
    settings.COMMENT_FLAG_THRESHOLD = 3
    comment = make_comment()
    response = report(comment)
    assert response.status_code == 200
    assert "Thank you for your report" in response.content.decode()
    assert CommentFlag.objects.filter(comment=comment).count() == 1
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_reports_from_the_threshold_number_of_readers_unpublish(settings):
    settings.COMMENT_FLAG_THRESHOLD = 2
    comment = make_comment(body="Rude words")
    report(comment, ip="198.51.100.1")
    report(comment, ip="198.51.100.2")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.reasons[-1] == {"rule": "reported", "detail": "Reported by 2 readers."}
    assert ModerationAction.objects.get(comment=comment).action == "reported"
    assert "Rude words" not in Client().get(comment.article.get_absolute_url()).content.decode()


def test_the_same_reader_reporting_twice_counts_once(settings):
    settings.COMMENT_FLAG_THRESHOLD = 2
    comment = make_comment()
    report(comment)
    report(comment)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.flags.count() == 1


def test_reports_are_rate_limited_with_429(settings):
    settings.COMMENT_FLAG_RATE_LIMIT = "2/3600"
    comments = [make_comment() for _ in range(3)]
    assert [report(c).status_code for c in comments] == [200, 200, 429]
    assert CommentFlag.objects.count() == 2


def test_pending_or_unknown_comments_cannot_be_reported():
    pending = make_comment(status=Comment.Status.PENDING)
    assert report(pending).status_code == 404
    assert report(type("Missing", (), {"pk": 999999})()).status_code == 404


def test_cross_site_reports_are_refused():
    comment = make_comment()
    assert report(comment, Origin="https://evil.example").status_code == 403
    assert not CommentFlag.objects.exists()


def test_a_comment_on_an_unpublished_article_cannot_be_reported():
    from newsroom.publishing import Status

    comment = make_comment(article=make_article(status=Status.DRAFT))
    assert report(comment).status_code == 404
