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
from typing import TYPE_CHECKING
from dataclasses import dataclass, field

from checker.engine.compare import compare
from checker.model import ArticleInfo, Discrepancy, Fact, InputError, internal_error
from checker.run.baseline import Baseline
from checker.report.records import encode_discrepancy
from checker.suppress import Ignore, suppress

if TYPE_CHECKING:
    from checker.rules.book import RuleBook
    from checker.run.store import Spilled


@dataclass(frozen=True)
class Keep:
    """The filters of a run, applied to each group's findings in this order."""

    reference: frozenset[str] = frozenset()  # ids of --against articles: a finding must involve another
    baseline: Baseline | None = None  # the findings known already
    by_article: Mapping[str, Sequence[Ignore]] = field(default_factory=dict)  # the ignores articles declare
    configured: tuple[Ignore, ...] = ()  # the ignores of the configuration
    live: frozenset[Ignore] = frozenset()  # the ignores that have not expired
    encode: bool = False  # a JSON report follows: encode the kept findings where they are kept
    # False: the JSON report is the only one, and a large story's findings (checker.run.onestory) are
    # kept as JSON only, not also as objects
    objects: bool = True

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

    data: bytes | Spilled  # pickled list[Discrepancy] (a large story's: in its spill)
    count: int
    tally: Counter[tuple[str, bool]]  # (severity, suppressed) -> findings
    baselined: int = 0
    # each as the JSON report writes it (Keep.encode); a large story's, in its spill
    encoded: tuple[str | Spilled, ...] | None = None
    errors: tuple[InputError, ...] = ()  # stories that could not be compared (an internal error)


def settle(found: list[Discrepancy], keep: Keep) -> Findings:
    """A group's findings through the run's filters, ready to be put aside."""
    kept, baselined = keep.apply(found)
    tally = Counter((d.severity, d.suppressed is not None) for d in kept)
    encoded = tuple(encode_discrepancy(d) for d in kept) if keep.encode else None
    return Findings(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), len(kept), tally, baselined, encoded)


class Alike:
    """One object for equal values across the facts of a group of stories. Each article's facts are
    unpickled apart, so a story of 100,000 articles that all give "6 killed, police said" held
    100,000 copies of the value, the rule id, the source and the matched words (4.5 KB a fact);
    shared, they are held once. Facts are fresh from unpickling and this process's own, so their
    fields are set in place."""

    _FACT = ("rule", "value", "source", "scope", "published", "published_at")

    def __init__(self) -> None:
        self._seen: dict[tuple[type, object], object] = {}

    def _one(self, value: object) -> object:
        if value is None:
            return value
        try:
            return self._seen.setdefault((type(value), value), value)
        except TypeError:  # not hashable: kept as it is
            return value

    def share(self, facts: list[Fact]) -> list[Fact]:
        for fact in facts:
            for name in self._FACT:
                object.__setattr__(fact, name, self._one(getattr(fact, name)))
            evidence = fact.evidence
            object.__setattr__(evidence, "text", self._one(evidence.text))
        return facts


def compare_settled(members: Sequence[ArticleInfo], facts: Mapping[str, list[Fact]],
                    aliases: Mapping[str, list[tuple[str, str]]], book: RuleBook, keep: Keep) -> Findings:
    """A group of stories compared and settled. Should comparing it fail (a bug of checker's), each
    story is compared alone, and a story that fails again is an error naming it and its articles,
    so that the other stories' findings are kept."""
    try:
        return settle(compare(members, facts, aliases, book), keep)
    except Exception:  # noqa: BLE001 - told story by story below
        pass
    stories: dict[str, list[ArticleInfo]] = {}
    for member in members:
        stories.setdefault(member.story, []).append(member)
    found: list[Discrepancy] = []
    errors: list[InputError] = []
    for story, articles in stories.items():
        try:
            found += compare(articles, {a.id: facts.get(a.id, []) for a in articles},
                             {a.id: aliases.get(a.id, []) for a in articles}, book)
        except Exception as exc:  # noqa: BLE001 - the story's findings are lost, and said to be
            shown = ", ".join(a.path for a in articles[:5]) + (f" and {len(articles) - 5} more"
                                                               if len(articles) > 5 else "")
            error = internal_error(f"story {story}", exc)
            errors.append(InputError(error.path, f"{error.message} (comparing {shown})"))
    settled = settle(found, keep)
    return dataclasses.replace(settled, errors=tuple(errors))
