"""Live coverage of an article: its start and end, and its timestamped entries."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField

from articles.models import Article
from authors.models import Author
from newsroom.images import Picture, prepare_image, validate_image
from newsroom.sanitize import clean_article_html

ENTRY_EDITOR_EXTENSIONS = {
    "Bold": True, "Italic": True, "BulletList": True, "OrderedList": True, "ListItem": True,
    "Blockquote": True, "HardBreak": True, "History": True, "NoSpellCheck": False,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


class LiveCoverage(models.Model):
    """Marks an article live: readers see its entries, and the page keeps itself current."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="live_coverage")
    started_at = models.DateTimeField(
        default=timezone.now, help_text="When live coverage began (readers see it).")
    ended_at = models.DateTimeField(
        null=True, blank=True,
        help_text="Set it when coverage ends: the page says so and stops checking for updates.")

    class Meta:
        verbose_name = "live coverage"
        verbose_name_plural = "live coverage"

    def __str__(self):
        return f"Live: {self.article}"

    def clean(self):
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": "Coverage cannot end before it started."})

    def has_ended(self, now=None):
        return self.ended_at is not None and self.ended_at <= (now or timezone.now())


class LiveEntryQuerySet(models.QuerySet):
    def for_page(self):
        """Entries as the page shows them: pinned first, then newest first, with their
        author and embeds in a fixed number of queries."""
        return (self.select_related("author").prefetch_related("embeds")
                .order_by("-pinned", "-published_at", "-id"))


class LiveEntry(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_entries")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="live_entries")
    published_at = models.DateTimeField(default=timezone.now, db_index=True,
                                        help_text="The time readers see on the entry.")
    updated_at = models.DateTimeField(auto_now=True)
    headline = models.CharField(max_length=200, blank=True,
                                help_text="Optional. Key events are listed by it.")
    body = ProseEditorField(
        extensions=ENTRY_EDITOR_EXTENSIONS, sanitize=clean_article_html,
        help_text="The update. A YouTube, Vimeo, X, Instagram, Bluesky, Mastodon or podcast "
        "address alone in a paragraph becomes an embed card.",
    )
    pinned = models.BooleanField(default=False, help_text="Keep at the top of the stream.")
    key_event = models.BooleanField(
        "key event", default=False, help_text='List under "Key events" at the start.')
    image = models.ImageField(upload_to="live/%Y/%m/", blank=True, validators=[validate_image])
    image_alt = models.CharField("alt text", max_length=250, blank=True)
    image_caption = models.CharField("caption", max_length=300, blank=True)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    embeds = models.ManyToManyField("newsroom.Embed", blank=True, editable=False,
                                    related_name="live_entries")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "live entry"
        verbose_name_plural = "live entries"
        indexes = [models.Index(fields=["article", "-published_at"], name="liveentry_article_idx")]

    def __str__(self):
        return self.headline or f"Entry at {self.published_at:%H:%M} on {self.article}"

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the photo: alt text is required."})
        if not (self.body or "").strip() and not self.image:
            raise ValidationError({"body": "Write the update (or add a photo)."})

    def save(self, *args, **kwargs):
        self.body = clean_article_html(self.body)
        if not self.image:
            self.image_renditions = {}
        elif not self.image._committed:
            self.image_renditions = prepare_image(self.image)
        super().save(*args, **kwargs)
        from newsroom.embeds import remember

        self.embeds.set(remember(self.body))

    @property
    def picture(self):
        return Picture.from_renditions(self.image_renditions)

    @property
    def image_pending(self):
        return bool(self.image) and bool(self.image_renditions.get("pending"))

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#entry-{self.pk}"
