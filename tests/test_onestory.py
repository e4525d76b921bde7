"""One story of many articles is compared a slot at a time (checker.run.onestory): the same report,
byte for byte, as comparing it whole, while no more than one slot's facts are held at once and its
findings are written in pieces."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

import checker.run.findings
import checker.run.onestory
from checker.cli.support import load_book
from checker.model import Suppression
from checker.report import as_records, write_report
from checker.report.records import encode_discrepancy, write_discrepancy
from checker.run.engines import LocalEngine
from checker.run.lint import LintOptions, lint

_SHAPES = [
    "{n} people were killed when a truck hit a market stall in Varnholt on {day}, police said.",
    "The toll from the truck crash in Ostrel rose to {n}, a hospital spokesman said on {day}.",
    "Officials said {n} people died after the truck struck the crowd in Varnholt on March {date}.",
    "Rescuers reported {n} dead and 14 hurt when the lorry ran into shoppers in Kemmerby.",
]
_DAYS = ["Monday", "Tuesday", "Friday"]


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> Path:
    """Sixty short articles of one story that differ on the toll, the place and the day."""
    root = tmp_path_factory.mktemp("onestory")
    for i in range(60):
        sentence = _SHAPES[i % 4].format(n=(7, 9, 12)[i % 3], day=_DAYS[i % 3], date=2 + i % 2)
        (root / f"n{i:03d}.md").write_text(
            f"---\nstory: market-crash\npublished: 2024-05-0{1 + i % 4}T{i % 24:02d}:00:00Z\n"
            f"outlet: Desk {i % 5}\n---\n{sentence}\n", encoding="utf-8")
    return root


def _report(folder: Path, fmt: str, jobs: int) -> str:
    book = load_book([], False, cache=True)
    with LocalEngine(jobs=jobs) as engine:
        result = lint(LintOptions(inputs=(str(folder),), json_report=fmt == "json", json_only=fmt == "json"),
                      book, engine=engine)
        out = io.StringIO()
        write_report(fmt, as_records(result, book, lazy=True), out.write, fail_on="never")
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_large_story_reports_as_a_whole_one(story, monkeypatch, fmt):
    whole = _report(story, fmt, 1)
    assert "casualties.killed" in whole  # findings to compare
    monkeypatch.setattr(checker.run.onestory, "LARGE_STORY", 10)
    monkeypatch.setattr(checker.run.onestory, "CHUNK", 4)
    assert _report(story, fmt, 1) == whole
    assert _report(story, fmt, 2) == whole  # compared in the main process, the others in the pool


def test_a_large_story_holds_one_slot_at_a_time(story, monkeypatch):
    """Comparing it never takes the whole story (compare) and gives each slot only its own facts;
    its findings come spilled and are read back in pieces, never as one text."""
    monkeypatch.setattr(checker.run.onestory, "LARGE_STORY", 10)
    seen: list[set[str]] = []
    with_sentences: set[str] = set()  # slots that do not grow, with findings
    real = checker.run.onestory.compare_slot

    def one_slot(slot, story_id, facts, lexicons, **kwargs):
        seen.append({f.rule for f in facts})
        assert all(not isinstance(f, str) for f in facts)
        # a slot that does not grow is compared without its claims' sentences (its findings get theirs back)
        assert all(bool(f.evidence.sentence) == slot.grows for f in facts)
        found = real(slot, story_id, facts, lexicons, **kwargs)
        if not slot.grows:
            with_sentences.update(d.rule for d in found)
        return found

    def whole(*args, **kwargs):
        raise AssertionError("a large story was compared whole")

    monkeypatch.setattr(checker.run.onestory, "compare_slot", one_slot)
    monkeypatch.setattr(checker.run.findings, "compare", whole)
    book = load_book([], False, cache=True)
    result = lint(LintOptions(inputs=(str(story),), json_report=True, json_only=True), book)
    assert len(seen) >= 3 and all(len(rules) == 1 for rules in seen)
    assert len({next(iter(rules)) for rules in seen}) == len(seen)  # each slot once
    assert len(result.discrepancies) >= 2
    assert with_sentences  # ... and their claims' sentences are back in the report
    written = [json.loads("".join(result.discrepancies.encoded_item(i))) for i in range(len(result.discrepancies))]
    claims = [c for d in written if d["rule"] in with_sentences for s in d["sides"] for c in s["claims"]]
    assert claims and all(c["sentence"] and c["text"] in c["sentence"]
                          for c in claims)
    pieces = result.discrepancies.encoded_item(0)
    assert not isinstance(pieces, str)  # a large story's finding is read back a chunk at a time
    assert "".join(pieces).startswith("{")


def test_a_finding_written_in_pieces_is_its_text(story):
    book = load_book([], False, cache=True)
    found = list(lint(LintOptions(inputs=(str(story),)), book).discrepancies)
    assert found
    odd = dataclasses.replace(found[0], message="a lone \ud800 surrogate \x1b",
                              suppressed=Suppression(reason="known", source="config", path="checker.toml"))
    for d in [*found, odd]:
        for batch in (1, 3, 512):
            pieces: list[str] = []
            write_discrepancy(d, pieces.append, batch=batch)
            assert "".join(pieces) == encode_discrepancy(d)


def test_a_run_that_releases_the_books_patterns_reports_the_same(story, monkeypatch):
    """The command line drops the patterns of its book once every article is read, for comparing
    to use their memory: the book still compares and reports, the same bytes."""
    monkeypatch.setattr(checker.run.onestory, "LARGE_STORY", 10)
    kept = _report(story, "json", 1)
    book = load_book([], False, cache=True)
    options = LintOptions(inputs=(str(story),), json_report=True, json_only=True, release_patterns=True)
    result = lint(options, book)
    assert all(not slot.patterns for slot in book.slots) and book.prefilter is None
    out = io.StringIO()
    write_report("json", as_records(result, book, lazy=True), out.write, fail_on="never")
    assert out.getvalue() == kept
