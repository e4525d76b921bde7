"""place: where something happened, compared by meaning.

A name is made canonical through the alias table (and aliases the article
itself declares: "Eastport, known as Port Ashby in the local language"), then folded
(case, diacritics, transliteration variants) and fuzzily matched. One place
spelled two ways is an `info` finding of kind `spelling`. Two different
places conflict only when both were named at the same explicit level
("X district" vs "Y district") or the gazetteer places both at one level and
neither contains the other; otherwise one may well contain the other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from checker.lexicon import fold, fold_transliteration, similarity
from checker.values.base import BaseType, Conflict, LazyRegex, first_group

# Capitalised words that name a time, not a place ("killed in Monday's attack", "died in March").
CALENDAR_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
                  "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
                  "Christmas", "Easter", "Ramadan", "New Year")
_NOT_CALENDAR = rf"(?!(?:{'|'.join(CALENDAR_WORDS)})(?![\p{{L}}-]))"
PLACE_PATTERN = (rf"(?<![\p{{L}}\d’'-])(?-i:{_NOT_CALENDAR}(?:al-|el-)?\p{{Lu}}[\p{{L}}’'.-]*"
                 rf"(?:[ -](?:de |del |al-|el-|la |of |on )?{_NOT_CALENDAR}\p{{Lu}}[\p{{L}}’'.-]*){{0,3}})")
"""Body of ``{place}``: one to four capitalised words ("Guinea-Bissau", "Rio de Janeiro"), never a
weekday, month or holiday, and never running on into one ("Valmora on Sunday")."""

# A nationality or people, not a place: "killed in Russian strikes", "Tessalian shelling". Read so
# only when an adjective-looking word stands right before a word for forces or weapons (a town's name
# may stand there too: "the Sarnova shooting").
_DEMONYM_RE = regex.compile(r"(?:ian|ean|ese|ish|i|ic)$")
# "the southern Iranian city", "a Chinese province": an adjective of nationality before a bare level
# word (endings that town names rarely have: "Karachi city" and "Delhi state" are places)
_ADJECTIVE_RE = regex.compile(r"(?:ian|ean|ese|ish)$")
_LEVEL_AFTER_RE = LazyRegex(
    r"\s+(?:state|province|city|town|village|region|district|capital|port|county|island|republic)\b")
_POSSESSIVE_END = regex.compile(r"[’']s$")
_FORCE_AFTER_RE = LazyRegex(
    r"\s+(?:air\s*strikes?|strikes?|shelling|shells|bombardment|bombing|bombs|raids?|forces|troops|soldiers|army"
    r"|military|police|border|guards|jets?|warplanes?|drones?|missiles?|rockets?|artillery|fire|gunfire|attacks?"
    r"|offensive|officials|authorities|government|side|positions|militants|rebels|separatists|peacekeepers"
    r"|nationals|citizens|tourists|workers|sailors|ships?|vessels?|navy|helicopters?"
    # "the Nigerian state of Maru": the place is the one after "of"
    r"|(?:state|province|city|town|village|region|district|capital|port|county|island|republic)\s+of)\b")

LEVEL_WORDS = ("district", "province", "region", "county", "city", "town", "village", "state", "municipality",
               "governorate", "oblast", "prefecture", "neighbourhood", "neighborhood", "suburb", "department")
_LEVEL_RE = regex.compile(rf"(?i)\b({'|'.join(LEVEL_WORDS)})s?\b")
_OF_NAME_RE = regex.compile(r"\s+of\s+\p{Lu}")
# Suffixes that differ between romanisations of one name ("-skiy", "-sky", "-ski", "-sk").
_SUFFIX_RE = regex.compile(r"(?:sk(?:iy|ii|yi|y|i)?|sko(?:ye|e)|ska(?:ya)?)$")


@dataclass(frozen=True)
class PlaceValue:
    name: str
    canonical: str
    level: str | None = None
    # the places its article names too, set on comparison: an article that names two places at one
    # level (a roundup of two neighborhoods, a town and its county) says both belong to the story
    named_with: frozenset[str] = frozenset()

    def display(self) -> str:
        return self.name

    def to_json(self) -> dict[str, Any]:
        return {"type": "place", "name": self.name, "canonical": self.canonical, "level": self.level}


def _stem(name: str) -> str:
    folded = fold_transliteration(name)
    return " ".join(_SUFFIX_RE.sub("", word) or word for word in folded.split())


def same_spelling_family(a: str, b: str, threshold: float) -> bool:
    """Are two names one place written two ways (Jambul / Dzhambulskiy)?
    A one-word name is also tried against each word of a longer one, which may
    carry a qualifier ("Azeri Khojavend", "Greater Eastport")."""
    words_a, words_b = fold(a).split(), fold(b).split()
    if len(words_a) == 1 and len(words_b) > 1:
        return any(_same_word_family(a, w, threshold) for w in words_b)
    if len(words_b) == 1 and len(words_a) > 1:
        return any(_same_word_family(w, b, threshold) for w in words_a)
    return _same_word_family(a, b, threshold)


def _same_word_family(a: str, b: str, threshold: float) -> bool:
    sa, sb = _stem(a), _stem(b)
    if sa == sb:
        return True
    if min(len(sa), len(sb)) < 4:
        return False
    if similarity(sa, sb) >= threshold:
        return True
    # one is the other with a romanisation suffix trimmed differently: compare prefixes
    short, long_ = sorted((sa, sb), key=len)
    return len(short) >= 5 and similarity(short, long_[: len(short)]) >= threshold and len(long_) - len(short) <= 4


def _is_demonym(name: str, raw: str, ctx) -> bool:
    if " " in name or not _DEMONYM_RE.search(name.lower()):
        return False
    span = ctx.article.text[ctx.match_start: ctx.match_end + 40]
    at = span.rfind(raw, 0, ctx.match_end - ctx.match_start + len(raw))
    if at < 0:
        return False
    return bool(_FORCE_AFTER_RE.match(span, at + len(raw))) or \
        bool(_ADJECTIVE_RE.search(name.lower()) and _LEVEL_AFTER_RE.match(span, at + len(raw)))


class PlaceType(BaseType):
    name = "place"

    def parse(self, groups: Mapping[str, str], ctx) -> PlaceValue | None:
        text = first_group(groups, "value", "place")
        if text is None:
            return None
        name = " ".join(text.strip(" ,.’'").split())
        name = _POSSESSIVE_END.sub("", name)
        if not name:
            return None
        if _is_demonym(name, text, ctx) or name.lower().rstrip("s") in LEVEL_WORDS:
            return None  # a nationality, or a level word alone ("the District hospital")
        level = groups.get("level")
        if not level:
            after = ctx.article.text[ctx.match_end: ctx.match_end + 30]
            tail = _LEVEL_RE.match(after.strip())
            if tail and _OF_NAME_RE.match(after.strip(), tail.end()):
                tail = None  # "the Lakeport neighborhood of Ridgeview": the level is Ridgeview's
            inner = _LEVEL_RE.search(text)
            level = (tail or inner).group(1).lower() if (tail or inner) else None
        known = ctx.lexicons.gazetteer.lookup(name)
        return PlaceValue(name, fold(known) if known else fold(name), level.lower() if level else None)

    def key(self, value: PlaceValue):
        return (fold(value.name), value.level)

    def select(self, facts, lexicons, *, own=False):
        # the places each article names, and each place with the others named with it: one object
        # for each set of places, as the articles of a story name the same few (a story of 100,000
        # articles would otherwise hold a set and a value of its own for each)
        one: dict[frozenset[str], frozenset[str]] = {}
        by_article: dict[str, frozenset[str]] = {}
        for fact in facts:
            article, place = fact.evidence.article, fact.value.canonical
            known = by_article.get(article)
            if known is None or place not in known:
                grown = frozenset((place,)) if known is None else known | {place}
                by_article[article] = one.setdefault(grown, grown)
        if all(len(names) < 2 for names in one):
            return facts
        shared: dict[tuple, object] = {}
        selected = []
        for f in facts:
            key = (f.value, by_article[f.evidence.article])
            value = shared.get(key)
            if value is None:
                named = frozenset(key[1] - {f.value.canonical})
                value = shared[key] = f.value if named == f.value.named_with else \
                    dataclasses.replace(f.value, named_with=named)
            if value is not f.value:
                if own:  # (a story of 100,000 articles would otherwise hold a copy of most of its facts)
                    object.__setattr__(f, "value", value)
                else:
                    f = dataclasses.replace(f, value=value)
            selected.append(f)
        return selected

    def conflict(self, a, b, lexicons) -> Conflict | None:
        x, y = a.value, b.value
        if fold(x.name) == fold(y.name):
            return None
        if a.evidence.article == b.evidence.article or y.canonical in x.named_with or x.canonical in y.named_with:
            return None  # an article names both: a county and a town in it, or two places of one story
        words_x, words_y = set(fold(x.name).split()), set(fold(y.name).split())
        if words_x <= words_y or words_y <= words_x:
            return None  # "Selva" and "Monte Selva": a short form, not another spelling or place
        if same_spelling_family(x.name, y.name, lexicons.settings.place_similarity):
            return Conflict("spelling", f"{x.name} / {y.name}: one place, spelled two ways")
        gaz = lexicons.gazetteer  # the packs' places plus the aliases this story's articles declare
        px, py = gaz.lookup(x.name), gaz.lookup(y.name)
        if px and py and (px == py or gaz.contains(px, py) or gaz.contains(py, px)):
            return None
        if x.level and y.level and x.level == y.level:
            return Conflict("place", f"{x.name} vs {y.name} (both named as a {x.level})")
        return None
