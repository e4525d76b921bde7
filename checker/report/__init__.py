"""Reports: the run turned into plain records once, every format built from those records."""

from checker.report.records import as_records
from checker.report.text import format_text

FORMATS = ("text", "json")

__all__ = ["FORMATS", "as_records", "format_text"]
