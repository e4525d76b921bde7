"""Compare the facts of one story: Facts -> Discrepancies.

Facts are grouped by slot, then by value (one side of a report holds every
claim of one value), and value groups are compared pairwise by their type.
Only facts about the same kind of incident meet (scoped slots), never two
facts of one article's body with each other (its headline is compared with
its body), and never parts of different places (``parts``). What the type
calls a conflict is then weighed: on a slot that grows, by the timeline
(``timeline``: update, falling toll, stale figure, unknown order); else by
who gave the figures (``sources``: contested, attribution). A story's
conflicts of one slot and kind make one discrepancy, every value a side, in
time order.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from checker.engine.claims import comparable, has_count, order_times, shown_time, sortable, when
from checker.engine.parts import parts_past_whole, place_parts
from checker.engine.sources import NUMERIC, Credited, by_source
from checker.engine.timeline import StoryMoves, Timeline
from checker.model import SEVERITY_RANK, Article, Discrepancy, Fact, Side
from checker.rules.book import CompiledSlot, Lexicons, RuleBook
from checker.values.base import Conflict
from checker.values.count import lower_bound

# kinds that are one disagreement seen two ways ("4 worker vs 5 worker" and "total 4 vs 5 worker"):
# one finding, one id
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
        # a story whose own words say one of its tolls moves ("rose to", "was revised") reads
        # figures of any of its tolls that nothing orders as moving too
        scans: dict = {}
        moving = StoryMoves([Timeline(slot, [f for f in by_slot[slot.id] if f.other_incident is None], lexicons,
                                       scans=scans)
                              for slot in book.slots if slot.grows and by_slot.get(slot.id)])
        # where the story happened, as its place slots say: a toll "in" one of these is the whole
        places = frozenset(f.value.canonical for slot in book.slots if slot.type_name == "place"
                           for f in by_slot.get(slot.id, ()) if f.other_incident is None)
        for slot in book.slots:
            if by_slot.get(slot.id):
                found += compare_slot(slot, story, by_slot[slot.id], lexicons, moving=moving, scans=scans,
                                      places=places)
    return sort_discrepancies(found, book, articles)


@dataclass(frozen=True)
class _Edge:
    """A weighed conflict between two value groups (indexes into the slot's groups), and the claims
    of each that relate so."""

    left: int
    right: int
    kind: str
    severity: str
    message: str
    left_facts: tuple[Fact, ...] = ()
    right_facts: tuple[Fact, ...] = ()


def compare_slot(slot: CompiledSlot, story: str, facts: list[Fact], lexicons: Lexicons, *,
                 moving: bool | StoryMoves = False, scans: dict | None = None,
                 places: frozenset[str] = frozenset(), own: bool = False) -> list[Discrepancy]:
    """``own``: the facts are the caller's to change (see :meth:`checker.values.base.ValueType.select`)."""
    facts = [f for f in facts if f.other_incident is None]  # another incident's facts are never compared
    if slot.grows:
        facts = _without_recalled(slot, place_parts(facts, places, lexicons), lexicons, scans)
    selected = sorted(slot.type.select(facts, lexicons, own=own), key=lambda f: (f.evidence.path, f.evidence.start))
    by_key: dict[tuple, list[Fact]] = {}
    for fact in selected:
        # a part ("including two children") never shares a side with a whole of the same value:
        # a side's first comparable claim stands for all of it
        by_key.setdefault((slot.type.key(fact.value), fact.scope, fact.partial, fact.part), []).append(fact)
    groups = _merge_unscoped(by_key)
    credited = Credited(slot, facts, lexicons)  # worked out if a conflict asks
    clock = Timeline(slot, selected, lexicons, moving=moving, scans=scans) if slot.grows else None
    edges: list[_Edge] = []
    # facts of one article, headline or not, incident kind and part are alike to comparable(): the first
    # of each stands for the others (an article that repeats a figure 10,000 times costs one)
    firsts = [_first_of_each(group) for group in groups]
    articles_of: list[frozenset[str]] = []  # each group's articles, filled when a conflict asks
    given_with: dict[int, frozenset[str]] = {}  # group -> the articles that give a value agreeing with it
    within = _largest_whole(selected) if slot.grows else {}
    for i, left in enumerate(groups):
        for j in range(i + 1, len(groups)):
            right = groups[j]
            pair = next(((a, b) for a in firsts[i] for b in firsts[j] if comparable(a, b)
                         and not _inside_own_whole(a, b, within)), None)
            if pair is None:
                continue
            conflict = slot.type.conflict(pair[0], pair[1], lexicons)
            if conflict is not None and conflict.kind in _MOMENTS_AND_PLACES \
                    and _also_given(slot, lexicons, groups, firsts, i, j, articles_of, given_with):
                continue
            if conflict is not None:
                edges += _weigh(slot, conflict, i, j, left, right, lexicons, credited, clock)
    if slot.grows:
        edges += [_Edge(whole, part, "total", "warning", message, wholes, parts)
                  for whole, part, message, wholes, parts in parts_past_whole(groups)]
    return _discrepancies(slot, story, edges, groups, clock)


# kinds of disagreement where one article may name another moment or place beside the story's own
_MOMENTS_AND_PLACES = frozenset({"date", "time", "place"})


def _also_given(slot: CompiledSlot, lexicons: Lexicons, groups: list[list[Fact]], firsts: list[list[Fact]],
                i: int, j: int, articles_of: list[frozenset[str]], given_with: dict[int, frozenset[str]]) -> bool:
    """Does every article of one group also give a value that agrees with the other group? An article
    that names the story's date and, further on, another day (a suspect's earlier crime, a hearing) does
    not disagree with an article that names only the first: the other day is another moment."""
    if not articles_of:
        articles_of += [frozenset(f.evidence.article for f in group) for group in groups]
    for one, other in ((i, j), (j, i)):
        if other not in given_with:
            agreeing = [g for g in range(len(groups))
                        if g == other or slot.type.conflict(firsts[g][0], firsts[other][0], lexicons) is None]
            given_with[other] = frozenset().union(*(articles_of[g] for g in agreeing))
        if articles_of[one] <= given_with[other]:
            return True
    return False


def _without_recalled(slot: CompiledSlot, facts: list[Fact], lexicons: Lexicons, scans: dict | None) -> list[Fact]:
    """An article's own toll, without the older figures it recalls ("initially 103", "revised from 58
    to 51" before "lowered to 46"): those are its history, and the article's largest figure must
    not stand for its toll when the toll went down."""
    clock = Timeline(slot, facts, lexicons, scans=scans)
    if not clock.may_recall():
        return facts
    older = {id(f) for f in facts if not f.partial and has_count(f) and clock.cue(f) == "earlier"}
    if not older:
        return facts
    current = {(f.evidence.article, f.evidence.headline, f.scope) for f in facts
               if not f.partial and has_count(f) and id(f) not in older}
    return [f for f in facts if id(f) not in older or (f.evidence.article, f.evidence.headline, f.scope) not in current]


def _largest_whole(facts: list[Fact]) -> dict[tuple, int]:
    """Per article (headline apart) and kind of incident that gives a part of no place, the largest
    whole figure it gives (what :func:`_inside_own_whole` asks)."""
    with_parts = {(f.evidence.article, f.evidence.headline, f.scope) for f in facts
                  if f.partial and f.part is None and has_count(f)}
    largest: dict[tuple, int] = {}
    for fact in facts:
        if not fact.partial and has_count(fact) and \
                (fact.evidence.article, fact.evidence.headline, fact.scope) in with_parts:
            where = (fact.evidence.article, fact.evidence.headline, fact.scope)
            largest[where] = max(largest.get(where, 0), lower_bound(fact.value))
    return largest


def _inside_own_whole(a: Fact, b: Fact, largest: dict[tuple, int]) -> bool:
    """Is one of the two a part (or an older, smaller figure) of its own article's toll, set against
    the other article's whole? Its article's whole holds it, and the two wholes meet on their own:
    "64 have died" before "the toll rose to 73" says nothing against another report's 56."""
    if a.partial == b.partial or a.evidence.article == b.evidence.article:
        return False
    part, whole = (a, b) if a.partial else (b, a)
    if part.part is not None or not has_count(part) or not has_count(whole):
        return False
    own = largest.get((part.evidence.article, part.evidence.headline, part.scope))
    return own is not None and own >= lower_bound(part.value) > lower_bound(whole.value)


def _first_of_each(group: list[Fact]) -> list[Fact]:
    """The first fact of ``group`` of each (article, headline, scope, part), in order."""
    seen: dict[tuple, Fact] = {}
    for fact in group:
        seen.setdefault((fact.evidence.article, fact.evidence.headline, fact.scope, fact.part), fact)
    return list(seen.values())


def _merge_unscoped(by_key: dict[tuple, list[Fact]]) -> list[list[Fact]]:
    """Claims of a value whose incident kind is unknown join the one group of that value whose kind
    is known (they are compared with every kind anyway): one value, one side."""
    merged: dict[tuple, list[Fact]] = {}
    for (key, scope, partial, part), facts in by_key.items():
        if not scope:
            scoped = [k for k in by_key if k[0] == key and k[2:] == (partial, part) and k[1]]
            if len(scoped) == 1:
                merged.setdefault(scoped[0], []).extend(facts)
                continue
        merged.setdefault((key, scope, partial, part), []).extend(facts)
    return [sorted(group, key=lambda f: (f.evidence.path, f.evidence.start)) for group in merged.values()]


def _weigh(slot: CompiledSlot, conflict: Conflict, i: int, j: int, left: list[Fact], right: list[Fact],
           lexicons: Lexicons, credited: Credited | dict[tuple, str] | None = None, clock: Timeline | None = None,
           ) -> list[_Edge]:
    """The conflict's kind and severity once publication times, time cues and sources are
    considered: one edge per way the two groups' claims relate (a toll's update between two
    articles, and a stale figure between two others)."""
    severity = slot.severity
    if conflict.at_most and SEVERITY_RANK[conflict.at_most] < SEVERITY_RANK[severity]:
        severity = conflict.at_most
    credited = credited if credited is not None else {}
    if clock is not None and conflict.kind in NUMERIC and clock.moves(left[0], right[0]):
        return [_Edge(i, j, *way) for way in clock.weigh(left, right, conflict, severity, credited)]
    kind, severity, message = by_source(conflict.kind, severity, conflict.message, left, right, lexicons, credited)
    return [_Edge(i, j, kind, severity, message, tuple(left), tuple(right))]


def _side(facts: list[Fact], key) -> Side:
    """One side of a discrepancy: the claims of one value, or of values that agree with each other."""
    times = {id(f): sortable(when(f)) for f in facts}  # each claim's, worked out once
    shown: dict = {}
    for fact in sorted(facts, key=lambda f: (times[id(f)], f.evidence.path, f.evidence.start)):
        value_key = key(fact.value)
        if value_key not in shown:  # a value's display is built once, not per claim
            shown[value_key] = fact.value.display()
    displays = list(shown.values())
    claims = tuple(sorted(facts, key=lambda f: (f.evidence.path, f.evidence.start)))
    first = min(claims, key=lambda f: times[id(f)])
    return Side(display=" / ".join(displays), value=first.value, claims=claims,
                published=None if when(first) is None else shown_time(first))


def _discrepancies(slot: CompiledSlot, story: str, edges: list[_Edge], groups: list[list[Fact]],
                   clock: Timeline | None) -> list[Discrepancy]:
    """One discrepancy per kind of disagreement (count and total are one), holding every value that
    takes part, in time order: values that agree with each other share a side."""
    linked = {(e.left, e.right) for e in edges} | {(e.right, e.left) for e in edges}
    by_family: dict[str, list[_Edge]] = defaultdict(list)
    for edge in edges:
        by_family[_FAMILY.get(edge.kind, edge.kind)].append(edge)
    found = []
    for family, family_edges in by_family.items():
        taking: dict[int, dict[int, Fact]] = defaultdict(dict)
        for e in family_edges:
            taking[e.left].update((id(f), f) for f in e.left_facts)
            taking[e.right].update((id(f), f) for f in e.right_facts)
        ordered = sorted(taking, key=lambda g: _group_time(list(taking[g].values())))
        members: list[list[int]] = []
        if family == "spelling":
            # spellings of one name are one finding: the most linked spelling against the others
            degree: dict[int, int] = defaultdict(int)
            for e in family_edges:
                degree[e.left] += 1
                degree[e.right] += 1
            hub = min(degree, key=lambda g: (-degree[g], g))
            members = [[hub], [g for g in ordered if g != hub]]
        else:
            for g in ordered:
                for side in members:
                    # values that agree share a side; parts of different places never do
                    if groups[side[0]][0].part == groups[g][0].part and not any((g, m) in linked for m in side):
                        side.append(g)
                        break
                else:
                    members.append([g])
        sides = [_side([f for g in side for f in taking[g].values()], slot.type.key) for side in members]
        sides.sort(key=lambda s: (_group_time(list(s.claims)), s.claims[0].evidence.path, s.claims[0].evidence.start))
        worst = max(family_edges, key=lambda e: (SEVERITY_RANK[e.severity], e.kind == family))
        message = _message(family, family_edges, sides, clock)
        found.append(Discrepancy(rule=slot.id, kind=worst.kind, severity=worst.severity, story=story,
                                 message=message, sides=tuple(sides), id=fingerprint(slot.id, family, story)))
    return found


def _group_time(facts: list[Fact]) -> tuple:
    first = min(facts, key=lambda f: (sortable(when(f)), f.evidence.path, f.evidence.start))
    return sortable(when(first)), first.evidence.path, first.evidence.start


def _message(family: str, edges: list[_Edge], sides: list[Side], clock: Timeline | None) -> str:
    if family == "update" and clock is not None and len(sides) > 1:
        history = " → ".join(f"{s.display} ({s.published or 'undated'})" for s in sides)
        message = f"the figure moved: {history}"
        latest = clock.latest([c for s in sides for c in s.claims])
        if latest is not None:
            older = sorted({c.evidence.article for s in sides for c in s.claims
                            if order_times(when(c), when(latest)) == -1
                            and clock.slot.type.conflict(c, latest, clock.lexicons) is not None})
            source = f"{latest.source}, " if latest.source else ""
            message += f"; latest {latest.value.display()} ({source}{shown_time(latest)}, {latest.evidence.article})"
            if older:
                message += f"; still giving an older figure: {', '.join(older)}"
        return message
    ranked = sorted(edges, key=lambda e: -SEVERITY_RANK[e.severity])
    messages = list(dict.fromkeys(e.message for e in ranked))
    if len(sides) == 2:
        return messages[0]  # two values: one disagreement, however many pairs of claims show it
    if len(messages) <= 3:
        return "; ".join(messages)
    return "; ".join(messages[:3]) + f"; and {len(messages) - 3} more"


def fingerprint(rule: str, kind: str, story: str) -> str:
    """Stable across runs, edits that move text and new articles of the story: one discrepancy per
    story, slot and kind of disagreement (count and total are one kind here), so a suppression or a
    baseline entry keeps matching as the story's coverage grows."""
    parts = [rule, _FAMILY.get(kind, kind), story]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def sort_discrepancies(found: list[Discrepancy], book: RuleBook, articles: list[Article]) -> list[Discrepancy]:
    return sorted(found, key=discrepancy_order(book))


def discrepancy_order(book: RuleBook) -> Callable[[Discrepancy], tuple]:
    """The key findings are sorted by: story, severity, slot, first claim, kind, message."""
    slot_order = {s.id: i for i, s in enumerate(book.slots)}

    def first_claim(d: Discrepancy):
        claim = min((c for s in d.sides for c in s.claims), key=lambda c: (c.evidence.path, c.evidence.start))
        return claim.evidence.path, claim.evidence.start

    return lambda d: (d.story, -SEVERITY_RANK[d.severity], slot_order.get(d.rule, 0), first_claim(d), d.kind,
                      d.message)
