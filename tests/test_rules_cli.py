"""`checker rules new|validate|test`: what an editor runs while writing a pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_a_new_pack_validates_and_its_examples_pass(tmp_path):
    made = cli("rules", "new", "harbour")
    assert made.exit_code == 0, made.output
    assert made.stdout == "wrote harbour.yaml; try: checker rules test harbour.yaml\n"
    validated = cli("rules", "validate", "harbour.yaml")
    assert validated.exit_code == 0, validated.output
    assert validated.stdout.startswith("ok: ")
    tested = cli("rules", "test", "harbour.yaml")
    assert tested.exit_code == 0, tested.output
    assert tested.stdout == "harbour.vessels: 2/2 passed\n2 passed, 0 failed\n"
    assert cli("rules", "new", "harbour").exit_code == 2  # never overwrites
    assert cli("rules", "new", "Harbour-2").exit_code == 2


VERDICTS = """\
pack: story
slots:
  blasts:
    type: count
    description: How many blasts.
    patterns: ['{count} blasts']
    examples:
      - text: "Two blasts hit the town."
        expect: "2"
      - text: "Three blasts hit the town."
        expect: none
      - text: "A blast hit the town."
        expect: "1"
      - text: "Four blasts hit the town."
        expect: "5"
  bombs:
    type: count
    description: How many bombs.
    patterns: ['{count} bombs']
"""


def test_rules_test_counts_each_kind_of_failure_and_lists_it_with_its_place():
    Path("story.yaml").write_text(VERDICTS, encoding="utf-8")
    result = cli("rules", "test", "story.yaml", "--no-default-rules")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "story.bombs: no examples (story.yaml:16:3); add some: they are the slot's tests",
        "story.blasts: 1/4 passed, 1 false positive, 1 miss, 1 wrong value",
        "  false positive: story.yaml:10:9  expected none, got 3",
        "    Three blasts hit the town.",
        "  miss: story.yaml:12:9  expected 1, got none",
        "    A blast hit the town.",
        "  wrong value: story.yaml:14:9  expected 5, got 4",
        "    Four blasts hit the town.",
        "1 passed, 3 failed",
    ]


def test_rules_test_runs_the_examples_a_pack_adds_to_another_pack_s_slot():
    Path("extra.yaml").write_text("pack: extra\noverrides:\n  incident.count:\n    examples:\n"
                                  "      - text: Three jolts shook the town.\n        expect: none\n", encoding="utf-8")
    result = cli("rules", "test", "extra.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "incident.count: 1/1 passed\n1 passed, 0 failed\n"


BROKEN = """\
pack: story
slots:
  blasts:
    type: count
    severty: error
    description: How many blasts.
    patterns: ['{count} {blast_wrd}', '(?:a|*b)']
"""


def test_validate_and_check_report_the_same_problems_and_exit_2():
    Path("broken.yaml").write_text(BROKEN, encoding="utf-8")
    validated = cli("rules", "validate", "broken.yaml", "--no-default-rules")
    assert validated.exit_code == 2
    assert validated.stdout == ""
    assert validated.stderr.splitlines() == [
        "broken.yaml:5:5: unknown key 'severty'",
        "  hint: did you mean 'severity'?",
        "broken.yaml:7:25: unknown macro or vocab '{blast_wrd}'",
        "  hint: define it under 'vocab:' or use a built-in macro: count, headcount, headcounts, quantity, place, "
        "date, absolute_date, weekday, relative_date, time, quote, speaker, people",
        "broken.yaml:7:45: invalid regular expression: nothing to repeat",
        "  hint: escape literal ( ) [ ] { } ? + * with a backslash",
        "3 problems in the rule files",
    ]
    article = Path("a.txt")
    article.write_text("Headline\n\nTwo blasts hit the town.\n", encoding="utf-8")
    checked = cli("check", str(article), "--no-default-rules", "--rules", "broken.yaml")
    assert checked.exit_code == 2
    assert checked.stdout == ""
    assert checked.stderr == validated.stderr
    tested = cli("rules", "test", "broken.yaml", "--no-default-rules")
    assert (tested.exit_code, tested.stderr) == (2, validated.stderr)


def test_validate_names_every_file_with_a_problem():
    Path("one.yaml").write_text("pack: one\nslots:\n  a: [1\n", encoding="utf-8")
    Path("two.yaml").write_text("pack: two\nslots:\n  b:\n    type: count\n", encoding="utf-8")
    result = cli("rules", "validate", "one.yaml", "two.yaml")
    assert result.exit_code == 2
    files = [line.split(":")[0] for line in result.stderr.splitlines() if not line.startswith(("  ", "2 problem"))]
    assert files == ["one.yaml", "two.yaml"]


def test_the_example_story_pack_passes_its_examples():
    result = cli("rules", "test", str(REPO / "seeds" / "story.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith(" passed, 0 failed")
