"""Compare the facts of one story: Facts -> Discrepancies.

Facts are grouped by slot, then by value (one side of a report holds every
claim of one value), and value groups are compared pairwise by their type.
Only facts about the same kind of incident meet (scoped slots), and never two
facts of one article's body with each other (its headline is compared with
its body). What the type calls a conflict is then weighed: figures credited
to different sources are `contested`; a toll that grew between publications
is an `update`; a spelling difference is `info`. Two figures credited to one
source keep their conflict's kind (`count`, `total`…), the message says so.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from collections import defaultdict
from collections.abc import Iterable

from checker.model import SEVERITY_RANK, Article, Discrepancy, Fact, Side
from checker.rules.book import CompiledSlot, Lexicons, RuleBook
from checker.values.base import Conflict
from checker.values.count import Count, lower_bound
from checker.values.quote import same_speaker

_NUMERIC = {"count", "total", "quantity"}
# conflicts that can come from who gave the figure rather than from the outlet
_SOURCED = _NUMERIC | {"category"}
_INFO_KINDS = {"spelling", "contested", "update"}
# kinds that are one disagreement seen two ways ("4 worker vs 5 worker" and "total 4 vs 5 worker"):
# reported together when the values they set against the hub agree with each other
_FAMILY = {"count": "count", "total": "count"}


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
    facts = [f for f in facts if f.other_incident is None]  # another incident's facts are never compared
    selected = sorted(slot.type.select(facts, lexicons), key=lambda f: (f.evidence.path, f.evidence.start))
    by_key: dict[tuple, list[Fact]] = {}
    for fact in selected:
        # a part ("including two children") never shares a side with a whole of the same value:
        # a side's first comparable claim stands for all of it
        by_key.setdefault((slot.type.key(fact.value), fact.scope, fact.partial), []).append(fact)
    groups = _merge_unscoped(by_key)
    credited = _credited(slot, facts, lexicons)
    edges: list[_Edge] = []
    # facts of one article, headline or not, and incident kind are alike to _comparable: the first of
    # each stands for the others (an article that repeats a figure 10,000 times costs one)
    firsts = [_first_of_each(group) for group in groups]
    for i, left in enumerate(groups):
        for j in range(i + 1, len(groups)):
            right = groups[j]
            pair = next(((a, b) for a in firsts[i] for b in firsts[j] if _comparable(a, b)), None)
            if pair is None:
                continue
            conflict = slot.type.conflict(pair[0], pair[1], lexicons)
            if conflict is not None:
                edges.append(_weigh(slot, conflict, i, j, left, right, lexicons, credited))
    return [_discrepancy(slot, story, hub, others, groups) for hub, others in _cover(edges)]


def _first_of_each(group: list[Fact]) -> list[Fact]:
    """The first fact of ``group`` of each (article, headline, scope), in order."""
    seen: dict[tuple, Fact] = {}
    for fact in group:
        seen.setdefault((fact.evidence.article, fact.evidence.headline, fact.scope), fact)
    return list(seen.values())


def _merge_unscoped(by_key: dict[tuple, list[Fact]]) -> list[list[Fact]]:
    """Claims of a value whose incident kind is unknown join the one group of that value whose kind
    is known (they are compared with every kind anyway): one value, one side."""
    merged: dict[tuple, list[Fact]] = {}
    for (key, scope, partial), facts in by_key.items():
        if not scope:
            scoped = [k for k in by_key if k[0] == key and k[2] == partial and k[1]]
            if len(scoped) == 1:
                merged.setdefault(scoped[0], []).extend(facts)
                continue
        merged.setdefault((key, scope, partial), []).extend(facts)
    return [sorted(group, key=lambda f: (f.evidence.path, f.evidence.start)) for group in merged.values()]


def _credited(slot: CompiledSlot, facts: list[Fact], lexicons: Lexicons) -> dict[int, str]:
    """Who each claim is credited to: its own sentence's source, or else the source its article
    gives for the same figure elsewhere ("72 killed" in a headline, "… police said" in the body)."""
    credited: dict[int, str] = {}
    # an article's credited whole claims by the figure they give (see _same_claim): a fact is set
    # against those of its figure only, not against every claim of its article
    by_figure: dict[tuple[str, object], list[Fact]] = defaultdict(list)
    unhashable: dict[str, list[Fact]] = defaultdict(list)
    alike: set[tuple] = set()  # a claim repeated (same value, source, kind) is tried once
    for fact in facts:
        if fact.source and not fact.partial:
            figure = _figure(fact)
            if figure is None:
                unhashable[fact.evidence.article].append(fact)
                continue
            try:
                key = (fact.evidence.article, fact.value, fact.source, fact.scope, fact.evidence.headline)
                if key in alike:
                    continue
                alike.add(key)
            except TypeError:
                pass
            by_figure[(fact.evidence.article, figure)].append(fact)
    for fact in facts:
        if fact.source:
            credited[id(fact)] = fact.source
            continue
        figure = _figure(fact)
        candidates = by_figure.get((fact.evidence.article, figure), []) if figure is not None else []
        if unhashable or figure is None:
            candidates = [f for f in facts if f.evidence.article == fact.evidence.article]
        for other in candidates:
            # the cheap test first: most pairs of an article are different figures
            if other.source and not other.partial and other is not fact and _same_claim(fact, other) and \
                    slot.type.conflict(fact, other, lexicons) is None:
                credited[id(fact)] = other.source
                break
    return credited


def _figure(fact: Fact) -> object | None:
    """What :func:`_same_claim` compares of a fact, as a dictionary key (None: not hashable)."""
    value = fact.value
    figure = ("total", value.total) if hasattr(value, "total") else ("value", value)
    try:
        hash(figure)
    except TypeError:
        return None
    return figure


def _same_claim(a: Fact, b: Fact) -> bool:
    """Do two agreeing claims of one article give the same figure (not a part and its whole)?"""
    x, y = a.value, b.value
    if hasattr(x, "total") and hasattr(y, "total"):
        return x.total == y.total
    return x == y


def _cover(edges: list[_Edge]) -> list[tuple[_Edge, list[int]]]:
    """Report each conflict once, and one value against all the values that agree with
    each other and disagree with it ("1 blast" vs "2 accidents" and "at least 2 blasts"):
    greedily take the group with the most unreported conflicts as the hub. Spellings of one
    name are one finding however many there are ("Kholmovsk" vs "Holmovsk / Kholmovskiy")."""
    kinds = {(e.left, e.right): e.kind for e in edges} | {(e.right, e.left): e.kind for e in edges}
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
                same_weight = (_FAMILY.get(first.kind, first.kind), first.severity) == \
                    (_FAMILY.get(edge.kind, edge.kind), edge.severity)
                spelling = first.kind == "spelling"
                if same_weight and not any((other, m) in kinds and not (spelling and kinds[(other, m)] == "spelling")
                                           for m in members):
                    members.append(other)
                    break
            else:
                buckets.append((edge, [other]))
        out += [(dataclasses.replace(first, left=hub, right=-1), members) for first, members in buckets]
        shown = [set(members) for first, members in buckets if first.kind == "spelling"]
        open_edges = [e for e in open_edges if hub not in (e.left, e.right)
                      and not (e.kind == "spelling" and any({e.left, e.right} <= group for group in shown))]
    return out


def _weigh(slot: CompiledSlot, conflict: Conflict, i: int, j: int, left: list[Fact], right: list[Fact],
           lexicons: Lexicons, credited: dict[int, str] | None = None) -> _Edge:
    """The conflict's kind and severity once sources and publication times are considered."""
    kind, severity, message = conflict.kind, slot.severity, conflict.message
    if kind in _SOURCED:
        shared = _shared_source(left, right, lexicons)
        if slot.grows and _grew(left, right):
            kind, severity = "update", "info"
            message = f"{message}: the later report gives more"
        elif shared is not None:  # one source, two figures: the conflict stays what it is (a count, a
            # total…); `attribution` is for quoted words credited to different speakers
            message = f"{message}, both credited to {shared}"
        elif _contested(left, right, lexicons, credited or {}):
            kind, severity = "contested", lexicons.settings.contested_severity
            message = f"{message}, as given by different sources"
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


def _contested(left: list[Fact], right: list[Fact], lexicons: Lexicons, credited: dict[int, str]) -> bool:
    """Each side's figure is credited to a source somewhere (an outlet that repeats it without
    saying whose it is adds no disagreement of its own), and no source is on both sides."""
    sources_left = [credited.get(id(f)) or f.source for f in left]
    sources_right = [credited.get(id(f)) or f.source for f in right]
    sources_left, sources_right = [s for s in sources_left if s], [s for s in sources_right if s]
    if not sources_left or not sources_right:
        return False
    # each source once: a story of 100,000 articles credits a handful of sources, many times over
    return not any(_named(a) and same_speaker(a, b, lexicons.speakers)
                   for a in dict.fromkeys(sources_left) for b in dict.fromkeys(sources_right))


def _shared_source(left: list[Fact], right: list[Fact], lexicons: Lexicons) -> str | None:
    """A source credited with one side's value by one article and with the other's by another:
    one of the two outlets misreports it."""
    # the first claim of the left whose source credits a comparable claim of the right, found by
    # source (a handful) rather than by pairs of claims (a story of 100,000 articles has billions)
    by_source: dict[str, list[Fact]] = {}
    alike: set[tuple] = set()
    for b in right:
        if b.source:
            key = (b.source, b.evidence.article, b.evidence.headline, b.scope)
            if key not in alike:
                alike.add(key)
                by_source.setdefault(b.source, []).append(b)
    credits: dict[str, list[list[Fact]]] = {}
    for a in left:
        if not a.source:
            continue
        found = credits.get(a.source)
        if found is None:
            found = credits[a.source] = [facts for source, facts in by_source.items()
                                         if same_speaker(a.source, source, lexicons.speakers)] \
                if _named(a.source) else []
        if any(_comparable(a, b) for facts in found for b in facts):
            return a.source
    return None


# sources that name no one in particular: two articles crediting "a witness" or "local media" may
# well quote different people, so they are never one source credited twice
_ANONYMOUS = {"media", "witnesses", "residents", "officials", "sources", "reports", "activists", "survivors",
              "rescuers", "locals", "people", "doctors", "medics", "journalists", "reporters", "outlets",
              "agencies", "authorities", "others", "observers", "monitors", "users", "posts"}


def _named(source: str) -> bool:
    """Does the source name someone ("the health ministry", "police"), not "it", "a witness" or
    "local media"?"""
    words = source.lower().split()
    if not words or words[0] in ("a", "an", "one", "some", "several", "many", "two", "three"):
        return False
    return words[-1] not in _ANONYMOUS and any(len(word) > 2 for word in words)


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
        return rv > lv and not _final(left)
    if rt[1] < lt[0]:
        return lv > rv and not _final(right)
    return False


def _final(facts: list[Fact]) -> bool:
    """Did the earlier report count everyone ("all 71 people on board")? Then more is no update."""
    return any(getattr(f.value, "final", False) for f in facts)


def _has_count(fact: Fact) -> bool:
    return isinstance(fact.value, Count) or hasattr(fact.value, "total") or hasattr(fact.value, "base_low")


def fingerprint(rule: str, kind: str, story: str, sides: Iterable[Side]) -> str:
    """Stable across runs and edits that move text: built from values and article ids, not offsets."""
    parts = [rule, kind, story]
    # a side that joins agreeing values ("5 people / 4 tourist + 1 guard") lists them in text order:
    # sorted here, so that swapping two paragraphs of one article keeps the id
    shown = [(" / ".join(sorted(side.display.split(" / "))), side) for side in sides]
    for display, side in sorted(shown, key=lambda pair: pair[0]):
        parts.append(display)
        parts += sorted({c.evidence.article for c in side.claims})
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def sort_discrepancies(found: list[Discrepancy], book: RuleBook, articles: list[Article]) -> list[Discrepancy]:
    slot_order = {s.id: i for i, s in enumerate(book.slots)}

    def first_claim(d: Discrepancy):
        claim = min((c for s in d.sides for c in s.claims), key=lambda c: (c.evidence.path, c.evidence.start))
        return claim.evidence.path, claim.evidence.start

    return sorted(found, key=lambda d: (d.story, -SEVERITY_RANK[d.severity], slot_order.get(d.rule, 0),
                                        first_claim(d), d.kind, d.message))
