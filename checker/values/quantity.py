"""quantity: a number with a unit ("1.6 miles", "magnitude 6.1", "40 °C").

Values are converted to one base unit per dimension before comparison and
agree within the pack's approximate tolerance (outlets round conversions).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from checker.values.base import BaseType, Conflict, LazyRegex, first_group
from checker.values.count import NUMBER, QUALIFIERS, number_value

# unit word -> (dimension, factor to base unit, canonical symbol); temperature is special-cased
UNITS: dict[str, tuple[str, float, str]] = {}
for words, dim, factor, symbol in [
    ("km kms kilometre kilometres kilometer kilometers", "length", 1000.0, "km"),
    ("m metre metres meter meters", "length", 1.0, "m"),
    ("cm centimetre centimetres centimeter centimeters", "length", 0.01, "cm"),
    ("mi mile miles", "length", 1609.344, "mi"),
    ("ft foot feet", "length", 0.3048, "ft"),
    ("yd yard yards", "length", 0.9144, "yd"),
    ("kg kilogram kilograms kilogramme kilogrammes kilo kilos", "mass", 1.0, "kg"),
    ("t tonne tonnes ton tons", "mass", 1000.0, "t"),
    ("lb lbs pound pounds", "mass", 0.45359237, "lb"),
    ("ha hectare hectares", "area", 10_000.0, "ha"),
    ("km2 km² sq_km square_kilometre square_kilometres square_kilometer square_kilometers", "area", 1e6, "km²"),
    ("sq_mi square_mile square_miles", "area", 2_589_988.110336, "sq mi"),
    ("m2 m² sq_m square_metre square_metres square_meter square_meters", "area", 1.0, "m²"),
    ("acre acres", "area", 4046.8564224, "ac"),
    ("km/h kph", "speed", 1 / 3.6, "km/h"),
    ("mph", "speed", 0.44704, "mph"),
    ("% percent per_cent", "percent", 1.0, "%"),
    ("magnitude on_the_richter_scale on_the_richter_magnitude_scale", "magnitude", 1.0, "magnitude"),
]:
    for word in words.split():
        UNITS[word.replace("_", " ")] = (dim, factor, symbol)
TEMPERATURE = {"°c": "C", "c": "C", "celsius": "C", "degrees celsius": "C", "°f": "F", "f": "F",
               "fahrenheit": "F", "degrees fahrenheit": "F"}

_UNIT_ALTERNATION = "|".join(regex.escape(u) for u in sorted([*UNITS, *TEMPERATURE], key=len, reverse=True))
_QUAL = "|".join(regex.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
QUANTITY_PATTERN = (rf"(?:(?:{_QUAL})\s+)?(?:magnitude(?:\s+of)?[\s-]+-?{NUMBER}"
                    rf"|-?{NUMBER}(?:\s*|-)(?:{_UNIT_ALTERNATION})(?![\w]))")
_PARSE = LazyRegex(  # the number written once and called, which compiles faster
    rf"^(?:(?P<qual>{_QUAL})\s+)?(?:magnitude(?:\s+of)?[\s-]+(?P<mag>-?(?&n))"
    rf"|(?P<num>-?(?&n))(?:\s*|-)(?P<unit>{_UNIT_ALTERNATION}))$(?(DEFINE)(?P<n>{NUMBER}))", regex.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float
    unit: str
    dimension: str
    base_low: float
    base_high: float
    qualifier: str | None = None  # as written ("about", "more than"); the interval already says what it means
    stated: float | None = None  # the figure the qualifier applies to

    def display(self) -> str:
        if self.qualifier and self.stated is not None:
            number = f"{self.qualifier} {self.stated:g}"
        else:
            number = f"{self.low:g}" if self.low == self.high else f"{self.low:g}-{self.high:g}"
        return f"{self.unit} {number}" if self.unit == "magnitude" else f"{number} {self.unit}"

    def to_json(self) -> dict[str, Any]:
        # open bounds ("up to 10 kg") are null: JSON has no infinity
        return {"type": "quantity", "low": None if math.isinf(self.low) else self.low,
                "high": None if math.isinf(self.high) else self.high, "unit": self.unit}


def _number(text: str) -> float | None:
    text = text.strip()
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    try:
        return sign * float(text.replace(",", ""))
    except ValueError:
        value = number_value(text)
        return None if value is None else sign * float(value)


def parse_quantity(text: str, tolerance: float) -> Quantity | None:
    m = _PARSE.match(" ".join(text.split()))
    if not m:
        return None
    if m.group("mag"):
        value, unit, dim, factor = _number(m.group("mag")), "magnitude", "magnitude", 1.0
    else:
        value = _number(m.group("num"))
        unit_word = m.group("unit").lower()
        if unit_word in TEMPERATURE:
            unit, dim, factor = "°" + TEMPERATURE[unit_word], "temperature", 1.0
        else:
            dim, factor, unit = UNITS[unit_word]
    if value is None:
        return None
    low = high = value
    written = " ".join(m.group("qual").lower().split()) if m.group("qual") else None
    qual = QUALIFIERS.get(written or "")
    if qual in ("approx", "below", "above", "min", "max", "under"):
        # as for counts: "more than" and "at least" are open above; "up to" and "less than" reach
        # down to nothing (or without limit, on a scale with no zero)
        spread = abs(value) * tolerance
        floor = 0.0 if dim not in ("temperature", "magnitude") and value >= 0 else float("-inf")
        low, high = {"approx": (value - spread, value + spread), "below": (value - spread, value),
                     "under": (floor, value), "above": (value, float("inf")),
                     "min": (value, float("inf")), "max": (floor, value)}[qual]
    if dim == "temperature":
        to_c = (lambda v: v) if unit == "°C" else (lambda v: (v - 32) * 5 / 9)
        base_low, base_high = to_c(low), to_c(high)
    else:
        base_low, base_high = low * factor, high * factor
    return Quantity(low, high, unit, dim, base_low, base_high, written if qual else None, value if qual else None)


class QuantityType(BaseType):
    name = "quantity"

    def parse(self, groups: Mapping[str, str], ctx) -> Quantity | None:
        tolerance = ctx.lexicons.settings.approximate_tolerance
        if groups.get("magnitude"):  # a bare figure the pattern knows to be a magnitude ("a 6.8 quake")
            return parse_quantity(f"magnitude {groups['magnitude']}", tolerance)
        text = first_group(groups, "value", "quantity")
        return parse_quantity(text, tolerance) if text else None

    def key(self, value: Quantity):
        return (value.dimension, round(value.base_low, 6), round(value.base_high, 6))

    def conflict(self, a, b, lexicons) -> Conflict | None:
        x, y = a.value, b.value
        if x.dimension != y.dimension:
            return None
        # conversions and rounding: the pack's tolerance, relative to the larger finite figure
        tol = lexicons.settings.quantity_tolerance
        finite = [abs(v) for v in (x.base_low, x.base_high, y.base_low, y.base_high) if math.isfinite(v)]
        slack = tol * max(finite, default=0.0)
        if x.dimension == "magnitude":
            slack = tol  # a scale, not an amount: 6.1 and 6.2 differ however large the quake
        elif x.dimension == "temperature":
            slack = max(slack, 0.5)  # near zero a relative tolerance is none at all
        if x.base_low - slack <= y.base_high and y.base_low - slack <= x.base_high:
            return None
        return Conflict("quantity", f"{x.display()} vs {y.display()}")
