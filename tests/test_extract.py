"""checker.engine.extract: (Article, RuleBook) -> Facts with evidence; the prefilter changes speed, never results."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

import checker.engine.extract
from checker.articles.parse import build_article, load_articles
from checker.engine.extract import extract
from checker.run.pipeline import run
from checker.rules.load import load_rulebook

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

WRITTEN = [
    "Two separate blasts tore through the market on Friday, killing nine people and injuring 40. "
    "Police said a third device was defused.",
    "A magnitude 6.1 earthquake struck the region on Tuesday. At least 1,200 people died and thousands "
    "were injured, the health ministry said.",
    "The death toll from the bridge collapse in the Northfield district rose to 14 on Sunday. "
    "\"We will rebuild every home that was lost,\" Mayor Ana Ruiz said.",
    "Gunmen stormed the hotel, killing nine guests and two guards. Three firefighters were among the dead.",
    "Over the past decade hundreds have been injured by unexploded shells. Nobody was hurt on Monday.",
]


def fact_tuples(facts):
    return [(f.rule, f.display, f.evidence.start, f.evidence.end) for f in facts]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_prefilter_gives_the_same_facts_as_every_pattern_everywhere_on_seeds(book, path):
    (article,), _ = load_articles([str(path)])
    fast = extract(article, book)
    plain = extract(article, book, use_prefilter=False)
    assert fast.facts == plain.facts
    assert fast.place_aliases == plain.place_aliases
    assert fast.facts, "every seed article has facts"


@pytest.mark.parametrize("body", WRITTEN, ids=range(len(WRITTEN)))
def test_prefilter_gives_the_same_facts_on_written_articles(book, make_article, body):
    article = make_article(body)
    fast, plain = extract(article, book), extract(article, book, use_prefilter=False)
    assert fact_tuples(fast.facts) == fact_tuples(plain.facts)
    assert fast.facts == plain.facts


GENERALITY = yaml.safe_load((Path(__file__).resolve().parent / "generality" / "sentences.yaml").read_text(
    encoding="utf-8"))


@pytest.mark.parametrize("case", GENERALITY, ids=[c["id"] for c in GENERALITY])
def test_prefilter_gives_the_same_facts_on_the_generality_set(book, case):
    published = case.get("published")
    article = build_article("\n\n" + case["text"] + "\n", f"generality/{case['id']}", case["id"],
                            {"published": str(published)} if published else {})
    fast, plain = extract(article, book), extract(article, book, use_prefilter=False)
    assert fact_tuples(fast.facts) == fact_tuples(plain.facts), "the fast path lost or gained a fact"
    assert fast.facts == plain.facts
    assert fast.place_aliases == plain.place_aliases


# a vocab phrase ("lost their lives") is matched with \\s+ between its words: the prefilter must find
# it across any whitespace the regex \\s matches, including what Aho-Corasick's own skip does not
@pytest.mark.parametrize("body", [
    "Six people lost  their lives in the flood on Monday.",
    "Officials said that during the storm on Monday night six villagers lost\ntheir lives in the flooded valley.",
    "Six people lost\u00a0their lives in the flood on Monday.",
    "Six people lost\u202ftheir\u2007lives in the flood on Monday.",
    "Six people lost\u0085their lives in the flood on Monday.",
    "Officials said that during the storm on Monday night six villagers lost \t their\r\nlives in the valley.",
    "Six people lost their\nlives when the river\nflooded on Monday.",
], ids=["double-space", "line-break", "no-break-space", "narrow-and-figure-space", "next-line", "tab-crlf",
        "wrapped-at-24-columns"])
def test_prefilter_tolerates_whitespace_inside_multi_word_triggers(book, make_article, body):
    article = make_article(body)
    fast = fact_tuples(extract(article, book).facts)
    assert fast == fact_tuples(extract(article, book, use_prefilter=False).facts)
    assert any(rule == "casualties.killed" for rule, *_ in fast), "the toll was not read at all"


def test_evidence_locates_the_words(book):
    text = "Headline here\n\nPolice said the river rose.\nOn Friday, four soldiers and two civilians were killed.\n"
    from checker.articles.parse import build_article

    article = build_article(text, "stories/a.txt", "a", {})
    (fact,) = [f for f in extract(article, book).facts if f.rule == "casualties.killed"]
    ev = fact.evidence
    assert (ev.article, ev.path) == ("a", "stories/a.txt")
    assert ev.text == "four soldiers and two civilians were killed"
    assert text[ev.start:ev.end] == ev.text
    assert (ev.line, ev.column) == (4, 12)
    assert ev.sentence == "On Friday, four soldiers and two civilians were killed."
    assert ev.headline is False


def test_headline_facts_are_marked(book, make_article):
    article = make_article("Officials gave no figure.", headline="Blast kills 7 miners in coal pit")
    facts = [f for f in extract(article, book).facts if f.rule == "casualties.killed"]
    assert [(f.display, f.evidence.headline, f.evidence.line) for f in facts] == [("7 worker", True, 1)]


def test_source_and_scope_are_recorded(facts_of):
    (fact,) = facts_of("Six people were killed in the blast, the interior ministry said.", "casualties.killed")
    assert fact.source == "the interior ministry"
    assert fact.scope == frozenset({"explosion"})


def test_unless_drops_the_whole_sentence(facts_of):
    assert facts_of("More than 300 people have been killed by mines since 2020.", "casualties.killed") == []


def test_trace_explains_each_match(book, make_article):
    article = make_article("Four soldiers were killed in the blast. More than 300 have been killed since 2020.")
    extraction = extract(article, book, trace=True)
    outcomes = {(t.slot, t.text, t.outcome) for t in extraction.traces}
    assert ("casualties.killed", "Four soldiers were killed", "fact") in outcomes
    assert ("casualties.killed", "More than 300 have been killed", "unless") in outcomes
    assert extract(article, book).traces == []


# ---- a runaway pattern ---------------------------------------------------------------------------

RUNAWAY = """\
pack: runaway
slots:
  slow:
    type: count
    description: A pattern that backtracks catastrophically.
    patterns: ['(a+)+b']
"""


@pytest.mark.parametrize("matcher", ["pcre2", "regex"])
def test_a_runaway_pattern_is_stopped_and_reported(tmp_path, monkeypatch, make_article, matcher):
    # PCRE2 gives up at its step limit and hands the sentence to regex, which runs out of time
    monkeypatch.setenv("CHECKER_MATCHER", matcher)
    monkeypatch.setattr(checker.engine.extract, "MATCH_TIMEOUT", 0.2)
    pack = tmp_path / "runaway.yaml"
    pack.write_text(RUNAWAY, encoding="utf-8")
    book = load_rulebook([pack])
    assert book.slot("runaway.slow").patterns[0].regex.pattern in book.fast
    article = make_article("a" * 5000 + "c b.\n\nFour soldiers were killed in the blast on Monday.")
    started = time.perf_counter()
    extraction = extract(article, book)
    assert time.perf_counter() - started < 5
    assert len(extraction.problems) == 1
    problem = extraction.problems[0]
    assert problem.startswith(f"{pack}:6:17: pattern of runaway.slow took over 0.2s on a.txt")
    assert "(a+)+" in problem
    facts = {(f.rule, f.display) for f in extraction.facts}
    assert ("casualties.killed", "4 soldier") in facts
    assert ("incident.date", "Monday") in facts
    assert not any(f.rule == "runaway.slow" for f in extraction.facts)


def test_a_runaway_pattern_is_an_input_error_in_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr(checker.engine.extract, "MATCH_TIMEOUT", 0.2)
    pack = tmp_path / "runaway.yaml"
    pack.write_text(RUNAWAY, encoding="utf-8")
    slow = tmp_path / "slow.txt"
    slow.write_text("Headline\n\n" + "a" * 5000 + "c b.\n", encoding="utf-8")
    fine = tmp_path / "fine.txt"
    fine.write_text("Headline\n\nFour soldiers were killed in the blast.\n", encoding="utf-8")
    result = run([str(tmp_path)], load_rulebook([pack]))
    assert [a.id for a in result.articles] == ["fine", "slow"]
    assert [e.path for e in result.errors] == [str(slow)]
    assert "runaway.slow" in result.errors[0].message
    assert [f.display for f in result.facts["fine"] if f.rule == "casualties.killed"] == ["4 soldier"]


# ---- other-incident cues: worked out once per rule book, fired per sentence ----------------------

CUED = """\
pack: cued
slots:
  dead:
    type: count
    description: People who died.
    patterns: ['{count} (?:people|workers) (?:were killed|died)']
  blasts:
    type: count
    description: Blasts heard.
    patterns: ['{count} (?:loud )?blasts']
other_incidents:
  - reason: a linked story
    slots: [cued.blasts]
    patterns: ['^[+»]\\s']
  - reason: a roundup
    patterns: ['\\bacross the (?:city|region)\\b']
"""


@pytest.mark.parametrize("use_prefilter", [True, False])
def test_other_incident_cues_follow_their_book_and_slots(tmp_path, make_article, use_prefilter):
    # a cue runs only for the slots it names, a cue without trigger words still fires, and two books
    # of the same slots used in turn (without the prefilter they share no PCRE2 twins) each label by
    # their own cues
    pack = tmp_path / "cued.yaml"
    pack.write_text(CUED, encoding="utf-8")
    cued = load_rulebook([pack], defaults=False)
    other_pack = tmp_path / "other.yaml"
    other_pack.write_text(CUED.replace("slots: [cued.blasts]", "slots: [cued.dead]")
                          .replace("a linked story", "a link").replace("a roundup", "several"), encoding="utf-8")
    other = load_rulebook([other_pack], defaults=False)
    article = make_article("» Three workers were killed as two blasts shook the port.\n\n"
                           "Five people died in fires across the city, as four blasts were heard.\n\n"
                           "Six workers were killed by one blast on Friday.")

    def labels(book):
        facts = extract(article, book, use_prefilter=use_prefilter).facts
        return {(f.rule, f.display): f.other_incident for f in facts}

    for _ in range(2):
        assert labels(cued) == {("cued.dead", "3"): None, ("cued.blasts", "2"): "a linked story",
                                ("cued.dead", "5"): "a roundup", ("cued.blasts", "4"): "a roundup",
                                ("cued.dead", "6"): None}
        assert labels(other) == {("cued.dead", "3"): "a link", ("cued.blasts", "2"): None,
                                 ("cued.dead", "5"): "several", ("cued.blasts", "4"): "several",
                                 ("cued.dead", "6"): None}


def test_only_types_that_read_parts_mark_them(tmp_path, book, make_article):
    # a headcount slot reads a smaller figure beside a larger one as a part of it; a count slot reads
    # no parts (its type keeps the default), so both its figures stay whole
    pack = tmp_path / "cued.yaml"
    pack.write_text(CUED.split("other_incidents:")[0], encoding="utf-8")
    counts = load_rulebook([pack], defaults=False)
    article = make_article("Three workers were killed in the blast on Monday.\n\n"
                           "One worker was killed at the gate, and two blasts were heard. Five blasts followed.")
    killed = [(f.display, f.partial) for f in extract(article, book).facts if f.rule == "casualties.killed"]
    assert killed == [("3 worker", False), ("1 worker", True)]
    blasts = [(f.display, f.partial) for f in extract(article, counts).facts if f.rule == "cued.blasts"]
    assert blasts == [("2", False), ("5", False)]
