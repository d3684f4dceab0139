"""The editors' desk on the admin's front page, and the waiting counts in its navigation.

Lives in `comments` because it shows both articles and comments, and only `comments`
may know both. Every list is capped, so the desk costs a fixed number of queries
whatever the size of the archive or the queue.
"""

from datetime import datetime, time

from django import template
from django.urls import reverse
from django.utils import timezone

from articles import roles, services
from articles.admin_forms import VERSION_FIELD
from articles.models import Article
from newsroom.publishing import Status

from ..models import Comment

register = template.Library()
LISTED = 8


def can_moderate(user):
    return user.is_active and user.has_perm("comments.change_comment")


def _articles(user):
    return roles.visible_articles(user, Article.objects.all())


def _counts(user):
    counts = {}
    if roles.is_editor(user):
        counts["review"] = Article.objects.filter(status=Status.REVIEW).count()
    if user.is_active and user.has_perm("comments.view_comment"):
        counts["pending"] = Comment.objects.pending().count()
    return counts


@register.inclusion_tag("admin/includes/desk_nav.html", takes_context=True)
def desk_nav(context):
    """What waits, for the person looking: articles to review, comments to moderate."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_staff:
        return {"counts": {}}
    return {
        "counts": _counts(user),
        "review_url": reverse("admin:articles_article_changelist") + "?desk=review",
        "queue_url": reverse("admin:comments_comment_changelist") + "?status__exact=pending",
    }


@register.inclusion_tag("admin/includes/desk.html", takes_context=True)
def desk(context):
    """Each role's panel: what it acts on next."""
    user = context["request"].user
    panels = {"counts": _counts(user)}
    now = timezone.now()
    if getattr(user, "author", None) is not None and not roles.is_editor(user):
        mine = _articles(user).order_by(f"-{VERSION_FIELD}")
        drafts = list(mine.filter(status=Status.DRAFT)[:LISTED])
        notes = services.latest_return_notes(drafts)
        panels["writer"] = {
            "returned": [(a, notes[a.pk]) for a in drafts if a.pk in notes],
            "drafts": drafts,
            "in_review": list(mine.filter(status=Status.REVIEW)[:LISTED]),
            "published": list(mine.published(now=now)[:LISTED]),
        }
    if roles.is_editor(user):
        start_of_day = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
        panels["editor"] = {
            "review": list(
                Article.objects.filter(status=Status.REVIEW).order_by(VERSION_FIELD)[:LISTED]
            ),
            "scheduled": list(Article.objects.scheduled(now=now).order_by("published_at")[:LISTED]),
            "today": list(
                Article.objects.published_between(start=start_of_day, now=now)
                .order_by("-published_at")[:LISTED]
            ),
        }
    if can_moderate(user):
        pending = Comment.objects.pending()
        oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
        panels["moderator"] = {
            "oldest": oldest,
            "reported": list(
                pending.filter(reason_codes__contains="reported")
                .select_related("article").order_by("created_at")[:LISTED]
            ),
        }
    panels["review_url"] = reverse("admin:articles_article_changelist") + "?desk=review"
    panels["queue_url"] = (
        reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    )
    return panels
