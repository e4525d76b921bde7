"""The Python API (checker/api.py): the README's example runs, and the typed report is the JSON report."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import checker
from checker.api import MEMORY, Document, Report, check, load_rules
from checker.cli.app import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_python() -> str:
    section = README.split("## From Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```", section, re.M | re.S)
    assert len(blocks) == 1, "the README's Python section has one example"
    return blocks[0]


def test_the_readme_example_runs(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    exec(compile(readme_python(), "README.md (From Python)", "exec"), {})
    out = capsys.readouterr().out
    assert "casualties.killed" in out and "depot-blast" not in out.split("\n")[0]


def test_the_package_root_reexports_the_api_on_first_use():
    code = ("import sys, checker; assert 'checker.api' not in sys.modules; "
            "from checker import check, load_rules, Report, Document; assert 'checker.api' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert checker.check is check and checker.Report is Report and "check" in dir(checker)
    with pytest.raises(AttributeError):
        checker.nothing_here  # noqa: B018


def test_the_typed_report_holds_the_json_reports_data(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    report = check("seeds/")
    result = CliRunner().invoke(app, ["check", "seeds/", "--format", "json"])
    from_cli = json.loads(result.stdout)
    assert report.records == from_cli
    assert Report.from_records(from_cli) == report
    assert [d.id for d in report.discrepancies] == [d["id"] for d in from_cli["discrepancies"]]
    assert report.summary.discrepancies == from_cli["summary"]["discrepancies"]
    fact = report.articles[0].facts[0]
    assert (fact.rule, fact.line, fact.value) == (from_cli["articles"][0]["facts"][0]["rule"],
                                                  from_cli["articles"][0]["facts"][0]["line"],
                                                  from_cli["articles"][0]["facts"][0]["value"])
    assert report.to_json() == result.stdout
    assert len(report.failing("error")) == from_cli["summary"]["discrepancies"]["error"]
    assert report.failing("never") == []


def test_documents_and_texts_with_metadata():
    report = check(Document("Blast\n\nFour people were killed in the blast, police said.", id="a", story="s",
                            published=dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.timezone.utc), outlet="Wire",
                            url="https://example.invalid/a"),
                   Document("Blast\n\nFour people were killed in the blast.", id="b", story="s",
                            published=dt.date(2024, 5, 1)),
                   texts=["Unrelated\n\nNothing happened."])
    by_id = {a.id: a for a in report.articles}
    assert set(by_id) == {"a", "b", "text-3"}
    assert by_id["a"].path == f"{MEMORY}#a" and by_id["a"].outlet == "Wire"
    assert by_id["a"].published == "2024-05-01" and by_id["a"].published_at.startswith("2024-05-01T09:00")
    assert by_id["a"].url == "https://example.invalid/a" and by_id["text-3"].story == "default"
    assert [f.display for f in by_id["a"].facts if f.rule == "casualties.killed"] == ["4 people"]


def test_paths_and_a_rule_book_loaded_once(tmp_path):
    (tmp_path / "a.md").write_text("---\nstory: s\n---\nHarbour\n\nThree boats sank in the storm.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\nstory: s\n---\nHarbour\n\nFive boats sank in the storm.\n", encoding="utf-8")
    pack = tmp_path / "boats.yaml"
    pack.write_text("pack: harbour\nslots:\n  vessels:\n    type: count\n    severity: warning\n    description: boats sunk\n"
                    "    patterns: ['{count} boats? sank']\n", encoding="utf-8")
    book = load_rules(pack, defaults=False)
    report = check(tmp_path / "a.md", str(tmp_path / "b.md"), rules=book)
    assert [(d.rule, d.kind, d.severity) for d in report.discrepancies] == [("harbour.vessels", "count", "warning")]
    assert [r.id for r in report.rules] == ["harbour.vessels"]
    assert check(tmp_path, rules=[pack], defaults=False).discrepancies == report.discrepancies


def test_unreadable_inputs_are_errors_not_exceptions(tmp_path):
    report = check(tmp_path / "missing.md", texts=["Four people were killed in the blast."])
    assert [e.path for e in report.errors] == [str(tmp_path / "missing.md")]
    with pytest.raises(TypeError):
        check(42)  # type: ignore[arg-type]


def test_a_saved_report_with_fields_this_version_does_not_know_still_reads(monkeypatch):
    monkeypatch.chdir(REPO)
    records = json.loads(json.dumps(check("seeds/").records))
    records["articles"][0]["future"] = 1
    records["summary"]["future"] = 2
    records["discrepancies"][0]["sides"][0]["claims"][0]["future"] = 3
    report = Report.from_records(records)
    assert report.articles[0].id == records["articles"][0]["id"] and report.summary.articles == 5
