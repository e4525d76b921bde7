"""Matching logic of bench/realnews_clusters.py, on made-up clusters and findings (no texts needed)."""

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "realnews_clusters", Path(__file__).resolve().parent.parent / "bench" / "realnews_clusters.py")
rc = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("realnews_clusters", rc)  # dataclasses look their module up
_spec.loader.exec_module(rc)


def found(rule, severity, *sides, kind="count"):
    return {"rule": rule, "kind": kind, "severity": severity, "message": "m",
            "sides": [{"display": f"v{i}", "claims": [{"article": a} for a in side]} for i, side in enumerate(sides)]}


CLUSTER = rc.parse_cluster({
    "id": "made-up",
    "articles": [{"id": x} for x in "abcde"],
    "report": [{"slot": "casualties.killed", "sides": [["a"], ["b", "c"]]},
               {"slot": "incident.time", "kind": "time", "sides": [["d"], ["e"]]}],
    "not_report": [{"slot": "casualties.killed", "between": ["c", "d"]},
                   {"slot": "casualties.injured", "between": ["a", "b"]}],
})


def test_match_needs_overlap_on_two_different_sides():
    conflict = CLUSTER.report[0]
    assert conflict.matches(found("casualties.killed", "warning", ["a", "e"], ["c"]))
    assert conflict.matches(found("casualties.killed", "error", ["b"], ["d"], ["a"]))  # any two sides, either order
    assert not conflict.matches(found("casualties.killed", "warning", ["a", "b"], ["d"]))  # both on one side
    assert not conflict.matches(found("casualties.injured", "warning", ["a"], ["b"]))  # other slot


def test_kind_is_checked_only_when_given():
    timed = CLUSTER.report[1]
    assert timed.matches(found("incident.time", "warning", ["d"], ["e"], kind="time"))
    assert not timed.matches(found("incident.time", "warning", ["d"], ["e"], kind="other"))


def test_precision_recall_and_info_only_misses():
    findings = [found("casualties.killed", "warning", ["a"], ["b"]),         # true positive
                found("casualties.injured", "error", ["a"], ["b"]),          # false alarm, explained pair
                found("incident.time", "info", ["d"], ["e"], kind="time"),   # info: not counted as flagged
                found("incident.place", "info", ["a"], ["e"])]
    s = rc.score(CLUSTER, findings)
    m = s.metrics()
    assert (m["flagged"], m["true_positives"], m["false_alarms"]) == (2, 1, 1)
    assert m["precision"] == 0.5 and m["recall"] == 0.5
    (missed, infos), = s.missed
    assert missed.slot == "incident.time" and len(infos) == 1
    assert [e.between for e, _ in s.still_flagged] == [("a", "b")]
    assert m["info"] == 2


def test_explained_pair_flagged_only_by_warnings_and_errors_across_sides():
    explained = CLUSTER.not_report[0]
    assert explained.flagged_by(found("casualties.killed", "warning", ["c"], ["d"]))
    assert not explained.flagged_by(found("casualties.killed", "info", ["c"], ["d"]))
    assert not explained.flagged_by(found("casualties.killed", "warning", ["c", "d"], ["a"]))


def test_totals_and_empty_cluster():
    empty = rc.parse_cluster({"id": "quiet", "articles": [{"id": "x"}], "report": [], "not_report": []})
    scores = [rc.score(CLUSTER, [found("casualties.killed", "warning", ["a"], ["c"])]), rc.score(empty, [])]
    t = rc.total(scores)
    assert (t["flagged"], t["true_positives"], t["annotated"], t["recalled"]) == (1, 1, 2, 1)
    assert scores[1].metrics()["precision"] is None and scores[1].metrics()["recall"] is None


def test_bad_annotations_are_rejected():
    with pytest.raises(ValueError, match="unknown article"):
        rc.parse_cluster({"id": "x", "articles": [{"id": "a"}], "report": [{"slot": "s", "sides": [["a"], ["z"]]}]})
    with pytest.raises(ValueError, match="between"):
        rc.parse_cluster({"id": "x", "articles": [{"id": "a"}], "not_report": [{"slot": "s", "between": ["a"]}]})


def test_committed_annotations_parse():
    clusters = rc.load_clusters()
    assert len(clusters) >= 8 and sum(len(c.articles) for c in clusters) >= 40
