"""Units of work: sources in, facts out, article texts dropped. The same code runs in-process, in a
pool of processes (:mod:`checker.run.engines`) or on a Dask cluster (:mod:`checker.run.cluster`).

A run is planned as a list of units in source order: a few files each, or a part of a large
JSON-lines file (whole lines, a few hundred KB), so that no process ever holds more than a unit's
texts. :func:`check_unit` reads a unit's articles, fills their slots and keeps of each article only
its metadata, facts, declared aliases and ignores (:class:`Checked`). Ids are not settled here: an
article asks for one, and :class:`checker.run.pipeline.Collector` gives them out in source order, so
the result does not depend on how the units were shared out.
"""

from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from checker.engine.extract import extract
from checker.run.findings import Alike, Findings, Keep, compare_settled
from checker.articles.inputs import FORMATS, InputOptions, Part, Source, read_source
from checker.model import ArticleInfo, Fact, InputError, internal_error
from checker.report.records import encode_facts
from checker.rules.book import RuleBook
from checker.stories.cues import StoryCues, given_story, story_cues
from checker.suppress import Ignore

FILES_PER_UNIT = 16
PART_BYTES = 1 << 18  # a JSON-lines file larger than this is read in parts of about this size


@dataclass(frozen=True, slots=True)  # slots: see checker.articles.inputs.Source
class Item:
    source: Source
    data: bytes | None = None  # what standard input held
    part: Part | None = None  # only these lines of a JSON-lines file

    def __reduce__(self):
        # a plain tuple: the pickling dataclasses give classes with slots reads fields() every time
        # (a run pickles its units to keep them aside, and to send them to workers)
        return Item, (self.source, self.data, self.part)


@dataclass(frozen=True, slots=True)
class Unit:
    items: tuple[Item, ...]
    weight: int  # about how many articles it holds

    def __reduce__(self):
        return Unit, (self.items, self.weight)


@dataclass(frozen=True)
class Task:
    """What every unit of a run shares: sent once to each worker process, not with every unit."""

    book: RuleBook
    reading: InputOptions = InputOptions()
    use_prefilter: bool = True
    json_report: bool = False  # the report is JSON: encode each article's facts where they are found
    cues: bool = True  # read each article's story cues (checker.stories): the run may have to find its stories
    # ... also of an article that names its story: stories are found whatever articles name (--stories
    # auto, or published articles that new ones may join); else a named article's cues are never read
    named_cues: bool = True


@dataclass(frozen=True)
class Checked:
    """One article once its slots are filled: what the rest of the run needs of it, without its text.

    Its facts come pickled: the run keeps them so (:mod:`checker.run.store`), and pickling them here, in
    the process that read the article, spares the process that gathers every article's facts."""

    info: ArticleInfo  # its id is the one it asks for (see checker.articles.inputs.Read)
    fallback: str
    ignores: tuple[Ignore, ...] = ()
    facts: bytes = b""  # pickled list[Fact]
    fact_count: int = 0
    facts_json: str | None = None  # the same facts as the JSON report writes them
    aliases: tuple[tuple[str, str], ...] = ()
    checked: bool = True  # False: an --against article of another story, read for its metadata only
    cues: StoryCues | None = None  # what tells its incident from another's (checker.stories.cues)

    def fact_list(self) -> list[Fact]:
        return pickle.loads(self.facts) if self.facts else []


@dataclass
class UnitResult:
    articles: list[Checked] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def plan(sources: list[Source], stdin: BinaryIO | None = None, files_per_unit: int | None = None,
         part_bytes: int | None = None) -> list[Unit]:
    """The units that read ``sources``, in their order. Standard input is read here, once."""
    files_per_unit = files_per_unit or FILES_PER_UNIT
    part_bytes = part_bytes or PART_BYTES
    units: list[Unit] = []
    batch: list[Item] = []

    def flush() -> None:
        if batch:
            units.append(Unit(tuple(batch), len(batch)))
            batch.clear()

    for source in sources:
        if source.stdin:
            flush()
            units.append(Unit((Item(source, data=(stdin or sys.stdin.buffer).read()),), 1))
            continue
        parts = _parts(source.file, part_bytes) if source.file is not None and \
            FORMATS.get(os.path.splitext(source.file)[1].lower()) == "jsonl" else None
        if parts is not None:
            flush()
            if len(parts) == 1:
                units.append(Unit((Item(source),), parts[0][1]))
            else:
                units += [Unit((Item(source, part=part),), lines) for part, lines in parts]
            continue
        batch.append(Item(source))
        if len(batch) >= files_per_unit:
            flush()
    flush()
    return units


def _parts(path: str, size: int) -> list[tuple[Part, int]] | None:
    """Whole-line parts of about ``size`` bytes of a JSON-lines file, each with its number of lines;
    None when the file is to be read whole (binary, unreadable: reading it reports that)."""
    parts: list[tuple[Part, int]] = []
    try:
        with open(path, "rb") as file:
            start, line = 0, 1
            while True:
                block = file.read(size)
                if not block:
                    break
                block += file.readline()
                lines = block.count(b"\n")
                parts.append((Part(start, start + len(block), line), lines + (not block.endswith(b"\n"))))
                start, line = start + len(block), line + lines
    except OSError:
        return None
    return parts or None


def check_unit(unit: Unit, task: Task, stories: frozenset[str] | None = None,
               tables: dict[Path, dict[str, Any]] | None = None) -> UnitResult:
    """Read and check a unit's articles. With ``stories``, an article of another story is read for
    its metadata only. ``tables`` caches the ``metadata.yaml`` files read (across units)."""
    result = UnitResult()
    tables = {} if tables is None else tables
    for item in unit.items:
        try:
            _check_item(item, task, stories, tables, result)
        except Exception as exc:  # noqa: BLE001 - one input's bug must not cost the run (see internal_error)
            result.errors.append(internal_error(item.source.shown, exc))
    return result


def _check_item(item: Item, task: Task, stories: frozenset[str] | None, tables: dict[Path, dict[str, Any]],
                result: UnitResult) -> None:
    for read in read_source(item.source, task.reading, data=item.data, tables=tables, part=item.part):
        if isinstance(read, InputError):
            result.errors.append(read)
            continue
        article = read.article
        if stories is not None and article.story not in stories:
            result.articles.append(Checked(article.info(), read.fallback, read.ignores, checked=False))
            continue
        try:
            named = given_story(article.story)
            wanted = task.cues and (task.named_cues or named is None)
            extraction = extract(article, task.book, use_prefilter=task.use_prefilter, story_cues=wanted)
            facts = pickle.dumps(extraction.facts, protocol=pickle.HIGHEST_PROTOCOL)
            encoded = encode_facts(extraction.facts) if task.json_report else None
            cues = story_cues(article, extraction.facts, task.book, named, extraction.scope_cues,
                              extraction.lowered, extraction.harmed) if wanted else None
        except Exception as exc:  # noqa: BLE001 - the article is left out, named in the errors
            result.errors.append(internal_error(article.path, exc))
            continue
        result.articles.append(Checked(article.info(), read.fallback, read.ignores, facts, len(extraction.facts),
                                       encoded, tuple(extraction.place_aliases), cues=cues))
        result.errors += [InputError(article.path, problem) for problem in extraction.problems]


# ---- in a worker process: the task arrives once, with the process ------------------------------

_WORKER: dict[str, Any] = {}


def start_worker(task: Task) -> None:
    """Pool initializer: the rule book is built (unpickled) once per process, not once per unit.

    Signals are the main process's to handle: Ctrl-C (sent to the whole process group) is ignored
    here and the main process ends the workers; SIGTERM ends a worker at once; and on Linux a worker
    is sent SIGTERM when the main process dies, however it dies, so none is left orphaned."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _WORKER.update(task=task, tables={})


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
    except (OSError, AttributeError):  # no prctl: close() and terminate() still end the workers
        pass


def check_in_worker(unit: Unit, stories: frozenset[str] | None = None) -> UnitResult:
    return check_unit(unit, _WORKER["task"], stories, _WORKER["tables"])


def compare_in_worker(members: list[ArticleInfo], facts: dict[str, bytes], aliases: dict[str, list[tuple[str, str]]],
                      keep: Keep) -> Findings:
    """Compare a group of whole stories (see :func:`checker.run.engines.story_groups`) whose facts come
    pickled, and give back the findings ``keep`` keeps, pickled."""
    return compare_pickled(members, facts, aliases, keep, _WORKER["task"].book)


def compare_pickled(members: list[ArticleInfo], facts: dict[str, bytes], aliases: dict[str, list[tuple[str, str]]],
                    keep: Keep, book: RuleBook) -> Findings:
    """:func:`compare_in_worker` with the rule book given: the facts come as the run keeps them
    (pickled), so the process that sends them only moves bytes."""
    alike = Alike()
    return compare_settled(members, {a: alike.share(pickle.loads(data)) for a, data in facts.items()}, aliases, book,
                           keep)
