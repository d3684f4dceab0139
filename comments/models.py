from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from articles.models import Article


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def by_commenter(self, email):
        return self.filter(author_email__iexact=email.strip())

    def visible_to(self, article, own_ids=()):
        """Approved comments on `article`, plus the reader's own pending ones."""
        return self.filter(visible(own_ids), article=article).order_by("created_at", "id")

    def in_threads(self, roots, own_ids=()):
        """The visible comments of the threads started by `roots` (a subquery of one
        article's top-level comments), in posting order. With no condition on the
        article, the database looks them up by id and by thread rather than reading
        every comment the article has."""
        return (self.filter(visible(own_ids))
                .filter(models.Q(pk__in=roots) | models.Q(thread__in=roots))
                .order_by("created_at", "id"))


def visible(own_ids=()):
    """The condition of a comment readers see: approved, or pending and their own."""
    condition = models.Q(status=Comment.Status.APPROVED)
    if own_ids:
        condition |= models.Q(status=Comment.Status.PENDING, pk__in=list(own_ids))
    return condition


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
    # The top-level comment a reply sits under (empty on top-level comments), so a page
    # of threads loads in one query however deep the replies go.
    thread = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.CASCADE,
        related_name="+",
    )
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
    # The rule names from `reasons`, space-separated, so the queue can filter by them
    # on every database (SQLite has no JSON containment lookup).
    reason_codes = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
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
    notify_on_approval = models.BooleanField(
        default=False, help_text="The commenter asked for an email when this is approved."
    )
    notify_on_reply = models.BooleanField(
        default=False, help_text="The commenter asked for an email when someone replies."
    )
    moderators_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
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

    def save(self, *args, **kwargs):
        if self.parent_id and self.thread_id is None:
            self.thread_id = self.parent.thread_id or self.parent_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The comment on its page of the article's comments (approved ones count)."""
        from .threads import comment_url

        return comment_url(self)

    def set_reasons(self, reasons):
        self.reasons = list(reasons)
        self.reason_codes = " ".join(sorted({r["rule"] for r in self.reasons}))[:200]


class ModerationAction(models.Model):
    """Who did what to a comment, and when: the moderation log."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, choices=Comment.Status.choices)
    to_status = models.CharField(max_length=10, choices=Comment.Status.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Empty when the system acted (reader reports, erasure).",
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.action} by {self.moderator or 'the system'}"


class CommentFlag(models.Model):
    """A reader's "Report this comment"; one per comment and address."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "ip_address"], name="one_flag_per_reader")
        ]


class ModerationWord(models.Model):
    """A word or phrase that holds a comment for review, or marks it as spam."""

    class Action(models.TextChoices):
        HOLD = "hold", "Hold for review"
        SPAM = "spam", "Mark as spam"

    class Match(models.TextChoices):
        WORD = "word", "Whole word or phrase in the comment"
        SUBSTRING = "substring", "Anywhere in the comment, even inside words"
        IP = "ip", "Commenter's IP address or network (e.g. 203.0.113.0/24)"
        USER_AGENT = "user_agent", "Part of the commenter's browser (user agent)"

    word = models.CharField(
        max_length=100, unique=True,
        help_text="Matched, ignoring case, in the commenter's name, email, website and "
                  "comment; or an IP address, network or user-agent text (see Match).",
    )
    action = models.CharField(max_length=4, choices=Action.choices, default=Action.HOLD)
    match = models.CharField(max_length=10, choices=Match.choices, default=Match.WORD)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word

    def clean(self):
        import ipaddress

        if self.match == self.Match.IP:
            try:
                ipaddress.ip_network(self.word.strip(), strict=False)
            except ValueError:
                raise ValidationError({"word": "Enter an IP address or a network such as "
                                               "203.0.113.0/24."})
