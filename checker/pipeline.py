"""The whole run: load → extract → compare, returning plain results for the reporters."""

from __future__ import annotations

from checker.articles import load_articles
from checker.compare import compare
from checker.extract import extract
from checker.model import InputError, RunResult
from checker.rulebook import RuleBook


def run(inputs: list[str], book: RuleBook, *, use_prefilter: bool = True) -> RunResult:
    articles, errors = load_articles(inputs)
    facts, aliases = {}, {}
    for article in articles:
        extraction = extract(article, book, use_prefilter=use_prefilter)
        facts[article.id] = extraction.facts
        aliases[article.id] = extraction.place_aliases
        errors += [InputError(article.path, problem) for problem in extraction.problems]
    discrepancies = compare(articles, facts, aliases, book)
    return RunResult(articles=articles, facts=facts, discrepancies=discrepancies,
                     errors=sorted(errors, key=lambda e: (e.path, e.message)))
