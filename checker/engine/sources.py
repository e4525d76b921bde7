"""Who gave a figure: sources credited to claims, and what they make of a conflict (figures that
differ because different sources gave them are `contested`; one source credited with two figures
by two outlets keeps its conflict's kind; the message says so)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from checker.engine.claims import claim_key, comparable
from checker.model import SEVERITY_RANK, Fact
from checker.rules.book import CompiledSlot, Lexicons
from checker.values.quote import same_speaker

NUMERIC = {"count", "total", "quantity"}
# conflicts that can come from who gave the figure rather than from the outlet
SOURCED = NUMERIC | {"category"}
INFO_KINDS = {"spelling", "contested", "update"}


def credited_sources(slot: CompiledSlot, facts: list[Fact], lexicons: Lexicons) -> dict[tuple, str]:
    """Who each claim is credited to: its own sentence's source, or else the source its article
    gives for the same figure elsewhere ("72 killed" in a headline, "… police said" in the body)."""
    credited: dict[tuple, str] = {}
    # the claims that can credit another: a whole with a source, by article
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.source and not fact.partial:
            by_article[fact.evidence.article].append(fact)
    for fact in facts:
        if fact.source:
            credited[claim_key(fact)] = fact.source
            continue
        for other in by_article.get(fact.evidence.article, ()):
            # the cheap test first: most pairs of an article are different figures
            if other is not fact and same_claim(fact, other) and slot.type.conflict(fact, other, lexicons) is None:
                credited[claim_key(fact)] = other.source
                break
    return credited


class Credited:
    """:func:`credited_sources`, worked out when first asked: only a conflict a source can explain
    reads it, and a slot of many claims that has none (places, days, one toll) never holds it."""

    def __init__(self, slot: CompiledSlot, facts: list[Fact], lexicons: Lexicons) -> None:
        self._given: tuple[CompiledSlot, list[Fact], Lexicons] | None = (slot, facts, lexicons)
        self._credited: dict[tuple, str] = {}

    def get(self, key: tuple, default: str | None = None) -> str | None:
        if self._given is not None:
            self._credited, self._given = credited_sources(*self._given), None
        return self._credited.get(key, default)


def same_claim(a: Fact, b: Fact) -> bool:
    """Do two agreeing claims of one article give the same figure (not a part and its whole)?"""
    x, y = a.value, b.value
    if hasattr(x, "total") and hasattr(y, "total"):
        return x.total == y.total
    return x == y


def by_source(kind: str, severity: str, message: str, left: list[Fact], right: list[Fact], lexicons: Lexicons,
               credited: Mapping[tuple, str] | Credited) -> tuple[str, str, str]:
    """Figures that differ because different sources gave them are `contested`; one source
    credited with both by two outlets keeps the conflict's kind (a count, a total…) and the message
    says so: `attribution` is for quoted words credited to different speakers."""
    if kind in SOURCED:
        shared = shared_source(left, right, lexicons)
        if shared is not None:
            return kind, severity, f"{message}, both credited to {shared}"
        if contested(left, right, lexicons, credited):
            return "contested", lexicons.settings.contested_severity, f"{message}, as given by different sources"
    if kind in INFO_KINDS and kind != "contested":
        severity = "info"
    return kind, severity, message


def cap(severity: str, most: str = "warning") -> str:
    return most if SEVERITY_RANK[severity] > SEVERITY_RANK[most] else severity


def contested(left: list[Fact], right: list[Fact], lexicons: Lexicons,
              credited: Mapping[tuple, str] | Credited) -> bool:
    """Each side's figure is credited to a source somewhere (an outlet that repeats it without
    saying whose it is adds no disagreement of its own), and no source is on both sides."""
    # each source once: a side of 10,000 claims names a handful
    sources_left = [s for s in dict.fromkeys(credited.get(claim_key(f)) or f.source for f in left) if s]
    sources_right = [s for s in dict.fromkeys(credited.get(claim_key(f)) or f.source for f in right) if s]
    if not sources_left or not sources_right:
        return False
    return not any(_named(a) and same_speaker(a, b, lexicons.speakers) for a in sources_left for b in sources_right)


def shared_source(left: list[Fact], right: list[Fact], lexicons: Lexicons) -> str | None:
    """A source credited with one side's value by one article and with the other's by another:
    one of the two outlets misreports it."""
    # the claims of the other side by source and by what `comparable` reads across articles (part,
    # scope), two of different (article, headline) each: enough to know whether one meets a claim,
    # so that a side of 10,000 claims costs its claims, not their pairs
    others: dict[str, dict[tuple, list[Fact]]] = {}
    for b in right:
        if b.source:
            kept = others.setdefault(b.source, {}).setdefault((b.part, b.scope), [])
            if len(kept) < 2 and all((k.evidence.article, k.evidence.headline) !=
                                     (b.evidence.article, b.evidence.headline) for k in kept):
                kept.append(b)
    if not others:
        return None
    speaking: dict[str, list[str]] = {}  # a source of this side -> the other side's sources that are it
    for a in left:
        if not a.source:
            continue
        same = speaking.get(a.source)
        if same is None:
            same = speaking[a.source] = [] if not _named(a.source) else \
                [b for b in others if same_speaker(a.source, b, lexicons.speakers)]
        if any(comparable(a, b) for source in same for kept in others[source].values() for b in kept):
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


