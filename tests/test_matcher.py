"""checker.match.matcher: which patterns PCRE2 may run, and that it then matches as regex does."""

from __future__ import annotations

import pytest
import regex

from checker.match import matcher
from checker.engine.extract import extract
from checker.match.matcher import Twins, agrees, approve, compile_twin

FLAGS = regex.IGNORECASE


def spans_and_groups(pattern, text):
    return matcher._matches(pattern, text)


@pytest.mark.parametrize("source", [
    r"caf\u00e9",  # \u escapes: PCRE2 has no such escape
    r"\L<words>",  # regex's named lists
    r"(?:soldiers){e<=1}",  # fuzzy matching
    r"(?r)killed",  # reverse searching
    r"(?V1)[[a-z]--[aeiou]]",  # version 1 set operations
    r"killed\Z",  # end of string in regex, before a final newline in PCRE2
    r"a(?s)b",  # a flag in the middle applies to the whole pattern in regex
    r"\v",  # a vertical tab in regex, vertical space in PCRE2
    r"[\v,]",  # the same in a class
])
def test_syntax_read_otherwise_stays_on_regex(source):
    assert matcher._differs(source)
    assert compile_twin(source, FLAGS) is None


@pytest.mark.parametrize("source", [
    r"(?<![\w-])(?P<n>\d+) (?:soldiers|police officers)\b",
    r"[\[\]\\u]+ and \\u",  # a class holding brackets, an escaped backslash before "u"
    r"(?i)\bkilled\b(?-i:[A-Z]\w+)",
    r"(?P<a>x)(?(DEFINE)(?P<_d>y))(?&_d)?",
    r"[[:alpha:]]+ \p{Lu}",
])
def test_shared_syntax_goes_to_pcre2(source):
    assert not matcher._differs(source)
    assert compile_twin(source, FLAGS) is not None


def test_a_shared_group_name_reads_as_in_regex():
    # regex lets two alternatives name their group alike: whichever matched gives the value
    source = r"magnitude (?P<m>\d\.\d)|(?P<m>\d\.\d) magnitude"
    twin = compile_twin(source, FLAGS)
    compiled = regex.compile(source, FLAGS)
    for text, value in (("a magnitude 5.9 quake", "5.9"), ("a 6.1 magnitude quake", "6.1")):
        assert spans_and_groups(twin, text) == spans_and_groups(compiled, text)
        assert spans_and_groups(twin, text)[0][1] == {"m": value}


def test_a_large_bounded_repeat_is_called_not_written_out():
    words = "|".join(f"word{i}" for i in range(300))
    source = rf"\bkilled(?:(?!\b(?:{words})\b)[^.;]){{0,80}}? on (?P<day>Monday|Tuesday)"
    smaller, hidden = matcher._repeats_as_calls(source)
    assert hidden and "(?(DEFINE)" in smaller and len(smaller) < len(source) + 100
    twin = compile_twin(source, FLAGS)
    assert twin is not None
    compiled = regex.compile(source, FLAGS)
    texts = ["Four were killed late on Monday.", "killed, word7 said, on Tuesday", "killed on Tuesday"]
    assert agrees(compiled, twin, texts)
    assert spans_and_groups(twin, "killed on Tuesday") == [((0, 17), {"day": "Tuesday"})]


def test_approval_needs_agreement_on_the_examples():
    compiled = regex.compile(r"(?P<n>\d+) killed", FLAGS)
    assert approve([(compiled, ["3 killed"])]) == {compiled.pattern}
    # a pattern PCRE2 refuses (an unbounded look-behind) is not approved, and runs on regex
    unbounded = regex.compile(r"(?<=killed\s+)including", FLAGS)
    assert approve([(unbounded, ["killed  including"])]) == frozenset()


def test_the_default_pack_runs_mostly_on_pcre2(book):
    patterns = [p.regex.pattern for s in book.slots for p in s.patterns]
    fast = [p for p in patterns if p in book.fast]
    # the few left on regex are partial patterns with unbounded look-behinds ("killed … including")
    assert len(fast) >= 0.85 * len(patterns)
    hot = [book.slot("casualties.killed").patterns[0], book.slot("incident.count").patterns[0],
           book.slot("incident.date").patterns[0], book.slot("quotes.attribution").patterns[0]]
    assert all(p.regex.pattern in book.fast for p in hot)


def test_checker_matcher_regex_turns_pcre2_off(book, monkeypatch):
    compiled = book.slot("casualties.killed").patterns[0].regex
    assert Twins(book.fast).get(compiled) is not None
    monkeypatch.setenv("CHECKER_MATCHER", "regex")
    assert Twins(book.fast).get(compiled) is None


def test_pcre2_and_regex_give_the_same_facts(book, make_article, monkeypatch):
    body = ("Three sailors and a fisherman were killed on Monday when two separate blasts hit the harbour "
            "near Orlen, the ministry said. “The water keeps rising,” the governor, Ana Pell, told reporters.")
    fast = extract(make_article(body), book)
    monkeypatch.setenv("CHECKER_MATCHER", "regex")
    matcher_off = extract(make_article(body), book.__class__(**{**book.__dict__}))  # a new book: new twins
    assert [(f.rule, f.display) for f in fast.facts] == [(f.rule, f.display) for f in matcher_off.facts]
    assert len(fast.facts) >= 4


@pytest.mark.parametrize("text, pos, end", [
    ("Five bells rang at noon.", 0, 24),
    ("Five bells rang at noon.", 5, 24),  # the match starts at pos
    ("Five bells rang at noon.", 6, 24),  # past the match's start
    ("Five bells rang at noon.", 0, 14),  # the match would end past endpos
    ("No bells today.", 0, 15),
    ("Fünf Glocken: five bells rang — «ja».", 0, 37),  # positions are characters, not bytes
    ("", 0, 0),
])
def test_the_direct_search_agrees_with_pcre2s_search(text, pos, end):
    # a twin calls the binding's Cython entry point to skip its Python layer: same answer always
    twin = compile_twin(r"\bfive bells (?:rang|tolled)\b", regex.IGNORECASE | regex.V0)
    assert twin is not None and twin.raw is not None
    expected = twin.code.search(text, pos, end)
    found = twin.finditer(text, pos, end)
    assert [m.span() for m in found] == ([expected.span()] if expected else [])
    twin.raw = None  # the public API, as where the internals are missing
    assert [m.span() for m in twin.finditer(text, pos, end)] == [m.span() for m in found]


def _as_read(matches):
    return [(m.span(), m.start(), m.end(), m.group(), m.groupdict(), m.span("n"), m.group("n"), m.group(1))
            for m in matches]


@pytest.mark.parametrize("source, text, pos, end", [
    (r"(?P<n>\d+|\p{L}+) (?P<w>bells?)(?: (?P<v>rang))?", "Five bells rang, 2 bell; três bells — 4 bells rang", 0, 50),
    (r"(?P<n>\d+|\p{L}+) (?P<w>bells?)(?: (?P<v>rang))?", "Five bells rang, 2 bell; três bells — 4 bells rang", 6, 44),
    (r"(?P<n>\d+|\p{L}+) (?P<w>bells?)(?: (?P<v>rang))?", "Fünf bells, zwölf bells, «três bells»", 0, 36),
    (r"(?<=rang )(?P<n>\w+)|(?P<x>x)", "bells rang twice; rang once", 0, 27),  # look-behind past pos
    (r"(?<=rang )(?P<n>\w+)|(?P<x>x)", "bells rang twice; rang once", 11, 27),
    (r"(?P<n>a*)", "baaab a", 0, 7),  # empty matches: handed to the binding's own iteration
    (r"(?P<n>\d+)", "", 0, 0),
])
def test_matches_read_straight_from_pcre2_are_the_bindings(source, text, pos, end):
    twin = compile_twin(source, regex.IGNORECASE | regex.V0)
    assert twin is not None and twin.raw is not None
    expected = list(twin.code.finditer(text, pos, end))
    found = twin.finditer(text, pos, end)
    assert _as_read(found) == _as_read(expected)
    assert [m.groupdict("-") for m in found] == [m.groupdict("-") for m in expected]
    first = twin.search(text[pos:end])
    assert (first is None) is (twin.code.search(text[pos:end]) is None)
    if first is not None:
        assert _as_read([first]) == _as_read([twin.code.search(text[pos:end])])
    assert any(isinstance(m, matcher.Found) for m in found) or not expected or source == r"(?P<n>a*)"


def test_the_quick_presence_test_is_the_fast_one_on_this_install():
    # pcre2 is pinned to 0.7.x, whose internals Twin and Found read; a new layout must be
    # noticed, not silently fall back to the slow path
    assert matcher._RAW_MATCH is not None and matcher._NO_CONTEXT is not None
    assert None not in (matcher._SPAN, matcher._GROUP, matcher._NAMES)
    twin = compile_twin("bells", regex.V0)
    assert twin is not None and twin.raw is not None


def test_a_pcre2_pattern_behind_its_cheapest_part_finds_what_it_finds_alone(book):
    """extract runs a PCRE2 pattern behind one of its necessary parts, chosen by timing its first
    runs: whichever part is chosen, or none, the matches are the pattern's own."""
    from checker.engine.extract import _TwinRunner, _twins

    twins = _twins(book)
    sentences = [
        "“We are heartbroken,” Mayor Dana Holt said on Tuesday after the collapse.",
        "Police spokesman Lee Varga said that “nobody expected this” at the market.",
        "Three people were killed, including two children, when the wall fell.",
        "At least 12 of the 40 people killed in the blast were students, officials said.",
        "Nobody was hurt, and the road reopened by noon.",
        "Officials said the fire was under control.",
    ] * 30
    checked = 0
    # (the killed patterns by what they read, not by where they sit in the pack: it grows)
    toll_before_including = next(p.index for p in book.slot("casualties.killed").patterns
                                 if p.source.endswith("{killed_verb}\\b)") and "(?=, including" in p.source)
    share_of_the_dead = next(p.index for p in book.slot("casualties.killed").patterns
                             if p.source.startswith("(?<![\\w-]){count:value} of (?:the|those)"))
    for slot_id, index in [("quotes.attribution", 2), ("quotes.attribution", 3),
                           ("casualties.killed", toll_before_including), ("casualties.killed", share_of_the_dead)]:
        pattern = book.slot(slot_id).patterns[index]
        twin = twins.get(pattern.regex)
        assert twin is not None
        runner = _TwinRunner(pattern.regex, twin)
        assert runner.parts  # the pattern opens with a macro: parts to run first
        for forced in ["timed", None, *runner.parts]:  # as it samples, then behind none, then each part
            if forced != "timed":
                runner.chosen, runner.measure = forced, False
            for sentence in sentences:
                got = [m.span() for m in runner.finditer(sentence)]
                assert got == [m.span() for m in twin.finditer(sentence)], (slot_id, index, sentence)
                checked += bool(got)
    assert checked > 100
