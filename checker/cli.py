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

from checker.rulebook import RuleBook, RuleBookError, load_rulebook, rule_files
from checker.model import SEVERITY_RANK

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find where news articles about one event disagree on the facts.")
rules_app = typer.Typer(no_args_is_help=True, help="Author and test rule packs.")
schema_app = typer.Typer(no_args_is_help=True, help="Print the JSON Schemas checker publishes.")
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


RulesOption = Annotated[Optional[list[Path]], typer.Option(
    "--rules", "-r", help="Extra rule pack (file or directory), layered on the default pack. Repeatable.")]
NoDefaults = Annotated[bool, typer.Option("--no-default-rules", help="Use only the packs given with --rules.")]


def _book(rules: list[Path] | None, no_defaults: bool) -> RuleBook:
    try:
        return load_rulebook(rules or [], defaults=not no_defaults)
    except RuleBookError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{len(exc.problems)} problem(s) in the rule files", err=True)
        raise typer.Exit(2) from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)


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

    book = _book(rules, no_default_rules)
    result = run(paths, book)
    records = as_records(result, book)
    if format is Format.json:
        _write(json.dumps(records, ensure_ascii=False, indent=2) + "\n", output)
    else:
        color = output is None and sys.stdout.isatty()
        _write(format_text(records, color=color), output)
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

    book = _book(rules, no_default_rules)
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


@rules_app.command("test")
def rules_test(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Rule packs to test (default: the default pack).")]
    = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passing examples too.")] = False,
) -> None:
    """Run the examples in each slot; exit 1 on any false positive or miss."""
    from checker.ruletest import run_examples

    book = _book(paths, no_defaults=False)
    only = {str(p) for p in rule_files(paths)} if paths else None
    results = run_examples(book, only)
    failures = 0
    by_slot: dict[str, list] = {}
    for r in results:
        by_slot.setdefault(r.slot, []).append(r)
    for slot_id, items in by_slot.items():
        passed = sum(r.passed for r in items)
        typer.echo(f"{slot_id}: {passed}/{len(items)} passed")
        for r in items:
            if not r.passed:
                failures += 1
                expected = ", ".join(r.example.expected) or "none"
                got = ", ".join(r.got) or "none"
                typer.echo(f"  {r.verdict}: {r.example.location}  expected {expected}, got {got}\n"
                           f"    {r.example.text}")
            elif verbose:
                typer.echo(f"  pass: {r.example.location}  {r.example.text}")
    typer.echo(f"{len(results) - failures} passed, {failures} failed")
    if failures:
        raise typer.Exit(1)


@rules_app.command("validate")
def rules_validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Rule packs (default: the default pack).")] = None,
) -> None:
    """Validate rule packs (layered on the default pack); every problem is printed as file:line:col with a hint."""
    book = _book(paths, no_defaults=False)
    typer.echo(f"ok: {len(book.slots)} slots in {len(book.files)} file(s)")


_NEW_PACK = """\
# Editor completion: run `checker schema rules > checker-rules.schema.json`; the next line points editors to it.
# yaml-language-server: $schema=checker-rules.schema.json
# A story pack, layered on the default pack:  checker check articles/ --rules {file}
# Reference: `checker schema rules` prints every key with its description.
pack: {name}
description: What this pack adds for the story.

# Named word lists, used in patterns as {{name}}.
vocab:
  sank_verb: [sank, capsized, went down]

# Places of this story and their other names (spellings, transliterations).
places:
  - name: Port Example
    aliases: [Example Harbour]

slots:
  vessels:
    type: count            # count, headcount, quantity, place, date, time, quote, name
    severity: warning      # error, warning, info
    description: How many boats sank.
    patterns:
      - '{{count}} (?:fishing )?boats? {{sank_verb}}'
    unless:
      - 'since (?:19|20)\\d\\d'   # cumulative tallies are not this incident
    examples:              # run by `checker rules test {file}`
      - text: "Three fishing boats sank in the storm."
        expect: "3"
      - text: "Forty boats have sunk there since 2001."
        expect: none

# Change slots of other packs by full id.
overrides:
  incident.place:
    severity: warning
"""


@rules_app.command("new")
def rules_new(
    name: Annotated[str, typer.Argument(help="Pack id: lower-case letters, digits and _.")],
    directory: Annotated[Path, typer.Option("--dir", help="Where to write NAME.yaml.")] = Path("."),
) -> None:
    """Write a commented starting pack NAME.yaml that passes `checker rules test`."""
    import re

    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        typer.echo(f"pack id '{name}' must be lower-case letters, digits and _, starting with a letter", err=True)
        raise typer.Exit(2)
    target = directory / f"{name}.yaml"
    if target.exists():
        typer.echo(f"{target} exists; not overwriting it", err=True)
        raise typer.Exit(2)
    target.write_text(_NEW_PACK.format(name=name, file=target), encoding="utf-8")
    typer.echo(f"wrote {target}; try: checker rules test {target}")


@rules_app.command("list")
def rules_list(rules: RulesOption = None, no_default_rules: NoDefaults = False) -> None:
    """List every slot with its type, severity and where it is defined."""
    book = _book(rules, no_default_rules)
    for s in book.slots:
        typer.echo(f"{s.id:28} {s.type_name:10} {s.severity:8} {s.location}  {s.description}")


@schema_app.command("report")
def schema_report() -> None:
    """JSON Schema of the `--format json` report."""
    from checker.report.schema import report_schema

    sys.stdout.write(json.dumps(report_schema(), indent=2) + "\n")


@schema_app.command("rules")
def schema_rules() -> None:
    """JSON Schema of rule files (for editor completion and checking)."""
    from checker.rulefile import RulePack

    sys.stdout.write(json.dumps(RulePack.model_json_schema(), indent=2) + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
