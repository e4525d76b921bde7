"""time: a clock time, with its zone when the text gives one.

"7 p.m. local", "1700 GMT", "04:17 local time", "shortly after 7 p.m.". A time
without a zone is read as local time (news gives local times unless it says
otherwise). Two times whose UTC offsets are known are compared as instants; a
local time's offset is known when the text gives both clocks ("7 p.m. local
time (1600 GMT)"), and is then learned for the whole story. A local time and a
zoned one with no offset known are never compared: the place's zone could be
any. Times conflict when they lie further apart than the pack's
``time_tolerance`` (five minutes by default), after qualifiers widen them
("around" by ten minutes each way, "shortly after" by half an hour).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from checker.values.base import BaseType, Conflict, LazyRegex, first_group

ZONES = {"gmt": 0, "utc": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180, "msk": 180,
         "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480,
         "pdt": -420, "ist": 330, "jst": 540, "aest": 600}
_ZONE = "|".join(sorted(ZONES, key=len, reverse=True))
# qualifier -> (minutes the time may be earlier, minutes it may be later)
# (the pack's time_tolerance comes on top: "around 12.30" and "about 2.30" are two different times)
QUALIFIERS = {"around": (10, 10), "about": (10, 10), "approximately": (10, 10), "roughly": (10, 10),
              "shortly after": (0, 30), "just after": (0, 15), "soon after": (0, 30), "shortly before": (30, 0),
              "just before": (15, 0), "some time after": (0, 60), "sometime after": (0, 60)}
_QUALIFIER = "|".join(r"\s+".join(q.split()) for q in sorted(QUALIFIERS, key=len, reverse=True))
_CLOCK = (r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[ap]\.?m\.?)?|(?:1[0-2]|0?[1-9])\s*[ap]\.?m\.?"
          rf"|(?:[01]\d|2[0-3])[0-5]\d(?=\s*(?:{_ZONE})\b)|noon|midnight)")
# the same moment on a zoned clock, after a local one: "7 p.m. local time (1600 GMT)", ", or 1600 GMT"
_EQUIVALENT = rf"(?:\s*\(\s*{_CLOCK}\s*(?:{_ZONE})\s*\)|,?\s+or\s+{_CLOCK}\s*(?:{_ZONE})\b)"
TIME_PATTERN = (rf"(?:(?:{_QUALIFIER})\s+)?{_CLOCK}"
                rf"(?:\s*(?i:{_ZONE})\b|\s+local(?:\s+time)?{_EQUIVALENT}?|{_EQUIVALENT})?")
_PARSE = LazyRegex(  # the clock written once and called, which compiles faster
    rf"^(?:(?P<qual>{_QUALIFIER})\s+)?(?P<clock>(?&c))\s*(?P<zone>{_ZONE}\b|local(?:\s+time)?)?"
    rf"(?:\s*\(\s*|,?\s+or\s+)?(?:(?P<clock2>(?&c))\s*(?P<zone2>{_ZONE}))?(?(DEFINE)(?P<c>{_CLOCK}))",
    regex.IGNORECASE)
_CLOCK_PARSE = LazyRegex(
    r"^(?:(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?:\s*(?P<ap>[ap])\.?m\.?)?|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap])\.?m\.?"
    r"|(?P<mil>(?:[01]\d|2[0-3])[0-5]\d)|(?P<word>noon|midnight))$", regex.IGNORECASE)
DAY = 24 * 60
# a clock with neither a.m./p.m. nor a 24-hour reading: "4:30", "about 9.15" (not "04:17", "16:30")
_TWELVE_HOUR = regex.compile(rf"^(?:(?:{_QUALIFIER})\s+)?(?:[1-9]|1[01])[:.][0-5]\d\s*$", regex.IGNORECASE)
_HALF_OF_DAY = regex.compile(
    r"\s*,?\s*(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|that|this|the same)\s+|in\s+the\s+)?"
    r"(?:(?P<pm>afternoon|evening|night|tonight)|(?P<am>morning))\b", regex.IGNORECASE)


@dataclass(frozen=True)
class TimeValue:
    minutes: int  # since midnight, on the stated clock
    zone: str | None  # "GMT", "local", or None (read as local)
    early: int = 0  # minutes the moment may lie before ``minutes`` ("shortly before", "around")
    late: int = 0  # ... or after it ("shortly after", "around")
    offset: int | None = None  # the clock's UTC offset in minutes, when known
    qualifier: str | None = None
    # a 12-hour clock read without a.m. or p.m. ("about 4:30"): twelve hours later is the same reading
    half_day: bool = False

    @property
    def local(self) -> bool:
        return self.zone in (None, "local")

    def display(self) -> str:
        label = f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"
        label = f"{label} {self.zone}" if self.zone else label
        return f"{self.qualifier} {label}" if self.qualifier else label

    def to_json(self) -> dict[str, Any]:
        return {"type": "time", "time": f"{self.minutes // 60:02d}:{self.minutes % 60:02d}", "zone": self.zone}


def _clock_minutes(text: str) -> int | None:
    m = _CLOCK_PARSE.match(" ".join(text.split()))
    if not m:
        return None
    if m.group("word"):
        return 12 * 60 if m.group("word").lower() == "noon" else 0
    if m.group("mil"):
        return int(m.group("mil")[:2]) * 60 + int(m.group("mil")[2:])
    hour = int(m.group("h") or m.group("h2"))
    minute = int(m.group("m") or 0)
    ap = (m.group("ap") or m.group("ap2") or "").lower()
    if ap == "p" and hour < 12:
        hour += 12
    if ap == "a" and hour == 12:
        hour = 0
    return hour * 60 + minute


def _signed(minutes: int) -> int:
    """A difference of clock minutes as the nearest signed offset, in (-12h, +12h]."""
    minutes %= DAY
    return minutes - DAY if minutes > DAY // 2 else minutes


def parse_time(text: str) -> TimeValue | None:
    m = _PARSE.match(" ".join(text.split()))
    if not m:
        return None
    minutes = _clock_minutes(m.group("clock"))
    if minutes is None:
        return None
    zone = m.group("zone")
    zone = "local" if zone and zone.lower().startswith("local") else (zone.upper() if zone else None)
    offset = ZONES[zone.lower()] if zone and zone != "local" else None
    if offset is None and m.group("clock2"):
        other = _clock_minutes(m.group("clock2"))
        if other is not None:  # 19:00 local is 16:00 GMT: the local clock runs three hours ahead
            offset = _signed(minutes - (other - ZONES[m.group("zone2").lower()]))
    qualifier = " ".join(m.group("qual").lower().split()) if m.group("qual") else None
    early, late = QUALIFIERS.get(qualifier or "", (0, 0))
    return TimeValue(minutes, zone, early, late, offset, qualifier)


def _gap(a: TimeValue, b: TimeValue) -> int | None:
    """Minutes between the two moments (0 when their widened spans meet); None when not comparable.
    A clock read without a.m./p.m. is either of its two readings: the nearer one counts."""
    if a.half_day or b.half_day:
        moved = dataclasses.replace(a, minutes=(a.minutes + DAY // 2) % DAY, half_day=False) if a.half_day \
            else dataclasses.replace(b, minutes=(b.minutes + DAY // 2) % DAY, half_day=False)
        plain = (dataclasses.replace(a, half_day=False), dataclasses.replace(b, half_day=False))
        gaps = [g for g in (_gap(*plain), _gap(moved, plain[1]) if a.half_day else _gap(plain[0], moved))
                if g is not None]
        return min(gaps) if gaps else None
    if a.offset is not None and b.offset is not None:
        ma, mb = a.minutes - a.offset, b.minutes - b.offset
    elif a.local and b.local:
        ma, mb = a.minutes, b.minutes
    else:
        return None  # a local time and a zoned one: the place's zone is unknown
    d = _signed(mb - ma)  # b's centre relative to a's, on the circle of a day
    return max(0, (d - b.early) - a.late, (-a.early) - (d + b.late))


class TimeType(BaseType):
    name = "time"

    def parse(self, groups: Mapping[str, str], ctx) -> TimeValue | None:
        text = first_group(groups, "value", "time")
        value = parse_time(text) if text else None
        if value is None or value.zone is not None or not _TWELVE_HOUR.match(text):
            return value
        # "about 4:30 Saturday afternoon": the words after the clock tell the half of the day
        after = _HALF_OF_DAY.match(ctx.article.text, ctx.match_end) if ctx is not None else None
        if after is None:
            return dataclasses.replace(value, half_day=True)
        if after.group("pm") and value.minutes < DAY // 2:
            return dataclasses.replace(value, minutes=value.minutes + DAY // 2)
        return value

    def select(self, facts, lexicons, *, own=False):
        """Learn the story's local UTC offset from times given on both clocks, and give it to
        the local times that lack one. Offsets that disagree teach nothing."""
        offsets = Counter(f.value.offset for f in facts if f.value.local and f.value.offset is not None)
        if len(offsets) != 1:
            return facts
        (offset,) = offsets
        return [dataclasses.replace(f, value=dataclasses.replace(f.value, offset=offset))
                if f.value.local and f.value.offset is None else f for f in facts]

    def conflict(self, a, b, lexicons) -> Conflict | None:
        gap = _gap(a.value, b.value)
        if gap is None or gap <= lexicons.settings.time_tolerance:
            return None
        return Conflict("time", f"{a.value.display()} vs {b.value.display()}")
