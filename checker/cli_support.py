"""What the command modules share: rule-book loading with located errors, atomic writes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from checker.rulebook import RuleBook, RuleBookError, load_rulebook

RulesOption = Annotated[Optional[list[Path]], typer.Option(
    "--rules", "-r", help="Extra rule pack (file or directory), layered on the default pack. Repeatable.")]
NoDefaults = Annotated[bool, typer.Option("--no-default-rules", help="Use only the packs given with --rules.")]


def load_book(rules: list[Path] | None, no_defaults: bool) -> RuleBook:
    try:
        return load_rulebook(rules or [], defaults=not no_defaults)
    except RuleBookError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{len(exc.problems)} problem(s) in the rule files", err=True)
        raise typer.Exit(2) from None


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
