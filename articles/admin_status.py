"""What the article list shows at a glance: one status column and filter, thumbnails."""

from django.contrib import admin
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from newsroom.images import Picture
from newsroom.publishing import Status


SCHEDULED = "scheduled"


def status_label(article, now=None):
    """Draft, In review, Scheduled for <when>, Published or Archived."""
    now = now or timezone.now()
    if article.status == Status.PUBLISHED and article.published_at and article.published_at > now:
        return f"Scheduled for {timezone.localtime(article.published_at):%d %b %Y, %H:%M}"
    return article.get_status_display()


class StatusFilter(admin.SimpleListFilter):
    """Scheduled apart from published: the same publishing rule readers see by."""

    title = "status"
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, "Draft"),
            (Status.REVIEW, "In review"),
            (SCHEDULED, "Scheduled"),
            (Status.PUBLISHED, "Published"),
            (Status.ARCHIVED, "Archived"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == SCHEDULED:
            return queryset.scheduled()
        if value == Status.PUBLISHED:
            return queryset.published()
        if value in (Status.DRAFT, Status.REVIEW, Status.ARCHIVED):
            return queryset.filter(status=value)
        return queryset


def thumbnail(article, width=64):
    """The smallest rendition of the featured image, or nothing."""
    renditions = article.featured_image_renditions or {}
    picture = Picture.from_renditions(renditions)
    if picture is None:
        return ""
    smallest = renditions["fallback"][0][1]
    height = round(width * picture.height / picture.width)
    return format_html(
        '<img class="admin-thumb" src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        default_storage.url(smallest), width, height, article.featured_image_alt,
    )


def focus_preview(article):
    """The photo to click for the focal point, its alt text, and the crops it gives."""
    picture = article.featured_picture
    if picture is None:
        return ""
    crops = format_html_join(
        "", '<figure><img src="{}" alt="" height="60"><figcaption>{}</figcaption></figure>',
        [(crop.src, label) for label, crop in
         ((label, article.featured_crop(name)) for name, label in CROP_LABELS) if crop],
    )
    return format_html(
        '<div class="focus-picker"><div class="focus-picker__photo">{}'
        '<span class="focus-picker__dot" aria-hidden="true"></span></div>'
        '<p class="focus-picker__alt"><strong>Alt text:</strong> {}</p>'
        '<div class="focus-picker__crops">{}</div></div>',
        thumbnail(article, width=320), article.featured_image_alt or "—", crops,
    )


CROP_LABELS = [("16x9", "16:9"), ("4x3", "4:3"), ("1x1", "1:1")]


class CappedCountPaginator(Paginator):
    """Count at most CAP rows: with 100,000 articles, page 1 should not wait for a full count."""

    CAP = 10_000

    @cached_property
    def count(self):
        # Only the primary keys: annotations such as pending-comment counts are not needed.
        return self.object_list.values("pk")[: self.CAP].count()

