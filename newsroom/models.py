"""What the project itself stores: the mail outbox (see newsroom/tasks_mail.py)."""

from django.db import models


class OutgoingMail(models.Model):
    """One mail, recorded under an idempotency key before it is sent, marked sent after.

    The key (e.g. "approved:<comment id>") is unique, so a task that runs twice finds
    the mail it already made instead of sending another.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        SENDING = "sending", "sending"
        RETRYING = "retrying", "waiting to retry"
        SENT = "sent", "sent"
        FAILED = "failed", "failed (gave up)"

    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    to = models.JSONField(default=list)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # "host:pid" of the worker process that claimed it (and, once sent, sent it).
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        permissions = [("view_operations", "Can see the task queue and storage status")]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"


class Embed(models.Model):
    """A snapshot of a third-party post or player (newsroom/embeds.py), fetched once when
    the URL is first saved in a body, so pages show it without asking the provider."""

    class Status(models.TextChoices):
        PENDING = "pending", "waiting to be fetched"
        READY = "ready", "ready"
        FAILED = "failed", "could not be fetched (shown as a plain link)"

    url = models.URLField(max_length=500, unique=True)
    provider = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    title = models.CharField(max_length=300, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    author_url = models.URLField(max_length=500, blank=True)
    # Plain text (a post's words), never the provider's HTML.
    text = models.TextField(blank=True)
    # The player or post page the "Load content" button frames; '' when there is none.
    frame_url = models.URLField(max_length=600, blank=True)
    thumbnail = models.ImageField(upload_to="embeds/%Y/%m/", blank=True)
    thumbnail_renditions = models.JSONField(default=dict, blank=True, editable=False)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.title or self.url

    @property
    def thumbnail_picture(self):
        from .images import Picture

        return Picture.from_renditions(self.thumbnail_renditions)
