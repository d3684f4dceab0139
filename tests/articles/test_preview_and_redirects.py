"""Staff preview of unpublished articles, and old URLs of published ones."""

import pytest
from lxml import html as lxml_html

from newsroom.publishing import Status
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def preview_url(article):
    return f"/preview/articles/{article.pk}/"


def test_editor_previews_a_draft_as_readers_will_see_it_with_a_banner(client, editor):
    draft = make_article(
        status=Status.DRAFT, headline="Not out yet", body="<p>Embargoed words.</p>"
    )
    client.force_login(editor)
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    assert "Preview — not published" in page.xpath("string(//*[@class='preview-banner'])")
    assert page.xpath("string(//h1)") == "Not out yet"
    assert "Embargoed words." in page.xpath("string(//*[@class='article-body'])")


def test_preview_is_never_cached_nor_indexed(client, editor):
    client.force_login(editor)
    response = client.get(preview_url(make_article(status=Status.DRAFT)))
    cache_control = response["Cache-Control"]
    assert (
        "private" in cache_control and "no-store" in cache_control and "max-age=0" in cache_control
    )
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize("who", ["anonymous", "reader account"])
def test_preview_is_a_404_for_anyone_but_staff(client, who):
    draft = make_article(status=Status.DRAFT)
    if who == "reader account":
        client.force_login(make_user(is_staff=False))
    response = client.get(preview_url(draft))
    assert response.status_code == 404
    assert draft.headline not in response.content.decode()


def test_drafts_scheduled_and_in_review_articles_are_404_on_the_public_url(client, editor):
    from datetime import timedelta

    from django.utils import timezone

    for article in [
        make_article(status=Status.DRAFT),
        make_article(status=Status.REVIEW),
        make_article(published_at=timezone.now() + timedelta(hours=1)),
    ]:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_admin_view_on_site_links_drafts_to_their_preview(client, editor):
    draft, live = make_article(status=Status.DRAFT), make_article()
    client.force_login(editor)
    assert (
        f'href="/preview/articles/{draft.pk}/"'
        in client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    )
    change = client.get(f"/admin/articles/article/{live.pk}/change/").content.decode()
    assert f'href="{live.get_absolute_url()}" class="viewsitelink"' in change


def rename(article, slug, user):
    """Change the slug the way every edit does: through the one saving service."""
    from articles import services

    article.slug = slug
    services.article_save(article=article, user=user)


def test_changed_slug_of_a_published_article_301s_from_every_old_url(client, editor):
    article = make_article(slug="first-slug")
    rename(article, "second-slug", editor)
    rename(article, "final-slug", editor)
    for old in ["first-slug", "second-slug"]:
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/final-slug/"
    assert client.get("/articles/final-slug/").status_code == 200


def test_going_back_to_an_old_slug_serves_the_page_not_a_redirect_loop(client, editor):
    article = make_article(slug="one")
    rename(article, "two", editor)
    rename(article, "one", editor)
    assert client.get("/articles/one/").status_code == 200
    assert client.get("/articles/two/")["Location"] == "/articles/one/"


def test_slug_changes_of_drafts_leave_no_redirect(client, editor):
    from articles import services

    draft = make_article(status=Status.DRAFT, slug="draft-one")
    rename(draft, "draft-two", editor)
    services.article_publish(article=draft, user=editor)
    assert client.get("/articles/draft-one/").status_code == 404


def test_old_url_of_an_unpublished_article_is_a_404_not_a_redirect(client, editor):
    from articles import services

    article = make_article(slug="was-live")
    rename(article, "renamed", editor)
    services.article_unpublish(article=article, user=editor)
    assert client.get("/articles/was-live/").status_code == 404


def test_a_slug_changed_in_the_edit_form_keeps_the_old_address(client, editor):
    from .admin_forms import article_form_data, change_url

    article = make_article(slug="before-the-edit")
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article, slug="after-the-edit"))
    assert response.status_code == 302
    client.logout()
    moved = client.get("/articles/before-the-edit/")
    assert (moved.status_code, moved["Location"]) == (301, "/articles/after-the-edit/")
