"""A lint run over new articles: read, check, then keep what the run should report.

After load → extract → compare (``checker.pipeline``), three selections, in order:
1. ``--against``: published articles are read only to compare with; a
   discrepancy is kept when a claim on either side comes from a new article,
   so the published corpus is not re-reported. Published articles of stories
   no new article belongs to are not read further than their metadata.
2. ``--baseline``: discrepancies whose id is in the baseline are left out (and counted).
3. ignores: discrepancies an ignore covers stay, marked ``suppressed``, and are not counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from checker.engines import Engine, LocalEngine
from checker.inputs import InputOptions, discover
from checker.model import SEVERITY_RANK, ArticleInfo, Discrepancy, RunResult
from checker.pipeline import Collector
from checker.rulebook import RuleBook
from checker.suppress import Ignore, apply_ignores
from checker.work import Task, plan


@dataclass(frozen=True)
class LintOptions:
    inputs: tuple[str, ...]
    against: tuple[str, ...] = ()
    reading: InputOptions = InputOptions()
    baseline: frozenset[str] | None = None
    ignores: tuple[Ignore, ...] = ()
    today: dt.date | None = None  # for expiring ignores; default: today


def check(options: LintOptions, book: RuleBook, engine: Engine, *, stdin: BinaryIO | None = None,
          progress: Callable[[ArticleInfo], None] | None = None,
          expect: Callable[[int], None] | None = None) -> Collector:
    """Read and check the new articles, then the published ones of their stories. ``expect`` is told
    about how many articles each of the two will check."""
    collector = Collector(progress)
    task = Task(book, options.reading)
    new_sources = discover(options.inputs, options.reading)
    units = plan(new_sources, stdin)
    if expect is not None:
        expect(sum(u.weight for u in units))
    for result in engine.check(units, task):
        collector.add(result)
    if options.against:
        new_files = {s.path.resolve() for s in new_sources if s.path is not None}
        published = [s for s in discover(options.against, options.reading)
                     if s.path is None or s.path.resolve() not in new_files]
        units = plan(published)
        if expect is not None:
            expect(sum(u.weight for u in units))
        for result in engine.check(units, task, collector.stories()):
            collector.add(result, reference=True)
    return collector


def lint(options: LintOptions, book: RuleBook, *, stdin: BinaryIO | None = None,
         progress: Callable[[ArticleInfo], None] | None = None, expect: Callable[[int], None] | None = None,
         engine: Engine | None = None) -> RunResult:
    """``engine`` checks the articles (default: in this process)."""
    own = engine is None
    engine = engine if engine is not None else LocalEngine(jobs=1)
    try:
        checked = check(options, book, engine, stdin=stdin, progress=progress, expect=expect)
        result = checked.result(engine.compare(checked.articles, checked.facts, checked.aliases, book))
    finally:
        if own:
            engine.close()
    reference = result.reference
    found = result.discrepancies
    if reference:
        found = [d for d in found if _involves(d, reference)]
    baselined = None
    if options.baseline is not None:
        kept = [d for d in found if d.id not in options.baseline]
        baselined, found = len(found) - len(kept), kept
    found, notices = apply_ignores(found, checked.ignores, options.ignores, [s.id for s in book.slots],
                                   options.today or dt.date.today())
    return dataclasses.replace(result, discrepancies=found, reference=reference, notices=notices,
                               baselined=baselined)


def _involves(d: Discrepancy, reference: frozenset[str]) -> bool:
    return any(c.evidence.article not in reference for side in d.sides for c in side.claims)


def failing(result: RunResult, fail_on: str) -> list[Discrepancy]:
    """The discrepancies that make the exit code 1: not suppressed, at or above ``fail_on``."""
    if fail_on == "never":
        return []
    threshold = SEVERITY_RANK[fail_on]
    return [d for d in result.discrepancies if d.suppressed is None and SEVERITY_RANK[d.severity] >= threshold]

