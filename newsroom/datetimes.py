"""Dates in readers' pages, written as the template filters write them, without the
template engine's date formatter (the pages that list many things print two each)."""

from functools import lru_cache

from django.utils.dates import MONTHS
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language


def time_element(moment):
    """`<time datetime="{{ moment|date:'Y-m-d\\TH:i:sO' }}">{{ moment|date:"j F Y, H:i" }}</time>`,
    in local time: the moment is converted once, for both. (In the hour that happens twice
    when clocks go back, the filter writes no offset; this writes the moment's own.)"""
    return time_writer()(moment)


def time_writer():
    """`time_element` with the active time zone and language looked up once, for markup
    that prints dozens of times (each lookup costs more than the formatting)."""
    return _writer(get_current_timezone(), get_language())


@lru_cache(maxsize=32)
def _writer(zone, language):
    months = month_names(language)

    def write(moment):
        m = moment.astimezone(zone)
        offset = m.utcoffset()
        minutes = int(offset.total_seconds()) // 60 if offset else 0
        sign = "-" if minutes < 0 else "+"
        minutes = abs(minutes)
        clock = f"{m.hour:02d}:{m.minute:02d}"
        return (f'<time datetime="{m.year:04d}-{m.month:02d}-{m.day:02d}T{clock}:{m.second:02d}'
                f'{sign}{minutes // 60:02d}{minutes % 60:02d}">{m.day} {months[m.month]} '
                f"{m.year}, {clock}</time>")

    return write


@lru_cache(maxsize=16)
def month_names(language):
    """{1: "January", …} in `language` (the active one): MONTHS holds lazy translations,
    each looked up again on every use."""
    return {number: str(name) for number, name in MONTHS.items()}
