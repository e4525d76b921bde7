"""YAML read with bounds: aliases may not expand a document past a limit ("billion laughs").

PyYAML builds an alias as the object its anchor built, so a document of a few hundred bytes can hold
a structure of 10^9 values that anything walking it (``str()``, a validator, a copy) expands. Rule
files (:mod:`checker.rules.yamlspan`) and front matter and ``metadata.yaml``
(:mod:`checker.articles.parse`) are both measured here, on the composed tree, before a value is
built: what the tree would expand to, counting every alias as the values it stands for.
"""

from __future__ import annotations

from typing import Any

MAX_EXPANDED = 100_000  # values a document may expand to; a large rule pack has a few thousand


class AliasBomb(ValueError):
    """A YAML document whose aliases expand past :data:`MAX_EXPANDED` values."""

    def __init__(self, node: Any, size: int) -> None:
        mark = getattr(node, "start_mark", None)
        self.line, self.column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        super().__init__(f"YAML aliases expand this document to more than {MAX_EXPANDED:,} values "
                         f"(at least {size:,}): write the values out, or use fewer '*' aliases")


def check_expansion(root: Any, limit: int = MAX_EXPANDED) -> None:
    """Raise :class:`AliasBomb` when the composed YAML tree ``root`` expands past ``limit`` values.
    Linear in the tree's distinct nodes (each node's expanded size is computed once)."""
    import yaml

    sizes: dict[int, int] = {}
    visiting: set[int] = set()  # nodes whose children are being sized: met again, it is a cycle
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        children = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else node.value
        if not children_done:
            if key in visiting:
                continue
            visiting.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes and id(child) not in visiting)
            continue
        visiting.discard(key)
        size = 1 + sum(sizes.get(id(child), 1) for child in children)  # a cycle counts once
        sizes[key] = size
        if size > limit:
            raise AliasBomb(node, size)


def bounded_loader(base: type) -> type:
    """A PyYAML loader class like ``base`` that checks a document's expansion before building it."""

    class Bounded(base):  # type: ignore[misc, valid-type]
        def construct_document(self, node: Any) -> Any:
            check_expansion(node)
            return super().construct_document(node)

    Bounded.__name__ = f"Bounded{base.__name__}"
    return Bounded


__all__ = ["MAX_EXPANDED", "AliasBomb", "bounded_loader", "check_expansion"]
