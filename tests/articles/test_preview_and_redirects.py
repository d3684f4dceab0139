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


def test_changed_slug_of_a_published_article_301s_from_every_old_url(client):
    article = make_article(slug="first-slug")
    article.slug = "second-slug"
    article.save()
    article.slug = "final-slug"
    article.save()
    for old in ["first-slug", "second-slug"]:
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/final-slug/"
    assert client.get("/articles/final-slug/").status_code == 200


def test_going_back_to_an_old_slug_serves_the_page_not_a_redirect_loop(client):
    article = make_article(slug="one")
    article.slug = "two"
    article.save()
    article.slug = "one"
    article.save()
    assert client.get("/articles/one/").status_code == 200
    assert client.get("/articles/two/")["Location"] == "/articles/one/"


def test_slug_changes_of_drafts_leave_no_redirect(client):
    draft = make_article(status=Status.DRAFT, slug="draft-one")
    draft.slug = "draft-two"
    draft.save()
    draft.status = Status.PUBLISHED
    draft.save()
    assert client.get("/articles/draft-one/").status_code == 404


def test_old_url_of_an_unpublished_article_is_a_404_not_a_redirect(client, editor):
    from articles import services

    article = make_article(slug="was-live")
    article.slug = "renamed"
    article.save()
    services.article_unpublish(article=article, user=editor)
    assert client.get("/articles/was-live/").status_code == 404
