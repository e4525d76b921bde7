"""JUnit XML for CI test dashboards, built from the plain records.

One test suite per story, one test case per article checked and slot
(``classname`` the article's path, ``name`` the slot id): a discrepancy with a
claim of that article is a ``failure`` when it counts for the exit code (at or
above ``fail_on``); one below it (an ``info`` update by default) leaves the case
passed, with the finding in its ``system-out``; one that an ignore covers makes
the case ``skipped``; an input error is an ``error`` (on a case of its own when
the input could not be read at all). Published articles read with ``--against``
get no cases.

``timing`` (the run's start and its length in seconds) gives ``timestamp`` and ``time``: the root and
every suite are stamped with the start; the root's ``time`` is the run's, shared among the suites
and their cases in proportion to their cases (articles are checked together, not one suite after
another, so a suite's own time is not measured). Without it, no times: the same inputs give the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict

from checker.report.escape import xml_text
from checker.report.locate import Record, place, reference_ids

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
Timing = tuple[dt.datetime, float]  # when the run started, how many seconds it took

INPUTS_SUITE = "inputs"


def _failure_text(d: Record) -> str:
    lines = [f"{d['severity']}  {d['rule']}  {d['kind']}  {d['message']}  [{d['id']}]"]
    for side in d["sides"]:
        lines.append(f"  {side['display']}" + (f"  ({side['published']})" if side.get("published") else ""))
        lines += [f"    {place(c)}  \"{c['text']}\"" for c in side["claims"]]
    return "\n".join(lines)


def _counts(element: ET.Element, cases: list[ET.Element]) -> None:
    element.set("tests", str(len(cases)))
    for tag, attr in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        element.set(attr, str(sum(case.find(tag) is not None for case in cases)))


def _fails(d: Record, fail_on: str) -> bool:
    return fail_on != "never" and SEVERITY_RANK[d["severity"]] >= SEVERITY_RANK[fail_on]


def _stamp(element: ET.Element, timing: Timing | None, share: float) -> None:
    if timing is not None:
        element.set("timestamp", timing[0].replace(microsecond=0, tzinfo=None).isoformat())
        element.set("time", f"{timing[1] * share:.3f}")


def _time(root: ET.Element, timing: Timing | None) -> None:
    """Stamp the root, its suites and cases (see the module's docstring)."""
    total = sum(len(suite.findall("testcase")) for suite in root.findall("testsuite")) or 1
    _stamp(root, timing, 1.0)
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        _stamp(suite, timing, len(cases) / total)
        for case in cases:
            if timing is not None:
                case.set("time", f"{timing[1] / total:.3f}")


def format_junit(records: Record, color: bool = False, *, fail_on: str = "warning",
                 timing: Timing | None = None) -> str:
    del color
    reference = reference_ids(records)
    by_case: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for d in records["discrepancies"]:
        for article in dict.fromkeys(c["article"] for side in d["sides"] for c in side["claims"]):
            by_case[(article, d["rule"])].append(d)
    errors_by_path: dict[str, list[str]] = defaultdict(list)
    for e in records["errors"]:
        errors_by_path[e["path"]].append(e["message"])

    root = ET.Element("testsuites", name="checker")
    all_cases: list[ET.Element] = []
    stories: dict[str, list[Record]] = defaultdict(list)
    for article in records["articles"]:
        if article["id"] not in reference:
            stories[article["story"]].append(article)
    for story in sorted(stories):
        suite = ET.SubElement(root, "testsuite", name=f"story {story}")
        cases = []
        for article in stories[story]:
            for rule in records["rules"]:
                case = ET.SubElement(suite, "testcase", classname=article["path"], name=rule["id"])
                found = by_case.get((article["id"], rule["id"]), [])
                kept = [d for d in found if "suppressed" not in d]
                counted = [d for d in kept if _fails(d, fail_on)]
                if counted:
                    first = counted[0]
                    failure = ET.SubElement(case, "failure", type=first["kind"],
                                            message=first["message"] + (f" (and {len(counted) - 1} more)"
                                                                        if len(counted) > 1 else ""))
                    failure.text = "\n\n".join(_failure_text(d) for d in counted)
                elif kept:  # below --fail-on: passed, with the finding to read
                    ET.SubElement(case, "system-out").text = "\n\n".join(_failure_text(d) for d in kept)
                elif found:
                    reasons = "; ".join(dict.fromkeys(d["suppressed"]["reason"] for d in found))
                    ET.SubElement(case, "skipped", message=f"suppressed: {reasons}")
                cases.append(case)
            problems = errors_by_path.pop(article["path"], [])
            if problems:
                case = ET.SubElement(suite, "testcase", classname=article["path"], name="input")
                ET.SubElement(case, "error", type="input", message=problems[0]).text = "\n".join(problems)
                cases.append(case)
        _counts(suite, cases)
        all_cases += cases
    if errors_by_path:
        suite = ET.SubElement(root, "testsuite", name=INPUTS_SUITE)
        cases = []
        for path in sorted(errors_by_path):
            case = ET.SubElement(suite, "testcase", classname=path, name="input")
            problems = errors_by_path[path]
            ET.SubElement(case, "error", type="input", message=problems[0]).text = "\n".join(problems)
            cases.append(case)
        _counts(suite, cases)
        all_cases += cases
    _counts(root, all_cases)
    _time(root, timing)
    ET.indent(root)
    # only characters XML 1.0 allows: article text may hold ESC, NUL… (never markup, so escaped here)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_text(ET.tostring(root, encoding="unicode")) + "\n"
