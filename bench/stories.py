"""Precision and recall of the default rule pack on small multi-article stories (tests/stories/).

    .venv/bin/python bench/stories.py [--cases] [--story NAME] [--dir tests/stories]

Each story is a directory of articles (Markdown with front matter: story, published,
outlet, title) and an ``expected.yaml`` written with them:

    description: one line
    rules: [story.yaml]              # optional: extra packs in the story directory
    report:                          # discrepancies that must be reported
      - slot: casualties.killed
        kind: total
        severity: error
        sides: [[a], [c]]            # article ids (file stems) each side must hold
        displays: ["12 people", "15 people"]   # optional: text in each side's display
        note: why it is a real discrepancy
        known_gap: optional; why the engine misses it (a strict xfail in pytest)
    not_report:                      # discrepancies that must not be reported
      - slot: casualties.killed
        between: [a, b]              # no discrepancy of this slot with a on one side and b on the other
        kind: total                  # optional: only this kind
        note: why a careful reader would not call it one
        known_gap: optional; why the engine reports it anyway

Every discrepancy the engine reports must be listed under ``report``: one that is not
is a false alarm. Precision is computed over errors and warnings (what CI fails on),
and separately over info findings; recall over every listed discrepancy.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "tests" / "stories"
_REPORT_KEYS = {"slot", "kind", "severity", "sides", "displays", "note", "known_gap"}
_NOT_KEYS = {"slot", "between", "kind", "note", "known_gap"}


@dataclass(frozen=True)
class Expected:
    slot: str
    kind: str
    severity: str
    sides: tuple[frozenset[str], frozenset[str]]
    displays: tuple[str, str] | None = None
    note: str = ""
    known_gap: str | None = None

    def matches(self, found) -> bool:
        if (found.rule, found.kind, found.severity) != (self.slot, self.kind, self.severity):
            return False
        # a finding holds every value that takes part, in time order: two of its sides must be these
        sides = found.sides
        return any(self._fits(left, right, 0, 1) for left in sides for right in sides if left is not right)

    def _fits(self, left, right, i: int, j: int) -> bool:
        for side, want, shown in ((left, self.sides[i], self.displays and self.displays[i]),
                                  (right, self.sides[j], self.displays and self.displays[j])):
            if not want <= _articles(side):
                return False
            if shown and shown not in side.display:
                return False
        return True

    def describe(self) -> str:
        shown = f" {self.displays[0]!r} vs {self.displays[1]!r}" if self.displays else ""
        return (f"{self.severity} {self.slot} {self.kind}{shown} "
                f"[{', '.join(sorted(self.sides[0]))}] vs [{', '.join(sorted(self.sides[1]))}]")


@dataclass(frozen=True)
class Forbidden:
    slot: str
    between: tuple[str, str]
    kind: str | None = None
    note: str = ""
    known_gap: str | None = None

    def violated_by(self, found) -> bool:
        if found.rule != self.slot or (self.kind and found.kind != self.kind):
            return False
        a, b = self.between
        held = [_articles(s) for s in found.sides]
        return any(a in left and b in right for left in held for right in held if left is not right)

    def describe(self) -> str:
        kind = f" {self.kind}" if self.kind else ""
        return f"{self.slot}{kind} between {self.between[0]} and {self.between[1]}"


@dataclass(frozen=True)
class Story:
    name: str
    path: Path
    description: str
    rules: tuple[Path, ...]
    report: tuple[Expected, ...]
    not_report: tuple[Forbidden, ...]


@dataclass
class Outcome:
    story: Story
    found: list = field(default_factory=list)  # discrepancies
    matched: list[tuple[Expected, object]] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)
    unexpected: list = field(default_factory=list)  # discrepancies nothing listed
    violations: list[tuple[Forbidden, object]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """What makes the story fail, known gaps left out (and known gaps that no longer hold put in)."""
        lines = [f"input error: {e}" for e in self.errors]
        lines += [f"missed: {e.describe()}" + (f"  ({e.note})" if e.note else "")
                  for e in self.missed if not e.known_gap]
        lines += [f"known gap now passes, remove its known_gap: {e.describe()}"
                  for e, _ in self.matched if e.known_gap]
        gaps = {id(d) for f, d in self.violations if f.known_gap}
        lines += [f"false alarm: {describe(d)}" for d in self.unexpected if id(d) not in gaps]
        lines += [f"reported, but listed under not_report: {f.describe()}: {describe(d)}"
                  + (f"  ({f.note})" if f.note else "") for f, d in self.violations if not f.known_gap]
        for forbidden in self.story.not_report:
            if forbidden.known_gap and not any(f is forbidden for f, _ in self.violations):
                lines.append(f"known gap now passes, remove its known_gap: not_report {forbidden.describe()}")
        return lines


def describe(found) -> str:
    sides = " vs ".join(f"{s.display!r} [{', '.join(sorted(_articles(s)))}]" for s in found.sides)
    return f"{found.severity} {found.rule} {found.kind}: {sides} ({found.message})"


def _articles(side) -> frozenset[str]:
    return frozenset(c.evidence.article for c in side.claims)


def load_story(path: Path) -> Story:
    where = path / "expected.yaml"
    data = yaml.safe_load(where.read_text(encoding="utf-8")) or {}
    unknown = set(data) - {"description", "rules", "report", "not_report"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}")
    ids = {p.stem for p in path.iterdir() if p.suffix in (".md", ".txt")}
    report, not_report = [], []
    for index, entry in enumerate(data.get("report") or []):
        bad = set(entry) - _REPORT_KEYS
        sides = entry.get("sides") or []
        if bad or len(sides) != 2 or not all(k in entry for k in ("slot", "kind", "severity")):
            raise ValueError(f"{where}: report entry {index + 1}: needs slot, kind, severity and two sides"
                             + (f"; unknown key(s) {sorted(bad)}" if bad else ""))
        for article in (a for side in sides for a in side):
            if article not in ids:
                raise ValueError(f"{where}: report entry {index + 1}: no article {article!r} in {path}")
        displays = entry.get("displays")
        report.append(Expected(entry["slot"], entry["kind"], entry["severity"],
                               (frozenset(sides[0]), frozenset(sides[1])),
                               tuple(displays) if displays else None, entry.get("note", ""), entry.get("known_gap")))
    for index, entry in enumerate(data.get("not_report") or []):
        bad = set(entry) - _NOT_KEYS
        between = entry.get("between") or []
        if bad or len(between) != 2 or "slot" not in entry:
            raise ValueError(f"{where}: not_report entry {index + 1}: needs slot and between: [a, b]"
                             + (f"; unknown key(s) {sorted(bad)}" if bad else ""))
        for article in between:
            if article not in ids:
                raise ValueError(f"{where}: not_report entry {index + 1}: no article {article!r} in {path}")
        not_report.append(Forbidden(entry["slot"], (between[0], between[1]), entry.get("kind"), entry.get("note", ""),
                                    entry.get("known_gap")))
    rules = tuple(path / r for r in data.get("rules") or [])
    return Story(path.name, path, data.get("description", ""), rules, tuple(report), tuple(not_report))


def load_stories(directory: Path = STORIES) -> list[Story]:
    return [load_story(p) for p in sorted(directory.iterdir()) if (p / "expected.yaml").is_file()]


def run_story(story: Story, book=None) -> Outcome:
    from checker.run.pipeline import run
    from checker.rules.load import load_rulebook

    rules = load_rulebook(list(story.rules)) if story.rules else (book or load_rulebook())
    articles = sorted(str(p) for p in story.path.iterdir() if p.suffix in (".md", ".txt"))
    result = run(articles, rules)
    outcome = Outcome(story, list(result.discrepancies), errors=[f"{e.path}: {e.message}" for e in result.errors])
    used: set[int] = set()
    for expected in story.report:
        hit = next((d for d in outcome.found if id(d) not in used and expected.matches(d)), None)
        if hit is None:
            outcome.missed.append(expected)
        else:
            used.add(id(hit))
            outcome.matched.append((expected, hit))
    outcome.unexpected = [d for d in outcome.found if id(d) not in used]
    outcome.violations = [(f, d) for f in story.not_report for d in outcome.found if f.violated_by(d)]
    return outcome


def score(outcomes: list[Outcome]) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) for errors+warnings, info, and all."""
    table = {}
    for name, severities in (("errors+warnings", {"error", "warning"}), ("info", {"info"}),
                             ("all", {"error", "warning", "info"})):
        tp = sum(1 for o in outcomes for e, d in o.matched if d.severity in severities)
        fp = sum(1 for o in outcomes for d in o.unexpected if d.severity in severities)
        fn = sum(1 for o in outcomes for e in o.missed if e.severity in severities)
        table[name] = (tp, fp, fn)
    return table


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else " -- "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=STORIES, help="directory of stories")
    parser.add_argument("--story", help="only this story")
    parser.add_argument("--cases", action="store_true", help="list every finding and problem per story")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from checker.rules.load import load_rulebook

    book = load_rulebook()
    stories = [s for s in load_stories(args.dir) if not args.story or s.name == args.story]
    started = time.perf_counter()
    outcomes = [run_story(s, book) for s in stories]
    elapsed = time.perf_counter() - started
    for o in outcomes:
        status = "ok" if not o.problems() else "FAIL"
        print(f"{o.story.name:24} {status:4}  expected {len(o.story.report):2}  reported {len(o.found):2}  "
              f"missed {len(o.missed)}  false alarms {len(o.unexpected)}")
        if args.cases:
            for e, d in o.matched:
                print(f"    found    {describe(d)}")
            for line in o.problems():
                print(f"    {line}")
    print()
    for name, (tp, fp, fn) in score(outcomes).items():
        print(f"{name:16} P={_ratio(tp, tp + fp)} R={_ratio(tp, tp + fn)}  (tp={tp} fp={fp} fn={fn})")
    violations = sum(len(o.violations) for o in outcomes)
    guarded = sum(len(o.story.not_report) for o in outcomes)
    print(f"{len(stories)} stories, {sum(len(s.report) for s in stories)} listed discrepancies, "
          f"{guarded} listed non-discrepancies ({violations} reported anyway); {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
