"""Reports: the run turned into plain records once, every format built from those records.

Built from the run's results (:mod:`checker.model`) and the rule book's rule list; may import
:mod:`checker.model` and :mod:`checker.rules`. The engine never imports reports; the run machinery
uses their encoders only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.report.github import format_github
from checker.report.html import format_html
from checker.report.jsonwriter import write_json
from checker.report.junit import Timing, format_junit
from checker.report.records import as_records
from checker.report.sarif import format_sarif
from checker.report.text import format_text


def format_json(records: dict[str, Any], color: bool = False) -> str:
    """The JSON of ``json.dumps(records, ensure_ascii=False, indent=2)`` and a newline (see jsonwriter)."""
    del color
    pieces: list[str] = []
    write_json(records, pieces.append)
    return "".join(pieces)


def write_report(fmt: str, records: dict[str, Any], write: Callable[[str], Any], color: bool = False, *,
                 fail_on: str = "warning", timing: Timing | None = None) -> None:
    """Write a report in pieces where the format allows it (JSON), so its whole text is never in memory.
    ``fail_on`` and ``timing`` (the run's start and length) are for JUnit: what fails, and its times."""
    if fmt == "json":
        write_json(records, write)
    elif fmt == "junit":
        write(format_junit(records, fail_on=fail_on, timing=timing))
    else:
        write(FORMATTERS[fmt](records, color=color))


Formatter = Callable[..., str]
FORMATTERS: dict[str, Formatter] = {  # format name -> formatter(records, color=False) -> text
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "junit": format_junit,
    "html": format_html,
}
FORMATS = tuple(FORMATTERS)

__all__ = ["FORMATS", "FORMATTERS", "as_records", "format_github", "format_html", "format_json", "format_junit",
           "format_sarif", "format_text", "write_report"]
