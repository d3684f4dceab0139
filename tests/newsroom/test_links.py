"""Slug addresses built without resolving the URLconf each time (newsroom/links.py) are
the ones reverse() gives, for every script prefix and every slug a reader may meet."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from newsroom.links import slug_url

SLUGS = ["harbour-strike", "café-ouvert", "日本語-記事", "under_score-2", "a"]
NAMES = [("articles:detail", True), ("articles:section", True), ("articles:tag", True),
         ("pages:detail", True), ("authors:detail", False)]


@pytest.mark.parametrize(("name", "unicode"), NAMES)
@pytest.mark.parametrize("prefix", ["/", "/news/"])
def test_a_slug_address_is_the_one_reverse_gives(name, unicode, prefix):
    set_script_prefix(prefix)
    try:
        for slug in SLUGS:
            try:
                expected = reverse(name, kwargs={"slug": slug})
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    slug_url(name, slug, unicode=unicode)
            else:
                assert slug_url(name, slug, unicode=unicode) == expected
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("slug", ["", "a/b", "../x", "with space"])
def test_a_slug_the_pattern_refuses_is_refused(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("articles:detail", slug)


def test_a_changed_urlconf_is_followed(settings):
    assert slug_url("articles:detail", "x") == "/articles/x/"
    settings.ROOT_URLCONF = "tests.newsroom.prefixed_urls"
    assert slug_url("articles:detail", "x") == reverse("articles:detail", kwargs={"slug": "x"})
    assert slug_url("articles:detail", "x").startswith("/v2/")


# {% url %} is newsroom/templatetags/links.py's, remembering what reverse() gave.

def url_tag(source, **context):
    from django.template import engines

    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("prefix", ["/", "/news/"])
def test_the_url_tag_gives_what_reverse_gives_under_every_prefix(prefix):
    set_script_prefix(prefix)
    try:
        for _ in range(2):  # worked out, then remembered
            assert url_tag("{% url 'home' %}") == reverse("home")
            assert url_tag("{% url 'comments:post' slug=s %}", s="café") == \
                reverse("comments:post", kwargs={"slug": "café"})
            assert url_tag("{% url 'articles:archive-day' 2026 12 3 %}") == \
                reverse("articles:archive-day", args=[2026, 12, 3])
    finally:
        set_script_prefix("/")


def test_the_url_tag_escapes_and_assigns_as_django_s_does():
    assert url_tag("{% url 'search' as where %}[{{ where }}]") == f"[{reverse('search')}]"
    assert url_tag("{% url 'no-such-page' as where %}[{{ where }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        url_tag("{% url 'no-such-page' %}")
    with pytest.raises(NoReverseMatch):  # refused again: a failure is never remembered
        url_tag("{% url 'no-such-page' %}")


def test_true_is_not_remembered_as_one():
    from newsroom.links import linked

    with pytest.raises(NoReverseMatch):
        linked("comments:report", kwargs={"pk": True})
    assert linked("comments:report", kwargs={"pk": 1}) == \
        reverse("comments:report", kwargs={"pk": 1})


def test_the_url_tag_follows_a_changed_urlconf(settings):
    assert url_tag("{% url 'home' %}") == "/"
    settings.ROOT_URLCONF = "tests.newsroom.prefixed_urls"
    assert url_tag("{% url 'home' %}") == "/v2/"


def test_the_admin_s_links_name_its_own_site(admin_client):
    """The admin's {% url %} resolves with the admin site as the current app."""
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:logout").encode() in response.content
