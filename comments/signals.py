"""Signals other parts of the site connect to (for example, to invalidate cached pages)."""

from django.dispatch import Signal

# Sent after commit whenever what readers see of an article's comments may have
# changed (approve, spam, remove, restore, a reported comment pulled back, erasure).
# Keyword arguments: article (the Article), comment_ids (list of ints).
comment_visibility_changed = Signal()
