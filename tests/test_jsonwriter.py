"""checker.report.jsonwriter: the JSON of json.dumps(..., ensure_ascii=False, indent=2), in pieces; the
same bytes but for how orjson spells extreme floats."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

import pytest

from checker.report import jsonwriter
from checker.report.jsonwriter import write_json


def _values(scalars):
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


# integers past 64 bits and lone surrogates (in st.text) are what orjson refuses: the fallback's cases
values = _values(st.none() | st.booleans() | st.integers() | st.text())
with_floats = _values(st.none() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text())
any_values = _values(st.none() | st.booleans() | st.integers() | st.floats() | st.text())


def written(records) -> str:
    pieces: list[str] = []
    write_json(records, pieces.append)
    return "".join(pieces)


@given(st.dictionaries(st.text(max_size=8), values, max_size=5))
def test_same_bytes_as_the_standard_library(records):
    assert written(records) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


@given(st.dictionaries(st.text(max_size=8), with_floats, max_size=5))
def test_floats_read_back_as_written(records):
    assert json.loads(written(records)) == records


@given(st.dictionaries(st.text(max_size=8), any_values, max_size=5))
def test_without_orjson_the_same_bytes_floats_included(records):
    # the encoder without orjson (a broken install, or what orjson refuses)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonwriter, "_DUMPS", None)
        assert written(records) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_orjson_encodes_records_when_installed():
    assert jsonwriter._DUMPS is not None, "orjson is a dependency"
    record = {"facts": [{"value": {"low": 6, "high": None}, "text": "six “dead”"}], "n": 1.5}
    assert jsonwriter.encode(record, jsonwriter.ITEM_PAD) == json.dumps(
        record, ensure_ascii=False, indent=2).replace("\n", jsonwriter.ITEM_PAD)


def test_keys_that_are_not_strings_and_tuples():
    records = {"a": {1: [(), (1, "x")], None: {}}, "b": [[]], "c": "“quoted” \u2028 \\"}
    assert written(records) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_every_format_reads_lazy_records_as_lists(book):
    """The command line makes article and discrepancy records as they are written (lazy=True)."""
    from pathlib import Path

    from checker.run.lint import LintOptions, lint
    from checker.report import FORMATTERS, as_records

    lint_story = Path(__file__).resolve().parent / "fixtures" / "lint"
    result = lint(LintOptions(inputs=(str(lint_story / "new"),), against=(str(lint_story / "published"),)), book)
    assert result.reference and result.discrepancies
    eager, lazy = as_records(result, book), as_records(result, book, lazy=True)
    assert lazy == eager
    for name, formatter in FORMATTERS.items():
        assert formatter(lazy) == formatter(eager), name
