"""Baselines: a saved report whose discrepancies are known, so only new ones are reported and counted.

A discrepancy's ``id`` names the story, slot and kind of disagreement
(``checker.engine.compare.fingerprint``): one finding holds every value of it, and keeps its id as
articles come and go and as edits move text. A finding is known when a baseline finding of that id
already held each of its values in each of its articles: a new value, or an old value in a new
article, makes it new again. A baseline is a JSON report (``--format json``), of this version or
of one that paired values two by two (its findings of one story, slot and kind are read as one);
a SARIF report from checker works too, matched by id alone (its ``partialFingerprints``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from checker.engine.compare import fingerprint
from checker.model import Discrepancy
from checker.report.records import SCHEMA_ID
from checker.report.sarif import FINGERPRINT as SARIF_FINGERPRINT


@dataclass(frozen=True)
class Baseline:
    """The findings a saved report knows: by id, the (value, article) pairs they held."""

    ids: frozenset[str]
    # None: match by id alone (a SARIF baseline; per id, a record that lists no sides)
    known: dict[str, frozenset[tuple[str, str]] | None] | None = None

    def covers(self, d: Discrepancy) -> bool:
        if d.id not in self.ids:
            return False
        if self.known is None:
            return True
        held = self.known.get(d.id)
        return held is None or all((c.value.display(), c.evidence.article) in held for side in d.sides for c in side.claims)


def _from_report(discrepancies: list) -> Baseline:
    known: dict[str, set[tuple[str, str]]] = {}
    by_id_alone: set[str] = set()
    for d in discrepancies:
        if not isinstance(d, dict) or "id" not in d:
            continue
        ids = {d["id"]}
        if all(isinstance(d.get(k), str) for k in ("rule", "kind", "story")):
            ids.add(fingerprint(d["rule"], d["kind"], d["story"]))  # a report written before one finding per kind
        pairs = {(shown, c.get("article")) for side in d.get("sides") or [] if isinstance(side, dict)
                 for shown in str(side.get("display", "")).split(" / ")
                 for c in side.get("claims") or [] if isinstance(c, dict)}
        if not isinstance(d.get("sides"), list):
            by_id_alone |= ids
        for known_id in ids:
            known.setdefault(known_id, set()).update(pairs)
    return Baseline(frozenset(known), {k: None if k in by_id_alone else frozenset(v) for k, v in known.items()})


class BaselineError(Exception):
    pass


def load_baseline(path: Path) -> Baseline:
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
        for i, d in enumerate(found):
            if isinstance(d, dict) and "id" in d:
                _id(path, d.get("id"), f"discrepancies[{i}].id")
        return _from_report(found)
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
        return Baseline(frozenset(ids))  # matched by id alone
    raise BaselineError(f"{path}: not a checker report: write one with --format json --output {path}")


def _id(path: Path, value: object, where: str) -> str:
    if not isinstance(value, str):
        raise BaselineError(f"{path}: {where} must be a string (a discrepancy's id), not {type(value).__name__}")
    return value
