"""checker.report.jsonwriter: the same bytes as json.dumps(..., ensure_ascii=False, indent=2), in pieces."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from checker.report.jsonwriter import write_json

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


def written(records) -> str:
    pieces: list[str] = []
    write_json(records, pieces.append)
    return "".join(pieces)


@given(st.dictionaries(st.text(max_size=8), values, max_size=5))
def test_same_bytes_as_the_standard_library(records):
    assert written(records) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_keys_that_are_not_strings_and_tuples():
    records = {"a": {1: [(), (1, "x")], None: {}}, "b": [[]], "c": "“quoted” \u2028 \\"}
    assert written(records) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_every_format_reads_lazy_records_as_lists(book):
    """The command line makes article and discrepancy records as they are written (lazy=True)."""
    from pathlib import Path

    from checker.lint import LintOptions, lint
    from checker.report import FORMATTERS, as_records

    lint_story = Path(__file__).resolve().parent / "fixtures" / "lint"
    result = lint(LintOptions(inputs=(str(lint_story / "new"),), against=(str(lint_story / "published"),)), book)
    assert result.reference and result.discrepancies
    eager, lazy = as_records(result, book), as_records(result, book, lazy=True)
    assert lazy == eager
    for name, formatter in FORMATTERS.items():
        assert formatter(lazy) == formatter(eager), name
