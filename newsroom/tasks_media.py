"""The orphan sweep: remove media files no database row points to, once they are an
hour old (an upload in progress, or renditions whose row is about to be updated, are
younger). Runs hourly as a periodic task (newsroom/tasks.py).

Which files are referenced is read *after* the storage is listed, so a row committed
meanwhile still protects its files.
"""

import logging
import os
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)


def stored_files(storage=None):
    """Every (name, modified time) in media storage."""
    storage = storage or default_storage
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:  # one listing request per 1,000 objects, times included
        prefix = (storage.location or "").strip("/")
        for obj in bucket.objects.filter(Prefix=f"{prefix}/" if prefix else ""):
            yield obj.key[len(prefix) + 1 if prefix else 0:], obj.last_modified
        return
    root = storage.location
    for directory, _, files in os.walk(root):
        for file in files:
            path = os.path.join(directory, file)
            try:
                modified = datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
            except FileNotFoundError:
                continue
            yield os.path.relpath(path, root).replace(os.sep, "/"), modified


def _names_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _names_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _names_in(item)


def referenced_files():
    """Every name a row points to: file fields and their `<field>_renditions` records,
    in the models and in their revisions."""
    names = set()
    for model in apps.get_models():
        columns = {f.name for f in model._meta.concrete_fields}
        for field in _file_fields(model):
            if field not in columns:
                continue
            read = [field] + ([f"{field}_renditions"] if f"{field}_renditions" in columns else [])
            for row in model._base_manager.exclude(**{field: ""}).values_list(*read):
                names.update(_names_in(list(row)))
    return names


def _file_fields(model):
    """A model's file fields; for a revision model (django-simple-history keeps them as
    text), those of the model it copies, so an old revision's image is kept too."""
    source = getattr(model, "instance_type", None) or model
    return [f.name for f in source._meta.concrete_fields if isinstance(f, models.FileField)]


def sweep_orphans(now=None, storage=None):
    """Delete unreferenced files older than MEDIA_ORPHAN_AGE; return their names."""
    storage = storage or default_storage
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.MEDIA_ORPHAN_AGE)
    candidates = [name for name, modified in stored_files(storage) if modified < cutoff]
    if not candidates:
        return []
    keep = referenced_files()
    removed = []
    for name in candidates:
        if name not in keep:
            storage.delete(name)
            removed.append(name)
    if removed:
        logger.info("Orphan sweep removed %d file(s)", len(removed))
    return removed
