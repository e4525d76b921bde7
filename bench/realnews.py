"""Real local news with gold counts: how often the engine fills the casualty slots, how often it is
right, and what it flags, on the GVA development half (../shared/data/gva-dev).

    .venv/bin/python bench/realnews.py                          # fills, right share, flags, a sample
    .venv/bin/python bench/realnews.py --sample 20 --seed 2 --wrong 10 --json /tmp/run1.json
    .venv/bin/python bench/realnews.py --stories -- --stories auto   # story grouping (B-cubed)
    .venv/bin/python bench/realnews.py --checker "python -m checker" -- --jobs 1

The data (read its README.md) is US local news about Gun Violence Archive incidents: `articles.jsonl`
(incident, id, title, published, url, text) and `gold.jsonl` (the archive's killed and injured
counts per incident). Its text never enters the repository: the script writes a JSON lines file
to a temporary directory (or --work-dir) and runs the command itself on it, once:

    checker check DIR --format json -o report.json --fail-on never [ARGS after --]

Default mode: every article with `story` = its incident. For casualties.killed and
casualties.injured it prints
- filled: articles with at least one fact of the slot. Facts labelled as being about another
  incident than the story's main one (the report's `other_incident` names why) are set aside and
  counted;
- right: filled articles (with a gold count) whose every fact holds the gold count: gold lies in
  [total.low, total.high] (high null = open-ended; no total: the groups' lows and highs summed).
  A `partial` fact names a part of the toll ("including two children") and holds when low <= gold;
  a total that holds people some counts leave out (the report's `uncounted`) holds the toll without
  them too. Wrong fills are told apart: one off the gold count (most often a convention: a victim
  who died later, the shooter counted) or further off;
- the regex baseline on title + text: `\\b(N|word)\\b(\\s+\\w+){0,3}?\\s+(were|was)?\\s*(killed|dead|died)`
  (injured|wounded|hurt for injured), case-insensitive; it fills an article when it matches, and is
  right when every matched number equals gold;
then, over incidents of two or more articles, the share with a warning or error, those counted by
slot and kind, a seeded sample of flagged incidents with their evidence and gold counts (--sample,
--seed), optionally wrong fills (--wrong), and the run's wall time, CPU time, peak RSS, articles/s.

--stories: the same articles without `story`, so the engine groups them itself (pass its option
after --). Prints B-cubed precision, recall and F1 of `articles[].story` against the gold incidents,
next to three baselines (one story per article, one story for all, one story per publication date),
and the share of warnings and errors whose sides hold articles of different gold incidents.

--json FILE writes the figures as one JSON object, to compare runs. Deterministic but for times.
While the engine has no grouping of its own, a --stories run checks all 3,104 articles as one
story: minutes and gigabytes (a few seconds for the default mode).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "gva-dev"
SLOTS = {"casualties.killed": "killed", "casualties.injured": "injured"}  # slot -> gold field
FLAGS = ("error", "warning")

# ---- scoring: small pure functions (tests/test_realnews_bench.py) ----------------------------

_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty").split()
NUMBER_WORDS = {w: i for i, w in enumerate(_WORDS) if i}
_N = r"\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
BASELINE = {
    "casualties.killed": re.compile(rf"\b({_N})\b(\s+\w+){{0,3}}?\s+(were|was)?\s*(killed|dead|died)", re.I),
    "casualties.injured": re.compile(rf"\b({_N})\b(\s+\w+){{0,3}}?\s+(were|was)?\s*(injured|wounded|hurt)", re.I),
}


def baseline_numbers(slot: str, text: str) -> list[int]:
    """The numbers the regex baseline reads for ``slot`` in ``text``, in order (empty: not filled)."""
    found = []
    for match in BASELINE[slot].finditer(text):
        number = match.group(1).lower()
        found.append(int(number) if number.isdigit() else NUMBER_WORDS[number])
    return found


def count_range(value: dict) -> tuple[int | float, int | float | None]:
    """(low, high) of a headcount (or count) value; high None = open-ended. No total: the groups summed."""
    if value.get("type") == "count":
        return value["low"], value["high"]
    if value.get("total"):
        return count_range(value["total"])
    counts = [count_range(g["count"]) for g in value.get("groups") or []]
    low = sum(c[0] for c in counts)
    high = None if any(c[1] is None for c in counts) else sum(c[1] for c in counts)
    return low, high


def holds(value: dict, gold: int, partial: bool = False) -> bool:
    """Whether a value agrees with the gold count: gold in [low, high]; a part of the toll only needs low <= gold."""
    low, high = count_range(value)
    if partial:
        return low <= gold
    if low <= gold and (high is None or gold <= high):
        return True
    # a total that holds people some counts leave out ("five adults and an unborn child") also
    # stands for the toll without them, as the engine compares it
    left_out = value.get("uncounted")
    return bool(left_out) and holds({"type": "count", "low": max(0, low - left_out["high"]),
                                     "high": None if high is None else max(0, high - left_out["high"])}, gold)


def is_main(fact: dict) -> bool:
    """Whether a fact is about the story's main incident (what the engine compares): the report's
    ``other_incident`` is null (it names the reason otherwise)."""
    return fact.get("other_incident") is None


def bcubed(predicted: dict, gold: dict) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster) against the gold one (same items)."""
    clusters, classes, both = Counter(predicted.values()), Counter(gold.values()), Counter()
    for item, cluster in predicted.items():
        both[cluster, gold[item]] += 1
    n = len(predicted)
    if not n:
        return 0.0, 0.0, 0.0
    precision = sum(both[predicted[i], gold[i]] / clusters[predicted[i]] for i in predicted) / n
    recall = sum(both[predicted[i], gold[i]] / classes[gold[i]] for i in predicted) / n
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def shorten(sentence: str, around: str = "", width: int = 150) -> str:
    """One line of at most ``width`` characters of ``sentence``, centred on ``around`` when it is in it."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= width:
        return sentence
    at = sentence.find(" ".join(around.split())) if around else -1
    start = 0 if at < 0 else max(0, min(at + len(around) // 2 - width // 2, len(sentence) - width))
    cut = sentence[start:start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(sentence) else "")


# ---- data and the run ------------------------------------------------------------------------

def load_data(data: Path) -> tuple[list[dict], dict[str, dict]]:
    """The articles, each given a positional id (``a0000``…) that says nothing of its incident, and gold by incident."""
    articles = []
    with (data / "articles.jsonl").open(encoding="utf-8") as file:
        for index, line in enumerate(file):
            article = json.loads(line)
            article["key"] = f"a{index:04d}"  # ids repeat in the data (one article filed under two incidents)
            articles.append(article)
    with (data / "gold.jsonl").open(encoding="utf-8") as file:
        gold = {g["incident"]: g for g in map(json.loads, file)}
    return articles, gold


def write_inputs(articles: list[dict], path: Path, with_story: bool) -> None:
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            record = {"id": a["key"], "text": a["text"], "title": a["title"], "published": a["published"],
                      "url": a["url"]}
            if with_story:
                record["story"] = a["incident"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


# Reports the command's own resource use. A child forked from this process would report this
# process's peak RSS as its own (Linux keeps the high-water mark across exec), so the command is
# started from a small process instead (as in bench/throughput.py).
_TRAMPOLINE = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:]); _, s, u = os.wait4(p.pid, 0); "
               "print(os.waitstatus_to_exitcode(s), u.ru_utime + u.ru_stime, u.ru_maxrss, file=sys.stderr)")


def run_checker(command: list[str], inputs: Path, report: Path, extra: list[str]) -> dict:
    """Run `checker check INPUTS --format json -o REPORT --fail-on never EXTRA`: wall and CPU seconds, peak RSS (MB)."""
    argv = [*command, "check", str(inputs), "--format", "json", "-o", str(report), "--fail-on", "never", *extra]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _TRAMPOLINE, *argv], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - start
    *said, last = done.stderr.strip().splitlines()
    status, cpu, rss = last.split()
    if int(status) not in (0, 1):  # 1: findings
        raise SystemExit(f"{shlex.join(argv)} exited with {status}:\n" + "\n".join(said))
    return {"command": shlex.join(argv), "seconds": wall, "cpu_seconds": float(cpu), "peak_rss_mb": int(rss) / 1024}


# ---- default mode ----------------------------------------------------------------------------

def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else f"{part}/0"


def score_fills(report: dict, articles: list[dict], gold: dict) -> dict:
    """Filled and right, per slot, for the engine and the regex baseline."""
    by_key = {a["key"]: a for a in articles}
    metrics = {}
    for slot, field in SLOTS.items():
        engine = {"filled": 0, "right": 0, "filled_with_gold": 0, "set_aside": 0, "partial": 0, "one_off": 0,
                  "wrong": []}
        for record in report["articles"]:
            facts = [f for f in record["facts"] if f["rule"] == slot]
            main = [f for f in facts if is_main(f)]
            engine["set_aside"] += len(facts) - len(main)
            engine["partial"] += sum(1 for f in main if f.get("partial"))
            if not main:
                continue
            engine["filled"] += 1
            truth = gold.get(by_key[record["id"]]["incident"])
            if truth is None:
                continue
            engine["filled_with_gold"] += 1
            if all(holds(f["value"], truth[field], bool(f.get("partial"))) for f in main):
                engine["right"] += 1
            else:
                engine["wrong"].append((record["id"], main))
                engine["one_off"] += one_off(main, truth[field])
        regex = {"filled": 0, "right": 0, "filled_with_gold": 0}
        for a in articles:
            numbers = baseline_numbers(slot, f"{a['title'] or ''}\n{a['text']}")
            if not numbers:
                continue
            regex["filled"] += 1
            truth = gold.get(a["incident"])
            if truth is not None:
                regex["filled_with_gold"] += 1
                regex["right"] += all(n == truth[field] for n in numbers)
        metrics[slot] = {"engine": engine, "regex": regex}
    return metrics


def one_off(facts: list[dict], gold: int) -> bool:
    """Whether every fact of a wrong fill holds a count one away from the gold one: most often a
    convention, not a misreading (a victim who died later, a shooter counted, a graze counted or not)."""
    return all(any(holds(f["value"], g, bool(f.get("partial"))) for g in (gold - 1, gold, gold + 1) if g >= 0)
               for f in facts)


def print_fills(metrics: dict, total: int, no_gold: int) -> None:
    print(f"\nslot fills over {total} articles ({no_gold} of them have no gold count: "
          f"filled but not scored); right = every value holds the gold count")
    for slot, m in metrics.items():
        e, r = m["engine"], m["regex"]
        print(f"  {slot}")
        print(f"    engine  filled {_share(e['filled'], total)}   right {_share(e['right'], e['filled_with_gold'])}"
              f"   (facts set aside as another incident: {e['set_aside']}; partial facts: {e['partial']})")
        wrong = e["filled_with_gold"] - e["right"]
        print(f"            wrong {wrong}: {e['one_off']} one off the gold count, {wrong - e['one_off']} further off")
        print(f"    regex   filled {_share(r['filled'], total)}   right {_share(r['right'], r['filled_with_gold'])}")


def flagged_by_story(report: dict) -> dict[str, list[dict]]:
    flagged = defaultdict(list)
    for d in report["discrepancies"]:
        if d["severity"] in FLAGS and not d.get("suppressed"):
            flagged[d["story"]].append(d)
    return flagged


def print_flags(report: dict, articles: list[dict]) -> dict:
    sizes = Counter(a["incident"] for a in articles)
    multi = {i for i, n in sizes.items() if n >= 2}
    flagged = flagged_by_story(report)
    hit = sum(1 for i in multi if i in flagged)
    kinds = Counter((d["rule"], d["kind"]) for ds in flagged.values() for d in ds)
    print(f"\nincidents with 2+ articles: {len(multi)} ({sum(sizes[i] for i in multi)} articles); "
          f"with a warning or error: {_share(hit, len(multi))}")
    print(f"warnings + errors: {sum(kinds.values())}, by slot and kind:")
    for rule in sorted({r for r, _ in kinds}):
        mine = {k: n for (r, k), n in sorted(kinds.items()) if r == rule}
        print(f"  {rule:24} {sum(mine.values()):4}   ({', '.join(f'{k} {n}' for k, n in mine.items())})")
    return {"multi_article_incidents": len(multi), "flagged_multi_article": hit,
            "flags": {f"{r} {k}": n for (r, k), n in sorted(kinds.items())}}


def _gold_line(truth: dict | None) -> str:
    if truth is None:
        return "gold: none"
    return (f"gold: killed {truth['killed']}, injured {truth['injured']} "
            f"({truth['date']}, {truth['city_or_county']}, {truth['state']})")


def print_sample(report: dict, gold: dict, n: int, seed: int) -> None:
    flagged = flagged_by_story(report)
    chosen = random.Random(seed).sample(sorted(flagged), min(n, len(flagged)))
    print(f"\nsample of {len(chosen)} of {len(flagged)} flagged incidents (--seed {seed})")
    for incident in chosen:
        print(f"\n  incident {incident}  {_gold_line(gold.get(incident))}")
        for d in flagged[incident]:
            print(f"    {d['severity']} {d['rule']} {d['kind']}: {d['message']}")
            for side in d["sides"]:
                print(f"      {side['display']}")
                claims = Counter((c["article"], shorten(c["sentence"], c["text"])) for c in side["claims"])
                for (article, sentence), times in claims.items():  # a page may repeat a sentence (captions)
                    print(f"        {article}: {sentence}" + (f"  (×{times})" if times > 1 else ""))


def print_wrong(metrics: dict, gold: dict, articles: list[dict], n: int, seed: int) -> None:
    by_key = {a["key"]: a for a in articles}
    for slot, m in metrics.items():
        wrong = m["engine"]["wrong"]
        chosen = random.Random(seed).sample(wrong, min(n, len(wrong)))
        print(f"\nsample of {len(chosen)} of {len(wrong)} wrong {slot} fills (--seed {seed})")
        for key, facts in chosen:
            truth = gold[by_key[key]["incident"]]
            print(f"  {key} (incident {by_key[key]['incident']}, gold {SLOTS[slot]} {truth[SLOTS[slot]]})")
            for f in facts:
                mark = "  " if holds(f["value"], truth[SLOTS[slot]], bool(f.get("partial"))) else "✗ "
                print(f"    {mark}{f['display']}{' (partial)' if f.get('partial') else ''}: "
                      f"{shorten(f['sentence'], f['text'])}")


# ---- --stories mode --------------------------------------------------------------------------

def score_stories(report: dict, articles: list[dict]) -> dict:
    by_key = {a["key"]: a for a in articles}
    truth = {a["key"]: a["incident"] for a in articles}
    baselines = {
        "engine": {r["id"]: r["story"] for r in report["articles"]},
        "singletons": {k: k for k in truth},
        "one story": {k: "all" for k in truth},
        "by date": {k: by_key[k]["published"] or k for k in truth},  # an undated article stands alone
    }
    scores = {name: bcubed(grouping, truth) for name, grouping in baselines.items()}
    flags = [d for d in report["discrepancies"] if d["severity"] in FLAGS and not d.get("suppressed")]
    mixed = sum(1 for d in flags
                if len({truth[c["article"]] for s in d["sides"] for c in s["claims"]}) > 1)
    return {"bcubed": scores, "stories": len(set(baselines["engine"].values())),
            "gold_incidents": len(set(truth.values())), "flags": len(flags), "flags_across_incidents": mixed}


def print_stories(m: dict) -> None:
    print(f"\nstory grouping: {m['stories']} stories found, {m['gold_incidents']} gold incidents")
    print(f"  {'B-cubed':12} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (p, r, f) in m["bcubed"].items():
        print(f"  {name:12} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"warnings + errors whose sides hold articles of different gold incidents: "
          f"{_share(m['flags_across_incidents'], m['flags'])}")


# ---- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Arguments after -- are passed to `checker check`.")
    parser.add_argument("--data", type=Path, default=DATA, help=f"the data directory (default {DATA})")
    parser.add_argument("--work-dir", type=Path, help="write the articles and the report here and keep them "
                        "(default: a temporary directory, removed)")
    parser.add_argument("--stories", action="store_true", help="story grouping mode: articles without story")
    parser.add_argument("--sample", type=int, default=10, help="flagged incidents to print (default 10)")
    parser.add_argument("--wrong", type=int, default=0, help="wrong fills to print per slot (default 0)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the samples (default 1)")
    parser.add_argument("--json", type=Path, help="write the figures to this file as one JSON object")
    parser.add_argument("--checker", help="command that runs checker (default: the checker next to this Python)")
    args = parser.parse_args(argv)

    script = Path(sys.executable).parent / "checker"
    command = shlex.split(args.checker) if args.checker else (
        [str(script)] if script.exists() else [sys.executable, "-m", "checker"])
    articles, gold = load_data(args.data)
    with tempfile.TemporaryDirectory(prefix="checker-realnews-") as temporary:
        work = args.work_dir or Path(temporary)
        (work / "articles").mkdir(parents=True, exist_ok=True)
        inputs, report_path = work / "articles", work / "report.json"
        write_inputs(articles, inputs / "gva-dev.jsonl", with_story=not args.stories)
        run = run_checker(command, inputs, report_path, extra)
        report = json.loads(report_path.read_text(encoding="utf-8"))

    n = len(articles)
    print(f"{n} articles, {len({a['incident'] for a in articles})} incidents, from {args.data}")
    print(f"run: {run['command']}")
    print(f"  {run['seconds']:.1f}s = {n / run['seconds']:,.0f} articles/s; cpu {run['cpu_seconds']:.1f}s; "
          f"peak RSS {run['peak_rss_mb']:.0f} MB; {report['summary']['facts']} facts, "
          f"discrepancies {report['summary']['discrepancies']}, input errors {report['summary']['errors']}")
    figures = {"mode": "stories" if args.stories else "facts", "articles": n, "run": run, "summary": report["summary"]}
    if args.stories:
        figures["stories"] = score_stories(report, articles)
        print_stories(figures["stories"])
    else:
        metrics = score_fills(report, articles, gold)
        print_fills(metrics, n, sum(1 for a in articles if a["incident"] not in gold))
        figures["flags"] = print_flags(report, articles)
        print_sample(report, gold, args.sample, args.seed)
        if args.wrong:
            print_wrong(metrics, gold, articles, args.wrong, args.seed)
        for m in metrics.values():
            del m["engine"]["wrong"]
        figures["fills"] = metrics
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
