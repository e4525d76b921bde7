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
import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

import regex

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
        # a story whose own words say one of its tolls moves ("rose to", "was revised") reads
        # figures of any of its tolls that nothing orders as moving too
        scans: dict = {}
        moving = _StoryMoves([Timeline(slot, [f for f in by_slot[slot.id] if f.other_incident is None], lexicons,
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


def _comparable(a: Fact, b: Fact) -> bool:
    if a.evidence.article == b.evidence.article and a.evidence.headline == b.evidence.headline:
        return False
    if a.part and b.part and a.part != b.part:
        return False  # "1,541 in Turkey" and "237 in Syria" count different people
    return not a.scope or not b.scope or bool(a.scope & b.scope)


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


# "… were killed in Syria", "… died across Hatay province", and "In Syria, 237 people died": a figure
# qualified by a place, right after it or opening its sentence
_PLACE_AFTER = regex.compile(
    r"[^.;:!?\d]{0,30}?\b(?:in|inside|across|within)\s+(?:the\s+)?"
    r"(?:(?:province|region|city|state|district|county|town|village|country|governorate)\s+of\s+)?"
    r"(?P<place>\p{Lu}[\p{L}'’-]+(?:[ -]\p{Lu}[\p{L}'’-]+)?)")
_PLACE_BEFORE = regex.compile(
    r"(?:^|[,;]\s+)(?i:in|inside|across|within)\s+(?:the\s+)?(?P<place>\p{Lu}[\p{L}'’-]+(?:[ -]\p{Lu}[\p{L}'’-]+)?)"
    r"(?:\s+(?:province|region|state|district|county))?,?\s+(?:at least\s+|more than\s+|over\s+|some\s+)?$")
_NOT_A_PLACE = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                "sunday", "the", "a", "an", "his", "her", "their", "its", "this", "that", "which", "total", "all"}


def _qualifier(fact: Fact) -> str | None:
    sentence, text = fact.evidence.sentence, fact.evidence.text
    at = sentence.find(text)
    if at < 0:
        return None
    m = _PLACE_AFTER.match(sentence, at + len(text)) or _PLACE_BEFORE.search(sentence, max(0, at - 60), at)
    if m is None or m.group("place").split()[0].lower() in _NOT_A_PLACE:
        return None
    return m.group("place")


def place_parts(selected: list[Fact], facts: list[Fact], places: frozenset[str], lexicons: Lexicons) -> list[Fact]:
    """Figures qualified by a place are parts of the story's toll (``part`` names the place) when an
    article of the story splits its figures by those places ("1,541 in Turkey", "237 in Syria"); the
    story's one place, or one that holds all its places, still qualifies the whole. An article that
    gives one figure "in" a place says nothing of parts: "in Kuwait" and "in Mangaf" may be one area."""
    gazetteer = lexicons.gazetteer
    seen: dict[int, str | None] = {}

    def named(fact: Fact) -> str | None:
        key = id(fact)
        if key not in seen:
            name = None if fact.partial or not _has_count(fact) else _qualifier(fact)
            seen[key] = None if name is None else (gazetteer.lookup(name) or name)
        return seen[key]

    by_article: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for fact in facts:
        place = named(fact)
        if place is not None:
            by_article[fact.evidence.article][place].add(lower_bound(fact.value))
    # an article that gives different figures for different places splits the toll by place (the
    # same figure "in Maru state" and "in the Nigerian state of Maru" is one place named twice)
    split = {p for held in by_article.values() if len(held) > 1
             and len({frozenset(v) for v in held.values()}) > 1 for p in held}
    if not split:
        return selected
    story_places = {gazetteer.lookup(p) or p for p in places}

    def is_part(place: str | None) -> bool:
        if place not in split:
            return False
        # the story's only place, or one that holds all of its places, qualifies the whole
        return any(p.casefold() != place.casefold() and not gazetteer.contains(place, p) for p in story_places) \
            or not story_places

    out = []
    for fact in selected:
        place = named(fact)
        out.append(dataclasses.replace(fact, partial=True, part=place) if is_part(place) else fact)
    return out


class _StoryMoves:
    """Whether any toll of a story is said to move, read only when a slot needs to know."""

    def __init__(self, timelines: list[Timeline]) -> None:
        self._timelines, self._known = timelines, None

    def __bool__(self) -> bool:
        if self._known is None:
            self._known = any(t.moving for t in self._timelines)
        return self._known


def compare_slot(slot: CompiledSlot, story: str, facts: list[Fact], lexicons: Lexicons, *,
                 moving: bool | _StoryMoves = False, scans: dict | None = None,
                 places: frozenset[str] = frozenset()) -> list[Discrepancy]:
    facts = [f for f in facts if f.other_incident is None]  # another incident's facts are never compared
    if slot.grows:
        facts = place_parts(facts, facts, places, lexicons)
    selected = sorted(slot.type.select(facts, lexicons), key=lambda f: (f.evidence.path, f.evidence.start))
    by_key: dict[tuple, list[Fact]] = {}
    for fact in selected:
        # a part ("including two children") never shares a side with a whole of the same value:
        # a side's first comparable claim stands for all of it
        by_key.setdefault((slot.type.key(fact.value), fact.scope, fact.partial, fact.part), []).append(fact)
    groups = _merge_unscoped(by_key)
    credited = _credited(slot, facts, lexicons)
    clock = Timeline(slot, selected, lexicons, moving=moving, scans=scans) if slot.grows else None
    edges: list[_Edge] = []
    for i, left in enumerate(groups):
        for j in range(i + 1, len(groups)):
            right = groups[j]
            pair = next(((a, b) for a in left for b in right if _comparable(a, b)), None)
            if pair is None:
                continue
            conflict = slot.type.conflict(pair[0], pair[1], lexicons)
            if conflict is not None:
                edges += _weigh(slot, conflict, i, j, left, right, lexicons, credited, clock)
    if slot.grows:
        edges += _parts_past_whole(groups)
    return _discrepancies(slot, story, edges, groups, clock)


def _parts_past_whole(groups: list[list[Fact]]) -> list[_Edge]:
    """Parts by place that add up past a whole given no earlier than them ("1,541 in Turkey" and
    "900 in Syria" against "2,000 killed"): a warning holding the whole and every part."""
    largest: dict[str, tuple[int, int, Fact]] = {}  # place -> (figure, group, claim)
    for index, group in enumerate(groups):
        for fact in group:
            if fact.part is not None and _has_count(fact):
                low = lower_bound(fact.value)
                if fact.part not in largest or low > largest[fact.part][0]:
                    largest[fact.part] = (low, index, fact)
    if len(largest) < 2:
        return []
    added = sum(low for low, _, _ in largest.values())
    parts = sorted(largest.items())
    shown = " + ".join(f"{low} in {place}" for place, (low, _, _) in parts)
    edges = []
    for index, group in enumerate(groups):
        wholes = [f for f in group if not f.partial and hasattr(f.value, "total")
                  and f.value.total.high is not None and f.value.total.high < added
                  and all(_cmp(when(f), when(claim)) != -1 for _, _, claim in largest.values())]
        if wholes:
            message = f"the parts add up to {added} ({shown}), more than the total {wholes[0].value.display()}"
            edges += [_Edge(index, part_group, "total", "warning", message, tuple(wholes), (claim,))
                      for _, part_group, claim in largest.values()]
    return edges


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


def _credited(slot: CompiledSlot, facts: list[Fact], lexicons: Lexicons) -> dict[tuple, str]:
    """Who each claim is credited to: its own sentence's source, or else the source its article
    gives for the same figure elsewhere ("72 killed" in a headline, "… police said" in the body)."""
    credited: dict[tuple, str] = {}
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_article[fact.evidence.article].append(fact)
    for fact in facts:
        if fact.source:
            credited[_where(fact)] = fact.source
            continue
        for other in by_article[fact.evidence.article]:
            # the cheap test first: most pairs of an article are different figures
            if other.source and not other.partial and other is not fact and _same_claim(fact, other) and \
                    slot.type.conflict(fact, other, lexicons) is None:
                credited[_where(fact)] = other.source
                break
    return credited


def _where(fact: Fact) -> tuple:
    """A claim's place: the same claim after ``select`` gave it a fuller value (a new object)."""
    return fact.evidence.article, fact.evidence.headline, fact.evidence.start, fact.evidence.end


def _same_claim(a: Fact, b: Fact) -> bool:
    """Do two agreeing claims of one article give the same figure (not a part and its whole)?"""
    x, y = a.value, b.value
    if hasattr(x, "total") and hasattr(y, "total"):
        return x.total == y.total
    return x == y


def _weigh(slot: CompiledSlot, conflict: Conflict, i: int, j: int, left: list[Fact], right: list[Fact],
           lexicons: Lexicons, credited: dict[tuple, str] | None = None, clock: Timeline | None = None) -> list[_Edge]:
    """The conflict's kind and severity once publication times, time cues and sources are
    considered: one edge per way the two groups' claims relate (a toll's update between two
    articles, and a stale figure between two others)."""
    severity = slot.severity
    if conflict.at_most and SEVERITY_RANK[conflict.at_most] < SEVERITY_RANK[severity]:
        severity = conflict.at_most
    credited = credited or {}
    if clock is not None and conflict.kind in _NUMERIC and clock.moves(left[0], right[0]):
        return clock.weigh(i, j, left, right, conflict, severity, credited)
    kind, severity, message = _by_source(conflict.kind, severity, conflict.message, left, right, lexicons, credited)
    return [_Edge(i, j, kind, severity, message, tuple(left), tuple(right))]


def _by_source(kind: str, severity: str, message: str, left: list[Fact], right: list[Fact], lexicons: Lexicons,
               credited: dict[tuple, str]) -> tuple[str, str, str]:
    """Figures that differ because different sources gave them are `contested`; one source
    credited with both by two outlets is an `attribution` conflict."""
    if kind in _SOURCED:
        shared = _shared_source(left, right, lexicons)
        if shared is not None:
            return "attribution", severity, f"{message}, both credited to {shared}"
        if _contested(left, right, lexicons, credited):
            return "contested", lexicons.settings.contested_severity, f"{message}, as given by different sources"
    if kind in _INFO_KINDS and kind != "contested":
        severity = "info"
    return kind, severity, message


def _cap(severity: str, most: str = "warning") -> str:
    return most if SEVERITY_RANK[severity] > SEVERITY_RANK[most] else severity


class Timeline:
    """When each figure of a slot that `grows` was given: its article's publication time, refined
    by the time cues of its sentence ("initially", "rose to", "was revised down to"). What needs
    every claim's cue (revisions, whether the toll is said to move) is read on first use: most
    slots of most stories never differ in size."""

    def __init__(self, slot: CompiledSlot, facts: list[Fact], lexicons: Lexicons, *, moving: bool = False,
                 scans: dict[tuple[int, str], list[tuple[int, int, str]]] | None = None) -> None:
        self.slot, self.lexicons = slot, lexicons
        self.rules = tuple(c for c in lexicons.time_cues if c.applies_to(slot.id))
        self._rules_key = hash(self.rules)
        self._scans = {} if scans is None else scans  # (rules, sentence) -> cues found in it, for the story
        self._cues: dict[int, str | None] = {}
        self.counted = [f for f in facts if not f.partial and _has_count(f)]
        self._story_moving = moving  # a bool, or the story's _StoryMoves (read when needed)
        self._said: dict[tuple[str, int], str] | None = None
        self._revisions: list[tuple[Fact, list[Fact]]] | None = None

    def _said_of(self) -> dict[tuple[str, int], str]:
        """Per article and figure, the cue one of its claims carries ("revised" before "latest")."""
        if self._said is None:
            said: dict[tuple[str, int], str] = {}
            for fact in self.counted:
                own = self._own_cue(fact)
                where = (fact.evidence.article, lower_bound(fact.value))
                if own in ("revised", "latest") and said.get(where) != "revised":
                    said[where] = own
            self._said = said
        return self._said

    @property
    def moving(self) -> bool:
        """Does the story say its toll moves (or does the caller know it does)?"""
        return self._story_moving or bool(self._said_of()) or \
            any(self._own_cue(f) == "earlier" for f in self.counted)

    @property
    def revisions(self) -> list[tuple[Fact, list[Fact]]]:
        """Downward revisions: the revised claim, and the claims of the higher figures it replaced."""
        if self._revisions is None:
            self._revisions = []
            for fact in self.counted:
                if self.cue(fact) == "revised":
                    low = lower_bound(fact.value)
                    replaced = [f for f in self.counted if lower_bound(f.value) > low and self.cue(f) != "revised"
                                and f.evidence.article != fact.evidence.article
                                and _cmp(when(f), when(fact)) != 1]
                    self._revisions.append((fact, replaced))
        return self._revisions

    def cue(self, fact: Fact) -> str | None:
        """The time cue of a claim: its own, else one its article gives the same figure elsewhere
        ("… revised down to 125" in the headline, "125 fatalities, the governor said" in the body)."""
        key = id(fact)
        if key in self._cues:
            return self._cues[key]
        found = self._own_cue(fact)
        if found is None and _has_count(fact):
            found = self._said_of().get((fact.evidence.article, lower_bound(fact.value)))
        self._cues[key] = found
        return found

    def _own_cue(self, fact: Fact) -> str | None:
        """The time cue nearest the figure in its sentence, if one lies within reach."""
        sentence, text = fact.evidence.sentence, fact.evidence.text
        scan_key = (self._rules_key, sentence)
        cues = self._scans.get(scan_key)
        if cues is None:
            cues = self._scans[scan_key] = [(m.start(), m.end(), rule.when) for rule in self.rules
                                            for m in rule.regex.finditer(sentence)]
        if not cues:
            return None
        at = max(sentence.find(text), 0)
        end = at + len(text)
        best: tuple[tuple[int, int], str] | None = None
        for start, stop, what in cues:
            gap = at - stop if stop <= at else max(start - end, 0)
            rank = (gap, 0 if stop <= end else 1)
            if gap <= _CUE_REACH and (best is None or rank < best[0]):
                best = (rank, what)
        return best[1] if best else None

    def moves(self, a: Fact, b: Fact) -> bool:
        """Do the two figures differ in size (not only in who they count)?"""
        # two wholes, or two figures of one place's part ("237 in Syria", later "310 in Syria")
        same_part = (not a.partial and not b.partial) or (a.part is not None and a.part == b.part)
        return same_part and _has_count(a) and _has_count(b) and lower_bound(a.value) != lower_bound(b.value)

    def order(self, a: Fact, b: Fact) -> int | None:
        """-1: a was given before b; 1: after; 0: at one time (one article, one moment); None: unknown."""
        ca, cb = self.cue(a) == "earlier", self.cue(b) == "earlier"
        if ca != cb:
            # a figure the article recalls is older than that article's own, and than any report
            # not published before it
            older, newer = (a, b) if ca else (b, a)
            if older.evidence.article == newer.evidence.article or _cmp(when(older), when(newer)) != 1:
                return -1 if ca else 1
        if a.evidence.article == b.evidence.article:
            return 0
        return _cmp(when(a), when(b))

    def stale(self, fact: Fact) -> Fact | None:
        """The downward revision, published before ``fact``, of the higher figure ``fact`` still gives."""
        low = lower_bound(fact.value)
        for revised, replaced in self.revisions:
            if _cmp(when(revised), when(fact)) == -1 and low > lower_bound(revised.value) and \
                    any(r.evidence.article != fact.evidence.article
                        and self.slot.type.conflict(r, fact, self.lexicons) is None for r in replaced):
                return revised
        return None

    def confirms_revision(self, fact: Fact) -> bool:
        """Does ``fact`` repeat a downward revision published no later than it?"""
        return any(_cmp(when(revised), when(fact)) in (-1, 0, None) and
                   self.slot.type.conflict(revised, fact, self.lexicons) is None for revised, _ in self.revisions)

    def after_revision(self, first: Fact, second: Fact) -> bool:
        """Is ``second`` given after a downward revision of ``first``'s higher figure (the revised
        toll moving on: 30, revised to 24, then 26)?"""
        return any(_cmp(when(revised), when(second)) == -1 and lower_bound(first.value) > lower_bound(revised.value)
                   and lower_bound(second.value) >= lower_bound(revised.value) for revised, _ in self.revisions)

    def weigh(self, i: int, j: int, left: list[Fact], right: list[Fact], conflict: Conflict, severity: str,
              credited: dict[tuple, str]) -> list[_Edge]:
        found: dict[tuple[str, str], tuple[str, dict[int, Fact], dict[int, Fact]]] = {}
        for a in left:
            for b in right:
                if not _comparable(a, b):
                    continue
                kind, sev, message = self.relate(a, b, left, right, conflict, severity, credited)
                _, lefts, rights = found.setdefault((kind, sev), (message, {}, {}))
                lefts[id(a)], rights[id(b)] = a, b
        return [_Edge(i, j, kind, sev, message, tuple(lefts.values()), tuple(rights.values()))
                for (kind, sev), (message, lefts, rights) in found.items()]

    def relate(self, a: Fact, b: Fact, left: list[Fact], right: list[Fact], conflict: Conflict, severity: str,
               credited: dict[tuple, str]) -> tuple[str, str, str]:
        """How claim ``a`` of one value relates to claim ``b`` of another, in time and by source (who
        gave a value is read from its whole group: an outlet repeating a figure without saying
        whose it is adds no disagreement of its own)."""
        kind, message = conflict.kind, conflict.message
        order = self.order(a, b)
        if order == 0:
            return _by_source(kind, severity, message, left, right, self.lexicons, credited)
        if order is None:
            if self.cue(a) or self.cue(b):
                return "update", "info", f"{message}: the toll moved between reports (order unknown)"
            kind, severity, message = _by_source(kind, severity, message, left, right, self.lexicons, credited)
            if kind in _INFO_KINDS or severity == "info":
                return kind, severity, message
            # a story whose own words say its toll moves ("rose to", "was revised") reads the
            # figures nothing orders as that toll moving
            unordered = "info" if self.moving else _cap(severity, self.lexicons.settings.unordered_severity)
            return ("update" if unordered == "info" else kind), unordered, \
                f"{message} (the order of the reports is unknown)"
        first, second = (a, b) if order < 0 else (b, a)
        if lower_bound(second.value) > lower_bound(first.value):
            revised = self.stale(second)
            if revised is not None and self.slot.type.conflict(first, revised, self.lexicons) is None:
                return kind, _cap(severity), (f"{message}: the figure {second.value.display()} was revised down to "
                                              f"{revised.value.display()} ({_shown_time(revised)}) before "
                                              f"{second.evidence.article} gave it")
            if _final([first]):
                return _by_source(kind, severity, message, left, right, self.lexicons, credited)
            return "update", "info", f"{message}: the later report gives more"
        if self.cue(second) == "revised" or self.confirms_revision(second):
            return "update", "info", f"{message}: the figure was revised down later"
        if self.after_revision(first, second):
            return "update", "info", f"{message}: the toll as revised, then moving again"
        if _contested(left, right, self.lexicons, credited):
            return "contested", self.lexicons.settings.contested_severity, \
                f"{message}, as given by different sources"
        return kind, _cap(severity), f"{message}: the later report gives less"

    def latest(self, claims: list[Fact]) -> Fact | None:
        """The one figure of ``claims`` given last, if one is."""
        dated = [f for f in claims if when(f) is not None and self.cue(f) != "earlier"]
        if not dated:
            return None
        last = max(dated, key=lambda f: _sortable(when(f)))
        later = [f for f in dated if _cmp(when(f), when(last)) != -1]
        if any(self.slot.type.conflict(f, last, self.lexicons) is not None for f in later):
            return None
        return last


_CUE_REACH = 60  # characters between a figure and a time cue beyond which the cue is about something else


def when(fact: Fact):
    """When a claim was published: a date-time, a date, or None."""
    if fact.published_at is not None:
        return fact.published_at.replace(tzinfo=None)
    return fact.published


def _cmp(a, b) -> int | None:
    """Order two publication times; a date against a time of the same day is unordered (None)."""
    if a is None or b is None:
        return None
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return (a > b) - (a < b)
    da = a.date() if isinstance(a, dt.datetime) else a
    db = b.date() if isinstance(b, dt.datetime) else b
    return None if da == db else (1 if da > db else -1)


def _sortable(moment) -> tuple:
    if moment is None:
        return (1, dt.datetime.max)
    if isinstance(moment, dt.datetime):
        return (0, moment)
    return (0, dt.datetime.combine(moment, dt.time.min))


def _shown_time(fact: Fact) -> str:
    moment = when(fact)
    return moment.isoformat(timespec="minutes") if isinstance(moment, dt.datetime) else \
        (moment.isoformat() if moment else "undated")


def _side(facts: list[Fact], key) -> Side:
    """One side of a discrepancy: the claims of one value, or of values that agree with each other."""
    shown: dict = {}
    for fact in sorted(facts, key=lambda f: (_sortable(when(f)), f.evidence.path, f.evidence.start)):
        shown.setdefault(key(fact.value), fact.value.display())
    displays = list(shown.values())
    claims = tuple(sorted(facts, key=lambda f: (f.evidence.path, f.evidence.start)))
    first = min(claims, key=lambda f: _sortable(when(f)))
    return Side(display=" / ".join(displays), value=first.value, claims=claims,
                published=None if when(first) is None else _shown_time(first))


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
    first = min(facts, key=lambda f: (_sortable(when(f)), f.evidence.path, f.evidence.start))
    return _sortable(when(first)), first.evidence.path, first.evidence.start


def _message(family: str, edges: list[_Edge], sides: list[Side], clock: Timeline | None) -> str:
    if family == "update" and clock is not None and len(sides) > 1:
        history = " → ".join(f"{s.display} ({s.published or 'undated'})" for s in sides)
        message = f"the figure moved: {history}"
        latest = clock.latest([c for s in sides for c in s.claims])
        if latest is not None:
            older = sorted({c.evidence.article for s in sides for c in s.claims
                            if _cmp(when(c), when(latest)) == -1
                            and clock.slot.type.conflict(c, latest, clock.lexicons) is not None})
            source = f"{latest.source}, " if latest.source else ""
            message += f"; latest {latest.value.display()} ({source}{_shown_time(latest)}, {latest.evidence.article})"
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


def _contested(left: list[Fact], right: list[Fact], lexicons: Lexicons, credited: dict[tuple, str]) -> bool:
    """Each side's figure is credited to a source somewhere (an outlet that repeats it without
    saying whose it is adds no disagreement of its own), and no source is on both sides."""
    sources_left = [credited.get(_where(f)) or f.source for f in left]
    sources_right = [credited.get(_where(f)) or f.source for f in right]
    sources_left, sources_right = [s for s in sources_left if s], [s for s in sources_right if s]
    if not sources_left or not sources_right:
        return False
    return not any(_named(a) and same_speaker(a, b, lexicons.speakers) for a in sources_left for b in sources_right)


def _shared_source(left: list[Fact], right: list[Fact], lexicons: Lexicons) -> str | None:
    """A source credited with one side's value by one article and with the other's by another:
    one of the two outlets misreports it."""
    for a in left:
        for b in right:
            if a.source and b.source and _comparable(a, b) \
                    and _named(a.source) and same_speaker(a.source, b.source, lexicons.speakers):
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


def _final(facts: list[Fact]) -> bool:
    """Did the earlier report count everyone ("all 71 people on board")? Then more is no update."""
    return any(getattr(f.value, "final", False) for f in facts)


def _has_count(fact: Fact) -> bool:
    return isinstance(fact.value, Count) or hasattr(fact.value, "total") or hasattr(fact.value, "base_low")


def fingerprint(rule: str, kind: str, story: str) -> str:
    """Stable across runs, edits that move text and new articles of the story: one discrepancy per
    story, slot and kind of disagreement (count and total are one kind here), so a suppression or a
    baseline entry keeps matching as the story's coverage grows."""
    parts = [rule, _FAMILY.get(kind, kind), story]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def sort_discrepancies(found: list[Discrepancy], book: RuleBook, articles: list[Article]) -> list[Discrepancy]:
    slot_order = {s.id: i for i, s in enumerate(book.slots)}

    def first_claim(d: Discrepancy):
        claim = min((c for s in d.sides for c in s.claims), key=lambda c: (c.evidence.path, c.evidence.start))
        return claim.evidence.path, claim.evidence.start

    return sorted(found, key=lambda d: (d.story, -SEVERITY_RANK[d.severity], slot_order.get(d.rule, 0),
                                        first_claim(d), d.kind, d.message))
