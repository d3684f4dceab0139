"""Purges for old addresses.

A cached page never answers an old address (only 200s are kept, and old addresses
are looked up on a 404), but the front page cached at "/?p=12" before the import
would: the front page, at any query string, carries `list`.
"""

from django.db.models.signals import post_delete, post_save

from newsroom.caching import LISTING, purge


def _old_address_changed(sender, **kwargs):
    purge(LISTING)


def watch():
    from .models import OldAddress

    for signal, uid in ((post_save, "pagecache-oldaddr-save"),
                        (post_delete, "pagecache-oldaddr-del")):
        signal.connect(_old_address_changed, sender=OldAddress, dispatch_uid=uid)
