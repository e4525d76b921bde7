"""Where the units of a run (:mod:`checker.run.work`) are checked: in this process, or in a pool of
processes on this machine (``checker check --jobs N``); :mod:`checker.run.cluster` adds a Dask cluster.

Every engine yields the units' results in the order of the units, so the report is the same
whatever the engine and however many processes it uses. The pool gets the rule book once per
process (its initializer), and a run too small to repay starting processes stays in this one.
"""

from __future__ import annotations

import contextlib
import os
import sys
from array import array
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from checker.run import onestory, work
from checker.run.findings import Alike, Findings, Keep, compare_settled
from checker.run.onestory import compare_large
from checker.model import ArticleInfo, Fact
from checker.rules.book import RuleBook
from checker.run.work import Task, Unit, UnitResult, check_in_worker, check_unit, compare_in_worker, start_worker

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# a process is started only for this many articles or more: below it, starting it (and warming its
# pattern caches) costs more than it saves
ARTICLES_PER_PROCESS = 24
IN_FLIGHT = 4  # units queued per process: enough to keep it busy, few enough to bound memory
GROUPS_IN_FLIGHT = 3  # groups of stories queued per process (each holds ARTICLES_PER_GROUP articles' facts)
ARTICLES_PER_GROUP = 128  # stories are compared in groups of about this many articles
T = TypeVar("T")


class Engine(Protocol):
    # how much one unit of work reads (see checker.run.work.plan): a cluster's task costs more to send
    # than a pool's, so it is given more
    files_per_unit: int
    part_bytes: int

    def check(self, units: Sequence[Unit], task: Task, stories: frozenset[str] | None = None,
              ) -> Iterator[UnitResult]: ...

    def compare(self, articles: Sequence[ArticleInfo], facts: Mapping[str, list[Fact]],
                aliases: Mapping[str, list[tuple[str, str]]], book: RuleBook, keep: Keep) -> Iterator[Findings]:
        """The findings of groups of whole stories that ``keep`` keeps, in story order: one after
        the other, they are in the report's order (see :func:`story_groups`)."""
        ...

    def close(self) -> None: ...


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class LocalEngine:
    """Units checked in this process (``jobs`` 1), or in a pool of ``jobs`` processes (default: one
    per core) when the run is large enough."""

    @property
    def files_per_unit(self) -> int:
        return work.FILES_PER_UNIT

    @property
    def part_bytes(self) -> int:
        return work.PART_BYTES

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or available_cores())
        self._pool: ProcessPoolExecutor | None = None
        self._task: Task | None = None

    def processes_for(self, articles: int) -> int:
        return max(1, min(self.jobs, articles // ARTICLES_PER_PROCESS))

    def check(self, units: Sequence[Unit], task: Task, stories: frozenset[str] | None = None,
              ) -> Iterator[UnitResult]:
        if self._pool is None and self.processes_for(sum(u.weight for u in units)) <= 1:
            tables: dict = {}
            for unit in units:
                yield check_unit(unit, task, stories, tables)
            return
        pool = self._start(task, sum(u.weight for u in units))
        yield from self._in_order((pool.submit(check_in_worker, unit, stories) for unit in units), IN_FLIGHT)

    def _in_order(self, submitted: Iterator[Future[T]], ahead: int) -> Iterator[T]:
        """The results of the calls ``submitted`` makes to the pool, in their order; ``ahead`` per
        process are submitted before the one awaited, so that the processes stay busy and memory bounded."""
        pending: deque[Future[T]] = deque()
        try:
            for future in submitted:
                pending.append(future)
                if len(pending) >= ahead * self.jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def _start(self, task: Task, articles: int) -> ProcessPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor  # a small run never starts one

            self._task = task
            self._pool = ProcessPoolExecutor(self.processes_for(articles), mp_context=_context(),
                                             initializer=start_worker, initargs=(task,))
        elif task is not self._task:
            raise ValueError("one pool checks the units of one task")
        return self._pool

    def compare(self, articles: Sequence[ArticleInfo], facts: Mapping[str, list[Fact]],
                aliases: Mapping[str, list[tuple[str, str]]], book: RuleBook, keep: Keep) -> Iterator[Findings]:
        pickled = getattr(facts, "pickled", None)
        if self._pool is None or pickled is None:
            for group in story_batches(articles):
                if isinstance(group, LargeStory):
                    yield from compare_large(group.story, group.members, articles, facts, aliases, book, keep)
                else:
                    yield compare_settled(*_group(group, facts, aliases), book, keep)
            return
        # in the pool that read the articles: the facts go as they are kept (pickled) and the kept
        # findings come back pickled, so this process only moves bytes while the others compare; a
        # large story is compared here, from the store, a slot at a time (checker.run.onestory)
        pool = self._pool

        def submitted() -> Iterator[Future[Findings]]:
            for group in story_batches(articles):
                if isinstance(group, LargeStory):
                    for findings in compare_large(group.story, group.members, articles, facts, aliases, book, keep):
                        yield _done(findings)
                    continue
                ids = [a.id for a in group]
                yield pool.submit(compare_in_worker, group, {i: pickled(i) for i in ids if i in facts},
                                  {i: aliases[i] for i in ids if i in aliases}, keep.for_articles(ids))

        yield from self._in_order(submitted(), GROUPS_IN_FLIGHT)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def terminate(self) -> None:
        """Stop now (the run was interrupted): the worker processes are ended, not waited for, so
        that none outlives this one (see :func:`checker.run.work.start_worker` for the other way)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        _quiet(getattr(pool, "_executor_manager_thread", None))
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(0.5)
                if process.is_alive():
                    process.kill()
                    process.join(0.5)
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quiet(manager: object) -> None:
    """The pool's manager thread, finding its processes ended, fails futures the run has cancelled
    already (InvalidStateError on standard error, a Python issue): nothing to say, the run is stopping."""
    import threading

    if manager is None:
        return
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.thread is not manager:
            previous(args)

    threading.excepthook = hook


def _context():
    """fork where there is one (Linux): a worker starts with this process's modules and rule book
    instead of importing and unpickling them; elsewhere the platform's default."""
    import multiprocessing

    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def story_groups(articles: Sequence[ArticleInfo], facts: Mapping[str, list[Fact]],
                 aliases: Mapping[str, list[tuple[str, str]]], size: int = ARTICLES_PER_GROUP,
                 ) -> Iterator[tuple[list[ArticleInfo], dict[str, list[Fact]], dict[str, list[tuple[str, str]]]]]:
    """Groups of whole stories of about ``size`` articles, in story order, each with its articles'
    facts and aliases, read one group at a time. Facts meet only within a story, and findings are
    ordered by story first, so the groups' findings, one after the other, are those of the whole
    run in the report's order."""
    for members in story_members(articles, size):
        yield _group(members, facts, aliases)


def story_members(articles: Sequence[ArticleInfo], size: int = ARTICLES_PER_GROUP) -> Iterator[list[ArticleInfo]]:
    """The articles of each group of :func:`story_groups`."""
    return _batches(articles, size, None)  # type: ignore[return-value]


@dataclass(frozen=True)
class LargeStory:
    """A story of so many articles that it is compared a slot at a time (:mod:`checker.run.onestory`):
    its articles are ``articles[i]`` for ``i`` in ``members``."""

    story: str
    members: array


def story_batches(articles: Sequence[ArticleInfo], size: int = ARTICLES_PER_GROUP,
                  ) -> Iterator[list[ArticleInfo] | LargeStory]:
    """The groups of :func:`story_members`, but a story of :data:`checker.run.onestory.LARGE_STORY`
    articles or more comes alone, as a :class:`LargeStory`, its articles left where they are."""
    return _batches(articles, size, onestory.LARGE_STORY)


def _batches(articles: Sequence[ArticleInfo], size: int, large: int | None) -> Iterator[list[ArticleInfo] | LargeStory]:
    # indexes, not articles (a long run keeps its articles on disk), in arrays (an int object and
    # its place in a list take 36 bytes, here 8)
    by_story: dict[str, array[int]] = {}
    for index, article in enumerate(articles):
        indexes = by_story.get(article.story)
        if indexes is None:
            indexes = by_story[article.story] = array("l")
        indexes.append(index)
    members: list[ArticleInfo] = []
    for story in sorted(by_story):
        if large is not None and len(by_story[story]) >= large:
            if members:
                yield members
                members = []
            yield LargeStory(story, by_story[story])
            continue
        members += [articles[index] for index in by_story[story]]
        if len(members) >= size:
            yield members
            members = []
    if members:
        yield members


def _done(findings: Findings) -> Future[Findings]:
    from concurrent.futures import Future

    future: Future[Findings] = Future()
    future.set_result(findings)
    return future


def _group(members: list[ArticleInfo], facts: Mapping[str, list[Fact]],
           aliases: Mapping[str, list[tuple[str, str]]]) -> tuple:
    alike = Alike()
    return members, {a.id: alike.share(facts.get(a.id, [])) for a in members}, \
        {a.id: aliases.get(a.id, []) for a in members}
