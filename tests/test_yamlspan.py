"""checker.rules.yamlspan: YAML loaded with the file:line:col of every key and value."""

from __future__ import annotations

import pytest

from checker.rules.yamlspan import Location, RuleSyntaxError, load_located, load_located_file

PACK = """\
pack: story
slots:
  killed:
    type: headcount
    patterns:
      - '{headcounts} died'
      - plain pattern
"""


def test_values_are_located_by_their_path():
    doc = load_located(PACK, "story.yaml")
    assert doc.data["slots"]["killed"]["patterns"] == ["{headcounts} died", "plain pattern"]
    assert doc.where(("pack",)) == Location("story.yaml", 1, 7)
    assert doc.where(("slots", "killed", "type")) == Location("story.yaml", 4, 11)
    # a quoted scalar's text starts after its opening quote
    assert doc.where(("slots", "killed", "patterns", 0)) == Location("story.yaml", 6, 10)
    assert doc.where(("slots", "killed", "patterns", 1)) == Location("story.yaml", 7, 9)


def test_keys_are_located_apart_from_their_values():
    doc = load_located(PACK, "story.yaml")
    assert doc.where(("slots", "killed"), key=True) == Location("story.yaml", 3, 3)
    assert doc.where(("slots",), key=True) == Location("story.yaml", 2, 1)
    # the value of "killed" is the mapping that starts on the next line
    assert doc.where(("slots", "killed")) == Location("story.yaml", 4, 5)


def test_unknown_path_falls_back_to_nearest_located_ancestor():
    doc = load_located(PACK, "story.yaml")
    assert doc.where(("slots", "killed", "examples", 3)) == doc.where(("slots", "killed"))
    assert doc.where(("nothing", "here")) == Location("story.yaml", 1, 1)


def test_location_prints_as_file_line_col():
    assert str(Location("rules/a.yaml", 12, 5)) == "rules/a.yaml:12:5"
    error = RuleSyntaxError(Location("a.yaml", 2, 3), "bad thing", "do this")
    assert str(error) == "a.yaml:2:3: bad thing\n  hint: do this"
    assert str(RuleSyntaxError(Location("a.yaml", 2, 3), "bad thing")) == "a.yaml:2:3: bad thing"


def only(problems: list[RuleSyntaxError]) -> RuleSyntaxError:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_duplicate_key_is_a_problem_naming_both_lines_and_the_first_stands():
    text = "pack: story\nslots:\n  killed: {type: count}\n  injured: {type: count}\n  killed: {type: date}\n"
    doc = load_located(text, "dup.yaml")
    error = only(doc.problems)
    assert error.location == Location("dup.yaml", 5, 3)
    assert error.message == "duplicate key 'killed'"
    assert "line 3" in error.hint
    assert doc.data["slots"]["killed"] == {"type": "count"}


def test_duplicate_key_in_nested_mapping_is_a_problem():
    text = "slots:\n  a:\n    type: count\n    severity: error\n    type: date\n"
    error = only(load_located(text, "dup.yaml").problems)
    assert error.location == Location("dup.yaml", 5, 5)
    assert "line 3" in error.hint


def test_every_duplicate_key_of_a_file_is_reported():
    text = "pack: a\npack: b\nslots:\n  x:\n    type: count\n    type: date\n"
    doc = load_located(text, "dup.yaml")
    assert [(p.location.line, p.location.column, p.message) for p in doc.problems] == [
        (2, 1, "duplicate key 'pack'"), (6, 5, "duplicate key 'type'")]


def test_same_key_in_different_mappings_is_fine():
    doc = load_located("a:\n  type: count\nb:\n  type: date\n", "ok.yaml")
    assert doc.data == {"a": {"type": "count"}, "b": {"type": "date"}}


@pytest.mark.parametrize("text, line, column", [
    ("pack: story\nobj: !!python/object:os.system {}\n", 2, 6),
    ("pack: story\nobj: !!python/object/apply:os.system [ls]\n", 2, 6),
    ("pack: story\nobj: !!python/name:os.system\n", 2, 6),
    ("pack: story\nobj: !custom value\n", 2, 6),
    ("!!python/object:builtins.dict\npack: story\n", 1, 1),
], ids=["object-mapping", "apply-sequence", "name-scalar", "custom-tag", "document-tag"])
def test_unsafe_and_unknown_tags_are_rejected(text, line, column):
    error = only(load_located(text, "tags.yaml").problems)
    assert error.location == Location("tags.yaml", line, column)
    assert error.message.startswith("unsupported YAML tag '!")
    assert "tag" in error.hint


def test_every_unsafe_tag_is_reported_and_nothing_is_constructed():
    doc = load_located("a: !!python/object/apply:os.system [ls]\nb: !!python/name:os.system\n", "tags.yaml")
    assert [str(p).split("\n")[0] for p in doc.problems] == [
        "tags.yaml:1:4: unsupported YAML tag '!!python/object/apply:os.system'",
        "tags.yaml:2:4: unsupported YAML tag '!!python/name:os.system'"]
    assert doc.data == {"a": ["ls"], "b": ""}


def test_plain_tags_are_accepted():
    doc = load_located("a: !!map {b: 1}\nc: !!seq [1, 2]\nd: !!str 12\n", "ok.yaml")
    assert doc.data == {"a": {"b": 1}, "c": [1, 2], "d": "12"}


@pytest.mark.parametrize("text, line, column, words", [
    ("pack: story\nslots:\n  a: [1, 2\n  b: 3\n", 4, 4, "expected ',' or ']'"),
    ("pack: story\n\tslots: 1\n", 2, 1, "'\\t'"),
    ("pack: 'unclosed\nslots: {}\n", 3, 1, "found unexpected end of stream"),
    ("a: 1\n---\nb: 2\n", 2, 1, "another document"),
], ids=["unclosed-flow", "tab", "unclosed-quote", "two-documents"])
def test_invalid_yaml_is_located(text, line, column, words):
    with pytest.raises(RuleSyntaxError) as info:
        load_located(text, "broken.yaml")
    assert info.value.location == Location("broken.yaml", line, column)
    assert info.value.message.startswith("invalid YAML: ")
    assert words in info.value.message
    assert info.value.hint


def test_merge_keys_are_rejected():
    error = only(load_located("base: &b {type: count}\nslot:\n  <<: *b\n", "merge.yaml").problems)
    assert error.location == Location("merge.yaml", 3, 3)
    assert "merge keys" in error.message


def test_non_scalar_keys_are_rejected():
    error = only(load_located("? [a, b]\n: 1\n", "keys.yaml").problems)
    assert error.location == Location("keys.yaml", 1, 3)


def test_an_alias_that_contains_itself_is_a_problem_not_a_crash():
    doc = load_located("a: &x [1, *x]\n", "cycle.yaml")
    assert only(doc.problems).message == "a YAML alias refers to itself"


def test_empty_document_is_none():
    doc = load_located("", "empty.yaml")
    assert doc.data is None
    assert doc.where(()) == Location("empty.yaml", 1, 1)


def test_scalars_keep_yaml_types():
    doc = load_located("a: 1\nb: true\nc: 2024-05-01\nd: '1'\ne: null\n", "t.yaml")
    assert doc.data["a"] == 1 and doc.data["b"] is True and doc.data["d"] == "1" and doc.data["e"] is None
    assert str(doc.data["c"]) == "2024-05-01"


def test_file_loader_names_the_file(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("pack: story\npack: again\n", encoding="utf-8")
    assert str(only(load_located_file(path).problems)).startswith(f"{path}:2:1: duplicate key 'pack'")


# ---- a character inside a text value -------------------------------------------------------

@pytest.mark.parametrize("written", [
    "p: '{count} it''s [z-a]'",  # '' is one quote
    'p: "{count} it\'s [z-a]"',
    'p: "{count} it\\u0027s [z-a]"',  # an escape is one character
    "p: (?:{count}) it's [z-a]",
    "p: [\"{count} it's [z-a]\"]",
    "p:\n  - '{count} it''s\n    [z-a]'",  # a line break folds into one space
    "p: |\n  {count} it's [z-a]\n",
], ids=["single", "double", "escape", "plain", "flow", "folded", "block"])
def test_a_character_inside_a_value_is_located_in_the_source(written):
    doc = load_located(written + "\n", "p.yaml")
    path = ("p",) if not isinstance(doc.data["p"], list) else ("p", 0)
    value = doc.data["p"][0] if path == ("p", 0) else doc.data["p"]
    offset = value.index("z-a")
    where = doc.where_in(path, offset)
    line = written.split("\n")[where.line - 1]
    assert line[where.column - 1:].startswith("z-a"), (where, line)


def test_scalars_yaml_reads_as_other_than_text_keep_their_written_form():
    doc = load_located("a: off\nb: 'off'\nc: 1.0\nd: [yes, no]\n", "r.yaml")
    assert doc.raw == {("a",): "off", ("c",): "1.0", ("d", 0): "yes", ("d", 1): "no"}
