"""quote: quoted words and who they are credited to.

The same words (fuzzy: outlets trim, translate and re-punctuate quotes)
credited to speakers who cannot be one another is an `attribution` conflict.
Speakers are compared after alias folding ("Ministry of Foreign Affairs" =
"foreign ministry"), and a name contained in another agrees with it
("Azerbaijan" / "Azerbaijan's defence ministry"). A definite description
("the ministry") is resolved to the nearest earlier name with the same head
noun; pronouns and bare "the statement" stay unresolved and are not compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from checker.lexicon import fold, similarity
from checker.values.base import BaseType, Conflict

QUOTE_PATTERN = r"(?:[“\"«‘](?:[^“”\"«»]{12,800})[”\"»’])"
"""Body of ``{quote}``: text between quotation marks (straight, curly or guillemets), line breaks
included: a pattern runs on one sentence, and a sentence holds a quote wrapped over two lines but never
a blank line (a paragraph's end), so a quotation mark cannot pair with one in another paragraph."""

_STOPWORDS = ("and|or|but|nor|that|which|who|whom|whose|it|its|he|she|they|we|i|you|after|before|when|while|as|"
              "had|has|have|was|were|is|are|be|been|being|by|with|to|from|than|then|also|not|this|these|those|"
              "there|here|what|where|why|how|if|because|so|said|says|told|claimed|reported|announced|killed|"
              "died|dead|injured|wounded|the|a|an|on|in|of|for|at|later|earlier|today|yesterday")
SPEAKER_PATTERN = r"(?<![\p{L}\d’'.-])(?:\p{L}[\p{L}’'.-]*\s+){0,7}\p{L}[\p{L}’'.-]*"
"""Body of ``{speaker}``: up to eight words; :func:`trim_speaker` keeps the noun phrase at their end.
Cheap on purpose: a regex that rejected function words itself ran ten times slower."""

_SPEAKER_STOP = set(_STOPWORDS.split("|"))
_CONNECTORS = {"of", "in", "for", "at"}
_ARTICLES = {"the", "a", "an"}


@lru_cache(maxsize=4096)
def trim_speaker(raw: str) -> str | None:
    """The noun phrase that ends ``raw``: "Armenia's foreign ministry condemned the attacks and" has none;
    "hours after the Ministry of Health" gives "the Ministry of Health". Remembered (credits repeat)."""
    kept: list[str] = []
    for word in reversed(raw.split()):
        lower = word.lower().strip(",.;:")
        if lower in _CONNECTORS and kept and kept[0][:1].isupper():
            kept.insert(0, word)
            continue
        if lower in _ARTICLES:
            if kept:
                kept.insert(0, word)
            break
        if lower in _SPEAKER_STOP:
            break
        kept.insert(0, word)
    while kept and kept[0].lower() in _CONNECTORS:
        kept.pop(0)
    return " ".join(kept) if kept else None

_UNRESOLVED = {"he", "she", "it", "they", "we", "i", "statement", "the statement", "a statement", "source",
               "sources", "officials", "an official", "the official", "reports"}
_STOP = {"the", "a", "an", "of", "s", "in", "on", "for", "and", "said", "says", "its", "their"}
# heads of a description that names no one in particular until resolved ("the ministry", "the spokesman")
_VAGUE_HEADS = {"ministry", "department", "office", "agency", "government", "authorities", "authority", "official",
                "officials", "statement", "source", "sources", "report", "reports", "spokesman", "spokeswoman",
                "spokesperson", "group", "organisation", "organization", "service", "services",
                "committee", "council", "commission", "body", "unit", "team", "side", "channel", "agencies",
                "outlet", "newspaper", "network", "broadcaster", "website", "post", "account", "person", "man",
                "woman", "witness", "resident", "survivor", "victim", "relative", "friend", "neighbour", "neighbor"}
# heads of a description of one person not named ("the victim's aunt", "a neighbor", "one witness"): the
# words may be a named speaker's, told by another outlet without the name
_PERSON_HEADS = {"aunt", "uncle", "mother", "father", "mom", "dad", "brother", "sister", "son", "daughter", "cousin",
                 "grandmother", "grandfather", "grandson", "granddaughter", "niece", "nephew", "wife", "husband",
                 "girlfriend", "boyfriend", "fiancé", "fiancee", "partner", "parent", "relative", "friend",
                 "neighbour", "neighbor", "witness", "resident", "bystander", "survivor", "victim", "man", "woman",
                 "boy", "girl", "teen", "teenager", "owner", "employee", "worker", "student", "teacher", "passenger",
                 "customer", "patron", "classmate", "coworker", "co-worker", "roommate", "acquaintance"}
_DETERMINERS = {"the", "a", "an", "one", "another", "his", "her", "their", "its"}
# words of one name never cross a line break (a headline's last word is not part of it)
_CAPITALISED_NAME = r"(?:\p{Lu}[\p{L}-]*(?:[’']s)?[^\S\n]+|of[^\S\n]+|the[^\S\n]+){0,5}"


@dataclass(frozen=True)
class QuoteValue:
    text: str
    speaker: str | None

    def display(self) -> str:
        words = self.text.split()
        short = " ".join(words[:16]) + ("…" if len(words) > 16 else "")
        return f"“{short}” — {self.speaker or 'unknown'}"

    def to_json(self) -> dict[str, Any]:
        return {"type": "quote", "text": self.text, "speaker": self.speaker}


_ACCORDING_TO = regex.compile(r"^(?i:according to)\s+")


def _clean_speaker(text: str) -> str:
    text = " ".join(text.split()).strip(" ,.")
    return _ACCORDING_TO.sub("", text)


def resolve_speaker(speaker: str, before: str) -> str | None:
    """Turn "the ministry" into the last "… Ministry" named earlier; None if unresolvable."""
    folded = fold(speaker)
    if folded in _UNRESOLVED:
        return None
    words = speaker.split()
    if words and words[0].lower() == "the" and all(w[:1].islower() for w in words[1:]):
        head = words[-1]
        window = before[-1500:]
        found = None
        at = window.find(head.title())  # every match holds it, case and all (most windows do not)
        if at >= 0:
            # and none runs across a line: none starts before the line of the first one
            for m in _named_with(head.title()).finditer(window, window.rfind("\n", 0, at) + 1):
                if len(m.group().split()) > 1:
                    found = m.group()
        if found:
            return " ".join(found.split())
        # "the transport ministry" and "the governor" say enough; "the ministry" does not
        return speaker if len(words) > 2 or head.lower() not in _VAGUE_HEADS else None
    return speaker


@lru_cache(maxsize=1024)
def _named_with(head: str) -> regex.Pattern[str]:
    """A name that ends in ``head`` ("the ministry" -> "… Ministry", "Ministry of …"), compiled once
    per head word (regex's own cache hashes the whole pattern on every call)."""
    return regex.compile(rf"(?:\p{{Lu}}[\p{{L}}-]*[’']s[^\S\n]+)?{_CAPITALISED_NAME}{regex.escape(head)}"
                         rf"(?:[^\S\n]+of[^\S\n]+(?:\p{{Lu}}[\p{{L}}-]*[^\S\n]*){{1,4}})?")


def _tokens(name: str, speakers) -> set[str]:
    return {t for t in speakers.normalise(name).split() if t not in _STOP}


def same_speaker(a: str, b: str, speakers) -> bool:
    ta, tb = _tokens(a, speakers), _tokens(b, speakers)
    if not ta or not tb:
        return True  # nothing to compare: never a conflict
    if ta <= tb or tb <= ta:
        return True
    return similarity(" ".join(sorted(ta)), " ".join(sorted(tb)), token_set=True) >= 90


def unnamed_person(speaker: str) -> bool:
    """A description of one person that names no one ("one of the victim's aunts", "a neighbor"):
    lower-case words and a head noun for a person."""
    words = [w.strip(",.;:") for w in speaker.split()]
    if not words or any(w[:1].isupper() for w in words[1:]):
        return False
    head = regex.sub(r"(?:[’']s?|s[’'])$", "", words[-1].lower())
    head = head[:-1] if head.endswith("s") and head[:-1] in _PERSON_HEADS else head
    return head in _PERSON_HEADS and (words[0].lower() in _DETERMINERS or len(words) == 1 or "of" in words)


SHORT_QUOTE = 8  # distinct words under which a quote is a formula that meets another only whole


def _short_and_not_within(a: str, b: str) -> bool:
    """Is the shorter quote a few words (under SHORT_QUOTE distinct ones) not all found in the other?"""
    x, y = set(a.split()), set(b.split())
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return len(short) < SHORT_QUOTE and not short <= long


class QuoteType(BaseType):
    name = "quote"

    def parse(self, groups: Mapping[str, str], ctx) -> QuoteValue | None:
        quote = groups.get("value") or groups.get("quote")
        if not quote:
            return None
        text = " ".join(quote.strip("“”\"«»‘’ ").split()).rstrip(",;: ")
        if len(text.split()) < 5:
            return None
        raw = groups.get("speaker")
        phrase = trim_speaker(_clean_speaker(raw)) if raw else None
        speaker = None
        if phrase:
            before = ctx.article.text[max(0, ctx.match_start - 2000): ctx.match_start]
            speaker = resolve_speaker(phrase, before)
        return QuoteValue(text, speaker)

    def key(self, value: QuoteValue):
        return (fold(value.text), fold(value.speaker or ""))

    def select(self, facts, lexicons, *, own=False):
        return [f for f in facts if f.value.speaker]

    def conflict(self, a, b, lexicons) -> Conflict | None:
        x, y = a.value, b.value
        if x.speaker == y.speaker:  # the same words credited to one speaker: no conflict, whatever the words
            return None
        fx, fy = fold(x.text), fold(y.text)
        if similarity(fx, fy, token_set=True) < lexicons.settings.quote_similarity:
            return None
        # a short quote that shares a few words with a long one is not the same words ("deeply saddened
        # by this tragedy" beside a longer statement about the same tragedy): a formula of a few words
        # meets another only whole
        if _short_and_not_within(fx, fy):
            return None
        if same_speaker(x.speaker, y.speaker, lexicons.speakers):
            return None
        if unnamed_person(x.speaker) or unnamed_person(y.speaker):
            return None  # "the victim's aunt" may be the named speaker of the other article
        return Conflict("attribution", f"the same words credited to {x.speaker} and to {y.speaker}")
