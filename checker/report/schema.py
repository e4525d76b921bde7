"""The published JSON Schema of the report (``checker schema report``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def report_schema() -> dict[str, Any]:
    return json.loads((resources.files("checker.report") / "report.schema.json").read_text(encoding="utf-8"))
