"""Stories found when none is given (``--stories auto``): articles grouped by the incident they report.

The articles are written here, in the shapes local news takes (a dateline, a victim's name and age,
a headline that names the town); none is copied from an article.
"""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from checker.cli.app import app
from checker.report.schema import report_schema
from checker.stories.cues import StoryCues
from checker.stories.group import StoryWeights, group_stories

REPO = Path(__file__).resolve().parent.parent


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def write(folder: Path, name: str, text: str, **meta: str) -> None:
    front = "".join(f"{k}: {v}\n" for k, v in meta.items())
    (folder / name).write_text(f"---\n{front}---\n{text}", encoding="utf-8")


def report(*args: str) -> dict:
    result = cli("check", *args, "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def stories_of(records: dict) -> dict[str, str]:
    return {Path(a["path"]).stem: a["story"] for a in records["articles"]}


# one shooting in Marlow Springs told by three outlets, another in Eastbrook the same day
MARLOW = [
    ("marlow-herald.md", "Man killed in Marlow Springs shooting",
     "MARLOW SPRINGS - A man was shot and killed outside a laundromat on Pell Street on Tuesday night, "
     "police said.\n\nPolice identified the victim as Darnell Ashby, 27, of Marlow Springs. Two other men were "
     "injured.\n\nNo arrests have been made."),
    ("marlow-channel.md", "Police name victim of Pell Street laundromat shooting",
     "MARLOW SPRINGS, Ore. (KMSX) - Darnell Ashby, 27, died after he was shot outside a laundromat late Tuesday, "
     "Marlow Springs police said.\n\nTwo men were wounded in the shooting and taken to Saint Brigid Hospital."),
    ("marlow-daily.md", "Marlow Springs mourns laundromat shooting victim",
     "Friends gathered on Wednesday for Darnell Ashby, who was killed in a shooting in Marlow Springs on "
     "Tuesday.\n\nAshby, 27, was shot outside the laundromat where he worked, police said. Two other men were "
     "injured."),
]
EASTBROOK = ("eastbrook-news.md", "Teen wounded in Eastbrook shooting",
             "EASTBROOK - A boy of 16 was hit in the thigh by a bullet on Tuesday afternoon close to Corliss Park, Eastbrook "
             "police said.\n\nThe boy, identified as Tyrese Hollins, 16, was taken to a hospital and is expected "
             "to survive.")


@pytest.fixture
def town_news(tmp_path: Path) -> Path:
    for name, title, text in MARLOW:
        write(tmp_path, name, text, published="2024-03-13", title=json.dumps(title))
    write(tmp_path, EASTBROOK[0], EASTBROOK[2], published="2024-03-12", title=json.dumps(EASTBROOK[1]))
    return tmp_path


def test_one_shooting_told_three_times_is_one_story_and_another_town_is_another(town_news):
    found = stories_of(report(str(town_news)))
    assert found["marlow-herald"] == found["marlow-channel"] == found["marlow-daily"], found
    assert found["eastbrook-news"] != found["marlow-herald"], "two towns' shootings set against each other"


def test_every_article_says_why_it_is_in_its_story_and_the_report_keeps_its_schema(town_news):
    records = report(str(town_news))
    jsonschema.validate(records, report_schema())
    grouped = {Path(a["path"]).stem: a["grouped"] for a in records["articles"]}
    assert grouped["marlow-channel"]["with"] is not None
    assert any("Darnell Ashby" in g["names"] or "Marlow Springs" in g["places"]
               for name, g in grouped.items() if name.startswith("marlow"))
    assert grouped["eastbrook-news"]["with"] is None
    assert "no other article" in grouped["eastbrook-news"]["reason"]


def test_two_shootings_in_two_cities_on_one_day_are_two_stories(tmp_path):
    write(tmp_path, "a.md", "HOLLIS - Two men were shot and killed at a gas station on Saturday night, Hollis "
                            "police said. The victims were identified as Ray Dunmore, 31, and Carl Ebbs, 29.",
          published="2024-05-05", title="Two killed in Hollis gas station shooting")
    write(tmp_path, "b.md", "WEST LINDEN - Two men were shot and killed outside a nightclub on Saturday night, "
                            "West Linden police said. Police identified them as Omar Price, 24, and Lee Vance, 30.",
          published="2024-05-05", title="Two killed in West Linden nightclub shooting")
    records = report(str(tmp_path))
    found = stories_of(records)
    assert found["a"] != found["b"]
    assert not [d for d in records["discrepancies"] if d["severity"] in ("warning", "error")], \
        "a false alarm between two incidents"


def test_an_article_with_no_place_stays_alone_rather_than_join_the_wrong_story(town_news):
    write(town_news, "noplace.md", "A woman was shot in the arm on Tuesday while walking home, police said. "
                                   "She is expected to recover.",
          published="2024-03-13", title="Woman wounded while walking home")
    found = stories_of(report(str(town_news)))
    assert found["noplace"] not in {found["marlow-herald"], found["eastbrook-news"]}


def test_story_metadata_always_wins(town_news):
    text = (town_news / "marlow-daily.md").read_text(encoding="utf-8").replace("---\n", "---\nstory: vigil\n", 1)
    (town_news / "marlow-daily.md").write_text(text, encoding="utf-8")
    found = stories_of(report(str(town_news), "--stories", "auto"))
    assert found["marlow-daily"] == "vigil"
    # the others join the story an article of their incident names
    assert found["marlow-herald"] == found["marlow-channel"] == "vigil"
    assert found["eastbrook-news"] != "vigil"


def test_stories_one_keeps_every_article_in_one_story(town_news):
    assert set(stories_of(report(str(town_news), "--stories", "one")).values()) == {"default"}


def test_the_seeds_without_their_metadata_are_still_one_story_with_the_same_findings(tmp_path):
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    bare = report(str(tmp_path))
    with_metadata = report(str(REPO / "seeds"))
    assert set(stories_of(bare).values()) == {"default"}

    def findings(records: dict) -> list[tuple[str, str, str]]:
        return sorted((d["rule"], d["kind"], d["severity"]) for d in records["discrepancies"])

    assert findings(bare) == findings(with_metadata)
    assert len(with_metadata["discrepancies"]) == 5


def test_a_new_article_joins_the_published_story_it_belongs_to(town_news, tmp_path_factory):
    new = tmp_path_factory.mktemp("new")
    shutil.move(str(town_news / "marlow-daily.md"), new / "marlow-daily.md")
    records = report(str(new), "--against", str(town_news))
    found = stories_of(records)
    assert found["marlow-daily"] == found["marlow-herald"] == found["marlow-channel"]
    assert "eastbrook-news" not in found, "a published article of another incident is reported"


# ---- the grouping itself ----------------------------------------------------------------------


def _archive(incidents: int = 60, seed: int = 7) -> tuple[list[str], list[StoryCues], list[int]]:
    rng = random.Random(seed)
    ids, cues, truth = [], [], []
    for incident in range(incidents):
        day = 738000 + rng.randrange(200)
        place, name = f"town{incident % 17}", f"victim{incident} person{incident}"
        for copy in range(rng.randrange(1, 4)):
            ids.append(f"{incident:03d}-{copy}")
            cues.append(StoryCues(published=day + copy, date=day, days=(day,), kinds=("shooting",), places=(place,),
                                  names=(name,), words=(f"street{incident}",)))
            truth.append(incident)
    return ids, cues, truth


def test_story_ids_do_not_depend_on_the_order_of_the_articles():
    ids, cues, _ = _archive()
    first = dict(zip(ids, group_stories(ids, cues).stories))
    order = list(range(len(ids)))
    random.Random(3).shuffle(order)
    shuffled = group_stories([ids[i] for i in order], [cues[i] for i in order])
    assert dict(zip([ids[i] for i in order], shuffled.stories)) == first


def test_the_grouping_finds_the_incidents_of_a_synthetic_archive():
    ids, cues, truth = _archive()
    stories = group_stories(ids, cues).stories
    assert len(set(stories)) == len(set(truth))
    assert all((stories[i] == stories[j]) == (truth[i] == truth[j]) for i in range(len(ids)) for j in range(i))


def test_a_found_story_is_named_by_its_place_its_first_day_and_a_hash_of_its_members():
    import datetime as dt
    import hashlib

    ids, cues, truth = _archive(incidents=12, seed=4)
    undated = StoryCues(places=("Glen Ardle",), names=("ola quist",))  # no day: the name has none
    ids, cues, truth = [*ids, "z-1", "z-2"], [*cues, undated, undated], [*truth, -1, -1]
    stories = group_stories(ids, cues).stories
    assert len(stories) == len(ids) and stories[-1] == stories[len(ids) - 1] and stories[:2] == [stories[0], stories[1]]
    for incident in set(truth):
        members = [i for i, t in enumerate(truth) if t == incident]
        digest = hashlib.sha1("\n".join(sorted(ids[i] for i in members)).encode()).hexdigest()[:8]
        place = cues[members[0]].places[0].lower().replace(" ", "-")
        dates = [cues[i].date for i in members if cues[i].date]
        expected = f"{place}-{dt.date.fromordinal(min(dates)).isoformat()}-{digest}" if dates else f"{place}-{digest}"
        assert {stories[i] for i in members} == {expected}


def test_thresholds_come_from_the_packs_settings(tmp_path, town_news):
    (tmp_path / "strict.yaml").write_text("pack: strict\nsettings:\n  story_threshold: 1000\n", encoding="utf-8")
    found = stories_of(report(str(town_news), "--rules", str(tmp_path / "strict.yaml")))
    assert len(set(found.values())) == 4
    weights = StoryWeights.from_settings()
    assert weights.threshold == 4.0 and weights.date_conflict < 0


def test_jobs_give_the_same_stories(tmp_path):
    rng = random.Random(11)
    first, second = ["Ash", "Bell", "Cin", "Dun", "Elm"], ["grove", "moor", "holt", "port"]
    given, family = ["Jordan", "Casey", "Morgan", "Riley", "Avery"], ["Talbot", "Quarles", "Wexford", "Pruitt"]
    for incident in range(20):
        town = first[incident % 5] + second[incident // 5]
        victim = f"{given[incident % 5]} {family[incident // 5]}"
        for copy in range(3):
            write(tmp_path, f"i{incident:02d}-{copy}.md",
                  f"{town.upper()} - {victim}, {20 + incident}, was shot and killed on Monday, {town} police said. "
                  f"{rng.choice(['One', 'Two'])} other people were injured.",
                  published=f"2024-04-{1 + incident:02d}", title=json.dumps(f"{victim} killed in {town} shooting"))
    one = report(str(tmp_path), "--jobs", "1")
    two = report(str(tmp_path), "--jobs", "2")
    assert [(a["id"], a["story"], a["grouped"]) for a in one["articles"]] == \
        [(a["id"], a["story"], a["grouped"]) for a in two["articles"]]
    assert one["discrepancies"] == two["discrepancies"]
    found = stories_of(one)
    assert all(found[f"i{n:02d}-0"] == found[f"i{n:02d}-2"] for n in range(20))
    assert len(set(found.values())) == 20


def test_explain_shows_the_cues_and_with_among_the_story_and_why(town_news):
    result = cli("explain", str(town_news / "marlow-channel.md"), "--among", str(town_news))
    assert result.exit_code == 0, result.output
    assert "story cues" in result.stdout and "Darnell Ashby" in result.stdout.replace("darnell ashby", "Darnell Ashby")
    assert "in its story with marlow-" in result.stdout


# ---- the cue words are the rule packs' (story_cues) ----------------------------------------------



def test_story_cue_words_are_validated_with_their_location(tmp_path):
    from checker.rules.book import RuleBookError
    from checker.rules.load import load_rulebook

    text = "pack: extra\nstory_cues:\n  harms: [maimed, '--']\n  victims_named: [x]\n"
    path = tmp_path / "extra.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleBookError) as info:
        load_rulebook([path])
    found = sorted(str(p) for p in info.value.problems)
    assert len(found) == 2, found
    assert found[0].startswith(f"{path}:3:") and "story_cues.harms.1" in found[0]
    assert found[1].startswith(f"{path}:4:3: unknown key 'victims_named'")


def test_a_pack_adds_story_cue_words_to_the_default_packs(tmp_path):
    from checker.rules.load import load_rulebook

    (tmp_path / "extra.yaml").write_text(
        "pack: extra\nstory_cues:\n  harms: [maimed]\n  harmed: [maimed]\n  common_words: [quarry]\n"
        "  authorities: [constabulary]\n", encoding="utf-8")
    default = load_rulebook().lexicons.story_cues
    extended = load_rulebook([tmp_path / "extra.yaml"]).lexicons.story_cues
    sentence = "Rowan Hartigan was maimed near the quarry, the Fenwick constabulary said."
    assert default.harms.search("Two were shot.") and not default.harms.search(sentence)
    assert extended.harms.search(sentence) and extended.harms.search("Two were shot.")
    assert extended.named_after.match(" was maimed") and not default.named_after.match(" was maimed")
    assert "quarry" in extended.common_words and "quarry" not in default.common_words
    assert "shooting" in extended.common_words  # the default pack's words stay
    assert extended.authority.search(sentence).group("place") == "Fenwick"
    assert default.authority.search(sentence) is None


def test_story_cue_words_decide_what_is_read(tmp_path):
    """An article read with the default pack and with a pack that adds words: the victim's name is
    read only where a word of the sentence is a harm the packs know."""
    (tmp_path / "extra.yaml").write_text("pack: extra\nstory_cues:\n  harms: [maimed]\n  harmed: [maimed]\n",
                                         encoding="utf-8")
    news = tmp_path / "news"
    news.mkdir()
    write(news, "a.md", "HOLLINS BAY - Rowan Hartigan was maimed by a falling crane on Friday, the harbour office "
                        "said.", published="2024-05-04", title=json.dumps("Crane falls at Hollins Bay pier"))
    plain = cli("explain", str(news / "a.md"))
    extended = cli("explain", str(news / "a.md"), "--rules", str(tmp_path / "extra.yaml"))
    assert plain.exit_code == 0 and extended.exit_code == 0, plain.output + extended.output
    assert "rowan hartigan" not in plain.stdout.lower()
    assert "rowan hartigan" in extended.stdout.lower()


# ---- what a city's or a site's name says: nothing, when most of the run shows it -------------------

_STREETS = ["Alder Row", "Birch Lane", "Cobble Way", "Dover Court", "Elm Terrace", "Fenn Road", "Garnet Street",
            "Heron Drive", "Ivy Close", "Juniper Walk", "Kestrel Avenue", "Linden Place", "Marsh Street", "Nettle Lane"]
_VICTIMS = ["Orla Penhallow", "Piers Quennell", "Rhoda Sallis", "Tobias Umfreville", "Ursula Vellacott",
            "Victor Wentworth", "Wilma Yelland", "Xavier Zouch", "Yvonne Abernethy", "Zachary Bellingham",
            "Agnes Cottrell", "Bruno Dimmock", "Celia Eastwick", "Dorian Fairclough"]


def _harbour_city_news(folder: Path) -> None:
    """Fourteen shootings in one city over three days, each told once by the same site: the city and the
    site's name are in every article, the street and the victim in one."""
    for n, (street, victim) in enumerate(zip(_STREETS, _VICTIMS)):
        day = 10 + n % 3
        write(folder, f"h{n:02d}.md",
              f"HARBOURVALE - {victim}, {20 + n}, was shot on {street} late on the {day}th, Harbourvale police "
              f"said.\n\nOfficers found {victim.split()[0]} on the pavement of {street}. Anyone who saw the "
              f"shooting on {street} is asked to call Harbourvale police.\n\nStay with Coastline Eight News "
              f"Harbourvale for updates.",
              published=f"2024-06-{day:02d}",
              title=json.dumps(f"Shooting on {street} - Coastline Eight News Harbourvale"))


def test_a_city_and_a_site_that_most_articles_name_join_no_two_incidents(tmp_path):
    _harbour_city_news(tmp_path)
    found = stories_of(report(str(tmp_path)))
    assert len(set(found.values())) == len(_STREETS), found


def test_the_same_city_still_joins_two_tellings_of_one_shooting(tmp_path):
    _harbour_city_news(tmp_path)
    write(tmp_path, "h99.md", f"{_VICTIMS[3]}, {23}, died after being shot on {_STREETS[3]}, Harbourvale police "
                              f"said on Thursday.\n\nA neighbour on {_STREETS[3]} heard four shots.",
          published="2024-06-11", title=json.dumps(f"{_VICTIMS[3]} dies after {_STREETS[3]} shooting"))
    found = stories_of(report(str(tmp_path)))
    assert found["h99"] == found["h03"]
    assert len(set(found.values())) == len(_STREETS)


def test_a_victim_named_with_an_age_in_one_article_and_in_passing_in_another_is_one_incident():
    # one article names the victim with an age (a name), the other in passing (a mention): they meet
    a = StoryCues(published=739000, date=739000, days=(739000,), kinds=("shooting",), names=("hollis brannagh",),
                  words=("quayside",))
    b = StoryCues(published=739001, kinds=("shooting",), mentions=("hollis brannagh",), words=("quayside", "vigil"))
    stories = group_stories(["a", "b"], [a, b]).stories
    assert stories[0] == stories[1]


def test_a_follow_up_months_later_joins_by_the_rare_names_it_repeats():
    # the sentencing, four months on, repeats the street and the family's names few articles show
    first = StoryCues(published=739000, date=739000, days=(739000,), kinds=("shooting",), places=("tollbridge",),
                      mentions=("delia ormsby",), words=("brackley", "terrace"), topics=("brackley", "ormsby", "quennell"))
    later = StoryCues(published=739120, kinds=("shooting",), words=("sentenced", "brackley"),
                      mentions=("delia ormsby",), topics=("brackley", "ormsby", "quennell"))
    other = StoryCues(published=739118, kinds=("shooting",), places=("tollbridge",), words=("sentenced",),
                      topics=("fairweather",))
    # among an archive's other incidents (rarity tells something in a run larger than a block)
    archive = [StoryCues(published=738000 + 9 * k, date=738000 + 9 * k, days=(738000 + 9 * k,), kinds=("shooting",),
                         places=(f"hamlet{k}",), words=(f"lane{k}",)) for k in range(50)]
    ids = ["first", "later", "other"] + [f"x{k:02d}" for k in range(50)]
    stories = group_stories(ids, [first, later, other, *archive]).stories
    assert stories[0] == stories[1] != stories[2]


def test_packed_cues_give_back_what_was_kept_and_the_story_an_article_names():
    from checker.stories.cues import PackedCues

    packed = PackedCues()
    kept = [StoryCues(published=739000 + n, places=(f"place{n}",), names=(f"given{n} family{n}",)) for n in range(9000)]
    for n, cue in enumerate(kept):
        packed.append(cue) if n != 17 else packed.append(None, "harbour-fire")
    assert len(packed) == 9000
    assert packed[17] == StoryCues(given="harbour-fire")
    assert packed[8999] == kept[8999] and packed[3] == kept[3] and packed[3] is packed[3]  # read once, kept
    assert [c.published for c in packed][:3] == [739000, 739001, 739002]
    unnamed = PackedCues()
    unnamed.append(None)
    assert unnamed[0] == StoryCues()  # an article without a story of its own names none


def test_undated_pages_by_the_hundred_need_the_full_threshold_a_handful_do_not():
    # two undated articles that share one name pair: what an editor hands in, one story
    pair = [StoryCues(places=("quarrybank",), mentions=("esme tolliver",)),
            StoryCues(places=("lowmoor",), mentions=("esme tolliver",))]
    assert len(set(group_stories(["a", "b"], pair).stories)) == 1
    # sixty undated pages of an archive, two by two sharing a name pair: on the bare threshold thirty
    # pairs would join; with more undated pages than a block holds, a name pair alone joins none
    many = [StoryCues(places=(f"hamlet{k}",), mentions=(f"given{k % 30} family{k % 30}",)) for k in range(60)]
    stories = group_stories([f"p{k:02d}" for k in range(60)], many).stories
    assert len(set(stories)) == 60


def test_a_pair_that_shares_much_joins_though_its_days_differ_by_one_and_less_does_not():
    # one article dates the shooting late on the 4th, the other (after midnight) on the 5th; they share
    # the street, the park and the family's name: from story_sure on the join is kept, the date warning
    # is then within the incident. Sharing only the town, the same pair stays apart.
    a = StoryCues(published=739005, date=739004, days=(739004,), kinds=("shooting",), places=("wrenfield",),
                  words=("garroway", "orchard", "vigil", "street"), topics=("garroway", "orchard", "pellow"),
                  killed=((1, 1),))
    b = StoryCues(published=739005, date=739005, days=(739005,), kinds=("shooting",), places=("wrenfield",),
                  words=("garroway", "orchard", "vigil", "street"), topics=("garroway", "orchard", "pellow"),
                  killed=((1, 1),))
    weights = StoryWeights.from_settings()
    assert weights.sure < 100
    stories = group_stories(["a", "b"], [a, b], weights).stories
    assert stories[0] == stories[1]
    strict = dataclasses.replace(weights, sure=100.0)
    stories = group_stories(["a", "b"], [a, b], strict).stories
    assert stories[0] != stories[1]
    weak = StoryCues(published=739005, date=739005, days=(739005,), kinds=("shooting",), places=("wrenfield",),
                     words=("lockyard",), killed=((1, 1),))
    stories = group_stories(["a", "weak"], [a, weak], weights).stories
    assert stories[0] != stories[1]


def _other_incidents(n: int = 50) -> list[StoryCues]:
    """Other incidents of an archive, each of its own hamlet, lane and day (rarity tells in a run larger than a block)."""
    return [StoryCues(published=738000 + 9 * k, date=738000 + 9 * k, days=(738000 + 9 * k,), kinds=("shooting",),
                      places=(f"hamlet{k}",), words=(f"lane{k}",)) for k in range(n)]


def test_a_roundup_of_several_incidents_joins_only_an_article_that_names_one_of_its_victims():
    # a weekend roundup gives three death tolls on the city's three shootings; a report of one of them
    # shares the city, the district and the day with it, but names nobody the roundup names
    report = StoryCues(published=739002, date=739001, days=(739001,), kinds=("shooting",), places=("coldmarsh",),
                       words=("tannery", "row"), topics=("tannery", "quill"), killed=((1, 1),))
    roundup = StoryCues(published=739002, date=739000, days=(739000, 739001), kinds=("shooting",),
                        places=("coldmarsh",), words=("weekend", "tannery"), topics=("tannery", "quill"),
                        killed=((1, 1), (2, 2), (3, 3)))
    ids = ["report", "roundup"] + [f"x{k:02d}" for k in range(50)]
    stories = group_stories(ids, [report, roundup, *_other_incidents()]).stories
    assert stories[0] != stories[1]
    # the same roundup with two tolls is one article's story told at two moments: it joins
    told_twice = roundup._replace(killed=((1, 1), (2, 2)))
    stories = group_stories(ids, [report, told_twice, *_other_incidents()]).stories
    assert stories[0] == stories[1]
    # and a roundup that names the report's victim joins it
    named = roundup._replace(names=("ivo marchetti",))
    stories = group_stories(ids, [report._replace(names=("ivo marchetti",)), named, *_other_incidents()]).stories
    assert stories[0] == stories[1]


def test_two_stories_are_joined_only_by_a_pair_that_shares_enough():
    # two shootings in one city on one day, each told twice; one article of each shares the city and a
    # road both pages' sidebars name: that weak pair must not make one story of the four
    a1 = StoryCues(published=739010, kinds=("shooting",), places=("brackwater", "fennick"),
                   words=("fennick", "laundry"), topics=("fennick", "laundry", "osier"))
    a2 = StoryCues(published=739010, kinds=("shooting",), places=("brackwater", "fennick"),
                   words=("fennick", "laundry"), topics=("fennick", "laundry", "osier"))
    b1 = StoryCues(published=739010, kinds=("shooting",), places=("brackwater",),
                   words=("grocer", "deputy"), topics=("grocer", "deputy", "harlow"))
    b2 = StoryCues(published=739010, kinds=("shooting",), places=("brackwater",),
                   words=("grocer", "deputy"), topics=("grocer", "deputy", "harlow", "osier"))
    ids = ["a1", "a2", "b1", "b2"] + [f"x{k:02d}" for k in range(50)]
    cues = [a1, a2, b1, b2, *_other_incidents()]
    weights = StoryWeights.from_settings()
    stories = group_stories(ids, cues, weights).stories
    assert stories[0] == stories[1] and stories[2] == stories[3] and stories[0] != stories[2]
    loose = dataclasses.replace(weights, merge_threshold=0.0)
    stories = group_stories(ids, cues, loose).stories
    assert stories[0] == stories[2]


def test_packed_cues_written_out_to_a_file_read_back_the_same_in_any_order():
    from checker.stories.cues import PackedCues

    packed = PackedCues()
    packed._BUFFER = 512  # a few articles' cues, then the file
    kept = [StoryCues(published=739000 + n, days=(739000 + n,), places=(f"place{n}",), killed=((n % 4, n % 4),),
                      labels=((f"place{n}", f"Place{n}"),)) for n in range(3000)]
    for n, cue in enumerate(kept):
        packed.append(cue) if n % 700 != 5 else packed.append(None, f"story-{n}")
    assert packed._written > 0 and len(packed) == 3000
    rng = random.Random(3)
    for n in rng.sample(range(3000), 300) + [2999, 0, 5]:
        assert packed[n] == (kept[n] if n % 700 != 5 else StoryCues(given=f"story-{n}"))
    assert packed[-1] == kept[-1]
    assert [c.published for c in packed] == [c.published if n % 700 != 5 else None for n, c in enumerate(kept)]
    for block in (1, 700, 1 << 18):  # read in order a block of the file at a time: a cue at a block's end is whole
        packed._BLOCK = block
        assert list(packed) == [c if n % 700 != 5 else StoryCues(given=f"story-{n}") for n, c in enumerate(kept)]
    packed.close()


def test_packed_cues_read_back_whole_when_the_file_gives_a_few_bytes_at_a_time(monkeypatch):
    import os

    from checker.stories import cues as cue_module

    real = cue_module._PREAD or (lambda fd, size, at: os.read(fd, size) if os.lseek(fd, at, 0) == at else b"")
    monkeypatch.setattr(cue_module, "_PREAD", lambda fd, size, at: real(fd, min(size, 7), at))
    packed = cue_module.PackedCues()
    packed._BUFFER = 256
    kept = [StoryCues(published=739100 + n, places=(f"hamlet{n}",), words=("ferry", f"pier{n}")) for n in range(400)]
    for cue in kept:
        packed.append(cue)
    assert packed._written > 0
    assert [packed[n] for n in (399, 0, 123, 250)] == [kept[n] for n in (399, 0, 123, 250)]
    packed._BLOCK = 100
    assert list(packed) == kept
    packed.close()


def test_harm_words_are_found_where_the_alternation_finds_them():
    import regex

    from checker.stories.cues import _found

    words = ("dead", "shot", "shooting", "victim", "victims", "gunned down")
    pattern = regex.compile(r"\b(?:" + "|".join(sorted((w.replace(" ", " ") for w in words), key=len, reverse=True))
                            + r")\b")
    texts = ["the victim's brother was shot; two victims were gunned down near the shooting range",
             "shot", "upshot: no one shot_dead was reshot. dead-end street, deadline missed, dead.",
             "victimsvictim victims", ""]
    for text in texts:
        assert _found(text, words) == [m.start() for m in pattern.finditer(text)], text


def test_places_before_police_are_those_one_pass_of_the_pattern_finds():
    from checker.cli.support import load_book
    from checker.stories.cues import _authority_places

    rules = load_book([], False).lexicons.story_cues
    heads = ["Port Arlen Police said the man ran. Later, Welby County Sheriff deputies and Port Arlen police met.",
             "Port Arlen Policemen were there; Dunmore PD said nothing. Two police officers and Lake Osna police came.",
             "Old Marsh Hill Police Department: " + "x" * 90 + " Fenwick police said",
             "Nobody from the police spoke; the sheriff did not either."]
    for head in heads:
        assert _authority_places(head, head.lower(), rules) == \
            [m.group("place") for m in rules.authority.finditer(head)], head


def test_joins_are_ranked_strongest_first_then_by_the_ids_they_join_as_a_tuple_sort_would():
    from checker.stories import group

    rng = random.Random(5)
    ids = [f"a{rng.randrange(10_000):05d}" for _ in range(300)]
    ids = list(dict.fromkeys(ids))
    rank, by_rank = group._ranks(ids)
    assert [ids[i] for i in by_rank] == sorted(ids)
    assert all(by_rank[rank[i]] == i for i in range(len(ids)))
    edges = group._Edges()
    for _ in range(2000):  # few distinct scores: most ties are broken by the pair
        a, b = rng.sample(range(len(ids)), 2)
        edges.add(rng.choice((1.5, 2.0, 2.25, 3.0)), a, b)
    by_tuple = sorted(range(len(edges.score)), key=lambda e: (-edges.score[e], sorted((ids[edges.a[e]], ids[edges.b[e]]))))
    ranked = list(edges.ranked(rank))
    assert [edges.score[e] for e in ranked] == [edges.score[e] for e in by_tuple]
    assert [sorted((ids[edges.a[e]], ids[edges.b[e]])) for e in ranked] == \
        [sorted((ids[edges.a[e]], ids[edges.b[e]])) for e in by_tuple]


def test_cue_numbers_tell_keys_and_their_kinds_apart():
    from checker.stories import group

    cues = [StoryCues(places=("elm",), names=("jo doe",), mentions=("al roe",), words=("elm", "fire"),
                      topics=("doe",)) for _ in range(3)]
    told = group._Told(cues, StoryWeights.from_settings())
    numbered = told.numbered(cues[0])
    assert [key for key, _ in numbered] == told.keys(cues[0]) == sorted(told.keys(cues[0]))
    numbers = [number for _, number in numbered]
    assert len(set(numbers)) == len(numbers)  # ("p", "elm"), ("t", "elm") and ("w", "elm") are three cues
    assert all(group._KINDS[number & group._KIND_MASK] == key[0] for key, number in numbered)


def test_what_two_articles_share_is_the_sorted_keys_both_show():
    """Read kind by kind, the shared keys are those a set of each article's keys would give, sorted: a
    place is also a proper name ("t"), a name also a mention ("m")."""
    from checker.stories import group

    rng = random.Random(7)
    pool = ["elm", "jo doe", "al roe", "fire", "doe", "pier", "oak", "mae lin"]

    def some() -> tuple[str, ...]:
        return tuple(sorted(rng.sample(pool, rng.randrange(4))))

    weights = StoryWeights.from_settings()
    for _ in range(300):
        a, b = (StoryCues(places=some(), names=some(), mentions=some(), words=some(), topics=some(),
                          days=(739000 + rng.randrange(3),)) for _ in range(2))
        keys, same_day = group._shared(a, b, weights)
        assert keys == tuple(sorted(set(group._keys(a)) & set(group._keys(b)))), (a, b)
        assert same_day == group._same_day(a.days, b.days, weights.date_tolerance)


def test_articles_are_ordered_by_key_then_as_given_as_a_sort_would():
    from array import array

    from checker.stories import group

    rng = random.Random(7)
    for size in (0, 1, 50, 700):
        days = array("i", (rng.choice((0, 738000, 738001, 738003, 739500)) for _ in range(size)))
        given = list(range(size))
        rng.shuffle(given)  # the articles in some order (the ids'): kept between equal days
        assert list(group._ordered(given, days)) == sorted(given, key=lambda i: days[i])
        roots = array("i", (rng.randrange(size) for _ in range(size)))  # an article's story, by its root
        assert list(group._ordered(range(size), roots, size)) == sorted(range(size), key=lambda i: (roots[i], i))
