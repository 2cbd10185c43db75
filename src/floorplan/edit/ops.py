"""The editor's request bodies: one pydantic model per change a planner can make.

Every number is finite and bounded, ids are short strings, reasons are one
line of text: a malformed body is refused by the model (HTTP 422) before it
reaches the session. Nothing here names a file: the event and layout paths
are fixed when `floorplan edit` starts.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Coordinate = Annotated[float, Field(ge=-100_000, le=100_000, allow_inf_nan=False)]
"""Metres in hall coordinates; 100 km either way is already no hall."""
Size = Annotated[float, Field(gt=0, le=100_000, allow_inf_nan=False)]
RequestId = Annotated[str, Field(min_length=1, max_length=200)]
HallId = Annotated[str, Field(min_length=1, max_length=200)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Move(Body):
    """Put a stand's lower-left corner at (x, y), optionally in another hall."""

    op: Literal["move"]
    request_id: RequestId
    x: Coordinate
    y: Coordinate
    hall: HallId | None = None


class Resize(Body):
    """New width and depth; (x, y) moves the lower-left corner too (a handle on that side)."""

    op: Literal["resize"]
    request_id: RequestId
    width: Size
    depth: Size
    x: Coordinate | None = None
    y: Coordinate | None = None


class Rotate(Body):
    """Turn a stand 90 degrees about its centre: width and depth swap."""

    op: Literal["rotate"]
    request_id: RequestId


class Lock(Body):
    op: Literal["lock"]
    request_id: RequestId
    locked: bool


class Place(Body):
    """Give an unplaced request a stand; the size defaults to the request's most compact."""

    op: Literal["place"]
    request_id: RequestId
    hall: HallId
    x: Coordinate
    y: Coordinate
    width: Size | None = None
    depth: Size | None = None


class Unplace(Body):
    """Send a stand back to the unplaced list with the planner's reason."""

    op: Literal["unplace"]
    request_id: RequestId
    reason: Annotated[str, Field(min_length=1, max_length=500)]


Edit = Annotated[Move | Resize | Rotate | Lock | Place | Unplace, Field(discriminator="op")]


class EditRequest(BaseModel):
    """The body of POST /api/edit: `{"edit": {"op": "move", ...}}`."""

    model_config = ConfigDict(extra="forbid")
    edit: Edit


class SolveRequest(Body):
    """The body of POST /api/solve; omitted values come from the event's `solver` settings."""

    time_limit_s: Annotated[float, Field(gt=0, le=3600, allow_inf_nan=False)] | None = None
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    workers: Annotated[int, Field(ge=1, le=64)] | None = None


__all__ = [
    "Edit",
    "EditRequest",
    "Lock",
    "Move",
    "Place",
    "Resize",
    "Rotate",
    "SolveRequest",
    "Unplace",
]
