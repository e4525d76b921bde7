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
SRCROOT = "%SRCROOT%"
# how often a finding of a slot is a real disagreement, as code scanning ranks it: the pack's authors give
# error-level slots the patterns and comparisons they trust most
_PRECISION = {"error": "high", "warning": "medium", "info": "low"}


def _root() -> str:
    """The directory paths are relative to: the current one (a CI job runs from its checkout's root)."""
    return PurePosixPath(os.getcwd().replace("\\", "/")).as_posix()


def _artifact(path: str, root: str) -> dict[str, str]:
    """A repository-relative URI with ``uriBaseId`` (what code scanning wants); an absolute path under
    the root is made relative to it, one outside it stays an absolute ``file://`` URI."""
    # a backslash separates folders in a Windows path; in a POSIX one it is a character of the name
    # (a byte that is not UTF-8 is shown as \xff: see checker.articles.inputs.shown_path)
    posix = path.replace("\\", "/") if os.sep == "\\" or PureWindowsPath(path).drive else path
    if posix.startswith("/") or PureWindowsPath(path).drive:
        try:
            posix = PurePosixPath(posix).relative_to(root).as_posix()
        except ValueError:
            return {"uri": "file://" + quote(PurePosixPath(posix).as_posix(), safe="/:")}
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _root_uri(root: str) -> str:
    uri = "file://" + quote(root if root.startswith("/") else "/" + root, safe="/:")
    return uri if uri.endswith("/") else uri + "/"


def _location(claim: Record, root: str, message: str | None = None, ident: int | None = None) -> dict[str, Any]:
    end_line, end_column = end_of(claim)
    location: dict[str, Any] = {}
    if ident is not None:
        location["id"] = ident
    location["physicalLocation"] = {
        "artifactLocation": _artifact(claim["path"], root),
        "region": {"startLine": claim["line"], "startColumn": claim["column"], "endLine": end_line,
                   "endColumn": end_column, "snippet": {"text": claim["text"]}},
    }
    if message is not None:
        location["message"] = {"text": message}
    return location


def _help(rule: Record, text: str) -> dict[str, str]:
    """What the slot is, how to fix a finding, how to accept one: shown by code scanning beside a result."""
    ident, where = rule["id"], f"{rule['file']}:{rule['line']}"
    ignore = f'<!-- checker: ignore {ident} reason="why the difference is right" -->'
    text = text.rstrip(".")
    plain = (f"{text}. A {rule['type']} slot ({rule['severity']}), defined in {where}. "
             f"A finding means articles of one story give different values for it; each side lists the "
             f"sentences that gave its value. Check them against the sources and correct the article that "
             f"is wrong. If the difference is right (a source changed its figure, a later update), accept it "
             f"in the article with {ignore}, or for many articles with an [[ignore]] entry (rule, reason, "
             f"paths, expires) in checker.toml. `checker explain ARTICLE --slot {ident}` shows why the slot "
             f"was filled.")
    markdown = (f"**{text}** — a `{rule['type']}` slot (`{rule['severity']}`), defined in `{where}`.\n\n"
                f"A finding means articles of one story give different values for it; each side lists the "
                f"sentences that gave its value.\n\n"
                f"**To fix**: check the claims against the sources and correct the article that is wrong.\n\n"
                f"**To accept** a difference that is right (a source changed its figure, a later update): in "
                f"the article,\n\n```html\n{ignore}\n```\n\nor, for many articles, an `[[ignore]]` entry "
                f"(`rule`, `reason`, `paths`, `expires`) in `checker.toml`.\n\n"
                f"`checker explain ARTICLE --slot {ident}` shows why the slot was filled.")
    return {"text": plain, "markdown": markdown}


def _rule(rule: Record) -> dict[str, Any]:
    text = rule.get("description") or rule["id"]
    return {"id": rule["id"], "name": rule["id"], "shortDescription": {"text": text},
            "fullDescription": {"text": f"{text} ({rule['type']}; defined in {rule['file']}:{rule['line']})"},
            "help": _help(rule, text),
            "defaultConfiguration": {"level": _LEVEL[rule["severity"]]},
            "properties": {"tags": ["fact-check", rule["type"], rule["id"].split(".")[0]],
                           "precision": _PRECISION[rule["severity"]],
                           "type": rule["type"], "file": rule["file"], "line": rule["line"]}}


def _result(d: Record, rule_index: dict[str, int], reference: set[str], baselined: bool, root: str,
            ) -> dict[str, Any]:
    at = pin(d, reference)
    result: dict[str, Any] = {"ruleId": d["rule"]}
    if d["rule"] in rule_index:
        result["ruleIndex"] = rule_index[d["rule"]]
    result["level"] = _LEVEL[d["severity"]]
    result["message"] = {"text": summary_line(d, at)}
    result["locations"] = [_location(at[1], root)]
    result["relatedLocations"] = [_location(claim, root, f"{side['display']}: \"{claim['text']}\"", i)
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
    root = _root()
    notifications = [{"level": "error", "message": {"text": e["message"]},
                      "locations": [{"physicalLocation": {"artifactLocation": _artifact(e["path"], root)}}]}
                     for e in records["errors"]]
    notifications += [{"level": "note", "message": {"text": n}} for n in records.get("notices", [])]
    run = {
        "tool": {"driver": {"name": "checker", "version": records["tool"]["version"],
                            "informationUri": INFORMATION_URI,
                            "rules": [_rule(r) for r in records["rules"]]}},
        "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(root),
                                         "description": {"text": "The directory checker ran in: the "
                                                                 "repository's root in CI"}}},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, rule_index, reference, baselined, root) for d in records["discrepancies"]],
        "properties": {"summary": records["summary"]},
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
