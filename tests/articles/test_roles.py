"""The role rules, each tested by trying to break it."""

import pytest

from articles.models import Article, AuditEntry
from newsroom.publishing import Status
from tests.factories import make_article, make_section, make_tag, make_user

from .admin_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db


def own_draft(user, **kw):
    kw.setdefault("status", Status.DRAFT)
    return make_article(authors=[user.author], **kw)


def test_writer_sees_only_their_own_articles_in_the_list(client, writer, other_writer):
    mine, theirs = own_draft(writer, headline="Mine"), own_draft(other_writer, headline="Theirs")
    client.force_login(writer)
    html = client.get("/admin/articles/article/").content.decode()
    assert mine.headline in html and theirs.headline not in html


def test_writer_cannot_open_or_post_to_another_writers_article(client, writer, other_writer):
    theirs = own_draft(other_writer, headline="Theirs")
    client.force_login(writer)
    assert client.get(change_url(theirs)).status_code in (302, 403, 404)
    response = client.post(change_url(theirs), article_form_data(theirs, headline="Hijacked"))
    assert response.status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.headline == "Theirs"


@pytest.mark.parametrize("suffix", ["history/", "history/compare/?a=1&b=2", "delete/"])
def test_writer_cannot_reach_another_writers_article_by_other_admin_urls(
    client, writer, other_writer, suffix
):
    theirs = own_draft(other_writer)
    theirs.save()  # a second revision, so there is something to compare
    client.force_login(writer)
    response = client.get(f"/admin/articles/article/{theirs.pk}/{suffix}")
    assert response.status_code in (302, 403, 404)
    assert theirs.headline.encode() not in response.content


def test_writer_cannot_view_or_restore_a_revision_of_another_writers_article(
    client, writer, other_writer
):
    theirs = own_draft(other_writer, headline="Original")
    theirs.headline = "Second"
    theirs.save()
    first = theirs.history.earliest()
    client.force_login(writer)
    url = f"/admin/articles/article/{theirs.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 403
    assert client.post(url, article_form_data(theirs, headline="Original")).status_code in (
        403,
        404,
    )
    theirs.refresh_from_db()
    assert theirs.headline == "Second"


def test_writer_cannot_preview_another_writers_draft(client, writer, other_writer):
    theirs = own_draft(other_writer)
    client.force_login(writer)
    assert client.get(f"/preview/articles/{theirs.pk}/").status_code == 404


def test_writer_can_edit_their_own_draft(client, writer):
    mine = own_draft(writer)
    client.force_login(writer)
    response = client.post(change_url(mine), article_form_data(mine, headline="Better headline"))
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.headline == "Better headline"


def test_writer_cannot_publish_by_posting_the_status(client, writer):
    mine = own_draft(writer)
    client.force_login(writer)
    response = client.post(change_url(mine), article_form_data(mine, status=Status.PUBLISHED))
    assert response.status_code == 200  # the form is shown again with the error
    assert "Select a valid choice" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.DRAFT


def test_writer_cannot_set_publish_time_or_featured(client, writer):
    mine = own_draft(writer)
    client.force_login(writer)
    client.post(
        change_url(mine),
        article_form_data(
            mine, featured="on", published_at_0="2020-01-01", published_at_1="10:00:00"
        ),
    )
    mine.refresh_from_db()
    assert mine.featured is False and mine.published_at is None


def test_writer_submits_for_review_and_then_cannot_change_it(client, writer):
    mine = own_draft(writer)
    client.force_login(writer)
    client.post(change_url(mine), article_form_data(mine, status=Status.REVIEW))
    mine.refresh_from_db()
    assert mine.status == Status.REVIEW
    assert AuditEntry.objects.filter(article=mine, action="submit", actor=writer).exists()
    response = client.post(
        change_url(mine), article_form_data(mine, headline="Sneaky", status=Status.DRAFT)
    )
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.headline != "Sneaky" and mine.status == Status.REVIEW


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected", "feature_selected"])
def test_writer_cannot_run_editor_actions_by_crafted_post(client, writer, action):
    mine = own_draft(writer)
    client.force_login(writer)
    client.post(
        "/admin/articles/article/",
        {
            "action": action,
            "_selected_action": [mine.pk],
            "post": "yes",
            "index": "0",
        },
    )
    mine.refresh_from_db()
    assert mine.status == Status.DRAFT and mine.featured is False


def test_writer_cannot_delete_even_their_own_draft(client, writer):
    mine = own_draft(writer)
    client.force_login(writer)
    assert (
        client.post(f"/admin/articles/article/{mine.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Article.objects.filter(pk=mine.pk).exists()


def test_writers_new_article_is_a_draft_carrying_their_byline(client, writer):
    section = make_section()
    client.force_login(writer)
    response = client.post(
        "/admin/articles/article/add/", article_form_data(section=section, author=writer.author)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="harbour-plan-approved")
    assert article.status == Status.DRAFT
    assert list(article.byline_authors) == [writer.author]


def test_writer_may_search_tags_but_autocomplete_reveals_no_articles(client, writer, other_writer):
    make_tag(name="Harbour")
    client.force_login(writer)
    tags = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "tags",
            "term": "Harb",
        },
    )
    assert tags.status_code == 200 and "Harbour" in tags.content.decode()
    own_draft(other_writer, headline="Secret draft")
    own_draft(writer, headline="Secret plan of mine")
    # Any foreign key to articles can drive the autocomplete view; it must still only
    # search what this writer may see.
    articles = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "comments",
            "model_name": "comment",
            "field_name": "article",
            "term": "Secret",
        },
    )
    found = [r["text"] for r in articles.json()["results"]] if articles.status_code == 200 else []
    assert "Secret draft" not in found
    assert found in ([], ["Secret plan of mine"])


def test_moderator_sees_comments_and_nothing_else(client, moderator):
    article = make_article()
    client.force_login(moderator)
    assert client.get("/admin/comments/comment/").status_code == 200
    for url in [
        "/admin/articles/article/",
        change_url(article),
        "/admin/authors/author/",
        "/admin/articles/auditentry/",
        f"/preview/articles/{article.pk}/",
    ]:
        assert client.get(url).status_code in (403, 404), url


def test_editor_changes_any_article_and_publishes(client, editor, other_writer):
    theirs = own_draft(other_writer)
    client.force_login(editor)
    response = client.post(change_url(theirs), article_form_data(theirs, status=Status.PUBLISHED))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.is_published
    assert AuditEntry.objects.filter(article=theirs, action="publish", actor=editor).exists()


@pytest.mark.parametrize("group", ["Editors", "Writers", "Moderators"])
def test_no_role_can_grant_itself_more(client, group):
    user = make_user(group=group)
    client.force_login(user)
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "is_superuser": "on",
            "is_staff": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "Mine"}).status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser
    assert user.groups.count() == 1


def test_editor_manages_sections_tags_and_authors(client, editor):
    client.force_login(editor)
    posts = {
        "/admin/articles/section/add/": {"name": "Climate", "slug": "climate", "position": "0"},
        "/admin/articles/tag/add/": {"name": "Floods", "slug": "floods"},
        "/admin/authors/author/add/": {
            "name": "New Hire", "slug": "new-hire", "social_links": "[]", "bio": "",
        },
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 302, url


@pytest.mark.parametrize(
    "url", ["/admin/articles/section/add/", "/admin/authors/author/add/"]
)
def test_writer_cannot_add_sections_or_authors(client, writer, url):
    client.force_login(writer)
    data = {"name": "Mine", "slug": "mine", "social_links": "[]"}
    assert client.post(url, data).status_code == 403


def test_writer_cannot_republish_by_restoring_a_published_revision(client, writer, editor):
    from articles import services

    article = own_draft(writer)
    services.article_publish(article=article, user=editor)
    services.article_unpublish(article=article, user=editor)  # back to the writer as a draft
    published = article.history.filter(status=Status.PUBLISHED).earliest()
    client.force_login(writer)
    url = f"/admin/articles/article/{article.pk}/history/{published.history_id}/"
    response = client.post(url, article_form_data(article, status=Status.PUBLISHED))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT
