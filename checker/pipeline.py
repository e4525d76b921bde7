"""The whole run: load → extract → compare, returning plain results for the reporters."""

from __future__ import annotations

from collections.abc import Callable

from checker.articles import load_articles
from checker.compare import compare
from checker.extract import extract
from checker.model import Article, InputError, RunResult
from checker.rulebook import RuleBook


Loader = Callable[[list[str]], tuple[list[Article], list[InputError]]]


def run(inputs: list[str], book: RuleBook, *, use_prefilter: bool = True, load: Loader | None = None,
        progress: Callable[[Article], None] | None = None) -> RunResult:
    """``load`` reads the inputs (default: ``load_articles``); ``progress`` is told of each article checked."""
    articles, errors = (load or load_articles)(inputs)
    facts, aliases = {}, {}
    for article in articles:
        extraction = extract(article, book, use_prefilter=use_prefilter)
        facts[article.id] = extraction.facts
        aliases[article.id] = extraction.place_aliases
        errors += [InputError(article.path, problem) for problem in extraction.problems]
        if progress is not None:
            progress(article)
    discrepancies = compare(articles, facts, aliases, book)
    return RunResult(articles=articles, facts=facts, discrepancies=discrepancies,
                     errors=sorted(errors, key=lambda e: (e.path, e.message)))
