"""The worker pool shared by every hall: answers in job order, however the work is spread."""

from __future__ import annotations

import threading

import pytest

from floorplan.solve.workers import in_order, process_count, processes, side_by_side


def _square(n: int) -> int:
    return n * n


def test_one_worker_means_no_pool() -> None:
    with processes(1) as pool:
        assert pool is None
    assert process_count(0) == 1


def test_a_pool_answers_in_job_order() -> None:
    jobs = list(range(7))
    with processes(2) as pool:
        assert in_order(_square, jobs, pool) == [n * n for n in jobs]
    assert in_order(_square, jobs, None) == [n * n for n in jobs]


def test_side_by_side_answers_in_job_order_and_starts_the_heaviest_first() -> None:
    started: list[int] = []
    lock = threading.Lock()

    def job(n: int) -> int:
        with lock:
            started.append(n)
        return -n

    jobs = [3, 9, 1, 5]
    # One lane: one thread, so the order it starts them in is the order it was given.
    assert side_by_side(job, jobs, 1, heavy=float) == [-3, -9, -1, -5]
    assert started == jobs
    started.clear()
    assert side_by_side(job, jobs, 2, heavy=float) == [-3, -9, -1, -5]
    assert started[0] == 9, "the heaviest job is handed out first"
    assert sorted(started) == sorted(jobs)


def test_side_by_side_does_not_wait_for_the_other_jobs_when_one_fails() -> None:
    """Ctrl-C or an error in one hall: the command ends without running the other halls'
    whole search first (their pool is stopped by its owner)."""
    gate, finished = threading.Event(), threading.Event()

    def job(n: int) -> int:
        if n == 0:
            raise ValueError("hall 0 failed")
        gate.wait(60)
        finished.set()
        return n

    with pytest.raises(ValueError, match="hall 0 failed"):
        side_by_side(job, [0, 1], 2, heavy=float)
    assert not finished.is_set()
    gate.set()
