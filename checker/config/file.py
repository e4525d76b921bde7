"""The schema of a configuration file (``checker.toml``, ``[tool.checker]``), and reading one.

Kept apart from :mod:`checker.config.settings` so that a run without a configuration file does not
import pydantic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from checker.config.source import PYPROJECT, ConfigError, read_text, shown_path, tomllib

FormatName = Literal["text", "json", "sarif", "github", "junit"]


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
    try:
        document = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{shown}: not valid TOML: {exc}"]) from None
    prefix = ""
    if path.name == PYPROJECT:
        document = document.get("tool", {}).get("checker", {})
        prefix, shown = "tool.checker.", f"{shown} [tool.checker]"
    try:
        return FileConfig.model_validate(document), shown
    except ValidationError as exc:
        raise ConfigError([_problem(shown.split(" [")[0], prefix, e) for e in exc.errors()]) from None


def _problem(file: str, prefix: str, error: Mapping[str, Any]) -> str:
    where = prefix + "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
                             for i, p in enumerate(error["loc"]))
    hint = ""
    if error["type"] == "extra_forbidden":
        known = sorted(FileConfig.model_json_schema(by_alias=True)["properties"])
        hint = f"; keys are: {', '.join(known)}"
    return f"{file}: {where}: {error['msg']}{hint}"
