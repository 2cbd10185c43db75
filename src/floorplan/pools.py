"""Worker process pools that leave Ctrl-C to the command.

A terminal sends Ctrl-C (SIGINT) to every process of the command at once. A
worker of a `ProcessPoolExecutor` that gets it dies printing a traceback of its
own (23 lines of `multiprocessing` internals), and the pool's shutdown then
waits for whatever job another worker was running. Workers started here ignore
SIGINT; the command's own process gets it, and the pool it leaves by an
exception stops its workers at once, so that the command ends in a moment with
one line (`cli.readable_errors`) and its staged outputs removed
(`io.save.output_set`).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import BaseContext


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's processes now, running jobs and all (the command is giving up)."""
    # The executor keeps its processes by pid; Python 3.14's `terminate_workers` does this.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    # Gone before the caller removes what they were writing (`io.save.output_set`).
    for process in processes:
        process.join(timeout=STOP_WAIT_S)
    pool.shutdown(wait=False, cancel_futures=True)


STOP_WAIT_S = 5.0
"""How long `stop_workers` waits for each terminated process to be gone."""


@contextmanager
def pool_of(workers: int, context: BaseContext | None = None) -> Iterator[ProcessPoolExecutor]:
    """A pool of `workers` processes that ignore Ctrl-C, for a block: shut down when the
    block ends, its processes stopped at once when it ends by an exception (Ctrl-C, an
    error)."""
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_interrupt)
    try:
        yield pool
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown(cancel_futures=True)


__all__ = ["pool_of", "stop_workers"]
