"""The options of `checker check` that the configuration can also set, shared with `checker config show`.

Every option defaults to None (not given), so that a configuration value shows through unless the
command line overrides it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from checker.cli.support import RulesOption
from checker.config.source import ConfigError
from checker.config.settings import Settings, resolve


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    html = "html"


class EngineName(str, Enum):
    local = "local"
    dask = "dask"


class StoriesMode(str, Enum):
    auto = "auto"
    one = "one"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


ConfigOption = Annotated[Optional[Path], typer.Option(
    "--config", help="Configuration file (default: checker.toml, or the tool.checker table of pyproject.toml, found "
                     "from the current directory upwards).")]
NoDefaultRules = Annotated[bool, typer.Option("--no-default-rules", help="Use only the packs given with --rules.")]
FormatOption = Annotated[Optional[Format], typer.Option(
    "--format", "-f", help="Report format on standard output (default: text).")]
OutputOption = Annotated[Optional[list[str]], typer.Option(
    "--output", "-o", metavar="[FORMAT=]FILE",
    help="Write a report to FILE, atomically: FORMAT=FILE for any format (repeatable), a bare FILE for the "
         "--format report (without --format, its suffix names it: .json .sarif .xml .html). A format written to "
         "a file is not also printed.")]
FailOnOption = Annotated[Optional[FailOn], typer.Option(
    help="Lowest severity that makes the exit code 1 (default: warning).")]
AgainstOption = Annotated[Optional[list[str]], typer.Option(
    "--against", metavar="PUBLISHED",
    help="Published articles (files or directories) to compare the new ones with; only discrepancies that "
         "involve a new article are reported. Repeatable.")]
BaselineOption = Annotated[Optional[Path], typer.Option(
    help="A saved JSON report: discrepancies whose id is in it are not reported or counted.")]
StoryKeyOption = Annotated[Optional[str], typer.Option(
    help="Front-matter key (or jsonl field, or HTML meta name) that names an article's story (default: story).")]
StoriesOption = Annotated[Optional[StoriesMode], typer.Option(
    "--stories", help="auto: articles that name no story are grouped by the incident they report (the default "
                      "when no article names its story); one: they are one story. A story an article names "
                      "always stands.")]
IncludeOption = Annotated[Optional[list[str]], typer.Option(
    "--include", metavar="GLOB", help="Read only these files from directories (default: known suffixes).")]
ExcludeOption = Annotated[Optional[list[str]], typer.Option(
    "--exclude", metavar="GLOB", help="Leave these files out. Repeatable.")]
StrictOption = Annotated[Optional[bool], typer.Option(
    "--strict-inputs/--no-strict-inputs", help="Exit 2 when any input cannot be read.")]
JobsOption = Annotated[Optional[int], typer.Option(
    "--jobs", "-j", min=1, help="Processes that check articles (default: one per core; a small run stays in one). "
                                "The report is the same whatever the number.")]
EngineOption = Annotated[Optional[EngineName], typer.Option(
    "--engine", help="local: this machine (--jobs); dask: a Dask cluster (--scheduler), for archives "
                     "(needs the 'dask' extra).")]
SchedulerOption = Annotated[Optional[str], typer.Option(
    "--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler to use, e.g. tcp://host:8786 "
                                           "(default: a cluster started on this machine).")]


def settings_from(*, config: Path | None, rules: list[Path] | None, no_default_rules: bool, format: Format | None,
                  output: list[str] | None, fail_on: FailOn | None, against: list[str] | None,
                  baseline: Path | None, story_key: str | None, include: list[str] | None,
                  exclude: list[str] | None, strict_inputs: bool | None, jobs: int | None = None,
                  engine: EngineName | None = None, scheduler: str | None = None,
                  stories: StoriesMode | None = None) -> Settings:
    """The effective settings; a configuration problem is printed and exits 2."""
    given: dict[str, Any] = {
        "rules": rules, "default_rules": False if no_default_rules else None,
        "format": format.value if format else None, "outputs": output,
        "fail_on": fail_on.value if fail_on else None, "against": against, "baseline": baseline,
        "story_key": story_key, "include": include, "exclude": exclude, "strict_inputs": strict_inputs,
        "jobs": jobs, "engine": engine.value if engine else None, "scheduler": scheduler,
        "stories": stories.value if stories else None,
    }
    try:
        return resolve(given, config=config)
    except ConfigError as exc:
        for problem in exc.problems:
            typer.echo(problem, err=True)
        raise typer.Exit(2) from None


__all__ = ["AgainstOption", "BaselineOption", "ConfigOption", "EngineName", "EngineOption", "ExcludeOption",
           "FailOn", "FailOnOption", "Format", "FormatOption", "IncludeOption", "JobsOption", "NoDefaultRules",
           "OutputOption", "RulesOption", "SchedulerOption", "StoriesMode", "StoriesOption", "StoryKeyOption", "StrictOption", "settings_from"]
