"""Tier order among equal stands: the last word on who stands nearest the entrance.

Two stands of the same size occupy slots whose access, travel and clearances do
not depend on who stands in them, so exhibitors can trade slots without
touching the floor plan. After placement, the slots of each size in a hall go
to the highest tiers first, nearest the entrance first, as long as every
exhibitor keeps the open sides its booth type needs. Pavilion members,
keep-apart pairs and stands kept from a baseline stay where they are.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from floorplan.model.event import Event
from floorplan.model.layout import Stand

EPS = 1e-6


def _closed_sides(stand: Stand, others: list[Stand], outline_bounds: tuple[float, ...]) -> int:
    """Sides of a slot lying against another stand or the hall's outer wall."""
    x0, y0, x1, y1 = stand.x, stand.y, stand.x + stand.width, stand.y + stand.depth
    bx0, by0, bx1, by1 = outline_bounds
    closed = 0
    for side in "BTLR":
        if side in "BT":
            at = y0 if side == "B" else y1
            wall = abs(at - (by0 if side == "B" else by1)) < EPS
            touching = any(
                abs((o.y + o.depth if side == "B" else o.y) - at) < EPS
                and min(x1, o.x + o.width) - max(x0, o.x) > EPS
                for o in others
            )
        else:
            at = x0 if side == "L" else x1
            wall = abs(at - (bx0 if side == "L" else bx1)) < EPS
            touching = any(
                abs((o.x + o.width if side == "L" else o.x) - at) < EPS
                and min(y1, o.y + o.depth) - max(y0, o.y) > EPS
                for o in others
            )
        closed += wall or touching
    return closed


def tier_order(event: Event, stands: list[Stand], pinned: set[str]) -> list[Stand]:
    """Higher tiers nearer the entrance: rows reordered, then equal stands traded."""
    return _equal_slots(event, _row_order(event, stands, pinned), pinned)


def _row_order(event: Event, stands: list[Stand], pinned: set[str]) -> list[Stand]:
    """Within each run of stands end to end, the interior ones ordered by tier.

    The interior stands of a run all open onto the same front aisle only, so
    their order changes nobody's size or open sides; the ends (where corner
    stands stand) stay put.
    """
    requests = event.request_by_id
    moved: dict[str, Stand] = {}
    for horizontal in (True, False):
        lines: dict[tuple[str, float, float], list[Stand]] = defaultdict(list)
        for s in stands:
            key = (
                s.hall,
                round(s.y if horizontal else s.x, 6),
                round(s.depth if horizontal else s.width, 6),
            )
            lines[key].append(moved.get(s.request_id, s))
        for (hall_id, _, _), line in lines.items():
            if hall_id not in event.halls:
                continue
            near = _nearness(event, hall_id)
            line.sort(key=lambda s: s.x if horizontal else s.y)
            for run in _runs(line, horizontal):
                inner = run[1:-1]
                if len(inner) < 2 or any(
                    s.request_id in pinned
                    or s.locked
                    or requests[s.request_id].pavilion
                    or requests[s.request_id].keep_apart
                    or requests[s.request_id].open_sides_needed > 1
                    for s in inner
                ):
                    continue
                start = inner[0].x if horizontal else inner[0].y
                first_near = near(inner[0]) <= near(inner[-1])
                order = sorted(inner, key=lambda s: (-requests[s.request_id].tier, s.request_id))
                if not first_near:
                    order.reverse()
                numbers = [s.number for s in inner]
                pos = start
                for s, number in zip(order, numbers, strict=True):
                    size = s.width if horizontal else s.depth
                    update = {"x": pos} if horizontal else {"y": pos}
                    moved[s.request_id] = s.model_copy(update={**update, "number": number})
                    pos = round(pos + size, 6)
    return [moved.get(s.request_id, s) for s in stands]


def _runs(line: list[Stand], horizontal: bool) -> list[list[Stand]]:
    runs: list[list[Stand]] = []
    for s in line:
        start = s.x if horizontal else s.y
        if runs:
            last = runs[-1][-1]
            end = last.x + last.width if horizontal else last.y + last.depth
            if abs(end - start) < EPS:
                runs[-1].append(s)
                continue
        runs.append([s])
    return runs


def _nearness(event: Event, hall_id: str) -> Callable[[Stand], float]:
    hall = event.venue.hall(hall_id)
    doors = [e for e in hall.exits if e.kind == "entrance"] or list(hall.exits)
    centres = [e.door(hall.shape).interpolate(0.5, normalized=True) for e in doors]

    def nearness(s: Stand) -> float:
        cx, cy = s.x + s.width / 2, s.y + s.depth / 2
        return min(math.hypot(cx - c.x, cy - c.y) for c in centres)

    return nearness


def _equal_slots(event: Event, stands: list[Stand], pinned: set[str]) -> list[Stand]:
    """Equal stands trade slots: the nearest go to the highest tiers."""
    requests = event.request_by_id
    by_hall: dict[str, list[Stand]] = defaultdict(list)
    for s in stands:
        by_hall[s.hall].append(s)
    moved: dict[str, Stand] = {}
    for hall_id, here in by_hall.items():
        if hall_id not in event.halls:
            continue
        hall = event.venue.hall(hall_id)
        nearness = _nearness(event, hall_id)
        groups: dict[tuple[float, float], list[Stand]] = defaultdict(list)
        for s in here:
            r = requests.get(s.request_id)
            if r is None or r.pavilion or r.keep_apart or s.locked or s.request_id in pinned:
                continue
            groups[round(s.width, 6), round(s.depth, 6)].append(s)
        bounds = hall.shape.bounds
        for members in groups.values():
            if len(members) < 2 or len({requests[s.request_id].tier for s in members}) < 2:
                continue
            others = {s.request_id: [o for o in here if o is not s] for s in members}
            slots = sorted(members, key=lambda s: (nearness(s), s.x, s.y))
            capacity = {
                s.request_id: 4 - _closed_sides(s, others[s.request_id], bounds) for s in slots
            }
            free = list(slots)
            plan: dict[str, Stand] = {}
            for s in sorted(members, key=lambda s: (-requests[s.request_id].tier, s.request_id)):
                need = requests[s.request_id].open_sides_needed
                slot = next((t for t in free if capacity[t.request_id] >= need), None)
                if slot is None:
                    plan = {}
                    break
                free.remove(slot)
                # The stand number belongs to the place, so it goes with the slot.
                plan[s.request_id] = s.model_copy(
                    update={"x": slot.x, "y": slot.y, "number": slot.number}
                )
            moved.update(plan)
    return [moved.get(s.request_id, s) for s in stands]
