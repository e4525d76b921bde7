"""count: how many of something, as an interval with the qualifier that made it.

"at least six" is [6, ∞), "about 300" is [270, 330] (tolerance from the rule
pack's settings), "dozens" is [24, 199], "between 100 and 300" is [100, 300].
Two counts conflict only when their intervals are disjoint; bounds made by a
strict qualifier ("more than 60", "nearly 300") are widened by one when
comparing, because outlets routinely print the boundary figure itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex
from text_to_num import text2num

from checker.values.base import Conflict, LazyRegex, first_group, inside_quote

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_DIGIT_WORDS = "one two three four five six seven eight nine".split()
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_UNDER_100 = (rf"(?:(?:{'|'.join(_TENS)})(?:[\s-]+(?:{'|'.join(_DIGIT_WORDS)}))?"
              rf"|(?:{'|'.join(sorted(_SMALL, key=len, reverse=True))}))")
_SCALE = r"(?:hundred|thousand|million|billion)"
WORD_NUMBER = (rf"(?:(?:{_UNDER_100}|a|one)(?:[\s-]+{_SCALE}(?:(?:\s+and)?[\s-]+{_UNDER_100})?)+"
               rf"|{_UNDER_100})")
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(?:\s+(?:million|thousand|billion))?"
NUMBER = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})"

# Words that name a vague amount: (low, high); high None = open.
VAGUE: dict[str, tuple[int, int | None]] = {
    "a couple of": (2, 3), "a couple": (2, 3), "a few": (2, 6), "a handful of": (2, 6),
    "a handful": (2, 6), "several": (3, 10), "a dozen": (12, 12), "dozens of": (24, 199),
    "two dozen": (24, 24), "three dozen": (36, 36), "four dozen": (48, 48), "a few dozen": (24, 72),
    "several dozen": (36, 108), "a couple of dozen": (24, 36), "a couple dozen": (24, 36),
    "dozens": (24, 199), "scores of": (40, 199), "scores": (40, 199),
    "hundreds of": (200, 1_999), "hundreds": (200, 1_999),
    "thousands of": (2_000, 19_999), "thousands": (2_000, 19_999),
}
_VAGUE = "|".join(regex.escape(w) for w in sorted(VAGUE, key=len, reverse=True))

# qualifier -> how it shapes the interval around n
QUALIFIERS: dict[str, str] = {
    "at least": "min", "no fewer than": "min", "no less than": "min", "not less than": "min",
    "a minimum of": "min", "more than": "above", "over": "above", "upwards of": "above",
    "in excess of": "above", "just over": "above", "nearly": "below", "almost": "below",
    "close to": "below", "just under": "below", "about": "approx", "around": "approx",
    "approximately": "approx", "roughly": "approx", "some": "approx", "an estimated": "approx",
    "estimated": "approx", "an approximate": "approx", "up to": "max", "as many as": "max",
    "at most": "max", "no more than": "max", "a maximum of": "max", "fewer than": "under",
    "less than": "under", "under": "under",
}
_QUALIFIER = "|".join(regex.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))

# Every word a count can begin with. The look-ahead built from them lets the
# engine skip a word in about a microsecond instead of trying every branch of
# the count (patterns that begin with a count are tried at every word).
COUNT_FIRST_WORDS = frozenset(
    {q.split()[0] for q in QUALIFIERS} | {v.split()[0] for v in VAGUE} | set(_SMALL) | set(_TENS)
    | {"between", "a", "one"})
_FIRST_WORD = "|".join(sorted(COUNT_FIRST_WORDS, key=len, reverse=True))
COUNT_START = rf"(?=\d|(?:{_FIRST_WORD})\b)"

COUNT_PATTERN = (
    r"(?<![\w-])"  # start at a word: also the cheapest way to skip most positions
    + COUNT_START +
    # "when it was all over, one person was dead": an ending, not "more than"
    rf"(?:(?<!\ball\s)(?:{_QUALIFIER})\s+)?"
    # vague amounts first: "two dozen" is 24, not "two" followed by a word
    rf"(?:(?:{_VAGUE})(?![\w-])"
    rf"|between\s+{NUMBER}\s+and\s+{NUMBER}"
    rf"|{NUMBER}(?:\s*(?:-|–|—|to|or)\s*{NUMBER}(?![\w-]))?)"
)
"""The body of the ``{count}`` macro (no capturing groups)."""

_WORD_GAPS = regex.compile(r"[\s-]+")
# a number is written once and called (?&n): four copies made this the costliest compile at start-up
_PARSE = LazyRegex(
    rf"^(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:(?P<vague>{_VAGUE})"
    rf"|between\s+(?P<a>(?&n))\s+and\s+(?P<b>(?&n))"
    rf"|(?P<a>(?&n))(?:\s*(?:-|–|—|to|or)\s*(?P<b>(?&n)))?)$"
    rf"(?(DEFINE)(?P<n>{NUMBER}))",
    regex.IGNORECASE,
)

DEFAULT_TOLERANCE = 0.1
_VAGUE_WORDS = {w.removesuffix(" of") for w in VAGUE}
_STRICT = {"above", "below", "under"}


@dataclass(frozen=True)
class Count:
    """An interval of possible values; ``high`` None means open-ended."""

    low: int
    high: int | None
    qualifier: str | None = None

    @property
    def exact(self) -> bool:
        return self.high == self.low

    def _bounds(self) -> tuple[int, float]:
        low, high = self.low, math.inf if self.high is None else self.high
        if self.qualifier and QUALIFIERS.get(self.qualifier) in _STRICT:
            low, high = low - 1, high + 1
        return low, high

    def agrees(self, other: Count) -> bool:
        """True unless the two intervals are disjoint (strict bounds widened by one)."""
        a_low, a_high = self._bounds()
        b_low, b_high = other._bounds()
        return a_low <= b_high and b_low <= a_high

    def __add__(self, other: Count) -> Count:
        high = None if self.high is None or other.high is None else self.high + other.high
        qualifier = self.qualifier if self.qualifier == other.qualifier else (self.qualifier or other.qualifier)
        return Count(self.low + other.low, high, qualifier)

    def display(self) -> str:
        if self.qualifier and self.qualifier in _VAGUE_WORDS:
            return self.qualifier
        if self.exact:
            return str(self.low)
        if self.high is None:
            return f"{self.low}+" if not self.qualifier else f"{self.qualifier} {self._anchor()}"
        if self.qualifier:
            return f"{self.qualifier} {self._anchor()}"
        return f"{self.low}-{self.high}"

    def _anchor(self) -> int:
        kind = QUALIFIERS.get(self.qualifier or "")
        if kind == "above":
            return self.low - 1
        if kind in ("below", "under"):
            return (self.high or 0) + 1
        if kind == "max":
            return self.high or 0
        if kind == "approx" and self.high is not None:
            return round((self.low + self.high) / 2)
        return self.low

    def to_json(self) -> dict[str, Any]:
        return {"type": "count", "low": self.low, "high": self.high, "qualifier": self.qualifier}


def number_value(text: str) -> int | None:
    """The integer written in ``text`` ("4", "1,200", "twenty-five", "2.5 million")."""
    text = text.strip().lower()
    if not text:
        return None
    if text[0].isdigit():
        scale = 1
        for word, factor in _SCALES.items():
            if text.endswith(word):
                scale, text = factor, text[: -len(word)].strip()
        try:
            return int(round(float(text.replace(",", "")) * scale))
        except ValueError:
            return None
    words = _WORD_GAPS.sub(" ", text)
    if words.startswith("a "):
        words = "one " + words[2:]
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_count(text: str, tolerance: float = DEFAULT_TOLERANCE) -> Count | None:
    """Parse the text matched by ``{count}``; None when it is not a count. Remembered: a corpus
    repeats a few hundred counts ("two", "at least 3"), and a Count is never changed once made."""
    m = _PARSE.match(" ".join(text.split()))
    if not m:
        return None
    qualifier = m.group("qual").lower() if m.group("qual") else None
    if m.group("vague"):
        word = " ".join(m.group("vague").lower().split())
        low, high = VAGUE[word]
        if qualifier is None and low != high:
            return Count(low, high, word.removesuffix(" of"))  # "dozens" reads better than "24-199"
    else:
        low = number_value(m.group("a"))
        if low is None:
            return None
        high = number_value(m.group("b")) if m.group("b") else low
        if high is None:
            return None
        if high < low:  # "ten to two" is not a range; keep what can be trusted
            return None
    return apply_qualifier(low, high, qualifier, tolerance)


def apply_qualifier(low: int, high: int | None, qualifier: str | None, tolerance: float) -> Count:
    """Widen the interval [low, high] as the qualifier says. Qualifiers never narrow."""
    kind = QUALIFIERS.get(qualifier or "")
    if kind == "min":
        return Count(low, None, qualifier)
    if kind == "above":
        return Count(low + 1, None, qualifier)
    if kind == "max":
        return Count(0, high, qualifier)
    if kind == "under":
        return Count(0, max(0, low - 1), qualifier)
    if kind == "below":
        top = high if high is not None else low
        return Count(max(0, math.floor(top - max(1, top * tolerance))), max(0, top - 1), qualifier)
    if kind == "approx":
        top = high if high is not None else low
        return Count(max(0, math.floor(low - max(1, low * tolerance))), math.ceil(top + max(1, top * tolerance)),
                     qualifier)
    return Count(low, high, qualifier)


# ---- the value type -------------------------------------------------------

_SINGLE = {"a", "an", "one", "single", "a single", "lone", "a lone"}
_ORDINAL = {"second": 2, "another": 2, "third": 3, "fourth": 4, "fifth": 5}
_MULTIPLE = {"twin": 2, "double": 2, "triple": 3}  # "twin blasts" were two


class CountType:
    """Slot type ``count``: how many incidents, vehicles, buildings…"""

    name = "count"

    def parse(self, groups, ctx) -> Count | None:
        text = first_group(groups, "value", "count")
        word = " ".join(text.lower().split()) if text else ""
        if word in _MULTIPLE:
            return Count(_MULTIPLE[word], _MULTIPLE[word])
        if groups.get("plural"):  # a plural noun with no number: "in mine blasts"
            return Count(2, None, "at least")
        if text is None:
            return None
        if word in _SINGLE:
            return Count(1, 1)
        if word in _ORDINAL:  # "a second blast": there were at least two
            return Count(_ORDINAL[word], None, "at least")
        count = parse_count(text, ctx.lexicons.settings.approximate_tolerance)
        if count is not None and count.qualifier in _VAGUE_WORDS \
                and inside_quote(ctx.sentence_text, ctx.match_start - ctx.sentence_start):
            return None  # a witness's "a couple of shootings" is a way of speaking, not a count
        return count

    def key(self, value: Count):
        return value

    def select(self, facts, lexicons, *, own=False):
        return per_article_maximum(facts)

    def merge_sentence(self, values, lexicons):
        return values

    def is_part(self, value) -> bool:
        return False

    def conflict(self, a, b, lexicons):
        if a.value.agrees(b.value):
            return None
        return Conflict("count", f"{a.value.display()} vs {b.value.display()}")


def lower_bound(value) -> float:
    """The least a value claims: a count's low end, a headcount's total, a quantity in its base unit."""
    if hasattr(value, "base_low"):
        return value.base_low
    count = value if isinstance(value, Count) else value.total
    return count.low


def per_article_maximum(facts):
    """Per article and incident scope, the largest figure given: an article's
    smaller figures are usually parts ("two of them children"), not its claim.
    A headline is kept apart from its body so the two can be compared."""
    best: dict[tuple[str, bool, frozenset[str]], object] = {}
    for fact in facts:
        key = (fact.evidence.article, fact.evidence.headline, fact.scope)
        held = best.get(key)
        if held is None or lower_bound(fact.value) > lower_bound(held.value):
            best[key] = fact
    kept = set(map(id, best.values()))
    return [f for f in facts if id(f) in kept]
