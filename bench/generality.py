"""Precision and recall of the default rule pack on the generality set.

    .venv/bin/python bench/generality.py [--cases] [--slot SLOT] [--file tests/generality/sentences.yaml]

Every entry of tests/generality/sentences.yaml is run through the default pack
as a one-sentence article (after a blank line, as `checker rules test` does).
Facts are counted by their display string, per slot, as multisets: a produced
fact that the entry lists is a true positive, one it does not list a false
positive, a listed fact not produced a false negative. Every default slot is
checked on every entry (a slot the entry does not list must stay empty).
An entry's `source:` is who the sentence credits ("the health ministry", or
null for no one): every fact read from it must carry that source; sources are
scored on their own line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "generality" / "sentences.yaml"
SLOTS = ("casualties.killed", "casualties.injured", "incident.count", "incident.place", "incident.date",
         "incident.time", "incident.magnitude", "incident.depth", "incident.area", "quotes.attribution")
_UNSET = object()


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expect: dict[str, tuple[str, ...]]
    published: dt.date | None = None
    known_gap: str | None = None
    source: object = _UNSET  # who the sentence credits (None: no one); unset: not checked


@dataclass
class Outcome:
    case: Case
    got: dict[str, tuple[str, ...]]
    missed: dict[str, list[str]] = field(default_factory=dict)  # slot -> expected, not produced
    extra: dict[str, list[str]] = field(default_factory=dict)  # slot -> produced, not expected
    sources: tuple[str | None, ...] = ()  # the source of every fact read

    @property
    def wrong_sources(self) -> list[str | None]:
        if self.case.source is _UNSET:
            return []
        return [s for s in self.sources if s != self.case.source]

    @property
    def passed(self) -> bool:
        return not any(self.missed.values()) and not any(self.extra.values()) and not self.wrong_sources

    def problems(self) -> list[str]:
        lines = []
        for slot in SLOTS:
            for display in self.extra.get(slot, []):
                lines.append(f"false positive: {slot} {display!r}")
            for display in self.missed.get(slot, []):
                lines.append(f"missed: {slot} {display!r}")
        for source in self.wrong_sources:
            lines.append(f"wrong source: {source!r}, expected {self.case.source!r}")
        return lines


def _values(raw) -> tuple[str, ...]:
    if raw is None or raw == "none":
        return ()
    if isinstance(raw, str):
        return (raw,)
    return tuple(str(v) for v in raw)


def load_cases(path: Path = SET) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    cases, seen = [], set()
    for index, entry in enumerate(data):
        where = f"{path}: entry {index + 1}"
        if not isinstance(entry, dict) or "id" not in entry or "text" not in entry:
            raise ValueError(f"{where}: needs 'id' and 'text'")
        if entry["id"] in seen:
            raise ValueError(f"{where}: duplicate id {entry['id']!r}")
        seen.add(entry["id"])
        expect = entry.get("expect") or {}
        unknown = set(expect) - set(SLOTS)
        if unknown:
            raise ValueError(f"{where} ({entry['id']}): unknown slot(s) {sorted(unknown)}; slots are {SLOTS}")
        extra_keys = set(entry) - {"id", "text", "expect", "published", "known_gap", "source"}
        if extra_keys:
            raise ValueError(f"{where} ({entry['id']}): unknown key(s) {sorted(extra_keys)}")
        published = entry.get("published")
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        cases.append(Case(entry["id"], str(entry["text"]), {s: _values(expect.get(s)) for s in SLOTS},
                          published, entry.get("known_gap"), entry.get("source", _UNSET)))
    return cases


def run_case(case: Case, book) -> Outcome:
    from checker.articles.parse import build_article
    from checker.engine.extract import extract

    metadata = {"published": case.published.isoformat()} if case.published else {}
    article = build_article("\n\n" + case.text + "\n", f"generality/{case.id}", case.id, metadata)
    # facts about another incident (an earlier year, a roundup) are labelled and never compared:
    # they are not what the slot holds for the sentence's story
    facts = [f for f in extract(article, book).facts if f.other_incident is None]
    got = {slot: tuple(f.display for f in facts if f.rule == slot) for slot in SLOTS}
    outcome = Outcome(case, got, sources=tuple(f.source for f in facts if f.rule in SLOTS))
    for slot in SLOTS:
        want, have = Counter(case.expect[slot]), Counter(got[slot])
        outcome.missed[slot] = sorted((want - have).elements())
        outcome.extra[slot] = sorted((have - want).elements())
    return outcome


def score(outcomes: list[Outcome]) -> dict[str, tuple[int, int, int]]:
    table = {}
    for slot in SLOTS:
        fp = sum(len(o.extra[slot]) for o in outcomes)
        fn = sum(len(o.missed[slot]) for o in outcomes)
        tp = sum(len(o.got[slot]) for o in outcomes) - fp
        table[slot] = (tp, fp, fn)
    return table


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else " -- "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=SET, help="generality set (YAML)")
    parser.add_argument("--cases", action="store_true", help="list every failing case and why")
    parser.add_argument("--slot", help="with --cases: only this slot")
    parser.add_argument("--ids", metavar="PREFIX", help="only the entries whose id starts with PREFIX")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from checker.rules.load import load_rulebook

    book = load_rulebook()
    cases = [c for c in load_cases(args.file) if not args.ids or c.id.startswith(args.ids)]
    started = time.perf_counter()
    outcomes = [run_case(c, book) for c in cases]
    elapsed = time.perf_counter() - started
    if args.cases:
        for o in outcomes:
            problems = [p for p in o.problems() if not args.slot or f" {args.slot} " in p]
            if problems:
                gap = "  [known gap]" if o.case.known_gap else ""
                print(f"{o.case.id}{gap}: {o.case.text}")
                for p in problems:
                    print(f"    {p}")
        print()
    table = score(outcomes)
    total = [sum(v[i] for v in table.values()) for i in range(3)]
    width = max(map(len, SLOTS))
    for slot, (tp, fp, fn) in [*table.items(), ("overall", tuple(total))]:
        print(f"{slot:{width}}  P={_ratio(tp, tp + fp)} R={_ratio(tp, tp + fn)}  (tp={tp} fp={fp} fn={fn})")
    checked = [o for o in outcomes if o.case.source is not _UNSET]
    credited = sum(1 for o in checked for s in o.sources if s is not None)
    right = sum(1 for o in checked for s in o.sources if s is not None and s == o.case.source)
    owed = sum(len(o.sources) for o in checked if o.case.source is not None)
    print(f"{'sources':{width}}  P={_ratio(right, credited)} R={_ratio(right, owed)}  "
          f"({len(checked)} sentences with an expected source; {right} facts credited right, "
          f"{credited - right} wrong, {owed - right} uncredited)")
    passed = sum(o.passed for o in outcomes)
    gaps = sum(1 for o in outcomes if o.case.known_gap)
    print(f"{len(cases)} sentences: {passed} fully right, {gaps} known gaps; "
          f"{elapsed * 1000 / max(1, len(cases)):.2f} ms per sentence")
    return 0


if __name__ == "__main__":
    sys.exit(main())
