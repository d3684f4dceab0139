"""What issue 17 found readers, commenters and attackers could do to the comment form."""

import pytest
from lxml import html as lxml_html

from comments.forms import HONEYPOT
from comments.models import Comment, ModerationWord
from comments.threads import reply_parent
from tests.factories import comment_form_data, make_author, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db

# The autofill field names browsers know (HTML's autocomplete tokens, and the words
# their heuristics look for in a field's name).
AUTOFILL_WORDS = ["name", "nick", "email", "mail", "url", "tel", "phone", "address", "user",
                  "company", "organization", "street", "city", "zip", "postal", "country"]


def form_of(response):
    return lxml_html.fromstring(response.content.decode()).cssselect("form.comment-form")[0]


def test_honeypot_has_a_name_no_autofill_recognises(client, article):
    assert not any(word in HONEYPOT.lower() for word in AUTOFILL_WORDS)
    field = form_of(client.get(article.get_absolute_url())).cssselect(f'[name="{HONEYPOT}"]')[0]
    assert field.get("autocomplete") == "off"


def test_honeypot_is_out_of_the_tab_order_and_the_accessibility_tree(client, article):
    form = form_of(client.get(article.get_absolute_url()))
    field = form.cssselect(f'[name="{HONEYPOT}"]')[0]
    assert field.get("tabindex") == "-1"
    assert any(a.get("aria-hidden") == "true" for a in field.iterancestors())


def test_email_help_text_the_field_points_at_is_shown(client, article):
    form = form_of(client.get(article.get_absolute_url()))
    email = form.cssselect("#id_email")[0]
    for ref in email.get("aria-describedby").split():
        assert form.cssselect(f"#{ref}"), ref
    assert form.cssselect("#id_email_helptext")[0].text_content() == "Never published."


def test_every_aria_reference_of_a_failed_form_points_at_something(client, article):
    form = form_of(post_comment(client, article, name="", email="nope"))
    for field in form.cssselect("[aria-describedby]"):
        for ref in field.get("aria-describedby").split():
            assert form.cssselect(f"#{ref}"), ref


@pytest.mark.parametrize("name", ["Ada\u200b Reader", "\u202eAda Reader", "Ada\u2066 Reader\u2069",
                                  "\ufeffAda\u200d Reader\u200e"])
def test_zero_width_and_bidi_characters_are_stripped_from_names(client, article, name):
    assert post_comment(client, article, name=name).status_code == 303
    assert Comment.objects.get().author_name == "Ada Reader"


def test_a_name_of_nothing_but_invisible_characters_is_refused(client, article):
    response = post_comment(client, article, name="\u200b\u202e")
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("name", ["Elena Marsh", "elena  marsh", "ＥＬＥＮＡ Marsh", "Elena\u200b Marsh"])
def test_a_reader_cannot_post_under_a_journalists_name(client, article, name):
    make_author(name="Elena Marsh")
    response = post_comment(client, article, name=name)
    assert response.status_code == 400
    assert "belongs to one of our journalists" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_journalist_logged_in_posts_under_their_own_name(client, article):
    user = make_user(is_staff=True)
    make_author(name="Elena Marsh", user=user)
    client.force_login(user)
    assert post_comment(client, article, name="Elena Marsh").status_code == 303
    assert Comment.objects.get().user == user


def test_other_staff_cannot_post_under_a_journalists_name(client, article):
    make_author(name="Elena Marsh", user=make_user(is_staff=True))
    client.force_login(make_user(is_staff=True))
    assert post_comment(client, article, name="Elena Marsh").status_code == 400


def test_reply_parent_keeps_a_reply_within_the_depth_limit(article):
    top = make_comment(article=article)
    second = make_comment(article=article, parent=top)
    third = make_comment(article=article, parent=second)
    assert reply_parent(top, max_depth=3) == top
    assert reply_parent(second, max_depth=3) == second
    assert reply_parent(third, max_depth=3) == second
    assert reply_parent(third, max_depth=2) == top


def test_reply_parent_takes_the_importers_own_parent_lookup():
    class Node:
        def __init__(self, depth, parent=None):
            self.depth, self.parent_node = depth, parent

    root = Node(0)
    deep = Node(3, Node(2, Node(1, root)))
    assert reply_parent(deep, max_depth=2, parent_of=lambda n: n.parent_node) is root


def test_a_failed_reply_to_a_deepest_comment_still_says_whom_it_answers(client, article, settings):
    settings.COMMENT_MAX_DEPTH = 2
    top = make_comment(article=article)
    deepest = make_comment(article=article, parent=top, author_name="Grace Hopper")
    response = post_comment(client, article, parent=str(deepest.pk), comment="")
    assert response.status_code == 400
    assert "Leave a Reply to Grace Hopper" in " ".join(
        lxml_html.fromstring(response.content.decode()).cssselect("#reply-title")[0]
        .text_content().split())


@pytest.mark.parametrize("entry, ip, held", [
    ("203.0.113.0/24", "203.0.113.77", True),
    ("203.0.113.0/24", "198.51.100.7", False),
    ("2001:db8::/32", "2001:db8::1", True),
    ("198.51.100.7", "198.51.100.7", True),
])
def test_a_hold_entry_matches_an_ip_address_or_network(client, article, entry, ip, held):
    ModerationWord.objects.create(word=entry, action="hold", match="ip")
    post_comment(client, article, ip=ip)
    reasons = Comment.objects.get().reason_codes
    assert ("hold_word" in reasons) is held


def test_a_spam_entry_matches_part_of_the_user_agent(client, article):
    ModerationWord.objects.create(word="python-requests", action="spam", match="user_agent")
    client.post(f"{article.get_absolute_url()}comments/",
                comment_form_data(article),
                HTTP_USER_AGENT="python-requests/2.32", HTTP_SEC_FETCH_SITE="same-origin")
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_a_substring_entry_matches_inside_words_and_a_word_entry_does_not(client, article):
    ModerationWord.objects.create(word="casino", action="hold", match="substring")
    ModerationWord.objects.create(word="loan", action="hold")
    post_comment(client, article, comment="Megacasinos and loans everywhere.")
    detail = Comment.objects.get().reasons[0]["detail"]
    assert "substring:casino" in detail and "loan" not in detail.replace("substring:casino", "")


def test_settings_lists_take_ip_and_user_agent_entries(client, article, settings):
    settings.COMMENT_HOLD_WORDS = ["ip:198.51.100.0/24", "ua:HeadlessBot"]
    post_comment(client, article)
    assert "ip:198.51.100.0/24" in Comment.objects.get().reasons[0]["detail"]


def test_an_ip_entry_that_is_no_address_is_refused_in_the_admin():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        ModerationWord(word="not-an-address", action="hold", match="ip").full_clean()


def test_the_commenters_own_pending_view_is_noindex(client, article):
    response = post_comment(client, article)
    page = client.get(response["Location"])
    assert "awaiting moderation" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"


def test_the_article_page_for_everyone_else_has_no_noindex(client, article):
    make_comment(article=article)
    assert "X-Robots-Tag" not in client.get(article.get_absolute_url())


def test_a_comment_post_answers_303_see_other(client, article):
    assert post_comment(client, article).status_code == 303


def test_a_failed_post_returns_to_the_forms_anchor(client, article):
    assert form_of(client.get(article.get_absolute_url())).get("action").endswith(
        "/comments/#error-summary")


def test_a_failed_post_says_error_in_the_title(client, article):
    response = post_comment(client, article, email="not-an-email")
    title = lxml_html.fromstring(response.content.decode()).findtext(".//title")
    assert title.startswith("Error: ")


def test_a_failed_post_summarises_its_errors_with_links_to_the_fields(client, article):
    response = post_comment(client, article, name="", email="not-an-email")
    summary = form_of(response).cssselect("#error-summary")[0]
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1"
    targets = [a.get("href") for a in summary.cssselect("a")]
    assert targets == ["#id_name", "#id_email"]


def test_a_comment_at_the_deepest_level_can_still_be_replied_to(client, article, settings):
    settings.COMMENT_MAX_DEPTH = 2
    top = make_comment(article=article)
    deepest = make_comment(article=article, parent=top, author_name="Grace Hopper")
    page = lxml_html.fromstring(client.get(article.get_absolute_url()).content.decode())
    assert page.cssselect(f"#comment-{deepest.pk} > article .reply-link")
