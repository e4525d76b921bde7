"""What one claim is, before it meets another: whether two claims may be compared at all, when a
claim was published, and whether it holds a count."""

from __future__ import annotations

import datetime as dt

from checker.model import Fact
from checker.values.count import Count


def comparable(a: Fact, b: Fact) -> bool:
    if a.evidence.article == b.evidence.article and a.evidence.headline == b.evidence.headline:
        return False
    return counts_alike(a, b)


def counts_alike(a: Fact, b: Fact) -> bool:
    """Do the two claims count the same people and incident (what `comparable` asks of two articles)?"""
    if a.part and b.part and a.part != b.part:
        return False  # "1,541 in Turkey" and "237 in Syria" count different people
    return not a.scope or not b.scope or bool(a.scope & b.scope)


def claim_key(fact: Fact) -> tuple:
    """A claim's place: the same claim after ``select`` gave it a fuller value (a new object)."""
    return fact.evidence.article, fact.evidence.headline, fact.evidence.start, fact.evidence.end


def counted_everyone(facts: list[Fact]) -> bool:
    """Did the earlier report count everyone ("all 71 people on board")? Then more is no update."""
    return any(getattr(f.value, "final", False) for f in facts)


def has_count(fact: Fact) -> bool:
    return isinstance(fact.value, Count) or hasattr(fact.value, "total") or hasattr(fact.value, "base_low")


def when(fact: Fact):
    """When a claim was published: a date-time, a date, or None."""
    if fact.published_at is not None:
        return fact.published_at.replace(tzinfo=None)
    return fact.published


def order_times(a, b) -> int | None:
    """Order two publication times; a date against a time of the same day is unordered (None)."""
    if a is None or b is None:
        return None
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return (a > b) - (a < b)
    da = a.date() if isinstance(a, dt.datetime) else a
    db = b.date() if isinstance(b, dt.datetime) else b
    return None if da == db else (1 if da > db else -1)


def sortable(moment) -> tuple:
    if moment is None:
        return (1, dt.datetime.max)
    if isinstance(moment, dt.datetime):
        return (0, moment)
    return (0, dt.datetime.combine(moment, dt.time.min))


def shown_time(fact: Fact) -> str:
    moment = when(fact)
    return moment.isoformat(timespec="minutes") if isinstance(moment, dt.datetime) else \
        (moment.isoformat() if moment else "undated")


