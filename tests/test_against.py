"""`checker check NEW… --against PUBLISHED`: only discrepancies that involve a new article are reported.

The story is written for these tests (tests/fixtures/lint): the published articles disagree among
themselves on the toll (3 vs 4) and on the injured (5 vs 7); the new ones are checked against them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PACK = ["--no-default-rules", "--rules", "pack.yaml"]


@pytest.fixture
def story(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "lint"
    shutil.copytree(FIXTURES / "lint", root)
    monkeypatch.chdir(root)
    return root


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def check_json(*args: str) -> tuple[int, dict]:
    result = cli("check", *args, *PACK, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(d["rule"], d["message"], tuple(sorted({c["path"] for s in d["sides"] for c in s["claims"]})))
            for d in report["discrepancies"]]


def write(path: Path, body: str, story: str = "warehouse-fire") -> None:
    path.write_text(f"---\nstory: {story}\npublished: 2024-03-06\n---\nHeadline for the test\n\n{body}\n",
                    encoding="utf-8")


def test_only_discrepancies_involving_a_new_article_are_reported(story):
    code, everything = check_json("new", "published")
    code, published = check_json("published")
    assert ("story.injured", "5 vs 7", ("published/p1.md", "published/p2.md")) in findings(published)

    code, report = check_json("new", "--against", "published")
    assert code == 1
    # one finding per story, slot and kind: the new article's injured figure joins the published
    # disagreement (5 vs 7), which is shown with it, as the desk needs it
    assert findings(report) == [
        ("story.killed", "3 vs 4", ("new/n1.md", "published/p1.md", "published/p2.md")),
        ("story.blasts", "3 vs 2", ("new/n1.md", "published/p1.md")),
        ("story.injured", "6 vs 5; 6 vs 7; 5 vs 7", ("new/n2.md", "published/p1.md", "published/p2.md")),
    ]
    # a finding of the published articles alone is not re-reported
    assert all(any(p.startswith("new/") for p in paths) for _, _, paths in findings(report))
    # ids are the fingerprints a full run gives the same discrepancies
    assert {d["id"] for d in report["discrepancies"]} <= {d["id"] for d in everything["discrepancies"]}


def test_published_articles_are_marked_and_other_stories_left_out(story):
    _, report = check_json("new", "--against", "published")
    articles = {a["path"]: a.get("reference", False) for a in report["articles"]}
    assert articles == {"new/n1.md": False, "new/n2.md": False, "published/p1.md": True,
                        "published/p2.md": True}  # published/other.md is another story
    assert report["summary"]["reference"] == 2


def test_a_new_article_that_agrees_passes_though_the_published_ones_disagree(story):
    fresh = story / "fresh"
    fresh.mkdir()
    write(fresh / "agrees.md", "Firefighters said two blasts shook the quay.")
    result = cli("check", "fresh", "--against", "published", *PACK)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("1 article (and 2 published compared with)")
    assert "published/p2.md" not in result.stdout


@pytest.mark.parametrize("fail_on, code", [("warning", 1), ("info", 1), ("error", 0), ("never", 0)])
def test_exit_code_follows_fail_on(story, fail_on, code):
    fresh = story / "fresh"
    fresh.mkdir()
    write(fresh / "blasts.md", "Neighbours counted five blasts before dawn.")  # a warning: 5 vs 2 blasts
    result = cli("check", "fresh", "--against", "published", *PACK, "--fail-on", fail_on)
    assert result.exit_code == code, result.output
    assert "warning  story.blasts  count  5 vs 2" in result.stdout


def test_error_findings_fail_at_every_level_but_never(story):
    for fail_on, code in (("error", 1), ("warning", 1), ("never", 0)):
        assert cli("check", "new", "--against", "published", *PACK, "--fail-on", fail_on).exit_code == code


def test_new_articles_compare_with_each_other_too(story):
    fresh = story / "fresh"
    fresh.mkdir()
    write(fresh / "a.md", "Two workers were hurt in the fire.", story="night-shift")
    write(fresh / "b.md", "Nine workers were hurt in the fire.", story="night-shift")
    _, report = check_json("fresh", "--against", "published")
    assert findings(report) == [("story.injured", "2 vs 9", ("fresh/a.md", "fresh/b.md"))]
    assert "reference" not in report["summary"]  # no published article of that story


def test_a_file_named_as_new_and_found_among_the_published_is_new(story):
    _, report = check_json("published/p2.md", "--against", "published")
    paths = {a["path"]: a.get("reference", False) for a in report["articles"]}
    assert paths == {"published/p2.md": False, "published/p1.md": True}
    assert ("story.injured", "5 vs 7", ("published/p1.md", "published/p2.md")) in findings(report)


def test_against_from_the_configuration(story):
    (story / "checker.toml").write_text('against = ["published"]\nrules = ["pack.yaml"]\ndefault-rules = false\n',
                                        encoding="utf-8")
    result = cli("check", "new", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["reference"] == 2
