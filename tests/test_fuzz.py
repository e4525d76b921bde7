"""Fuzzing (issue 17): hostile articles and rule files, a bounded number of examples in CI; run
`bench/fuzz.py --minutes N` for longer. Crashers it found, minimized, are replayed here
(tests/fixtures/fuzz/)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import CRASHERS, check_articles, check_pack, hostile_file, hostile_pack

EXAMPLES = int(os.environ.get("CHECKER_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(files=st.lists(hostile_file(), min_size=1, max_size=3))
def test_hostile_articles_cost_only_themselves(files, book):
    with tempfile.TemporaryDirectory() as directory:
        check_articles(files, Path(directory), book)


@FUZZ
@given(text=hostile_pack())
def test_hostile_rule_files_are_located_errors_or_books(text):
    with tempfile.TemporaryDirectory() as directory:
        check_pack(text, Path(directory))


CASES = sorted(CRASHERS.glob("*")) if CRASHERS.is_dir() else []


@pytest.mark.parametrize("crasher", CASES, ids=[c.name for c in CASES])
def test_crashers_found_by_the_fuzzer_stay_fixed(crasher, book, tmp_path):
    if crasher.name.startswith("rules-"):
        check_pack(crasher.read_bytes().decode("utf-8", "surrogatepass"), tmp_path)
    else:
        check_articles([(crasher.suffix, crasher.read_bytes())], tmp_path, book)
