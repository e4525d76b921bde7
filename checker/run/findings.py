"""What a run keeps of the findings of a group of stories, and the form in which they travel.

A group's findings pass the run's filters (:class:`Keep`): with ``--against``, only those that
involve a new article; with a baseline, only those not in it; and every ignore that covers one marks
it suppressed. This happens where the group was compared, in this process or a worker, and the kept
findings come back pickled (:class:`Findings`) with their counts: the process that gathers them only
puts the bytes aside (:class:`checker.run.store.SpilledFindings`), it never builds the objects.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from checker.model import Discrepancy
from checker.run.baseline import Baseline
from checker.report.records import encode_discrepancy
from checker.suppress import Ignore, suppress


@dataclass(frozen=True)
class Keep:
    """The filters of a run, applied to each group's findings in this order."""

    reference: frozenset[str] = frozenset()  # ids of --against articles: a finding must involve another
    baseline: Baseline | None = None  # the findings known already
    by_article: Mapping[str, Sequence[Ignore]] = field(default_factory=dict)  # the ignores articles declare
    configured: tuple[Ignore, ...] = ()  # the ignores of the configuration
    live: frozenset[Ignore] = frozenset()  # the ignores that have not expired
    encode: bool = False  # a JSON report follows: encode the kept findings where they are kept

    def for_articles(self, articles: Sequence[str]) -> Keep:
        """The same filters, with only the ignores of ``articles`` (what a group's findings can need)."""
        if not self.by_article:
            return self
        own = {a: self.by_article[a] for a in articles if a in self.by_article}
        return dataclasses.replace(self, by_article=own)

    def apply(self, found: list[Discrepancy]) -> tuple[list[Discrepancy], int]:
        """The findings kept, and how many the baseline took away."""
        if self.reference:
            found = [d for d in found if _involves(d, self.reference)]
        baselined = 0
        if self.baseline is not None:
            kept = [d for d in found if not self.baseline.covers(d)]
            baselined, found = len(found) - len(kept), kept
        if self.by_article or self.configured:
            found = suppress(found, self.by_article, self.configured, self.live)
        return found, baselined


def _involves(d: Discrepancy, reference: frozenset[str]) -> bool:
    return any(c.evidence.article not in reference for side in d.sides for c in side.claims)


@dataclass(frozen=True)
class Findings:
    """A group's kept findings, pickled, and what the run counts of them without reading them."""

    data: bytes  # pickled list[Discrepancy]
    count: int
    tally: Counter[tuple[str, bool]]  # (severity, suppressed) -> findings
    baselined: int = 0
    encoded: tuple[str, ...] | None = None  # each as the JSON report writes it (Keep.encode)


def settle(found: list[Discrepancy], keep: Keep) -> Findings:
    """A group's findings through the run's filters, ready to be put aside."""
    kept, baselined = keep.apply(found)
    tally = Counter((d.severity, d.suppressed is not None) for d in kept)
    encoded = tuple(encode_discrepancy(d) for d in kept) if keep.encode else None
    return Findings(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), len(kept), tally, baselined, encoded)
