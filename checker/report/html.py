"""A self-contained HTML page for editors, built from the plain records with Jinja2 (autoescaping).

One file, no network at view time: the style and the script are inline, and a Content-Security-Policy
meta tag allows nothing else (``default-src 'none'``; the one script by its SHA-256 hash, so no
injected ``<script>`` or inline event handler can run even if escaping failed). Every string from an
article or a rule reaches the page through the template's autoescaping; a URL is a link only when it
is ``http(s)``; ids, paths and URLs show bidirectional and zero-width controls as ``[U+XXXX]`` so a
spoofed name cannot pass for another, and article text is isolated (``<bdi>``) so right-to-left
runs cannot reorder the page around them.

The records do not hold articles' text (the run drops it once facts are read), so the article view
shows each sentence that holds a fact, with every fact of that sentence marked.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter, defaultdict
from importlib import resources
from typing import Any

from checker.report.escape import html_text
from checker.report.locate import Record, reference_ids

SEVERITIES = ("error", "warning", "info")
TOLL_TYPES = ("count", "headcount", "quantity")  # values that may change between publications: shown on a timeline
# bidirectional embeddings/overrides/isolates, zero-width characters, BOM, soft hyphen
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def visible(text: str | None) -> str:
    """``text`` with invisible and direction-changing characters spelled out (for ids, paths, URLs)."""
    return _INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text or "")


def safe_url(url: str | None) -> str | None:
    """``url`` when a browser will read it as an http(s) address, else None (shown as text, not linked)."""
    if not url or re.search(r"[\x00-\x20\x7f]", url) or _INVISIBLE.search(url):
        return None
    return url if re.match(r"https?://[^/\\]", url, re.IGNORECASE) else None


def marked(sentence: str, spans: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The sentence cut into pieces, each with the facts that cover it: ``spans`` are (words, slot,
    label); each is looked up in the sentence (the records give offsets in the article, not in the
    sentence), a repeated phrase at its next free place. Overlapping facts split the pieces."""
    intervals: list[tuple[int, int, str, str]] = []
    taken: Counter[str] = Counter()
    for words, slot, label in spans:
        at = -1
        for _ in range(taken[words] + 1):
            at = sentence.find(words, at + 1)
            if at < 0:
                break
        if at < 0 or not words:
            continue
        taken[words] += 1
        intervals.append((at, at + len(words), slot, label))
    cuts = sorted({0, len(sentence), *(i[0] for i in intervals), *(i[1] for i in intervals)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [i for i in intervals if i[0] <= start and end <= i[1]]
        pieces.append({"text": sentence[start:end], "slots": sorted({i[2] for i in covering}),
                       "labels": [i[3] for i in covering]})
    return pieces


def _when(article: Record | None) -> str:
    if article is None:
        return ""
    at = article.get("published_at")
    if at:
        return at[:16].replace("T", " ") + (" UTC" if at.endswith(("+00:00", "Z")) else "")
    return article.get("published") or ""


def _sort_time(article: Record | None) -> str:
    return (article.get("published_at") or article.get("published") or "") if article else ""


def page_model(records: Record) -> dict[str, Any]:
    """What the template shows, in plain values: the records regrouped by story and article."""
    articles = list(records["articles"])
    discrepancies = list(records["discrepancies"])
    reference = reference_ids(records)
    anchors = {a["id"]: f"a{i}" for i, a in enumerate(articles)}
    by_id = {a["id"]: a for a in articles}
    involved: dict[str, list[tuple[str, Record]]] = defaultdict(list)
    findings = []
    types = {r["id"]: r["type"] for r in records["rules"]}
    for index, d in enumerate(discrepancies):
        anchor = f"d{index}"
        sides = []
        timeline = []
        for side in d["sides"]:
            claims = []
            for c in side["claims"]:
                article = by_id.get(c["article"])
                claims.append({**c, "anchor": anchors.get(c["article"]), "article_record": article,
                               "when": _when(article), "outlet": (article or {}).get("outlet"),
                               "pieces": marked(c["sentence"], [(c["text"], d["rule"], side["display"])])})
                moment = (_sort_time(article), _when(article), side["display"], article) if article else None
                if moment and moment[0] and types.get(d["rule"]) in TOLL_TYPES and moment not in timeline:
                    timeline.append(moment)
                involved[c["article"]].append((anchor, d))
            sides.append({"display": side["display"], "claims": claims})
        timeline.sort(key=lambda t: t[0])
        distinct_times = len({t[0] for t in timeline})
        findings.append({**d, "anchor": anchor, "sides": sides, "suppressed": d.get("suppressed"),
                         "timeline": [{"when": w, "display": disp, "article": a, "anchor": anchors[a["id"]]}
                                      for _, w, disp, a in timeline] if distinct_times > 1 else []})
    stories: dict[str, dict[str, Any]] = {}
    for a in articles:
        stories.setdefault(a["story"], {"name": a["story"], "articles": [], "findings": [], "suppressed": []})
        stories[a["story"]]["articles"].append(a)
    for f in findings:
        story = stories.setdefault(f["story"], {"name": f["story"], "articles": [], "findings": [], "suppressed": []})
        story["suppressed" if f["suppressed"] else "findings"].append(f)
    views = []
    for a in articles:
        sentences: dict[str, list[Record]] = {}
        for fact in a["facts"]:
            sentences.setdefault(fact["sentence"], []).append(fact)
        links = list({anchor: d for anchor, d in involved.get(a["id"], [])}.items())
        views.append({**a, "anchor": anchors[a["id"]], "url": a.get("url"), "link": safe_url(a.get("url")),
                      "outlet": a.get("outlet"), "title": a.get("title"), "when": _when(a),
                      "sentences": [{"line": facts[0]["line"],
                                     "pieces": marked(text, [(f["text"], f["rule"], f"{f['rule']}: {f['display']}")
                                                             for f in facts]),
                                     "facts": facts}
                                    for text, facts in sentences.items()],
                      "findings": [{"anchor": anchor, "rule": d["rule"], "severity": d["severity"],
                                    "message": d["message"], "suppressed": "suppressed" in d}
                                   for anchor, d in links],
                      "reference": a["id"] in reference})
    counted = [f for f in findings if not f["suppressed"]]
    kinds = Counter(f["kind"] for f in counted)
    slots = sorted({f["rule"] for f in findings})
    return {
        "tool": records["tool"], "summary": records["summary"], "errors": records["errors"],
        "notices": records.get("notices", []), "stories": [stories[s] for s in sorted(stories)],
        "articles": views, "kinds": sorted(kinds.items()), "slots": slots,
        "slot_index": {slot: i % 8 for i, slot in enumerate(sorted({r["id"] for r in records["rules"]}))},
        "severities": SEVERITIES, "suppressed": [f for f in findings if f["suppressed"]],
        "shown": len(counted),
    }


def _resource(name: str) -> str:
    return resources.files("checker.report").joinpath("templates", name).read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def format_html(records: Record, color: bool = False) -> str:
    del color
    import jinja2  # only when an HTML report is asked for: start-up of other formats stays as it was
    import markupsafe  # jinja2's own dependency

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["visible"] = visible
    template = env.from_string(_resource("report.html.j2"))
    script = _resource("report.js")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src {script_hash(script)}; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")
    # our own script and style, never data, go in unescaped
    page = template.render(page=page_model(records), script=markupsafe.Markup(script),
                           style=markupsafe.Markup(_resource("report.css")), csp=csp)
    return html_text(page)  # control characters of article text, ids and file names shown as escapes
