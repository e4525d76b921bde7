"""Article id -> a few numbers, for a run of any size: a dict while it is small, then SQLite.

A run keeps, per article, its id and where its pieces lie in the spill file (:mod:`checker.run.store`),
and the ids already given out (:mod:`checker.run.pipeline`). As Python objects an id and its entry take
about 200 bytes, so an archive of a million articles would hold some 200 MB for them alone. Past
``IN_MEMORY`` ids the index moves into a private temporary SQLite database (on disk, deleted when
closed, its page cache 1 MB): memory stays flat whatever the corpus, and a lookup costs
a few microseconds instead of a dict's fraction of one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

IN_MEMORY = 4_096  # ids kept in a dict before the index moves to SQLite
_BATCH = 2_048  # new ids gathered in memory before they are written to SQLite in one transaction
_CACHE_KB = 1_024  # SQLite's page cache (the OS caches the file too)


class IdIndex:
    """str -> a tuple of ``width`` ints (width 0: a set of ids), in insertion order; updating an id
    keeps its place, as in a dict."""

    def __init__(self, width: int = 0, in_memory: int | None = None) -> None:
        self.width = width
        self._limit = IN_MEMORY if in_memory is None else in_memory
        # every entry while there is no database; after, the entries not written to it yet
        self._memory: dict[str, tuple[int, ...]] = {}
        self._db: Any = None  # sqlite3.Connection
        self._stored = 0  # entries in the database
        columns = ", ".join(f"v{i}" for i in range(width))
        self._select = f"SELECT {columns or '1'} FROM ids WHERE id = ?"
        self._update = f"UPDATE ids SET {', '.join(f'v{i} = ?' for i in range(width))} WHERE id = ?" if width else ""
        self._insert = f"INSERT INTO ids VALUES (?{', ?' * width})"
        self._all = f"SELECT id{', ' if width else ''}{columns} FROM ids ORDER BY rowid"

    def __len__(self) -> int:
        return self._stored + len(self._memory)

    def get(self, key: str, default: tuple[int, ...] | None = None) -> tuple[int, ...] | None:
        found = self._memory.get(key)
        if found is not None:
            return found
        if self._db is not None:
            row = self._db.execute(self._select, (key,)).fetchone()
            if row is not None:
                return tuple(row) if self.width else ()
        return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> tuple[int, ...]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __setitem__(self, key: str, value: tuple[int, ...]) -> None:
        if len(value) != self.width:
            raise ValueError(f"{len(value)} numbers for an index of {self.width}")
        if self._db is not None and key not in self._memory:
            if not self.width:
                if self.get(key) is not None:
                    return
            elif self._db.execute(self._update, (*value, key)).rowcount:
                return
        self._memory[key] = value
        if self._db is None:
            if len(self._memory) >= self._limit and self._open():
                self._flush()
        elif len(self._memory) >= _BATCH:
            self._flush()

    def add(self, key: str) -> None:
        """As a set: ``key`` is in the index from now on."""
        if key not in self:
            self[key] = ()

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.items())

    def items(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        """Every entry, in insertion order."""
        if self._db is None:
            yield from list(self._memory.items())
            return
        self._flush()
        for row in self._db.execute(self._all):
            yield row[0], tuple(row[1:])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _open(self) -> bool:
        try:
            import sqlite3  # only a large run gets here
        except ImportError:  # a Python built without it: the index stays a dict (memory grows)
            self._limit = float("inf")  # type: ignore[assignment]
            return False
        # "": a private temporary database on disk, deleted when the connection closes
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._db.execute(f"PRAGMA cache_size = -{_CACHE_KB}")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        columns = "".join(f", v{i} INTEGER" for i in range(self.width))
        self._db.execute(f"CREATE TABLE ids (id TEXT PRIMARY KEY{columns})")
        return True

    def _flush(self) -> None:
        if self._memory:
            self._db.execute("BEGIN")
            self._db.executemany(self._insert, ((key, *value) for key, value in self._memory.items()))
            self._db.execute("COMMIT")
            self._stored += len(self._memory)
            self._memory.clear()

    def __del__(self) -> None:
        self.close()
