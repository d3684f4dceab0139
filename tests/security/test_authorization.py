"""Nobody reaches what their role does not allow: readers, moderators, writers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from articles.models import Article
from comments.models import Comment
from newsroom.publishing import Status
from tests.factories import make_article, make_author, make_comment, make_user

from .crawl import public_pages

pytestmark = pytest.mark.django_db


def unpublished_articles():
    return {
        "draft": make_article(status=Status.DRAFT, headline="Secret draft headline"),
        "review": make_article(status=Status.REVIEW, headline="Secret review headline"),
        "archived": make_article(status=Status.ARCHIVED, headline="Secret archived headline",
                                 published_at=timezone.now() - timedelta(days=3)),
        "scheduled": make_article(status=Status.PUBLISHED, headline="Secret scheduled headline",
                                  published_at=timezone.now() + timedelta(days=1)),
    }


def test_anonymous_readers_cannot_open_or_find_unpublished_articles(client):
    published = make_article(headline="Public story")
    hidden = unpublished_articles()
    for article in hidden.values():
        # Share the published story's section, tag page and author so listings include them.
        article.section = published.section
        article.save()
        article.bylines.update(author=published.byline_authors[0])
    for state, article in hidden.items():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404, state
        assert client.post(f"{article.get_absolute_url()}comments/", {}).status_code == 404
    pages = public_pages(client)
    assert published.get_absolute_url() in pages
    for path, response in pages.items():
        assert b"Secret" not in response.content, path


def test_a_draft_and_a_missing_article_give_the_same_404(client):
    draft = make_article(status=Status.DRAFT, slug="real-draft")
    found = client.get(draft.get_absolute_url())
    missing = client.get("/articles/no-such-story/")
    assert found.status_code == missing.status_code == 404
    # The pages differ only by the path they name (the canonical link).
    assert found.content.replace(b"real-draft", b"PATH") == \
        missing.content.replace(b"no-such-story", b"PATH")


def test_anonymous_visitors_are_sent_to_login_from_every_admin_page(client):
    article = make_article(status=Status.DRAFT)
    comment = make_comment(article=article)
    urls = ["/admin/", "/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/",
            "/admin/articles/article/add/", "/admin/comments/comment/",
            f"/admin/comments/comment/{comment.pk}/change/", "/admin/auth/user/",
            "/admin/authors/author/", "/admin/articles/section/", "/admin/articles/tag/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
        assert b"Secret" not in response.content


def test_moderators_reach_comments_but_not_articles_authors_or_users(client):
    article = make_article()
    make_comment(article=article)
    client.force_login(make_user(group="Moderators", password=None))
    assert client.get("/admin/comments/comment/").status_code == 200
    forbidden = ["/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/",
                 "/admin/articles/article/add/", "/admin/authors/author/", "/admin/auth/user/",
                 "/admin/auth/group/", "/admin/articles/section/add/"]
    for url in forbidden:
        assert client.get(url).status_code == 403, url
    response = client.post(f"/admin/articles/article/{article.pk}/change/", {"headline": "Mod"})
    assert response.status_code == 403
    assert Article.objects.get().headline == article.headline


def test_writers_cannot_reach_users_delete_articles_or_edit_sections(client):
    article = make_article()
    client.force_login(make_user(group="Writers", password=None))
    for url in ["/admin/auth/user/", "/admin/auth/group/", "/admin/comments/comment/",
                f"/admin/articles/article/{article.pk}/delete/"]:
        assert client.get(url).status_code == 403, url
    section = article.section
    response = client.post(f"/admin/articles/section/{section.pk}/change/",
                           {"name": "Taken over", "slug": section.slug, "position": 0})
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.name != "Taken over"


def test_a_writer_cannot_open_another_writers_article_in_the_admin(client):
    writer = make_user(group="Writers", password=None)
    other = make_article(status=Status.DRAFT, authors=[make_author()], headline="Not yours")
    client.force_login(writer)
    response = client.get(f"/admin/articles/article/{other.pk}/change/", follow=True)
    # The admin answers as if the article did not exist: no form, no headline.
    assert "Not yours" not in response.content.decode()
    assert 'name="headline"' not in response.content.decode()


@pytest.mark.parametrize("action", ["publish_selected", "feature_selected"])
def test_a_writer_cannot_publish_or_feature_through_a_bulk_action(client, action):
    writer = make_user(group="Writers", password=None)
    own = make_article(status=Status.DRAFT, authors=[make_author(user=writer)])
    client.force_login(writer)
    # Straight to the confirmed step, as a crafted POST would.
    client.post("/admin/articles/article/",
                {"action": action, "_selected_action": [own.pk], "post": "yes"})
    own.refresh_from_db()
    assert own.status == Status.DRAFT
    assert not own.featured


def test_unpublished_articles_images_are_not_served_to_readers(client, settings):
    path = settings.MEDIA_ROOT / "articles/2026/01/embargoed.png"
    path.parent.mkdir(parents=True)
    Image.new("RGB", (2, 2)).save(path)
    draft = make_article(status=Status.DRAFT)
    draft.featured_image.name = "articles/2026/01/embargoed.png"
    draft.save()
    url = draft.featured_image.url
    assert client.get(url).status_code == 404
    client.force_login(make_user(group="Editors", password=None))
    assert client.get(url).status_code == 200  # staff preparing the article still see it
    client.logout()
    draft.status = Status.PUBLISHED
    draft.save()
    assert client.get(url).status_code == 200


def test_commenter_emails_and_addresses_never_reach_a_public_page(client):
    article = make_article()
    make_comment(article=article, author_email="approved.secret@example.com",
                 ip_address="203.0.113.77")
    make_comment(article=article, author_email="pending.secret@example.com",
                 status=Comment.Status.PENDING, ip_address="203.0.113.78")
    pages = public_pages(client)
    assert article.get_absolute_url() in pages
    for path, response in pages.items():
        body = response.content
        assert b"secret@example.com" not in body and b"203.0.113.7" not in body, path
    # Error pages too.
    for response in (client.get("/nope/"), client.get(f"{article.get_absolute_url()}?page=x")):
        assert b"secret@example.com" not in response.content
