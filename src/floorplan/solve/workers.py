"""Worker processes shared by every hall of a solve.

Each hall's work is a list of independent, pure jobs (candidate skeletons,
seats tried for a large stand, the final pack), so it can run in any process
and in any order and give the same answer. One pool serves every hall: a big
hall gets the cores a small one has finished with, where a process per hall
would leave them idle.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from floorplan.pools import pool_of

J = TypeVar("J")
R = TypeVar("R")


def process_count(workers: int) -> int:
    """How many processes are worth starting: no more than asked, nor than the cores."""
    return max(1, min(workers, os.cpu_count() or 1))


@contextmanager
def processes(workers: int) -> Iterator[Executor | None]:
    """A pool of worker processes, or None when one process is all there is to use.

    A first job is run from this thread before the pool is handed out: with the
    fork start method (Linux's default) that launches every process at once,
    before any thread that hands out halls' work exists. Forked later, from a
    process whose other threads may hold a lock, they could inherit it held.
    """
    n = process_count(workers)
    if n <= 1:
        yield None
        return
    with pool_of(n) as pool:
        pool.submit(int).result()
        yield pool


@contextmanager
def own_or(pool: Executor | None, workers: int) -> Iterator[Executor | None]:
    """The caller's pool when it brings one (`floorplan solve` starts one before anything
    else and draws the maps in it too), else `processes(workers)` for this call alone."""
    if pool is not None:
        yield pool
        return
    with processes(workers) as own:
        yield own


def in_order(fn: Callable[[J], R], jobs: Sequence[J], pool: Executor | None) -> list[R]:
    """`fn` over the jobs in the pool when there is one, results in job order."""
    if pool is None or len(jobs) < 2:
        return [fn(j) for j in jobs]
    return list(pool.map(fn, jobs))


def side_by_side(
    fn: Callable[[J], R], jobs: Sequence[J], lanes: int, heavy: Callable[[J], float]
) -> list[R]:
    """`fn` over the jobs in up to `lanes` threads, heaviest first, results in job order.

    For jobs that mostly wait on a shared process pool (a hall handing its
    candidates out): started heaviest first, the longest hall does not start last.
    """
    if lanes <= 1 or len(jobs) < 2:
        return [fn(j) for j in jobs]
    order = sorted(range(len(jobs)), key=lambda i: (-heavy(jobs[i]), i))
    threads = ThreadPoolExecutor(max_workers=min(lanes, len(jobs)))
    try:
        futures = {i: threads.submit(fn, jobs[i]) for i in order}
        results = [futures[i].result() for i in range(len(jobs))]
    except BaseException:
        # Ctrl-C or an error: the halls' threads are not waited for. Their jobs' process
        # pool is stopped by its owner (`pools.pool_of`), which ends them; waiting here
        # ran the halls' whole search first.
        threads.shutdown(wait=False, cancel_futures=True)
        raise
    threads.shutdown()
    return results


__all__ = ["in_order", "own_or", "process_count", "processes", "side_by_side"]
