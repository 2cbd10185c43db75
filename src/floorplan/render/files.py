"""Writing the maps: one sheet per hall and an overview, each file atomic."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, cast

from matplotlib import rc_context
from matplotlib.figure import Figure

from floorplan.io.save import atomic_write
from floorplan.model.event import Event
from floorplan.model.layout import Layout
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
    with atomic_write(path) as tmp, rc_context(cast(Any, _RC)):
        extra: dict[str, Any] = {"pil_kwargs": {"compress_level": 3}} if fmt == "png" else {}
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white", **extra)


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
    save_figure(fig, path, fmt, dpi)
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
) -> list[Path]:
    """Write OUT_DIR/<hall-id>.<fmt> per event hall and OUT_DIR/overview.<fmt>.

    Runs the validator when no report is given, so a hand-edited layout shows
    where it breaks. `revision` defaults to the hash of the layout as
    `save_layout` writes it; the CLI passes the hash of the file it read.
    Hall sheets are drawn in this process unless `workers` > 1 asks for
    that many processes. They are spawned, not forked, because the caller may
    hold solver threads, and spawning re-imports the caller's `__main__`: a
    script must guard its entry point. The CLI asks for `default_workers`.
    """
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
    jobs = [
        (event, layout, report, scenes[h], info, fills, path, fmt, dpi)
        for h, path in zip(event.halls, paths, strict=True)
    ]
    n = 1 if workers is None else max(1, workers)
    overview = out_dir / f"overview.{fmt}"
    if n == 1:
        for job in jobs:
            _hall_file(*job)
        save_figure(
            overview_sheet(event, layout, report, scenes, fills, info, dpi), overview, fmt, dpi
        )
        return [*paths, overview]
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_hall_file, *job) for job in jobs]
        # The overview is drawn here while the workers draw the halls.
        fig = overview_sheet(event, layout, report, scenes, fills, info, dpi)
        save_figure(fig, overview, fmt, dpi)
        for future in futures:
            future.result()
    return [*paths, overview]


__all__ = ["FORMATS", "render_layout", "save_figure"]
