"""A hall as an SVG document for the editor, drawn from the same scene as the PNG maps.

`render.scene.build_scene` decides what a map shows (stands, walkable aisles,
open sides, numbers, violations, aisle letters); the A3 sheets draw it with
matplotlib, this module writes it as SVG elements a browser can move. Colours
come from `render.palette` and stand labels from `render.labels.plan_label`,
measured at `PT_PER_M` points per metre (about an A3 sheet's scale), so a
stand shows the same number, name, size and area in both.

Coordinates are metres with y negated (SVG's y runs down, the hall's up).
Each stand is a `<g class="stand">` translated to its top-left corner, so the
page drags it by changing one transform. Labels carry `textLength`, so the
browser's font cannot make a fitted name spill out of its stand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from shapely import Point
from shapely.geometry.base import BaseGeometry

from floorplan.geometry import inscribed_box
from floorplan.model.event import Event
from floorplan.model.layout import Stand
from floorplan.model.venue import Exit, Hall
from floorplan.render import palette
from floorplan.render.hallmap import map_limits, nice_length
from floorplan.render.labels import (
    LINE_PITCH,
    MIN_PAD_PT,
    PAD,
    Label,
    Measurer,
    dims_text,
    plan_label,
)
from floorplan.render.palette import Fill, fill_for
from floorplan.render.scene import HallScene
from floorplan.render.shapes import polygons
from floorplan.render.verdict import ViolationLike, violation_text
from floorplan.sides import stand_sides

PT_PER_M = 10.0
"""Nominal scale at which labels are fitted (an 80 m hall on an A3 sheet is ~10 pt/m)."""
FONT_FAMILY = "'DejaVu Sans Condensed', 'DejaVu Sans', 'Arial Narrow', sans-serif"

_measurer: Measurer | None = None


def measurer() -> Measurer:
    """One text measurer per process: its cache makes the second drawing of a hall cheap."""
    global _measurer
    if _measurer is None:
        fig = Figure(dpi=72)
        renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
        _measurer = Measurer(renderer, 72.0)
    return _measurer


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") if value else "0"


def _attrs(**kwargs: Any) -> str:
    parts = []
    for key, value in kwargs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        text = _n(value) if isinstance(value, float) else str(value)
        parts.append(f'{name}="{escape(text, quote=True)}"')
    return " ".join(parts)


def path_data(geom: BaseGeometry) -> str:
    """SVG path data of polygons with holes (flip y), for fill-rule evenodd."""
    out = []
    for poly in polygons(geom):
        for ring in (poly.exterior, *poly.interiors):
            pts = np.asarray(ring.coords)
            out.append(
                "M" + " L".join(f"{_n(float(x))} {_n(-float(y))}" for x, y in pts[:-1]) + " Z"
            )
    return " ".join(out)


def hall_svg(event: Event, scene: HallScene, fills: dict[str | None, Fill]) -> str:
    """The hall's SVG document (a string), to scale in metres."""
    hall = scene.hall
    x0, y0, x1, y1 = map_limits(hall, "sheet")
    hx0, hy0, hx1, hy1 = hall.shape.bounds
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hall-map" '
        f"{_attrs(data_hall=hall.id, viewBox=f'{_n(x0)} {_n(-y1)} {_n(x1 - x0)} {_n(y1 - y0)}')} "
        f"{_attrs(data_bounds=f'{_n(hx0)} {_n(hy0)} {_n(hx1)} {_n(hy1)}')} "
        f'font-family="{FONT_FAMILY}" preserveAspectRatio="xMidYMid meet">',
        _defs(fills),
        f'<path class="floor" fill="{palette.FLOOR}" d="{path_data(hall.shape)}"/>',
        f'<path class="aisle" fill="{palette.AISLE}" fill-rule="evenodd" '
        f'd="{path_data(scene.walkable)}"/>',
        _exit_zones(event, hall),
        _aisle_letters(scene),
        _stands(event, scene, fills),
        _obstacles(hall),
        f'<path class="wall" fill="none" stroke="{palette.WALL}" stroke-width="0.3" '
        f'stroke-linejoin="miter" d="{path_data(hall.shape)}"/>',
        *(_door(hall, ex) for ex in hall.exits),
        _violations(scene),
        _scale_bar((x0, y0, x1, y1), hall.shape.bounds),
        "</svg>",
    ]
    return "\n".join(p for p in parts if p)


def _defs(fills: dict[str | None, Fill]) -> str:
    out = ["<defs>"]
    for i, fill in enumerate(fills.values()):
        if not fill.hatch:
            continue
        angle = {"/": 45, "\\": -45, "x": 45}.get(fill.hatch[0], 45)
        cross = '<line x1="0" y1="0" x2="1" y2="0" stroke="#FFFFFF" stroke-width="0.12"/>' * (
            fill.hatch[0] == "x"
        )
        out.append(
            f'<pattern id="fill-{i}" patternUnits="userSpaceOnUse" width="1" height="1" '
            f'patternTransform="rotate({angle})"><rect width="1" height="1" fill="{fill.face}"/>'
            f'<line x1="0" y1="0" x2="0" y2="1" stroke="{palette.HATCH_COLOUR}" '
            f'stroke-width="0.12"/>{cross}</pattern>'
        )
    out.append(
        '<pattern id="obstacle-hatch" patternUnits="userSpaceOnUse" width="0.5" height="0.5" '
        f'patternTransform="rotate(45)"><rect width="0.5" height="0.5" '
        f'fill="{palette.OBSTACLE_FILL}"/><line x1="0" y1="0" x2="0" y2="0.5" '
        f'stroke="{palette.OBSTACLE_HATCH}" stroke-width="0.06"/></pattern>'
    )
    out.append("</defs>")
    return "".join(out)


def _fill_ref(fills: dict[str | None, Fill], fill: Fill) -> str:
    if not fill.hatch:
        return fill.face
    return f"url(#fill-{list(fills.values()).index(fill)})"


def _exit_zones(event: Event, hall: Hall) -> str:
    r = event.rules.exit_clearance_m
    if r <= 0:
        return ""
    out = ['<g class="exit-zones">']
    for ex in hall.exits:
        zone = ex.door(hall.shape).buffer(r).intersection(hall.shape)
        out.append(
            f'<path fill="{palette.EXIT_ZONE}" stroke="{palette.EXIT}" stroke-width="0.08" '
            f'stroke-dasharray="0.4 0.25" d="{path_data(zone)}"><title>exit clearance '
            f"{r:g} m of {escape(ex.id)}</title></path>"
        )
    out.append("</g>")
    return "".join(out)


def _aisle_letters(scene: HallScene) -> str:
    out = ['<g class="aisle-letters">']
    space = scene.walkable
    for mark in scene.aisles:
        if space.is_empty or not space.contains(Point(mark.x, mark.y)):
            continue
        size = min(0.55 * mark.clear, 1.4)
        turn = f' transform="rotate(-90 {_n(mark.x)} {_n(-mark.y)})"' if mark.along == "y" else ""
        out.append(
            f'<text class="aisle-letter" x="{_n(mark.x)}" y="{_n(-mark.y)}" '
            f'font-size="{_n(size)}" font-weight="bold" fill="{palette.AISLE_LETTER}" '
            f'text-anchor="middle" dominant-baseline="central"{turn}>{escape(mark.letter)}</text>'
        )
    out.append("</g>")
    return "".join(out)


def _stands(event: Event, scene: HallScene, fills: dict[str | None, Fill]) -> str:
    out = ['<g class="stands">']
    for s, open_ in zip(scene.stands, scene.open, strict=True):
        out.append(stand_svg(event, s, scene.numbers.get(s.request_id, ""), fills, open_))
    out.append("</g>")
    return "".join(out)


def stand_svg(
    event: Event,
    s: Stand,
    number: str,
    fills: dict[str | None, Fill],
    open_: frozenset[int] | None = None,
) -> str:
    """One stand's `<g class="stand">`; `open_` None (not known yet) draws no partition walls."""
    out: list[str] = []
    m = measurer()
    req = event.request_by_id.get(s.request_id)
    fill = fill_for(fills, req.category if req else None)
    name = req.name if req else s.request_id
    out.append(
        f'<g class="stand{" locked" if s.locked else ""}" '
        + _attrs(
            data_request_id=s.request_id,
            data_hall=s.hall,
            data_number=number,
            data_locked="true" if s.locked else "false",
            data_x=float(s.x),
            data_y=float(s.y),
            data_width=float(s.width),
            data_depth=float(s.depth),
            transform=f"translate({_n(s.x)} {_n(-(s.y + s.depth))})",
        )
        + ">"
    )
    sides = stand_sides(s)
    if s.is_rect:
        out.append(
            f'<rect class="stand-body" width="{_n(s.width)}" height="{_n(s.depth)}" '
            f'fill="{_fill_ref(fills, fill)}" stroke="{palette.STAND_EDGE}" stroke-width="0.05"/>'
        )
    else:
        pts = " ".join(f"{_n(a[0] - s.x)},{_n(s.y + s.depth - a[1])}" for a in (q.a for q in sides))
        out.append(
            f'<polygon class="stand-body" points="{pts}" fill="{_fill_ref(fills, fill)}" '
            f'stroke="{palette.STAND_EDGE}" stroke-width="0.05"/>'
        )
    closed = [q for i, q in enumerate(sides) if open_ is not None and i not in open_]
    if closed:
        d = " ".join(
            f"M{_n(q.a[0] - s.x)} {_n(s.y + s.depth - q.a[1])} "
            f"L{_n(q.b[0] - s.x)} {_n(s.y + s.depth - q.b[1])}"
            for q in closed
        )
        out.append(
            f'<path class="closed-sides" d="{d}" stroke="{palette.CLOSED_SIDE}" '
            'stroke-width="0.16" stroke-linecap="square" fill="none"/>'
        )
    out.append(_label(m, s, number, name, fill))
    if s.locked:
        # A padlock in the top right corner, drawn (no emoji font needed).
        k = min(1.2, 0.2 * min(s.width, s.depth))
        out.append(
            f'<g class="lock-mark" transform="translate({_n(s.width - 0.2 - k)} 0.2) '
            f'scale({_n(k)})"><path d="M0.22 0.48 V0.32 A0.28 0.28 0 0 1 0.78 0.32 V0.48" '
            f'fill="none" stroke="{palette.WALL}" stroke-width="0.13"/><rect x="0.05" y="0.45" '
            f'width="0.9" height="0.55" rx="0.08" fill="{palette.WALL}"/></g>'
        )
    out.append(f"<title>{escape(number)} {escape(name)}</title></g>")
    return "".join(out)


def _label(m: Measurer, s: Stand, number: str, name: str, fill: Fill) -> str:
    # A stand notched round a column is labelled inside its largest rectangle, as on the
    # printed map: centred on the bounding box, the number sat under the column's notch.
    bx0, by0, bx1, by1 = s.bounds if s.is_rect else inscribed_box(s.shape)
    w_pt, h_pt = (bx1 - bx0) * PT_PER_M, (by1 - by0) * PT_PER_M
    pad = max(MIN_PAD_PT, PAD * min(w_pt, h_pt))
    label = plan_label(
        m,
        number,
        name,
        s.area,
        w_pt - 2 * pad,
        h_pt - 2 * pad,
        with_names=True,
        dims=dims_text(s.width, s.depth),
    )
    if label is None:
        return ""
    # Stand-local coordinates, y down from the stand's top edge.
    cx, cy = (bx0 + bx1) / 2 - s.x, s.y + s.depth - (by0 + by1) / 2
    return _label_svg(m, label, cx, cy, fill.face if fill.hatch else None)


def _label_svg(m: Measurer, label: Label, cx: float, cy: float, backdrop: str | None) -> str:
    sizes = [ln.scale * label.size for ln in label.lines]
    pitch = [z * LINE_PITCH for z in sizes]
    y = sum(pitch) / 2
    out = ['<g class="label">']
    for ln, z, p in zip(label.lines, sizes, pitch, strict=True):
        off = (y - p / 2) / PT_PER_M
        y -= p
        width = m.width(ln.text, ln.bold, z) / PT_PER_M
        tx, ty = (cx - off, cy) if label.rotation else (cx, cy - off)
        turn = f' transform="rotate(-90 {_n(tx)} {_n(ty)})"' if label.rotation else ""
        size_m = z / PT_PER_M
        if backdrop is not None:
            out.append(
                f'<rect class="label-backdrop" x="{_n(tx - width / 2 - 0.05)}" '
                f'y="{_n(ty - 0.6 * size_m)}" width="{_n(width + 0.1)}" '
                f'height="{_n(1.2 * size_m)}" fill="{backdrop}"{turn}/>'
            )
        weight = ' font-weight="bold"' if ln.bold else ""
        out.append(
            f'<text x="{_n(tx)}" y="{_n(ty)}" font-size="{_n(size_m)}"{weight} '
            f'fill="{palette.TEXT}" text-anchor="middle" dominant-baseline="central" '
            f'textLength="{_n(width)}" lengthAdjust="spacingAndGlyphs"{turn}>'
            f"{escape(ln.text)}</text>"
        )
    out.append("</g>")
    return "".join(out)


def _obstacles(hall: Hall) -> str:
    shapes = [(c, "") for c in hall.column_shapes] + [(k.shape, k.reason) for k in hall.keep_out]
    out = ['<g class="obstacles">']
    for poly, reason in shapes:
        title = f"<title>{escape(reason)}</title>" if reason else ""
        out.append(
            f'<path fill="url(#obstacle-hatch)" stroke="{palette.OBSTACLE_HATCH}" '
            f'stroke-width="0.06" d="{path_data(poly)}">{title}</path>'
        )
    out.append("</g>")
    return "".join(out)


def _door(hall: Hall, ex: Exit) -> str:
    coords = np.asarray(ex.door(hall.shape).coords)
    a, b = coords[0], coords[-1]
    mid = coords[len(coords) // 2]
    span = float(np.hypot(*(b - a)))
    if span < 1e-9:
        return ""
    t = (b - a) / span
    n = np.array([-t[1], t[0]])
    if hall.shape.contains(Point(*(mid + 0.05 * n))):
        n = -n
    colour = palette.ENTRANCE if ex.kind == "entrance" else palette.EXIT
    half = span / 2
    leaves = []
    for hinge, sign in ((a, 1.0), (b, -1.0)):
        tip = hinge + n * half
        end = hinge + sign * t * half
        # The swing from the open leaf back to the closed position along the wall.
        cross = float(n[0] * t[1] - n[1] * t[0]) * sign
        sweep = 1 if cross > 0 else 0
        leaves.append(
            f"M{_n(float(hinge[0]))} {_n(-float(hinge[1]))} L{_n(float(tip[0]))} "
            f"{_n(-float(tip[1]))} A{_n(half)} {_n(half)} 0 0 {sweep} "
            f"{_n(float(end[0]))} {_n(-float(end[1]))}"
        )
    label = f"{ex.id} {ex.width:g} m"
    if ex.kind == "entrance":
        label = f"ENTRANCE {label}"
    pos = mid + n * (half + 0.6)
    vertical = abs(n[0]) > abs(n[1])
    anchor = ("start" if n[0] > 0 else "end") if vertical else "middle"
    turn = f' transform="rotate(-90 {_n(float(pos[0]))} {_n(-float(pos[1]))})"' if vertical else ""
    if vertical:
        anchor = "middle"
    baseline = "central" if vertical else ("auto" if n[1] > 0 else "hanging")
    return (
        f'<g class="door {ex.kind}" data-exit="{escape(ex.id)}">'
        f'<path d="M{_n(float(a[0]))} {_n(-float(a[1]))} L{_n(float(b[0]))} {_n(-float(b[1]))}" '
        f'stroke="{colour}" stroke-width="0.4" fill="none"/>'
        f'<path d="{" ".join(leaves)}" stroke="{colour}" stroke-width="0.08" fill="none"/>'
        f'<text x="{_n(float(pos[0]))}" y="{_n(-float(pos[1]))}" font-size="1.1" '
        f'font-weight="bold" fill="{colour}" text-anchor="{anchor}" '
        f'dominant-baseline="{baseline}"{turn}>{escape(label)}</text></g>'
    )


def _violations(scene: HallScene) -> str:
    return violations_svg(scene.stands, scene.numbers, scene.violations)


def violations_svg(
    stands: Sequence[Stand], numbers: Mapping[str, str], violations: Sequence[ViolationLike]
) -> str:
    """The `<g class="violations">` layer: each finding red at its place, tagged V1, V2, ..."""
    by_id = {s.request_id: s for s in stands}
    by_number = {numbers.get(s.request_id, ""): s for s in stands}
    out = ['<g class="violations">']
    for k, v in enumerate(violations, start=1):
        tag = f"V{k}"
        text = violation_text(v)
        out.append(
            '<g class="violation" '
            + _attrs(data_rule=v.rule, data_stands=" ".join(v.stands), data_tag=tag)
            + f"><title>{escape(tag)}: {escape(text)}</title>"
        )
        anchor: tuple[float, float] | None = None
        for rid in v.stands:
            s = by_id.get(rid) or by_number.get(rid)
            if s is None:
                continue
            out.append(
                f'<rect x="{_n(s.x)}" y="{_n(-(s.y + s.depth))}" width="{_n(s.width)}" '
                f'height="{_n(s.depth)}" fill="none" stroke="{palette.VIOLATION}" '
                'stroke-width="0.3"/>'
            )
            anchor = anchor or (s.x, s.y + s.depth)
        if v.at is not None and len(v.at) >= 2:
            anchor = (float(v.at[0]), float(v.at[1]))
            out.append(
                f'<circle cx="{_n(anchor[0])}" cy="{_n(-anchor[1])}" r="0.9" fill="none" '
                f'stroke="{palette.VIOLATION}" stroke-width="0.25"/>'
            )
        if anchor is not None:
            out.append(
                f'<text x="{_n(anchor[0] + 0.4)}" y="{_n(-anchor[1] - 0.4)}" font-size="1.4" '
                f'font-weight="bold" fill="{palette.VIOLATION}" stroke="white" '
                f'stroke-width="0.25" paint-order="stroke">{tag}</text>'
            )
        out.append("</g>")
    out.append("</g>")
    return "".join(out)


def _scale_bar(
    limits: tuple[float, float, float, float], bounds: tuple[float, float, float, float]
) -> str:
    hx0, hy0, hx1, _ = bounds
    length = nice_length(hx1 - hx0)
    y = limits[1] + 0.35 * (hy0 - limits[1])
    h = 0.012 * (hx1 - hx0)
    parts = 4
    out = [f'<g class="scale-bar" data-length-m="{_n(length)}">']
    for i in range(parts):
        colour = palette.WALL if i % 2 == 0 else "white"
        out.append(
            f'<rect x="{_n(hx0 + i * length / parts)}" y="{_n(-(y + h))}" '
            f'width="{_n(length / parts)}" height="{_n(h)}" fill="{colour}" '
            f'stroke="{palette.WALL}" stroke-width="0.06"/>'
        )
    size = max(0.8, 1.6 * h)
    for value in (0.0, length / 2, length):
        out.append(
            f'<text x="{_n(hx0 + value)}" y="{_n(-(y + h * 1.6))}" font-size="{_n(size)}" '
            f'text-anchor="middle">{value:g}</text>'
        )
    out.append(
        f'<text x="{_n(hx0 + length + 0.6)}" y="{_n(-(y + h / 2))}" font-size="{_n(size)}" '
        'dominant-baseline="central">m</text></g>'
    )
    return "".join(out)


__all__ = ["PT_PER_M", "hall_svg", "path_data", "stand_svg", "violations_svg"]
