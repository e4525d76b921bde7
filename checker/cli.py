"""Command line: check, explain, rules (test, validate, list), schema.

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, rule or input error.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from checker.cli_rules import rules_app, schema_app
from checker.cli_support import NoDefaults, RulesOption, load_book, write_output
from checker.model import SEVERITY_RANK

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find where news articles about one event disagree on the facts.")
app.add_typer(rules_app, name="rules")
app.add_typer(schema_app, name="schema")


class Format(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Article files or directories (.txt, .md).")],
    rules: RulesOption = None,
    no_default_rules: NoDefaults = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    fail_on: Annotated[FailOn, typer.Option(help="Lowest severity that makes the exit code 1.")] = FailOn.warning,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here.")] = None,
) -> None:
    """Check articles against each other and report every discrepancy with its evidence."""
    from checker.pipeline import run
    from checker.report import as_records, format_text

    book = load_book(rules, no_default_rules)
    result = run(paths, book)
    records = as_records(result, book)
    if format is Format.json:
        write_output(json.dumps(records, ensure_ascii=False, indent=2) + "\n", output)
    else:
        color = output is None and sys.stdout.isatty()
        write_output(format_text(records, color=color), output)
    if not result.articles and result.errors:
        raise typer.Exit(2)
    if fail_on is not FailOn.never:
        threshold = SEVERITY_RANK[fail_on.value]
        if any(SEVERITY_RANK[d.severity] >= threshold for d in result.discrepancies):
            raise typer.Exit(1)


@app.command()
def explain(
    article: Annotated[Path, typer.Argument(help="One article file.")],
    rules: RulesOption = None,
    no_default_rules: NoDefaults = False,
    slot: Annotated[Optional[str], typer.Option(help="Show one slot, with every match and why it was dropped.")]
    = None,
) -> None:
    """Show every slot filled for one article, with its evidence."""
    from checker.articles import load_articles
    from checker.extract import extract
    from checker.report.records import fact_record
    from checker.report.text import format_explain

    book = load_book(rules, no_default_rules)
    articles, errors = load_articles([str(article)])
    if errors:
        for e in errors:
            typer.echo(f"{e.path}: {e.message}", err=True)
        raise typer.Exit(2)
    if slot is not None and book.slot(slot) is None:
        typer.echo(f"unknown slot '{slot}'; slots are: {', '.join(s.id for s in book.slots)}", err=True)
        raise typer.Exit(2)
    art = articles[0]
    extraction = extract(art, book, trace=slot is not None)
    slots = [s for s in book.slots if slot is None or s.id == slot]
    record = {"path": art.path, "story": art.story, "published": art.published.isoformat() if art.published else None,
              "facts": [fact_record(f) for f in extraction.facts if slot is None or f.rule == slot]}
    text = format_explain(record, [{"id": s.id, "type": s.type_name, "severity": s.severity} for s in slots])
    if slot is not None:
        compiled = book.slot(slot)
        lines = ["", "matches:"]
        traces = [t for t in extraction.traces if t.slot == slot]
        for t in traces:
            line, col = art.line_col(t.start)
            lines.append(f"  pattern {t.pattern} ({compiled.patterns[t.pattern].location})  "
                         f"{art.path}:{line}:{col}  \"{' '.join(t.text.split())}\"  -> {t.outcome}")
        if not traces:
            lines.append("  none: no pattern matched a sentence holding its trigger words")
            for p in compiled.patterns:
                words = ", ".join(p.triggers[:8]) + ("…" if len(p.triggers) > 8 else "")
                lines.append(f"    pattern {p.index} triggers: {words or '(runs on every sentence)'}")
        text += "\n".join(lines) + "\n"
    for problem in extraction.problems:
        text += f"problem: {problem}\n"
    sys.stdout.write(text)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
