"""checker.engine.prefilter: which patterns run on which sentences.

A pattern runs on a sentence that holds one of its trigger words and a word of each word set its
matches require; skipping the others changes only the time taken. The equality of the fast and
plain paths over the seeds and the generality set is in tests/test_extract.py; here, that the
gate really skips, on a pack written for it.
"""

from __future__ import annotations

import pytest

from checker.engine.extract import extract
from checker.engine.prefilter import candidate_patterns, lexical_bit, scan
from checker.rules.load import load_rulebook
from checker.match.triggers import required_options

PACK = """\
pack: story
vocab:
  rang: [rang, tolled, rang out]
sources:
  - '(?P<speaker>the (?:verger|warden)) announced'
slots:
  bells:
    type: count
    description: How many bells rang in a tower.
    patterns:
      - '{count} bells {rang} in the (?:tower|chapel)\\b'
      - '\\bbells numbered (?P<value>\\w+)'
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    pack = tmp_path_factory.mktemp("pack") / "story.yaml"
    pack.write_text(PACK, encoding="utf-8")
    return load_rulebook([pack], defaults=False)


def runs(book, make_article, body: str) -> list[int]:
    """The patterns of the bells slot that run on the article's first body sentence."""
    article = make_article(body)
    found = candidate_patterns(article, book, article.text.lower())
    return list(found.get(1, {}).get(0, ()))


def test_the_patterns_required_word_sets_are_read():
    assert sorted(map(sorted, required_options(r"\bbells (?:rang|tolled) in the (?:tower|chapel)\b"))) == [
        ["bells"], ["chapel", "tower"], ["rang", "tolled"]]
    # an optional part requires nothing, nor does an alternation one of whose branches holds no word
    assert sorted(map(sorted, required_options(r"bells(?: in the tower)? (?:rang|ring)"))) == [["bells"], ["rang", "ring"]]
    assert required_options(r"(?:bells|\d+) rang") == [frozenset({"rang"})]


def test_a_pattern_runs_only_where_every_required_word_set_is_filled(book, make_article):
    # pattern 0's trigger ("bells") is in both sentences; only the second holds "tower" or "chapel"
    assert runs(book, make_article, "Five bells rang in the square.") == []
    assert runs(book, make_article, "Five bells rang in the tower.") == [0]
    assert runs(book, make_article, "Five bells tolled in the chapel.") == [0]
    assert runs(book, make_article, "The bells numbered five.") == [1]


def test_skipping_never_loses_a_match(book, make_article):
    for body in ("Five bells rang in the square.", "Five bells rang out in the tower.",
                 "Five bells rang\nin the chapel, the verger announced.", "The bells numbered five."):
        article = make_article(body)
        fast, plain = extract(article, book), extract(article, book, use_prefilter=False)
        assert [(f.rule, f.display, f.source) for f in fast.facts] == \
            [(f.rule, f.display, f.source) for f in plain.facts]


def test_pack_wide_patterns_run_only_where_their_words_are(book, make_article):
    article = make_article("Five bells rang in the tower, the verger announced. Then the rain came.")
    scanned = scan(article, book, article.text.lower())
    assert scanned.lexical.get(1) == 1 << lexical_bit(book, 1, 0)  # the source pattern, on the first body sentence
    assert 2 not in scanned.lexical
    assert extract(article, book).facts[0].source == "the verger"
    # without the prefilter, everything runs everywhere
    plain = scan(article, book, article.text.lower(), use_prefilter=False)
    assert plain.lexical[2] == 1 << lexical_bit(book, 1, 0) and plain.candidates[2] == {0: (0, 1)}


# written for this test: cue words whole and cut, across line breaks, double and no-break spaces,
# a sentence's end and a paragraph's, overlapping ("mine explosion", "explosion"), in capitals
CUE_TEXTS = [
    "A mine explosion hit the road. Another blast followed; the explosions shook the hills.",
    "The land mine\nexploded near the well, and a car  bomb went off. Shelling resumed.",
    "Gunfire and clashes: a military\u00a0operation began. Rockets hit; an IED was found.",
    "The blasting crew left. Bombings? Bomb. Mine-explosion. Minesweepers found no landmines.",
    "Quake\n\nEarthquake damage was light, officials said. The tremor was felt.\n\nAftershocks? None.",
    "“The shooting,” she said, “was over by noon.” Shootings are rare. He was shot.",
]


def test_the_cues_found_in_the_prefilters_pass_are_those_of_their_own_pass(make_article):
    from checker.rules.load import load_rulebook as load_default

    book = load_default([])
    scopes = book.lexicons.scopes
    assert scopes.kinds
    found_any = 0
    for text in CUE_TEXTS:
        for body in (text, text.upper(), text.replace(". ", ".\n")):
            article = make_article(body, headline="Blast at the quarry kills two")
            lowered = article.text.lower()
            cues = scan(article, book, lowered).cues
            assert cues is not None  # found in the one pass
            assert cues == scopes.cues(lowered), body
            found_any += len(cues)
    assert found_any > 40


UNLESS_PACK = """\
pack: story
slots:
  bells:
    type: count
    description: How many bells rang in a tower.
    patterns:
      - '{count} bells rang\\b'
    unless:
      - '\\b(?:every|each) (?:sunday|evening)\\b'
      - '\\brehearsal\\b'
      - '^\\d+:\\d+'
"""


def test_a_slots_exclusions_are_searched_only_where_their_words_are(tmp_path, make_article, monkeypatch):
    pack = tmp_path / "story.yaml"
    pack.write_text(UNLESS_PACK, encoding="utf-8")
    book = load_rulebook([pack], defaults=False)
    slot = book.slots[0]
    assert slot.unless_triggers == (("each", "every"), ("rehearsal",), ())
    import checker.engine.extract as extract_module

    searched = []
    real = extract_module._search

    def counting(compiled, twin, text):
        searched.append(compiled.pattern)
        return real(compiled, twin, text)

    monkeypatch.setattr(extract_module, "_search", counting)
    facts = extract(make_article("Five bells rang in the tower."), book).facts
    assert [f.display for f in facts] == ["5"]
    assert searched == [slot.unless[2].pattern]  # the one without words, alone
    searched.clear()
    assert extract(make_article("Five bells rang at the rehearsal."), book).facts == []
    assert slot.unless[1].pattern in searched and slot.unless[0].pattern not in searched
    assert extract(make_article("Five bells rang every Sunday."), book).facts == []
    # without the prefilter, every exclusion is searched and excludes as before
    assert extract(make_article("Five bells rang every Sunday."), book, use_prefilter=False).facts == []


# written for this test: harm words whole and inside others, in the headline, after an underscore,
# across line breaks, several in one sentence, one at a paragraph's end, in capitals
HARM_TEXTS = [
    "Jo Marden was shot on Friday. The upshot: nobody else was hurt. Reshot footage showed the shooting.",
    "The victim, Lee Ansty, 30, died.\nVictims' families met. A shot_dead tag and a dead-end street.",
    "Police arrested a suspect.\n\nThe homicide was the third. Murdered? Stabbed twice, he was gunned down.",
    "No one was harmed in the fire, the chief said. Deadline extended; deadlines missed.",
]


def test_the_harm_sentences_found_in_the_prefilters_pass_are_those_of_the_story_cues_own_pass(make_article):
    from checker.rules.load import load_rulebook as load_default
    from checker.stories.cues import _harmed

    book = load_default([])
    rules = book.lexicons.story_cues
    found_any = 0
    for text in HARM_TEXTS:
        for body in (text, text.upper(), text.replace(". ", ".\n"), text.replace(" ", "  ")):
            article = make_article(body, headline="Man shot dead near quarry")
            lowered = article.text.lower()
            scanned = scan(article, book, lowered, harms=True)
            assert scanned.harmed is not None  # found in the one pass
            assert scanned.harmed == _harmed(article, lowered, rules), body
            assert scanned.cues == book.lexicons.scopes.cues(lowered), body  # the cues are read as before
            assert scan(article, book, lowered).harmed is None  # not asked: not looked for
            found_any += len(scanned.harmed)
    assert found_any > 25
    # a text that lower-casing lengthens ("İ" is two characters lower-cased) is left to the cues' own pass
    article = make_article("İlkay Oner was shot on Friday.")
    assert len(article.text.lower()) != len(article.text)
    assert scan(article, book, article.text.lower(), harms=True).harmed is None


def test_a_harm_word_that_is_not_of_word_characters_only_is_read_by_the_story_cues_own_pass(tmp_path, make_article):
    """The story cues' pass skips a word's overlaps with itself, which the prefilter's would not: a pack
    that adds such a word leaves the harm sentences to it, and the cues are the same."""
    from checker.rules.load import load_rulebook as load_default
    from checker.stories.cues import story_cues

    (tmp_path / "extra.yaml").write_text("pack: extra\nstory_cues:\n  harms: [shot dead]\n", encoding="utf-8")
    book = load_default([tmp_path / "extra.yaml"])
    article = make_article("Jo Marden, 40, was shot dead on Friday. Police named Kit Orme as a witness.")
    extraction = extract(article, book, story_cues=True)
    assert extraction.harmed is None and extraction.scope_cues is not None
    cues = story_cues(article, extraction.facts, book, None, extraction.scope_cues, extraction.lowered)
    assert cues.names == ("jo marden",)
    default = load_default([])
    found = extract(article, default, story_cues=True)
    assert found.harmed == [1]
    assert story_cues(article, found.facts, default, None, found.scope_cues, found.lowered, found.harmed) == \
        story_cues(article, found.facts, default, None, found.scope_cues, found.lowered)
