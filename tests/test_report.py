"""The JSON report (checker-report/1): valid against the shipped schema, complete, deterministic."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from checker.cli.app import app
from checker.report.schema import report_schema

REPO = Path(__file__).resolve().parent.parent
SEED_FILES = sorted(str(p.relative_to(REPO)) for p in (REPO / "seeds").glob("*.txt"))


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)  # paths in reports are as given: keep them relative


def check_json(*args: str) -> str:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def report_text() -> str:
    import os

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        return check_json("seeds/")
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def report(report_text) -> dict:
    return json.loads(report_text)


@pytest.fixture(scope="module")
def validator():
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors_of(validator, document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_seed_report_validates_against_the_schema(validator, report):
    assert errors_of(validator, report) == []


def test_schema_command_prints_the_shipped_schema():
    result = CliRunner().invoke(app, ["schema", "report"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == report_schema()
    assert report_schema()["properties"]["schema"] == {"const": "checker-report/1"}


@pytest.mark.parametrize("mutate", [
    lambda r: r.update(schema="checker-report/2"),
    lambda r: r["discrepancies"][0].update(kind="bogus"),
    lambda r: r["discrepancies"][0]["sides"][0].update(claims=[]),
    lambda r: r["articles"][2].update(published="2023-02-30"),  # format checking is on
    lambda r: r["articles"][0]["facts"][0]["value"].update(type="colour"),
    lambda r: r["summary"].pop("facts"),
    lambda r: r.update(extra=1),
], ids=["schema-id", "kind", "empty-claims", "bad-date", "value-type", "summary", "extra-key"])
def test_schema_rejects_broken_reports(validator, report, mutate):
    broken = copy.deepcopy(report)
    mutate(broken)
    assert errors_of(validator, broken) != []


def test_rule_files_of_the_shipped_pack_are_shown_as_rules_dir(report, monkeypatch, tmp_path):
    # the same on every install and checkout: an absolute install path made two machines' reports differ
    shipped = {r["file"] for r in report["rules"]}
    assert shipped == {"rules/casualties.yaml", "rules/incident.yaml", "rules/quotes.yaml"}
    assert all((REPO / f).is_file() for f in shipped)
    from checker.rules.book import default_rules_dir, shown_rule_file

    assert shown_rule_file(str(default_rules_dir() / "sub" / "x.yaml")) == "rules/sub/x.yaml"
    assert shown_rule_file("packs/mine.yaml") == "packs/mine.yaml"  # as given
    elsewhere = str(tmp_path / "rules" / "x.yaml")
    assert shown_rule_file(elsewhere) == elsewhere


def test_contract_fields(report):
    assert report["schema"] == "checker-report/1"
    assert report["tool"]["name"] == "checker" and report["tool"]["version"]
    assert {r["id"] for r in report["rules"]} >= {"casualties.killed", "casualties.injured", "incident.count",
                                                   "incident.place", "incident.date", "quotes.attribution"}
    assert [a["path"] for a in report["articles"]] == SEED_FILES
    assert report["errors"] == []
    summary = report["summary"]
    assert summary["articles"] == 5
    assert summary["facts"] == sum(len(a["facts"]) for a in report["articles"]) > 0
    assert summary["errors"] == 0
    severities = [d["severity"] for d in report["discrepancies"]]
    assert summary["discrepancies"] == {s: severities.count(s) for s in ("error", "warning", "info")}


def test_facts_carry_evidence(report):
    a002 = next(a for a in report["articles"] if a["id"] == "002_7df8da37a3d8a7ae")
    assert a002["published"] == "2023-09-19"
    fact = next(f for f in a002["facts"] if f["rule"] == "casualties.killed" and f["display"].startswith("4 soldier"))
    text = (REPO / a002["path"]).read_text(encoding="utf-8")
    assert text[fact["start"]:fact["end"]] == fact["text"] == "four soldiers and two civilians were killed"
    assert text.splitlines()[fact["line"] - 1][fact["column"] - 1:].startswith(fact["text"])
    assert fact["value"] == {
        "type": "headcount", "total": {"type": "count", "low": 6, "high": 6, "qualifier": None},
        "groups": [{"category": "soldier", "count": {"type": "count", "low": 4, "high": 4, "qualifier": None}},
                   {"category": "civilian", "count": {"type": "count", "low": 2, "high": 2, "qualifier": None}}]}
    assert fact["text"] in fact["sentence"]


def test_discrepancies_carry_claims_on_each_side(report):
    first = report["discrepancies"][0]
    assert (first["rule"], first["kind"], first["severity"]) == ("casualties.killed", "category", "error")
    assert len(first["id"]) == 16
    for side in first["sides"]:
        assert side["claims"]
        for claim in side["claims"]:
            assert claim["path"].startswith("seeds/") and claim["line"] >= 1 and claim["column"] >= 1
            assert claim["text"] in claim["sentence"]
    ids = [d["id"] for d in report["discrepancies"]]
    assert len(set(ids)) == len(ids)


def test_two_runs_are_byte_identical(report_text):
    assert check_json("seeds/") == report_text


def test_directory_and_file_list_give_the_same_report(report_text):
    assert check_json(*SEED_FILES) == report_text


def test_reversed_input_order_gives_the_same_report(report_text):
    # articles are listed (and their ids settled) in the order of their paths, not of the inputs
    assert check_json(*reversed(SEED_FILES)) == report_text


def test_rules_schema_validates_the_shipped_rules():
    result = CliRunner().invoke(app, ["schema", "rules"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((REPO / "rules").glob("*.yaml"))
    assert len(files) >= 4
    for path in files:
        pack = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert errors_of(validator, pack) == [], path.name


def test_rules_schema_rejects_what_the_loader_rejects():
    schema = json.loads(CliRunner().invoke(app, ["schema", "rules"]).stdout)
    validator = jsonschema.Draft202012Validator(schema)
    slot = {"type": "count", "description": "d", "patterns": ["{count} blasts"]}
    assert errors_of(validator, {"pack": "story", "slots": {"a": slot}}) == []
    assert errors_of(validator, {"pack": "story", "slots": {"a": {**slot, "severty": "error"}}})
    assert errors_of(validator, {"pack": "story", "slots": {"a": {**slot, "patterns": []}}})
    assert errors_of(validator, {"pack": "Story", "slots": {}})


def test_text_report_lists_each_discrepancy_with_evidence():
    result = CliRunner().invoke(app, ["check", "seeds/", "--fail-on", "never"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "error  casualties.killed  category  soldier vs police officer for the same 4"
    assert '    seeds/002_7df8da37a3d8a7ae.txt:12:76  "four soldiers and two civilians were killed"' in lines
    assert re.fullmatch(r"5 articles, \d+ facts: 1 error, [3-9] warnings, 1 info", lines[-1]), lines[-1]
