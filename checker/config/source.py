"""Where the configuration file is and how it is read: ``checker.toml``, or ``[tool.checker]`` in
the nearest ``pyproject.toml``; a file that cannot be read is a :class:`ConfigError`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = "checker.toml"
PYPROJECT = "pyproject.toml"


class ConfigError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def find_config(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / CONFIG_FILE).is_file():
            return directory / CONFIG_FILE
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and "tool.checker" in read_text(pyproject):
            try:
                if "checker" in tomllib.loads(read_text(pyproject)).get("tool", {}):
                    return pyproject
            except tomllib.TOMLDecodeError:
                return pyproject  # the table is there: its error is worth reporting
    return None


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read: {exc}"]) from None


def shown_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


