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

from checker.inputs import InputOptions, Loaded, discover, load_sources
from checker.model import SEVERITY_RANK, Article, Discrepancy, RunResult
from checker.pipeline import run
from checker.rulebook import RuleBook
from checker.suppress import Ignore, apply_ignores


@dataclass(frozen=True)
class LintOptions:
    inputs: tuple[str, ...]
    against: tuple[str, ...] = ()
    reading: InputOptions = InputOptions()
    baseline: frozenset[str] | None = None
    ignores: tuple[Ignore, ...] = ()
    today: dt.date | None = None  # for expiring ignores; default: today


def read(options: LintOptions, stdin: BinaryIO | None = None) -> tuple[Loaded, frozenset[str]]:
    """The new articles and the published ones of their stories; and the ids of the published ones."""
    seen_ids: set[str] = set()
    new_sources = discover(options.inputs, options.reading)
    loaded = load_sources(new_sources, options.reading, stdin=stdin, seen_ids=seen_ids)
    if not options.against:
        return loaded, frozenset()
    new_files = {s.path.resolve() for s in new_sources if s.path is not None}
    published = [s for s in discover(options.against, options.reading)
                 if s.path is None or s.path.resolve() not in new_files]
    reference = load_sources(published, options.reading, seen_ids=seen_ids)
    stories = {a.story for a in loaded.articles}
    kept = [a for a in reference.articles if a.story in stories]
    articles = loaded.articles + kept
    ignores = {**reference.ignores, **loaded.ignores}
    return (Loaded(articles, loaded.errors + reference.errors, ignores),
            frozenset(a.id for a in kept))


def lint(options: LintOptions, book: RuleBook, *, stdin: BinaryIO | None = None,
         progress: Callable[[Article], None] | None = None, loaded: tuple[Loaded, frozenset[str]] | None = None,
         ) -> RunResult:
    inputs, reference = loaded if loaded is not None else read(options, stdin)
    result = run([], book, load=lambda _: (list(inputs.articles), list(inputs.errors)), progress=progress)
    found = result.discrepancies
    if reference:
        found = [d for d in found if _involves(d, reference)]
    baselined = None
    if options.baseline is not None:
        kept = [d for d in found if d.id not in options.baseline]
        baselined, found = len(found) - len(kept), kept
    found, notices = apply_ignores(found, inputs.ignores, options.ignores, [s.id for s in book.slots],
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

