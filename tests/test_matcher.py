"""checker.match.matcher: which patterns PCRE2 may run, and that it then matches as regex does."""

from __future__ import annotations

import pytest
import regex

from checker.match import matcher
from checker.engine.extract import extract
from checker.match.matcher import Twins, agrees, approve, compile_twin
from checker.match.triggers import bounded_lookbehinds, lookbehind_reach

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
    unbounded = regex.compile(r"(?<=killed[^,]*)including", FLAGS)
    assert approve([(unbounded, ["killed  including"])]) == frozenset()


def test_only_whitespace_inside_look_behinds_is_bounded():
    source = r"(?<=\b(?:lost\s+their\s+lives|died)\s*, )including\s+(?<!\\s+)[\s+]+\s+"
    assert bounded_lookbehinds(source, matcher.LOOKBEHIND_SPACE) == (
        r"(?<=\b(?:lost\s{1,8}their\s{1,8}lives|died)\s{0,8}, )including\s+(?<!\\s+)[\s+]+\s+")


# written for this test: phrases of a look-behind's word list split by one space, several, a line
# break, and by a run longer than the twin's bound
LOOKBEHIND_TEXTS = [
    "Two men lost their lives, including a guard, in the fire.",
    "Two men lost   their\nlives, including a guard.",
    "Two men lost" + " " * 12 + "their lives, including a guard.",
    "A man died, including nobody; including two, they lost their lives.",
    "Two men, including a guard, lost their lives.",
]


def test_a_look_behind_over_a_phrase_runs_on_pcre2_and_gives_up_where_spaces_run_long():
    source = r"(?<=\b(?:lost\s+their\s+lives|died)\b[^,.;]{0,20},? )including (?P<who>\w+ \w+)"
    compiled = regex.compile(source, FLAGS)
    twin = compile_twin(source, FLAGS)
    assert twin is not None and twin.spaced
    assert approve([(compiled, LOOKBEHIND_TEXTS[:2])]) == {compiled.pattern}
    for text in LOOKBEHIND_TEXTS:
        if " " * 9 in text:
            with pytest.raises(matcher.GaveUp):
                twin.finditer(text)
            with pytest.raises(matcher.GaveUp):
                twin.search(text)
        else:
            assert spans_and_groups(twin, text) == spans_and_groups(compiled, text)
    assert spans_and_groups(twin, LOOKBEHIND_TEXTS[1]) == [((28, 45), {"who": "a guard"})]


def test_the_engine_reads_a_long_run_of_spaces_as_regex_does(book, make_article, monkeypatch):
    # "including" after a killed verb: the default pack's look-behind over its verb lists, on PCRE2;
    # a text with a long run of spaces is read by regex, with the same facts as regex gives
    body = "Four people lost" + " " * 10 + "their lives, including two children, the police said."
    fast = extract(make_article(body), book).facts
    monkeypatch.setenv("CHECKER_MATCHER", "regex")
    slow = extract(make_article(body), book).facts
    assert [(f.rule, f.display) for f in fast] == [(f.rule, f.display) for f in slow]
    assert any(f.rule == "casualties.killed" and f.partial for f in fast)


def test_the_default_pack_runs_mostly_on_pcre2(book):
    patterns = [p.regex.pattern for s in book.slots for p in s.patterns]
    fast = [p for p in patterns if p in book.fast]
    # every one: the look-behinds over verb lists ("killed … including") run with bounded whitespace
    assert len(fast) == len(patterns)
    hot = [book.slot("casualties.killed").patterns[0], book.slot("incident.count").patterns[0],
           book.slot("incident.date").patterns[0], book.slot("quotes.attribution").patterns[0]]
    assert all(p.regex.pattern in book.fast for p in hot)


@pytest.mark.parametrize("source, reach", [
    (r"\bkilled", 1),
    (r"(?<![\w-])(?<!\b(?:his|her|their|its|our) )\d+", 7),  # "their " and the word boundary
    (r"(?<=\b(?:lost\s{1,8}their\s{1,8}lives|died)\b[^,.;]{0,50},? )including", 83),
    (r"(?<=(?P<x>ab){2,3}|\p{L}\x{41})c", 7),
    (r"(?<=[\]\\]{3}(?i:ab|abcd)?)x", 8),
    (r"(?<![[:alpha:]]{3})x", 4),  # a POSIX class inside a class
    (r"(?<=killed[^,]*)x", None),  # no bound
    (r"(?<=(?P<x>a)\1)x", None),  # a back-reference
    (r"(?<=(?&w))x(?(DEFINE)(?P<w>\w+))", None),  # a call
])
def test_how_far_before_a_search_a_pattern_reads(source, reach):
    assert lookbehind_reach(source) == reach


# written for this test: a long text with non-ASCII letters and curly quotes before and inside the
# searched sentence, a look-behind that must see past the sentence's start, and a match at its start
WINDOW_TEXT = ("Ünïcödé “filler” — " * 40 + "Port Selwyn, also known as Selvik, flooded. "
               + "Écrit: “Norr”, called Nord, sank. " * 3)


@pytest.mark.parametrize("source", [
    r"(?P<a>(?<![\p{L}'-])\p{Lu}\w+),? (?:also known as|called) (?P<b>\p{Lu}\w+)",
    r"(?<=sank\. )\p{Lu}\w+",  # reads across the start of a window's sentence
    r"(?<!ed, )\b\p{Lu}\w+(?=,)",
])
def test_a_sentence_searched_in_a_window_of_a_long_text_gives_the_texts_matches(source):
    twin = compile_twin(source, FLAGS)
    compiled = regex.compile(source, FLAGS)
    assert twin is not None and lookbehind_reach(twin.code.pattern) is not None
    starts = [0, 300, len(WINDOW_TEXT) - 100] + [m.end() for m in regex.finditer(r"\. ", WINDOW_TEXT)]
    for pos in starts:
        for end in (len(WINDOW_TEXT), min(len(WINDOW_TEXT), pos + 40)):
            want = [(m.span(), m.groupdict()) for m in compiled.finditer(WINDOW_TEXT, pos, end)]
            got = [(m.span(), twin.groupdict(m)) for m in twin.finditer(WINDOW_TEXT, pos, end)]
            assert got == want, (pos, end)
    assert isinstance(twin.reach, int)  # read once a search started far enough in


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
    assert matcher.RAW_MATCH is not None and matcher.NO_CONTEXT is not None
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


# word lists as tries: written here (not taken from articles), with words that begin others in
# both orders, phrases with "\s+" and a space, punctuation, and text around them of many shapes
_LIST_TEXTS = [
    "They were killed; two died and three dies, one kill, kills killed-by.",
    "The fire spreads, spreading and spread; it was still burning at dawn.",
    "A day before, a day after, the day after and days after the storm.",
    "lost  their\nlives, lost their lives, LOST THEIR LIVES, lost theirlives",
    "an, and, a, any, another: an additional five; a total of six",
    "north-western, north western, northwestern and north-west; Kill Killed",
    "",
]


@pytest.mark.parametrize("source, shaped", [
    (r"\b(?:killed|kills|kill|died|dies|die)\b", r"\b(?:kill(?:ed|s|)|die(?:d|s|))\b"),
    (r"\b(?:kill|kills|killed)\b", r"\b(?:kill(?:|s|ed))\b"),  # the list's order kept: the short word first
    (r"(?:spreading|spread|spreads|still)", r"(?:s(?:pread(?:ing||s)|till))"),
    (r"(?:a\s+day\s+before|a\s+day\s+after|the\s+day\s+after|days\s+after)",
     r"(?:a\s+day\s+(?:before|after)|the\s+day\s+after|days\s+after)"),
    (r"(?:north\-western|north western|northwestern)",
     r"(?:north(?:\-western| western|western))"),
])
def test_a_word_list_runs_as_a_trie_with_the_same_matches(source, shaped):
    assert matcher.as_tries(source) == shaped
    plain = compile_twin(source, FLAGS, jit=False)
    twin = plain.shaped()  # what the twin runs as once JIT-compiled
    assert twin is not None and twin.code.pattern == shaped
    compiled = regex.compile(source, FLAGS)
    for text in _LIST_TEXTS:
        assert spans_and_groups(twin, text) == spans_and_groups(compiled, text)
    for _ in range(matcher.JIT_AFTER):
        plain.search("")
    assert plain.code.pattern == shaped and plain.code.jit


@pytest.mark.parametrize("source", [
    r"(?:ab|a|abc)c",  # "a" tried between two longer words beginning with it: no trie keeps that order
    r"(?:a b|a\s+c)",  # two ways of writing whitespace at one place
    r"(?:Kill|kill|KILL)",  # letters with case
    r"(?:a\s+|b)",  # "\s+" at a word's end can give back what it took
    r"(?x)(?:a b|a c)",  # verbose: the space is not a character
])
def test_a_word_list_a_trie_cannot_keep_stays_as_written(source):
    assert matcher.as_tries(source) == source


def test_in_a_look_around_a_word_list_is_a_trie_in_any_order():
    # whether a look-ahead holds does not depend on which of its words is tried first
    source = r"\b(?!(?:ab|a|abc)\b)\w+|(?=(?:ab|a|abc)c)\w+"
    assert matcher.as_tries(source) == r"\b(?!(?:a(?:b(?:|c)|))\b)\w+|(?=(?:a(?:b(?:|c)|))c)\w+"
    # but not a positive one that captures, nor where a group is atomic
    for kept in (r"(?=(?P<w>(?:ab|a|abc))c)\w+", r"(?>x)(?=(?:ab|a|abc)c)\w+"):
        assert matcher.as_tries(kept) == kept
    twin = compile_twin(source, FLAGS).shaped()
    compiled = regex.compile(source, FLAGS)
    for text in ["a ab abc abcc ac b", "abd, aab; abcabc", *_LIST_TEXTS]:
        assert spans_and_groups(twin, text) == spans_and_groups(compiled, text)


def test_the_default_packs_lists_as_tries_give_the_same_matches(book):
    # the hot head-count pattern shaped into tries, then run against regex on sentences of many shapes
    compiled = book.slot("casualties.killed").patterns[0].regex
    assert matcher.as_tries(compiled.pattern) != compiled.pattern
    twin = compile_twin(compiled.pattern, compiled.flags).shaped()
    assert twin is not None
    texts = [*PROBES_EXTRA, *matcher.PROBES]
    assert agrees(compiled, twin, texts)


PROBES_EXTRA = [
    "Two men and a boy were killed and the others were hurt, police said.",
    "At least 17 people, including three children, were killed in the attack on Friday.",
    "His brother and her two sons were among those killed; another four died later.",
    "A man, a woman and their daughter, 9, died at the scene, while a fourth person survived.",
    "Several dozen people were killed, and none of the others was hurt.",
]


@pytest.mark.parametrize("text", [
    "Five bells rang, 2 bell; três bells — 4 bells rang",
    "no bells here",
    "",
    "bells bells",
])
def test_the_short_way_to_every_match_finds_what_finditer_finds(text):
    for source in (r"(?P<n>\d+|\p{L}+) (?P<w>bells?)(?: (?P<v>rang))?", r"(?P<n>\w*)bells?"):
        twin = compile_twin(source, regex.IGNORECASE | regex.V0)
        for runs in (0, matcher.JIT_AFTER):  # on the interpreter, then JIT-compiled
            twin.runs = runs
            if runs:
                twin.code.jit_compile()
            assert _as_read(twin.find_all(text)) == _as_read(twin.finditer(text))
