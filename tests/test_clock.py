"""checker.values.clock: clock times, compared within an hour, as instants when zoned."""

from __future__ import annotations

import pytest

from checker.values.clock import TimeType, TimeValue, parse_time


@pytest.mark.parametrize("text, minutes, zone", [
    ("7 p.m.", 19 * 60, None),
    ("7pm", 19 * 60, None),
    ("19:00", 19 * 60, None),
    ("7:30 a.m.", 7 * 60 + 30, None),
    ("10.30 pm", 22 * 60 + 30, None),
    ("12 a.m.", 0, None),
    ("12 p.m.", 12 * 60, None),
    ("noon", 12 * 60, None),
    ("midnight", 0, None),
    ("1700 GMT", 17 * 60, "GMT"),
    ("9:15 BST", 9 * 60 + 15, "BST"),
    ("04:17 local time", 4 * 60 + 17, "local"),
    ("7 p.m. local", 19 * 60, "local"),
], ids=str)
def test_parse(text, minutes, zone):
    assert parse_time(text) == TimeValue(minutes, zone)


@pytest.mark.parametrize("text", ["25:00", "soon", ""])
def test_not_times(text):
    assert parse_time(text) is None


def test_display_and_json():
    assert TimeValue(19 * 60 + 5, "GMT").display() == "19:05 GMT"
    assert TimeValue(7 * 60, None).display() == "07:00"
    assert TimeValue(7 * 60, "local").to_json() == {"type": "time", "time": "07:00", "zone": "local"}


def conflict(a: str, b: str, book, make_fact):
    x, y = parse_time(a), parse_time(b)
    return TimeType().conflict(make_fact(x, article="a"), make_fact(y, article="b"), book.lexicons)


@pytest.mark.parametrize("a, b", [
    ("7 p.m.", "19:00"),
    ("7 p.m.", "7:45 p.m."),  # within the hour's tolerance
    ("1700 GMT", "18:00 BST"),  # one instant on two clocks
    ("11:30 p.m.", "00:15"),  # across midnight
    ("7 p.m. local", "1700 GMT"),  # local and zoned: the place's zone is unknown
], ids=str)
def test_times_that_agree(book, make_fact, a, b):
    assert conflict(a, b, book, make_fact) is None


@pytest.mark.parametrize("a, b, message", [
    ("7 p.m.", "9 p.m.", "19:00 vs 21:00"),
    ("1700 GMT", "17:00 EST", "17:00 GMT vs 17:00 EST"),
    ("7 a.m.", "7 p.m.", "07:00 vs 19:00"),
], ids=str)
def test_times_that_conflict(book, make_fact, a, b, message):
    found = conflict(a, b, book, make_fact)
    assert (found.kind, found.message) == ("time", message)
