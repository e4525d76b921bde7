"""One story of many articles, compared a slot at a time: its memory is that of its largest slot's
facts, not of all its articles' facts and findings.

A story is compared whole (:func:`checker.engine.compare.compare`): its facts meet across its
articles. For a story of :data:`LARGE_STORY` articles or more, :func:`compare_large` gives the same
findings, in the same order, without holding the story at once:

1. its articles' facts are read back from the run's store one article at a time and put aside by
   slot (pickled in chunks of :data:`CHUNK` facts, in a spill of their own), with what the
   comparison of every slot needs of the others: the place aliases the articles declare and the
   places the story's place slots give;
2. each slot's facts are read back, compared (:func:`checker.engine.compare.compare_slot`) and
   dropped; whether any toll of the story is said to move is read from the other slots' chunks, a
   chunk at a time, if a slot asks;
3. each kept finding is written as the JSON report writes it, in pieces, into the spill (and, when
   a report other than JSON needs the objects, pickled there too), and only its sort key stays.

Runs in the process that holds the store (the main one), also when a pool compares the other stories.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from checker.engine.compare import compare_slot, discrepancy_order
from checker.engine.timeline import Timeline
from checker.model import ArticleInfo, Discrepancy, Evidence, Fact, InputError, internal_error
from checker.report.records import write_discrepancy
from checker.rules.book import RuleBook
from checker.run.findings import Alike, Findings, Keep
from checker.run.store import Spill, Spilled

LARGE_STORY = 2048  # articles: a story this large is compared a slot at a time
CHUNK = 1024  # facts of one slot pickled together


class _Moves:
    """:class:`checker.engine.timeline.StoryMoves` over facts put aside: read, a chunk at a time,
    only when a slot needs to know. A toll is said to move when one of its claims carries a cue of
    its own ("revised", "latest", "earlier"), so chunks answer one by one as the whole would."""

    def __init__(self, chunks: Iterator[tuple[object, list[Fact]]], lexicons) -> None:
        self._chunks, self._lexicons, self._known = chunks, lexicons, None

    def __bool__(self) -> bool:
        if self._known is None:
            self._known = any(Timeline(slot, [f for f in facts if f.other_incident is None], self._lexicons).moving
                              for slot, facts in self._chunks)
        return self._known


class _Sorted:
    """A story's kept findings, put aside as they come; their sort keys (and where they are) stay."""

    def __init__(self, book: RuleBook, keep: Keep, spill: Spill) -> None:
        self.order, self.keep, self.spill = discrepancy_order(book), keep, spill
        self.entries: list[tuple[tuple, int, Spilled | None, Spilled | None, tuple[str, bool]]] = []
        self.baselined = 0

    def add(self, found: list[Discrepancy]) -> None:
        kept, baselined = self.keep.apply(found)
        self.baselined += baselined
        for d in kept:
            encoded = self._written(lambda write: write_discrepancy(d, write)) if self.keep.encode else None
            data = self._written(lambda write: write(pickle.dumps([d], protocol=pickle.HIGHEST_PROTOCOL))) \
                if self.keep.objects else None
            self.entries.append((self.order(d), len(self.entries), encoded, data, (d.severity, d.suppressed is not None)))

    def _written(self, produce) -> Spilled:
        start = self.spill.end
        produce(lambda piece: self.spill.put_pickled(piece if isinstance(piece, bytes) else piece.encode()))
        return Spilled(self.spill, start, self.spill.end - start)

    def findings(self) -> Iterator[Findings]:
        """One :class:`Findings` a finding, in the report's order (the first carries the baseline's count)."""
        placeholder = pickle.dumps([None], protocol=pickle.HIGHEST_PROTOCOL)  # JSON only: no object is read
        self.entries.sort(key=lambda e: e[:2])
        baselined = self.baselined
        for _, _, encoded, data, counted in self.entries:
            yield Findings(data if data is not None else placeholder, 1, Counter([counted]), baselined,
                           (encoded,) if encoded is not None else None)
            baselined = 0
        if baselined:
            yield Findings(b"", 0, Counter(), baselined)


def compare_large(story: str, members: Sequence[int], articles: Sequence[ArticleInfo],
                  facts: Mapping[str, list[Fact]], aliases: Mapping[str, list[tuple[str, str]]], book: RuleBook,
                  keep: Keep) -> Iterator[Findings]:
    """The findings of one story (its articles: ``articles[i]`` for ``i`` in ``members``, in that
    order), as :func:`checker.run.findings.compare_settled` gives them, one finding at a time.
    Should comparing it fail (a bug of checker's), the story is an error naming it and its articles."""
    # the findings given out point into the spill: it is deleted once the last is read and dropped
    spill = Spill()
    try:
        sorted_ = _compare(story, members, articles, facts, aliases, book, keep, spill)
    except Exception as exc:  # noqa: BLE001 - the story's findings are lost, and said to be
        shown = [articles[i].path for i in members[:5]]
        shown_text = ", ".join(shown) + (f" and {len(members) - 5} more" if len(members) > 5 else "")
        error = internal_error(f"story {story}", exc)
        yield Findings(b"", 0, Counter(), errors=(InputError(error.path, f"{error.message} (comparing {shown_text})"),))
        return
    yield from sorted_.findings()


def _compare(story: str, members: Sequence[int], articles: Sequence[ArticleInfo], facts: Mapping[str, list[Fact]],
             aliases: Mapping[str, list[tuple[str, str]]], book: RuleBook, keep: Keep, spill: Spill) -> _Sorted:
    chunks: dict[str, list[tuple[int, int]]] = {}  # slot id -> where its facts are, in order
    pending: dict[str, list[Fact]] = {}
    place_slots = {s.id for s in book.slots if s.type_name == "place"}
    places: set[str] = set()
    declared: list[tuple[str, str]] = []
    own: dict[str, Sequence] = {}  # the ignores the story's articles declare
    for index in members:
        ident = articles[index].id
        if ident in keep.by_article:
            own[ident] = keep.by_article[ident]
        declared += aliases.get(ident, [])
        for fact in facts.get(ident, []):
            batch = pending.setdefault(fact.rule, [])
            batch.append(fact)
            if fact.rule in place_slots and fact.other_incident is None:
                places.add(fact.value.canonical)
            if len(batch) >= CHUNK:
                chunks.setdefault(fact.rule, []).append(spill.put(batch))
                pending[fact.rule] = []
    for rule, batch in pending.items():
        if batch:
            chunks.setdefault(rule, []).append(spill.put(batch))
    del pending
    lexicons = dataclasses.replace(book.lexicons, gazetteer=book.lexicons.gazetteer.extend(declared)) \
        if declared else book.lexicons
    growing = [slot for slot in book.slots if slot.grows and slot.id in chunks]
    moving = _Moves(((slot, spill.get(where)) for slot in growing for where in chunks[slot.id]), lexicons)
    found = _Sorted(book, dataclasses.replace(keep, by_article=own) if keep.by_article else keep, spill)
    frozen = frozenset(places)
    for slot in book.slots:
        if slot.id not in chunks:
            continue
        alike = Alike()
        # a slot that does not grow reads no claim's sentence while compared (only a timeline and the
        # parts of a toll do): its facts are compared without them, and the claims of its findings
        # get theirs back from the spill
        sentences = slot.grows
        slot_facts = [f for where in chunks[slot.id] for f in _without_sentences(alike.share(spill.get(where)),
                                                                                 sentences)]
        discrepancies = compare_slot(slot, story, slot_facts, lexicons, moving=moving, scans={}, places=frozen,
                                     own=True)
        del slot_facts, alike
        if not sentences:
            _restore_sentences(discrepancies, (spill.get(where) for where in chunks[slot.id]))
        found.add(discrepancies)
        del discrepancies
    return found


def _without_sentences(facts: list[Fact], keep: bool) -> list[Fact]:
    """The facts (fresh from the spill: this process's own), their evidence's sentence dropped
    unless ``keep``."""
    if not keep:
        for fact in facts:
            object.__setattr__(fact.evidence, "sentence", "")
    return facts


def _restore_sentences(found: list[Discrepancy], kept: Iterator[list[Fact]]) -> None:
    """The sentences of the claims of ``found``, compared without them, read back from the facts as
    ``kept`` (the slot's chunks, read again): only those of the claims are held at once."""
    claims = {_where(claim.evidence) for d in found for side in d.sides for claim in side.claims}
    if not claims:
        return
    sentences: dict[tuple, str] = {}
    for facts in kept:
        for fact in facts:
            key = _where(fact.evidence)
            if key in claims:
                sentences[key] = fact.evidence.sentence
    for d in found:
        for side in d.sides:
            for claim in side.claims:
                object.__setattr__(claim.evidence, "sentence", sentences[_where(claim.evidence)])


def _where(evidence: Evidence) -> tuple:
    return evidence.article, evidence.start, evidence.end, evidence.headline
