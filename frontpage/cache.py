"""The front page's own surrogate key, and the purges that slot and zone changes send.

The front page records `FRONT_PAGE` besides the listing key every story list carries.
An editor's change to a zone or slot purges that key only (no story, section or feed
page shows slots). A slot's start and end are query conditions, so nothing changes in
the database when they pass: the page is purged then by a task, as a scheduled story's
keys are (`purge(..., at=...)`, run by the task worker).
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from newsroom.caching import purge

from .models import Slot, Zone

FRONT_PAGE = "front"


def purge_front_page(*times):
    """Purge the front page now and at each of `times` still to come."""
    purge(FRONT_PAGE)
    now = timezone.now()
    for when in sorted({t for t in times if t is not None and t > now}):
        purge(FRONT_PAGE, at=when)


def _slot_saved(sender, instance, **kwargs):
    # Its old times (if it had others) no longer change anything; the new ones will.
    purge_front_page(instance.starts_at, instance.ends_at)


def _slot_deleted(sender, instance, **kwargs):
    purge_front_page()


def _zone_changed(sender, instance, **kwargs):
    purge_front_page()


def watch():
    uid = "cache-frontpage-"
    post_save.connect(_slot_saved, sender=Slot, dispatch_uid=uid + "slot-save")
    post_delete.connect(_slot_deleted, sender=Slot, dispatch_uid=uid + "slot-delete")
    post_save.connect(_zone_changed, sender=Zone, dispatch_uid=uid + "zone-save")
    post_delete.connect(_zone_changed, sender=Zone, dispatch_uid=uid + "zone-delete")
