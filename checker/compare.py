"""Compare the facts of one story: Facts -> Discrepancies.

Facts are grouped by slot, then by value (one side of a report holds every
claim of one value), and value groups are compared pairwise by their type.
Only facts about the same kind of incident meet (scoped slots), and never two
facts of one article's body with each other (its headline is compared with
its body). What the type calls a conflict is then weighed: figures credited
to different sources are `contested`; a toll that grew between publications
is an `update`; a spelling difference is `info`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from collections import defaultdict
from collections.abc import Iterable

from checker.model import SEVERITY_RANK, Article, Discrepancy, Fact, Side
from checker.rulebook import CompiledSlot, Lexicons, RuleBook
from checker.values.base import Conflict
from checker.values.count import Count, lower_bound
from checker.values.quote import same_speaker

_NUMERIC = {"count", "total", "quantity"}
_INFO_KINDS = {"spelling", "contested", "update"}


def compare(articles: list[Article], facts: dict[str, list[Fact]], aliases: dict[str, list[tuple[str, str]]],
            book: RuleBook) -> list[Discrepancy]:
    stories: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        stories[article.story].append(article)
    found: list[Discrepancy] = []
    for story in sorted(stories):
        members = stories[story]
        declared = [pair for a in members for pair in aliases.get(a.id, [])]
        lexicons = dataclasses.replace(book.lexicons, gazetteer=book.lexicons.gazetteer.extend(declared)) \
            if declared else book.lexicons
        by_slot: dict[str, list[Fact]] = defaultdict(list)
        for article in members:
            for fact in facts.get(article.id, []):
                by_slot[fact.rule].append(fact)
        for slot in book.slots:
            if by_slot.get(slot.id):
                found += compare_slot(slot, story, by_slot[slot.id], lexicons)
    return sort_discrepancies(found, book, articles)


def _comparable(a: Fact, b: Fact) -> bool:
    if a.evidence.article == b.evidence.article and a.evidence.headline == b.evidence.headline:
        return False
    return not a.scope or not b.scope or bool(a.scope & b.scope)


@dataclass(frozen=True)
class _Edge:
    """A weighed conflict between two value groups (indexes into the slot's groups)."""

    left: int
    right: int
    kind: str
    severity: str
    message: str


def compare_slot(slot: CompiledSlot, story: str, facts: list[Fact], lexicons: Lexicons) -> list[Discrepancy]:
    selected = sorted(slot.type.select(facts, lexicons), key=lambda f: (f.evidence.path, f.evidence.start))
    by_key: dict[tuple, list[Fact]] = {}
    for fact in selected:
        by_key.setdefault((slot.type.key(fact.value), fact.scope), []).append(fact)
    groups = list(by_key.values())
    edges: list[_Edge] = []
    for i, left in enumerate(groups):
        for j in range(i + 1, len(groups)):
            right = groups[j]
            pair = next(((a, b) for a in left for b in right if _comparable(a, b)), None)
            if pair is None:
                continue
            conflict = slot.type.conflict(pair[0], pair[1], lexicons)
            if conflict is not None:
                edges.append(_weigh(slot, conflict, i, j, left, right, lexicons))
    return [_discrepancy(slot, story, hub, others, groups) for hub, others in _cover(edges)]


def _cover(edges: list[_Edge]) -> list[tuple[_Edge, list[int]]]:
    """Report each conflict once, and one value against all the values that agree with
    each other and disagree with it ("1 blast" vs "2 accidents" and "at least 2 blasts"):
    greedily take the group with the most unreported conflicts as the hub."""
    conflicting = {(e.left, e.right) for e in edges} | {(e.right, e.left) for e in edges}
    open_edges = list(edges)
    out: list[tuple[_Edge, list[int]]] = []
    while open_edges:
        degree: dict[int, int] = defaultdict(int)
        for e in open_edges:
            degree[e.left] += 1
            degree[e.right] += 1
        hub = min(degree, key=lambda g: (-degree[g], g))
        buckets: list[tuple[_Edge, list[int]]] = []
        for edge in (e for e in open_edges if hub in (e.left, e.right)):
            other = edge.right if edge.left == hub else edge.left
            for first, members in buckets:
                same_weight = (first.kind, first.severity) == (edge.kind, edge.severity)
                if same_weight and not any((other, m) in conflicting for m in members):
                    members.append(other)
                    break
            else:
                buckets.append((edge, [other]))
        out += [(dataclasses.replace(first, left=hub, right=-1), members) for first, members in buckets]
        open_edges = [e for e in open_edges if hub not in (e.left, e.right)]
    return out


def _weigh(slot: CompiledSlot, conflict: Conflict, i: int, j: int, left: list[Fact], right: list[Fact],
           lexicons: Lexicons) -> _Edge:
    """The conflict's kind and severity once sources and publication times are considered."""
    kind, severity, message = conflict.kind, slot.severity, conflict.message
    if kind in _NUMERIC:
        if _contested(left, right, lexicons):
            kind, severity = "contested", lexicons.settings.contested_severity
            message = f"{message}, as given by different sources"
        elif slot.grows and _grew(left, right):
            kind, severity = "update", "info"
            message = f"{message}: the later report gives more"
    if kind in _INFO_KINDS and kind != "contested":
        severity = "info"
    return _Edge(i, j, kind, severity, message)


def _side(facts: list[Fact], key) -> Side:
    """One side of a discrepancy: the claims of one value, or of values that agree with each other."""
    shown: dict = {}
    for fact in facts:
        shown.setdefault(key(fact.value), fact.value.display())
    displays = list(shown.values())
    return Side(display=" / ".join(displays), value=facts[0].value,
                claims=tuple(sorted(facts, key=lambda f: (f.evidence.path, f.evidence.start))))


def _discrepancy(slot: CompiledSlot, story: str, hub: _Edge, others: list[int],
                 groups: list[list[Fact]]) -> Discrepancy:
    key = slot.type.key
    sides = [_side(groups[hub.left], key), _side([f for g in others for f in groups[g]], key)]
    sides.sort(key=lambda s: (s.claims[0].evidence.path, s.claims[0].evidence.start))
    return Discrepancy(rule=slot.id, kind=hub.kind, severity=hub.severity, story=story, message=hub.message,
                       sides=tuple(sides), id=fingerprint(slot.id, hub.kind, story, sides))


def _contested(left: list[Fact], right: list[Fact], lexicons: Lexicons) -> bool:
    """Every claim on both sides names its source, and no source is on both sides."""
    if not all(f.source for f in left + right):
        return False
    return not any(same_speaker(a.source, b.source, lexicons.speakers) for a in left for b in right)


def _moment(fact: Fact):
    return fact.published_at.replace(tzinfo=None) if fact.published_at else None


def _grew(left: list[Fact], right: list[Fact]) -> bool:
    """Was each side's figure published at a different time, the larger one later?"""
    def times(facts):
        stamps = [_moment(f) for f in facts]
        return None if None in stamps else (min(stamps), max(stamps))
    lt, rt = times(left), times(right)
    if lt is None or rt is None:
        dates = [f.published for f in left + right]
        if None in dates:
            return False
        lt = (min(f.published for f in left), max(f.published for f in left))
        rt = (min(f.published for f in right), max(f.published for f in right))
    lv, rv = lower_bound(left[0].value) if _has_count(left[0]) else None, \
        lower_bound(right[0].value) if _has_count(right[0]) else None
    if lv is None or rv is None:
        return False
    if lt[1] < rt[0]:
        return rv > lv
    if rt[1] < lt[0]:
        return lv > rv
    return False


def _has_count(fact: Fact) -> bool:
    return isinstance(fact.value, Count) or hasattr(fact.value, "total")


def fingerprint(rule: str, kind: str, story: str, sides: Iterable[Side]) -> str:
    """Stable across runs and edits that move text: built from values and article ids, not offsets."""
    parts = [rule, kind, story]
    for side in sorted(sides, key=lambda s: s.display):
        parts.append(side.display)
        parts += sorted({c.evidence.article for c in side.claims})
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def sort_discrepancies(found: list[Discrepancy], book: RuleBook, articles: list[Article]) -> list[Discrepancy]:
    slot_order = {s.id: i for i, s in enumerate(book.slots)}

    def first_claim(d: Discrepancy):
        claim = min((c for s in d.sides for c in s.claims), key=lambda c: (c.evidence.path, c.evidence.start))
        return claim.evidence.path, claim.evidence.start

    return sorted(found, key=lambda d: (d.story, -SEVERITY_RANK[d.severity], slot_order.get(d.rule, 0),
                                        first_claim(d), d.kind, d.message))
