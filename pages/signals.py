"""Cache invalidation for static pages.

Surrogate keys a page carries: `page:<id>` on its own page, `pages:footer` on every
page (the footer links). Until those exist, any change invalidates everything.
"""

from django.db.models.signals import post_delete, post_save

from newsroom.caching import content_changed


def _page_changed(sender, **kwargs):
    content_changed()


def watch():
    from .models import Page

    post_save.connect(_page_changed, sender=Page, dispatch_uid="pagecache-page-save")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="pagecache-page-del")
