"""The article page's anatomy: the contract from the seed article."""

import pytest
from lxml import html as lxml_html

from tests.factories import make_article, make_author, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db):
    from demo.content import load_demo

    load_demo(out=lambda *a: None)
    from articles.models import Article

    return Article.objects.get(slug="venezuela-releases-over-130-political-prisoners")


def text_of(response):
    return " ".join(lxml_html.fromstring(response.content).text_content().split())


def test_seed_article_reads_in_the_order_of_the_seed_page(client, seed):
    response = client.get(seed.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    parts = [
        "Venezuela Releases Over 130 Political Prisoners After Election Crackdown",
        "Venezuela has released over 130 political prisoners as part of a plan",
        "In a recent development from Venezuela",
        "In conclusion, the recent release",
        "Original Source: www.nytimes.com",
        "About Ravi Patel",
        "Ravi Patel is a dedicated journalist who has spent nearly fifteen years",
        "View all posts by Ravi Patel →",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]
    positions = [text.find(part) for part in parts]
    assert -1 not in positions, [p for p, i in zip(parts, positions) if i == -1]
    assert positions == sorted(positions)


def test_comment_form_has_the_seed_fields(client, seed):
    doc = lxml_html.fromstring(client.get(seed.get_absolute_url()).content)
    form = doc.xpath("//form[contains(@class, 'comment-form')]")[0]
    labels = {" ".join(label.text_content().split()) for label in form.xpath(".//label")}
    assert {"Name *", "Email *", "Website", "Comment *"} <= labels


def test_view_all_posts_links_to_the_author_archive(client, seed):
    doc = lxml_html.fromstring(client.get(seed.get_absolute_url()).content)
    link = doc.xpath("//a[contains(., 'View all posts by Ravi Patel')]")[0]
    archive = client.get(link.get("href"))
    assert archive.status_code == 200
    assert seed.headline in archive.content.decode()


def test_byline_lists_every_author_in_order_with_publish_date(client):
    first, second = make_author(name="Ana First"), make_author(name="Ben Second")
    article = make_article(authors=[first, second])
    doc = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    byline = doc.xpath("//header//p[@class='byline']")[0]
    assert [a.text for a in byline.xpath(".//a")] == ["Ana First", "Ben Second"]
    assert byline.xpath(".//time/@datetime")[0].startswith(str(article.published_at.year))
    about = [h.text for h in doc.xpath("//aside[@class='author-box']/h2")]
    assert about == ["About Ana First", "About Ben Second"]


def test_section_and_tags_are_linked(client):
    tag = make_tag(name="Elections")
    article = make_article(tags=[tag])
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{article.section.get_absolute_url()}"' in html
    assert f'href="{tag.get_absolute_url()}"' in html


def test_body_is_sanitised_whatever_was_saved(client):
    article = make_article(
        body='<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(1)">l</a></p>'
             '<iframe src="https://evil.example"></iframe><style>p{}</style>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    # The page may load its own scripts; what was saved in the body may not.
    body = html.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    for bad in ["<script", "onclick", "javascript:", "<iframe", "<style>p"]:
        assert bad not in body
    assert "<p>Hi" in body


def test_public_pages_are_publicly_cacheable_without_per_user_data(client):
    article = make_article()
    for url in ["/", article.get_absolute_url(), article.section.get_absolute_url(),
                article.byline_authors[0].get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1.5"])
def test_pagination_survives_bad_page_numbers(client, page):
    article = make_article()
    for url in [article.section.get_absolute_url(), article.byline_authors[0].get_absolute_url()]:
        assert client.get(url, {"page": page}).status_code == 200


def test_demo_loads_once_and_records_generated_logins(settings):
    from articles.models import Article
    from comments.models import Comment
    from django.contrib.auth import get_user_model
    from demo.content import load_demo

    load_demo(out=lambda *a: None)
    counts = (Article.objects.count(), Comment.objects.count(), get_user_model().objects.count())
    load_demo(out=lambda *a: None)
    assert (Article.objects.count(), Comment.objects.count(),
            get_user_model().objects.count()) == counts
    assert counts[0] >= 13
    lines = settings.DEMO_CREDENTIALS_FILE.read_text().split("\n")
    logins = dict(line.split() for line in lines if line)
    assert set(logins) == {"admin", "editor", "writer", "moderator"}
    assert get_user_model().objects.get(username="moderator").check_password(logins["moderator"])
    assert oct(settings.DEMO_CREDENTIALS_FILE.stat().st_mode & 0o777) == "0o600"
