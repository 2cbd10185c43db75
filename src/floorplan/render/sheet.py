"""A hall's A3 sheet: the map on the left, the side panel on the right.

A3 landscape is what planners print and fire marshals stamp. PNGs are
written at 150 dpi: 2,481 x 1,754 pixels keeps 5 pt text legible on screen
and paper while a sheet stays around 1 MB (300 dpi quadruples size and time
for no gain on a screen). SVG and PDF are vector and scale freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from floorplan.model.event import Event
from floorplan.model.layout import Layout
from floorplan.model.venue import Hall
from floorplan.render import palette, titleblock
from floorplan.render.hallmap import MapResult, draw_map, map_limits, renderer_of
from floorplan.render.labels import Measurer, area_text
from floorplan.render.palette import Fill, category_fills, fill_for
from floorplan.render.panel import Entry, Panel
from floorplan.render.scene import HallScene, build_scene
from floorplan.render.verdict import ReportLike, ViolationLike, violation_text

A3_LANDSCAPE_IN = (16.54, 11.69)
Rect = tuple[float, float, float, float]
"""An axes position as a figure fraction: left, bottom, width, height."""
DPI = 150
MARGIN_IN = 0.3
PANEL_IN = 4.6
GAP_IN = 0.25
WIDE_PANEL_IN = 4.2
"""Least height of the panel under the map of a wide hall (`_wide_map_height`)."""
WIDE_GAIN = 1.2
"""A wide hall's map goes across the sheet, its panel below, where that draws it at
least this much larger than beside the panel."""


@dataclass(frozen=True)
class SheetInfo:
    """What the title block needs beyond event, layout and report."""

    revision: str
    date: str


def new_figure(dpi: float = DPI) -> Figure:
    fig = Figure(figsize=A3_LANDSCAPE_IN, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _fig_rect(fig: Figure, x: float, y: float, w: float, h: float) -> Rect:
    fw, fh = fig.get_figwidth(), fig.get_figheight()
    return (x / fw, y / fh, w / fw, h / fh)


def hall_sheet(
    event: Event,
    layout: Layout,
    hall_id: str,
    report: ReportLike | None,
    *,
    info: SheetInfo | None = None,
    numbers: dict[str, str] | None = None,
    fills: dict[str | None, Fill] | None = None,
    scene: HallScene | None = None,
    dpi: float = DPI,
) -> tuple[Figure, MapResult]:
    fig = new_figure(dpi)
    fw, fh = A3_LANDSCAPE_IN
    fills = fills or category_fills(event)
    scene = scene or build_scene(event, layout, hall_id, report, numbers)
    inner_w, inner_h = fw - 2 * MARGIN_IN, fh - 2 * MARGIN_IN
    wide = _wide_map_height(scene.hall, inner_w, inner_h)
    if wide is None:
        map_w = inner_w - PANEL_IN - GAP_IN
        ax = fig.add_axes(_fig_rect(fig, MARGIN_IN, MARGIN_IN, map_w, inner_h))
        ax.set_anchor("C")
        result = draw_map(ax, event, scene, fills, "sheet")
        pax = fig.add_axes(_fig_rect(fig, fw - MARGIN_IN - PANEL_IN, MARGIN_IN, PANEL_IN, inner_h))
        paxes = (pax, pax)
    else:
        ax = fig.add_axes(_fig_rect(fig, MARGIN_IN, fh - MARGIN_IN - wide, inner_w, wide))
        ax.set_anchor("N")
        result = draw_map(ax, event, scene, fills, "sheet")
        ph = inner_h - wide - GAP_IN
        body = inner_w - GAP_IN - PANEL_IN
        paxes = (
            fig.add_axes(_fig_rect(fig, MARGIN_IN, MARGIN_IN, PANEL_IN, ph)),
            fig.add_axes(_fig_rect(fig, fw - MARGIN_IN - body, MARGIN_IN, body, ph)),
        )
    info = info or SheetInfo(titleblock.revision_of(layout), titleblock.drawing_date())
    _panel(paxes, event, layout, scene, result, report, fills, info)
    return fig, result


def _wide_map_height(hall: Hall, inner_w: float, inner_h: float) -> float | None:
    """The map's height (inches) across the whole sheet, with the panel below it (title
    and legend, then the lists and the title block beside them), for a hall drawn at
    least `WIDE_GAIN` times larger so than beside the panel; else None. A planner's
    careers fair in a 200 x 40 m hall was drawn at 1:790 beside the panel, its 3 x 3 m
    stands too small for their numbers. `inner_w` x `inner_h`: the sheet within its
    margins (inches)."""
    x0, y0, x1, y1 = map_limits(hall, "sheet")
    w, h = x1 - x0, y1 - y0
    beside = min((inner_w - PANEL_IN - GAP_IN) / w, inner_h / h)
    across = min(inner_w / w, (inner_h - WIDE_PANEL_IN - GAP_IN) / h)
    return h * across if across >= WIDE_GAIN * beside else None


def _panel(
    paxes: tuple[Axes, Axes],
    event: Event,
    layout: Layout,
    scene: HallScene,
    result: MapResult,
    report: ReportLike | None,
    fills: dict[str | None, Fill],
    info: SheetInfo,
) -> None:
    """Title and legend in the first axes; findings, key, unplaced requests and the title
    block at the foot in the second (the same axes, beside the map)."""
    fig = paxes[0].figure
    assert isinstance(fig, Figure)
    measure = Measurer(renderer_of(fig), fig.dpi)
    panel = Panel(paxes[0], measure)
    body = panel if paxes[1] is paxes[0] else Panel(paxes[1], measure)
    hall = scene.hall
    panel.title(hall.name or hall.id, event.name)
    panel.legend(
        _fills_used(event, scene, fills), event.rules.aisle_width_m, event.rules.exit_clearance_m
    )
    rows = titleblock.rows(event, layout, hall.id, report, info.revision, info.date, result.scale)
    verdict, bad = titleblock.verdict_line(report, len(result.violations))
    tb_h = Panel.block_height(len(rows))
    room = body.top - tb_h
    findings = [
        Entry(_finding_text(v, scene.numbers), palette.VIOLATION, lead=tag)
        for tag, v in result.violations
    ]
    unplaced = _unplaced_entries(event, layout, hall.id)
    key = [
        Entry(f"{k.name} ({area_text(k.area)})", lead=k.number)
        for k in sorted(result.keyed, key=lambda k: _number_order(k.number))
    ]
    pitch = 6.5 * 1.28
    need_f = (len(findings) * 2 + 3) * pitch if findings else 0.0
    need_u = (len(unplaced) + 3) * pitch if unplaced else 0.0
    h_f = min(need_f, 0.35 * room)
    h_u = min(need_u, 0.25 * room)
    h_k = room - h_f - h_u
    if findings:
        body.entries(
            f"Validator findings in this hall ({len(findings)})",
            findings,
            h_f,
            wrap_lines=2,
            title_colour=palette.VIOLATION,
            more_hint="; run floorplan validate",
        )
    if key:
        body.entries(
            "Key: stands whose name does not fit on the map",
            key,
            h_k,
            min_col_width=160.0,
        )
    if unplaced:
        body.entries(
            f"Unplaced requests ({len(layout.unplaced)} in the event)",
            unplaced,
            h_u + max(0.0, body.top - tb_h - h_u),
            wrap_lines=2,
            more_hint=" in layout.json",
        )
    body.title_block(rows, verdict, bad, tb_h)


def _fills_used(
    event: Event, scene: HallScene, fills: dict[str | None, Fill]
) -> list[tuple[Fill, int]]:
    counts: dict[Fill, int] = {}
    for s in scene.stands:
        req = event.request_by_id.get(s.request_id)
        f = fill_for(fills, req.category if req else None)
        counts[f] = counts.get(f, 0) + 1
    order = list(fills.values())
    return sorted(counts.items(), key=lambda fc: order.index(fc[0]) if fc[0] in order else 0)


def _finding_text(v: ViolationLike, numbers: dict[str, str]) -> str:
    """Messages name request ids while the map shows stand numbers: give both."""
    shown = [f"[{numbers[r]}]" for r in v.stands if r in numbers]
    return " ".join([*shown, violation_text(v)])


def _number_order(number: str) -> tuple[str, int, str]:
    """5B10 after 5B9: row letters as text, positions as numbers."""
    m = re.fullmatch(r"(\d*[A-Z]*)(\d+)(.*)", number)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (number, 0, "")


def _unplaced_entries(event: Event, layout: Layout, hall_id: str) -> list[Entry]:
    """Requests that name this hall first, then the rest of the event's unplaced."""
    mine: list[Entry] = []
    other: list[Entry] = []
    for u in layout.unplaced:
        req = event.request_by_id.get(u.request_id)
        name = req.name if req else u.request_id
        area = f", {area_text(req.area_m2)}" if req else ""
        entry = Entry(f"{name}{area}: {u.reason}", lead=u.request_id)
        (mine if req is not None and req.hall == hall_id else other).append(entry)
    return mine + other


def draw_hall(
    event: Event,
    layout: Layout,
    hall_id: str,
    ax: Axes | None = None,
    report: ReportLike | None = None,
) -> Axes:
    """Draw one hall. Without `ax`, a full A3 sheet; with one, the map alone in that axes.

    `report` is the validator's report; with None no findings are drawn (the
    sheet says "not validated"). `render_layout` runs the validator for you.
    """
    if ax is None:
        _, result = hall_sheet(event, layout, hall_id, report)
        return result.ax
    scene = build_scene(event, layout, hall_id, report)
    return draw_map(ax, event, scene, category_fills(event), "sheet").ax


__all__ = ["A3_LANDSCAPE_IN", "DPI", "SheetInfo", "draw_hall", "hall_sheet", "new_figure"]
