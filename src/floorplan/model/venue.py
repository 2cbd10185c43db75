"""Venue and hall geometry.

Geometry is checked with Shapely when a model is built, so a solver or a
validator can assume valid, simple polygons and exits on the outline.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, model_validator
from shapely import Polygon, box
from shapely.geometry import LineString
from shapely.geometry import Point as ShapelyPoint
from shapely.validation import explain_validity

from floorplan.model.base import Frozen, Id, NonNegFloat, Point, PositiveFloat

EXIT_ON_OUTLINE_TOLERANCE_M = 0.05
"""An exit's centre counts as on the outline when within 5 cm of it (CAD snapping noise)."""

Rect = tuple[float, float, PositiveFloat, PositiveFloat]
"""`[x, y, w, d]`: lower-left corner, width along x, depth along y."""


def polygon_from(points: list[Point] | tuple[Point, ...]) -> Polygon:
    return Polygon([(float(x), float(y)) for x, y in points])


def simple_polygon(points: list[Point], what: str) -> Polygon:
    if len(points) < 3:
        raise ValueError(f"{what} needs at least 3 points, got {len(points)}")
    poly = polygon_from(points)
    if not poly.is_valid:
        raise ValueError(f"{what} is not a simple polygon ({explain_validity(poly)})")
    if poly.area <= 0:
        raise ValueError(f"{what} has zero area")
    return poly


class Exit(Frozen):
    id: Id
    at: Point
    width: PositiveFloat
    kind: Literal["exit", "entrance"] = "exit"

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
    reason: str = ""

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
    name: str = ""
    outline: list[Point]
    ceiling_height_m: PositiveFloat | None = None
    floor_load_kn_m2: PositiveFloat | None = None
    columns: list[Column] = Field(default_factory=list)
    keep_out: list[KeepOut] = Field(default_factory=list)
    exits: list[Exit] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_geometry(self) -> Hall:
        outline = simple_polygon(self.outline, "outline")
        tolerance = 1e-6
        for i, column in enumerate(self.columns):
            shape = column_shape(column)
            if not outline.buffer(tolerance).covers(shape):
                raise ValueError(f"column {i} {list(shape.bounds)} is not inside the hall outline")
        for i, keep in enumerate(self.keep_out):
            if not outline.buffer(tolerance).covers(keep.shape):
                raise ValueError(
                    f"keep_out {i} ({keep.reason or 'no reason'}) is not inside the hall outline"
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
        return self

    @cached_property
    def shape(self) -> Polygon:
        return polygon_from(self.outline)

    @cached_property
    def column_shapes(self) -> list[Polygon]:
        return [column_shape(c) for c in self.columns]

    @cached_property
    def obstacles(self) -> list[Polygon]:
        """Columns and keep-outs: places no stand may cover."""
        return self.column_shapes + [k.shape for k in self.keep_out]

    @property
    def gross_area(self) -> float:
        return float(self.shape.area)


class Venue(Frozen):
    id: Id
    name: str = ""
    source: str = ""
    note: str = ""
    halls: list[Hall] = Field(min_length=1)

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
