"""Fill the slots of one article: (Article, RuleBook) -> Facts.

The hot path. The prefilter (:mod:`checker.engine.prefilter`) says which patterns
each sentence can match; they run on those sentences only, on PCRE2 where the
rule book approved it
(:mod:`checker.match.matcher`), else on regex. Values are parsed only for matches
that survive the slot's exclusions and overlap resolution.
"""

from __future__ import annotations

import dataclasses
import math
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import regex

from checker.lexicon import AFTER_WINDOW, NEAR_WINDOW, Cue, nearest_kinds
from checker.match.matcher import GaveUp, Twin, Twins, compile_twin
from checker.model import Article, Evidence, Fact
from checker.engine.prefilter import Lexical, lexical_bit, scan
from checker.engine.timeline import Timeline, recalled
from checker.rules.book import CompiledPattern, CompiledSlot, RuleBook
from checker.match.triggers import necessary_parts, precheck_pattern
from checker.values import ParseContext
from checker.values.base import BaseType
from checker.values.count import Count
from checker.values.date import leading_weekday
from checker.values.quote import resolve_speaker, trim_speaker

# seconds one pattern may spend matching in one article (settings.match_timeout overrides it); a
# runaway pattern is stopped for the rest of the article and reported, not waited on
MATCH_TIMEOUT = 2.0


_PRECHECKS: dict[regex.Pattern[str], regex.Pattern[str] | None] = {}


def _precheck(compiled: regex.Pattern[str]) -> regex.Pattern[str] | None:
    """A cheap necessary condition of ``compiled`` (see :func:`checker.match.triggers.precheck_pattern`):
    where it finds nothing, the pattern matches nothing. Built once per pattern."""
    try:
        return _PRECHECKS[compiled]
    except KeyError:
        pass
    rest = precheck_pattern(compiled.pattern)
    pre = None
    if rest is not None:
        try:
            pre = regex.compile(rest, compiled.flags)
        except (regex.error, ValueError):
            pre = None
    _PRECHECKS[compiled] = pre
    return pre


_SAMPLES = 40  # runs of a pattern that are timed before it first settles on how to run
_RESAMPLE = 64  # after that, one run in this many is timed again and the choice revised
_WORTH = 0.85  # a pre-check is used when it costs, with what still runs behind it, under this share


def _compile_part(source: str, flags: int) -> regex.Pattern[str] | None:
    try:
        return regex.compile(source, flags)
    except (regex.error, ValueError):
        return None


class _Choosing:
    """What :class:`_Runner` and :class:`_TwinRunner` share: the timings of a pattern and of its
    necessary parts on the runs it samples, and the part chosen from them."""

    __slots__ = ("parts", "chosen", "runs", "plain", "spent", "behind", "measure")
    # keep only the chosen part once settled (PCRE2 parts hold compiled code for nothing otherwise)
    prune = False

    def _start(self, parts: list[Any]) -> None:
        self.parts = [p for p in parts if p is not None]
        self.chosen = None
        self.runs = 0
        self.measure = bool(self.parts)  # time this run?
        self.plain = 0.0  # time of the pattern itself
        self.spent = [0.0] * len(self.parts)  # time of each part
        self.behind = [0.0] * len(self.parts)  # time of the pattern where the part found something

    def _unsampled(self) -> Any:
        """Count a run that is not timed; the part chosen to run first (None: the pattern alone)."""
        if self.parts:
            self.runs += 1
            self.measure = self.runs % _RESAMPLE == 0
        return self.chosen

    def _settle(self, found_by: list[bool], took: float, matched: bool) -> None:
        """Count one sampled run: the pattern took ``took``; ``found_by``: whether each part found."""
        self.plain += took
        for i, found in enumerate(found_by):
            if found:
                self.behind[i] += took
            elif matched:  # cannot happen; should it, the part is never used
                self.spent[i] = math.inf
        self.runs += 1
        if self.runs >= _SAMPLES:
            costs = [spent + behind for spent, behind in zip(self.spent, self.behind)]
            best = min(range(len(costs)), key=costs.__getitem__)
            self.chosen = self.parts[best] if costs[best] < _WORTH * self.plain else None
            self.measure = False
            if self.prune:
                self.parts = [self.chosen] if self.chosen is not None else []
                self.spent, self.behind = [self.spent[best]], [self.behind[best]]


class _Runner(_Choosing):
    """Runs one slot pattern, behind the cheapest of its necessary parts (see
    :func:`checker.match.triggers.necessary_parts`) or behind none. Where a part finds nothing the
    pattern finds nothing, so every choice yields the same matches. Which part is cheap and rare
    depends on the text, so the choice is made by timing the pattern and its parts on its first
    runs, then on one run in ``_RESAMPLE``; only the time taken depends on it, never the result."""

    __slots__ = ("regex",)

    def __init__(self, compiled: regex.Pattern[str], parts: tuple[str, ...] | None = None) -> None:
        self.regex = compiled
        parts = necessary_parts(compiled.pattern) if parts is None else parts
        self._start([_compile_part(p, compiled.flags) for p in parts])

    def finditer(self, text: str, timeout: float):
        if not self.measure:
            part = self._unsampled()
            if part is not None:
                try:
                    if part.search(text, timeout=timeout) is None:
                        return ()
                except TimeoutError:
                    pass  # undecided: the pattern itself runs, under its own time limit
            return self.regex.finditer(text, timeout=timeout)
        return self._sample(text, timeout)

    def _sample(self, text: str, timeout: float) -> list[regex.Match[str]]:
        clock = time.perf_counter
        found_by = []
        for i, part in enumerate(self.parts):
            start = clock()
            try:
                found = part.search(text, timeout=timeout) is not None
            except TimeoutError:
                found, self.spent[i] = True, math.inf
            self.spent[i] += clock() - start
            found_by.append(found)
        start = clock()
        matches = list(self.regex.finditer(text, timeout=timeout))
        self._settle(found_by, clock() - start, bool(matches))
        return matches


class _TwinRunner(_Choosing):
    """:class:`_Runner` for a pattern PCRE2 runs (its twin): behind the cheapest of its necessary
    parts, each compiled for PCRE2 too, or behind none, chosen the same way. A part on which PCRE2
    gives up counts as found; the pattern itself may give up (:class:`GaveUp`) as the twin does."""

    __slots__ = ("twin",)
    prune = True

    def __init__(self, compiled: regex.Pattern[str], twin: Twin, parts: tuple[str, ...] | None = None) -> None:
        self.twin = twin
        parts = necessary_parts(compiled.pattern) if parts is None else parts
        self._start([compile_twin(p, compiled.flags, jit=False) for p in parts])

    def finditer(self, text: str) -> list[Any]:
        if self.measure:
            return self._sample(text)
        part = self.chosen  # (_unsampled, written out: once settled, a part is kept only when chosen)
        if part is not None:
            self.runs += 1
            self.measure = self.runs % _RESAMPLE == 0
            try:
                if part.search(text) is None:
                    return []
            except GaveUp:
                pass  # undecided: the pattern itself runs
        return self.twin.find_all(text)

    def _sample(self, text: str) -> list[Any]:
        clock = time.perf_counter
        found_by = []
        for i, part in enumerate(self.parts):
            start = clock()
            try:
                found = part.search(text) is not None
            except GaveUp:
                found, self.spent[i] = True, math.inf
            self.spent[i] += clock() - start
            found_by.append(found)
        start = clock()
        matches = self.twin.finditer(text)
        self._settle(found_by, clock() - start, bool(matches))
        return matches


_RUNNERS: dict[regex.Pattern[str], _Runner] = {}
_TWIN_RUNNERS: dict[int, tuple[Twin, _TwinRunner]] = {}


def _twin_runner(compiled: regex.Pattern[str], twin: Twin, parts: tuple[str, ...] | None = None) -> _TwinRunner:
    """``parts``: the pattern's necessary parts when the book has them (CompiledPattern.parts)."""
    entry = _TWIN_RUNNERS.get(id(twin))
    if entry is None or entry[0] is not twin:
        entry = _TWIN_RUNNERS[id(twin)] = (twin, _TwinRunner(compiled, twin, parts))
    return entry[1]


def _runner(compiled: regex.Pattern[str], parts: tuple[str, ...] | None = None) -> _Runner:
    runner = _RUNNERS.get(compiled)
    if runner is None:
        runner = _RUNNERS[compiled] = _Runner(compiled, parts)
    return runner


_TWINS: dict[int, tuple[RuleBook, Twins]] = {}


def _twins(book: RuleBook) -> Twins:
    entry = _TWINS.get(id(book))
    if entry is None or entry[0] is not book:
        entry = _TWINS[id(book)] = (book, Twins(book.fast))
    return entry[1]


_NO_TWINS = Twins(frozenset())


class PatternTimeout(Exception):
    def __init__(self, slot: str, pattern: CompiledPattern, article: str, limit: float | None = None) -> None:
        self.slot, self.pattern, self.article = slot, pattern, article
        limit = MATCH_TIMEOUT if limit is None else limit
        super().__init__(f"{pattern.location}: pattern of {slot} took over {limit:g}s on {article} and was "
                         "stopped there (settings.match_timeout); it backtracks catastrophically: remove nested "
                         "quantifiers like (a+)+ and bound repeats like [^.]{0,80}")


@dataclass(frozen=True)
class Trace:
    """Why a pattern's match did or did not become a fact (for `checker explain`)."""

    slot: str
    pattern: int
    start: int
    end: int
    text: str
    outcome: str  # "fact", "unless", "unparsed", "overlap"
    unless: int | None = None  # "unless": index of the exclusion that matched the sentence
    kept: tuple[int, int, int] | None = None  # "overlap": (pattern, start, end) of the longer match kept


@dataclass
class Extraction:
    facts: list[Fact] = field(default_factory=list)
    place_aliases: list[tuple[str, str]] = field(default_factory=list)
    traces: list[Trace] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    scope_cues: list[Cue] | None = None  # the incident-kind cues of the text, when extraction read them
    lowered: str | None = None  # the text lower-cased, as extraction read it (the story cues read it too)
    harmed: list[int] | None = None  # the sentences that hold a story harm word, when asked and found in the pass


class _ArticleContext:
    """Per-article facts computed once, lazily: its leading weekday, its incident cues."""

    def __init__(self, article: Article, book: RuleBook, lowered: str) -> None:
        self.article = article
        self.book = book
        self.lowered = lowered
        settings_limit = getattr(book.lexicons.settings, "match_timeout", None)
        self.limit = MATCH_TIMEOUT if settings_limit is None else settings_limit
        self.spent: dict[int, float] = {}  # id(pattern) -> seconds it has matched in this article
        self.twins = _NO_TWINS
        self._weekday: int | None | bool = False
        self._cues: list[Cue] | None = None
        self._cue_starts: list[int] = []
        self._cue_length: int | None = None
        self._paragraph_kinds: dict[int, frozenset[str]] = {}
        self._dominant_kinds: frozenset[str] | None = None
        self.lexical: dict[int, Lexical] = {}  # the scan's pack-wide patterns per sentence (bits)
        self.exclusions: list[int] | None = None  # the scan's exclusions to search per sentence (bits)
        self._listed: dict[int, bool] = {}

    def listed_items(self, key: int, compiled: regex.Pattern[str], twin: Twin | None) -> bool:
        """Whether two or more sentences of the article match the cue pattern ``key`` (its bit in
        the prefilter's :data:`Lexical`) with different ``item`` groups: worked out once per article
        and pattern, only for a pattern a fact's sentence matched (few)."""
        found = self._listed.get(key)
        if found is None:
            items: set[str] = set()
            text, sentences = self.article.text, self.article.sentences
            for index, keys in self.lexical.items():
                if not keys >> key & 1:
                    continue
                sentence = text[sentences[index].start:sentences[index].end]  # as the cue saw it ("^")
                for m, found_by in _find_in(compiled, twin, sentence, 0, len(sentence)):
                    item = _groups(m, found_by).get("item")
                    if item:
                        items.add(" ".join(item.lower().split()))
                if len(items) > 1:
                    break
            found = self._listed[key] = len(items) > 1
        return found

    def runs(self, slot_index: int, pattern_indexes: tuple[int, ...],
             ) -> list[tuple[CompiledPattern, Twin | None, _TwinRunner | None]]:
        """The patterns to run (their PCRE2 twins, and how each twin runs) for a slot's pattern
        indexes, worked out once per rule book: sentences share their few combinations (see
        checker.engine.prefilter)."""
        slot = self.book.slots[slot_index]
        if self.twins is _NO_TWINS:
            return [(slot.patterns[i], None, None) for i in pattern_indexes]
        key = (slot_index, pattern_indexes)
        found = self.twins.runs.get(key)
        if found is None:
            found = []
            for i in pattern_indexes:
                twin = self.twins.get(slot.patterns[i].regex)
                runner = None if twin is None else _twin_runner(slot.patterns[i].regex, twin, slot.patterns[i].parts)
                found.append((slot.patterns[i], twin, runner))
            self.twins.runs[key] = found
        return found

    def unless(self, slot_index: int) -> tuple[tuple[regex.Pattern[str], Twin | None, int | None], ...]:
        """A slot's exclusions with their PCRE2 twins and prefilter numbers (None: searched on every
        sentence), worked out once per rule book."""
        found = self.twins.unless.get(slot_index)
        if found is None:
            slots = self.book.slots
            slot = slots[slot_index]
            first = sum(len(s.unless_triggers) for s in slots[:slot_index])
            keyed = len(slot.unless_triggers) == len(slot.unless)
            found = tuple((u, self.twins.get(u), first + i if keyed else None) for i, u in enumerate(slot.unless))
            if self.twins is not _NO_TWINS:
                self.twins.unless[slot_index] = found
        return found

    @property
    def weekday(self) -> int | None:
        if self._weekday is False:
            self._weekday = leading_weekday(self.article.text)
        return self._weekday  # type: ignore[return-value]

    def _cues_between(self, start: int, end: int) -> list[Cue]:
        if self._cues is None:
            self._cues = self.book.lexicons.scopes.cues(self.lowered)
            self._cue_starts = [c.start for c in self._cues]
        return self._cues[bisect_left(self._cue_starts, start):bisect_left(self._cue_starts, end)]

    def scope(self, sentence_index: int, start: int, end: int) -> frozenset[str]:
        """The incident kind a match is about: nearest cue in its sentence, else in its
        paragraph, else what the article mostly names."""
        sentences = self.article.sentences
        sentence = sentences[sentence_index]
        # only the cues that can be near (see nearest_kinds): in a long sentence, not all of them per match
        reach = self._longest_cue() + NEAR_WINDOW
        near = nearest_kinds(self._cues_between(max(sentence.start, start - reach),
                                                min(sentence.end, end + AFTER_WINDOW + 1)), start, end)
        if near:
            return near
        kinds = self._paragraph_kinds.get(sentence.paragraph)
        if kinds is None:  # once per paragraph, not per match
            first = last = sentence_index
            while first > 0 and sentences[first - 1].paragraph == sentence.paragraph:
                first -= 1
            while last + 1 < len(sentences) and sentences[last + 1].paragraph == sentence.paragraph:
                last += 1
            kinds = frozenset(c.kind for c in self._cues_between(sentences[first].start, sentences[last].end))
            self._paragraph_kinds[sentence.paragraph] = kinds
        return kinds or self._dominant()

    def _longest_cue(self) -> int:
        if self._cues is None:
            self._cues_between(0, 0)
        if self._cue_length is None:
            self._cue_length = max((c.end - c.start for c in self._cues or ()), default=0)
        return self._cue_length

    def _dominant(self) -> frozenset[str]:
        if self._dominant_kinds is None:
            counts = Counter(c.kind for c in self._cues_between(0, len(self.lowered)))
            top = counts.most_common()
            self._dominant_kinds = frozenset(k for k, n in top if n == top[0][1]) if top else frozenset()
        return self._dominant_kinds


def extract(article: Article, book: RuleBook, *, use_prefilter: bool = True, trace: bool = False,
            story_cues: bool = False) -> Extraction:
    """``story_cues``: the run reads the article's story cues (:mod:`checker.stories.cues`) next: the
    prefilter's pass finds the sentences they look for names in too (:attr:`Extraction.harmed`)."""
    out = Extraction()
    lowered = article.text.lower()
    context = _ArticleContext(article, book, lowered)
    if use_prefilter:  # the plain path is the reference: every pattern on regex
        context.twins = _twins(book)
    scanned = scan(article, book, lowered, use_prefilter, harms=story_cues)
    out.harmed = scanned.harmed
    lexical, candidates = scanned.lexical, scanned.candidates
    context.lexical, context.exclusions = lexical, scanned.exclusions
    if scanned.cues is not None:  # found in the prefilter's pass (else read when a fact asks)
        context._cues, context._cue_starts = scanned.cues, [c.start for c in scanned.cues]
    out.place_aliases = _declared_aliases(article, book, lexical, context.twins)
    cue_bit = lexical_bit(book, 2, 0)  # the first other-incident cue pattern's in ``lexical``
    for sentence_index in sorted(candidates):
        sentence = article.sentences[sentence_index]
        text = article.text[sentence.start:sentence.end]
        source = None
        source_done = False
        cue_hits: dict[int, bool] = {}  # other-incident cue index -> whether it matches this sentence
        for slot_index, pattern_indexes in candidates[sentence_index].items():
            slot = book.slots[slot_index]
            try:
                found = _run_slot(slot_index, context.runs(slot_index, pattern_indexes), article, book, sentence_index,
                                  text, context, out, trace)
            except PatternTimeout as exc:
                out.problems.append(str(exc))
                continue
            if found and not source_done:
                source = _source(book, article, sentence.start, text, lexical.get(sentence_index, 0), context.twins)
                source_done = True
            other = _other_incident(book.lexicons.other_incidents, slot.id, text, cue_hits, context.twins,
                                    lexical.get(sentence_index, 0),
                                    article.published.year if article.published else None,
                                    context.listed_items, cue_bit) if found else None
            for value, start, end, pattern, partial in found:
                out.facts.append(Fact(
                    rule=slot.id, value=value,
                    evidence=_evidence(article, sentence.start, sentence.headline, text, start, end),
                    source=source,
                    scope=context.scope(sentence_index, start, end) if slot.scoped else frozenset(),
                    partial=partial, pattern_index=pattern.index,
                    published=article.published, published_at=article.published_at, other_incident=other))
    if out.facts:
        _drop_parts_without_a_whole(out.facts, book)
        _mark_parts(out.facts, book)
        _anchor_to_lead(out.facts, article, book)
        _items_of_a_roundup(out.facts, article, book)
    out.scope_cues = context._cues  # read once: the story cues would read them again
    out.lowered = lowered
    return out


_WITH_WHOLE: dict[int, tuple[RuleBook, frozenset[tuple[str, int]]]] = {}


def _drop_parts_without_a_whole(facts: list[Fact], book: RuleBook) -> None:
    """Parts read by a ``with_whole`` pattern, in an article that gives no whole figure of their
    slot for its own incident, are dropped ("the victims included two teens" in a shooting where
    no one died names the wounded, not the dead)."""
    entry = _WITH_WHOLE.get(id(book))
    if entry is None or entry[0] is not book:
        entry = _WITH_WHOLE[id(book)] = (book, frozenset(
            (slot.id, p.index) for slot in book.slots for p in slot.patterns if p.with_whole))
    needing = entry[1]
    if not needing or not any((f.rule, f.pattern_index) in needing for f in facts):
        return
    whole = {f.rule for f in facts if not f.partial and f.other_incident is None}
    facts[:] = [f for f in facts if f.rule in whole or (f.rule, f.pattern_index) not in needing]


BEYOND_THE_LEAD = "beyond the lead, contradicting the headline and lead"


def _anchor_to_lead(facts: list[Fact], article: Article, book: RuleBook) -> None:
    """What the headline and lead report is the story's incident: a value further on that
    contradicts every value of the same slot in the headline and the first
    ``settings.lead_sentences`` body sentences is about another incident or moment (background,
    a roundup, a death days later), and is labelled so, never compared. A slot the lead does not
    fill keeps all its values."""
    lead_end = _lead_end(article, book)
    if lead_end is None:
        return
    by_slot: dict[str, tuple[list[int], list[int]]] = {}
    for i, fact in enumerate(facts):
        if fact.other_incident is None and not fact.partial:
            early, late = by_slot.setdefault(fact.rule, ([], []))
            (early if fact.evidence.headline or fact.evidence.start < lead_end else late).append(i)
    for slot_id, (early, late) in by_slot.items():
        if not early or not late:
            continue
        slot = _slot_tables(book)[0].get(slot_id)
        if slot is None:
            continue
        for i in late:
            if all(slot.type.conflict(facts[j], facts[i], book.lexicons) is not None for j in early):
                facts[i] = dataclasses.replace(facts[i], other_incident=BEYOND_THE_LEAD)


def _lead_end(article: Article, book: RuleBook) -> int | None:
    """Where the headline and the first ``settings.lead_sentences`` body sentences end; None when
    the lead is off or the article is all lead."""
    lead = book.lexicons.settings.lead_sentences
    if not lead:
        return None
    body_seen = 0
    for sentence in article.sentences:
        if not sentence.headline:
            body_seen += 1
            if body_seen == lead:
                return sentence.end
    return None


_ROUNDUPS: dict[int, tuple[RuleBook, dict[str, frozenset[str] | None]]] = {}


def _items_of_a_roundup(facts: list[Fact], article: Article, book: RuleBook) -> None:
    """An article with ``settings.roundup_sentences`` or more sentences that ``roundup`` cues label
    (several incidents told at once: "eight were wounded across the city", "in separate
    shootings") is a roundup: its facts beyond the lead are items of it, whichever the story's
    own may be, and are labelled with the first such reason, never compared."""
    needed = book.lexicons.settings.roundup_sentences
    entry = _ROUNDUPS.get(id(book))
    if entry is None or entry[0] is not book:
        slots: dict[str, frozenset[str] | None] = {}  # roundup reason -> the slots its cues apply to (None: all)
        for cue in book.lexicons.other_incidents:
            if cue.roundup:
                known = slots.get(cue.reason, frozenset())
                slots[cue.reason] = None if known is None or not cue.slots else known | cue.slots
        entry = _ROUNDUPS[id(book)] = (book, slots)
    reasons = entry[1]
    if not needed or not reasons:
        return
    told: dict[str, tuple[int, str]] = {}  # sentence -> where its first such fact starts, and the reason
    for fact in facts:
        if fact.other_incident in reasons:
            seen = told.get(fact.evidence.sentence)
            if seen is None or fact.evidence.start < seen[0]:
                told[fact.evidence.sentence] = (fact.evidence.start, fact.other_incident)
    if len(told) < needed:
        return
    lead_end = _lead_end(article, book)
    if lead_end is None:
        return
    reason = min(told.values())[1]  # the first roundup sentence's
    slots = reasons[reason]
    for i, fact in enumerate(facts):
        if fact.other_incident is None and not fact.evidence.headline and fact.evidence.start >= lead_end and \
                (slots is None or fact.rule in slots):
            facts[i] = dataclasses.replace(facts[i], other_incident=reason)


EARLIER_FIGURE = "an earlier figure (the article gives a newer one)"


def _set_aside_recalled(facts: list[Fact], book: RuleBook) -> None:
    """A figure the article recalls as an earlier one ("police had earlier said nine were hurt"),
    beside one it gives as now, is the toll's history told by the article itself: kept, labelled,
    never a part of the figure now nor a claim to set against other reports."""
    wholes: dict[str, list[int]] = {}
    for i, fact in enumerate(facts):
        if not fact.partial and fact.other_incident is None:
            wholes.setdefault(fact.rule, []).append(i)
    for slot_id, indexes in wholes.items():
        if len(indexes) < 2:
            continue
        slot = _slot_tables(book)[0].get(slot_id)
        if slot is None or not slot.grows:
            continue
        cues = [c for c in book.lexicons.time_cues if c.applies_to(slot_id)]
        scans: dict[str, list[tuple[int, int, str]]] = {}
        earlier = [i for i in indexes if recalled(facts[i], cues, scans)]
        if earlier and len(earlier) < len(indexes):
            for i in earlier:
                facts[i] = dataclasses.replace(facts[i], other_incident=EARLIER_FIGURE)


def _mark_parts(facts: list[Fact], book: RuleBook) -> None:
    """Whole values of one slot that the slot's type reads as parts of another value of the same
    article become partial (see ``parts_of_article``)."""
    # by slot, headline or body (the headline is compared with the body) and kind of incident (a
    # blast's toll is no part of a war's)
    _set_aside_recalled(facts, book)
    by_id, readers = _slot_tables(book)
    by_slot: dict[tuple[str, bool, frozenset[str]], list[int]] = {}
    for i, fact in enumerate(facts):
        if not fact.partial and fact.other_incident is None and fact.rule in readers:
            by_slot.setdefault((fact.rule, fact.evidence.headline, fact.scope), []).append(i)
    for (slot_id, _, _), indexes in by_slot.items():
        if len(indexes) < 2:
            continue
        slot = by_id[slot_id]
        if slot.grows:
            flags = _parts_of_moving_toll(readers[slot_id], [facts[i] for i in indexes], slot, book)
        else:
            flags = readers[slot_id]([facts[i].value for i in indexes])
        for i, part in zip(indexes, flags):
            if part:
                facts[i] = dataclasses.replace(facts[i], partial=True)
    _one_named_below_headline(facts, by_slot, book)


def _one_named_below_headline(facts: list[Fact], by_slot: dict, book: RuleBook) -> None:
    """One person the body names alone ("one girl was injured") below a larger figure in the
    headline ("3 dead, 2 hurt") is one of those counted there, not a rival figure."""
    for (slot_id, headline, scope), indexes in by_slot.items():
        if headline:
            continue
        heads = by_slot.get((slot_id, True, scope))
        if not heads:
            continue
        if not all(isinstance(getattr(facts[i].value, "total", None), Count) for i in heads + indexes):
            continue  # headcounts only
        most = max((facts[i].value.total.low for i in heads if facts[i].value.total.exact), default=0)
        for i in indexes:
            total = facts[i].value.total
            if not facts[i].partial and total.exact and total.low == 1 < most:
                facts[i] = dataclasses.replace(facts[i], partial=True)


def _parts_of_moving_toll(reader, facts: list[Fact], slot: CompiledSlot, book: RuleBook) -> list[bool]:
    """``parts_of_article`` for a toll that moves: the article's toll is its largest figure among
    those not told as older ("initially 103", "earlier reports said 140"), and of the figures it
    gives as downward revisions ("revised from 103 to 95", later "revised to 84") the lowest is
    the latest. Older figures larger than the toll stay wholes, which the timeline orders."""
    clock = Timeline(slot, facts, book.lexicons)
    if not clock.may_recall(facts):  # no figure told as older: one search per sentence and cue
        return reader([f.value for f in facts])
    cues = [clock.own_cue(f) for f in facts]
    revised = [f.value.total.low for f, c in zip(facts, cues) if c == "revised" and f.value.total.exact]
    older = [c == "earlier" or (c == "revised" and f.value.total.exact and f.value.total.low > min(revised))
             for f, c in zip(facts, cues)]
    if not any(older) or all(older):
        return reader([f.value for f in facts])
    current = [f for f, o in zip(facts, older) if not o]
    flags = iter(reader([f.value for f in current]))
    most = max((f.value.total.low for f in current if f.value.total.exact), default=0)
    return [next(flags) if not o else (f.value.total.exact and f.value.total.low < most)
            for f, o in zip(facts, older)]


_SLOT_TABLES: dict[int, tuple[RuleBook, dict[str, CompiledSlot], dict[str, Any]]] = {}


def _slot_tables(book: RuleBook) -> tuple[dict[str, CompiledSlot], dict[str, Any]]:
    """A rule book's slots by id (the first of an id, as ``RuleBook.slot``), and the ``parts_of_article``
    of those whose type reads parts (the default reads none): worked out once per book, not per article."""
    entry = _SLOT_TABLES.get(id(book))
    if entry is None or entry[0] is not book:
        by_id: dict[str, CompiledSlot] = {}
        for slot in book.slots:
            by_id.setdefault(slot.id, slot)
        readers = {}
        for slot_id, slot in by_id.items():
            reader = getattr(slot.type, "parts_of_article", None)
            default = getattr(type(slot.type), "parts_of_article", None) is BaseType.parts_of_article
            if reader is not None and not default:  # the default marks nothing: not called
                readers[slot_id] = reader
        entry = _SLOT_TABLES[id(book)] = (book, by_id, readers)
    return entry[1], entry[2]


def _other_incident(cues, slot_id: str, text: str, hits: dict[int, bool], twins: Twins, lexical: Lexical,
                    published_year: int | None, listed: Callable[[int, regex.Pattern[str], Twin | None], bool],
                    first_bit: int) -> str | None:
    """The reason the sentence ``text`` is about another incident than the story's, for ``slot_id``
    (the first ``other_incidents`` cue that matches), or None. Cues run only on sentences that gave
    a fact, each at most once per sentence, only where the prefilter found one of its trigger words
    (``lexical``; ``first_bit``: the first cue pattern's bit there), on PCRE2 where the book approved
    it. A pattern with a ``year`` group fires only for a year before the article's publication ("in
    2013" in a 2016 article) or when the article has no date; one with a ``dated_year`` group (a full date: often
    the incident's own) only before a known publication. One with an ``item`` group fires only
    where the article has two or more sentences it matches with different items (a roundup's
    entries, each led by its own time): one such sentence is the story's own."""
    for index, reason, patterns in _cue_table(cues, twins, slot_id, first_bit):
        hit = hits.get(index)
        if hit is None:
            hit = False
            for number, compiled, years, item in patterns:
                if not lexical >> number & 1:
                    continue
                twin = twins.get(compiled)  # (compiled when first needed: most cues seldom run)
                if _cue_fires(compiled, twin, text, published_year, years) and \
                        (not item or listed(number, compiled, twin)):
                    hit = True
                    break
            hits[index] = hit
        if hit:
            return reason
    return None


# (cue index, reason, ((its bit in the prefilter's Lexical, regex, has a year group, has an item group), ...))
# of the cues that apply to a slot, in the cues' order: worked out once per rule book (and Twins) and
# slot. A sentence's trigger words then pick its patterns, a membership test each (real news gives
# sentences thousands of different sets of them: a plan per set was worked out again for most)
_CueTable = tuple[tuple[int, str, tuple[tuple[int, regex.Pattern[str], bool, bool], ...]], ...]
_CUE_TABLES: dict[tuple[int, int], tuple[object, Twins, dict[tuple[str, int], _CueTable]]] = {}


def _cue_table(cues, twins: Twins, slot_id: str, first_bit: int) -> _CueTable:
    entry = _CUE_TABLES.get((id(cues), id(twins)))
    if entry is None or entry[0] is not cues or entry[1] is not twins:
        entry = _CUE_TABLES[(id(cues), id(twins))] = (cues, twins, {})
    table = entry[2].get((slot_id, first_bit))
    if table is None:
        table = entry[2][(slot_id, first_bit)] = tuple(
            (index, cue.reason, tuple((first_bit + i, p.regex,
                                       "year" in p.regex.groupindex or "dated_year" in p.regex.groupindex,
                                       "item" in p.regex.groupindex)
                                      for i, p in enumerate(cue.patterns, cue.first)))
            for index, cue in enumerate(cues) if cue.applies_to(slot_id))
    return table


def _cue_fires(compiled: regex.Pattern[str], twin: Twin | None, text: str, published_year: int | None,
               years: bool) -> bool:
    if not _search(compiled, twin, text):  # most sentences: one search, no match objects
        return False
    if not years:  # no year or dated_year group
        return True
    for m, found_by in _find_in(compiled, twin, text, 0, len(text)):
        groups = _groups(m, found_by)
        year, dated = groups.get("year"), groups.get("dated_year")
        if dated:  # a full date: the incident's own, unless the article is known to be later
            if published_year is not None and int(dated) < published_year:
                return True
        elif not year or published_year is None or int(year) < published_year:
            return True
    return False


def _run_slot(slot_index: int, patterns: list[tuple[CompiledPattern, Twin | None, _TwinRunner | None]],
              article: Article, book: RuleBook, sentence_index: int, text: str, context: _ArticleContext,
              out: Extraction, trace: bool):
    slot = book.slots[slot_index]
    sentence = article.sentences[sentence_index]
    matches: list[tuple[int, int, CompiledPattern, regex.Match[str], Twin | None]] = []
    offset = sentence.start
    clock = time.perf_counter
    for pattern, twin, runner in patterns:
        if runner is not None:  # PCRE2 bounds its own work (its step limit): no clock needed
            try:
                for m in runner.finditer(text):
                    start, end = m.span()
                    if end > start:
                        matches.append((offset + start, offset + end, pattern, m, twin))
                continue
            except GaveUp:
                pass  # on regex, timed, as any pattern without a twin
        spent = context.spent.get(id(pattern), 0.0)
        left = context.limit - spent
        if left <= 0:
            continue  # stopped earlier in this article, and reported then
        timed = _runner(pattern.regex, pattern.parts)  # (its first use compiles its pre-checks: not the pattern's time)
        started = clock()
        try:
            for m in timed.finditer(text, left):
                start, end = m.span()
                if end > start:
                    matches.append((offset + start, offset + end, pattern, m, None))
            spent += clock() - started
        except TimeoutError:
            spent = math.inf
        context.spent[id(pattern)] = spent
        if spent > context.limit:
            # the bound is per article: the pattern is stopped here, the slot's other patterns go on
            out.problems.append(str(PatternTimeout(slot.id, pattern, article.path, context.limit)))
            matches = [m for m in matches if m[2] is not pattern]
    if not matches:
        return []
    if _excluded(context.unless(slot_index), text,
                 context.exclusions[sentence_index] if context.exclusions is not None else -1):
        if trace:
            which = next(i for i, u in enumerate(slot.unless) if u.search(text))
            out.traces += [Trace(slot.id, p.index, s, e, article.text[s:e], "unless", unless=which)
                           for s, e, p, _, _ in matches]
        return []
    # longest match wins an overlap; on a tie, the earlier pattern
    matches.sort(key=lambda m: (-(m[1] - m[0]), m[2].index, m[0]))
    kept: list[tuple[int, int, CompiledPattern, regex.Match[str], Twin | None]] = []
    for match in matches:
        if any(match[0] < k[1] and k[0] < match[1] for k in kept):
            if trace:
                winner = next(k for k in kept if match[0] < k[1] and k[0] < match[1])
                out.traces.append(Trace(slot.id, match[2].index, match[0], match[1],
                                        article.text[match[0]:match[1]], "overlap",
                                        kept=(winner[2].index, winner[0], winner[1])))
            continue
        kept.append(match)
    kept.sort(key=lambda m: m[0])
    parsed = []
    for start, end, pattern, m, twin in kept:
        groups = {k: v for k, v in _groups(m, twin).items() if v}
        ctx = ParseContext(book.lexicons, article, sentence.start, text, start, end, context.weekday)
        value = slot.type.parse(groups, ctx)
        if trace:
            out.traces.append(Trace(slot.id, pattern.index, start, end, article.text[start:end],
                                    "fact" if value is not None else "unparsed"))
        if value is not None:
            parsed.append((value, start, end, pattern, pattern.partial or slot.type.is_part(value)))
    whole = [p for p in parsed if not p[4]]
    if len(whole) > 1:
        merged = slot.type.merge_sentence([p[0] for p in whole], book.lexicons)
        if len(merged) == 1:
            first, last = whole[0], whole[-1]
            parsed = [(merged[0], first[1], last[2], first[3], False)] + [p for p in parsed if p[4]]
    return parsed


def _find(compiled: regex.Pattern[str], twin: Twin | None, text: str, timeout: float):
    """(match, twin or None) of ``compiled`` in ``text``: on PCRE2 when it has a twin, else (or where
    PCRE2 gives up) on regex, under ``timeout`` seconds."""
    if twin is not None:
        try:
            return [(m, twin) for m in twin.finditer(text)]
        except GaveUp:
            pass
    return [(m, None) for m in _runner(compiled).finditer(text, timeout)]


def _excluded(unless: tuple[tuple[regex.Pattern[str], Twin | None, int | None], ...], text: str,
              found: int) -> bool:
    """Whether one of a slot's exclusions (with their twins) matches the sentence ``text``: each
    searched only where the prefilter found one of its trigger words (``found``: bit n set for
    exclusion n; an exclusion without trigger words has its bit set in every sentence)."""
    for compiled, twin, number in unless:
        if (number is None or found >> number & 1) and _search(compiled, twin, text):
            return True
    return False


def _search(compiled: regex.Pattern[str], twin: Twin | None, text: str) -> bool:
    if twin is not None:
        try:
            return twin.search(text) is not None
        except GaveUp:
            pass
    return compiled.search(text) is not None


# an evidence sentence longer than this is kept as the part of it around the match, "…" where it is
# cut: a sentence of 40,000 words (a list, a table, text without full stops) copied into each of its
# facts made time and memory grow with the square of its length
EVIDENCE_SENTENCE = 2_000
EVIDENCE_AROUND = 500  # characters kept on each side of the match in a sentence cut so


def _evidence(article: Article, sentence_start: int, headline: bool, sentence: str, start: int,
              end: int) -> Evidence:
    line, column = article.line_col(start)
    if len(sentence) > EVIDENCE_SENTENCE:
        cut_start = max(0, start - sentence_start - EVIDENCE_AROUND)
        cut_end = min(len(sentence), end - sentence_start + EVIDENCE_AROUND)
        sentence = ("…" if cut_start else "") + sentence[cut_start:cut_end] + ("…" if cut_end < len(sentence) else "")
        spaced = " ".join(sentence.split())
    else:
        if sentence is not _SPACED[0]:  # the facts of one sentence come one after another
            _SPACED[0], _SPACED[1] = sentence, " ".join(sentence.split())
        spaced = _SPACED[1]
    return Evidence(article=article.id, path=article.path, start=start, end=end, line=line, column=column,
                    text=" ".join(article.text[start:end].split()), sentence=spaced, headline=headline)


_SPACED: list = [None, ""]  # the last sentence an evidence quoted, and its words one space apart


def _source(book: RuleBook, article: Article, sentence_start: int, text: str,
            lexical: Lexical, twins: Twins) -> str | None:
    """Who the sentence credits its claim to ("the ministry said"), resolved where possible;
    ``lexical``: the pack-wide patterns the prefilter runs on the sentence."""
    first = lexical_bit(book, 1, 0)
    for index, source in enumerate(book.lexicons.sources):
        if not lexical >> (first + index) & 1:
            continue
        found = _first_in(source.regex, twins.get(source.regex), text)
        if found is None:
            continue
        m, twin = found
        said = _groups(m, twin).get("speaker")
        speaker = trim_speaker(" ".join(said.split()).strip(" ,.")) if said else None
        if speaker:
            before = article.text[max(0, sentence_start - 2000): sentence_start + m.start()]
            return resolve_speaker(speaker, before)
    return None


def _declared_aliases(article: Article, book: RuleBook, lexical: dict[int, Lexical],
                      twins: Twins) -> list[tuple[str, str]]:
    """Pairs of names the article declares for one place, read only in sentences holding a cue
    (``lexical``: sentence index -> the pack-wide patterns the prefilter runs there)."""
    aliases = book.lexicons.place_aliases
    if not aliases:
        return []
    # the sentences of each alias pattern, in one pass over the sentences (``lexical`` holds every
    # sentence where a pack-wide pattern runs everywhere)
    where: list[list[int]] = [[] for _ in aliases]
    first = lexical_bit(book, 0, 0)
    bits_of_aliases = ((1 << len(aliases)) - 1) << first
    for i in sorted(lexical):
        keys = lexical[i]
        if not keys & bits_of_aliases:
            continue
        for index, sentences in enumerate(where):
            if keys >> (first + index) & 1:
                sentences.append(i)
    pairs = []
    for alias, indexes in zip(aliases, where):
        sentences = [article.sentences[i] for i in indexes]
        twin = twins.get(alias.regex) if sentences else None
        for sentence in sentences:
            for m, found_by in _find_in(alias.regex, twin, article.text, sentence.start, sentence.end):
                groups = _groups(m, found_by)
                a, b = groups.get("a"), groups.get("b")
                if a and b:
                    pairs.append((" ".join(a.split()), " ".join(b.split())))
    return pairs


def _find_in(compiled: regex.Pattern[str], twin: Twin | None, text: str, start: int, end: int,
             ) -> list[tuple[regex.Match[str], Twin | None]]:
    """(match, twin or None) of a pack-wide pattern in ``text[start:end]``, whose look-behinds see
    past ``start``: on PCRE2 when it has a twin, else (or where PCRE2 gives up) on regex, behind
    the pattern's pre-check."""
    if twin is not None:
        try:
            return [(m, twin) for m in twin.finditer(text, start, end)]
        except GaveUp:
            pass
    pre = _precheck(compiled)
    if pre is not None and pre.search(text, start, end) is None:
        return []
    return [(m, None) for m in compiled.finditer(text, start, end)]


def _first_in(compiled: regex.Pattern[str], twin: Twin | None, text: str,
              ) -> tuple[regex.Match[str], Twin | None] | None:
    """The first of :func:`_find_in`'s matches in the whole of ``text`` (a search, not every match)."""
    if twin is not None:
        try:
            m = twin.search(text)
            return None if m is None else (m, twin)
        except GaveUp:
            pass
    pre = _precheck(compiled)
    if pre is not None and pre.search(text) is None:
        return None
    m = compiled.search(text)
    return None if m is None else (m, None)


def _groups(m, twin: Twin | None) -> dict[str, str | None]:
    """A match's groups by name, the way regex names them (see :class:`checker.match.matcher.Twin`)."""
    return m.groupdict() if twin is None else twin.groupdict(m)


def forget() -> None:
    """Drop what this module keeps across articles: pattern runners and pre-checks, PCRE2 twins and
    per-book tables (and the prefilter's, :func:`checker.engine.prefilter.forget`, and the headcount
    lists read, :func:`checker.values.headcount.forget`). Kept for speed
    only: the next article builds them again. A run that is done extracting calls it so that
    comparing has their memory (see :func:`checker.rules.book.release_patterns`)."""
    from checker.engine import prefilter
    from checker.values import headcount

    for cache in (_PRECHECKS, _RUNNERS, _TWINS, _SLOT_TABLES, _CUE_TABLES):
        cache.clear()
    prefilter.forget()
    headcount.forget()
