"""Shared fixtures: the default rule book, small articles written for the tests, stories run end to end.

Every article text in these tests is written for them; none is copied from the seeds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from checker.articles.parse import build_article
from checker.engine.compare import compare
from checker.engine.extract import extract
from checker.model import Article, Discrepancy, Evidence, Fact
from checker.rules.book import RuleBook
from checker.rules.load import load_rulebook

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def rule_book_cache(tmp_path_factory) -> Iterator[Path]:
    """The command runs of the tests cache their compiled rule book (checker.rules.cache) in a
    directory of the session's own, not in the user's."""
    before = os.environ.get("CHECKER_CACHE_DIR")
    directory = tmp_path_factory.mktemp("rulebook-cache")
    os.environ["CHECKER_CACHE_DIR"] = str(directory)
    yield directory
    if before is None:
        del os.environ["CHECKER_CACHE_DIR"]
    else:
        os.environ["CHECKER_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def book() -> RuleBook:
    """The shipped default pack, loaded once."""
    return load_rulebook()


_ONE_MOMENT = dt.datetime(2024, 5, 6, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def make_article() -> Callable[..., Article]:
    """An article from a body text; a headline line is put first, as in a news file."""

    def make(body: str, *, id: str = "a", published: dt.date | None = None, headline: str = "Headline",
             story: str = "default") -> Article:
        meta = {"story": story}
        if published is not None:
            meta["published"] = published
        return build_article(f"{headline}\n\n{body}\n", f"{id}.txt", id, meta)

    return make


@pytest.fixture(scope="session")
def facts_of(book, make_article) -> Callable[..., list[Fact]]:
    """The facts one slot takes from a body text."""

    def facts(body: str, slot: str | None = None, **kwargs) -> list[Fact]:
        found = extract(make_article(body, **kwargs), book).facts
        return [f for f in found if slot is None or f.rule == slot]

    return facts


@pytest.fixture(scope="session")
def run_story(book, make_article) -> Callable[..., list[Discrepancy]]:
    """Discrepancies of one story made of the given bodies (article ids a0, a1, …)."""

    def run(*bodies: str, slot: str | None = None, published: list[dt.date | None] | None = None,
            rulebook: RuleBook | None = None) -> list[Discrepancy]:
        rules = rulebook or book
        articles = [make_article(body, id=f"a{i}", published=published[i] if published else None)
                    for i, body in enumerate(bodies)]
        facts, aliases = {}, {}
        for article in articles:
            extraction = extract(article, rules)
            facts[article.id] = extraction.facts
            if not published:
                # undated articles are taken as published at one moment: their figures are weighed
                # as one time's, not as a timeline whose order is unknown (tests/test_timeline.py)
                facts[article.id] = [dataclasses.replace(f, published_at=_ONE_MOMENT) for f in extraction.facts]
            aliases[article.id] = extraction.place_aliases
        found = compare(articles, facts, aliases, rules)
        return [d for d in found if slot is None or d.rule == slot]

    return run


@pytest.fixture(scope="session")
def make_fact() -> Callable[..., Fact]:
    """A fact built directly from a value, for comparing value types without extraction."""

    def make(value, *, article: str = "a", rule: str = "test.slot", source: str | None = None,
             scope: frozenset[str] = frozenset(), partial: bool = False) -> Fact:
        evidence = Evidence(article=article, path=f"{article}.txt", start=0, end=1, line=1, column=1,
                            text="x", sentence="x")
        return Fact(rule=rule, value=value, evidence=evidence, source=source, scope=scope, partial=partial)

    return make


@pytest.fixture
def write_pack(tmp_path) -> Callable[[str, str], Path]:
    """Write a rule pack into tmp_path and return its path."""

    def write(text: str, name: str = "story.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write

