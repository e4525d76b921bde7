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
    value = parse_time(text)
    assert (value.minutes, value.zone) == (minutes, zone)


@pytest.mark.parametrize("text, minutes, offset", [
    ("1700 GMT", 17 * 60, 0),
    ("9:15 BST", 9 * 60 + 15, 60),
    ("7 p.m. local time (1600 GMT)", 19 * 60, 180),  # the local clock runs three hours ahead
    ("04:17 local time (2317 GMT)", 4 * 60 + 17, 300),  # across midnight
    ("10 a.m. local, or 1500 GMT", 10 * 60, -300),
    ("7 p.m.", 19 * 60, None),
    ("7 p.m. local", 19 * 60, None),
], ids=str)
def test_offsets_known_from_the_text(text, minutes, offset):
    value = parse_time(text)
    assert (value.minutes, value.offset) == (minutes, offset)


@pytest.mark.parametrize("text, early, late, shown", [
    ("around 7 p.m.", 10, 10, "around 19:00"),
    ("shortly after 7 p.m.", 0, 30, "shortly after 19:00"),
    ("just before midnight", 15, 0, "just before 00:00"),
    ("7 p.m.", 0, 0, "19:00"),
], ids=str)
def test_qualifiers_widen(text, early, late, shown):
    value = parse_time(text)
    assert (value.early, value.late, value.display()) == (early, late, shown)


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
    ("7 p.m.", "7:04 p.m."),  # within the five minutes' tolerance
    ("1700 GMT", "18:00 BST"),  # one instant on two clocks
    ("11:58 p.m.", "00:02"),  # across midnight
    ("7 p.m. local", "1700 GMT"),  # local and zoned: the place's zone is unknown
    ("9 p.m.", "1700 GMT"),  # a time without a zone is local: still unknown
    ("7 p.m. local time (1600 GMT)", "1603 GMT"),  # an offset from the text makes instants
    ("shortly after 7 p.m.", "7.35 p.m."),  # 30 minutes of "shortly" plus the tolerance
    ("around 10.30 a.m.", "10.45 a.m."),  # ten minutes of "around" plus the tolerance
    ("about 12.30 p.m.", "around 12.50 p.m."),  # two approximate times whose spans meet
    ("around 11 p.m.", "23.12"),
], ids=str)
def test_times_that_agree(book, make_fact, a, b):
    assert conflict(a, b, book, make_fact) is None


@pytest.mark.parametrize("a, b, message", [
    ("7 p.m.", "9 p.m.", "19:00 vs 21:00"),
    ("1700 GMT", "17:00 EST", "17:00 GMT vs 17:00 EST"),
    ("7 a.m.", "7 p.m.", "07:00 vs 19:00"),
    ("7 p.m. local time (1600 GMT)", "1800 GMT", "19:00 local vs 18:00 GMT"),
    ("shortly before 7 p.m.", "8.30 p.m.", "shortly before 19:00 vs 20:30"),
    ("around 12.30 p.m.", "about 2.30 p.m.", "around 12:30 vs about 14:30"),
    # "around" stretches ten minutes: a crash "around 10.30" is not one at 10.50
    ("around 10.30 a.m.", "10:50 a.m.", "around 10:30 vs 10:50"),
    ("7 p.m.", "7:45 p.m.", "19:00 vs 19:45"),
], ids=str)
def test_times_that_conflict(book, make_fact, a, b, message):
    found = conflict(a, b, book, make_fact)
    assert (found.kind, found.message) == ("time", message)


def test_an_offset_given_once_holds_for_the_whole_story(book, make_fact):
    kind = TimeType()
    both = make_fact(parse_time("7 p.m. local time (1600 GMT)"), article="a")
    local = make_fact(parse_time("9.30 p.m."), article="b")
    zoned = make_fact(parse_time("1600 GMT"), article="c")
    assert kind.conflict(local, zoned, book.lexicons) is None  # alone, the local zone is unknown
    learned = {f.evidence.article: f for f in kind.select([both, local, zoned], book.lexicons)}
    assert learned["b"].value.offset == 180
    found = kind.conflict(learned["b"], learned["c"], book.lexicons)
    assert (found.kind, found.message) == ("time", "21:30 vs 16:00 GMT")


def test_offsets_that_disagree_teach_nothing(book, make_fact):
    kind = TimeType()
    facts = [make_fact(parse_time("7 p.m. local time (1600 GMT)"), article="a"),
             make_fact(parse_time("7 p.m. local time (1700 GMT)"), article="b"),
             make_fact(parse_time("9 p.m."), article="c")]
    assert kind.select(facts, book.lexicons)[2].value.offset is None


def test_time_tolerance_comes_from_the_settings(book, make_fact):
    import dataclasses

    lex = dataclasses.replace(book.lexicons, settings=dataclasses.replace(book.lexicons.settings, time_tolerance=30))
    a, b = make_fact(parse_time("7 p.m."), article="a"), make_fact(parse_time("7.20 p.m."), article="b")
    assert TimeType().conflict(a, b, book.lexicons).kind == "time"
    assert TimeType().conflict(a, b, lex) is None
