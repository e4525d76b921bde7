"""Where something is written in a rule file (``file:line:col``), and a problem located there.

Apart from :mod:`checker.rules.yamlspan` (which reads YAML) because a compiled rule book keeps the
location of every pattern: loading a cached book then needs no YAML reader.
"""

from __future__ import annotations

from dataclasses import dataclass


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
