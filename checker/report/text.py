"""Human-readable report: each discrepancy with the evidence on each side."""

from __future__ import annotations

import datetime as dt

from typing import Any

from checker.model import plural
from checker.report.escape import printable as _p

_WIDTH = 100


def _quote(text: str, limit: int = 90) -> str:
    return f"\"{_p(text if len(text) <= limit else text[: limit - 1] + '…')}\""


def format_text(records: dict[str, Any], color: bool = False) -> str:
    paint = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"} if color else {}
    reset = "\033[0m" if color else ""
    lines: list[str] = []
    for d in records["discrepancies"]:
        if "suppressed" in d:
            continue
        sev = d["severity"]
        lines.append(f"{paint.get(sev, '')}{sev}{reset}  {_p(d['rule'])}  {d['kind']}  {_p(d['message'])}")
        for side in d["sides"]:
            when = f"  ({side['published']})" if side.get("published") else ""
            lines.append(f"  {_p(side['display'])}{when}")
            for c in side["claims"]:
                source = f"  ({_p(c['source'])})" if c.get("source") else ""
                lines.append(f"    {_p(c['path'])}:{c['line']}:{c['column']}  {_quote(c['text'])}{source}")
        lines.append("")
    for d in records["discrepancies"]:
        if "suppressed" in d:
            s = d["suppressed"]
            lines.append(f"suppressed  {_p(d['rule'])}  {d['kind']}  {_p(d['message'])}  "
                         f"({s['source']} {_p(s.get('path', ''))}: \"{_p(s['reason'])}\")")
    for e in records["errors"]:
        lines.append(f"{paint.get('error', '')}input error{reset}  {_p(e['path'])}: {_p(e['message'])}")
    for n in records.get("notices", []):
        lines.append(f"{paint.get('info', '')}notice{reset}  {_p(n)}")
    summary = records["summary"]
    counts = summary["discrepancies"]
    extra = [plural(summary["errors"], "input error")] if summary.get("errors") else []
    extra += [f"{summary[key]} {label}" for key, label in (("suppressed", "suppressed"),
                                                           ("baselined", "in the baseline")) if summary.get(key)]
    compared = f" (and {summary['reference']} published compared with)" if summary.get("reference") else ""
    lines.append(f"{plural(summary['articles'] - summary.get('reference', 0), 'article')}{compared}, "
                 f"{plural(summary['facts'], 'fact')}: {plural(counts['error'], 'error')}, "
                 f"{plural(counts['warning'], 'warning')}, {plural(counts['info'], 'info')}"
                 + "".join(f", {x}" for x in extra))
    return "\n".join(lines) + "\n"


def format_explain(article: dict[str, Any], slots: list[dict[str, Any]]) -> str:
    """Every slot's facts for one article, slot by slot, empty slots included."""
    lines = [f"{_p(article['path'])}  (story: {_p(article['story'])}, published: {article['published'] or 'unknown'})"]
    if article.get("grouped"):
        lines.append(f"  in its story {article['grouped']}")
    cues = article.get("cues")
    if cues is not None:  # what `--stories auto` groups articles by
        lines.append("")
        lines.append("story cues (what --stories auto groups articles by)")
        day = dt.date.fromordinal(cues.date).isoformat() if cues.date else None
        for label, values in (("kind", cues.kinds), ("places", cues.places), ("day", [day] if day else []),
                              ("victims and suspects", cues.names), ("other names", cues.mentions),
                              ("headline words", cues.words), ("proper names", cues.topics)):
            lines.append(f"  {label}: {', '.join(values) if values else '-'}")
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for fact in article["facts"]:
        by_rule.setdefault(fact["rule"], []).append(fact)
    for slot in slots:
        facts = by_rule.get(slot["id"], [])
        lines.append("")
        lines.append(f"{slot['id']}  ({slot['type']}, {slot['severity']})  {plural(len(facts), 'fact')}")
        for f in facts:
            extra = []
            if f["source"]:
                extra.append(f"source: {_p(f['source'])}")
            if f["scope"]:
                extra.append(f"scope: {', '.join(f['scope'])}")
            if f["partial"]:
                extra.append("partial")
            if f.get("other_incident"):
                extra.append(f"other incident: {f['other_incident']}; not compared")
            if f["headline"]:
                extra.append("headline")
            lines.append(f"  {_p(f['display'])}")
            lines.append(f"    {_p(article['path'])}:{f['line']}:{f['column']}  {_quote(f['text'])}"
                         + (f"  [{'; '.join(extra)}]" if extra else ""))
    return "\n".join(lines) + "\n"
