"""date: when something happened, resolved against the article's own time.

"on Tuesday" is the latest Tuesday on or before publication; "a day earlier"
counts back from a day named in the same sentence ("Tuesday's attack … a day
earlier") or from publication. Without a publication date the article's
leading weekday stands in, and values stay weekdays ("Monday") rather than
calendar dates. Two dates conflict when their resolved ranges are disjoint.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

from checker.values.base import BaseType, Conflict, LazyRegex, inside_quote

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
          r"|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
ABSOLUTE_DATE = (rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+(?:19|20)\d\d)?(?![\d:])"
                 rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?:19|20)\d\d)?"
                 rf"|(?:19|20)\d\d-[01]\d-[0-3]\d)")
WEEKDAY_PATTERN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w-])(?!\s+\d)"

# relative phrase -> (first, last) day offset from the anchor day
RELATIVE: dict[str, tuple[int, int]] = {
    "today": (0, 0), "this morning": (0, 0), "this afternoon": (0, 0), "this evening": (0, 0),
    "tonight": (0, 0), "earlier today": (0, 0), "at dawn": (0, 0), "hours earlier": (0, 0),
    "hours later": (0, 0), "hours before": (0, 0), "hours after": (0, 0), "just hours before": (0, 0),
    "just hours after": (0, 0), "a few hours before": (0, 0), "a few hours after": (0, 0),
    "on the same day": (0, 0), "the same day": (0, 0), "yesterday": (-1, -1), "last night": (-1, 0),
    "overnight": (-1, 0), "a day earlier": (-1, -1), "the day before": (-1, -1), "the previous day": (-1, -1),
    "a day before": (-1, -1), "one day earlier": (-1, -1), "a day after": (1, 1), "a day later": (1, 1),
    "the next day": (1, 1), "the following day": (1, 1), "the day after": (1, 1),
    "two days earlier": (-2, -2), "two days ago": (-2, -2), "two days later": (2, 2),
    "earlier this week": (-6, 0), "last week": (-13, -1), "earlier in the day": (0, 0),
    "earlier on": (0, 0), "this week": (-6, 0),
}
# phrases counted from the writer's now (publication), not from the day the story is told from
DEICTIC = {"today", "this morning", "this afternoon", "this evening", "tonight", "earlier today", "yesterday",
           "last night", "overnight", "two days ago", "earlier this week", "last week", "this week"}
# phrases that name the day the story is told from: counted from publication (no day named in the
# article), they may also mean the day before ("at dawn", in a report published the next day)
STORY_DAY = {"at dawn", "hours earlier", "hours later", "hours before", "hours after", "just hours before",
             "just hours after", "a few hours before", "a few hours after", "on the same day", "the same day",
             "earlier in the day", "earlier on"}
# phrases that name a calendar span rather than a count of days: resolved by _calendar()
CALENDAR = ("last year", "this year", "earlier this year", "last month", "this month", "earlier this month",
            "over the weekend", "at the weekend", "last weekend", "this weekend", "on the weekend")
RELATIVE_PATTERN = "(?:" + "|".join(
    r"\s+".join(regex.escape(w) for w in phrase.split())
    for phrase in sorted([*RELATIVE, *CALENDAR], key=len, reverse=True)
) + r")(?![\w-])"
# "early on Tuesday", "in the early hours of Tuesday", "late on Monday": near midnight, where
# outlets in other time zones (or counting the night differently) name the next or previous day
_EARLY_LATE = r"(?:(?:(?:very\s+)?early|late)\s+|in\s+the\s+(?:early|small)\s+hours\s+of\s+)"
_LEADING_ON = regex.compile(rf"(?i)^{_EARLY_LATE}?(?:on\s+)?")  # "late on Monday" -> "Monday"
_EARLY = regex.compile(r"(?:very\s+)?early\s|in\s+the\s+(?:early|small)\s+hours")
DATE_PATTERN = (rf"(?<![\w-])(?:{_EARLY_LATE}?(?:on\s+)?"
                rf"(?:{ABSOLUTE_DATE}|{WEEKDAY_PATTERN}|{RELATIVE_PATTERN}))")
_WEEKDAY_RE = regex.compile(WEEKDAY_PATTERN)
_ABSOLUTE_RE = LazyRegex(ABSOLUTE_DATE, regex.IGNORECASE)
_YEAR_RE = regex.compile(r"(?:19|20)\d\d")


# how far back a weekday alone may reach: the same weekday up to three weeks before the one counted
WEEKDAY_REACH = 21


@dataclass(frozen=True)
class DateValue:
    """A calendar range, or — when the article gives no date to count from — weekdays.

    ``before``/``after``: days the event may also fall on, just before or after the range,
    because the text puts it near midnight ("early on Tuesday", "late on Monday", "Monday
    night"). They widen agreement only, never the value shown."""

    start: dt.date | None = None
    end: dt.date | None = None
    weekdays: frozenset[int] = frozenset()
    before: int = 0
    after: int = 0
    # read from a weekday alone ("Wednesday's ambush"), counted back from publication: a follow-up
    # published days later may mean that weekday a week or two earlier
    weekday_only: bool = field(default=False, compare=False)
    # a month and day without a year ("on March 13"), put in the latest year it fits: an article that
    # looks back a year or more ("a year ago on March 13") means the same day of an earlier year
    yearless: bool = field(default=False, compare=False)

    def display(self) -> str:
        if self.start is not None:
            label = self.start.isoformat() if self.start == self.end else f"{self.start}..{self.end}"
            return f"{label} ({WEEKDAYS[self.start.weekday()].title()})" if self.start == self.end else label
        return "/".join(WEEKDAYS[d].title() for d in sorted(self.weekdays))

    def to_json(self) -> dict[str, Any]:
        return {"type": "date", "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "weekdays": [WEEKDAYS[d].title() for d in sorted(self.weekdays)] or None}

    def as_weekdays(self, widen: bool = False) -> frozenset[int]:
        before, after = (self.before, self.after) if widen else (0, 0)
        if self.start is None:
            return frozenset((d + shift) % 7 for d in self.weekdays for shift in range(-before, after + 1))
        span = (self.end - self.start).days if self.end else 0
        if span + before + after >= 6:
            return frozenset(range(7))
        return frozenset((self.start.weekday() + i) % 7 for i in range(-before, span + after + 1))

    def _overlaps(self, other: DateValue, widen: bool) -> bool:
        """Does this range, widened by its own slack if ``widen``, meet ``other`` as it stands?"""
        if self.start is not None and other.start is not None:
            before, after = (self.before, self.after) if widen else (0, 0)
            return (_shift(self.start, -before) <= other.end
                    and other.start <= _shift(self.end, after))
        return bool(self.as_weekdays(widen) & other.as_weekdays())

    def agrees(self, other: DateValue) -> bool:
        """Do the ranges meet, when either is widened by its own slack? ("late on Monday" meets
        "early Tuesday" only through one side's slack at a time: never both, which would let a
        day's gap pass.) A weekday alone also meets the same weekday of the weeks before it."""
        return self._overlaps(other, True) or other._overlaps(self, True) \
            or self._same_weekday_before(other) or other._same_weekday_before(self) \
            or self._same_day_of_an_earlier_year(other) or other._same_day_of_an_earlier_year(self)

    def _same_day_of_an_earlier_year(self, other: DateValue) -> bool:
        if not self.yearless or self.start is None or self.start != self.end or other.start is None \
                or other.start != other.end or other.yearless:
            return False
        return (other.start.month, other.start.day) == (self.start.month, self.start.day) \
            and other.start.year < self.start.year

    def _same_weekday_before(self, other: DateValue) -> bool:
        # (against a date the text gives in full: two weekdays alone a week apart are two days)
        if not self.weekday_only or other.weekday_only or self.start is None or other.start is None \
                or other.start != other.end:
            return False
        days = (self.start - other.start).days
        return 0 < days <= WEEKDAY_REACH and days % 7 == 0


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the calendar (years 1 to 9999): a publication date near
    either end must not make "a day earlier" or a day's slack overflow."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def leading_weekday(text: str) -> int | None:
    """The first weekday an article names: the day its story is told from."""
    m = _WEEKDAY_RE.search(text)
    return WEEKDAYS.index(m.group().lower()) if m else None


def _latest_weekday(reference: dt.date, weekday: int) -> dt.date:
    return _shift(reference, -((reference.weekday() - weekday) % 7))


def _absolute(text: str, published: dt.date | None) -> DateValue | None:
    has_year = bool(_YEAR_RE.search(text))
    if not has_year and published is None:
        return None
    default = dt.datetime(published.year if published else 2000, 1, 1)
    from dateutil import parser as dateparser  # its import costs more than most runs parse dates

    try:
        day = dateparser.parse(text.replace(".", " "), default=default, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None
    if not has_year and published and day > _shift(published, 1):
        try:
            day = day.replace(year=day.year - 1)  # "December 30" read in January
        except ValueError:  # February 29th, or year 1
            return None
    return DateValue(day, day, yearless=not has_year)


def _calendar(phrase: str, anchor: dt.date) -> DateValue:
    """A calendar span named relative to the anchor day: the year, the month, the weekend."""
    if phrase == "last year":
        return DateValue(dt.date(anchor.year - 1, 1, 1), dt.date(anchor.year - 1, 12, 31))
    if phrase in ("this year", "earlier this year"):
        return DateValue(dt.date(anchor.year, 1, 1), anchor)
    if phrase == "last month":
        last = _shift(anchor.replace(day=1), -1)
        return DateValue(last.replace(day=1), last)
    if phrase in ("this month", "earlier this month"):
        return DateValue(anchor.replace(day=1), anchor)
    # the weekend: the latest Saturday and Sunday that have begun by the anchor day
    saturday = _latest_weekday(anchor, 5)
    return DateValue(saturday, min(_shift(saturday, 1), anchor))


def _slack(phrase: str) -> tuple[int, int]:
    """Days before and after that a phrase near midnight also allows."""
    lower = phrase.lower()
    before = 1 if _EARLY.match(lower) else 0
    # "overnight" and "last night" span both days already
    after = 1 if lower.startswith("late ") or lower.endswith("tonight") else 0
    return before, after


def resolve(phrase: str, anchor_date: dt.date | None, anchor_weekday: int | None) -> DateValue | None:
    """The value of one date phrase, counted from an anchor (a date, else a weekday)."""
    text = " ".join(phrase.split())
    try:
        value = _resolve(text, anchor_date, anchor_weekday)
    except (ValueError, OverflowError):  # a day outside the calendar (years 1 to 9999): no date
        return None
    before, after = _slack(text)
    if value is not None and (before or after):
        value = dataclasses.replace(value, before=before, after=after)
    return value


def _resolve(text: str, anchor_date: dt.date | None, anchor_weekday: int | None) -> DateValue | None:
    text = _LEADING_ON.sub("", text)
    lower = text.lower()
    if lower in CALENDAR:
        return _calendar(lower, anchor_date) if anchor_date is not None else (
            DateValue(weekdays=frozenset({5, 6})) if "weekend" in lower else None)
    if lower in WEEKDAYS:
        weekday = WEEKDAYS.index(lower)
        if anchor_date is not None:
            day = _latest_weekday(anchor_date, weekday)
            return DateValue(day, day)
        return DateValue(weekdays=frozenset({weekday}))
    if lower in RELATIVE:
        first, last = RELATIVE[lower]
        if anchor_date is not None:
            return DateValue(_shift(anchor_date, first), _shift(anchor_date, last))
        if anchor_weekday is not None and last - first < 6:
            return DateValue(weekdays=frozenset((anchor_weekday + d) % 7 for d in range(first, last + 1)))
        return None
    if _ABSOLUTE_RE.fullmatch(text):
        return _absolute(text, anchor_date)
    return None


_NIGHT_AFTER = regex.compile(r"\s+(?:night|late\s+at\s+night)\b", regex.IGNORECASE)


def _night_follows(sentence: str, phrase: str) -> bool:
    """Does "night" follow the date phrase in its sentence ("on Monday night")?"""
    at = sentence.find(phrase)
    return at >= 0 and bool(_NIGHT_AFTER.match(sentence, at + len(phrase)))


_LAST_BEFORE = regex.compile(r"\blast\s+$", regex.IGNORECASE)
_WEEKDAY_ALONE = regex.compile(rf"(?:{WEEKDAY_PATTERN})(?:[’']s)?", regex.IGNORECASE)
# "Wednesday night or Thursday morning", "Friday or Saturday": the day is one of two
_OR_BEFORE = regex.compile(rf"({WEEKDAY_PATTERN})(?:\s+(?:night|evening|morning|afternoon))?\s+or\s+(?:early\s+|late\s+)?$",
                           regex.IGNORECASE)
_OR_AFTER = regex.compile(rf"(?:\s+(?:night|evening|morning|afternoon))?\s+or\s+(?:early\s+|late\s+)?({WEEKDAY_PATTERN})",
                          regex.IGNORECASE)


def _either_day(sentence: str, phrase: str, value: DateValue) -> DateValue:
    """Widen a weekday told as one of two ("Wednesday night or Thursday") to both days."""
    at = sentence.find(phrase)
    if at < 0 or phrase.lower() not in WEEKDAYS:
        return value
    this = WEEKDAYS.index(phrase.lower())
    before = _OR_BEFORE.search(sentence, max(0, at - 30), at)
    if before is not None:
        gap = (this - WEEKDAYS.index(before.group(1).lower())) % 7
        if 0 < gap <= 2:
            return dataclasses.replace(value, before=max(value.before, gap))
    after = _OR_AFTER.match(sentence, at + len(phrase))
    if after is not None:
        gap = (WEEKDAYS.index(after.group(1).lower()) - this) % 7
        if 0 < gap <= 2:
            return dataclasses.replace(value, after=max(value.after, gap))
    return value


class DateType(BaseType):
    name = "date"

    def parse(self, groups: Mapping[str, str], ctx) -> DateValue | None:
        phrase = groups.get("value") or groups.get("date") or groups.get("weekday")
        if not phrase:
            return None
        article = ctx.article
        published = article.published
        lower = " ".join(phrase.lower().split())
        bare = _LEADING_ON.sub("", lower)
        relative = bare in RELATIVE
        anchor_date, anchor_weekday = published, ctx.anchor_weekday
        named = False
        if relative:
            # count from a day named elsewhere in the sentence, if there is one
            sentence = ctx.sentence_text
            rel_start, rel_end = ctx.match_start - ctx.sentence_start, ctx.match_end - ctx.sentence_start
            for m in _WEEKDAY_RE.finditer(sentence):
                if m.end() <= rel_start or m.start() >= rel_end:
                    day = resolve(m.group(), published, None)
                    if day is not None and day.start is not None:
                        anchor_date = day.start
                    else:
                        anchor_weekday = WEEKDAYS.index(m.group().lower())
                    named = True
                    break
        story_day = False
        if relative and not named and bare not in DEICTIC and published is not None \
                and ctx.anchor_weekday is not None:
            # "at dawn", "a day earlier": the day the article tells its story from, not its publication
            anchor_date, story_day = _latest_weekday(published, ctx.anchor_weekday), True
        value = resolve(phrase, anchor_date, anchor_weekday)
        if value is not None and not named and not story_day and anchor_date is not None and bare in STORY_DAY:
            value = dataclasses.replace(value, before=max(value.before, 1))
        if value is not None and not named and bare in DEICTIC and anchor_date is not None \
                and inside_quote(ctx.sentence_text, ctx.match_start - ctx.sentence_start):
            # "this afternoon" in a quoted statement: counted from when it was said, a day or so
            # before a report that quotes it the next morning
            value = dataclasses.replace(value, before=max(value.before, 1))
        if value is not None and not value.after and _night_follows(ctx.sentence_text, phrase):
            value = dataclasses.replace(value, after=1)  # "on Monday night": maybe Tuesday elsewhere
        if value is not None:
            value = _either_day(ctx.sentence_text, phrase, value)
        if value is not None and value.start is not None and _WEEKDAY_ALONE.fullmatch(bare):
            if value.start == published and _LAST_BEFORE.search(ctx.sentence_text, 0, max(ctx.sentence_text.find(phrase), 0)):
                # "last Sunday" in a Sunday's paper is a week ago, not today
                day = _shift(value.start, -7)
                return dataclasses.replace(value, start=day, end=day)
            value = dataclasses.replace(value, weekday_only=True)
        return value

    def key(self, value: DateValue):
        return value

    def conflict(self, a, b, lexicons) -> Conflict | None:
        if a.value.agrees(b.value):
            return None
        return Conflict("date", f"{a.value.display()} vs {b.value.display()}")
