"""The schema of a configuration file (``checker.toml``, ``[tool.checker]``), and reading one.

Kept apart from :mod:`checker.config.settings` so that a run without a configuration file does not
import pydantic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from checker.config.source import PYPROJECT, ConfigError, read_text, shown_path, tomllib

FormatName = Literal["text", "json", "sarif", "github", "junit", "html"]


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Strings = Annotated[Optional[list[str]], BeforeValidator(_listed)]


class IgnoreEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str = Field(min_length=1, description="A slot id, or a glob over slot ids (casualties.*).")
    reason: str = Field(min_length=1, description="Why this discrepancy is accepted.")
    expires: Optional[dt.date] = Field(None, description="After this day the ignore no longer applies.")
    paths: Strings = Field(None, description="Globs of the article paths it covers (default: all).")


class FileConfig(BaseModel):
    """The keys a configuration file may set (kebab-case, as in TOML)."""

    model_config = ConfigDict(extra="forbid", alias_generator=lambda name: name.replace("_", "-"))

    rules: Strings = None
    default_rules: Optional[bool] = None
    fail_on: Optional[Literal["error", "warning", "info", "never"]] = None
    story_key: Optional[str] = Field(None, min_length=1)
    format: Optional[FormatName] = None
    outputs: Optional[dict[FormatName, str]] = None
    ignore: Optional[list[IgnoreEntry]] = None
    include: Strings = None
    exclude: Strings = None
    against: Strings = None
    baseline: Optional[str] = None
    strict_inputs: Optional[bool] = None
    jobs: Optional[int] = Field(None, ge=1, description="Processes that check articles (default: one per core).")
    engine: Optional[Literal["local", "dask"]] = None
    scheduler: Optional[str] = Field(None, min_length=1, description="Address of a Dask scheduler.")
    stories: Optional[Literal["auto", "one"]] = Field(
        None, description="auto: articles that name no story are grouped by incident; one: they are one story.")


def read_config(path: Path) -> tuple[FileConfig, str]:
    """The file's settings, and how the file is shown (``pyproject.toml [tool.checker]``)."""
    shown = shown_path(path)
    text = read_text(path)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        import re

        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        raise ConfigError([f"{shown}{f':{at[1]}:{at[2]}' if at else ''}: not valid TOML: {exc}"]) from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        document = document.get("tool", {}).get("checker", {})
        prefix, shown = ("tool", "checker"), f"{shown} [tool.checker]"
    try:
        return FileConfig.model_validate(document), shown
    except ValidationError as exc:
        raise ConfigError([_problem(shown.split(" [")[0], text, prefix, e) for e in exc.errors()]) from None


def _problem(file: str, text: str, prefix: tuple[str, ...], error: Mapping[str, Any]) -> str:
    """``FILE:LINE:COL: key: message`` with a hint: the keys there are, or the closest to what was written."""
    from checker.config.position import locate

    path = (*prefix, *(p for p in error["loc"] if p != "[key]"))  # pydantic marks a dict's key as "[key]"
    where = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))
    at = locate(text, path)
    place = f"{file}:{at[0]}:{at[1]}" if at else file
    return f"{place}: {where}: {error['msg']}{_hint(file, prefix, error)}"


def _hint(file: str, prefix: tuple[str, ...], error: Mapping[str, Any]) -> str:
    import difflib
    import re

    given = error.get("input")
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        if key == "tool" and not prefix and len(error["loc"]) == 1:
            return (f"; [tool.checker] is for pyproject.toml: in {Path(file).name} write its keys at the top level, "
                    "without a table header")
        known = _keys(error["loc"][:-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        return f"; did you mean '{close[0]}'?" if close else f"; keys are: {', '.join(known)}"
    if error["type"] == "literal_error" and isinstance(given, str):
        choices = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
        return f"; did you mean '{close[0]}'?" if close else ""
    return ""


def _keys(within: Sequence[Any]) -> list[str]:
    """The keys the table at ``within`` (a location in the file) may hold."""
    schema = FileConfig.model_json_schema(by_alias=True)
    if within and within[0] == "ignore":
        return sorted(IgnoreEntry.model_json_schema(by_alias=True)["properties"])
    return sorted(schema["properties"])
