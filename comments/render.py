"""The markup of a page of comment threads, built in one loop in Python.

A page shows up to COMMENT_THREADS_PER_PAGE threads with every reply, often dozens of
comments; through the template engine each cost one include and about thirty nodes,
more than the rest of the article page together. What varies per comment is escaped
here exactly as the template engine would (`escape`, the same date formats); what is
the same for every comment (the report URL's shape, the reply link's page part) is
worked out once per page. Templates keep the parts around it: templates/comments/.
"""

import zlib
from html import escape  # what django.utils.html.escape calls, without its lazy-text check

from django.urls import reverse
from django.utils.safestring import mark_safe

from newsroom.datetimes import time_writer
from newsroom.sanitize import plain_text_to_html

PENDING, APPROVED = "pending", "approved"
AWAITING = ('<p class="awaiting-moderation">Your comment is awaiting moderation. '
            "Only you can see it until a moderator approves it.</p>")


def initials(name):
    """Up to two initials for the drawn avatar (no Gravatar: no email hash leaves the site)."""
    letters = [word[0] for word in str(name).split() if word[:1].isalnum()]
    return ("".join(letters[:1] + letters[1:][-1:]) or "?").upper()


def avatar_hue(name):
    """One of eight avatar colours, stable for a name."""
    return zlib.crc32(str(name).encode()) % 8


def thread_html(thread, *, open, page_number, page_parameter):
    """`thread` (top-level comments, replies nested in `thread_replies`, each with a
    `badge`) as the items of the page's comment list."""
    # Reversed once: every comment's report form posts to the same shape of address.
    report_head, report_tail = reverse("comments:report", kwargs={"pk": 0}).rsplit("0", 1)
    reply_query = f"{page_parameter}={page_number}&amp;" if page_number > 1 else ""
    out = []
    append = out.append
    time_element = time_writer()

    def render(comment):
        pk = comment.pk
        name = escape(comment.author_name)
        status, badge = comment.status, comment.badge
        classes = "comment"
        if status == PENDING:
            classes += " comment--pending"
        if badge:
            classes += " comment--staff"
        author = (f'<a href="{escape(comment.author_url)}" rel="nofollow ugc noopener">{name}</a>'
                  if comment.author_url else name)
        append(
            f'\n<li class="{classes}" id="comment-{pk}">\n'
            f'  <article aria-labelledby="comment-{pk}-author">\n'
            '    <header class="comment-meta">\n'
            f'      <span class="avatar avatar--{avatar_hue(comment.author_name)}" '
            f'aria-hidden="true">{escape(initials(comment.author_name))}</span>\n'
            f'      <span class="comment-author" id="comment-{pk}-author">{author}</span>\n'
        )
        if badge:
            append(f'      <span class="badge badge--{escape(badge.lower())}">{escape(badge)}</span>\n')
        append(
            f'      <a class="comment-permalink" href="#comment-{pk}">'
            f"{time_element(comment.created_at)}</a>\n"
            '    </header>\n'
        )
        if status == PENDING:
            append(f"    {AWAITING}\n")
        append(f'    <div class="comment-body">{plain_text_to_html(comment.body)}</div>\n')
        if status == APPROVED:
            append('    <footer class="comment-actions">\n')
            if open:
                append(
                    f'      <a class="reply-link" href="?{reply_query}replytocom={pk}#respond" '
                    f'rel="nofollow" data-comment="{pk}" data-author="{name}">Reply'
                    f'<span class="visually-hidden"> to {name}</span></a>\n'
                )
            append(
                f'      <form class="report-form" method="post" '
                f'action="{report_head}{pk}{report_tail}">\n'
                '        <button type="submit" class="link-button">Report<span '
                f'class="visually-hidden"> this comment by {name}</span></button>\n'
                "      </form>\n"
                "    </footer>\n"
            )
        append("  </article>\n")
        if comment.thread_replies:
            append('  <ol class="comment-children">\n    ')
            for reply in comment.thread_replies:
                render(reply)
            append("\n  </ol>\n")
        append("</li>\n")

    for comment in thread:
        render(comment)
    return mark_safe("".join(out))
