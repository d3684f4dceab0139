"""Addresses editors enter are web pages (or mailto: for profiles), never script (issue 17)."""

import pytest
from django.core.exceptions import ValidationError
from lxml import html as lxml_html

from authors.models import Author
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

SCRIPT_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
               "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
               "ftp://files.example/x"]


def author(**kw):
    return Author(name="Ravi Patel", slug="ravi-patel", **kw)


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_an_author_social_link_that_is_not_a_web_address_is_refused(url):
    with pytest.raises(ValidationError) as refused:
        author(social_links=["https://ok.example/@ravi", url]).full_clean()
    assert "social_links" in refused.value.message_dict


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_an_author_website_that_is_not_a_web_address_is_refused(url):
    with pytest.raises(ValidationError) as refused:
        author(website=url).full_clean()
    assert "website" in refused.value.message_dict


def test_profile_links_may_be_web_addresses_or_mailto():
    author(social_links=["https://social.example/@ravi", "mailto:ravi@newsroom.example"]
           ).full_clean()


def test_social_links_must_be_a_list_of_addresses():
    with pytest.raises(ValidationError):
        author(social_links={"x": "https://ok.example"}).full_clean()


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_an_original_source_that_is_not_a_web_address_is_refused(url):
    article = make_article()
    article.source_url = url
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "source_url" in refused.value.message_dict


def test_a_script_link_stored_before_validation_is_never_rendered(client):
    """Rows saved before validation existed (or by a raw update) still render no script."""
    writer = make_author(slug="ravi")
    Author.objects.filter(pk=writer.pk).update(
        website="javascript:alert(1)",
        social_links=["javascript:alert(2)", "https://social.example/@ravi", 7])
    article = make_article(authors=[writer], source_name="Gazette")
    type(article).objects.filter(pk=article.pk).update(source_url="javascript:alert(3)")
    for url in (writer.get_absolute_url(), article.get_absolute_url()):
        page = client.get(url).content.decode()
        hrefs = [a.get("href") for a in lxml_html.fromstring(page).iter("a")]
        assert not [h for h in hrefs if h and not h.startswith(("/", "#", "?", "http", "mailto:"))]
        assert "javascript:" not in page
    profile = lxml_html.fromstring(client.get(writer.get_absolute_url()).content.decode())
    assert "https://social.example/@ravi" in [a.get("href") for a in profile.iter("a")]
