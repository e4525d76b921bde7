"""YAML loading that remembers where every value came from.

Editors get errors as ``file:line:col``; for that the loader keeps the mark of
every mapping key and value, indexed by its path from the document root
(``("slots", "killed", "patterns", 0)``). Duplicate keys are rejected, since
YAML silently keeps the last one and an editor's first definition vanishes.
Only the safe subset of YAML is accepted (no Python tags).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a source file."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class RuleSyntaxError(Exception):
    """A problem in a rule file, located precisely."""

    def __init__(self, location: Location, message: str, hint: str = "") -> None:
        self.location = location
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


@dataclass
class LocatedDocument:
    """Plain Python data plus the source location of each node."""

    path: str
    data: Any
    marks: dict[Path_, Location] = field(default_factory=dict)
    key_marks: dict[Path_, Location] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), or of its nearest located ancestor."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Location(self.path, 1, 1))


def _location(source: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(source, mark.line + 1, mark.column + 1)


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _value_location(source: str, node: yaml.Node) -> Location:
    """Where a value's text starts: after the opening quote of a quoted scalar."""
    loc = _location(source, node)
    if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
        return Location(loc.path, loc.line, loc.column + 1)
    return loc


def _construct(source: str, node: yaml.Node, path: Path_, marks: dict[Path_, Location],
               key_marks: dict[Path_, Location]) -> Any:
    marks[path] = _value_location(source, node)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        # the constructor below would drop the tag silently: "!!python/object:x {}" became {}
        raise RuleSyntaxError(_location(source, node), f"unsupported YAML tag '{node.tag}'",
                              "rule files use plain YAML only; remove the '!' tag")
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise RuleSyntaxError(_location(source, key_node), "mapping keys must be plain words")
            key = key_node.value
            if key == "<<":
                raise RuleSyntaxError(_location(source, key_node), "YAML merge keys ('<<') are not supported",
                                      "write the keys out; story packs layer on the default pack instead")
            if key in result:
                first = key_marks[path + (key,)]
                raise RuleSyntaxError(_location(source, key_node), f"duplicate key '{key}'",
                                      f"'{key}' is already defined at line {first.line}; merge the two or rename one")
            result[key] = _construct(source, value_node, path + (key,), marks, key_marks)
            key_marks[path + (key,)] = _location(source, key_node)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(source, item, path + (i,), marks, key_marks) for i, item in enumerate(node.value)]
    return yaml.SafeLoader.construct_object(_SCALAR_LOADER, node, deep=True)


class _ScalarLoader(yaml.SafeLoader):
    def __init__(self) -> None:  # no stream: only used to construct scalars
        yaml.SafeLoader.__init__(self, "")


_SCALAR_LOADER = _ScalarLoader()


def load_located(text: str, source: str) -> LocatedDocument:
    """Parse one YAML document; raise :class:`RuleSyntaxError` with a location."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RuleSyntaxError(Location(source, line, col), f"invalid YAML: {exc.problem or exc}",
                              "check indentation and quoting; regular expressions are safest in single quotes") from None
    except yaml.YAMLError as exc:
        raise RuleSyntaxError(Location(source, 1, 1), f"invalid YAML: {exc}") from None
    marks: dict[Path_, Location] = {}
    key_marks: dict[Path_, Location] = {}
    if node is None:
        return LocatedDocument(source, None, {(): Location(source, 1, 1)})
    try:
        data = _construct(source, node, (), marks, key_marks)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        loc = Location(source, mark.line + 1, mark.column + 1) if mark else Location(source, 1, 1)
        raise RuleSyntaxError(loc, f"unsupported YAML: {exc.problem}",
                              "rule files use plain YAML only; remove the '!' tag") from None
    return LocatedDocument(source, data, marks, key_marks)


def load_located_file(path: Path) -> LocatedDocument:
    return load_located(path.read_text(encoding="utf-8"), str(path))
