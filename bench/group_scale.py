"""How the story grouping (``--stories auto``) scales: time and memory of grouping N articles' cues.

    .venv/bin/python bench/group_scale.py                    # 10,000 and 100,000 articles
    .venv/bin/python bench/group_scale.py --sizes 1000 10000 100000 300000
    .venv/bin/python bench/group_scale.py --per-year 2000        # an archive that grows over the years

Each size runs in a process of its own. The cues are synthetic, shaped like those of local news:
incidents spread over five years (``--per-year N``: over as many years as N articles a year
fill, so that a larger archive is a longer one, not a denser one), one to four articles each, a town from a few thousand (many
incidents per town), a victim's name and a few other names, headline words and body proper names
drawn from a skewed vocabulary, clock times and tolls. Printed per size: the seconds (wall, CPU)
of ``group_stories`` alone, the peak RSS of the process, the RSS once the cues are built and kept
packed as a run keeps them (:class:`checker.stories.cues.PackedCues`), what the grouping adds
above it, and how many stories it found against the incidents (B-cubed F1). Nothing here
asserts; it only prints.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic(n: int, seed: int = 1, cues: list | None = None, days: int = 5 * 365):
    from checker.stories.cues import StoryCues

    rng = random.Random(seed)
    towns = [f"town{t}" for t in range(3000)]
    vocabulary = [f"word{w}" for w in range(20000)]
    given = [f"given{g}" for g in range(800)]
    family = [f"family{f}" for f in range(4000)]
    ids, truth = [], []
    cues = [] if cues is None else cues
    incident = 0
    while len(ids) < n:
        day = 737000 + rng.randrange(days)
        town = towns[min(int(rng.paretovariate(0.9)) - 1, len(towns) - 1) if rng.random() < 0.5
                     else rng.randrange(len(towns))]
        victim = f"{rng.choice(given)} {rng.choice(family)}"
        others = [f"{rng.choice(given)} {rng.choice(family)}" for _ in range(3)]
        words = [vocabulary[min(int(rng.paretovariate(0.7)), len(vocabulary) - 1) if rng.random() < 0.5
                            else rng.randrange(len(vocabulary))] for _ in range(14)]
        minutes, killed = rng.randrange(1440), rng.randrange(4)
        for copy in range(min(int(rng.paretovariate(1.6)), 6)):
            if len(ids) >= n:
                break
            ids.append(f"{incident:07d}-{copy}")
            picked = sorted(set(rng.sample(words, 8)))
            dated = rng.random() < 0.7
            cues.append(StoryCues(
                published=day + rng.choice((0, 0, 1, 2)), date=day if dated else None, days=(day,) if dated else (),
                kinds=("shooting",), places=(town,), names=(victim,) if rng.random() < 0.6 else (),
                mentions=tuple(rng.sample(others, 2)), words=tuple(picked[:5]), topics=tuple(picked[3:]),
                times=(minutes,) if rng.random() < 0.4 else (), killed=((killed, killed),),
                labels=tuple(sorted({town: town.title(), victim: victim.title()}.items()))))
            truth.append(incident)
        incident += 1
    return ids, cues, truth


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def one(n: int, per_year: int | None = None) -> dict:
    import gc

    from checker.stories.cues import PackedCues
    from checker.stories.group import group_stories

    days = 5 * 365 if per_year is None else max(1, round(365 * n / per_year))
    ids, cues, truth = synthetic(n, cues=PackedCues(), days=days)  # kept as a run keeps them
    gc.collect()
    before = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    grouping = group_stories(ids, cues)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stories: dict[str, set[int]] = defaultdict(set)
    incidents: dict[int, set[int]] = defaultdict(set)
    for i, story in enumerate(grouping.stories):
        stories[story].add(i)
        incidents[truth[i]].add(i)
    p = sum(len(stories[grouping.stories[i]] & incidents[truth[i]]) / len(stories[grouping.stories[i]])
            for i in range(n)) / n
    r = sum(len(stories[grouping.stories[i]] & incidents[truth[i]]) / len(incidents[truth[i]]) for i in range(n)) / n
    return {"articles": n, "seconds": round(seconds, 2), "cpu": round(cpu, 2), "peak_mb": round(peak), "cues_mb": round(before),
            "grouping_mb": round(peak - before), "stories": len(stories), "incidents": len(incidents),
            "f1": round(2 * p * r / (p + r), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--per-year", type=int, help="articles a year: the archive's years grow with its size "
                        "(default: every size spread over five years)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    per_year = [] if args.per_year is None else ["--per-year", str(args.per_year)]
    if args.one:
        print(json.dumps(one(args.one, args.per_year)))
        return
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n), *per_year], capture_output=True, text=True,
                              check=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{r['articles']:>8,} articles: grouped in {r['seconds']:6.2f}s (cpu {r['cpu']:.2f}s); peak RSS {r['peak_mb']} MB "
              f"(cues built {r['cues_mb']} MB, grouping adds {r['grouping_mb']} MB); "
              f"{r['stories']:,} stories for {r['incidents']:,} incidents, B-cubed F1 {r['f1']}")


if __name__ == "__main__":
    main()
