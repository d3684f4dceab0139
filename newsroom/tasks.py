"""The worker's housekeeping: periodic tasks, and recovery of tasks whose worker died.

Periodic tasks (settings.PERIODIC_TASKS) reschedule themselves: each run first enqueues
the next one (`again()`, with `run_after`), unless one is already waiting, and `schedule_periodic()` (run by
`manage.py run_worker` at start) enqueues any that is missing. So there is no cron:
whatever worker is running picks them up, and a killed run is recovered like any task.

django-tasks-db leaves the task of a killed worker RUNNING for ever. `recover_stalled()`
(at worker start, and every minute) puts such a task back in the queue: at once when its
worker was on this host and has exited, otherwise after TASK_STALL_SECONDS. Tasks must
therefore be idempotent (the mail outbox makes mail so: newsroom/tasks_mail.py).
"""

import logging
import secrets
import socket
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from .tasks_mail import process_is_gone

logger = logging.getLogger(__name__)

MINUTE, HOUR, DAY = 60, 3600, 86400


def worker_id():
    """A db_worker id that names this process ("host:pid:random"), for recover_stalled()."""
    import os

    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def recover_stalled(now=None):
    """Queue again the RUNNING tasks whose worker is gone; return how many."""
    now = now or timezone.now()
    recovered = 0
    for row in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        last = row.worker_ids[-1] if row.worker_ids else ""
        if process_is_gone(last, row.started_at, now):
            recovered += DBTaskResult.objects.filter(pk=row.pk, status="RUNNING").update(
                status="READY", started_at=None, run_after=now)
            logger.warning("Task %s was left running by worker %s, which is gone: queued again",
                           row.pk, last)
    return recovered


def again(periodic_task, seconds):
    """Enqueue the next run of `periodic_task` in `seconds`, unless one is waiting."""
    waiting = DBTaskResult.objects.filter(task_path=periodic_task.module_path, status="READY")
    if not waiting.exists():
        periodic_task.using(run_after=timezone.now() + timedelta(seconds=seconds)).enqueue()


@task()
def recover_stalled_tasks():
    again(recover_stalled_tasks, MINUTE)
    return recover_stalled()


@task()
def analyze_database():
    """Daily: refresh the query planner's statistics."""
    from .database import analyze

    again(analyze_database, DAY)
    analyze()


@task()
def prune_task_results():
    """Hourly: delete finished task rows older than TASK_RESULT_DAYS."""
    again(prune_task_results, HOUR)
    days = settings.TASK_RESULT_DAYS
    call_command("prune_db_task_results", min_age_days=days, failed_min_age_days=2 * days,
                 verbosity=0)


@task()
def sweep_orphan_media():
    """Hourly: remove media files no row points to (newsroom/tasks_media.py)."""
    from .tasks_media import sweep_orphans

    again(sweep_orphan_media, HOUR)
    return len(sweep_orphans())


def periodic_tasks():
    """The tasks listed in settings.PERIODIC_TASKS (apps' own ones among them)."""
    return [import_string(path) for path in settings.PERIODIC_TASKS]


def schedule_periodic():
    """Enqueue each periodic task that has no run waiting or running; return how many."""
    added = 0
    for periodic_task in periodic_tasks():
        rows = DBTaskResult.objects.filter(task_path=periodic_task.module_path,
                                           status__in=["READY", "RUNNING"])
        if not rows.exists():
            periodic_task.enqueue()
            added += 1
    return added
