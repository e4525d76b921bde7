"""name: a person's or organisation's name (the driver, the gunman, the ship).

Names are folded (case, diacritics, transliteration) and fuzzily matched; one
name spelled two ways is a `spelling` finding, two different names `other`.
A name contained in the other ("Smith" / "John Smith") agrees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checker.lexicon import fold, fold_transliteration, similarity
from checker.values.base import BaseType, Conflict, first_group


@dataclass(frozen=True)
class NameValue:
    name: str

    def display(self) -> str:
        return self.name

    def to_json(self) -> dict[str, Any]:
        return {"type": "name", "name": self.name}


class NameType(BaseType):
    name = "name"

    def parse(self, groups: Mapping[str, str], ctx) -> NameValue | None:
        text = first_group(groups, "value", "name", "speaker", "place")
        return NameValue(" ".join(text.split()).strip(" ,.")) if text else None

    def key(self, value: NameValue):
        return fold(value.name)

    def conflict(self, a, b, lexicons) -> Conflict | None:
        x, y = fold(a.value.name), fold(b.value.name)
        if x == y or set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split()):
            return None
        if similarity(fold_transliteration(x), fold_transliteration(y), token_set=True) >= lexicons.settings.place_similarity:
            return Conflict("spelling", f"{a.value.name} / {b.value.name}: one name, spelled two ways")
        return Conflict("other", f"{a.value.name} vs {b.value.name}")
