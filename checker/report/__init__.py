"""Reports: the run turned into plain records once, every format built from those records."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from checker.report.github import format_github
from checker.report.junit import format_junit
from checker.report.records import as_records
from checker.report.sarif import format_sarif
from checker.report.text import format_text


def format_json(records: dict[str, Any], color: bool = False) -> str:
    del color
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


Formatter = Callable[..., str]
FORMATTERS: dict[str, Formatter] = {  # format name -> formatter(records, color=False) -> text
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "junit": format_junit,
}
FORMATS = tuple(FORMATTERS)

__all__ = ["FORMATS", "FORMATTERS", "as_records", "format_github", "format_json", "format_junit", "format_sarif",
           "format_text"]
