"""docs/rules.md is executed: the guide cannot go stale.

The guide's fenced blocks are run in order, in one empty directory:
- ```` ```yaml file=NAME ```` writes NAME. A block that starts with ``pack:`` (or a comment) is
  the whole file; a block that starts with an indented ``name:`` is one slot, which replaces the
  slot of that name in NAME or is added at its end; a block that starts with another top-level
  key (``places:``, ``overrides:``) is put before ``slots:``.
- ```` ```text file=NAME ```` writes an article.
- ```` ```console ```` holds commands (``$ …``) and the output each must print (stdout and
  stderr); a line ``...`` stands for any number of lines, a line ending in `` ...`` for any line
  that starts with what precedes it. A ``checker …`` command (with at most a ``> FILE``
  redirection) runs in this process, as the tests of the command line do, so that the default
  pack's regular expressions are compiled once; any other command runs in bash.
- Every other ```` ```yaml ```` block must be valid YAML; one that holds a whole pack must be a
  valid pack.
The key reference is the one the rule-file models write, and every macro and value type is
described.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from checker.rules.load import load_rulebook
from checker.engine.examples import run_examples

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "rules.md"
TEXT = GUIDE.read_text(encoding="utf-8")
FENCE = re.compile(r"^```(?P<lang>[\w-]*)(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
BLOCKS = [(m.group("lang"), dict(re.findall(r"(\w+)=(\S+)", m.group("info"))), m.group("body"),
           TEXT.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(TEXT)]


def _write_slot(path: Path, block: str) -> None:
    """Replace the slot the block defines (``  name:`` and what is indented under it), or add it."""
    name = block.lstrip("\n").split("\n", 1)[0]
    assert re.fullmatch(r"  [a-z_0-9]+:", name), f"a slot block starts with '  name:', not {name!r}"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip("\n") == name), None)
    if start is None:
        text = "".join(lines).rstrip("\n") + "\n\n" + block
    else:
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith("   ")):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():  # keep the blank line before the next slot
            end -= 1
        text = "".join(lines[:start]) + block + "".join(lines[end:])
    path.write_text(text, encoding="utf-8")


def _matches(expected: list[str], actual: list[str]) -> bool:
    """``...`` in ``expected`` stands for any number of lines; a line ending in `` ...`` for any end."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    same = actual[0].startswith(expected[0][:-3]) if actual and expected[0].endswith(" ...") \
        else bool(actual) and expected[0] == actual[0]
    return same and _matches(expected[1:], actual[1:])


def _commands(body: str) -> list[tuple[str, list[str]]]:
    runs: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            runs.append((line[2:], []))
        else:
            assert runs, f"output before any command: {line!r}"
            runs[-1][1].append(line.rstrip())
    return runs


def _run(command: str, root: Path) -> list[str]:
    """What ``command`` prints (stdout, then stderr), run in ``root``."""
    words = shlex.split(command)
    if words[0] == "checker" and not set(words) & {"|", ";", "&&", "||", "<", ">>"} and words.count(">") <= 1:
        from typer.testing import CliRunner

        from checker.cli.app import app

        target = None
        if ">" in words:
            at = words.index(">")
            target, words = root / words[at + 1], words[:at] + words[at + 2:]
        here = Path.cwd()
        os.chdir(root)
        try:
            result = CliRunner().invoke(app, words[1:])
        finally:
            os.chdir(here)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        if target is not None:
            target.write_text(result.stdout, encoding="utf-8")
            printed = result.stderr
        else:
            printed = result.stdout + result.stderr
    else:
        done = subprocess.run(["bash", "-c", command], cwd=root, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                                                        f"{os.environ['PATH']}"})
        printed = done.stdout + done.stderr
    return [line.rstrip() for line in printed.rstrip("\n").splitlines()]


def test_the_guide_has_a_tutorial_to_run():
    assert any(lang == "console" for lang, *_ in BLOCKS)
    assert any(lang == "yaml" and "file" in info for lang, info, *_ in BLOCKS)


def test_the_guide_runs_as_written(tmp_path):
    root = tmp_path
    for lang, info, body, line in BLOCKS:
        where = f"docs/rules.md:{line}"
        if "file" in info:
            target = root / info["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            if lang == "yaml" and body.startswith("  "):
                _write_slot(target, body)
            elif lang == "yaml" and re.match(r"[a-z_]+:", body) and not body.startswith("pack:"):
                text = target.read_text(encoding="utf-8")
                assert "\nslots:\n" in text, f"{where}: {target.name} has no 'slots:' to put the block before"
                target.write_text(text.replace("\nslots:\n", "\n" + body + "\nslots:\n", 1), encoding="utf-8")
            else:
                target.write_text(body, encoding="utf-8")
        elif lang == "console":
            for command, expected in _commands(body):
                actual = _run(command, root)
                while expected and not expected[-1]:
                    expected.pop()
                assert _matches(expected, actual), (
                    f"{where}: `{command}` printed something else than the guide shows "
                    "(--- guide, +++ actual):\n" + "\n".join(difflib.unified_diff(expected, actual, lineterm="")))
    # the schema the tutorial saves accepts the pack it writes, as an editor would check it
    schema = json.loads((root / "rules.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load((root / "quake.yaml").read_text(encoding="utf-8")), schema)


def test_every_yaml_example_in_the_guide_is_valid(tmp_path):
    for lang, info, body, line in BLOCKS:
        if lang != "yaml" or "file" in info:
            continue
        data = yaml.safe_load(body)  # a syntax error fails here
        if isinstance(data, dict) and "pack" in data:
            path = tmp_path / f"line{line}.yaml"
            path.write_text(body, encoding="utf-8")
            book = load_rulebook([path])  # raises with every problem, located
            failed = [f"{r.verdict}: {r.example.text} (got {', '.join(r.got) or 'none'})"
                      for r in run_examples(book, {str(path)}) if not r.passed]
            assert not failed, f"docs/rules.md:{line}: the example pack's examples fail: {failed}"


def test_the_key_reference_is_what_the_models_say():
    from checker.rules.doc import key_reference

    found = re.search(r"<!-- keys:begin -->\n(.*?)<!-- keys:end -->", TEXT, re.S)
    assert found, "docs/rules.md lacks the <!-- keys:begin --> … <!-- keys:end --> section"
    assert found.group(1).strip() == key_reference().strip(), (
        "the key reference in docs/rules.md is stale; regenerate it with `python -m checker.rules.doc` "
        "and paste it between the markers")


def test_every_macro_and_value_type_is_described():
    from checker.lexicon import Taxonomy
    from checker.rules.compile import _macros
    from checker.values import TYPES

    missing = [f"{{{name}}}" for name in _macros(Taxonomy.build([])) if f"`{{{name}}}`" not in TEXT]
    missing += [name for name in TYPES if f"| `{name}` |" not in TEXT]
    assert not missing, f"docs/rules.md does not describe: {', '.join(missing)}"
