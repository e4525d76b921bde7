"""Fuzz checker for longer than CI does: hostile articles and rule files (tests/fuzzing.py).

    .venv/bin/python bench/fuzz.py --minutes 30                 # articles
    .venv/bin/python bench/fuzz.py --minutes 10 --target rules  # rule files

Runs hypothesis in batches until the time is up, each batch from a new random seed. A failure is
shrunk by hypothesis to a minimal input, saved under tests/fixtures/fuzz/ (replayed by
tests/test_fuzz.py from then on), and the run goes on. Prints the examples run, the crashes and the
slowest example; exits 1 when there was a crash.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fuzzing  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--target", choices=("articles", "rules"), default="articles")
    parser.add_argument("--batch", type=int, default=200, help="examples per hypothesis run")
    args = parser.parse_args()

    from checker.rules.load import load_rulebook

    book = load_rulebook() if args.target == "articles" else None
    stats = {"examples": 0, "slowest": 0.0}
    last: dict[str, object] = {}
    crashes: list[Path] = []
    directory = Path(tempfile.mkdtemp(prefix="checker-fuzz-"))

    def timed(run, *run_args) -> None:
        started = time.monotonic()
        try:
            run(*run_args)
        finally:
            stats["examples"] += 1
            stats["slowest"] = max(stats["slowest"], time.monotonic() - started)

    batch = settings(max_examples=args.batch, deadline=None, database=None, print_blob=False,
                     phases=(Phase.generate, Phase.shrink),
                     suppress_health_check=list(HealthCheck))
    if args.target == "articles":
        @batch
        @given(files=st.lists(fuzzing.hostile_file(), min_size=1, max_size=3))
        def one(files):
            last["input"] = files
            timed(fuzzing.check_articles, files, directory, book)
    else:
        @batch
        @given(text=fuzzing.hostile_pack())
        def one(text):
            last["input"] = text
            timed(fuzzing.check_pack, text, directory)

    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    while time.monotonic() < deadline:
        try:
            one()
        except Exception as exc:  # noqa: BLE001 - a crash: keep the shrunk input, go on
            found = last.get("input")
            if args.target == "articles":
                for suffix, data in found:  # type: ignore[union-attr]
                    crashes.append(fuzzing.save_crasher("articles", data, suffix))
            else:
                crashes.append(fuzzing.save_crasher("rules", found, ".yaml"))  # type: ignore[arg-type]
            print(f"crash: {type(exc).__name__}: {str(exc)[:300]} -> {crashes[-1]}", flush=True)
    minutes = (time.monotonic() - started) / 60
    print(f"{args.target}: {minutes:.1f} min, {stats['examples']} examples, {len(crashes)} crash(es), "
          f"slowest example {stats['slowest']:.2f} s")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
