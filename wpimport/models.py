from django.db import models
from django.utils import timezone


class ImportedObject(models.Model):
    """What one WordPress object became here, so importing again updates, never duplicates."""

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        COMMENT = "comment", "Comment"

    source = models.CharField(max_length=200, help_text="The old site's base URL.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    wp_id = models.BigIntegerField("WordPress id")
    # The primary key of the author, section, tag, article, page or comment it became
    # (empty for attachments, which become part of an article).
    object_id = models.BigIntegerField(null=True, blank=True)
    digest = models.CharField(max_length=64, help_text="Of the data last imported.")
    # What a later step needs (an attachment's file, a post's featured image id...).
    data = models.JSONField(default=dict, blank=True)
    # Work left for the end of the run (featured image, parent not yet seen...).
    pending = models.BooleanField(default=False, db_index=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"], name="one_import_per_object"
            )
        ]
        verbose_name = "imported WordPress object"

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} from {self.source}"


class OldAddress(models.Model):
    """An address of the old site that answers with a 301 to its page here."""

    old_path = models.CharField(
        max_length=500, unique=True,
        help_text='The old path, e.g. "/2019/04/02/a-story/" or "/?p=123".',
    )
    new_path = models.CharField(
        max_length=500, help_text='Where it goes, e.g. "/articles/a-story/".'
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["old_path"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
