"""The publishing rule: the one definition of what a reader may see.

Every public view, feed, sitemap and search goes through `published()`; a single
object is checked with `is_published()`. Publishing is a query condition, not a flag
flipped later: an article scheduled for 09:00 becomes visible at 09:00 with no job.
"""

from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Return what readers may see: published status and a publish time now or past."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def published_between(self, start=None, end=None, now=None):
        """Return what readers may see, published in [start, end) (date archives, news sitemap)."""
        queryset = self.published(now=now)
        if start is not None:
            queryset = queryset.filter(published_at__gte=start)
        if end is not None:
            queryset = queryset.filter(published_at__lt=end)
        return queryset

    def scheduled(self, now=None):
        """Return published articles whose publish time is still in the future."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=now or timezone.now())


def is_published(obj, now=None):
    """Return True if readers may see `obj` (the same rule as `published()`)."""
    return (
        obj.status == Status.PUBLISHED
        and obj.published_at is not None
        and obj.published_at <= (now or timezone.now())
    )


def is_scheduled(obj, now=None):
    """Return True if readers will see `obj` at a publish time still to come."""
    return (
        obj.status == Status.PUBLISHED
        and obj.published_at is not None
        and obj.published_at > (now or timezone.now())
    )
