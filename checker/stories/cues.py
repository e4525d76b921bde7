"""What tells one article's incident from another's, read once its slots are filled.

:func:`story_cues` runs where the article is read (a worker process, beside extraction) and keeps
a small value, :class:`StoryCues`: the incident's kind, its places, its day, the victims' names,
the headline's words and whether the article names its story itself. The grouping
(:mod:`checker.stories.group`) reads nothing else of the article.

From the facts: ``incident.place`` (canonical by the gazetteer), ``incident.date`` (resolved
against publication). Added cheaply here: the dateline's place ("SAN ANTONIO -", "NASHVILLE,
Tenn. (WKRN) -"), a place before "police" ("Naples police said"), capitalised name pairs in
sentences that tell a harm ("Kevin Barbee, 15, was shot"), and the headline's words without the
site name some pages append ("... - WKRN News 2").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from checker.lexicon import fold
from checker.model import DEFAULT_STORY, Article, Fact
from checker.rules.book import RuleBook

PLACE_SLOT = "incident.place"
DATE_SLOT = "incident.date"
TIME_SLOT = "incident.time"
TOLL_SLOTS = ("casualties.killed", "casualties.injured")
_FACTS_KEPT = 4  # days, times and tolls kept of one article
_DATELINE_SPAN = 400  # characters at the start of the text where a dateline may stand
_NAMES_KEPT = 8
_WORDS_KEPT = 12

# "SAN ANTONIO -", "NASHVILLE, Tenn. (WKRN) --", "PHILADELPHIA (CBS) –": capitals, then a dash
_DATELINE = regex.compile(
    r"(?:^|\n|\s)(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?:, (?:[A-Z][A-Za-z.]+)(?: [A-Z][A-Za-z.]+)?)?"
    r" ?(?:\([^()\n]{1,40}\))? ?(?:-{1,2}|–|—) ")
_NOT_DATELINE = {"update", "updated", "breaking", "news", "video", "photos", "watch", "live", "editor's note",
                 "editors note", "ap", "cnn", "upi", "new", "exclusive", "warning", "police", "gallery"}
# "Naples police", "Blytheville Police Department"
_POLICE_PLACE = regex.compile(r"\b(?P<place>(?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+) (?:[Pp]olice|PD\b|[Ss]heriff)")
_NOT_PLACE = {"the", "a", "state", "city", "county", "local", "metro", "metropolitan", "transit", "campus", "capitol",
              "university", "school", "park", "tribal", "military", "federal", "border", "national", "when", "after",
              "but", "and", "while", "as", "if", "according", "officer", "deputy", "deputies", "chief", "sheriff"}
# a harm, or what follows one, in the sentence that names a victim or a suspect
_HARM = regex.compile(r"\b(?:killed|killing|died|dead|death|shot|shooting|slain|slaying|murder(?:ed)?|homicide|"
                      r"wounded|injured|victims?|identified|charged|arrested|suspect|stabbed|gunned)\b", regex.I)
_NAME = regex.compile(
    r"(?<![\p{L}.'’-])(?P<first>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?: \p{Lu}\.)? "
    r"(?P<last>(?:Mc|Mac|O['’]|De|Le|La)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}'’-])")
# words before a name that make it someone's office, not a victim's or suspect's name
_TITLES = {"officer", "officers", "sgt", "sergeant", "lt", "lieutenant", "capt", "captain", "chief", "detective",
           "det", "deputy", "sheriff", "spokesman", "spokeswoman", "spokesperson", "mayor", "judge", "attorney",
           "prosecutor", "dr", "gov", "governor", "sen", "senator", "rep", "president", "coroner", "agent", "trooper",
           "cpl", "corporal", "commander", "superintendent", "councilman", "councilwoman", "alderman", "pastor",
           "reverend", "rev", "reporter", "correspondent", "anchor", "by", "photo", "copyright", "cmdr", "inspector",
           "investigator", "lawyer", "director", "commissioner", "sheriff's", "police"}
# capitalised words that are not names: days, months, places' and institutions' words
_NOT_NAME = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "the", "a", "an",
    "police", "department", "county", "city", "street", "st", "avenue", "ave", "road", "rd", "drive", "boulevard",
    "lane", "court", "place", "way", "highway", "park", "high", "school", "middle", "elementary", "university",
    "college", "hospital", "medical", "center", "centre", "memorial", "news", "office", "sheriff", "state",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "new", "saint", "fort",
    "mount", "lake", "river", "beach", "church", "apartments", "apartment", "district", "court", "jail", "prison",
    "police", "fire", "rescue", "emergency", "services", "department's", "township", "village", "valley", "heights",
    "square", "mall", "store", "market", "club", "bar", "restaurant", "hotel", "inn", "motel", "gas", "station",
    "post", "tribune", "times", "journal", "herald", "gazette", "press", "daily", "weekly", "channel", "tv",
    "facebook", "twitter", "instagram", "youtube", "copyright", "associated", "reuters", "attorney", "general",
    "crime", "stoppers", "when", "after", "but", "and", "he", "she", "they", "it", "his", "her", "in", "on", "at",
    "of", "for", "with", "from", "to", "by", "this", "that", "there", "family", "god", "american", "america",
    "united", "states", "national", "federal", "bureau", "investigation", "homicide", "unit", "division",
    "metro", "metropolitan", "international", "airport", "interstate", "route", "mr", "mrs", "ms", "miss",
    # page furniture
    "caption", "close", "photo", "photos", "image", "advertisement", "related", "story", "stories", "continue",
    "reading", "share", "comments", "comment", "read", "more", "click", "subscribe", "video", "gallery", "open"}
_WORD = regex.compile(r"[\p{L}][\p{L}'’-]*[\p{L}]|\d+")
# headline words that say nothing of which incident it is
_COMMON = {
    "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "with", "after", "from", "by", "as", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "his", "her", "their", "its", "he", "she", "they",
    "who", "what", "when", "where", "why", "how", "man", "woman", "men", "women", "boy", "girl", "teen", "teens",
    "person", "people", "police", "shooting", "shootings", "shot", "shots", "killed", "kills", "dead", "dies",
    "died", "death", "deaths", "injured", "wounded", "hurt", "fatal", "fatally", "deadly", "news", "video",
    "update", "updated", "breaking", "says", "say", "said", "into", "over", "near", "up", "out", "off", "not",
    "no", "new", "more", "one", "two", "three", "four", "five", "year", "old", "year-old", "suspect", "suspects",
    "arrested", "charged", "charges", "victim", "victims", "identified", "investigate", "investigating",
    "investigation", "local", "home", "house", "officers", "officer", "car", "found", "being", "about", "after",
    "that", "this", "will", "could", "would", "after", "amid", "report", "reports", "sports", "weather"}
_SITE_SEPARATOR = regex.compile(r"\s+(?:[-–—|]|::)\s+")


@dataclass(frozen=True, slots=True)
class StoryCues:
    """What the grouping knows of one article. Dates are ``date.toordinal()`` numbers."""

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


def story_cues(article: Article, facts: Iterable[Fact], book: RuleBook, given: str | None = None) -> StoryCues:
    """The cues of ``article`` whose slots gave ``facts``; ``given``: the story it names itself."""
    lexicons = book.lexicons
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
    for name in _dateline_places(text[:_DATELINE_SPAN]):
        places.setdefault(_place_key(name, lexicons), name)
    for m in _POLICE_PLACE.finditer(text[:_DATELINE_SPAN * 3]):
        name = _trim_place(m.group("place"))
        if name:
            places.setdefault(_place_key(name, lexicons), name)
    names, mentions = _names(article, places)
    published = article.published.toordinal() if article.published else None
    cues = lexicons.scopes.cues(text.lower()) if lexicons.scopes.kinds else []
    counted = Counter(c.kind for c in cues).most_common()
    kinds = tuple(sorted(k for k, n in counted if n == counted[0][1])) if counted else ()
    labels = {**places, **mentions, **names}
    return StoryCues(published=published, date=min(dates)[1] if dates else None, kinds=kinds,
                     places=tuple(sorted(places)), names=tuple(names)[:_NAMES_KEPT],
                     mentions=tuple(mentions)[:_NAMES_KEPT],
                     words=_headline_words(article.title), topics=_topics(text),
                     days=tuple(sorted({d for _, d in dates}))[:_FACTS_KEPT], times=tuple(sorted(times))[:_FACTS_KEPT],
                     killed=tuple(sorted(tolls[TOLL_SLOTS[0]]))[:_FACTS_KEPT],
                     injured=tuple(sorted(tolls[TOLL_SLOTS[1]]))[:_FACTS_KEPT], given=given,
                     labels=tuple(sorted(labels.items())))


def given_story(story: str) -> str | None:
    """The story an article names itself: None for the one every article without a name is in."""
    return None if story == DEFAULT_STORY else story


def _place_key(name: str, lexicons) -> str:
    known = lexicons.gazetteer.lookup(name)
    return fold(known or name)


def _trim_place(name: str) -> str | None:
    words = name.split()
    while words and words[0].lower() in _NOT_PLACE:
        words = words[1:]
    if not words or any(w.lower() in _NOT_PLACE for w in words):
        return None
    return " ".join(words)


def _dateline_places(head: str) -> list[str]:
    found = []
    for m in _DATELINE.finditer(head):
        place = m.group("place").strip(" .'’-")
        if len(place) >= 3 and fold(place) not in _NOT_DATELINE and not any(c.isdigit() for c in place):
            found.append(place.title())
    return found[:1]


# what follows a victim's or a suspect's name: an age, or a verb of what happened to them
_NAMED_AFTER = regex.compile(r"(?:,? \d{1,3}\b|,? (?:a|an) \d{1,3}-year-old\b| (?:was|were|had been|has been) "
                             r"(?:shot|killed|found|pronounced|taken|arrested|charged|identified|struck|hit|stabbed|"
                             r"wounded|injured|booked)\b| (?:died|dies)\b)")
_NAMED_BEFORE = regex.compile(r"\b(?:identified (?:\w+ ){0,3}?as|victims? (?:was |is )?|named|suspect|accused)\W*$", regex.I)


def _names(article: Article, places: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(named, mentioned): folded name -> the name as written, for the capitalised name pairs of
    sentences that tell a harm (not after an office: "Officer Jane Doe"; not a place the article
    names), most frequent first. Named: with an age or what happened to them ("Jo Doe, 15,", "Jo Doe
    was shot", "identified as Jo Doe"); mentioned: the others."""
    counts: Counter[str] = Counter()
    named: set[str] = set()
    shown: dict[str, str] = {}
    text = article.text
    place_words = {w for p in places for w in p.split()}
    for sentence in article.sentences:
        piece = text[sentence.start:sentence.end]
        if sentence.headline or not _HARM.search(piece):
            continue
        for m in _NAME.finditer(piece):
            first, last = m.group("first"), m.group("last")
            if first.lower() in _NOT_NAME or last.lower() in _NOT_NAME:
                continue
            before = piece[:m.start()]
            words = before.rstrip(" ,").rsplit(None, 1)
            if words and words[-1].lower().rstrip(".") in _TITLES:
                continue
            key = fold(f"{first} {last}")
            if key.split()[0] in place_words or key.split()[-1] in place_words:
                continue
            counts[key] += 1
            shown.setdefault(key, f"{first} {last}")
            if _NAMED_AFTER.match(piece, m.end()) or _NAMED_BEFORE.search(before[-40:]):
                named.add(key)
    ordered = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ({k: shown[k] for k in ordered if k in named}, {k: shown[k] for k in ordered if k not in named})


_PROPER = regex.compile(r"(?<=[\p{Ll},;:] )\p{Lu}[\p{L}'’]+(?:[ -]\p{Lu}[\p{L}'’]+){0,2}")
_TOPICS_KEPT = 3
_PROPER_WORDS_KEPT = 10


def _topics(text: str) -> tuple[str, ...]:
    """The proper names the text repeats most (twice at least), not at a sentence's start; and the
    words of proper names it shows most (streets, surnames, businesses)."""
    found = [fold(m.group()) for m in _PROPER.finditer(text)]
    counts = Counter(found)
    top = [(n, k) for k, n in counts.items() if n >= 2 and k.split()[0] not in _NOT_NAME]
    words = Counter(w for name in found for w in name.split() if len(w) > 2 and w not in _NOT_NAME)
    ranked = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:_PROPER_WORDS_KEPT]
    return tuple(sorted({*(k for _, k in sorted(top, key=lambda nk: (-nk[0], nk[1]))[:_TOPICS_KEPT]),
                         *(w for w, _ in ranked)}))


def _headline_words(title: str | None) -> tuple[str, ...]:
    if not title:
        return ()
    parts = _SITE_SEPARATOR.split(title)
    if len(parts) > 1:  # "Headline - Site Name": the site's name says nothing of the incident
        parts = parts[:-1] if len(parts[-1]) < len(" ".join(parts[:-1])) else parts
    words = {fold(w) for w in _WORD.findall(" ".join(parts))}
    words = {w for w in words if len(w) >= 3 and w not in _COMMON and not w.isdigit()}
    return tuple(sorted(words))[:_WORDS_KEPT]


def day(ordinal: int | None) -> str | None:
    return dt.date.fromordinal(ordinal).isoformat() if ordinal is not None else None
