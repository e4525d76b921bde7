"""GitHub Actions workflow commands: one annotation per discrepancy that counts, built from the plain records.

``::error file=…,line=…,col=…,title=…::message``; info findings are notices.
Escaping follows the Actions toolkit: in the message ``%``, ``\\r`` and ``\\n``
are percent-encoded; in property values ``:`` and ``,`` too. GitHub shows at
most 10 error and 10 warning annotations per step (and 50 per job): no more
than that is emitted, notices are held to 10 with the last one kept for a
closing ``::notice::`` that says how many were cut. Suppressed discrepancies
are not annotated (the summary line counts them). A plain summary line ends
the output, for the log.
"""

from __future__ import annotations

from checker.model import plural
from checker.report.escape import printable
from checker.report.locate import Record, pin, reference_ids, summary_line

STEP_CAPS = {"error": 10, "warning": 10, "notice": 9}  # one notice is kept for the "cut" notice
JOB_CAP = 50
_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The Actions toolkit's escapes, then any other control character as a visible escape (``\\x1b``):
    the log is a terminal's, and a raw ESC would drive it."""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(encoded)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: object) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def format_github(records: Record, color: bool = False) -> str:
    del color
    reference = reference_ids(records)
    wanted: list[tuple[str, str]] = []
    for d in records["discrepancies"]:
        if "suppressed" in d:
            continue
        at = pin(d, reference)
        claim = at[1]
        wanted.append((_COMMAND[d["severity"]],
                       command(_COMMAND[d["severity"]], summary_line(d, at), file=claim["path"], line=claim["line"],
                               col=claim["column"], title=f"{d['rule']} ({d['kind']})")))
    for e in records["errors"]:
        wanted.append(("error", command("error", e["message"], file=e["path"], title="checker: input error")))
    for n in records.get("notices", []):
        wanted.append(("notice", command("notice", n, title="checker")))
    shown: dict[str, int] = {"error": 0, "warning": 0, "notice": 0}
    lines: list[str] = []
    for kind, line in wanted:
        if shown[kind] < STEP_CAPS[kind] and sum(shown.values()) < JOB_CAP - 1:
            shown[kind] += 1
            lines.append(line)
    cut = len(wanted) - len(lines)
    if cut:
        lines.append(command("notice", f"{plural(cut, 'more annotation')} not shown: GitHub shows at most 10 errors and "
                                       f"10 warnings per step; see the full report (--format json or sarif)"))
    summary = records["summary"]
    counts = summary["discrepancies"]
    extra = [f"{summary[k]} {label}" for k, label in (("suppressed", "suppressed"), ("baselined", "in the baseline"))
             if summary.get(k)]
    if summary.get("reference"):
        extra.append(f"{plural(summary['reference'], 'published article')} compared with")
    checked = summary["articles"] - summary.get("reference", 0)
    lines.append(f"checker: {plural(checked, 'article')}, {plural(counts['error'], 'error')}, "
                 f"{plural(counts['warning'], 'warning')}, {plural(counts['info'], 'info')}, "
                 f"{plural(summary['errors'], 'input error')}" + "".join(f", {x}" for x in extra))
    return "\n".join(lines) + "\n"
