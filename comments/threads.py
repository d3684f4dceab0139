"""The article page's conversation, a page of threads at a time.

A thread is a top-level comment with every reply under it. Readers page through
threads in posting order (`?cpage=2`), so however many comments a story draws, its
page renders a bounded number of them in one query, the page's threads with their
replies (the kept counts come with the article).
"""

from functools import lru_cache

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q

from articles.models import CommentCount
from newsroom.prepared import prepared

from .models import Comment

PAGE_PARAMETER = "cpage"


class ShownComment:
    """What a page of threads shows of a comment (comments/render.py), loaded as plain
    values: a page holds dozens, and model instances cost more than the page's markup."""

    __slots__ = ("pk", "parent_id", "author_name", "author_url", "body", "status",
                 "created_at", "user_id", "user_is_staff", "thread_replies", "badge")
    FIELDS = ("pk", "parent_id", "author_name", "author_url", "body", "status", "created_at",
              "user_id", "user__is_staff")

    def __init__(self, values):
        (self.pk, self.parent_id, self.author_name, self.author_url, self.body, self.status,
         self.created_at, self.user_id, self.user_is_staff) = values
        self.thread_replies = []
        self.badge = ""


def build_thread(comments):
    """Nest comments under their parents, keeping posting order (no extra queries)."""
    children = {}
    present = {c.pk for c in comments}
    for comment in comments:
        # A reply whose parent is not shown is not shown either.
        if comment.parent_id and comment.parent_id not in present:
            continue
        children.setdefault(comment.parent_id, []).append(comment)
    for comment in comments:
        comment.thread_replies = children.get(comment.pk, [])
    return children.get(None, [])


def walk(thread):
    """Every comment in a nested thread, parents before their replies."""
    for comment in thread:
        yield comment
        yield from walk(comment.thread_replies)


def comment_page(article, *, own_ids=(), number=None):
    """One page of `article`'s threads: (page, top-level comments nested, approved count).

    The comments are `ShownComment`s. `own_ids` are the reader's own comments awaiting
    moderation, shown only to them. An unreadable or out-of-range page number gives the
    first or last page.
    """
    # The kept counts (comments/counts.py): no counting of a long conversation per view.
    # The article page loads them with the article; elsewhere this reads them.
    try:
        kept = article.comment_stats
    except CommentCount.DoesNotExist:
        approved, threads = 0, 0
    else:
        approved, threads = kept.approved, kept.threads
    if own_ids:  # the reader's own comments awaiting moderation may start threads too
        threads += Comment.objects.visible_to(article, own_ids=own_ids).filter(
            status=Comment.Status.PENDING, parent__isnull=True).count()
    # It numbers the pages; `shown_comments` loads the page's threads.
    paginator = Paginator(range(threads), settings.COMMENT_THREADS_PER_PAGE)
    page = paginator.get_page(number)
    if not threads:
        return page, [], approved
    start = None if paginator.num_pages == 1 else page.start_index() - 1
    if own_ids:  # a reader's own view, never kept by a cache: built for them
        rows = shown_comments(article, own_ids=own_ids, start=start, per_page=paginator.per_page)
    else:  # every reader's view: the same shapes on every render, compiled once
        prepared_rows = (SHOWN_ON_ONE_PAGE if start is None
                         else shown_on_page(start, paginator.per_page))
        rows = prepared_rows(article.pk)
    return page, build_thread([ShownComment(row) for row in rows]), approved


def shown_comments(article, *, own_ids=(), start=None, per_page=None):
    """The comments a page of threads shows, as rows of `ShownComment.FIELDS`: with no
    `start`, every visible comment of the article (every thread fits on one page), one
    flat query with no page subquery; else the threads whose top-level comments are
    number `start` to `start + per_page` (a sliced subquery) and all their replies."""
    visible = Comment.objects.visible_to(article, own_ids=own_ids)
    if start is None:
        shown = visible
    else:
        roots = visible.filter(parent__isnull=True).values("pk")[start:start + per_page]
        shown = Comment.objects.in_threads(roots, own_ids=own_ids)
    return shown.values_list(*ShownComment.FIELDS)


SHOWN_ON_ONE_PAGE = prepared(lambda article: shown_comments(article), 1)


@lru_cache(maxsize=64)
def shown_on_page(start, per_page):
    """`shown_comments` of a later page, prepared: its slice is part of the SQL."""
    return prepared(lambda article: shown_comments(article, start=start, per_page=per_page), 1)


def page_number_of(comment, *, own_ids=()):
    """Which page of its article's threads shows `comment` (to a reader with `own_ids`)."""
    root = comment if comment.thread_id is None else comment.thread
    earlier = (
        Comment.objects.visible_to(comment.article_id, own_ids=own_ids)
        .filter(parent__isnull=True)
        .filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk))
        .count()
    )
    return earlier // settings.COMMENT_THREADS_PER_PAGE + 1


def comment_url(comment, *, own_ids=()):
    """The article's address at the page of threads holding `comment`, and its anchor."""
    number = page_number_of(comment, own_ids=own_ids)
    query = f"?{PAGE_PARAMETER}={number}" if number > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#comment-{comment.pk}"


def reply_parent(comment, *, max_depth=None, parent_of=lambda c: c.parent):
    """The comment a reply to `comment` hangs under.

    Replies nest at most `max_depth` levels (COMMENT_MAX_DEPTH; a top-level comment is
    depth 0). A reply to a comment already at the deepest level is attached at that
    level, under the nearest ancestor that allows it, so it still reads next to the
    comment it answers. `parent_of` finds a comment's parent (importers pass their own).
    """
    deepest_parent = (settings.COMMENT_MAX_DEPTH if max_depth is None else max_depth) - 2
    while comment.depth > max(deepest_parent, 0):
        comment = parent_of(comment)
    return comment
