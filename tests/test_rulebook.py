"""checker.rules.book: rule packs validated with file:line:col errors and hints, and layered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.rules.book import RuleBookError
from checker.rules.load import load_rulebook


def at(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``text`` (plus ``offset`` characters)."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def problems(path: Path, defaults: bool = False) -> list[str]:
    with pytest.raises(RuleBookError) as info:
        load_rulebook([path], defaults=defaults)
    return [str(p) for p in info.value.problems]


def only_problem(path: Path, defaults: bool = False) -> str:
    found = problems(path, defaults)
    assert len(found) == 1, found
    return found[0]


# ---- validation errors ------------------------------------------------------------


def test_unknown_key_names_location_and_suggests_the_right_one(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    severty: error
    description: How many blasts.
    patterns: ['{count} blasts']
"""
    path = write_pack(text)
    line, col = at(text, "severty")
    assert only_problem(path) == f"{path}:{line}:{col}: unknown key 'severty'\n  hint: did you mean 'severity'?"


def test_unknown_top_level_key_lists_allowed_keys_when_nothing_is_close(write_pack):
    text = "pack: story\nzzzz: 1\nslots: {}\n"
    path = write_pack(text)
    message = only_problem(path)
    assert message.startswith(f"{path}:2:1: unknown key 'zzzz'\n  hint: allowed here: ")
    assert "overrides" in message and "slots" in message and "vocab" in message


def test_unknown_key_in_an_example(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    description: How many blasts.
    patterns: ['{count} blasts']
    examples:
      - text: Two blasts hit the town.
        expect: "2"
        expcet: "3"
"""
    path = write_pack(text)
    line, col = at(text, "expcet")
    assert only_problem(path) == f"{path}:{line}:{col}: unknown key 'expcet'\n  hint: did you mean 'expect'?"


def test_wrong_type_of_value_is_located_at_the_value(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: blasts
    description: How many blasts.
    patterns: ['{count} blasts']
"""
    path = write_pack(text)
    line, col = at(text, "blasts\n")
    assert only_problem(path) == (
        f"{path}:{line}:{col}: slots.blasts.type: Input should be 'count', 'headcount', 'quantity', 'place', "
        "'date', 'time', 'quote' or 'name'\n  hint: use one of the allowed values")


def test_wrong_severity_is_located_at_the_value(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    severity: fatal
    description: How many blasts.
    patterns: ['{count} blasts']
"""
    path = write_pack(text)
    line, col = at(text, "fatal")
    assert only_problem(path) == (f"{path}:{line}:{col}: slots.blasts.severity: Input should be 'error', "
                                  "'warning' or 'info'\n  hint: use one of the allowed values")


def test_wrong_type_boolean_and_list_are_located(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    grows: maybe
    description: How many blasts.
    patterns: 5
"""
    path = write_pack(text)
    found = problems(path)
    grows, patterns = at(text, "maybe"), at(text, "5\n")
    assert [p.split("\n")[0] for p in found] == [
        f"{path}:{grows[0]}:{grows[1]}: slots.blasts.grows: Input should be a valid boolean, unable to interpret input",
        f"{path}:{patterns[0]}:{patterns[1]}: slots.blasts.patterns: Input should be a valid list",
    ]


def test_every_validation_problem_has_a_hint(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    grows: maybe
    description: How many blasts.
    patterns: 5
"""
    found = problems(write_pack(text))
    assert all("\n  hint: " in p for p in found), found


def test_pack_id_format_is_checked(write_pack):
    path = write_pack("pack: Story-Pack\nslots: {}\n")
    assert only_problem(path) == (f"{path}:1:7: pack: String should match pattern '^[a-z][a-z0-9_]*$'\n"
                                  "  hint: use lower-case letters, digits and _ only, starting with a letter")


def test_missing_required_key_is_located_at_the_slot(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    patterns: ['{count} blasts']
"""
    path = write_pack(text)
    line, col = at(text, "blasts:")  # at the slot's key, not at its first child
    assert only_problem(path) == f"{path}:{line}:{col}: missing required key 'description'\n  hint: add it"


def test_missing_pack_key(write_pack):
    path = write_pack("slots: {}\n")
    assert only_problem(path) == f"{path}:1:1: missing required key 'pack'\n  hint: add it"


def test_all_problems_of_a_file_are_reported_sorted(write_pack):
    text = """\
pack: story
slots:
  a:
    type: count
    severty: error
    description: A.
    patterns: ['{count} blasts']
  b:
    type: count
    patterns: ['{count} bombs']
"""
    path = write_pack(text)
    found = problems(path)
    assert [p.split(": ", 1)[0] for p in found] == [f"{path}:5:5", f"{path}:8:3"]


def test_a_file_that_is_not_a_mapping(write_pack):
    path = write_pack("- pack\n- slots\n")
    assert only_problem(path).startswith(f"{path}:1:1: a rule file must be a mapping with 'pack:' and 'slots:'")


def test_hint_for_non_mapping_file_names_an_existing_command(write_pack):
    from typer.testing import CliRunner

    from checker.cli.app import app

    assert "checker rules new" in only_problem(write_pack("- pack\n"))
    assert CliRunner().invoke(app, ["rules", "new", "--help"]).exit_code == 0


def test_invalid_yaml_is_reported_as_a_problem(write_pack):
    path = write_pack("pack: story\nslots:\n  a: [1, 2\n  b: 3\n")
    assert only_problem(path).startswith(f"{path}:4:4: invalid YAML: ")


def test_unreadable_file_is_reported(tmp_path):
    missing = tmp_path / "missing.yaml"
    assert only_problem(missing) == f"{missing}:1:1: cannot read rule file: No such file or directory"


# ---- slot ids and overrides ----------------------------------------------------------

FIRST = """\
pack: story
slots:
  blasts:
    type: count
    description: How many blasts.
    patterns: ['{count} blasts']
"""
SECOND = """\
pack: story
description: Another file of the same pack.
slots:
  blasts:
    type: count
    description: How many bombs.
    patterns: ['{count} bombs']
"""


def test_duplicate_slot_id_across_two_packs_names_both_places(write_pack):
    first, second = write_pack(FIRST, "one.yaml"), write_pack(SECOND, "two.yaml")
    with pytest.raises(RuleBookError) as info:
        load_rulebook([first, second], defaults=False)
    assert [str(p) for p in info.value.problems] == [
        f"{second}:4:3: duplicate slot id 'story.blasts'\n"
        f"  hint: already defined at {first}:3:3; use 'overrides:' to change it"]


def test_duplicate_of_a_default_slot(write_pack):
    path = write_pack("pack: incident\nslots:\n  count:\n    type: count\n    description: x\n"
                      "    patterns: ['{count} bombs']\n")
    message = only_problem(path, defaults=True)
    assert message.startswith(f"{path}:3:3: duplicate slot id 'incident.count'\n  hint: already defined at ")
    assert "rules/incident.yaml:" in message


def test_override_of_unknown_slot_suggests_the_close_one(write_pack):
    text = "pack: story\noverrides:\n  casualties.kiled:\n    severity: info\n"
    path = write_pack(text)
    assert only_problem(path, defaults=True) == (f"{path}:3:3: override of unknown slot 'casualties.kiled'\n"
                                                 "  hint: did you mean 'casualties.killed'?")


def test_override_of_unknown_slot_without_a_close_one(write_pack):
    path = write_pack("pack: story\noverrides:\n  nothing.here:\n    enabled: false\n")
    assert only_problem(path, defaults=False) == (f"{path}:3:3: override of unknown slot 'nothing.here'\n"
                                                  "  hint: slot ids are pack.slot")


# ---- patterns -------------------------------------------------------------------------


def test_unknown_vocab_in_pattern_points_inside_the_pattern(write_pack):
    text = """\
pack: story
slots:
  killed:
    type: headcount
    description: Killed.
    patterns:
      - '{headcounts} were {kiled_verb} today'
"""
    path = write_pack(text)
    line, col = at(text, "{kiled_verb}")
    assert only_problem(path, defaults=True) == (f"{path}:{line}:{col}: unknown macro or vocab '{{kiled_verb}}'\n"
                                                 "  hint: did you mean '{killed_verb}'?")


def test_unknown_macro_without_defaults_lists_the_macros(write_pack):
    text = "pack: story\nslots:\n  a:\n    type: count\n    description: A.\n    patterns: [\"{cuont} blasts\"]\n"
    path = write_pack(text)
    line, col = at(text, "{cuont}")
    message = only_problem(path)
    assert message.startswith(f"{path}:{line}:{col}: unknown macro or vocab '{{cuont}}'\n  hint: did you mean '{{count}}'?")


def test_unknown_reference_in_second_flow_item(write_pack):
    text = "pack: story\nslots:\n  a:\n    type: count\n    description: A.\n" \
           "    patterns: ['{count} blasts', '{count} {nope} bombs']\n"
    path = write_pack(text)
    line, col = at(text, "{nope}")
    assert only_problem(path).startswith(f"{path}:{line}:{col}: unknown macro or vocab '{{nope}}'\n")


def test_unknown_reference_in_plain_scalar_pattern(write_pack):
    text = "pack: story\nslots:\n  a:\n    type: count\n    description: A.\n    patterns:\n" \
           "      - (?:{count}) {nope} bombs\n"
    path = write_pack(text)
    line, col = at(text, "{nope}")
    assert only_problem(path).startswith(f"{path}:{line}:{col}: unknown macro or vocab '{{nope}}'\n")


def test_property_escapes_are_not_references(write_pack):
    path = write_pack("pack: story\nslots:\n  a:\n    type: count\n    description: A.\n"
                      "    patterns: ['{count} \\p{L}+ blasts', '{count} \\N{EM DASH} bombs']\n")
    book = load_rulebook([path], defaults=False)
    slot = book.slot("story.a")
    assert slot is not None and len(slot.patterns) == 2
    assert slot.patterns[0].regex.search("three huge blasts") is not None


def test_invalid_regex_points_at_the_fault(write_pack):
    text = "pack: story\nslots:\n  a:\n    type: count\n    description: A.\n    patterns:\n" \
           "      - 'blasts [z-a] {count}'\n"
    path = write_pack(text)
    line, col = at(text, "]")  # "bad character range" is reported at the closing bracket
    assert only_problem(path) == (f"{path}:{line}:{col}: invalid regular expression: bad character range\n"
                                  "  hint: escape literal ( ) [ ] { } ? + * with a backslash")


def test_invalid_regex_without_references_points_at_the_fault(write_pack):
    text = "pack: story\nslots:\n  a:\n    type: count\n    description: A.\n    patterns:\n" \
           "      - 'blasts (?:a|*b)'\n"
    path = write_pack(text)
    line, col = at(text, "*")
    assert only_problem(path).startswith(f"{path}:{line}:{col}: invalid regular expression: nothing to repeat\n")


def test_invalid_regex_after_a_macro_points_at_the_fault(write_pack):
    text = "pack: story\nslots:\n  a:\n    type: count\n    description: A.\n    patterns:\n" \
           "      - '{count} blasts (?:a|*b)'\n"
    path = write_pack(text)
    line, col = at(text, "*")
    assert only_problem(path).startswith(f"{path}:{line}:{col}: invalid regular expression: nothing to repeat\n")


@pytest.mark.parametrize("pattern", ["(?:blasts)?", "x*", "(?:{count} blasts)?", "a|"])
def test_pattern_matching_the_empty_string_is_rejected(write_pack, pattern):
    text = f"pack: story\nslots:\n  a:\n    type: count\n    description: A.\n    patterns:\n      - '{pattern}'\n"
    path = write_pack(text)
    line, col = at(text, pattern)
    assert only_problem(path) == (f"{path}:{line}:{col}: pattern can match the empty string\n"
                                  "  hint: make at least one part required (remove a trailing ? or *)")


def test_bad_unless_and_bad_lexicon_patterns_are_located(write_pack):
    text = """\
pack: story
sources: ['according to {speeker}']
slots:
  a:
    type: count
    description: A.
    patterns: ['{count} blasts']
    unless: ['since {yaer}']
"""
    path = write_pack(text)
    found = problems(path)
    (l1, c1), (l2, c2) = at(text, "{speeker}"), at(text, "{yaer}")
    assert [p.split("\n")[0] for p in found] == [
        f"{path}:{l1}:{c1}: unknown macro or vocab '{{speeker}}'",
        f"{path}:{l2}:{c2}: unknown macro or vocab '{{yaer}}'",
    ]


def test_problems_of_every_file_are_reported_together(write_pack):
    one = write_pack("pack: one\nslots:\n  a:\n    type: count\n    description: A.\n    patterns: ['(']\n",
                     "one.yaml")
    two = write_pack("pack: two\nslots:\n  b:\n    typ: count\n", "two.yaml")
    with pytest.raises(RuleBookError) as info:
        load_rulebook([one, two], defaults=False)
    assert [str(p).split("\n")[0] for p in info.value.problems] == [
        f"{one}:6:18: invalid regular expression: missing )",
        f"{two}:3:3: missing required keys 'type', 'description', 'patterns'",
        f"{two}:4:5: unknown key 'typ'",
    ]


# ---- the default pack and story-pack layering ----------------------------------------

STABLE_IDS = ["casualties.killed", "casualties.injured", "incident.count", "incident.place", "incident.date",
              "quotes.attribution"]


def test_default_pack_has_the_stable_slot_ids(book):
    ids = [s.id for s in book.slots]
    assert set(STABLE_IDS) <= set(ids)
    assert book.slot("casualties.killed").type_name == "headcount"
    assert book.slot("casualties.killed").severity == "error"
    assert book.slot("quotes.attribution").type_name == "quote"
    assert book.slot("nothing.here") is None


def test_default_slots_are_located_in_their_files(book):
    slot = book.slot("casualties.killed")
    assert slot.location.path.endswith("casualties.yaml")
    text = Path(slot.location.path).read_text(encoding="utf-8").splitlines()
    assert text[slot.location.line - 1].strip() == "killed:"
    pattern = slot.patterns[0]
    line = text[pattern.location.line - 1]
    assert line[pattern.location.column - 1:].startswith(pattern.source)


LAYER = """\
pack: bridge
description: A story pack for a bridge collapse.
vocab:
  killed_verb: [martyred]
slots:
  span:
    type: quantity
    description: Length of the span that fell.
    patterns: ['{quantity} (?:span|section)']
overrides:
  casualties.killed:
    severity: warning
  incident.count:
    enabled: false
"""


def test_story_pack_layers_on_the_default_pack(write_pack, make_article):
    from checker.engine.extract import extract

    book = load_rulebook([write_pack(LAYER)])
    ids = [s.id for s in book.slots]
    assert "bridge.span" in ids  # a slot added
    assert "incident.count" not in ids  # a slot disabled
    assert book.slot("casualties.killed").severity == "warning"  # a severity overridden
    assert book.slot("casualties.injured").severity == "warning"

    article = make_article("Four soldiers were martyred when a 40-metre span fell into the river.")
    facts = {(f.rule, f.display) for f in extract(article, book).facts}
    assert ("casualties.killed", "4 soldier") in facts  # the vocab extended
    assert ("bridge.span", "40 m") in facts


def test_without_the_story_pack_the_extended_word_is_not_read(book, make_article):
    from checker.engine.extract import extract

    article = make_article("Four soldiers were martyred when a 40-metre span fell into the river.")
    assert [f for f in extract(article, book).facts if f.rule == "casualties.killed"] == []
    assert book.slot("incident.count") is not None


def test_override_adds_patterns_unless_and_examples(write_pack):
    pack = write_pack("""\
pack: extra
overrides:
  incident.count:
    patterns: ['{count} (?:tremors|jolts)']
    unless: ['\\bdrill\\b']
    examples:
      - text: Three jolts shook the town.
        expect: "3"
""")
    base = load_rulebook().slot("incident.count")
    slot = load_rulebook([pack]).slot("incident.count")
    assert len(slot.patterns) == len(base.patterns) + 1
    assert slot.patterns[-1].location.path == str(pack)
    assert len(slot.unless) == len(base.unless) + 1
    assert slot.examples[-1].text == "Three jolts shook the town."
    assert slot.examples[-1].location.path == str(pack)



# ---- every problem at once -----------------------------------------------------------------------
# One test per class of problem, each with its exact file:line:col and message; then that a problem
# of one kind never hides a problem of another.


def test_duplicate_keys_are_all_reported_with_the_other_problems(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    description: How many blasts.
    type: date
    patterns: ['{count} blasts', '(']
  bombs:
    type: count
    description: How many bombs.
    description: Bombs.
    patterns: ['{count} bombs']
"""
    path = write_pack(text)
    line, col = at(text, "(']", 1)  # a group left open: the pattern ends where ')' is missing
    assert problems(path) == [
        f"{path}:6:5: duplicate key 'type'\n  hint: 'type' is already defined at line 4; merge the two or rename one",
        f"{path}:{line}:{col}: invalid regular expression: missing )\n"
        "  hint: escape literal ( ) [ ] { } ? + * with a backslash",
        f"{path}:11:5: duplicate key 'description'\n"
        "  hint: 'description' is already defined at line 10; merge the two or rename one",
    ]


def test_unsafe_tags_are_reported_with_the_other_problems(write_pack):
    text = "pack: story\nsetup: !!python/object/apply:os.system [ls]\nslots: {}\n"
    path = write_pack(text)
    assert [p.split("\n")[0] for p in problems(path)] == [
        f"{path}:2:1: unknown key 'setup'",
        f"{path}:2:8: unsupported YAML tag '!!python/object/apply:os.system'",
    ]


def test_a_yaml_syntax_error_stops_only_its_own_file(write_pack):
    broken = write_pack("pack: one\nslots:\n  a: [1, 2\n", "one.yaml")
    text = "pack: two\nslots:\n  b:\n    type: count\n    description: B.\n    patterns: ['{count} (blasts']\n"
    other = write_pack(text, "two.yaml")
    with pytest.raises(RuleBookError) as info:
        load_rulebook([broken, other], defaults=False)
    line, col = at(text, "']")
    assert [str(p).split("\n")[0] for p in info.value.problems] == [
        f"{broken}:4:1: invalid YAML: expected ',' or ']', but got '<stream end>'",
        f"{other}:{line}:{col}: invalid regular expression: missing )",
    ]


def test_names_a_broken_file_might_define_are_not_blamed(write_pack):
    # the first file cannot be read: whether it defines {hit_verb} is unknown, so the second file's
    # use of it is not reported (its other problems are)
    broken = write_pack("pack: one\nvocab:\n  hit_verb: [hit\n", "one.yaml")
    other = write_pack("pack: two\nslots:\n  b:\n    type: count\n    description: B.\n"
                       "    patterns: ['{count} {hit_verb}', '{count} [z-a]']\n", "two.yaml")
    with pytest.raises(RuleBookError) as info:
        load_rulebook([broken, other], defaults=False)
    assert [p.location.path for p in info.value.problems] == [str(broken), str(other)]
    assert info.value.problems[1].message == "invalid regular expression: bad character range"


def test_one_bad_slot_does_not_hide_pattern_problems_in_another(write_pack):
    text = """\
pack: story
slots:
  a:
    type: blasts
    description: A.
    patterns: ['{count} blasts']
  b:
    type: count
    description: B.
    patterns: ['{count} {bomb_word}']
"""
    path = write_pack(text)
    found = problems(path)
    (l1, c1), (l2, c2) = at(text, "blasts\n"), at(text, "{bomb_word}")
    assert [p.split("\n")[0] for p in found] == [
        f"{path}:{l1}:{c1}: slots.a.type: Input should be 'count', 'headcount', 'quantity', 'place', 'date', "
        "'time', 'quote' or 'name'",
        f"{path}:{l2}:{c2}: unknown macro or vocab '{{bomb_word}}'",
    ]


def test_pattern_problems_are_reported_even_when_an_unrelated_key_is_wrong(write_pack):
    text = """\
pack: story
slots:
  a:
    type: count
    grows: sometimes
    description: A.
    patterns:
      - '{count} blasts+*'
    unless: ['{yeer}']
"""
    path = write_pack(text)
    (l1, c1), (l2, c2), (l3, c3) = at(text, "sometimes"), at(text, "*'"), at(text, "{yeer}")
    assert [p.split("\n")[0] for p in problems(path)] == [
        f"{path}:{l1}:{c1}: slots.a.grows: Input should be a valid boolean, unable to interpret input",
        f"{path}:{l2}:{c2}: invalid regular expression: multiple repeat",
        f"{path}:{l3}:{c3}: unknown macro or vocab '{{yeer}}'",
    ]


def test_every_unknown_reference_in_one_pattern_is_reported(write_pack):
    text = "pack: story\nslots:\n  a:\n    type: count\n    description: A.\n" \
           "    patterns: ['{cuont} {blast_word} hit']\n"
    path = write_pack(text)
    (l1, c1), (l2, c2) = at(text, "{cuont}"), at(text, "{blast_word}")
    assert [p.split("\n")[0] for p in problems(path)] == [
        f"{path}:{l1}:{c1}: unknown macro or vocab '{{cuont}}'",
        f"{path}:{l2}:{c2}: unknown macro or vocab '{{blast_word}}'",
    ]


def test_a_column_inside_a_pattern_counts_characters_as_written(write_pack):
    # '' in single quotes and \\ in double quotes are one character of the pattern, two in the file
    text = "pack: story\nslots:\n  a:\n    type: count\n    description: A.\n    patterns:\n" \
           "      - '{count} it''s [z-a]'\n" \
           '      - "{count} \\\\d+ [z-a]"\n'
    path = write_pack(text)
    lines = text.splitlines()
    found = problems(path)
    assert len(found) == 2
    for problem in found:  # "bad character range" points at the range's closing bracket
        line, col = map(int, problem[len(str(path)) + 1:].split(":")[:2])
        assert lines[line - 1][:col - 1].endswith("[z-a") and lines[line - 1][col - 1] == "]", problem


def test_missing_required_keys_are_one_problem_at_the_slot_key(write_pack):
    text = "pack: story\nslots:\n  blasts:\n    severity: error\n"
    path = write_pack(text)
    assert only_problem(path) == f"{path}:3:3: missing required keys 'type', 'description', 'patterns'\n" \
                                 "  hint: add them"


def test_a_missing_key_in_a_list_item_points_at_the_item(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    description: How many blasts.
    patterns: ['{count} blasts']
    examples:
      - expect: "2"
"""
    path = write_pack(text)
    line, col = at(text, "expect")
    assert only_problem(path) == f"{path}:{line}:{col}: missing required key 'text'\n  hint: add it"


@pytest.mark.parametrize("written, read", [("off", "false"), ("yes", "true"), ("On", "true")])
def test_a_yaml_boolean_where_text_is_meant_says_to_quote_it(write_pack, written, read):
    text = f"pack: story\nvocab:\n  switch_word: [{written}, toggled]\nslots: {{}}\n"
    path = write_pack(text)
    assert only_problem(path) == (
        f"{path}:3:17: vocab.switch_word.0: Input should be a valid string\n"
        f"  hint: YAML reads `{written}` as {read}, not as text; put it in quotes: '{written}'")


def test_a_yaml_number_where_text_is_meant_says_to_quote_it(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    description: How many blasts.
    patterns: ['{count} blasts']
    examples:
      - text: Two blasts hit the town.
        expect: 2
"""
    path = write_pack(text)
    line, col = at(text, "2\n")
    assert only_problem(path) == (
        f"{path}:{line}:{col}: slots.blasts.examples.0.expect: Input should be text or a list\n"
        "  hint: YAML reads `2` as a number, not as text; put it in quotes: '2'")


def test_a_pattern_written_as_a_mapping_reports_the_mapping_s_problem(write_pack):
    text = """\
pack: story
slots:
  blasts:
    type: count
    description: How many blasts.
    patterns:
      - patern: '{count} blasts'
"""
    path = write_pack(text)
    line, col = at(text, "patern")
    assert problems(path) == [
        f"{path}:{line}:{col}: unknown key 'patern'\n  hint: did you mean 'pattern'?",
        f"{path}:{line}:{col}: missing required key 'pattern'\n  hint: add it",
    ]


def test_an_allowed_value_close_to_the_written_one_is_suggested(write_pack):
    text = "pack: story\nslots:\n  a:\n    type: cuont\n    severity: Error\n    description: A.\n" \
           "    patterns: ['{count} blasts']\n"
    path = write_pack(text)
    assert [p.split("\n  hint: ")[1] for p in problems(path)] == ["did you mean 'count'?", "did you mean 'error'?"]


def test_unknown_keys_are_found_at_every_level(write_pack):
    text = """\
pack: story
taxonomy:
  - category: diver
    term: [divers]
places:
  - name: Port Kessel
    alias: [Kessel]
overrides:
  casualties.killed:
    severity: info
    examples:
      - text: Two divers drowned.
        expected: "2 diver"
"""
    path = write_pack(text)
    assert [p.split(": ", 1)[1] for p in problems(path, defaults=True)] == [
        "unknown key 'term'\n  hint: did you mean 'terms'?",
        "unknown key 'alias'\n  hint: did you mean 'aliases'?",
        "missing required key 'expect'\n  hint: add it",
        "unknown key 'expected'\n  hint: did you mean 'expect'?",
    ]


def test_slot_and_vocab_names_must_be_usable(write_pack):
    text = """\
pack: story
vocab:
  blast-word: [blast]
slots:
  Blasts:
    type: count
    description: How many blasts.
    patterns: ['{count} blasts']
"""
    path = write_pack(text)
    assert problems(path) == [
        f"{path}:3:3: vocab name 'blast-word' must be one word of letters, digits and _\n"
        "  hint: patterns refer to it as {name}, so write it as one word, e.g. 'blast_word'",
        f"{path}:5:3: slot name 'Blasts' must be lower-case letters, digits and _, starting with a letter\n"
        "  hint: the slot's id is `pack.name`; rename it, e.g. 'blasts'",
    ]


def test_an_empty_vocab_list_is_reported_and_its_name_stays_known(write_pack):
    text = "pack: story\nvocab:\n  bomb_word: []\nslots:\n  a:\n    type: count\n    description: A.\n" \
           "    patterns: ['{count} {bomb_word}']\n"
    path = write_pack(text)
    assert only_problem(path) == (f"{path}:3:14: vocab.bomb_word: List should have at least 1 item\n"
                                  "  hint: add at least one item")


def test_patterns_of_an_override_of_an_unknown_slot_are_still_checked(write_pack):
    text = "pack: story\noverrides:\n  casualties.kiled:\n    patterns: ['{headcounts} (?:were|was killed']\n"
    path = write_pack(text)
    line, col = at(text, "']")
    assert [p.split("\n")[0] for p in problems(path, defaults=True)] == [
        f"{path}:3:3: override of unknown slot 'casualties.kiled'",
        f"{path}:{line}:{col}: invalid regular expression: missing )",
    ]


def test_a_bad_timeout_setting_is_located(write_pack):
    path = write_pack("pack: story\nsettings:\n  match_timeout: 0\n")
    assert only_problem(path) == (f"{path}:3:18: settings.match_timeout: Input should be greater than 0\n"
                                  "  hint: use a larger value")


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("pack: caf\xe9\n".encode("latin-1"))
    assert only_problem(path).startswith(f"{path}:1:1: cannot read rule file: not UTF-8")


def test_the_shipped_packs_and_the_story_pack_have_no_problems():
    book = load_rulebook([Path(__file__).resolve().parent.parent / "seeds" / "story.yaml"])
    assert book.slot("incident.place").severity == "warning"


def test_the_compiled_settings_carry_every_setting_a_pack_may_write_with_its_default():
    # a cached book holds plain data (no pydantic); the schema of the rule files stays the one source
    import dataclasses

    from checker.rules.book import CompiledSettings
    from checker.rules.models import Settings

    written = Settings().model_dump()
    compiled = dataclasses.asdict(CompiledSettings())
    assert {**written, "perpetrators": tuple(written["perpetrators"]),
            "uncounted": tuple(written["uncounted"])} == compiled
    assert load_rulebook().lexicons.settings == CompiledSettings()


def test_checking_with_a_cached_book_needs_neither_the_rule_compiler_nor_the_rule_schema(tmp_path):
    # start-up: the compiler and the pydantic schema of the rule files load only to compile a book
    import subprocess
    import sys

    code = ("import sys; from checker.rules.load import load_rulebook; load_rulebook(cache=True); "
            "print(sorted(m for m in ('checker.rules.compile', 'checker.rules.models', 'checker.rules.validate') "
            "if m in sys.modules))")
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() != "[]"  # compiled
    assert again.stdout.strip() == "[]"  # loaded from the cache


def test_checking_with_a_cached_book_does_not_import_pydantic(tmp_path):
    # start-up: importing pydantic is a third of a one-article run (typer 0.29 coerces every
    # command-line value through it, hence the pin below 0.29 in pyproject.toml)
    import subprocess
    import sys

    seed = str(Path(__file__).resolve().parent.parent / "seeds" / "000_ffbbca6d7b57fe00.txt")
    code = (f"import sys; sys.argv = ['checker', 'check', {seed!r}, '--fail-on', 'never']\n"
            "from checker.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pydantic' in sys.modules, file=sys.stderr)")
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert again.stderr.strip().splitlines()[-1] == "False"

