"""`checker schema rules`: the JSON Schema of rule files, generated from the models that validate them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from checker.cli.app import app
from checker.rules.book import default_rules_dir
from checker.rules.models import rules_schema

REPO = Path(__file__).resolve().parent.parent
SCHEMA = rules_schema()


def _properties(node, path=()):
    """Every (path, name, property) of the schema, in its definitions too."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield path, name, prop
        for key, value in node.items():
            yield from _properties(value, path + (key,))


def test_the_command_prints_the_schema():
    result = CliRunner().invoke(app, ["schema", "rules"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_key_and_every_model_has_a_description():
    undescribed = [".".join(path + (name,)) for path, name, prop in _properties(SCHEMA) if not prop.get("description")]
    assert not undescribed, f"keys without a description (add one in checker/rules/models.py): {undescribed}"
    models = [name for name, definition in SCHEMA["$defs"].items() if not definition.get("description")]
    assert not models, f"models without a docstring: {models}"


@pytest.mark.parametrize("path", sorted(default_rules_dir().glob("*.yaml")) + [REPO / "seeds" / "story.yaml"],
                         ids=lambda p: p.name)
def test_the_shipped_packs_satisfy_the_schema(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)


def test_the_schema_rejects_what_validation_rejects():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pack": "story", "slots": {"a": {"type": "count", "severty": "error",
                                                              "description": "A.", "patterns": ["x"]}}}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pack": "Story"}, SCHEMA)


def test_a_new_pack_names_the_schema_for_editors(tmp_path):
    result = CliRunner().invoke(app, ["rules", "new", "harbour", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "harbour.yaml").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in text
    jsonschema.validate(yaml.safe_load(text), SCHEMA)
