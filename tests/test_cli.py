"""The command line: exit codes 0 / 1 / 2, --output, explain, rules test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app

REPO = Path(__file__).resolve().parent.parent
SEED_004 = "seeds/004_2651ffae41543d65.txt"


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


# ---- check: exit codes ------------------------------------------------------------------------


SMALL_PACK = """\
pack: small
slots:
  blasts:
    type: count
    description: How many blasts.
    patterns: ['{count} blasts']
"""


def test_exit_codes_through_the_real_entry_point(tmp_path):
    """`python -m checker` with a small pack only, so that the process starts fast."""
    (tmp_path / "pack.yaml").write_text(SMALL_PACK, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Headline\n\nTwo blasts hit the town.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline\n\nThree blasts hit the town.\n", encoding="utf-8")

    def checker(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "checker", "check", str(tmp_path / "a.txt"),
                               str(tmp_path / "b.txt"), "--no-default-rules", "--rules", str(tmp_path / "pack.yaml"),
                               *args], capture_output=True, text=True, cwd=REPO, timeout=120)

    done = checker()
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("warning  small.blasts  count  2 vs 3\n")
    assert checker("--fail-on", "never").returncode == 0
    assert checker("--format", "yaml").returncode == 2


@pytest.mark.parametrize("fail_on, code", [("warning", 1), ("error", 1), ("info", 1), ("never", 0)])
def test_fail_on(fail_on, code):
    assert cli("check", "seeds/", "--fail-on", fail_on).exit_code == code


def test_fail_on_error_ignores_warnings(tmp_path):
    # a story whose only finding is a warning (a date)
    for name, day in (("a", "Monday"), ("b", "Tuesday")):
        (tmp_path / f"{name}.txt").write_text(f"Headline\n\nFour people were killed on {day} in the blast.\n",
                                              encoding="utf-8")
    assert cli("check", str(tmp_path), "--fail-on", "error").exit_code == 0
    assert cli("check", str(tmp_path)).exit_code == 1


def test_a_single_article_without_conflicts_exits_0():
    result = cli("check", SEED_004)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("1 article, ")


def test_broken_rule_file_exits_2_naming_the_place(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("pack: story\nslots:\n  a:\n    type: count\n    severty: error\n    description: A.\n"
                    "    patterns: ['{count} blasts']\n", encoding="utf-8")
    result = cli("check", "seeds/", "--rules", str(pack))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{pack}:5:5: unknown key 'severty'" in result.stderr
    assert "hint: did you mean 'severity'?" in result.stderr
    assert result.stderr.rstrip().endswith("1 problem in the rule files")


def test_unknown_option_exits_2():
    result = cli("check", "--bogus", "seeds/")
    assert result.exit_code == 2
    assert "--bogus" in result.stderr


def test_no_readable_input_exits_2(tmp_path):
    result = cli("check", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'missing.txt'}: no such file or directory" in result.stdout
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    assert cli("check", str(tmp_path)).exit_code == 2


def test_some_unreadable_input_is_listed_and_the_run_completes(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    result = cli("check", SEED_004, str(tmp_path / "bin.txt"), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"]["articles"] == 1
    assert report["errors"] == [{"path": str(tmp_path / "bin.txt"), "message": "binary file, not an article"}]


def test_output_file_holds_the_report(tmp_path):
    out = tmp_path / "report.json"
    result = cli("check", "seeds/", "--format", "json", "--output", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(cli("check", "seeds/", "--format",
                                                                          "json").stdout)
    assert not (tmp_path / "report.json.tmp").exists()


# ---- explain --------------------------------------------------------------------------------


def test_explain_lists_every_slot_with_evidence(book):
    result = cli("explain", SEED_004)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == f"{SEED_004}  (story: default, published: unknown)"
    for slot in book.slots:
        assert f"\n{slot.id}  ({slot.type_name}, {slot.severity})  " in out
    assert "casualties.killed  (headcount, error)  2 facts" in out
    assert "casualties.injured  (headcount, warning)  0 facts" in out
    assert f'    {SEED_004}:27:54  "four police officers and two civilians were killed"' in out


def test_explain_one_slot_shows_match_outcomes():
    result = cli("explain", SEED_004, "--slot", "casualties.killed")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "incident.count" not in out.split("matches:")[0]
    assert "\nmatches:\n" in out
    assert f'{SEED_004}:27:54  "four police officers and two civilians were killed"  -> fact' in out
    matches = out.split("matches:")[1].strip().splitlines()
    assert matches and all("casualties.yaml" in line for line in matches)


def test_explain_one_slot_shows_why_a_match_was_dropped(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nMore than 300 people have been killed by floods there since 2009.\n")
    out = cli("explain", str(article), "--slot", "casualties.killed").stdout
    assert '"More than 300 people have been killed"  -> unless' in out


def test_explain_one_slot_shows_only_that_slots_matches():
    out = cli("explain", SEED_004, "--slot", "casualties.killed").stdout
    assert "At this moment" not in out.split("matches:")[1]


def test_explain_slot_with_few_patterns_does_not_crash():
    result = cli("explain", "seeds/002_7df8da37a3d8a7ae.txt", "--slot", "quotes.attribution")
    assert result.exit_code == 0, result.output


def test_explain_unknown_slot_exits_2():
    result = cli("explain", SEED_004, "--slot", "casualties.kiled")
    assert result.exit_code == 2
    assert "unknown slot 'casualties.kiled'" in result.stderr


def test_explain_unreadable_article_exits_2(tmp_path):
    result = cli("explain", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2


# ---- rules ------------------------------------------------------------------------------------


def test_rules_test_passes_on_the_shipped_packs():
    result = cli("rules", "test")
    assert result.exit_code == 0, result.output
    assert "casualties.killed: " in result.stdout
    assert result.stdout.splitlines()[-1].endswith(" passed, 0 failed")


FAILING = """\
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
"""


def test_rules_test_fails_on_a_failing_example(tmp_path):
    pack = tmp_path / "story.yaml"
    pack.write_text(FAILING, encoding="utf-8")
    result = cli("rules", "test", str(pack))
    assert result.exit_code == 1
    out = result.stdout
    assert "story.blasts: 1/3 passed" in out
    assert f"  false positive: {pack}:10:9  expected none, got 3\n    Three blasts hit the town." in out
    assert f"  miss: {pack}:12:9  expected 1, got none\n    A blast hit the town." in out
    assert out.splitlines()[-1] == "1 passed, 2 failed"
    assert "casualties.killed" not in out  # only the packs named are tested


def test_rules_validate_and_list(tmp_path):
    result = cli("rules", "validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: ")
    listing = cli("rules", "list").stdout
    assert listing.startswith("casualties.killed ")
    assert "rules/casualties.yaml:" in listing
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: story\nslots: []\n", encoding="utf-8")
    result = cli("rules", "validate", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2:8: slots: " in result.stderr


def test_rules_list_takes_the_pack_as_an_argument_as_validate_and_test_do(tmp_path):
    pack = tmp_path / "harbour.yaml"
    pack.write_text("pack: harbour\nslots:\n  vessels:\n    type: count\n    severity: warning\n"
                    "    description: boats sunk\n    patterns: ['{count} boats? sank']\n", encoding="utf-8")
    by_argument = cli("rules", "list", str(pack))
    assert by_argument.exit_code == 0, by_argument.output
    assert by_argument.stdout == cli("rules", "list", "--rules", str(pack)).stdout
    assert "harbour.vessels" in by_argument.stdout and "casualties.killed" in by_argument.stdout
    only = cli("rules", "list", str(pack), "--no-default-rules")
    assert only.exit_code == 0 and only.stdout.startswith("harbour.vessels ") and len(only.stdout.splitlines()) == 1


def test_counts_agree_with_their_nouns():
    from checker.model import plural

    assert [plural(1, "error"), plural(2, "error"), plural(0, "article"), plural(1, "article")] == [
        "1 error", "2 errors", "0 articles", "1 article"]
    assert [plural(2, "miss"), plural(1, "miss"), plural(2, "false positive"), plural(3, "info")] == [
        "2 misses", "1 miss", "2 false positives", "3 info"]
    assert plural(2, "input error") == "2 input errors" and plural(1, "input error") == "1 input error"


def test_the_summary_line_says_1_error_not_1_errors(tmp_path):
    # one error: a headline against its own body (figures of one time); the other article agrees
    (tmp_path / "a.md").write_text("Four killed in blast\n\nSeven people were killed in the blast on Monday.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("Blast\n\nSeven people were killed in the blast on Monday.\n", encoding="utf-8")
    last = cli("check", str(tmp_path)).stdout.splitlines()[-1]
    assert last.startswith("2 articles, ") and " 1 error, " in last and "errors" not in last, last
    github = cli("check", str(tmp_path), "--format", "github").stdout.splitlines()[-1]
    assert "1 error, " in github and "0 input errors" in github, github
