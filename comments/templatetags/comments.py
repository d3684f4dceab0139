"""The article page's comments, rendered by a tag so `articles` never imports `comments`."""

import zlib

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from newsroom import fragments
from newsroom.sanitize import plain_text_to_html

from .. import threads
from ..forms import CommentForm, make_token
from ..models import Comment
from ..moderation import comments_are_open
from ..views import own_comment_ids

register = template.Library()


@register.inclusion_tag("comments/comments.html", takes_context=True)
def comments_for(context, article):
    """The comments section: the conversation (see comment_thread) and the form."""
    request = context["request"]
    form = context.get("comment_form")  # a posted form with errors
    reply_to = None
    replying = request.GET.get("replytocom", "")
    if form is not None:  # a failed post keeps saying whom it answers
        reply_to = getattr(form, "replying_to", None)
    elif replying.isascii() and replying.isdigit():
        reply_to = Comment.objects.approved().filter(article=article, pk=int(replying)).first()
        if reply_to:
            form = CommentForm(article=article, initial={"parent": reply_to.pk})
    return {
        "request": request,
        "article": article,
        "form": form,
        "reply_to": reply_to,
        "open": comments_are_open(article),
    }


@register.simple_tag(takes_context=True)
def comment_thread(context, article):
    """The heading and one page of threads: kept as a fragment unless the reader has
    comments of their own awaiting moderation (only they see those)."""
    request = context["request"]
    own_ids = own_comment_ids(request)
    asked = request.GET.get(threads.PAGE_PARAMETER, "")
    number = int(asked) if asked.isascii() and asked.isdigit() else None  # else: page 1
    is_open = context["open"]

    def produce():
        page, thread, approved = threads.comment_page(article, own_ids=own_ids, number=number)
        # Staff who write the article get an "Author" badge on their replies.
        author_users = {a.user_id for a in article.byline_authors if a.user_id}
        for comment in threads.walk(thread):
            comment.badge = (
                "Author" if comment.user_id and comment.user_id in author_users
                else "Staff" if comment.user_id and comment.user.is_staff else ""
            )
        return render_to_string("comments/thread.html", {
            "article": article,
            "thread": thread,
            "page": page,
            "page_parameter": threads.PAGE_PARAMETER,
            "approved_count": approved,
            "max_depth": settings.COMMENT_MAX_DEPTH,
            "open": is_open,
        })

    if own_ids:
        # Only this reader sees their pending comments: not for search engines.
        request.shows_own_pending_comments = True
        return produce()
    return fragments.render(request, "comments", [article.pk, number, is_open],
                            fragments.SITE, produce)


# Stands in for the form's signed token in the kept blank form; each render puts a
# fresh token (its own timestamp) in its place.
TOKEN_HOLE = "comment-form-token-goes-here"


@register.simple_tag(takes_context=True)
def comment_respond(context):
    """The "Leave a Reply" form. A blank form is kept as a fragment with a hole for
    its token; a form with errors or replying to someone is always rendered."""
    article, form, reply_to = context["article"], context["form"], context["reply_to"]

    def produce(form):
        return render_to_string("comments/respond.html",
                                {"article": article, "form": form, "reply_to": reply_to})

    if form is not None:
        return produce(form)
    blank = fragments.render(
        context["request"], "comment-form", [article.pk], fragments.CONTENT,
        lambda: produce(CommentForm(article=article, initial={"token": TOKEN_HOLE})),
    )
    # Signed with the time of this render (the "too fast" and "expired" rules read it).
    return mark_safe(blank.replace(TOKEN_HOLE, make_token(article.pk)))


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
