"""The key reference of docs/rules.md, written from the rule-file models.

The guide holds this text between ``<!-- keys:begin -->`` and ``<!-- keys:end -->``; a test
checks that it is what the models say now, so the guide cannot drift from the schema.
Regenerate it with ``python -m checker.rules.doc``.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from checker.rules.models import Category, Example, PatternSpec, Place, RulePack, Settings, SlotOverride, SlotSpec, \
    SpeakerAlias, StoryCueWords

# (heading, model) in the order the guide presents them
SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("A pack (the whole file)", RulePack),
    ("A slot: `slots.<name>`", SlotSpec),
    ("A pattern with options: `patterns[]`", PatternSpec),
    ("An example: `examples[]`", Example),
    ("A change to another pack's slot: `overrides.<pack.slot>`", SlotOverride),
    ("Settings: `settings`", Settings),
    ("A people category: `taxonomy[]`", Category),
    ("A place: `places[]`", Place),
    ("A speaker: `speakers[]`", SpeakerAlias),
    ("Story cue words: `story_cues`", StoryCueWords),
]
_ANCHORS = {model: heading for heading, model in SECTIONS}


def _type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return " or ".join(f"`{v}`" for v in typing.get_args(annotation))
    if isinstance(annotation, types.UnionType) or origin is typing.Union:
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        return " or ".join(_type(m) for m in members)
    if origin is list:
        return f"list of {_type(typing.get_args(annotation)[0])}"
    if origin is dict:
        return f"mapping of names to {_type(typing.get_args(annotation)[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"{annotation.__name__} (below)" if annotation in _ANCHORS else annotation.__name__
    return {str: "text", bool: "true / false", float: "number", int: "whole number"}.get(annotation,
                                                                                         str(annotation))


def _default(field: Any) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        value = field.default_factory()
        return "empty" if not value else f"`{value}`"
    if field.default is None or field.default is PydanticUndefined:
        return "none"
    if field.default == "":
        return "empty"
    if isinstance(field.default, bool):
        return f"`{str(field.default).lower()}`"
    return f"`{field.default}`"


def key_reference() -> str:
    """Markdown: one table per model, one row per key (type, default, description)."""
    out: list[str] = []
    for heading, model in SECTIONS:
        out += [f"#### {heading}", "", " ".join((model.__doc__ or "").split()), "",
                "| key | type | default | what it does |", "| --- | --- | --- | --- |"]
        for name, field in model.model_fields.items():
            description = " ".join((field.description or "").split()).replace("|", "\\|")
            out.append(f"| `{name}` | {_type(field.annotation)} | {_default(field)} | {description} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(key_reference())
