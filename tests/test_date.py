"""checker.values.date: dates resolved against the article's own time, compared as ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.values.date import DateValue, leading_weekday, resolve

DATE = "incident.date"
MON, TUE, WED, THU, FRI = range(5)
WEDNESDAY_MAY_1 = dt.date(2024, 5, 1)


def day(y, m, d) -> DateValue:
    return DateValue(dt.date(y, m, d), dt.date(y, m, d))


def weekdays(*days: int) -> DateValue:
    return DateValue(weekdays=frozenset(days))


# ---- resolving one phrase -----------------------------------------------------------------


@pytest.mark.parametrize("phrase, expected", [
    ("Tuesday", day(2024, 4, 30)),  # the latest Tuesday on or before publication
    ("on Wednesday", day(2024, 5, 1)),  # publication day itself
    ("Thursday", day(2024, 4, 25)),
    ("yesterday", day(2024, 4, 30)),
    ("a day earlier", day(2024, 4, 30)),
    ("today", day(2024, 5, 1)),
    ("two days ago", day(2024, 4, 29)),
    ("last night", DateValue(dt.date(2024, 4, 30), dt.date(2024, 5, 1))),
    ("last week", DateValue(dt.date(2024, 4, 18), dt.date(2024, 4, 30))),
    ("April 28", day(2024, 4, 28)),
    ("28 April 2023", day(2023, 4, 28)),
    ("2024-04-02", day(2024, 4, 2)),
], ids=str)
def test_resolve_against_a_publication_date(phrase, expected):
    assert resolve(phrase, WEDNESDAY_MAY_1, None) == expected


def test_a_date_later_in_the_year_than_publication_is_last_year():
    assert resolve("December 30", dt.date(2024, 1, 2), None) == day(2023, 12, 30)


@pytest.mark.parametrize("phrase, anchor, expected", [
    ("Tuesday", None, weekdays(TUE)),  # stays a weekday: no date to count from
    ("Tuesday", FRI, weekdays(TUE)),
    ("a day earlier", FRI, weekdays(THU)),
    ("yesterday", MON, weekdays(6)),
    ("the next day", 6, weekdays(MON)),
], ids=str)
def test_resolve_without_a_publication_date(phrase, anchor, expected):
    assert resolve(phrase, None, anchor) == expected


def test_unresolvable_phrases():
    assert resolve("a day earlier", None, None) is None  # nothing to count from
    assert resolve("April 28", None, None) is None  # no year, no publication date
    assert resolve("last week", None, MON) is None  # a whole week says nothing about the weekday
    assert resolve("soon", WEDNESDAY_MAY_1, None) is None


def test_leading_weekday():
    assert leading_weekday("Officials said on Friday that on Monday ...") == FRI
    assert leading_weekday("No day is named.") is None


# ---- agreement ----------------------------------------------------------------------------


def test_agreement_of_ranges_and_weekdays():
    assert day(2024, 4, 30).agrees(day(2024, 4, 30))
    assert not day(2024, 4, 30).agrees(day(2024, 4, 29))
    assert day(2024, 4, 30).agrees(weekdays(TUE))  # 2024-04-30 was a Tuesday
    assert not day(2024, 4, 30).agrees(weekdays(MON))
    assert DateValue(dt.date(2024, 4, 18), dt.date(2024, 4, 30)).agrees(weekdays(FRI))
    assert not weekdays(MON).agrees(weekdays(TUE))


def test_display_and_json():
    assert day(2024, 4, 30).display() == "2024-04-30 (Tuesday)"
    assert weekdays(MON).display() == "Monday"
    assert DateValue(dt.date(2024, 4, 18), dt.date(2024, 4, 30)).display() == "2024-04-18..2024-04-30"
    assert day(2024, 4, 30).to_json() == {"type": "date", "start": "2024-04-30", "end": "2024-04-30",
                                          "weekdays": None}
    assert weekdays(MON).to_json() == {"type": "date", "start": None, "end": None, "weekdays": ["Monday"]}


# ---- through extraction ----------------------------------------------------------------------


def test_weekday_with_a_publication_date(facts_of):
    facts = facts_of("Four people were killed on Tuesday when the bridge gave way.", DATE, published=WEDNESDAY_MAY_1)
    assert [f.value for f in facts] == [day(2024, 4, 30)]


def test_weekday_without_a_publication_date(facts_of):
    facts = facts_of("Four people were killed on Tuesday when the bridge gave way.", DATE)
    assert [f.value for f in facts] == [weekdays(TUE)]


def test_a_day_earlier_counts_from_a_weekday_in_the_same_sentence(facts_of):
    body = "On Friday officials blamed a gas explosion a day earlier for the damage."
    assert [f.value for f in facts_of(body, DATE)] == [weekdays(THU)]
    # with a publication date the named Friday is a date, and so is the day before it
    saturday = dt.date(2024, 5, 4)
    assert [f.value for f in facts_of(body, DATE, published=saturday)] == [day(2024, 5, 2)]


def test_a_day_earlier_without_a_weekday_counts_from_the_articles_day(facts_of):
    body = "Police said on Wednesday the road would stay closed.\n\nA gas explosion a day earlier injured two men."
    assert [f.value for f in facts_of(body, DATE)] == [weekdays(TUE)]


def test_next_week_is_not_the_incident(facts_of):
    assert facts_of("Four people were killed and a vigil is set for next Tuesday.", DATE) == []


def test_monday_and_tuesday_conflict(run_story):
    found = run_story("Four people were killed on Tuesday in the blast.",
                      "Four people were killed on Monday in the blast.", slot=DATE)
    assert [(d.kind, d.message) for d in found] == [("date", "Tuesday vs Monday")]


def test_same_weekday_in_different_weeks_conflicts(run_story):
    found = run_story("Four people were killed on Tuesday in the blast.",
                      "Four people were killed on Tuesday in the blast.", slot=DATE,
                      published=[WEDNESDAY_MAY_1, dt.date(2024, 5, 8)])
    assert [(d.kind, d.message) for d in found] == [("date", "2024-04-30 (Tuesday) vs 2024-05-07 (Tuesday)")]


def test_relative_and_absolute_dates_that_agree(run_story):
    assert run_story("Four people were killed yesterday in the blast.",
                     "Four people were killed on Tuesday in the blast.", slot=DATE,
                     published=[WEDNESDAY_MAY_1, WEDNESDAY_MAY_1]) == []
    assert run_story("Four people were killed on May 1, 2024 in the blast.",
                     "Four people were killed on Wednesday in the blast.", slot=DATE,
                     published=[None, dt.date(2024, 5, 3)]) == []
    assert run_story("On Friday officials blamed a gas explosion a day earlier for the damage.",
                     "Four people were killed on Thursday in a gas explosion.", slot=DATE) == []
