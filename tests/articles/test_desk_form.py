"""The article form people work in all day: first drafts, conflicts, kept photos, history."""

import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import Article
from newsroom.publishing import Status
from tests.factories import make_article, make_section

from .admin_forms import article_form_data, change_url
from .test_images import photo_bytes, upload

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/article/add/"


def first_draft(section, **overrides):
    """What a writer's browser posts with only the story filled in: no byline row."""
    data = article_form_data(section=section, **overrides)
    for key in [k for k in data if k.startswith("bylines-0-")]:
        del data[key]
    data["bylines-TOTAL_FORMS"] = "0"
    return data


def version_in(response):
    return lxml_html.fromstring(response.content).xpath("string(//input[@name='version']/@value)")


def test_writers_first_draft_saves_with_their_byline_added(client, writer):
    client.force_login(writer)
    response = client.post(ADD, first_draft(make_section()))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert [b.author.user for b in article.bylines.all()] == [writer]


def test_add_form_prefills_the_users_own_byline(client, writer):
    client.force_login(writer)
    page = lxml_html.fromstring(client.get(ADD).content)
    chosen = page.xpath("string(//select[@name='bylines-0-author']/option[@selected]/@value)")
    assert chosen == str(writer.author.pk)


def test_every_error_is_listed_at_the_top_with_a_link_to_its_field(client, writer):
    client.force_login(writer)
    response = client.post(ADD, first_draft(make_section(), headline=""))
    summary = lxml_html.fromstring(response.content).xpath("//*[contains(@class,'error-summary')]")
    assert summary, "no error summary at the top of the form"
    links = summary[0].xpath(".//a/@href")
    assert "#id_headline" in links


def test_a_chosen_photo_is_kept_across_a_validation_error(client, editor, run_tasks):
    article = make_article()
    client.force_login(editor)
    data = article_form_data(article, headline="")  # the mistake: no headline
    data["featured_image"] = upload(photo_bytes())
    data.update(featured_image_alt="Boats", featured_image_caption="Harbour",
                featured_image_credit="Jane Doe")
    refused = client.post(change_url(article), data)
    assert refused.status_code == 200
    token = lxml_html.fromstring(refused.content).xpath(
        "string(//input[@name='kept_image']/@value)")
    assert token and "is kept" in refused.content.decode()

    data = article_form_data(article, kept_image=token, featured_image_alt="Boats",
                             featured_image_caption="Harbour", featured_image_credit="Jane Doe")
    assert client.post(change_url(article), data).status_code == 302
    run_tasks()  # the sizes are rendered by the worker
    article.refresh_from_db()
    assert article.featured_image and article.featured_image_renditions["fallback"]


def test_a_kept_photo_is_discarded_on_request(client, editor):
    article = make_article()
    client.force_login(editor)
    data = article_form_data(article, headline="")
    data["featured_image"] = upload(photo_bytes())
    data.update(featured_image_alt="Boats", featured_image_caption="Harbour",
                featured_image_credit="Jane Doe")
    token = lxml_html.fromstring(client.post(change_url(article), data).content).xpath(
        "string(//input[@name='kept_image']/@value)")
    from articles.admin_forms import kept_path

    kept = kept_path(token, editor)
    assert default_storage.exists(kept)
    data = article_form_data(article, kept_image=token, kept_image_discard="1")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert not article.featured_image
    assert not default_storage.exists(kept)


def test_someone_elses_kept_photo_token_is_ignored(client, editor, writer):
    from articles.admin_forms import kept_token

    stored = default_storage.save("kept-uploads/x/photo.jpg", upload(photo_bytes()))
    article = make_article(status=Status.DRAFT, authors=[writer.author])
    client.force_login(writer)
    data = article_form_data(article, kept_image=kept_token(stored, editor))
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert not article.featured_image


def test_a_save_over_someone_elses_newer_save_is_refused_and_keeps_my_text(client, editor):
    article = make_article(headline="Original headline")
    client.force_login(editor)
    opened = version_in(client.get(change_url(article)))
    # Meanwhile a colleague saves.
    other = Article.objects.get(pk=article.pk)
    other.headline = "Their headline"
    other.save()

    mine = article_form_data(article, headline="My headline", version=opened)
    response = client.post(change_url(article), mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "since you opened it" in page
    assert 'value="My headline"' in page  # my text is still in the form
    assert "Their headline" in page  # shown side by side
    article.refresh_from_db()
    assert article.headline == "Their headline"


def test_saving_again_after_a_conflict_replaces_their_version_deliberately(client, editor):
    article = make_article(headline="Original headline")
    client.force_login(editor)
    opened = version_in(client.get(change_url(article)))
    Article.objects.filter(pk=article.pk).update(saved_at=timezone.now() + timedelta(seconds=5))
    refused = client.post(change_url(article), article_form_data(article, headline="Mine",
                                                                 version=opened))
    again = article_form_data(article, headline="Mine", version=version_in(refused))
    assert client.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Mine"


def test_a_save_from_the_version_i_opened_goes_through(client, editor):
    article = make_article()
    client.force_login(editor)
    opened = version_in(client.get(change_url(article)))
    data = article_form_data(article, headline="Fresh", version=opened)
    assert client.post(change_url(article), data).status_code == 302


def test_editing_the_slug_does_not_record_a_new_publish_time(client, editor):
    article = make_article(published_at=timezone.now().replace(microsecond=123456)
                           - timedelta(hours=2))
    client.force_login(editor)
    data = article_form_data(article, slug="a-new-slug")
    assert client.post(change_url(article), data).status_code == 302
    newest, previous = article.history.order_by("-history_date")[:2]
    changed = {change.field for change in newest.diff_against(previous).changes}
    assert changed == {"slug"}


def test_writer_sees_their_article_in_review_as_formatted_text(client, writer):
    article = make_article(status=Status.REVIEW, authors=[writer.author],
                           body="<p>The <strong>council</strong> voted.</p>")
    client.force_login(writer)
    page = client.get(change_url(article)).content.decode()
    assert "<strong>council</strong>" in page
    assert "&lt;strong&gt;" not in page


def test_body_editor_keeps_spellcheck_on(client, writer):
    client.force_login(writer)
    page = client.get(ADD).content.decode()
    config = re.search(r'data-django-prose-editor-configurable="([^"]*)"', page).group(1)
    assert "NoSpellCheck" not in config


def test_kept_photos_nobody_came_back_for_are_purged_after_a_day(editor):
    from articles.admin_forms import purge_kept_images

    path = default_storage.save("kept-uploads/abc/photo.jpg", upload(photo_bytes()))
    assert purge_kept_images(now=timezone.now()) == 0  # still within the day
    assert purge_kept_images(now=timezone.now() + timedelta(days=2)) == 1
    assert not default_storage.exists(path)
