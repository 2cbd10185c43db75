"""A venue from a DXF hall plan: outlines, columns, keep-outs and exits by layer.

The drawing is read into metres (`drawing.py`), outlines are closed
(`outlines.py`), then every column, keep-out, door and text is given to the
hall it lies in. Each hall is moved so that its bounding box starts at
(0, 0): the contract's hall coordinates, whatever the drawing's origin.
The result is parsed by the same `Venue` model as a hand-written file, so a
drawing that would give an invalid venue fails here, not in the solver.
With `--layout` the stands are read too (`stands.py`).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from shapely import LineString, MultiPoint, Point, Polygon, make_valid, unary_union

from floorplan.cad.drawing import (
    DoorMark,
    DrawingContent,
    Label,
    Shape,
    Source,
    drawing_units,
    open_drawing,
    read_content,
)
from floorplan.cad.layers import (
    DEFAULT_LAYER_MAP,
    LayerMap,
    keep_out_reason_from_layer,
)
from floorplan.cad.outlines import JOIN_TOLERANCE_M, ChainProblem, Piece, Pt, chain
from floorplan.cad.stands import UnclaimedStand, read_stands
from floorplan.cad.units import Units
from floorplan.cad.venue_yaml import Flow, FlowMap, dump, metres, point
from floorplan.io.errors import InputError, capped, display, first, yaml_errors
from floorplan.io.load import load_event
from floorplan.io.save import atomic_write, layout_json
from floorplan.model.layout import Layout
from floorplan.model.venue import Venue, why_invalid

Warn = Callable[[str], None]

MAX_WALL_M = 1.0
"""No wall is thicker: a closed shape on an exits layer deeper than this is no opening."""
MIN_DOOR_M = 0.5
"""No door is narrower: a WIDTH attribute that says less was typed in another unit."""
MIN_HALL_M = 5.0
"""An outline less than 5 m across is no exhibition hall: the drawing's units are wrong (a
plan drawn in metres whose header says millimetres)."""
EXIT_SNAP_M = 0.5
"""A door drawn up to 50 cm off the outline (on the inner face of a wall) is moved onto it."""
EXIT_LABEL_M = 3.0
"""An exit id text belongs to the nearest door within 3 m."""
KEEP_OUT_LABEL_M = 1.0
"""A reason text belongs to the keep-out it lies in, or the nearest one within 1 m."""
_OVERLAP_M2 = 1e-6
_NAME_AND_ID = re.compile(r"^(.*?)\s*\(([A-Za-z0-9_-]{1,64})\)$")
_CEILING = re.compile(
    r"^(?:max(?:imum)?\.?\s*)?(?:ceiling|clear|headroom)(?:\s+height)?\s*[:=]?\s*(\d+(?:[.,]\d+)?)\s*m$",
    re.IGNORECASE,
)
"""`ceiling 12 m`, `Ceiling height: 12,5 m`, `clear height 16 m`."""
_FLOOR_LOAD = re.compile(
    r"^(?:max(?:imum)?\.?\s*)?floor\s+load(?:ing)?\s*[:=]?\s*(\d+(?:[.,]\d+)?)\s*"
    r"(kN\s*/\s*m(?:2|²|\^2)|kPa|t\s*/\s*m(?:2|²|\^2))$",
    re.IGNORECASE,
)
"""`floor load 20 kN/m2`, `max. floor load: 15 kPa`, `floor loading 5 t/m²` (x 9.81)."""
_MEASURE = re.compile(
    r"^(?:(?:gross|net)?\s*(?:floor\s*)?area\s*[:=]?\s*)?"
    r"(?:\d[\d.,' ]*\s*(?:m\s*(?:2|²|\^2)|sq\.?\s*m|sqm|ft\s*(?:2|²)|sq\.?\s*ft|sqft)"
    r"|\d+(?:[.,]\d+)?\s*[x×]\s*\d+(?:[.,]\d+)?\s*m?)$",
    re.IGNORECASE,
)
"""`2,400 m²`, `Area: 6080 sqm`, `80 x 76 m`: what a hall measures, never its name (title
blocks letter the area larger than the name)."""
KN_PER_TONNE = 9.80665


@dataclass
class _Exit:
    at: Pt
    width: float
    kind: str
    mark: DoorMark
    id: str = ""
    position: float = 0.0


@dataclass
class _Hall:
    polygon: Polygon
    sources: tuple[str, ...]
    id: str = ""
    name: str = ""
    ceiling_height_m: float | None = None
    floor_load_kn_m2: float | None = None
    columns: list[Polygon] = field(default_factory=lambda: [])
    keep_outs: list[tuple[Polygon, str]] = field(default_factory=lambda: [])
    exits: list[_Exit] = field(default_factory=lambda: [])
    turn_deg: float = 0.0
    """How far the hall's walls run off the drawing's axes (a building drawn in site
    coordinates): the venue has it turned back, its walls along x and y."""

    def local(self) -> Callable[[Pt], Pt]:
        """Drawing coordinates (metres) to the hall's own: turned back by `turn_deg`,
        origin at the lower-left of the turned outline's bounding box."""
        a = -math.radians(self.turn_deg)
        c, s = math.cos(a), math.sin(a)
        xs, ys = zip(*self.polygon.exterior.coords, strict=True)
        ox = min(c * x - s * y for x, y in zip(xs, ys, strict=True))
        oy = min(s * x + c * y for x, y in zip(xs, ys, strict=True))
        return lambda p: (c * p[0] - s * p[1] - ox, s * p[0] + c * p[1] - oy)


@dataclass(frozen=True)
class ImportedVenue:
    venue: Venue
    yaml: str
    units: Units


def _default_warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def read_dxf_venue(
    path: Path | str,
    layer_map: LayerMap = DEFAULT_LAYER_MAP,
    units: Units | None = None,
    warn: Warn | None = None,
) -> ImportedVenue:
    """Read a hall plan; `InputError` when it holds no usable hall, warnings for the rest."""
    return _read_venue(Path(path), layer_map, units, warn)[0]


@dataclass(frozen=True)
class ImportedPlan:
    venue: ImportedVenue
    layout: Layout
    unclaimed: tuple[UnclaimedStand, ...]


def read_dxf_plan(
    path: Path | str,
    event_path: Path | str,
    layer_map: LayerMap = DEFAULT_LAYER_MAP,
    units: Units | None = None,
    warn: Warn | None = None,
) -> ImportedPlan:
    """Read a hall plan with its stands, matched to the requests of an event (`--layout`)."""
    path = Path(path)
    say = warn or _default_warn
    imported, halls, drawing = _read_venue(path, layer_map, units, warn)
    event = load_event(event_path, say, venue=imported.venue)
    layout, unclaimed = read_stands(
        drawing,
        [(h.id, h.polygon) for h in halls],
        {h.id: h.local() for h in halls},
        event,
        path,
        lambda message: say(f"{display(path)}: {message}"),
    )
    return ImportedPlan(imported, layout, unclaimed)


def _read_venue(
    path: Path, layer_map: LayerMap, units: Units | None, warn: Warn | None
) -> tuple[ImportedVenue, list[_Hall], DrawingContent]:
    say = warn or _default_warn

    def note(message: str) -> None:
        say(f"{display(path)}: {message}")

    doc = open_drawing(path)
    drawing = read_content(doc, drawing_units(doc, path, units, say), layer_map)
    declared = units is None
    halls = _halls(drawing, path, layer_map, note)
    _label_halls(halls, drawing.hall_labels, note, path)
    keep_outs = _keep_outs_with_reasons(drawing, note)
    _place_columns(halls, drawing.columns, note)
    _place_keep_outs(halls, keep_outs, note)
    _place_exits(halls, drawing, layer_map, note)
    for message in drawing.ignored.messages():
        note(message)
    missing = [h.id for h in halls if not h.exits]
    if missing:
        layers = ", ".join(layer_map.patterns("exits"))
        raise InputError.one(
            path,
            f"hall(s) {', '.join(missing)} have no exit: draw each door as a line along the "
            f"outline (or a door block) on layer {layers}",
        )
    for hall in halls:
        hall.turn_deg = _turn(hall.polygon)
        if hall.turn_deg:
            note(
                f"{hall.id}: its walls run {hall.turn_deg:+.2f} degrees off the drawing's axes "
                "(site coordinates?): the venue has it turned back, walls along x and y, so "
                "that stands stand square to them"
            )
    if doubt := _units_doubt(halls, drawing.units):
        if declared:
            raise InputError.one(path, f"{doubt}; say which with --units mm|cm|m|in|ft")
        note(doubt)
    elif narrow := _narrow_doors(halls):
        note(narrow)
    data = _venue_data(halls, drawing, path)
    try:
        venue = Venue.model_validate(data)
    except ValidationError as exc:
        raise yaml_errors(path, exc, data) from None
    header = (
        f"Imported by `floorplan import-dxf` from {path.name} "
        f"(drawing units: {drawing.units.name.lower()}).\n"
        "Metres; each hall in its own coordinates, origin at its bounding box's lower-left."
    )
    imported = ImportedVenue(venue=venue, yaml=dump(data, header), units=drawing.units)
    return imported, halls, drawing


TURN_MIN_DEG = 0.5
"""Walls running off the drawing's axes by less than this are drawn square (or a slanted
wall of a square hall): the hall is read as drawn."""

TURN_SHARE = 0.5
"""The share of a hall's walls that must run in one direction (or square to it) for the
hall to be turned so that they run along x and y."""


def _turn(outline: Polygon) -> float:
    """Degrees in (-45, 45] the hall's walls run off the drawing's axes: the direction
    (modulo 90) most of its wall length runs in, 0 when that is within `TURN_MIN_DEG` of
    the axes or holds less than `TURN_SHARE` of the walls (a hall of many directions, or
    a square hall with a diagonal wall, is read as drawn)."""
    walls = []
    for (x0, y0), (x1, y1) in itertools.pairwise(outline.exterior.coords):
        angle = math.degrees(math.atan2(y1 - y0, x1 - x0)) % 90.0
        walls.append((angle if angle <= 45.0 else angle - 90.0, math.hypot(x1 - x0, y1 - y0)))
    lengths: dict[float, float] = {}
    for angle, length in walls:
        lengths[round(angle, 1)] = lengths.get(round(angle, 1), 0.0) + length
    key, most = max(lengths.items(), key=lambda kv: kv[1])
    if abs(key) < TURN_MIN_DEG or most < TURN_SHARE * outline.exterior.length:
        return 0.0
    # The walls of that direction, their angles weighed by their lengths.
    along = [(angle, length) for angle, length in walls if round(angle, 1) == key]
    return sum(a * w for a, w in along) / sum(w for _, w in along)


NARROWEST_DOOR_M = 0.5
"""No exit of a hall is narrower: a plan whose doors all are was read in the wrong units
(a drawing in centimetres whose template says millimetres: a 120 x 80 m hall read as
12 x 8 m, its doors 0.24 m wide)."""


SMALLEST_HALL_M = 25.0
"""A hall whose every side is shorter, with doors all too narrow, was read in the wrong
units (ten times too small); a meeting room of that size with proper doors is not."""


def _units_doubt(halls: list[_Hall], units: Units) -> str | None:
    """Why the drawing's units look wrong, or None: every door narrower than a person and
    every hall small."""
    widths = [door.width for hall in halls for door in hall.exits]
    if not widths or max(widths) >= NARROWEST_DOOR_M:
        return None
    sizes = [_extent(hall.polygon) for hall in halls]
    if max(max(size) for size in sizes) >= SMALLEST_HALL_M:
        return None
    w, d = sizes[0]
    return (
        f"read in {units.name.lower()}, every door is narrower than {NARROWEST_DOOR_M} m "
        f"({min(widths):.2f}-{max(widths):.2f} m) and hall {halls[0].id} is "
        f"{w:,.1f} x {d:,.1f} m: the drawing's units look wrong"
    )


def _narrow_doors(halls: list[_Hall]) -> str | None:
    """The doors narrower than a person, where the units look right: an opening drawn
    as its two jambs reads as two narrow doors."""
    narrow = [
        f"{hall.id} {door.id or 'door'} {door.width:.2f} m"
        for hall in halls
        for door in hall.exits
        if door.width < NARROWEST_DOOR_M
    ]
    if not narrow:
        return None
    return (
        f"exit(s) narrower than {NARROWEST_DOOR_M} m ({first(narrow, 5)}): an opening "
        "drawn as its two jambs? draw it as one line across the opening"
    )


def import_dxf(
    drawing: Path | str,
    out: Path | str,
    layer_map: LayerMap = DEFAULT_LAYER_MAP,
    units: Units | None = None,
    warn: Warn | None = None,
) -> Venue:
    """Read a hall plan and write its venue YAML; nothing is written if the plan is bad."""
    imported = read_dxf_venue(drawing, layer_map, units, warn)
    with atomic_write(out) as tmp:
        tmp.write_text(imported.yaml, encoding="utf-8")
    return imported.venue


def import_dxf_plan(
    drawing: Path | str,
    out: Path | str,
    layout_out: Path | str,
    event: Path | str,
    layer_map: LayerMap = DEFAULT_LAYER_MAP,
    units: Units | None = None,
    warn: Warn | None = None,
) -> ImportedPlan:
    """Read a plan with its stands; write the venue YAML and the layout, or neither."""
    plan = read_dxf_plan(drawing, event, layer_map, units, warn)
    with atomic_write(out) as venue_tmp, atomic_write(layout_out) as layout_tmp:
        venue_tmp.write_text(plan.venue.yaml, encoding="utf-8")
        layout_tmp.write_text(layout_json(plan.layout), encoding="utf-8")
    return plan


# --- outlines -----------------------------------------------------------------------------


def _halls(drawing: DrawingContent, path: Path, layer_map: LayerMap, note: Warn) -> list[_Hall]:
    scale = drawing.units.metres
    loops, problems = chain(_once(drawing.pieces))
    if problems and all(p.kind == "open" for p in problems):
        # Architects break the wall line at each door and draw the door across the gap.
        bridged, left = chain(_once(drawing.pieces) + _bridges(drawing.doors, problems))
        if not left:
            loops, problems = bridged, left
    layers = ", ".join(layer_map.patterns("outline"))
    if problems:
        messages = []
        for problem in problems:
            at = _in_drawing_units(problem.at, scale)
            pieces = ", ".join(problem.sources)
            if problem.kind == "open":
                messages.append(
                    f"{display(path)}: the outline on layer {layers} is open: {pieces} ends at "
                    f"{at} and nothing joins it there; close the outline or move stray lines "
                    "to another layer"
                )
            else:
                messages.append(
                    f"{display(path)}: {len(problem.sources)} pieces of outline meet at {at} "
                    f"({pieces}); layer {layers} must hold only hall outlines"
                )
        raise InputError(capped(messages))
    rings: list[tuple[tuple[Pt, ...], tuple[str, ...]]] = [
        (loop.points, loop.sources) for loop in loops
    ]
    rings += [(points, (f"{s.dxftype} {s.handle}",)) for points, s in drawing.closed_outlines]
    # An outline drawn twice on top of itself (OVERKILL not run) is one hall.
    rings = [r for i, r in enumerate(rings) if not any(_same_ring(r[0], q[0]) for q in rings[:i])]
    if not rings:
        shown = ", ".join(drawing.layers[:30]) + (" ..." if len(drawing.layers) > 30 else "")
        raise InputError.one(
            path,
            f"no hall outline found: nothing closed on layer {layers}. Draw each hall as a "
            "closed polyline (or lines that close into a loop) on that layer, or name your "
            f"layers with --layer-map; the drawing draws on layers: {shown}"
            + _xref_hint(drawing.xrefs),
        )
    halls: list[_Hall] = []
    messages = []
    for points, sources in rings:
        polygon = Polygon(points)
        what = f"the outline made of {', '.join(sources)}"
        mended = _mended(polygon) if len(points) >= 3 and not polygon.is_valid else None
        if mended is not None:
            where = why_invalid(polygon, scale)
            polygon = mended
            # Drafting noise: a pen run past a corner and back, a loop of a few millimetres.
            note(
                f"{what} {where} (a crossing of less than {MEND_M * 100:g} cm); "
                "read without the crossing"
            )
        if not polygon.is_valid:
            messages.append(
                f"{display(path)}: {what} is not a simple polygon: it {why_invalid(polygon, scale)}"
            )
        elif len(points) < 3 or polygon.area <= 0:
            messages.append(f"{display(path)}: {what} has no area")
        elif max(_extent(polygon)) < MIN_HALL_M and any("(in block " in x for x in sources):
            # A legend's swatch or a tag in a base plan read through, on the outline layer.
            w, d = _extent(polygon)
            note(f"{what} is {w:.3g} x {d:.3g} m, too small for a hall; ignored")
        elif max(_extent(polygon)) < MIN_HALL_M:
            w, d = _extent(polygon)
            messages.append(
                f"{display(path)}: {what} is {w:.3g} x {d:.3g} m, too small for a hall: are "
                f"the coordinates in another unit than {drawing.units.name.lower()}? say "
                "which with --units mm|cm|m|in|ft"
            )
        else:
            halls.append(_Hall(polygon=polygon, sources=sources))
    for i, a in enumerate(halls):
        for b in halls[i + 1 :]:
            overlap = a.polygon.intersection(b.polygon)
            if overlap.area <= _OVERLAP_M2:
                continue
            inner, outer = (a, b) if a.polygon.area < b.polygon.area else (b, a)
            if overlap.buffer(-JOIN_TOLERANCE_M / 2).is_empty and _trimmed(inner, outer):
                # A shared wall drawn twice, its two lines a few millimetres apart.
                note(
                    f"outlines {', '.join(a.sources)} and {', '.join(b.sources)} overlap by "
                    f"less than {JOIN_TOLERANCE_M * 100:g} cm along their shared wall; "
                    f"{', '.join(inner.sources)} is trimmed to meet the other"
                )
                continue
            if outer.polygon.buffer(JOIN_TOLERANCE_M).covers(inner.polygon):
                messages.append(
                    f"{display(path)}: outline {', '.join(inner.sources)} lies inside outline "
                    f"{', '.join(outer.sources)}: draw a core or a room inside a hall as a "
                    "keep-out, and only one face of a wall on the outline layer"
                )
            else:
                x, y = overlap.representative_point().coords[0]
                messages.append(
                    f"{display(path)}: outlines {', '.join(a.sources)} and "
                    f"{', '.join(b.sources)} overlap ({overlap.area:,.2f} m2, around "
                    f"{_in_drawing_units((x, y), scale)}); one hall per outline, halls side "
                    "by side"
                )
    if messages:
        raise InputError(capped(messages))
    halls.sort(key=lambda h: (round(h.polygon.bounds[0], 3), round(h.polygon.bounds[1], 3)))
    return halls


MEND_M = 0.01
"""An outline that crosses itself by less than this is mended, not refused."""


def _xref_hint(xrefs: list[str]) -> str:
    """What to do when the halls may be in a drawing this one only refers to."""
    if not xrefs:
        return ""
    return (
        f". It refers to {first(xrefs, 3)} (XREF) without containing it: bind the "
        "reference in CAD (XREF manager > Bind) and save, or import that drawing itself"
    )


def _mended(polygon: Polygon) -> Polygon | None:
    """The outline without a crossing of less than `MEND_M` (a spike, a tiny loop), or None
    when the crossing is more than noise."""
    fixed = make_valid(polygon)
    pieces = [g for g in getattr(fixed, "geoms", [fixed]) if isinstance(g, Polygon)]
    if not pieces:
        return None
    largest = max(pieces, key=lambda g: g.area)
    if largest.exterior.hausdorff_distance(polygon.exterior) > MEND_M:
        return None
    return Polygon(largest.exterior)


def _extent(polygon: Polygon) -> tuple[float, float]:
    x0, y0, x1, y1 = polygon.bounds
    return x1 - x0, y1 - y0


def _once(pieces: list[Piece]) -> list[Piece]:
    """The pieces with those drawn twice on top of each other (either way round) once."""
    seen: set[tuple[Pt, ...]] = set()
    kept = []
    for piece in pieces:
        key = min(piece.points, piece.points[::-1])
        if key not in seen:
            seen.add(key)
            kept.append(piece)
    return kept


def _same_ring(a: tuple[Pt, ...], b: tuple[Pt, ...]) -> bool:
    return len(a) == len(b) and Polygon(a).equals(Polygon(b))


def _bridges(doors: list[DoorMark], problems: list[ChainProblem]) -> list[Piece]:
    """Door lines whose both ends meet open ends of the outline, as pieces of it; and for
    a door block whose drawing reaches two open ends (its hinge at one jamb, its leaf or
    swing at the other), the straight line between those ends."""
    ends = [Point(p.at) for p in problems]

    def meets(q: Pt) -> bool:
        return any(e.distance(Point(q)) <= JOIN_TOLERANCE_M for e in ends)

    pieces = [
        Piece(d.points, d.source.dxftype, d.source.handle)
        for d in doors
        if not d.is_block and len(d.points) >= 2 and meets(d.points[0]) and meets(d.points[-1])
    ]
    used: set[int] = set()
    for d in doors:
        if not d.is_block:
            continue
        drawn = MultiPoint(list(d.points)) if d.points else None
        near = [
            i
            for i, e in enumerate(ends)
            if i not in used and drawn is not None and drawn.distance(e) <= DOOR_AT_JAMB_M
        ]
        if len(near) == 2 and ends[near[0]].distance(ends[near[1]]) <= WIDEST_DOOR_M:
            a, b = (ends[i].coords[0] for i in near)
            pieces.append(Piece((a, b), d.source.dxftype, d.source.handle))
            used.update(near)
    return pieces


DOOR_AT_JAMB_M = 0.05
"""A door block's drawing comes this close to the wall end it hangs on (its hinge)."""

WIDEST_DOOR_M = 20.0
"""No door block spans a wider gap in a wall (a hangar door is about this wide)."""


def _in_drawing_units(p: Pt, scale: float) -> str:
    return f"({p[0] / scale:g}, {p[1] / scale:g})"


# --- labels -------------------------------------------------------------------------------


def _label_halls(halls: list[_Hall], labels: list[Label], note: Warn, path: Path) -> None:
    """Hall id, name, ceiling height and floor load from the texts inside each outline."""
    names: dict[int, list[Label]] = {i: [] for i in range(len(halls))}
    for label in labels:
        index = _hall_at(halls, label.at)
        if index is None:
            note(f"text {label.text!r} ({label.source}) is not inside any hall outline; ignored")
            continue
        hall = halls[index]
        if m := _CEILING.match(label.text):
            hall.ceiling_height_m = float(m.group(1).replace(",", "."))
        elif m := _FLOOR_LOAD.match(label.text):
            load = float(m.group(1).replace(",", "."))
            tonnes = m.group(2).lower().startswith("t")
            hall.floor_load_kn_m2 = round(load * KN_PER_TONNE, 2) if tonnes else load
        elif _MEASURE.match(label.text):
            note(f"text {label.text!r} ({label.source}) gives a size, not a hall's name; ignored")
        else:
            names[index].append(label)
    taken: dict[str, int] = {}
    for index, hall in enumerate(halls):
        found = names[index]
        if not found:
            continue
        centre = hall.polygon.centroid
        found.sort(key=lambda lb: (-lb.height, centre.distance(Point(lb.at))))
        chosen = found[0]
        for other in found[1:]:
            note(f"text {other.text!r} ({other.source}): hall already named {chosen.text!r}")
        hall.name, hall.id = _name_and_id(chosen.text)
        if hall.id in taken:
            raise InputError.one(
                path,
                f"two hall outlines are labelled {hall.id!r} "
                f"({', '.join(halls[taken[hall.id]].sources)} and {', '.join(hall.sources)})",
            )
        if hall.id:
            taken[hall.id] = index
    number = 0
    for hall in halls:
        if hall.id:
            continue
        number += 1
        while f"hall-{number}" in taken:
            number += 1
        hall.id = f"hall-{number}"
        taken[hall.id] = -1


def _name_and_id(text: str) -> tuple[str, str]:
    """`Hall 1 (h1)` -> name and id; `hall-5` (already an id's spelling) -> id only;
    `Hall 5` -> name, and id `hall-5`."""
    if m := _NAME_AND_ID.match(text):
        return m.group(1).strip(), m.group(2)
    if slug(text) == text:
        return "", text
    return text, slug(text)


def _trimmed(inner: _Hall, outer: _Hall) -> bool:
    """Trim `inner` to meet `outer` where they overlap by a sliver; False (nothing
    changed) when what is left is no single polygon."""
    rest = inner.polygon.difference(outer.polygon)
    if not isinstance(rest, Polygon) or not rest.is_valid:
        return False
    inner.polygon = rest
    return True


def slug(text: str) -> str:
    """An id from a label: `Halle Süd` -> `halle-sud` (accents dropped, not the letters)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:64]


def _hall_at(halls: list[_Hall], at: Pt) -> int | None:
    p = Point(at)
    for i, hall in enumerate(halls):
        if hall.polygon.covers(p):
            return i
    return None


# --- columns and keep-outs ----------------------------------------------------------------


def _keep_outs_with_reasons(drawing: DrawingContent, note: Warn) -> list[tuple[Shape, str]]:
    reasons: dict[int, str] = {}
    for label in drawing.keep_out_labels:
        p = Point(label.at)
        best: tuple[float, int] | None = None
        for i, shape in enumerate(drawing.keep_outs):
            d = shape.polygon.distance(p)
            if d <= KEEP_OUT_LABEL_M and (best is None or d < best[0]):
                best = (d, i)
        if best is None:
            note(f"text {label.text!r} ({label.source}) is not in or near a keep-out; ignored")
        elif best[1] in reasons:
            note(f"text {label.text!r} ({label.source}): keep-out already has a reason")
        else:
            reasons[best[1]] = label.text
    # The pieces of one entity (a hatch of two cabinets, a block) share its reason.
    by_origin = {drawing.keep_outs[i].origin: why for i, why in sorted(reasons.items())}
    return [
        (
            shape,
            reasons.get(i)
            or by_origin.get(shape.origin)
            or keep_out_reason_from_layer(shape.source.layer),
        )
        for i, shape in enumerate(drawing.keep_outs)
    ]


def _owners(
    halls: list[_Hall], polygon: Polygon, source: Source, note: Warn
) -> list[tuple[_Hall, Polygon]]:
    """The halls a shape lies in, each with its part: a column on the wall between two
    halls stands in both."""
    found = [(h, h.polygon.intersection(polygon)) for h in halls]
    found = [(h, part) for h, part in found if part.area > _OVERLAP_M2]
    if len(found) > 1:
        # A shape drawn a fraction of a millimetre over a shared wall (CAD rounding) gives
        # the hall beyond it nothing: there a part counts from a centimetre across.
        largest = max(found, key=lambda f: f[1].area)
        found = [f for f in found if f is largest or not f[1].buffer(-MEND_M / 2).is_empty]
    if not found:
        note(f"{source} is not inside any hall outline; ignored")
        return []
    if len(found) == 1 and found[0][0].polygon.buffer(1e-6).covers(polygon):
        return [(found[0][0], polygon)]
    kept = []
    for hall, part in found:
        if not isinstance(part, Polygon) or part.is_empty:
            note(f"{source} crosses the outline of {hall.id} in several places; ignored there")
            continue
        kept.append((hall, part))
    if len(found) > 1:
        names = " and ".join(h.id for h, _ in found)
        note(f"{source} stands on the wall between {names}; each keeps its part")
    elif kept:
        note(f"{source} reaches outside {kept[0][0].id}; only the part inside the outline is kept")
    return kept


def _place_columns(halls: list[_Hall], shapes: list[Shape], note: Warn) -> None:
    for shape in shapes:
        for hall, polygon in _owners(halls, shape.polygon, shape.source, note):
            hall.columns.append(polygon)
    for hall in halls:
        # One column drawn twice (OVERKILL not run), or as a square with a circle in it.
        merged = unary_union(hall.columns)
        pieces = [g for g in getattr(merged, "geoms", [merged]) if isinstance(g, Polygon)]
        if len(pieces) < len(hall.columns):
            n = len(pieces)
            note(
                f"{hall.id}: {len(hall.columns)} column shapes drawn over each other or "
                f"twice are read as {n} column{'s' if n != 1 else ''}"
            )
            hall.columns = sorted((Polygon(g.exterior) for g in pieces), key=lambda g: g.bounds)


def _place_keep_outs(halls: list[_Hall], shapes: list[tuple[Shape, str]], note: Warn) -> None:
    for shape, reason in shapes:
        for hall, polygon in _owners(halls, shape.polygon, shape.source, note):
            if any(polygon.equals(other) for other, _ in hall.keep_outs):
                note(f"{shape.source} is drawn twice; read once")
                continue
            hall.keep_outs.append((polygon, reason))


# --- exits --------------------------------------------------------------------------------


DOOR_PIECES_M = 0.05
"""Loose lines and arcs on an exits layer that touch (within 5 cm) are one door symbol left
exploded: jambs, an opened leaf, its swing."""


def _door_symbols(marks: list[DoorMark], halls: list[_Hall]) -> list[DoorMark]:
    """Door marks with the pieces of each exploded symbol (a jamb, a leaf or a swing among
    them: a piece not lying along a wall; two doors drawn end to end stay two) merged into
    one mark measured as a block is, by its extent along the wall."""
    edges = [edge for h in halls for edge in _walls(h.polygon)]
    loose = {i: LineString(m.points) for i, m in enumerate(marks) if not m.is_block}
    blobs = unary_union([line.buffer(DOOR_PIECES_M / 2) for line in loose.values()])
    symbol: dict[int, int] = {}
    for k, blob in enumerate(getattr(blobs, "geoms", [blobs])):
        members = [i for i, line in loose.items() if blob.intersects(line)]
        if len(members) > 1 and not all(_along_a_wall(loose[i], edges) for i in members):
            symbol.update((i, k) for i in members)
    out = []
    merged: set[int] = set()
    for i, mark in enumerate(marks):
        piece = symbol.get(i)
        if piece is None:
            out.append(mark)
        elif piece not in merged:
            merged.add(piece)
            points = tuple(
                q for j, m in enumerate(marks) if symbol.get(j) == piece for q in m.points
            )
            out.append(DoorMark(points=points, is_block=True, source=mark.source))
    return out


ALONG_WALL_SIN = 0.26
"""A door line lies along a wall when it runs within about 15 degrees of it."""


def _walls(polygon: Polygon) -> list[LineString]:
    """A hall outline's walls: its edges as segments (zero-length ones left out)."""
    coords = polygon.exterior.coords
    return [LineString(e) for e in itertools.pairwise(coords) if math.dist(*e) > 0]


def _along_a_wall(line: LineString, edges: list[LineString]) -> bool:
    """Whether a piece on an exits layer is a straight line on a wall and along it (a door
    drawn as a line), not a jamb across it, a leaf off it or a swing."""
    coords = list(line.coords)
    (x0, y0), (x1, y1) = coords[0], coords[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    if length <= 0 or line.length > length * (1 + 1e-6):
        return False  # curved or bent
    middle = line.interpolate(0.5, normalized=True)
    edge = min(edges, key=middle.distance)  # not the other wall at a corner it touches
    if max(edge.distance(Point(q)) for q in coords) > EXIT_SNAP_M:
        return False
    return _parallel(line, edge)


def _parallel(a: LineString, b: LineString) -> bool:
    """Whether two segments (their ends) run within about 15 degrees of each other."""
    (x0, y0), (x1, y1) = a.coords[0], a.coords[-1]
    (u0, v0), (u1, v1) = b.coords[0], b.coords[-1]
    cross = (x1 - x0) * (v1 - v0) - (y1 - y0) * (u1 - u0)
    return bool(abs(cross) <= ALONG_WALL_SIN * math.dist((x0, y0), (x1, y1)) * b.length)


def _place_exits(
    halls: list[_Hall], drawing: DrawingContent, layer_map: LayerMap, note: Warn
) -> None:
    placed: list[tuple[_Hall, _Exit]] = []
    for mark in _door_symbols(drawing.doors, halls):
        found = _door(halls, mark, layer_map, note)
        if found is None:
            continue
        placed.append(found)
        # A door in the wall between two halls leads out of both.
        hall, door = found
        ring = hall.polygon.exterior
        ends = [ring.interpolate(door.position + t * door.width / 2) for t in (-1, 1)]
        for other in halls:
            wall = other.polygon.exterior
            if other is hall or max(wall.distance(e) for e in ends) > EXIT_SNAP_M:
                continue
            also = _door([other], mark, layer_map, lambda _: None)
            if also is not None:
                note(f"{mark.source}: door between {hall.id} and {other.id}, an exit of both")
                placed.append(also)
    _name_exits(placed, drawing.exit_labels, note)
    for hall, door in placed:
        hall.exits.append(door)
    for hall in halls:
        _number_exits(hall, note)


def _door(
    halls: list[_Hall], mark: DoorMark, layer_map: LayerMap, note: Warn
) -> tuple[_Hall, _Exit] | None:
    """Where a door mark sits on an outline, and how wide it is."""
    kind = "entrance" if layer_map.entrance(mark.source.layer, mark.block_name) else "exit"
    if not mark.is_block:
        line = LineString(mark.points)
        mid = line.interpolate(0.5, normalized=True)
        hall, gap = _nearest_hall(halls, [mid])
        if (
            gap > EXIT_SNAP_M
            and mark.hinge is not None
            and _nearest_hall(halls, [Point(mark.hinge)])[1] <= EXIT_SNAP_M
        ):
            # A door drawn as its swing alone: the arc turns on the hinge at one jamb and
            # meets the wall at the other, so it is measured as a block is.
            swing = replace(
                mark, points=(*mark.points, mark.hinge), is_block=True, insert_at=mark.hinge
            )
            return _door(halls, swing, layer_map, note)
        width = float(line.length)
        reference = (float(mid.x), float(mid.y))
    else:
        probes = [Point(p) for p in mark.points] or [Point(mark.insert_at or (0.0, 0.0))]
        hall, gap = _nearest_hall(halls, probes)
        if mark.opening and not _an_opening(mark, hall):
            note(f"{mark.source}: a closed shape that is no opening across a wall; ignored")
            return None
        reference, extent = _along_wall(hall.polygon, mark)
        width = mark.attrib_width_m if mark.attrib_width_m is not None else extent
        if mark.attrib_width_m is not None and mark.attrib_width_m < MIN_DOOR_M <= extent:
            # `1,2` typed in metres in a drawing in millimetres.
            note(
                f"{mark.source}: its WIDTH attribute gives a door {mark.attrib_width_m:.3g} m "
                f"wide; the {extent:.3g} m drawn is used"
            )
            width = extent
    if gap > EXIT_SNAP_M:
        note(f"{mark.source}: door is {gap:.2f} m from the nearest hall outline; ignored")
        return None
    ring = hall.polygon.exterior
    if not width > 0:
        note(
            f"{mark.source}: door has no width; ignored (a door block may carry a WIDTH attribute)"
        )
        return None
    if width >= ring.length:
        note(f"{mark.source}: door is {width:g} m wide, longer than the outline of {hall.id}")
        return None
    position = float(ring.project(Point(reference)))
    at = ring.interpolate(position)
    door = _Exit(
        at=(float(at.x), float(at.y)),
        width=width,
        kind=kind,
        mark=mark,
        id=_exit_id(mark.attrib_id),
        position=position,
    )
    return hall, door


def _an_opening(mark: DoorMark, hall: _Hall) -> bool:
    """Whether a closed shape on an exits layer draws a door opening: on a wall (within the
    snap of a door line) and along it, as long as a door at least, at most as deep as a
    wall and at least twice as long as deep (a box or circle round an exit's id is none)."""
    if len(set(mark.points)) < 3:
        return False
    shape = Polygon(mark.points)
    ring = hall.polygon.exterior
    if not shape.is_valid or shape.area <= 0 or ring.distance(shape) > EXIT_SNAP_M:
        return False
    frame = shape.minimum_rotated_rectangle
    corners = list(frame.exterior.coords) if isinstance(frame, Polygon) else []
    if len(corners) < 4:
        return False
    sides = [LineString(corners[k : k + 2]) for k in range(2)]
    across, along = sorted(sides, key=lambda side: side.length)
    if along.length < MIN_DOOR_M or across.length > MAX_WALL_M:
        return False
    wall = min(_walls(hall.polygon), key=shape.centroid.distance)
    return along.length >= 2 * across.length and _parallel(along, wall)


def _nearest_hall(halls: list[_Hall], probes: list[Point]) -> tuple[_Hall, float]:
    scored = [(min(h.polygon.exterior.distance(p) for p in probes), i) for i, h in enumerate(halls)]
    gap, index = min(scored)
    return halls[index], float(gap)


def _along_wall(polygon: Polygon, mark: DoorMark) -> tuple[Pt, float]:
    """A door block's centre and extent measured along the wall it sits on."""
    points = list(mark.points) or [mark.insert_at or (0.0, 0.0)]
    # The insert point is the hinge, on the door, unless the block was made with its base
    # point elsewhere ("copy with base point 0,0"): then the middle of what it draws, which
    # at a hall's corner lies nearer the door's own wall than any corner vertex does.
    drawn = MultiPoint(points).convex_hull
    hinge = Point(mark.insert_at) if mark.insert_at is not None else drawn.centroid
    if drawn.distance(hinge) > EXIT_SNAP_M:
        hinge = drawn.centroid
    wall = min(_walls(polygon), key=hinge.distance)
    a, b = wall.coords[0], wall.coords[-1]
    length = math.dist(a, b)
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    along = [(p[0] - a[0]) * ux + (p[1] - a[1]) * uy for p in points]
    lo, hi = min(along), max(along)
    t = (lo + hi) / 2
    return (a[0] + ux * t, a[1] + uy * t), hi - lo


def _exit_id(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip()).strip("-")[:64]
    return cleaned


def _name_exits(placed: list[tuple[_Hall, _Exit]], labels: list[Label], note: Warn) -> None:
    """Give each id text to the nearest unnamed door, nearest pairs first."""
    pairs = []
    for li, label in enumerate(labels):
        p = Point(label.at)
        for di, (_, door) in enumerate(placed):
            d = _mark_shape(door.mark).distance(p)
            if d <= EXIT_LABEL_M:
                pairs.append((d, li, di))
    pairs.sort()
    used_labels: set[int] = set()
    for _, li, di in pairs:
        door = placed[di][1]
        if li in used_labels or door.id:
            continue
        door.id = _exit_id(labels[li].text)
        used_labels.add(li)
    for li, label in enumerate(labels):
        if li not in used_labels:
            note(f"text {label.text!r} ({label.source}) names no door; ignored")


def _mark_shape(mark: DoorMark) -> Any:
    if len(mark.points) >= 2 and not mark.is_block:
        return LineString(mark.points)
    if mark.points:
        return MultiPoint(list(mark.points))
    return Point(mark.insert_at or (0.0, 0.0))


def _number_exits(hall: _Hall, note: Warn) -> None:
    """Unnamed doors become E1, E2 ... around the outline, skipping names in use."""
    seen: set[str] = set()
    for door in hall.exits:
        if door.id in seen:
            note(f"{door.mark.source}: exit id {door.id!r} is used twice in {hall.id}; renumbered")
            door.id = ""
        elif door.id:
            seen.add(door.id)
    number = 0
    for door in sorted(hall.exits, key=lambda d: d.position):
        if door.id:
            continue
        number += 1
        while f"E{number}" in seen:
            number += 1
        door.id = f"E{number}"
        seen.add(door.id)


# --- venue --------------------------------------------------------------------------------


def _venue_data(halls: list[_Hall], drawing: DrawingContent, path: Path) -> dict[str, Any]:
    venue_id = drawing.custom.get("floorplan_venue_id") or slug(path.stem) or "venue"
    data: dict[str, Any] = {
        "id": venue_id,
        "name": drawing.custom.get("floorplan_venue_name", path.stem),
        "source": f"imported from the drawing {path.name}",
        "halls": [_hall_data(hall) for hall in halls],
    }
    return data


def _hall_data(hall: _Hall) -> dict[str, Any]:
    local = hall.local()

    def ring(polygon: Polygon) -> Flow:
        coords = list(polygon.exterior.coords)[:-1]
        return Flow([point(*local((x, y))) for x, y in coords])

    out: dict[str, Any] = {"id": hall.id}
    if hall.name:
        out["name"] = hall.name
    out["outline"] = ring(hall.polygon)
    if hall.ceiling_height_m is not None:
        out["ceiling_height_m"] = metres(hall.ceiling_height_m)
    if hall.floor_load_kn_m2 is not None:
        out["floor_load_kn_m2"] = metres(hall.floor_load_kn_m2)
    out["columns"] = [_column(ring(c)) for c in hall.columns]
    out["keep_out"] = [
        FlowMap(
            {"polygon": ring(polygon), "reason": reason} if reason else {"polygon": ring(polygon)}
        )
        for polygon, reason in hall.keep_outs
    ]
    exits = []
    for door in hall.exits:
        record: dict[str, Any] = {
            "id": door.id,
            "at": point(*local(door.at)),
            "width": metres(door.width),
        }
        if door.kind == "entrance":
            record["kind"] = "entrance"
        exits.append(FlowMap(record))
    out["exits"] = exits
    return out


def _column(points: Flow) -> Flow:
    """An axis-aligned rectangle as `[x, y, w, d]`, anything else as its polygon."""
    xs = sorted({p[0] for p in points})
    ys = sorted({p[1] for p in points})
    if len(points) == 4 and len(xs) == 2 and len(ys) == 2:
        corners = {(x, y) for x in xs for y in ys}
        if {(p[0], p[1]) for p in points} == corners:
            return Flow([xs[0], ys[0], metres(xs[1] - xs[0]), metres(ys[1] - ys[0])])
    return points


__all__ = [
    "EXIT_SNAP_M",
    "ImportedPlan",
    "ImportedVenue",
    "import_dxf",
    "import_dxf_plan",
    "read_dxf_plan",
    "read_dxf_venue",
    "slug",
]
