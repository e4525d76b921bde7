"""SARIF 2.1.0 for code-scanning dashboards, built from the plain records.

One result per discrepancy, at the evidence of the article being checked
(``locate.pin``), the other side's claims as ``relatedLocations``; the
discrepancy ``id`` as ``partialFingerprints["checker/v1"]``, so dashboards
follow a finding across edits that move lines; ignores as ``suppressions``
(``inSource`` from an article, ``external`` from the configuration); input
errors as tool execution notifications. Columns count Unicode code points;
no character offsets are given, since those of the report are offsets in the
article's text (for HTML and JSON lines not the file's).
"""

from __future__ import annotations

import json
import os
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from checker.report.locate import Record, end_of, pin, reference_ids, related, summary_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "checker/v1"
INFORMATION_URI = "https://checker.invalid/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    # a backslash separates folders in a Windows path; in a POSIX one it is a character of the name
    # (a byte that is not UTF-8 is shown as \xff: see checker.articles.inputs.shown_path)
    if os.sep == "\\" or PureWindowsPath(path).drive:
        path = path.replace("\\", "/")
    if path.startswith("/") or PureWindowsPath(path).drive:
        return "file://" + quote(PurePosixPath(path).as_posix(), safe="/:")
    return quote(path, safe="/")


def _location(claim: Record, message: str | None = None, ident: int | None = None) -> dict[str, Any]:
    end_line, end_column = end_of(claim)
    location: dict[str, Any] = {}
    if ident is not None:
        location["id"] = ident
    location["physicalLocation"] = {
        "artifactLocation": {"uri": _uri(claim["path"])},
        "region": {"startLine": claim["line"], "startColumn": claim["column"], "endLine": end_line,
                   "endColumn": end_column, "snippet": {"text": claim["text"]}},
    }
    if message is not None:
        location["message"] = {"text": message}
    return location


def _rule(rule: Record) -> dict[str, Any]:
    text = rule.get("description") or rule["id"]
    return {"id": rule["id"], "name": rule["id"], "shortDescription": {"text": text},
            "fullDescription": {"text": f"{text} ({rule['type']}; defined in {rule['file']}:{rule['line']})"},
            "defaultConfiguration": {"level": _LEVEL[rule["severity"]]},
            "properties": {"type": rule["type"], "file": rule["file"], "line": rule["line"]}}


def _result(d: Record, rule_index: dict[str, int], reference: set[str], baselined: bool) -> dict[str, Any]:
    at = pin(d, reference)
    result: dict[str, Any] = {"ruleId": d["rule"]}
    if d["rule"] in rule_index:
        result["ruleIndex"] = rule_index[d["rule"]]
    result["level"] = _LEVEL[d["severity"]]
    result["message"] = {"text": summary_line(d, at)}
    result["locations"] = [_location(at[1])]
    result["relatedLocations"] = [_location(claim, f"{side['display']}: \"{claim['text']}\"", i)
                                  for i, (side, claim) in enumerate(related(d, at), start=1)]
    result["partialFingerprints"] = {FINGERPRINT: d["id"]}
    if baselined:
        result["baselineState"] = "new"
    if "suppressed" in d:
        s = d["suppressed"]
        result["suppressions"] = [{"kind": "inSource" if s["source"] == "article" else "external",
                                   "status": "accepted", "justification": s["reason"],
                                   "properties": {"source": s["source"], "path": s.get("path", "")}}]
    result["properties"] = {"kind": d["kind"], "story": d["story"], "severity": d["severity"]}
    return result


def format_sarif(records: Record, color: bool = False) -> str:
    del color
    rule_index = {r["id"]: i for i, r in enumerate(records["rules"])}
    reference = reference_ids(records)
    baselined = "baselined" in records["summary"]
    notifications = [{"level": "error", "message": {"text": e["message"]},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e["path"])}}}]}
                     for e in records["errors"]]
    notifications += [{"level": "note", "message": {"text": n}} for n in records.get("notices", [])]
    run = {
        "tool": {"driver": {"name": "checker", "version": records["tool"]["version"],
                            "informationUri": INFORMATION_URI,
                            "rules": [_rule(r) for r in records["rules"]]}},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, rule_index, reference, baselined) for d in records["discrepancies"]],
        "properties": {"summary": records["summary"]},
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
