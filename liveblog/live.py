"""Reading a live article: its coverage and entries as the page shows them, loaded once
per render (the page, its structured data and the poll share them)."""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from .models import LiveCoverage


def coverage_of(article):
    """The article's live coverage, or None (read from the page query's join)."""
    try:
        return article.live_coverage
    except LiveCoverage.DoesNotExist:
        return None


def entries_of(article):
    """Pinned entries first, then newest first: one query (two with embeds), kept on
    the article for the rest of the render."""
    if not hasattr(article, "_live_entries"):
        article._live_entries = list(article.live_entries.for_page())
    return article._live_entries


def summary(entry, words=14):
    """What the key-events list and feeds call an entry without a headline."""
    if entry.headline:
        return entry.headline
    return Truncator(" ".join(strip_tags(entry.body).split())).words(words, truncate="…")
