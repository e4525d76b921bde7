"""A slot that grows (tolls) as a timeline: figures ordered by publication time, then by the time
cues of their sentences ("initially", "rose to", "was revised down to"), and what the order makes
of two figures that differ (an update, a falling toll, a stale figure, an unknown order)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right

import regex

from checker.engine.claims import (comparable, counted_everyone, counts_alike, has_count, order_times, shown_time,
                                   sortable, when)
from checker.engine.sources import INFO_KINDS, by_source, cap, contested
from checker.match.matcher import GaveUp, Twin, Twins
from checker.model import Fact
from checker.rules.book import CompiledSlot, Lexicons, TimeCueRule
from checker.values.base import Conflict
from checker.values.count import lower_bound

CUE_REACH = 60  # characters between a figure and a time cue beyond which the cue is about something else
# between a figure and a cue after it: the cue belongs to what follows ("84, up from 103")
_CLAUSE_BREAK = regex.compile(r",|;|\bbut\b|\bwhile\b")


class StoryMoves:
    """Whether any toll of a story is said to move, read only when a slot needs to know."""

    def __init__(self, timelines: list[Timeline]) -> None:
        self._timelines, self._known = timelines, None

    def __bool__(self) -> bool:
        if self._known is None:
            self._known = any(t.moving for t in self._timelines)
        return self._known


_TWINS: dict[int, tuple[regex.Pattern[str], Twin | None]] = {}


def _twin(rule: TimeCueRule) -> Twin | None:
    """The PCRE2 twin of a time cue the rule book approved, compiled once per process; else None."""
    entry = _TWINS.get(id(rule.regex))
    if entry is None or entry[0] is not rule.regex:
        twin = Twins(frozenset({rule.regex.pattern})).get(rule.regex) if rule.fast else None
        entry = _TWINS[id(rule.regex)] = (rule.regex, twin)
    return entry[1]


def cue_spans(rule: TimeCueRule, sentence: str) -> list[tuple[int, int]]:
    """Where the time cue ``rule`` matches in ``sentence``: on PCRE2 where approved (regex when it
    gives up), else on regex; the same spans either way."""
    twin = _twin(rule)
    if twin is not None:
        try:
            return [m.span() for m in twin.finditer(sentence)]
        except GaveUp:
            pass
    return [m.span() for m in rule.regex.finditer(sentence)]


def _cue_in(rule: TimeCueRule, sentence: str) -> bool:
    twin = _twin(rule)
    if twin is not None:
        try:
            return twin.search(sentence) is not None
        except GaveUp:
            pass
    return rule.regex.search(sentence) is not None


def nearest_cue(sentence: str, text: str, cues: list[tuple[int, int, str]]) -> str | None:
    """Of the time cues found in ``sentence`` (start, end, when), the one nearest the figure ``text``
    within reach (one before the figure wins a tie)."""
    if not cues:
        return None
    at = max(sentence.find(text), 0)
    end = at + len(text)
    best: tuple[tuple[int, int], str] | None = None
    for start, stop, what in cues:
        if start >= end and _CLAUSE_BREAK.search(sentence, end, start):
            continue  # "103, but it was revised down", "84, up from 103": about another figure
        gap = at - stop if stop <= at else max(start - end, 0)
        rank = (gap, 0 if stop <= end else 1)
        # a cue that opens the sentence ("Initially, …", "Earlier reports said …") covers all of it
        if (gap <= CUE_REACH or (start <= 1 and stop <= at)) and (best is None or rank < best[0]):
            best = (rank, what)
    return best[1] if best else None


def recalled(fact: Fact, rules, scans: dict[str, list[tuple[int, int, str]]] | None = None) -> bool:
    """Is the figure one its sentence gives as an earlier one ("police had earlier said nine")?
    (``scans``: the cues found per sentence, kept by the caller for the facts of one article.)"""
    sentence = fact.evidence.sentence
    cues = None if scans is None else scans.get(sentence)
    if cues is None:
        # most sentences hold no cue of an earlier figure: one search each before every cue is listed
        if not any(_cue_in(rule, sentence) for rule in rules if rule.when == "earlier"):
            cues = []
        else:
            cues = [(start, end, rule.when) for rule in rules for start, end in cue_spans(rule, sentence)]
        if scans is not None:
            scans[sentence] = cues
    return bool(cues) and nearest_cue(sentence, fact.evidence.text, cues) == "earlier"


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
        self.counted = [f for f in facts if not f.partial and has_count(f)]
        self._story_moving = moving  # a bool, or the story's StoryMoves (read when needed)
        self._said: dict[tuple[str, int], str] | None = None
        self._revisions: list[tuple[Fact, list[Fact]]] | None = None
        self._lowest: dict[str, int] | None = None
        self._profiles: dict[int, int] = {}  # id(claim) -> the number of its profile
        self._profile_numbers: dict[tuple, int] = {}  # profile -> its number (hashed once per claim)

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
                                and order_times(when(f), when(fact)) != 1]
                    self._revisions.append((fact, replaced))
        return self._revisions

    def cue(self, fact: Fact) -> str | None:
        """The time cue of a claim: its own, else one its article gives the same figure elsewhere
        ("… revised down to 125" in the headline, "125 fatalities, the governor said" in the body)."""
        key = id(fact)
        if key in self._cues:
            return self._cues[key]
        found = self._own_cue(fact)
        if found is None and has_count(fact):
            found = self._said_of().get((fact.evidence.article, lower_bound(fact.value)))
        if found == "revised" and has_count(fact) and \
                lower_bound(fact.value) > self._lowest_revision().get(fact.evidence.article, lower_bound(fact.value)):
            found = "earlier"  # "revised from 58 to 51", then "lowered the toll to 46": 51 is the older revision
        self._cues[key] = found
        return found

    def _lowest_revision(self) -> dict[str, int]:
        """Per article, the lowest figure it gives as a downward revision."""
        if self._lowest is None:
            self._lowest = {}
            for fact in self.counted:
                if self._own_cue(fact) == "revised":
                    low, article = lower_bound(fact.value), fact.evidence.article
                    self._lowest[article] = min(self._lowest.get(article, low), low)
        return self._lowest

    def may_recall(self, facts: list[Fact] | None = None) -> bool:
        """Could any claim's cue be "earlier" (or its own cue "earlier" or "revised")? Not unless the
        sentence of a counted claim (of ``facts``, when given) holds a cue of an earlier or a revised
        figure (a revision lower down makes an older one earlier): most slots of most stories hold
        none, told by a search per sentence and cue, not every cue listed for every claim."""
        rules = [rule for rule in self.rules if rule.when in ("earlier", "revised")]
        if not rules:
            return False
        seen: set[str] = set()
        for fact in self.counted if facts is None else facts:
            sentence = fact.evidence.sentence
            if sentence in seen:
                continue
            seen.add(sentence)
            cues = self._scans.get((self._rules_key, sentence))
            if cues is not None:
                if any(what in ("earlier", "revised") for _, _, what in cues):
                    return True
            elif any(_cue_in(rule, sentence) for rule in rules):
                return True
        return False

    def own_cue(self, fact: Fact) -> str | None:
        """The time cue nearest the figure in its sentence, if one lies within reach."""
        return self._own_cue(fact)

    def _own_cue(self, fact: Fact) -> str | None:
        """The time cue nearest the figure in its sentence, if one lies within reach."""
        sentence, text = fact.evidence.sentence, fact.evidence.text
        scan_key = (self._rules_key, sentence)
        cues = self._scans.get(scan_key)
        if cues is None:
            cues = self._scans[scan_key] = [(start, end, rule.when) for rule in self.rules
                                            for start, end in cue_spans(rule, sentence)]
        return nearest_cue(sentence, text, cues)

    def moves(self, a: Fact, b: Fact) -> bool:
        """Do the two figures differ in size (not only in who they count)?"""
        # two wholes, or two figures of one place's part ("237 in Syria", later "310 in Syria")
        same_part = (not a.partial and not b.partial) or (a.part is not None and a.part == b.part)
        return same_part and has_count(a) and has_count(b) and lower_bound(a.value) != lower_bound(b.value)

    def order(self, a: Fact, b: Fact) -> int | None:
        """-1: a was given before b; 1: after; 0: at one time (one article, one moment); None: unknown."""
        ca, cb = self.cue(a) == "earlier", self.cue(b) == "earlier"
        if ca != cb:
            # a figure the article recalls is older than that article's own, and than any report
            # not published before it
            older, newer = (a, b) if ca else (b, a)
            if older.evidence.article == newer.evidence.article or order_times(when(older), when(newer)) != 1:
                return -1 if ca else 1
        if a.evidence.article == b.evidence.article:
            return 0
        return order_times(when(a), when(b))

    def stale(self, fact: Fact) -> Fact | None:
        """The downward revision, published before ``fact``, of the higher figure ``fact`` still gives."""
        low = lower_bound(fact.value)
        for revised, replaced in self.revisions:
            if order_times(when(revised), when(fact)) == -1 and low > lower_bound(revised.value) and \
                    any(r.evidence.article != fact.evidence.article
                        and self.slot.type.conflict(r, fact, self.lexicons) is None for r in replaced):
                return revised
        return None

    def confirms_revision(self, fact: Fact) -> bool:
        """Does ``fact`` repeat a downward revision published no later than it?"""
        return any(order_times(when(revised), when(fact)) in (-1, 0, None) and
                   self.slot.type.conflict(revised, fact, self.lexicons) is None for revised, _ in self.revisions)

    def after_revision(self, first: Fact, second: Fact) -> bool:
        """Is ``second`` given after a downward revision of ``first``'s higher figure (the revised
        toll moving on: 30, revised to 24, then 26)?"""
        return any(order_times(when(revised), when(second)) == -1 and lower_bound(first.value) > lower_bound(revised.value)
                   and lower_bound(second.value) >= lower_bound(revised.value) for revised, _ in self.revisions)

    def weigh(self, left: list[Fact], right: list[Fact], conflict: Conflict, severity: str,
              credited: dict[tuple, str]) -> list[tuple[str, str, str, tuple[Fact, ...], tuple[Fact, ...]]]:
        """Each way the two groups' claims relate: (kind, severity, message, left claims, right
        claims), in the order of the first pair of claims that relates so (a left claim, then a right
        one), whose message the way keeps.

        Two claims of one article (a headline and its body) are related as they are. Of two claims of
        different articles, `relate` reads only what their profiles hold (:meth:`_profile`) and how
        `order_times` orders their publication times: it is asked once per pair of profiles and
        order, of the first such pair of claims, and which claims take part is counted from sorted
        times. A side of 10,000 claims costs about its claims and their profiles, not their pairs."""
        sides = _Sides(left, right, self.lexicons, credited)
        ways: dict[tuple[str, str], list] = {}  # (kind, severity) -> [first pair, message, left and right indexes]

        def add(pair: tuple[int, int], relation: tuple[str, str, str], lefts, rights) -> None:
            kind, sev, message = relation
            way = ways.setdefault((kind, sev), [pair, message, set(), set()])
            if pair < way[0]:
                way[0], way[1] = pair, message
            way[2].update(lefts)
            way[3].update(rights)

        own_left, own_right = _by_article(left), _by_article(right)
        for i, a in enumerate(left):
            for j in own_right.get(a.evidence.article, ()):
                if comparable(a, right[j]):
                    add((i, j), self.relate(a, right[j], left, right, conflict, severity, credited, sides), (i,), (j,))
        left_alike, right_alike = self._alike(left), self._alike(right)
        left_in, right_in = _member_of(left_alike), _member_of(right_alike)
        left_times = [_Times([when(left[i]) for i in members]) for members in left_alike]
        right_times = [_Times([when(right[j]) for j in members]) for members in right_alike]
        for p, left_members in enumerate(left_alike):
            for q, right_members in enumerate(right_alike):
                if not counts_alike(left[left_members[0]], right[right_members[0]]):
                    continue
                lefts = _partners(left, left_members, right, right_times[q], own_right, right_in, q)
                if not lefts:
                    continue
                rights = _partners(right, right_members, left, left_times[p], own_left, left_in, p)
                for order, members in lefts.items():
                    i = members[0]
                    a = left[i]
                    j = next(j for j in right_members if right[j].evidence.article != a.evidence.article
                             and order_times(when(a), when(right[j])) == order)
                    add((i, j), self.relate(a, right[j], left, right, conflict, severity, credited, sides),
                        members, rights[None if order is None else -order])
        return [(kind, sev, message, tuple(left[i] for i in sorted(lefts)), tuple(right[j] for j in sorted(rights)))
                for (kind, sev), (_, message, lefts, rights) in sorted(ways.items(), key=lambda way: way[1][0])]

    def _alike(self, claims: list[Fact]) -> list[list[int]]:
        """The indexes of ``claims`` by profile, each list in order."""
        found: dict[int, list[int]] = {}
        for i, fact in enumerate(claims):
            found.setdefault(self._profile(fact), []).append(i)
        return list(found.values())

    def _profile(self, fact: Fact) -> int:
        """All that `relate` reads of one claim set against another article's, but its publication
        time (and its article, unless the claim is a figure its article recalls as an earlier one):
        its value, part, scope, time cue and what the downward revisions make of it. Given as a
        number, the same for equal profiles: a profile (its value's) is hashed once per claim, not
        each time claims are grouped."""
        key = id(fact)
        number = self._profiles.get(key)
        if number is None:
            cue = self.cue(fact)
            found = (fact.value, fact.part, fact.scope, fact.partial, cue,
                     fact.evidence.article if cue == "earlier" else None)
            if self.revisions and has_count(fact):
                stale = self.stale(fact)
                found += (None if stale is None else id(stale), self.confirms_revision(fact),
                          tuple(k for k, (revised, _) in enumerate(self.revisions)
                                if order_times(when(revised), when(fact)) == -1))
            number = self._profiles[key] = self._profile_numbers.setdefault(found, len(self._profile_numbers))
        return number

    def relate(self, a: Fact, b: Fact, left: list[Fact], right: list[Fact], conflict: Conflict, severity: str,
               credited: dict[tuple, str], sides: _Sides | None = None) -> tuple[str, str, str]:
        """How claim ``a`` of one value relates to claim ``b`` of another, in time and by source (who
        gave a value is read from its whole group: an outlet repeating a figure without saying
        whose it is adds no disagreement of its own; ``sides`` keeps what was read of them)."""
        kind, message = conflict.kind, conflict.message
        sides = sides or _Sides(left, right, self.lexicons, credited)
        order = self.order(a, b)
        if order == 0:
            return sides.by_source(kind, severity, message)
        if order is None:
            if self.cue(a) or self.cue(b):
                return "update", "info", f"{message}: the toll moved between reports (order unknown)"
            kind, severity, message = sides.by_source(kind, severity, message)
            if kind in INFO_KINDS or severity == "info":
                return kind, severity, message
            # a story whose own words say its toll moves ("rose to", "was revised") reads the
            # figures nothing orders as that toll moving
            unordered = "info" if self.moving else cap(severity, self.lexicons.settings.unordered_severity)
            return ("update" if unordered == "info" else kind), unordered, \
                f"{message} (the order of the reports is unknown)"
        first, second = (a, b) if order < 0 else (b, a)
        if a.evidence.article != b.evidence.article and "earlier" in (self.cue(a), self.cue(b)):
            # the later report recalls a figure as an older one ("initially 103"): history, not a rival
            recalled = a if self.cue(a) == "earlier" else b
            return "update", "info", f"{message}: {recalled.evidence.article} gives {recalled.value.display()} " \
                                     f"as an earlier figure"
        if lower_bound(second.value) > lower_bound(first.value):
            revised = self.stale(second)
            if revised is not None and self.slot.type.conflict(first, revised, self.lexicons) is None:
                return kind, cap(severity), (f"{message}: the figure {second.value.display()} was revised down to "
                                              f"{revised.value.display()} ({shown_time(revised)}) before "
                                              f"{second.evidence.article} gave it")
            if counted_everyone([first]):
                return sides.by_source(kind, severity, message)
            return "update", "info", f"{message}: the later report gives more"
        if self.cue(second) == "revised" or self.confirms_revision(second):
            return "update", "info", f"{message}: the figure was revised down later"
        if self.after_revision(first, second):
            return "update", "info", f"{message}: the toll as revised, then moving again"
        if sides.contested():
            return "contested", self.lexicons.settings.contested_severity, \
                f"{message}, as given by different sources"
        falling = cap(severity, self.slot.falling)
        if falling == "info":
            return "update", "info", f"{message}: the later report gives less (this count falls as people are " \
                                     f"recounted)"
        return kind, falling, f"{message}: the later report gives less"

    def latest(self, claims: list[Fact]) -> Fact | None:
        """The one figure of ``claims`` given last, if one is."""
        dated = [f for f in claims if when(f) is not None and self.cue(f) != "earlier"]
        if not dated:
            return None
        last = max(dated, key=lambda f: sortable(when(f)))
        later = [f for f in dated if order_times(when(f), when(last)) != -1]
        if any(self.slot.type.conflict(f, last, self.lexicons) is not None for f in later):
            return None
        return last




class _Sides:
    """What the sources of two groups of claims make of their conflict, read once for all their pairs."""

    def __init__(self, left: list[Fact], right: list[Fact], lexicons: Lexicons, credited: dict[tuple, str]) -> None:
        self.left, self.right, self.lexicons, self.credited = left, right, lexicons, credited
        self._by_source: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self._contested: bool | None = None

    def by_source(self, kind: str, severity: str, message: str) -> tuple[str, str, str]:
        key = (kind, severity, message)
        if key not in self._by_source:
            self._by_source[key] = by_source(kind, severity, message, self.left, self.right, self.lexicons,
                                             self.credited)
        return self._by_source[key]

    def contested(self) -> bool:
        if self._contested is None:
            self._contested = contested(self.left, self.right, self.lexicons, self.credited)
        return self._contested


class _Times:
    """Publication times, sorted: how many come before a given time, at it, after it or unordered
    with it, as :func:`checker.engine.claims.order_times` orders two."""

    def __init__(self, moments: list) -> None:
        self.size = len(moments)
        self.unknown = sum(1 for m in moments if m is None)
        self.exact = sorted(m for m in moments if isinstance(m, dt.datetime))
        self.days_of_exact = sorted(m.date() for m in self.exact)
        self.days = sorted(m for m in moments if m is not None and not isinstance(m, dt.datetime))

    def orders(self, moment) -> dict[int | None, int]:
        """For each order ``order_times(moment, t)`` can give, how many of the times ``t`` it gives."""
        if moment is None:
            return {None: self.size}
        found: dict[int | None, int] = {-1: 0, 0: 0, 1: 0, None: self.unknown}
        if isinstance(moment, dt.datetime):
            _count(found, self.exact, moment, 0)
            _count(found, self.days, moment.date(), None)
        else:  # a date: a time of the same day is unordered with it, as is the same date
            _count(found, self.days_of_exact, moment, None)
            _count(found, self.days, moment, None)
        return found


def _count(found: dict[int | None, int], ordered: list, moment, same: int | None) -> None:
    """Add to ``found`` the times of ``ordered`` before ``moment`` (1: ``moment`` is later), equal to
    it (as ``same``) and after it (-1)."""
    low, high = bisect_left(ordered, moment), bisect_right(ordered, moment)
    found[1] += low
    found[same] += high - low
    found[-1] += len(ordered) - high


def _by_article(claims: list[Fact]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, fact in enumerate(claims):
        found.setdefault(fact.evidence.article, []).append(i)
    return found


def _member_of(alike: list[list[int]]) -> dict[int, int]:
    return {i: p for p, members in enumerate(alike) for i in members}


def _partners(claims: list[Fact], members: list[int], others: list[Fact], times: _Times,
              own: dict[str, list[int]], member_of: dict[int, int], group: int) -> dict[int | None, list[int]]:
    """For each order (-1, 0, 1, None), the claims of ``members`` (indexes into ``claims``) that a
    claim of another article in ``group`` of ``others`` (whose times are ``times``) meets in that order."""
    found: dict[int | None, list[int]] = {}
    for i in members:
        fact = claims[i]
        moment = when(fact)
        counts = times.orders(moment)
        for k in own.get(fact.evidence.article, ()):
            if member_of.get(k) == group:  # its own article's claims are not another's
                counts[order_times(moment, when(others[k]))] -= 1
        for order, count in counts.items():
            if count > 0:
                found.setdefault(order, []).append(i)
    return found
