"""A slot that grows (tolls) is a timeline: ordered by publication time, then by the text's time cues.

Later and higher is an `update` (info) that shows the toll's history and the latest figure; later
and lower is a warning, unless the later report says the figure was revised; figures nothing orders
are at most a warning that says so; figures of one time (one article) that differ are what the slot
says. A story's values of one slot and kind make one finding. Every sentence is written for these tests.
"""

from __future__ import annotations

import datetime as dt

from checker.engine.compare import compare
from checker.engine.extract import extract

KILLED = "casualties.killed"
UTC = dt.timezone.utc
MON_9, MON_18 = dt.datetime(2024, 3, 11, 9, 0, tzinfo=UTC), dt.datetime(2024, 3, 11, 18, 0, tzinfo=UTC)
TUE_9, WED_9 = dt.datetime(2024, 3, 12, 9, 0, tzinfo=UTC), dt.datetime(2024, 3, 13, 9, 0, tzinfo=UTC)
MON, TUE = dt.date(2024, 3, 11), dt.date(2024, 3, 12)


def found(discrepancies):
    return [(d.kind, d.severity) for d in discrepancies]


def sides(d):
    return [sorted({c.evidence.article for c in s.claims}) for s in d.sides]


def story(book, make_article, *articles, slot=KILLED):
    """Articles given as (body, published) or (body, published, headline)."""
    made = [make_article(body, id=f"a{i}", published=rest[0], **({"headline": rest[1]} if len(rest) > 1 else {}))
            for i, (body, *rest) in enumerate(articles)]
    facts = {a.id: extract(a, book).facts for a in made}
    return [d for d in compare(made, facts, {}, book) if d.rule == slot]


# ---- rising tolls ----------------------------------------------------------------------------------


def test_a_rising_toll_with_publication_times_is_one_update_with_its_history(book, make_article):
    result = story(book, make_article,
                   ("Twelve people were killed in the fire at the depot.", MON_9),
                   ("Nineteen people were killed in the fire at the depot, the fire service said.", MON_18),
                   ("Twenty-three people were killed in the fire at the depot.", TUE_9))
    assert found(result) == [("update", "info")]
    (update,) = result
    # one finding, every value in time order, each with its publication time
    assert [s.display for s in update.sides] == ["12 people", "19 people", "23 people"]
    assert [s.published for s in update.sides] == ["2024-03-11T09:00", "2024-03-11T18:00", "2024-03-12T09:00"]
    assert update.message.startswith("the figure moved: 12 people (2024-03-11T09:00) → 19 people")
    # the desk's hint: the latest figure, and the articles that still give an older one
    assert "latest 23 people (2024-03-12T09:00, a2)" in update.message
    assert update.message.endswith("still giving an older figure: a0, a1")


def test_a_rising_toll_without_publication_times_is_ordered_by_its_cues(book, make_article):
    result = story(book, make_article,
                   ("Twelve people were killed in the fire at the depot.", None),
                   ("The death toll from the depot fire has risen to 19, officials said.", None))
    assert found(result) == [("update", "info")]
    assert "order unknown" in result[0].message or "moved" in result[0].message


def test_differing_figures_with_no_order_are_at_most_a_warning_that_says_so(book, make_article):
    result = story(book, make_article,
                   ("Twelve people were killed in the fire at the depot.", MON),
                   ("Nineteen people were killed in the fire at the depot.", MON))
    assert found(result) == [("total", "warning")]
    assert "order of the reports is unknown" in result[0].message


def test_unordered_figures_can_be_read_as_a_moving_toll(book, make_article, tmp_path):
    from checker.rules.load import load_rulebook

    pack = tmp_path / "desk.yaml"
    pack.write_text("pack: desk\nsettings:\n  unordered_severity: info\n", encoding="utf-8")
    relaxed = load_rulebook([pack])
    result = story(relaxed, make_article,
                   ("Twelve people were killed in the fire at the depot.", MON),
                   ("Nineteen people were killed in the fire at the depot.", MON))
    assert found(result) == [("update", "info")]


# ---- falling tolls and revisions --------------------------------------------------------------------


def test_a_falling_toll_is_a_warning(book, make_article):
    result = story(book, make_article,
                   ("Nineteen people were killed in the fire at the depot.", MON_9),
                   ("Twelve people were killed in the fire at the depot.", TUE_9))
    assert found(result) == [("total", "warning")]
    assert result[0].message.endswith("the later report gives less")
    assert sides(result[0]) == [["a0"], ["a1"]]  # in time order


def test_a_toll_revised_down_is_an_update_and_a_later_article_still_giving_the_old_one_is_stale(
        book, make_article):
    result = story(book, make_article,
                   ("Thirty people were killed in the collapse of the stand.", MON_9),
                   ("The death toll from the stand collapse was revised down to 24 after some victims "
                    "were counted twice, the governor said.", MON_18),
                   ("Thirty people were killed in the collapse of the stand.", WED_9))
    kinds = dict(found(result))
    assert kinds == {"update": "info", "total": "warning"}
    stale = next(d for d in result if d.kind == "total")
    assert sides(stale) == [["a1"], ["a2"]]
    assert "was revised down to 24 people" in stale.message and "before a2 gave it" in stale.message


def test_a_source_revising_its_own_figure_is_no_attribution_conflict(book, make_article):
    raised = story(book, make_article,
                   ("Eight people were killed in the blast, the health ministry said.", MON_9),
                   ("Eleven people were killed in the blast, the health ministry said.", TUE_9))
    assert found(raised) == [("update", "info")]
    lowered = story(book, make_article,
                    ("Eleven people were killed in the blast, the health ministry said.", MON_9),
                    ("The health ministry revised the toll down to eight, the health ministry said.", TUE_9))
    assert all(kind != "attribution" and severity == "info" for kind, severity in found(lowered))


def test_one_source_credited_with_two_figures_at_one_time_keeps_its_conflicts_kind(book, make_article):
    # `attribution` is for quoted words credited to different speakers; the message names the source
    result = story(book, make_article,
                   ("Eight people were killed in the blast, the health ministry said.", MON_9),
                   ("Eleven people were killed in the blast, the health ministry said.", MON_9))
    assert found(result) == [("total", "error")]


# ---- one time: headline and body ---------------------------------------------------------------------


def test_a_headline_against_its_own_body_is_an_error(book, make_article):
    result = story(book, make_article,
                   ("A car bomb exploded near the market on Monday, killing 45 people.", MON_9, "40 dead in market bombing"))
    assert found(result) == [("total", "error")]


# ---- parts -------------------------------------------------------------------------------------------


def test_others_and_including_are_parts_of_the_toll(book, make_article):
    result = story(book, make_article,
                   ("Twelve people were killed in the blast, including three children.", MON_9),
                   ("Three children and nine others were killed in the blast.", MON_18))
    assert found(result) == []


def test_a_part_larger_than_a_later_whole_is_flagged(book, make_article):
    result = story(book, make_article,
                   ("Twelve people were killed in the blast, including eight children.", MON_9),
                   ("Five people were killed in the blast.", MON_9))
    assert [kind for kind, _ in found(result)] == ["total"]


# ---- siblings ----------------------------------------------------------------------------------------


def test_the_same_count_told_as_two_sibling_categories_is_a_category_warning(book, make_article):
    result = story(book, make_article,
                   ("Four soldiers were killed in the blast on Monday.", MON_18),
                   ("Four police officers were killed in the blast on Monday.", MON_18))
    assert found(result) == [("category", "warning")]
    assert result[0].message == "soldier vs police officer for the same 4"


def test_siblings_with_different_counts_are_two_groups_not_a_conflict(book, make_article):
    assert story(book, make_article,
                 ("Four soldiers were killed in the blast on Monday.", MON_18),
                 ("Two police officers were killed in the blast on Monday.", MON_18)) == []


# ---- one finding per story, slot and kind ------------------------------------------------------------


def test_many_values_make_one_finding_with_a_stable_id(book, make_article):
    first = story(book, make_article,
                  ("Twelve people were killed in the fire at the depot.", MON),
                  ("Nineteen people were killed in the fire at the depot.", MON))
    more = story(book, make_article,
                 ("Twelve people were killed in the fire at the depot.", MON),
                 ("Nineteen people were killed in the fire at the depot.", MON),
                 ("Fifteen people were killed in the fire at the depot.", MON),
                 ("Seventeen people were killed in the fire at the depot.", MON))
    assert len(first) == len(more) == 1
    assert len(more[0].sides) == 4
    assert more[0].id == first[0].id


def test_a_story_that_says_its_toll_moves_reads_unordered_figures_as_moving(book, make_article):
    result = story(book, make_article,
                   ("Twelve people were killed in the fire at the depot.", MON),
                   ("Nineteen people were killed in the fire at the depot.", MON),
                   ("The death toll from the depot fire rose to 19 on Monday evening.", MON))
    assert found(result) == [("update", "info")]


def test_siblings_an_article_counts_apart_are_different_people(book, make_article):
    assert story(book, make_article,
                 ("Four soldiers were killed in the blast on Monday. Four police officers were also killed.",
                  MON_18),
                 ("Four police officers were killed in the blast on Monday.", MON_18)) == []


# ---- parts by place ------------------------------------------------------------------------------


SPLIT = ("At least 1,541 people were killed in Turkey after the earthquake. "
         "Across the border, 237 people were killed in Syria.")


def test_tolls_of_two_places_of_one_story_are_parts_not_rivals(book, make_article):
    result = story(book, make_article,
                   (SPLIT, MON_9),
                   ("The earthquake killed 237 people in Syria, officials said.", MON_9),
                   ("More than 2,000 people were killed by the earthquake.", MON_18))
    assert [d for d in result if d.severity != "info"] == []


def test_a_part_by_place_is_compared_with_the_same_part(book, make_article):
    result = story(book, make_article,
                   (SPLIT, MON_9),
                   ("The earthquake killed 237 people in Syria, officials said.", MON_9),
                   ("The earthquake killed 310 people in Syria, officials said.", MON_18))
    assert found(result) == [("update", "info")]
    # Syria's figures only: 237 (a0, a1) then 310 (a2)
    assert [s.display for s in result[0].sides] == ["237 people", "310 people"]
    assert {c.evidence.article for s in result[0].sides for c in s.claims} == {"a0", "a1", "a2"}


def test_a_part_larger_than_the_whole_is_flagged(book, make_article):
    result = story(book, make_article,
                   (SPLIT, MON_9),
                   ("The earthquake killed 237 people in Syria, officials said.", MON_9),
                   ("The earthquake killed 900 people.", MON_9))
    assert [kind for kind, severity in found(result) if severity != "info"] == ["total"]


def test_one_figure_in_a_place_says_nothing_of_parts(book, make_article):
    result = story(book, make_article,
                   ("A fire swept through a building in Mangaf. Forty people were killed in Kuwait.", MON_9),
                   ("Fifty people were killed in the fire in Mangaf.", MON_9))
    assert [kind for kind, _ in found(result)] == ["total"]


def test_the_story_s_own_place_qualifies_the_whole_toll(book, make_article):
    result = story(book, make_article,
                   ("A bomb exploded in a mosque in Peshawar. Forty people were killed in Peshawar.", MON_9),
                   ("A bomb exploded in a mosque in Peshawar, killing 52 people.", MON_9))
    assert [kind for kind, _ in found(result)] == ["total"]


def test_parts_that_add_up_past_the_whole_are_a_warning(book, make_article):
    result = story(book, make_article,
                   (SPLIT, MON_9),
                   ("The earthquake killed 1,600 people, officials said.", MON_18))
    warnings = [d for d in result if d.severity == "warning"]
    assert [d.kind for d in warnings] == ["total"]
    assert warnings[0].message.startswith("the parts add up to 1778 (237 in Syria + 1541 in Turkey)")
    assert len(warnings[0].sides) == 3


# ---- older figures an article recalls, revisions in one article, parts of a moving toll ------------


def test_a_later_article_recalling_the_first_figure_is_history_not_a_stale_figure(book, make_article):
    # the recalled 40 comes after the revision to 31, but the article itself calls it the first count
    result = story(book, make_article,
                   ("Forty people were killed in the ferry fire, the coast guard said.", MON_9),
                   ("The coast guard revised the toll from the ferry fire down to 31 people.", TUE_9),
                   ("At first the coast guard announced a toll of 40, but that count was revised downwards. "
                    "Thirty-three people are now confirmed dead after the ferry fire.", WED_9))
    assert all(severity == "info" for _, severity in found(result)), result


def test_a_cue_after_a_clause_break_belongs_to_another_figure(book, make_article):
    # "revised downwards" after ", but" says the 40 was replaced: it is no revision to 40
    result = story(book, make_article,
                   ("The coast guard revised the toll from the ferry fire down to 31 people.", MON_9),
                   ("Originally the coast guard counted 40 dead, but the figure was revised downwards later.",
                    TUE_9))
    assert all(severity == "info" for _, severity in found(result)), result


def test_a_cue_opening_the_sentence_reaches_a_figure_far_from_it(book, make_article):
    result = story(book, make_article,
                   ("Early reports from the mountain villages on Monday evening had spoken, in the confusion "
                    "of the night, of 70 people injured in the landslide.", TUE_9),
                   ("Fifty-two people were injured in the landslide, the provincial office said.", MON_18),
                   slot="casualties.injured")
    assert all(severity == "info" for _, severity in found(result)), result


def test_of_two_downward_revisions_in_one_article_the_lowest_is_its_toll(book, make_article):
    result = story(book, make_article,
                   ("On Monday the province revised the death toll from 58 to 51. On Tuesday the mining "
                    "authority lowered the death toll to 46 after a recount of the mine blast victims.", TUE_9),
                   ("The death toll from the mine blast has risen to 48, the authority said.",
                    WED_9))
    assert all(severity == "info" for _, severity in found(result)), result
    assert any("46 people" in s.display for d in result for s in d.sides)


def test_an_earlier_smaller_figure_of_an_article_is_not_set_against_another_whole(book, make_article):
    # a1's 48 is its earlier figure (its toll is 57): against a0's 41 the two tolls speak, as an update
    result = story(book, make_article,
                   ("Forty-one people died in the tower fire, firefighters said.", MON_9),
                   ("Forty-eight people have died in the tower fire. By noon the death toll rose to 57.", MON_18))
    assert found(result) == [("update", "info")]


def test_a_falling_count_of_the_injured_is_history(book, make_article):
    result = story(book, make_article,
                   ("Ninety people were injured in the crush at the festival gate.", MON_9),
                   ("Eighty-one people were injured in the crush at the festival gate.", TUE_9),
                   slot="casualties.injured")
    assert found(result) == [("update", "info")]
    assert [s.display for s in result[0].sides] == ["90 people", "81 people"]
    # the dead are not recounted that way: the same fall in the killed toll stays a warning
    killed = story(book, make_article,
                   ("Ninety people were killed in the crush at the festival gate.", MON_9),
                   ("Eighty-one people were killed in the crush at the festival gate.", TUE_9))
    assert found(killed) == [("total", "warning")]


def test_a_toll_given_as_groups_reads_every_group(book, make_article):
    result = story(book, make_article,
                   ("Eleven pupils and one adult were killed in the school bus crash.", MON),
                   ("The death toll from the school bus crash has risen to 12 pupils and two adults.", None))
    assert all(severity == "info" for _, severity in found(result)), result
    assert any("12 child + 2 adult" in s.display for d in result for s in d.sides)


def test_the_injured_named_inside_a_list_are_a_part(book, make_article):
    result = story(book, make_article,
                   ("Several people were hurt, including three injured firefighters, when the roof fell.", None),
                   ("Five people were injured when the roof of the warehouse fell.", None),
                   slot="casualties.injured")
    assert all(severity == "info" for _, severity in found(result)), result


def test_shares_of_the_dead_that_cannot_both_be_true_conflict(book, make_article):
    result = story(book, make_article,
                   ("Eleven children were among the 29 people killed in the school fire.", MON),
                   ("At least 13 of the 29 people killed in the school fire were children.", MON))
    assert [(d.kind, s) for d in result for s in [sides(d)]] == [("count", [["a0"], ["a1"]])]
    # a bound that the other count meets is no conflict
    agree = story(book, make_article,
                  ("Eleven children were among the 29 people killed in the school fire.", MON),
                  ("At least nine of the 29 people killed in the school fire were children.", MON))
    assert all(d.kind != "count" for d in agree)


def test_a_title_case_word_after_a_place_is_not_part_of_its_name(book, make_article):
    # "… in Pellston Posted: Friday" and "in Pellston" are one place: no parts that add up past the toll
    result = story(book, make_article,
                   ("Police say at least three people died after gunfire in Pellston early on Friday.", MON_9,
                    "UPDATE: 4 People Dead After Shooting in Pellston Posted: Friday, July 26"),
                   ("Four people died in the shooting in Harlow County.", MON_18))
    assert not [d for d in result if d.severity != "info" and "add up" in d.message], [d.message for d in result]


# ---- differing tolls of many articles: weighed per profile, not per pair of claims -------------------

_TOLL_SHAPES = [
    "{n} people were killed when the roof of the depot gave way, {who} said.",
    "The roof collapse at the depot left {n} people dead, according to {who}.",
    "{n} people died after the depot roof fell in on Monday.",
]
_WHO = ["the fire service", "police", "the mayor's office", "a hospital spokeswoman"]


def _moment(i: int):
    """Publication times of many shapes: minutes apart, one hour shared, a date alone, none."""
    if i % 9 == 4:
        return None
    if i % 7 == 3:
        return dt.date(2024, 3, 11 + i % 3)
    return dt.datetime(2024, 3, 11 + i % 3, (i * 5) % 24, (i * 13) % 60, tzinfo=UTC)


def test_two_hundred_articles_with_differing_tolls_are_not_weighed_pair_by_pair(book, make_article, monkeypatch):
    # five tolls among 200 articles, each with its own publication time: 16,000 pairs of claims of
    # different values (a blow-up that made 2,000 such articles take a minute); `relate` is asked
    # once per pair of claim profiles and order, and each source pair is read once
    from checker.engine import sources, timeline

    relate, same_speaker = timeline.Timeline.relate, sources.same_speaker
    calls = {"relate": 0, "same_speaker": 0}

    def counted(name, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(timeline.Timeline, "relate", counted("relate", relate))
    monkeypatch.setattr(sources, "same_speaker", counted("same_speaker", same_speaker))
    bodies = [_TOLL_SHAPES[i % 3].format(n=20 + i % 5, who=_WHO[i % 4]) for i in range(200)]
    result = story(book, make_article, *[(body, _moment(i)) for i, body in enumerate(bodies)])
    assert calls["relate"] < 500, calls
    assert calls["same_speaker"] < 2000, calls
    # and every article still takes part, each figure a side of its own
    claims = {c.evidence.article for d in result for s in d.sides for c in s.claims}
    assert claims == {f"a{i}" for i in range(200)}
    assert {s.display for d in result for s in d.sides} == {f"{20 + k} people" for k in range(5)}


def test_weighing_per_profile_finds_what_weighing_every_pair_finds(book, make_article, monkeypatch):
    # the claims of each pair of value groups, weighed pair by pair as `relate` says, against what
    # `weigh` makes of them: the same ways, in the same order, with the same message and claims
    from checker.engine import timeline
    from checker.engine.claims import comparable

    weigh, checked = timeline.Timeline.weigh, []

    def every_pair(self, left, right, conflict, severity, credited):
        found = {}
        for a in left:
            for b in right:
                if comparable(a, b):
                    kind, sev, message = self.relate(a, b, left, right, conflict, severity, credited)
                    _, lefts, rights = found.setdefault((kind, sev), (message, {}, {}))
                    lefts[id(a)], rights[id(b)] = a, b
        return [(kind, sev, message, tuple(lefts.values()), {id(f) for f in rights.values()})
                for (kind, sev), (message, lefts, rights) in found.items()]

    def both(self, left, right, conflict, severity, credited):
        ways = weigh(self, left, right, conflict, severity, credited)
        assert [(k, s, m, ls, {id(f) for f in rs}) for k, s, m, ls, rs in ways] == \
            every_pair(self, left, right, conflict, severity, credited)
        checked.append(len(ways))
        return ways

    monkeypatch.setattr(timeline.Timeline, "weigh", both)
    shapes = [
        "{n} people were killed in the depot fire, {who} said.",
        "The death toll from the depot fire rose to {n}, {who} said.",
        "Officials had earlier said {n} people were killed in the depot fire.",
        "The toll of the depot fire was revised down to {n} after some victims were counted twice.",
        "The depot fire killed {n} people, including three firefighters.",
        "At least {n} people died in the depot fire.",
    ]
    articles = []
    for i in range(90):
        body = shapes[i % 6].format(n=[14, 17, 21, 17, 25, 12][(i * 5) % 6] + i % 2, who=_WHO[i % 4])
        if i % 5 == 0:
            body += " " + shapes[(i + 1) % 6].format(n=19, who=_WHO[(i + 2) % 4])
        headline = f"{[14, 21, 9][i % 3]} dead in depot fire" if i % 4 == 1 else "Depot fire"
        articles.append((body, _moment(i), headline))
    result = story(book, make_article, *articles)
    assert result and sum(checked) > 20  # many pairs of groups weighed, in several ways
    assert {kind for kind, _ in found(result)} >= {"update", "total", "contested"}


# ---- time cues run on PCRE2 where the book approved them -------------------------------------------

CUE_SENTENCES = [
    "The toll rose to 31 on Tuesday, up from 24 a day earlier.",
    "Officials initially said nine people had died; the figure was later revised down to seven.",
    "Earlier reports had put the number of dead at 40, but it has climbed to 52 as of Friday.",
    "Police lowered the death toll to 12 after some victims were counted twice.",
    "The shooting earlier this week left three dead, the latest figures show.",
    "At first reported as 5, the count of injured now stands at 8.",
    "Nothing here moves: four people were hurt in the fall.",
    "The number of wounded was once estimated at 60 and has risen to 75, surpassing early estimates.",
]


def test_time_cues_find_the_same_spans_on_either_engine(book):
    from checker.engine.timeline import cue_spans

    rules = book.lexicons.time_cues
    assert rules and all(rule.fast for rule in rules)  # the shipped cues are approved for PCRE2
    found = 0
    for rule in rules:
        for sentence in CUE_SENTENCES:
            spans = cue_spans(rule, sentence)
            assert spans == [m.span() for m in rule.regex.finditer(sentence)], (rule.when, sentence)
            found += len(spans)
    assert found >= 10
