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
    except RecursionError:
        raise BaselineError(f"{path}: the baseline is nested too deeply to be a checker report") from None
    if isinstance(document, dict) and document.get("schema") == SCHEMA_ID:
        found = document.get("discrepancies", [])
        if not isinstance(found, list):
            raise BaselineError(f"{path}: \"discrepancies\" must be a list of discrepancies")
        return frozenset(_id(path, d.get("id"), f"discrepancies[{i}].id") for i, d in enumerate(found)
                         if isinstance(d, dict) and "id" in d)
    if isinstance(document, dict) and isinstance(document.get("runs"), list):
        ids = []
        for r_index, run in enumerate(document["runs"]):
            results = run.get("results", []) if isinstance(run, dict) else None
            if not isinstance(results, list):
                raise BaselineError(f"{path}: runs[{r_index}].results must be a list of results")
            for index, result in enumerate(results):
                prints = result.get("partialFingerprints") if isinstance(result, dict) else None
                if prints is None:
                    continue
                where = f"runs[{r_index}].results[{index}].partialFingerprints"
                if not isinstance(prints, dict):
                    raise BaselineError(f"{path}: {where} must be an object")
                if SARIF_FINGERPRINT in prints:
                    ids.append(_id(path, prints[SARIF_FINGERPRINT], f"{where}[\"{SARIF_FINGERPRINT}\"]"))
        return frozenset(ids)
    raise BaselineError(f"{path}: not a checker report: write one with --format json --output {path}")


def _id(path: Path, value: object, where: str) -> str:
    if not isinstance(value, str):
        raise BaselineError(f"{path}: {where} must be a string (a discrepancy's id), not {type(value).__name__}")
    return value
