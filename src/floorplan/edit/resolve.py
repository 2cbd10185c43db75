"""Re-solve around the planner's edits in the background: `solve --baseline` on the current layout.

The job runs `floorplan.solve.solve` in a thread (CP-SAT releases the GIL,
so the page keeps answering), reports the solver's progress lines, and ends
with a proposal: the new layout, its validator verdict and its
`floorplan diff` against the layout it started from. The planner keeps it
(one undoable change) or discards it; a proposal made from a layout the
planner has changed since is not kept.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from floorplan.diff import diff_layouts
from floorplan.io.errors import InputError
from floorplan.model.event import Event
from floorplan.model.layout import Layout

State = Literal["idle", "running", "done", "failed"]


@dataclass
class ResolveJob:
    """One re-solve: its inputs, its progress and, when done, its proposal."""

    before: Layout
    version: int
    time_limit_s: float
    seed: int
    workers: int
    state: State = "running"
    progress: str = "starting"
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    layout: Layout | None = None
    error: str = ""
    diff_text: str = ""
    diff: dict[str, Any] = field(default_factory=dict)
    verdict: str = ""

    @property
    def elapsed_s(self) -> float:
        end = self.finished if self.finished is not None else time.monotonic()
        return end - self.started

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "progress": self.progress,
            "elapsed_s": round(self.elapsed_s, 1),
            "time_limit_s": self.time_limit_s,
            "error": self.error,
            "verdict": self.verdict,
            "diff_text": self.diff_text,
            "diff": self.diff,
        }


def run_job(event: Event, job: ResolveJob, lock: threading.Lock) -> None:
    """The thread body: solve, validate, diff; every outcome ends in `done` or `failed`."""
    from floorplan.solve import solve

    def progress(phase: str, hall: str, placed: int, t: float) -> None:
        with lock:
            job.progress = f"{phase} {hall} placed {placed}".replace("  ", " ").strip()

    try:
        result = solve(
            event,
            time_limit_s=job.time_limit_s,
            seed=job.seed,
            workers=job.workers,
            baseline=job.before,
            progress=progress,
        )
        layout = result.layout
        from floorplan.validate import validate

        report = validate(event, layout)
        changes = diff_layouts(job.before, layout)
        with lock:
            job.layout = layout
            job.verdict = report.summary()
            job.diff_text = changes.to_text()
            job.diff = changes.to_json()
            job.state = "done"
            job.progress = "done"
    except InputError as exc:
        with lock:
            job.error = "; ".join(exc.messages)
            job.state = "failed"
    except Exception as exc:  # the page must hear about any failure, not a dead thread
        with lock:
            job.error = f"internal error: {type(exc).__name__}: {exc}"
            job.state = "failed"
    finally:
        with lock:
            job.finished = time.monotonic()


def start(event: Event, job: ResolveJob, lock: threading.Lock) -> threading.Thread:
    thread = threading.Thread(target=run_job, args=(event, job, lock), daemon=True, name="resolve")
    thread.start()
    return thread


__all__ = ["ResolveJob", "State", "run_job", "start"]
