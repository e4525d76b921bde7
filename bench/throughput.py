"""Throughput benchmark: run the full `checker check` pipeline over a generated corpus.

    python bench/throughput.py                      # 10,000 articles, temporary corpus, --jobs 1 and 2
    python bench/throughput.py --articles 100000 --jobs 1 2 --corpus-dir /tmp/c100k
    python bench/throughput.py --articles 2000 --stages --profile
    python bench/throughput.py --corpus-dir /tmp/corpus --report /tmp/report.json
    python bench/throughput.py --pattern-times      # time every rule pattern on a sample
    python bench/throughput.py --no-stories --jobs 2  # the same articles without story metadata (stories found)

The corpus cycles the seed articles and varies their wording so that caches
and prefilters are not flattered: paragraphs are shuffled, numbers are changed
and swapped between digits and words, places and weekdays are renamed per
story (with occasional spelling variants), a few sentences are added, and
articles are written as Markdown with front matter or as plain text described
by a metadata.yaml, spread over many stories. Generation is deterministic
(--seed).

Each run is the command itself, `checker check DIR --format json --jobs N > FILE`,
in a process of its own (a fresh interpreter; the compiled rule book comes from
its cache, as on a user's machine): wall and CPU time, articles/s, MB/s, the
ratio to the read floor, and the peak RSS of the largest process (with --jobs
2, the parent or a worker). The reports of the runs are compared byte for byte.
Before them, the pipeline floor: the same command on one core with a pack that
fills no slot, i.e. what the engine costs before any rule pattern runs.
`--stages` also runs the pipeline in this process, timed by stage (rules,
articles, extract, compare, records + JSON), where --profile can see it.
Nothing here asserts on time; it only prints.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARD = 500  # articles per directory (each directory has its own metadata.yaml)

# ---- corpus generation ----------------------------------------------------------------

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen twenty").split()
_WORD = {w: i for i, w in enumerate(_SMALL)}
_NUMBER = re.compile(r"(?<![\w.,-])(\d{1,2}|" + "|".join(sorted(_SMALL[1:], key=len, reverse=True))
                     + r")(?![\w-])", re.IGNORECASE)
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
# proper names in the seeds that the generator renames per story (longest first)
_PLACES = ["Nagorno-Karabakh", "Khodzhavenskiy", "Stepanakert", "Azerbaijani", "Azerbaijan", "Khankendi",
           "Khojavend", "Karabakh", "Armenian", "Armenia", "Yerevan", "Baku", "Artsakh", "Lachin", "Shusha"]
_PLACE = re.compile(r"\b(" + "|".join(_PLACES) + r")\b")
_SYLLABLES = ("ka ri mo ta len vor sa bel nu dar ost pol ve min gra zu hel tor an bri cas del fen "
              "gor ish jal kem lor mar nes oth pra qua rus sel tam ul vin wes yar zor").split()
_OUTLETS = ["Daily Ledger", "Evening Courier", "Northern Wire", "Coastal Times", "Global Dispatch",
            "The Observer Desk", "Metro Herald", "Valley Post"]
_FILLERS = [
    "Officials in {place} said {n} people were injured in a separate crash on {weekday}.",
    "Local media reported that {n} {people} were wounded when a blast hit a checkpoint near {place}.",
    "The ministry said the death toll from the earthquake near {place} rose to {big}.",
    "At least {n} {people} died in the fire at a warehouse in {place}, a spokesman told reporters.",
    "“We heard {n} explosions and then silence,” said a resident of {place}.",
    "Residents of {place} said {word} shops were damaged in the shelling.",
    "Police said {n} suspects were detained in {place} on {weekday}.",
    "The convoy left {place} at dawn carrying food, medicine and fuel for {big} families.",
]
_PEOPLE = ["civilians", "soldiers", "police officers", "workers", "passengers", "children", "people"]


def _invent(rng: random.Random, capital: bool = True) -> str:
    name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    return name.capitalize() if capital else name


def _misspell(rng: random.Random, name: str) -> str:
    """A plausible transliteration variant of ``name``."""
    choice = rng.randrange(3)
    if choice == 0 and len(name) > 4:
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i] + name[i:]  # doubled letter
    if choice == 1:
        return name[0] + name[1:].replace("k", "kh", 1) if "k" in name[1:] else name + "sk"
    return name + "iy" if not name.endswith("i") else name + "y"


def _number_word(n: int) -> str:
    return _SMALL[n] if 0 <= n < len(_SMALL) else str(n)


def _vary_numbers(rng: random.Random, text: str, mode: str) -> str:
    def repl(m: re.Match[str]) -> str:
        token = m.group(1)
        is_word = not token.isdigit()
        n = _WORD.get(token.lower(), 0) if is_word else int(token)
        if mode == "shift" and rng.random() < 0.5:
            n = max(1, n + rng.choice((-2, -1, 1, 2, 3)))
        to_word = (mode == "words") or (mode == "keep" and is_word) or (mode == "shift" and rng.random() < 0.5)
        out = _number_word(n) if to_word else str(n)
        if is_word and token[0].isupper() and not out[0].isdigit():
            out = out.capitalize()
        return out
    return _NUMBER.sub(repl, text)


def _story_names(rng: random.Random) -> dict[str, str]:
    names = {p: _invent(rng) for p in _PLACES}
    names["Nagorno-Karabakh"] = f"{_invent(rng)}-{_invent(rng)}"
    names["Azerbaijani"] = names["Azerbaijan"] + "i"
    names["Armenian"] = names["Armenia"] + "n"
    return names


def _article_text(rng: random.Random, seed_text: str, names: dict[str, str], weekday_shift: int) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", seed_text.strip()) if p.strip()]
    head, body = paragraphs[0], paragraphs[1:]
    if rng.random() < 0.7:
        rng.shuffle(body)
    elif rng.random() < 0.5:
        body = body[: max(3, int(len(body) * rng.uniform(0.5, 1.0)))]  # a shorter cut of the story
    for _ in range(rng.randint(0, 3)):
        filler = rng.choice(_FILLERS).format(
            place=rng.choice(list(names.values())) if rng.random() < 0.7 else _invent(rng),
            n=rng.randint(2, 60), big=rng.randint(100, 5000), word=rng.choice(_SMALL[2:]),
            people=rng.choice(_PEOPLE), weekday=rng.choice(_WEEKDAYS))
        body.insert(rng.randint(0, len(body)), filler)
    text = "\n\n".join([head, *body]) + "\n"
    text = _vary_numbers(rng, text, rng.choice(("keep", "digits", "words", "shift")))
    spelled = {k: (_misspell(rng, v) if rng.random() < 0.15 else v) for k, v in names.items()}
    text = _PLACE.sub(lambda m: spelled[m.group(1)], text)
    if weekday_shift:
        text = _WEEKDAY.sub(lambda m: _WEEKDAYS[(_WEEKDAYS.index(m.group(1)) + weekday_shift) % 7], text)
    return text


def build_corpus(directory: Path, count: int, story_size: int, seed: int, stories: bool = True) -> int:
    """Write ``count`` articles under ``directory``; return the number of bytes written. Without
    ``stories``, the same articles name no story (``--stories auto`` finds them)."""
    rng = random.Random(seed)
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seed articles in {SEEDS}")
    seed_texts = [p.read_text(encoding="utf-8") for p in seeds]
    total = 0
    names: dict[str, str] = {}
    metadata: dict[Path, dict[str, dict]] = {}
    story, base_day, weekday_shift = "", dt.date(2023, 9, 19), 0
    for i in range(count):
        if i % story_size == 0:
            story = f"story-{i // story_size:05d}-{_invent(rng, capital=False)}"
            names = _story_names(rng)
            base_day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000))
            weekday_shift = rng.randrange(7)
        text = _article_text(rng, seed_texts[i % len(seed_texts)], names, weekday_shift)
        published = base_day + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        stamp = f"{published.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z" \
            if rng.random() < 0.3 else published.isoformat()
        shard = directory / f"shard-{i // SHARD:04d}"
        shard.mkdir(parents=True, exist_ok=True)
        stem = f"{i:06d}_{rng.getrandbits(48):012x}"
        outlet = rng.choice(_OUTLETS)
        if rng.random() < 0.5:
            named = f"story: {story}\n" if stories else ""
            front = f"---\n{named}published: {stamp}\noutlet: {outlet}\n---\n"
            path, data = shard / f"{stem}.md", front + text
        else:
            path, data = shard / f"{stem}.txt", text
            entry = {"story": story, "outlet": outlet} if stories else {"outlet": outlet}
            if rng.random() < 0.8:  # some plain texts carry no date at all
                entry["published"] = stamp
            metadata.setdefault(shard, {})[path.name] = entry
        raw = data.encode("utf-8")
        if rng.random() < 0.05:
            raw = raw.replace(b"\n", b"\r\n")
        if rng.random() < 0.02:
            raw = b"\xef\xbb\xbf" + raw
        path.write_bytes(raw)
        total += len(raw)
    import yaml

    for shard, table in metadata.items():
        (shard / "metadata.yaml").write_text(yaml.safe_dump({"articles": table}, sort_keys=True), encoding="utf-8")
    return total


# ---- measuring ----------------------------------------------------------------------------

def read_floor(inputs: list[str]) -> tuple[int, int, float]:
    """Walk, read and decode every article the way the loader does; (articles, bytes, seconds)."""
    from checker.articles.parse import iter_article_paths

    start = time.perf_counter()
    n = size = 0
    for _, path, _ in iter_article_paths(inputs):
        if path is None:
            continue
        raw = path.read_bytes()
        raw.decode("utf-8-sig").replace("\r\n", "\n")
        n += 1
        size += len(raw)
    return n, size, time.perf_counter() - start


class _Timer:
    """Wraps the pipeline's stage functions to split the run's time by stage."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, module, name: str, label: str) -> None:
        inner = getattr(module, name)
        spent = self.spent
        spent.setdefault(label, 0.0)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - start

        setattr(module, name, timed)


def check_once(inputs: list[str], report: Path | None) -> tuple[dict, dict[str, float]]:
    """What `checker check INPUTS --format json` does, timed by stage."""
    from checker.run import pipeline
    from checker.report import as_records
    from checker.rules.load import load_rulebook

    timer = _Timer()
    timer.wrap(pipeline, "load_articles", "load articles")
    timer.wrap(pipeline, "extract", "extract")
    timer.wrap(pipeline, "compare", "compare")
    start = time.perf_counter()
    book = load_rulebook([])
    timer.spent["load rules"] = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    result = pipeline.run(inputs, book)
    timer.spent["run (total)"] = time.perf_counter() - start
    middle = time.perf_counter()
    records = as_records(result, book)
    text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    timer.spent["records + json"] = time.perf_counter() - middle
    timer.spent["cpu"] = time.process_time() - cpu  # run + records + json, CPU time of this process
    if report is not None:
        report.write_text(text, encoding="utf-8")
    return records, timer.spent


def pattern_times(inputs: list[str], sample: int, top: int) -> None:
    """Time every pattern on the sentences the prefilter gives it, over the first ``sample`` articles."""
    from checker.articles.parse import load_articles
    from checker.engine.prefilter import candidate_patterns

    from checker.engine.extract import _find, _runner, _search, _twins

    def matches(compiled, text):  # the way extract runs it: on PCRE2 when approved, else regex
        return _find(compiled, twins.get(compiled), text, 2.0)

    def engine(compiled):
        if twins.get(compiled) is not None:
            return " [pcre2]"
        return " [regex, pre]" if _runner(compiled).chosen is not None else " [regex]"

    from checker.rules.load import load_rulebook

    book = load_rulebook([])
    twins = _twins(book)
    articles, _ = load_articles(inputs)
    articles = articles[:sample]
    spent: dict[tuple[str, int], list] = {}
    for article in articles:
        lowered = article.text.lower()
        for index, slots in candidate_patterns(article, book, lowered).items():
            sentence = article.sentences[index]
            text = article.text[sentence.start:sentence.end]
            for slot_index, pattern_indexes in slots.items():
                slot = book.slots[slot_index]
                for p in pattern_indexes:
                    pattern = slot.patterns[p]
                    start = time.perf_counter()
                    hits = sum(1 for _ in matches(pattern.regex, text))
                    entry = spent.setdefault((slot.id, p), [0.0, 0, 0, 0, pattern])
                    entry[0] += time.perf_counter() - start
                    entry[1] += 1
                    entry[2] += len(text)
                    entry[3] += hits
                for u_index, unless in enumerate(slot.unless):
                    start = time.perf_counter()
                    _search(unless, twins.get(unless), text)
                    entry = spent.setdefault((slot.id, -1 - u_index), [0.0, 0, 0, 0, None])
                    entry[0] += time.perf_counter() - start
                    entry[1] += 1
                    entry[2] += len(text)
    total = sum(e[0] for e in spent.values())
    print(f"\npattern times over {len(articles)} articles (finditer on the sentences the trigger words pick, "
          f"on the engine extract runs it on, [pcre2] or [regex] (behind the pre-check it chose, pre); unless = one search per candidate slot and "
          f"sentence, an upper bound): {total:.2f}s")
    print(f"{'seconds':>8} {'share':>6} {'runs':>7} {'µs/run':>8} {'µs/kchar':>8} {'hits':>6}  pattern")
    for (slot_id, p), (secs, runs, chars, hits, pattern) in sorted(spent.items(), key=lambda kv: -kv[1][0])[:top]:
        where = f"{slot_id}#{p}" if p >= 0 else f"{slot_id} unless#{-1 - p}"
        where += engine(pattern.regex if pattern is not None else book.slot(slot_id).unless[-1 - p])
        shown = pattern.source if pattern is not None else book.slot(slot_id).unless[-1 - p].pattern
        shown = shown if len(shown) <= 90 else shown[:89] + "…"
        print(f"{secs:8.3f} {secs / total:6.1%} {runs:7d} {secs / runs * 1e6:8.1f} "
              f"{secs / max(chars, 1) * 1e9:8.1f} {hits:6d}  {where}  {shown}")


# Runs the command and reports its own resource use. The benchmark process grows (it builds the
# corpus); a child forked from it would report the benchmark's peak RSS as its own (Linux keeps the
# high-water mark across exec), so the command is started from this small process instead.
_TRAMPOLINE = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:]); _, s, u = os.wait4(p.pid, 0); "
               "print(os.waitstatus_to_exitcode(s), u.ru_utime + u.ru_stime, u.ru_maxrss, file=sys.stderr)")


def cli_once(corpus: Path, jobs: int, report: Path, *extra: str) -> tuple[float, float, float]:
    """Run `checker check CORPUS --format json --jobs N > REPORT` in its own process: (wall seconds,
    CPU seconds of it and its workers, peak RSS in MB of the largest of them)."""
    command = [sys.executable, "-m", "checker.cli.app", "check", str(corpus), "--format", "json", "--jobs", str(jobs),
               "--fail-on", "never", "--no-progress", *extra]
    start = time.perf_counter()
    with report.open("wb") as out:
        done = subprocess.run([sys.executable, "-c", _TRAMPOLINE, *command], stdout=out, stderr=subprocess.PIPE,
                              text=True, check=False)
    wall = time.perf_counter() - start
    status, cpu, rss = done.stderr.strip().splitlines()[-1].split()
    if int(status) != 0:
        raise SystemExit(f"{' '.join(command)} exited with {status}:\n{done.stderr}")
    return wall, float(cpu), int(rss) / 1024


# a pack with one slot that no article fills: a run with it times everything but the rules' work
# (reading, metadata, sentences, the prefilter pass, per-article records, the report)
NOTHING_PACK = """pack: nothing
description: One slot that no article fills, for the benchmark's pipeline floor.

slots:
  never:
    type: count
    severity: info
    description: A count after a made-up word.
    triggers: [qqzxv]
    patterns:
      - '\\bqqzxv (?P<count>\\d+)\\b'
    examples:
      - text: "qqzxv 4 here."
        expect: "4"
"""


def pipeline_floor(corpus: Path, report: Path) -> tuple[float, float]:
    """(wall, CPU seconds) of `checker check CORPUS --jobs 1` with only :data:`NOTHING_PACK`."""
    with tempfile.TemporaryDirectory(prefix="checker-bench-pack-") as directory:
        pack = Path(directory) / "nothing.yaml"
        pack.write_text(NOTHING_PACK, encoding="utf-8")
        wall, cpu, _ = cli_once(corpus, 1, report, "--no-default-rules", "--rules", str(pack))
    report.unlink(missing_ok=True)
    return wall, cpu


def startup(runs: int = 5) -> float:
    """Best wall time of `checker check ONE-SEED-ARTICLE` (the rule book from its cache)."""
    article = sorted(SEEDS.glob("*.txt"))[0]
    script = Path(sys.executable).parent / "checker"  # as a user runs it: the installed command
    command = [str(script)] if script.exists() else [sys.executable, "-m", "checker.cli.app"]
    command += ["check", str(article), "--fail-on", "never"]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # fills the cache
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:  # a command that fails at once is not a fast start
            raise SystemExit(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr}")
    return best


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as left, b.open("rb") as right:
        while True:
            block = left.read(1 << 20)
            if block != right.read(1 << 20):
                return False
            if not block:
                return True


def report_summary(report: Path) -> dict:
    """The report's summary, its last member, read from the end of the file (a report of 100,000
    articles takes gigabytes as Python objects)."""
    with report.open("rb") as file:
        file.seek(max(0, report.stat().st_size - 8192))
        tail = file.read().decode("utf-8", errors="replace")
    at = tail.rindex('\n  "summary": ')
    return json.loads(tail[at + len('\n  "summary": '):].rstrip().removesuffix("}"))


def stages(inputs: list[str], n: int, mb: float, floor_secs: float, profile: bool, top: int) -> None:
    """The pipeline in this process, timed by stage (and profiled)."""
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    records, spent = check_once(inputs, None)
    if profiler:
        profiler.disable()
    secs = spent["run (total)"] + spent["records + json"]
    print(f"in-process: {records['summary']['articles']} articles in {secs:.2f}s = {n / secs:,.0f} articles/s, "
          f"{mb / secs:.2f} MB/s" + ("  (under cProfile: slower than real)" if profiler else ""))
    print(f"  cpu:      {spent.pop('cpu'):.2f}s")
    print("  stages:   " + ", ".join(f"{k} {v:.2f}s" for k, v in spent.items()))
    print(f"  peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (everything in memory)")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="corpus size (default 10,000)")
    parser.add_argument("--corpus-dir", type=Path, help="build the corpus here and keep it (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="use the corpus already in --corpus-dir as it is")
    parser.add_argument("--story-size", type=int, default=8, help="articles per story (default 8)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    parser.add_argument("--no-stories", action="store_true",
                        help="the same articles without story metadata (their stories are found: --stories auto)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs of each run (default: 1 2)")
    parser.add_argument("--report", type=Path, help="keep the JSON report of the first run here (to diff runs)")
    parser.add_argument("--stages", action="store_true", help="also run in this process, timed by stage")
    parser.add_argument("--cpu", type=int, help="pin the process to this CPU")
    parser.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    parser.add_argument("--top", type=int, default=35, help="rows of --profile / --pattern-times (default 35)")
    parser.add_argument("--pattern-times", action="store_true",
                        help="time every rule pattern on a sample of the corpus (after the run)")
    parser.add_argument("--sample", type=int, default=1000, help="articles sampled by --pattern-times")
    args = parser.parse_args()

    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    temporary = None
    if args.corpus_dir is None:
        temporary = tempfile.mkdtemp(prefix="checker-bench-")
        corpus = Path(temporary)
    else:
        corpus = args.corpus_dir
    try:
        if not args.reuse:
            if corpus.exists() and args.corpus_dir is not None:
                shutil.rmtree(corpus)
            corpus.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            build_corpus(corpus, args.articles, args.story_size, args.seed, stories=not args.no_stories)
            print(f"corpus: {args.articles} articles in {corpus} ({time.perf_counter() - start:.1f}s to build)")
        inputs = [str(corpus)]

        print(f"start-up:   checker check one-article.txt in {startup():.2f}s (best of 5)")
        n, size, floor_secs = read_floor(inputs)
        mb = size / 1e6
        print(f"read floor: {n} articles, {mb:.1f} MB in {floor_secs:.2f}s = {n / floor_secs:,.0f} articles/s, "
              f"{mb / floor_secs:.1f} MB/s")
        wall, cpu = pipeline_floor(corpus, corpus.parent / f".{corpus.name}-report-floor.json")
        print(f"pipeline floor: --jobs 1 with a pack that fills nothing: {n / wall:,.0f} articles/s "
              f"({wall:.2f}s, cpu {cpu:.2f}s): reading, sentences, the prefilter, records and report")

        reports = []
        for jobs in args.jobs:
            report = corpus.parent / f".{corpus.name}-report-{jobs}.json" if args.report is None or reports \
                else args.report
            reports.append(report)
            wall, cpu, rss = cli_once(corpus, jobs, report)
            summary = report_summary(report)
            print(f"check --jobs {jobs}: {summary['articles']} articles in {wall:.2f}s = {n / wall:,.0f} articles/s, "
                  f"{mb / wall:.2f} MB/s, {wall / floor_secs:.0f}x the read floor; cpu {cpu:.2f}s "
                  f"({n / cpu:,.0f} articles per CPU-second); peak RSS {rss:.0f} MB")
            print(f"  found:    {summary['facts']} facts, {sum(summary['discrepancies'].values())} discrepancies "
                  f"{summary['discrepancies']}, {summary['errors']} errors")
        if len(reports) > 1:
            same = all(_same_bytes(reports[0], other) for other in reports[1:])
            print(f"reports of --jobs {' / '.join(map(str, args.jobs))}: {'byte-identical' if same else 'DIFFERENT'}")
        for report in reports:
            if report != args.report:
                report.unlink(missing_ok=True)
        if args.stages or args.profile:
            stages(inputs, n, mb, floor_secs, args.profile, args.top)
        if args.pattern_times:
            pattern_times(inputs, args.sample, args.top)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    main()
