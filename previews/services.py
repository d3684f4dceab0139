"""Making and revoking preview links (the admin and anything else call these)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import roles

from .models import PreviewLink

MAX_HOURS = 24 * 30


def can_share(user, article=None):
    """Editors share previews of any article they can see (writers ask an editor)."""
    return (roles.is_editor(user) and user.has_perm("previews.add_previewlink")
            and (article is None or roles.can_view(user, article)))


def preview_link_create(*, article, user, hours=None, note=""):
    """A new link to `article` as readers will see it, working for `hours` (24 by default)."""
    if not can_share(user, article):
        raise PermissionDenied("Only editors can share previews.")
    link = PreviewLink(article=article, created_by=user, note=(note or "").strip()[:200])
    if hours is not None:
        if not 1 <= hours <= MAX_HOURS:
            raise ValidationError(f"A preview link lasts from 1 hour to {MAX_HOURS // 24} days.")
        link.expires_at = timezone.now() + timedelta(hours=hours)
    link.save()
    return link


def preview_link_revoke(*, link, user):
    """Stop `link` working at once; whoever opens it then is told it was withdrawn."""
    if not can_share(user):
        raise PermissionDenied("Only editors can revoke preview links.")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = user
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link
