"""date: when something happened, resolved against the article's own time.

"on Tuesday" is the latest Tuesday on or before publication; "a day earlier"
counts back from a day named in the same sentence ("Tuesday's attack … a day
earlier") or from publication. Without a publication date the article's
leading weekday stands in, and values stay weekdays ("Monday") rather than
calendar dates. Two dates conflict when their resolved ranges are disjoint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex
from dateutil import parser as dateparser

from checker.values.base import BaseType, Conflict

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
    "earlier this week": (-6, 0), "last week": (-13, -1),
}
RELATIVE_PATTERN = "(?:" + "|".join(
    r"\s+".join(regex.escape(w) for w in phrase.split()) for phrase in sorted(RELATIVE, key=len, reverse=True)
) + r")(?![\w-])"
DATE_PATTERN = rf"(?<![\w-])(?:(?:(?:early|late)\s+)?(?:on\s+)?(?:{ABSOLUTE_DATE}|{WEEKDAY_PATTERN}|{RELATIVE_PATTERN}))"
_WEEKDAY_RE = regex.compile(WEEKDAY_PATTERN)
_ABSOLUTE_RE = regex.compile(ABSOLUTE_DATE, regex.IGNORECASE)
_YEAR_RE = regex.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class DateValue:
    """A calendar range, or — when the article gives no date to count from — weekdays."""

    start: dt.date | None = None
    end: dt.date | None = None
    weekdays: frozenset[int] = frozenset()

    def display(self) -> str:
        if self.start is not None:
            label = self.start.isoformat() if self.start == self.end else f"{self.start}..{self.end}"
            return f"{label} ({WEEKDAYS[self.start.weekday()].title()})" if self.start == self.end else label
        return "/".join(WEEKDAYS[d].title() for d in sorted(self.weekdays))

    def to_json(self) -> dict[str, Any]:
        return {"type": "date", "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "weekdays": [WEEKDAYS[d].title() for d in sorted(self.weekdays)] or None}

    def as_weekdays(self) -> frozenset[int]:
        if self.start is None:
            return self.weekdays
        span = (self.end - self.start).days if self.end else 0
        if span >= 6:
            return frozenset(range(7))
        return frozenset((self.start + dt.timedelta(days=i)).weekday() for i in range(span + 1))

    def agrees(self, other: DateValue) -> bool:
        if self.start is not None and other.start is not None:
            return self.start <= other.end and other.start <= self.end
        return bool(self.as_weekdays() & other.as_weekdays())


def leading_weekday(text: str) -> int | None:
    """The first weekday an article names: the day its story is told from."""
    m = _WEEKDAY_RE.search(text)
    return WEEKDAYS.index(m.group().lower()) if m else None


def _latest_weekday(reference: dt.date, weekday: int) -> dt.date:
    return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)


def _absolute(text: str, published: dt.date | None) -> DateValue | None:
    has_year = bool(_YEAR_RE.search(text))
    if not has_year and published is None:
        return None
    default = dt.datetime(published.year if published else 2000, 1, 1)
    try:
        day = dateparser.parse(text.replace(".", " "), default=default, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None
    if not has_year and published and day > published + dt.timedelta(days=1):
        day = day.replace(year=day.year - 1)  # "December 30" read in January
    return DateValue(day, day)


def resolve(phrase: str, anchor_date: dt.date | None, anchor_weekday: int | None) -> DateValue | None:
    """The value of one date phrase, counted from an anchor (a date, else a weekday)."""
    text = " ".join(phrase.split())
    text = regex.sub(r"(?i)^(?:(?:early|late)\s+)?(?:on\s+)?", "", text)
    lower = text.lower()
    if lower in WEEKDAYS:
        weekday = WEEKDAYS.index(lower)
        if anchor_date is not None:
            day = _latest_weekday(anchor_date, weekday)
            return DateValue(day, day)
        return DateValue(weekdays=frozenset({weekday}))
    if lower in RELATIVE:
        first, last = RELATIVE[lower]
        if anchor_date is not None:
            return DateValue(anchor_date + dt.timedelta(days=first), anchor_date + dt.timedelta(days=last))
        if anchor_weekday is not None and last - first < 6:
            return DateValue(weekdays=frozenset((anchor_weekday + d) % 7 for d in range(first, last + 1)))
        return None
    if _ABSOLUTE_RE.fullmatch(text):
        return _absolute(text, anchor_date)
    return None


class DateType(BaseType):
    name = "date"

    def parse(self, groups: Mapping[str, str], ctx) -> DateValue | None:
        phrase = groups.get("value") or groups.get("date") or groups.get("weekday")
        if not phrase:
            return None
        article = ctx.article
        published = article.published
        lower = " ".join(phrase.lower().split())
        relative = regex.sub(r"^(?:(?:early|late)\s+)?(?:on\s+)?", "", lower) in RELATIVE
        anchor_date, anchor_weekday = published, ctx.anchor_weekday
        if relative:
            # count from a day named elsewhere in the sentence, if there is one
            sentence = ctx.sentence_text
            rel_start, rel_end = ctx.match_start - ctx.sentence_start, ctx.match_end - ctx.sentence_start
            for m in _WEEKDAY_RE.finditer(sentence):
                if m.end() <= rel_start or m.start() >= rel_end:
                    named = resolve(m.group(), published, None)
                    if named is not None and named.start is not None:
                        anchor_date = named.start
                    else:
                        anchor_weekday = WEEKDAYS.index(m.group().lower())
                    break
        return resolve(phrase, anchor_date, anchor_weekday)

    def key(self, value: DateValue):
        return value

    def conflict(self, a, b, lexicons) -> Conflict | None:
        if a.value.agrees(b.value):
            return None
        return Conflict("date", f"{a.value.display()} vs {b.value.display()}")
