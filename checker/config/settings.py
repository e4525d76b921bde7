"""Configuration: ``checker.toml`` or ``[tool.checker]`` in ``pyproject.toml``, then the command line over it.

The first directory from the current one upwards that holds a ``checker.toml``,
or a ``pyproject.toml`` with a ``[tool.checker]`` table, gives the file; paths
in it are relative to it. Every effective setting remembers where it came from
(``default``, the file, or ``command line``) for ``checker config show``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.config.source import CONFIG_FILE, PYPROJECT, ConfigError, find_config, read_text, shown_path, tomllib
from checker.suppress import Ignore

FORMAT_NAMES = ("text", "json", "sarif", "github", "junit", "html")
FAIL_ON = ("error", "warning", "info", "never")
COMMAND_LINE = "command line"
DEFAULT = "default"

@dataclass(frozen=True)
class Settings:
    rules: tuple[str, ...] = ()
    default_rules: bool = True
    fail_on: str = "warning"
    story_key: str = "story"
    format: str = "text"
    outputs: tuple[tuple[str | None, str], ...] = ()  # (format, file); None: the --format report
    ignore: tuple[Ignore, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    against: tuple[str, ...] = ()
    baseline: str | None = None
    strict_inputs: bool = False
    jobs: int | None = None  # None: one process per core
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # dask: the scheduler's address; None: a cluster on this machine
    stories: str | None = None  # auto | one; None: auto when no article names its story
    file: str | None = None  # the configuration file read, as shown
    origins: Mapping[str, str] | None = None  # setting -> DEFAULT, the file, or COMMAND_LINE

    def origin(self, name: str) -> str:
        return (self.origins or {}).get(name, DEFAULT)

    def file_outputs(self) -> list[tuple[str, str]]:
        return [(fmt or self.format, file) for fmt, file in self.outputs]

    def stdout_format(self) -> str | None:
        """The format printed on standard output: --format, unless it is also written to a file."""
        return None if any(fmt == self.format for fmt, _ in self.file_outputs()) else self.format


SETTINGS = ("rules", "default_rules", "fail_on", "story_key", "format", "outputs", "ignore", "include", "exclude",
            "against", "baseline", "strict_inputs", "jobs", "engine", "scheduler", "stories")


def resolve(given: Mapping[str, Any], *, config: Path | None = None, cwd: Path | None = None) -> Settings:
    """Settings from the configuration file (``config`` or the one found) with ``given`` (command line) over it.

    ``given`` maps setting names to values; None means not given."""
    path = config if config is not None else find_config((cwd or Path.cwd()).resolve())
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    shown = None
    if path is not None:
        if not path.is_file():
            raise ConfigError([f"{path}: no such configuration file"])
        from checker.config.file import read_config  # pydantic: only when there is a file to read

        parsed, shown = read_config(path)
        base = path.resolve().parent
        for name in SETTINGS:
            value = getattr(parsed, name)
            if value is not None:
                values[name] = _from_file(name, value, base, shown)
                origins[name] = shown
    for name in SETTINGS:
        if given.get(name) is not None:
            values[name] = _from_command_line(name, given[name])
            origins[name] = COMMAND_LINE
    if "format" not in origins:
        _infer_formats(values, origins)
    return Settings(**values, file=shown, origins=origins)


SUFFIX_FORMATS = {".json": "json", ".sarif": "sarif", ".xml": "junit", ".html": "html", ".htm": "html"}


def _infer_formats(values: dict[str, Any], origins: dict[str, str]) -> None:
    """With no format set, a bare ``-o report.json`` means ``--format json -o report.json``: the suffix
    (.json .sarif .xml .html) names the format, and the first such file's format is the report's."""
    outputs = values.get("outputs") or ()
    inferred = [(fmt or SUFFIX_FORMATS.get(Path(file).suffix.lower()), file) for fmt, file in outputs]
    first = next((fmt for (given, _), (fmt, _) in zip(outputs, inferred) if given is None and fmt), None)
    if first is not None:
        values["outputs"] = tuple(inferred)
        values["format"] = first
        origins["format"] = f"{origins.get('outputs', COMMAND_LINE)} (the suffix of --output)"


def _relative(base: Path, value: str) -> str:
    return value if Path(value).is_absolute() else shown_path(base / value)


def _from_file(name: str, value: Any, base: Path, shown: str) -> Any:
    if name in ("rules", "against"):
        return tuple(_relative(base, v) for v in value)
    if name == "baseline":
        return _relative(base, value)
    if name == "outputs":
        for fmt, file in value.items():
            if not str(file).strip():
                raise ConfigError([f"{shown}: outputs.{fmt}: name the file to write"])
        return tuple((fmt, _relative(base, file)) for fmt, file in sorted(value.items()))
    if name == "ignore":
        return tuple(Ignore(e.rule, " ".join(e.reason.split()), "config", shown.split(" [")[0], e.expires,
                            tuple(e.paths or ())) for e in value)
    if name in ("include", "exclude"):
        return tuple(value)
    return value


def _from_command_line(name: str, value: Any) -> Any:
    if name in ("rules", "against", "include", "exclude"):
        return tuple(str(v) for v in value)
    if name == "outputs":
        return tuple(parse_output(v) for v in value)
    if name == "baseline":
        return str(value)
    return value


def parse_output(value: str) -> tuple[str | None, str]:
    """``FORMAT=FILE``, or a bare ``FILE`` for the --format report."""
    fmt, eq, file = value.partition("=")
    if not value.strip() or (eq and fmt in FORMAT_NAMES and not file.strip()):
        raise ConfigError([f"--output {value}: name the file to write, e.g. --output {fmt or 'json'}=report.json"])
    if eq and fmt in FORMAT_NAMES:
        return fmt, file
    if eq and "/" not in fmt and "." not in fmt:
        raise ConfigError([f"--output {value}: unknown format '{fmt}'; formats are: {', '.join(FORMAT_NAMES)}"])
    return None, value


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def describe(settings: Settings) -> str:
    """The effective configuration as TOML, each setting followed by where it came from."""
    lines = [f"# configuration file: {settings.file or 'none found'}"]
    for name in SETTINGS:
        key = name.replace("_", "-")
        value = getattr(settings, name)
        origin = f"  # {settings.origin(name)}"
        if name == "outputs":
            value = {fmt or f"{settings.format} (--format)": file for fmt, file in value}
        if name == "ignore":
            entries = [{"rule": ig.rule, "reason": ig.reason,
                        **({"expires": ig.expires} if ig.expires else {}),
                        **({"paths": list(ig.paths)} if ig.paths else {})} for ig in value]
            if entries:
                lines.append(f"{key} = [{origin}")
                lines += [f"  {_toml(e)}," for e in entries]
                lines.append("]")
                continue
            value = []
        if value is None:
            lines.append(f"# {key} is not set{origin}")
            continue
        lines.append(f"{key} = {_toml(value)}{origin}")
    return "\n".join(lines) + "\n"
