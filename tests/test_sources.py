"""Sources and time, end to end: figures keep the source their sentence credits; different sources
make a conflict `contested`, one source credited with two figures stays a conflict of its own kind
(`total`, `count`: `attribution` is for quotes), and a toll
that rises between publications is an `update` (checker.engine.compare)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

KILLED = "casualties.killed"
MORNING, EVENING = dt.datetime(2024, 3, 11, 9, 0, tzinfo=dt.timezone.utc), dt.datetime(2024, 3, 11, 19, 0,
                                                                                         tzinfo=dt.timezone.utc)
DAY = dt.date(2024, 3, 11)


def found(discrepancies):
    return [(d.kind, d.severity) for d in discrepancies]


# ---- who a fact is credited to ---------------------------------------------------------------------


@pytest.mark.parametrize("body, source", [
    ("Six people were killed in the blast, police said.", "police"),
    ("The health ministry said six people were killed in the blast.", "The health ministry"),
    ("According to hospital officials, six people were killed in the blast.", "hospital officials"),
    ("Six people were killed in the blast, the governor told reporters.", "the governor"),
    ("The interior ministry put the death toll from the blast at six.", "The interior ministry"),
    ("Six people were killed in the blast, officials said.", None),  # unnamed: no one in particular
    ("Six people were killed in the blast, the ministry said.", None),  # which ministry?
    ("Six people were killed in the blast.", None),
], ids=str)
def test_the_source_a_sentence_credits(facts_of, body, source):
    (fact,) = facts_of(body, KILLED)
    assert fact.source == source


@pytest.mark.parametrize("matcher", ["pcre2", "regex"])
def test_a_sentence_crediting_two_sources_keeps_the_first(monkeypatch, book, make_article, matcher):
    # the credit is read from the first match of a source pattern (a search): never a later one
    from checker.engine.extract import extract

    monkeypatch.setenv("CHECKER_MATCHER", matcher)
    article = make_article("The fire chief said six people were killed, and the mayor said the same on Monday.")
    (fact,) = [f for f in extract(article, book, use_prefilter=matcher == "pcre2").facts if f.rule == KILLED]
    assert fact.source == "The fire chief"


# ---- contested, attribution --------------------------------------------------------------------------


def test_different_named_sources_are_contested_info(run_story):
    assert found(run_story("Six people were killed in the blast, police said.",
                           "Nine people were killed in the blast, according to the Red Cross.", slot=KILLED)) == \
        [("contested", "info")]


def test_contested_severity_comes_from_the_settings(run_story, book):
    settings = dataclasses.replace(book.lexicons.settings, contested_severity="warning")
    strict = dataclasses.replace(book, lexicons=dataclasses.replace(book.lexicons, settings=settings))
    assert found(run_story("Six people were killed in the blast, police said.",
                           "Nine people were killed in the blast, according to the Red Cross.",
                           slot=KILLED, rulebook=strict)) == [("contested", "warning")]


def test_an_unsourced_figure_is_not_contested(run_story):
    assert found(run_story("Six people were killed in the blast, police said.",
                           "Nine people were killed in the blast.", slot=KILLED)) == [("total", "error")]


def test_a_side_whose_figure_some_source_gives_is_contested(run_story):
    # the second article repeats the police figure without saying so: still the police's figure
    assert found(run_story("Six people were killed in the blast, police said.",
                           "Six people were killed in the blast.",
                           "Nine people were killed in the blast, according to the Red Cross.", slot=KILLED)) == \
        [("contested", "info")]


def test_one_source_credited_with_two_figures_keeps_its_conflicts_kind_not_attribution(run_story):
    result = run_story("Six people were killed in the blast, the health ministry said.",
                       "Nine people were killed in the blast, the Health Ministry said.", slot=KILLED)
    assert found(result) == [("total", "error")]  # attribution is kept for quotes (docs/rules.md)
    assert "both credited to" in result[0].message


def test_a_source_named_through_its_demonym_is_one_source(run_story):
    assert found(run_story("Six people were killed in the blast, Kenya's health ministry said.",
                           "Nine people were killed in the blast, the Kenyan health ministry said.",
                           slot=KILLED)) == [("total", "error")]


def test_anonymous_sources_are_never_one_source(run_story):
    # two witnesses are two people: a plain conflict between the figures, not a misattribution
    assert found(run_story("Six people were killed in the blast, a witness said.",
                           "Nine people were killed in the blast, a witness told reporters.", slot=KILLED)) == \
        [("contested", "info")]


def test_a_headline_borrows_the_source_its_body_gives(run_story, book, make_article):
    from checker.engine.compare import compare
    from checker.engine.extract import extract

    first = make_article("Six people were killed in the blast, police said.", id="a",
                         headline="Blast kills 6")
    second = make_article("Nine people were killed in the blast, the Red Cross said.", id="b",
                          headline="Blast kills 9")
    facts = {a.id: extract(a, book).facts for a in (first, second)}
    result = [d for d in compare([first, second], facts, {}, book) if d.rule == KILLED]
    assert found(result) == [("contested", "info")]


# ---- updates -------------------------------------------------------------------------------------------


def test_a_larger_toll_published_later_is_an_update(run_story):
    result = run_story("Six people were killed in the blast.", "Nine people were killed in the blast.",
                       slot=KILLED, published=[MORNING, EVENING])
    assert found(result) == [("update", "info")]
    # the toll's history, the latest figure and the articles that still give an older one
    assert result[0].message.startswith("the figure moved: 6 people (2024-")
    assert "latest 9 people" in result[0].message and result[0].message.endswith("older figure: a0")


def test_an_update_needs_publication_dates_that_differ(run_story):
    # one day, no times, no cue: the order is unknown, so at most a warning that says so
    same_day = run_story("Six people were killed in the blast.", "Nine people were killed in the blast.",
                         slot=KILLED, published=[DAY, DAY])
    assert found(same_day) == [("total", "warning")]
    assert "order of the reports is unknown" in same_day[0].message
    assert found(run_story("Six people were killed in the blast.", "Nine people were killed in the blast.",
                           slot=KILLED, published=[DAY, DAY + dt.timedelta(days=1)])) == [("update", "info")]


def test_a_smaller_toll_published_later_is_no_update(run_story):
    # a toll that falls is news or an error: a warning
    assert found(run_story("Nine people were killed in the blast.", "Six people were killed in the blast.",
                           slot=KILLED, published=[MORNING, EVENING])) == [("total", "warning")]


def test_one_source_raising_its_own_figure_is_an_update(run_story):
    assert found(run_story("Six people were killed in the blast, the health ministry said.",
                           "Nine people were killed in the blast, the health ministry said.",
                           slot=KILLED, published=[MORNING, EVENING])) == [("update", "info")]


def test_a_toll_of_everyone_on_board_cannot_grow(run_story):
    assert found(run_story("All 71 people on board were killed in the crash.",
                           "Seventy-two people were killed in the crash.",
                           slot=KILLED, published=[MORNING, EVENING])) == [("total", "error")]


def test_slots_that_do_not_grow_have_no_updates(run_story):
    assert found(run_story("Two separate blasts killed six people.", "Three separate blasts killed six people.",
                           slot="incident.count", published=[MORNING, EVENING])) == [("count", "warning")]


def test_a_burned_area_grows(run_story):
    assert found(run_story("The wildfire has burned 12,000 hectares.", "The wildfire has burned 20,000 hectares.",
                           slot="incident.area", published=[MORNING, EVENING])) == [("update", "info")]
