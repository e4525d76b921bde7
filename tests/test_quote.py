"""checker.values.quote: the same quoted words credited to different speakers."""

from __future__ import annotations

import pytest

from checker.values.quote import QuoteType, QuoteValue, resolve_speaker, same_speaker, trim_speaker

QUOTE = "quotes.attribution"
WORDS = "We condemn the attack on the bridge in the strongest terms"


@pytest.fixture(scope="module")
def speakers(book):
    return book.lexicons.speakers


# ---- speakers -------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("Ministry of Foreign Affairs", "foreign ministry"),
    ("Norway's Ministry of Foreign Affairs", "Norway's foreign ministry"),
    ("the Ministry of Defence", "the defense ministry"),
    ("Azerbaijan", "Azerbaijan's defence ministry"),  # a name contained in another
    ("the ministry of health", "Health Department"),
], ids=str)
def test_same_speaker_after_alias_folding(speakers, a, b):
    assert same_speaker(a, b, speakers)


@pytest.mark.parametrize("a, b", [
    ("Norway's Ministry of Foreign Affairs", "Portugal's foreign ministry"),
    ("the interior ministry", "the foreign ministry"),
    ("Mayor Ana Ruiz", "the fire brigade"),
], ids=str)
def test_different_speakers(speakers, a, b):
    assert not same_speaker(a, b, speakers)


def test_definite_description_resolves_to_the_earlier_named_ministry():
    before = "Earlier, Norway's Ministry of Transport issued a warning to drivers. "
    assert resolve_speaker("the ministry", before) == "Norway's Ministry of Transport"


def test_the_last_name_named_on_any_earlier_line_is_the_speaker():
    # written for this test: names on lines before and after the first mention, wrapped lines, and a
    # line with the head word alone
    before = ("Officials at the Ministry\nof Health in Arlo spoke first.\n\nThe Interior Ministry\n"
              "then said more. Ministry staff left.\n")
    assert resolve_speaker("the ministry", before) == "The Interior Ministry"
    assert resolve_speaker("the ministry", "The Health Ministry said so.\n\nLater, it rained. ") == \
        "The Health Ministry"


def test_unresolvable_speakers():
    assert resolve_speaker("the ministry", "Nothing named here. ") is None
    assert resolve_speaker("he", "Norway's Ministry of Transport said so. ") is None
    assert resolve_speaker("the statement", "") is None
    assert resolve_speaker("the transport ministry", "") == "the transport ministry"  # says enough by itself
    assert resolve_speaker("the governor", "") == "the governor"  # one governor in a story
    assert resolve_speaker("the coastguard", "") == "the coastguard"
    assert resolve_speaker("the spokesman", "") is None  # whose?
    assert resolve_speaker("Mayor Ana Ruiz", "") == "Mayor Ana Ruiz"


@pytest.mark.parametrize("raw, expected", [
    ("hours after the Ministry of Health", "the Ministry of Health"),
    ("Armenia's foreign ministry condemned the attacks and", None),
    ("Mayor Ana Ruiz", "Mayor Ana Ruiz"),
], ids=str)
def test_trim_speaker(raw, expected):
    assert trim_speaker(raw) == expected


# ---- extraction ------------------------------------------------------------------------------


@pytest.mark.parametrize("body, expected", [
    (f'"{WORDS}," the foreign ministry said.', QuoteValue(WORDS, "the foreign ministry")),
    (f'Mayor Ana Ruiz said: "{WORDS}."', QuoteValue(WORDS + ".", "Mayor Ana Ruiz")),
    (f'«{WORDS},» said Mayor Ana Ruiz.', QuoteValue(WORDS, "Mayor Ana Ruiz")),
    (f'“{WORDS},” he said.', QuoteValue(WORDS, None)),
], ids=["said-after", "said-colon", "guillemets-said-name", "pronoun"])
def test_quotes_and_speakers_are_read(facts_of, body, expected):
    assert [f.value for f in facts_of(body, QUOTE)] == [expected]


def test_short_quotes_are_not_statements(facts_of):
    assert facts_of('The report was titled "Lessons from the storm season".', QUOTE) == []


MINISTRY_FIRST = "Roads were closed after the collapse. Norway's Ministry of Transport issued a statement. "


def test_the_ministry_resolves_to_the_ministry_named_before(facts_of):
    body = MINISTRY_FIRST + f"\"{WORDS},\" the ministry said."
    assert [f.value.speaker for f in facts_of(body, QUOTE)] == ["Norway's Ministry of Transport"]


def test_resolution_stops_at_a_line_break(facts_of):
    body = f"Norway's Ministry of Transport issued a statement. \"{WORDS},\" the ministry said."
    assert [f.value.speaker for f in facts_of(body, QUOTE)] == ["Norway's Ministry of Transport"]


# ---- conflicts -------------------------------------------------------------------------------


def test_same_words_different_speakers_is_an_attribution_conflict(run_story):
    found = run_story(f'"{WORDS}," Mayor Ana Ruiz said.', f'"{WORDS}," the fire brigade said.', slot=QUOTE)
    assert [(d.kind, d.severity, d.message) for d in found] == [
        ("attribution", "warning", "the same words credited to Mayor Ana Ruiz and to the fire brigade")]


def test_trimmed_quote_still_matches(run_story):
    found = run_story(f'"{WORDS} and we will rebuild it," Mayor Ana Ruiz said.',
                      f'"{WORDS}," the fire brigade said.', slot=QUOTE)
    assert [d.kind for d in found] == ["attribution"]


def test_alias_folding_keeps_one_speaker(run_story):
    assert run_story(f'"{WORDS}," the Ministry of Foreign Affairs said.',
                     f'"{WORDS}," the foreign ministry said.', slot=QUOTE) == []


def test_resolved_description_is_the_same_speaker(run_story):
    assert run_story(MINISTRY_FIRST + f"\"{WORDS},\" the ministry said.",
                     f'"{WORDS}," Norway\'s Ministry of Transport said.', slot=QUOTE) == []


def test_resolved_description_differs_from_another_speaker(run_story):
    found = run_story(MINISTRY_FIRST + f"\"{WORDS},\" the ministry said.",
                      f'"{WORDS}," the fire brigade said.', slot=QUOTE)
    assert [d.message for d in found] == [
        "the same words credited to Norway's Ministry of Transport and to the fire brigade"]


@pytest.mark.parametrize("unnamed", [
    "one of the boy's uncles told reporters",
    "a neighbor said",
    "the victim's grandmother said",
    "one witness told the station",
])
def test_a_person_described_not_named_may_be_the_named_speaker(run_story, unnamed):
    assert run_story(f'"{WORDS}," Dana Whitlow said.', f'"{WORDS}," {unnamed}.', slot=QUOTE) == []


def test_a_named_person_against_an_organisation_still_conflicts(run_story):
    found = run_story(f'"{WORDS}," Dana Whitlow said.', f'"{WORDS}," the neighborhood association said.', slot=QUOTE)
    assert [d.kind for d in found] == ["attribution"]


def test_a_short_quote_sharing_a_few_words_with_a_long_one_is_other_words(run_story):
    long = ("Speaking for every member of the theatre company, I want to say how deeply shaken we are "
            "by this senseless attack")
    assert run_story(f'"{long}," the director said.', '"We are deeply shaken by this loss," Mayor Ana Ruiz said.',
                     slot=QUOTE) == []
    # the long quote cut down to its middle is still the same words
    found = run_story(f'"{long}," the director said.',
                      '"I want to say how deeply shaken we are by this senseless attack," Mayor Ana Ruiz said.',
                      slot=QUOTE)
    assert [d.kind for d in found] == ["attribution"]


def test_unknown_speakers_are_not_compared(run_story):
    assert run_story(f'"{WORDS}," he said.', f'"{WORDS}," the fire brigade said.', slot=QUOTE) == []


def test_different_words_are_not_compared(run_story):
    assert run_story(f'"{WORDS}," Mayor Ana Ruiz said.',
                     '"We will rebuild the bridge before the winter comes," the fire brigade said.', slot=QUOTE) == []


def test_type_directly(book, make_fact):
    kind = QuoteType()
    a = make_fact(QuoteValue(WORDS, "Mayor Ana Ruiz"), article="a")
    b = make_fact(QuoteValue(WORDS.upper(), "the fire brigade"), article="b")
    assert kind.conflict(a, b, book.lexicons).kind == "attribution"
    assert kind.select([a, make_fact(QuoteValue(WORDS, None))], book.lexicons) == [a]
    assert a.value.display() == f"“{WORDS}” — Mayor Ana Ruiz"
    assert QuoteValue(WORDS, None).to_json() == {"type": "quote", "text": WORDS, "speaker": None}


# ---- countries by their demonyms and capitals, more ways to credit a quote ----------------------------


@pytest.mark.parametrize("a, b", [
    ("Armenia's Foreign Ministry", "the Armenian foreign ministry"),
    ("Armenia's Ministry of Foreign Affairs", "Yerevan's foreign ministry"),
    ("the US State Department", "America's foreign ministry"),
    ("the Greek coastguard", "Greece's coastguard"),
    ("the Kremlin", "Russia"),
], ids=str)
def test_a_country_its_demonym_and_its_capital_are_one_speaker(speakers, a, b):
    assert same_speaker(a, b, speakers)


@pytest.mark.parametrize("a, b", [
    ("Armenia's Foreign Ministry", "Azerbaijan's foreign ministry"),
    ("the Russian foreign ministry", "Ukraine's foreign ministry"),
    ("Armenia's Foreign Ministry", "a separatist organization based in Armenia"),
], ids=str)
def test_different_countries_stay_different(speakers, a, b):
    assert not same_speaker(a, b, speakers)


def test_every_alias_inside_a_name_is_replaced(speakers):
    assert speakers.normalise("the Armenian Ministry of Foreign Affairs") == "the armenia foreign ministry"


@pytest.mark.parametrize("body, speaker", [
    ('"We have never seen a fire spread so fast," the chief of the fire service, Ines Maro, told reporters.',
     "Ines Maro"),
    ('Transport Minister Ada Kiel, who flew to the site on Tuesday, said: "Every carriage will be inspected."',
     "Transport Minister Ada Kiel"),
], ids=str)
def test_a_name_after_its_role_or_before_a_clause_is_the_speaker(facts_of, body, speaker):
    assert [f.value.speaker for f in facts_of(body, QUOTE)] == [speaker]


# ---- quotes wrapped over lines -----------------------------------------------------------------


@pytest.mark.parametrize("body", [
    '"This was a cowardly attack on ordinary\npeople buying bread," the mayor, Irena Vasko, told reporters.',
    '"This was a cowardly attack on ordinary people\n   buying bread," the mayor, Irena Vasko, told reporters.',
    'The mayor, Irena Vasko, said: “This was a cowardly attack\non ordinary people buying bread.”',
], ids=["wrapped", "wrapped-indented", "curly"])
def test_a_quote_wrapped_over_two_lines_is_one_fact(facts_of, body):
    wrapped = facts_of(body, QUOTE)
    one_line = facts_of(" ".join(body.split()), QUOTE)
    assert len(one_line) == 1, "the unwrapped sentence gives the fact"
    assert [f.display for f in wrapped] == [f.display for f in one_line], "missed the quote wrapped over two lines"
    assert wrapped[0].evidence.line == 3


def test_quotation_marks_never_pair_across_paragraphs(facts_of):
    body = ('The sign read "closed for the season and the next\n\none", the mayor, Irena Vasko, said.')
    assert facts_of(body, QUOTE) == []
