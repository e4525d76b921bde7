"""`checker rules …` and `checker schema …`: authoring and testing rule packs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from checker.cli.support import NoDefaults, RulesOption, load_book
from checker.model import plural
from checker.rules.load import rule_files

rules_app = typer.Typer(no_args_is_help=True, help="Author and test rule packs.")
schema_app = typer.Typer(no_args_is_help=True, help="Print the JSON Schemas checker publishes.")


@rules_app.command("test")
def rules_test(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Rule packs to test (default: the default pack).")]
    = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passing examples too.")] = False,
    no_default_rules: NoDefaults = False,
) -> None:
    """Run the examples in each slot; exit 1 on any false positive or miss.

    The packs named are layered on the default pack (unless --no-default-rules) and only their
    examples run, including those they add to other packs' slots with `overrides:`."""
    from checker.engine.examples import run_examples

    book = load_book(paths, no_defaults=no_default_rules)
    only = {str(p) for p in rule_files(paths)} if paths else None
    results = run_examples(book, only)
    failures = 0
    by_slot: dict[str, list] = {}
    for r in results:
        by_slot.setdefault(r.slot, []).append(r)
    for slot in book.slots:
        if not slot.examples and (only is None or slot.location.path in only):
            typer.echo(f"{slot.id}: no examples ({slot.location}); add some: they are the slot's tests")
    for slot_id, items in by_slot.items():
        passed = sum(r.passed for r in items)
        verdicts = [r.verdict for r in items if not r.passed]
        counts = "".join(f", {plural(verdicts.count(v), v)}" for v in ("false positive", "miss", "wrong value")
                         if v in verdicts)
        typer.echo(f"{slot_id}: {passed}/{len(items)} passed{counts}")
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
    no_default_rules: NoDefaults = False,
) -> None:
    """Validate rule packs (layered on the default pack); every problem is printed as file:line:col with a hint.

    Exit 0 when the packs are valid, 2 on any problem. `checker check` runs the same validation first."""
    book = load_book(paths, no_defaults=no_default_rules)
    typer.echo(f"ok: {plural(len(book.slots), 'slot')} in {plural(len(book.files), 'file')}")


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
def rules_list(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Rule packs, layered on the default pack as with --rules (default: the default pack).")] = None,
    rules: RulesOption = None,
    no_default_rules: NoDefaults = False,
) -> None:
    """List every slot with its type, severity and where it is defined.

    Packs are named as for `rules test` and `rules validate` (or with --rules, as for `check`)."""
    book = load_book([*(rules or []), *(paths or [])] or None, no_default_rules)
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
    from checker.rules.models import rules_schema

    sys.stdout.write(json.dumps(rules_schema(), indent=2, ensure_ascii=False) + "\n")
