"""checker.match.triggers: the words one of which every match of a pattern must contain.

A trigger set must be certain: a word that a match can lack would make the
prefilter skip sentences the pattern matches. When nothing is certain the
answer is () and the pattern runs everywhere.
"""

from __future__ import annotations

import pytest

from checker.match.triggers import pattern_triggers, required_words, scan_key

VOCAB = {
    "verb": ["killed", "Died", "lost  their lives"],
    "noun": ["blast", "bombing"],
    "L": ["zzzz"],  # a vocab that \p{L} must never be read as
}
VERB = ("died", "killed", "lost their lives")


@pytest.mark.parametrize("pattern, expected", [
    # a vocab reference at the top level is required: its words, lower-cased, whitespace folded
    ("{count} {verb}", VERB),
    ("{verb}", VERB),
    ("(?:{verb}) now", VERB),  # a required group without alternation
    ("(?i:{verb})", VERB),
    ("(?:(?:{verb}))", VERB),
    # the smallest certain set wins
    ("{noun} {verb}", ("blast", "bombing")),
    ("{verb} in the {noun}", ("blast", "bombing")),
], ids=str)
def test_required_vocab_gives_its_words(pattern, expected):
    assert pattern_triggers(pattern, VOCAB) == expected


@pytest.mark.parametrize("pattern", [
    "{count}(?: {verb})?",  # optional group
    "{count} (?:{verb})*",
    "{count} (?:{verb}){0,2}",
    "{count} (?:{verb}|in)",  # an alternative with no word of 4 letters or more
    "{verb}|now",
    "{verb}*",
    "(?!{verb}){count}",  # negative lookahead
    "(?<!{verb} ){count}",  # negative lookbehind
    "{count} men",  # literal words shorter than 4 letters
    "{count} of 9",  # a single digit
    r"(?:19|20)?\d\d men",  # optional digits
    r"\bso far(?: in)? \d{4}",  # a phrase one of whose words is optional is no phrase
    r"{count} (?:in|of) the",  # a phrase with an alternation in it
    "{count} {undefined_vocab}",  # not a vocab: a macro such as {count}
], ids=str)
def test_optional_or_alternative_parts_give_no_triggers(pattern):
    assert pattern_triggers(pattern, VOCAB) == ()


@pytest.mark.parametrize("pattern, expected", [
    # every alternative requires a word of its own: every match holds one of them
    ("{count} (?:{verb}|wounded)", tuple(sorted(VERB + ("wounded",)))),
    ("{verb} now|storm", tuple(sorted(VERB + ("storm",)))),
    ("{verb}|{noun}", tuple(sorted(VERB + ("blast", "bombing")))),
    (r"\b(?:funeral|vigil|memorial service)\b", ("funeral", "memorial", "vigil")),
], ids=str)
def test_alternatives_that_each_require_a_word_give_their_union(pattern, expected):
    assert pattern_triggers(pattern, VOCAB) == expected


@pytest.mark.parametrize("pattern, expected", [
    # two digits or more are a word: a year's century ("in 2013", "the 1990s")
    (r"\bthe (?P<year>(?:19|20)\d\d)\b", ("19", "20")),
    (r"\b(?:in|of) (?:early |late )?(?:19|20)\d\d\b", ("19", "20")),
    (r"since 2011\b", ("2011",)),
    # short words one space apart are a phrase, when nothing else is required ("so far in" is
    # found whole in "so far  in", the scan skipping whitespace)
    (r"\b(?:so far this year|year to date|so far in \d{4})\b", ("so far in", "this", "year")),
    (r"\bin the \d+", ("in the",)),
    # ... but a word list, a longer word or digits, when there are, filter better
    ("{verb} in the {noun}", ("blast", "bombing")),
    (r"\bone of the {noun}", ("blast", "bombing")),
], ids=str)
def test_digits_and_phrases_of_short_words_are_triggers(pattern, expected):
    assert pattern_triggers(pattern, VOCAB) == expected


def test_lookbehind_groups_count():
    assert pattern_triggers("(?<={verb} ){count}", VOCAB) == VERB
    assert pattern_triggers("(?<={verb},? )including {headcounts}", VOCAB) == ("including",)


def test_lookahead_groups_count():
    assert pattern_triggers("{count}(?= people {verb})", VOCAB) == ("people",)


@pytest.mark.parametrize("pattern, expected", [
    ("death toll (?:rose|fell) to {count}", ("death",)),  # each word is required; the first in order wins a tie
    ("{count} dead", ("dead",)),  # four letters is enough
    ("a big blast", ("blast",)),
    ("{count} bombings? fell", ("bombing",)),  # the optional last letter is dropped
    ("shooting{0,1}", ("shootin",)),
    ("{count} blasts\\b", ("blasts",)),
    ("\\bStampede\\b", ("stampede",)),  # lower-cased
], ids=str)
def test_literal_words_of_four_letters_or_more_count(pattern, expected):
    assert pattern_triggers(pattern, VOCAB) == expected


@pytest.mark.parametrize("pattern, expected", [
    ("\\p{L}+ {count}", ()),
    ("\\p{L}+ {noun}", ("blast", "bombing")),
    ("\\P{L}{verb}", VERB),
    ("[\\p{L}]+ {noun}", ("blast", "bombing")),
    ("\\N{EM DASH} {noun}", ("blast", "bombing")),
], ids=str)
def test_unicode_properties_are_not_references(pattern, expected):
    assert pattern_triggers(pattern, VOCAB) == expected


def test_character_classes_and_escapes_are_not_words():
    assert pattern_triggers("[killed]+ {count}", VOCAB) == ()
    assert pattern_triggers("\\d+ {count}", VOCAB) == ()
    assert pattern_triggers("[^)(]+ {noun}", VOCAB) == ("blast", "bombing")
    assert pattern_triggers("\\(blast\\)", VOCAB) == ("blast",)


def test_named_groups_are_required_groups():
    assert pattern_triggers("(?P<value>{noun}) hit", VOCAB) == ("blast", "bombing")
    assert pattern_triggers("(?P<value>a|one) {noun}", VOCAB) == ("blast", "bombing")


@pytest.mark.xfail(strict=True, reason="triggers._parse reads the backreference (?P=word) as a group holding "
                                       "the literal word 'word', so the prefilter would demand it")
def test_backreference_is_not_a_literal_word():
    assert pattern_triggers("(?P<w>\\w+) (?P=word)", VOCAB) == ()


def test_every_default_pattern_with_triggers_is_found_by_them(book):
    """A check on the shipped patterns: each example sentence a pattern matches holds one of its triggers."""
    for slot in book.slots:
        for example in slot.examples:
            lowered = example.text.lower()
            for pattern in slot.patterns:
                if pattern.triggers and pattern.regex.search(example.text):
                    assert any(t in lowered for t in pattern.triggers), (slot.id, pattern.source, example.text)


@pytest.mark.parametrize("pattern, expected", [
    # an alternation at the top: each alternative's words, when every one of them has some
    (r"\bsuccumb(?:ed|s)? to\b|\b(?:left for|flew to)\b", {"succumb", "left", "flew"}),
    (r"\b(?:recaps?|round-?ups?)\b|\bthe city's (?:third|\d+th) (?:murder|homicide)\b",
     {"recap", "round", "city"}),
    (r"^[+*]\s|\brelated stories\b", None),  # the first alternative holds no word
    (r"\b(?:in|of) (?:19|20)\d\d\b|\bsince (?:early|late) spring\b", None),
])
def test_required_words_read_an_alternation_at_the_top(pattern, expected):
    found = required_words(pattern)
    assert (None if found is None else set(found)) == expected


def test_every_default_cue_with_triggers_is_found_by_them(book):
    """The pack-wide patterns (other-incident cues, sources, place aliases) run only where the
    prefilter finds one of their trigger words: every sentence of the slots' examples that such a
    pattern matches holds one (written here in many shapes as well)."""
    written = ["He succumbed to his wounds days later, and his family flew to the city.",
               "Police were alerted by a 911 call about gunfire near the corner.",
               "It was the city's 40th homicide this year, a recap of the weekend shows.",
               "Related stories: two hurt in a crash.", "A similar shooting occurred at the same intersection."]
    texts = written + [e.text for slot in book.slots for e in slot.examples]
    patterns = [p for cue in book.lexicons.other_incidents for p in cue.patterns] \
        + list(book.lexicons.sources) + list(book.lexicons.place_aliases)
    matched = 0
    for pattern in patterns:
        for text in texts:
            if pattern.triggers and pattern.regex.search(text):
                matched += 1
                assert any(scan_key(t) in "".join(text.lower().split()) for t in pattern.triggers), \
                    (pattern.regex.pattern[:80], text)
    assert matched > 10
