"""Shareable preview links: anyone with the link sees the article as readers will,
until it expires or is revoked; nothing about it is cached or indexed."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html

from newsroom.publishing import Status
from previews.models import PreviewLink
from previews.services import preview_link_create, preview_link_revoke
from tests.factories import make_article, png_bytes

pytestmark = pytest.mark.django_db


def shared(article, editor, **kw):
    return preview_link_create(article=article, user=editor, **kw).get_absolute_url()


def test_a_logged_out_reader_with_the_link_sees_the_draft_with_a_banner(editor):
    draft = make_article(status=Status.DRAFT, headline="Not out yet",
                         body="<p>Embargoed words.</p>")
    response = Client().get(shared(draft, editor))
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    assert page.xpath("string(//h1)") == "Not out yet"
    assert "Embargoed words." in page.xpath("string(//*[@class='article-body'])")
    banner = page.xpath("string(//*[@class='preview-banner'])")
    assert "Preview — not published yet" in banner and "works until" in banner
    assert not page.xpath("//*[@class='preview-banner']//a[contains(@href, '/admin/')]")


def test_the_preview_is_private_uncached_and_not_indexed(editor, settings):
    settings.PAGE_CACHE_ENABLED = True
    url = shared(make_article(status=Status.DRAFT), editor)
    for _ in range(3):
        response = Client().get(url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"  # never kept, so never replayed
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "Surrogate-Key" not in response
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"
    page = lxml_html.fromstring(response.content)
    assert "noindex" in page.xpath("string(//meta[@name='robots']/@content)")


def test_a_revoked_link_is_refused_with_a_page_saying_so(editor):
    draft = make_article(status=Status.DRAFT, headline="Pulled story")
    link = preview_link_create(article=draft, user=editor)
    preview_link_revoke(link=link, user=editor)
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 410
    body = response.content.decode()
    assert "withdrawn" in body and "Pulled story" not in body
    assert "no-store" in response["Cache-Control"]


def test_an_expired_link_is_refused(editor):
    link = preview_link_create(article=make_article(status=Status.DRAFT), user=editor, hours=1)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_links_last_a_day_by_default(editor):
    link = preview_link_create(article=make_article(status=Status.DRAFT), user=editor)
    assert abs(link.expires_at - (timezone.now() + timedelta(hours=24))) < timedelta(minutes=1)


@pytest.mark.parametrize("mangle", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature altered
    lambda token: "9" + token,  # another row's id under this signature
    lambda token: "nonsense",
])
def test_an_altered_or_made_up_token_is_a_404(editor, mangle):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = make_article(status=Status.DRAFT, headline="Secret plans")
    link = preview_link_create(article=draft, user=editor)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(f"/preview/{mangle(link.token)}/")
    assert response.status_code == 404
    # Refused on its signature: the links table is never asked (no guessing by timing).
    assert not [q for q in queries if "previews_previewlink" in q["sql"]]
    assert "Secret plans" not in response.content.decode()


def test_only_editors_make_preview_links(writer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        preview_link_create(article=make_article(status=Status.DRAFT), user=writer)


def test_the_drafts_photo_is_shown_through_the_link_and_only_through_it(editor, run_tasks):
    draft = make_article(
        status=Status.DRAFT,
        featured_image=SimpleUploadedFile("plan.png", png_bytes(800, 400), "image/png"),
        featured_image_alt="The plan", featured_image_caption="Plan", featured_image_credit="Us")
    run_tasks()  # the renditions, as the worker makes them
    url = shared(draft, editor)
    page = lxml_html.fromstring(Client().get(url).content)
    src = page.xpath("string(//figure[@class='featured-image']//img/@src)")
    assert src.startswith(url + "media/renditions/")
    assert Client().get(src).status_code == 200
    reader_src = src.replace(url, "/")
    assert Client().get(reader_src).status_code == 404  # still embargoed for readers
    draft.refresh_from_db()
    other = make_article(status=Status.DRAFT)
    # Another article's link does not open this one's files.
    assert Client().get(shared(other, editor) + "media/" + draft.featured_image.name
                        ).status_code == 404


def test_an_editor_shares_a_preview_from_the_admin_and_revokes_it(client, editor):
    draft = make_article(status=Status.DRAFT, headline="Admin shared")
    client.force_login(editor)
    change = client.get(f"/admin/articles/article/{draft.pk}/change/")
    assert f"/admin/previews/previewlink/add/?article={draft.pk}" in change.content.decode()
    response = client.post("/admin/previews/previewlink/add/",
                           {"article": draft.pk, "note": "Legal", "hours": 2, "_continue": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    link = PreviewLink.objects.get(article=draft)
    assert link.created_by == editor and link.note == "Legal"
    assert timedelta(hours=1, minutes=59) < link.expires_at - timezone.now() <= timedelta(hours=2)
    page = client.get(f"/admin/previews/previewlink/{link.pk}/change/").content.decode()
    assert link.get_absolute_url() in page
    assert Client().get(link.get_absolute_url()).status_code == 200
    client.post(f"/admin/previews/previewlink/{link.pk}/change/",
                {"note": "Legal", "revoke": "on"})
    link.refresh_from_db()
    assert link.revoked_by == editor
    assert Client().get(link.get_absolute_url()).status_code == 410


# The link; the article with its section and comment counts; its tags, bylines with
# authors, corrections; the related stories and their bylines (no comment threads on a
# draft; the menus are kept per worker).
PREVIEW_PAGE_QUERIES = 6


@pytest.mark.parametrize("size", [1, 15])
def test_the_preview_page_costs_a_fixed_number_of_queries(editor, size,
                                                          django_assert_num_queries):
    from tests.factories import make_author, make_tag

    draft = make_article(status=Status.DRAFT, authors=[make_author() for _ in range(size)],
                         tags=[make_tag() for _ in range(size)])
    url = shared(draft, editor)
    Client().get(url)
    with django_assert_num_queries(PREVIEW_PAGE_QUERIES):
        assert Client().get(url).status_code == 200
