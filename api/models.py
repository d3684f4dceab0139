import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from newsroom.ratelimit import parse_limit
from newsroom.sanitize import validate_web_url

KEY_PREFIX = "nrk"


def hash_key(raw):
    """API keys are long random strings: one SHA-256 is a fine one-way store for them."""
    return hashlib.sha256(raw.encode()).hexdigest()


def validate_rate_limit(value):
    if not value:
        return
    try:
        parse_limit(value)
    except Exception:
        raise ValidationError('Write the limit as requests/seconds, e.g. "600/60".') from None


class ApiKey(models.Model):
    """A partner's key to the content API. Only its hash is kept: the key is shown once."""

    name = models.CharField(max_length=120, help_text="Who uses it, e.g. “Mobile app”.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    rate_limit = models.CharField(
        max_length=20, blank=True, validators=[validate_rate_limit],
        help_text='Requests allowed per period, e.g. "600/60". Empty: the site\'s default '
                  "for keys.",
    )
    active = models.BooleanField(default=True, help_text="Untick to stop the key working.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}_…)"

    def issue(self):
        """Give the key a new secret (stored hashed); return the key, to show once."""
        self.prefix = secrets.token_hex(4)
        raw = f"{KEY_PREFIX}_{self.prefix}_{secrets.token_urlsafe(24)}"
        self.key_hash = hash_key(raw)
        return raw

    def limit(self):
        return parse_limit(self.rate_limit or settings.API_KEY_RATE_LIMIT)


class Event(models.TextChoices):
    PUBLISHED = "article.published", "Article published"
    UPDATED = "article.updated", "Article updated"
    UNPUBLISHED = "article.unpublished", "Article unpublished"
    CORRECTED = "article.corrected", "Correction or update note added"
    COMMENT_APPROVED = "comment.approved", "Comment approved"


def new_secret():
    return secrets.token_urlsafe(32)


def validate_events(value):
    known = set(Event.values)
    if not isinstance(value, list) or not value or not set(value) <= known:
        raise ValidationError("Choose at least one event.")


class Webhook(models.Model):
    """An address told about changes: each event is POSTed as signed JSON."""

    url = models.URLField("address", max_length=500, validators=[validate_web_url],
                          help_text="Where to POST the events (https:// in production).")
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, validators=[validate_events])
    secret = models.CharField(
        max_length=64, default=new_secret, editable=False,
        help_text="Deliveries are signed with this (HMAC-SHA256); give it to the receiver.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.description or self.url


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook, with what the receiver answered."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    # One delivery per webhook and occurrence: a task that runs twice sends nothing twice.
    event_id = models.CharField(max_length=80)
    body = models.TextField(editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [models.UniqueConstraint(fields=["webhook", "event_id"],
                                               name="one_delivery_per_webhook_event")]

    def __str__(self):
        return f"{self.get_event_display()} → {self.webhook}"
