"""Purges for static pages.

A page's own address carries `page-<id>`; the sitemap carries `list`. The footer's
links are on every page, so a change to a page that is (or was) in the footer is a
site-wide change and purges `site`. A scheduled page's keys are purged again when it
goes live.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from newsroom.caching import LISTING, SITE, key, purge
from newsroom.publishing import is_scheduled


def _before_save(sender, instance, **kwargs):
    instance._was_in_footer = bool(instance.pk) and sender.objects.filter(
        pk=instance.pk, in_footer=True).exists()


def _changed(sender, instance, **kwargs):
    keys = [key("page", instance.pk), LISTING]
    if instance.in_footer or getattr(instance, "_was_in_footer", False):
        keys.append(SITE)
    purge(*keys)
    if is_scheduled(instance):
        purge(*keys, at=instance.published_at)  # scheduled: the footer and sitemap change then


def watch():
    from .models import Page

    pre_save.connect(_before_save, sender=Page, dispatch_uid="cache-page-pre")
    post_save.connect(_changed, sender=Page, dispatch_uid="cache-page-save")
    post_delete.connect(_changed, sender=Page, dispatch_uid="cache-page-delete")
