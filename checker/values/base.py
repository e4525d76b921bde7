"""What a value type is: a parser from matched text and a comparison of two facts.

Adding a type means one module that defines a ``ValueType`` and one line in
``checker.values.TYPES``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import regex

from checker.model import Article, Fact

if TYPE_CHECKING:
    from checker.rules.book import Lexicons


class LazyRegex:
    """A regex compiled when first used. The value parsers' large patterns take milliseconds each
    to compile, which a short run (one article) pays at start-up for parsers it may never call."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: regex.Pattern[str] | None = None

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex.compile(self._source, self._flags)
        return self._compiled

    def match(self, text: str, pos: int = 0) -> regex.Match[str] | None:
        return self.compiled.match(text, pos)

    def fullmatch(self, text: str) -> regex.Match[str] | None:
        return self.compiled.fullmatch(text)


class ParseContext(NamedTuple):
    """What a parser may look at besides the matched text. A tuple: one is made for every match
    parsed (a fifth of the cost of a frozen dataclass)."""

    lexicons: Lexicons
    article: Article
    sentence_start: int
    sentence_text: str
    match_start: int  # absolute offsets in the article
    match_end: int
    anchor_weekday: int | None = None  # the article's leading weekday, for dates without a publication date


@dataclass(frozen=True)
class Conflict:
    """Two values that cannot both be true."""

    kind: str
    message: str
    # the most this conflict may weigh, whatever the slot says ("soldier" vs "firefighter" for
    # the same four when neither article gives the whole toll: they may be two parts of it)
    at_most: str | None = None


class ValueType(Protocol):
    name: str

    def parse(self, groups: Mapping[str, str], ctx: ParseContext) -> Any | None:
        """The typed value of one match, or None when the text does not hold one."""

    def key(self, value: Any) -> Hashable:
        """Values with equal keys are the same claim (grouped on one side of a report)."""

    def conflict(self, a: Fact, b: Fact, lexicons: Lexicons) -> Conflict | None:
        """The conflict between two facts of one slot and one story, if any."""

    def select(self, facts: list[Fact], lexicons: Lexicons, *, own: bool = False) -> list[Fact]:
        """The facts that take part in comparison (default: all). ``own``: the facts are the caller's
        own, fresh and held by nothing else (a large story's, read back from the run's store): a
        fact whose value changes may be changed in place rather than copied."""

    def is_part(self, value: Any) -> bool:
        """Does the value itself say it is only a part of the slot's whole?"""


class BaseType:
    """Defaults shared by value types."""

    name = "base"

    def key(self, value: Any) -> Hashable:
        return value

    def select(self, facts: list[Fact], lexicons: Lexicons, *, own: bool = False) -> list[Fact]:
        return facts

    def parts_of_article(self, values: list[Any]) -> list[bool]:
        """For the whole values one article gives a slot, which of them are parts of another
        (read as partial, never compared as the whole). By default none."""
        return [False] * len(values)

    def merge_sentence(self, values: list[Any], lexicons: Lexicons) -> list[Any]:
        """Several matches in one sentence: keep as they are by default."""
        return values

    def is_part(self, value: Any) -> bool:
        """Does the value itself say it is only a part of the slot's whole (by default never)?"""
        return False


def first_group(groups: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        text = groups.get(name)
        if text:
            return text
    return None


_OPENING_QUOTES, _CLOSING_QUOTES = "“«", "”»"


def inside_quote(sentence: str, at: int) -> bool:
    """Is position ``at`` of ``sentence`` inside quoted words (a quotation mark opened before it and
    not closed)? Words in a quote are the speaker's, said at another moment and loosely."""
    before = sentence[:at]
    curly = sum(before.count(c) for c in _OPENING_QUOTES) - sum(before.count(c) for c in _CLOSING_QUOTES)
    return curly > 0 or before.count('"') % 2 == 1
