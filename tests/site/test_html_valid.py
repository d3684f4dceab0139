"""Every public page is valid HTML5 according to the Nu HTML Checker (vnu.jar from npm)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import make_article, make_author, make_comment, make_tag

pytestmark = pytest.mark.django_db

VNU_JAR = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def vnu_messages(files):
    """Run the checker once over all files; return its error messages."""
    java = shutil.which("java")
    assert java, "Java 17+ is needed to run the Nu HTML Checker"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make install` (npm ci)"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stderr or "{}").get("messages", [])


@pytest.fixture
def site(db):
    from demo.content import load_demo

    load_demo(out=lambda *a: None)
    from articles.models import Article

    article = Article.objects.published().first()
    tag = make_tag(name="Harbour", slug="harbour")
    extra = make_article(
        section=article.section,
        tags=[tag],
        authors=[
            make_author(
                name="Ann Lee",
                slug="ann-lee",
                job_title="Editor",
                website="https://ann.example",
                social_links=["https://social.example/@ann"],
            )
        ],
        source_name="Gazette",
        source_url="https://gazette.example/a",
    )
    make_comment(article=extra, author_url="https://reader.example")
    return article, extra


def test_every_public_page_is_valid_html5(client, site, tmp_path, settings):
    article, extra = site
    settings.ARTICLES_PER_PAGE = 1
    year = article.published_at.year
    urls = [
        "/",
        article.get_absolute_url(),
        extra.get_absolute_url(),
        article.section.get_absolute_url(),
        article.section.get_absolute_url() + "?page=2",
        "/tags/harbour/",
        "/authors/ann-lee/",
        article.byline_authors[0].get_absolute_url(),
        "/search/",
        "/search/?q=prisoners",
        "/search/?q=zzzz",
        "/archive/",
        f"/archive/{year}/",
        f"{extra.get_absolute_url()}?replytocom={extra.comments.first().pk}",
        "/no-such-page/",
        "/tags/harbour/",
        "/search/?q=" + "a" * 5000,  # the site's 414 page
    ]
    files = []
    for n, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code in (200, 404, 414), url
        path = tmp_path / f"page{n}.html"
        path.write_bytes(response.content)
        files.append(path)
    from django.test import RequestFactory

    from newsroom.views import server_error

    (tmp_path / "page500.html").write_bytes(server_error(RequestFactory().get("/")).content)
    files.append(tmp_path / "page500.html")
    # A failed comment post (its error summary), and one refused for coming from elsewhere.
    from django.test import Client

    from tests.factories import comment_form_data

    posted = client.post(f"{extra.get_absolute_url()}comments/",
                         comment_form_data(extra, name="", email="nope",
                                           parent=str(extra.comments.first().pk)))
    assert posted.status_code == 400
    refused = Client().post(f"{extra.get_absolute_url()}comments/", comment_form_data(extra))
    assert refused.status_code == 403
    for label, response in (("failed-post", posted), ("refused-post", refused)):
        (tmp_path / f"{label}.html").write_bytes(response.content)
        files.append(tmp_path / f"{label}.html")
    names = {str(path): url for path, url in zip(files, [*urls, "500", "failed-post",
                                                          "refused-post"])}
    errors = [
        f"{names.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:"
        f"{m.get('lastLine')}: {m.get('message')}"
        for m in vnu_messages(files)
    ]
    assert errors == []
