"""Human-readable report: each discrepancy with the evidence on each side."""

from __future__ import annotations

from typing import Any

_WIDTH = 100


def _quote(text: str, limit: int = 90) -> str:
    return f"\"{text if len(text) <= limit else text[: limit - 1] + '…'}\""


def format_text(records: dict[str, Any], color: bool = False) -> str:
    paint = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"} if color else {}
    reset = "\033[0m" if color else ""
    lines: list[str] = []
    for d in records["discrepancies"]:
        if "suppressed" in d:
            continue
        sev = d["severity"]
        lines.append(f"{paint.get(sev, '')}{sev}{reset}  {d['rule']}  {d['kind']}  {d['message']}")
        for side in d["sides"]:
            when = f"  ({side['published']})" if side.get("published") else ""
            lines.append(f"  {side['display']}{when}")
            for c in side["claims"]:
                source = f"  ({c['source']})" if c.get("source") else ""
                lines.append(f"    {c['path']}:{c['line']}:{c['column']}  {_quote(c['text'])}{source}")
        lines.append("")
    for d in records["discrepancies"]:
        if "suppressed" in d:
            s = d["suppressed"]
            lines.append(f"suppressed  {d['rule']}  {d['kind']}  {d['message']}  "
                         f"({s['source']} {s.get('path', '')}: \"{s['reason']}\")")
    for e in records["errors"]:
        lines.append(f"{paint.get('error', '')}input error{reset}  {e['path']}: {e['message']}")
    for n in records.get("notices", []):
        lines.append(f"{paint.get('info', '')}notice{reset}  {n}")
    summary = records["summary"]
    counts = summary["discrepancies"]
    extra = [f"{summary[key]} {label}" for key, label in (("errors", "input errors"), ("suppressed", "suppressed"),
                                                          ("baselined", "in the baseline"))
             if summary.get(key)]
    compared = f" (and {summary['reference']} published compared with)" if summary.get("reference") else ""
    lines.append(f"{summary['articles'] - summary.get('reference', 0)} articles{compared}, {summary['facts']} facts: "
                 f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info"
                 + "".join(f", {x}" for x in extra))
    return "\n".join(lines) + "\n"


def format_explain(article: dict[str, Any], slots: list[dict[str, Any]]) -> str:
    """Every slot's facts for one article, slot by slot, empty slots included."""
    lines = [f"{article['path']}  (story: {article['story']}, published: {article['published'] or 'unknown'})"]
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for fact in article["facts"]:
        by_rule.setdefault(fact["rule"], []).append(fact)
    for slot in slots:
        facts = by_rule.get(slot["id"], [])
        lines.append("")
        lines.append(f"{slot['id']}  ({slot['type']}, {slot['severity']})  {len(facts)} fact(s)")
        for f in facts:
            extra = []
            if f["source"]:
                extra.append(f"source: {f['source']}")
            if f["scope"]:
                extra.append(f"scope: {', '.join(f['scope'])}")
            if f["partial"]:
                extra.append("partial")
            if f.get("other_incident"):
                extra.append(f"other incident: {f['other_incident']}; not compared")
            if f["headline"]:
                extra.append("headline")
            lines.append(f"  {f['display']}")
            lines.append(f"    {article['path']}:{f['line']}:{f['column']}  {_quote(f['text'])}"
                         + (f"  [{'; '.join(extra)}]" if extra else ""))
    return "\n".join(lines) + "\n"
