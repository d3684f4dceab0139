"""Static pages: editable, sanitised, in the footer and the sitemap, cached and purged."""

import pytest

from tests.factories import kept_page
from django.utils import timezone

from newsroom.publishing import Status
from pages.models import Page

pytestmark = pytest.mark.django_db


def make_page(**kw):
    kw.setdefault("title", "About us")
    kw.setdefault("slug", "about")
    kw.setdefault("body", "<p>Who we are.</p>")
    kw.setdefault("status", Status.PUBLISHED)
    return Page.objects.create(**kw)


def test_a_published_page_is_served_at_its_address(client):
    page = make_page()
    response = client.get("/pages/about/")
    assert response.status_code == 200
    assert "Who we are." in response.content.decode() and page.get_absolute_url() == "/pages/about/"


def test_a_draft_page_is_not_found(client):
    make_page(status=Status.DRAFT)
    assert client.get("/pages/about/").status_code == 404


def test_the_body_is_sanitised_on_save():
    page = make_page(body='<p onclick="x()">Hi</p><script>alert(1)</script>')
    assert page.body == "<p>Hi</p>"


def test_footer_pages_are_linked_from_every_page_in_their_order(client):
    make_page(title="Privacy", slug="privacy", in_footer=True, footer_position=2)
    make_page(title="About us", slug="about", in_footer=True, footer_position=1)
    make_page(title="Hidden", slug="hidden")
    footer = client.get("/").content.decode().split('class="site-footer"', 1)[1]
    assert footer.index('href="/pages/about/"') < footer.index('href="/pages/privacy/"')
    assert "/pages/hidden/" not in footer


def test_a_sub_page_shows_its_parent_in_breadcrumbs(client):
    parent = make_page()
    make_page(title="Our team", slug="team", parent=parent)
    crumbs = client.get("/pages/team/").content.decode().split('class="breadcrumbs"', 1)[1]
    assert crumbs.index("About us") < crumbs.index("Our team")


def test_published_pages_are_in_the_sitemap(client):
    make_page()
    make_page(title="Draft", slug="draft", status=Status.DRAFT)
    assert "sitemap-pages.xml" in client.get("/sitemap.xml").content.decode()
    listed = client.get("/sitemap-pages.xml").content.decode()
    assert "/pages/about/" in listed and "/pages/draft/" not in listed


def test_the_page_is_publicly_cacheable(client):
    make_page()
    assert "public" in client.get("/pages/about/")["Cache-Control"]


@pytest.mark.django_db(transaction=True)  # purges are sent after commit
def test_editing_a_page_purges_the_cached_copy(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    page = make_page()
    assert "Who we are." in kept_page("/pages/about/").content.decode()
    assert f"page-{page.pk}" in client.get("/pages/about/")["Surrogate-Key"].split()
    page.body = "<p>Who we are now.</p>"
    page.save()
    assert "Who we are now." in client.get("/pages/about/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_footer_page_change_reaches_every_page(client, settings):
    from tests.factories import make_article

    article = make_article()
    page = make_page(in_footer=True)
    kept_page(article.get_absolute_url())
    page.title = "About the newsroom"
    page.save()
    assert "About the newsroom" in client.get(article.get_absolute_url()).content.decode()


def test_editors_may_keep_pages(django_user_model):
    from tests.factories import make_user

    editor = make_user(group="Editors")
    assert editor.has_perms(["pages.add_page", "pages.change_page", "pages.delete_page"])


def test_the_demo_has_four_pages_in_the_footer(client):
    from demo.content import load_demo

    load_demo(out=lambda *a: None)
    footer = client.get("/").content.decode().split('class="site-footer"', 1)[1]
    for slug in ("about", "contact", "privacy", "corrections-policy"):
        assert f'href="/pages/{slug}/"' in footer
        assert client.get(f"/pages/{slug}/").status_code == 200


def test_wordpress_pages_become_static_pages_with_their_parents(run_import):
    from tests.wpimport import wxr

    run_import(items=[
        wxr.item(2, "Team", slug="team", post_type="page", parent=1, content="<p>Us</p>"),
        wxr.item(1, "About", slug="about", post_type="page"),
        wxr.item(3, "Old draft", slug="old", post_type="page", status="draft"),
    ])
    team = Page.objects.get(slug="team")
    assert (team.title, team.body, team.parent.slug) == ("Team", "<p>Us</p>", "about")
    assert Page.objects.get(slug="old").status == Status.DRAFT


def test_pages_are_listed_for_editors_in_the_admin(client, django_user_model):
    make_page(published_at=timezone.now())
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.com", "pw"))
    assert "About us" in client.get("/admin/pages/page/").content.decode()


@pytest.mark.parametrize("pages", [1, 30])
def test_a_page_costs_the_same_queries_however_many_pages_there_are(
    client, django_assert_num_queries, settings, pages
):
    settings.PAGE_CACHE_ENABLED = settings.FRAGMENT_CACHE_ENABLED = False
    parent = make_page()
    for n in range(pages):
        make_page(title=f"Page {n}", slug=f"page-{n}", parent=parent, in_footer=True)
    client.get("/pages/page-0/")
    # The page and its parents for the breadcrumbs (the menus are kept per worker).
    with django_assert_num_queries(2):
        assert client.get("/pages/page-0/").status_code == 200
