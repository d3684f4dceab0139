"""Times in readers' pages built in Python (newsroom/datetimes.py) read exactly as the
template engine's date filter writes them, in every time zone a newsroom may run in."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone, translation

from newsroom.datetimes import time_element

TEMPLATE = engines["django"].from_string(
    """<time datetime="{{ m|date:'Y-m-d\\TH:i:sO' }}">{{ m|date:"j F Y, H:i" }}</time>""")
MOMENTS = [datetime(2026, 1, 1, 0, 0, tzinfo=UTC), datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),
           datetime(2026, 3, 29, 1, 0, 1, 123456, tzinfo=UTC),
           datetime(2026, 10, 25, 2, 30, tzinfo=UTC), datetime(1999, 12, 31, 23, 59, tzinfo=UTC)]


@pytest.mark.parametrize("zone", ["Europe/London", "UTC", "America/St_Johns", "Asia/Kolkata",
                                  "Pacific/Chatham", "America/Los_Angeles"])
def test_a_time_reads_as_the_date_filter_writes_it(zone):
    with timezone.override(zone):
        for moment in MOMENTS + [m + timedelta(hours=h) for m in MOMENTS for h in (5, 13)]:
            assert time_element(moment) == TEMPLATE.render({"m": moment})


def test_the_repeated_hour_when_clocks_go_back_keeps_each_moments_offset():
    # The date filter writes no offset for an hour that happens twice; a reader's
    # machine needs one to tell the two apart.
    with timezone.override("Europe/London"):
        first = time_element(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
        second = time_element(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
    assert first == '<time datetime="2026-10-25T01:30:00+0100">25 October 2026, 01:30</time>'
    assert second == '<time datetime="2026-10-25T01:30:00+0000">25 October 2026, 01:30</time>'


def test_month_names_follow_the_active_language():
    moment = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    with translation.override("fr"), timezone.override("UTC"):
        assert time_element(moment) == TEMPLATE.render({"m": moment})
