"""checker.run.idindex: article id -> numbers, in a dict while small and in SQLite past that; the two
behave alike (insertion order, updates in place, set use)."""

from __future__ import annotations

import sys

import pytest

import checker.run.idindex
from checker.run.idindex import IdIndex


@pytest.mark.parametrize("in_memory", [1_000, 4, 1], ids=["dict", "moves", "sqlite-at-once"])
def test_an_index_reads_the_same_before_and_after_it_moves(in_memory, monkeypatch):
    monkeypatch.setattr(checker.run.idindex, "_BATCH", 3)
    index = IdIndex(width=2, in_memory=in_memory)
    ids = [f"article-{n}" for n in (5, 3, 9, 1, 7, 2, 8)] + ["ünïcode “id”", ""]
    for n, key in enumerate(ids):
        index[key] = (n, -n)
    index["article-3"] = (30, -30)  # an update keeps the id's place
    index["article-8"] = (80, -80)  # also one not written to the database yet
    assert len(index) == len(ids)
    assert list(index) == ids
    assert index["article-3"] == (30, -30) and index.get("article-8") == (80, -80)
    assert index.get("article-4") is None and index.get("article-4", (0, 0)) == (0, 0)
    assert "article-9" in index and "article-4" not in index and 3 not in index
    assert dict(index.items())["ünïcode “id”"] == (7, -7)
    with pytest.raises(KeyError):
        index["article-4"]
    with pytest.raises(ValueError):
        index["article-6"] = (1,)
    assert (index._db is not None) == (in_memory <= len(ids))
    index.close()


@pytest.mark.parametrize("in_memory", [1_000, 2])
def test_an_index_of_width_zero_is_a_set(in_memory):
    seen = IdIndex(in_memory=in_memory)
    for key in ["b", "a", "b", "c", "a", "d"]:
        seen.add(key)
    assert list(seen) == ["b", "a", "c", "d"] and len(seen) == 4
    assert "c" in seen and "e" not in seen


def test_without_sqlite3_the_index_stays_in_memory(monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlite3", None)  # import sqlite3 -> ImportError
    index = IdIndex(width=1, in_memory=2)
    for n in range(5):
        index[f"a{n}"] = (n,)
    assert index._db is None and list(index.items()) == [(f"a{n}", (n,)) for n in range(5)]
