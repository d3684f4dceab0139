"""Mail goes out from a real worker process, once, through SMTP trouble and killed workers."""

import re
import signal

from .conftest import wait_until

PENDING_COMMENT = """
from django.db import transaction
from articles.models import Article
from comments.models import Comment
from comments import notifications
with transaction.atomic():
    Comment.objects.create(article=Article.objects.get(), author_name="Ada",
        author_email="ada@example.com", body="Is the harbour plan funded?", status="pending")
    notifications.send_moderator_digest.enqueue()
"""
APPROVE = """
from articles.models import Article
from comments.models import Comment
from comments import services
comment = Comment.objects.create(article=Article.objects.get(), author_name="Ada",
    author_email="ada@example.com", body="Approve me", status="pending",
    notify_on_approval=True)
services.comment_approve(comments=[comment], moderator=None)
"""
MAIL_STATUS = ("from newsroom.models import OutgoingMail; "
               "print(','.join(OutgoingMail.objects.values_list('status', flat=True)))")


def test_the_worker_delivers_the_moderators_digest(site, smtp):
    smtp.start()
    site.start_worker()
    site.shell(PENDING_COMMENT)
    messages = smtp.wait_for(1)
    assert len(messages) == 1
    assert "Is the harbour plan funded?" in messages[0]
    assert "To: mod@newsroom.example" in messages[0]


def test_the_worker_log_names_the_process_that_sent_the_mail(site, smtp):
    smtp.start()
    worker = site.start_worker()
    site.shell(PENDING_COMMENT)
    smtp.wait_for(1)
    log = wait_until(lambda: "sent" in worker.log.read_text() and worker.log.read_text())
    assert re.search(rf"sent to 1 recipient\(s\) by worker process [^:\s]+:{worker.pid}\b", log)


def test_a_worker_killed_mid_send_loses_nothing_and_the_mail_goes_once(site, smtp):
    smtp.handler.stall_first_ehlo = 30  # the first connection hangs at its greeting
    smtp.start()
    first = site.start_worker()
    site.shell(APPROVE)
    assert smtp.handler.connected.wait(20), "the worker never reached the SMTP server"
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert smtp.messages == []
    site.start_worker()  # queues the killed worker's task again, and runs it
    assert len(smtp.wait_for(1)) == 1
    assert wait_until(lambda: site.shell(MAIL_STATUS) == "sent"), (
        site.shell(MAIL_STATUS), site.workers[-1].log.read_text())
    # Running the delivery again (a recovered duplicate) sends nothing more.
    site.shell("from newsroom.models import OutgoingMail; from newsroom.tasks_mail import "
               "deliver_mail; deliver_mail.enqueue(OutgoingMail.objects.get().pk)")
    assert wait_until(lambda: "0" == site.shell(
        "from django.conf import settings; from django_tasks_db.models import DBTaskResult; "
        "print(DBTaskResult.objects.exclude(status__in=['SUCCESSFUL','FAILED'])"
        ".exclude(task_path__in=settings.PERIODIC_TASKS).count())"))
    assert len(smtp.messages) == 1
    assert "Your comment was approved" in smtp.messages[0]


def test_smtp_refusing_connections_is_retried_until_the_mail_goes(site, smtp):
    site.env["MAIL_RETRY_DELAYS"] = ",".join(["1"] * 120)  # it keeps trying for two minutes
    site.start_worker()  # nothing listens on the SMTP port yet: connections are refused
    site.shell(APPROVE)
    assert wait_until(lambda: site.shell(MAIL_STATUS) == "retrying")
    error = site.shell("from newsroom.models import OutgoingMail; "
                       "print(OutgoingMail.objects.get().last_error)")
    assert "Connection refused" in error or "ConnectionRefused" in error
    smtp.start()
    assert len(smtp.wait_for(1)) == 1
    assert wait_until(lambda: site.shell(MAIL_STATUS) == "sent")
