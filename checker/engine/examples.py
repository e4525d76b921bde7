"""Run the examples embedded in rule slots: what each must, or must not, yield."""

from __future__ import annotations

from dataclasses import dataclass

from checker.articles.parse import build_article
from checker.engine.extract import extract
from checker.rules.book import CompiledExample, CompiledSlot, RuleBook


@dataclass(frozen=True)
class ExampleResult:
    slot: str
    example: CompiledExample
    got: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.got == self.example.expected

    @property
    def verdict(self) -> str:
        if self.passed:
            return "pass"
        if not self.example.expected:
            return "false positive"
        if not self.got:
            return "miss"
        return "wrong value"


def run_example(book: RuleBook, slot: CompiledSlot, example: CompiledExample) -> ExampleResult:
    # a blank headline line keeps the example sentence in the body, as in an article
    article = build_article("\n\n" + example.text + "\n", str(example.location), "example", {})
    # a fact about another incident is not what the slot yields for the story
    facts = [f for f in extract(article, book).facts if f.rule == slot.id and f.other_incident is None]
    return ExampleResult(slot.id, example, tuple(f.display for f in facts))


def run_examples(book: RuleBook, only: set[str] | None = None) -> list[ExampleResult]:
    """Every example of every slot, or only those written in the files ``only`` names."""
    return [run_example(book, slot, example) for slot in book.slots for example in slot.examples
            if only is None or example.location.path in only]
