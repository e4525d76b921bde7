"""--baseline: only discrepancies whose id is not in a saved report are reported and counted.

The id (fingerprint) is built from rule, kind and story, so edits that move text keep it; a finding
is known when the baseline's finding of that id held each of its values in each of its articles. Every article here is written for these tests.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app
from checker.engine.compare import fingerprint

PACK = Path(__file__).resolve().parent / "fixtures" / "lint" / "pack.yaml"
SMALL = ["--no-default-rules", "--rules", str(PACK)]

A = "Headline\n\nThree workers were killed on the quay.\n\nWitnesses heard two blasts.\n"
B = "Headline\n\nFive workers were killed on the quay.\n\nWitnesses heard six blasts.\n"


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def story(tmp_path, monkeypatch) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(A, encoding="utf-8")
    (tmp_path / "articles" / "b.md").write_text(B, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def save_baseline(fmt: str = "json", name: str = "baseline.json") -> Path:
    result = cli("check", "articles", *SMALL, "--output", f"{fmt}={name}")
    assert result.exit_code == 1
    return Path(name)


def run(*args: str) -> tuple[int, dict]:
    result = cli("check", "articles", *SMALL, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def ids(report: dict) -> list[str]:
    return [d["id"] for d in report["discrepancies"]]


def test_a_baseline_hides_known_discrepancies(story):
    _, before = run()
    assert len(ids(before)) == 2
    save_baseline()
    code, report = run("--baseline", "baseline.json")
    assert code == 0
    assert report["discrepancies"] == []
    assert report["summary"]["baselined"] == 2
    assert cli("check", "articles", *SMALL, "--baseline", "baseline.json").stdout.splitlines()[-1].endswith(
        "0 errors, 0 warnings, 0 info, 2 in the baseline")


def test_only_new_discrepancies_are_reported_and_counted(story):
    save_baseline()
    (story / "articles" / "c.md").write_text("Headline\n\nWitnesses heard two blasts.\n", encoding="utf-8")
    (story / "articles" / "b.md").write_text(B.replace("Five workers", "Nine workers"), encoding="utf-8")
    code, report = run("--baseline", "baseline.json", "--fail-on", "error")
    assert code == 1
    assert [(d["rule"], d["message"]) for d in report["discrepancies"]] == [("story.killed", "3 vs 9"),
                                                                            ("story.blasts", "2 vs 6")]


@pytest.mark.parametrize("edit, moves", [
    (lambda text: "Headline\n\nA new opening paragraph was added.\n\n" + text.split("\n\n", 1)[1], True),
    (lambda text: text.replace("\n\nWitnesses", "\n\nMore background on the port.\n\nWitnesses"), True),
    (lambda text: "Headline\n\n" + "\n\n".join(reversed(text.strip().split("\n\n")[1:])) + "\n", True),
    (lambda text: text.replace("Headline\n\n", "Headline\n\nThe port reopened. The ferry ran late.  "), True),
    (lambda text: text.replace("\n", "\r\n"), False),
], ids=["paragraph-above", "paragraph-between", "paragraphs-swapped", "same-line-shift", "crlf"])
def test_ids_survive_edits_that_move_text(story, edit, moves):
    _, before = run()
    save_baseline()
    for name in ("a.md", "b.md"):
        path = story / "articles" / name
        path.write_bytes(edit(path.read_text(encoding="utf-8")).encode("utf-8"))
    code, after = run()
    assert ids(after) == ids(before)
    moved = [(c["line"], c["column"]) for d in after["discrepancies"] for s in d["sides"] for c in s["claims"]]
    kept = [(c["line"], c["column"]) for d in before["discrepancies"] for s in d["sides"] for c in s["claims"]]
    assert (moved != kept) == moves
    code, report = run("--baseline", "baseline.json")
    assert (code, report["discrepancies"]) == (0, [])


def test_a_changed_value_is_a_new_discrepancy(story):
    save_baseline()
    (story / "articles" / "b.md").write_text(B.replace("six blasts", "seven blasts"), encoding="utf-8")
    _, report = run("--baseline", "baseline.json")
    assert [d["message"] for d in report["discrepancies"]] == ["2 vs 7"]


def test_the_id_names_story_slot_and_kind_not_values_or_offsets(story):
    from checker.run.lint import LintOptions, lint
    from checker.rules.load import load_rulebook

    book = load_rulebook([PACK], defaults=False)
    result = lint(LintOptions(inputs=("articles",)), book)
    for d in result.discrepancies:
        assert d.id == fingerprint(d.rule, d.kind, d.story)
        assert fingerprint(d.rule, d.kind, "another-story") != d.id
    # count and total are one disagreement seen two ways: one id
    assert fingerprint("r", "count", "s") == fingerprint("r", "total", "s")


def test_a_new_article_with_a_known_value_is_new(story):
    save_baseline()
    (story / "articles" / "c.md").write_text("Headline\n\nFive workers were killed on the quay.\n", encoding="utf-8")
    _, report = run("--baseline", "baseline.json")
    assert [d["message"] for d in report["discrepancies"]] == ["3 vs 5"]
    assert {c["article"] for s in report["discrepancies"][0]["sides"] for c in s["claims"]} == {"a", "b", "c"}


def test_a_baseline_written_before_one_finding_per_kind_still_matches(story):
    _, report = run()
    for d in report["discrepancies"]:  # as a report of the previous engine had them: ids per pair of values
        d["id"] = "0123456789abcdef"
    Path("old.json").write_text(json.dumps(report), encoding="utf-8")
    code, after = run("--baseline", "old.json")
    assert (code, after["discrepancies"], after["summary"]["baselined"]) == (0, [], 2)


def test_a_sarif_report_works_as_a_baseline(story):
    save_baseline("sarif", "baseline.sarif")
    code, report = run("--baseline", "baseline.sarif")
    assert (code, report["discrepancies"], report["summary"]["baselined"]) == (0, [], 2)


def test_baselined_results_are_new_in_sarif(story):
    save_baseline()
    (story / "articles" / "b.md").write_text(B.replace("six blasts", "seven blasts"), encoding="utf-8")
    document = json.loads(cli("check", "articles", *SMALL, "--format", "sarif", "--baseline",
                              "baseline.json").stdout)
    assert [r["baselineState"] for r in document["runs"][0]["results"]] == ["new"]


@pytest.mark.parametrize("content, message", [
    (None, "cannot read the baseline"),
    ("{not json", "the baseline is not a JSON report"),
    ('{"schema": "something-else"}', "not a checker report"),
])
def test_a_bad_baseline_is_a_usage_error(story, content, message):
    if content is not None:
        (story / "baseline.json").write_text(content, encoding="utf-8")
    result = cli("check", "articles", *SMALL, "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"baseline.json: {message}")


def test_id_survives_swapping_two_agreeing_values_within_one_article(tmp_path):
    """One side holds two values of one article that agree ("five people", "four tourists and a guard"):
    swapping their paragraphs reorders the side's display, and must keep the id."""
    first = "Five people were killed in the shooting at the mall."
    second = "Four tourists and a security guard were killed in the shooting at the mall."
    other = "Headline\n\nNine people were killed in the shooting at the mall.\n"
    found = []
    for order in ((first, second), (second, first)):
        (tmp_path / "a.md").write_text("Headline\n\n" + "\n\n".join(order) + "\n", encoding="utf-8")
        (tmp_path / "c.md").write_text(other, encoding="utf-8")
        result = cli("check", str(tmp_path), "--format", "json", "--fail-on", "never")
        killed = [d for d in json.loads(result.stdout)["discrepancies"] if d["rule"] == "casualties.killed"]
        found.append(([" ".join(s["display"] for s in d["sides"]) for d in killed], [d["id"] for d in killed]))
    (shown_before, ids_before), (shown_after, ids_after) = found
    assert ids_before, "the default pack no longer reports this story: rewrite the test"
    assert shown_after != shown_before  # the side's display did change order
    assert ids_after == ids_before
