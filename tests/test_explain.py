"""`checker explain ARTICLE --slot ID`: why a slot did or did not fire.

Every match is shown with what became of it (a fact; dropped by which `unless`; inside which longer
match; unreadable; skipped by the trigger prefilter), every pattern with where it ran, and with
--line which patterns ran on that line's sentences and which did not for want of trigger words (or
of a word every match needs).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app

PACK = """\
pack: story
vocab:
  rang: [rang, tolled]
slots:
  bells:
    type: count
    description: How many bells rang.
    patterns:
      - '{count} bells {rang}'
      - pattern: '{count} bells {rang} out'
        note: the longer form wins an overlap
      - '\\bchimes numbered (?P<value>\\w+)'
    unless:
      - '\\bin (?:the )?(?:19|20)\\d\\d\\b'
      - '\\bevery (?:year|sunday)\\b'
"""


@pytest.fixture
def story(tmp_path) -> tuple[Path, Path]:
    pack = tmp_path / "story.yaml"
    pack.write_text(PACK, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\n"
                       "Three bells rang out at noon.\n"
                       "Nine bells rang every Sunday before the war.\n"
                       "The chimes numbered none at all.\n"
                       "The tower stood silent.\n", encoding="utf-8")
    return pack, article


def explain(pack: Path, article: Path, *more: str) -> str:
    result = CliRunner().invoke(app, ["explain", str(article), "--no-default-rules", "--rules", str(pack),
                                      "--slot", "story.bells", *more])
    assert result.exit_code == 0, result.output
    return result.stdout


def line_of(text: str, needle: str) -> str:
    found = [line for line in text.splitlines() if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def test_a_fact_shows_its_value_and_pattern(story):
    pack, article = story
    out = explain(pack, article).split("\nmatches:\n")[1]
    assert line_of(out, '"Three bells rang out"  ->') == (
        f'  pattern 1 ({pack}:10:19)  {article}:3:1  "Three bells rang out"  -> fact: 3')


def test_an_overlap_names_the_longer_match_that_won(story):
    pack, article = story
    out = explain(pack, article).split("\nmatches:\n")[1]
    assert line_of(out, '"Three bells rang"  ->') == (
        f'  pattern 0 ({pack}:9:10)  {article}:3:1  "Three bells rang"  -> overlap: inside the longer '
        f'match of pattern 1 at {article}:3:1 "Three bells rang out"')


def test_an_unless_is_named_with_where_it_is_written(story):
    pack, article = story
    out = explain(pack, article).split("\nmatches:\n")[1]
    assert line_of(out, '"Nine bells rang"') == (
        f'  pattern 0 ({pack}:9:10)  {article}:4:1  "Nine bells rang"  -> unless: dropped by unless 1 '
        f'({pack}:15:10) "\\bevery (?:year|sunday)\\b", which matches the sentence')


def test_a_match_without_a_value_is_unparsed(story):
    pack, article = story
    out = explain(pack, article).split("\nmatches:\n")[1]
    assert line_of(out, '"chimes numbered none"') == (
        f'  pattern 2 ({pack}:12:10)  {article}:5:5  "chimes numbered none"  -> unparsed: no count value could be '
        "read from it")


def test_a_match_the_prefilter_skipped_is_shown(tmp_path):
    # trigger words set by hand that the sentence lacks: the pattern would match, but never runs there
    pack = tmp_path / "story.yaml"
    pack.write_text(PACK.replace("    patterns:\n", "    triggers: [tolled]\n    patterns:\n", 1), encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nFive bells rang over the bay.\n", encoding="utf-8")
    out = explain(pack, article).split("\nmatches:\n")[1]
    assert out.splitlines() == [
        f'  pattern 0 ({pack}:10:10)  {article}:3:1  "Five bells rang"  -> skipped by the trigger prefilter: '
        "the sentence holds none of its trigger words (tolled)"]


def test_patterns_say_where_they_ran_and_unless_what_they_dropped(story):
    pack, article = story
    out = explain(pack, article).split("\npatterns:\n")[1].split("\nmatches:\n")[0]
    assert out.splitlines() == [
        f"  pattern 0 ({pack}:9:10)  ran on 2 of 5 sentences (trigger words: bells); 2 match(es)",
        f"  pattern 1 ({pack}:10:19)  ran on 2 of 5 sentences (trigger words: bells); 1 match(es)"
        "  # the longer form wins an overlap",
        f"  pattern 2 ({pack}:12:10)  ran on 1 of 5 sentences (trigger words: chimes); 1 match(es)",
        f'  unless 1 ({pack}:15:10)  "\\bevery (?:year|sunday)\\b"  dropped the matches of 1 sentence(s)',
        "  1 unless pattern(s) of story.bells dropped nothing here",
    ]


def test_line_shows_which_patterns_ran_and_which_lacked_their_trigger_words(story):
    pack, article = story
    section = explain(pack, article, "--line", "5").split("\nline 5:\n")[1].split("\nmatches:\n")[0]
    assert section.splitlines() == [
        f'  sentence at {article}:5:1  "The chimes numbered none at all."',
        f"    pattern 0 ({pack}:9:10)  did not run: none of its trigger words (bells) is in the sentence",
        f"    pattern 1 ({pack}:10:19)  did not run: none of its trigger words (bells) is in the sentence",
        f"    pattern 2 ({pack}:12:10)  ran: 1 match(es)",
    ]
    section = explain(pack, article, "--line", "4").split("\nline 4:\n")[1].split("\nmatches:\n")[0]
    assert f"    unless 1 ({pack}:15:10) matches it: every match in this sentence is dropped" in section


def test_line_names_the_word_a_pattern_needs_and_the_sentence_lacks(story):
    # the trigger word is there, but every match also needs a word the sentence does not hold
    pack, article = story
    article.write_text("Headline\n\nFive bells fell from the tower.\n", encoding="utf-8")
    section = explain(pack, article, "--line", "3").split("\nline 3:\n")[1].split("\nmatches:\n")[0]
    assert section.splitlines()[1:3] == [
        f"    pattern 0 ({pack}:9:10)  did not run: every match needs one of (rang, tolled), and the sentence has none",
        f"    pattern 1 ({pack}:10:19)  did not run: every match needs one of (rang, tolled), and the sentence has none",
    ]


def test_a_slot_that_never_fired(story):
    pack, article = story
    article.write_text("Headline\n\nThe tower stood silent.\n", encoding="utf-8")
    out = explain(pack, article)
    assert "never ran: no sentence holds one of its trigger words (bells); 0 match(es)" in out
    assert out.endswith("\nmatches:\n  none: no pattern matched a sentence holding its trigger words\n")


def test_line_without_slot_is_a_usage_error(story):
    pack, article = story
    result = CliRunner().invoke(app, ["explain", str(article), "--no-default-rules", "--rules", str(pack),
                                      "--line", "3"])
    assert result.exit_code == 2
    assert "--line needs --slot" in result.stderr


def test_a_pattern_pcre2_cannot_run_is_marked_slow(tmp_path):
    # an unbounded look-behind: PCRE2 refuses it, so the pattern runs on the slower regex
    pack = tmp_path / "story.yaml"
    pack.write_text(PACK.replace("      - '\\bchimes numbered (?P<value>\\w+)'\n",
                                 "      - '(?<=chimes[^,]*)numbered (?P<value>\\w+)'\n"), encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nThree bells rang out at noon.\n", encoding="utf-8")
    out = explain(pack, article).split("\npatterns:\n")[1].split("\nmatches:\n")[0]
    assert "runs on regex, not PCRE2" in line_of(out, "pattern 2 (")
    assert "PCRE2" not in line_of(out, "pattern 0 (") + line_of(out, "pattern 1 (")
