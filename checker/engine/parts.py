"""Parts of a story's toll by place ("1,541 in Turkey", "237 in Syria"): which figures are parts,
and parts that add up past a whole."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import regex

from checker.engine.claims import has_count, order_times, when
from checker.model import Fact
from checker.rules.book import Lexicons
from checker.values.count import lower_bound

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


# words a title-case headline capitalises after a place ("… in Clarksburg Posted: Friday", "… in
# Compton Shooting"): the place is the word before them
_HEADLINE_WORDS = {"posted", "updated", "update", "shooting", "shootings", "attack", "attacks", "crash", "fire",
                   "blast", "explosion", "police", "news", "video", "photos", "says", "say", "man", "woman"}


def _qualifier(fact: Fact) -> str | None:
    sentence, text = fact.evidence.sentence, fact.evidence.text
    at = sentence.find(text)
    if at < 0:
        return None
    m = _PLACE_AFTER.match(sentence, at + len(text)) or _PLACE_BEFORE.search(sentence, max(0, at - 60), at)
    if m is None or m.group("place").split()[0].lower() in _NOT_A_PLACE:
        return None
    words = regex.split(r"[ -]", m.group("place"))
    if len(words) > 1 and words[-1].lower() in _HEADLINE_WORDS:
        return words[0]
    return m.group("place")


def place_parts(facts: list[Fact], places: frozenset[str], lexicons: Lexicons) -> list[Fact]:
    """Figures qualified by a place are parts of the story's toll (``part`` names the place) when an
    article of the story splits its figures by those places ("1,541 in Turkey", "237 in Syria"); the
    story's one place, or one that holds all its places, still qualifies the whole. An article that
    gives one figure "in" a place says nothing of parts: "in Kuwait" and "in Mangaf" may be one area."""
    gazetteer = lexicons.gazetteer
    seen: dict[int, str | None] = {}

    def named(fact: Fact) -> str | None:
        key = id(fact)
        if key not in seen:
            name = None if fact.partial or not has_count(fact) else _qualifier(fact)
            seen[key] = None if name is None else (gazetteer.lookup(name) or name)
        return seen[key]

    # first, cheaply, whether any article qualifies its figures by two places: most name none or one
    first: dict[str, str] = {}
    several = False
    for fact in facts:
        name = None if fact.partial or not has_count(fact) else _qualifier(fact)
        if name is not None:
            place = gazetteer.lookup(name) or name
            if first.setdefault(fact.evidence.article, place) != place:
                several = True
                break
    del first
    if not several:
        return facts
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
        return facts
    story_places = {gazetteer.lookup(p) or p for p in places}

    def is_part(place: str | None) -> bool:
        if place not in split:
            return False
        # the story's only place, or one that holds all of its places, qualifies the whole
        return any(p.casefold() != place.casefold() and not gazetteer.contains(place, p) for p in story_places) \
            or not story_places

    out = []
    for fact in facts:
        place = named(fact)
        out.append(dataclasses.replace(fact, partial=True, part=place) if is_part(place) else fact)
    return out


def parts_past_whole(groups: list[list[Fact]]) -> list[tuple[int, int, str, tuple[Fact, ...], tuple[Fact, ...]]]:
    """Parts by place that add up past a whole given no earlier than them ("1,541 in Turkey" and
    "900 in Syria" against "2,000 killed"): a `total` warning holding the whole and every part, as
    (whole's group, part's group, message, whole claims, part claim)."""
    largest: dict[str, tuple[int, int, Fact]] = {}  # place -> (figure, group, claim)
    for index, group in enumerate(groups):
        for fact in group:
            if fact.part is not None and has_count(fact):
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
                  and all(order_times(when(f), when(claim)) != -1 for _, _, claim in largest.values())]
        if wholes:
            message = f"the parts add up to {added} ({shown}), more than the total {wholes[0].value.display()}"
            edges += [(index, part_group, message, tuple(wholes), (claim,))
                      for _, part_group, claim in largest.values()]
    return edges


