"""The report contract (``checker-report/1``) as plain, JSON-ready records."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from checker import __version__
from checker.model import ArticleInfo, Discrepancy, Fact, RunResult
from checker.report.jsonwriter import ITEM_PAD, Encoded, encode
from checker.rules.book import RuleBook, shown_rule_file
from checker.model import fact_count, tally

SCHEMA_ID = "checker-report/1"
SENTENCE_LIMIT = 400  # evidence sentences are trimmed so reports stay small on long paragraphs


def _sentence(text: str) -> str:
    return text if len(text) <= SENTENCE_LIMIT else text[: SENTENCE_LIMIT - 1] + "…"


def fact_record(fact: Fact) -> dict[str, Any]:
    ev = fact.evidence
    return {"rule": fact.rule, "value": fact.value.to_json(), "display": fact.display, "text": ev.text,
            "start": ev.start, "end": ev.end, "line": ev.line, "column": ev.column,
            "sentence": _sentence(ev.sentence), "headline": ev.headline, "source": fact.source,
            "scope": sorted(fact.scope), "partial": fact.partial, "other_incident": fact.other_incident}


# where an article's list of facts sits in the JSON report: in an article record, in the top-level list
FACTS_PAD = ITEM_PAD + "  "


def encode_facts(facts: list[Fact]) -> str:
    """An article's ``facts`` as the JSON report writes them (see :class:`Encoded`): done by the
    process that extracted them, the report's writer only copies the text."""
    return encode([fact_record(f) for f in facts], FACTS_PAD)


def claim_record(fact: Fact) -> dict[str, Any]:
    ev = fact.evidence
    return {"article": ev.article, "path": ev.path, "line": ev.line, "column": ev.column, "start": ev.start,
            "end": ev.end, "text": ev.text, "sentence": _sentence(ev.sentence), "source": fact.source}


def encode_discrepancy(d: Discrepancy) -> str:
    """A finding as the JSON report writes it in its list of discrepancies (see :func:`encode_facts`)."""
    return encode(discrepancy_record(d), ITEM_PAD)


def write_discrepancy(d: Discrepancy, write: Callable[[str], object], batch: int = 512) -> None:
    """:func:`encode_discrepancy`'s text, written in pieces: a finding of a story of many articles
    holds a claim of each, and its text (or its record) is never held whole, only ``batch`` claims'."""
    pad, side_pad = ITEM_PAD, ITEM_PAD + "    "
    list_pad = side_pad + "  "  # where the items of a side's claims start, less two spaces
    head = {"id": d.id, "rule": d.rule, "kind": d.kind, "severity": d.severity, "story": d.story,
            "message": d.message}
    write(_open(encode(head, pad), pad) + "," + pad + '  "sides": ' + ("[" if d.sides else "[]"))
    for index, side in enumerate(d.sides):
        record = {"display": side.display, "value": side.value.to_json()}
        if side.published is not None:
            record["published"] = side.published
        write(("," if index else "") + side_pad + _open(encode(record, side_pad), side_pad) + "," + side_pad
              + '  "claims": ' + ("[" if side.claims else "[]"))
        for start in range(0, len(side.claims), batch):
            text = encode([claim_record(c) for c in side.claims[start:start + batch]], list_pad)
            write(("," if start else "") + text[1:-len(list_pad) - 1])
        write((list_pad + "]" if side.claims else "") + side_pad + "}")
    if d.sides:
        write(pad + "  ]")
    if d.suppressed is not None:
        suppressed = {"reason": d.suppressed.reason, "source": d.suppressed.source, "path": d.suppressed.path}
        write("," + pad + '  "suppressed": ' + encode(suppressed, pad + "  "))
    write(pad + "}")


def _open(text: str, pad: str) -> str:
    """An encoded dict without its closing brace (``pad`` and ``}``), so that keys can follow."""
    return text[:-len(pad) - 1]


def discrepancy_record(d: Discrepancy) -> dict[str, Any]:
    record = {"id": d.id, "rule": d.rule, "kind": d.kind, "severity": d.severity, "story": d.story,
              "message": d.message,
              "sides": [_side_record(s) for s in d.sides]}
    if d.suppressed is not None:
        record["suppressed"] = {"reason": d.suppressed.reason, "source": d.suppressed.source,
                                "path": d.suppressed.path}
    return record


def _side_record(side) -> dict[str, Any]:
    record = {"display": side.display, "value": side.value.to_json()}
    if side.published is not None:
        record["published"] = side.published
    record["claims"] = [claim_record(c) for c in side.claims]
    return record


def _article_record(a: ArticleInfo, result: RunResult) -> dict[str, Any]:
    record = {"id": a.id, "path": a.path, "story": a.story,
              "published": a.published.isoformat() if a.published else None,
              "outlet": a.outlet, "title": a.title,
              "facts": _facts(a.id, result)}
    # optional, present when the article gives them: the HTML report shows the time and links the page
    if a.published_at is not None:
        record["published_at"] = a.published_at.isoformat()
    if a.url:
        record["url"] = a.url
    if a.id in result.reference:
        record["reference"] = True
    if a.grouped is not None:
        g = a.grouped
        record["grouped"] = {"given": g.given, "with": g.joined, "score": g.score, "places": list(g.places),
                             "date": g.date, "names": list(g.names), "words": list(g.words), "reason": g.describe()}
    return record


def _facts(article: str, result: RunResult) -> list[dict[str, Any]] | Encoded:
    encoded = getattr(result.facts, "encoded", None)
    text = encoded(article) if encoded is not None else None
    if text is not None:
        return Encoded(text, FACTS_PAD)
    return [fact_record(f) for f in result.facts.get(article, [])]


class Lazy(Sequence):
    """Records made as they are read, each time: a report of a large run is written one article at a
    time instead of first holding a record of every fact (as large again as the facts)."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], dict[str, Any]]) -> None:
        self._items, self._make = items, make
        encoded = getattr(items, "encoded_item", None)
        if encoded is not None and getattr(items, "all_encoded", False):
            self.encoded_item = encoded  # the JSON writer takes each record's text as it was made

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._make(item) for item in self._items[index]]
        return self._make(self._items[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self._make, self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


def as_records(result: RunResult, book: RuleBook, *, lazy: bool = False) -> dict[str, Any]:
    """The report's records; with ``lazy``, those of articles and discrepancies are made as they are
    read (:class:`Lazy`), which every formatter accepts."""
    found = tally(result.discrepancies)
    counts = {severity: found[(severity, False)] for severity in ("error", "warning", "info")}
    summary: dict[str, Any] = {
        "articles": len(result.articles), "facts": fact_count(result.facts),
        "discrepancies": counts, "errors": len(result.errors),
        "suppressed": sum(n for (_, suppressed), n in found.items() if suppressed)}
    if result.reference:
        summary["reference"] = len(result.reference)
    if result.baselined is not None:
        summary["baselined"] = result.baselined
    records = {
        "schema": SCHEMA_ID,
        "tool": {"name": "checker", "version": __version__},
        "rules": [{"id": s.id, "type": s.type_name, "severity": s.severity, "file": shown_rule_file(s.location.path),
                   "line": s.location.line, "description": s.description} for s in book.slots],
        "articles": Lazy(result.articles, lambda a: _article_record(a, result)) if lazy
        else [_article_record(a, result) for a in result.articles],
        "discrepancies": Lazy(result.discrepancies, discrepancy_record) if lazy
        else [discrepancy_record(d) for d in result.discrepancies],
        "errors": [{"path": e.path, "message": e.message} for e in result.errors],
        "summary": summary,
    }
    if result.notices:
        records["notices"] = list(result.notices)
    return records
