from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, article, own_ids=()):
        """Approved comments on `article`, plus the reader's own pending ones."""
        visible = models.Q(status=Comment.Status.APPROVED)
        if own_ids:
            visible |= models.Q(status=Comment.Status.PENDING, pk__in=list(own_ids))
        return self.filter(visible, article=article).order_by("created_at", "id")


class Comment(models.Model):
    """What a reader said about an article. Nobody else sees it until it is approved."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    author_name = models.CharField("name", max_length=80)
    # Stored for moderation and notifications; never rendered on a public page.
    author_email = models.EmailField("email", max_length=254)
    author_url = models.URLField("website", max_length=200, blank=True)
    body = models.TextField("comment", max_length=settings.COMMENT_MAX_LENGTH)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reasons = models.JSONField(
        default=list, blank=True, help_text="Why the moderation rules held this comment."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments", help_text="Set when a logged-in staff member wrote it.",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    form_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False,
        help_text="The form's one-time token: a resubmitted form cannot post twice.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status_idx")
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"
