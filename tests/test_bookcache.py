"""checker.rules.cache: a compiled rule book is reused by later runs while its files are unchanged, and
gives the same facts as one compiled afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.rules.cache import book_key, cached_book
from checker.engine.extract import extract
from checker.run.pipeline import run
from checker.report import as_records, format_json
from checker.rules.book import RuleBookError, default_rules_dir
from checker.rules.load import load_rulebook, rule_files

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PACK = """\
pack: harbour
slots:
  vessels:
    type: count
    description: How many boats sank.
    patterns: ['{count} boats? sank']
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(directory))
    monkeypatch.delenv("CHECKER_NO_CACHE", raising=False)
    return directory


def test_a_cached_book_gives_the_same_report(cache, book):
    first = load_rulebook(cache=True)  # compiled and stored
    assert len(list(cache.glob("rulebook-*.pickle"))) == 1
    second = load_rulebook(cache=True)  # loaded
    assert second is not first
    expected = format_json(as_records(run([str(SEEDS)], book), book))
    assert format_json(as_records(run([str(SEEDS)], second), second)) == expected


def test_the_cache_is_used_until_a_rule_file_changes(cache, write_pack, make_article):
    pack = write_pack(PACK)
    files = rule_files([default_rules_dir(), pack])
    compiled = []

    def compile_book():
        compiled.append(1)
        return load_rulebook([pack])

    cached_book(files, compile_book)
    cached_book(files, compile_book)
    assert len(compiled) == 1
    key = book_key(files)
    pack.write_text(PACK.replace("sank", "capsized"), encoding="utf-8")
    assert book_key(files) != key
    book = cached_book(files, compile_book)
    assert len(compiled) == 2
    facts = extract(make_article("Three boats capsized in the storm."), book).facts
    assert [f.display for f in facts if f.rule == "harbour.vessels"] == ["3"]


def test_a_broken_entry_is_compiled_again(cache, write_pack):
    pack = write_pack(PACK)
    files = rule_files([pack])
    cached_book(files, lambda: load_rulebook([pack], defaults=False))
    (entry,) = cache.glob("rulebook-*.pickle")
    entry.write_bytes(b"not a pickle")
    book = cached_book(files, lambda: load_rulebook([pack], defaults=False))
    assert [s.id for s in book.slots] == ["harbour.vessels"]


def test_a_book_with_problems_is_not_cached(cache, write_pack):
    pack = write_pack(PACK.replace("{count}", "{cuont}"))
    with pytest.raises(RuleBookError):
        load_rulebook([pack], cache=True)
    assert not list(cache.glob("rulebook-*.pickle"))


def test_the_cache_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("CHECKER_NO_CACHE", "1")
    load_rulebook(cache=True)
    assert not cache.exists()
