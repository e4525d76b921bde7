"""The compiled rule book: what extraction and comparison run, and how to load it.

A book is built once per set of rule files by :mod:`checker.rules.compile` (YAML
reading and validation, macro expansion, regex compilation, the trigger
prefilter) and usually loaded from the cache (:mod:`checker.rules.cache`). This
module holds only what a loaded book is made of, so that checking articles with a
cached book imports neither the rule-file schema (pydantic) nor the compiler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from checker.lexicon import Gazetteer, Scopes, SpeakerBook, Taxonomy
from checker.values import ValueType
from checker.rules.location import Location

if TYPE_CHECKING:
    from checker.rules.location import RuleSyntaxError


class RuleBookError(Exception):
    """One or more problems in the rule files; each is located."""

    def __init__(self, problems: list[RuleSyntaxError]) -> None:
        self.problems = sorted(problems, key=lambda p: p.location)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    regex: regex.Pattern[str]
    partial: bool
    index: int
    location: Location
    triggers: tuple[str, ...] = ()  # lower-case words one of which every match holds; () = run everywhere
    note: str | None = None
    requires: tuple[tuple[str, ...], ...] = ()  # word sets every match holds a word of each of
    with_whole: bool = False  # a part kept only beside the slot's whole figure in the article
    # its necessary parts (checker.match.triggers.necessary_parts), read when the book is compiled
    # (and cached with it), not by every process that runs it; None: read when first run
    parts: tuple[str, ...] | None = None


@dataclass(frozen=True)
class CompiledUnless:
    """Where an exclusion of a slot was written (its regex is in ``CompiledSlot.unless``, same index)."""

    source: str
    location: Location


@dataclass(frozen=True)
class LexiconPattern:
    """A pack-wide pattern (source credits, declared place aliases) and its trigger words."""

    regex: regex.Pattern[str]
    triggers: tuple[str, ...]


@dataclass(frozen=True)
class IncidentCue:
    """A compiled ``other_incidents`` cue: a sentence it matches is about another incident."""

    reason: str
    # each with its trigger words, run by the prefilter as a pack-wide pattern (key (2, first + i)),
    # and on PCRE2 where the book approved it (RuleBook.fast)
    patterns: tuple[LexiconPattern, ...]
    slots: frozenset[str] = frozenset()  # the slot ids it applies to; empty: all
    first: int = 0  # the prefilter's number of the first pattern among all cues' patterns
    roundup: bool = False  # tells of several incidents: enough such sentences make the article a roundup

    def applies_to(self, slot_id: str) -> bool:
        return not self.slots or slot_id in self.slots


@dataclass(frozen=True)
class TimeCueRule:
    """A compiled ``time_cues`` entry: where a figure its pattern finds near it sits in time."""

    when: str  # "earlier" | "latest" | "revised"
    regex: regex.Pattern[str]
    slots: frozenset[str] = frozenset()
    fast: bool = False  # PCRE2 may run it (approved as the slot patterns are, checker.match.matcher)

    def applies_to(self, slot_id: str) -> bool:
        return not self.slots or slot_id in self.slots


@dataclass(frozen=True)
class CompiledExample:
    text: str
    expected: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class CompiledSlot:
    id: str
    type_name: str
    type: ValueType
    severity: str
    description: str
    grows: bool
    scoped: bool
    patterns: tuple[CompiledPattern, ...]
    unless: tuple[regex.Pattern[str], ...]
    examples: tuple[CompiledExample, ...]
    location: Location
    unless_sources: tuple[CompiledUnless, ...] = ()
    falling: str = "warning"  # severity of a later, smaller figure of a slot that grows
    # of each exclusion (same index as ``unless``): the words one of which its every match holds, found
    # by the prefilter's pass as a pack-wide pattern's are (key (3, n)); () = searched on every sentence
    unless_triggers: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class CompiledSettings:
    """The packs' merged ``settings`` (:class:`checker.rules.models.Settings`, validated there), as plain
    data: a cached book then loads without pydantic. tests/test_rulebook.py keeps the fields equal."""

    approximate_tolerance: float = 0.1
    quote_similarity: float = 85
    place_similarity: float = 80
    contested_severity: str = "info"
    quantity_tolerance: float = 0.05
    perpetrators: tuple[str, ...] = ("attacker",)
    uncounted: tuple[str, ...] = ("unborn",)
    unordered_severity: str = "warning"
    time_tolerance: int = 5
    lead_sentences: int = 4
    roundup_sentences: int = 2
    match_timeout: float | None = None
    story_threshold: float = 4.0
    story_bare_threshold: float = 1.0
    story_sure: float = 5.0
    story_merge_threshold: float = 5.5
    story_roundup_tolls: int = 3
    story_roundup_days: int = 3
    story_place_window: int = 3
    story_name_window: int = 400
    story_word_window: int = 30
    story_date_tolerance: int = 1
    story_time_tolerance: int = 60
    story_block_limit: int = 40
    story_largest: int = 100
    story_rare_block: int = 2
    story_common_share: float = 0.02
    story_common_floor: int = 10
    story_rare_run: int = 5
    story_weight_place: float = 1.0
    story_weight_rare_place: float = 1.0
    story_weight_name: float = 2.5
    story_weight_mention: float = 1.0
    story_weight_rare_mention: float = 1.0
    story_weight_word: float = 0.5
    story_weight_rare_word: float = 0.5
    story_weight_words_most: float = 3.5
    story_weight_topic: float = 1.0
    story_weight_date: float = 1.0
    story_weight_date_conflict: float = -3.0
    story_weight_fact_conflict: float = -1.5
    story_weight_near: float = 1.0


@dataclass(frozen=True)
class StoryCueRules:
    """The packs' ``story_cues`` compiled: alternations of their words and phrases (None: no words),
    and folded word sets. Read by :mod:`checker.stories.cues`."""

    harms: regex.Pattern[str] | None = None  # searched in the lower-cased text (its words are lower case)
    harm_words: tuple[str, ...] = ()  # the same words, lower case, each found on its own (faster)
    named_after: regex.Pattern[str] | None = None  # matched right after a name (", 15,", " was shot", " died")
    named_before: regex.Pattern[str] | None = None  # searched in the words just before a name, up to it
    authority: regex.Pattern[str] | None = None  # "<place> police": the group "place"
    authority_words: tuple[str, ...] = ()  # its words, lower case: the pattern is tried only before them
    titles: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    not_places: frozenset[str] = frozenset()
    not_datelines: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicons:
    taxonomy: Taxonomy
    gazetteer: Gazetteer
    speakers: SpeakerBook
    scopes: Scopes
    settings: CompiledSettings
    headcount_item_parser: regex.Pattern[str]
    place_aliases: tuple[LexiconPattern, ...] = ()
    sources: tuple[LexiconPattern, ...] = ()
    other_incidents: tuple[IncidentCue, ...] = ()
    time_cues: tuple[TimeCueRule, ...] = ()
    story_cues: StoryCueRules = StoryCueRules()
    # a colon's list after a toll that names one of settings.uncounted (checker.values.headcount)
    uncounted_in_list: regex.Pattern[str] | None = None


@dataclass(frozen=True)
class RuleBook:
    slots: tuple[CompiledSlot, ...]
    lexicons: Lexicons
    files: tuple[str, ...]
    # ahocorasick.Automaton: trigger or required word, without whitespace -> int, the patterns it
    # triggers (slot and pack-wide) and the word sets it is in as bits (checker.rules.compile._prefilter)
    prefilter: Any = field(repr=False, default=None)
    always: tuple[tuple[int, int], ...] = ()  # (slot, pattern) pairs with no trigger words
    fast: frozenset[str] = frozenset()  # sources of the patterns PCRE2 may run (checker.match.matcher)
    scan_patterns: tuple[tuple[int, int], ...] = ()  # (slot, pattern) of the prefilter's pattern bit i
    gates: tuple[int, ...] = ()  # of scan pattern i: bits of the required word sets it needs filled
    word_sets: int = 0  # how many required word sets the prefilter's values have bits for

    def slot(self, slot_id: str) -> CompiledSlot | None:
        return next((s for s in self.slots if s.id == slot_id), None)


def release_patterns(book: RuleBook) -> None:
    """Drop, in place, what only extraction runs: the slots' patterns, exclusions and examples and
    the prefilter. For the one that loaded ``book`` and is done reading articles with it (the
    command line, once every article is read): the compiled patterns are most of a loaded book's
    memory (some 20 MB of the default pack), which comparing a large story can then use. The book
    still compares and describes its slots in reports; it extracts nothing any more."""
    for slot in book.slots:
        for name in ("patterns", "unless", "examples", "unless_sources", "unless_triggers"):
            object.__setattr__(slot, name, ())
    for name, empty in (("prefilter", None), ("always", ()), ("fast", frozenset()), ("scan_patterns", ()),
                        ("gates", ())):
        object.__setattr__(book, name, empty)


def default_rules_dir() -> Path:
    """The shipped default pack: inside the installed package, or rules/ in a checkout."""
    packaged = resources.files("checker") / "default_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def shown_rule_file(path: str) -> str:
    """A rule file's path as reports show it: a file of the shipped pack as ``rules/<name>`` (the
    same on every install and checkout, so reports of one run on two machines are the same bytes),
    any other as it was given."""
    if not Path(path).is_absolute():
        return path
    try:
        inside = Path(path).relative_to(default_rules_dir())
    except ValueError:
        return path
    return "rules/" + inside.as_posix()
