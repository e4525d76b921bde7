"""What the command modules share: rule-book loading with located errors, atomic writes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from checker.model import plural
from checker.rules.book import RuleBook, RuleBookError
from checker.rules.load import load_rulebook

RulesOption = Annotated[Optional[list[Path]], typer.Option(
    "--rules", "-r", help="Extra rule pack (file or directory), layered on the default pack. Repeatable.")]
NoDefaults = Annotated[bool, typer.Option("--no-default-rules", help="Use only the packs given with --rules.")]


def load_book(rules: list[Path] | None, no_defaults: bool, *, cache: bool = False) -> RuleBook:
    """``cache``: reuse a book compiled from the same files (``rules validate`` compiles afresh)."""
    try:
        return load_rulebook(rules or [], defaults=not no_defaults, cache=cache)
    except RuleBookError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{plural(len(exc.problems), 'problem')} in the rule files", err=True)
        raise typer.Exit(2) from None


def write_streamed(produce: Callable[[Callable[[str], Any]], None], output: Path | None) -> None:
    """``produce(write)`` writes text in pieces: to standard output, or atomically to ``output``."""
    if output is None:
        produce(sys.stdout.write)
        return
    tmp = output.with_name(output.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        produce(handle.write)
    tmp.replace(output)
