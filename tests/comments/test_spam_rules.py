"""Each anti-spam layer, seen from the reader's side: what is refused, held or spam."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from comments.forms import make_token
from comments.models import Comment, ModerationAction, ModerationWord
from tests.factories import SAME_ORIGIN, comment_form_data, make_article, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db



def test_form_posted_too_fast_is_refused_and_keeps_the_text(client, article, settings):
    settings.COMMENT_MIN_SECONDS = 3
    response = post_comment(client, article, token=make_token(article.pk),
                            comment="Typed by a script")
    html = response.content.decode()
    assert response.status_code == 400
    assert "quicker than anyone can type" in html
    assert "Typed by a script" in html
    assert not Comment.objects.exists()


def test_form_posted_after_the_minimum_time_is_accepted(client, article, settings):
    settings.COMMENT_MIN_SECONDS = 3
    response = post_comment(client, article, token=make_token(article.pk, now=time.time() - 4))
    assert response.status_code == 303
    assert Comment.objects.count() == 1


def test_too_many_posts_from_one_ip_get_429_with_retry_after(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "2/3600"
    for n in range(2):
        response = post_comment(client, article, email=f"r{n}@example.com", comment=f"c{n}")
        assert response.status_code == 303
    response = post_comment(client, article, email="r9@example.com", comment="One too many")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert "You are posting comments too quickly" in html
    assert "One too many" in html  # nothing typed is lost
    assert Comment.objects.count() == 2


def test_too_many_posts_from_one_email_get_429_whatever_the_ip(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "2/3600"
    for n in range(2):
        post_comment(client, article, ip=f"192.0.2.{n}", comment=f"c{n}")
    response = post_comment(client, article, ip="192.0.2.99", comment="From a new address")
    assert response.status_code == 429
    assert Comment.objects.count() == 2


def test_other_readers_are_not_limited_by_someone_elses_flood(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "1/3600"
    post_comment(client, article, ip="203.0.113.1", email="flood@example.com", comment="a")
    assert post_comment(client, article, ip="203.0.113.1", email="flood@example.com",
                comment="b").status_code == 429
    assert post_comment(client, article, ip="203.0.113.2", email="calm@example.com",
                comment="c").status_code == 303


def test_rate_limit_fails_closed_when_the_cache_is_down(client, article, monkeypatch, settings):
    settings.COMMENT_AUTO_APPROVE_KNOWN = True
    make_comment(article=article, author_name="Ada Reader", author_email="ada@example.com")

    def broken(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "add", broken)
    monkeypatch.setattr(cache, "incr", broken)
    response = post_comment(client, article, comment="Posted while the cache is down")
    assert response.status_code == 303
    comment = Comment.objects.get(body="Posted while the cache is down")
    # Held (not auto-approved despite being a known commenter), with the reason.
    assert comment.status == Comment.Status.PENDING
    assert comment.reasons[0]["rule"] == "rate_limit_unavailable"


def test_duplicate_comment_is_refused_with_409(client, article):
    make_comment(article=article, author_email="ADA@example.com", body="Same words",
                 status=Comment.Status.PENDING)
    response = post_comment(client, article, comment="Same words")
    assert response.status_code == 409
    assert "already posted this comment" in response.content.decode()
    assert Comment.objects.count() == 1


def test_same_words_on_another_article_are_not_a_duplicate(client, article):
    make_comment(article=make_article(), author_email="ada@example.com", body="Same words")
    assert post_comment(client, article, comment="Same words").status_code == 303


def test_more_links_than_allowed_are_held_with_the_reason(client, article, settings):
    settings.COMMENT_MAX_LINKS = 2
    post_comment(client, article, comment="see https://a.example http://b.example www.c.example")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.reasons == [{"rule": "too_many_links", "detail": "3 links (more than 2)."}]
    assert comment.reason_codes == "too_many_links"


def test_links_up_to_the_limit_give_no_reason(client, article, settings):
    settings.COMMENT_MAX_LINKS = 2
    post_comment(client, article, comment="see https://a.example and http://b.example")
    assert Comment.objects.get().reasons == []


@pytest.mark.parametrize("field, value", [
    ("name", "Cheap Pills Shop"), ("email", "pills@example.com"),
    ("website", "https://pills.example"), ("comment", "Buy PILLS today"),
])
def test_spam_word_anywhere_marks_spam(client, article, settings, field, value):
    settings.COMMENT_SPAM_WORDS = ["pills"]
    post_comment(client, article, **{field: value})
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.reasons[0]["rule"] == "spam_word"
    assert "pills" in comment.reasons[0]["detail"]


def test_spam_words_match_whole_words_only(client, article, settings):
    settings.COMMENT_SPAM_WORDS = ["ass"]
    post_comment(client, article, comment="A classic assessment of the class.")
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_hold_word_added_by_an_editor_in_the_admin_holds(client, article):
    ModerationWord.objects.create(word="lawsuit", action=ModerationWord.Action.HOLD)
    post_comment(client, article, comment="There will be a Lawsuit about this.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.reasons == [{"rule": "hold_word", "detail": "Words to review: lawsuit"}]


def test_known_commenter_is_auto_approved_when_the_setting_allows(client, article, settings):
    settings.COMMENT_AUTO_APPROVE_KNOWN = True
    make_comment(article=make_article(), author_name="Ada Reader", author_email="ada@example.com")
    post_comment(client, article, comment="Back again")
    comment = Comment.objects.get(body="Back again")
    assert comment.status == Comment.Status.APPROVED
    log = ModerationAction.objects.get(comment=comment)
    assert log.action == "auto_approve" and "Known commenter" in log.note


def test_known_commenter_waits_when_the_setting_is_off(client, article, settings):
    settings.COMMENT_AUTO_APPROVE_KNOWN = False
    make_comment(article=make_article(), author_name="Ada Reader", author_email="ada@example.com")
    post_comment(client, article, comment="Back again")
    assert Comment.objects.get(body="Back again").status == Comment.Status.PENDING


def test_known_commenter_with_a_finding_still_waits(client, article, settings):
    settings.COMMENT_AUTO_APPROVE_KNOWN = True
    settings.COMMENT_MAX_LINKS = 0
    make_comment(article=make_article(), author_name="Ada Reader", author_email="ada@example.com")
    post_comment(client, article, comment="Look https://x.example")
    assert Comment.objects.get(body__startswith="Look").status == Comment.Status.PENDING


def test_same_email_with_another_name_is_not_known(client, article, settings):
    settings.COMMENT_AUTO_APPROVE_KNOWN = True
    make_comment(article=make_article(), author_name="Ada Reader", author_email="ada@example.com")
    post_comment(client, article, name="Someone Else", comment="Impostor")
    assert Comment.objects.get(body="Impostor").status == Comment.Status.PENDING


def test_comments_close_n_days_after_publication(client, settings):
    settings.COMMENT_CLOSE_AFTER_DAYS = 14
    old = make_article(published_at=timezone.now() - timedelta(days=15))
    response = post_comment(client, old)
    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()
    assert "Leave a Reply" not in client.get(old.get_absolute_url()).content.decode()
    fresh = make_article(published_at=timezone.now() - timedelta(days=13))
    assert post_comment(client, fresh).status_code == 303


def test_staff_reply_is_published_with_a_staff_badge(client, article):
    editor = make_user(group="Editors")
    client.force_login(editor)
    post_comment(client, article, name="The Editor", comment="Thanks, corrected.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED and comment.user == editor
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="badge badge--staff">Staff<' in html


def test_the_articles_own_author_gets_an_author_badge(client):
    from tests.factories import make_author

    writer = make_user(group="Writers")
    article = make_article(authors=[make_author(user=writer)])
    make_comment(article=article, user=writer, author_name="The Writer", body="Author here")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="badge badge--author">Author<' in html
    assert "badge--staff" not in html


def test_rate_limit_fails_closed_with_a_real_unreachable_redis(client, article):
    pytest.importorskip("redis")
    from django.test import override_settings

    unreachable = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                               "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    with override_settings(CACHES=unreachable):
        response = post_comment(client, article, comment="Posted while Redis is down")
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert [r["rule"] for r in comment.reasons] == ["rate_limit_unavailable"]


def test_a_double_click_racing_itself_gets_its_own_comment_not_a_409(
    client, article, monkeypatch
):
    from django.test import Client

    from comments import moderation

    data = comment_form_data(article, comment="Clicked twice")
    url = f"{article.get_absolute_url()}comments/"
    real_screen, raced = moderation.screen, []

    def screen_while_the_other_click_lands(submission):
        if not raced:  # the second click's request is stored between this one's checks
            raced.append(None)
            raced[0] = Client().post(url, data, REMOTE_ADDR="198.51.100.7", **SAME_ORIGIN)
        return real_screen(submission)

    monkeypatch.setattr(moderation, "screen", screen_while_the_other_click_lands)
    response = client.post(url, data, REMOTE_ADDR="198.51.100.7")
    assert (response.status_code, raced[0].status_code) == (303, 303)
    assert response["Location"] == raced[0]["Location"]
    assert Comment.objects.filter(body="Clicked twice").count() == 1
