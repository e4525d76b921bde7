"""Baselines: a saved report whose discrepancies are known, so only new ones are reported and counted.

A discrepancy is known when its ``id`` is in the baseline. The id is built from
the rule, kind, story, the displays of the sides and the ids of the articles on
each side (``checker.engine.compare.fingerprint``), never from offsets or lines, so an
edit that moves text keeps it. A baseline is a JSON report (``--format json``);
a SARIF report from checker works too (its ``partialFingerprints``).
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.report.records import SCHEMA_ID
from checker.report.sarif import FINGERPRINT as SARIF_FINGERPRINT


class BaselineError(Exception):
    pass


def load_baseline(path: Path) -> frozenset[str]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: the baseline is not a JSON report: {exc}") from None
    if isinstance(document, dict) and document.get("schema") == SCHEMA_ID:
        return frozenset(d["id"] for d in document.get("discrepancies", []) if isinstance(d, dict) and "id" in d)
    if isinstance(document, dict) and isinstance(document.get("runs"), list):
        return frozenset(r["partialFingerprints"][SARIF_FINGERPRINT] for run in document["runs"]
                         for r in run.get("results", [])
                         if SARIF_FINGERPRINT in (r.get("partialFingerprints") or {}))
    raise BaselineError(f"{path}: not a checker report: write one with --format json --output {path}")
