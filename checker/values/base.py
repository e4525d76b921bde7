"""What a value type is: a parser from matched text and a comparison of two facts.

Adding a type means one module that defines a ``ValueType`` and one line in
``checker.values.TYPES``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from checker.model import Article, Fact

if TYPE_CHECKING:
    from checker.rulebook import Lexicons


@dataclass(frozen=True)
class ParseContext:
    """What a parser may look at besides the matched text."""

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


class ValueType(Protocol):
    name: str

    def parse(self, groups: Mapping[str, str], ctx: ParseContext) -> Any | None:
        """The typed value of one match, or None when the text does not hold one."""

    def key(self, value: Any) -> Hashable:
        """Values with equal keys are the same claim (grouped on one side of a report)."""

    def conflict(self, a: Fact, b: Fact, lexicons: Lexicons) -> Conflict | None:
        """The conflict between two facts of one slot and one story, if any."""

    def select(self, facts: list[Fact], lexicons: Lexicons) -> list[Fact]:
        """The facts that take part in comparison (default: all)."""


class BaseType:
    """Defaults shared by value types."""

    name = "base"

    def key(self, value: Any) -> Hashable:
        return value

    def select(self, facts: list[Fact], lexicons: Lexicons) -> list[Fact]:
        return facts

    def merge_sentence(self, values: list[Any], lexicons: Lexicons) -> list[Any]:
        """Several matches in one sentence: keep as they are by default."""
        return values


def first_group(groups: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        text = groups.get(name)
        if text:
            return text
    return None
