"""Venue and hall geometry.

Geometry is checked with Shapely when a model is built, so a solver or a
validator can assume valid, simple polygons and exits on the outline.
"""

from __future__ import annotations

import math
import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from shapely import Polygon, box, unary_union
from shapely.geometry import LineString
from shapely.geometry import Point as ShapelyPoint
from shapely.validation import explain_validity

from floorplan.model.base import (
    MAX_HALL_M,
    Coord,
    Frozen,
    Id,
    Length,
    NonNegFloat,
    Point,
    PositiveFloat,
)

EXIT_ON_OUTLINE_TOLERANCE_M = 0.05
"""An exit's centre counts as on the outline when within 5 cm of it (CAD snapping noise)."""

OBSTACLE_TOLERANCE_M = 0.01
"""A column or keep-out reaching farther than this out of the outline is said when the
venue is loaded (a pilaster drawn into the wall, or a mistake); closer, it is CAD
rounding. Either way only its part inside the outline counts."""

Rect = tuple[Coord, Coord, Length, Length]
"""`[x, y, w, d]`: lower-left corner, width along x, depth along y."""


def polygon_from(points: list[Point] | tuple[Point, ...]) -> Polygon:
    return Polygon([(float(x), float(y)) for x, y in points])


_VALIDITY = re.compile(r"^(.*)\[(\S+) (\S+)\]$")


def why_invalid(polygon: Polygon, scale: float = 1.0) -> str:
    """Shapely's `Self-intersection[60.004 0]` in words: `crosses itself at (60.004, 0)`,
    the point in metres, or in a drawing's units with its `scale` (metres per unit)."""
    reason = str(explain_validity(polygon))
    m = _VALIDITY.match(reason)
    if m is None:
        return reason.lower()
    what = m.group(1).lower()
    what = {"self-intersection": "crosses itself", "ring self-intersection": "touches itself"}.get(
        what, what
    )
    return f"{what} at ({float(m.group(2)) / scale:g}, {float(m.group(3)) / scale:g})"


def simple_polygon(points: list[Point], what: str) -> Polygon:
    if len(points) < 3:
        raise ValueError(f"{what} needs at least 3 points, got {len(points)}")
    poly = polygon_from(points)
    if not poly.is_valid:
        raise ValueError(f"{what} is not a simple polygon: it {why_invalid(poly)}")
    if poly.area <= 0:
        raise ValueError(f"{what} has zero area")
    return poly


class Exit(Frozen):
    id: Id
    """Door id, unique in its hall (shown on the map)."""
    at: Point
    """Centre of the door, on the hall outline."""
    width: Length
    """Clear width of the door, along the wall it sits on."""
    kind: Literal["exit", "entrance"] = "exit"
    """`entrance` for the visitors' entrance (fairness is measured from it), else `exit`."""

    @field_validator("kind", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        """`Entrance` and ` EXIT ` read as the contract's words, as booth types do."""
        return value.strip().lower() if isinstance(value, str) else value

    def door(self, outline: Polygon) -> LineString:
        """The door as a segment of the outline, centred on `at`, `width` long."""
        ring = outline.exterior
        s = ring.project(ShapelyPoint(self.at))
        half = self.width / 2
        length = ring.length
        pts = [ring.interpolate((s + t * half) % length) for t in (-1.0, -0.5, 0.0, 0.5, 1.0)]
        return LineString([(p.x, p.y) for p in pts])


class KeepOut(Frozen):
    polygon: list[Point]
    """Floor no stand may cover: fire equipment, service risers, ramps."""
    reason: str = ""
    """Why (printed on the map)."""

    @model_validator(mode="after")
    def _check(self) -> KeepOut:
        simple_polygon(self.polygon, "keep-out polygon")
        return self

    @cached_property
    def shape(self) -> Polygon:
        return polygon_from(self.polygon)


Column = Annotated[Rect | list[Point], Field(union_mode="left_to_right")]


def column_shape(column: Rect | list[Point]) -> Polygon:
    if isinstance(column, tuple):
        x, y, w, d = column
        return box(x, y, x + w, y + d)
    return simple_polygon(column, "column polygon")


class Hall(Frozen):
    id: Id
    """Hall id, unique in the venue (its digits start the stand numbers)."""
    name: str = ""
    """Name shown on the map."""
    outline: list[Point]
    """The hall's floor as a simple polygon, in hall coordinates."""
    ceiling_height_m: Length | None = None
    """Clear ceiling height."""
    floor_load_kn_m2: PositiveFloat | None = None
    """Rated floor load."""
    columns: list[Column] = Field(default_factory=list)
    """Columns as rectangles [x, y, w, d] or polygons."""
    keep_out: list[KeepOut] = Field(default_factory=list)
    """Areas no stand may cover."""
    exits: list[Exit] = Field(min_length=1)
    """Doors on the outline."""

    @model_validator(mode="after")
    def _check_geometry(self) -> Hall:
        outline = simple_polygon(self.outline, "outline")
        x0, y0, x1, y1 = outline.bounds
        if max(x1 - x0, y1 - y0) > MAX_HALL_M:
            raise ValueError(
                f"outline is {x1 - x0:,.0f} x {y1 - y0:,.0f} m: a hall is at most "
                f"{MAX_HALL_M:,.0f} m across (coordinates in millimetres read as metres?)"
            )
        # A column drawn into the wall (a pilaster, as plans draw the columns along the
        # walls) counts by its part inside; one wholly outside, or cut in two by the
        # outline, is a drawing mistake.
        for i, column in enumerate(self.columns):
            shape = column_shape(column)
            if _inside_part(shape, outline) is None:
                raise ValueError(
                    f"column {i} {list(shape.bounds)} is not inside the hall outline "
                    "(wholly outside it, or cut in two by it)"
                )
        for i, keep in enumerate(self.keep_out):
            if _inside_part(keep.shape, outline) is None:
                raise ValueError(
                    f"keep_out {i} ({keep.reason or 'no reason'}) is not inside the hall "
                    "outline (wholly outside it, or cut in two by it)"
                )
        seen: set[str] = set()
        for ex in self.exits:
            if ex.id in seen:
                raise ValueError(f"duplicate exit id {ex.id!r}")
            seen.add(ex.id)
            gap = outline.exterior.distance(ShapelyPoint(ex.at))
            if gap > EXIT_ON_OUTLINE_TOLERANCE_M:
                raise ValueError(
                    f"exit {ex.id} at {list(ex.at)} is not on the hall outline "
                    f"({gap:.2f} m away; at most {EXIT_ON_OUTLINE_TOLERANCE_M} m)"
                )
            if ex.width >= outline.exterior.length:
                raise ValueError(f"exit {ex.id} is wider than the hall outline is long")
            _check_door_on_wall(outline, ex)
        _check_doors_apart(outline, self.exits)
        return self

    @cached_property
    def shape(self) -> Polygon:
        return polygon_from(self.outline)

    @cached_property
    def column_shapes(self) -> list[Polygon]:
        """The columns, each its part inside the outline (a pilaster drawn into the wall)."""
        return [_inside_part(column_shape(c), self.shape) or column_shape(c) for c in self.columns]

    def outside_parts(self) -> list[str]:
        """The columns and keep-outs reaching more than `OBSTACLE_TOLERANCE_M` outside the
        outline (whose parts inside count): a loader says so once per hall."""
        room = self.shape.buffer(OBSTACLE_TOLERANCE_M, join_style="mitre")
        named = [(f"column {i}", column_shape(c)) for i, c in enumerate(self.columns)]
        named += [(f"keep_out {i}", k.shape) for i, k in enumerate(self.keep_out)]
        return [name for name, shape in named if not room.covers(shape)]

    @cached_property
    def obstacles(self) -> list[Polygon]:
        """Columns and keep-outs: places no stand may cover (each its part inside the
        outline)."""
        keep_outs = [_inside_part(k.shape, self.shape) or k.shape for k in self.keep_out]
        return self.column_shapes + keep_outs

    @property
    def gross_area(self) -> float:
        return float(self.shape.area)

    def blocked_exits(self) -> list[tuple[str, list[str]]]:
        """Exits whose door lies wholly in columns or keep-outs, each with what covers it.

        Valid input (a door closed off for the show may stay drawn), but nobody walks out
        through it: walks are measured to the other exits, which a planner who drew a
        keep-out over a door by mistake should be told."""
        names = [f"column {i}" for i in range(len(self.columns))] + [
            f"keep_out {i}" + (f" ({k.reason})" if k.reason else "")
            for i, k in enumerate(self.keep_out)
        ]
        blocked = []
        for ex in self.exits:
            door = ex.door(self.shape)
            covers = [
                (name, shape)
                for name, shape in zip(names, self.obstacles, strict=True)
                if shape.intersection(door).length > 0
            ]
            if covers and door.difference(unary_union([s for _, s in covers])).length < DOOR_FREE_M:
                blocked.append((ex.id, [name for name, _ in covers]))
        return blocked


DOOR_FREE_M = 0.01
"""A door with less of it free than this leads nowhere (the validator's walkable space
reaches an exit when it borders at least 1 cm of the door)."""


def _inside_part(shape: Polygon, outline: Polygon) -> Polygon | None:
    """The part of `shape` inside `outline`: itself when inside, else one piece of area
    (None when there is none, or more than one: no stand may stand on any of them, and
    the rest of floorplan takes an obstacle as one polygon)."""
    if outline.covers(shape):
        return shape
    part = shape.intersection(outline)
    pieces = [g for g in getattr(part, "geoms", [part]) if isinstance(g, Polygon)]
    pieces = [g for g in pieces if g.area > MIN_PART_M2]
    return pieces[0] if len(pieces) == 1 else None


MIN_PART_M2 = 1e-6
"""Pieces of an obstacle inside the outline smaller than this are rounding, not floor."""


WALL_TURN_DEG = 30.0
"""Consecutive outline edges turning less than this form one wall (a curved wall drawn
as short segments); a sharper turn is a corner."""


def _wall_of(outline: Polygon, at: Point) -> tuple[float, tuple[float, float]]:
    """Length and start point of the wall (run of edges without a corner) nearest `at`."""
    pts = list(outline.exterior.coords)[:-1]
    n = len(pts)
    edges = [(pts[i], pts[(i + 1) % n]) for i in range(n)]
    here = ShapelyPoint(at)
    k = min(range(n), key=lambda i: LineString(edges[i]).distance(here))

    def turn(i: int) -> float:
        """Turn at the vertex between edge i and edge i + 1, in degrees."""
        (ax, ay), (bx, by) = edges[i]
        (_, _), (cx, cy) = edges[(i + 1) % n]
        a1 = math.atan2(by - ay, bx - ax)
        a2 = math.atan2(cy - by, cx - bx)
        return abs(math.degrees((a2 - a1 + math.pi) % (2 * math.pi) - math.pi))

    chain = [k]
    while len(chain) < n and turn(chain[-1]) < WALL_TURN_DEG:
        chain.append((chain[-1] + 1) % n)
    while len(chain) < n and turn((chain[0] - 1) % n) < WALL_TURN_DEG:
        chain.insert(0, (chain[0] - 1) % n)
    length = sum(math.dist(*edges[i]) for i in chain)
    return length, edges[chain[0]][0]


def _check_door_on_wall(outline: Polygon, ex: Exit) -> None:
    """A door is no wider than the wall it sits on (doors may turn a corner, CAD-style)."""
    length, start = _wall_of(outline, ex.at)
    if ex.width > length + EXIT_ON_OUTLINE_TOLERANCE_M:
        raise ValueError(
            f"exit {ex.id} is {ex.width:g} m wide but the wall it sits on (from "
            f"[{start[0]:g}, {start[1]:g}]) is only {length:g} m long"
        )


def _check_doors_apart(outline: Polygon, exits: list[Exit]) -> None:
    ring = outline.exterior
    length = ring.length
    spans = sorted(((ring.project(ShapelyPoint(ex.at)), ex) for ex in exits), key=lambda t: t[0])
    for i, (s1, e1) in enumerate(spans):
        for s2, e2 in spans[i + 1 :]:
            gap = min(abs(s2 - s1), length - abs(s2 - s1))
            if gap + EXIT_ON_OUTLINE_TOLERANCE_M < (e1.width + e2.width) / 2:
                raise ValueError(
                    f"exits {e1.id} and {e2.id} overlap: their centres are {gap:g} m apart "
                    f"along the wall, their half widths add up to {(e1.width + e2.width) / 2:g} m"
                )


class Venue(Frozen):
    id: Id
    """Venue id."""
    name: str = ""
    """Venue name, printed on the maps."""
    source: str = ""
    """Where the geometry comes from (extension)."""
    note: str = ""
    """Which numbers are assumptions (extension)."""
    halls: list[Hall] = Field(min_length=1)
    """The venue's halls."""

    @model_validator(mode="after")
    def _unique_halls(self) -> Venue:
        seen: set[str] = set()
        for hall in self.halls:
            if hall.id in seen:
                raise ValueError(f"duplicate hall id {hall.id!r}")
            seen.add(hall.id)
        return self

    def hall(self, hall_id: str) -> Hall:
        for hall in self.halls:
            if hall.id == hall_id:
                return hall
        raise KeyError(hall_id)


__all__ = ["Exit", "Hall", "KeepOut", "NonNegFloat", "Venue", "column_shape"]
