"""The article page's comments, rendered by a tag so `articles` never imports `comments`."""

import zlib

from django import template
from django.conf import settings

from newsroom.sanitize import plain_text_to_html

from .. import threads
from ..forms import CommentForm
from ..models import Comment
from ..moderation import comments_are_open
from ..views import own_comment_ids

register = template.Library()


@register.inclusion_tag("comments/comments.html", takes_context=True)
def comments_for(context, article):
    request = context["request"]
    own_ids = own_comment_ids(request)
    page, thread, approved = threads.comment_page(
        article, own_ids=own_ids, number=request.GET.get(threads.PAGE_PARAMETER)
    )
    # Staff who write the article get an "Author" badge on their replies.
    author_users = {a.user_id for a in article.byline_authors if a.user_id}
    for comment in threads.walk(thread):
        comment.badge = (
            "Author" if comment.user_id and comment.user_id in author_users
            else "Staff" if comment.user_id and comment.user.is_staff else ""
        )
    form = context.get("comment_form") or CommentForm(article=article)
    reply_to = None
    replying = request.GET.get("replytocom", "")
    if not form.is_bound and replying.isdigit():
        reply_to = Comment.objects.approved().filter(article=article, pk=int(replying)).first()
        if reply_to:
            form.initial["parent"] = reply_to.pk
    return {
        "article": article,
        "thread": thread,
        "page": page,
        "page_parameter": threads.PAGE_PARAMETER,
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
