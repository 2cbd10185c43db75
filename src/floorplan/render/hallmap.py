"""One hall drawn to scale, in the layer order a reader needs.

Bottom to top: floor, walkable aisles, exit clearance zones, stands by
category, partition walls on closed sides, columns and keep-outs, the hall
wall with its doors, aisle widths where they are tight, labels, and last the
validator's findings in red, so nothing hides a violation.

Open sides are read from the walls: a stand side that does not open onto
walkable space gets a heavy line (a partition or back wall), an open side
keeps only the thin stand edge. An inline stand thus shows three heavy sides,
a corner two, a peninsula one, an island none.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Arc, Rectangle
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from shapely import Point, STRtree, unary_union
from shapely.geometry.base import BaseGeometry

from floorplan.geometry import inscribed_box
from floorplan.model.event import Event
from floorplan.model.venue import Exit, Hall
from floorplan.render import palette
from floorplan.render.labels import (
    BACKDROP,
    FONT,
    Label,
    Measurer,
    dims_text,
    draw_label,
    fit_check,
    plan_label,
    text_box,
)
from floorplan.render.palette import Fill, fill_for
from floorplan.render.scene import HallScene
from floorplan.render.shapes import geom_patch
from floorplan.render.verdict import ViolationLike
from floorplan.sides import boxes_of, clear_ahead, gap_ahead, ray_ahead, stand_sides

Detail = Literal["sheet", "overview"]

TIGHT_SHARE = 1.1
"""Aisles narrower than this many aisle widths get a dimension line."""
MAX_DIMENSIONS = 40
DIMENSION_SPACING_M = 15.0
GID_VIOLATION = "violation"


@dataclass
class KeyEntry:
    number: str
    name: str
    area: float
    shown: str
    """What the map shows of the name: "" when nothing, else the shortened form."""


@dataclass
class MapResult:
    ax: Axes
    keyed: list[KeyEntry] = field(default_factory=list)
    violations: list[tuple[str, ViolationLike]] = field(default_factory=list)
    scale: float = 0.0
    """Metres of floor per metre of paper at the figure's size."""


def renderer_of(fig: Figure) -> RendererBase:
    canvas = fig.canvas
    if not hasattr(canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(fig)
    renderer: RendererBase = canvas.get_renderer()
    return renderer


def map_limits(hall: Hall, detail: Detail) -> tuple[float, float, float, float]:
    """Hall bounds plus room for door leaves, door labels and, on sheets, the scale bar."""
    x0, y0, x1, y1 = hall.shape.bounds
    span = max(x1 - x0, y1 - y0)
    widest = max(ex.width for ex in hall.exits)
    m = max(2.0, widest / 2 + 1.0, 0.035 * span)
    if detail == "overview":
        return x0 - m, y0 - m, x1 + m, y1 + m
    return x0 - m - 0.02 * span, y0 - m - 0.07 * span, x1 + m + 0.02 * span, y1 + m + 0.02 * span


def points_per_metre(ax: Axes) -> float:
    (ax0, _), (ax1, _) = ax.transData.transform([(0.0, 0.0), (1.0, 0.0)])
    return float(abs(ax1 - ax0) * 72.0 / ax.figure.dpi)


def draw_map(
    ax: Axes,
    event: Event,
    scene: HallScene,
    fills: dict[str | None, Fill],
    detail: Detail = "sheet",
) -> MapResult:
    """Draw `scene` into `ax` at equal aspect; returns what the sheet's side panel lists."""
    hall = scene.hall
    sheet = detail == "sheet"
    x0, y0, x1, y1 = map_limits(hall, detail)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    ax.apply_aspect()
    ppm = points_per_metre(ax)
    wall_lw = 2.4 if sheet else 1.2
    result = MapResult(ax)

    _add(ax, hall.shape, facecolor=palette.FLOOR, edgecolor="none", zorder=0.5)
    _add(ax, scene.walkable, facecolor=palette.AISLE, edgecolor="none", zorder=1, gid="aisle")
    _exit_zones(ax, event, hall)
    _stands(ax, event, scene, fills, sheet)
    _obstacles(ax, hall, sheet)
    _walls(ax, hall, wall_lw)
    for ex in hall.exits:
        _door(ax, hall, ex, wall_lw, sheet)
    if sheet:
        _tight_aisles(ax, scene, event.rules.aisle_width_m, ppm)
    _aisle_letters(ax, scene, ppm, sheet)
    result.keyed = _labels(ax, event, scene, fills, sheet)
    result.violations = _violations(ax, scene, sheet)
    paper_m_per_floor_m = ppm / 72 * 0.0254
    result.scale = 1 / paper_m_per_floor_m if paper_m_per_floor_m > 0 else 0.0
    if sheet:
        draw_scale_bar(ax, (x0, y0, x1, y1), hall.shape.bounds)
    return result


# Patches go in with `add_artist`, not `add_patch`: the limits are fixed
# before drawing, and updating data limits from large aisle polygons costs
# more than drawing them.


def _add(ax: Axes, geom: BaseGeometry, **kwargs: object) -> None:
    patch = geom_patch(geom, **kwargs)  # type: ignore[arg-type]
    if patch is not None:
        ax.add_artist(patch)


def _exit_zones(ax: Axes, event: Event, hall: Hall) -> None:
    r = event.rules.exit_clearance_m
    if r <= 0:
        return
    for ex in hall.exits:
        zone = ex.door(hall.shape).buffer(r).intersection(hall.shape)
        _add(ax, zone, facecolor=palette.EXIT_ZONE, edgecolor="none", zorder=1.5, gid="exit-zone")
        # The outline goes above the stands: a stand reaching into the zone shows it.
        _add(
            ax,
            zone,
            facecolor="none",
            edgecolor=palette.EXIT,
            linewidth=0.6,
            linestyle=(0, (3, 2)),
            zorder=6,
        )


def _stands(
    ax: Axes, event: Event, scene: HallScene, fills: dict[str | None, Fill], sheet: bool
) -> None:
    groups: dict[Fill, list[list[tuple[float, float]]]] = defaultdict(list)
    closed: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for s, open_ in zip(scene.stands, scene.open, strict=True):
        req = event.request_by_id.get(s.request_id)
        fill = fill_for(fills, req.category if req else None)
        sides = stand_sides(s)
        groups[fill].append([side.a for side in sides])
        closed += [(side.a, side.b) for i, side in enumerate(sides) if i not in open_]
    for fill, verts in groups.items():
        ax.add_collection(
            PolyCollection(
                verts,
                facecolors=fill.face,
                edgecolors=palette.STAND_EDGE,
                linewidths=0.5 if sheet else 0.25,
                hatch=fill.hatch or None,
                hatchcolor=palette.HATCH_COLOUR,
                hatch_linewidth=palette.HATCH_WIDTH,
                zorder=3,
                gid=f"stands:{fill.label}",
            )
        )
    if closed:
        ax.add_collection(
            LineCollection(
                closed,
                colors=palette.CLOSED_SIDE,
                linewidths=1.6 if sheet else 0.6,
                capstyle="projecting",
                zorder=4,
                gid="closed-sides",
            )
        )


def _obstacles(ax: Axes, hall: Hall, sheet: bool) -> None:
    shapes = [(c, "") for c in hall.column_shapes] + [(k.shape, k.reason) for k in hall.keep_out]
    if not shapes:
        return
    verts = [np.asarray(p.exterior.coords) for p, _ in shapes]
    ax.add_collection(
        PolyCollection(
            verts,
            facecolors=palette.OBSTACLE_FILL,
            edgecolors=palette.OBSTACLE_HATCH,
            linewidths=0.6,
            hatch="////",
            zorder=5,
            gid="obstacles",
        )
    )
    if not sheet:
        return
    cx, cy = hall.shape.centroid.x, hall.shape.centroid.y
    for poly, reason in shapes:
        if not reason:
            continue
        c = poly.centroid
        dx, dy = cx - c.x, cy - c.y
        # Write the reason beside the keep-out, on the side facing the hall's middle.
        if abs(dx) >= abs(dy):
            ha, va = ("left" if dx > 0 else "right"), "center"
            x = poly.bounds[2] + 0.3 if dx > 0 else poly.bounds[0] - 0.3
            y = c.y
        else:
            ha, va = "center", ("bottom" if dy > 0 else "top")
            x = c.x
            y = poly.bounds[3] + 0.3 if dy > 0 else poly.bounds[1] - 0.3
        ax.text(
            x,
            y,
            reason,
            fontsize=5.5,
            style="italic",
            **FONT,
            color=palette.MUTED_TEXT,
            ha=ha,
            va=va,
            zorder=9,
            # A box, not a halo: the hatch of a keep-out beside it never shows through.
            bbox=BACKDROP | {"facecolor": "white"},
        )


def _walls(ax: Axes, hall: Hall, lw: float) -> None:
    ring = np.asarray(hall.shape.exterior.coords)
    ax.plot(ring[:, 0], ring[:, 1], color=palette.WALL, linewidth=lw, zorder=7, gid="wall")


def _door(ax: Axes, hall: Hall, ex: Exit, wall_lw: float, sheet: bool) -> None:
    """Double-leaf door opening outward (the direction of escape), with id and clear width."""
    coords = np.asarray(ex.door(hall.shape).coords)
    a, b = coords[0], coords[-1]
    mid = coords[len(coords) // 2]
    span = float(np.hypot(*(b - a)))
    if span < 1e-9:
        return
    t = (b - a) / span
    n = np.array([-t[1], t[0]])
    if hall.shape.contains(Point(*(mid + 0.05 * n))):
        n = -n
    colour = palette.ENTRANCE if ex.kind == "entrance" else palette.EXIT
    gid = f"{ex.kind}:{ex.id}"
    # The gap in the wall, then the threshold in the door's colour.
    ax.plot(*zip(a, b, strict=True), color="white", linewidth=wall_lw + 1.0, zorder=7.5)
    ax.plot(
        *zip(a, b, strict=True),
        color=colour,
        linewidth=wall_lw + 0.6,
        solid_capstyle="butt",
        zorder=8,
        gid=gid,
    )
    half = span / 2
    for hinge, closed in ((a, t), (b, -t)):
        tip = hinge + n * half
        ax.plot(*zip(hinge, tip, strict=True), color=colour, linewidth=0.9, zorder=8)
        a1 = math.degrees(math.atan2(closed[1], closed[0]))
        a2 = math.degrees(math.atan2(n[1], n[0]))
        ccw = closed[0] * n[1] - closed[1] * n[0] > 0
        ax.add_artist(
            Arc(
                tuple(hinge),
                2 * half,
                2 * half,
                theta1=a1 if ccw else a2,
                theta2=a2 if ccw else a1,
                color=colour,
                linewidth=0.6,
                zorder=8,
            )
        )
    label = f"{ex.id}  {ex.width:g} m"
    if ex.kind == "entrance":
        label = f"ENTRANCE {label}" if sheet else ex.id
    elif not sheet:
        label = ex.id
    pos = mid + n * (half + 0.6)
    vertical = abs(n[0]) > abs(n[1])
    ax.text(
        pos[0],
        pos[1],
        label,
        fontsize=7.5 if sheet else 5.0,
        fontweight="bold",
        **FONT,
        color=colour,
        rotation=90 if vertical else 0,
        ha=("left" if n[0] > 0 else "right") if vertical else "center",
        va="center" if vertical else ("bottom" if n[1] > 0 else "top"),
        rotation_mode="anchor" if not vertical else "default",
        zorder=9,
        clip_on=False,
    )


def _tight_aisles(ax: Axes, scene: HallScene, width: float, ppm: float) -> None:
    """Dimension lines across aisles whose clear width is within 10 % of the rule.

    Measured from the middle of each open stand side straight across to the
    next stand or wall; the tightest are drawn first, one per 15 m, so every
    tight stretch shows its number without the map turning into a drawing of
    arrows.
    """
    limit = TIGHT_SHARE * width + 1e-6
    outline = scene.hall.shape.exterior
    # What can block a polygon stand's side, found by the line out from it: the union of
    # every stand made each look 11 ms (a 360-stand hall with 52 notched stands: 2.7 s).
    blocking = [outline, *(o.shape for o in scene.stands)]
    tree: STRtree | None = None
    found: list[tuple[float, tuple[float, float], tuple[float, float]]] = []
    boxes = boxes_of(scene.stands)
    for s, open_ in zip(scene.stands, scene.open, strict=True):
        sides = stand_sides(s)
        for i in sorted(open_):
            side = sides[i]
            if s.is_rect:
                gap, _ = gap_ahead(s, side.facing, scene.stands, outline, limit + 0.01, boxes)
            else:
                tree = STRtree(blocking) if tree is None else tree
                near = tree.query(ray_ahead(side, limit + 0.01))
                ahead = unary_union([blocking[k] for k in near.tolist()])
                gap = clear_ahead(side, ahead, limit + 0.01)
            if not 0 < gap <= limit:
                continue
            mx, my = side.midpoint
            dx, dy = side.normal
            found.append((gap, (mx, my), (mx + dx * gap, my + dy * gap)))
    found.sort()
    kept: list[tuple[float, float]] = []
    for gap, p, q in found:
        c = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
        if len(kept) >= MAX_DIMENSIONS or any(
            math.hypot(c[0] - k[0], c[1] - k[1]) < DIMENSION_SPACING_M for k in kept
        ):
            continue
        kept.append(c)
        ax.annotate(
            "",
            xy=q,
            xytext=p,
            arrowprops=dict(palette.DIMENSION_ARROW),
            zorder=8,
            gid="aisle-width",
        )
        vertical = abs(q[1] - p[1]) > abs(q[0] - p[0])
        ax.annotate(
            f"{gap:.1f} m",
            xy=c,
            xytext=(3, 0) if vertical else (0, 3),
            textcoords="offset points",
            fontsize=5,
            **FONT,
            color=palette.AISLE_DIM,
            rotation=90 if vertical else 0,
            ha="left" if vertical else "center",
            va="center" if vertical else "bottom",
            zorder=8,
        )


def _aisle_letters(ax: Axes, scene: HallScene, ppm: float, sheet: bool) -> None:
    """The aisle letters of the stand numbers, written in the aisles where visitors read them.

    A letter is drawn only where its spot is walkable floor (never on a stand),
    at a size the aisle's clear width allows.
    """
    space = scene.walkable
    if space.is_empty:
        return
    for mark in scene.aisles:
        if not space.contains(Point(mark.x, mark.y)):
            continue
        size = min(0.55 * mark.clear * ppm, 14.0 if sheet else 6.0)
        if size < 3.5:
            continue
        ax.text(
            mark.x,
            mark.y,
            mark.letter,
            fontsize=size,
            fontweight="bold",
            **FONT,
            color=palette.AISLE_LETTER,
            ha="center",
            va="center",
            rotation=0 if mark.along == "x" else 90,
            zorder=2,
            gid=f"aisle-letter:{mark.letter}",
        )


def _labels(
    ax: Axes, event: Event, scene: HallScene, fills: dict[str | None, Fill], sheet: bool
) -> list[KeyEntry]:
    fig = ax.figure
    assert isinstance(fig, Figure)
    renderer = renderer_of(fig)
    m = Measurer(renderer, fig.dpi)
    to_pt = 72.0 / fig.dpi
    keyed: list[KeyEntry] = []
    for s in scene.stands:
        req = event.request_by_id.get(s.request_id)
        name = req.name if req else s.request_id
        number = scene.numbers.get(s.request_id, "?")
        bx0, by0, bx1, by1 = s.bounds if s.is_rect else inscribed_box(s.shape)
        (px0, py0), (px1, py1) = ax.transData.transform([(bx0, by0), (bx1, by1)])
        box = text_box(Bbox.from_extents(px0, py0, px1, py1), fig.dpi)
        label = plan_label(
            m,
            number,
            name,
            s.area,
            box.width * to_pt,
            box.height * to_pt,
            with_names=sheet,
            max_pt=13.0 if sheet else 5.5,
            dims=dims_text(s.width, s.depth) if sheet else "",
        )
        centre = ((bx0 + bx1) / 2, (by0 + by1) / 2)
        gid = f"label:{s.request_id}"
        fill = fill_for(fills, req.category if req else None)
        backdrop = fill.face if fill.hatch else None
        if label is not None:

            def redraw(
                lb: Label,
                c: tuple[float, float] = centre,
                g: str = gid,
                b: str | None = backdrop,
            ) -> list[Text]:
                return draw_label(ax, lb, c, g, backdrop=b)

            _, label = fit_check(redraw(label), label, box, renderer, redraw)
        if sheet and (label is None or not label.full_name):
            shown = ""
            if label is not None and len(label.lines) > 1 and "m²" not in label.lines[1].text:
                shown = label.lines[1].text
            keyed.append(KeyEntry(number, name, s.area, shown))
    return keyed


def _violations(ax: Axes, scene: HallScene, sheet: bool) -> list[tuple[str, ViolationLike]]:
    by_id = {s.request_id: s for s in scene.stands}
    by_number = {scene.numbers.get(s.request_id, ""): s for s in scene.stands}
    out: list[tuple[str, ViolationLike]] = []
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    for k, v in enumerate(scene.violations, start=1):
        tag = f"V{k}"
        gid = f"{GID_VIOLATION}:{tag}"
        out.append((tag, v))
        stands = [by_id.get(rid) or by_number.get(rid) for rid in v.stands]
        anchor: tuple[float, float] | None = None
        for s in stands:
            if s is None:
                continue
            ax.add_artist(
                MplPolygon(
                    np.asarray(s.shape.exterior.coords),
                    closed=True,
                    fill=False,
                    edgecolor=palette.VIOLATION,
                    linewidth=2.2 if sheet else 1.2,
                    zorder=20,
                    gid=gid,
                )
            )
            anchor = anchor or (s.x, s.y + s.depth)
        if v.at is not None and len(v.at) >= 2:
            anchor = (float(v.at[0]), float(v.at[1]))
            ax.plot(
                [anchor[0]],
                [anchor[1]],
                marker="o",
                markersize=11 if sheet else 6,
                markerfacecolor="none",
                markeredgecolor=palette.VIOLATION,
                markeredgewidth=2.0,
                zorder=21,
                gid=gid,
            )
            ax.plot(
                [anchor[0]],
                [anchor[1]],
                marker="x",
                markersize=6 if sheet else 3,
                color=palette.VIOLATION,
                markeredgewidth=1.6,
                zorder=21,
                gid=gid,
            )
        if anchor is not None:
            ax.annotate(
                tag,
                xy=anchor,
                xytext=(5, 5),
                textcoords="offset points",
                fontsize=8 if sheet else 5,
                fontweight="bold",
                **FONT,
                color=palette.VIOLATION,
                zorder=22,
                gid=gid,
                path_effects=halo,
            )
    return out


NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_length(span: float) -> float:
    """The round scale-bar length (1, 2, 2.5 or 5 x a power of ten) nearest a fifth of `span`."""
    target = span / 5
    base = 10.0 ** math.floor(math.log10(target))
    return min((step * base for step in NICE_STEPS), key=lambda v: (abs(v - target), v))


def draw_scale_bar(
    ax: Axes,
    limits: tuple[float, float, float, float],
    hall_bounds: tuple[float, float, float, float],
) -> None:
    hx0, hy0, hx1, _ = hall_bounds
    length = nice_length(hx1 - hx0)
    y = limits[1] + 0.35 * (hy0 - limits[1])
    h = 0.012 * (hx1 - hx0)
    x = hx0
    parts = 4
    for i in range(parts):
        ax.add_artist(
            Rectangle(
                (x + i * length / parts, y),
                length / parts,
                h,
                facecolor=palette.WALL if i % 2 == 0 else "white",
                edgecolor=palette.WALL,
                linewidth=0.6,
                zorder=9,
                gid="scale-bar",
            )
        )
    for value in (0.0, length / 2, length):
        ax.text(
            x + value,
            y + h * 1.6,
            f"{value:g}",
            fontsize=6.5,
            **FONT,
            ha="center",
            va="bottom",
            zorder=9,
        )
    ax.text(x + length + 0.6, y + h / 2, "m", fontsize=6.5, **FONT, va="center", zorder=9)


__all__ = ["MapResult", "draw_map", "draw_scale_bar", "map_limits", "nice_length"]
