"""The mail outbox: every mail is recorded under an idempotency key, then sent by a task.

`compose()` records a mail (or finds the one already recorded under its key) and is
called inside the transaction of the change that caused it, or by a task; `deliver()`
claims it, sends it, and marks it sent. So:

- a task that runs twice (its worker was killed, a retry) sends nothing twice: a mail
  already sent, or claimed by a worker that is still alive, is left alone;
- a worker killed between claiming and marking sent leaves the claim to a dead process;
  the next run takes it over and sends (the one window in which the SMTP server may have
  accepted the first copy: at-least-once there, never twice otherwise);
- SMTP down: the mail waits in RETRYING and `deliver_mail` is enqueued again after
  MAIL_RETRY_DELAYS; after the last one it is FAILED. Staff see both in the admin
  ("Outgoing mails") and can send a failed one again.
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from .models import OutgoingMail

logger = logging.getLogger(__name__)
Status = OutgoingMail.Status


def this_process():
    """How the outbox and the task recovery name a worker process: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


def process_is_gone(name, since, now=None):
    """True when the process `name` ("host:pid[:...]") cannot still be working on
    something it started at `since`: it was on this host and has exited, or it started
    longer than TASK_STALL_SECONDS ago (on another host, or a pid since reused)."""
    host, _, rest = (name or "").partition(":")
    pid = rest.partition(":")[0]
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # a process of someone else's has that id now
    # Alive, or out of sight: only the timeout tells (a reused pid cannot pin it for ever).
    now = now or timezone.now()
    return since is None or now - since > timedelta(seconds=settings.TASK_STALL_SECONDS)


def compose(*, key, subject, body, to, headers=None, send_now=False):
    """Record a mail under `key` and enqueue its delivery with the caller's transaction.

    Returns (mail, created). Called again with the same key it returns the recorded
    mail and enqueues nothing. `send_now` (for tasks, outside any transaction) also
    delivers it at once; the enqueued delivery then finds it sent.
    """
    with transaction.atomic():
        mail, created = OutgoingMail.objects.get_or_create(
            key=key[:200],
            defaults={"subject": f"[{settings.SITE_NAME}] {subject}"[:300], "body": body,
                      "to": list(to), "headers": headers or {}},
        )
        if created:
            deliver_mail.enqueue(mail.pk)
    if send_now and created and not transaction.get_connection().in_atomic_block:
        deliver(mail.pk)
    return mail, created


def _claim(pk):
    """Take the mail for this process; False if it is sent, given up, or someone
    alive holds it."""
    now = timezone.now()
    claimable = Q(status__in=[Status.QUEUED, Status.RETRYING])
    mail = OutgoingMail.objects.filter(pk=pk).first()
    if mail is None:
        return None
    if mail.status == Status.SENDING and process_is_gone(mail.claimed_by, mail.claimed_at, now):
        claimable |= Q(status=Status.SENDING, claimed_by=mail.claimed_by)
    won = OutgoingMail.objects.filter(claimable, pk=pk).update(
        status=Status.SENDING, claimed_by=this_process(), claimed_at=now,
        attempts=mail.attempts + 1,
    )
    return OutgoingMail.objects.get(pk=pk) if won else None


def deliver(pk):
    """Send the recorded mail `pk` once; return True if this call sent it."""
    mail = _claim(pk)
    if mail is None:
        return False
    message = EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.to,
                           headers=mail.headers)
    try:
        message.send()
    except Exception as exc:  # SMTP refused, timed out, rejected: all retried the same way
        _retry_later(mail, exc)
        return False
    OutgoingMail.objects.filter(pk=pk).update(status=Status.SENT, sent_at=timezone.now(),
                                              last_error="")
    logger.info("Mail %s (%s) sent to %d recipient(s) by worker process %s",
                mail.pk, mail.key, len(mail.to), this_process())
    return True


def _retry_later(mail, exc):
    delays = settings.MAIL_RETRY_DELAYS
    error = f"{type(exc).__name__}: {exc}"[:1000]
    if mail.attempts > len(delays):
        OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.FAILED, last_error=error)
        logger.error("Gave up on mail %s (%s) after %d attempts: %s",
                     mail.pk, mail.key, mail.attempts, error)
        return
    when = timezone.now() + timedelta(seconds=delays[mail.attempts - 1])
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=Status.RETRYING, last_error=error, next_attempt_at=when)
        deliver_mail.using(run_after=when).enqueue(mail.pk)
    logger.warning("Mail %s (%s) not sent (attempt %d, %s); retrying at %s",
                   mail.pk, mail.key, mail.attempts, error, when.isoformat())


def resend(mails):
    """Staff: send failed mails again, from a fresh round of retries. Return how many."""
    pks = [m.pk for m in mails if m.status == Status.FAILED]
    with transaction.atomic():
        OutgoingMail.objects.filter(pk__in=pks, status=Status.FAILED).update(
            status=Status.QUEUED, attempts=0, next_attempt_at=None)
        for pk in pks:
            deliver_mail.enqueue(pk)
    return len(pks)


@task()
def deliver_mail(mail_id):
    return deliver(mail_id)
