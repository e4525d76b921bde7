"""Fill the slots of one article: (Article, RuleBook) -> Facts.

The hot path. One Aho-Corasick pass over the lower-cased text finds which
slots' trigger words occur in which sentences; a slot's patterns then run on
those sentences only. Values are parsed only for matches that survive the
slot's exclusions and overlap resolution.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

import regex

from checker.model import Article, Evidence, Fact
from checker.rulebook import CompiledPattern, CompiledSlot, RuleBook
from checker.values import ParseContext
from checker.values.date import leading_weekday
from checker.values.quote import resolve_speaker

MATCH_TIMEOUT = 2.0  # seconds per pattern per sentence; a runaway pattern is reported, not waited on


class PatternTimeout(Exception):
    def __init__(self, slot: str, pattern: CompiledPattern, article: str) -> None:
        self.slot, self.pattern, self.article = slot, pattern, article
        super().__init__(f"{pattern.location}: pattern of {slot} took over {MATCH_TIMEOUT:g}s on {article}; "
                         "it backtracks catastrophically: remove nested quantifiers like (a+)+")


@dataclass(frozen=True)
class Trace:
    """Why a pattern's match did or did not become a fact (for `checker explain`)."""

    slot: str
    pattern: int
    start: int
    end: int
    text: str
    outcome: str  # "fact", "unless", "unparsed", "overlap"


@dataclass
class Extraction:
    facts: list[Fact] = field(default_factory=list)
    place_aliases: list[tuple[str, str]] = field(default_factory=list)
    traces: list[Trace] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def candidate_slots(article: Article, book: RuleBook, use_prefilter: bool = True) -> dict[int, set[int]]:
    """sentence index -> indexes of slots whose triggers occur in it."""
    sentences = article.sentences
    every = range(len(book.slots)) if not use_prefilter else book.always
    found: dict[int, set[int]] = {i: set(every) for i in range(len(sentences))} if every else {}
    if not use_prefilter or book.prefilter is None:
        return found
    starts = [s.start for s in sentences]
    for end, slot_indexes in book.prefilter.iter(article.text.lower()):
        index = bisect_right(starts, end) - 1
        if index >= 0 and end < sentences[index].end:
            found.setdefault(index, set()).update(slot_indexes)
    return found


class _ArticleContext:
    """Per-article facts computed once, lazily: its leading weekday, its dominant incident kind."""

    def __init__(self, article: Article, book: RuleBook) -> None:
        self.article = article
        self.book = book
        self._weekday: int | None | bool = False
        self._dominant: frozenset[str] | None = None

    @property
    def weekday(self) -> int | None:
        if self._weekday is False:
            self._weekday = leading_weekday(self.article.text)
        return self._weekday  # type: ignore[return-value]

    def dominant_scope(self) -> frozenset[str]:
        if self._dominant is None:
            counts = Counter()
            scopes = self.book.lexicons.scopes
            if scopes.pattern is not None:
                for m in scopes.pattern.finditer(self.article.text):
                    counts[scopes.kinds[" ".join(m.group().lower().split())]] += 1
            top = counts.most_common()
            self._dominant = frozenset(k for k, n in top if n == top[0][1]) if top else frozenset()
        return self._dominant

    def scope(self, sentence_index: int, start: int, end: int) -> frozenset[str]:
        """The incident kind a match is about: nearest cue in its sentence, else its
        paragraph, else what the article is mostly about."""
        article, scopes = self.article, self.book.lexicons.scopes
        sentence = article.sentences[sentence_index]
        near = scopes.nearest(article.text[sentence.start:sentence.end], start - sentence.start, end - sentence.start)
        if near:
            return near
        paragraph = [s for s in article.sentences if s.paragraph == sentence.paragraph]
        text = article.text[paragraph[0].start:paragraph[-1].end]
        kinds = scopes.kinds_in(text)
        return kinds or self.dominant_scope()


def extract(article: Article, book: RuleBook, *, use_prefilter: bool = True, trace: bool = False) -> Extraction:
    out = Extraction()
    context = _ArticleContext(article, book)
    out.place_aliases = _declared_aliases(article, book)
    candidates = candidate_slots(article, book, use_prefilter)
    for sentence_index in sorted(candidates):
        sentence = article.sentences[sentence_index]
        text = article.text[sentence.start:sentence.end]
        source = None
        source_done = False
        for slot_index in sorted(candidates[sentence_index]):
            slot = book.slots[slot_index]
            try:
                found = _run_slot(slot, article, book, sentence_index, text, context, out, trace)
            except PatternTimeout as exc:
                out.problems.append(str(exc))
                continue
            if found and not source_done:
                source, source_done = _source(book, article, sentence.start, text), True
            for value, start, end, pattern in found:
                out.facts.append(Fact(
                    rule=slot.id, value=value,
                    evidence=_evidence(article, sentence.start, sentence.headline, text, start, end),
                    source=source,
                    scope=context.scope(sentence_index, start, end) if slot.scoped else frozenset(),
                    partial=pattern.partial, pattern_index=pattern.index,
                    published=article.published, published_at=article.published_at))
    return out


def _run_slot(slot: CompiledSlot, article: Article, book: RuleBook, sentence_index: int, text: str,
              context: _ArticleContext, out: Extraction, trace: bool):
    sentence = article.sentences[sentence_index]
    matches: list[tuple[int, int, CompiledPattern, dict[str, str]]] = []
    for pattern in slot.patterns:
        try:
            for m in pattern.regex.finditer(text, timeout=MATCH_TIMEOUT):
                if m.end() > m.start():
                    groups = {k: v for k, v in m.groupdict().items() if v}
                    matches.append((sentence.start + m.start(), sentence.start + m.end(), pattern, groups))
        except TimeoutError:
            raise PatternTimeout(slot.id, pattern, article.path) from None
    if not matches:
        return []
    if any(u.search(text) for u in slot.unless):
        if trace:
            out.traces += [Trace(slot.id, p.index, s, e, article.text[s:e], "unless") for s, e, p, _ in matches]
        return []
    # longest match wins an overlap; on a tie, the earlier pattern
    matches.sort(key=lambda m: (-(m[1] - m[0]), m[2].index, m[0]))
    kept: list[tuple[int, int, CompiledPattern, dict[str, str]]] = []
    for match in matches:
        if any(match[0] < k[1] and k[0] < match[1] for k in kept):
            if trace:
                out.traces.append(Trace(slot.id, match[2].index, match[0], match[1],
                                        article.text[match[0]:match[1]], "overlap"))
            continue
        kept.append(match)
    kept.sort(key=lambda m: m[0])
    parsed = []
    for start, end, pattern, groups in kept:
        ctx = ParseContext(book.lexicons, article, sentence.start, text, start, end, context.weekday)
        value = slot.type.parse(groups, ctx)
        if trace:
            out.traces.append(Trace(slot.id, pattern.index, start, end, article.text[start:end],
                                    "fact" if value is not None else "unparsed"))
        if value is not None:
            parsed.append((value, start, end, pattern))
    whole = [p for p in parsed if not p[3].partial]
    if len(whole) > 1:
        merged = slot.type.merge_sentence([p[0] for p in whole], book.lexicons)
        if len(merged) == 1:
            first, last = whole[0], whole[-1]
            parsed = [(merged[0], first[1], last[2], first[3])] + [p for p in parsed if p[3].partial]
    return parsed


def _evidence(article: Article, sentence_start: int, headline: bool, sentence: str, start: int,
              end: int) -> Evidence:
    line, column = article.line_col(start)
    return Evidence(article=article.id, path=article.path, start=start, end=end, line=line, column=column,
                    text=" ".join(article.text[start:end].split()), sentence=" ".join(sentence.split()),
                    headline=headline)


def _source(book: RuleBook, article: Article, sentence_start: int, text: str) -> str | None:
    """Who the sentence credits its claim to ("the ministry said"), resolved where possible."""
    for pattern in book.lexicons.sources:
        m = pattern.search(text)
        if m and m.group("speaker"):
            speaker = " ".join(m.group("speaker").split()).strip(" ,.")
            before = article.text[max(0, sentence_start - 2000): sentence_start + m.start()]
            return resolve_speaker(speaker, before)
    return None


def _declared_aliases(article: Article, book: RuleBook) -> list[tuple[str, str]]:
    pairs = []
    for pattern in book.lexicons.place_aliases:
        for m in pattern.finditer(article.text):
            a, b = m.group("a"), m.group("b")
            if a and b:
                pairs.append((" ".join(a.split()), " ".join(b.split())))
    return pairs


def trigger_words(book: RuleBook) -> set[str]:
    return {w for slot in book.slots for w in slot.triggers}


_ = regex  # patterns come compiled from the rule book
