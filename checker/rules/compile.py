"""Compile rule packs into a :class:`checker.rules.book.RuleBook`: validated, macros expanded,
patterns compiled once.

Everything expensive about rules happens here, at load time: YAML parsing and
validation (:mod:`checker.rules.validate`), macro expansion, regex compilation and
the trigger prefilter. Extraction only runs what this module built. Problems are
collected, never raised one at a time: a load reports every problem of every file.
"""

from __future__ import annotations

import dataclasses

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ahocorasick
import regex

from checker.lexicon import Gazetteer, Scopes, SpeakerBook, Taxonomy, fold
from checker.match.matcher import SlowPattern, approve
from checker.rules.book import (CompiledExample, CompiledPattern, CompiledSettings, CompiledSlot, CompiledUnless,
                              IncidentCue, LexiconPattern, Lexicons, RuleBook, RuleBookError, StoryCueRules,
                              TimeCueRule)
from checker.rules.models import Example, PatternSpec, Settings, SlotSpec, StoryCueWords
from checker.rules.validate import LoadedPack, read_packs
from checker.match.triggers import necessary_parts, pattern_triggers, required_options, required_words, scan_key
from checker.values import TYPES
from checker.values.clock import TIME_PATTERN
from checker.values.count import COUNT_PATTERN, NUMBER
from checker.values.date import ABSOLUTE_DATE, DATE_PATTERN, RELATIVE_PATTERN, WEEKDAY_PATTERN
from checker.values.headcount import (compile_item_parser, compile_uncounted_in_list, headcount_pattern,
                                      headcounts_pattern)
from checker.values.place import PLACE_PATTERN
from checker.values.quantity import QUANTITY_PATTERN
from checker.values.quote import QUOTE_PATTERN, SPEAKER_PATTERN
from checker.rules.yamlspan import LocatedDocument, Location, RuleSyntaxError

FLAGS = regex.IGNORECASE
Where = Callable[[int], Location]  # offset in a pattern -> where that character is written
# "{count:}", "{place:1bad}": a macro or vocab named with a group name that is not one; read as
# literal braces, such a pattern would never match
_MALFORMED_REFERENCE = regex.compile(r"(?<!\\[pPN])(?<!\\)\{([A-Za-z_][A-Za-z0-9_]*):([^{}\s]*)\}")
# {name} or {name:group}; not a \p{L} property or a \N{...} character name
_REFERENCE = regex.compile(r"(?<!\\[pPN])(?<!\\)\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?\}")


def compile_files(files: list[Path]) -> RuleBook:
    packs, problems, complete = read_packs(files)
    return compile_packs(packs, problems, complete=complete)



# ---- compiling ------------------------------------------------------------------

def _macros(taxonomy: Taxonomy) -> dict[str, str]:
    return {
        "count": COUNT_PATTERN,
        "headcount": headcount_pattern(taxonomy),
        "headcounts": headcounts_pattern(taxonomy),
        "quantity": QUANTITY_PATTERN,
        "place": PLACE_PATTERN,
        "date": DATE_PATTERN,
        "absolute_date": ABSOLUTE_DATE,
        "weekday": WEEKDAY_PATTERN,
        "relative_date": RELATIVE_PATTERN,
        "time": TIME_PATTERN,
        "quote": QUOTE_PATTERN,
        "speaker": SPEAKER_PATTERN,
        "people": f"(?:{taxonomy.term_pattern()})" if taxonomy.terms else r"(?!x)x",
    }


def _shared_subpatterns(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """Large sub-patterns that macros repeat, longest first (a count holds a number)."""
    shared = [("_m_terms", taxonomy.term_pattern() if taxonomy.terms else ""), ("_m_count", COUNT_PATTERN),
              ("_m_number", NUMBER)]
    singular = getattr(taxonomy, "singular_pattern", None)
    if singular is not None and taxonomy.terms:
        shared.insert(1, ("_m_single", singular()))
    return sorted(shared, key=lambda item: -len(item[1]))


def _vocab_pattern(words: list[str]) -> str:
    alternatives = sorted({" ".join(w.split()) for w in words}, key=len, reverse=True)
    body = "|".join(r"\s+".join(regex.escape(part) for part in w.split()) for w in alternatives)
    return rf"(?<![\w-])(?:{body})(?![\w-])"


class _Expander:
    """Expands {macro} and {vocab} references and compiles the result.

    Macro bodies share large sub-patterns (a count, the people terms) that a
    pattern may use a dozen times; written out each time they made patterns
    of 50 KB that took half a second each to compile. Every copy is replaced
    by a call to one definition (``(?&name)`` into a ``(?(DEFINE)…)`` block),
    which compiles about six times faster and matches the same text.
    """

    def __init__(self, macros: dict[str, str], vocab: dict[str, list[str]], shared: list[tuple[str, str]],
                 lenient: bool = False) -> None:
        self.lenient = lenient
        self.macros = macros
        self.vocab = {name: _vocab_pattern(words) for name, words in vocab.items()}
        self.vocab_words = vocab
        self.shared = [(name, body) for name, body in shared if body]
        self.shared_bodies = {name: self._call_shared(body, skip=name) for name, body in self.shared}

    def _call_shared(self, text: str, skip: str | None = None) -> str:
        for name, body in self.shared:
            if name != skip:
                text = text.replace(body, f"(?&{name})")
        return text

    def _with_definitions(self, expanded: str) -> str:
        text = self._call_shared(expanded)
        needed: set[str] = set()
        todo = [name for name, _ in self.shared if f"(?&{name})" in text]
        while todo:
            name = todo.pop()
            if name not in needed:
                needed.add(name)
                todo += [other for other, _ in self.shared if f"(?&{other})" in self.shared_bodies[name]]
        if not needed:
            return text
        definitions = "".join(f"(?P<{name}>{self.shared_bodies[name]})" for name, _ in self.shared if name in needed)
        return f"{text}(?(DEFINE){definitions})"

    def expand(self, pattern: str, where: Where, problems: list[RuleSyntaxError]) -> tuple[str, set[str]]:
        """Pattern with references replaced; the vocab names it used. Unknown names are added to
        ``problems`` (unless the expander is lenient: a file that could not be read may define them)."""
        used: set[str] = set()
        for bad in _MALFORMED_REFERENCE.finditer(pattern):
            if not _REFERENCE.fullmatch(bad.group()) and (bad.group(1) in self.macros or bad.group(1) in self.vocab):
                problems.append(RuleSyntaxError(
                    where(bad.start()), f"'{bad.group()}' names its group with no word after ':'" if not bad.group(2)
                    else f"'{bad.group()}': a group name is letters, digits and _, not starting with a digit",
                    f"write '{{{bad.group(1)}}}' or '{{{bad.group(1)}:name}}'"))

        def replace(m: regex.Match[str]) -> str:
            name, group = m.group(1), m.group(2)
            if name in self.macros:
                return f"(?P<{group or name}>{self.macros[name]})"
            if name in self.vocab:
                used.add(name)
                return f"(?P<{group}>{self.vocab[name]})" if group else self.vocab[name]
            if not self.lenient:
                known = sorted([*self.macros, *self.vocab])
                close = difflib.get_close_matches(name, known, n=1)
                problems.append(RuleSyntaxError(
                    where(m.start()), f"unknown macro or vocab '{{{name}}}'",
                    f"did you mean '{{{close[0]}}}'?" if close
                    else "define it under 'vocab:' or use a built-in macro: " + ", ".join(self.macros)))
            return "x"

        return _REFERENCE.sub(replace, pattern), used

    def compile(self, pattern: str, where: Where) -> tuple[regex.Pattern[str] | None, set[str],
                                                           list[RuleSyntaxError]]:
        """The compiled pattern (None when it has problems), the vocab it uses, and its problems,
        each located inside the pattern where it can be."""
        problems: list[RuleSyntaxError] = []
        expanded, used = self.expand(pattern, where, problems)
        syntax = _check_syntax(pattern, where)
        if syntax is not None:
            return None, used, problems + [syntax]
        if problems:
            return None, used, problems
        try:
            compiled = regex.compile(self._with_definitions(expanded), FLAGS)
        except regex.error as exc:  # the written pattern was valid: the mix with a macro is not
            return None, used, [RuleSyntaxError(
                where(0), f"invalid regular expression once macros are expanded: {exc.msg}",
                "a macro cannot stand where the pattern puts it; wrap it in (?:…)")]
        if compiled.search("") is not None:
            return None, used, [RuleSyntaxError(where(0), "pattern can match the empty string",
                                                "make at least one part required (remove a trailing ? or *)")]
        return compiled, used, []


def _placeholder(m: regex.Match[str]) -> str:
    """A valid atom exactly as long as the reference it stands for, so columns stay true."""
    size = len(m.group())
    return "(?:" + "x" * (size - 4) + ")" if size >= 5 else "x" * size


def _check_syntax(pattern: str, where: Where) -> RuleSyntaxError | None:
    """Compile the pattern as written (references as placeholders) to locate a syntax error in it."""
    try:
        regex.compile(_REFERENCE.sub(_placeholder, pattern), FLAGS)
    except regex.error as exc:
        return RuleSyntaxError(where(exc.pos or 0), f"invalid regular expression: {exc.msg}",
                               "escape literal ( ) [ ] { } ? + * with a backslash")
    return None


def _where(doc: LocatedDocument, path: tuple) -> Where:
    """Locates a character of the pattern written at ``path`` (0: where its text starts)."""
    return lambda offset: doc.where_in(path, offset)


def _merged_settings(loaded: list[LoadedPack]) -> CompiledSettings:
    """Settings key by key: a key a later pack sets replaces the earlier value; the rest stay."""
    values: dict[str, Any] = {}
    for item in loaded:
        if item.pack.settings is not None:
            values.update({k: getattr(item.pack.settings, k) for k in item.pack.settings.model_fields_set})
    merged = Settings(**values).model_dump()
    return CompiledSettings(**{**merged, "perpetrators": tuple(merged["perpetrators"]),
                               "uncounted": tuple(merged["uncounted"])})


def compile_packs(loaded: list[LoadedPack], problems: list[RuleSyntaxError] | None = None, *,
                  complete: bool = True) -> RuleBook:
    """Compile the packs into a RuleBook, or raise every problem found in them (``problems``: those
    found while reading). Packs salvaged from invalid files are compiled too, to find the problems
    in their patterns; ``complete`` false means a file could not be read at all, so names it might
    define (vocab, slots) are not reported as unknown."""
    problems = list(problems or [])
    vocab: dict[str, list[str]] = {}
    categories, places, speakers, scopes = [], [], [], {}
    for item in loaded:
        pack = item.pack
        for name, words in pack.vocab.items():
            vocab.setdefault(name, [])
            vocab[name] += [w for w in words if w not in vocab[name]]
        categories += pack.taxonomy
        places += pack.places
        speakers += pack.speakers
        for kind, words in pack.scopes.items():
            scopes.setdefault(kind, [])
            scopes[kind] += words
    settings = _merged_settings(loaded)
    problems += _cycles(loaded, "taxonomy", "category", "broader") + _cycles(loaded, "places", "name", "within")
    taxonomy = Taxonomy.build(categories)
    expander = _Expander(_macros(taxonomy), vocab, _shared_subpatterns(taxonomy), lenient=not complete)

    specs: dict[str, tuple[SlotSpec, LoadedPack, tuple]] = {}
    # slots left out of a salvaged pack: overriding them is no second mistake
    unreadable = {f"{item.pack.pack}.{key[1]}" for item in loaded for key in item.broken
                  if key[0] == "slots" and len(key) == 2}
    for item in loaded:
        for name, spec in item.pack.slots.items():
            slot_id = f"{item.pack.pack}.{name}"
            if slot_id in specs:
                first = specs[slot_id][1].doc.where(("slots", name), key=True)
                problems.append(RuleSyntaxError(item.doc.where(("slots", name), key=True),
                                                f"duplicate slot id '{slot_id}'",
                                                f"already defined at {first}; use 'overrides:' to change it"))
                continue
            specs[slot_id] = (spec, item, ("slots", name))
    extra_patterns: dict[str, list[tuple[str | PatternSpec, LoadedPack, tuple]]] = {}
    extra_unless: dict[str, list[tuple[str, LoadedPack, tuple]]] = {}
    extra_examples: dict[str, list[tuple[Example, LoadedPack, tuple]]] = {}
    for item in loaded:
        for slot_id, override in item.pack.overrides.items():
            base = ("overrides", slot_id)
            if slot_id not in specs:
                if complete and slot_id not in unreadable:
                    close = difflib.get_close_matches(slot_id, list(specs), n=1)
                    problems.append(RuleSyntaxError(item.doc.where(base, key=True),
                                                    f"override of unknown slot '{slot_id}'",
                                                    f"did you mean '{close[0]}'?" if close
                                                    else "slot ids are pack.slot"))
                problems += _check_raw_patterns(expander, item.doc, base, override.model_dump())
                continue
            spec, origin, path = specs[slot_id]
            changes = {k: v for k, v in (("severity", override.severity), ("enabled", override.enabled))
                       if v is not None}
            specs[slot_id] = (spec.model_copy(update=changes), origin, path)
            extra_patterns.setdefault(slot_id, []).extend(
                (p, item, base + ("patterns", i)) for i, p in enumerate(override.patterns))
            extra_unless.setdefault(slot_id, []).extend(
                (u, item, base + ("unless", i)) for i, u in enumerate(override.unless))
            extra_examples.setdefault(slot_id, []).extend(
                (e, item, base + ("examples", i)) for i, e in enumerate(override.examples))

    slots: list[CompiledSlot] = []
    for slot_id, (spec, item, path) in specs.items():
        if not spec.enabled:
            continue
        try:
            slots.append(_compile_slot(slot_id, spec, item, path, expander,
                                       extra_patterns.get(slot_id, []), extra_unless.get(slot_id, []),
                                       extra_examples.get(slot_id, [])))
        except RuleBookError as exc:
            problems += exc.problems

    def compile_list(key: str) -> tuple[LexiconPattern, ...]:
        out = []
        for item in loaded:
            for i, pattern in enumerate(getattr(item.pack, key)):
                compiled, _, found = expander.compile(pattern, _where(item.doc, (key, i)))
                problems.extend(found)
                if compiled is not None:
                    out.append(LexiconPattern(compiled, _triggers(pattern, compiled, expander)))
        return tuple(out)

    place_aliases = compile_list("place_aliases")
    sources = compile_list("sources")
    def compile_cue(doc: LocatedDocument, key: str, i: int, patterns: list[str]) -> list[tuple[str, regex.Pattern[str]]]:
        """Each valid pattern of entry ``i`` of the pack-wide list ``key``, with its compiled regex."""
        valid = []
        for j, pattern in enumerate(patterns):
            compiled, _, found = expander.compile(pattern, _where(doc, (key, i, "patterns", j)))
            problems.extend(found)
            if compiled is not None:
                valid.append((pattern, compiled))
        return valid

    cues = []
    for item in loaded:
        for i, cue in enumerate(item.pack.other_incidents):
            good = [LexiconPattern(compiled, _triggers(pattern, compiled, expander))
                    for pattern, compiled in compile_cue(item.doc, "other_incidents", i, cue.patterns)]
            if good:
                cues.append(IncidentCue(cue.reason, tuple(good), frozenset(cue.slots),
                                        sum(len(c.patterns) for c in cues), cue.roundup))
    time_cues = []
    for item in loaded:
        for i, cue in enumerate(item.pack.time_cues):
            valid = [pattern for pattern, _ in compile_cue(item.doc, "time_cues", i, cue.patterns)]
            if valid:  # one search per sentence and entry: its patterns as one alternation
                joined, _, found = expander.compile("|".join(f"(?:{p})" for p in valid),
                                                    _where(item.doc, ("time_cues", i)))
                problems.extend(found)
                if joined is not None:
                    time_cues.append(TimeCueRule(cue.when, joined, frozenset(cue.slots)))
    fast_cues = approve([(c.regex, ()) for c in time_cues])  # they run on every sentence of a toll
    time_cues = [dataclasses.replace(c, fast=c.regex.pattern in fast_cues) for c in time_cues]
    for item in loaded:  # the patterns inside what a salvaged pack had to leave out
        for key, raw in item.broken.items():
            if key[0] in ("slots", "overrides") and len(key) == 2:
                problems += _check_raw_patterns(expander, item.doc, key, raw)
            elif key[0] in ("place_aliases", "sources") and isinstance(raw, list):
                for i, pattern in enumerate(raw):
                    if isinstance(pattern, str):
                        problems += expander.compile(pattern, _where(item.doc, key + (i,)))[2]
    if problems or not all(item.valid for item in loaded):
        raise RuleBookError(problems or [RuleSyntaxError(Location(loaded[0].doc.path, 1, 1), "invalid rule file")])
    lexicons = Lexicons(taxonomy, Gazetteer.build(places), SpeakerBook.build(speakers), Scopes.build(scopes),
                        settings, compile_item_parser(taxonomy), place_aliases, sources, tuple(cues), tuple(time_cues),
                        _story_cue_rules(loaded), compile_uncounted_in_list(taxonomy, settings.uncounted))
    cue_patterns = tuple(p for cue in cues for p in cue.patterns)
    automaton, always, scan_patterns, gates, word_sets = _prefilter(slots, place_aliases + sources + cue_patterns)
    return RuleBook(tuple(slots), lexicons, tuple(str(i.doc.path) for i in loaded), automaton, always,
                    _fast_patterns(slots, place_aliases + sources + cue_patterns), scan_patterns, gates, word_sets)


def _story_cue_rules(loaded: list[LoadedPack]) -> StoryCueRules:
    """The packs' ``story_cues`` words, each list added to across packs, as alternations and folded sets."""
    words: dict[str, list[str]] = {name: [] for name in StoryCueWords.model_fields}
    for item in loaded:
        if item.pack.story_cues is not None:
            for name in words:
                words[name] += [w for w in getattr(item.pack.story_cues, name) if w not in words[name]]

    def alternation(phrases: list[str], gap: str = " ") -> str | None:
        # longest first, so that a phrase wins over a word it starts with; spaces inside a phrase: ``gap``
        shown = sorted({" ".join(p.split()) for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
        return "|".join(gap.join(regex.escape(w) for w in p.split()) for p in shown) or None

    def capitalised(phrases: list[str]) -> str | None:
        # a lower-case word is also matched capitalised ("police", "Police"); one written with capitals as it is
        shown = sorted({" ".join(p.split()) for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
        return "|".join(f"[{p[0]}{p[0].upper()}]{regex.escape(p[1:])}" if p[0].islower() else regex.escape(p)
                        for p in shown) or None

    harms = alternation([w.lower() for w in words["harms"]])  # searched in the lower-cased text
    after = [alternation(words["named_after"])]
    if words["auxiliaries"] and words["harmed"]:
        after.append(f"(?:{alternation(words['auxiliaries'])}) (?:{alternation(words['harmed'])})")
    after_words = "|".join(a for a in after if a)
    # an age (", 15,", ", a 15-year-old") or what happened to them, right after the name
    named_after = r",? \d{1,3}\b|,? (?:a|an) \d{1,3}-year-old\b" + (f"| (?:{after_words})\\b" if after_words else "")
    before = alternation(words["named_before"], gap=r"\W+(?:\w+\W+){0,3}?")
    authority = capitalised(words["authorities"])
    return StoryCueRules(
        harms=regex.compile(rf"\b(?:{harms})\b") if harms else None,
        harm_words=tuple(sorted({" ".join(w.lower().split()) for w in words["harms"] if w.strip()})),
        authority_words=tuple(sorted({" ".join(w.lower().split()) for w in words["authorities"] if w.strip()})),
        named_after=regex.compile(f"(?:{named_after})", regex.I),
        named_before=regex.compile(rf"\b(?:{before})\W*$", regex.I) if before else None,
        authority=regex.compile(rf"\b(?P<place>(?:[A-Z][a-z]+ ){{0,2}}[A-Z][a-z]+) (?:{authority})\b")
        if authority else None,
        **{name: frozenset(fold(w) for w in words[name] if fold(w))
           for name in ("titles", "not_names", "not_places", "not_datelines", "common_words")})


def _cycles(loaded: list[LoadedPack], key: str, name: str, parent: str) -> list[RuleSyntaxError]:
    """A category ``broader`` than itself, a place ``within`` itself, through any chain of others:
    each such chain once, at the entry that closes it."""
    links: dict[str, tuple[str, Location]] = {}
    for item in loaded:
        for index, entry in enumerate(getattr(item.pack, key)):
            above = getattr(entry, parent)
            if above is not None:
                links[getattr(entry, name)] = (above, item.doc.where((key, index, parent)))
    problems, reported = [], set()
    for start in links:
        chain, current = [start], links[start][0]
        while current in links and current not in chain:
            chain.append(current)
            current = links[current][0]
        if current == start and not reported & set(chain):
            reported |= set(chain)
            loop = " -> ".join([*chain, start])
            problems.append(RuleSyntaxError(links[chain[-1]][1], f"{key}: a cycle of '{parent}': {loop}",
                                            f"one of them must not be {parent} another"))
    return problems


def _triggers(source: str, compiled: regex.Pattern[str], expander: _Expander) -> tuple[str, ...]:
    """The words every match of a pattern holds one of: read from the pattern as written, or else
    from the expanded pattern, whose alternations count ("(?:{event_noun}|bombs?)"); () if none."""
    return pattern_triggers(source, expander.vocab_words) or tuple(sorted(required_words(compiled.pattern) or ()))


def _fast_patterns(slots: list[CompiledSlot], lexicon_patterns: tuple[LexiconPattern, ...]) -> frozenset[str]:
    """The patterns that may run on PCRE2: checked against regex on their slot's examples."""
    checked: list[tuple[regex.Pattern[str], tuple[str, ...]]] = []
    where: dict[str, Location] = {}
    for slot in slots:
        texts = tuple(e.text for e in slot.examples)
        checked += [(p.regex, texts) for p in slot.patterns] + [(u, texts) for u in slot.unless]
        where.update((p.regex.pattern, p.location) for p in slot.patterns)
        where.update((u.pattern, (slot.unless_sources[i].location if i < len(slot.unless_sources) else slot.location))
                     for i, u in enumerate(slot.unless))
    checked += [(p.regex, ()) for p in lexicon_patterns]
    slow: list[SlowPattern] = []
    approved = approve(checked, slow)
    if slow:  # every regex run is bounded, the check of the rule book's own patterns too
        raise RuleBookError([RuleSyntaxError(where.get(s.pattern, Location("<rules>", 1, 1)),
                                             f"this pattern backtracks catastrophically: it {s}",
                                             "remove nested quantifiers like (a+)+ or (x|xx)+ and bound repeats "
                                             "like [^.]{0,80}") for s in slow])
    return approved


def _check_raw_patterns(expander: _Expander, doc: LocatedDocument, path: tuple, raw: Any) -> list[RuleSyntaxError]:
    """Problems in the patterns and exclusions of a slot or override that is not compiled (it has
    other problems, or overrides a slot that does not exist): each text entry is checked alone."""
    if not isinstance(raw, dict):
        return []
    found: list[RuleSyntaxError] = []
    for key in ("patterns", "unless"):
        entries = raw.get(key)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            entry_path = path + (key, i)
            if isinstance(entry, dict) and key == "patterns":
                entry, entry_path = entry.get("pattern"), entry_path + ("pattern",)
            if isinstance(entry, str):
                found += expander.compile(entry, _where(doc, entry_path))[2]
    return found


def _compile_slot(slot_id, spec: SlotSpec, item: LoadedPack, path: tuple, expander: _Expander,
                  extra_patterns, extra_unless, extra_examples) -> CompiledSlot:
    problems: list[RuleSyntaxError] = []
    patterns: list[CompiledPattern] = []
    entries = [(p, item, path + ("patterns", i)) for i, p in enumerate(spec.patterns)] + list(extra_patterns)
    for index, (entry, origin, entry_path) in enumerate(entries):
        source = entry if isinstance(entry, str) else entry.pattern
        where = _where(origin.doc, entry_path if isinstance(entry, str) else entry_path + ("pattern",))
        compiled, _, found = expander.compile(source, where)
        if compiled is None:
            problems += found
            continue
        partial = False if isinstance(entry, str) else entry.partial
        note = None if isinstance(entry, str) else entry.note
        # the words every match holds one of: declared, or read from the pattern as written, or
        # else from the expanded pattern, whose alternations count ("(?:{event_noun}|bombs?)")
        triggers = tuple(sorted({" ".join(t.lower().split()) for t in spec.triggers})) if spec.triggers \
            else _triggers(source, compiled, expander)
        # and every set of words the match needs one of: the sentence must hold a word of each
        requires = tuple(sorted(tuple(sorted(o)) for o in set(required_options(compiled.pattern))))
        with_whole = False if isinstance(entry, str) else entry.with_whole
        patterns.append(CompiledPattern(source, compiled, partial, index, where(0), triggers, note, requires,
                                        with_whole, tuple(necessary_parts(compiled.pattern))))
    unless: list[regex.Pattern[str]] = []
    unless_sources: list[CompiledUnless] = []
    unless_triggers: list[tuple[str, ...]] = []
    for entry, origin, entry_path in [(u, item, path + ("unless", i)) for i, u in enumerate(spec.unless)] \
            + list(extra_unless):
        where = _where(origin.doc, entry_path)
        compiled, _, found = expander.compile(entry, where)
        if compiled is None:
            problems += found
            continue
        unless.append(compiled)
        unless_sources.append(CompiledUnless(entry, where(0)))
        unless_triggers.append(_triggers(entry, compiled, expander))
    if problems:
        raise RuleBookError(problems)
    examples = tuple(
        CompiledExample(e.text, tuple(e.expected), origin.doc.where(e_path))
        for e, origin, e_path in [(e, item, path + ("examples", i)) for i, e in enumerate(spec.examples)]
        + list(extra_examples))
    return CompiledSlot(slot_id, spec.type, TYPES[spec.type], spec.severity, spec.description, spec.grows,
                        spec.scoped, tuple(patterns), tuple(unless), examples,
                        item.doc.where(path, key=True), tuple(unless_sources),
                        "warning" if spec.falling == "error" else spec.falling, tuple(unless_triggers))


def _prefilter(slots: list[CompiledSlot], lexicon_patterns: tuple[LexiconPattern, ...],
               ) -> tuple[Any, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...], tuple[int, ...], int]:
    """One automaton over every pattern's trigger words and the words its matches require.

    The slot patterns with trigger words are numbered (``scan_patterns``: their (slot, pattern)
    pairs); so are the distinct required word sets. A key's value is one int: bit i set when it
    triggers pattern i, bit ``len(scan_patterns) + j`` when it is in word set j, and past those, bit
    k when it triggers the pack-wide pattern k (place aliases, sources, other-incident cues, then the
    slots' exclusions). OR-ing the values of
    a sentence's keys says, in one number, which patterns it triggers and which word sets it fills;
    pattern i runs there when the word sets of ``gates[i]`` are all filled (see checker.engine.prefilter)."""
    always: list[tuple[int, int]] = []
    scan_patterns: list[tuple[int, int]] = []
    for slot_index, slot in enumerate(slots):
        for pattern_index, pattern in enumerate(slot.patterns):
            (scan_patterns if pattern.triggers else always).append((slot_index, pattern_index))
    word_sets: dict[tuple[str, ...], int] = {}  # a required word set -> its number
    gates: list[int] = []
    values: dict[str, int] = {}  # scan key -> its value

    def add(word: str, bit: int) -> None:
        key = scan_key(word)
        values[key] = values.get(key, 0) | 1 << bit

    for number, (slot_index, pattern_index) in enumerate(scan_patterns):
        pattern = slots[slot_index].patterns[pattern_index]
        for word in pattern.triggers:
            add(word, number)
        gate = 0
        for words in pattern.requires:
            gate |= 1 << word_sets.setdefault(words, len(word_sets))
        gates.append(gate)
    for words, number in word_sets.items():
        for word in words:
            add(word, len(scan_patterns) + number)
    for number, lexicon_pattern in enumerate(lexicon_patterns):
        for word in lexicon_pattern.triggers:
            add(word, len(scan_patterns) + len(word_sets) + number)
    # then the slots' exclusions, numbered across slots in their order (checker.engine.prefilter)
    first_exclusion = len(scan_patterns) + len(word_sets) + len(lexicon_patterns)
    for number, triggers in enumerate(t for slot in slots for t in slot.unless_triggers):
        for word in triggers:
            add(word, first_exclusion + number)
    automaton = None
    if values:
        automaton = ahocorasick.Automaton()
        for key in sorted(values):
            automaton.add_word(key, values[key])
        automaton.make_automaton()
    return automaton, tuple(always), tuple(scan_patterns), tuple(gates), len(word_sets)
