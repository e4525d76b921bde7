"""Which patterns run on which sentences of an article: the prefilter.

A pattern runs on a sentence only when the sentence holds one of its trigger words and a word of
each word set its matches require (``CompiledPattern.triggers``, ``.requires``); a sentence that
lacks them cannot hold a match, so skipping it changes the time taken, never the facts.

The same goes for the pack-wide patterns (source credits, declared place aliases) and their
trigger words. One Aho-Corasick pass over an article's lower-cased sentences finds the words; each
found word's value is an int whose bits name the patterns it triggers and the word sets it is in (see
:func:`checker.rules.compile._prefilter`), so a sentence comes down to one number, the OR of its
words' values. What a number means (the patterns to run) is worked out once and remembered:
many sentences come to the same number.

The automata skip whitespace: a phrase ("lost their lives", which a pattern writes with ``\\s+``
between its words) is found across a line break or a double space.

The same pass finds the incident-kind cue words (:class:`checker.lexicon.Scopes`, which would read the
text again): they are added to the automaton, each found one kept where the text holds it exactly,
as a whole word. A cue word holds no full stop or other mark a sentence ends at and no whitespace
but single spaces, so every one the text holds lies inside one of its sentences, which is what the
pass reads (:func:`_joined_cues`). So do the story cues' harm words
(``story_cues.harms``, :mod:`checker.stories.cues`), when a run reads story cues: the sentences that
hold one, as a whole word, are where the story cues look for victims' names, and a second pass over
the text for them alone cost a quarter of what this whole scan does.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any
from operator import itemgetter, or_

import ahocorasick
import regex

from checker.lexicon import Cue, Scopes
from checker.match.triggers import scan_key
from checker.model import Article
from checker.rules.book import RuleBook

# sentence index -> slot index -> indexes of the patterns to run there, ascending. The inner
# mappings are shared between sentences (and articles): read them, never change them.
Candidates = dict[int, Mapping[int, tuple[int, ...]]]

# whitespace the regex \s matches that the automaton's ignore_white_space does not skip
_UNSKIPPED = "\x85\xa0\u2007\u202f"
_UNSKIPPED_SPACE = regex.compile(f"[{_UNSKIPPED}]")
_END, _VALUE = itemgetter(0), itemgetter(1)  # of an automaton hit (end, value)


def scannable(lowered: str) -> str:
    """The lower-cased text as the automata scan it: the whitespace they would not skip made
    plain spaces. Same length, so positions hold."""
    if not any(space in lowered for space in _UNSKIPPED):  # most texts: four string searches
        return lowered
    return _UNSKIPPED_SPACE.sub(" ", lowered)


# the pack-wide patterns to run, as the bits of an int: bit n for pattern n of the place aliases,
# then the sources, then the other-incident cues' patterns (see lexical_bit); an int, not a set of
# pairs: real news gives sentences thousands of different sets, each worked out anew
Lexical = int


def lexical_bit(book: RuleBook, kind: int, index: int) -> int:
    """The bit of :data:`Lexical` for pattern ``index`` of a kind of pack-wide pattern (0 place
    aliases, 1 sources, 2 other-incident cue patterns, numbered across cues)."""
    lexicons = book.lexicons
    return index + (0, len(lexicons.place_aliases), len(lexicons.place_aliases) + len(lexicons.sources))[kind]


@dataclass(frozen=True)
class Scan:
    """An article's sentences as the prefilter sees them."""

    candidates: Candidates
    lexical: dict[int, Lexical]  # sentence index -> the pack-wide patterns to run there
    cues: list[Cue] | None = None  # the incident-kind cues of the text (Scopes.cues), when the pass found them
    # sentence index -> the slots' exclusions to search there, bit n for exclusion n (numbered across
    # slots in their order); None: every exclusion everywhere (no prefilter)
    exclusions: list[int] | None = None
    harmed: list[int] | None = None  # the sentences that hold a story harm word, when asked and the pass found them


class _Meanings:
    """What an OR of the prefilter's values means: the slot patterns to run, by slot, and the
    pack-wide ones. The slot patterns are remembered per value of their bits, up to
    ``_REMEMBERED`` of them (then forgotten all at once: a few µs each to work out again)."""

    _REMEMBERED = 16_384

    def __init__(self, book: RuleBook) -> None:
        self.scan_patterns = book.scan_patterns
        self.gates = book.gates
        self.always = book.always
        self.sets_from = len(book.scan_patterns)
        self.lexical_from = self.sets_from + book.word_sets
        lexicons = book.lexicons
        pack_wide = lexicons.place_aliases + lexicons.sources + tuple(
            p for cue in lexicons.other_incidents for p in cue.patterns)
        self.everything = (1 << len(pack_wide)) - 1
        # pack-wide patterns without trigger words run on every sentence
        self.everywhere = sum(1 << n for n, pattern in enumerate(pack_wide) if not pattern.triggers)
        # the slots' exclusions, past those: kept as the bits they are
        self.exclusions_from = self.lexical_from + len(pack_wide)
        self.patterns_mask = (1 << self.lexical_from) - 1
        exclusions = [t for slot in book.slots for t in slot.unless_triggers]
        self.exclusions_everywhere = sum(1 << n for n, triggers in enumerate(exclusions) if not triggers)
        self.known: dict[int, Mapping[int, tuple[int, ...]]] = {}

    def __call__(self, value: int) -> tuple[Mapping[int, tuple[int, ...]], Lexical]:
        """What ``value`` means: the slot patterns to run (remembered per value of their own bits and
        the word sets', which fewer sentences differ in than in all their words) and the pack-wide
        patterns (:data:`Lexical`); its exclusions aside (see :meth:`exclusions`)."""
        own = value & self.patterns_mask
        patterns = self.known.get(own)
        if patterns is None:
            if len(self.known) >= self._REMEMBERED:
                self.known.clear()
            patterns = self.known[own] = self._patterns(own)
        return patterns, (value >> self.lexical_from) & self.everything | self.everywhere

    def _patterns(self, value: int) -> Mapping[int, tuple[int, ...]]:
        filled = value >> self.sets_from
        chosen = list(self.always)
        for number in _bits(value & ((1 << self.sets_from) - 1)):
            gate = self.gates[number]
            if gate & filled == gate:
                chosen.append(self.scan_patterns[number])
        by_slot: dict[int, list[int]] = {}
        for slot_index, pattern_index in sorted(chosen):
            by_slot.setdefault(slot_index, []).append(pattern_index)
        return {slot_index: tuple(indexes) for slot_index, indexes in by_slot.items()}

    def exclusions(self, value: int) -> int:
        """The exclusions to search where the words found OR to ``value``: bit n for exclusion n."""
        return value >> self.exclusions_from | self.exclusions_everywhere


def _bits(value: int) -> list[int]:
    """The numbers of the set bits of ``value``, lowest first."""
    numbers = []
    while value:
        lowest = value & -value
        numbers.append(lowest.bit_length() - 1)
        value ^= lowest
    return numbers


_MEANINGS: dict[int, tuple[RuleBook, _Meanings]] = {}


def _meanings(book: RuleBook) -> _Meanings:
    entry = _MEANINGS.get(id(book))
    if entry is None or entry[0] is not book:
        entry = _MEANINGS[id(book)] = (book, _Meanings(book))
    return entry[1]


# what stands between two sentences in the one string the automaton scans for an article: a
# character no trigger word holds and the automaton does not skip, so no word is found across it
# and the scan after it starts afresh, as a scan of the next sentence alone would
SEPARATOR = "\x00"


def _separable(book: RuleBook) -> bool:
    """Whether the book's trigger words all lack :data:`SEPARATOR` (worked out once per book)."""
    entry = _SEPARABLE.get(id(book))
    if entry is None or entry[0] is not book:
        keys = book.prefilter.keys() if book.prefilter is not None else ()
        entry = _SEPARABLE[id(book)] = (book, not any(SEPARATOR in key for key in keys))
    return entry[1]


_SEPARABLE: dict[int, tuple[RuleBook, bool]] = {}


def _words_of_sentences(article: Article, book: RuleBook, text: str, lowered: str | None = None,
                        harms: bool = False) -> tuple[list[int], list[Cue] | None, list[int] | None]:
    """The OR of the prefilter values of the words found in each sentence of ``article`` (``text``:
    its scannable text); when ``lowered`` (its text lower-cased) is given, its incident-kind cues
    and, with ``harms``, the indexes of the sentences that hold a story harm word, each None when
    the book's words cannot be found in the same pass. One pass of the automaton over the sentences
    joined by :data:`SEPARATOR`: a call per sentence costs more, and the binding reads the whole
    string on every call, whatever the bounds given (time would grow with the square of a text's
    length)."""
    sentences = article.sentences
    if not _separable(book):  # never with trigger words: the reference, a sentence at a time
        words = book.prefilter.iter
        return [reduce(or_, map(_VALUE, words(text[s.start:s.end], 0, s.end - s.start, True)), 0)
                for s in sentences], None, None
    combined = _combined(book, harms) if lowered is not None else None
    cues: list[Cue] | None = None
    harmed: list[int] | None = None
    if combined is None:
        words, shift, cue_words = book.prefilter.iter, 0, None
    else:
        words, shift, cue_words = combined.automaton.iter, combined.shift, combined.words
        cues = [] if combined.cues else None
        # (a text that lower-casing lengthens, "İ": its sentences' places are not the lower-cased
        # text's, and the story cues read the harm words their own way, as before)
        harmed = [] if combined.harms and len(lowered) == len(article.text) else None  # type: ignore[arg-type]
    joined = SEPARATOR.join([text[s.start:s.end] for s in sentences])
    hits = list(words(joined, 0, len(joined), True))  # (end, value), in the order of their ends
    ends = list(map(_END, hits))
    values = []
    first = at = 0
    for index, sentence in enumerate(sentences):
        begins = at  # where the sentence begins in ``joined``
        at += sentence.end - sentence.start  # where it ends
        last = bisect_left(ends, at, first)
        value = reduce(or_, map(_VALUE, hits[first:last]), 0) if last > first else 0
        if value >> shift and cue_words is not None:  # a cue word's key: read where the text holds it
            value &= (1 << shift) - 1
            if _joined_cues(hits[first:last], shift, cue_words, sentence.start - begins, lowered,  # type: ignore
                            cues, harmed is not None) and harmed is not None:
                harmed.append(index)
        values.append(value)
        first = last
        at += len(SEPARATOR)
    return values, (Scopes.kept(cues) if cues is not None else None), harmed


def _joined_cues(hits: list[tuple[int, int]], shift: int, cue_words: list[tuple[tuple[str, str | None], ...]],
                 offset: int, lowered: str, cues: list[Cue] | None, harms: bool = False) -> bool:
    """The cues of the automaton's ``hits`` in a sentence (``offset``: from a place in the joined
    sentences to the same in the text): each cue word of a hit's key that the text holds exactly
    there, as a whole word (as :meth:`Scopes.cues` reads them), added to ``cues``. Whether one of the
    hits is a harm word (kind None) the text holds there as a whole word, as
    :func:`checker.stories.cues._found` finds them (a letter, digit or underscore is of a word)."""
    size = len(lowered)
    harmed = not harms  # (once one is found, the others are not looked at)
    for end, value in hits:
        number = value >> shift
        if not number:
            continue
        end += offset
        for word, kind in cue_words[number]:
            if kind is None and harmed:
                continue
            start = end - len(word) + 1
            if start < 0 or lowered[start:end + 1] != word:
                continue  # the key found across whitespace the word does not hold
            if kind is None:
                harmed = (start == 0 or not _word_char(lowered[start - 1])) and \
                    (end + 1 == size or not _word_char(lowered[end + 1]))
                continue
            if (start > 0 and lowered[start - 1].isalnum()) or (end + 1 < size and lowered[end + 1].isalnum()):
                continue
            if cues is not None:
                cues.append(Cue(start, end + 1, kind))
    return harms and harmed


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# a cue word holding one of these might run across the end of a sentence: the words are read apart
_SENTENCE_ENDS = frozenset(".!?…\x00")


@dataclass(frozen=True)
class _Combined:
    """The prefilter's automaton with cue words added: their keys' values hold a number above the
    prefilter's bits (``shift``) that says which cue words the key stands for (``words``: (word,
    incident kind, or None for a story harm word)); ``cues``, ``harms``: whether the incident-kind
    cues and the harm words are among them."""

    automaton: Any
    shift: int
    words: list[tuple[tuple[str, str | None], ...]]
    cues: bool
    harms: bool


def _combine(book: RuleBook, harms: bool = False) -> _Combined | None:
    """The prefilter's automaton with the book's incident-kind cue words added, and with ``harms`` its
    story harm words. A kind of word is left out when the pass cannot read one of them: a cue word
    that might run across a sentence's end (see above), a harm word that is not of word characters
    only (the story cues' own pass skips overlaps of such a word with itself, which the pass here
    would not). None when nothing is added."""
    if book.prefilter is None:
        return None
    scopes = book.lexicons.scopes
    added: list[tuple[str, str | None]] = []
    cues = bool(scopes.kinds) and not any(set(word) & _SENTENCE_ENDS or word != " ".join(word.split())
                                          for word in scopes.kinds)
    if cues:
        added += scopes.kinds.items()
    harm_words = book.lexicons.story_cues.harm_words if harms else ()
    harms = bool(harm_words) and all(_word_char(c) for word in harm_words for c in word)
    if harms:
        added += [(word, None) for word in harm_words]
    if not added:
        return None
    values = dict(book.prefilter.items())
    shift = max((value.bit_length() for value in values.values()), default=0)
    numbers: dict[str, int] = {}
    cue_words: list[list[tuple[str, str | None]]] = [[]]
    for word, kind in added:
        key = scan_key(word)
        if key not in numbers:
            numbers[key] = len(cue_words)
            cue_words.append([])
        cue_words[numbers[key]].append((word, kind))
    for key, number in numbers.items():
        values[key] = values.get(key, 0) | (number << shift)
    automaton = ahocorasick.Automaton()
    for key in sorted(values):
        automaton.add_word(key, values[key])
    automaton.make_automaton()
    return _Combined(automaton, shift, [tuple(words) for words in cue_words], cues, harms)


_COMBINED: dict[int, tuple[RuleBook, dict[bool, _Combined | None]]] = {}


def _combined(book: RuleBook, harms: bool = False) -> _Combined | None:
    entry = _COMBINED.get(id(book))
    if entry is None or entry[0] is not book:
        entry = _COMBINED[id(book)] = (book, {})
    known = entry[1]
    if harms not in known:
        known[harms] = _combine(book, harms)
    return known[harms]


def scan(article: Article, book: RuleBook, lowered: str, use_prefilter: bool = True, harms: bool = False) -> Scan:
    """The patterns to run on each sentence of ``article`` (``lowered``: its text, lower-cased);
    without the prefilter, every pattern on every sentence. ``harms``: find the sentences that hold
    a story harm word too (:attr:`Scan.harmed`), where the pass can."""
    sentences = article.sentences
    meaning = _meanings(book)
    if not use_prefilter:
        every = {s: tuple(range(len(slot.patterns))) for s, slot in enumerate(book.slots) if slot.patterns}
        everything = meaning.everything
        return Scan({index: every for index in range(len(sentences))} if every else {},
                    {index: everything for index in range(len(sentences))} if everything else {})
    candidates: Candidates = {}
    lexical: dict[int, Lexical] = {}
    values, cues, harmed = _words_of_sentences(article, book, scannable(lowered), lowered, harms) \
        if book.prefilter is not None else ([0] * len(sentences), None, None)
    exclusions = meaning.exclusions
    for index, value in enumerate(values):
        slots, pack_wide = meaning(value)
        if slots:
            candidates[index] = slots
        if pack_wide:
            lexical[index] = pack_wide
    return Scan(candidates, lexical, cues, [exclusions(value) for value in values], harmed)


def candidate_patterns(article: Article, book: RuleBook, lowered: str, use_prefilter: bool = True) -> Candidates:
    """The slot patterns to run on each sentence of ``article`` (see :func:`scan`)."""
    return scan(article, book, lowered, use_prefilter).candidates


def forget() -> None:
    """Drop what this module keeps for the rule books it has scanned with (see
    :func:`checker.engine.extract.forget`)."""
    _MEANINGS.clear()
    _SEPARABLE.clear()
    _COMBINED.clear()
