"""The moderation queue's rows: each comment in full, and its decision buttons.

The buttons are plain submit buttons of the change list's own form (which carries the
CSRF token), each posting to its comment's decide URL through `formaction`: they work
without JavaScript, and static/newsroom/admin-queue.js adds keyboard shortcuts.
"""

from django.db.models import Count
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from . import services
from .models import Comment

# decision -> (service, what the message says was done, for every pending comment of the commenter)
DECISIONS = {
    "approve": (services.comment_approve, "approved", False),
    "spam": (services.comment_mark_spam, "marked as spam", False),
    "remove": (services.comment_remove, "removed", False),
    "approve-commenter": (services.comment_approve, "approved", True),
}
BUTTONS = [
    ("approve", "Approve", "a"),
    ("spam", "Spam", "s"),
    ("remove", "Remove", "r"),
    ("approve-commenter", "Approve all from them", ""),
]


def commenter_history(comments):
    """email (lower case) -> {status: count} for the commenters of `comments`, in one query."""
    emails = {c.author_email.lower() for c in comments if c.author_email}
    history = {}
    if not emails:
        return history
    rows = (
        Comment.objects.annotate(email=Lower("author_email")).filter(email__in=emails)
        .order_by().values("email", "status").annotate(n=Count("pk"))
    )
    for row in rows:
        history.setdefault(row["email"], {})[row["status"]] = row["n"]
    return history


def _history_line(history):
    if not history:
        return ""
    parts = [f"{history.get(s, 0)} {label}" for s, label in
             (("approved", "approved"), ("spam", "spam"), ("removed", "removed"))]
    return format_html('<span class="comment-card__history">Their record: {}</span>',
                       ", ".join(parts))


def comment_card(comment, *, show_email, history=None):
    """Who wrote it, the whole comment, where, and what it answers."""
    article_admin = reverse("admin:articles_article_change", args=[comment.article_id])
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    reply = ""
    if comment.parent_id:
        reply = format_html(
            '<div class="comment-card__reply">In reply to {}: {}</div>',
            comment.parent.author_name, comment.parent.body[:240],
        )
    email = format_html(" &lt;{}&gt;", comment.author_email) if show_email else ""
    return format_html(
        '<div class="comment-card"><a href="{}"><strong>{}</strong></a>{}'
        '<span class="comment-card__meta"> on <a href="{}">{}</a></span>{}'
        '<p class="comment-card__body">{}</p>{}</div>',
        change, comment.author_name, email, article_admin, comment.article.headline, reply,
        comment.body, _history_line(history),
    )


def decide_buttons(comment, request):
    query = request.GET.urlencode()
    buttons = [
        (
            reverse("admin:comments_comment_decide", args=[comment.pk, decision])
            + (f"?{query}" if query else ""),
            decision,
            shortcut,
            label,
        )
        for decision, label, shortcut in BUTTONS
        if not (decision == "approve" and comment.status == Comment.Status.APPROVED)
        and not (decision == "approve-commenter" and comment.status != Comment.Status.PENDING)
    ]
    return format_html(
        '<div class="decide" data-comment="{}">{}</div>',
        comment.pk,
        format_html_join(
            "",
            '<button type="submit" formaction="{}" formmethod="post" class="{}" '
            'data-shortcut="{}">{}</button>',
            buttons,
        ),
    )
