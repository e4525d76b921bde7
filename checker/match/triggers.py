"""Derive a pattern's trigger words: literal words one of which every match must contain.

A pattern runs only on sentences holding one of its triggers, found for all
patterns at once by one Aho-Corasick pass. The derivation is conservative:
only what is certainly required counts — a vocab reference or a literal word
at the top level of the pattern or inside a required group; an alternation
(in a group or at the top) supplies the union of its alternatives' words when
every alternative requires one. Optional parts (``?``, ``*``, ``{0,n}``) and
negative lookarounds never supply triggers. A pattern with nothing required
runs on every sentence (correct, only slower).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

_LITERAL_MIN = 4  # shorter literal words are too common to filter anything


@dataclass
class _Group:
    alternatives: list[list]  # each alternative: a list of items
    kind: str  # "plain", "lookahead", "negative"


def _parse(pattern: str, i: int = 0, depth: int = 0) -> tuple[list[list], int]:
    """Parse until the matching ')' (or the end); return the alternatives and the index after."""
    alternatives: list[list] = [[]]
    word = ""

    def flush() -> None:
        nonlocal word
        if word:
            alternatives[-1].append(("word", word))
            word = ""

    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            flush()
            nxt = pattern[i + 1: i + 2]
            if nxt in ("p", "P", "N") and pattern[i + 2: i + 3] == "{":
                i = pattern.index("}", i) + 1
            else:
                i += 2
            alternatives[-1].append(("other", None))
            continue
        if ch == "[":
            flush()
            j = i + 1
            if pattern[j: j + 1] == "^":
                j += 1
            if pattern[j: j + 1] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            alternatives[-1].append(("other", None))
            continue
        if ch == "(":
            flush()
            kind = "plain"
            j = i + 1
            if pattern[j: j + 1] == "?":
                rest = pattern[j + 1:]
                if rest.startswith(("!", "<!")):
                    kind = "negative"
                elif rest.startswith(("=", "<=")):
                    kind = "lookahead"
                # skip the group's prefix: ?:, ?P<name>, ?i:, ?-i:, ?=, ?<=, ...
                k = j + 1
                if rest.startswith("P<"):
                    k = pattern.index(">", k) + 1
                else:
                    while k < len(pattern) and pattern[k] not in ":)=!" and not pattern.startswith("<=", k) \
                            and not pattern.startswith("<!", k):
                        k += 1
                    if pattern.startswith(("<=", "<!"), k):
                        k += 2
                    elif k < len(pattern) and pattern[k] in ":=!":
                        k += 1
                j = k
            inner, i = _parse(pattern, j, depth + 1)
            alternatives[-1].append(("group", _Group(inner, kind)))
            continue
        if ch == ")":
            flush()
            return alternatives, i + 1
        if ch == "|":
            flush()
            alternatives.append([])
            i += 1
            continue
        if ch in "?*+":
            # a quantifier applies to the last character of a literal word, or the last item
            if ch in "?*":
                if word:
                    word = word[:-1]
                    flush()
                    alternatives[-1].append(("other", None))
                elif alternatives[-1]:
                    alternatives[-1][-1] = ("optional", None)
            else:
                flush()
            i += 1
            continue
        if ch == "{":
            end = pattern.find("}", i)
            body = pattern[i + 1: end] if end > i else ""
            if body and (body[0].isalpha() or body[0] == "_"):
                flush()
                alternatives[-1].append(("ref", body.split(":")[0]))
                i = end + 1
                continue
            if body and body[0].isdigit() or body.startswith(","):
                minimum = body.split(",")[0]
                if minimum in ("", "0"):
                    if word:
                        word = word[:-1]
                        flush()
                    elif alternatives[-1]:
                        alternatives[-1][-1] = ("optional", None)
                flush()
                i = end + 1
                continue
        if ch.isalpha() or ch.isdigit() and ch.isascii():
            word += ch.lower()
        else:
            flush()
            if ch not in " ":
                alternatives[-1].append(("other", None))
            else:
                alternatives[-1].append(("space", None))
        i += 1
    flush()
    return alternatives, i


def _literal(value: str) -> bool:
    """Whether a literal word filters enough to be a trigger: four letters or more, or two digits
    or more (a year's "19" or "20": most sentences hold no such digits)."""
    return len(value) >= _LITERAL_MIN or (len(value) >= 2 and value.isdigit())


def _phrase(items: list, index: int) -> tuple[str, int] | None:
    """The phrase of short words that starts at ``items[index]`` ("so far in"), when it is two words
    or more, one space apart, and five letters or more in all (a key the automaton finds whole,
    whitespace skipped); with the index of its last word."""
    words, end = [items[index][1]], index
    while end + 2 < len(items) and items[end + 1][0] == "space" and items[end + 2][0] == "word":
        words.append(items[end + 2][1])
        end += 2
    if len(words) < 2 or sum(map(len, words)) < 5:
        return None
    return " ".join(words), end


def _required(items: list, phrases: bool | None = None) -> list[tuple[str, str]]:
    """(kind, value) requirements of one sequence: refs and literal words, and with ``phrases``
    phrases of short words too ("so far in"); ``phrases`` None: phrases only when the sequence
    requires nothing else (a phrase of common words, "in the", filters less than a word list)."""
    if phrases is None:
        return _required(items, False) or _required(items, True)
    found: list[tuple[str, str]] = []
    phrase_end = -1  # the last word of a phrase already read
    for index, (kind, value) in enumerate(items):
        if kind == "ref":
            found.append(("ref", value))
        elif kind == "word" and index > phrase_end:
            before = items[index - 1][0] if index else "space"
            phrase = _phrase(items, index) if phrases and not _literal(value) else None
            if phrase is not None:
                value, phrase_end = phrase
            elif not _literal(value):
                continue
            last = phrase_end if phrase is not None else index
            after = items[last + 1][0] if last + 1 < len(items) else "space"
            if before in ("space", "other", "group") and after in ("space", "other", "group"):
                found.append(("word", value))
        elif kind == "group" and value.kind != "negative" and len(value.alternatives) == 1:
            found += _required(value.alternatives[0])
        elif kind == "group" and value.kind != "negative":
            # "(?:funeral|vigil|memorial service)": each alternative requires a word of its own, so
            # every match holds one of them ("any"); one alternative with nothing required spoils it
            choices = [_required(alternative) for alternative in value.alternatives]
            if all(choices):
                found.append(("any", tuple(choice[0] for choice in choices)))
    return found


def pattern_triggers(pattern: str, vocab: dict[str, list[str]]) -> tuple[str, ...]:
    """The smallest set of words one of which every match of ``pattern`` contains; () if none is certain."""
    alternatives, _ = _parse(pattern)
    if len(alternatives) != 1:
        # "a|b" at the top: a word of each alternative's triggers, when every one has some
        found: set[str] = set()
        for alternative in alternatives:
            words = _sequence_triggers(alternative, vocab)
            if not words:
                return ()
            found |= set(words)
        return tuple(sorted(found))
    return _sequence_triggers(alternatives[0], vocab)


def _sequence_triggers(items: list, vocab: dict[str, list[str]]) -> tuple[str, ...]:
    options: list[tuple[str, ...]] = []
    for kind, value in _required(items):
        words = _words(kind, value, vocab)
        if words is not None:
            options.append(tuple(sorted(words)))
    if not options:
        return ()
    return min(options, key=lambda words: (len(words), words))


def _words(kind: str, value, vocab: dict[str, list[str]]) -> set[str] | None:
    """The words one of which a requirement holds; None when it cannot say (an unknown vocab name)."""
    if kind == "ref":
        return {" ".join(w.lower().split()) for w in vocab[value]} if value in vocab else None
    if kind == "word":
        return {value}
    if kind == "any":
        found: set[str] = set()
        for choice in value:
            words = _words(*choice, vocab)
            if words is None:
                return None
            found |= words
        return found
    return None


# ---- pre-checks: cheap necessary conditions for a pattern that opens with a macro ---------------
#
# A pattern is a sequence of top-level items; any match of the whole contains, at some position, a
# match of every contiguous run of them (lookarounds see the same text either way). A pattern that
# opens with a macro matching almost anywhere ({speaker}, {count}) makes the engine try that macro
# at every word; the rest of it ("said", an incident noun) is found far faster, and where it is
# absent the pattern cannot match. So such a run is searched first, and the pattern only where it
# is found: the same matches, fewer attempts. precheck_pattern picks one run by its form (for the
# pack-wide source and alias patterns); necessary_parts offers runs whose worth extract measures.

_QUANTIFIER_CHARS = "?*+"
# group openings and escapes that tie one part of a pattern to another or change how it is read
_UNSAFE_GROUPS = ("(?(", "(?P=", "(?R", "(?|", "(?#", "(?0", "(?1", "(?2", "(?3", "(?4", "(?5",
                  "(?6", "(?7", "(?8", "(?9", "(?+", "(?-1", "(?-2", "(?-3", "(?-4", "(?-5", "(?-6", "(?-7", "(?-8",
                  "(?-9")
# shared sub-patterns: defined once at the end, "(?(DEFINE)(?P<name>…))", called as "(?&name)";
# a part keeps the definitions, so its calls mean what they meant in the whole
_DEFINITIONS = "(?(DEFINE)"
_SCOPED_FLAGS = regex.compile(r"\(\?\^?[a-zA-Z]*(?:-[a-zA-Z]+)?:")
_ZERO_MIN = ("?", "*", "{0", "{,")


@dataclass
class _Item:
    text: str
    kind: str  # "literal", "escape", "class", "group", "named", "look", "define", "call", "flags"
    quantifier: str = ""
    body: str = ""  # a group's contents


def _group_end(pattern: str, i: int) -> int:
    """Index after the group opening at ``pattern[i] == '('``; -1 if unbalanced."""
    depth = 0
    j = i
    while j < len(pattern):
        ch = pattern[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(pattern, j)
            if j < 0:
                return -1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return -1


def _class_end(pattern: str, i: int) -> int:
    """Index after the character class opening at ``pattern[i] == '['``; -1 if unterminated. A "]"
    first in the class is a literal, and so is one that closes a POSIX class ("[[:alpha:]]")."""
    j = i + 1
    if pattern[j: j + 1] == "^":
        j += 1
    if pattern[j: j + 1] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        if pattern.startswith("[:", j) and pattern.find(":]", j + 2) > 0:
            j = pattern.find(":]", j + 2) + 2
        else:
            j += 2 if pattern[j] == "\\" else 1
    return j + 1 if j < len(pattern) else -1


def _items(pattern: str) -> list[_Item] | None:
    """The top-level items of ``pattern``; None if it has a top-level alternation or cannot be read."""
    items: list[_Item] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "|":
            return None
        if ch == ")":
            return None
        if ch in _QUANTIFIER_CHARS or (ch == "{" and items and _quantifier_at(pattern, i)):
            if not items or items[-1].quantifier:
                return None
            end = _quantifier_at(pattern, i) if ch == "{" else i + 1
            if end < len(pattern) and pattern[end] in "?+":
                end += 1
            items[-1].quantifier = pattern[i:end]
            i = end
            continue
        if ch == "\\":
            nxt = pattern[i + 1: i + 2]
            if not nxt:
                return None
            end = i + 2
            if nxt in "pPN" and pattern[end: end + 1] == "{":
                close = pattern.find("}", end)
                if close < 0:
                    return None
                end = close + 1
            items.append(_Item(pattern[i:end], "escape"))
            i = end
            continue
        if ch == "[":
            end = _class_end(pattern, i)
            if end < 0:
                return None
            items.append(_Item(pattern[i:end], "class"))
            i = end
            continue
        if ch == "(":
            end = _group_end(pattern, i)
            if end < 0:
                return None
            text = pattern[i:end]
            if text.startswith(("(?=", "(?!", "(?<=", "(?<!")):
                kind, start = "look", 0
            elif text.startswith(_DEFINITIONS):
                kind, start = "define", 0
            elif text.startswith(("(?&", "(?P>")):
                kind, start = "call", 0
            elif text.startswith(("(?P<", "(?<")):
                kind, start = "named", text.index(">") + 1
            elif text.startswith("(?:"):
                kind, start = "group", 3
            elif text.startswith("(?"):
                kind, start = "flags", 0  # (?i), (?-i:...), (?>...): not looked into
            else:
                kind, start = "named", 1  # a numbered group
            items.append(_Item(text, kind, body=text[start:-1] if start else ""))
            i = end
            continue
        items.append(_Item(ch, "literal"))
        i += 1
    return items


def _quantifier_at(pattern: str, i: int) -> int:
    """End of a ``{m,n}`` quantifier starting at ``i``, or 0."""
    close = pattern.find("}", i)
    if close < 0:
        return 0
    body = pattern[i + 1: close]
    parts = body.split(",")
    if len(parts) > 2 or not body or not all(p.isdigit() or p == "" for p in parts) or body == ",":
        return 0
    return close + 1


def _optional(item: _Item) -> bool:
    return item.quantifier.startswith(_ZERO_MIN)


def _alternatives(body: str) -> list[str]:
    out, depth, start, i = [], 0, 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(body, i)
            if i < 0:
                return []
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    out.append(body[start:])
    return out


def _selective(pattern: str, depth: int = 0) -> bool:
    """Does every match of ``pattern`` open (past optional parts, lookarounds and spaces) with a
    literal word of three letters or more? Such a pattern is found fast by the engine."""
    items = _items(pattern)
    if items is None or depth > 4:
        return False
    index = 0
    while index < len(items):
        item = items[index]
        if item.kind == "look" and item.text.startswith("(?=") and not _optional(item) \
                and _selective(item.text[3:-1], depth + 1):
            return True  # a required lookahead that opens with a word is as good as the word
        if _optional(item) or item.kind in ("look", "define") or item.text in (" ", "\\s", "\\b", "\\B"):
            index += 1
            continue
        if item.kind == "literal" and item.text not in ".^$":
            letters = 0  # a literal run such as "said" or ", including": found by a fast string search
            for follower in items[index:]:
                if follower.kind != "literal" or follower.text in ".^$" or _optional(follower):
                    break
                letters += follower.text.isalpha()
                if follower.quantifier:
                    break
            return letters >= 3
        if item.kind in ("group", "named") and item.body:
            options = _alternatives(item.body)
            return bool(options) and all(_selective(option, depth + 1) for option in options)
        return False
    return False


def _plain(pattern: str) -> bool:
    """No back-references, conditionals, recursion, global inline flags, comments or POSIX/nested
    sets anywhere: every part of the pattern reads the same alone."""
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            nxt = pattern[i + 1: i + 2]
            if nxt in ("G", "K", "g", "") or nxt.isdigit():
                return False
            if nxt in "pPN" and pattern.startswith("{", i + 2):  # \p{L}, \N{EM DASH}
                close = pattern.find("}", i + 2)
                if close < 0:
                    return False
                i = close + 1
                continue
            i += 2
            continue
        if ch == "[":
            end = _class_end(pattern, i)
            if end < 0 or "[" in pattern[i + 1: end - 1].replace("\\[", ""):
                return False
            i = end
            continue
        if ch == "{" and not _quantifier_at(pattern, i):
            return False  # a literal brace, or a fuzzy-match constraint such as {e<=1}
        if ch == "(" and pattern.startswith("(?", i):
            if pattern.startswith(_DEFINITIONS, i):
                i += len(_DEFINITIONS)
                continue
            if pattern.startswith(_UNSAFE_GROUPS, i):
                return False
            if not pattern.startswith(("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?P<", "(?>", "(?&", "(?P>"), i) \
                    and not (pattern.startswith("(?<", i) and pattern[i + 3: i + 4].isalpha()) \
                    and not _SCOPED_FLAGS.match(pattern, i):
                return False  # (?i) and other global flags
        i += 1
    return True


def _split_definitions(items: list[_Item] | None) -> tuple[list[_Item], str]:
    """The items before a trailing (?(DEFINE)…) block, and the block; no items if a block is elsewhere."""
    if not items:
        return [], ""
    end = len(items)
    while end and items[end - 1].kind == "define" and not items[end - 1].quantifier:
        end -= 1
    if any(item.kind == "define" for item in items[:end]):
        return [], ""
    return items[:end], "".join(item.text for item in items[end:])


def precheck_pattern(expanded: str) -> str | None:
    """For a compiled pattern's expanded source that opens with a macro (a named group, maybe behind
    lookarounds), the rest of it when that rest opens with a literal word: searching the rest first
    is a cheap necessary condition. None when no such rest exists or the pattern is not plain
    enough to cut safely (alternation at the top, back-references, inline flags, nested sets)."""
    if not _plain(expanded):
        return None
    items, definitions = _split_definitions(_items(expanded))
    if not items:
        return None
    index = 0
    while index < len(items) and items[index].kind == "look":
        index += 1
    if index >= len(items) or items[index].kind != "named":
        return None
    while index < len(items) and items[index].kind == "named":
        index += 1
    rest = "".join(item.text + item.quantifier for item in items[index:])
    if not rest or not _selective(rest):
        return None
    return rest + definitions


def necessary_parts(expanded: str) -> list[str]:
    """Contiguous parts of a pattern with a macro, each a necessary condition of a match: the rest
    after its first macro(s), and the pattern cut before its second macro (which is where a cheap,
    rare opening such as a date is followed by an expensive one such as a list of people). Which of
    them, if any, pays off depends on the text; the caller measures."""
    if not _plain(expanded):
        return []
    items, definitions = _split_definitions(_items(expanded))
    first = next((i for i, item in enumerate(items) if item.kind == "named"), None)
    if first is None:
        return []
    parts = []
    rest = first
    while rest < len(items) and items[rest].kind == "named":
        rest += 1
    if any(not _optional(item) and (item.kind != "look" or item.text.startswith(("(?=", "(?<=")))
           for item in items[rest:]):  # a part that requires some text, not only its absence
        parts.append("".join(item.text + item.quantifier for item in items[rest:]) + definitions)
    second = next((i for i in range(rest, len(items)) if items[i].kind == "named"), None)
    if second is not None:
        parts.append("".join(item.text + item.quantifier for item in items[:second]) + definitions)
    return parts


# ---- trigger words of a compiled pattern, alternations included ------------------------------

def _word_options(pattern: str, depth: int = 0) -> list[frozenset[str]]:
    """Sets of lower-case words, each such that every match of ``pattern`` contains one of its
    words. Literal runs of four letters or more count; a required group counts when every one of
    its alternatives has a set (their union); optional parts and negative lookarounds never do."""
    items = _items(pattern)
    if items is None or depth > 12:
        return []
    options: list[frozenset[str]] = []
    index = 0
    while index < len(items):
        item = items[index]
        if item.kind == "literal" and item.text.isalpha() and not _optional(item):
            word = ""
            while index < len(items) and items[index].kind == "literal" and items[index].text.isalpha() \
                    and not _optional(items[index]):
                word += items[index].text
                index += 1
                if items[index - 1].quantifier:
                    break
            if len(word) >= _LITERAL_MIN:
                options.append(frozenset({word.lower()}))
            continue
        index += 1
        if _optional(item) or not item.body and item.kind != "look":
            continue
        if item.kind == "look":
            if not item.text.startswith(("(?=", "(?<=")):
                continue
            body = item.text[3:-1] if item.text.startswith("(?=") else item.text[4:-1]
        elif item.kind in ("group", "named"):
            body = item.body
        else:
            continue
        union: set[str] = set()
        for alternative in _alternatives(body):
            inner = _word_options(alternative, depth + 1)
            if not inner:
                union = set()
                break
            union |= min(inner, key=len)
        if union:
            options.append(frozenset(union))
    return options


def required_options(expanded: str) -> list[frozenset[str]]:
    """Sets of lower-case words such that every match of the compiled (expanded) pattern
    ``expanded`` holds a word of each: a sentence lacking all the words of one cannot match.
    Empty when nothing is certain."""
    if not _plain(expanded):
        return []
    items, _ = _split_definitions(_items(expanded))
    if not items:
        return []
    return _word_options("".join(item.text + item.quantifier for item in items))


def required_words(expanded: str) -> frozenset[str] | None:
    """The smallest set of lower-case words one of which every match of the compiled (expanded)
    pattern ``expanded`` contains, or None when none is certain. Unlike :func:`pattern_triggers`
    it reads alternations ("(?:{event_noun}|bombs?)" needs an event noun or "bomb"), at the top
    too ("funeral|vigil": the union of its alternatives' sets, when each has one)."""
    options = required_options(expanded)
    if options:
        return min(options, key=len)
    if not _plain(expanded) or _items(expanded) is not None:
        return None
    # "a|b" at the top: every match is one alternative's, so it holds a word of that one's set
    alternatives = _alternatives(expanded)
    if len(alternatives) < 2:
        return None
    found: set[str] = set()
    for alternative in alternatives:
        words = required_words(alternative)
        if not words:
            return None
        found |= words
    return frozenset(found)


def scan_key(word: str) -> str:
    """How the prefilter's automaton holds a trigger word or phrase: without whitespace, since it
    scans the text skipping whitespace (``ignore_white_space``). A pattern joins a phrase's words
    with any run of whitespace ("lost\\s+their\\s+lives"), so the phrase is found across a line
    break or a double space; a key found across a word boundary only runs a pattern for nothing."""
    return "".join(word.split())


# ---- look-behinds: how far back they read, and their whitespace bounded ---------------------------

def bounded_lookbehinds(source: str, bound: int) -> str:
    r"""``source`` with every ``\s+`` and ``\s*`` inside a look-behind written ``\s{1,bound}``,
    ``\s{0,bound}`` (outside character classes; escapes read whole): what PCRE2 can run of a
    look-behind over a vocab phrase (see checker.match.matcher)."""
    out: list[str] = []
    stack: list[bool] = []  # the open groups: whether each is a look-behind
    i, size = 0, len(source)
    while i < size:
        char = source[i]
        if char == "\\":
            token = source[i:i + 2]
            i += 2
            if token == "\\s" and any(stack) and i < size and source[i] in "+*":
                token = "\\s{%d,%d}" % (source[i] == "+", bound)
                i += 1
            out.append(token)
        elif char == "[":
            end = _class_end(source, i)
            end = size if end < 0 else end
            out.append(source[i:end])
            i = end
        else:
            if char == "(":
                stack.append(source.startswith(("(?<=", "(?<!"), i))
            elif char == ")" and stack:
                stack.pop()
            out.append(char)
            i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def lookbehind_reach(source: str) -> int | None:
    """How many characters before a search's start a match of ``source`` may read: the longest any
    look-behind can be, plus one (a word boundary); None where a look-behind's length has no bound
    this reading can see (a repeat without an upper bound, a back-reference, a call)."""
    if "(?x" in source or "\\Q" in source:
        return None
    reach, i, size = 1, 0, len(source)
    while i < size:
        char = source[i]
        if char == "\\":
            i += 2
        elif char == "[":
            i = _class_end(source, i)
            if i < 0:
                return None
        elif source.startswith(("(?<=", "(?<!"), i):
            end = _group_end(source, i)
            width = _max_width(source, i + 4, end - 1) if end > 0 else None
            if width is None:
                return None
            reach = max(reach, width + 1)
            i = end
        else:
            i += 1
    return reach


_ZERO_WIDTH_ESCAPES = frozenset("bBAZzGK")
_REPEAT = regex.compile(r"\?|\{(\d*)(?:(,)(\d*))?\}")
_GROUP_OPENING = regex.compile(r"\?(?:P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|[>|:]|\^?[a-zA-Z]*(?:-[a-zA-Z]+)?[:)])")


def _max_width(source: str, start: int, end: int) -> int | None:
    """The longest text ``source[start:end]`` (a group's body) can match; None if unbounded."""
    longest, branch, i = 0, 0, start
    while i < end:
        char = source[i]
        width: int | None = 1
        if char == "|":
            longest, branch = max(longest, branch), 0
            i += 1
            continue
        if char == "\\":
            kind = source[i + 1:i + 2]
            if kind in _ZERO_WIDTH_ESCAPES:
                width = 0
            elif kind.isdigit() or kind in ("g", "k"):
                return None  # a back-reference or a call
            if kind in ("p", "P", "N", "x") and source.startswith("{", i + 2):
                i = source.find("}", i) + 1
            elif kind == "x":
                i += 4
            else:
                i += 2
        elif char == "[":
            i = _class_end(source, i)
            if i < 0:
                return None
        elif char == "(":
            close = _group_end(source, i) - 1
            if close < 0 or close > end:
                return None
            head = source[i + 1:i + 4]
            if head.startswith(("?=", "?!", "?#")):
                width = 0  # a look-ahead reads after, a comment nothing
            elif head.startswith(("?(", "?&", "?P>", "?R", "?+", "?-1")) or head[1:2].isdigit():
                return None
            else:
                body = i + 1
                if source.startswith(("?<=", "?<!"), i + 1):
                    body = i + 4
                elif source.startswith("?", i + 1):
                    opening = _GROUP_OPENING.match(source, i + 1, close + 1)
                    if opening is None:
                        return None
                    body = opening.end()
                width = _max_width(source, body, close) if body <= close else 0
                if width is None:
                    return None
            i = close + 1
        elif char in "^$":
            width = 0
            i += 1
        else:
            i += 1
        if i < end and source[i] in "*+":
            return None
        repeat = _REPEAT.match(source, i, end) if i < end else None
        if repeat is not None:
            if repeat.group() == "?":
                times = 1
            elif repeat.group(2) is None:
                times = int(repeat.group(1) or 0)
            elif repeat.group(3):
                times = int(repeat.group(3))
            else:
                return None  # {n,}: no upper bound
            width *= times
            i = repeat.end()
            if i < end and source[i] in "?+":
                i += 1
        branch += width
    return max(longest, branch)
