"""Reply (with and without JavaScript), report, and moderate in a real browser."""

import pytest

from comments.models import Comment
from tests.factories import make_article, make_author, make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long moderator passphrase"


@pytest.fixture
def quick_settings(settings):
    settings.COMMENT_MIN_SECONDS = 0  # a script types faster than the rule allows people to
    settings.COMMENT_RATE_LIMIT = "50/60"
    settings.COMMENT_FLAG_THRESHOLD = 1
    return settings


def make_moderator():
    """A moderator by permissions: transactional tests flush the groups migrations made
    (and, after some, the content types and permissions too)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from comments.models import Comment, ModerationAction

    ContentType.objects.clear_cache()  # a flush leaves this process's cache stale
    wanted = [(Comment, "view"), (Comment, "change"), (ModerationAction, "view")]
    permissions = [
        Permission.objects.get_or_create(
            codename=f"{action}_{model._meta.model_name}",
            content_type=ContentType.objects.get_for_model(model),
            defaults={"name": f"Can {action} {model._meta.verbose_name}"},
        )[0]
        for model, action in wanted
    ]
    user = make_user(username="mod", password=PASSWORD, is_staff=True)
    user.user_permissions.add(*permissions)
    return user


def fill(page, name, email, text):
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("textbox", name="Comment").fill(text)


def test_reply_report_and_moderate(live_server, new_page, screenshot, quick_settings):
    writer = make_user(username="ravi", is_staff=True)
    article = make_article(headline="Harbour plan passes",
                           authors=[make_author(name="Ravi", user=writer)])
    first = make_comment(article=article, author_name="Grace Hopper", body="Who pays for it?")
    make_comment(article=article, user=writer, author_name="Ravi", body="Thanks for reading.")
    make_moderator()
    url = live_server.url + article.get_absolute_url()

    # With JavaScript, Reply moves the form under the comment without a page load.
    reader = new_page()
    reader.goto(url)
    reader.get_by_role("link", name="Reply to Grace Hopper").click()
    assert reader.url == url  # no navigation
    form_home = reader.locator(f"#comment-{first.pk} #respond")
    assert form_home.count() == 1
    assert "Leave a Reply to Grace Hopper" in reader.locator("#reply-title").inner_text()
    assert reader.locator("textarea").evaluate("el => el === document.activeElement")
    fill(reader, "Ada Reader", "ada@example.com", "The harbour fund does.")
    reader.get_by_label("Email me when someone replies").check()
    screenshot(reader, "comment-reply-form-inline")
    reader.get_by_role("button", name="Post Comment").click()
    reader.wait_for_load_state()
    reply = Comment.objects.get(body="The harbour fund does.")
    assert reply.parent_id == first.pk and reply.notify_on_reply
    pending = reader.locator(f"#comment-{first.pk} .comment-children .comment--pending")
    assert "awaiting moderation" in pending.inner_text()

    # Another reader reports the first comment; at the threshold it leaves the page.
    other = new_page()
    other.goto(url)
    other.get_by_role("button", name="Report this comment by Grace Hopper").click()
    assert "Thank you for your report" in other.locator("h1").inner_text()
    assert Comment.objects.get(pk=first.pk).status == Comment.Status.PENDING

    # The moderator sees both in the queue with their reasons, and approves with the keyboard.
    moderator = new_page()
    moderator.goto(live_server.url + "/admin/comments/comment/")
    moderator.get_by_label("Username").fill("mod")
    moderator.get_by_label("Password").fill(PASSWORD)
    moderator.get_by_role("button", name="Log in").click()
    assert "Reported by 1 reader." in moderator.locator("#result_list").inner_text()
    screenshot(moderator, "moderation-queue-with-reasons")
    reply_row = moderator.locator("#result_list tbody tr", has_text="The harbour fund does.")
    assert "Grace Hopper: Who pays for it?" in reply_row.inner_text()  # the parent, in context
    for name in ["Grace Hopper", "Ada Reader"]:
        moderator.get_by_role("checkbox", name=f"Select this object for an action - {name} on") \
            .focus()
        moderator.keyboard.press("Space")
    moderator.select_option("select[name=action]", "approve")
    moderator.get_by_role("button", name="Run").focus()
    moderator.keyboard.press("Enter")
    assert "2 comment(s) approved." in moderator.locator(".messagelist").inner_text()

    stranger = new_page()
    stranger.goto(url)
    thread = stranger.locator(f"#comment-{first.pk}")
    assert "Who pays for it?" in thread.inner_text()
    assert "The harbour fund does." in thread.locator(".comment-children").inner_text()
    author_reply = stranger.locator(".comment", has_text="Thanks for reading.")
    assert author_reply.locator(".badge").inner_text().lower() == "author"
    screenshot(stranger, "comment-thread-approved")


def test_reply_without_javascript_prefills_the_parent(live_server, browser, quick_settings):
    article = make_article()
    first = make_comment(article=article, author_name="Grace Hopper", body="First!")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("link", name="Reply to Grace Hopper").click()
        assert f"replytocom={first.pk}" in page.url
        assert "Leave a Reply to Grace Hopper" in page.locator("#reply-title").inner_text()
        fill(page, "Ada Reader", "ada@example.com", "Replying the old way.")
        page.get_by_role("button", name="Post Comment").click()
        page.wait_for_load_state()
        assert Comment.objects.get(body="Replying the old way.").parent_id == first.pk
    finally:
        context.close()
