"""Load a rule book: find the rule files, then take the book from the cache or compile it.

Apart from :mod:`checker.rules.book` (the compiled book's data) so that the book's data, the cache
and the compiler import one another in one direction only: load -> cache, compile -> book.
"""

from __future__ import annotations

from pathlib import Path

from checker.rules.book import RuleBook, default_rules_dir


def rule_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


def load_rulebook(extra: list[Path] | None = None, *, defaults: bool = True, cache: bool = False) -> RuleBook:
    """The default pack (unless ``defaults`` is false) plus ``extra`` packs, in order. With ``cache``,
    the book an earlier run compiled from the same files is reused (see :mod:`checker.rules.cache`)."""
    files = rule_files(([default_rules_dir()] if defaults else []) + list(extra or []))
    if cache:
        from checker.rules.cache import cached_book

        return cached_book(files, lambda: compile_files(files))
    return compile_files(files)


def compile_files(files: list[Path]) -> RuleBook:
    from checker.rules.compile import compile_files as compile_now  # the compiler: only when no cached book

    return compile_now(files)
