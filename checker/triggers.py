"""Derive a pattern's trigger words: literal words one of which every match must contain.

A pattern runs only on sentences holding one of its triggers, found for all
patterns at once by one Aho-Corasick pass. The derivation is conservative:
only what is certainly required counts — a vocab reference or a literal word
at the top level of the pattern or inside a required group with no
alternation. Optional parts (``?``, ``*``, ``{0,n}``), alternations and
negative lookarounds never supply triggers. A pattern with nothing required
runs on every sentence (correct, only slower).
"""

from __future__ import annotations

from dataclasses import dataclass

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
        if ch.isalpha():
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


def _required(items: list) -> list[tuple[str, str]]:
    """(kind, value) requirements of one sequence: refs and literal words."""
    found: list[tuple[str, str]] = []
    for index, (kind, value) in enumerate(items):
        if kind == "ref":
            found.append(("ref", value))
        elif kind == "word" and len(value) >= _LITERAL_MIN:
            before = items[index - 1][0] if index else "space"
            after = items[index + 1][0] if index + 1 < len(items) else "space"
            if before in ("space", "other", "group") and after in ("space", "other", "group"):
                found.append(("word", value))
        elif kind == "group" and value.kind != "negative" and len(value.alternatives) == 1:
            found += _required(value.alternatives[0])
    return found


def pattern_triggers(pattern: str, vocab: dict[str, list[str]]) -> tuple[str, ...]:
    """The smallest set of words one of which every match of ``pattern`` contains; () if none is certain."""
    alternatives, _ = _parse(pattern)
    if len(alternatives) != 1:
        return ()
    options: list[tuple[str, ...]] = []
    for kind, value in _required(alternatives[0]):
        if kind == "ref" and value in vocab:
            options.append(tuple(sorted({" ".join(w.lower().split()) for w in vocab[value]})))
        elif kind == "word":
            options.append((value,))
    if not options:
        return ()
    return min(options, key=lambda words: (len(words), words))
