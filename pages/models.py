from django.db import models
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField

from newsroom.links import slug_url
from newsroom.publishing import PublishableQuerySet, Status, is_published
from newsroom.sanitize import clean_article_html

# What a static page needs: the article body's tools (cleaned the same way on save).
PAGE_EDITOR_EXTENSIONS = {
    "Bold": True, "Italic": True, "Heading": {"levels": [2, 3, 4]},
    "BulletList": True, "OrderedList": True, "ListItem": True, "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True, "History": True,
}


class PageQuerySet(PublishableQuerySet):
    def in_footer(self):
        return self.published().filter(in_footer=True).order_by("footer_position", "title")


class Page(models.Model):
    """A standing page of the site (About, Contact, Privacy, Corrections policy)."""

    Status = Status

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, help_text="Used in the page URL."
    )
    body = ProseEditorField(
        extensions=PAGE_EDITOR_EXTENSIONS, sanitize=clean_article_html,
        help_text="Cleaned of anything unsafe when saved.",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        help_text="The page this one sits under, shown in breadcrumbs.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    in_footer = models.BooleanField("link in the footer", default=False)
    footer_position = models.PositiveSmallIntegerField(
        default=0, help_text="Order among the footer links (smallest first)."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_article_html(self.body)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("pages:detail", self.slug)

    @property
    def is_published(self):
        return is_published(self)

    def ancestors(self):
        """Published pages above this one, outermost first (one query, whatever the depth)."""
        if self.parent_id is None:
            return []
        by_pk = {p.pk: p for p in Page.objects.published().only("title", "slug", "parent_id")}
        chain, pk = [], self.parent_id
        while pk in by_pk and pk != self.pk and len(chain) < len(by_pk):
            chain.append(by_pk[pk])
            pk = by_pk[pk].parent_id
        return chain[::-1]
