"""The typed values handed from one pipeline stage to the next.

load → Article; extract → Fact; compare → Discrepancy; report formats them.
All are frozen: no stage changes what an earlier one produced.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from collections import Counter
import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Protocol

Severity = Literal["error", "warning", "info"]
DEFAULT_STORY = "default"  # the story of an article that names none
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


class Value(Protocol):
    """What every value type produces: comparable, displayable, JSON-able."""

    def display(self) -> str: ...

    def to_json(self) -> dict[str, Any]: ...


class Sentence(NamedTuple):
    """Where a sentence is in its article's text. A tuple: an article has dozens, made on every read
    (half the cost of a frozen dataclass)."""

    start: int
    end: int
    paragraph: int
    headline: bool = False


@dataclass(frozen=True)
class Article:
    id: str
    path: str
    text: str
    story: str = "default"
    published: dt.date | None = None
    published_at: dt.datetime | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    sentences: tuple[Sentence, ...] = ()
    line_starts: tuple[int, ...] = (0,)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start:sentence.end]

    def info(self) -> ArticleInfo:
        return ArticleInfo(id=self.id, path=self.path, story=self.story, published=self.published,
                           published_at=self.published_at, outlet=self.outlet, title=self.title, url=self.url)


@dataclass(frozen=True)
class Grouped:
    """Why an article is in its story when the run found the stories (``--stories auto``): it names
    its story itself (``given``), or it was joined to article ``joined`` for what they share, or
    nothing joined it to another (``joined`` None)."""

    given: bool = False
    joined: str | None = None
    score: float = 0.0
    places: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # headline words and proper names of the bodies
    date: str | None = None  # the day both texts give the incident

    def describe(self) -> str:
        if self.given:
            return "its own story metadata"
        if self.joined is None:
            return "no other article shares its place, day, names or headline"
        shared = [f"place {', '.join(self.places)}"] if self.places else []
        shared += [f"day {self.date}"] if self.date else []
        shared += [f"name {', '.join(self.names)}"] if self.names else []
        shared += [f"words {', '.join(self.words)}"] if self.words else []
        return f"with {self.joined}: " + "; ".join(shared) + f" (score {self.score:g})"


@dataclass(frozen=True)
class ArticleInfo:
    """What the run keeps of an article once its facts are read: who and where it is, not its text,
    so that memory holds facts and short evidence however large the corpus."""

    id: str
    path: str
    story: str = "default"
    published: dt.date | None = None
    published_at: dt.datetime | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    grouped: Grouped | None = None  # why it is in its story, when the run found the stories


def _slot_init(cls: type) -> type:
    """Give a frozen dataclass with slots an ``__init__`` that fills each slot through its descriptor.
    The one dataclasses writes goes through ``object.__setattr__`` field by field (a frozen class
    refuses its own) and costs three times as much: a run builds a fact and its evidence for every
    match, and again whenever it reads the facts back from its spill. Same arguments and defaults."""
    fields = dataclasses.fields(cls)
    if any(f.default_factory is not dataclasses.MISSING or not f.init or f.kw_only for f in fields):
        return cls  # not written for these: dataclasses' own stays
    names: dict[str, Any] = {"_new": object.__new__}
    params = []
    for f in fields:
        names[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"\n    _set_{f.name}(self, {f.name})" for f in fields)
    exec(f"def __init__(self, {', '.join(params)}):{body}", names)  # noqa: S102 - built from field names
    names["__init__"].__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = names["__init__"]  # type: ignore[misc]
    return cls


@_slot_init
@dataclass(frozen=True, order=True, slots=True)
class Evidence:
    """Where a fact was read: enough to find and quote it without the article."""

    article: str
    path: str
    start: int
    end: int
    line: int
    column: int
    text: str
    sentence: str
    headline: bool = False

    def __reduce__(self):
        # a plain tuple: the pickling dataclasses give classes with slots reads fields() every time
        return Evidence, (self.article, self.path, self.start, self.end, self.line, self.column, self.text,
                          self.sentence, self.headline)


@_slot_init
@dataclass(frozen=True, slots=True)
class Fact:
    rule: str
    value: Any  # a Value
    evidence: Evidence
    source: str | None = None
    scope: frozenset[str] = frozenset()
    partial: bool = False
    pattern_index: int = 0
    published: dt.date | None = None
    published_at: dt.datetime | None = None
    # None: the story's own incident; else why the sentence is about another one ("an earlier
    # year", "a roundup"): such a fact is reported with the article and never compared
    other_incident: str | None = None
    # the part of the story's toll a figure counts, when the text qualifies it by a place inside the
    # story's area ("237 in Syria"): compared only with the same part, and as a part of a whole
    part: str | None = None

    @property
    def display(self) -> str:
        return self.value.display()

    def __reduce__(self):
        return Fact, (self.rule, self.value, self.evidence, self.source, self.scope, self.partial, self.pattern_index,
                      self.published, self.published_at, self.other_incident, self.part)


@dataclass(frozen=True)
class Side:
    display: str
    value: Any
    claims: tuple[Fact, ...]
    # when the side's figure was first published (ISO date or date-time), when any claim says
    published: str | None = None


@dataclass(frozen=True)
class Suppression:
    """Why a discrepancy is kept in the report but not counted: an ignore in an article or in the configuration."""

    reason: str
    source: Literal["article", "config"]
    path: str  # the article or configuration file that says so


@dataclass(frozen=True)
class Discrepancy:
    rule: str
    kind: str
    severity: Severity
    story: str
    message: str
    sides: tuple[Side, ...]
    id: str = ""
    suppressed: Suppression | None = None


@dataclass(frozen=True)
class InputError:
    path: str
    message: str


def error_order(error: InputError) -> tuple:
    """Errors by path, then by message with its numbers read as numbers ("line 5" before "line 10")."""
    import re

    return error.path, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", error.message)]


def internal_error(path: str, exc: BaseException) -> InputError:
    """An error of checker's own met on one input (or story): that input is left out of the run, the
    rest goes on, and the report says so and who to tell."""
    if isinstance(exc, RecursionError):
        return InputError(path, "nested too deeply to be read (more than Python's recursion limit): "
                                "flatten it or leave it out")
    if isinstance(exc, MemoryError):
        return InputError(path, "too large to check in the memory there is: split it or leave it out")
    detail = " ".join(str(exc).split())[:200]
    return InputError(path, f"internal error, please report (with this input): {type(exc).__name__}"
                            + (f": {detail}" if detail else ""))


@dataclass
class RunResult:
    """Everything a report needs; formatters read it and compute nothing."""

    articles: Sequence[ArticleInfo] = field(default_factory=list)  # by path; then the --against ones, by path
    # article id -> facts; and the findings: like the articles, in memory or read back from a file (checker.run.store)
    facts: Mapping[str, list[Fact]] = field(default_factory=dict)
    discrepancies: Sequence[Discrepancy] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    reference: frozenset[str] = frozenset()  # ids of articles read only to compare against (--against)
    notices: list[str] = field(default_factory=list)  # e.g. an expired ignore
    baselined: int | None = None  # discrepancies left out as already in the baseline; None: no baseline


# How many facts and findings a run holds, however it keeps them: a spilled store counts as it
# adds (``sizes``, ``tally``), a plain dict or list is counted here.
def fact_count(facts: Mapping[str, list[Fact]]) -> int:
    sizes = getattr(facts, "sizes", None)
    return sum(sizes()) if sizes is not None else sum(len(f) for f in facts.values())


def tally(discrepancies: Sequence[Discrepancy]) -> Counter[tuple[str, bool]]:
    """(severity, suppressed) -> how many findings: counted as they were put aside, or now."""
    counted = getattr(discrepancies, "tally", None)
    if counted is not None:
        return counted
    return Counter((d.severity, d.suppressed is not None) for d in discrepancies)


_SAME_PLURAL = frozenset({"info"})  # "2 info": a level, not a countable noun


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 error``, ``2 errors``, ``2 misses``, ``2 info``: a count and its noun, agreed (the last word
    of the noun takes the ending; ``many`` gives an irregular plural)."""
    if count == 1:
        return f"{count} {noun}"
    if many is None:
        head, _, last = noun.rpartition(" ")
        if last in _SAME_PLURAL:
            many = noun
        else:
            ending = "es" if last.endswith(("s", "sh", "ch", "x", "z")) else "s"
            many = f"{head} {last}{ending}".strip() if head else f"{last}{ending}"
    return f"{count} {many}"
