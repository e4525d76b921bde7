"""checker.rulebook: rule packs validated with file:line:col errors and hints, and layered."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.rulebook import RuleBookError, load_rulebook


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
    line, col = at(text, "type")  # the slot's mapping starts at its first key
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
    assert [p.split(": ", 1)[0] for p in found] == [f"{path}:5:5", f"{path}:9:5"]


def test_a_file_that_is_not_a_mapping(write_pack):
    path = write_pack("- pack\n- slots\n")
    assert only_problem(path).startswith(f"{path}:1:1: a rule file must be a mapping with 'pack:' and 'slots:'")


def test_hint_for_non_mapping_file_names_an_existing_command(write_pack):
    from typer.testing import CliRunner

    from checker.cli import app

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


def test_validation_problems_are_reported_before_patterns_are_compiled(write_pack):
    one = write_pack("pack: one\nslots:\n  a:\n    type: count\n    description: A.\n    patterns: ['(']\n",
                     "one.yaml")
    two = write_pack("pack: two\nslots:\n  b:\n    typ: count\n", "two.yaml")
    with pytest.raises(RuleBookError) as info:
        load_rulebook([one, two], defaults=False)
    # every file is validated first; patterns are compiled only when all files are valid
    assert {p.location.path for p in info.value.problems} == {str(two)}
    with pytest.raises(RuleBookError) as info:
        load_rulebook([one], defaults=False)
    assert [p.location.path for p in info.value.problems] == [str(one)]


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
    from checker.extract import extract

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
    from checker.extract import extract

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

