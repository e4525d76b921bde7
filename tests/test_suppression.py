"""Ignores in articles (comments, front matter) and in the configuration (with expiry).

A suppressed discrepancy stays in JSON and SARIF, marked, and does not count for the exit code.
Every article here is written for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app
from checker.suppress import directives_in, front_matter_ignores

PACK = Path(__file__).resolve().parent / "fixtures" / "lint" / "pack.yaml"
SMALL = ["--no-default-rules", "--rules", str(PACK)]


def cli(*args: str, **kwargs):
    return CliRunner().invoke(app, list(args), **kwargs)


@pytest.fixture
def story(tmp_path, monkeypatch) -> Path:
    """Two articles that disagree on the toll (an error) and on the blasts (a warning)."""
    (tmp_path / "a.md").write_text("Headline\n\nThree workers were killed. Witnesses heard two blasts.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("Headline\n\nFive workers were killed. Witnesses heard six blasts.\n",
                                   encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, dict]:
    result = cli("check", ".", *SMALL, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def marks(report: dict) -> dict[str, dict | None]:
    return {d["rule"]: d.get("suppressed") for d in report["discrepancies"]}


def prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


# ---- in the article ----------------------------------------------------------------------------


def test_comment_suppresses_the_rule_it_names(story):
    prepend(story / "b.md", '<!-- checker: ignore story.killed reason="toll disputed by the police" -->\n')
    code, report = run()
    assert marks(report) == {"story.killed": {"reason": "toll disputed by the police", "source": "article",
                                              "path": "b.md"},
                             "story.blasts": None}
    assert code == 1  # the blasts warning still counts
    assert report["summary"]["discrepancies"] == {"error": 0, "warning": 1, "info": 0}
    assert report["summary"]["suppressed"] == 1


def test_suppressed_discrepancies_do_not_count_for_the_exit_code(story):
    prepend(story / "a.md", "<!-- checker: ignore story.killed,story.blasts reason='both checked with the desk' -->\n")
    code, report = run()
    assert code == 0
    assert len(report["discrepancies"]) == 2 and all(report["discrepancies"][i]["suppressed"] for i in (0, 1))
    text = cli("check", ".", *SMALL)
    assert text.exit_code == 0
    assert "suppressed  story.killed  count  3 vs 5  (article a.md: \"both checked with the desk\")" in text.stdout
    assert text.stdout.splitlines()[-1].endswith("0 errors, 0 warnings, 0 info, 2 suppressed")


def test_front_matter_ignore(story):
    (story / "b.md").write_text("---\nchecker-ignore:\n  - rule: story.blasts\n    reason: count from a video\n"
                                "---\nHeadline\n\nFive workers were killed. Witnesses heard six blasts.\n",
                                encoding="utf-8")
    _, report = run()
    assert marks(report)["story.blasts"] == {"reason": "count from a video", "source": "article", "path": "b.md"}
    assert marks(report)["story.killed"] is None


def test_rule_globs(story):
    prepend(story / "a.md", '<!-- checker: ignore story.* reason="a story still being reported" -->\n')
    code, report = run()
    assert code == 0 and all(marks(report).values())


def test_an_ignore_without_a_reason_is_an_input_error_and_does_not_apply(story):
    prepend(story / "a.md", "Headline\n\n<!-- checker: ignore story.killed -->\n")
    code, report = run()
    assert code == 1
    assert marks(report)["story.killed"] is None
    assert report["errors"] == [{"path": "a.md", "message": "line 3: checker: ignore of story.killed gives no "
                                                               "reason: add reason=\"why\""}]


def test_the_words_of_a_reason_are_never_read_as_facts(story):
    prepend(story / "a.md", '<!-- checker: ignore story.blasts reason="Nine workers were killed says X" -->\n')
    _, report = run()
    displays = [f["display"] for a in report["articles"] for f in a["facts"] if f["rule"] == "story.killed"]
    assert displays == ["3", "5"]


def test_ignores_in_html_and_jsonl(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><body><article><h1>Fire</h1><p>Three workers were killed.</p>"
        '<!-- checker: ignore story.killed reason="checked" --></article></body></html>', encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({
        "id": "w1", "text": "Headline\n\nSix workers were killed. Four blasts were heard.",
        "checker-ignore": [{"rule": "story.blasts", "reason": "wire copy"}]}) + "\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("Headline\n\nWitnesses heard two blasts.\n", encoding="utf-8")
    # one story: snippets that share no place, day, name or word to be grouped by
    result = cli("check", str(tmp_path), *SMALL, "--format", "json", "--stories", "one")
    report = json.loads(result.stdout)
    assert {d["rule"]: d["suppressed"]["source"] for d in report["discrepancies"]} == {
        "story.killed": "article", "story.blasts": "article"}
    assert result.exit_code == 0


def test_directive_parsing():
    text = 'Intro\n<!-- checker:ignore a.b reason="x y" expires=2030-01-31 -->\nrest\n<!-- checker: ignore -->\n'
    ignores, problems, blanked = directives_in(text, "f.md")
    assert [(i.rule, i.reason, i.expires) for i in ignores] == [("a.b", "x y", dt.date(2030, 1, 31))]
    assert problems == ["line 4: checker: ignore names no rule: write checker: ignore RULE reason=\"why\""]
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n") and "reason" not in blanked
    ignores, problems = front_matter_ignores([{"rule": "a.b", "reason": "r"}, {"rule": "c.d"}, "x"], "f.md")
    assert [i.rule for i in ignores] == ["a.b"] and len(problems) == 2


# ---- in the configuration ----------------------------------------------------------------------


def config(story: Path, entries: str) -> None:
    (story / "checker.toml").write_text(entries, encoding="utf-8")


def test_config_ignore_with_a_reason(story):
    config(story, '[[ignore]]\nrule = "story.killed"\nreason = "the desk confirmed both figures"\n'
                  'expires = 2999-12-31\n')
    code, report = run()
    assert marks(report)["story.killed"] == {"reason": "the desk confirmed both figures", "source": "config",
                                             "path": "checker.toml"}
    assert code == 1 and "notices" not in report


def test_expired_config_ignore_no_longer_applies_and_a_notice_says_so(story):
    config(story, '[[ignore]]\nrule = "story.killed"\nreason = "wait for the inquest"\nexpires = 2020-01-31\n')
    code, report = run("--fail-on", "error")
    assert code == 1
    assert marks(report)["story.killed"] is None
    assert report["notices"] == ['checker.toml: the ignore of story.killed ("wait for the inquest") expired on '
                                 '2020-01-31 and no longer applies: remove it or set a later date']
    text = cli("check", ".", *SMALL).stdout
    assert "notice  checker.toml: the ignore of story.killed" in text


def test_config_ignore_scoped_to_paths(story):
    config(story, '[[ignore]]\nrule = "story.blasts"\nreason = "video count"\npaths = ["elsewhere/*.md"]\n'
                  '[[ignore]]\nrule = "story.killed"\nreason = "b is a draft"\npaths = ["b.md"]\n')
    _, report = run()
    assert marks(report)["story.blasts"] is None
    assert marks(report)["story.killed"]["reason"] == "b is a draft"


def test_an_ignore_naming_no_rule_gets_a_notice(story):
    config(story, '[[ignore]]\nrule = "story.kiled"\nreason = "typo"\n')
    _, report = run()
    assert report["notices"] == ["checker.toml: the ignore of story.kiled names no rule of this run"]


def test_config_ignore_needs_a_reason(story):
    config(story, '[[ignore]]\nrule = "story.killed"\n')
    result = cli("check", ".", *SMALL)
    assert result.exit_code == 2
    assert "checker.toml:1:1: ignore[0].reason: Field required" in result.stderr


def test_sarif_marks_suppressions_by_where_they_were_declared(story):
    config(story, '[[ignore]]\nrule = "story.blasts"\nreason = "video count"\n')
    prepend(story / "a.md", '<!-- checker: ignore story.killed reason="checked" -->\n')
    document = json.loads(cli("check", ".", *SMALL, "--format", "sarif").stdout)
    kinds = {r["ruleId"]: [(s["kind"], s["justification"]) for s in r["suppressions"]]
             for r in document["runs"][0]["results"]}
    assert kinds == {"story.killed": [("inSource", "checked")], "story.blasts": [("external", "video count")]}


def test_the_default_pack_slot_named_in_the_issue(tmp_path):
    """`casualties.killed` from the default pack, suppressed by a comment as the issue shows it."""
    (tmp_path / "a.md").write_text("Headline\n\nSeven people were killed in the explosion at the depot.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text('<!-- checker: ignore casualties.killed reason="toll disputed by police" -->\n'
                                   "Headline\n\nTwelve people were killed in the explosion at the depot.\n",
                                   encoding="utf-8")
    result = cli("check", str(tmp_path), "--format", "json")
    report = json.loads(result.stdout)
    killed = [d for d in report["discrepancies"] if d["rule"] == "casualties.killed"]
    assert killed and all(d["suppressed"]["reason"] == "toll disputed by police" for d in killed)
    assert result.exit_code == (1 if report["summary"]["discrepancies"]["error"]
                                + report["summary"]["discrepancies"]["warning"] else 0)
