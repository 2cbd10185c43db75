"""The layout file: what `solve` writes and planners edit by hand.

The model checks only the file's shape. Whether the stands make a valid
floor is the validator's verdict, so an unknown hall or a duplicate stand is
a violation, not an input error.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field
from shapely import Polygon, box

from floorplan.model.base import Coord, Frozen, Length, NonNegFloat
from floorplan.model.event import BoothType

LAYOUT_FORMAT = "floorplan-layout/1"


class Stand(Frozen):
    request_id: str
    hall: str
    x: Coord
    y: Coord
    width: Length
    depth: Length
    booth_type: BoothType | None = None
    number: str = ""
    locked: bool = False
    """Extension: a planner's promise that this stand never moves on re-solve."""

    @property
    def rect(self) -> Polygon:
        return box(self.x, self.y, self.x + self.width, self.y + self.depth)

    @property
    def area(self) -> float:
        return self.width * self.depth


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


__all__ = ["LAYOUT_FORMAT", "Layout", "SolverInfo", "Stand", "Unplaced"]
