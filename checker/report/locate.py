"""Where a discrepancy is shown in formats that pin it to one place (SARIF, GitHub annotations, JUnit).

A discrepancy has claims on two sides. It is pinned to the first claim of an
article being checked (not a published one read with ``--against``); the
claims of the other side, then the rest of its own side, go along as related
places. These helpers read the plain records only.
"""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]


def reference_ids(records: Record) -> set[str]:
    return {a["id"] for a in records["articles"] if a.get("reference")}


def pin(d: Record, reference: set[str]) -> tuple[int, Record]:
    """(index of the side, claim) where the discrepancy is shown."""
    for i, side in enumerate(d["sides"]):
        for claim in side["claims"]:
            if claim["article"] not in reference:
                return i, claim
    return 0, d["sides"][0]["claims"][0]


def related(d: Record, at: tuple[int, Record]) -> list[tuple[Record, Record]]:
    """(side, claim) of every other claim: the other sides first, then the pinned side's own."""
    index, pinned = at
    sides = d["sides"]
    order = [i for i in range(len(sides)) if i != index] + [index]
    return [(sides[i], c) for i in order for c in sides[i]["claims"] if c is not pinned]


def end_of(claim: Record) -> tuple[int, int]:
    """Line and column just past the claim's words (1-based, as its start)."""
    text = claim["text"]
    lines = text.split("\n")
    if len(lines) == 1:
        return claim["line"], claim["column"] + len(text)
    return claim["line"] + len(lines) - 1, len(lines[-1]) + 1


def place(claim: Record) -> str:
    return f"{claim['path']}:{claim['line']}:{claim['column']}"


def summary_line(d: Record, at: tuple[int, Record]) -> str:
    """One line: the message, this side's value, and the other side's with where it was read."""
    index, _ = at
    here = d["sides"][index]["display"]
    # every other value, in the order they were published (the sides' own order)
    others = [s for i, s in enumerate(d["sides"]) if i != index]
    there = "; ".join(f"{place(s['claims'][0])}"
                      + (f" (and {len(s['claims']) - 1} more)" if len(s["claims"]) > 1 else "")
                      + f" says {s['display']}{_when(s)}" for s in others)
    return f"{d['message']}: this article says {here}; {there}"


def _when(side: Record) -> str:
    return f" ({side['published']})" if side.get("published") else ""
