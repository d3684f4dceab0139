"""The article page's comments, rendered by a tag so `articles` never imports `comments`."""

import zlib
from collections import defaultdict

from django import template
from django.conf import settings

from newsroom.sanitize import plain_text_to_html

from ..forms import CommentForm
from ..models import Comment
from ..moderation import comments_are_open
from ..views import own_comment_ids

register = template.Library()


def build_thread(comments):
    """Nest comments under their parents, keeping posting order (no extra queries)."""
    children = defaultdict(list)
    present = {c.pk for c in comments}
    for comment in comments:
        # A reply whose parent is not shown is not shown either.
        parent_id = comment.parent_id if comment.parent_id in present else None
        if comment.parent_id and parent_id is None:
            continue
        children[parent_id].append(comment)
    for comment in comments:
        comment.thread_replies = children.get(comment.pk, [])
    return children.get(None, [])


@register.inclusion_tag("comments/comments.html", takes_context=True)
def comments_for(context, article):
    request = context["request"]
    own_ids = own_comment_ids(request)
    comments = list(Comment.objects.visible_to(article, own_ids=own_ids).select_related("user"))
    # Staff who write the article get an "Author" badge on their replies.
    author_users = {a.user_id for a in article.byline_authors if a.user_id}
    for comment in comments:
        comment.badge = (
            "Author" if comment.user_id and comment.user_id in author_users
            else "Staff" if comment.user_id and comment.user.is_staff else ""
        )
    approved = sum(1 for c in comments if c.status == Comment.Status.APPROVED)
    form = context.get("comment_form") or CommentForm(article=article)
    reply_to = None
    if not form.is_bound and request.GET.get("replytocom", "").isdigit():
        reply_to = next((c for c in comments if c.pk == int(request.GET["replytocom"])
                         and c.status == Comment.Status.APPROVED), None)
        if reply_to:
            form.initial["parent"] = reply_to.pk
    return {
        "article": article,
        "thread": build_thread(comments),
        "approved_count": approved,
        "form": form,
        "reply_to": reply_to,
        "max_depth": settings.COMMENT_MAX_DEPTH,
        "open": comments_are_open(article),
    }


@register.filter
def comment_html(comment):
    return plain_text_to_html(comment.body)


@register.filter
def initials(name):
    """Up to two initials for the drawn avatar (no Gravatar: no email hash leaves the site)."""
    letters = [word[0] for word in str(name).split() if word[:1].isalnum()]
    return ("".join(letters[:1] + letters[1:][-1:]) or "?").upper()


@register.filter
def avatar_hue(name):
    """One of eight avatar colours, stable for a name."""
    return zlib.crc32(str(name).encode()) % 8
