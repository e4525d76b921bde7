"""The default rule pack on sentences it was not written from (tests/generality/sentences.yaml).

One case per sentence; every default slot is checked on each (see the
rule at the top of the YAML file). Entries with `known_gap:` are strict xfails.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from checker.rules.load import load_rulebook

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "generality.py"
_spec = importlib.util.spec_from_file_location("bench_generality", _BENCH)
generality = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = generality  # dataclasses look their module up while the file runs
_spec.loader.exec_module(generality)

CASES = generality.load_cases()


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case.known_gap)] if case.known_gap else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture(scope="module")
def book():
    return load_rulebook()


def test_set_is_large_and_unique():
    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES)
    assert sum(1 for c in CASES if c.known_gap) <= len(CASES) // 10, "keep known gaps few"


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_sentence(case, book):
    outcome = generality.run_case(case, book)
    problems = outcome.problems()
    assert not problems, f"{case.text}\n  " + "\n  ".join(problems)
