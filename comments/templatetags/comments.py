"""The article page's comments, rendered by a tag so `articles` never imports `comments`."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string

from .. import threads
from ..forms import CommentForm, blank_state, form_state, make_token
from ..models import Comment
from ..moderation import comments_are_open
from ..render import thread_html
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
    """The heading and one page of threads (with the reader's own comments awaiting
    moderation, which only they see: such a reader is never served from a cache)."""
    request = context["request"]
    own_ids = own_comment_ids(request)
    asked = request.GET.get(threads.PAGE_PARAMETER, "")
    number = int(asked) if asked.isascii() and asked.isdigit() else None  # else: page 1
    if own_ids:
        # Only this reader sees their pending comments: not for search engines.
        request.shows_own_pending_comments = True
    page, thread, approved = threads.comment_page(article, own_ids=own_ids, number=number)
    # Staff who write the article get an "Author" badge on their replies.
    author_users = {a.user_id for a in article.byline_authors if a.user_id}
    for comment in threads.walk(thread):
        comment.badge = (
            "Author" if comment.user_id and comment.user_id in author_users
            else "Staff" if comment.user_id and comment.user_is_staff else ""
        )
    return render_to_string("comments/thread.html", {
        "article": article,
        "thread": thread_html(thread, open=context["open"], page_number=page.number,
                              page_parameter=threads.PAGE_PARAMETER) if thread else "",
        "page": page,
        "paged": page.paginator.num_pages > 1,  # the page links (comments/pages.html)
        "page_parameter": threads.PAGE_PARAMETER,
        "approved_count": approved,
        "open": context["open"],
    })


@register.simple_tag(takes_context=True)
def comment_respond(context):
    """The "Leave a Reply" form. On a page for a shared cache its token carries the
    render's time, which may be long before a reader gets it: the form's script swaps
    in a token of the reader's own (comments/views.py `form_token`)."""
    article, form, reply_to = context["article"], context["form"], context["reply_to"]
    if form is None:  # the page every reader gets: an empty form, no form object needed
        shared = getattr(context["request"], "public_render", False)
        state = blank_state(make_token(article.pk, fresh=not shared))
    else:
        state = form_state(form)
    return render_to_string("comments/respond.html",
                            {"article": article, "form": state, "reply_to": reply_to,
                             "max_length": settings.COMMENT_MAX_LENGTH})
