"""The rule-file language, as pydantic models.

These models are the single definition of what a rule pack may contain: they
validate packs (``extra="forbid"`` so a misspelt key is an error, not a silent
no-op) and they generate the JSON Schema editors use for completion
(``checker schema rules``). Every field carries a description for that reason.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Severity = Literal["error", "warning", "info"]
ValueTypeName = Literal["count", "headcount", "quantity", "place", "date", "time", "quote", "name"]
# what a {reference} in a pattern can name (see checker.rules.compile._REFERENCE)
VocabName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
WordList = Annotated[list[str], Field(min_length=1)]
SlotName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
CueWord = Annotated[str, StringConstraints(pattern=r"\w")]  # a word or phrase: not empty, not punctuation alone


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternSpec(_Strict):
    """A pattern with options; a plain string is the same as ``{pattern: ...}``."""

    pattern: str = Field(description="Regular expression (Python `regex` syntax) with {macro} and {vocab} references.")
    partial: bool = Field(False, description="The match names only part of the whole (\"including two children\"): "
                                             "never compared as a total.")
    with_whole: bool = Field(False, description="A part this pattern reads (with `partial`) is kept only in an "
                                                "article that also gives the slot's whole figure for its own "
                                                "incident: \"the victims included 22 children\" names some of "
                                                "the dead only where the article tells of deaths.")
    note: str | None = Field(None, description="Why this pattern exists; shown by `checker explain`.")


class Example(_Strict):
    """A sentence the slot must (or must not) fill; run by `checker rules test`."""

    text: str = Field(description="A sentence written for this rule (never copied from an article).")
    expect: str | list[str] = Field(
        description="The display of the value(s) the slot must produce, in order; `none` when it must not fire.")

    @property
    def expected(self) -> list[str]:
        values = [self.expect] if isinstance(self.expect, str) else list(self.expect)
        return [] if values == ["none"] else values


class SlotSpec(_Strict):
    """One fact slot: what to find, its value type, and how serious a disagreement is."""

    type: ValueTypeName = Field(description="Value type; decides how values are parsed and compared.")
    severity: Severity = Field("warning", description="Severity of a conflict on this slot.")
    description: str = Field(description="What this slot records, in one line.")
    patterns: list[str | PatternSpec] = Field(min_length=1, description="Patterns that fill the slot.")
    unless: list[str] = Field(default_factory=list,
                              description="Sentence-level exclusions: a sentence matching any of these is skipped.")
    triggers: list[str] | None = Field(
        None, description="Literal words one of which must occur in a sentence before the slot's patterns run "
                          "there. Default: derived per pattern from the vocab and literal words it requires.")
    scoped: bool = Field(True, description="Compare only facts about the same kind of incident (see `scopes`).")
    grows: bool = Field(False, description="The value may rise over time (tolls): a later, larger figure is an "
                                           "`update`, not a conflict.")
    falling: Severity = Field(
        "warning", description="Severity, at most `warning`, of a later, smaller figure of a slot that `grows` "
                               "when no revision is said (a toll that falls is news or an error); `info` for "
                               "counts that fall in the normal course, as the injured die, go home or are "
                               "recounted.")
    enabled: bool = Field(True, description="Set false in a story pack to switch a slot off.")
    examples: list[Example] = Field(default_factory=list, description="Sentences the slot must or must not fill.")


class SlotOverride(_Strict):
    """A story pack's change to a slot defined in another pack."""

    severity: Severity | None = Field(None, description="New severity of a conflict on the slot.")
    enabled: bool | None = Field(None, description="false switches the slot off; true switches it back on.")
    unless: list[str] = Field(default_factory=list, description="Extra exclusions added to the slot.")
    patterns: list[str | PatternSpec] = Field(default_factory=list, description="Extra patterns added to the slot.")
    examples: list[Example] = Field(default_factory=list,
                                    description="Extra examples, run with the slot's own by `checker rules test`.")


class Category(_Strict):
    """A category of people (or any taxonomy): its words and where it sits."""

    category: str = Field(description="Canonical name, singular (\"soldier\").")
    broader: str | None = Field(None, description="The category this one is part of; omit for the root.")
    overlaps: bool = Field(False, description="Members may also belong to sibling categories (children, women): "
                                              "never a conflict with a sibling.")
    terms: list[str] = Field(default_factory=list, description="Words for it; plurals with a final -s are added.")


class Place(_Strict):
    """A place and the other names it goes by."""

    name: str = Field(description="Preferred name.")
    aliases: list[str] = Field(default_factory=list, description="Other names and spellings of the same place.")
    within: str | None = Field(None, description="A larger place that contains it (a district's province).")


class SpeakerAlias(_Strict):
    """One speaker known by several names."""

    name: str = Field(description="The speaker's name as reports show it (\"interior ministry\").")
    aliases: list[str] = Field(default_factory=list,
                               description="Other names of the same speaker: quotes credited to any of them agree.")


class Settings(_Strict):
    """How values are compared and how long matching may take. A key set in a later pack
    replaces the same key of an earlier one; keys it leaves out keep their value."""

    approximate_tolerance: float = Field(0.1, ge=0, le=1, description="Relative width of 'about N'.")
    quote_similarity: float = Field(85, ge=50, le=100, description="rapidfuzz score at which two quotes are the same.")
    place_similarity: float = Field(80, ge=50, le=100,
                                    description="rapidfuzz score at which two folded place names are one spelling.")
    contested_severity: Severity = Field("info", description="Severity of figures that differ by source.")
    quantity_tolerance: float = Field(
        0.05, ge=0, le=1, description="Relative difference within which two quantities are one figure (unit "
                                      "conversions and rounding: 1.6 miles = 2.6 km). Magnitudes take it as an "
                                      "absolute difference (0.05: 6.1 and 6.2 differ).")
    perpetrators: list[str] = Field(
        ["attacker"], description="Taxonomy categories of those who caused the harm: a toll that counts them "
                                  "(\"six killed, including the gunman\") also agrees with the toll without them.")
    uncounted: list[str] = Field(
        ["unborn"], description="Taxonomy categories some counts leave out (\"five adults and an unborn child\"): a toll "
                        "that counts them also agrees with the toll without them.")
    unordered_severity: Severity = Field(
        "warning", description="Severity, at most `warning`, of differing figures of a slot that `grows` when "
                               "nothing orders them (same day, no publication time, no time cue); `info` "
                               "reads them as a toll moving while several outlets report it.")
    time_tolerance: int = Field(
        5, ge=0, le=720, description="Minutes within which two clock times of one event agree, on top of what "
                                     "their qualifiers allow (\"around 7 p.m.\" is 6.50 to 7.10: it agrees with "
                                     "\"7.15 p.m.\", not with \"7.20 p.m.\").")
    lead_sentences: int = Field(
        4, ge=0, le=50, description="Sentences of an article's body that, with its headline, tell its own incident: "
                                    "a figure further on that contradicts every figure of the headline and lead "
                                    "is about another incident or moment (kept, labelled, never compared); 0: off.")
    roundup_sentences: int = Field(
        2, ge=0, le=50, description="Sentences labelled by `roundup` cues that make an article a roundup of several "
                                    "incidents: its facts beyond the lead that no cue labels are items of the "
                                    "roundup too (kept, labelled, never compared); 0: off.")
    match_timeout: float | None = Field(
        None, gt=0, le=600, description="Seconds one pattern may spend matching in one article (default 2). A "
                                        "pattern that takes longer is stopped there and reported, with its "
                                        "file:line:col; the other patterns and articles still run.")

    # finding stories (``--stories auto``): see checker.stories.group
    story_threshold: float = Field(4.0, ge=0, description="Score at which two articles are one incident's "
                                                          "(`--stories auto`): the sum of the weights of what they share.")
    story_bare_threshold: float = Field(1.0, ge=0, description="The score that joins an article nothing dates or "
                                                               "places (no publication date, no day, place or "
                                                               "name), or two articles nothing dates, to the "
                                                               "story it shares most with; only while the run "
                                                               "has at most `story_block_limit` undated "
                                                               "articles (an archive with hundreds needs "
                                                               "`story_threshold`).")
    story_sure: float = Field(5.0, ge=0, description="Score at which a pair of articles is joined although "
                                                     "their stories' tolls disagree or their days are a day "
                                                     "apart (one incident told at two moments); below it, "
                                                     "such a join needs a shared victim's name. Clock times "
                                                     "hours apart keep stories apart at any score.")
    story_merge_threshold: float = Field(5.5, ge=0, description="Score a pair needs to join two found stories of "
                                                                  "two articles or more each (a weaker link between "
                                                                  "two stories is a chain, through a city and page "
                                                                  "furniture, more often than one incident).")
    story_roundup_tolls: int = Field(3, ge=2, le=4, description="An article that gives this many different tolls "
                                                                 "of the dead, or of the wounded, tells several incidents (a roundup, a "
                                                                 "follow-up that recalls others): it joins only an "
                                                                 "article that names one of its victims or suspects.")
    story_roundup_days: int = Field(3, ge=2, le=1000, description="So does one that gives this many days of "
                                                                "incidents, apart by more than "
                                                                "`story_date_tolerance`, and two death tolls.")
    story_place_window: int = Field(3, ge=0, le=3650, description="Days apart within which two articles sharing a "
                                                                  "place may be one incident's.")
    story_name_window: int = Field(400, ge=0, le=3650, description="Days apart within which two articles naming the "
                                                                   "same person may be one incident's (trials follow "
                                                                   "killings by months).")
    story_word_window: int = Field(30, ge=0, le=3650, description="Days apart within which two articles sharing "
                                                                 "headline words may be one incident's.")
    story_date_tolerance: int = Field(1, ge=0, le=30, description="Days within which two incident days agree.")
    story_time_tolerance: int = Field(
        60, ge=0, le=720, description="Minutes within which two clock times may still be one incident's when "
                                      "stories are grouped (reports of one shooting give the time of the call, "
                                      "of the shots, of the police's arrival).")
    story_block_limit: int = Field(40, ge=1, le=100000, description="A place, name or word shown by this many "
                                                                    "articles within its window tells nothing: "
                                                                    "passed over (and what bounds the cost).")
    story_largest: int = Field(100, ge=1, le=1000000, description="The most articles a found story holds: a "
                                                                  "larger one is a topic, not an incident (and "
                                                                  "comparing it costs the square of its size).")
    story_rare_block: int = Field(2, ge=0, le=1000, description="A cue shown by at most this many other articles "
                                                                "within its window is rare: it earns its rare weight.")
    story_common_share: float = Field(0.02, ge=0, le=1, description="A place, name or word that more than this "
                                                                     "share of the run's articles (and more than "
                                                                     "`story_common_floor`) show tells no incident "
                                                                     "from another: passed over (a city, a site's "
                                                                     "name, page furniture).")
    story_common_floor: int = Field(10, ge=1, le=1000000, description="The fewest articles a passed-over common "
                                                                      "cue is shown by (small runs pass over "
                                                                      "nothing).")
    story_rare_run: int = Field(5, ge=0, le=1000, description="A headline word or proper name that at most this "
                                                              "many articles of the run show is rare: it earns the "
                                                              "rare weight and is matched over the names' window "
                                                              "(a trial months later names the same family); "
                                                              "only in a run of more than `story_block_limit` "
                                                              "articles.")
    story_weight_place: float = Field(1.0, description="Weight of a shared place.")
    story_weight_rare_place: float = Field(1.0, description="Added when the shared place is rare in its window.")
    story_weight_name: float = Field(2.5, description="Weight of a shared victim's or suspect's name (given an age or "
                                                      "what happened: \"Jo Doe, 15,\", \"Jo Doe was shot\").")
    story_weight_mention: float = Field(1.0, description="Weight of another shared name pair of a harm sentence.")
    story_weight_rare_mention: float = Field(1.0, description="Added when the shared name pair is rare in its window.")
    story_weight_word: float = Field(0.5, description="Weight of each shared headline word.")
    story_weight_rare_word: float = Field(0.5, description="Added for each shared headline word rare in its window.")
    story_weight_words_most: float = Field(3.5, ge=0, description="The most the shared headline words, and the shared proper names of the bodies, may each add.")
    story_weight_topic: float = Field(1.0, description="Weight of each proper name both bodies repeat most "
                                                        "(the rare weight of words is added when it is rare).")
    story_weight_date: float = Field(1.0, description="Added when both texts give the incident the same day.")
    story_weight_date_conflict: float = Field(-3.0, le=0, description="Added (negative) when the texts give "
                                                                      "different days.")
    story_weight_fact_conflict: float = Field(-1.5, le=0, description="Added (negative) for each of the clock "
                                                                      "time, the killed and the injured on which two "
                                                                      "articles disagree; two stories whose facts "
                                                                      "disagree are joined only by a pair that "
                                                                      "shares a victim's name and either a place "
                                                                      "and the day or no disagreement of its own.")
    story_weight_near: float = Field(1.0, description="Added when a text gives no day and the two were published "
                                                      "within the date tolerance of each other's day.")

class StoryCueWords(_Strict):
    """Words by which `--stories auto` reads what tells one article's incident from another's: the
    dateline's and the police's place, the names of those harmed or charged, the headline's telling
    words. Each list is of words or phrases, matched whole and without regard to case; a later pack's
    words are added to an earlier pack's."""

    harms: list[CueWord] = Field(default_factory=list, description="Words of a sentence that tells a harm or what "
                                                               "follows one (\"shot\", \"charged\"): only such "
                                                               "sentences are read for names.")
    harmed: list[CueWord] = Field(default_factory=list, description="What happened to someone, after a name and "
                                                                "one of `auxiliaries` (\"Jo Doe was *shot*\"): "
                                                                "the name is a victim's or a suspect's.")
    auxiliaries: list[CueWord] = Field(default_factory=list, description="Words between a name and one of `harmed` "
                                                                     "(\"was\", \"had been\").")
    named_after: list[CueWord] = Field(default_factory=list, description="Words right after a name that make it a "
                                                                     "victim's or a suspect's (\"Jo Doe *died*\").")
    named_before: list[CueWord] = Field(default_factory=list, description="Words before a name that make it a victim's "
                                                                      "or a suspect's (\"identified as\"; up to "
                                                                      "three words may stand inside a phrase: "
                                                                      "\"identified the man as\").")
    titles: list[CueWord] = Field(default_factory=list, description="Offices before a name that make it no victim's "
                                                                "or suspect's (\"Officer\", \"Mayor\").")
    not_names: list[CueWord] = Field(default_factory=list, description="Capitalised words that are no person's name "
                                                                   "(days, months, institutions' words, page "
                                                                   "furniture): a name pair with one is passed over.")
    authorities: list[CueWord] = Field(default_factory=list, description="Words after a place that name its police "
                                                                     "(\"<town> *police*\"): the place is read.")
    not_places: list[CueWord] = Field(default_factory=list, description="Words before one of `authorities` that are "
                                                                    "no place (\"State\", \"Campus\").")
    not_datelines: list[CueWord] = Field(default_factory=list, description="Capitalised words before a dash at the "
                                                                       "start that are no dateline "
                                                                       "(\"UPDATE -\").")
    common_words: list[CueWord] = Field(default_factory=list, description="Headline words that tell no incident from "
                                                                      "another (\"man\", \"shooting\").")


class OtherIncident(_Strict):
    """Cues that a sentence tells of another incident than the story's own: an earlier one, a
    roundup of many, a comparison, or (for dates and times) a later moment such as a death in
    hospital or an arrest. Facts read in such a sentence are kept, labelled with the reason, and
    never compared."""

    reason: str = Field(min_length=1, description="Why such a sentence is about another incident "
                                                  "(shown in `explain` and in the report's facts).")
    patterns: WordList = Field(description="Patterns, any of which marks a sentence; vocab and macros as in slots.")
    slots: list[str] = Field(default_factory=list, description="Slot ids (`pack.slot`) the cue applies to; "
                                                                "empty: every slot.")
    roundup: bool = Field(False, description="The cue tells of several incidents at once: an article with "
                                             "`settings.roundup_sentences` or more sentences labelled by such "
                                             "cues is a roundup, and its facts beyond the lead are labelled too.")


class TimeCue(_Strict):
    """Words that place a figure on its slot's timeline, relative to its article's publication:
    "initially" (an older figure the article recalls), "rose to" (the newest one, the toll is
    moving), "was revised down to" (a correction of earlier figures). Compared values of a slot
    marked `grows` are ordered by publication time first, then by these cues."""

    when: Literal["earlier", "latest", "revised"] = Field(
        description="`earlier`: the figure was given before the article (\"initially\", \"had said\"); "
                    "`latest`: the newest figure of a moving toll (\"rose to\", \"now\", \"updated\"); "
                    "`revised`: a correction of earlier figures (\"revised down to\"): a later, lower "
                    "figure so marked is no error, and a later article that still gives a figure it "
                    "replaced carries a stale one.")
    patterns: WordList = Field(description="Patterns, searched in the figure's sentence (nearest to the figure "
                                           "wins); vocab and macros as in slots.")
    slots: list[str] = Field(default_factory=list, description="Slot ids (`pack.slot`) the cue applies to; "
                                                                "empty: every slot.")


class RulePack(_Strict):
    """A rule pack: one YAML file."""

    pack: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Pack id; slots are named `pack.slot`.")
    description: str = Field("", description="What the pack covers.")
    settings: Settings | None = Field(None, description="Comparison and matching settings; a later pack's "
                                                        "keys replace an earlier pack's, key by key.")
    vocab: dict[VocabName, WordList] = Field(
        default_factory=dict, description="Named word lists, used in patterns as {name}; a pack that names a list "
                                          "another pack defines adds its words to it.")
    taxonomy: list[Category] = Field(default_factory=list,
                                     description="People categories, used by {headcount}, {headcounts} and {people}.")
    places: list[Place] = Field(default_factory=list, description="Place aliases and containment.")
    speakers: list[SpeakerAlias] = Field(default_factory=list, description="Speaker aliases.")
    scopes: dict[str, WordList] = Field(
        default_factory=dict, description="Kinds of incident and their words; scoped slots compare facts of one kind.")
    place_aliases: list[str] = Field(
        default_factory=list, description="Patterns by which an article declares two names of one place, "
                                          "with groups {place:a} and {place:b}; learned for the whole story.")
    sources: list[str] = Field(
        default_factory=list, description="Patterns that credit a sentence to a source, with a {speaker} group "
                                          "(\"{speaker} said\", \"according to {speaker}\").")
    other_incidents: list[OtherIncident] = Field(
        default_factory=list, description="Cues that a sentence is about another incident than the story's own; "
                                          "its facts are labelled with the reason and never compared.")
    time_cues: list[TimeCue] = Field(
        default_factory=list, description="Cues that place a figure on its slot's timeline (\"initially\", "
                                          "\"rose to\", \"was revised\"); used by slots marked `grows`.")
    story_cues: StoryCueWords | None = Field(
        None, description="Words by which `--stories auto` reads an article's incident (dateline, names, "
                          "headline); a later pack's words are added to an earlier pack's.")
    slots: dict[SlotName, SlotSpec] = Field(default_factory=dict,
                                            description="Slots defined by this pack, by name (the id is `pack.name`).")
    overrides: dict[str, SlotOverride] = Field(default_factory=dict,
                                               description="Changes to slots of other packs, by full id (`pack.slot`).")


def rules_schema() -> dict:
    """The JSON Schema of a rule file, generated from these models (``checker schema rules``)."""
    schema = RulePack.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "checker-rules/1",
            "title": "checker rule pack", **{k: v for k, v in schema.items() if k != "title"}}
