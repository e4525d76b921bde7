"""Articles grouped into stories by the incident they report, from their cues (:mod:`checker.stories.cues`).

Never all pairs. Articles are swept in the order of their day (the incident's, else publication);
each cue (a place, a name, a headline word) keeps the articles that showed it within its window of
days, and an article meets only those: the places' window is short (one town has many incidents),
the names' long (a trial follows a killing by months). A cue that more articles than
``story_block_limit`` share within its window tells nothing and is passed over, and so does one that
more than ``story_common_share`` of the whole run shows (a city, a site's name: counted once, before
the sweep, in a sketch of fixed size); a word or proper name few of the run show is matched over the
names' window. A victim's name one article gives with an age meets the same name another gives in
passing. A pair scores the
weights of what it shares, plus ``story_weight_date`` when both texts give the same day, or
``story_weight_date_conflict`` (negative) when they give different days; pairs at
``story_threshold`` or above are joined, the strongest first, never two stories an article names
itself. Memory holds the cues, the windows and the joins: near-linear in the articles.

A story's id is its most named place, its first day and a hash of its sorted member ids: the same
articles give the same ids, whatever their order or how many processes read them. Every article
keeps why it is where it is (:class:`Grouped`): the article it was joined to and what they share.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import zlib
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from checker.lexicon import fold
from checker.model import DEFAULT_STORY, Grouped
from checker.rules.book import CompiledSettings
from checker.stories.cues import StoryCues, cue_values, day

_PROBE = None
_SLUG_LENGTH = 40
_ALONE, _GIVEN = Grouped(), Grouped(given=True)
_INDEX = "i"  # the arrays of article indices and days: 4 bytes each (a run of up to 2**31 - 1 articles)
_NOBODY = -(1 << 31)  # no partner: nothing joined the article (partners are -n .. n - 1)
_PURGE = 4096
_SEED = 0x9E3779B9  # of the sketch's second row of counters
_KINDS = "pnmwtr"  # the kinds of cue key (see _keys), coded by their place here
_KIND_BITS = 3
_KIND_MASK = (1 << _KIND_BITS) - 1
# the hashes of each kind's letter, from which those of its keys go on (zlib.crc32(value, start))
_PREFIXES = {kind: (zlib.crc32(kind.encode()), zlib.crc32(kind.encode(), _SEED)) for kind in _KINDS}


_SHARED: tuple[str, ...] = ()  # settings the comparison reads too
_WINDOWS = ("threshold", "bare_threshold", "sure", "merge_threshold", "roundup_tolls", "roundup_days", "place_window", "name_window", "word_window", "date_tolerance", "block_limit", "rare_block",
            "largest", "time_tolerance", "common_share", "common_floor", "rare_run")


@dataclass(frozen=True)
class StoryWeights:
    """The ``story_*`` keys of the rule packs' ``settings`` (:class:`checker.rules.models.Settings`, where
    each is described): ``story_<name>`` for the windows and limits, ``story_weight_<name>`` for the weights."""

    threshold: float
    bare_threshold: float
    sure: float
    merge_threshold: float
    roundup_tolls: int
    roundup_days: int
    place_window: int
    name_window: int
    word_window: int
    date_tolerance: int
    block_limit: int
    largest: int
    rare_block: int
    common_share: float
    common_floor: int
    rare_run: int
    place: float
    rare_place: float
    name: float
    mention: float
    rare_mention: float
    word: float
    rare_word: float
    words_most: float
    topic: float
    date: float
    date_conflict: float
    fact_conflict: float
    time_tolerance: int
    near: float

    @classmethod
    def from_settings(cls, settings: object | None = None) -> StoryWeights:
        settings = settings if settings is not None else CompiledSettings()
        return cls(**{name: getattr(settings, name if name in _SHARED else
                                    f"story_{name}" if name in _WINDOWS else f"story_weight_{name}")
                      for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Grouping:
    stories: Sequence[str]  # the story of each article, by index
    reasons: Sequence[Grouped]  # why each article is in its story, by index


class _Reasons(Sequence[Grouped]):
    """Why each article is in its story, told when read: the article it was joined to and what the
    two share (an article nothing joined, or that names its story, shares one reason with the others)."""

    def __init__(self, ids: Sequence[str], cues: Sequence[StoryCues], partner: array, scores: array,
                 weights: StoryWeights) -> None:
        self._ids, self._cues, self._partner, self._scores, self._weights = ids, cues, partner, scores, weights

    def __len__(self) -> int:
        return len(self._partner)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        cue = self._cues[index]
        if cue.given is not None:
            return _GIVEN
        other = self._partner[index]
        if other == _NOBODY:
            return _ALONE
        first = other >= 0  # the article was the first of the pair: what they share is read in that order
        other = other if first else -1 - other
        theirs = self._cues[other]
        shared = _shared(cue, theirs, self._weights) if first else _shared(theirs, cue, self._weights)
        return _reason(cue, theirs, self._ids[other], self._scores[index], shared)


def group_stories(ids: Sequence[str], cues: Sequence[StoryCues], weights: StoryWeights | None = None) -> Grouping:
    """The story of every article (``ids[i]`` has ``cues[i]``). Articles that name their story keep it,
    and those grouped with them join it.

    The grouping makes many small containers, none in a cycle: the cyclic garbage collector, which
    would scan every object the run holds (the rule book's) again and again meanwhile, waits."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _grouped(ids, cues, weights or StoryWeights.from_settings())
    finally:
        if collecting:
            gc.enable()


def _grouped(ids: Sequence[str], cues: Sequence[StoryCues], weights: StoryWeights) -> Grouping:
    n = len(ids)
    # one pass over the cues: the sketch's counts, each article's day and the stories articles name
    told = _Told(cues, weights)
    anchors, given = told.anchors, told.given
    rank, by_rank = _ranks(ids)
    # by day, then by id: the articles in the order of their ids, each put after the others of its day so
    # far (a counting sort: arrays of four bytes an article, not a sorted list of an integer each)
    order = _ordered(by_rank, anchors)
    del by_rank
    windows = {"p": weights.place_window, "n": weights.name_window, "m": weights.name_window,
               "w": weights.word_window, "t": weights.word_window, "r": weights.name_window}
    window_of = tuple(windows[kind] for kind in _KINDS)  # by the kind's code, the low bits of a cue's number
    # articles that nothing dates are what an editor hands in, and join on less (story_bare_threshold);
    # an archive with more of them than a block holds has them by the hundred: they need the threshold
    few = sum(1 for a in anchors if a == 0) <= weights.block_limit
    # cue (its number, :meth:`_Told.numbered`) -> the articles that showed it within its window, oldest
    # first, in an array (one article: its index); cues whose window has passed are forgotten every _PURGE articles, so that memory
    # holds the windows (numbers, not the cues' strings), not the archive
    recent: dict[int, array | int] = {}
    edges = _Edges()
    # articles that nothing dates come first (their day is 0); when the run also has dated ones, the keys
    # they show are kept, and the dated articles that show one of them are posted under it as the sweep
    # meets them, for :func:`_undated` (no second pass over the cues)
    undated = 0 < anchors.count(0) < n
    wanted: set[tuple[str, str]] = set()
    postings: dict[tuple[str, str], array] = {}
    for position, i in enumerate(order):
        if position % _PURGE == _PURGE - 1:
            recent = {number: kept for number, kept in recent.items()
                      if anchors[kept if kept.__class__ is int else kept[-1]] >= anchors[i] - window_of[number & _KIND_MASK]}
        shared: dict[int, list[tuple[str, str, bool]]] = defaultdict(list)
        numbered = told.numbered(cues[i])
        if undated:
            if anchors[i] == 0:
                wanted.update(key for key, _ in numbered)
            elif wanted:
                for key, _ in numbered:
                    if key in wanted:
                        posted = postings.get(key)
                        if posted is None:
                            posted = postings[key] = array(_INDEX)
                        posted.append(i)
        for key, number in numbered:
            kept = recent.get(number)
            if kept is None:  # most cues one article shows in their window: its index, not an array
                recent[number] = i
                continue
            if kept.__class__ is int:
                kept = recent[number] = array(_INDEX, (kept,))
            oldest = anchors[i] - windows[key[0]]
            gone = 0
            while gone < len(kept) and anchors[kept[gone]] < oldest:
                gone += 1
            if gone:
                del kept[:gone]
            if len(kept) < weights.block_limit:
                rare = len(kept) <= weights.rare_block  # few others show it in its window: it tells more
                for j in kept:
                    shared[j].append((key[0], key[1], rare))
            kept.append(i)
        _scored(i, shared, ids, cues, weights, edges, few)
    if _PROBE: _PROBE("sweep")
    del recent, wanted, order
    if undated:
        _undated(ids, cues, anchors, weights, edges, told, few, postings)
    told.close()  # the sketch and its counts: what follows reads the joins and the cues
    del postings, told
    if _PROBE: _PROBE("undated")
    ranked = edges.ranked(rank)
    del rank
    if _PROBE: _PROBE("ranked")
    parent = array(_INDEX, range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # root -> what its story's articles say (:class:`_Facts`), marshalled, for a story of more than one
    # article (an article's own are read from its cues): bytes, not tuples of integers, a story
    facts: dict[int, bytes] = {}
    size = array(_INDEX, [1]) * n  # of each story, at its root
    for e in ranked:
        a, b = edges.a[e], edges.b[e]
        ra, rb = find(a), find(b)
        if ra != rb:
            if size[ra] > 1 and size[rb] > 1 and edges.score[e] < weights.merge_threshold:
                continue  # two stories joined by a weak pair: a chain through a city and page furniture
            if size[ra] + size[rb] > weights.largest:
                continue  # a story that large is a topic, not an incident (and its comparison would be too)
            ga, gb = given.get(ra), given.get(rb)
            if ga is not None and gb is not None and ga != gb:
                continue
            packed = facts.get(ra)
            fa = _Facts.of(cues[ra]) if packed is None else _Facts.unpacked(packed)
            packed = facts.get(rb)
            fb = _Facts.of(cues[rb]) if packed is None else _Facts.unpacked(packed)
            # a join that would set the stories' facts against each other needs the same victim, and
            # the same place and day or no disagreement between the pair itself: a wrong join makes
            # false alarms, a missed one misses one. Two articles that
            # nothing dates are what an editor hands in: their disagreements are what they are checked for
            undated = anchors[a] == 0 and anchors[b] == 0
            sure = edges.score[e] >= weights.sure
            if not undated and fa.conflicts(fb, weights, sure) and not _same_incident(cues[a], cues[b], weights):
                continue
            fa.absorb(fb)
            facts[ra] = fa.packed()
            facts.pop(rb, None)
            parent[rb] = ra
            size[ra] += size[rb]
            if gb is not None:
                given[ra] = gb
    # why each article is where it is: its strongest join inside its story (edges are in that order);
    # kept as the other article's index (negative: it was the second of the pair) and the score, and
    # told in words only when read (:class:`_Reasons`), so that memory holds two numbers an article
    partner = array(_INDEX, [_NOBODY]) * n
    scores = array("d", bytes(8 * n))
    for e in ranked:
        a, b = edges.a[e], edges.b[e]
        if (partner[a] != _NOBODY and partner[b] != _NOBODY) or find(a) != find(b):
            continue
        for this, other in ((a, b), (b, a)):
            if partner[this] == _NOBODY:
                partner[this] = other if this == a else -1 - other
                scores[this] = edges.score[e]
    del ranked, edges, facts, size
    # the stories: the articles in the order of their roots, each run of one root a story
    roots = array(_INDEX, (find(i) for i in range(n)))
    del parent
    by_root = _ordered(range(n), roots, n)
    stories = _Stories(roots)
    start = 0
    while start < n:
        root, end = roots[by_root[start]], start + 1
        while end < n and roots[by_root[end]] == root:
            end += 1
        group = by_root[start:end]
        named = given.get(root)
        if named is not None or len(group) == n:  # a run that is one story keeps the name every article without one is given
            stories.name(root, named if named is not None else DEFAULT_STORY)
        else:
            stories.found(root, *_story_id(group, ids, cues, anchors))
        start = end
    if _PROBE: _PROBE("end")
    return Grouping(stories, _Reasons(ids, cues, partner, scores, weights))


class _Stories(Sequence[str]):
    """The story of each article, told when read: its story's root article (one number an article) and,
    at each root, the parts of the found story's id (:func:`_story_id`: its place's slug, one of those
    the run names, its first day and the hash of its members, three numbers), not a string a story."""

    def __init__(self, roots: array) -> None:
        n = len(roots)
        self._roots = roots
        self._slug = array(_INDEX, bytes(4 * n))  # at a root: its slug, by its place in self._slugs
        self._first = array(_INDEX, bytes(4 * n))
        self._digest = array("I", bytes(array("I").itemsize * n))
        self._slugs: list[str] = []
        self._slug_of: dict[str, int] = {}
        self._named: dict[int, str] = {}  # root -> the story its articles name, or the run's one story

    def name(self, root: int, story: str) -> None:
        self._named[root] = story

    def found(self, root: int, slug: str, first: int, digest: int) -> None:
        known = self._slug_of.get(slug)
        if known is None:
            known = self._slug_of[slug] = len(self._slugs)
            self._slugs.append(slug)
        self._slug[root], self._first[root], self._digest[root] = known, first, digest

    def __len__(self) -> int:
        return len(self._roots)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        root = self._roots[index]
        named = self._named.get(root)
        if named is not None:
            return named
        slug, first, digest = self._slugs[self._slug[root]], self._first[root], self._digest[root]
        return f"{slug}-{day(first)}-{digest:08x}" if first > 0 else f"{slug}-{digest:08x}"


class _Told:
    """How many articles of the run show each cue, counted once before the sweep in a fixed-size sketch
    (two rows of counters indexed by CRC-32 hashes of the cue; a count is the smaller of its two, so at
    worst too high, never too low): a cue more than ``story_common_floor`` articles and
    ``story_common_share`` of them show tells no incident from another and is passed over; a headline
    word or proper name that at most ``story_rare_run`` show is matched over the names' window (the
    trial months after the killing names the same street and family)."""

    _LARGEST = 1 << 20
    _MOST = 0xFFFF

    def __init__(self, cues: Sequence[StoryCues], weights: StoryWeights) -> None:
        # (a run's cues count theirs as they are kept: no pass over them for it)
        total = getattr(cues, "value_count", None)
        if total is None:
            total = sum(map(cue_values, cues))
        size = 1 << min(max(total * 4, 1024).bit_length(), self._LARGEST.bit_length() - 1)
        self.mask = size - 1
        self.rows = (array("H", bytes(2 * size)), array("H", bytes(2 * size)))
        self.anchors = array(_INDEX)  # each article's day (:func:`_anchor`)
        self.given: dict[int, str] = {}  # article -> the story it names
        first, second = self.rows
        most, mask, crc32 = self._MOST, self.mask, zlib.crc32
        anchors, given = self.anchors, self.given
        prefixes = _PREFIXES
        for index, cue in enumerate(cues):
            anchors.append(_anchor(cue))
            if cue.given is not None:
                given[index] = cue.given
            # each key of _keys once an article, and a headline word or proper name also as ("r", word),
            # counted kind by kind (no tuple a key)
            places, names, words = cue.places, cue.names, cue.words
            topics = {*cue.topics, *places}
            for prefix, values in ((prefixes["p"], places), (prefixes["n"], names),
                                   (prefixes["m"], {*cue.mentions, *names}), (prefixes["w"], words),
                                   (prefixes["t"], topics), (prefixes["r"], topics.union(words))):
                start, seeded = prefix
                for value in set(values) if values.__class__ is tuple else values:
                    data = value.encode()
                    at = crc32(data, start) & mask
                    if first[at] < most:
                        first[at] += 1
                    at = crc32(data, seeded) & mask
                    if second[at] < most:
                        second[at] += 1
        # the same cues come back article after article: their counts are remembered (a bounded number)
        self.count = lru_cache(maxsize=1 << 12)(self._count)
        self.common = max(weights.common_floor, weights.common_share * len(cues))
        # in a run of a few articles every word is rare: rarity tells something in a run larger than a block
        self.rare = weights.rare_run if len(cues) > weights.block_limit else 0

    def close(self) -> None:
        """Let the sketch and the remembered counts go (the cache refers to the sketch, which refers to it)."""
        self.count.cache_clear()
        del self.count
        self.rows = (array("H"), array("H"))

    def _count(self, key: tuple[str, str]) -> tuple[int, int]:
        """(how many articles show the key, its number: the two hashes the sketch counts it by and its
        kind's code in the low bits; two keys with the same number would be one cue to the sketch too)."""
        data, (first, second) = key[1].encode(), _PREFIXES[key[0]]
        first, second = zlib.crc32(data, first), zlib.crc32(data, second)
        count = min(self.rows[0][first & self.mask], self.rows[1][second & self.mask])
        return count, (((first << 32) | second) << _KIND_BITS) | _KINDS.index(key[0])

    def keys(self, cue: StoryCues) -> list[tuple[str, str]]:
        """The cue's keys that tell something (another article shows them, not most of the run), a rare
        word or name as ("r", word), once."""
        return [key for key, _ in self.numbered(cue)]

    def numbered(self, cue: StoryCues) -> list[tuple[tuple[str, str], int]]:
        """:meth:`keys`, each with its number (see :meth:`_count`), in the order of the keys."""
        out = {}
        for key in _keys(cue):
            n, number = self.count(key)
            if n > self.common:
                continue
            if key[0] in "wt" and n <= self.rare:
                key = ("r", key[1])
                n, number = self.count(key)  # in a headline or a body
            if n > 1:  # what no other article shows meets none
                out[key] = number
        return sorted(out.items())


class _Edges:
    """The joins found, in arrays (a tuple per join would hold most of the grouping's memory)."""

    def __init__(self) -> None:
        self.score, self.a, self.b = array("d"), array(_INDEX), array(_INDEX)

    def add(self, score: float, a: int, b: int) -> None:
        self.score.append(score)
        self.a.append(a)
        self.b.append(b)

    def ranked(self, rank: array) -> array:
        """The joins, strongest first; between equals, by the ids they join (never by input order).
        ``rank``: each article's place in the order of the ids. The joins of each score (a run has few:
        sums of a few weights), the strongest score first, each score's sorted by one number a join (the
        pair's ranks): not one sort by a tuple a join, and a list an integer a join only for one score's."""
        n, a, b = len(rank) + 1, self.a, self.b
        by_score: dict[float, array] = {}
        for e, score in enumerate(self.score):
            joins = by_score.get(score)
            if joins is None:
                joins = by_score[score] = array(_INDEX)
            joins.append(e)
        ranked = array(_INDEX)
        for score in sorted(by_score, reverse=True):
            joins = by_score.pop(score)
            ranked.extend(sorted(joins, key=lambda e: min(rank[a[e]], rank[b[e]]) * n + max(rank[a[e]], rank[b[e]])))
        return ranked


def _ordered(articles: Sequence[int] | range, keys: array, bound: int | None = None) -> array:
    """``articles`` sorted by their ``keys`` (``keys[i]`` of article ``i``), in their order between equal
    keys: a counting sort, in an array (a sorted list holds an integer object an article). ``bound``: the
    keys are below it (the articles' own indices: counted in an array, not a dict of the keys)."""
    starts: dict[int, int] | array = {} if bound is None else array(_INDEX, bytes(4 * bound))
    if bound is None:
        for key in keys:
            starts[key] = starts.get(key, 0) + 1
        known = sorted(starts)
    else:
        for key in keys:
            starts[key] += 1
        known = range(bound)
    at = 0
    for key in known:
        starts[key], at = at, at + starts[key]
    out = array(_INDEX, bytes(keys.itemsize * len(keys)))
    for i in articles:
        key = keys[i]
        out[starts[key]] = i
        starts[key] += 1
    return out


def _ranks(ids: Sequence[str]) -> tuple[array, array]:
    """(each article's place in the order of the ids, the articles in that order); equal ids keep
    the order of the articles."""
    by_rank = array(_INDEX, sorted(range(len(ids)), key=ids.__getitem__))
    rank = array(_INDEX, bytes(by_rank.itemsize * len(ids)))
    for position, i in enumerate(by_rank):
        rank[i] = position
    return rank, by_rank


def _shared(a: StoryCues, b: StoryCues, weights: StoryWeights) -> tuple:
    """(the cues two articles share, the day both give the incident): what a join is explained by. The
    keys of :func:`_keys` both show, in their order, read kind by kind (the kinds in the order of their
    letters): no tuple made of a key the other article does not show."""
    keys: list[tuple[str, str]] = []
    for kind, mine, theirs in (("m", (*a.mentions, *a.names), (*b.mentions, *b.names)), ("n", a.names, b.names),
                               ("p", a.places, b.places), ("t", (*a.topics, *a.places), (*b.topics, *b.places)),
                               ("w", a.words, b.words)):
        if mine and theirs:
            keys += [(kind, value) for value in sorted(set(mine).intersection(theirs))]
    return tuple(keys), _same_day(a.days, b.days, weights.date_tolerance)


def _scored(i: int, shared: dict[int, list[tuple[str, str, bool]]], ids: Sequence[str], cues: Sequence[StoryCues],
            weights: StoryWeights, edges: list, few: bool = True) -> None:
    best_time = max(weights.date, weights.near, 0.0)
    lowest = min(weights.threshold, weights.bare_threshold) if few else weights.threshold
    mine = cues[i]
    for j, keys in shared.items():
        weight = _shared_weight(keys, weights) + best_time
        if weight < lowest:
            continue  # what they share cannot reach any threshold: most candidates end here
        theirs = cues[j]
        # nothing dates either: they cannot be told apart in time, and less tells them together
        undated = _anchor(mine) == 0 and _anchor(theirs) == 0
        threshold = weights.bare_threshold if few and (undated or _bare(mine) or _bare(theirs)) else weights.threshold
        if weight < threshold:
            continue
        scored = _score(mine, theirs, keys, weights)
        if scored is not None and scored[0] >= threshold:
            edges.add(scored[0], i, j)


def _undated(ids: Sequence[str], cues: Sequence[StoryCues], anchors: array, weights: StoryWeights,
             edges: _Edges, told: _Told, few: bool, postings: dict[tuple[str, str], array]) -> None:
    """Articles with no day at all (no publication date, none in the text) may be of any day: they
    meet the dated articles that share a cue, however far apart (the sweep met them with each other).
    ``postings``: key -> the dated articles that show it, of the keys undated articles show."""
    for i in range(len(ids)):
        if anchors[i] != 0:
            continue
        shared: dict[int, list[tuple[str, str, bool]]] = defaultdict(list)
        for key in told.keys(cues[i]):
            found = postings.get(key, ())
            if len(found) < weights.block_limit:
                for j in found:
                    shared[j].append((key[0], key[1], len(found) <= weights.rare_block))
        _scored(i, shared, ids, cues, weights, edges, few)


def _bare(cue: StoryCues) -> bool:
    """Nothing tells its incident from another's: no day, no place, no name (a page whose banner is
    its headline, say). It joins the story it shares most with, on less evidence."""
    return cue.published is None and cue.date is None and not cue.places and not cue.names and not cue.mentions


def _anchor(cue: StoryCues) -> int:
    if cue.date is not None:
        return cue.date
    return cue.published if cue.published is not None else 0


def _keys(cue: StoryCues) -> list[tuple[str, str]]:
    """Place, name (a victim's or a suspect's), mention (any name pair of a harm sentence: a victim's
    name one article gives with an age and another in passing still meets), headline word, proper name."""
    return [("p", p) for p in cue.places] + [("n", n) for n in cue.names] \
        + [("m", n) for n in sorted({*cue.mentions, *cue.names})] \
        + [("w", w) for w in cue.words] + [("t", t) for t in sorted({*cue.topics, *cue.places})]


def _score(a: StoryCues, b: StoryCues, keys: list[tuple[str, str, bool]], weights: StoryWeights,
           ) -> tuple[float, tuple] | None:
    if a.kinds and b.kinds and not set(a.kinds) & set(b.kinds):
        return None
    if a.given is not None and b.given is not None and a.given != b.given:
        return None
    if (_roundup(a, weights) or _roundup(b, weights)) and not any(k[0] == "n" for k in keys):
        return None  # an article that tells several incidents joins only one whose victim it names
    score = _shared_weight(keys, weights)
    keys = [k[:2] for k in keys]
    same_day = _same_day(a.days, b.days, weights.date_tolerance)
    if same_day is not None:
        score += weights.date
    elif a.days and b.days:
        score += weights.date_conflict
    if _anchor(a) or _anchor(b):  # (two articles nothing dates: their disagreements are what they are checked for)
        score += weights.fact_conflict * _fact_conflicts(a, b, weights)
    if a.days and b.days:
        pass
    elif _anchor(a) and abs(_anchor(a) - _anchor(b)) <= weights.date_tolerance:
        score += weights.near  # published on about the incident's day: likelier the same one
    return score, (tuple(sorted(keys)), same_day)


def _roundup(cue: StoryCues, weights: StoryWeights) -> bool:
    """The article tells several incidents: ``story_roundup_tolls`` tolls of the dead or of the
    wounded, or two death tolls and ``story_roundup_days`` days further apart than the date tolerance."""
    if len(cue.killed) >= weights.roundup_tolls or len(cue.injured) >= weights.roundup_tolls:
        return True
    days = cue.days
    return len(cue.killed) >= 2 and len(days) >= weights.roundup_days and days[-1] - days[0] > weights.date_tolerance


def _same_incident(a: StoryCues, b: StoryCues, weights: StoryWeights) -> bool:
    """The pair shares a victim's (or a suspect's) name, a place and the day of the incident; or the
    name, and nothing the two articles say themselves sets them against each other (their stories'
    other articles may: a toll that rose, a later day)."""
    shared = _shared(a, b, weights)
    kinds = {k[0] for k in shared[0]}
    if "n" not in kinds:
        return False
    return ("p" in kinds and shared[1] is not None) or not _Facts.of(a).conflicts(_Facts.of(b), weights)


def _shared_weight(keys: list[tuple[str, str, bool]], weights: StoryWeights) -> float:
    """What the cues two articles share weigh: a place, a name (a victim's, else another), and the
    headline words and proper names, each type once or up to its cap; a rare cue weighs more."""
    place = name = mention = 0.0
    words = topics = 0.0
    for kind, _, rare in keys:
        if kind == "p":
            place = max(place, weights.place + (weights.rare_place if rare else 0.0))
        elif kind == "n":
            name = weights.name
        elif kind == "m":
            mention = max(mention, weights.mention + (weights.rare_mention if rare else 0.0))
        elif kind == "w":
            words += weights.word + (weights.rare_word if rare else 0.0)
        elif kind == "r":  # a word or proper name few articles of the run show: rare wherever it is met
            topics += weights.topic + weights.rare_word
        else:
            topics += weights.topic + (weights.rare_word if rare else 0.0)
    return place + (name or mention) + min(words, weights.words_most) + min(topics, weights.words_most)


def _same_day(a: tuple[int, ...], b: tuple[int, ...], tolerance: int) -> int | None:
    return next((x for x in a for y in b if abs(x - y) <= tolerance), None)


def _tolls_agree(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    return any((xh < 0 or yl <= xh) and (yh < 0 or xl <= yh) for xl, xh in a for yl, yh in b)


def _times_conflict(a: tuple[int, ...], b: tuple[int, ...], weights: StoryWeights) -> bool:
    """Both give clock times, and none of one is within ``story_time_tolerance`` of one of the other."""
    return bool(a and b and not any(min(abs(x - y), 1440 - abs(x - y)) <= weights.time_tolerance for x in a for y in b))


def _fact_conflicts(a: StoryCues | _Facts, b: StoryCues | _Facts, weights: StoryWeights) -> int:
    """How many of the facts a warning would set against each other disagree: clock times hours
    apart, tolls that cannot be one figure (the incident's day is weighed on its own)."""
    found = int(_times_conflict(a.times, b.times, weights))
    for mine, theirs in ((a.killed, b.killed), (a.injured, b.injured)):
        if mine and theirs and not _tolls_agree(mine, theirs):
            found += 1
    return found


@dataclass(slots=True)
class _Facts:
    """What a story's articles say of its incident, to keep a join from setting incidents against each other."""

    days: tuple[int, ...]
    times: tuple[int, ...]
    killed: tuple[tuple[int, int], ...]
    injured: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, cue: StoryCues) -> _Facts:
        return cls(cue.days, cue.times, cue.killed, cue.injured)

    @classmethod
    def unpacked(cls, data: bytes) -> _Facts:
        return cls(*marshal.loads(data))

    def packed(self) -> bytes:
        return marshal.dumps((self.days, self.times, self.killed, self.injured))

    def conflicts(self, other: _Facts, weights: StoryWeights, sure: bool = False) -> bool:
        # days a day apart may be one incident's, but the comparison would set them against each other:
        # only a pair sure to be one incident (``story_sure``) is joined on them
        if self.days and other.days and not set(self.days) & set(other.days) and \
                (not sure or _same_day(self.days, other.days, weights.date_tolerance) is None):
            return True
        if sure:  # tolls that differ may be one incident's told at two moments; clock times hours apart are not
            return _times_conflict(self.times, other.times, weights)
        return _fact_conflicts(self, other, weights) > 0

    def absorb(self, other: _Facts) -> None:
        self.days = tuple(sorted({*self.days, *other.days}))[:_KEPT]
        self.times = tuple(sorted({*self.times, *other.times}))[:_KEPT]
        self.killed = tuple(sorted({*self.killed, *other.killed}))[:_KEPT]
        self.injured = tuple(sorted({*self.injured, *other.injured}))[:_KEPT]


_KEPT = 16


def _reason(cue: StoryCues, other: StoryCues, other_id: str, score: float, shared: tuple) -> Grouped:
    keys, same_day = shared
    labels = dict(cue.labels)
    return Grouped(joined=other_id, score=round(score, 3),
                   places=tuple(labels.get(v, v) for k, v in keys if k == "p"),
                   names=tuple(dict.fromkeys(labels.get(v, v) for k, v in keys if k in "nm")),
                   words=tuple(sorted({v for k, v in keys if k in "wt"})), date=day(same_day))


def _story_id(group: array, ids: Sequence[str], cues: Sequence[StoryCues], anchors: array) -> tuple[str, int, int]:
    """The parts of ``<place>-<first day>-<hash>`` (:class:`_Stories`): readable, and the same for the same
    members in any order: (the slug of its most named place, its first day, the first 32 bits of the hash)."""
    places = Counter(p for i in group for p in cues[i].places)
    place = min(places.items(), key=lambda kv: (-kv[1], kv[0]))[0] if places else "story"
    slug = "-".join(fold(place).split())[:_SLUG_LENGTH] or "story"
    first = min(anchors[i] for i in group)
    digest = hashlib.sha1("\n".join(sorted(ids[i] for i in group)).encode()).digest()[:4]
    return slug, first, int.from_bytes(digest, "big")
