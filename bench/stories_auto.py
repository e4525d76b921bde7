"""How well ``--stories auto`` finds the incidents of real local news, with story metadata removed.

    .venv/bin/python bench/stories_auto.py [--data ../shared/data/gva-dev] [--limit N] [--jobs N] [--mode auto]

The articles of ``articles.jsonl`` (each about one Gun Violence Archive incident) are written as
JSON lines without their ``incident`` (and with no ``story``), checked with ``checker check FILE
--format json --stories MODE``, and the stories of the report's ``articles[].story`` are scored
against the incidents: B-cubed precision, recall and F1 (each article: the share of its story that
is its incident's, and of its incident that is in its story). Beside them, the baselines: every
article its own story, all one story, one story per publication day. And what a wrong grouping
costs: the share of the warnings and errors whose sides hold articles of different incidents.
Time and the peak memory of the checker process are reported too. Nothing of the data is copied
into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "gva-dev"


def bcubed(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``predicted`` (article -> story) against ``truth`` (article -> incident)."""
    stories: dict[str, set[str]] = defaultdict(set)
    incidents: dict[str, set[str]] = defaultdict(set)
    for article, story in predicted.items():
        stories[story].add(article)
        incidents[truth[article]].add(article)
    precision = recall = 0.0
    for article, story in predicted.items():
        both = len(stories[story] & incidents[truth[article]])
        precision += both / len(stories[story])
        recall += both / len(incidents[truth[article]])
    n = len(predicted) or 1
    precision, recall = precision / n, recall / n
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def write_corpus(data: Path, out: Path, limit: int | None) -> dict[str, str]:
    """The articles as JSON lines without incident or story; returns article id -> incident."""
    truth: dict[str, str] = {}
    with open(data / "articles.jsonl", encoding="utf-8") as source, open(out, "w", encoding="utf-8") as sink:
        for number, line in enumerate(source):
            if limit is not None and number >= limit:
                break
            record = json.loads(line)
            truth[record["id"]] = record["incident"]
            sink.write(json.dumps({k: record[k] for k in ("id", "title", "published", "url", "text")
                                   if record.get(k) is not None}) + "\n")
    return truth


def run_checker(corpus: Path, mode: str, jobs: int | None) -> tuple[dict, float, float]:
    """The JSON report, seconds taken and the checker process's peak RSS in MB."""
    command = [sys.executable, "-m", "checker", "check", str(corpus), "--format", "json", "--stories", mode,
               "--fail-on", "never"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as report:
        path = report.name
    start = time.perf_counter()
    subprocess.run(command + ["-o", path], check=True, cwd=ROOT)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with open(path, encoding="utf-8") as file:
        records = json.load(file)
    os.unlink(path)
    return records, took, peak


def cross_incident(records: dict, truth: dict[str, str]) -> tuple[int, int]:
    """(warnings and errors whose claims come from more than one incident, all warnings and errors)."""
    crossing = total = 0
    for d in records["discrepancies"]:
        if d["severity"] not in ("warning", "error") or d.get("suppressed"):
            continue
        total += 1
        incidents = {truth.get(c["article"], truth.get(c["article"].rsplit("#", 1)[-1])) for side in d["sides"] for c in side["claims"]}
        crossing += len(incidents) > 1
    return crossing, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--mode", default="auto", choices=["auto", "one"])
    parser.add_argument("--keep", type=Path, default=None, help="write the JSON report here too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        truth = write_corpus(args.data, corpus, args.limit)
        records, took, peak = run_checker(corpus, args.mode, args.jobs)
    if args.keep is not None:
        args.keep.write_text(json.dumps(records), encoding="utf-8")
    published = {}
    with open(args.data / "articles.jsonl", encoding="utf-8") as source:
        for line in source:
            record = json.loads(line)
            if record["id"] in truth:
                published[record["id"]] = (record.get("published") or "")[:10]
    # an id given twice is reported as FILE#ID the second time
    predicted = {a["id"]: a["story"] for a in records["articles"]}
    truth = {a: truth[a.rsplit("#", 1)[-1]] for a in predicted}
    published = {a: published[a.rsplit("#", 1)[-1]] for a in predicted}
    missing = set(truth) - set(predicted)
    print(f"{len(predicted)} articles ({len(missing)} not in the report), {len(set(truth.values()))} incidents, "
          f"{len(set(predicted.values()))} stories (--stories {args.mode})")
    rows = [(f"--stories {args.mode}", predicted),
            ("baseline: one story per article", {a: a for a in predicted}),
            ("baseline: one story", {a: "one" for a in predicted}),
            ("baseline: one story per publication day", {a: published[a] for a in predicted})]
    for label, grouping in rows:
        p, r, f = bcubed(grouping, truth)
        print(f"  {label:42s} B-cubed P {p:.4f}  R {r:.4f}  F1 {f:.4f}")
    crossing, total = cross_incident(records, truth)
    share = crossing / total if total else 0.0
    print(f"  warnings+errors setting different incidents against each other: {crossing} of {total} ({share:.2%})")
    print(f"  time {took:.1f} s ({len(predicted) / took:.0f} articles/s), peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
