"""checker.values.place: places compared by alias, folding and spelling, never as strings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.lexicon import Gazetteer, fold, fold_transliteration
from checker.rules.models import Place
from checker.values.place import PlaceType, PlaceValue, same_spelling_family

PLACE = "incident.place"


def test_fold_and_transliteration():
    assert fold("Khojavend’s district") == fold("KHOJAVEND's District") == "khojavend district"
    assert fold("São Paulo") == "sao paulo"
    assert fold("Ağdam") == "agdam"
    assert fold_transliteration("Khodzhavend") == fold_transliteration("Khojavend")
    assert fold_transliteration("Novosibirskiy") == fold_transliteration("Novosibirski")


def test_fold_keeps_the_schwa_a_letter():
    assert fold("Khojavənd") == fold("Khojavend")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_fold_transliterates_as_unidecode_does_character_by_character(text):
    # fold's table must give what unidecode gives the whole text (after the schwa), whatever its characters
    from unidecode import unidecode

    from checker.lexicon import _LETTERS, _PUNCTUATION

    expected = unidecode(text.translate(_LETTERS)).lower().replace("'s ", " ").replace("'", "")
    assert fold.__wrapped__(text) == " ".join(_PUNCTUATION.sub(" ", expected).split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdehijkopqrstuwxyz -’", max_size=30))
def test_transliteration_variants_replace_as_their_patterns_would(text):
    import regex

    from checker.lexicon import _TRANSLIT

    expected = fold(text)
    for pattern, replacement in _TRANSLIT:
        expected = regex.sub(pattern, replacement, expected)
    assert fold_transliteration.__wrapped__(text) == expected


def test_fold_of_punctuation_and_letters_beyond_ascii():
    assert fold("Łódź’s “Śródmieście” — naïve…") == "lodz srodmiescie naive"
    assert fold("Ərəbşəki, Αθήνα, Киев") == "erebseki athena kiev"


@pytest.mark.parametrize("a, b", [
    ("Khojavend", "Khodzhavend"),
    ("Khojavend", "Khodzhavenskiy"),
    ("Novosibirsk", "Novosibirskiy"),
    ("Kyiv", "Kyyiv"),
    ("Azeri Khojavend", "Khodzhaveskiy"),  # a qualifier word before the name
], ids=str)
def test_transliteration_variants_are_one_spelling_family(a, b):
    assert same_spelling_family(a, b, 80)


@pytest.mark.parametrize("a, b", [("Eastbridge", "Westholm"), ("Paris", "Perth"), ("Lyon", "Lima")], ids=str)
def test_different_names_are_not_one_family(a, b):
    assert not same_spelling_family(a, b, 80)


def test_spelling_variants_are_an_info_spelling_finding(run_story):
    found = run_story("Three people were killed in the Khojavend district.",
                      "Three people were killed in the Khodzhavenskiy district.", slot=PLACE)
    assert [(d.kind, d.severity) for d in found] == [("spelling", "info")]
    assert found[0].message == "Khojavend / Khodzhavenskiy: one place, spelled two ways"


def test_different_places_at_the_same_explicit_level_conflict(run_story):
    found = run_story("Three people were killed in the Eastbridge district.",
                      "Three people were killed in the Westholm district.", slot=PLACE)
    assert [(d.kind, d.severity, d.message) for d in found] == [
        ("place", "warning", "Eastbridge vs Westholm (both named as a district)")]


def test_different_levels_are_not_a_conflict(run_story):
    # a district may lie in a province of another name
    assert run_story("Three people were killed in the Eastbridge district.",
                     "Three people were killed in the Westholm province.", slot=PLACE) == []


def test_unknown_levels_are_not_a_conflict(run_story):
    assert run_story("Three people were killed in the Eastbridge district.",
                     "Three people were killed in Westholm.", slot=PLACE) == []
    assert run_story("Three people were killed in Eastbridge.",
                     "Three people were killed in Westholm.", slot=PLACE) == []


def test_alias_declared_in_one_article_holds_for_the_whole_story(run_story):
    districts = ("Three people were killed in the Eastbridge district.",
                 "Three people were killed in the Westholm district.")
    declared = "Officials visited Eastbridge, known as Westholm by locals, after the blast."
    assert [d.kind for d in run_story(*districts, "Officials visited Eastbridge after the blast.",
                                      slot=PLACE)] == ["place"]
    assert run_story(*districts, declared, slot=PLACE) == []


def test_declared_aliases_are_read(book, make_article):
    from checker.engine.extract import extract

    article = make_article("The capital, known as Northam to the north and Southam in the south, was shelled. "
                           "Police cordoned off Port Selwyn (also called Selwyn Harbour) on Monday.")
    assert sorted(extract(article, book).place_aliases) == [("Northam", "Southam"), ("Port Selwyn", "Selwyn Harbour")]


def test_gazetteer_aliases_and_containment():
    gaz = Gazetteer.build([Place(name="Stepanakert", aliases=["Khankendi"], within="Karabakh"),
                           Place(name="Karabakh")])
    assert gaz.lookup("khankendi") == "Stepanakert"
    assert gaz.lookup("Stepanakert") == "Stepanakert"
    assert gaz.lookup("Eastbridge") is None
    assert gaz.contains("Karabakh", "Stepanakert") and not gaz.contains("Stepanakert", "Karabakh")
    extended = gaz.extend([("Eastbridge", "Westholm")])
    assert extended.lookup("Westholm") == extended.lookup("Eastbridge") == "Eastbridge"
    assert gaz.lookup("Westholm") is None  # extend returns a copy


def test_contained_places_agree(book, make_fact):
    import dataclasses

    gaz = Gazetteer.build([Place(name="Stepanakert", within="Karabakh"), Place(name="Karabakh")])
    lex = dataclasses.replace(book.lexicons, gazetteer=gaz)
    city = make_fact(PlaceValue("Stepanakert", "stepanakert", "region"), article="a")
    region = make_fact(PlaceValue("Karabakh", "karabakh", "region"), article="b")
    assert PlaceType().conflict(city, region, lex) is None
    other = make_fact(PlaceValue("Westholm", "westholm", "region"), article="c")
    assert PlaceType().conflict(city, other, lex).kind == "place"


def test_place_value_json(facts_of):
    (fact,) = facts_of("Three people were killed in the Eastbridge district.", PLACE)
    assert fact.value.to_json() == {"type": "place", "name": "Eastbridge", "canonical": "eastbridge",
                                    "level": "district"}


def test_a_weekday_after_on_is_not_part_of_the_place(facts_of):
    assert [f.display for f in facts_of("Three people were killed in Westholm on Monday.", PLACE)] == ["Westholm"]
    assert facts_of("Three people were killed in Monday's blast.", PLACE) == []


# ---- aliases an article declares, nationalities, one finding per spelling family ----------------------


@pytest.mark.parametrize("text, pair", [
    ("Shelling hit Stepanakert, or Khankendi in Azerbaijani, overnight.", ("Stepanakert", "Khankendi")),
    ("Shelling hit Lviv (Lvov in Russian) on Monday.", ("Lviv", "Lvov")),
    ("The strike hit Kyiv (Ukrainian: Kyiv) at dawn.", ("Kyiv", "Kyiv")),
    ("Troops entered Stepanakert, which Azerbaijan calls Khankendi, on Wednesday.", ("Stepanakert", "Khankendi")),
], ids=str)
def test_more_ways_an_article_declares_an_alias(book, make_article, text, pair):
    from checker.engine.extract import extract

    assert extract(make_article(text), book).place_aliases == [pair]


@pytest.mark.parametrize("text", [
    "Two people died in Tarsk or Valmora in March.",
    "Four people were killed in Tarsk (Valmora province) on Monday.",
    "The convoy travelled from Tarsk, or Valmora, to the coast.",
], ids=str)
def test_lists_and_containment_are_not_aliases(book, make_article, text):
    from checker.engine.extract import extract

    assert extract(make_article(text), book).place_aliases == []


def test_a_nationality_before_a_level_word_is_not_the_place(facts_of):
    facts = facts_of("Floods killed 23 people in the Nigerian state of Maru.", PLACE)
    assert [f.display for f in facts] == ["Maru"]


@pytest.mark.parametrize("text", [
    "Nobody has said who set off the bombs in the northern Veltanian city.",
    "Rescuers dug through the night after the blast in a remote Marovese province.",
], ids=str)
def test_a_nationality_before_a_bare_level_word_is_no_place(facts_of, text):
    assert facts_of(text, PLACE) == []


def test_a_nationality_before_a_level_word_still_leaves_a_town_with_that_ending(facts_of):
    facts = facts_of("Two people died in the fire in Valmori city on Sunday.", PLACE)
    assert [f.display for f in facts] == ["Valmori"]


def test_a_level_word_alone_is_no_place(facts_of):
    assert facts_of("One more of the injured died at the District hospital this morning.", PLACE) == []
    assert facts_of("Four people were killed in the blast at the County fairground.", PLACE) == []


def test_one_place_spelled_three_ways_is_one_finding(run_story):
    found = run_story("Eleven miners were killed in Kholmovsk in the explosion.",
                      "Eleven miners were killed in Holmovsk in the explosion.",
                      "Eleven miners were killed in Kholmovskiy in the explosion.", slot=PLACE)
    assert [(d.kind, d.severity) for d in found] == [("spelling", "info")]
    assert sorted(s.display for s in found[0].sides) == ["Holmovsk / Kholmovskiy", "Kholmovsk"]


def test_places_named_together_are_selected_alike_in_place_or_copied(book, make_fact):
    """The facts of a large story are the comparison's own (checker.run.onestory): the places an
    article names with another are set on its facts in place, the same values a copy would get."""
    def facts():
        return [make_fact(PlaceValue("Brunmoor", "brunmoor", "town"), article="a"),
                make_fact(PlaceValue("Ostrel", "ostrel", "town"), article="a"),
                make_fact(PlaceValue("Ostrel", "ostrel", "town"), article="b")]

    given, own = facts(), facts()
    copied = PlaceType().select(given, book.lexicons)
    changed = PlaceType().select(own, book.lexicons, own=True)
    assert [f.value for f in copied] == [f.value for f in changed]
    assert [f.value.named_with for f in changed] == [frozenset({"ostrel"}), frozenset({"brunmoor"}), frozenset()]
    assert all(a is b for a, b in zip(changed, own))  # in place: no copy
    assert given[0].value.named_with == frozenset() and copied[0] is not given[0]  # not its own: copied
