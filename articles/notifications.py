"""Mail editors about articles submitted for review, as a task after commit.

Batched like the moderators' comment digest: at most one mail per
REVIEW_DIGEST_INTERVAL, listing every submission not yet announced. A task may run
twice; submissions are claimed before mailing, so none is announced twice.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Max
from django.tasks import default_task_backend, task
from django.urls import reverse
from django.utils import timezone

from .models import AuditEntry

logger = logging.getLogger(__name__)


def editor_emails():
    users = get_user_model().objects.filter(is_active=True, groups__name="Editors")
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


@task()
def send_review_digest():
    """Mail editors the submissions not yet announced; return how many were listed."""
    now = timezone.now()
    submitted = AuditEntry.objects.filter(action=AuditEntry.Action.SUBMIT)
    last = submitted.aggregate(last=Max("editors_notified_at"))["last"]
    interval = timedelta(seconds=settings.REVIEW_DIGEST_INTERVAL)
    if last and now - last < interval:
        if default_task_backend.supports_defer:
            send_review_digest.using(run_after=last + interval).enqueue()
        return 0
    recipients = editor_emails()
    if not recipients:
        return 0
    waiting = list(submitted.filter(editors_notified_at__isnull=True).values_list("pk", flat=True))
    if not submitted.filter(pk__in=waiting, editors_notified_at__isnull=True).update(
        editors_notified_at=now
    ):
        return 0
    entries = list(
        submitted.filter(pk__in=waiting, editors_notified_at=now)
        .select_related("actor").order_by("at")
    )
    queue = settings.SITE_URL + reverse("admin:articles_article_changelist") + "?desk=review"
    lines = [f"{len(entries)} article(s) were submitted for review.\n"]
    for entry in entries:
        who = entry.actor.get_username() if entry.actor else "someone"
        lines.append(f"— “{entry.article_headline}”, by {who}")
    lines.append(f"\nReview them: {queue}\n")
    try:
        EmailMessage(
            f"[{settings.SITE_NAME}] {len(entries)} article(s) await review", "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL, recipients,
        ).send()
    except Exception:
        AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).update(editors_notified_at=None)
        logger.exception("Could not mail the editors about articles in review")
        return 0
    return len(entries)
