"""A story's conversation is read a page of threads at a time, however long it grows."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html

from comments.models import Comment
from tests.factories import make_comment, post_comment

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.COMMENT_THREADS_PER_PAGE = PER_PAGE


def make_threads(article, count):
    """`count` top-level comments, oldest first, each with one reply and one reply to that."""
    start = timezone.now() - timedelta(days=1)
    roots = []
    for n in range(count):
        root = make_comment(article=article, body=f"Thread {n}",
                            created_at=start + timedelta(minutes=n))
        reply = make_comment(article=article, parent=root, body=f"Reply in thread {n}",
                             created_at=start + timedelta(minutes=n, seconds=30))
        make_comment(article=article, parent=reply, body=f"Deep reply in thread {n}",
                     created_at=start + timedelta(hours=5))
        roots.append(root)
    return roots


def page(client, article, number=None):
    params = {} if number is None else {"cpage": number}
    response = client.get(article.get_absolute_url(), params)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def threads_on(doc):
    return [li.xpath("string(.//div[@class='comment-body'])").strip()
            for li in doc.xpath("//ol[@class='comment-list']/li")]


def test_first_page_shows_the_oldest_threads_with_all_their_replies(client, article):
    make_threads(article, 7)
    doc = page(client, article)
    assert threads_on(doc) == ["Thread 0", "Thread 1", "Thread 2"]
    text = doc.text_content()
    assert "Deep reply in thread 2" in text  # a late reply stays with its thread
    assert "Thread 3" not in text
    assert "21 comments" in doc.xpath("string(//h2[@id='comments-heading'])")


def test_later_pages_continue_the_conversation(client, article):
    make_threads(article, 7)
    assert threads_on(page(client, article, 2)) == ["Thread 3", "Thread 4", "Thread 5"]
    last = page(client, article, 3)
    assert threads_on(last) == ["Thread 6"]
    assert "Comments page 3 of 3" in last.text_content()


def test_page_links_lead_back_and_forth(client, article):
    make_threads(article, 7)
    doc = page(client, article, 2)
    assert doc.xpath("//nav[@aria-label='Comment pages']//a[@rel='next']/@href") == [
        "?cpage=3#comments"]
    assert doc.xpath("//nav[@aria-label='Comment pages']//a[@rel='prev']/@href") == [
        f"{article.get_absolute_url()}#comments"]


def test_a_short_conversation_has_no_page_links(client, article):
    make_threads(article, PER_PAGE)
    assert not page(client, article).xpath("//nav[contains(@class, 'comment-pages')]")


@pytest.mark.parametrize(("asked", "shown"), [("abc", "Thread 0"), ("", "Thread 0"),
                                              ("2.5", "Thread 0"), ("²", "Thread 0"),
                                              ("999999", "Thread 6")])
def test_an_unreadable_page_number_shows_the_first_or_last_page(client, article, asked, shown):
    make_threads(article, 7)
    assert threads_on(page(client, article, asked))[0] == shown


def test_reply_links_stay_on_the_page_they_are_on(client, article):
    roots = make_threads(article, 7)
    doc = page(client, article, 2)
    link = doc.xpath(f"//li[@id='comment-{roots[3].pk}']//a[@class='reply-link']/@href")[0]
    assert link == f"?cpage=2&replytocom={roots[3].pk}#respond"
    form = page(client, article, 2).xpath("//form[@class='comment-form']")[0]
    assert form.xpath("string(.//input[@name='parent']/@value)") == ""
    replying = lxml_html.fromstring(client.get(link.split("#")[0] and article.get_absolute_url()
                                               + link.split("#")[0]).content)
    assert replying.xpath("string(//input[@name='parent']/@value)") == str(roots[3].pk)


def test_a_new_comment_takes_its_author_to_the_page_that_shows_it(client, article):
    make_threads(article, 7)
    response = post_comment(client, article, comment="Late to the conversation")
    comment = Comment.objects.get(body="Late to the conversation")
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=3#comment-{comment.pk}"
    doc = lxml_html.fromstring(client.get(response["Location"].split("#")[0]).content)
    assert threads_on(doc)[-1] == "Late to the conversation"
    assert doc.xpath(f"//li[@id='comment-{comment.pk}']//p[@class='awaiting-moderation']")
    # Nobody else counts the pending comment: their last page still holds one thread.
    assert threads_on(page(Client(), article, 3)) == ["Thread 6"]


def test_a_reply_takes_its_author_to_its_thread(client, article):
    roots = make_threads(article, 7)
    response = post_comment(client, article, parent=str(roots[4].pk), comment="Answering four")
    reply = Comment.objects.get(body="Answering four")
    assert reply.thread_id == roots[4].pk
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{reply.pk}"


def test_a_comments_link_in_mail_and_admin_points_at_its_page(article):
    roots = make_threads(article, 7)
    deep = Comment.objects.get(body="Deep reply in thread 6")
    assert deep.thread_id == roots[6].pk
    assert deep.get_absolute_url() == f"{article.get_absolute_url()}?cpage=3#comment-{deep.pk}"
    assert roots[0].get_absolute_url() == f"{article.get_absolute_url()}#comment-{roots[0].pk}"


@pytest.mark.parametrize("asked", ["²", "abc", "-1", "99999999999999999999"])
def test_an_unreadable_reply_target_shows_the_plain_form(client, article, asked):
    make_threads(article, 1)
    response = client.get(article.get_absolute_url(), {"replytocom": asked})
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    assert doc.xpath("string(//form[@class='comment-form']//input[@name='parent']/@value)") == ""
    assert doc.xpath("string(//h2[@id='reply-title'])").startswith("Leave a Reply Cancel")
