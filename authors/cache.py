"""Purges for author profiles: their page, and every page that shows their name.

Pages showing an author (their own page, article pages and teasers with their
byline) carry `author-<id>`; listings (the front page, feeds) carry `list`.
"""

from django.db.models.signals import post_delete, post_save

from newsroom.caching import LISTING, key, purge

from .models import Author


def _saved(sender, instance, created, **kwargs):
    if not created:  # a new author shows nowhere until a story carries their byline
        purge(key("author", instance.pk), LISTING)


def _deleted(sender, instance, **kwargs):
    purge(key("author", instance.pk), LISTING)


def watch():
    post_save.connect(_saved, sender=Author, dispatch_uid="cache-author-save")
    post_delete.connect(_deleted, sender=Author, dispatch_uid="cache-author-delete")
