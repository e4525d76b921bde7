"""A pattern that backtracks catastrophically cannot hang a run.

A pattern may spend at most ``settings.match_timeout`` seconds matching in one article; past that
it is stopped for the rest of the article and reported with its file:line:col, while its slot's
other patterns, the other slots and the other articles still run.
"""

from __future__ import annotations

import dataclasses
import time

from checker.engine.extract import extract
from checker.run.pipeline import run
from checker.rules.load import load_rulebook

# nested quantifiers: on a long run of "a" not followed by "b", the engine tries every way to split it
# (PCRE2 gives up at its step limit and hands the sentence to regex, which runs out of time)
RUNAWAY = """\
pack: runaway
settings:
  match_timeout: 0.3
slots:
  slow:
    type: count
    description: A slot with a runaway pattern and a sound one.
    patterns:
      - '(?:a+)+b'
      - '{count} bells'
"""


def test_a_runaway_pattern_is_stopped_within_its_bound_per_article(write_pack, make_article):
    book = load_rulebook([write_pack(RUNAWAY)])
    assert book.lexicons.settings.match_timeout == 0.3
    # ten long sentences: a bound per sentence would wait ten times; the bound is per article
    body = " ".join("a" * 4000 + "c b." for _ in range(10))
    article = make_article(body + "\n\nThree bells rang. Four soldiers were killed in the blast on Monday.")
    started = time.perf_counter()
    extraction = extract(article, book)
    took = time.perf_counter() - started
    assert took < 0.3 * 3 + 1, f"took {took:.1f}s"
    assert extraction.problems == [
        f"{book.slot('runaway.slow').patterns[0].location}: pattern of runaway.slow took over 0.3s on a.txt and "
        "was stopped there (settings.match_timeout); it backtracks catastrophically: remove nested quantifiers "
        "like (a+)+ and bound repeats like [^.]{0,80}"]
    facts = {(f.rule, f.display) for f in extraction.facts}
    assert ("runaway.slow", "3") in facts  # the slot's sound pattern still ran
    assert ("casualties.killed", "4 soldier") in facts  # and the other slots
    assert ("incident.date", "Monday") in facts


def test_the_report_names_where_the_pattern_is_written(write_pack, make_article):
    path = write_pack(RUNAWAY)
    book = load_rulebook([path])
    problem = extract(make_article("a" * 5000 + "c b."), book).problems[0]
    assert problem.startswith(f"{path}:9:10: pattern of runaway.slow took over 0.3s")


def test_the_bound_is_per_article_and_the_run_completes(tmp_path, write_pack):
    book = load_rulebook([write_pack(RUNAWAY)])
    for name in ("one", "two"):
        (tmp_path / f"{name}.txt").write_text("Headline\n\n" + "a" * 5000 + "c b.\n", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Headline\n\nTwo bells rang after four soldiers were killed.\n",
                                       encoding="utf-8")
    result = run([str(tmp_path / n) for n in ("one.txt", "two.txt", "fine.txt")], book)
    assert [e.path for e in result.errors] == [str(tmp_path / "one.txt"), str(tmp_path / "two.txt")]
    assert all("runaway.slow" in e.message for e in result.errors)
    assert {f.display for f in result.facts["fine"] if f.rule == "runaway.slow"} == {"2"}


def test_a_later_pack_sets_the_bound_and_keeps_the_other_settings(write_pack):
    path = write_pack("pack: tuning\nsettings:\n  match_timeout: 5\n")
    book = load_rulebook([path])
    default = load_rulebook()
    assert book.lexicons.settings.match_timeout == 5
    assert default.lexicons.settings.match_timeout is None  # the built-in bound (2 s)
    # settings are merged key by key: the default pack's other settings stand
    assert dataclasses.replace(book.lexicons.settings, match_timeout=None) == default.lexicons.settings
