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


def compare_slot(slot: CompiledSlot, story: str, facts: list[Fact], lexicons: Lexicons) -> list[Discrepancy]:
    selected = slot.type.select(facts, lexicons)
    groups: dict[tuple, list[Fact]] = {}
    for fact in selected:
        groups.setdefault((slot.type.key(fact.value), fact.scope), []).append(fact)
    ordered = list(groups.values())
    out = []
    seen: set[tuple] = set()
    for i, left in enumerate(ordered):
        for right in ordered[i + 1:]:
            pair = next(((a, b) for a in left for b in right if _comparable(a, b)), None)
            if pair is None:
                continue
            conflict = slot.type.conflict(pair[0], pair[1], lexicons)
            if conflict is None:
                continue
            key = (conflict.kind, conflict.message, frozenset(f.evidence.article for f in left + right))
            if key in seen:
                continue
            seen.add(key)
            out.append(_discrepancy(slot, story, conflict, left, right, lexicons))
    return out


def _discrepancy(slot: CompiledSlot, story: str, conflict: Conflict, left: list[Fact], right: list[Fact],
                 lexicons: Lexicons) -> Discrepancy:
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
    sides = tuple(Side(display=facts[0].value.display(), value=facts[0].value,
                       claims=tuple(sorted(facts, key=lambda f: (f.evidence.path, f.evidence.start))))
                  for facts in (left, right))
    return Discrepancy(rule=slot.id, kind=kind, severity=severity, story=story, message=message, sides=sides,
                       id=fingerprint(slot.id, kind, story, sides))


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
