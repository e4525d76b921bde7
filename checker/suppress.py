"""Ignores: a discrepancy an editor has looked at and accepted stays in the report, marked, and is not counted.

An article says so in a comment, ``<!-- checker: ignore casualties.killed
reason="toll disputed by police" -->``, or in its front matter,
``checker-ignore: [{rule: casualties.killed, reason: …}]``; it then applies to
the discrepancies of that rule that hold a claim of that article. The
configuration says so in ``ignore = [{rule, reason, expires, paths}]``; past
its ``expires`` date an ignore no longer applies and a notice says so. A rule
may be a glob over slot ids (``casualties.*``). Every ignore needs a reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Literal

import regex

from checker.globs import matches_any
from checker.model import Discrepancy, Suppression

FRONT_MATTER_KEY = "checker-ignore"
_DIRECTIVE = regex.compile(r"<!--\s*checker\s*:\s*ignore\b(.*?)-->", regex.DOTALL)
_NOT_NEWLINE = regex.compile(r"[^\n]")


@dataclass(frozen=True)
class Ignore:
    rule: str  # a slot id, or a glob over slot ids
    reason: str
    source: Literal["article", "config"]
    path: str  # the article or configuration file that declares it
    expires: dt.date | None = None
    paths: tuple[str, ...] = ()  # configuration only: the article paths (globs) it covers; empty: all

    def covers(self, rule: str) -> bool:
        return fnmatchcase(rule, self.rule)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def directives_in(text: str, path: str) -> tuple[list[Ignore], list[str], str]:
    """Ignores declared in comments, problems with them (``line N: …``), and the text with them blanked.

    Blanking keeps offsets and lines while the words of a reason never reach extraction."""
    if "checker" not in text:
        return [], [], text
    ignores: list[Ignore] = []
    problems: list[str] = []
    for match in _DIRECTIVE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found, problem = _parse_directive(match.group(1), path)
        ignores += found
        if problem:
            problems.append(f"line {line}: checker: ignore {problem}")
    if not ignores and not problems:
        return [], [], text
    blanked = _DIRECTIVE.sub(lambda m: _NOT_NEWLINE.sub(" ", m.group()), text)
    return ignores, problems, blanked


def _parse_directive(body: str, path: str) -> tuple[list[Ignore], str | None]:
    try:
        tokens = shlex.split(body)
    except ValueError as exc:
        return [], f"cannot be read ({exc}): write checker: ignore RULE reason=\"why\""
    rules: list[str] = []
    fields: dict[str, str] = {}
    for token in tokens:
        key, eq, value = token.partition("=")
        if eq:
            fields[key] = value
        else:
            rules += [r for r in token.split(",") if r]
    unknown = sorted(set(fields) - {"reason", "expires"})
    if unknown:
        return [], f"has an unknown key '{unknown[0]}': only reason= and expires= are read"
    if not rules:
        return [], "names no rule: write checker: ignore RULE reason=\"why\""
    reason = " ".join(fields.get("reason", "").split())
    if not reason:
        return [], f"of {', '.join(rules)} gives no reason: add reason=\"why\""
    try:
        expires = _date(fields["expires"]) if "expires" in fields else None
    except ValueError:
        return [], f"of {', '.join(rules)}: expires must be a date like 2025-06-30"
    return [Ignore(rule, reason, "article", path, expires) for rule in rules], None


def front_matter_ignores(value: Any, path: str) -> tuple[list[Ignore], list[str]]:
    """The ``checker-ignore`` front-matter key: a list of {rule, reason[, expires]} mappings."""
    items = value if isinstance(value, list) else [value]
    ignores: list[Ignore] = []
    problems: list[str] = []
    for i, item in enumerate(items):
        where = f"front matter {FRONT_MATTER_KEY}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
            problems.append(f"{where}: write a mapping like {{rule: casualties.killed, reason: \"why\"}}")
            continue
        unknown = sorted(set(item) - {"rule", "reason", "expires"})
        reason = " ".join(str(item.get("reason") or "").split())
        if unknown:
            problems.append(f"{where}: unknown key '{unknown[0]}': only rule, reason and expires are read")
        elif not reason:
            problems.append(f"{where}: the ignore of {item['rule']} gives no reason: add reason: \"why\"")
        else:
            try:
                expires = _date(item["expires"]) if item.get("expires") is not None else None
            except ValueError:
                problems.append(f"{where}: expires must be a date like 2025-06-30")
                continue
            ignores.append(Ignore(item["rule"], reason, "article", path, expires))
    return ignores, problems


def live_ignores(by_article: Mapping[str, Sequence[Ignore]], configured: Sequence[Ignore], rule_ids: Sequence[str],
                 today: dt.date) -> tuple[frozenset[Ignore], list[str]]:
    """The ignores that still apply (not expired), and notices about the others and about those that
    name no rule of the run."""
    notices: list[str] = []
    declared = [*configured, *(ig for article in sorted(by_article) for ig in by_article[article])]
    live: set[Ignore] = set()
    for ig in declared:
        if ig.expires is not None and today > ig.expires:
            notices.append(f"{ig.path}: the ignore of {ig.rule} (\"{ig.reason}\") expired on "
                           f"{ig.expires.isoformat()} and no longer applies: remove it or set a later date")
        else:
            live.add(ig)
        if not any(ig.covers(r) for r in rule_ids):
            notices.append(f"{ig.path}: the ignore of {ig.rule} names no rule of this run")
    return frozenset(live), list(dict.fromkeys(notices))


def suppress(discrepancies: Iterable[Discrepancy], by_article: Mapping[str, Sequence[Ignore]],
             configured: Sequence[Ignore], live: frozenset[Ignore] | set[Ignore]) -> list[Discrepancy]:
    """Discrepancies with ``suppressed`` set where a ``live`` ignore covers them."""
    out = []
    for d in discrepancies:
        found = _suppression(d, by_article, configured, live)
        out.append(dataclasses.replace(d, suppressed=found) if found else d)
    return out


def _suppression(d: Discrepancy, by_article: Mapping[str, Sequence[Ignore]], configured: Sequence[Ignore],
                 live: frozenset[Ignore] | set[Ignore]) -> Suppression | None:
    claims = [c for side in d.sides for c in side.claims]
    for article in sorted({c.evidence.article for c in claims}):
        for ig in by_article.get(article, ()):
            if ig in live and ig.covers(d.rule):
                return Suppression(reason=ig.reason, source="article", path=ig.path)
    for ig in configured:
        if ig in live and ig.covers(d.rule) and (
                not ig.paths or any(matches_any(c.evidence.path, ig.paths) for c in claims)):
            return Suppression(reason=ig.reason, source="config", path=ig.path)
    return None
