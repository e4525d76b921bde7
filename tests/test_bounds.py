"""Bounded time and memory (issue 17, case 8): a large article or a huge sentence costs time in
proportion to its size, and an article past the size limit is an error for it alone."""

from __future__ import annotations

import json
import random
import time

import pytest

from checker.articles.parse import build_article
from checker.engine.extract import EVIDENCE_AROUND, EVIDENCE_SENTENCE, extract
from checker.engine.prefilter import scan

WORDS = ("four soldiers and two civilians were killed in the blast on Tuesday police said the ministry reported "
         "that at least six people died near the village of Orlen").split()
PARAGRAPH = ("Four soldiers and two civilians were killed in a blast near Orlen on Tuesday, the ministry said. "
             "At least six people died, police said, and 12 were injured. “We are shocked,” the mayor said.\n\n")


def _sentence(words: int) -> str:
    rng = random.Random(words)
    return "Blast in the town\n\nTwo " + " ".join(rng.choice(WORDS) for _ in range(words)) + ".\n"


def _timed(book, text: str) -> tuple[float, list]:
    article = build_article(text, "big.txt", "big", {})
    started = time.perf_counter()
    facts = extract(article, book).facts
    return time.perf_counter() - started, facts


def test_a_huge_sentence_costs_time_in_proportion_to_its_length(book):
    _timed(book, _sentence(2_000))  # warm the pattern caches
    small, _ = _timed(book, _sentence(10_000))
    large, facts = _timed(book, _sentence(40_000))
    assert large < 9 * max(small, 0.05), f"10k words {small:.2f}s, 40k words {large:.2f}s: not linear"
    assert facts
    assert max(len(f.evidence.sentence) for f in facts) <= 2 * EVIDENCE_AROUND + 200 < EVIDENCE_SENTENCE


def test_a_large_article_costs_time_in_proportion_to_its_size(book):
    _timed(book, "Blast\n\n" + PARAGRAPH * 200)
    small, _ = _timed(book, "Blast\n\n" + PARAGRAPH * 2_500)  # about 0.5 MB
    large, facts = _timed(book, "Blast\n\n" + PARAGRAPH * 10_000)  # about 2 MB
    assert large < 9 * max(small, 0.05), f"0.5 MB {small:.2f}s, 2 MB {large:.2f}s: not linear"
    assert len(facts) > 10_000


def test_the_prefilter_finds_the_same_in_its_one_pass_as_a_sentence_at_a_time(book, monkeypatch):
    from checker.engine import prefilter

    # a headline that ends where a phrase of trigger words begins, and a body that goes on with it:
    # the phrase is in neither sentence, and the one pass over them must not find it either
    text = "Miners say forty lost\n\nTheir lives were lost when the tunnel flooded.\n\n" + PARAGRAPH * 50
    article = build_article(text, "a.txt", "a", {})
    joined = scan(article, book, article.text.lower())
    assert len(joined.candidates) > 50
    assert joined.cues == book.lexicons.scopes.cues(article.text.lower())  # found in the same pass
    monkeypatch.setattr(prefilter, "_separable", lambda book: False)  # the reference: a sentence at a time
    reference = scan(article, book, article.text.lower())
    assert (reference.candidates, reference.lexical) == (joined.candidates, joined.lexical)
    monkeypatch.undo()
    monkeypatch.setattr(prefilter, "SEPARATOR", " ")  # skipped by the automaton: the phrase is found
    spaced = scan(article, book, article.text.lower())
    assert (spaced.candidates, spaced.lexical) != (joined.candidates, joined.lexical)


def test_a_pattern_finds_the_same_in_a_window_of_a_large_text(monkeypatch):
    from checker.match import matcher

    twin = matcher.compile_twin(r"(?<=\s)(?P<n>\d+) (?P<w>killed|died)(?= in)", 0)
    if twin is None:
        pytest.skip("PCRE2 is not installed")
    text = "Zürich – " + " ".join(f"{i} killed in town {i} died in x." for i in range(20_000))
    sentence_start = text.index("19000 killed")
    spans = lambda found: [(m.span(), m.span("n"), m.group(), m.group("w"), twin.groupdict(m)) for m in found]  # noqa: E731
    windowed = spans(twin.finditer(text, sentence_start, sentence_start + 300))
    monkeypatch.setattr(matcher, "WINDOWED", 1 << 40)
    assert windowed == spans(twin.finditer(text, sentence_start, sentence_start + 300))
    assert windowed


def test_an_article_past_the_size_limit_is_an_error_for_it_alone(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from checker.cli.app import app

    monkeypatch.setenv("CHECKER_MAX_ARTICLE_BYTES", "5000")
    (tmp_path / "big.txt").write_text("Blast\n\n" + PARAGRAPH * 100, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Blast\n\n" + PARAGRAPH, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "big", "text": PARAGRAPH * 100}) + "\n"
                                         + json.dumps({"id": "small", "text": PARAGRAPH}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "json"])
    report = json.loads(result.stdout)
    assert sorted(a["id"] for a in report["articles"]) == ["small", "small"] or \
        len(report["articles"]) == 2
    assert [e["message"].split(",")[1].strip() for e in report["errors"]] == \
        ["larger than an article may be (0.005 MB): split it (or raise CHECKER_MAX_ARTICLE_BYTES)"] * 2
