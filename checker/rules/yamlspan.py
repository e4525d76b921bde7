"""YAML loading that remembers where every value came from.

Editors get errors as ``file:line:col``; for that the loader keeps the mark of
every mapping key and value, indexed by its path from the document root
(``("slots", "killed", "patterns", 0)``), and where each text value's
characters sit, so that an error inside a pattern points at its column.
Duplicate keys are problems, since YAML silently keeps the last one and an
editor's first definition vanishes. Only the safe subset of YAML is accepted
(no tags). Problems that can be read past are collected, not raised, so one
load reports all of them; only a syntax error stops the reading of a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.rules.location import Location, RuleSyntaxError
from checker.yamlsafe import AliasBomb, check_expansion

Path_ = tuple[str | int, ...]


@dataclass
class LocatedDocument:
    """Plain Python data plus the source location of each node.

    ``problems`` holds what was wrong but could be read past (a duplicate key keeps its first
    value, a tagged node is read as plain YAML), so that one load reports every such problem.
    """

    path: str
    data: Any
    marks: dict[Path_, Location] = field(default_factory=dict)
    key_marks: dict[Path_, Location] = field(default_factory=dict)
    problems: list[RuleSyntaxError] = field(default_factory=list)
    text: str = ""
    # scalar path -> (style, start index, end index) in ``text``, to locate a character inside it
    spans: dict[Path_, tuple[str | None, int, int]] = field(default_factory=dict)
    # scalar path -> its text as written, for plain scalars YAML read as something else than text
    raw: dict[Path_, str] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), or of its nearest located ancestor."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Location(self.path, 1, 1))

    def where_in(self, path: Path_, offset: int) -> Location:
        """The location of character ``offset`` of the text value at ``path``, through quotes,
        escapes and line folding (``''`` in single quotes, ``\\d`` in double quotes)."""
        span = self.spans.get(path)
        if span is None:
            base = self.where(path)
            return Location(base.path, base.line, base.column + offset)
        index = _source_index(self.text, *span, offset)
        line = self.text.count("\n", 0, index) + 1
        return Location(self.path, line, index - (self.text.rfind("\n", 0, index) + 1) + 1)


def _source_index(text: str, style: str | None, start: int, end: int, offset: int) -> int:
    """Index in ``text`` of the character that becomes ``value[offset]`` of the scalar written at
    ``text[start:end]`` (or of the end, for an offset past it)."""
    i = start
    if style in ("'", '"'):
        i += 1
    elif style in ("|", ">"):
        i = text.find("\n", start) + 1 or end
        while i < end and text[i] == " ":
            i += 1
    count = 0
    while i < end and count < offset:
        ch = text[i]
        if style == "'" and text.startswith("''", i):
            i += 2
        elif style == '"' and ch == "\\" and i + 1 < end:
            escaped = text[i + 1]
            if escaped in "\r\n":  # an escaped line break joins the lines: no character
                i += 2
                while i < end and text[i] in " \t\r\n":
                    i += 1
                continue
            i += {"x": 4, "u": 6, "U": 10}.get(escaped, 2)
        elif ch in "\r\n":
            # a line break folds into one character (a space, or a newline per blank line);
            # the next line's indentation is not part of the value
            breaks = 0
            while i < end and text[i] in " \t\r\n":
                breaks += text[i] == "\n"
                i += 1
            count += max(breaks - (style not in ("|", ">")), 1)
            continue
        else:
            i += 1
        count += 1
    return min(i, end)


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


class _Builder:
    """Builds plain data from a composed YAML tree, recording marks and the problems it reads past."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.marks: dict[Path_, Location] = {}
        self.key_marks: dict[Path_, Location] = {}
        self.spans: dict[Path_, tuple[str | None, int, int]] = {}
        self.raw: dict[Path_, str] = {}
        self.problems: list[RuleSyntaxError] = []
        self.scalars = yaml.SafeLoader("")  # constructs scalars only; one per document
        self.open: set[int] = set()  # collections being built: an alias to one of them is a cycle

    def _tag_problem(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.problems.append(RuleSyntaxError(_location(self.source, node), f"unsupported YAML tag '{tag}'",
                                             "rule files use plain YAML only; remove the '!' tag"))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.marks[path] = _value_location(self.source, node)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            # read as plain YAML: the constructor would drop the tag ("!!python/object:x {}" became {})
            self._tag_problem(node)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in self.open:
                self.problems.append(RuleSyntaxError(_location(self.source, node), "a YAML alias refers to itself",
                                                     "write the value out instead of the '*' alias"))
                return None
            self.open.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self._mapping(node, path)
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            finally:
                self.open.discard(id(node))
        self.spans[path] = (node.style, node.start_mark.index, node.end_mark.index)
        try:
            value = self.scalars.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self._tag_problem(node)
            return node.value
        if not isinstance(value, str) and node.style is None:
            self.raw[path] = node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(RuleSyntaxError(_location(self.source, key_node),
                                                     "mapping keys must be plain words"))
                continue
            key = key_node.value
            if key == "<<":
                self.problems.append(RuleSyntaxError(
                    _location(self.source, key_node), "YAML merge keys ('<<') are not supported",
                    "write the keys out; story packs layer on the default pack instead"))
                continue
            if key in result:
                first = self.key_marks[path + (key,)]
                self.problems.append(RuleSyntaxError(
                    _location(self.source, key_node), f"duplicate key '{key}'",
                    f"'{key}' is already defined at line {first.line}; merge the two or rename one"))
                continue  # the first definition stands
            self.key_marks[path + (key,)] = _location(self.source, key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def load_located(text: str, source: str) -> LocatedDocument:
    """Parse one YAML document. A syntax error raises :class:`RuleSyntaxError` with its location;
    problems that can be read past (duplicate keys, tags, merge keys) are in ``problems``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RuleSyntaxError(Location(source, line, col), f"invalid YAML: {exc.problem or exc}",
                              "check indentation and quoting; regular expressions are safest in single quotes") from None
    except yaml.YAMLError as exc:
        raise RuleSyntaxError(Location(source, 1, 1), f"invalid YAML: {exc}") from None
    if node is None:
        return LocatedDocument(source, None, {(): Location(source, 1, 1)}, text=text)
    try:
        check_expansion(node)
    except AliasBomb as exc:
        raise RuleSyntaxError(Location(source, exc.line, exc.column), str(exc).split(":")[0],
                              "write the values out, or use fewer '*' aliases") from None
    builder = _Builder(source)
    data = builder.build(node, ())
    return LocatedDocument(source, data, builder.marks, builder.key_marks, builder.problems, text, builder.spans,
                           builder.raw)


def load_located_file(path: Path) -> LocatedDocument:
    return load_located(path.read_text(encoding="utf-8"), str(path))
