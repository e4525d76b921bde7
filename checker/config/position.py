"""Where a key or value of a TOML file is: the line and column of a configuration error.

tomllib keeps no positions, so the file is parsed again with tomlkit, a round-trip parser (it writes
the text back exactly as it read it). The item at the error's path is replaced by a marker and the
document written back: everything before the item is written as it was read, so the marker lands at
the item's own line and column. A table (or array of tables) is replaced by one holding only the
marker, whose header then sits where the table's did, so a missing key points at its table's header.
Only imported when a configuration file has an error.
"""

from __future__ import annotations

from collections.abc import Sequence

MARKER = "__checker_position_marker__"


def locate(text: str, path: Sequence[str | int]) -> tuple[int, int] | None:
    """1-based (line, column) of the deepest item of ``path`` that the file holds; None when the
    file cannot be read that way (the error is then reported without a position)."""
    try:
        import tomlkit
        from tomlkit.items import AoT, Array, InlineTable, Table

        document = tomlkit.parse(text)
        node, trail = document, []
        for part in path:
            try:
                child = node[part]
            except (KeyError, IndexError, TypeError):
                break
            trail.append((node, part))
            node = child
        if not trail:
            return None
        parent, part = trail[-1]
        header = isinstance(node, (Table, AoT)) and not isinstance(node, InlineTable)
        if header:
            table = tomlkit.table()
            table.add(MARKER, 1)
            if isinstance(node, AoT):
                tables = tomlkit.aot()
                tables.append(table)
                table = tables
            parent[part] = table
        else:
            parent[part] = MARKER
        written = document.as_string()
    except Exception:  # a position is a courtesy: never let finding it hide the error itself
        return None
    at = written.find(MARKER)
    if at < 0:
        return None
    if at and written[at - 1] == '"':  # the marker is written as a string: its quote is where the item starts
        at -= 1
    line = written.count("\n", 0, at) + 1 - (1 if header else 0)
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    if isinstance(parent, (Array, InlineTable)):  # an item inside a line: its own column
        return line, at - (written.rfind("\n", 0, at) + 1) + 1
    source = lines[line - 1]
    return line, len(source) - len(source.lstrip()) + 1
