"""The Python API: check articles from a program, get the JSON report's data as typed values.

    from checker import check, Document

    report = check("articles/", Document("Four people were killed in the blast.", id="wire-1"))
    for d in report.discrepancies:
        print(d.severity, d.rule, d.message)

:func:`check` runs what ``checker check`` runs (the command line is a layer over :func:`run`) and
returns a :class:`Report`: frozen dataclasses with the fields of the JSON report (``checker-report/1``),
values kept as their plain JSON (a dict with a ``type`` key). ``report.records`` is that JSON as a
dict and ``report.format("html")`` any format of the command line.

Inputs are paths (files or directories, as on the command line) and :class:`Document` objects, articles
held in memory with their metadata; strings are paths, ``texts=`` takes bare article texts. Sits above
the run machinery (:mod:`checker.run`) and the reports; imported lazily by ``checker`` so that the
command line's start-up does not pay for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, Union

from checker.model import SEVERITY_RANK

if TYPE_CHECKING:
    from checker.articles.inputs import InputOptions
    from checker.model import ArticleInfo, RunResult
    from checker.rules.book import RuleBook
    from checker.run.engines import Engine
    from checker.suppress import Ignore

MEMORY = "<memory>.jsonl"  # how documents held in memory are named in reports: <memory>.jsonl#ID


@dataclass(frozen=True)
class Document:
    """An article held in memory. ``id`` names it in the report (default: ``text-N``, its place
    among the run's documents); ``published`` is a date, a datetime or an ISO 8601 string."""

    text: str
    id: str | None = None
    story: str | None = None
    published: dt.date | dt.datetime | str | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None

    def as_line(self, number: int) -> dict[str, Any]:
        published = self.published.isoformat() if isinstance(self.published, dt.date) else self.published
        record = {"id": self.id or f"text-{number}", "text": self.text, "story": self.story,
                  "published": published, "outlet": self.outlet, "title": self.title, "url": self.url}
        return {k: v for k, v in record.items() if v is not None}


Input = Union[str, "os.PathLike[str]", Document]


# ---- the report, typed -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    severity: str
    file: str
    line: int
    description: str | None = None


@dataclass(frozen=True)
class Fact:
    rule: str
    value: Mapping[str, Any]
    display: str
    text: str
    start: int
    end: int
    line: int
    column: int
    sentence: str
    headline: bool = False
    source: str | None = None
    scope: tuple[str, ...] = ()
    partial: bool = False


@dataclass(frozen=True)
class Article:
    id: str
    path: str
    story: str
    published: str | None
    facts: tuple[Fact, ...]
    outlet: str | None = None
    title: str | None = None
    published_at: str | None = None
    url: str | None = None
    reference: bool = False  # read only to compare with (``against``)


@dataclass(frozen=True)
class Claim:
    article: str
    path: str
    line: int
    column: int
    start: int
    end: int
    text: str
    sentence: str
    source: str | None = None


@dataclass(frozen=True)
class Side:
    display: str
    value: Mapping[str, Any]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Suppression:
    reason: str
    source: str  # "article" | "config"
    path: str | None = None


@dataclass(frozen=True)
class Discrepancy:
    id: str
    rule: str
    kind: str
    severity: str
    story: str
    message: str
    sides: tuple[Side, ...]
    suppressed: Suppression | None = None


@dataclass(frozen=True)
class InputProblem:
    path: str
    message: str


@dataclass(frozen=True)
class Summary:
    articles: int
    facts: int
    discrepancies: Mapping[str, int]  # severity -> count, suppressed ones left out
    errors: int
    suppressed: int = 0
    reference: int | None = None
    baselined: int | None = None


@dataclass(frozen=True)
class Report:
    """What ``checker check --format json`` prints, as typed values; ``records`` is that JSON."""

    rules: tuple[Rule, ...]
    articles: tuple[Article, ...]
    discrepancies: tuple[Discrepancy, ...]
    errors: tuple[InputProblem, ...]
    summary: Summary
    notices: tuple[str, ...] = ()
    version: str = ""
    records: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_records(cls, records: Mapping[str, Any]) -> Report:
        """A report from the JSON report's data (``json.load`` of a saved ``--format json`` report works)."""
        return cls(
            rules=tuple(_make(Rule, r) for r in records["rules"]),
            articles=tuple(_make(Article, {**a, "facts": tuple(_make(Fact, {**f, "scope": tuple(f.get("scope", ()))})
                                                               for f in a["facts"])}) for a in records["articles"]),
            discrepancies=tuple(_discrepancy(d) for d in records["discrepancies"]),
            errors=tuple(_make(InputProblem, e) for e in records["errors"]),
            summary=_make(Summary, records["summary"]), notices=tuple(records.get("notices", ())),
            version=records["tool"]["version"], records=records)

    def failing(self, fail_on: str = "warning") -> list[Discrepancy]:
        """The discrepancies that make ``checker check --fail-on FAIL_ON`` exit 1."""
        if fail_on == "never":
            return []
        return [d for d in self.discrepancies
                if d.suppressed is None and SEVERITY_RANK[d.severity] >= SEVERITY_RANK[fail_on]]

    def format(self, fmt: str = "text") -> str:
        """The report in a format of the command line: text, json, sarif, github, junit or html."""
        from checker.report import FORMATTERS

        if fmt not in FORMATTERS:
            raise ValueError(f"unknown format {fmt!r}; formats are: {', '.join(FORMATTERS)}")
        return FORMATTERS[fmt](dict(self.records))

    def to_json(self) -> str:
        return self.format("json")


def _make(cls: type, data: Mapping[str, Any]) -> Any:
    """``cls`` from a record, leaving out fields this version does not know (a newer report's optional ones)."""
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in known})


def _discrepancy(d: Mapping[str, Any]) -> Discrepancy:
    suppressed = d.get("suppressed")
    return Discrepancy(
        id=d["id"], rule=d["rule"], kind=d["kind"], severity=d["severity"], story=d["story"], message=d["message"],
        sides=tuple(Side(display=s["display"], value=s["value"], claims=tuple(_make(Claim, c) for c in s["claims"]))
                    for s in d["sides"]),
        suppressed=_make(Suppression, suppressed) if suppressed else None)


# ---- running -----------------------------------------------------------------------------------


def load_rules(*packs: str | os.PathLike[str], defaults: bool = True, cache: bool = True) -> RuleBook:
    """The rule book of the default pack (unless ``defaults`` is false) and ``packs`` layered on it.
    A broken pack raises :class:`checker.rules.book.RuleBookError`, whose ``problems`` each name
    file:line:col."""
    from pathlib import Path

    from checker.rules.load import load_rulebook

    return load_rulebook([Path(p) for p in packs], defaults=defaults, cache=cache)


def run(paths: Iterable[str], book: RuleBook, *, against: Iterable[str] = (), baseline: frozenset[str] | None = None,
        ignores: Iterable[Ignore] = (), reading: InputOptions | None = None, stdin: BinaryIO | None = None,
        engine: Engine | None = None, json_report: bool = False, json_only: bool = False,
        progress: Callable[[ArticleInfo], None] | None = None,
        expect: Callable[[int], None] | None = None, stories: str | None = None,
        release_patterns: bool = False) -> RunResult:
    """One run of ``checker check``, shared by the command line and :func:`check`: read, extract,
    compare, then keep what the run reports (``--against``, the baseline, ignores). ``stories``:
    "auto" groups articles by the incident they report, "one" makes them one story, None: auto
    when no article names its story. ``json_only``: the JSON report is the only one made of the
    result, whose findings then need not be kept as objects (see :mod:`checker.run.onestory`).
    ``release_patterns``: the caller reads no more articles with ``book``, whose patterns are then
    dropped once the articles are read (:func:`checker.rules.book.release_patterns`)."""
    from checker.articles.inputs import InputOptions
    from checker.run.lint import LintOptions, lint

    options = LintOptions(inputs=tuple(paths), against=tuple(against), baseline=baseline, ignores=tuple(ignores),
                          reading=reading or InputOptions(), json_report=json_report or json_only,
                          json_only=json_only, stories=stories, release_patterns=release_patterns)
    return lint(options, book, stdin=stdin, progress=progress, expect=expect, engine=engine)


def check(*inputs: Input, texts: Iterable[str] = (), rules: RuleBook | Iterable[str | os.PathLike[str]] = (),
          defaults: bool = True, against: Iterable[str | os.PathLike[str]] = (), story_key: str = "story",
          include: Iterable[str] = (), exclude: Iterable[str] = (), ignores: Iterable[Ignore] = (),
          baseline: str | os.PathLike[str] | None = None, jobs: int | None = 1,
          stories: str | None = None) -> Report:
    """Check articles against each other, as ``checker check`` does, and return its report.

    ``inputs``: paths (files or directories) and :class:`Document` objects; ``texts``: bare article
    texts (named ``text-N``). ``rules``: a book from :func:`load_rules`, or packs to layer on the default
    pack (none of it with ``defaults=False``). ``against``: published articles to compare with;
    ``baseline``: a saved JSON or SARIF report whose discrepancies are left out. ``jobs``: processes
    (default 1, this process; None: one per core). ``stories``: "auto" or "one" (see ``--stories``;
    None: auto when no article names its story). An input that cannot be read is in ``errors``.
    """
    from checker.articles.inputs import STDIN, InputOptions
    from checker.report import as_records
    from checker.rules.book import RuleBook
    from checker.run.engines import LocalEngine

    book = rules if isinstance(rules, RuleBook) else load_rules(*rules, defaults=defaults)
    paths: list[str] = []
    documents: list[Document] = []
    for item in inputs:
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, (str, os.PathLike)):
            paths.append(os.fspath(item))
        else:
            raise TypeError(f"an input is a path or a Document, not {type(item).__name__}")
    documents += [Document(text) for text in texts]
    stdin = None
    if documents:
        lines = [json.dumps(d.as_line(n), ensure_ascii=False) for n, d in enumerate(documents, start=1)]
        stdin = io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))
        paths.append(STDIN)
    known = None
    if baseline is not None:
        from pathlib import Path

        from checker.run.baseline import load_baseline

        known = load_baseline(Path(baseline))
    reading = InputOptions(include=tuple(include), exclude=tuple(exclude), story_key=story_key,
                           stdin_name=MEMORY if documents else None)
    with LocalEngine(jobs) as engine:
        result = run(paths, book, against=[os.fspath(p) for p in against], baseline=known, ignores=ignores,
                     reading=reading, stdin=stdin, engine=engine, stories=stories)
        records = _plain(as_records(result, book))
    return Report.from_records(records)


def _plain(records: dict[str, Any]) -> dict[str, Any]:
    """The records as plain JSON data: facts a worker encoded stay text until read, the report keeps none."""
    return json.loads(_json_text(records))


def _json_text(records: dict[str, Any]) -> str:
    from checker.report import format_json

    return format_json(records)


__all__ = ["Article", "Claim", "Discrepancy", "Document", "Fact", "InputProblem", "MEMORY", "Report", "Rule", "Side",
           "Summary", "Suppression", "check", "load_rules", "run"]
