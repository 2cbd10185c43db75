"""Writing the maps: one sheet per hall and an overview, all moved in together."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, cast

from matplotlib import rc_context
from matplotlib.figure import Figure

from floorplan.io.save import OutputSet, atomic_write, output_set
from floorplan.model.event import Event
from floorplan.model.layout import Layout
from floorplan.pools import pool_of, stop_workers
from floorplan.render import titleblock
from floorplan.render.overview import overview_sheet
from floorplan.render.palette import Fill, category_fills
from floorplan.render.scene import HallScene, build_scene, stand_numbers
from floorplan.render.sheet import DPI, SheetInfo, hall_sheet
from floorplan.render.verdict import ReportLike, run_validator

FORMATS = ("png", "svg", "pdf")
PARALLEL_FROM_HALLS = 4
MAX_WORKERS = 4

# Keys that would stamp the time of writing into the file: without them a
# re-render of an unchanged layout gives byte-identical vector files.
_METADATA: dict[str, dict[str, Any]] = {
    "png": {},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


_RC: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": "floorplan"}
"""SVG: text stays text (searchable, editable in CAD and illustration tools), and
element ids come from a fixed salt so that an unchanged layout gives the same file."""


def save_figure(fig: Figure, path: Path, fmt: str, dpi: float = DPI) -> None:
    """Write one figure atomically (see `io.save`)."""
    with atomic_write(path) as tmp:
        write_figure(fig, tmp, fmt, dpi)


def write_figure(fig: Figure, path: Path, fmt: str, dpi: float = DPI) -> None:
    """Write a figure to `path` as it is: the caller stages it."""
    with rc_context(cast(Any, _RC)):
        extra: dict[str, Any] = {"pil_kwargs": {"compress_level": 3}} if fmt == "png" else {}
        fig.savefig(path, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white", **extra)


Job = tuple[
    Event, Layout, ReportLike | None, HallScene, SheetInfo, dict[str | None, Fill], Path, str, float
]
"""One hall sheet's drawing: `_hall_file`'s arguments."""
Overview = tuple[
    Event, Layout, ReportLike | None, dict[str, HallScene], dict[str | None, Fill], SheetInfo, float
]
"""The overview's drawing: `overview_sheet`'s arguments."""


def _hall_file(
    event: Event,
    layout: Layout,
    report: ReportLike | None,
    scene: HallScene,
    info: SheetInfo,
    fills: dict[str | None, Fill],
    path: Path,
    fmt: str,
    dpi: float,
) -> Path:
    fig, _ = hall_sheet(
        event, layout, scene.hall.id, report, info=info, fills=fills, scene=scene, dpi=dpi
    )
    write_figure(fig, path, fmt, dpi)
    return path


def default_workers(n_halls: int) -> int:
    """Processes for the hall sheets: one for small shows, up to 4 for large ones.

    A sheet takes one to two seconds, a worker process about one to start,
    so below four halls a pool costs more than it saves.
    """
    if n_halls < PARALLEL_FROM_HALLS:
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, n_halls))


def render_layout(
    event: Event,
    layout: Layout,
    out_dir: Path,
    fmt: str = "png",
    report: ReportLike | None = None,
    *,
    revision: str | None = None,
    dpi: float = DPI,
    workers: int | None = None,
    outputs: OutputSet | None = None,
    progress: Callable[[int, int], None] | None = None,
    pool: Executor | None = None,
) -> list[Path]:
    """Write OUT_DIR/<hall-id>.<fmt> per event hall and OUT_DIR/overview.<fmt>.

    Runs the validator when no report is given, so a hand-edited layout shows
    where it breaks. `revision` defaults to the hash of the layout as
    `save_layout` writes it; the CLI passes the hash of the file it read.
    Hall sheets are drawn in this process unless `workers` > 1 asks for
    that many processes. They are spawned, not forked, because the caller may
    hold solver threads, and spawning re-imports the caller's `__main__`: a
    script must guard its entry point. The CLI asks for `default_workers`.
    A `pool` the caller started before any thread (forked, its modules loaded:
    `floorplan solve` draws in the processes that searched) draws the hall sheets
    instead, whatever `workers` says: it costs no start-up.

    The maps appear together or not at all: they are staged and moved in at
    the end, or, when `outputs` is given, left staged for the caller to move
    in with other files (`solve` adds layout.json).
    """
    if outputs is None:
        with output_set() as own:
            return render_layout(
                event,
                layout,
                out_dir,
                fmt,
                report,
                revision=revision,
                dpi=dpi,
                workers=workers,
                outputs=own,
                progress=progress,
                pool=pool,
            )
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    if report is None:
        report = run_validator(event, layout)
    info = SheetInfo(revision or titleblock.revision_of(layout), titleblock.drawing_date())
    numbers = stand_numbers(event, layout)
    fills = category_fills(event)
    scenes = {h: build_scene(event, layout, h, report, numbers) for h in event.halls}
    paths = [out_dir / f"{h}.{fmt}" for h in event.halls]
    overview = out_dir / f"overview.{fmt}"
    staged = {path: outputs.stage(path) for path in [*paths, overview]}
    jobs: list[Job] = [
        (event, layout, report, scenes[h], info, fills, staged[path], fmt, dpi)
        for h, path in zip(event.halls, paths, strict=True)
    ]
    whole: Overview = (event, layout, report, scenes, fills, info, dpi)
    n = 1 if workers is None else max(1, workers)
    tick = progress or (lambda done, total: None)
    tick(0, len(jobs) + 1)
    if pool is not None:
        _drawn_in(pool, jobs, whole, fmt, staged[overview], tick)
    elif n > 1:
        with pool_of(n, multiprocessing.get_context("spawn")) as spawned:
            _drawn_in(spawned, jobs, whole, fmt, staged[overview], tick)
    else:
        for done, job in enumerate(jobs, 1):
            _hall_file(*job)
            tick(done, len(jobs) + 1)
        write_figure(overview_sheet(*whole), staged[overview], fmt, dpi)
        tick(len(jobs) + 1, len(jobs) + 1)
    return [*paths, overview]


def _drawn_in(
    pool: Executor,
    jobs: list[Job],
    whole: Overview,
    fmt: str,
    overview: Path,
    tick: Callable[[int, int], None],
) -> None:
    """The hall sheets drawn in the pool while this process draws the overview."""
    futures = [pool.submit(_hall_file, *job) for job in jobs]
    try:
        write_figure(overview_sheet(*whole), overview, fmt, whole[-1])
        tick(1, len(jobs) + 1)
        for done, future in enumerate(as_completed(futures), 2):
            future.result()
            tick(done, len(jobs) + 1)
    except BaseException:
        # Ctrl-C or an error: the processes still drawing stop before the staged maps
        # are removed, or one would write its map again after the removal.
        if isinstance(pool, ProcessPoolExecutor):
            stop_workers(pool)
        raise


__all__ = ["FORMATS", "render_layout", "save_figure", "write_figure"]
