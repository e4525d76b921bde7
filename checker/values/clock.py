"""time: a clock time, with its zone when the text gives one.

"7 p.m. local", "1700 GMT", "04:17 local time". Two times with known UTC
offsets are compared as instants; otherwise as times of day on the same
clock. They conflict when they differ by more than the tolerance (an hour:
"around 7 p.m." and "shortly after 7" are one time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from checker.values.base import BaseType, Conflict, first_group

ZONES = {"gmt": 0, "utc": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180, "msk": 180,
         "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480,
         "pdt": -420, "ist": 330, "jst": 540, "aest": 600}
_ZONE = "|".join(sorted(ZONES, key=len, reverse=True))
TIME_PATTERN = (r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[ap]\.?m\.?)?|(?:1[0-2]|0?[1-9])\s*[ap]\.?m\.?"
                rf"|(?:[01]\d|2[0-3])[0-5]\d\s*(?i:{_ZONE})|noon|midnight)"
                rf"(?:\s+(?:(?i:{_ZONE})|local(?:\s+time)?|\(\d{{4}}\s*(?i:{_ZONE})\)))?")
_PARSE = regex.compile(
    r"^(?:(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?:\s*(?P<ap>[ap])\.?m\.?)?|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap])\.?m\.?"
    rf"|(?P<mil>(?:[01]\d|2[0-3])[0-5]\d)|(?P<word>noon|midnight))\s*(?P<zone>{_ZONE}|local(?:\s+time)?)?",
    regex.IGNORECASE)


@dataclass(frozen=True)
class TimeValue:
    minutes: int  # since midnight, on the stated clock
    zone: str | None  # "GMT", "local", or None

    def display(self) -> str:
        label = f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"
        return f"{label} {self.zone}" if self.zone else label

    def to_json(self) -> dict[str, Any]:
        return {"type": "time", "time": f"{self.minutes // 60:02d}:{self.minutes % 60:02d}", "zone": self.zone}


def parse_time(text: str) -> TimeValue | None:
    m = _PARSE.match(" ".join(text.split()))
    if not m:
        return None
    if m.group("word"):
        minutes = 12 * 60 if m.group("word").lower() == "noon" else 0
    elif m.group("mil"):
        minutes = int(m.group("mil")[:2]) * 60 + int(m.group("mil")[2:])
    else:
        hour = int(m.group("h") or m.group("h2"))
        minute = int(m.group("m") or 0)
        ap = (m.group("ap") or m.group("ap2") or "").lower()
        if ap == "p" and hour < 12:
            hour += 12
        if ap == "a" and hour == 12:
            hour = 0
        minutes = hour * 60 + minute
    zone = m.group("zone")
    zone = "local" if zone and zone.lower().startswith("local") else (zone.upper() if zone else None)
    return TimeValue(minutes, zone)


def _difference(a: TimeValue, b: TimeValue) -> int | None:
    if a.zone in (None, "local") or b.zone in (None, "local"):
        if a.zone != b.zone and None not in (a.zone, b.zone):
            return None  # a local time and a zoned one: cannot tell without the place's zone
        ma, mb = a.minutes, b.minutes
    else:
        ma, mb = a.minutes - ZONES[a.zone.lower()], b.minutes - ZONES[b.zone.lower()]
    diff = abs(ma - mb) % (24 * 60)
    return min(diff, 24 * 60 - diff)


class TimeType(BaseType):
    name = "time"

    def parse(self, groups: Mapping[str, str], ctx) -> TimeValue | None:
        text = first_group(groups, "value", "time")
        return parse_time(text) if text else None

    def conflict(self, a, b, lexicons) -> Conflict | None:
        diff = _difference(a.value, b.value)
        if diff is None or diff <= 60:
            return None
        return Conflict("time", f"{a.value.display()} vs {b.value.display()}")
