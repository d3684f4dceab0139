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
