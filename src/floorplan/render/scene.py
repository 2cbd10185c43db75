"""What one hall's map shows, computed once and drawn by the sheet and the overview."""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

from floorplan.model.event import Event
from floorplan.model.layout import Layout, Stand
from floorplan.model.venue import Hall
from floorplan.numbering import AisleMark, aisle_marks
from floorplan.render.space import walkable
from floorplan.render.verdict import ReportLike, ViolationLike, hall_violations
from floorplan.sides import open_sides


@dataclass(frozen=True)
class HallScene:
    hall: Hall
    stands: list[Stand]
    walkable: BaseGeometry
    open: list[frozenset[int]]
    """Per stand, the indices of its open sides (`floorplan.sides.stand_sides` order)."""
    numbers: dict[str, str]
    violations: list[ViolationLike]
    aisles: list[AisleMark] = field(default_factory=list)
    """Where the aisle letters of the numbering go."""


def stand_numbers(event: Event, layout: Layout) -> dict[str, str]:
    """Numbers from the layout where it has them, computed where it does not.

    A planner's hand-written number wins; computed numbers that would repeat
    one of them get a trailing apostrophe so that the map never shows two
    stands under one number.
    """
    given = {s.request_id: s.number for s in layout.stands if s.number}
    if len(given) == len(layout.stands):
        return given
    from floorplan.numbering import number_stands

    computed = number_stands(event, layout.stands)
    taken = set(given.values())
    out = dict(given)
    for rid, number in computed.items():
        if rid in out:
            continue
        while number in taken:
            number += "'"
        taken.add(number)
        out[rid] = number
    return out


def build_scene(
    event: Event,
    layout: Layout,
    hall_id: str,
    report: ReportLike | None,
    numbers: dict[str, str] | None = None,
) -> HallScene:
    hall = event.venue.hall(hall_id)
    stands = sorted(
        (s for s in layout.stands if s.hall == hall_id), key=lambda s: (s.y, s.x, s.request_id)
    )
    space = walkable(event, layout, hall_id)
    if numbers is None:
        numbers = stand_numbers(event, layout)
    stand_halls = {s.request_id: s.hall for s in layout.stands}
    return HallScene(
        hall=hall,
        stands=stands,
        walkable=space,
        open=open_sides(stands, space),
        numbers=numbers,
        violations=hall_violations(report, hall_id, stand_halls),
        aisles=aisle_marks(event, stands, numbers),
    )


__all__ = ["HallScene", "build_scene", "stand_numbers"]
