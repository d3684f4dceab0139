"""The outbox and the queue, in process: one mail per key, recovery, periodic tasks, ops."""

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsroom import ops, tasks
from newsroom.models import OutgoingMail
from newsroom.tasks_mail import compose, deliver, deliver_mail
from tests.factories import make_article, make_user, post_comment

from .smtp import SMTPServer

pytestmark = pytest.mark.django_db
SLOW_SMTP_PORT = 18532


def _compose(key="test:1"):
    return compose(key=key, subject="Hello", body="Body", to=["ada@example.com"])


def test_a_mail_composed_twice_under_one_key_is_recorded_once():
    _compose()
    _compose()
    assert OutgoingMail.objects.count() == 1


def test_a_mail_delivered_twice_is_sent_once():
    mail_row, _ = _compose()
    assert deliver(mail_row.pk) is True
    assert deliver(mail_row.pk) is False
    assert len(mail.outbox) == 1


def test_a_mail_claimed_by_a_live_worker_is_left_to_it():
    mail_row, _ = _compose()
    OutgoingMail.objects.filter(pk=mail_row.pk).update(
        status="sending", claimed_by=f"{socket.gethostname()}:{os.getpid()}",
        claimed_at=timezone.now())
    assert deliver(mail_row.pk) is False
    assert mail.outbox == []


def test_a_mail_claimed_by_a_dead_worker_is_sent_by_the_next():
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    mail_row, _ = _compose()
    OutgoingMail.objects.filter(pk=mail_row.pk).update(
        status="sending", claimed_by=f"{socket.gethostname()}:{dead}", claimed_at=timezone.now())
    assert deliver(mail_row.pk) is True
    assert len(mail.outbox) == 1


def test_a_mail_the_server_keeps_refusing_is_marked_failed_after_the_last_retry(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": SLOW_SMTP_PORT,
                                                "timeout": 2}}}
    settings.MAIL_RETRY_DELAYS = [0]
    mail_row, _ = _compose()
    deliver(mail_row.pk)
    assert OutgoingMail.objects.get().status == "retrying"
    deliver(mail_row.pk)
    assert OutgoingMail.objects.get().status == "failed"


def _running_task(worker, started=None):
    row = deliver_mail.enqueue(1)
    DBTaskResult.objects.filter(pk=row.id).update(
        status="RUNNING", worker_ids=[worker], started_at=started or timezone.now())
    return row.id


def test_a_task_left_running_by_an_exited_worker_is_queued_again():
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    pk = _running_task(f"{socket.gethostname()}:{dead}:abcd")
    assert tasks.recover_stalled() == 1
    assert DBTaskResult.objects.get(pk=pk).status == "READY"


def test_a_task_running_in_a_live_worker_is_left_alone():
    pk = _running_task(f"{socket.gethostname()}:{os.getpid()}:abcd")
    assert tasks.recover_stalled() == 0
    assert DBTaskResult.objects.get(pk=pk).status == "RUNNING"


def test_a_task_of_an_unseen_worker_is_queued_again_after_the_stall_timeout(settings):
    settings.TASK_STALL_SECONDS = 60
    fresh = _running_task("other-host:1:abcd")
    stale = _running_task("other-host:1:abcd", timezone.now() - timedelta(seconds=61))
    tasks.recover_stalled()
    assert DBTaskResult.objects.get(pk=fresh).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=stale).status == "READY"


def test_each_periodic_task_is_scheduled_once(settings):
    assert tasks.schedule_periodic() == len(tasks.periodic_tasks()) == len(settings.PERIODIC_TASKS)
    assert tasks.schedule_periodic() == 0


def test_a_periodic_task_schedules_its_next_run():
    tasks.prune_task_results.call()
    waiting = DBTaskResult.objects.get(task_path=tasks.prune_task_results.module_path)
    assert waiting.run_after > timezone.now() + timedelta(minutes=59)


def test_a_slow_smtp_server_does_not_slow_a_comment_post(client, settings, run_tasks):
    server = SMTPServer(SLOW_SMTP_PORT, delay=2).start()
    try:
        settings.MAILERS = {"default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": SLOW_SMTP_PORT, "timeout": 10}}}
        settings.MODERATOR_EMAILS = ["mod@newsroom.example"]
        settings.COMMENT_MIN_SECONDS = 0
        article = make_article()
        started = time.monotonic()
        response = post_comment(client, article, comment="Quick, please")
        took = time.monotonic() - started
        assert response.status_code == 303 and took < 1.0, took
        run_tasks()  # the worker's turn: it waits for the server, the reader did not
        assert len(server.wait_for(1)) == 1
    finally:
        server.stop()


def test_healthz_reports_storage_and_the_task_queue(client):
    body = client.get("/healthz").json()
    assert body["checks"]["storage"]["status"] == "ok" and body["checks"]["tasks"]["status"] == "ok"


def test_healthz_fails_when_a_due_task_has_waited_too_long(client, settings):
    settings.TASK_QUEUE_MAX_AGE = 60
    row = deliver_mail.enqueue(1)
    DBTaskResult.objects.filter(pk=row.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=5),
        run_after=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["status"] != "ok"


def test_a_delayed_task_is_not_pending_before_its_time():
    deliver_mail.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(1)
    assert ops.oldest_pending_age() == 0


def _ops_user():
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_operations"))
    return user


def test_staff_with_the_ops_permission_see_mail_waiting_to_retry(client):
    OutgoingMail.objects.create(key="k", subject="Digest", body="b", to=["m@x.example"],
                                status="retrying", last_error="ConnectionRefusedError")
    client.force_login(_ops_user())
    response = client.get("/admin/newsroom/outgoingmail/?status__exact=retrying")
    assert response.status_code == 200 and b"Digest" in response.content


def test_staff_with_the_ops_permission_can_run_a_failed_task_again(client):
    row = deliver_mail.enqueue(1)
    DBTaskResult.objects.filter(pk=row.id).update(status="FAILED", finished_at=timezone.now())
    client.force_login(_ops_user())
    response = client.post("/admin/django_tasks_database/dbtaskresult/",
                           {"action": "run_again", "_selected_action": [str(row.id)]})
    assert response.status_code == 302
    assert DBTaskResult.objects.get(pk=row.id).status == "READY"


def test_staff_without_the_ops_permission_do_not_see_the_queue(client):
    client.force_login(make_user(is_staff=True))
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 403


def test_staff_with_the_ops_permission_see_whether_storage_is_reachable(client):
    client.force_login(_ops_user())
    response = client.get("/admin/django_tasks_database/dbtaskresult/")
    assert "Storage: OK — reachable." in response.content.decode()
    assert "Tasks: OK — oldest pending task waited 0 s." in response.content.decode()
