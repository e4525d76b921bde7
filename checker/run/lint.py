"""A lint run over new articles: read, check, then keep what the run should report.

After load → extract → compare (``checker.run.pipeline``), three selections, in order:
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
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from checker.run.engines import Engine, LocalEngine
from checker.run.findings import Keep
from checker.run.baseline import Baseline
from checker.articles.inputs import InputOptions, discover
from checker.model import SEVERITY_RANK, ArticleInfo, RunResult
from checker.run.pipeline import Collector
from checker.engine.extract import forget as forget_extraction
from checker.rules.book import RuleBook, release_patterns
from checker.model import tally
from checker.run.store import SpilledFindings, SpilledList
from checker.suppress import Ignore, live_ignores
from checker.run.work import Task, Unit, plan
from checker.stories.group import StoryWeights

UNITS_PER_GROUP = 64  # units pickled together when a run's units are put aside


@dataclass(frozen=True)
class LintOptions:
    inputs: tuple[str, ...]
    against: tuple[str, ...] = ()
    reading: InputOptions = InputOptions()
    baseline: Baseline | None = None
    ignores: tuple[Ignore, ...] = ()
    today: dt.date | None = None  # for expiring ignores; default: today
    json_report: bool = False  # a JSON report follows: facts and findings are encoded where they are made
    json_only: bool = False  # ... and it is the only use of the result: findings need not be kept as objects
    # "auto": articles grouped by the incident they report; "one": those that name no story are one story;
    # None: auto when no (new) article names its story
    stories: str | None = None
    # the caller reads no more articles with the book: once these are read, what only extraction runs
    # is dropped (checker.rules.book.release_patterns), for comparing to use
    release_patterns: bool = False


def check(options: LintOptions, book: RuleBook, engine: Engine, *, stdin: BinaryIO | None = None,
          progress: Callable[[ArticleInfo], None] | None = None,
          expect: Callable[[int], None] | None = None) -> Collector:
    """Read and check the new articles, then the published ones of their stories. ``expect`` is told
    about how many articles each of the two will check."""
    collector = Collector(progress)
    # by default stories are found only when no new article names one: until that is known, a named
    # article's cues (about 1 ms of a 2.5 ms article) are not read
    task = Task(book, options.reading, json_report=options.json_report, cues=options.stories != "one",
                named_cues=options.stories == "auto")
    new_sources = discover(options.inputs, options.reading)
    new_files = {os.path.realpath(s.file) for s in new_sources if s.file is not None} if options.against else set()
    sizes = getattr(engine, "files_per_unit", None), getattr(engine, "part_bytes", None)
    units = _put_aside(plan(new_sources, stdin, *sizes))
    del new_sources  # a large corpus has many: they are in the units now
    if expect is not None:
        expect(sum(u.weight for u in units))
    for result in engine.check(units, task):
        collector.add(result)
    auto = options.stories == "auto" or (options.stories is None and not collector.named)
    if options.against:
        published = [s for s in discover(options.against, options.reading)
                     if s.file is None or os.path.realpath(s.file) not in new_files]
        units = _put_aside(plan(published, None, *sizes))
        del published
        if expect is not None:
            expect(sum(u.weight for u in units))
        # stories still to be found: every published article may join one
        published_task = dataclasses.replace(task, named_cues=True) if auto else task
        for result in engine.check(units, published_task, None if auto else collector.stories()):
            collector.add(result, reference=True)
    if auto:
        collector.find_stories(StoryWeights.from_settings(book.lexicons.settings))
    return collector


def _put_aside(units: list[Unit]) -> SpilledList[Unit]:
    """The units of a run, kept pickled (:mod:`checker.run.store`) and read back as they are checked:
    a corpus of a million files would otherwise hold its units, and their paths, to the end."""
    kept: SpilledList[Unit] = SpilledList()
    for start in range(0, len(units), UNITS_PER_GROUP):
        kept.extend(units[start:start + UNITS_PER_GROUP])
    return kept


def lint(options: LintOptions, book: RuleBook, *, stdin: BinaryIO | None = None,
         progress: Callable[[ArticleInfo], None] | None = None, expect: Callable[[int], None] | None = None,
         engine: Engine | None = None) -> RunResult:
    """``engine`` checks the articles (default: in this process). Stories are compared a group at a
    time and their findings selected and put aside (:mod:`checker.run.store`) before the next group."""
    own = engine is None
    engine = engine if engine is not None else LocalEngine(jobs=1)
    rule_ids, today = [s.id for s in book.slots], options.today or dt.date.today()
    found = SpilledFindings()
    baselined = 0
    try:
        checked = check(options, book, engine, stdin=stdin, progress=progress, expect=expect)
        if options.release_patterns:
            release_patterns(book)
            forget_extraction()
        live, notices = live_ignores(checked.ignores, options.ignores, rule_ids, today)
        keep = Keep(frozenset(checked.reference), options.baseline, checked.ignores, tuple(options.ignores), live,
                    encode=options.json_report, objects=not options.json_only)
        for findings in engine.compare(checked.articles, checked.facts, checked.aliases, book, keep):
            found.add(findings)
            baselined += findings.baselined
            checked.errors += findings.errors
    finally:
        if own:
            engine.close()
    return dataclasses.replace(checked.result(found), notices=notices,
                               baselined=baselined if options.baseline is not None else None)


def failing(result: RunResult, fail_on: str) -> int:
    """How many discrepancies make the exit code 1: not suppressed, at or above ``fail_on``."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return sum(n for (severity, suppressed), n in tally(result.discrepancies).items()
               if not suppressed and SEVERITY_RANK[severity] >= threshold)

