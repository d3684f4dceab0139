"""Cache invalidation for old addresses.

A cached page never answers an old address (only 200s are kept, and old addresses
are looked up on a 404), but the home page cached at "/?p=12" before the import
would. Surrogate key such a page should carry: `old-address:<old_path>`; until those
exist, any change invalidates everything.
"""

from django.db.models.signals import post_delete, post_save

from newsroom.caching import content_changed


def _old_address_changed(sender, **kwargs):
    content_changed()


def watch():
    from .models import OldAddress

    for signal, uid in ((post_save, "pagecache-oldaddr-save"),
                        (post_delete, "pagecache-oldaddr-del")):
        signal.connect(_old_address_changed, sender=OldAddress, dispatch_uid=uid)
