"""checker.values.date: dates resolved against the article's own time, compared as ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.values.date import RELATIVE, WEEKDAYS, DateValue, leading_weekday, resolve

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


# ---- calendar spans, slack near midnight ---------------------------------------------------------


@pytest.mark.parametrize("phrase, start, end", [
    ("last year", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    ("earlier this year", dt.date(2024, 1, 1), WEDNESDAY_MAY_1),
    ("last month", dt.date(2024, 4, 1), dt.date(2024, 4, 30)),
    ("earlier this month", dt.date(2024, 5, 1), WEDNESDAY_MAY_1),
    ("over the weekend", dt.date(2024, 4, 27), dt.date(2024, 4, 28)),
], ids=str)
def test_calendar_spans(phrase, start, end):
    value = resolve(phrase, WEDNESDAY_MAY_1, None)
    assert (value.start, value.end) == (start, end)


def test_the_weekend_without_a_date_is_saturday_and_sunday():
    assert resolve("at the weekend", None, None).weekdays == frozenset({5, 6})


@pytest.mark.parametrize("a, b", [
    ("late on Monday", "Tuesday"),  # near midnight, or in another time zone
    ("Tuesday", "early on Wednesday"),
    ("in the early hours of Wednesday", "Tuesday"),
], ids=str)
def test_phrases_near_midnight_reach_the_next_or_previous_day(a, b):
    x, y = resolve(a, WEDNESDAY_MAY_1, None), resolve(b, WEDNESDAY_MAY_1, None)
    assert x.agrees(y) and y.agrees(x)
    assert x.display() in ("2024-04-29 (Monday)", "2024-04-30 (Tuesday)", "2024-05-01 (Wednesday)")


def test_slack_is_one_side_at_a_time():
    # late Monday reaches Tuesday, early Wednesday reaches Tuesday; they do not reach each other
    assert not resolve("late on Monday", WEDNESDAY_MAY_1, None).agrees(resolve("early on Wednesday", WEDNESDAY_MAY_1, None))
    assert not resolve("late on Monday", None, None).agrees(resolve("early on Wednesday", None, None))


def test_monday_night_reaches_tuesday(facts_of):
    (fact,) = facts_of("Four people were killed on Monday night when a gas main exploded.", DATE)
    assert fact.value.display() == "Monday" and fact.value.after == 1


def test_a_story_relative_phrase_counts_from_the_articles_own_day(facts_of):
    # published on Saturday about Friday: "at dawn" is Friday's dawn, not Saturday's
    body = "A stampede at a festival killed 31 people on Friday.\n\nThe deaths at dawn shocked the town."
    saturday = dt.date(2024, 10, 12)
    values = [f.value for f in facts_of(body, DATE, published=saturday)]
    assert day(2024, 10, 11) in values and day(2024, 10, 12) not in values


def test_at_dawn_without_a_named_day_may_be_the_day_before_publication(facts_of):
    (fact,) = facts_of("The deaths at dawn shocked the town.", DATE, published=dt.date(2024, 10, 12))
    assert fact.value.start == dt.date(2024, 10, 12) and fact.value.before == 1
    assert fact.value.agrees(day(2024, 10, 11))


# ---- properties -------------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@settings(max_examples=300, deadline=None)
@given(published=dates, weekday=st.integers(0, 6), on=st.booleans())
def test_a_weekday_resolves_to_that_weekday_within_six_days_before_publication(published, weekday, on):
    phrase = ("on " if on else "") + WEEKDAYS[weekday].title()
    value = resolve(phrase, published, None)
    assert value.start == value.end
    assert value.start.weekday() == weekday
    assert 0 <= (published - value.start).days <= 6


@settings(max_examples=300, deadline=None)
@given(anchor=st.integers(0, 6), weekday=st.integers(0, 6))
def test_without_a_date_a_weekday_stays_that_weekday(anchor, weekday):
    assert resolve(WEEKDAYS[weekday].title(), None, anchor).weekdays == frozenset({weekday})


@settings(max_examples=300, deadline=None)
@given(published=dates, phrase=st.sampled_from(sorted(RELATIVE)))
def test_relative_phrases_count_their_days_from_the_anchor(published, phrase):
    first, last = RELATIVE[phrase]
    value = resolve(phrase, published, None)
    assert value.start == published + dt.timedelta(days=first)
    assert value.end == published + dt.timedelta(days=last)
    # with a weekday anchor instead, the same offsets in weekdays (when they name at most six days)
    if last - first < 6:
        shifted = resolve(phrase, None, published.weekday())
        assert shifted.weekdays == frozenset((published + dt.timedelta(days=d)).weekday()
                                             for d in range(first, last + 1))


@settings(max_examples=300, deadline=None)
@given(published=dates, day_=dates)
def test_a_date_without_a_year_is_never_after_the_day_after_publication(published, day_):
    if day_.month == 2 and day_.day == 29:
        return  # no such day in most years
    value = resolve(f"{day_:%B} {day_.day}", published, None)
    assert value is not None
    assert value.start <= published + dt.timedelta(days=1)
    assert published - value.start < dt.timedelta(days=367)
    assert (value.start.month, value.start.day) == (day_.month, day_.day)


@settings(max_examples=300, deadline=None)
@given(published=dates, a=st.sampled_from(sorted(RELATIVE) + [w.title() for w in WEEKDAYS]),
       b=st.sampled_from(sorted(RELATIVE) + [w.title() for w in WEEKDAYS]),
       early=st.sampled_from(["", "early on ", "late on "]))
def test_agreement_is_symmetric_reflexive_and_slack_never_narrows(published, a, b, early):
    x, y = resolve(a, published, None), resolve(b, published, None)
    assert x.agrees(x) and x.agrees(y) == y.agrees(x)
    widened = resolve(early + a, published, None)
    if widened is not None and x.agrees(y):
        assert widened.agrees(y), f"{early + a!r} no longer agrees with {b!r}"


# ---- the ends of the calendar (issue 17, case 2) ---------------------------------------------


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(1, 1, 2), dt.date(9999, 12, 31),
                                       dt.date(9999, 12, 30)])
@pytest.mark.parametrize("phrase", ["Tuesday", "on Tuesday", "a day earlier", "a day later", "yesterday",
                                    "tomorrow", "last year", "last month", "this weekend", "on March 3",
                                    "December 30", "February 29"])
def test_a_date_near_either_end_of_the_calendar_resolves_or_is_none_never_raises(published, phrase):
    value = resolve(phrase, published, None)
    if value is not None and value.start is not None:
        assert dt.date.min <= value.start <= value.end <= dt.date.max
        assert value.agrees(value)
        value.as_weekdays(widen=True)


def test_slack_at_the_end_of_the_calendar_does_not_overflow():
    last = DateValue(dt.date.max, dt.date.max, before=1, after=1)
    first = DateValue(dt.date.min, dt.date.min, before=1, after=1)
    assert last.agrees(last) and first.agrees(first) and not first.agrees(last)
