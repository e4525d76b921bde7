"""Archive scale on Dask: ``checker check --engine dask [--scheduler ADDRESS] shards/*.jsonl``.

Extraction is mapped over the cluster one unit at a time (a partition is a unit of
:mod:`checker.run.work`: a few files, or a part of a large JSON-lines file), and the results come back
in unit order, so ids are settled as in a local run. Comparison is then mapped over groups of
stories: facts meet only within a story (and, there, within a slot), so each group is compared on
its own and the findings are put in the report's order. The report is the one a local run gives.

The task (rule book and reading options) is scattered once to every worker, not sent with every
unit. Workers read the inputs themselves, by absolute path: on a real cluster they must see the
same files at the same paths (a shared file system) and run the same version of checker.
Needs ``pip install 'checker[dask]'``.
"""

from __future__ import annotations

import dataclasses
import os
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from distributed import Client, LocalCluster

from checker.run import work
from checker.run.engines import IN_FLIGHT, available_cores, story_groups, story_members
from checker.run.findings import Findings, Keep, compare_settled
from checker.model import ArticleInfo, Fact
from checker.rules.book import RuleBook
from checker.run.work import Task, Unit, UnitResult, check_unit, compare_pickled


CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler given with --scheduler before giving up


class SchedulerUnreachable(Exception):
    """The scheduler named could not be reached (or its address is not one)."""


class DaskEngine:
    """Units checked on a Dask cluster: the scheduler at ``scheduler``, the one ``client`` is
    connected to, or else a cluster of ``jobs`` single-threaded worker processes on this machine."""

    @property
    def files_per_unit(self) -> int:
        # a task goes through the scheduler and its result through Dask's messages: four times the
        # local pool's unit (16 -> 64 files: 10,000 articles in 32.1 -> 28.5 s on two workers)
        return 4 * work.FILES_PER_UNIT

    @property
    def part_bytes(self) -> int:
        return 4 * work.PART_BYTES

    def __init__(self, scheduler: str | None = None, *, jobs: int | None = None, client: Client | None = None):
        self._own: list[Any] = []
        if client is None:
            if scheduler is None:
                cluster = LocalCluster(n_workers=jobs or available_cores(), threads_per_worker=1,
                                       dashboard_address=None)
                self._own.append(cluster)
                client = Client(cluster)
            else:
                client = _connect(scheduler)
            self._own.insert(0, client)
        self.client = client
        self._scattered: dict[int, Any] = {}  # id(object) -> (object, its future on the cluster)

    def _on_cluster(self, value: Any) -> Any:
        if id(value) not in self._scattered:
            # in a list: scatter would send the items of a set one by one
            self._scattered[id(value)] = (value, self.client.scatter([value], broadcast=True, hash=False)[0])
        return self._scattered[id(value)][1]

    def check(self, units: Sequence[Unit], task: Task, stories: frozenset[str] | None = None,
              ) -> Iterator[UnitResult]:
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        on_cluster = self._on_cluster(task), self._on_cluster(stories) if stories is not None else None
        pending: deque = deque()
        for unit in units:  # a few units ahead of the one awaited: results wait on the workers
            pending.append(self.client.submit(check_unit, _absolute(unit), task=on_cluster[0],
                                              stories=on_cluster[1], pure=False))
            if len(pending) >= workers * IN_FLIGHT:
                yield _taken(pending.popleft())
        while pending:
            yield _taken(pending.popleft())

    def compare(self, articles: Sequence[ArticleInfo], facts: Mapping[str, list[Fact]],
                aliases: Mapping[str, list[tuple[str, str]]], book: RuleBook, keep: Keep) -> Iterator[Findings]:
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        on_cluster = self._on_cluster(book)
        pickled = getattr(facts, "pickled", None)

        def submitted() -> Iterator[Any]:
            if pickled is None:  # facts in memory (a small run): as they are
                for group in story_groups(articles, facts, aliases):
                    yield self.client.submit(_compare_group, group, book=on_cluster,
                                             keep=keep.for_articles([a.id for a in group[0]]), pure=False)
                return
            # facts as the run keeps them, pickled: this process moves bytes while the workers compare
            for members in story_members(articles):
                ids = [a.id for a in members]
                yield self.client.submit(compare_pickled, members, {i: pickled(i) for i in ids if i in facts},
                                         {i: aliases[i] for i in ids if i in aliases}, keep.for_articles(ids),
                                         book=on_cluster, pure=False)

        pending: deque = deque()
        for future in submitted():
            pending.append(future)
            if len(pending) >= workers * IN_FLIGHT:
                yield _taken(pending.popleft())
        while pending:
            yield _taken(pending.popleft())

    def close(self) -> None:
        for owned in self._own:
            owned.close()
        self._own = []


def _compare_group(group: tuple, book: RuleBook, keep: Keep) -> Findings:
    members, facts, aliases = group
    return compare_settled(members, facts, aliases, book, keep)


def _taken(future: Any) -> Any:
    result = future.result()
    future.release()
    return result


def _connect(scheduler: str) -> Client:
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:  # refused, timed out, or not an address
        why = " ".join(str(exc).split()) or type(exc).__name__
        raise SchedulerUnreachable(f"--scheduler {scheduler}: cannot reach the Dask scheduler within "
                                   f"{CONNECT_TIMEOUT:g} s ({why}); is `dask scheduler` running there?") from None


def _absolute(unit: Unit) -> Unit:
    """The unit with absolute paths, for a worker whose working directory is not this one's."""
    items = tuple(item if item.source.file is None else dataclasses.replace(
        item, source=dataclasses.replace(item.source, file=os.path.abspath(item.source.file))) for item in unit.items)
    return dataclasses.replace(unit, items=items)
