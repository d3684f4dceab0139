"""The benchmark's data generator: deterministic, complete, and cheap to read back."""

import pytest

from articles.models import Article, Byline
from authors.models import Author
from bench.generate import generate
from comments.models import Comment

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Article.objects.order_by("id").values_list("id", "slug", "headline", "status")),
        list(Byline.objects.order_by("article_id", "position").values_list("article_id", "author_id")),
        list(Comment.objects.order_by("id").values_list("id", "article_id", "parent_id", "body")),
    )


def test_tiny_scale_fills_every_table_to_size():
    generate("tiny")
    assert Article.objects.count() == 60
    assert Comment.objects.count() == 400
    assert Author.objects.count() == 6
    assert Article.objects.published().count() > 50
    assert Article.objects.filter(bylines__isnull=True).count() == 0
    assert Comment.objects.filter(depth__gte=3).count() == 0
    # Every reply names the top-level comment of its thread, as the site itself records.
    for reply in Comment.objects.filter(parent__isnull=False).select_related("parent"):
        assert reply.thread_id == (reply.parent.thread_id or reply.parent_id)
        assert Comment.objects.get(pk=reply.thread_id).parent_id is None


def test_generated_site_is_searchable_and_counts_its_comments():
    from articles.search import search
    from bench.generate import finish
    from articles.models import CommentCount

    generate("tiny")
    finish()
    ranked, _more = search("election")
    assert len(ranked) > 40  # the generator's words are in nearly every story
    busiest = CommentCount.objects.order_by("-approved").first()
    assert busiest.approved == Comment.objects.approved().filter(article=busiest.article).count()


def test_same_scale_generates_the_same_rows():
    generate("tiny")
    first = snapshot()
    for model in (Comment, Byline, Article):
        model.objects.all().delete()
    Article.tags.through.objects.all().delete()
    from articles.models import Section, Tag

    Tag.objects.all().delete()
    Section.objects.all().delete()
    Author.objects.all().delete()
    generate("tiny")
    assert snapshot() == first


def test_generated_articles_can_be_created_after_it(client):
    """Id sequences are moved past the explicit ids the generator used."""
    generate("tiny")
    from tests.factories import make_article

    article = make_article()
    assert article.pk > 60
    assert client.get(article.get_absolute_url()).status_code == 200
