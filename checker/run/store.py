"""Articles, facts and findings of a run kept pickled in a temporary file, not as objects in memory,
so that a run's memory hardly grows with its corpus: a story's facts are read back to compare them,
an article's to report them, and the findings one group of stories at a time.

The file stays in memory while it is small and is deleted when closed or collected. As Python
objects, a fact takes about four times the memory its pickle does.
"""

from __future__ import annotations

import codecs
import os
import pickle
import tempfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from checker.run.idindex import IdIndex
from checker.model import Discrepancy, Fact

if TYPE_CHECKING:
    from checker.run.findings import Findings

IN_MEMORY = 1 << 20  # bytes kept in memory before the file goes to disk (a run has a few spills: RSS stays flat)
T = TypeVar("T")


_PREAD = getattr(os, "pread", None)  # POSIX; elsewhere a read seeks


class Spill:
    """Bytes appended, and read back by (offset, size): in memory up to :data:`IN_MEMORY` bytes,
    then in an unnamed temporary file (deleted when closed or when the process ends).

    Writes append and reads use ``os.pread``, which leaves the file's position alone: a run
    alternates puts and gets (an article's facts kept, another's aliases looked up) and a file
    object that seeks for each would flush its buffer and seek twice a call."""

    def __init__(self) -> None:
        self._memory: bytearray | None = bytearray()
        self._file: Any = None
        self._unflushed = False
        self._end = 0

    def put(self, value: Any) -> tuple[int, int]:
        return self.put_pickled(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, data: bytes) -> tuple[int, int]:
        where = (self._end, len(data))
        if self._memory is not None:
            self._memory += data
            if len(self._memory) > IN_MEMORY:
                self._file = tempfile.TemporaryFile()
                self._file.write(self._memory)
                self._memory = None
                self._unflushed = True
        else:
            self._file.write(data)
            self._unflushed = True
        self._end += len(data)
        return where

    def get(self, where: tuple[int, int]) -> Any:
        return pickle.loads(self.read(*where))

    @property
    def end(self) -> int:
        """Where the next bytes put go: bytes put one after the other are read back as one."""
        return self._end

    def chunks(self, offset: int, size: int, chunk: int = 1 << 20) -> Iterator[bytes]:
        """The bytes at (offset, size), a chunk at a time."""
        for start in range(offset, offset + size, chunk):
            yield self.read(start, min(chunk, offset + size - start))

    def read(self, offset: int, size: int) -> bytes:
        if self._memory is not None:
            return bytes(self._memory[offset:offset + size])
        if self._unflushed:
            self._file.flush()
            self._unflushed = False
        if _PREAD is not None:
            data = _PREAD(self._file.fileno(), size, offset)
            while len(data) < size:  # a short read: what a single call may not return at once
                more = _PREAD(self._file.fileno(), size - len(data), offset + len(data))
                if not more:
                    raise OSError(f"the spill file ends at {offset + len(data)}, before {offset + size}")
                data += more
            return data
        self._file.seek(offset)
        data = self._file.read(size)
        self._file.seek(0, os.SEEK_END)  # where the next put appends
        return data

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


@dataclass(frozen=True)
class Spilled:
    """Bytes too large to hold at once (a finding of a large story, as JSON), by where they are in a
    spill: :class:`SpilledFindings` copies them into its own, a chunk at a time."""

    spill: Spill
    offset: int
    size: int

    def chunks(self) -> Iterator[bytes]:
        return self.spill.chunks(self.offset, self.size)


def _texts(chunks: Iterable[bytes]) -> Iterator[str]:
    """UTF-8 chunks as text (a character may be cut between two chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for chunk in chunks:
        text = decoder.decode(chunk)
        if text:
            yield text
    rest = decoder.decode(b"", final=True)
    if rest:
        yield rest


class SpilledFacts(Mapping[str, list[Fact]]):
    """Article id -> its facts, read back from the spill file on each access. Beside them, the same
    facts as the JSON report writes them and the place aliases the article declares, when given.

    What stays per article is its id and five numbers (where its pieces are in the spill), in an
    index that moves to disk when the run is large (:class:`checker.run.idindex.IdIndex`)."""

    def __init__(self) -> None:
        self._spill = Spill()
        # id -> offset and size of the pickled facts, number of facts, size of their JSON (written
        # just before them; -1: none), size of the pickled aliases (written just after them; 0: none)
        self._rows = IdIndex(width=5)
        self.aliases = _AliasView(self)

    def __setitem__(self, article: str, facts: list[Fact]) -> None:
        self.put_pickled(article, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL), len(facts))

    def put_pickled(self, article: str, data: bytes, count: int, encoded: str | None = None,
                    aliases: list[tuple[str, str]] | tuple[tuple[str, str], ...] = ()) -> None:
        """Facts pickled already (by the process that read them): kept as they are; ``encoded``:
        the same facts as the JSON report writes them (see :func:`checker.report.records.encode_facts`);
        ``aliases``: the place aliases the article declares."""
        text = encoded.encode() if encoded is not None else b""
        if text:
            self._spill.put_pickled(text)
        offset, size = self._spill.put_pickled(data)
        kept = self._spill.put(list(aliases))[1] if aliases else 0
        self._rows[article] = (offset, size, count, len(text) if encoded is not None else -1, kept)

    def __getitem__(self, article: str) -> list[Fact]:
        offset, size = self._rows[article][:2]
        return self._spill.get((offset, size))

    def pickled(self, article: str) -> bytes:
        """The article's facts as they are kept (pickled), to be sent to another process."""
        offset, size = self._rows[article][:2]
        return self._spill.read(offset, size)

    def encoded(self, article: str) -> str | None:
        """The article's facts as JSON, when they were given so."""
        row = self._rows.get(article)
        if row is None:
            return None
        offset, _, _, size, _ = row
        return self._spill.read(offset - size, size).decode() if size >= 0 else None

    def declared(self, article: str) -> list[tuple[str, str]]:
        """The place aliases the article declares."""
        row = self._rows.get(article)
        if row is None:
            return []
        offset, size, _, _, kept = row
        return self._spill.get((offset + size, kept)) if kept else []

    def __contains__(self, article: object) -> bool:  # without reading the facts back
        return article in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def sizes(self) -> Iterator[int]:
        """The number of facts of each article, without reading them back."""
        return (row[2] for _, row in self._rows.items())

    def declaring(self) -> Iterator[str]:
        """The ids of the articles that declare place aliases."""
        return (article for article, row in self._rows.items() if row[4] > 0)


class _AliasView(Mapping[str, list[tuple[str, str]]]):
    """Article id -> the place aliases it declares, for the articles that declare some."""

    def __init__(self, facts: SpilledFacts) -> None:
        self._facts = facts

    def __getitem__(self, article: str) -> list[tuple[str, str]]:
        found = self._facts.declared(article)
        if not found:
            raise KeyError(article)
        return found

    def __contains__(self, article: object) -> bool:
        return isinstance(article, str) and bool(self._facts.declared(article))

    def __iter__(self) -> Iterator[str]:
        return self._facts.declaring()

    def __len__(self) -> int:
        return sum(1 for _ in self)


class SpilledList(Sequence[T]):
    """Items appended a group at a time, read back a group at a time (the group last read is kept,
    so that reading items in about the order they came reads each group about once)."""

    def __init__(self) -> None:
        self._spill = Spill()
        self._groups: list[tuple[int, int]] = []  # (offset, size) of each group
        self._firsts: list[int] = []  # the index of each group's first item
        self._length = 0
        self._last: tuple[int, list[T]] = (-1, [])

    def extend(self, items: Iterable[T]) -> None:
        items = list(items)
        if items:
            self._add_group(self._spill.put(items), len(items))

    def _add_group(self, where: tuple[int, int], count: int) -> None:
        self._groups.append(where)
        self._firsts.append(self._length)
        self._length += count

    def _locate(self, index: int) -> tuple[int, int]:
        """(group, place in the group) of item ``index``."""
        group = bisect_right(self._firsts, index) - 1
        return group, index - self._firsts[group]

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[T]:
        for where in self._groups:
            yield from self._spill.get(where)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        group, place = self._locate(index)
        if self._last[0] != group:
            self._last = (group, self._spill.get(self._groups[group]))
        return self._last[1][place]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


class SpilledFindings(SpilledList[Discrepancy]):
    """Findings put aside a group of stories at a time. How many there are of each severity,
    suppressed or not, is counted as they come, for the summary and the exit code."""

    def __init__(self) -> None:
        super().__init__()
        self.tally: Counter[tuple[str, bool]] = Counter()  # (severity, suppressed) -> findings
        self.all_encoded = True  # every group came with its findings' JSON (read by encoded_item)
        self._texts: list[tuple[int, int]] = []  # where each group's JSON texts are, in _spill
        self._last_texts: tuple[int, tuple[str, ...]] = (-1, ())

    def extend(self, items: Iterable[Discrepancy]) -> None:
        items = list(items)
        super().extend(items)
        self.tally.update((d.severity, d.suppressed is not None) for d in items)
        self.all_encoded = self.all_encoded and not items

    def add(self, findings: Findings) -> None:
        """A group's findings as they arrive, pickled and counted (see :mod:`checker.run.findings`);
        what comes spilled (:class:`Spilled`) is copied here a chunk at a time."""
        if findings.count:
            self._add_group(self._keep(findings.data), findings.count)
            if findings.encoded is None:
                self.all_encoded = False
            elif self.all_encoded:
                # a text that came spilled stays here as where it is, read back in chunks
                self._texts.append(self._spill.put(tuple(t if isinstance(t, str) else self._keep(t)
                                                         for t in findings.encoded)))
        self.tally.update(findings.tally)

    def _keep(self, data: bytes | Spilled) -> tuple[int, int]:
        if isinstance(data, bytes):
            return self._spill.put_pickled(data)
        start = self._spill.end
        for chunk in data.chunks():
            self._spill.put_pickled(chunk)
        return start, self._spill.end - start

    def encoded_item(self, index: int) -> str | Iterator[str] | None:
        """The finding at ``index`` as the JSON report writes it, when the findings came so: a
        string, or for a finding too large to hold at once, its text in pieces."""
        if not self.all_encoded or not 0 <= index < self._length:
            return None
        group, place = self._locate(index)
        if self._last_texts[0] != group:
            self._last_texts = (group, self._spill.get(self._texts[group]))
        text = self._last_texts[1][place]
        return text if isinstance(text, str) else _texts(self._spill.chunks(*text))
