"""The layout file: what `solve` writes and planners edit by hand.

The model checks only the file's shape. Whether the stands make a valid
floor is the validator's verdict, so an unknown hall or a duplicate stand is
a violation, not an input error.

A stand is a rectangle (`x, y, width, depth`) or, since contract 1.1, a
simple polygon (`polygon: [[x, y], ...]`): exactly one of the two forms. A
polygon stand still answers `x, y, width, depth` in Python, with its bounding
box, so code that only needs where a stand roughly is works on both forms;
the file never carries both (the bounding box is not written). Code that
needs the true outline uses `shape`, `area` and `is_rect`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from shapely import Point as ShapelyPoint
from shapely import Polygon, box
from shapely.ops import polylabel

from floorplan.model.base import STRICT, Coord, Frozen, Length, NonNegFloat, Point
from floorplan.model.event import BOOTH_TYPES, BoothType
from floorplan.model.venue import why_invalid

LAYOUT_FORMAT = "floorplan-layout/1"

RECT_KEYS = ("x", "y", "width", "depth")
"""The rectangle form of a stand; the alternative is `polygon`."""


def _stand_schema(schema: dict[str, Any]) -> None:
    """Show the two forms in `floorplan schema layout`: rectangle or polygon, never both."""
    props = schema.get("properties", {})
    for key in RECT_KEYS:
        props.get(key, {}).pop("default", None)
    props.get("polygon", {}).pop("default", None)
    schema["oneOf"] = [
        {"title": "rectangle", "required": list(RECT_KEYS), "not": {"required": ["polygon"]}},
        {
            "title": "polygon",
            "required": ["polygon"],
            "not": {"anyOf": [{"required": [k]} for k in RECT_KEYS]},
        },
    ]


class Stand(Frozen):
    model_config = ConfigDict(**STRICT, json_schema_extra=_stand_schema)

    request_id: str
    hall: str
    x: Coord = 0.0
    """Lower-left corner of the rectangle; for a polygon stand, of its bounding box."""
    y: Coord = 0.0
    width: Length = 1.0
    """Along x; for a polygon stand, of its bounding box."""
    depth: Length = 1.0
    polygon: list[Point] | None = Field(default=None, min_length=3)
    """(1.1) A simple polygon instead of x, y, width, depth: L-shapes, notched stands."""
    booth_type: BoothType | None = None
    number: str = ""
    locked: bool = False
    """Extension: a planner's promise that this stand never moves on re-solve."""

    @field_validator("booth_type", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        """`Island` as a hand-edited layout may spell it, as the exhibitor list may: the
        types are words, their case carries nothing."""
        if isinstance(value, str) and value.strip().lower() in BOOTH_TYPES:
            return value.strip().lower()
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Stand:
        given = [k for k in RECT_KEYS if k in self.model_fields_set]
        if self.polygon is not None:
            if given:
                raise ValueError(
                    f"has both a polygon and {', '.join(given)}: give either x, y, width, "
                    "depth (a rectangle) or polygon, not both"
                )
            shape = Polygon([(float(x), float(y)) for x, y in self.polygon])
            if not shape.is_valid:
                raise ValueError(
                    f"polygon is not a simple polygon: it {why_invalid(shape)}; "
                    "its edges must not cross or touch"
                )
            if shape.area <= 0:
                raise ValueError("polygon has zero area")
            x0, y0, x1, y1 = shape.bounds
            # Frozen model: the bounding box is derived once, here, and never written.
            for key, value in zip(RECT_KEYS, (x0, y0, x1 - x0, y1 - y0), strict=True):
                object.__setattr__(self, key, float(value))
            return self
        missing = [k for k in RECT_KEYS if k not in given]
        if len(missing) == len(RECT_KEYS):
            raise ValueError("has neither x, y, width, depth (a rectangle) nor polygon")
        if missing:
            raise ValueError(
                f"a rectangle stand needs x, y, width and depth: {', '.join(missing)} missing"
            )
        return self

    @model_serializer(mode="wrap")
    def _one_form_out(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        drop = RECT_KEYS if self.polygon is not None else ("polygon",)
        for key in drop:
            data.pop(key, None)
        return data

    @property
    def is_rect(self) -> bool:
        """True for the rectangle form (a polygon stand is never one, whatever its shape)."""
        return self.polygon is None

    @cached_property
    def shape(self) -> Polygon:
        """The stand's outline on the floor, for either form."""
        if self.polygon is None:
            return box(self.x, self.y, self.x + self.width, self.y + self.depth)
        return Polygon([(float(x), float(y)) for x, y in self.polygon])

    @property
    def rect(self) -> Polygon:
        """The outline (kept for rectangle-era callers): the rectangle, or the polygon."""
        return self.shape

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the outline."""
        return (self.x, self.y, self.x + self.width, self.y + self.depth)

    @property
    def area(self) -> float:
        if self.polygon is None:
            return self.width * self.depth
        return float(self.shape.area)

    @cached_property
    def inner_point(self) -> tuple[float, float]:
        """A point well inside the stand: the centre of a rectangle, the pole of a polygon."""
        if self.polygon is None:
            return (self.x + self.width / 2, self.y + self.depth / 2)
        c = self.shape.centroid
        if self.shape.buffer(-0.25 * min(self.width, self.depth)).contains(c):
            return (float(c.x), float(c.y))
        p: ShapelyPoint = polylabel(self.shape, tolerance=0.01)
        return (float(p.x), float(p.y))


class Unplaced(Frozen):
    request_id: str
    reason: str


class SolverInfo(Frozen):
    model_config = ConfigDict(frozen=True, extra="allow")
    status: str = ""
    seed: int | None = None
    workers: int | None = None
    wall_s: NonNegFloat | None = None


class Layout(Frozen):
    format: Literal["floorplan-layout/1"] = "floorplan-layout/1"
    event: str
    stands: list[Stand] = Field(default_factory=list)
    unplaced: list[Unplaced] = Field(default_factory=list)
    metrics: dict[str, Any] = Field(default_factory=dict)
    solver: SolverInfo | None = None


__all__ = ["LAYOUT_FORMAT", "RECT_KEYS", "Layout", "SolverInfo", "Stand", "Unplaced"]
