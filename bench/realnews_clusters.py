"""Score the engine on real breaking-news clusters annotated before it ran (bench/realnews/).

    .venv/bin/python bench/realnews_clusters.py [--cluster ID] [--json FILE] [--keep DIR]

For every cluster in ``bench/realnews/clusters.yaml`` this runs, as a user would,

    checker check bench/realnews/texts/<cluster> --format json --fail-on never

(the ``checker`` next to ``sys.executable``) and compares the reported discrepancies with the
annotations:

- ``report`` entries (slot, optional kind, ``sides: [[ids...], [ids...]]``) are the discrepancies a
  desk editor calls real. A reported warning or error *matches* an entry when it is of the same
  slot (and kind, if the entry gives one) and two different sides of it overlap the entry's two
  article sets (at least one article of each, as article-sets, in either order).
- ``not_report`` entries (slot, ``between: [a, b]``, optional kind) are explained differences
  (toll updates, parts, sources, other incidents); one is *still flagged* when a warning or error of
  that slot has ``a`` on one side and ``b`` on another.

Precision is over warnings + errors (what CI fails on): matched / reported. Recall is over the
annotated ``report`` entries: matched by some warning or error / annotated (an entry matched only
by an info finding counts as missed and is listed as such). Texts are not in git; the script first
checks the local copy against clusters.yaml (see bench/realnews/check_texts.py) and skips a
cluster whose texts are missing. This differs from bench/stories.py, which matches findings to
entries exactly (kind, severity, sides as subsets) on in-process results; here real reporting is
messier, so matching is by slot and overlapping article sets, on the command's JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REALNEWS = ROOT / "bench" / "realnews"
FLAGGED = {"error", "warning"}


# -- annotations -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """An annotated real discrepancy."""
    slot: str
    sides: tuple[frozenset[str], frozenset[str]]
    kind: str | None = None
    note: str = ""

    def matches(self, found: dict) -> bool:
        if found.get("rule") != self.slot or (self.kind and found.get("kind") != self.kind):
            return False
        sets = [side_articles(s) for s in found.get("sides") or []]
        return any(i != j and self.sides[0] & a and self.sides[1] & b
                   for i, a in enumerate(sets) for j, b in enumerate(sets))

    def describe(self) -> str:
        kind = f" {self.kind}" if self.kind else ""
        return (f"{self.slot}{kind} [{', '.join(sorted(self.sides[0]))}] vs "
                f"[{', '.join(sorted(self.sides[1]))}]")


@dataclass(frozen=True)
class Explained:
    """An annotated difference that must not be flagged."""
    slot: str
    between: tuple[str, str]
    kind: str | None = None
    note: str = ""

    def flagged_by(self, found: dict) -> bool:
        if found.get("severity") not in FLAGGED or found.get("rule") != self.slot:
            return False
        if self.kind and found.get("kind") != self.kind:
            return False
        a, b = self.between
        sets = [side_articles(s) for s in found.get("sides") or []]
        return any(i != j and a in x and b in y for i, x in enumerate(sets) for j, y in enumerate(sets))

    def describe(self) -> str:
        kind = f" {self.kind}" if self.kind else ""
        return f"{self.slot}{kind} between {self.between[0]} and {self.between[1]}"


@dataclass(frozen=True)
class Cluster:
    id: str
    event: str
    articles: tuple[str, ...]
    report: tuple[Conflict, ...]
    not_report: tuple[Explained, ...]


def side_articles(side: dict) -> frozenset[str]:
    return frozenset(c.get("article") for c in side.get("claims") or [])


def parse_cluster(data: dict) -> Cluster:
    ids = tuple(a["id"] for a in data.get("articles") or [])
    known = set(ids)
    report, not_report = [], []
    for n, entry in enumerate(data.get("report") or [], 1):
        sides = entry.get("sides") or []
        if "slot" not in entry or len(sides) != 2 or not all(sides):
            raise ValueError(f"{data['id']}: report entry {n}: needs slot and two non-empty sides")
        unknown = {a for s in sides for a in s} - known
        if unknown:
            raise ValueError(f"{data['id']}: report entry {n}: unknown article(s) {sorted(unknown)}")
        report.append(Conflict(entry["slot"], (frozenset(sides[0]), frozenset(sides[1])),
                               entry.get("kind"), entry.get("note", "")))
    for n, entry in enumerate(data.get("not_report") or [], 1):
        between = entry.get("between") or []
        if "slot" not in entry or len(between) != 2:
            raise ValueError(f"{data['id']}: not_report entry {n}: needs slot and between: [a, b]")
        unknown = set(between) - known
        if unknown:
            raise ValueError(f"{data['id']}: not_report entry {n}: unknown article(s) {sorted(unknown)}")
        not_report.append(Explained(entry["slot"], (between[0], between[1]), entry.get("kind"), entry.get("note", "")))
    return Cluster(data["id"], (data.get("event") or "").strip(), ids, tuple(report), tuple(not_report))


def load_clusters(path: Path = REALNEWS / "clusters.yaml") -> list[Cluster]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [parse_cluster(c) for c in data.get("clusters") or []]


# -- scoring -----------------------------------------------------------------------------------

@dataclass
class Score:
    cluster: Cluster
    found: list[dict] = field(default_factory=list)
    hits: list[dict] = field(default_factory=list)            # flagged and matching a report entry
    false_alarms: list[dict] = field(default_factory=list)    # flagged, matching no report entry
    recalled: list[Conflict] = field(default_factory=list)
    missed: list[tuple[Conflict, list[dict]]] = field(default_factory=list)  # with info findings that matched
    still_flagged: list[tuple[Explained, dict]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return len(self.hits) + len(self.false_alarms)

    def metrics(self) -> dict:
        return {"flagged": self.flagged, "true_positives": len(self.hits), "false_alarms": len(self.false_alarms),
                "precision": ratio(len(self.hits), self.flagged),
                "annotated": len(self.cluster.report), "recalled": len(self.recalled),
                "recall": ratio(len(self.recalled), len(self.cluster.report)),
                "explained": len(self.cluster.not_report),
                "explained_still_flagged": len({id(e) for e, _ in self.still_flagged}),
                "info": sum(1 for d in self.found if d.get("severity") == "info")}


def score(cluster: Cluster, found: list[dict], errors: list[str] | None = None) -> Score:
    result = Score(cluster, list(found), errors=list(errors or []))
    flagged = [d for d in found if d.get("severity") in FLAGGED]
    for d in flagged:
        (result.hits if any(c.matches(d) for c in cluster.report) else result.false_alarms).append(d)
    for conflict in cluster.report:
        if any(conflict.matches(d) for d in flagged):
            result.recalled.append(conflict)
        else:
            result.missed.append((conflict, [d for d in found if d.get("severity") == "info" and conflict.matches(d)]))
    for explained in cluster.not_report:
        result.still_flagged += [(explained, d) for d in flagged if explained.flagged_by(d)]
    return result


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def total(scores: list[Score]) -> dict:
    tp = sum(len(s.hits) for s in scores)
    flagged = sum(s.flagged for s in scores)
    annotated = sum(len(s.cluster.report) for s in scores)
    recalled = sum(len(s.recalled) for s in scores)
    return {"clusters": len(scores), "articles": sum(len(s.cluster.articles) for s in scores),
            "flagged": flagged, "true_positives": tp, "false_alarms": flagged - tp,
            "precision": ratio(tp, flagged), "annotated": annotated, "recalled": recalled,
            "recall": ratio(recalled, annotated),
            "explained": sum(len(s.cluster.not_report) for s in scores),
            "explained_still_flagged": sum(s.metrics()["explained_still_flagged"] for s in scores),
            "info": sum(s.metrics()["info"] for s in scores)}


def describe(found: dict) -> str:
    sides = " vs ".join(f"{s.get('display')!r} [{', '.join(sorted(side_articles(s)))}]" for s in found.get("sides") or [])
    return f"{found.get('severity')} {found.get('rule')} {found.get('kind')}: {sides}  ({found.get('message')})"


# -- running the engine ------------------------------------------------------------------------

def checker_command() -> str:
    exe = Path(sys.executable).parent / "checker"
    return str(exe) if exe.exists() else "checker"


def run_checker(folder: Path, keep: Path | None = None) -> tuple[list[dict], list[str]]:
    proc = subprocess.run([checker_command(), "check", str(folder), "--format", "json", "--fail-on", "never"],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        return [], [f"checker exited {proc.returncode}: {proc.stderr.strip()[-500:]}"]
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{folder.name}.json").write_text(proc.stdout, encoding="utf-8")
    report = json.loads(proc.stdout)
    return list(report.get("discrepancies") or []), [f"{e['path']}: {e['message']}" for e in report.get("errors") or []]


def fmt(x: float | None) -> str:
    return f"{x:.2f}" if x is not None else " -- "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clusters", type=Path, default=REALNEWS / "clusters.yaml")
    parser.add_argument("--texts", type=Path, default=REALNEWS / "texts")
    parser.add_argument("--cluster", action="append", help="only this cluster (repeatable)")
    parser.add_argument("--json", type=Path, help="write the metrics and cases to this file")
    parser.add_argument("--keep", type=Path, help="keep each cluster's checker JSON report in this directory")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REALNEWS))
    from check_texts import check  # noqa: E402

    problems = check(args.clusters, args.texts)
    for line in problems:
        print(f"texts: {line}")
    clusters = [c for c in load_clusters(args.clusters) if not args.cluster or c.id in args.cluster]
    scores = []
    for cluster in clusters:
        folder = args.texts / cluster.id
        if not folder.is_dir() or any(f"/{cluster.id}/" in p for p in problems if p.startswith("missing")):
            print(f"{cluster.id}: skipped, texts missing (see above)")
            continue
        found, errors = run_checker(folder, args.keep)
        scores.append(score(cluster, found, errors))

    print(f"\n{'cluster':22} {'arts':>4} {'flagged':>7} {'tp':>3} {'fp':>3} {'P':>5}  {'ann':>3} {'rec':>3} {'R':>5}  "
          f"{'explained flagged':>17} {'info':>4}")
    for s in scores:
        m = s.metrics()
        print(f"{s.cluster.id:22} {len(s.cluster.articles):4} {m['flagged']:7} {m['true_positives']:3} "
              f"{m['false_alarms']:3} {fmt(m['precision']):>5}  {m['annotated']:3} {m['recalled']:3} "
              f"{fmt(m['recall']):>5}  {m['explained_still_flagged']:>8} of {m['explained']:<6} {m['info']:4}")
    t = total(scores)
    print(f"{'overall':22} {t['articles']:4} {t['flagged']:7} {t['true_positives']:3} {t['false_alarms']:3} "
          f"{fmt(t['precision']):>5}  {t['annotated']:3} {t['recalled']:3} {fmt(t['recall']):>5}  "
          f"{t['explained_still_flagged']:>8} of {t['explained']:<6} {t['info']:4}")

    for s in scores:
        if not (s.missed or s.false_alarms or s.still_flagged or s.errors or s.hits):
            continue
        print(f"\n== {s.cluster.id}")
        for e in s.errors:
            print(f"  input error: {e}")
        for d in s.hits:
            print(f"  found:       {describe(d)}")
        for c, infos in s.missed:
            extra = f"; reported only as info: {describe(infos[0])}" if infos else ""
            print(f"  missed:      {c.describe()}  ({c.note.strip()}){extra}")
        for d in s.false_alarms:
            print(f"  false alarm: {describe(d)}")
        for e, d in s.still_flagged:
            print(f"  explained but flagged: {e.describe()}  ({e.note})")

    if args.json:
        out = {"overall": t, "clusters": {
            s.cluster.id: {**s.metrics(),
                           "found": [describe(d) for d in s.hits],
                           "missed": [{"entry": c.describe(), "note": c.note.strip(),
                                       "info_only": [describe(d) for d in infos]} for c, infos in s.missed],
                           "false_alarms": [describe(d) for d in s.false_alarms],
                           "explained_still_flagged": [{"entry": e.describe(), "note": e.note, "by": describe(d)}
                                                       for e, d in s.still_flagged],
                           "errors": s.errors} for s in scores}}
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
