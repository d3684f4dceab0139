"""Stored XSS: whatever a reader or editor types into any field, no page runs it.

Each payload goes into each field through the path real input takes (the comment
form for readers; the model, as the admin saves it, for editors), then every page
that shows the field — readers' pages and the admin — is parsed like a browser
would and searched for injected elements, event handlers and script URLs.
"""

from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from comments.models import Comment
from tests.factories import comment_form_data, make_article, make_author, make_tag, make_user

from .html_checks import injected, text_of

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute-break": '"><img src=x onerror=alert(1)>',
    "single-quote-break": "'><svg onload=alert(1)>",
    "newline-attribute": "x\"\nonmouseover=alert(1) a=\"",
    "autofocus": '" autofocus onfocus="alert(1)',
    "svg": "<svg/onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript-mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "javascript-link": '<a href="javascript:alert(1)">click</a>',
    "data-link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "entity-javascript": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "iframe": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "unclosed": "<img src=1 onerror=alert(1)//",
    "template": "{{ request }}{% debug %}",
}
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    'https://ok.example/"onmouseover="alert(1)',
]

ARTICLE_TEXT_FIELDS = [
    "headline", "standfirst", "source_name", "seo_title", "seo_description",
    "featured_image_alt", "featured_image_caption", "featured_image_credit",
]
AUTHOR_TEXT_FIELDS = ["name", "bio", "job_title", "photo_alt"]


@pytest.fixture
def staff_client(client):
    # No password: hashing one costs more than the test itself.
    client.force_login(make_user(is_staff=True, is_superuser=True, password=None))
    return client


def assert_clean(client, *urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        problems = injected(response.content.decode())
        assert not problems, f"{url}: {problems}"


def stored_image(name):
    """Put a real small image in MEDIA_ROOT (templates read its size) and return its name."""
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 3), "white").save(path)
    return name


def with_image(article):
    article.featured_image.name = stored_image("articles/2026/01/photo.png")
    article.save()
    return article


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_article_text_fields_are_escaped_everywhere(client, staff_client, payload):
    article = with_image(make_article(**{field: payload for field in ARTICLE_TEXT_FIELDS}))
    assert_clean(client, "/", article.get_absolute_url(), article.section.get_absolute_url())
    # Where a field is shown as text, readers see the payload as the characters typed.
    page = text_of(client.get(article.get_absolute_url()).content.decode())
    assert page.count(payload.strip()) >= 3  # headline, standfirst, caption, source
    assert_clean(staff_client, "/admin/articles/article/",
                 f"/admin/articles/article/{article.pk}/change/")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_article_body_is_sanitised_on_save_and_safe_when_shown(client, staff_client, payload):
    article = make_article(body=f"<p>Before</p>{payload}<p>After</p>")
    assert not injected(f"<html><body>{article.body}</body></html>")
    assert_clean(client, article.get_absolute_url(), "/")
    assert_clean(staff_client, f"/admin/articles/article/{article.pk}/change/")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_author_fields_are_escaped_on_the_article_and_author_pages(client, staff_client, payload):
    author = make_author(**{field: payload for field in AUTHOR_TEXT_FIELDS})
    author.photo.name = stored_image("authors/2026/photo.png")
    author.save()
    article = make_article(authors=[author])
    assert_clean(client, article.get_absolute_url(), author.get_absolute_url(), "/")
    assert payload.strip() in text_of(client.get(author.get_absolute_url()).content.decode())
    assert_clean(staff_client, "/admin/authors/author/", f"/admin/authors/author/{author.pk}/change/")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_tag_and_section_names_and_descriptions_are_escaped(client, staff_client, payload):
    tag = make_tag(name=f"tag {payload}"[:80], description=payload)  # names are 80 at most
    article = make_article(tags=[tag])
    section = article.section
    section.name, section.description = f"section {payload}"[:80], payload
    section.save()
    assert_clean(client, "/", article.get_absolute_url(), section.get_absolute_url(),
                 tag.get_absolute_url())
    assert_clean(staff_client, "/admin/articles/tag/", "/admin/articles/section/",
                 f"/admin/articles/article/{article.pk}/change/")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_comment_name_and_body_from_a_reader_are_escaped_for_readers_and_moderators(
    client, staff_client, payload
):
    article = make_article()
    single_line = payload.replace("\n", " ")
    response = client.post(f"{article.get_absolute_url()}comments/",
                           comment_form_data(article, name=single_line[:80], comment=payload))
    assert response.status_code == 303
    comment = Comment.objects.get()
    # The poster sees it pending, moderators see it in the queue, then everyone sees it.
    assert_clean(client, article.get_absolute_url())
    assert_clean(staff_client, "/admin/comments/comment/",
                 f"/admin/comments/comment/{comment.pk}/change/")
    Comment.objects.update(status=Comment.Status.APPROVED)
    client.cookies.clear()
    assert_clean(client, article.get_absolute_url())
    page = text_of(client.get(article.get_absolute_url()).content.decode())
    assert payload.split("\n")[0].strip() in page


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_comment_website_refuses_script_urls(client, url):
    article = make_article()
    response = client.post(f"{article.get_absolute_url()}comments/",
                           comment_form_data(article, website=url))
    if response.status_code == 303:  # accepted only as a harmless https link
        assert Comment.objects.get().author_url.startswith("https://")
        Comment.objects.update(status=Comment.Status.APPROVED)
        client.cookies.clear()
        assert_clean(client, article.get_absolute_url())
    else:
        assert response.status_code == 400
        assert "Enter a valid URL." in response.content.decode()
        assert not Comment.objects.exists()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_editor_url_fields_refuse_script_urls_in_the_admin(staff_client, url):
    author = make_author(name="Ravi Patel", slug="ravi-patel")
    response = staff_client.post(
        f"/admin/authors/author/{author.pk}/change/",
        {"name": "Ravi Patel", "slug": "ravi-patel", "website": url, "social_links": "[]"},
    )
    author.refresh_from_db()
    if response.status_code == 302:
        assert author.website.startswith("https://")
    else:
        assert response.status_code == 200
        assert "Enter a valid URL." in response.content.decode()
        assert author.website == ""
