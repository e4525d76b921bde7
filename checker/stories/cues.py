"""What tells one article's incident from another's, read once its slots are filled.

:func:`story_cues` runs where the article is read (a worker process, beside extraction) and keeps
a small value, :class:`StoryCues`: the incident's kind, its places, its day, the victims' names,
the headline's words and whether the article names its story itself. The grouping
(:mod:`checker.stories.group`) reads nothing else of the article.

From the facts: ``incident.place`` (canonical by the gazetteer), ``incident.date`` (resolved
against publication). Added cheaply here: the dateline's place ("ELMSFORD -", "ELMSFORD, Ore.
(KXYZ) -"), a place before "police" ("Elmsford police said"), capitalised name pairs in sentences
that tell a harm ("Jo Doe, 15, was shot"), and the headline's words without the site name some
pages append ("... - KXYZ News 2"). The words these read by are the packs' ``story_cues``
(:class:`checker.rules.book.StoryCueRules`), compiled with the rule book.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import tempfile
from array import array
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import attrgetter
from typing import IO, NamedTuple

import ahocorasick
import regex

from checker.lexicon import fold
from checker.model import DEFAULT_STORY, Article, Fact
from checker.rules.book import RuleBook, StoryCueRules

PLACE_SLOT = "incident.place"
DATE_SLOT = "incident.date"
TIME_SLOT = "incident.time"
TOLL_SLOTS = ("casualties.killed", "casualties.injured")
_FACTS_KEPT = 4  # days, times and tolls kept of one article
_DATELINE_SPAN = 400  # characters at the start of the text where a dateline may stand
_NAMES_KEPT = 8
_WORDS_KEPT = 12

# "ELMSFORD -", "EAST ELMSFORD, Ore. (KXYZ) --", "ELMSFORD (AP) –": capitals, then a dash
_DATELINE = regex.compile(
    r"(?:^|\n|\s)(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?:, (?:[A-Z][A-Za-z.]+)(?: [A-Z][A-Za-z.]+)?)?"
    r" ?(?:\([^()\n]{1,40}\))? ?(?:-{1,2}|–|—) ")
_NAME = regex.compile(
    r"(?<![\p{L}.'’-])(?P<first>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?: \p{Lu}\.)? "
    r"(?P<last>(?:Mc|Mac|O['’]|De|Le|La)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}'’-])")
_DASHES = ("- ", "– ", "— ")  # a dateline's dash and the space after it (see _DATELINE)
_START = attrgetter("start")  # of a sentence
_WORD = regex.compile(r"[\p{L}][\p{L}'’-]*[\p{L}]|\d+")
_SITE_SEPARATOR = regex.compile(r"\s+(?:[-–—|]|::)\s+")


class StoryCues(NamedTuple):
    """What the grouping knows of one article. Dates are ``date.toordinal()`` numbers. A tuple: a run
    keeps one an article, packed (:class:`PackedCues`), and the grouping reads them back many times."""

    published: int | None = None
    date: int | None = None  # the incident's day, as the text gives it
    kinds: tuple[str, ...] = ()  # the kinds of incident it mostly names (scopes)
    places: tuple[str, ...] = ()  # folded names, canonical where the gazetteer knows them
    names: tuple[str, ...] = ()  # folded "first last" of the people it says were harmed or charged
    mentions: tuple[str, ...] = ()  # other folded name pairs of its harm sentences
    words: tuple[str, ...] = ()  # folded headline words that may tell the incident
    topics: tuple[str, ...] = ()  # the proper names its body repeats most (folded)
    days: tuple[int, ...] = ()  # every day the text gives the incident
    times: tuple[int, ...] = ()  # the incident's clock times, minutes since midnight
    killed: tuple[tuple[int, int], ...] = ()  # the tolls it gives: (low, high; -1 open)
    injured: tuple[tuple[int, int], ...] = ()
    given: str | None = None  # the story it names itself (front matter, metadata)
    labels: tuple[tuple[str, str], ...] = ()  # folded place or name -> as the article writes it


class PackedCues(Sequence[StoryCues]):
    """The cues of a run's articles, each kept marshalled, one after the other: in memory up to
    ``_BUFFER`` bytes, then in a temporary file, so that a run of any size holds one offset an article
    until its stories are found. The last ones read are kept as they are, so that the grouping's
    sweep, which reads articles of a window of days again and again, reads each back about once."""

    _KEPT = 4096
    _BUFFER = 1 << 20
    _BLOCK = 1 << 18  # read from the file at a time when every article is read in order

    def __init__(self) -> None:
        self._ends = array("q")  # where each article's bytes end, counted from the first article's
        self._buffer = bytearray()  # the bytes not yet written out
        self._written = 0  # bytes in the file
        self._file: IO[bytes] | None = None
        self._read: OrderedDict[int, StoryCues] = OrderedDict()
        self.value_count = 0  # the cues' values, counted (:func:`cue_values`)

    def append(self, cue: StoryCues | None, story: str = DEFAULT_STORY) -> None:
        """``cue`` None: the article's cues were not read (it names ``story``): only that is kept."""
        self._buffer += marshal.dumps(story if cue is None else tuple(cue))
        if cue is not None:
            self.value_count += cue_values(cue)
        self._ends.append(self._written + len(self._buffer))
        if len(self._buffer) >= self._BUFFER:
            if self._file is None:  # unbuffered: each read is one system call (os.pread where there is one)
                self._file = tempfile.TemporaryFile(prefix="checker-cues-", buffering=0)
            self._file.seek(self._written)
            with memoryview(self._buffer) as data:
                done = 0
                while done < len(data):  # (a raw file may write part of what it is given)
                    done += self._file.write(data[done:]) or 0
            self._written += len(self._buffer)
            self._buffer = bytearray()

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index):  # type: ignore[override]
        try:
            found = self._read.get(index)
        except TypeError:  # a slice (no key before Python 3.12)
            found = None
        if found is not None:
            self._read.move_to_end(index)
            return found
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            return self[index + len(self._ends)]
        found = self._unpacked(index)
        self._read[index] = found
        if len(self._read) > self._KEPT:
            self._read.popitem(last=False)
        return found

    def __iter__(self):
        """Every article's cues, in order: what is in the file read a block at a time (not a read an article)."""
        ends, index, count = self._ends, 0, len(self._ends)
        if self._file is not None:
            block, block_start = b"", 0
            while index < count and ends[index] <= self._written:
                start, end = ends[index - 1] if index else 0, ends[index]
                if end > block_start + len(block):
                    block, block_start = _read_at(self._file, start, max(self._BLOCK, end - start)), start
                yield _unmarshalled(block[start - block_start:end - block_start])
                index += 1
        while index < count:
            yield self._unpacked(index)
            index += 1

    def close(self) -> None:
        """Let the temporary file go (it also goes with the object)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _unpacked(self, index: int) -> StoryCues:
        start, end = self._ends[index - 1] if index else 0, self._ends[index]
        if start >= self._written:
            packed = marshal.loads(self._buffer[start - self._written:end - self._written])
        else:
            assert self._file is not None
            packed = marshal.loads(_read_at(self._file, start, end - start))
        return StoryCues(given=given_story(packed)) if isinstance(packed, str) else _make(packed)


_PREAD = getattr(os, "pread", None)


def _read_at(file: IO[bytes], start: int, size: int) -> bytes:
    """``size`` bytes of ``file`` from ``start`` (fewer at its end), with one ``os.pread`` where there is
    one; a raw (unbuffered) file may read part of what is asked: the rest is read after it."""
    parts = []
    while size > 0:
        if _PREAD is not None:
            got = _PREAD(file.fileno(), size, start)
        else:  # pragma: no cover - no os.pread (Windows)
            file.seek(start)
            got = file.read(size)
        if not got:
            break
        parts.append(got)
        start, size = start + len(got), size - len(got)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _unmarshalled(data: bytes) -> StoryCues:
    packed = marshal.loads(data)
    return StoryCues(given=given_story(packed)) if isinstance(packed, str) else _make(packed)


_make = StoryCues._make


def cue_values(cue: StoryCues) -> int:
    """How many places, names and words the cue gives the grouping to count (a name counts twice: as a
    name and as a mention)."""
    return len(cue.places) + len(cue.names) * 2 + len(cue.mentions) + len(cue.words) + len(cue.topics)


def story_cues(article: Article, facts: Iterable[Fact], book: RuleBook, given: str | None = None,
               scope_cues: list | None = None, lowered: str | None = None,
               harmed: Sequence[int] | None = None) -> StoryCues:
    """The cues of ``article`` whose slots gave ``facts``; ``given``: the story it names itself;
    ``scope_cues``: the incident-kind cues of its text (``Scopes.cues``) if they were read already;
    ``lowered``: its text lower-cased, if it was already; ``harmed``: the indexes of its sentences
    that hold a harm word, in order, if they were found already (by the extraction's prefilter pass,
    :func:`checker.engine.extract.extract` with ``story_cues``)."""
    lexicons = book.lexicons
    rules = lexicons.story_cues
    places: dict[str, str] = {}
    dates: list[tuple[int, int]] = []
    times: set[int] = set()
    tolls: dict[str, set[tuple[int, int]]] = {slot: set() for slot in TOLL_SLOTS}
    for fact in facts:
        if fact.rule == TIME_SLOT and getattr(fact.value, "local", False):
            times.add(fact.value.minutes)
        elif fact.rule in tolls and not fact.partial:
            total = getattr(fact.value, "total", None)
            if total is not None:
                tolls[fact.rule].add((total.low, -1 if total.high is None else total.high))
        if fact.rule == PLACE_SLOT:
            name = getattr(fact.value, "name", None)
            if name:
                places.setdefault(_place_key(name, lexicons), name)
        elif fact.rule == DATE_SLOT:
            start, end = getattr(fact.value, "start", None), getattr(fact.value, "end", None)
            if start is not None and start == end:
                dates.append((fact.evidence.start, start.toordinal()))
    text = article.text
    for name in _dateline_places(text[:_DATELINE_SPAN], rules):
        places.setdefault(_place_key(name, lexicons), name)
    lowered = text.lower() if lowered is None else lowered
    for name in _authority_places(text[:_DATELINE_SPAN * 3], lowered[:_DATELINE_SPAN * 3], rules):
        name = _trim_place(name, rules)
        if name:
            places.setdefault(_place_key(name, lexicons), name)
    names, mentions = _names(article, places, rules, lowered, harmed)
    published = article.published.toordinal() if article.published else None
    cues = scope_cues if scope_cues is not None else lexicons.scopes.cues(lowered) if lexicons.scopes.kinds else []
    counted = Counter(c.kind for c in cues).most_common()
    kinds = tuple(sorted(k for k, n in counted if n == counted[0][1])) if counted else ()
    labels = {**places, **mentions, **names}
    return StoryCues(published=published, date=min(dates)[1] if dates else None, kinds=kinds,
                     places=tuple(sorted(places)), names=tuple(names)[:_NAMES_KEPT],
                     mentions=tuple(mentions)[:_NAMES_KEPT],
                     words=_headline_words(article.title, rules), topics=_topics(text, rules),
                     days=tuple(sorted({d for _, d in dates}))[:_FACTS_KEPT], times=tuple(sorted(times))[:_FACTS_KEPT],
                     killed=tuple(sorted(tolls[TOLL_SLOTS[0]]))[:_FACTS_KEPT],
                     injured=tuple(sorted(tolls[TOLL_SLOTS[1]]))[:_FACTS_KEPT], given=given,
                     labels=tuple(sorted(labels.items())))


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """fold(), remembered: the same names and words come back article after article."""
    return fold(text)


def given_story(story: str) -> str | None:
    """The story an article names itself: None for the one every article without a name is in."""
    return None if story == DEFAULT_STORY else story


def _place_key(name: str, lexicons) -> str:
    known = lexicons.gazetteer.lookup(name)
    return _fold(known or name)


def _trim_place(name: str, rules: StoryCueRules) -> str | None:
    words = name.split()
    while words and _fold(words[0]) in rules.not_places:
        words = words[1:]
    if not words or any(_fold(w) in rules.not_places for w in words):
        return None
    return " ".join(words)


def _dateline_places(head: str, rules: StoryCueRules) -> list[str]:
    if not any(dash in head for dash in _DASHES):  # most heads: three string searches, not the pattern
        return []
    for m in _DATELINE.finditer(head):
        place = m.group("place").strip(" .'’-")
        if len(place) >= 3 and _fold(place) not in rules.not_datelines and not any(c.isdigit() for c in place):
            return [place.title()]  # the first: the search stops there
    return []


def _names(article: Article, places: dict[str, str], rules: StoryCueRules, lowered: str,
           harmed: Sequence[int] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(named, mentioned): folded name -> the name as written, for the capitalised name pairs of
    sentences that tell a harm (``harmed``, if they were found already; not after an office: "Officer
    Jane Doe"; not a place the article names), most frequent first. Named: with an age or what
    happened to them ("Jo Doe, 15,", "Jo Doe was shot", "identified as Jo Doe"); mentioned: the others."""
    counts: Counter[str] = Counter()
    named: set[str] = set()
    shown: dict[str, str] = {}
    text = article.text
    place_words = {w for p in places for w in p.split()}
    sentences = article.sentences
    for index in _harmed(article, lowered, rules) if harmed is None else harmed:
        sentence = sentences[index]
        if sentence.headline:
            continue
        piece = text[sentence.start:sentence.end]
        for m in _NAME.finditer(piece):
            first, last = m.group("first"), m.group("last")
            if _fold(first) in rules.not_names or _fold(last) in rules.not_names:
                continue
            before = piece[:m.start()]
            words = before.rstrip(" ,").rsplit(None, 1)
            if words and _fold(words[-1]) in rules.titles:
                continue
            key = _fold(f"{first} {last}")
            if key.split()[0] in place_words or key.split()[-1] in place_words:
                continue
            counts[key] += 1
            shown.setdefault(key, f"{first} {last}")
            if (rules.named_after is not None and rules.named_after.match(piece, m.end())) or \
                    (rules.named_before is not None and rules.named_before.search(before[-40:])):
                named.add(key)
    ordered = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ({k: shown[k] for k in ordered if k in named}, {k: shown[k] for k in ordered if k not in named})


def _harmed(article: Article, lowered: str, rules: StoryCueRules) -> list[int]:
    """The indexes of the sentences of ``article`` that hold a harm word (one pass over the lower-cased
    text, not a search per sentence), in order: what the extraction's prefilter pass finds when it
    can (:attr:`checker.engine.extract.Extraction.harmed`)."""
    sentences = article.sentences
    found: list[int] = []
    for harm in _found(lowered, rules.harm_words):
        index = bisect_right(sentences, harm, key=_START) - 1
        if index < 0 or harm >= sentences[index].end or (found and found[-1] == index):
            continue
        found.append(index)
    return found


_AUTHORITY_REACH = 80  # characters before "police" where the place's three words may start


def _authority_places(head: str, lowered: str, rules: StoryCueRules) -> list[str]:
    """The places before "police" (``rules.authority``) in ``head``, in order: the pattern is tried just
    before each of the authority words, not at every capital of the text."""
    if rules.authority is None:
        return []
    found: list[tuple[int, int, str]] = []
    for at, length in _found(lowered, rules.authority_words, lengths=True):
        # up to the character after the word, so that its end is told as the whole text tells it
        for m in rules.authority.finditer(head, max(0, at - _AUTHORITY_REACH), min(len(head), at + length + 1)):
            found.append((m.start(), m.end(), m.group("place")))
    places, reached = [], 0
    for start, end, place in sorted(set(found)):
        if start >= reached:  # as one pass over the text finds them: none inside another
            places.append(place)
            reached = end
    return places


def _found(lowered: str, words: tuple[str, ...], lengths: bool = False) -> list:
    """Where ``words`` start in ``lowered``, whole (as ``\\b(?:words)\\b`` finds them), in order (with
    ``lengths``: (start, length) pairs): what a search for each word, one after another, finds, in one
    pass of an automaton over the text (faster than one alternation tried at every position, and than
    a search per word)."""
    if not words:
        return []
    automaton, plain = _automaton(words)
    end_of_text = len(lowered)
    if plain:  # words of word characters only: two whole ones never overlap, nothing is skipped
        found = [(last - length + 1, length) if lengths else last - length + 1
                 for last, length in automaton.iter(lowered)
                 if (last < length or not _word_char(lowered[last - length])) and
                 (last + 1 == end_of_text or not _word_char(lowered[last + 1]))]
        found.sort()
        return found
    found = []
    searched_from: dict[str, int] = {}  # word -> where a search for it alone would go on (it skips overlaps)
    for last, length in automaton.iter(lowered):
        at = last - length + 1
        word = lowered[at:last + 1]
        if at < searched_from.get(word, 0):
            continue
        end = searched_from[word] = at + length
        if (at == 0 or not _word_char(lowered[at - 1])) and (end == end_of_text or not _word_char(lowered[end])):
            found.append((at, length) if lengths else at)
    found.sort()
    return found


@lru_cache(maxsize=16)
def _automaton(words: tuple[str, ...]) -> tuple[ahocorasick.Automaton, bool]:
    """The automaton of ``words``, each found as its length, and whether every word is of word
    characters only."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton, all(_word_char(c) for word in words for c in word)


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_PROPER = regex.compile(r"(?<=[\p{Ll},;:] )\p{Lu}[\p{L}'’]+(?:[ -]\p{Lu}[\p{L}'’]+){0,2}")
_TOPICS_KEPT = 3
_PROPER_WORDS_KEPT = 10


def _topics(text: str, rules: StoryCueRules) -> tuple[str, ...]:
    """The proper names the text repeats most (twice at least), not at a sentence's start; and the
    words of proper names it shows most (streets, surnames, businesses)."""
    counts: dict[str, int] = {}
    words: dict[str, int] = {}
    seen = _proper_names(rules)
    for name, n in Counter(_PROPER.findall(text)).items():  # each name as written read once, not each time
        known = seen.get(name)
        if known is None:
            known = _proper_name(name, rules, seen)
        key, kept = known
        counts[key] = counts.get(key, 0) + n
        for w in kept:
            words[w] = words.get(w, 0) + n
    # the most shown first, then in the order of the words (a stable sort by count of the sorted words)
    ranked = sorted(sorted(words), key=words.__getitem__, reverse=True)[:_PROPER_WORDS_KEPT]
    top = sorted((-n, name) for name, n in counts.items() if n >= 2 and name.split()[:1] and
                 name.split()[0] not in rules.not_names)[:_TOPICS_KEPT]
    return tuple(sorted({*(name for _, name in top), *ranked}))


_PROPER_SEEN: dict[int, tuple[StoryCueRules, dict[str, tuple[str, tuple[str, ...]]]]] = {}
_PROPER_SEEN_MOST = 1 << 16


def _proper_names(rules: StoryCueRules) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Proper names as written -> (folded, the words of it that count), of ``rules``: the same names
    come back article after article (a bounded number of them is kept)."""
    kept = _PROPER_SEEN.get(id(rules))
    if kept is None or kept[0] is not rules:
        _PROPER_SEEN.clear()
        kept = _PROPER_SEEN[id(rules)] = (rules, {})
    return kept[1]


def _proper_name(name: str, rules: StoryCueRules, seen: dict) -> tuple[str, tuple[str, ...]]:
    if len(seen) >= _PROPER_SEEN_MOST:
        seen.clear()
    key = _fold(name)
    known = seen[name] = (key, tuple(w for w in key.split() if len(w) > 2 and w not in rules.not_names))
    return known


def _headline_words(title: str | None, rules: StoryCueRules) -> tuple[str, ...]:
    if not title:
        return ()
    parts = _SITE_SEPARATOR.split(title)
    if len(parts) > 1:  # "Headline - Site Name": the site's name says nothing of the incident
        parts = parts[:-1] if len(parts[-1]) < len(" ".join(parts[:-1])) else parts
    words = {_fold(w) for w in _WORD.findall(" ".join(parts))}
    words = {w for w in words if len(w) >= 3 and w not in rules.common_words and not w.isdigit()}
    return tuple(sorted(words))[:_WORDS_KEPT]


def day(ordinal: int | None) -> str | None:
    return dt.date.fromordinal(ordinal).isoformat() if ordinal is not None else None
