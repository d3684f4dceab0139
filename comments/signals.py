"""Signals other parts of the site connect to (for example, to invalidate cached pages)."""

from django.dispatch import Signal

# Sent after commit, once per transaction and article, whenever what readers see of an
# article's comments may have changed (approve, spam, remove, restore, a reported
# comment pulled back, erasure, delete), after its count was recounted and its pages
# purged (comments/counts.py). Keyword arguments: article (the Article), comment_ids.
comment_visibility_changed = Signal()
