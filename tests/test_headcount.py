"""checker.values.headcount: how many people and who they were, compared over the taxonomy."""

from __future__ import annotations

import pytest

from checker.values.count import Count
from checker.values.headcount import Group, Headcount, HeadcountType, parse_headcount

KILLED = "casualties.killed"
INJURED = "casualties.injured"


@pytest.fixture(scope="module")
def parse(book):
    lex = book.lexicons

    def parse(text: str) -> Headcount | None:
        return parse_headcount(text, lex.taxonomy, lex.headcount_item_parser, lex.settings.approximate_tolerance)

    return parse


def hc(*groups: tuple[str, int | Count]) -> Headcount:
    return Headcount(tuple(Group(cat, n if isinstance(n, Count) else Count(n, n)) for cat, n in groups))


# ---- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("four soldiers and two civilians", hc(("soldier", 4), ("civilian", 2))),
    ("four police officers and two civilians", hc(("police officer", 4), ("civilian", 2))),
    ("three policemen, two firefighters and a dozen shoppers",
     hc(("police officer", 3), ("rescuer", 2), ("tourist", 12))),
    ("six of its citizens", hc(("people", 6))),
    ("at least six people", hc(("people", Count(6, None, "at least")))),
    ("25", hc(("people", 25))),
    ("two Azerbaijani civilians", hc(("civilian", 2))),
    ("two soldiers and three soldiers", hc(("soldier", 5))),
], ids=str)
def test_parse(parse, text, expected):
    assert parse(text) == expected


def test_display_and_json(parse):
    value = parse("four soldiers and two civilians")
    assert value.display() == "4 soldier + 2 civilian"
    assert value.total == Count(6, 6)
    assert value.to_json() == {
        "type": "headcount", "total": {"type": "count", "low": 6, "high": 6, "qualifier": None},
        "groups": [{"category": "soldier", "count": {"type": "count", "low": 4, "high": 4, "qualifier": None}},
                   {"category": "civilian", "count": {"type": "count", "low": 2, "high": 2, "qualifier": None}}]}


def test_not_a_headcount(parse):
    assert parse("many people") is None


def test_a_list_read_again_is_remembered_for_its_taxonomy_only(book):
    import dataclasses

    lex = book.lexicons
    tolerance = lex.settings.approximate_tolerance
    first = parse_headcount("four soldiers and a medic", lex.taxonomy, lex.headcount_item_parser, tolerance)
    assert parse_headcount("four soldiers and a medic", lex.taxonomy, lex.headcount_item_parser, tolerance) is first
    # another taxonomy (one where soldiers are civilians) reads the same words its own way
    other = dataclasses.replace(lex.taxonomy, terms={**lex.taxonomy.terms, "soldiers": "civilian"})
    assert parse_headcount("four soldiers and a medic", other, lex.headcount_item_parser, tolerance) \
        == hc(("civilian", 4), *[(g.category, g.count) for g in first.groups[1:]])
    assert parse_headcount("four soldiers and a medic", lex.taxonomy, lex.headcount_item_parser, tolerance) == first


def test_extraction_reads_lists_and_of_them(facts_of):
    assert [f.display for f in facts_of("Four soldiers and two civilians were killed by a landmine.", KILLED)] \
        == ["4 soldier + 2 civilian"]
    # "four of them police officers" names part of the six, not four more
    assert [f.display for f in facts_of("Six people, four of them police officers, were killed in the blast.",
                                        KILLED)] == ["6 people"]


def test_partial_figures_are_marked(facts_of):
    facts = facts_of("Twenty people were killed, including three children, in the blast.", KILLED)
    assert [(f.display, f.partial) for f in facts] == [("20 people", False), ("3 child", True)]


# ---- conflicts, through whole stories ------------------------------------------------------


def kinds(discrepancies) -> list[tuple[str, str]]:
    return [(d.kind, d.message) for d in discrepancies]


def test_siblings_with_the_same_count_are_a_category_conflict(run_story):
    found = run_story("Four soldiers and two civilians were killed in the blast.",
                      "Four police officers and two civilians were killed in the blast.", slot=KILLED)
    assert kinds(found) == [("category", "soldier vs police officer for the same 4")]
    assert found[0].severity == "error"
    assert [s.display for s in found[0].sides] == ["4 soldier + 2 civilian", "4 police officer + 2 civilian"]


def test_broader_agrees_with_narrower(run_story):
    assert run_story("Six people were killed in the blast.",
                     "Four soldiers and two civilians were killed in the blast.", slot=KILLED) == []


def test_qualified_total_agrees_with_breakdown(run_story):
    assert run_story("At least six people were killed in the blast.",
                     "Four soldiers and two civilians were killed in the blast.",
                     "Six people were killed in the blast.", slot=KILLED) == []


def test_different_totals_conflict(run_story):
    found = run_story("Six people were killed in the blast.", "Eight people were killed in the blast.", slot=KILLED)
    assert kinds(found) == [("total", "total 6 vs 8")]


def test_breakdowns_with_different_totals_conflict_on_total(run_story):
    found = run_story("Four soldiers and two civilians were killed in the blast.",
                      "Four soldiers and four civilians were killed in the blast.", slot=KILLED)
    assert kinds(found) == [("total", "total 6 vs 8")]


def test_a_part_larger_than_the_whole_conflicts(run_story):
    found = run_story("Ten civilians were killed in the blast.", "Four people were killed in the blast.",
                      slot=KILLED)
    assert kinds(found) == [("total", "10 civilian exceeds total 4")]


def test_same_category_different_count_conflicts(run_story):
    found = run_story("Four soldiers were killed in the blast.", "Two soldiers were killed in the blast.",
                      slot=KILLED)
    assert kinds(found) == [("count", "4 soldier vs 2 soldier")]


def test_children_fit_inside_any_breakdown(run_story):
    assert run_story("Two children were killed in the blast.",
                     "Four soldiers and two civilians were killed in the blast.", slot=KILLED) == []
    assert run_story("Three children were killed in the blast.",
                     "Four soldiers and two civilians were killed in the blast.", slot=KILLED) == []


def test_too_many_children_for_the_breakdown_conflicts(run_story):
    found = run_story("Nine children were killed in the blast.",
                      "Four soldiers and two civilians were killed in the blast.", slot=KILLED)
    assert [d.kind for d in found] == ["count"]


def test_overlapping_single_groups_never_conflict(run_story):
    assert run_story("Three children were killed in the blast.", "Two soldiers were killed in the blast.",
                     slot=KILLED) == []


def test_contested_figures_from_different_sources_are_info(run_story):
    found = run_story("Six people were killed in the blast, the interior ministry said.",
                      "Nine people were killed in the blast, according to the Red Crescent.", slot=KILLED)
    assert [(d.kind, d.severity) for d in found] == [("contested", "info")]


def test_facts_of_different_incidents_are_not_compared(run_story):
    # a war's toll and a blast's toll are different figures
    assert run_story("Six people were killed in the blast on Monday.",
                     "Ninety people were killed in the shelling of the city.", slot=KILLED) == []


# ---- the type directly ------------------------------------------------------------------------


def test_conflict_on_facts_built_directly(book, make_fact):
    kind = HeadcountType()
    lex = book.lexicons
    soldiers = make_fact(hc(("soldier", 4), ("civilian", 2)), article="a")
    police = make_fact(hc(("police officer", 4), ("civilian", 2)), article="b")
    people = make_fact(hc(("people", 6)), article="c")
    assert kind.conflict(soldiers, police, lex).kind == "category"
    assert kind.conflict(soldiers, people, lex) is None
    assert kind.conflict(people, make_fact(hc(("people", 8)), article="d"), lex).kind == "total"
    assert kind.key(soldiers.value) == kind.key(hc(("civilian", 2), ("soldier", 4)))


def test_merge_sentence_joins_exclusive_groups(book):
    kind = HeadcountType()
    merged = kind.merge_sentence([hc(("civilian", 2)), hc(("police officer", 4))], book.lexicons)
    assert merged == [hc(("civilian", 2), ("police officer", 4))]
    # groups that may hold the same people stay apart
    kept = [hc(("people", 6)), hc(("police officer", 4))]
    assert kind.merge_sentence(kept, book.lexicons) == kept


# ---- parts of the toll, perpetrators, complete tolls ---------------------------------------------------


def test_a_toll_that_counts_the_gunman_agrees_with_the_toll_without_him(run_story):
    assert run_story("Six people were killed, including the gunman, at the school.",
                     "Five people were killed at the school by a gunman.", slot=KILLED) == []
    # ... and only by the perpetrators it names
    found = run_story("Six people were killed, including the gunman, at the school.",
                      "Four people were killed at the school by a gunman.", slot=KILLED)
    assert kinds(found) == [("total", "total 6 vs 4")]


def test_perpetrators_come_from_the_settings(run_story, book):
    import dataclasses

    settings = dataclasses.replace(book.lexicons.settings, perpetrators=())
    none = dataclasses.replace(book, lexicons=dataclasses.replace(book.lexicons, settings=settings))
    found = run_story("Six people were killed, including the gunman, at the school.",
                      "Five people were killed at the school by a gunman.", slot=KILLED, rulebook=none)
    assert [d.kind for d in found] == ["total"]


@pytest.mark.parametrize("with_unborn, without", [
    ("Four adults and an unborn baby were shot dead in the farmhouse.", "Four people were shot dead in the farmhouse."),
    ("The attack on the wedding party killed seven people, including an unborn child.",
     "Six people were killed when gunmen attacked the wedding party."),
    ("A pregnant woman and her unborn son died in the blaze.", "One woman died in the blaze."),
])
def test_a_toll_that_counts_an_unborn_child_agrees_with_the_toll_without_it(run_story, with_unborn, without):
    assert run_story(with_unborn, without, slot=KILLED) == []
    assert run_story(without, with_unborn, slot=KILLED) == []


def test_an_unborn_child_only_widens_a_toll_by_itself(run_story):
    found = run_story("Four adults and an unborn baby were shot dead in the farmhouse.",
                      "Three people were shot dead in the farmhouse.", slot=KILLED)
    assert [d.kind for d in found] == ["total"]
    found = run_story("The attack on the wedding party killed seven people, including an unborn child.",
                      "Five people were killed when gunmen attacked the wedding party.", slot=KILLED)
    assert [d.kind for d in found] == ["total"]


# whether a count tells a part of the toll by its own words (True) or may be the whole (False)
@pytest.mark.parametrize("body, slot, part", [
    ("A girl was grazed on the arm, and four men were also wounded.", INJURED, True),
    ("Two deputies also wounded in courthouse ambush", INJURED, True),
    ("He also shot and killed a man who ran to help.", KILLED, True),
    ("The gunman killed three people and also wounded two.", INJURED, False),  # the wounded besides the dead
    ("Police also said three people were killed at the depot.", KILLED, False),
    # the attackers alone say nothing of their victims; with them, the whole
    ("Two suspects were killed in the exchange of fire with police.", KILLED, True),
    ("Troops said they killed 30 militants in the raid.", KILLED, True),
    ("He killed three people and himself.", KILLED, False),
    # the rest after some told by their condition; "others" after the dead are all the wounded
    ("One patient is listed in critical condition and three others were treated for gunshot wounds.", INJURED, True),
    ("Three women were in serious condition and four others injured at the fair.", INJURED, True),
    ("A rider died and two people were hurt critically on the ramp.", INJURED, True),
    ("One man was killed and four others were wounded.", INJURED, False),
    ("Police released the identities of three victims killed at the terminal.", KILLED, True),
    # one person told last in a list of clauses, not a count closing another slot's list
    ("A boy was in critical condition, a girl had a graze, and a 21-year-old man suffered minor injuries.", INJURED, True),
    ("Police counted four dead, including the gunman, and one injured.", INJURED, False),
    # beside others counted apart: "in addition to", "besides", "plus"
    ("Deputies found two dead men in the van in addition to the dead driver on the road.", KILLED, True),
    ("The coroner said the toll stood at five plus the gunman.", KILLED, True),
    ("Four people were killed besides the two attackers, officials said.", KILLED, True),
    ("Four people were killed and 20 injured, in addition to the damage to homes.", KILLED, False),
])
def test_a_count_that_tells_only_a_part_by_its_own_words(facts_of, body, slot, part):
    facts = facts_of(body, slot)
    assert facts and all(f.partial is part for f in facts), (body, [(f.display, f.partial) for f in facts])


def test_parts_of_the_attackers_still_meet_each_other_and_not_the_victims_toll(run_story):
    found = run_story("Troops killed 30 militants in the raid on Monday.", "Troops killed 45 militants in the raid on Monday.",
                      slot=KILLED)
    assert [d.kind for d in found] == ["count"]
    assert run_story("Two suspects were killed in the exchange of fire.",
                     "Five people were killed in the exchange of fire.", slot=KILLED) == []


def test_shares_of_no_named_group_never_disagree(run_story):
    # the critically hurt in one article, the others hospitalized in another: different shares
    assert run_story("A boy died on the spot, three people are in critical condition and six others were wounded.",
                     "A rider died and two people were hurt critically on the ramp.", slot=INJURED) == []
    assert run_story("Two more people died in hospital on Monday.", "Three more people died in hospital on Monday.",
                     slot=KILLED) == []
    # shares of one named group still do
    found = run_story("Six people were killed, including three children.",
                      "Six people were killed, including two children.", slot=KILLED)
    assert [d.kind for d in found] == ["count"]


def test_the_report_says_how_many_of_a_total_some_counts_leave_out(facts_of):
    (fact,) = facts_of("Four adults and an unborn baby were shot dead in the farmhouse.", KILLED)
    told = fact.value.to_json()
    assert told["total"]["low"] == 5 and told["uncounted"] == {"type": "count", "low": 1, "high": 1, "qualifier": None}
    (fact,) = facts_of("Four adults were shot dead in the farmhouse.", KILLED)
    assert "uncounted" not in fact.value.to_json()


def test_a_toll_whose_list_after_a_colon_names_an_unborn_child_may_be_told_without_it(facts_of, run_story):
    (fact,) = facts_of("The raid killed seven people: four of her cousins, an unborn niece, an uncle and a neighbor.",
                       KILLED)
    assert fact.value.uncounted == Count(1, 1)
    assert run_story("The raid killed seven people: four of her cousins, an unborn niece, an uncle and a neighbor.",
                     "Six people were killed in the raid on the farm.", slot=KILLED) == []
    (fact,) = facts_of("The fire killed six people: three children, their mother and two neighbors.", KILLED)
    assert fact.value.uncounted is None


def test_a_count_that_adds_to_others_is_a_part_of_the_toll(facts_of, run_story):
    for body in ["He killed two more people as he fled in a stolen van.",
                 "Two more people died of their burns on Monday.",
                 "A further 45 people died overnight in the camps.",
                 "Another three soldiers were killed near the border."]:
        facts = facts_of(body, KILLED)
        assert facts and all(f.partial for f in facts), (body, [(f.display, f.partial) for f in facts])
    assert not any(f.partial for f in facts_of("More than 20 people were killed in the raid.", KILLED))
    # "another" after the dead counts the injured, all of them
    for body in ["At least 30 people were killed and another 112 people were injured in the blasts.",
                 "Two people died, and two more people were wounded when the roof fell."]:
        assert [(f.display, f.partial) for f in facts_of(body, INJURED)] in ([("112 people", False)],
                                                                            [("2 people", False)]), body
    # "two more" never stands against another article's whole toll
    assert run_story("He killed two more people during carjackings before he shot himself.",
                     "The rampage left four people dead, including the gunman.", slot=KILLED) == []


@pytest.mark.parametrize("body", [
    "Police said six people were shot, one critically injured.",
    "Two dead, three critically injured after gunfire at a block party",
    "Three passengers were seriously injured when the bus overturned.",
])
def test_those_hurt_to_one_degree_are_a_part_of_the_injured(facts_of, run_story, body):
    facts = facts_of(body, INJURED)
    assert facts and all(f.partial for f in facts), [(f.display, f.partial) for f in facts]


def test_the_critically_injured_never_stand_against_all_the_injured(run_story):
    assert run_story("Two dead, three critically injured after gunfire at a block party",
                     "Two people were killed and seven were wounded at the block party.", slot=INJURED) == []
    # more hurt to one degree than another article's whole count is still a conflict
    found = run_story("Two dead, eight critically injured after gunfire at a block party",
                      "Two people were killed and five were wounded at the block party.", slot=INJURED)
    assert [d.kind for d in found] == ["total"]


def test_two_exact_shares_of_one_category_conflict(run_story):
    found = run_story("Seven people died in the fire, including four children.",
                      "Seven people died in the fire, including three children.", slot=KILLED)
    assert kinds(found) == [("count", "4 child vs 3 child among the victims")]


def test_a_single_named_victim_is_no_share(run_story):
    # "including a child" names one of them, not how many children there were
    assert run_story("Seven people died in the fire, including a child.",
                     "Seven people died in the fire, including three children.", slot=KILLED) == []


def test_a_part_larger_than_another_articles_toll_conflicts(run_story):
    found = run_story("Eight children were among those killed in the fire.",
                      "Five people died in the fire.", slot=KILLED)
    assert kinds(found) == [("total", "8 child among the victims exceeds total 5")]


def test_everyone_counted_is_final(facts_of):
    (whole,) = facts_of("All 71 people on board were killed in the crash.", KILLED)
    (some,) = facts_of("Seventy-one people were killed in the crash.", KILLED)
    assert whole.value.final and not some.value.final


def test_where_the_people_were_may_stand_before_the_verb(facts_of):
    assert [f.display for f in facts_of("Eleven employees of the plant were killed.", KILLED)] == ["11 worker"]
    assert [f.display for f in facts_of("Two passengers in the rear carriage were hurt.", "casualties.injured")] == \
        ["2 passenger"]


@pytest.mark.parametrize("text, expected", [
    ("Three servicemen and two gendarmes were killed.", "3 soldier + 2 police officer"),
    ("Four interior-ministry staff were killed.", "4 police officer"),
    ("Two marines and a sailor were killed.", "3 soldier"),
    ("Nine employees were killed.", "9 worker"),
    ("Three suspects were killed.", "3 attacker"),
    ("Six crew members were killed.", "6 crew member"),
    ("Four patients were killed.", "4 patient"),
], ids=str)
def test_the_people_taxonomy(facts_of, text, expected):
    assert [f.display for f in facts_of(text, KILLED)] == [expected]


def test_killed_and_injured_never_mix(facts_of):
    body = "Nine people were killed and 40 injured when the roof collapsed."
    assert [f.display for f in facts_of(body, KILLED)] == ["9 people"]
    assert [f.display for f in facts_of(body, "casualties.injured")] == ["40 people"]
