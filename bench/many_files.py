"""Memory and time of one story of many tiny articles: `checker check DIR --format json -o OUT --jobs J`.

    python bench/many_files.py                                 # 20,000 articles, --jobs 1 and 2
    python bench/many_files.py --articles 100000 --jobs 1 2 --corpus-dir /tmp/tiny100k
    python bench/many_files.py --corpus-dir /tmp/tiny20k --reuse --jobs 2 --report /tmp/a.json
    python bench/many_files.py --articles 10000 --tolls 30 --jobs 1      # the toll varies: 30 figures

The corpus is N Markdown files of about 200 bytes in one directory, every one with the same
`story:` in its front matter, so that the run compares them all as one story. Each article gives a
killed count (one figure, in digits or words; --tolls N varies it among N figures) and often an
injured one, a place among a few and a weekday or date, in a handful of sentence shapes, with its
own outlet and publication time: the
comparison of the story has real work (many value groups, a timeline, sources). Generation is
deterministic (--seed), so the reports of two checkouts can be compared byte for byte (--report).

Each run is the command in a fresh process of its own, started from a small one (the benchmark's
own high-water mark would otherwise count as the command's). It prints wall and CPU seconds (the
command and its workers), articles/s, the peak RSS of the largest process, of the main process and
of the largest worker (with --jobs 2 or more). Nothing is asserted; it only prints.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STORY = "one-large-story"
_PLACES = ["Varnholt", "Ostrel", "Kemmerby", "Tallisford", "Brunmoor"]
_OUTLETS = ["Ledger", "Courier", "Wire", "Times", "Dispatch", "Herald", "Post", "Gazette"]
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_CLOCKS = ["6:40 a.m.", "9 a.m.", "11:30 a.m.", "about 4 p.m."]
# by default the toll is one figure (in digits or words); --tolls N varies it among N figures
_SHAPES = [
    "{Killed} people were killed when a bus overturned near {place} on {weekday}, police said.",
    "The bus crash outside {place} at {clock} left {killed} people dead, officials said.",
    "{Killed} people died in {place} after the bus left the road on {date}.",
    "Rescuers said {killed} people were killed in the crash in {place} at {clock}; 30 others were injured.",
    "The crash in {place} on {weekday} killed {killed} people and injured 30, a hospital spokesman said.",
]


def article(index: int, rng: random.Random, tolls: int = 1) -> str:
    day = rng.randint(1, 9)
    minute = index % 1440
    killed = rng.choice(["12", "twelve"] if tolls <= 1 else [str(10 + i) for i in range(tolls)])
    sentence = rng.choice(_SHAPES).format(killed=killed, Killed=killed.capitalize(), place=rng.choice(_PLACES),
                                          weekday=rng.choice(_WEEKDAYS), clock=rng.choice(_CLOCKS),
                                          date=f"March {day}")
    return (f"---\nstory: {STORY}\npublished: 2024-03-{day + 1:02d}T{minute // 60:02d}:{minute % 60:02d}:00Z\n"
            f"outlet: {rng.choice(_OUTLETS)} {index % 97}\ntitle: Bus crash near {rng.choice(_PLACES)}\n---\n"
            f"{sentence}\n")


def build(directory: Path, articles: int, seed: int, tolls: int = 1) -> int:
    """Write the corpus; returns its size in bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    size = 0
    for index in range(articles):
        text = article(index, rng, tolls)
        (directory / f"a{index:06d}.md").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


# Started from this small process, the command reports its CPU time and the high-water mark of its
# process tree (wait4); inside the command, an exit hook writes the main process's own peak and
# that of its (reaped) worker processes. Forked workers leave by os._exit: the hook is the main's.
_TRAMPOLINE = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:]); _, s, u = os.wait4(p.pid, 0); "
               "print('tree', os.waitstatus_to_exitcode(s), u.ru_utime + u.ru_stime, u.ru_maxrss, file=sys.stderr)")
_COMMAND = ("import atexit, resource, runpy, sys\n"
            "def peaks():\n"
            "    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "    print('peaks', own, workers, file=sys.stderr)\n"
            "atexit.register(peaks)\n"
            "sys.argv = ['checker', *sys.argv[1:]]\n"
            "runpy.run_module('checker.cli.app', run_name='__main__')\n")


def run_once(corpus: Path, jobs: int, report: Path) -> dict[str, float]:
    command = [sys.executable, "-c", _COMMAND, "check", str(corpus), "--format", "json", "-o", str(report),
               "--jobs", str(jobs), "--fail-on", "never", "--no-progress"]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _TRAMPOLINE, *command], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - start
    lines = {line.split()[0]: line.split()[1:] for line in done.stderr.splitlines()
             if line.startswith(("tree ", "peaks "))}
    if "tree" not in lines or int(lines["tree"][0]) != 0:
        raise SystemExit(f"{' '.join(command[3:])} failed:\n{done.stderr}")
    _, cpu, tree = lines["tree"]
    own, workers = lines.get("peaks", ["0", "0"])
    return {"wall": wall, "cpu": float(cpu), "peak": int(tree) / 1024, "main": int(own) / 1024,
            "workers": int(workers) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--tolls", type=int, default=1,
                        help="figures the toll varies among (default 1: one figure, in digits or words)")
    parser.add_argument("--corpus-dir", type=Path, help="write the corpus here and keep it (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="use the corpus in --corpus-dir as it is")
    parser.add_argument("--report", type=Path, help="keep the report of the first run here")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="checker-many-"))
    corpus = args.corpus_dir or scratch / "corpus"
    try:
        if args.reuse and corpus.is_dir():
            files = list(corpus.glob("*.md"))
            size = sum(f.stat().st_size for f in files)
            count = len(files)
        else:
            if corpus.exists():
                shutil.rmtree(corpus)
            size, count = build(corpus, args.articles, args.seed, args.tolls), args.articles
        print(f"corpus: {corpus}: {count:,} articles of one story, {size / 1e6:.1f} MB "
              f"({size / max(count, 1):.0f} bytes each)")
        reports = []
        for jobs in args.jobs:
            report = scratch / f"report-{jobs}.json"
            took = run_once(corpus, jobs, report)
            reports.append(report)
            summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
            workers = f", largest worker {took['workers']:.0f} MB" if jobs > 1 else ""
            print(f"--jobs {jobs}: wall {took['wall']:.1f} s, CPU {took['cpu']:.1f} s, "
                  f"{count / took['wall']:,.0f} articles/s; peak RSS {took['peak']:.0f} MB "
                  f"(main process {took['main']:.0f} MB{workers}); "
                  f"{summary['facts']:,} facts, {summary['discrepancies']} discrepancies, "
                  f"report {report.stat().st_size / 1e6:.1f} MB")
        if len(reports) > 1:
            same = all(r.read_bytes() == reports[0].read_bytes() for r in reports[1:])
            print(f"reports byte-identical across --jobs: {same}")
        if args.report is not None and reports:
            shutil.copyfile(reports[0], args.report)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
