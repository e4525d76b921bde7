"""Lexicons compiled from rule packs: the people taxonomy, places, speakers, incident scopes.

They hold story knowledge that editors write in YAML; the engine only knows
how to use them (is one category inside another, are two names one place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import ahocorasick

import regex
from unidecode import unidecode

if TYPE_CHECKING:
    from checker.rules.models import Category, Place, SpeakerAlias

# Transliteration variants that name the same sound (Russian/Azerbaijani/Arabic
# romanisations): folded to one spelling before names are compared.
_TRANSLIT = [
    (r"dzh", "j"), (r"zh", "j"), (r"kh", "h"), (r"ts", "c"), (r"sch", "sh"), (r"shch", "sh"),
    (r"iy\b", "i"), (r"yi\b", "i"), (r"y\b", "i"), (r"ey", "ei"), (r"ye", "e"), (r"yu", "u"), (r"ya", "a"),
    (r"ou", "u"), (r"ph", "f"), (r"w", "v"), (r"q", "k"), (r"x", "ks"), (r"(\w)\1", r"\1"),
]
# (a plain string to replace, or a pattern; its replacement), in order: a variant of letters only is
# replaced as str.replace does it (the same, left to right and not overlapping, several times faster)
_TRANSLIT_RE = [(a if a.isalpha() else regex.compile(a), b) for a, b in _TRANSLIT]


# letters unidecode maps to punctuation: the Azerbaijani schwa ("Khojavənd") is an e
_LETTERS = str.maketrans({"ə": "e", "Ə": "E"})


class _Ascii(dict):
    """A ``str.translate`` table of what :func:`fold` makes of each character: ``_LETTERS``, then
    unidecode's replacement. unidecode replaces a text character by character, in Python, whenever
    the text is not all ASCII (a curly apostrophe is enough); the table does the same in C, each
    character worked out on its first appearance."""

    KEPT = 1 << 16  # characters remembered; a text of rarer ones is still translated right

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = char if code < 0x80 else unidecode(char.translate(_LETTERS))
        if len(self) < self.KEPT:
            self[code] = value
        return value


_ASCII = _Ascii()


_PUNCTUATION = regex.compile(r"[^\w\s]")


def similarity(a: str, b: str, *, token_set: bool = False) -> float:
    """rapidfuzz's ratio (0-100) of two texts, or its token_set_ratio. rapidfuzz is imported on the
    first call: a run that compares nothing does not load it."""
    scorer = _SCORERS.get(token_set)
    if scorer is None:
        from rapidfuzz import fuzz

        scorer = _SCORERS[token_set] = fuzz.token_set_ratio if token_set else fuzz.ratio
    return scorer(a, b)


_SCORERS: dict[bool, Any] = {}


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case, diacritics and punctuation folded: 'Khojavənd’s' -> 'khojavend's'."""
    text = text.translate(_ASCII).lower().replace("'s ", " ").replace("'", "")
    return " ".join(_PUNCTUATION.sub(" ", text).split())


@lru_cache(maxsize=4096)
def fold_transliteration(text: str) -> str:
    """fold() plus transliteration variants (kh/h, zh/j, dzh/j, -skiy/-sky/-ski, doubled letters)."""
    out = fold(text)
    for variant, repl in _TRANSLIT_RE:
        out = out.replace(variant, repl) if type(variant) is str else variant.sub(repl, out)
    return out


def _plural_forms(term: str) -> list[str]:
    term = " ".join(term.split())
    forms = [term]
    if not term.endswith("s"):
        forms.append(term + "s")
    return forms


# Words that name a group however they are inflected: never "one" of them ("a police car"); and
# plurals whose singular is mostly an adjective ("a local journalist", "a national holiday").
_COLLECTIVE = {"police", "personnel", "staff", "crew", "dead", "people", "wounded", "injured", "military",
               "forces", "troops", "lives", "casualties", "fatalities", "others", "bodies", "locals", "nationals"}
_IRREGULAR = {"children": "child", "schoolchildren": "schoolchild", "grandchildren": "grandchild", "people": "person",
              "men": "man", "women": "woman", "passers-by": "passer-by", "passersby": "passerby", "wives": "wife",
              "lives": "life", "police": "police", "personnel": "personnel", "staff": "staff", "crew": "crew"}


def _singular_word(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("men") and len(word) > 3:
        return word[:-3] + "man"  # policemen, gunmen, servicewomen
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"  # casualties, babies
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]  # witnesses
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def singular_form(term: str) -> str | None:
    """The singular of a people term ("firefighters" -> "firefighter"), None for a group word
    that has none ("police", "staff"). Multi-word terms inflect their head: the last word, or the
    first before "of" ("members of the security forces")."""
    words = " ".join(term.lower().split()).split(" ")
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    if words[head] in _COLLECTIVE:
        return None
    words[head] = _singular_word(words[head])
    return " ".join(words)


@dataclass(frozen=True)
class Taxonomy:
    """A tree of categories; siblings are exclusive unless a category `overlaps`."""

    broader: dict[str, str | None]
    overlaps: frozenset[str]
    terms: dict[str, str]  # lower-case term -> category (plural and singular forms)
    root: str | None
    singular: frozenset[str] = frozenset()  # the terms that name one person ("soldier", "gunman")

    @classmethod
    def build(cls, categories: list[Category]) -> Taxonomy:
        broader: dict[str, str | None] = {}
        overlaps: set[str] = set()
        terms: dict[str, str] = {}
        singular: set[str] = set()
        for cat in categories:
            if cat.category not in broader or cat.broader is not None:
                broader[cat.category] = cat.broader
            if cat.overlaps:
                overlaps.add(cat.category)
            for term in cat.terms:
                for form in _plural_forms(term.lower()):
                    terms.setdefault(form, cat.category)
                one = singular_form(term)
                if one:
                    terms.setdefault(one, cat.category)
                    singular.add(one)
            for form in _plural_forms(cat.category.lower()):
                terms.setdefault(form, cat.category)
        roots = [c for c, b in broader.items() if b is None]
        return cls(broader, frozenset(overlaps), terms, roots[0] if roots else None, frozenset(singular))

    def category_of(self, term: str) -> str | None:
        return self.terms.get(" ".join(term.lower().split()))

    def ancestors(self, category: str) -> list[str]:
        chain, seen = [], set()
        current = self.broader.get(category)
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = self.broader.get(current)
        return chain

    def is_generic(self, category: str) -> bool:
        return category == self.root

    def _overlapping(self, category: str) -> bool:
        return category in self.overlaps or any(a in self.overlaps for a in self.ancestors(category))

    def related(self, a: str, b: str) -> bool:
        """Is one category the other or inside it (soldier / security forces)?"""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def compatible(self, a: str, b: str) -> bool:
        """Can the same people be described as both a and b?"""
        if a == b or a in self.ancestors(b) or b in self.ancestors(a):
            return True
        return self._overlapping(a) or self._overlapping(b)

    def term_pattern(self) -> str:
        """Alternation of every term, longest first (so 'armed men' beats 'men')."""
        return _alternation(self.terms)

    def singular_pattern(self) -> str:
        """Alternation of the terms that name one person ("firefighter", "gunman")."""
        return _alternation(self.singular) if self.singular else r"(?!x)x"


def _alternation(words) -> str:
    """Alternation of ``words``, longest first; spaces match any run of white space. (A trie-shaped
    regex was measured here: slower with the `regex` module, which handles plain alternations well.)"""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(regex.escape(part) for part in w.split()) for w in ordered) or r"(?!x)x"


@dataclass(frozen=True)
class Gazetteer:
    """Place aliases and containment, keyed by folded name."""

    canonical: dict[str, str] = field(default_factory=dict)  # folded alias -> preferred name
    within: dict[str, str] = field(default_factory=dict)  # preferred name -> containing place

    @classmethod
    def build(cls, places: list[Place]) -> Gazetteer:
        canonical: dict[str, str] = {}
        within: dict[str, str] = {}
        for place in places:
            for name in [place.name, *place.aliases]:
                canonical[fold(name)] = place.name
                canonical[fold_transliteration(name)] = place.name
            if place.within:
                within[place.name] = place.within
        return cls(canonical, within)

    def extend(self, pairs: list[tuple[str, str]]) -> Gazetteer:
        """A copy that also knows ``pairs`` of names for one place (declared by articles)."""
        canonical = dict(self.canonical)
        for first, second in sorted(pairs):
            preferred = self.lookup(first) or self.lookup(second) or canonical.get(fold(first)) or first
            for name in (first, second):
                canonical.setdefault(fold(name), preferred)
                canonical.setdefault(fold_transliteration(name), preferred)
        return Gazetteer(canonical, self.within)

    def lookup(self, name: str) -> str | None:
        return self.canonical.get(fold(name)) or self.canonical.get(fold_transliteration(name))

    def contains(self, outer: str, inner: str) -> bool:
        current, seen = inner, set()
        while current in self.within and current not in seen:
            seen.add(current)
            current = self.within[current]
            if current == outer:
                return True
        return False


@dataclass(frozen=True)
class SpeakerBook:
    """Speaker names and their aliases, matched word by word inside longer names: a country and its
    demonym or capital ("Armenia's", "Armenian", "Yerevan's"), an institution and its other names
    ("Ministry of Foreign Affairs", "foreign ministry")."""

    canonical: dict[str, str] = field(default_factory=dict)
    longest: int = 1  # words in the longest alias

    @classmethod
    def build(cls, speakers: list[SpeakerAlias]) -> SpeakerBook:
        canonical: dict[str, str] = {}
        for speaker in speakers:
            for name in [speaker.name, *speaker.aliases]:
                if fold(name):
                    canonical[fold(name)] = fold(speaker.name)
        return cls(canonical, max((len(a.split()) for a in canonical), default=1))

    def normalise(self, name: str) -> str:
        """The name with every known alias inside it replaced, longest first, left to right:
        "the armenian ministry of foreign affairs" -> "the armenia foreign ministry"."""
        folded = fold(name)
        if folded in self.canonical:
            return self.canonical[folded]
        words = folded.split()
        out: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + size])
                if phrase in self.canonical:
                    out.append(self.canonical[phrase])
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)


AFTER_WINDOW = 60  # characters after a match in which a named cause belongs to it
NEAR_WINDOW = 100  # characters beyond which a cue in the same sentence no longer says what a match is about


class Cue(NamedTuple):
    """Where a text names a kind of incident. A tuple: an article has dozens, made on every read
    (a fifth of the cost of a frozen dataclass)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Scopes:
    """Kinds of incident ("explosion", "shooting") and their cue words, found with one
    Aho-Corasick pass over an article's lower-cased text."""

    kinds: dict[str, str]  # cue word (lower) -> kind
    automaton: Any = field(default=None, repr=False)

    @classmethod
    def build(cls, scopes: dict[str, list[str]]) -> Scopes:
        kinds: dict[str, str] = {}
        for kind, words in scopes.items():
            for word in words:
                for form in _plural_forms(" ".join(word.lower().split())):
                    kinds.setdefault(form, kind)
        if not kinds:
            return cls({}, None)
        automaton = ahocorasick.Automaton()
        for word, kind in kinds.items():
            automaton.add_word(word, (len(word), kind))
        automaton.make_automaton()
        return cls(kinds, automaton)

    def cues(self, lowered: str) -> list[Cue]:
        """Every whole-word cue in ``lowered`` (lower-cased text), in order; the longest wins an overlap."""
        if self.automaton is None:
            return []
        found: list[Cue] = []
        size = len(lowered)
        for end, (length, kind) in self.automaton.iter(lowered):
            start = end - length + 1
            if (start > 0 and lowered[start - 1].isalnum()) or (end + 1 < size and lowered[end + 1].isalnum()):
                continue
            found.append(Cue(start, end + 1, kind))
        return self.kept(found)

    @staticmethod
    def kept(found: list[Cue]) -> list[Cue]:
        """Whole-word cues found in a text, in order, the longest winning an overlap."""
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[Cue] = []
        for cue in found:
            if kept and cue.start < kept[-1].end:
                continue
            kept.append(cue)
        return kept


def nearest_kinds(cues: list[Cue], start: int, end: int) -> frozenset[str]:
    """The kinds named closest to the span [start, end): inside it first, then just after it
    (English names the cause after the harm: "killed by landmines"), then before it by distance.
    Cues further after it, or far before it, say nothing: the caller falls back to the paragraph."""
    best, found = None, set()
    for cue in cues:
        if cue.start < end and cue.end > start:
            distance = -1_000_000
        elif cue.start >= end and cue.start - end <= AFTER_WINDOW:
            distance = -1_000 + (cue.start - end)
        elif cue.start >= end:
            continue  # further on, in another clause: "twelve injured, including four firefighters hurt
            # when part of the building collapsed" were not hurt in a collapse
        else:
            distance = start - cue.end
            if distance > NEAR_WINDOW:
                continue
        if best is None or distance < best:
            best, found = distance, {cue.kind}
        elif distance == best:
            found.add(cue.kind)
    return frozenset(found)
