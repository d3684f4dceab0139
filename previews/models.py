"""Shareable preview links: a signed, expiring, revocable address for one article.

The address carries `<id>.<nonce>.<signature>`. The signature (SECRET_KEY, salted)
means a guessed or altered token is refused without a query; the stored row is what
lets an editor revoke a link or let it expire (PREVIEW_LINK_HOURS, 24 by default).
Neither the database alone (no signature) nor the key alone (no nonce) makes a link.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

SALT = "newsroom.previews.link"


def new_nonce():
    return secrets.token_urlsafe(18)


def default_expiry():
    return timezone.now() + timedelta(hours=settings.PREVIEW_LINK_HOURS)


def signer():
    return signing.Signer(salt=SALT, sep=".")


class PreviewLinkQuerySet(models.QuerySet):
    def resolve(self, token, now=None):
        """Return (link, problem) for `token`: problem is None for a link that works,
        else "invalid", "revoked" or "expired" (link is None when invalid)."""
        try:
            value = signer().unsign(str(token))
            pk, nonce = value.split(".", 1)
            pk = int(pk)
        except (signing.BadSignature, ValueError):
            return None, "invalid"
        link = self.select_related("article").filter(pk=pk, nonce=nonce).first()
        if link is None:
            return None, "invalid"
        return link, link.problem(now)


class PreviewLink(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    note = models.CharField(
        "shared with", max_length=200, blank=True,
        help_text="Who the link is for, e.g. “Legal: Sam Ortiz”. Only editors see this.",
    )
    nonce = models.CharField(max_length=40, unique=True, default=new_nonce, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    expires_at = models.DateTimeField(
        default=default_expiry, help_text="After this the link shows a “link expired” page.",
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Preview of “{self.article}”" + (f" for {self.note}" if self.note else "")

    @property
    def token(self):
        return signer().sign(f"{self.pk}.{self.nonce}")

    def get_absolute_url(self):
        return reverse("previews:article", kwargs={"token": self.token})

    def problem(self, now=None):
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return None

    @property
    def is_active(self):
        return self.problem() is None
