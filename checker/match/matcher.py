"""Rule patterns run by PCRE2's JIT compiler where it gives the same matches as ``regex``.

Rule patterns are written for the ``regex`` module, which is their reference: it compiles them,
reports their errors and runs them where nothing faster will. Its backtracking interpreter takes
hundreds of microseconds per sentence on the macro-heavy patterns of a real pack (a headcount list
is tried at every word that can begin a count); PCRE2 compiles the same backtracking semantics to
machine code and runs them 10-40 times faster. The two engines agree on the syntax rule packs use
(groups, look-arounds, ``(?(DEFINE)…)`` calls, Unicode classes, case-insensitive matching), so a
pattern goes to PCRE2 only when

1. its source holds no construct whose meaning differs between the engines or that PCRE2 lacks
   (``\\u`` escapes, ``\\L<list>``, fuzzy matching, version/reverse/word flags, ``\\Z``…),
2. PCRE2 compiles it (it refuses unbounded look-behinds; a large group under a bounded repeat,
   which PCRE2 would write out once per repetition, is compiled as a subroutine call), and
3. both engines give the same matches, with the same groups, on the slot's own examples and on
   :data:`PROBES`.

Anything else runs on ``regex`` as before, pattern by pattern; ``CHECKER_MATCHER=regex`` runs
everything there. PCRE2 bounds backtracking by steps rather than time: a sentence on which it
gives up is matched again by ``regex`` under the usual time limit, so its result is never lost.

The approval (a set of pattern sources) is part of the rule book, so the cached book carries it;
PCRE2 patterns themselves cannot be pickled and are compiled once per process when first used.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

import regex

from checker.match.triggers import bounded_lookbehinds, lookbehind_reach

try:  # an optional speed-up: without it every pattern runs on regex
    import pcre2
except ImportError:  # pragma: no cover - pcre2 is a dependency; this guards broken installs
    pcre2 = None

# Most runs of a pattern find nothing, and then the binding's Python layer (argument checks, the
# match context, the Match object) costs more than PCRE2's search itself. Twin calls its Cython
# entry points directly (a search, a group's span and text: see Found); pcre2 is pinned to 0.7.x,
# whose layout this reads, and anything else falls back to the public API (tests/test_matcher.py
# holds the two equal).
RAW_MATCH = getattr(getattr(pcre2, "_cy", None), "match", None)
NO_CONTEXT = getattr(pcre2, "_EMPTY_MATCH_CONTEXT", None)
_SPAN = getattr(getattr(pcre2, "_cy", None), "match_substring_span_bynumber", None)
_GROUP = getattr(getattr(pcre2, "_cy", None), "match_substring_bynumber", None)
_NAMES = getattr(getattr(pcre2, "_cy", None), "pattern_name_dict", None)


def _raw(code: Any) -> Any | None:
    """The binding's inner compiled pattern of ``code``, where :class:`Twin` may call PCRE2 directly."""
    if None in (RAW_MATCH, NO_CONTEXT, _SPAN, _GROUP, _NAMES) or getattr(code, "callout", None) is not None:
        return None
    return getattr(code, "_pcre2_code", None)


class Found:
    """A match read straight from PCRE2's match data: its span and its groups, as the binding's
    Match gives them. (That Match checks a group's name or number on every read, and looks the
    pattern's group names up through a one-entry cache that patterns keep evicting; a rule
    pattern's matches are read a few groups each, millions of times in a corpus.)"""

    __slots__ = ("_data", "_text", "_names", "_span")

    def __init__(self, data: Any, text: str, names: dict[str, int]) -> None:
        self._data, self._text, self._names = data, text, names
        self._span: tuple[int, int] = _SPAN(data, text, 0)  # type: ignore[misc]

    def _number(self, group: int | str) -> int:
        return self._names[group] if isinstance(group, str) else group

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._span if group == 0 else _SPAN(self._data, self._text, self._number(group))  # type: ignore[misc]

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def group(self, group: int | str = 0) -> str | None:
        if group == 0:
            return self._text[self._span[0]:self._span[1]]
        return _GROUP(self._data, self._text, self._number(group))  # type: ignore[misc]

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        data, text = self._data, self._text
        out = {}
        for name, number in self._names.items():
            value = _GROUP(data, text, number)  # type: ignore[misc]
            out[name] = default if value is None else value
        return out


# written for this module (never taken from articles): sentences of many shapes, with digits,
# number words, lists, quotes, dates, times, capitals, non-ASCII letters and punctuation, on which
# a pattern's two compilations must agree before the fast one is trusted
PROBES = (
    "Three sailors and a fisherman were killed when the ferry capsized near Orlen on Monday.",
    "At least 12 people died and 30 were injured, officials said.",
    "The blast killed three workers, including a 25-year-old engineer, and wounded dozens.",
    "“The water is still rising,” the agency said in a statement on Tuesday.",
    "A second explosion struck the port at 10:45 p.m. local time (1945 GMT), the agency reported.",
    "The death toll rose to 1,204 on Friday, according to the regional governor, Ana Pell.",
    "Two separate crashes on 3 March 2021 left six firefighters dead in Vel-Marà.",
    "Nobody was hurt; no fewer than five houses were damaged by the magnitude 6.1 quake at a depth of 10 km.",
    "Rescuers said between 40 and 50 miners were trapped after the collapse, and hundreds fled.",
    "In 2019, a similar fire killed 40 people in the same district, the mayor, José Núñez, said.",
    "Gunmen stormed the hotel early on Sunday, killing nine guests and two guards before fleeing.",
    "The number of dead was put at 19 by the coroner's office; those killed were two nurses and a driver.",
    "ÉTAT D'URGENCE: Şehir'de 3 kişi öldü — 7 yaralı, dedi Bakanlık.",
    "He said: 'More than 120 have died on the pass since 2015.' She added it was a 'tragedy'.",
    "Eleven employees of the plant, among them a manager, had been taken to hospital by 6 a.m.",
    "ZWEI TOTE NACH EXPLOSION IN STRAẞE — Feuerwehr: 12 Verletzte",
    "",
    "a",
    "1.5",
)

# constructs of regex syntax that PCRE2 lacks or reads otherwise; found outside character classes
# by :func:`_differs` (escapes are read whole, so "\\\\u" is a backslash and a "u")
_DIFFERENT_ESCAPES = frozenset("uUNLZXGKRhHvVgk")
_SAFE_FLAGS = frozenset("imsx-")
_FLAG_GROUP = regex.compile(r"\(\?([a-zA-Z0-9-]*)([:)])")
_FUZZY = regex.compile(r"\{\s*[eisd]\s*[<=]")  # {e<=1}: regex's fuzzy matching


def enabled() -> bool:
    return pcre2 is not None and os.environ.get("CHECKER_MATCHER", "").strip().lower() not in ("regex", "slow")


def _tokens(source: str) -> Iterator[tuple[int, str]]:
    """(position, token) of what matters to a translation, in order: escapes ("\\u", also in classes),
    parentheses and braces outside character classes, and "[[" for a set nested in a class (regex's
    set operations); the rest of a class (a POSIX class like [:alpha:] included) is skipped."""
    i, n, in_class = 0, len(source), False
    while i < n:
        c = source[i]
        if c == "\\":
            yield i, source[i:i + 2]
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif source.startswith("[:", i):
                end = source.find(":]", i + 2)
                i = end + 2 if end >= 0 else n
                continue
            elif c == "[":
                yield i, "[["
        elif c == "[":
            in_class = True
            i += 1
            if source.startswith("^", i):
                i += 1
            if source.startswith("]", i):  # a "]" first in a class is a literal
                i += 1
            continue
        elif c in "(){":
            yield i, c
        i += 1


def _differs(source: str) -> bool:
    """True when ``source`` uses regex syntax that PCRE2 reads otherwise or not at all."""
    for i, token in _tokens(source):
        if token == "[[" or (token[0] == "\\" and token[1:] in _DIFFERENT_ESCAPES):
            return True
        if token == "(":
            flags = _FLAG_GROUP.match(source, i)
            if flags is not None and flags.group(1):
                if not set(flags.group(1)) <= _SAFE_FLAGS:
                    return True  # fuzzy, version, reverse, word-boundary, full-case flags
                if flags.group(2) == ")" and i != 0:
                    return True  # a bare flag group mid-pattern: regex applies it everywhere
        elif token == "{" and _FUZZY.match(source, i):
            return True  # {e<=1}: fuzzy matching
    return False


_GROUP_NAME = regex.compile(r"(?<!\\)\(\?P?<([A-Za-z_]\w*)>")


JIT_AFTER = 100  # runs of a twin on PCRE2's interpreter before it is JIT-compiled


WINDOWED = 1 << 16  # a text longer than this is searched a window at a time (see Twin.finditer)
LOOK_BEHIND = 4_096  # characters before a window a pattern may look back on (PCRE2's own bound is lower)
WINDOW_FROM = 256  # a search that starts this far into a text is made in a window (see Twin.finditer)


class Shifted(Found):
    """A match found in a window of a text, read as a match in the whole text (offsets shifted)."""

    __slots__ = ("_at",)

    def __init__(self, found: Found, at: int) -> None:
        self._data, self._text, self._names, self._at = found._data, found._text, found._names, at
        start, stop = found._span
        self._span = (start + at, stop + at)

    def span(self, group: int | str = 0) -> tuple[int, int]:
        if group == 0:
            return self._span
        start, stop = _SPAN(self._data, self._text, self._number(group))  # type: ignore[misc]
        return (start + self._at, stop + self._at) if start >= 0 else (start, stop)

    def group(self, group: int | str = 0) -> str | None:
        if group == 0:
            return self._text[self._span[0] - self._at:self._span[1] - self._at]
        return _GROUP(self._data, self._text, self._number(group))  # type: ignore[misc]


class _ShiftedMatch:
    """A binding's Match found in a window, read with offsets in the whole text."""

    def __init__(self, match: Any, at: int) -> None:
        self._match, self._at = match, at

    def span(self, group: int | str = 0) -> tuple[int, int]:
        start, stop = self._match.span(group)
        return (start + self._at, stop + self._at) if start >= 0 else (start, stop)

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def group(self, group: int | str = 0) -> str | None:
        return self._match.group(group)

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        return self._match.groupdict(default)


def _shifted_binding(match: Any, at: int) -> Any:
    return _ShiftedMatch(match, at)


class Twin:
    """A pattern's PCRE2 compilation. regex lets several groups share a name (one group that
    whichever of them matched sets); PCRE2 would keep only the first, so the others are renamed
    here and their values given back under the shared name by :meth:`groupdict`. A twin whose
    look-behinds had their whitespace runs bounded (``spaced``, see :func:`bounded_lookbehinds`)
    gives up on a text holding a longer run, where the two compilations could differ."""

    __slots__ = ("code", "raw", "names", "renamed", "hidden", "runs", "spaced", "reach")

    def __init__(self, code: Any, renamed: dict[str, str], hidden: frozenset[str] = frozenset(),
                 spaced: bool = False, reach: int | None | bool = False) -> None:
        self.code = code
        self.raw = _raw(code)  # to call PCRE2 directly (see Found)
        self.names: dict[str, int] = _NAMES(self.raw) if self.raw is not None else {}  # type: ignore[misc]
        self.renamed = renamed  # PCRE2 group name -> the name written in the rule
        self.hidden = hidden  # groups of the translation's own (never set)
        self.runs = 0 if not code.jit else JIT_AFTER  # runs on PCRE2's interpreter so far
        self.spaced = spaced
        # how far before a search's start a match may read (lookbehind_reach), read when first needed
        # (most twins only ever search whole sentences); False: not read yet
        self.reach = reach

    def _check_spaces(self, text: Any) -> None:
        if type(text) is not str or _LONG_SPACE.search(text) is not None:
            raise GaveUp(f"a run of more than {LOOKBEHIND_SPACE} whitespace characters, which a look-behind "
                         "of the twin does not read as the pattern does")

    def _count_run(self) -> None:
        # JIT compiling a pattern costs about as much as a few hundred runs on the interpreter,
        # which finds the same matches: a short run (one article) never pays for it, nor for
        # writing its word lists as tries (as_tries), which is done then
        self.runs += 1
        if self.runs == JIT_AFTER:
            shaped = self.shaped()
            if shaped is not None:
                self.code, self.raw = shaped.code, shaped.raw
            else:
                self.code.jit_compile()

    def shaped(self) -> Twin | None:
        """The twin compiled (and JIT-compiled) from its source with the word lists as tries (the
        same matches, groups and all: see as_tries); None where that is the source as it is."""
        code = self.code
        flags = getattr(code, "flags", 0)
        if flags & pcre2.VERBOSE:
            return None
        source = as_tries(code.pattern)
        if source == code.pattern:
            return None
        try:
            twin = Twin(pcre2.compile(source, flags, jit=True), self.renamed, self.hidden, self.spaced, self.reach)
        except Exception:  # noqa: BLE001 - PCRE2 refuses it (nesting): as it is
            return None
        return twin if twin.names == self.names and (twin.raw is None) == (self.raw is None) else None

    def groupdict(self, match: Any) -> dict[str, str | None]:
        groups = match.groupdict()
        if not self.renamed and not self.hidden:
            return groups
        out: dict[str, str | None] = {}
        for name, value in groups.items():
            if name in self.hidden:
                continue
            name = self.renamed.get(name, name)
            if value is not None or name not in out:
                out[name] = value
        return out

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Any]:
        """Every match, as regex's finditer gives them: searched for one after another straight
        from PCRE2 (most texts hold none; the binding's iterator costs more to start than a search)."""
        if self.spaced:
            self._check_spaces(text)
        end = len(text) if endpos is None else endpos
        if pos > WINDOW_FROM and type(text) is str and self.raw is not None and pos <= end <= len(text):
            # a sentence of a longer text: the binding turns every offset into a byte offset by reading
            # the text from its start, so each search would cost the text up to it. The sentence and
            # what a look-behind can see before it are searched instead: as far as the pattern's
            # look-behinds reach, or, not known, as far as PCRE2 lets one (a large text only)
            reach = self.reach
            if reach is False:
                flags = getattr(self.code, "flags", 0)
                reach = self.reach = None if flags & pcre2.VERBOSE else lookbehind_reach(self.code.pattern)
            if reach is not None or len(text) > WINDOWED and end - pos < len(text) // 2:
                at = max(0, pos - (reach if reach is not None else LOOK_BEHIND))
                found = self.finditer(text[at:end], pos - at)
                return [Shifted(m, at) if isinstance(m, Found) else _shifted_binding(m, at) for m in found]
        if self.runs < JIT_AFTER:
            self._count_run()
        raw = self.raw
        try:
            if raw is None or type(text) is not str or not 0 <= pos <= end <= len(text):
                return list(self.code.finditer(text, pos, end))
            found: list[Any] = []
            at = pos
            while at <= end:
                data = RAW_MATCH(raw, text, end, at, NO_CONTEXT, 0)[0]  # type: ignore[misc]
                if not data:
                    break
                match = Found(data, text, self.names)
                start, stop = match._span
                if start == stop:  # an empty match: what may come after it, the binding knows
                    return found + list(self.code.finditer(text, at, end))
                found.append(match)
                at = stop
            return found
        except Exception as exc:  # noqa: BLE001 - the step or depth limit
            raise GaveUp(str(exc)) from exc

    def find_all(self, text: str) -> list[Any]:
        """``finditer(text)``, shorter where most time goes: a whole sentence of a few hundred
        characters, a JIT-compiled pattern, most often no match."""
        raw = self.raw
        if raw is None or self.runs < JIT_AFTER or type(text) is not str or len(text) > WINDOWED or self.spaced:
            return self.finditer(text)
        try:
            data = RAW_MATCH(raw, text, len(text), 0, NO_CONTEXT, 0)[0]  # type: ignore[misc]
        except Exception as exc:  # noqa: BLE001 - the step or depth limit
            raise GaveUp(str(exc)) from exc
        if not data:
            return []
        match = Found(data, text, self.names)
        start, stop = match._span
        if start == stop:
            return self.finditer(text)
        return [match, *self.finditer(text, stop)]

    def search(self, text: str) -> Any | None:
        if self.spaced:
            self._check_spaces(text)
        if self.runs < JIT_AFTER:
            self._count_run()
        try:
            if self.raw is None or type(text) is not str:
                return self.code.search(text)
            data = RAW_MATCH(self.raw, text, len(text), 0, NO_CONTEXT, 0)[0]  # type: ignore[misc]
            return Found(data, text, self.names) if data else None
        except Exception as exc:  # noqa: BLE001
            raise GaveUp(str(exc)) from exc


def compile_twin(source: str, flags: int, *, checked: bool = False, jit: bool = True) -> Twin | None:
    """The PCRE2 compilation of a ``regex`` pattern, or None where it cannot be trusted to agree
    (``checked``: its syntax was found the same in both before, when it was approved; ``jit``
    false: JIT-compiled only after :data:`JIT_AFTER` runs)."""
    if pcre2 is None or (not checked and _differs(source)):
        return None
    seen: dict[str, int] = {}
    renamed: dict[str, str] = {}

    def rename(m: regex.Match[str]) -> str:
        name = m.group(1)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] == 1:
            return m.group()
        alias = f"{name}__{seen[name]}"
        renamed[alias] = name
        return f"(?P<{alias}>"

    translated = _GROUP_NAME.sub(rename, source)
    shared = {name for name, times in seen.items() if times > 1}
    if any(regex.search(rf"\(\?(?:P=|&|P>|\(<?){regex.escape(name)}\b|\\g<{regex.escape(name)}>", source)
           for name in shared):
        return None  # a reference to a shared name: which group it means differs
    options = pcre2.UNICODE
    if flags & regex.IGNORECASE:
        options |= pcre2.IGNORECASE
    if flags & regex.DOTALL:
        options |= pcre2.DOTALL
    if flags & regex.MULTILINE:
        options |= pcre2.MULTILINE
    if flags & regex.VERBOSE:
        options |= pcre2.VERBOSE
    try:
        return Twin(pcre2.compile(translated, options, jit=jit), renamed)
    except Exception as exc:  # noqa: BLE001 - any refusal (unbounded look-behind…) means: not here
        if "lookbehind" in str(exc):
            bounded = bounded_lookbehinds(translated, LOOKBEHIND_SPACE)
            if bounded == translated:
                return None
            try:
                return Twin(pcre2.compile(bounded, options, jit=jit), renamed, spaced=True)
            except Exception:  # noqa: BLE001 - unbounded for another reason
                return None
        if "too large" not in str(exc):
            return None
    # PCRE2 writes out a bounded repeat once per repetition: "(?:(?!\b(?:said|told…)\b)[^.;]){0,80}"
    # becomes eighty copies of the word list. Called as a subroutine, the body is written once.
    smaller, hidden = _repeats_as_calls(translated)
    if not hidden:
        return None
    try:
        return Twin(pcre2.compile(smaller, options, jit=jit), renamed, hidden)
    except Exception:  # noqa: BLE001
        return None


# ---- look-behinds with bounded whitespace ---------------------------------------------------------
#
# PCRE2 runs a look-behind only when its length is bounded; regex has no such bound. A rule's word
# lists write the spaces of a phrase as "\s+" ("lost\s+their\s+lives"), so a look-behind naming a
# verb list ("(?<=\b(?:{killed_verb})\b[^,.;]{0,50}, including)") has no twin, and ran on regex, many
# times slower. Written with those runs bounded ("\s{1,8}", checker.match.triggers.bounded_lookbehinds),
# it reads the same on every text without a run of more than eight whitespace characters; a twin so
# compiled gives up (GaveUp: regex runs) on any text that holds one, so the matches stay the pattern's.
#
# A search from a sentence of a longer text runs in a window that starts as far before the sentence
# as the pattern's look-behinds reach (checker.match.triggers.lookbehind_reach): the binding turns a
# search's start and end, given in characters, into bytes by reading the text from its first
# character, and a match's offsets back the same way, so a sentence searched in the article's text
# cost the article's length, twice.

LOOKBEHIND_SPACE = 8
_LONG_SPACE = regex.compile(r"\s{%d}" % (LOOKBEHIND_SPACE + 1))


# ---- word lists as tries ---------------------------------------------------------------------------
#
# A rule pattern's word lists expand to alternations of literal words, longest first:
# "(?:lost\s+their\s+lives|injuring|injured|killed|kills|kill|died|dies|die)". A backtracking engine
# tries the alternatives one after another at every place it starts one, so a list of 300 words costs
# 300 comparisons there. Written as a trie, "(?:lost\s+their\s+lives|injur(?:ing|ed)|kill(?:ed|s|)|
# di(?:ed|es|e))", it costs a few. The matches are the same, groups and all, when the trie tries the
# words that can match at one place in the order the list does: two words that both match where one
# is tried are one a prefix of the other (their first difference would be two different characters,
# or whitespace against a character), so only a word's ending against the longer words beginning with
# it is ordered, and a list that orders them in a way a trie cannot keep is left as it is. Inside a
# look-around (a negative one, or a positive one that captures nothing) the order does not matter:
# the assertion holds when some way through it matches, whichever is tried first, so every such list
# becomes a trie (not where a pattern holds atomic groups, possessive repeats or verbs, which commit
# to the first way found). Only lists of plain words are read: lower-case ASCII letters, digits,
# punctuation and other characters that have no case, a space or "\s+" between words (never two
# ways of writing whitespace at one place, never "\s+" before whitespace or at a word's end, where it
# could give back some of what it took).

# what the scan of a source reads: a run of escapes, classes and other characters than parentheses
# (stepped over), a comment, a group of literal alternatives (its body), a group's opening (with what
# says its kind: a look-around's, a capture's) and a closing parenthesis
_LIST_SCAN = re.compile(
    r"(?:[^\\\[()]+|\\.|\[\^?\]?(?:\\.|\[:\w+:\]|[^\]\\])*\])+|\(\?#[^)]*\)"
    r"|\(\?:(?P<body>(?:[^\\\[\](){}|.^$?*+#\s]|\\[^\w\s]|\\s\+| )*(?:\|(?:[^\\\[\](){}|.^$?*+#\s]|\\[^\w\s]|\\s\+| )*)+)\)"
    r"|\((?P<open>\?<?[=!]|\?P?<(?![=!])|\?'|(?!\?))?|\)", re.DOTALL)
_COMMITS = re.compile(r"\(\?>|\(\*|[*+?}]\+")  # atomic groups, verbs, possessive repeats (or what may be one)
_INLINE_VERBOSE = re.compile(r"\(\?[a-zA-Z-]*x")
_SPACES = frozenset({" ", "\\s+"})
_TRIES: dict[tuple[str, bool], str | None] = {}  # (list body, order free) -> its trie (None: as it is)


def as_tries(source: str) -> str:
    """``source`` with its groups of literal words written as tries (see above); the same matches."""
    if "\\Q" in source or _INLINE_VERBOSE.search(source):
        return source
    commits = _COMMITS.search(source) is not None
    out: list[str] = []
    lists: list[tuple[int, str, list[bool] | None]] = []  # (where in out, body, its innermost look-around)
    stack: list[list[bool] | None] = []  # the open groups: a look-around's [positive, order free], else None
    for m in _LIST_SCAN.finditer(source):
        token = m.group()
        kind = m.lastgroup
        if kind == "body":
            look = next((entry for entry in reversed(stack) if entry is not None), None)
            lists.append((len(out), token, look))
        elif kind == "open":
            opened = m.group("open")
            if opened.endswith(("=", "!")):
                stack.append([opened.endswith("="), not commits])
            else:  # a capture: a positive look-around around it says which way it went
                stack.append(None)
                for entry in stack:
                    if entry is not None and entry[0]:
                        entry[1] = False
        elif token == "(":
            stack.append(None)
        elif token == ")" and stack:
            stack.pop()
        out.append(token)
    for where, token, look in lists:
        key = (token[3:-1], look is not None and look[1])
        trie = _TRIES.get(key, "")
        if trie == "":
            trie = _TRIES[key] = _trie(*key)
        if trie is not None:
            out[where] = trie
    return "".join(out)


def _words(body: str) -> list[list[str]] | None:
    """The alternatives of a list body as their characters and "\\s+" (written plainly: an escaped
    punctuation mark as the mark), or None when one is not a plain word (see above)."""
    words = []
    for alternative in body.split("|"):
        atoms: list[str] = []
        i, n = 0, len(alternative)
        while i < n:
            c = alternative[i]
            if c == "\\":
                atom = alternative[i:i + 3] if alternative.startswith("\\s+", i) else alternative[i + 1:i + 2]
                i += len(atom) + (atom != "\\s+")
            elif c == " " or (c.isascii() and not c.isupper()) or (not c.isascii() and c.lower() == c.upper()
                                                                    and not c.isspace() and c.isprintable()):
                atom = c
                i += 1
            else:
                return None  # an upper-case letter, a letter with case, whitespace other than a space
            if atom in _SPACES and atoms and atoms[-1] == "\\s+":
                return None
            atoms.append(atom)
        if atoms and atoms[-1] == "\\s+":
            return None
        words.append(atoms)
    return words


def _trie(body: str, order_free: bool) -> str | None:
    """The list ``body`` as a trie, a group; None when it is better left as it is."""
    words = _words(body)
    if words is None:
        return None
    root: dict = {}
    for index, atoms in enumerate(words):
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node.setdefault("", index)  # a word listed twice: the first is the one that matches
    try:
        first, last, written, alternatives = _written(root, order_free)
    except ValueError:
        return None
    return written if alternatives else f"(?:{written})"


def _written(node: dict, order_free: bool) -> tuple[int, int, str, bool]:
    """(first, last index of the words under ``node``, the trie written from there, whether that is a
    group of alternatives). ValueError when the words cannot be kept in their order."""
    if not order_free and sum(1 for atom in node if atom in _SPACES) > 1:
        raise ValueError("two ways of writing whitespace at one place")
    parts = []  # (first, last, written)
    for atom, child in node.items():
        if atom == "":
            continue
        first, last, rest, _ = _written(child, order_free)
        shown = atom if atom in _SPACES or atom.isalnum() or not atom.isascii() else "\\" + atom
        parts.append((first, last, shown + rest))
    if "" in node:
        end = node[""]
        if not order_free and any(first < end < last for first, last, _ in parts):
            raise ValueError("a word's end ordered among longer words beginning with it")
        parts.append((end, end, ""))
    parts.sort()
    first, last = parts[0][0], max(p[1] for p in parts)
    if len(parts) == 1:
        return first, last, parts[0][2], False
    return first, last, "(?:" + "|".join(p[2] for p in parts) + ")", True


def _repeats_as_calls(source: str) -> tuple[str, frozenset[str]]:
    """``source`` with each large non-capturing group under a bounded repeat (``(?:…){0,80}``)
    defined once in a ``(?(DEFINE)…)`` block and called, and the names given to the definitions.
    Only bodies without groups that capture or are referred to are moved, so every match and
    every group is the same (PCRE2 lets backtracking enter a called group, as regex does)."""
    pairs = _paren_pairs(source)
    if pairs is None:
        return source, frozenset()
    moved: list[tuple[int, int]] = []  # (start, end) of each group moved, outermost first
    for start, end in sorted(pairs.items()):
        if any(s <= start < e for s, e in moved) or not source.startswith("(?:", start):
            continue
        repeat = _BOUNDED_REPEAT.match(source, end + 1)
        body = source[start + 3:end]
        if repeat is None or int(repeat.group(1)) < 8 or len(body) < 200 or _CAPTURE_OR_REFERENCE.search(body):
            continue
        moved.append((start, end))
    if not moved:
        return source, frozenset()
    names = [f"_repeat{i}" for i in range(len(moved))]
    out, last = [], 0
    for (start, end), name in zip(moved, names):
        out += [source[last:start], f"(?&{name})"]
        last = end + 1
    out.append(source[last:])
    definitions = "".join(f"(?<{name}>{source[start + 3:end]})" for (start, end), name in zip(moved, names))
    return "".join(out) + f"(?(DEFINE){definitions})", frozenset(names)


_BOUNDED_REPEAT = regex.compile(r"\{\d*,?(\d+)\}")
# a group that captures ("(", "(?P<", "(?<name>") or a reference to one: such a body stays in place
_CAPTURE_OR_REFERENCE = regex.compile(r"(?<!\\)\((?!\?)|\(\?P?<(?![=!])|\(\?(?:P=|&|P>|R|\d|\()|\\[1-9gk]")


def _paren_pairs(source: str) -> dict[int, int] | None:
    """Where each group of ``source`` opens -> where it closes."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, token in _tokens(source):
        if token == "(":
            stack.append(i)
        elif token == ")":
            if not stack:
                return None
            pairs[stack.pop()] = i
    return pairs if not stack else None


# seconds ``regex`` may spend on one probe or example when a pattern's two compilations are compared:
# a pattern that takes longer on a sentence backtracks catastrophically (see SlowPattern)
CHECK_TIMEOUT = 1.0


class SlowPattern(Exception):
    """A pattern that ``regex`` took more than :data:`CHECK_TIMEOUT` seconds to run on one text."""

    def __init__(self, pattern: str, text: str) -> None:
        self.pattern, self.text = pattern, text
        shown = text if len(text) <= 60 else text[:59] + "…"
        super().__init__(f"took more than {CHECK_TIMEOUT:g}s on the sentence \"{shown}\"")


def _matches(pattern: Any, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    if isinstance(pattern, Twin):
        return [(m.span(), {k: v for k, v in pattern.groupdict(m).items() if v is not None})
                for m in pattern.finditer(text)]
    try:
        return [(m.span(), {k: v for k, v in m.groupdict().items() if v is not None})
                for m in pattern.finditer(text, timeout=CHECK_TIMEOUT)]
    except TimeoutError:
        raise SlowPattern(pattern.pattern, text) from None


def agrees(compiled: regex.Pattern[str], twin: Twin, texts: Iterable[str], *more: Twin) -> bool:
    """Both compilations (and ``more`` of the twin's) find the same spans and groups in every text,
    and PCRE2 never gives up. :class:`SlowPattern` when ``regex`` runs too long on one of them."""
    for text in texts:
        expected = _matches(compiled, text)  # raises SlowPattern
        try:
            if any(_matches(one, text) != expected for one in (twin, *more)):
                return False
        except Exception:  # noqa: BLE001 - PCRE2's step limit, or anything else: not trusted
            return False
    return True


def approve(patterns: Iterable[tuple[regex.Pattern[str], Iterable[str]]],
            slow: list[SlowPattern] | None = None) -> frozenset[str]:
    """The sources of the patterns PCRE2 may run: those it compiles and that agree with ``regex``
    on :data:`PROBES` and on the texts given with them (a slot's examples). A pattern that runs too
    long on one of them is not approved, and told to ``slow``."""
    if pcre2 is None:
        return frozenset()
    approved = set()
    for compiled, texts in patterns:
        twin = compile_twin(compiled.pattern, compiled.flags)
        if twin is None:
            continue
        shaped = twin.shaped()  # what it runs as once JIT-compiled (see Twin._count_run)
        try:
            if agrees(compiled, twin, [*PROBES, *texts], *([shaped] if shaped is not None else [])):
                approved.add(compiled.pattern)
        except SlowPattern as exc:
            if slow is not None:
                slow.append(exc)
    return frozenset(approved)


class Twins:
    """The PCRE2 twins of one rule book's approved patterns, compiled when first asked for."""

    def __init__(self, approved: frozenset[str]) -> None:
        self.approved = approved if enabled() else frozenset()
        self._twins: dict[int, tuple[regex.Pattern[str], Twin | None]] = {}
        # (slot index, pattern indexes) -> the patterns and their twins, as extract runs them together
        self.runs: dict[tuple[int, tuple[int, ...]], list[Any]] = {}
        # slot index -> its exclusions with their twins and prefilter keys, as extract searches them
        self.unless: dict[int, tuple[tuple[regex.Pattern[str], Twin | None], ...]] = {}

    def get(self, compiled: regex.Pattern[str]) -> Twin | None:
        entry = self._twins.get(id(compiled))
        if entry is None or entry[0] is not compiled:
            twin = compile_twin(compiled.pattern, compiled.flags, checked=True, jit=False) \
                if compiled.pattern in self.approved else None
            entry = self._twins[id(compiled)] = (compiled, twin)
        return entry[1]


class GaveUp(Exception):
    """PCRE2 stopped matching (its backtracking step limit): run the reference engine instead."""
