"""Where visitors can walk (which stand sides open onto it: `floorplan.sides`).

The validator owns the definition of walkable space (CONTRACT.md rule 4);
the map shows the validator's answer whenever `floorplan.validate` provides
`walkable_space`. The fallback here follows the same contract wording (free
floor whose clear width is at least the aisle width and that reaches an exit)
so the renderer works, and its tests run, without the validator.
"""

from __future__ import annotations

from collections.abc import Callable

from shapely import Polygon, unary_union
from shapely.geometry.base import BaseGeometry

from floorplan.model.event import Event
from floorplan.model.layout import Layout
from floorplan.sides import free_floor

WalkableFn = Callable[[Event, Layout, str], BaseGeometry]


def fallback_walkable(event: Event, layout: Layout, hall_id: str) -> BaseGeometry:
    """Free floor at least one aisle wide that connects to an exit door."""
    hall = event.venue.hall(hall_id)
    stands = [s for s in layout.stands if s.hall == hall_id]
    free = free_floor(hall, stands)
    r = event.rules.aisle_width_m / 2 - 1e-6
    # A mitred opening keeps the square corners of aisle crossings that a
    # round one would shave off; what it removes is narrower than an aisle.
    opened = free.buffer(-r, join_style="mitre").buffer(r, join_style="mitre").intersection(free)
    doors = [ex.door(hall.shape) for ex in hall.exits]
    parts = [
        p
        for p in getattr(opened, "geoms", [opened])
        if isinstance(p, Polygon) and not p.is_empty and any(p.distance(d) < 1e-3 for d in doors)
    ]
    return unary_union(parts) if parts else Polygon()


def validator_walkable() -> WalkableFn | None:
    try:
        from floorplan.validate import walkable_space
    except ImportError:
        return None
    fn: WalkableFn = walkable_space
    return fn


def walkable(event: Event, layout: Layout, hall_id: str) -> BaseGeometry:
    fn = validator_walkable() or fallback_walkable
    return fn(event, layout, hall_id)


__all__ = ["fallback_walkable", "validator_walkable", "walkable"]
