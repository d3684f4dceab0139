"""An imported WordPress site is as accessible as the demo: axe-core on its pages."""

import pytest

from tests.browser.test_reader_path import check, open_page  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_imported_article_section_and_page_are_accessible(live_server, open_page, screenshot, tmp_path):
    from articles.models import Article
    from tests.wpimport.site import import_newsroom

    import_newsroom(tmp_path, posts=4)
    article = Article.objects.published().filter(comments__isnull=False).first()
    page = open_page((1280, 900))
    for name, url in (("article", article.get_absolute_url()), ("section", "/section/nordics/"),
                      ("page", "/pages/team/")):
        page.goto(live_server.url + url)
        check(page, screenshot, f"imported-{name}")
