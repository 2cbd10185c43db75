"""Halls and layouts as DXF drawings that CAD users and `import-dxf` both read.

The halls go on the layers `import-dxf` reads by default, so a planner's
export is also a venue drawing. Several halls are laid side by side along x:
hall i's own origin sits at (`offset_i`, 0), `HALL_GAP_M` after the previous
hall's right edge, and import moves each hall back to its own origin.
Layout layers (stands, aisles, exit clearances) are ones import skips.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ezdxf import const
from ezdxf import units as dxf_units
from ezdxf.document import Drawing
from ezdxf.enums import TextEntityAlignment
from ezdxf.filemanagement import new as new_dxf
from shapely import LineString, Point, Polygon, unary_union
from shapely.geometry.base import BaseGeometry

from floorplan.cad.layers import (
    AISLE_LAYER,
    CLEARANCE_LAYER,
    COLUMN_LAYER,
    ENTRANCE_LAYER,
    EXIT_LAYER,
    HALL_LAYER,
    KEEPOUT_LAYER,
    stand_layer,
)
from floorplan.geometry import inscribed_box
from floorplan.io.save import atomic_write
from floorplan.model.event import Event
from floorplan.model.layout import Layout, Stand
from floorplan.model.venue import Hall, Venue, column_shape

Warn = Callable[[str], None]

HALL_GAP_M = 20.0
"""Space between neighbouring halls in an export."""
DXF_VERSION = "R2013"
"""Old enough for every common viewer, new enough for UTF-8 exhibitor names."""

_LAYERS: dict[str, tuple[int, int]] = {
    # name: (AutoCAD colour index, lineweight in 1/100 mm)
    HALL_LAYER: (7, 50),
    COLUMN_LAYER: (8, 25),
    KEEPOUT_LAYER: (1, 25),
    EXIT_LAYER: (3, 70),
    ENTRANCE_LAYER: (4, 70),
    AISLE_LAYER: (254, 13),
    CLEARANCE_LAYER: (2, 13),
}
_STAND_COLOURS = (5, 30, 140, 210, 6, 92, 40, 170, 12, 62)
_LABEL_H = 0.5
_EXIT_TEXT_INSET_M = 0.8


def _new_drawing() -> Drawing:
    doc = new_dxf(DXF_VERSION)
    doc.units = dxf_units.M
    doc.header["$INSUNITS"] = dxf_units.M
    doc.header["$MEASUREMENT"] = 1
    for name, (colour, weight) in _LAYERS.items():
        doc.layers.add(name, color=colour, lineweight=weight)
    return doc


def hall_offsets(halls: Sequence[Hall]) -> dict[str, float]:
    """Where each hall's own origin goes along x: left to right with a gap between."""
    offsets: dict[str, float] = {}
    cursor = 0.0
    for hall in halls:
        minx, _, maxx, _ = hall.shape.bounds
        offsets[hall.id] = cursor - minx
        cursor += (maxx - minx) + HALL_GAP_M
    return offsets


def _drawing_for(venue: Venue) -> Drawing:
    doc = _new_drawing()
    doc.header.custom_vars.append("floorplan_venue_id", venue.id)
    if venue.name:
        doc.header.custom_vars.append("floorplan_venue_name", venue.name)
    return doc


def venue_drawing(venue: Venue, halls: Sequence[Hall] | None = None) -> Drawing:
    """The halls alone: what `import-dxf` turns back into this venue."""
    doc = _drawing_for(venue)
    chosen = list(halls) if halls is not None else list(venue.halls)
    offsets = hall_offsets(chosen)
    for hall in chosen:
        _draw_hall(doc.modelspace(), hall, offsets[hall.id])
    return doc


def layout_drawing(event: Event, layout: Layout, warn: Warn | None = None) -> Drawing:
    """The event's halls with a layout's stands, aisles and exit clearances."""
    say = warn or _default_warn
    halls = list(event.hall_models)
    offsets = hall_offsets(halls)
    doc = _drawing_for(event.venue)
    doc.header.custom_vars.append("floorplan_event", event.name)
    msp = doc.modelspace()
    by_hall: dict[str, list[Stand]] = {h.id: [] for h in halls}
    for stand in layout.stands:
        if stand.hall in by_hall:
            by_hall[stand.hall].append(stand)
        else:
            say(f"stand {stand.request_id}: hall {stand.hall!r} is not in the event; not drawn")
    # Areas first: viewers draw in entity order, so walls and stands stay on top of them.
    for hall in halls:
        dx = offsets[hall.id]
        _draw_area(msp, _walkable(event, layout, hall, by_hall[hall.id]), AISLE_LAYER, dx)
        clearance = event.rules.exit_clearance_m
        if clearance > 0:
            for ex in hall.exits:
                zone = ex.door(hall.shape).buffer(clearance).intersection(hall.shape)
                _draw_area(msp, zone, CLEARANCE_LAYER, dx)
    for hall in halls:
        _draw_hall(msp, hall, offsets[hall.id])
    categories = sorted({r.category or "" for r in event.requests})
    colours = {c: _STAND_COLOURS[i % len(_STAND_COLOURS)] for i, c in enumerate(categories)}
    for hall in halls:
        for stand in by_hall[hall.id]:
            request = event.request_by_id.get(stand.request_id)
            category = request.category if request is not None else None
            layer = stand_layer(category)
            if layer not in doc.layers:
                doc.layers.add(layer, color=colours.get(category or "", 7), lineweight=35)
            name = request.name if request is not None else stand.request_id
            _draw_stand(msp, stand, layer, name, offsets[hall.id])
    return doc


def export_dxf(event: Event, layout: Layout, out: Path | str, warn: Warn | None = None) -> Drawing:
    """Write the layout drawing; a failed export leaves no partial file."""
    doc = layout_drawing(event, layout, warn)
    with atomic_write(out) as tmp:
        doc.saveas(tmp)
    return doc


def export_venue_dxf(venue: Venue, out: Path | str) -> Drawing:
    doc = venue_drawing(venue)
    with atomic_write(out) as tmp:
        doc.saveas(tmp)
    return doc


# --- halls --------------------------------------------------------------------------------


def hall_label(hall: Hall) -> str:
    """The text `import-dxf` parses back into this hall's id and name."""
    from floorplan.cad.dxf_import import slug

    if not hall.name and slug(hall.id) == hall.id:
        return hall.id
    if hall.name and hall.name != hall.id and slug(hall.name) == hall.id:
        return hall.name
    return f"{hall.name} ({hall.id})" if hall.name else f"({hall.id})"


def _draw_hall(msp: Any, hall: Hall, dx: float) -> None:
    outline = hall.shape
    msp.add_lwpolyline(_shifted(hall.outline, dx), close=True, dxfattribs={"layer": HALL_LAYER})
    texts = [hall_label(hall)]
    if hall.ceiling_height_m is not None:
        texts.append(f"ceiling {hall.ceiling_height_m:g} m")
    if hall.floor_load_kn_m2 is not None:
        texts.append(f"floor load {hall.floor_load_kn_m2:g} kN/m2")
    corner = _label_corner(outline, len(texts))
    for i, text in enumerate(texts):
        height = _LABEL_H * (2.0 if i == 0 else 1.0)
        y = corner[1] + (len(texts) - 1 - i) * 1.6 * _LABEL_H
        _text(msp, text, (corner[0] + dx, y), height, HALL_LAYER, TextEntityAlignment.LEFT)
    for column in hall.columns:
        ring = list(column_shape(column).exterior.coords)[:-1]
        msp.add_lwpolyline(_shifted(ring, dx), close=True, dxfattribs={"layer": COLUMN_LAYER})
    for keep in hall.keep_out:
        msp.add_lwpolyline(
            _shifted(keep.polygon, dx), close=True, dxfattribs={"layer": KEEPOUT_LAYER}
        )
        if keep.reason:
            inside = keep.shape.representative_point()
            size = min(0.3, _fit(keep.reason, keep.shape.bounds[2] - keep.shape.bounds[0]))
            _text(msp, keep.reason, (inside.x + dx, inside.y), size, KEEPOUT_LAYER)
    for ex in hall.exits:
        layer = ENTRANCE_LAYER if ex.kind == "entrance" else EXIT_LAYER
        door = ex.door(outline)
        coords = _door_coords(door)
        if len(coords) == 2:
            msp.add_line(_shift(coords[0], dx), _shift(coords[1], dx), dxfattribs={"layer": layer})
        else:
            msp.add_lwpolyline(_shifted(coords, dx), dxfattribs={"layer": layer})
        label = _inward(outline, ex.at, _EXIT_TEXT_INSET_M)
        _text(msp, ex.id, (label[0] + dx, label[1]), _LABEL_H, layer)


def _label_corner(outline: Polygon, lines: int) -> tuple[float, float]:
    """Inside the hall near its lower-left, where a title block usually goes."""
    minx, miny, _, _ = outline.bounds
    candidate = (minx + 1.0, miny + 1.0 + 0.5)
    top = (candidate[0], candidate[1] + lines * 1.6 * _LABEL_H)
    if outline.contains(Point(candidate)) and outline.contains(Point(top)):
        return candidate
    p = outline.representative_point()
    return (float(p.x), float(p.y))


def _door_coords(door: LineString) -> list[tuple[float, float]]:
    """The door's corners: two ends when it is straight, more when it turns a corner."""
    pts = [(float(x), float(y)) for x, y in door.coords]
    out = [pts[0]]
    for prev, here, nxt in zip(pts, pts[1:], pts[2:], strict=False):
        cross = (here[0] - prev[0]) * (nxt[1] - here[1]) - (here[1] - prev[1]) * (nxt[0] - here[0])
        if abs(cross) > 1e-9:
            out.append(here)
    out.append(pts[-1])
    return out


def _inward(outline: Polygon, at: tuple[float, float], distance: float) -> tuple[float, float]:
    """A point `distance` inside the hall from a point on its wall."""
    for dxu, dyu in ((0, 1), (0, -1), (1, 0), (-1, 0), (0.7, 0.7), (-0.7, 0.7), (0.7, -0.7)):
        p = (at[0] + dxu * distance, at[1] + dyu * distance)
        if outline.contains(Point(p)):
            return p
    return at


# --- layout -------------------------------------------------------------------------------


def _walkable(event: Event, layout: Layout, hall: Hall, stands: list[Stand]) -> BaseGeometry:
    """The validator's walkable space when it offers one, else hall minus stands and obstacles."""
    try:
        module = importlib.import_module("floorplan.validate")
    except ImportError:
        module = None
    func = getattr(module, "walkable_space", None)
    if callable(func):
        found = func(event, layout, hall.id)
        if isinstance(found, BaseGeometry):
            return found
    blocked = unary_union([s.shape for s in stands] + list(hall.obstacles))
    return hall.shape.difference(blocked)


def _polygons(geometry: BaseGeometry) -> Iterable[Polygon]:
    if isinstance(geometry, Polygon):
        if not geometry.is_empty and geometry.area > 1e-9:
            yield geometry
        return
    for part in getattr(geometry, "geoms", ()):
        yield from _polygons(part)


def _draw_area(msp: Any, geometry: BaseGeometry, layer: str, dx: float) -> None:
    """An area as a light solid hatch (holes kept) with its boundary rings as polylines."""
    for polygon in _polygons(geometry):
        hatch = msp.add_hatch(color=const.BYLAYER, dxfattribs={"layer": layer})
        hatch.transparency = 0.6
        rings = [polygon.exterior, *polygon.interiors]
        for i, ring in enumerate(rings):
            coords = _shifted(list(ring.coords)[:-1], dx)
            flags = const.BOUNDARY_PATH_EXTERNAL if i == 0 else const.BOUNDARY_PATH_DEFAULT
            hatch.paths.add_polyline_path(coords, is_closed=True, flags=flags)
            msp.add_lwpolyline(coords, close=True, dxfattribs={"layer": layer})


def _draw_stand(msp: Any, stand: Stand, layer: str, name: str, dx: float) -> None:
    """The outline as a closed polyline (a rectangle's four corners, or the polygon's),
    number and name centred in the largest rectangle inside it."""
    if stand.polygon is None:
        x, y, w, d = stand.x, stand.y, stand.width, stand.depth
        corners = [(x, y), (x + w, y), (x + w, y + d), (x, y + d)]
        x0, y0, x1, y1 = x, y, x + w, y + d
    else:
        corners = [(float(px), float(py)) for px, py in stand.polygon]
        x0, y0, x1, y1 = inscribed_box(stand.shape)
    msp.add_lwpolyline(_shifted(corners, dx), close=True, dxfattribs={"layer": layer})
    number = stand.number or stand.request_id
    w, d = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 + dx, (y0 + y1) / 2
    h_number = min(max(0.2 * min(w, d), 0.25), 1.0, _fit(number, w))
    h_name = min(0.7 * h_number, _fit(name, w))
    _text(msp, number, (cx, cy + 0.6 * h_number), h_number, layer)
    _text(msp, name, (cx, cy - 0.7 * h_name), h_name, layer)


def _fit(text: str, width: float) -> float:
    """A text height that keeps `text` within 90% of `width` (about 0.6 h per character)."""
    return max(0.05, 0.9 * width / (0.6 * max(len(text), 1)))


def _text(
    msp: Any,
    text: str,
    at: tuple[float, float],
    height: float,
    layer: str,
    align: TextEntityAlignment = TextEntityAlignment.MIDDLE_CENTER,
) -> None:
    entity = msp.add_text(text, height=height, dxfattribs={"layer": layer})
    entity.set_placement(at, align=align)


def _shift(p: Sequence[float], dx: float) -> tuple[float, float]:
    return (float(p[0]) + dx, float(p[1]))


def _shifted(points: Iterable[Sequence[float]], dx: float) -> list[tuple[float, float]]:
    return [_shift(p, dx) for p in points]


def _default_warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


__all__ = [
    "HALL_GAP_M",
    "export_dxf",
    "export_venue_dxf",
    "hall_label",
    "hall_offsets",
    "layout_drawing",
    "venue_drawing",
]
