"""Checks for /healthz and the admin's operations view: storage and the task queue.

Each check returns (name, ok, detail). newsroom/health.py holds the database and
cache checks; the health view runs all of them.
"""

import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def storage_check(storage=None):
    """Can media storage be reached (and, on disk, written)?"""
    storage = storage or default_storage
    try:
        storage.exists("healthz-probe")
        location = getattr(storage, "location", None)
        if location and not os.access(location, os.W_OK) and os.path.exists(location):
            return ("storage", False, f"{location} is not writable")
    except Exception as exc:  # any backend's "cannot reach it"
        return ("storage", False, f"{type(exc).__name__}: {exc}"[:200])
    return ("storage", True, "reachable")


def oldest_pending_age(now=None):
    """Seconds the oldest due, not yet started task has waited (0 if none)."""
    now = now or timezone.now()
    due = DBTaskResult.objects.filter(status="READY").filter(
        Q(run_after__lte=now) | Q(run_after=get_date_max()))
    row = due.aggregate(enqueued=Min("enqueued_at"), after=Min("run_after"))
    if row["enqueued"] is None:
        return 0.0
    since = max(row["enqueued"], min(row["after"], now))  # a delayed task waits from its time
    return max(0.0, (now - since).total_seconds())


def task_queue_check(now=None):
    """Is the worker keeping up? Fails when a due task has waited TASK_QUEUE_MAX_AGE."""
    try:
        age = oldest_pending_age(now)
    except Exception as exc:
        return ("tasks", False, f"{type(exc).__name__}: {exc}"[:200])
    ok = age < settings.TASK_QUEUE_MAX_AGE
    return ("tasks", ok, f"oldest pending task waited {age:.0f} s")


def checks():
    return [storage_check(), task_queue_check()]


def check_storage():
    """/healthz's storage check (settings.HEALTH_CHECKS): None when reachable."""
    _, ok, detail = storage_check()
    return None if ok else detail


def check_task_queue():
    """/healthz's task-queue check: None while the worker keeps up."""
    _, ok, detail = task_queue_check()
    return None if ok else detail
