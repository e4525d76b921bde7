"""Configuration: checker.toml or pyproject.toml [tool.checker], found upwards; the command line overrides it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli.app import app
from checker.config.source import ConfigError, find_config
from checker.config.settings import resolve

PACK = Path(__file__).resolve().parent / "fixtures" / "lint" / "pack.yaml"


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A newsroom repository: a pack, two articles in a sub-directory that disagree on the blasts (a warning)."""
    (tmp_path / "packs").mkdir()
    shutil.copy(PACK, tmp_path / "packs" / "story.yaml")
    articles = tmp_path / "articles"
    (articles / "drafts").mkdir(parents=True)
    (articles / "a.md").write_text("---\nslug: fire\n---\nHeadline\n\nWitnesses heard two blasts.\n", encoding="utf-8")
    (articles / "b.md").write_text("---\nslug: fire\n---\nHeadline\n\nWitnesses heard five blasts.\n", encoding="utf-8")
    (articles / "drafts" / "c.md").write_text("Headline\n\nWitnesses heard nine blasts.\n", encoding="utf-8")
    monkeypatch.chdir(articles)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_checker_toml_is_found_in_a_parent_and_its_paths_are_relative_to_it(project):
    write(project / "checker.toml", 'rules = ["packs/story.yaml"]\ndefault-rules = false\nfail-on = "error"\n'
                                    'exclude = ["drafts"]\n')
    result = cli("check", ".", "--format", "json")
    assert result.exit_code == 0  # only a warning, and fail-on is error
    report = json.loads(result.stdout)
    assert [r["id"] for r in report["rules"]] == ["story.killed", "story.blasts", "story.injured"]
    assert report["rules"][0]["file"] == "../packs/story.yaml"
    assert [a["path"] for a in report["articles"]] == ["a.md", "b.md"]


def test_the_command_line_overrides_the_file(project):
    write(project / "checker.toml", 'rules = ["packs/story.yaml"]\ndefault-rules = false\nfail-on = "error"\n')
    assert cli("check", ".", "--fail-on", "warning").exit_code == 1
    result = cli("check", ".", "--exclude", "drafts", "--format", "json", "--fail-on", "never")
    assert [a["path"] for a in json.loads(result.stdout)["articles"]] == ["a.md", "b.md"]


def test_pyproject_tool_checker_table(project):
    write(project / "pyproject.toml", '[project]\nname = "newsroom"\n\n[tool.checker]\nrules = ["packs/story.yaml"]\n'
                                      'default-rules = false\nstory-key = "slug"\ninclude = ["*.md"]\n'
                                      'exclude = ["drafts/**"]\n')
    report = json.loads(cli("check", ".", "--format", "json").stdout)
    assert [(a["path"], a["story"]) for a in report["articles"]] == [("a.md", "fire"), ("b.md", "fire")]


def test_a_pyproject_without_the_table_is_passed_over(project):
    write(project / "articles" / "pyproject.toml", '[project]\nname = "other"\n')
    write(project / "pyproject.toml", '[tool.checker]\nfail-on = "never"\n')
    assert find_config(project / "articles") == project / "pyproject.toml"
    write(project / "checker.toml", 'fail-on = "error"\n')
    assert find_config(project / "articles") == project / "checker.toml"  # checker.toml first in a directory


def test_formats_and_outputs_from_the_file(project):
    write(project / "checker.toml", 'rules = ["packs/story.yaml"]\ndefault-rules = false\nformat = "github"\n'
                                    '[outputs]\nsarif = "out/checker.sarif"\n')
    result = cli("check", ".")
    assert result.stdout.startswith("::warning file=a.md,line=6,col=17,")
    assert json.loads((project / "out" / "checker.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_config_show_prints_values_and_where_they_came_from(project):
    write(project / "checker.toml", 'rules = ["packs/story.yaml"]\nfail-on = "error"\n[[ignore]]\n'
                                    'rule = "story.blasts"\nreason = "count from a video"\nexpires = 2030-06-30\n')
    result = cli("config", "show", "--format", "json", "--exclude", "drafts")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# configuration file: ../checker.toml"
    assert 'rules = ["../packs/story.yaml"]  # ../checker.toml' in lines
    assert 'fail-on = "error"  # ../checker.toml' in lines
    assert 'format = "json"  # command line' in lines
    assert 'exclude = ["drafts"]  # command line' in lines
    assert "default-rules = true  # default" in lines
    assert 'story-key = "story"  # default' in lines
    assert "ignore = [  # ../checker.toml" in lines
    assert '  {rule = "story.blasts", reason = "count from a video", expires = 2030-06-30},' in lines


def test_config_show_with_no_file():
    result = cli("config", "show", "--config", str(PACK.parent / "missing.toml"))
    assert result.exit_code == 2
    assert "no such configuration file" in result.stderr


@pytest.mark.parametrize("text, message", [
    ('fail_on = "error"\n', "checker.toml:1:1: fail_on: Extra inputs are not permitted; did you mean 'fail-on'?"),
    ('jobs = 2\nwhatever = 1\n', "checker.toml:2:1: whatever: Extra inputs are not permitted; keys are: against, "),
    ('fail-on = "sometimes"\n', "checker.toml:1:1: fail-on: Input should be 'error', 'warning', 'info' or 'never'\n"),
    ('fail-on = "eror"\n', "checker.toml:1:1: fail-on: Input should be 'error', 'warning', 'info' or 'never'; "
                           "did you mean 'error'?"),
    ('format = "yaml"\n', "checker.toml:1:1: format: Input should be "),
    ('\n\nrules = ["a", 1]\n', "checker.toml:3:15: rules[1]: Input should be a valid string"),
    ("fail-on = \n", "checker.toml:1:11: not valid TOML: Invalid value (at line 1, column 11)"),
    ('[[ignore]]\nrule = "a.b"\nreason = "r"\nexpires = "soon"\n', "checker.toml:4:1: ignore[0].expires: "),
    ('[[ignore]]\nrule = "a.b"\nreason = "r"\n\n[[ignore]]\nrule = "c"\nreasn = "r"\n',
     "checker.toml:5:1: ignore[1].reason: Field required\n../checker.toml:7:1: ignore[1].reasn: Extra inputs are not "
     "permitted; did you mean 'reason'?"),
    ('[outputs]\nsarf = "x.sarif"\n', "checker.toml:2:1: outputs.sarf: Input should be "),
    ('[tool.checker]\nfail-on = "error"\n', "checker.toml:1:1: tool: Extra inputs are not permitted; [tool.checker] "
                                            "is for pyproject.toml: in checker.toml write its keys at the top level"),
])
def test_a_bad_configuration_names_the_file_and_key(project, text, message):
    write(project / "checker.toml", text)
    result = cli("check", ".")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"../{message}"), result.stderr


def test_bad_pyproject_table_names_the_table(project):
    write(project / "pyproject.toml", '[tool.checker]\nfail-on = 3\n')
    result = cli("check", ".")
    assert result.exit_code == 2
    assert result.stderr.startswith("../pyproject.toml:2:1: tool.checker.fail-on: Input should be ")


def test_explicit_config_file(project, tmp_path):
    other = tmp_path / "elsewhere.toml"
    write(other, 'rules = ["packs/story.yaml"]\ndefault-rules = false\nfail-on = "never"\n')
    assert cli("check", ".", "--config", str(other)).exit_code == 0
    settings = resolve({}, config=other)
    assert settings.fail_on == "never" and settings.origin("fail_on") == str(Path("../elsewhere.toml"))
    with pytest.raises(ConfigError):
        resolve({"outputs": ["yaml=x"]}, config=other)


def test_the_readme_example_is_a_valid_configuration(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    write(tmp_path / "pyproject.toml", example)
    settings = resolve({}, cwd=tmp_path)
    assert settings.fail_on == "error" and settings.story_key == "slug" and settings.format == "github"
    assert [(ig.rule, ig.paths) for ig in settings.ignore] == [("incident.date", ("archive/**",))]
