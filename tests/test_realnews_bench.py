"""The scoring functions of bench/realnews.py on small made-up inputs (no data needed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "realnews.py"
_spec = importlib.util.spec_from_file_location("bench_realnews", _BENCH)
realnews = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = realnews
_spec.loader.exec_module(realnews)


def count(low, high):
    return {"type": "count", "low": low, "high": high, "qualifier": None}


def headcount(total, *groups):
    return {"type": "headcount", "total": total,
            "groups": [{"category": c, "count": n} for c, n in groups]}


# ---- holds gold ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, gold, expected", [
    (headcount(count(3, 3)), 3, True),
    (headcount(count(3, 3)), 4, False),
    (headcount(count(2, 5)), 5, True),               # "between two and five"
    (headcount(count(6, None)), 40, True),           # "at least six": open-ended
    (headcount(count(6, None)), 5, False),
    (headcount(None, ("man", count(1, 1)), ("woman", count(2, 2))), 3, True),   # no total: groups summed
    (headcount(None, ("man", count(1, 1)), ("woman", count(2, 2))), 2, False),
    (headcount(None, ("man", count(1, 1)), ("child", count(2, None))), 9, True),
    (count(4, 4), 4, True),                          # a bare count
])
def test_holds(value, gold, expected):
    assert realnews.holds(value, gold) is expected


def test_a_total_with_people_some_counts_leave_out_also_holds_the_toll_without_them():
    five_and_unborn = {**headcount(count(6, 6), ("adult", count(5, 5)), ("unborn", count(1, 1))),
                       "uncounted": count(1, 1)}
    assert realnews.holds(five_and_unborn, 6) and realnews.holds(five_and_unborn, 5)
    assert not realnews.holds(five_and_unborn, 4)
    assert not realnews.holds(headcount(count(6, 6), ("adult", count(5, 5)), ("unborn", count(1, 1))), 5)


def test_a_wrong_fill_one_off_the_gold_count_is_told_apart():
    fact = lambda low, partial=False: {"value": headcount(count(low, low)), "partial": partial}  # noqa: E731
    assert realnews.one_off([fact(4)], 3) and realnews.one_off([fact(2)], 3)
    assert not realnews.one_off([fact(5)], 3)
    assert not realnews.one_off([fact(4), fact(7)], 3)
    assert realnews.one_off([fact(1)], 0) and not realnews.one_off([fact(2)], 0)


def test_a_partial_value_is_a_lower_bound():
    two_children = headcount(count(2, 2), ("child", count(2, 2)))
    assert realnews.holds(two_children, 5, partial=True)
    assert realnews.holds(two_children, 2, partial=True)
    assert not realnews.holds(two_children, 1, partial=True)
    assert not realnews.holds(two_children, 5)


def test_is_main():
    assert realnews.is_main({"rule": "casualties.killed"})
    assert realnews.is_main({"rule": "casualties.killed", "other_incident": None})
    assert not realnews.is_main({"other_incident": "an earlier year"})


# ---- regex baseline --------------------------------------------------------------------------

@pytest.mark.parametrize("text, killed, injured", [
    ("Two people were killed and 3 others were wounded late Sunday.", [2], [3]),
    ("Police said 11 were killed.", [11], []),
    ("SEVENTEEN DEAD after the storm", [17], []),    # case-insensitive; seventeen, not seven
    ("One man was shot dead; four were hurt.", [1], [4]),
    ("A man was killed on Main Street.", [], []),    # no number: not filled
    ("Four people died. Later, five people died.", [4, 5], []),
    ("The 2 men badly hurt in the crash; a man, hurt too", [], [2]),   # no number before the second
])
def test_baseline_numbers(text, killed, injured):
    assert realnews.baseline_numbers("casualties.killed", text) == killed
    assert realnews.baseline_numbers("casualties.injured", text) == injured


# ---- fills -----------------------------------------------------------------------------------

def test_score_fills_needs_every_value_to_hold_gold():
    articles = [
        {"key": "a0", "incident": "x", "title": "Two killed", "text": "Two people were killed."},
        {"key": "a1", "incident": "x", "title": "", "text": "Two were killed. Later three were killed."},
        {"key": "a2", "incident": "y", "title": "", "text": "Nothing to count here."},
        {"key": "a3", "incident": "z", "title": "", "text": "One was killed."},   # no gold for z
    ]
    gold = {"x": {"killed": 2, "injured": 0}, "y": {"killed": 1, "injured": 1}}
    fact = lambda n, **more: {"rule": "casualties.killed", "value": headcount(count(n, n)), "partial": False, **more}
    report = {"articles": [
        {"id": "a0", "facts": [fact(2)]},
        {"id": "a1", "facts": [fact(2), fact(3)]},
        {"id": "a2", "facts": [fact(9, other_incident="an earlier year")]},    # set aside: not filled
        {"id": "a3", "facts": [fact(1)]},
    ]}
    m = realnews.score_fills(report, articles, gold)["casualties.killed"]
    engine, regex = m["engine"], m["regex"]
    assert (engine["filled"], engine["filled_with_gold"], engine["right"], engine["set_aside"]) == (3, 2, 1, 1)
    assert [key for key, _ in engine["wrong"]] == ["a1"]
    assert (regex["filled"], regex["filled_with_gold"], regex["right"]) == (3, 2, 1)


# ---- B-cubed ---------------------------------------------------------------------------------

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2}


def test_bcubed_perfect():
    assert realnews.bcubed({"a": "s", "b": "s", "c": "s", "d": "t"}, GOLD) == (1.0, 1.0, 1.0)


def test_bcubed_singletons_and_one_cluster():
    p, r, f = realnews.bcubed({k: k for k in GOLD}, GOLD)
    assert p == 1.0 and r == pytest.approx((3 * 1 / 3 + 1) / 4)
    p, r, f = realnews.bcubed({k: "all" for k in GOLD}, GOLD)
    assert r == 1.0 and p == pytest.approx((3 * 3 / 4 + 1 / 4) / 4)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_bcubed_a_hand_computed_case():
    # {a, b} {c, d}: a, b: P 1, R 2/3; c: P 1/2, R 1/3; d: P 1/2, R 1
    p, r, _ = realnews.bcubed({"a": 0, "b": 0, "c": 1, "d": 1}, GOLD)
    assert p == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


def test_bcubed_labels_are_only_names():
    assert realnews.bcubed({"a": 2, "b": 2, "c": 2, "d": 1}, GOLD) == (1.0, 1.0, 1.0)
    assert realnews.bcubed({}, {}) == (0.0, 0.0, 0.0)


def test_shorten_centres_on_the_claim():
    sentence = "x" * 200 + " two people were killed " + "y" * 200
    short = realnews.shorten(sentence, "two people were killed", width=60)
    assert "two people were killed" in short and short.startswith("…") and short.endswith("…")
    assert len(short) <= 62
    assert realnews.shorten("  short\n text ") == "short text"


def test_score_stories():
    articles = [{"key": k, "incident": i, "published": d}
                for k, i, d in (("a", 1, "2016-01-01"), ("b", 1, "2016-01-02"), ("c", 2, "2016-01-02"), ("d", 2, None))]
    claim = lambda key: {"article": key}
    report = {
        "articles": [{"id": "a", "story": "s"}, {"id": "b", "story": "s"}, {"id": "c", "story": "t"},
                     {"id": "d", "story": "t"}],
        "discrepancies": [
            {"severity": "error", "sides": [{"claims": [claim("a")]}, {"claims": [claim("b")]}]},
            {"severity": "warning", "sides": [{"claims": [claim("b")]}, {"claims": [claim("c")]}]},
            {"severity": "info", "sides": [{"claims": [claim("a")]}, {"claims": [claim("d")]}]},
        ],
    }
    m = realnews.score_stories(report, articles)
    assert m["bcubed"]["engine"] == (1.0, 1.0, 1.0)
    assert (m["stories"], m["gold_incidents"], m["flags"], m["flags_across_incidents"]) == (2, 2, 2, 1)
    # by date: {a} {b, c} {d}, the undated article alone
    assert m["bcubed"]["by date"][0] == pytest.approx((1 + 0.5 + 0.5 + 1) / 4)
