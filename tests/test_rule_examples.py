"""Every example written in the shipped rule packs, run as its own test.

A failing example names the slot and the file:line of the example, and says whether
the rule missed the sentence, fired on a sentence it must not, or read a wrong value.
"""

from __future__ import annotations

import pytest

from checker.rules.load import load_rulebook
from checker.engine.examples import run_example

BOOK = load_rulebook()
CASES = [pytest.param(slot, example, id=f"{slot.id}:{example.location.line}")
         for slot in BOOK.slots for example in slot.examples]


def test_every_default_slot_has_examples():
    assert all(slot.examples for slot in BOOK.slots), [s.id for s in BOOK.slots if not s.examples]
    assert any(not e.expected for s in BOOK.slots for e in s.examples), "no example of what must not match"


@pytest.mark.parametrize("slot, example", CASES)
def test_example(slot, example):
    result = run_example(BOOK, slot, example)
    expected = ", ".join(example.expected) or "none"
    got = ", ".join(result.got) or "none"
    assert result.passed, f"{result.verdict} at {example.location}: expected {expected}, got {got}\n  {example.text}"
