"""What the fuzz tests (tests/test_fuzz.py) and `bench/fuzz.py --minutes N` share: hypothesis
strategies for hostile articles and rule files, and the properties every run must keep.

Articles: mutations of a seed article (bytes cut, repeated, replaced; control characters, lone
surrogates, BOMs, front matter with dates near years 1 and 9999, alias bombs, deep nesting), as
.txt, .md, .html or .jsonl files, checked beside one good article. The properties: no exception
escapes the run, the good article's facts are all there, each format's output is well formed (JSON
parses, JUnit is XML 1.0, text and GitHub output hold no control character), and the run takes
bounded time. Rule files: mutations of a small valid pack (patterns, keys, values, YAML syntax):
loading either gives a rule book or a :class:`RuleBookError`, never anything else, in bounded time.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import xml.dom.minidom
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
CRASHERS = Path(__file__).resolve().parent / "fixtures" / "fuzz"
GOOD = (REPO / "seeds" / "002_7df8da37a3d8a7ae.txt").read_text(encoding="utf-8")
SEED = (REPO / "seeds" / "004_2651ffae41543d65.txt").read_text(encoding="utf-8")
SECONDS = 60.0  # one example may take no longer (a hang is a failure too)

SNIPPETS = [
    "\x00", "\x1b[2J", "\x1b]8;;http://x\x07", "\x07", "\r", "\r\n", "\n\n", "\u2028", "\ufeff", "\ufffe",
    "\ud800", "\udfff", "\u202e", "“", "”", "—", "…", "on Tuesday", "a day earlier", "on March 3",
    "last year", "last month", "this weekend", "February 29", "December 30", "at least 6 people were killed",
    "four soldiers and two civilians were killed", "\"the ministry said\"", "police said.", "(" * 200,
    "[" * 200, "{" * 200, "Mr. ", "U.S. ", "9" * 40, "<!-- checker: ignore casualties.killed reason=\"x\" -->",
    "<!-- checker: ignore -->", "known as ", " " * 3000,
]
FRONT_MATTER = [
    "---\npublished: 0001-01-01\n---\n", "---\npublished: 9999-12-31\n---\n", "---\npublished: 9999-12-31T23:59Z\n---\n",
    "---\nstory: [a, b]\n---\n", "---\nstory: yes\n---\n", "---\nstory: {a: 1}\n---\n", "---\ntitle: &a [*a]\n---\n",
    "---\npublished: 2024-13-45\n---\n", "---\n: : :\n---\n", "---\nchecker-ignore: 5\n---\n",
    "---\nchecker-ignore: [{rule: 5}]\n---\n", "---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "story: *e\n---\n", "---\n" + "- " * 500 + "x\n---\n", "---\npublished: !!python/object:os.system {}\n---\n",
]
SUFFIXES = [".txt", ".md", ".html", ".jsonl"]


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    text = SEED
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.integers(0, 4))
        if kind == 0:
            text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
        elif kind == 1:
            text = text[:at] + draw(st.text(max_size=40)) + text[at:]
        elif kind == 2:
            end = draw(st.integers(at, min(len(text), at + 400)))
            text = text[:at] + text[end:]
        elif kind == 3:
            end = draw(st.integers(at, min(len(text), at + 200)))
            text = text[:at] + text[at:end] * draw(st.integers(1, 20)) + text[end:]
        else:
            text = text[:at] + draw(st.characters(max_codepoint=0x10FFFF)) + text[at:]
    if draw(st.booleans()):
        text = draw(st.sampled_from(FRONT_MATTER)) + text
    return text


@st.composite
def hostile_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of one hostile article file."""
    suffix = draw(st.sampled_from(SUFFIXES))
    text = draw(mutated_text())
    if suffix == ".html":
        text = f"<html><head><title>{text[:80]}</title></head><body><article><p>{text}</p></article></body></html>"
    if suffix == ".jsonl":
        records = [{"id": draw(st.text(max_size=8)), "text": text, "story": draw(st.one_of(
            st.none(), st.text(max_size=5), st.integers(), st.booleans(), st.lists(st.integers(), max_size=2))),
            "published": draw(st.sampled_from([None, "0001-01-01", "9999-12-31", "2024-05-01", "x", 5]))},
                   {"id": "second", "text": draw(mutated_text())}]
        lines = [json.dumps(r, ensure_ascii=draw(st.booleans())) for r in records]
        if draw(st.booleans()):
            lines.insert(1, draw(st.sampled_from(["[" * 5000, "{\"text\": \"\\ud800\"}", "not json", "\x00\xff"])))
        text = "\n".join(lines) + "\n"
    data = text.encode("utf-8", "surrogatepass")
    how = draw(st.integers(0, 5))
    if how == 0 and data:  # a byte that is not UTF-8
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0x80, 0xFF))]) + data[at + 1:]
    elif how == 1:
        data = b"\xef\xbb\xbf" + data
    return suffix, data


MUTATED_PACK_PARTS = {
    "pattern": ["'{count} blasts'", "'{count} (?:x+x+)+y blasts'", "'{count:}'", "'{place:1bad}'", "'(unclosed'",
                "'{nosuch}'", "'(?<=a+)b {count}'", "'{count} \\\\u0041 blasts'", "'{count} blasts{e<=1}'",
                "'[z-a]'", "''", "5", "[a, b]", "'{count} (?P<x>a)(?P<x>b)'", "'\\\\'", "'{count} blasts (?:(?:x|xx)+)+z'"],
    "type": ["count", "headcount", "date", "nosuch", "5", "[count]", "''"],
    "example": ["'Two blasts hit.'", "'3 blasts xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'", "5", "''", "[x]",
                "'\\x00\\x1b'"],
    "expect": ["'2'", "none", "'x'", "5", "[1]"],
    "severity": ["warning", "error", "loud", "5"],
}
PACK = """pack: fuzz
vocab:
  blast: [blasts, explosions]
slots:
  blasts:
    type: {type}
    severity: {severity}
    description: How many blasts.
    patterns: [{pattern}]
    examples:
      - text: {example}
        expect: {expect}
"""


@st.composite
def hostile_pack(draw: st.DrawFn) -> str:
    values = {key: draw(st.sampled_from(options)) for key, options in MUTATED_PACK_PARTS.items()}
    text = PACK.format(**values)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            text = text[:at] + draw(st.sampled_from([":", "- ", "&a ", "*a", "!!python/object:os.system ", "\t",
                                                     "{", "[", "'", "\"", "\n  ", "<<: *a\n", "%YAML 1.1\n"])) \
                + text[at:]
        elif choice == 1:
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
        elif choice == 2:
            end = draw(st.integers(at, min(len(text), at + 60)))
            text = text[:at] + text[end:]
        else:
            text = text + "overrides:\n  nosuch.slot: {enabled: false}\n"
    return text


# ---- the properties ----------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def check_articles(files: list[tuple[str, bytes]], directory: Path, book) -> None:
    """Check the hostile files beside a good article; raise AssertionError on a broken property."""
    from checker.report import FORMATTERS, as_records
    from checker.run.lint import LintOptions, lint

    for child in directory.iterdir():
        child.unlink()
    (directory / "good.txt").write_text(GOOD, encoding="utf-8")
    for index, (suffix, data) in enumerate(files):
        (directory / f"bad{index}{suffix}").write_bytes(data)
    started = time.monotonic()
    result = lint(LintOptions(inputs=(str(directory),), json_report=True), book)
    records = as_records(result, book)
    good = [a for a in records["articles"] if a["id"] == "good"]
    assert good and good[0]["facts"], "the good article's facts are lost"
    assert not [e for e in records["errors"] if "internal error" in e["message"]], records["errors"]
    for fmt, formatter in FORMATTERS.items():
        out = formatter(records)
        out.encode("utf-8")
        if fmt in ("json", "sarif"):
            json.loads(out)
        elif fmt == "junit":
            xml.dom.minidom.parseString(out.encode("utf-8"))
        else:
            assert not _CONTROL.search(out), f"{fmt}: a control character in the output"
            assert not any(line.startswith("::") for line in out.splitlines()[1:] if fmt == "text")
    assert time.monotonic() - started < SECONDS, "too slow"


def check_pack(text: str, directory: Path) -> None:
    """Load a hostile rule file: a rule book or a RuleBookError, in bounded time."""
    from checker.rules.book import RuleBookError
    from checker.rules.load import load_rulebook

    pack = directory / "pack.yaml"
    pack.write_bytes(text.encode("utf-8", "surrogatepass"))
    started = time.monotonic()
    try:
        book = load_rulebook([pack], defaults=False, cache=False)
    except RuleBookError as exc:
        assert exc.problems, "a RuleBookError with no problem"
        for problem in exc.problems:
            assert str(problem).startswith(str(pack)), f"an unlocated problem: {problem}"
    else:
        from checker.engine.examples import run_examples

        run_examples(book)  # the examples run too, bounded (settings.match_timeout)
    assert time.monotonic() - started < SECONDS, "too slow"


def save_crasher(kind: str, payload: bytes | str, suffix: str) -> Path:
    """Keep a minimized failing input as a regression fixture (tests/fixtures/fuzz/)."""
    data = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload
    CRASHERS.mkdir(parents=True, exist_ok=True)
    path = CRASHERS / f"{kind}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    path.write_bytes(data)
    return path
