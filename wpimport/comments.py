"""A post's comments, with their threads and moderation state.

Replies deeper than COMMENT_MAX_DEPTH allows sit at the deepest allowed level, under
their nearest ancestor there, so no reply is lost; replies to a comment that was not
imported (a pingback, say) move up to the nearest one that was.
"""

import html
import ipaddress
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from comments import counts
from comments.models import Comment

from .content import plain
from .importer import Kind, Skip, wp_int
from .models import ImportedObject
from .objects import clean_email

STATUSES = {"1": Comment.Status.APPROVED, "approve": Comment.Status.APPROVED,
            "0": Comment.Status.PENDING, "hold": Comment.Status.PENDING,
            "spam": Comment.Status.SPAM, "trash": Comment.Status.REMOVED,
            "post-trashed": Comment.Status.REMOVED}
NOT_COMMENTS = ("pingback", "trackback")


def clean_url(value):
    value = (value or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value if len(value) <= 200 else ""


def clean_ip(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def comment_date(data):
    for key, aware in (("date_gmt", True), ("date", False)):
        value = (data.get(key) or "").strip()
        if value and not value.startswith("0000"):
            try:
                moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return moment.replace(tzinfo=UTC) if aware else timezone.make_aware(moment)
    return timezone.now()


def skip_all(importer, item, reason):
    for _ in item["comments"]:
        importer.summary.count("comment", "skipped", reason)


def in_thread_order(comments):
    """Comment ids, each after the comment it replies to."""
    by_id = {wp_int(c.get("id")): c for c in comments}
    ordered, seen = [], set()
    for wp_id in by_id:
        chain = []
        while wp_id in by_id and wp_id not in seen:
            seen.add(wp_id)
            chain.append(wp_id)
            wp_id = wp_int(by_id[wp_id].get("parent"))
        ordered.extend(reversed(chain))
    return by_id, ordered


def import_comments(importer, item, article_pk):
    if not item["comments"]:
        return
    by_id, ordered = in_thread_order(item["comments"])
    records = {r.wp_id: r for r in ImportedObject.objects.filter(
        source=importer.source, kind=Kind.COMMENT, wp_id__in=list(by_id))}
    # wp id -> (pk, depth, thread pk, parent wp id) of each comment placed here.
    placed = {}
    last_depth = max(0, settings.COMMENT_MAX_DEPTH - 1)
    for wp_id in ordered:
        data = by_id[wp_id]
        if (data.get("type") or "").strip() in NOT_COMMENTS:
            importer.summary.count("comment", "skipped",
                                   "pingbacks and trackbacks are not imported")
            continue
        asked = wp_int(data.get("parent"))
        parent = nearest_placed(by_id, placed, asked)
        while parent is not None and placed[parent][1] >= last_depth:
            parent = placed[parent][3]  # too deep: climb to the deepest allowed level
        moved = bool(asked) and parent != asked
        record = import_comment(importer, wp_id, data, article_pk,
                                placed.get(parent), records.get(wp_id), moved)
        if record is not None and record.object_id:
            pk = record.object_id
            depth = placed[parent][1] + 1 if parent is not None else 0
            thread = (placed[parent][2] or placed[parent][0]) if parent is not None else None
            placed[wp_id] = (pk, depth, thread, parent)
    # Listings read the kept count: make it true for everything imported above.
    counts.refresh([article_pk])


def nearest_placed(by_id, placed, wp_id):
    """`wp_id` if it was placed, else its nearest ancestor that was (or None)."""
    seen = set()
    while wp_id and wp_id not in placed and wp_id in by_id and wp_id not in seen:
        seen.add(wp_id)
        wp_id = wp_int(by_id[wp_id].get("parent"))
    return wp_id if wp_id in placed else None


def import_comment(importer, wp_id, data, article_pk, parent, record, note):
    parent_pk, parent_depth, parent_thread = parent[:3] if parent else (None, -1, None)
    payload = {**data, "placed_under": parent_pk, "article": article_pk}

    def apply(record):
        comment = importer.existing(record, Comment)
        moderated = comment.moderated_at if comment is not None else None
        if moderated and moderated > record.imported_at:
            raise Skip("moderated here since the last import; left as it is")
        comment = comment or Comment(article_id=article_pk)
        comment.parent_id = parent_pk
        comment.depth = parent_depth + 1
        comment.thread_id = (parent_thread or parent_pk) if parent_pk else None
        comment.author_name = html.unescape(data.get("author") or "").strip()[:80] or "Anonymous"
        comment.author_email = clean_email(data.get("author_email"))
        comment.author_url = clean_url(data.get("author_url"))
        comment.ip_address = clean_ip(data.get("author_IP"))
        comment.created_at = comment_date(data)
        comment.body = plain(data.get("content")) or "(empty)"
        comment.status = STATUSES.get((data.get("approved") or "").strip(), Comment.Status.PENDING)
        if note:
            importer.note("a reply placed higher up its thread (too deep here, or its parent "
                          "was not imported)")
        comment.save()
        return comment, {}, False

    return importer.process(Kind.COMMENT, wp_id, payload, apply, record=record,
                            label=(data.get("author") or "")[:40])
