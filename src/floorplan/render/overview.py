"""All halls of the event on one A3 sheet, at one scale.

Each hall gets its own axes, sized so that one metre of floor is the same
length of paper in every hall: halls can be compared by eye. Halls are laid
out in event order, left to right in rows; the number per row is the one
that gives the largest common scale.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping

from matplotlib.figure import Figure

from floorplan.model.event import Event
from floorplan.model.layout import Layout
from floorplan.render import palette, titleblock
from floorplan.render.hallmap import draw_map, map_limits, nice_length, renderer_of
from floorplan.render.labels import FONT, Measurer
from floorplan.render.palette import Fill, fill_for
from floorplan.render.panel import Entry, Panel
from floorplan.render.scene import HallScene
from floorplan.render.sheet import A3_LANDSCAPE_IN, DPI, MARGIN_IN, SheetInfo, new_figure
from floorplan.render.verdict import ReportLike, violation_text

PANEL_IN = 3.9
TITLE_IN = 0.28
SCALE_BAR_IN = 0.45


def _pack(
    sizes: list[tuple[float, float]], per_row: int, gap: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Origins (top-left based, y down) of each box, total width and height, in metres."""
    origins: list[tuple[float, float]] = []
    width = height = 0.0
    for start in range(0, len(sizes), per_row):
        row = sizes[start : start + per_row]
        x = 0.0
        for w, _ in row:
            origins.append((x, height))
            x += w + gap
        width = max(width, x - gap)
        height += max(h for _, h in row) + gap
    return origins, width, height - gap


def overview_sheet(
    event: Event,
    layout: Layout,
    report: ReportLike | None,
    scenes: Mapping[str, HallScene],
    fills: dict[str | None, Fill],
    info: SheetInfo,
    dpi: float = DPI,
) -> Figure:
    fig = new_figure(dpi)
    fw, fh = A3_LANDSCAPE_IN
    avail_w = fw - 2 * MARGIN_IN - PANEL_IN - 0.3
    avail_h = fh - 2 * MARGIN_IN - SCALE_BAR_IN
    halls = [scenes[h].hall for h in event.halls if h in scenes]
    limits = [map_limits(h, "overview") for h in halls]
    sizes = [(x1 - x0, y1 - y0) for x0, y0, x1, y1 in limits]
    gap = 0.08 * statistics.median(max(s) for s in sizes) if sizes else 0.0
    best: tuple[float, int] = (0.0, 1)
    for per_row in range(1, len(sizes) + 1):
        _, w, h = _pack(sizes, per_row, gap)
        rows = math.ceil(len(sizes) / per_row)
        s = min(avail_w / w, (avail_h - rows * TITLE_IN) / h)
        if s > best[0]:
            best = (s, per_row)
    scale, per_row = best
    origins, total_w, total_h = _pack(sizes, per_row, gap)
    rows = math.ceil(len(sizes) / per_row)
    left = MARGIN_IN + (avail_w - total_w * scale) / 2
    used_h = total_h * scale + rows * TITLE_IN
    top = fh - MARGIN_IN - (avail_h - used_h) / 2
    for i, (hall, (ox, oy), (w, h)) in enumerate(zip(halls, origins, sizes, strict=True)):
        row = i // per_row
        y_top = top - oy * scale - (row + 1) * TITLE_IN
        ax = fig.add_axes(
            ((left + ox * scale) / fw, (y_top - h * scale) / fh, w * scale / fw, h * scale / fh)
        )
        result = draw_map(ax, event, scenes[hall.id], fills, "overview")
        n = len(scenes[hall.id].stands)
        found = len(result.violations)
        title = f"{hall.name or hall.id}: {n} stands"
        if found:
            title += f", {found} finding{'s' if found != 1 else ''}"
        ax.set_title(
            title,
            fontsize=9,
            fontweight="bold",
            **FONT,
            color=palette.VIOLATION if found else palette.TEXT,
            pad=3,
        )
    _scale_bar(fig, scale, left, max(MARGIN_IN, top - used_h - SCALE_BAR_IN), total_w)
    _panel(fig, event, layout, report, scenes, fills, info, rows_scale=scale)
    return fig


def _scale_bar(fig: Figure, scale: float, x_in: float, y_in: float, span_m: float) -> None:
    fw, fh = A3_LANDSCAPE_IN
    length = nice_length(span_m)
    ax = fig.add_axes((x_in / fw, y_in / fh, (length * 1.15) * scale / fw, SCALE_BAR_IN / fh))
    ax.set_xlim(0, length * 1.15)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    for i in range(4):
        ax.fill_between(
            [i * length / 4, (i + 1) * length / 4],
            0.15,
            0.4,
            facecolor=palette.WALL if i % 2 == 0 else "white",
            edgecolor=palette.WALL,
            linewidth=0.6,
            gid="scale-bar",
        )
    for v in (0.0, length / 2, length):
        ax.text(v, 0.5, f"{v:g}", fontsize=7, ha="center", va="bottom", **FONT)
    ax.text(length * 1.04, 0.27, "m", fontsize=7, va="center", **FONT)


def _panel(
    fig: Figure,
    event: Event,
    layout: Layout,
    report: ReportLike | None,
    scenes: Mapping[str, HallScene],
    fills: dict[str | None, Fill],
    info: SheetInfo,
    rows_scale: float,
) -> None:
    fw, fh = A3_LANDSCAPE_IN
    pax = fig.add_axes(
        ((fw - MARGIN_IN - PANEL_IN) / fw, MARGIN_IN / fh, PANEL_IN / fw, (fh - 2 * MARGIN_IN) / fh)
    )
    panel = Panel(pax, Measurer(renderer_of(fig), fig.dpi))
    panel.title("All halls", event.name)
    counts: dict[Fill, int] = {}
    for scene in scenes.values():
        for s in scene.stands:
            req = event.request_by_id.get(s.request_id)
            f = fill_for(fills, req.category if req else None)
            counts[f] = counts.get(f, 0) + 1
    order = list(fills.values())
    used = sorted(counts.items(), key=lambda fc: order.index(fc[0]))
    panel.legend(used, event.rules.aisle_width_m, event.rules.exit_clearance_m, symbols=False)
    summary = []
    for h in event.halls:
        if h not in scenes:
            continue
        sc = scenes[h]
        net = sum(s.area for s in sc.stands)
        summary.append(
            Entry(
                f"{len(sc.stands)} stands, {net:,.0f} m², "
                f"net-to-gross {net / sc.hall.gross_area:.2f}",
                palette.VIOLATION if sc.violations else palette.TEXT,
                lead=sc.hall.name or h,
            )
        )
    paper_per_floor = rows_scale * 0.0254
    rows = titleblock.rows(
        event, layout, None, report, info.revision, info.date, 1 / paper_per_floor
    )
    tb_h = Panel.block_height(len(rows))
    pitch = 6.5 * 1.28
    panel.entries("Halls", summary, (len(summary) + 3) * pitch)
    elsewhere = []
    if report is not None:
        shown = {id(v) for sc in scenes.values() for v in sc.violations}
        elsewhere = [
            Entry(violation_text(v), palette.VIOLATION)
            for v in report.violations
            if id(v) not in shown
        ]
    room = panel.top - tb_h
    if elsewhere:
        panel.entries(
            f"Findings outside the hall maps ({len(elsewhere)})",
            elsewhere,
            min((len(elsewhere) * 2 + 3) * pitch, 0.4 * room),
            wrap_lines=2,
            title_colour=palette.VIOLATION,
            more_hint="; run floorplan validate",
        )
    unplaced = []
    for u in layout.unplaced:
        req = event.request_by_id.get(u.request_id)
        unplaced.append(Entry(f"{req.name if req else '?'}: {u.reason}", lead=u.request_id))
    if unplaced:
        panel.entries(
            f"Unplaced requests ({len(unplaced)})",
            unplaced,
            panel.top - tb_h,
            wrap_lines=2,
            more_hint=" in layout.json",
        )
    verdict, bad = titleblock.verdict_line(report)
    panel.title_block(rows, verdict, bad, tb_h)


__all__ = ["overview_sheet"]
