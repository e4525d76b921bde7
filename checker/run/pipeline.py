"""The whole run: load → extract → compare, returning plain results for the reporters.

What is kept of an article once its slots are filled is its metadata (:class:`ArticleInfo`), its
facts and the aliases it declares, never its text: the command line streams articles through
extraction (:mod:`checker.run.work`) and gathers the results here (:class:`Collector`).
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Mapping, Sequence

from checker.articles.parse import load_articles
from checker.engine.compare import compare
from checker.engine.extract import extract
from checker.run.idindex import IdIndex
from checker.articles.inputs import settle_id
from checker.model import DEFAULT_STORY, Article, ArticleInfo, Discrepancy, InputError, RunResult, error_order
from checker.rules.book import RuleBook
from checker.run.store import SpilledFacts, SpilledList
from checker.suppress import Ignore
from checker.run.work import UnitResult
from checker.stories.cues import PackedCues
from checker.stories.group import StoryWeights, group_stories

_REGROUPED = 16  # articles written back together once their stories are found: few, as the stories
# found are read back story by story, in an order that is not the order of reading (each read unpickles a batch)


Loader = Callable[[list[str]], tuple[list[Article], list[InputError]]]


def run(inputs: list[str], book: RuleBook, *, use_prefilter: bool = True, load: Loader | None = None,
        progress: Callable[[Article], None] | None = None) -> RunResult:
    """``load`` reads the inputs (default: ``load_articles``); ``progress`` is told of each article checked."""
    articles, errors = (load or load_articles)(inputs)
    infos, facts, aliases = [], {}, {}
    for article in articles:
        extraction = extract(article, book, use_prefilter=use_prefilter)
        infos.append(article.info())
        facts[article.id] = extraction.facts
        aliases[article.id] = extraction.place_aliases
        errors += [InputError(article.path, problem) for problem in extraction.problems]
        if progress is not None:
            progress(article)
    discrepancies = compare(infos, facts, aliases, book)
    return RunResult(articles=infos, facts=facts, discrepancies=discrepancies,
                     errors=sorted(errors, key=error_order))


class Collector:
    """Gathers checked articles, taken in source order, into what comparison and the reports need.

    Ids are settled here (the first article to ask for an id gets it, the others their fallback,
    see :mod:`checker.articles.inputs`), so that they do not depend on which process read which article.
    Articles and facts are kept pickled (:mod:`checker.run.store`), not as objects."""

    def __init__(self, progress: Callable[[ArticleInfo], None] | None = None) -> None:
        self.progress = progress
        self.articles: SpilledList[ArticleInfo] = SpilledList()
        self.facts = SpilledFacts()
        self.ignores: dict[str, list[Ignore]] = {}  # article id -> the ignores it declares
        self.errors: list[InputError] = []
        self.reference: set[str] = set()  # ids of the articles read only to compare with (--against)
        self._seen = IdIndex()  # the ids given out (a set that moves to disk when large)
        self.cues = PackedCues()  # each article's story cues, in the order of self.articles
        self.named = False  # a new (not --against) article names its story
        self._story = DEFAULT_STORY  # the story of the article added last

    def add(self, result: UnitResult, *, reference: bool = False) -> None:
        self.errors += result.errors
        articles = []
        for checked in result.articles:
            ident = settle_id(checked.info.id, checked.fallback, self._seen)
            if checked.ignores:
                self.ignores[ident] = list(checked.ignores)
            if self.progress is not None:
                self.progress(checked.info)
            if not checked.checked:
                continue
            info = checked.info
            if ident == info.id:
                self.facts.put_pickled(ident, checked.facts, checked.fact_count, checked.facts_json, checked.aliases)
            else:  # the JSON of the facts names no article: it stands
                info = dataclasses.replace(info, id=ident)
                facts = [dataclasses.replace(f, evidence=dataclasses.replace(f.evidence, article=ident))
                         for f in checked.fact_list()]
                self.facts.put_pickled(ident, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL), len(facts),
                                       checked.facts_json, checked.aliases)
            articles.append(info)
            # (an article whose cues were not read names its story: it is grouped by that, kept to the
            # end of the run: one string for a run of articles of one story, not one each)
            if info.story != self._story:
                self._story = info.story
            self.cues.append(checked.cues, self._story)
            if reference:
                self.reference.add(ident)
            elif info.story != DEFAULT_STORY:
                self.named = True
        self.articles.extend(articles)

    @property
    def aliases(self) -> Mapping[str, list[tuple[str, str]]]:
        """Article id -> the place aliases it declares (kept with its facts)."""
        return self.facts.aliases

    def find_stories(self, weights: StoryWeights) -> None:
        """Every article put in the story of the incident it reports (:mod:`checker.stories`), with the
        reason; the articles that name their story keep it. An --against article whose story holds no
        new article is dropped, as a run with story metadata never reads it further than its metadata."""
        ids = [a.id for a in self.articles]
        grouping = group_stories(ids, self.cues, weights)
        self.cues = PackedCues()
        # (without --against every story holds a new article: no set of the stories' names)
        with_new = {story for ident, story in zip(ids, grouping.stories) if ident not in self.reference} \
            if self.reference else None
        del ids
        regrouped: SpilledList[ArticleInfo] = SpilledList()
        batch: list[ArticleInfo] = []
        for index, info in enumerate(self.articles):
            story = grouping.stories[index]
            if with_new is not None and story not in with_new:
                self.reference.discard(info.id)
                continue
            batch.append(dataclasses.replace(info, story=story, grouped=grouping.reasons[index]))
            if len(batch) >= _REGROUPED:
                regrouped.extend(batch)
                batch = []
        regrouped.extend(batch)
        self.articles = regrouped

    def stories(self) -> frozenset[str]:
        return frozenset(a.story for a in self.articles)

    def result(self, discrepancies: Sequence[Discrepancy]) -> RunResult:
        return RunResult(articles=self.articles, facts=self.facts, discrepancies=discrepancies,
                         errors=sorted(self.errors, key=error_order),
                         reference=frozenset(self.reference))
