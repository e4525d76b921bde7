"""JUnit XML for CI test dashboards, built from the plain records.

One test suite per story, one test case per article checked and slot
(``classname`` the article's path, ``name`` the slot id): a discrepancy with a
claim of that article is a ``failure``, one that an ignore covers makes the
case ``skipped``; an input error is an ``error`` (on a case of its own when the
input could not be read at all). Published articles read with ``--against``
get no cases. No times: the same inputs give the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from checker.report.locate import Record, place, reference_ids

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


def format_junit(records: Record, color: bool = False) -> str:
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
                counted = [d for d in found if "suppressed" not in d]
                if counted:
                    first = counted[0]
                    failure = ET.SubElement(case, "failure", type=first["kind"],
                                            message=first["message"] + (f" (and {len(counted) - 1} more)"
                                                                        if len(counted) > 1 else ""))
                    failure.text = "\n\n".join(_failure_text(d) for d in counted)
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
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
