"""checker.run.store: what a run keeps pickled instead of as objects reads back the same."""

from __future__ import annotations

import pytest

import checker.run.store
from checker.run.store import SpilledFacts, SpilledFindings, SpilledList
from checker.model import Evidence, Fact, fact_count, tally


def test_a_spilled_list_reads_back_in_order_and_by_index(monkeypatch):
    monkeypatch.setattr(checker.run.store, "IN_MEMORY", 64)  # on disk after a few groups
    items = SpilledList()
    expected = []
    for start in range(0, 100, 7):
        group = [(n, f"item {n}") for n in range(start, min(start + 7, 100))]
        items.extend(group)
        expected += group
    items.extend([])
    assert len(items) == 100 and list(items) == expected == items
    assert [items[i] for i in (0, 6, 7, 99, -1, 50, 3)] == [expected[i] for i in (0, 6, 7, 99, -1, 50, 3)]
    assert items[10:13] == expected[10:13]


@pytest.mark.parametrize("pread", [True, False], ids=["pread", "seek"])
def test_puts_and_gets_interleaved_read_back_what_was_put(monkeypatch, pread):
    # a run keeps one article's facts while it looks another's up: reads must not move the writes
    monkeypatch.setattr(checker.run.store, "IN_MEMORY", 100)
    if not pread:
        monkeypatch.setattr(checker.run.store, "_PREAD", None)
    spill = checker.run.store.Spill()
    kept = []
    for n in range(60):
        kept.append((spill.put_pickled(bytes([n % 256]) * (n * 7 + 1)), bytes([n % 256]) * (n * 7 + 1)))
        for where, data in kept[:: max(1, n // 5)]:
            assert spill.read(*where) == data
    assert spill._file is not None  # on disk for most of it
    assert [spill.read(*where) for where, _ in kept] == [data for _, data in kept]
    assert spill.get(spill.put({"a": [1, 2]})) == {"a": [1, 2]}
    spill.close()


def test_spilled_facts_are_a_mapping_that_counts_without_reading(make_fact):
    from checker.values.count import Count

    facts = SpilledFacts()
    facts["a"] = [make_fact(Count(4, 4), article="a"), make_fact(Count(5, 5), article="a")]
    facts["b"] = []
    assert list(facts) == ["a", "b"] and len(facts) == 2
    assert [f.value for f in facts["a"]] == [Count(4, 4), Count(5, 5)]
    assert facts.get("c") is None and fact_count(facts) == 2 == fact_count({"a": facts["a"]})


def test_findings_are_tallied_as_they_come(run_story):
    found = run_story("Four soldiers were killed in the blast.", "Five soldiers were killed in the blast.",
                      "Six soldiers were killed in the blast.")
    spilled = SpilledFindings()
    spilled.extend(found[:1])
    spilled.extend(found[1:])
    assert list(spilled) == found
    assert spilled.tally == tally(found) and sum(spilled.tally.values()) == len(found) > 0


def test_spilled_facts_keep_their_json_and_aliases_beside_them(make_fact, monkeypatch):
    import pickle

    from checker.values.count import Count

    monkeypatch.setattr(checker.run.store, "IN_MEMORY", 64)  # on disk at once
    facts = SpilledFacts()
    four = [make_fact(Count(4, 4), article="a")]
    facts.put_pickled("a", pickle.dumps(four), 1, '[\n  "four"\n]', [("Old Town", "Altstadt")])
    facts.put_pickled("b", pickle.dumps([]), 0)
    facts.put_pickled("c", pickle.dumps([]), 0, "[]", ())
    assert [f.value for f in facts["a"]] == [Count(4, 4)] and facts["b"] == []
    assert facts.encoded("a") == '[\n  "four"\n]' and facts.encoded("b") is None and facts.encoded("c") == "[]"
    assert facts.encoded("nobody") is None and facts.declared("nobody") == []
    assert dict(facts.aliases) == {"a": [("Old Town", "Altstadt")]}
    assert "a" in facts.aliases and "b" not in facts.aliases and facts.aliases.get("c", []) == []
    assert list(facts.sizes()) == [1, 0, 0] and pickle.loads(facts.pickled("a"))[0].value == Count(4, 4)
    # put again: the article's pieces are the new ones
    facts.put_pickled("a", pickle.dumps([]), 0, None, [("X", "Y")])
    assert facts["a"] == [] and facts.encoded("a") is None and facts.aliases["a"] == [("X", "Y")]
    assert list(facts) == ["a", "b", "c"] and list(facts.sizes()) == [0, 0, 0]


def test_facts_pickle_whole_with_every_field():
    """Fact and Evidence pickle as plain tuples (fast); a field added to either must be in them."""
    import dataclasses
    import datetime as dt
    import pickle

    from checker.model import Evidence, Fact

    evidence = Evidence("a", "a.txt", 1, 2, 3, 4, "text", "sentence", True)
    fact = Fact("slot", 5, evidence, "police", frozenset({"fire"}), True, 2, dt.date(2031, 5, 1),
                dt.datetime(2031, 5, 1, 9), "an earlier year", "north")
    for obj in (evidence, fact):
        back = pickle.loads(pickle.dumps(obj))
        assert back == obj
        assert all(getattr(back, f.name) == getattr(obj, f.name) for f in dataclasses.fields(obj))
        assert len(obj.__reduce__()[1]) == len(dataclasses.fields(obj))


def test_a_runs_units_pickle_whole_with_every_field():
    """Units, items, sources and parts pickle as plain tuples too (a run keeps its units pickled, and
    sends them to workers); a field added to one must be in its tuple."""
    import dataclasses
    import pickle

    from checker.articles.inputs import Part, Source
    from checker.run.work import Item, Unit

    unit = Unit((Item(Source("a.jsonl", "/in/a.jsonl", None), None, Part(10, 90, 3)),
                 Item(Source("-", None, "no such file"), b"text")), 2)
    back = pickle.loads(pickle.dumps(unit))
    assert back == unit and back.items[0].part == Part(10, 90, 3)
    for obj in (unit, unit.items[0], unit.items[0].source, unit.items[0].part):
        assert len(obj.__reduce__()[1]) == len(dataclasses.fields(obj))
        assert not hasattr(pickle.loads(pickle.dumps(obj)), "__dict__")  # slots, still


@pytest.mark.parametrize("cls", [Fact, Evidence], ids=lambda c: c.__name__)
def test_facts_and_evidence_are_built_as_dataclasses_would_build_them(cls):
    import dataclasses
    import inspect
    import pickle

    fields = dataclasses.fields(cls)
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] \
        == [(f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default) for f in fields]
    evidence = Evidence("a1", "a1.txt", 3, 9, 1, 4, "six dead", "Six dead in a blast.")
    value = Fact("casualties.killed", 6, evidence, scope=frozenset({"explosion"})) if cls is Fact else evidence
    assert [getattr(value, f.name) for f in fields][:3] == (["casualties.killed", 6, evidence] if cls is Fact
                                                             else ["a1", "a1.txt", 3])
    assert pickle.loads(pickle.dumps(value)) == value and dataclasses.replace(value) == value
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, fields[0].name, "changed")
    with pytest.raises(TypeError):
        cls()
