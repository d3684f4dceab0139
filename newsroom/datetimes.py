"""Dates in readers' pages, written as the template filters write them, without the
template engine's date formatter (the pages that list many things print two each)."""

from functools import lru_cache

from django.utils.dates import MONTHS
from django.utils.timezone import localtime
from django.utils.translation import get_language


def machine_time(moment):
    """`moment` as `{{ moment|date:'Y-m-d\\TH:i:sO' }}` writes it (in local time)."""
    moment = localtime(moment)
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds()) // 60 if offset else 0
    sign = "-" if minutes < 0 else "+"
    return f"{moment:%Y-%m-%dT%H:%M:%S}{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def human_time(moment):
    """`moment` as `{{ moment|date:"j F Y, H:i" }}` writes it (in local time)."""
    moment = localtime(moment)
    return f"{moment.day} {month_names(get_language())[moment.month]} {moment.year}, {moment:%H:%M}"


@lru_cache(maxsize=16)
def month_names(language):
    """{1: "January", …} in `language` (the active one): MONTHS holds lazy translations,
    each looked up again on every use."""
    return {number: str(name) for number, name in MONTHS.items()}
