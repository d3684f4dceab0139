"""Webhooks: tell registered addresses when stories are published, updated, unpublished
or corrected, and when a comment is approved.

What happened is worked out from the saves themselves (whatever path made them: the
admin, a service, an import), collected per transaction and, after it commits, turned
into one delivery per webhook that chose the event, each sent by the `deliver_webhook`
task. A scheduled story is announced by a task at its publish time. Comment approvals
arrive by the `comments.signals.comment_visibility_changed` signal: `comments` knows
nothing of this app.

Each delivery is a POST of JSON signed with the webhook's secret:
`X-Newsroom-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, with the
timestamp (Unix seconds) in `X-Newsroom-Timestamp`, so a receiver can refuse old or
replayed deliveries. A failure is retried after WEBHOOK_RETRY_DELAYS, then marked
failed; the admin shows every attempt's response code. Delivery is at least once
(`X-Newsroom-Delivery` names the occurrence, for receivers to ignore repeats).
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save
from django.tasks import task
from django.utils import timezone

from articles.models import Article, Correction
from newsroom.database import once_after_commit
from newsroom.publishing import is_published

from . import serialize
from .models import Event, Webhook, WebhookDelivery

logger = logging.getLogger(__name__)
USER_AGENT = "Newsroom-Webhooks/1"


def signature(secret, timestamp, body):
    message = f"{timestamp}.{body}".encode()
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


# --- What happened ---------------------------------------------------------------------

def _record(event, article_id, event_id=None, data=None):
    """Announce `event` after commit; a story published and edited in one transaction is
    announced once, as published."""
    def update(batch):
        kept = batch.get(article_id)
        if kept is None or kept[0] == Event.UPDATED or event != Event.UPDATED:
            batch[article_id] = (event, event_id, data)

    once_after_commit("webhook-events", update, _announce_batch)


def _announce_batch(batch):
    for article_id, (event, event_id, data) in batch.items():
        announce(event, article_id=article_id, event_id=event_id, data=data)


def _article_data(article_id):
    from .views import article_queryset

    article = article_queryset(Article.objects.all()).prefetch_related("corrections") \
        .filter(pk=article_id).first()
    return serialize.article(article) if article is not None else None


def _gone_data(article):
    return {"id": article.pk, "slug": article.slug, "headline": article.headline,
            "url": serialize.absolute_url(article.get_absolute_url())}


def announce(event, *, article_id=None, event_id=None, data=None):
    """Queue one delivery of `event` to each active webhook that chose it."""
    hooks = [hook for hook in Webhook.objects.filter(active=True) if event in hook.events]
    if not hooks:
        return 0
    if data is None:
        data = _article_data(article_id)
        if data is None:
            return 0
    event_id = event_id or f"{event}:{article_id}:{uuid.uuid4().hex}"
    body = json.dumps({"id": event_id, "event": str(event), "occurred_at": timezone.now(),
                       "data": data}, cls=DjangoJSONEncoder, ensure_ascii=False)
    queued = 0
    with transaction.atomic():
        for hook in hooks:
            delivery, created = WebhookDelivery.objects.get_or_create(
                webhook=hook, event_id=event_id, defaults={"event": event, "body": body})
            if created:
                deliver_webhook.enqueue(delivery.pk)
                queued += 1
    return queued


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        instance._webhooks_before = None
    elif "stored_before_save" in instance.__dict__:
        # The stored row as articles read it for this save (articles/cache.py's receiver
        # runs first, or the saving service passed its locked read): not read again.
        instance._webhooks_before = instance.__dict__["stored_before_save"]
    else:
        instance._webhooks_before = Article.objects.filter(pk=instance.pk).only(
            "status", "published_at").first()


def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_webhooks_before", None)
    was, now = before is not None and is_published(before), is_published(instance)
    if now and not was:
        _record(Event.PUBLISHED, instance.pk, _published_id(instance))
    elif now:
        _record(Event.UPDATED, instance.pk)
    elif was:
        _record(Event.UNPUBLISHED, instance.pk, data=_gone_data(instance))
    elif instance.status == Article.Status.PUBLISHED and instance.published_at:
        # Scheduled: announced when its time comes, if it is still due then.
        when = instance.published_at
        transaction.on_commit(lambda: announce_scheduled.using(run_after=when).enqueue(
            instance.pk, when.isoformat()))


def _published_id(article):
    return f"{Event.PUBLISHED}:{article.pk}:{article.published_at.timestamp():.0f}"


def _deleting(sender, instance, **kwargs):
    if is_published(instance):
        _record(Event.UNPUBLISHED, instance.pk, data=_gone_data(instance))


def _corrected(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        article = Article.objects.filter(pk=instance.article_id).only(
            "status", "published_at").first()
        if article is not None and is_published(article):
            _record(Event.CORRECTED, instance.article_id,
                    f"{Event.CORRECTED}:{instance.article_id}:{instance.pk}")


def _comments_changed(sender, article, comment_ids, **kwargs):
    from comments.models import Comment

    if not is_published(article):
        return
    approved = Comment.objects.filter(pk__in=comment_ids, status=Comment.Status.APPROVED)
    for comment in approved.only("pk", "parent_id", "author_name", "created_at", "article_id"):
        announce(Event.COMMENT_APPROVED, event_id=f"{Event.COMMENT_APPROVED}:{comment.pk}", data={
            "id": comment.pk, "parent_id": comment.parent_id, "author_name": comment.author_name,
            "created_at": comment.created_at, "article": _gone_data(article),
        })


@task()
def announce_scheduled(article_id, published_at):
    """At a scheduled story's publish time: announce it if it is still due then."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not is_published(article):
        return 0
    if article.published_at.isoformat() != published_at:
        return 0  # rescheduled since: that schedule has its own task
    return announce(Event.PUBLISHED, article_id=article_id, event_id=_published_id(article))


def watch():
    from comments.signals import comment_visibility_changed

    uid = "api-webhooks-"
    pre_save.connect(_before_save, sender=Article, dispatch_uid=uid + "pre")
    post_save.connect(_saved, sender=Article, dispatch_uid=uid + "save")
    pre_delete.connect(_deleting, sender=Article, dispatch_uid=uid + "delete")
    post_save.connect(_corrected, sender=Correction, dispatch_uid=uid + "correction")
    comment_visibility_changed.connect(_comments_changed, dispatch_uid=uid + "comments")


# --- Sending ------------------------------------------------------------------------------

class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is the receiver's answer, not somewhere else to post to


_opener = urllib.request.build_opener(_NoRedirects)


def _post(delivery):
    """Send once; return (response code or None, excerpt, error text)."""
    timestamp = str(int(time.time()))
    request = urllib.request.Request(delivery.webhook.url, data=delivery.body.encode(),
                                     method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Newsroom-Event": delivery.event,
        "X-Newsroom-Delivery": delivery.event_id,
        "X-Newsroom-Timestamp": timestamp,
        "X-Newsroom-Signature": signature(delivery.webhook.secret, timestamp, delivery.body),
    })
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status, response.read(500).decode(errors="replace"), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read(500).decode(errors="replace"), f"HTTP {error.code}"
    except Exception as error:  # refused, timed out, bad address
        return None, "", str(error)[:500] or type(error).__name__


@task()
def deliver_webhook(delivery_id, attempt=0):
    """Make attempt number `attempt` of one delivery; retry later if it fails."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, attempts=attempt,
    ).update(attempts=attempt + 1, last_attempt_at=timezone.now())
    if not claimed:
        return None  # already made (a task that ran twice), delivered, or given up
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    code, excerpt, error = _post(delivery)
    delivered = code is not None and 200 <= code < 300
    delays = settings.WEBHOOK_RETRY_DELAYS
    status = (WebhookDelivery.Status.DELIVERED if delivered
              else WebhookDelivery.Status.PENDING if attempt < len(delays)
              else WebhookDelivery.Status.FAILED)
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=status, response_code=code, response_excerpt=excerpt[:500], error=error[:500],
        delivered_at=timezone.now() if delivered else None)
    if status == WebhookDelivery.Status.PENDING:
        logger.warning("Webhook delivery %s to %s failed (attempt %d): %s", delivery_id,
                       delivery.webhook.url, attempt + 1, error)
        deliver_webhook.using(run_after=timezone.now() + timedelta(seconds=delays[attempt])) \
            .enqueue(delivery_id, attempt + 1)
    elif status == WebhookDelivery.Status.FAILED:
        logger.error("Gave up delivering webhook %s to %s", delivery_id, delivery.webhook.url)
    return code
