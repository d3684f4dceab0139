"""Cursor pagination: `?limit=` (1 to 100) and the opaque `?cursor=` of the last page.

A cursor is the sort position of the last item given, so a page never repeats or
skips stories when new ones are published meanwhile, and costs the same at any depth
(no OFFSET). It is base64-encoded JSON; anything else sent as a cursor is a 400.
"""

import base64
import binascii
import json
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Q

from newsroom.site import absolute_url

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class BadCursor(ValueError):
    pass


def encode(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode(cursor):
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise BadCursor("This cursor is not one the API gave out.") from None
    if not isinstance(values, list):
        raise BadCursor("This cursor is not one the API gave out.")
    return values


def by_id(queryset, cursor):
    """Ascending by id (sections, tags, authors, pages)."""
    queryset = queryset.order_by("id")
    if cursor:
        values = decode(cursor)
        if len(values) != 1 or not isinstance(values[0], int) or isinstance(values[0], bool):
            raise BadCursor("This cursor is not one the API gave out.")
        queryset = queryset.filter(id__gt=values[0])
    return queryset, lambda item: [item.id]


def newest_first(queryset, cursor):
    """Newest publish time first, then highest id (articles)."""
    queryset = queryset.order_by("-published_at", "-id")
    if cursor:
        values = decode(cursor)
        try:
            when, pk = datetime.fromisoformat(values[0]), values[1]
            if len(values) != 2 or not isinstance(pk, int) or when.tzinfo is None:
                raise ValueError
        except (ValueError, TypeError, IndexError):
            raise BadCursor("This cursor is not one the API gave out.") from None
        queryset = queryset.filter(Q(published_at__lt=when) | Q(published_at=when, id__lt=pk))
    return queryset, lambda item: [item.published_at.isoformat(), item.id]


def paginate(request, queryset, *, limit, cursor, order=by_id):
    """(items, next_cursor, next_url): one query for `limit` + 1 rows."""
    queryset, position = order(queryset, cursor)
    rows = list(queryset[: limit + 1])
    items = rows[:limit]
    if len(rows) <= limit:
        return items, None, None
    next_cursor = encode(position(items[-1]))
    query = {k: v for k, v in request.GET.items() if k != "cursor"}
    query["cursor"] = next_cursor
    return items, next_cursor, absolute_url(f"{request.path}?{urlencode(query)}")
