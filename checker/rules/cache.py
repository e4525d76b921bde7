"""A cache of compiled rule books, so that `checker check one-article.md` does not compile every
pattern again (compiling the default pack takes seconds; loading it from the cache, milliseconds).

A book is pickled whole: ``regex`` pickles a compiled pattern as its compiled code, so loading it
does not parse the pattern again, and the Aho-Corasick prefilter pickles its automaton. The key
is a hash of everything a book is built from: the rule files (as named, and their bytes), the
checker package's own modules (macros and value types live there) and the versions of Python and
``regex``. An entry that cannot be read is compiled again; a book with problems is never cached.

The cache lives in ``$CHECKER_CACHE_DIR``, else ``$XDG_CACHE_HOME/checker``, else
``~/.cache/checker``; ``CHECKER_NO_CACHE=1`` turns it off. Anyone who can write there can make
checker run code (as with any pickle): keep it private, as a home directory is.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from checker import __version__

if TYPE_CHECKING:
    from checker.rules.book import RuleBook

KEPT = 8  # entries kept: one per set of packs in use


def cache_dir() -> Path | None:
    if os.environ.get("CHECKER_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no"):
        return None
    given = os.environ.get("CHECKER_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "checker"


def book_key(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for part in (__version__, sys.version, regex.__version__, str(pickle.HIGHEST_PROTOCOL)):
        digest.update(part.encode() + b"\0")
    package = Path(__file__).resolve().parents[1]  # the checker package: every module, all folders
    for module in sorted(package.rglob("*.py")):
        stat = module.stat()
        digest.update(f"{module.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for file in files:
        digest.update(str(file).encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:32]


def cached_book(files: list[Path], compile_book: Callable[[], RuleBook]) -> RuleBook:
    """The book compiled from ``files``: from the cache, or compiled (and then cached)."""
    directory = cache_dir()
    try:
        entry = directory / f"rulebook-{book_key(files)}.pickle" if directory is not None else None
    except OSError:  # a rule file cannot be read: compiling reports it
        entry = None
    if entry is not None and entry.is_file():
        try:
            with open(entry, "rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - a stale or broken entry is compiled again
            pass
    book = compile_book()
    if entry is not None:
        _store(entry, book)
    return book


def _store(entry: Path, book: RuleBook) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump(book, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
        entries = sorted(entry.parent.glob("rulebook-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEPT:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # a cache that cannot be written only costs time
