"""Report formats: JSON and SARIF against their schemas, text/github/junit/sarif/json against golden files.

The story (tests/fixtures/lint) is written for these tests: two new articles checked against two published
ones, one ignore in an article, one article that is not UTF-8. Set CHECKER_UPDATE_GOLDEN=1 to rewrite the
golden files after an intended change, and read the diff.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from checker import __version__
from checker.cli.app import app
from checker.report.github import JOB_CAP, command, escape_data, escape_property, format_github
from checker.report.schema import report_schema

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = FIXTURES / "golden"
SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
ARGS = ["new", "--against", "published", "--no-default-rules", "--rules", "pack.yaml"]


@pytest.fixture
def story(tmp_path, monkeypatch) -> Path:
    """A copy of the lint story with one article that is not UTF-8, as the current directory."""
    root = tmp_path / "lint"
    shutil.copytree(FIXTURES / "lint", root)
    (root / "new" / "latin1.txt").write_bytes("Headline\n\nTwo workers were killed at the caf\xe9.\n".encode("latin-1"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("CI", raising=False)
    return root


def cli(*args: str, **kwargs):
    return CliRunner().invoke(app, list(args), **kwargs)


def report(fmt: str) -> str:
    result = cli("check", *ARGS, "--format", fmt)
    assert result.exit_code == 1, result.output  # an error-level discrepancy involves a new article
    return result.stdout


def untimed(text: str) -> str:
    """JUnit's times, which change from run to run, left out."""
    return re.sub(r' (time|timestamp)="[^"]*"', "", text)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    # SARIF's %SRCROOT% is the directory the report was made in (a tmp dir here)
    normal = untimed(text.replace(f'"{__version__}"', '"{version}"').replace(Path.cwd().as_uri() + "/", "{root}/"))
    if os.environ.get("CHECKER_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(normal, encoding="utf-8")
    assert normal == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def report_validator():
    return jsonschema.Draft202012Validator(report_schema(),
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def problems(validator, document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


# ---- golden files ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", [("text", "lint.txt"), ("github", "lint.github.txt"),
                                       ("junit", "lint.junit.xml"), ("sarif", "lint.sarif"),
                                       ("json", "lint.json")])
def test_format_matches_its_golden_file(story, fmt, name):
    golden(name, report(fmt))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_same_inputs_give_byte_identical_output(story, fmt):
    assert untimed(report(fmt)) == untimed(report(fmt))


# ---- JSON --------------------------------------------------------------------------------------


def test_json_validates_with_the_new_optional_fields(story, report_validator):
    document = json.loads(report("json"))
    assert problems(report_validator, document) == []
    assert document["schema"] == "checker-report/1"
    suppressed = [d for d in document["discrepancies"] if "suppressed" in d]
    assert suppressed and all(d["suppressed"] == {"reason": "hospital figures are still coming in",
                                                  "source": "article", "path": "new/n2.md"} for d in suppressed)
    assert [a["path"] for a in document["articles"] if a.get("reference")] == ["published/p1.md",
                                                                                "published/p2.md"]
    assert document["summary"]["suppressed"] == len(suppressed)
    assert document["summary"]["reference"] == 2
    assert document["summary"]["discrepancies"] == {"error": 1, "warning": 1, "info": 0}
    assert document["errors"] == [{"path": "new/latin1.txt", "message": "not UTF-8 text (byte 44): save it as UTF-8"}]


def test_every_optional_field_validates_in_json_and_sarif(story, report_validator, sarif_validator):
    """Baseline, expired and live config ignores, notices: the JSON and SARIF still validate."""
    (story / "checker.toml").write_text(
        '[[ignore]]\nrule = "story.blasts"\nreason = "old"\nexpires = 2001-01-01\n'
        '[[ignore]]\nrule = "story.killed"\nreason = "desk checked"\n'
        '[[ignore]]\nrule = "nothing.here"\nreason = "typo"\n', encoding="utf-8")
    (story / "baseline.json").write_text(json.dumps({"schema": "checker-report/1", "discrepancies": [
        {"id": json.loads(report("json"))["discrepancies"][1]["id"]}]}), encoding="utf-8")
    result = cli("check", *ARGS, "--baseline", "baseline.json", "--format", "json", "--output", "sarif=c.sarif")
    document = json.loads(result.stdout)
    assert problems(report_validator, document) == []
    assert document["summary"]["baselined"] == 1 and len(document["notices"]) == 2
    assert document["discrepancies"][0]["suppressed"]["source"] == "config"
    sarif = json.loads((story / "c.sarif").read_text(encoding="utf-8"))
    assert problems(sarif_validator, sarif) == []
    assert sarif["runs"][0]["results"][0]["suppressions"][0]["kind"] == "external"
    assert {r["baselineState"] for r in sarif["runs"][0]["results"]} == {"new"}


def test_schema_rejects_a_bad_suppression(story, report_validator):
    document = json.loads(report("json"))
    broken = copy.deepcopy(document)
    next(d for d in broken["discrepancies"] if "suppressed" in d)["suppressed"]["source"] = "editor"
    assert problems(report_validator, broken) != []
    broken = copy.deepcopy(document)
    next(d for d in broken["discrepancies"] if "suppressed" in d)["suppressed"].pop("reason")
    assert problems(report_validator, broken) != []


# ---- SARIF -------------------------------------------------------------------------------------


def test_sarif_is_valid_sarif_2_1_0(story, sarif_validator):
    document = json.loads(report("sarif"))
    assert problems(sarif_validator, document) == []
    assert document["version"] == "2.1.0"


def test_sarif_validator_is_not_a_rubber_stamp(story, sarif_validator):
    document = json.loads(report("sarif"))
    document["runs"][0]["results"][0]["level"] = "info"  # SARIF says "note"
    assert problems(sarif_validator, document) != []


def test_sarif_results_sit_on_the_new_article_with_the_other_side_related(story):
    document = json.loads(report("sarif"))
    run = document["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["story.killed", "story.blasts", "story.injured"]
    records = json.loads(report("json"))
    assert len(run["results"]) == len(records["discrepancies"])
    for result, d in zip(run["results"], records["discrepancies"]):
        assert result["ruleId"] == d["rule"]
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == d["rule"]
        assert result["partialFingerprints"] == {"checker/v1": d["id"]}
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("new/")
        related = {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result["relatedLocations"]}
        assert related & {"published/p1.md", "published/p2.md"}
    killed = run["results"][0]
    region = killed["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (10, 1, 26)
    assert region["snippet"]["text"] == "Three workers were killed"
    assert killed["level"] == "error"
    assert killed["message"]["text"] == "3 vs 4: this article says 3; published/p2.md:8:1 says 4 (2024-03-04)"
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert suppressed and suppressed[0]["suppressions"][0]["kind"] == "inSource"
    assert suppressed[0]["suppressions"][0]["justification"] == "hospital figures are still coming in"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "new/latin1.txt"


def test_sarif_rules_have_help_tags_and_precision(story, sarif_validator):
    sarif = json.loads(report("sarif"))
    assert problems(sarif_validator, sarif) == []
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["help"]["text"] and rule["help"]["markdown"], rule["id"]
        assert f'checker: ignore {rule["id"]} reason=' in rule["help"]["text"]
        assert "checker explain" in rule["help"]["markdown"]
        tags = rule["properties"]["tags"]
        assert tags and all(isinstance(t, str) and t for t in tags)
        assert rule["properties"]["precision"] in ("very-high", "high", "medium", "low")  # GitHub's values


def uris(sarif: dict) -> list[dict]:
    run = sarif["runs"][0]
    found = [loc["physicalLocation"]["artifactLocation"] for r in run["results"]
             for loc in r["locations"] + r["relatedLocations"]]
    found += [loc["physicalLocation"]["artifactLocation"] for n in run["invocations"][0]["toolExecutionNotifications"]
              for loc in n.get("locations", [])]
    return found


def test_sarif_uris_are_relative_to_srcroot_even_for_absolute_inputs(story, sarif_validator, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    shutil.copy(story / "new" / "n1.md", outside / "far.md")
    result = cli("check", str(story / "new"), str(outside / "far.md"), "--against", str(story / "published"),
                 "--no-default-rules", "--rules", "pack.yaml", "--format", "sarif")
    sarif = json.loads(result.stdout)
    assert problems(sarif_validator, sarif) == []
    base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == story.as_uri() + "/"
    locations = uris(sarif)
    inside = [loc for loc in locations if "far.md" not in loc["uri"]]
    assert inside and all(loc["uriBaseId"] == "%SRCROOT%" and not loc["uri"].startswith(("/", "file:"))
                          and loc["uri"].startswith(("new/", "published/")) for loc in inside), inside
    far = [loc for loc in locations if "far.md" in loc["uri"]]
    assert far and all(loc["uri"] == (outside / "far.md").as_uri() and "uriBaseId" not in loc for loc in far)


def test_sarif_fingerprints_are_stable_when_lines_move(story):
    before = [r["partialFingerprints"] for r in json.loads(report("sarif"))["runs"][0]["results"]]
    n1 = story / "new" / "n1.md"
    text = n1.read_text(encoding="utf-8")
    n1.write_text(text.replace("Firefighters worked through the night.\n",
                               "Firefighters worked through the night.\n\nThe quay stayed closed.\n\n"),
                  encoding="utf-8")
    after = json.loads(report("sarif"))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in after] == before
    assert after[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 13


# ---- GitHub annotations ------------------------------------------------------------------------


def test_github_escaping_follows_the_toolkit():
    assert escape_data("50% of 4\r\nrest: a, b") == "50%25 of 4%0D%0Arest: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("error", "x: y, z", file="dir,1/a:b.md", line=3, col=7, title="r (count)") == \
        "::error file=dir%2C1/a%3Ab.md,line=3,col=7,title=r (count)::x: y, z"


def _records_with(severities: dict[str, int], input_errors: int = 0) -> dict:
    claim = {"article": "a", "path": "a.md", "line": 1, "column": 1, "start": 0, "end": 4, "text": "four",
             "sentence": "four", "source": None}
    other = dict(claim, article="b", path="b.md")
    value = {"type": "count", "low": 4, "high": 4, "qualifier": None}
    discrepancies = [{"id": f"{sev}{i:014d}", "rule": "story.killed", "kind": "count", "severity": sev,
                      "story": "default", "message": "4 vs 5",
                      "sides": [{"display": "4", "value": value, "claims": [claim]},
                                {"display": "5", "value": value, "claims": [other]}]}
                     for sev, n in severities.items() for i in range(n)]
    return {"articles": [], "rules": [], "discrepancies": discrepancies,
            "errors": [{"path": f"bad{i}.md", "message": "binary file, not an article"} for i in range(input_errors)],
            "summary": {"articles": 2, "facts": 2, "errors": input_errors, "suppressed": 0,
                        "discrepancies": {sev: severities.get(sev, 0) for sev in ("error", "warning", "info")}}}


def test_github_annotations_stay_within_the_per_step_caps():
    out = format_github(_records_with({"error": 15, "warning": 12, "info": 12}, input_errors=3)).splitlines()
    errors = [line for line in out if line.startswith("::error ")]
    warnings = [line for line in out if line.startswith("::warning ")]
    notices = [line for line in out if line.startswith("::notice")]
    assert (len(errors), len(warnings), len(notices)) == (10, 10, 10)
    assert len(errors) + len(warnings) + len(notices) <= JOB_CAP
    assert notices[-1] == ("::notice::13 more annotations not shown: GitHub shows at most 10 errors and 10 "
                           "warnings per step; see the full report (--format json or sarif)")
    assert out[-1].startswith("checker: 2 articles, 15 errors, 12 warnings, 12 info, 3 input errors")


def test_github_under_the_caps_cuts_nothing():
    out = format_github(_records_with({"error": 2, "warning": 1})).splitlines()
    assert len(out) == 4 and not any("not shown" in line for line in out)
    assert out[0] == ("::error file=a.md,line=1,col=1,title=story.killed (count)::4 vs 5: this article says 4; "
                      "b.md:1:1 says 5")


# ---- JUnit -------------------------------------------------------------------------------------


def test_junit_has_one_case_per_new_article_and_slot(story):
    root = ET.fromstring(report("junit"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"story warehouse-fire", "inputs"}
    cases = suites["story warehouse-fire"].findall("testcase")
    assert sorted((c.get("classname"), c.get("name")) for c in cases) == sorted(
        (path, slot) for path in ("new/n1.md", "new/n2.md")
        for slot in ("story.killed", "story.blasts", "story.injured"))
    outcome = {(c.get("classname"), c.get("name")): [child.tag for child in c] for c in cases}
    assert outcome[("new/n1.md", "story.killed")] == ["failure"]
    assert outcome[("new/n1.md", "story.blasts")] == ["failure"]
    assert outcome[("new/n2.md", "story.injured")] == ["skipped"]
    assert outcome[("new/n2.md", "story.killed")] == []
    (error_case,) = suites["inputs"].findall("testcase")
    assert error_case.get("classname") == "new/latin1.txt" and error_case.find("error") is not None
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("7", "2", "1", "1")


# ---- several outputs at once -------------------------------------------------------------------


def test_junit_has_the_runs_time_and_timestamp(story):
    import datetime as dt

    root = ET.fromstring(report("junit"))
    suites = root.findall("testsuite")
    stamps = {root.get("timestamp")} | {s.get("timestamp") for s in suites}
    assert len(stamps) == 1 and dt.datetime.fromisoformat(stamps.pop()).year >= 2024
    total = float(root.get("time"))
    assert total > 0 and abs(sum(float(s.get("time")) for s in suites) - total) < 0.01 * len(suites)
    assert all(float(c.get("time")) >= 0 for c in root.iter("testcase"))


def test_junit_findings_below_fail_on_pass_with_their_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    story_dir = Path(__file__).resolve().parent / "stories" / "market-bombing"
    result = cli("check", str(story_dir), "--format", "junit", "--fail-on", "never")
    data = json.loads(cli("check", str(story_dir), "--format", "json").stdout)
    info = [d for d in data["discrepancies"] if d["severity"] == "info"]
    assert info, "the story has an info finding (an update)"
    root = ET.fromstring(result.stdout)
    assert all(c.find("failure") is None for c in root.iter("testcase")), "--fail-on never: nothing fails"
    outs = [c for c in root.iter("testcase") if c.find("system-out") is not None]
    assert any(info[0]["id"] in c.find("system-out").text for c in outs)
    default = ET.fromstring(cli("check", str(story_dir), "--format", "junit").stdout)
    failing_rules = {c.get("name") for c in default.iter("testcase") if c.find("failure") is not None}
    assert failing_rules == {d["rule"] for d in data["discrepancies"] if d["severity"] != "info"}
    passed_info = {c.get("name") for c in default.iter("testcase")
                   if c.find("failure") is None and c.find("system-out") is not None}
    assert {d["rule"] for d in info} - failing_rules <= passed_info
    assert int(default.get("failures")) == len([c for c in default.iter("testcase") if c.find("failure") is not None])


def test_several_formats_at_once_each_to_its_file(story):
    result = cli("check", *ARGS, "--output", "sarif=out/checker.sarif", "--output", "junit=out/junit.xml",
                 "--output", "json=report.json")
    assert result.exit_code == 1
    assert result.stdout == report("text")  # --format (text) is not written to a file, so it is printed
    assert (story / "out" / "checker.sarif").read_text(encoding="utf-8") == report("sarif")
    assert untimed((story / "out" / "junit.xml").read_text(encoding="utf-8")) == untimed(report("junit"))
    assert (story / "report.json").read_text(encoding="utf-8") == report("json")
    assert not [p for p in story.rglob("*.tmp")]


def test_a_format_written_to_a_file_is_not_also_printed(story):
    result = cli("check", *ARGS, "--format", "sarif", "--output", "sarif=checker.sarif")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (story / "checker.sarif").read_text(encoding="utf-8") == report("sarif")


@pytest.mark.parametrize("file, fmt", [("report.json", "json"), ("out/c.sarif", "sarif"), ("junit.xml", "junit"),
                                       ("page.html", "html")])
def test_a_bare_output_file_takes_its_format_from_its_suffix(story, file, fmt):
    result = cli("check", *ARGS, "-o", file)
    assert result.exit_code == 1 and result.stdout == ""
    written = (story / file).read_text(encoding="utf-8")
    assert untimed(written) == (untimed(report(fmt)) if fmt != "html" else untimed(written)) and written.strip()
    if fmt == "html":
        assert written.startswith("<!DOCTYPE html>")


def test_format_given_wins_over_the_suffix(story):
    result = cli("check", *ARGS, "--format", "text", "-o", "report.json")
    assert result.exit_code == 1 and result.stdout == ""
    assert (story / "report.json").read_text(encoding="utf-8") == report("text")
    (story / "checker.toml").write_text('format = "github"\n', encoding="utf-8")
    cli("check", *ARGS, "-o", "report.json")
    assert (story / "report.json").read_text(encoding="utf-8") == report("github")


def test_unknown_output_format_is_a_usage_error(story):
    result = cli("check", *ARGS, "--output", "yaml=out.yaml")
    assert result.exit_code == 2
    assert "unknown format 'yaml'" in result.stderr


def test_text_has_no_colour_when_not_a_terminal(story):
    assert "\033[" not in report("text")


# ---- progress ----------------------------------------------------------------------------------


def test_progress_only_when_asked_or_on_a_terminal_outside_ci(story, monkeypatch):
    import io
    import sys

    from checker.cli.app import _progress

    quiet = cli("check", *ARGS)
    assert quiet.stderr == ""  # standard error is not a terminal here
    asked = cli("check", *ARGS, "--progress")
    # 4 new and published articles checked, 1 published one of another story read for its metadata
    assert "checking" in asked.stderr and "5/5" in asked.stderr
    assert asked.stdout == quiet.stdout

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.setenv("CI", "true")
    with _progress(None) as (tick, _):
        assert tick is None
    with _progress(True) as (tick, _):
        assert tick is not None
    monkeypatch.delenv("CI")
    with _progress(None) as (tick, _):
        assert tick is not None
    with _progress(False) as (tick, _):
        assert tick is None


def test_no_color_counts_only_when_not_empty_and_the_progress_bar_honours_it(story, monkeypatch):
    """no-color.org: NO_COLOR set to a non-empty value turns colour off; set but empty, it does not."""
    import io
    import sys

    from checker.cli.app import _progress, use_color
    from checker.model import ArticleInfo

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Terminal()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "")
    assert use_color(Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Terminal())

    def bar(no_color: str) -> str:
        monkeypatch.setenv("NO_COLOR", no_color)
        monkeypatch.setattr(sys, "stderr", Terminal())
        with _progress(True) as (tick, expect):
            expect(2)
            tick(ArticleInfo(id="a", path="a.md"))
        return sys.stderr.getvalue()

    colours = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7])[0-9;]*m")  # a foreground colour, not bold or a cursor move
    assert colours.search(bar("")), "NO_COLOR set but empty: the bar keeps its colours"
    assert not colours.search(bar("1")), "NO_COLOR=1: the bar has no colour"
