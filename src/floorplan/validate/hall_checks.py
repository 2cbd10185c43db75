"""The rules that need the hall's walkable space: access (C4), open sides (C5), travel (C7).

A stand without access (C4) is not also reported under C5 and C7: its open
sides and walk out follow from the missing access and would only repeat it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from floorplan.model.event import Rules
from floorplan.model.layout import Stand
from floorplan.model.venue import Hall
from floorplan.validate.access import StandAccess, stand_access
from floorplan.validate.checks import EPS, centre, fmt_m
from floorplan.validate.report import Violation, violation
from floorplan.validate.travel import ExitField, StandTravel, to_open_side, to_windows
from floorplan.validate.walkable import HallSpace, hall_space

ACCESS_M = 1.0
"""C4: a stand borders walkable space along at least this much of its outline."""


@dataclass
class HallResult:
    hall_id: str
    violations: list[Violation] = field(default_factory=list)
    open_sides: dict[str, int] = field(default_factory=dict)
    travel_m: dict[str, float] = field(default_factory=dict)
    to_aisle_m: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class HallJob:
    """Everything one hall's checks need; small and picklable for worker processes."""

    hall: Hall
    stands: tuple[Stand, ...]
    needs: tuple[int | None, ...]
    rules: Rules


def space_of(hall: Hall, stands: tuple[Stand, ...] | list[Stand], rules: Rules) -> HallSpace:
    return hall_space(hall, [s.shape for s in stands], rules.aisle_width_m)


def run_hall(work: HallJob) -> HallResult:
    hall, rules = work.hall, work.rules
    stands = list(work.stands)
    result = HallResult(hall.id)
    if not stands:
        return result
    space = space_of(hall, stands, rules)
    accesses = stand_access(stands, space.walkable)
    field_ = ExitField(space.walkable, space.doors)
    for stand, access, need in zip(stands, accesses, work.needs, strict=True):
        sid = stand.request_id
        opened = access.open_sides(EPS)
        result.open_sides[sid] = len(opened)
        if access.total_bordering < ACCESS_M - EPS:
            result.violations.append(_no_access(hall, stand, access, space))
            continue
        if need is not None and len(opened) < need:
            names = ", ".join(access.sides[i].name for i in opened) or "none"
            result.violations.append(
                violation(
                    "C5",
                    hall.id,
                    [sid],
                    f"{len(opened)} open side{'s' if len(opened) != 1 else ''} ({names}) "
                    f"< {need} needed",
                    measured=float(len(opened)),
                    limit=float(need),
                    at=centre(stand),
                )
            )
        travel = field_.stand_travel(stand, access)
        result.travel_m[sid] = travel.worst_m
        if travel.worst_m > rules.max_travel_m + EPS:
            result.violations.append(_too_far(hall, stand, travel, rules.max_travel_m))
        reach = _to_aisle(stand, access, opened)
        result.to_aisle_m[sid] = reach
        if reach > rules.max_to_aisle_m + EPS:
            result.violations.append(
                violation(
                    "C7",
                    hall.id,
                    [sid],
                    f"walk inside the stand to its nearest open side {fmt_m(reach)} m > "
                    f"{rules.max_to_aisle_m:g} m",
                    measured=reach,
                    limit=rules.max_to_aisle_m,
                    at=centre(stand),
                )
            )
    return result


def _to_aisle(stand: Stand, access: StandAccess, opened: list[int]) -> float:
    if opened:
        return to_open_side(stand, opened, access)
    # An untyped stand may have access without a full open side: measure to its windows.
    return to_windows(stand, access)


def _no_access(hall: Hall, stand: Stand, access: StandAccess, space: HallSpace) -> Violation:
    sid = stand.request_id
    length = access.total_bordering
    why = ""
    if not space.enclosed.is_empty:
        lost = stand_access([stand], space.enclosed)[0].total_bordering
        if lost >= ACCESS_M - EPS:
            why = "; the aisle it faces leads to no exit"
    return violation(
        "C4",
        hall.id,
        [sid],
        f"borders walkable space along {length:.2f} m of its outline < {ACCESS_M:g} m{why}",
        measured=length,
        limit=ACCESS_M,
        at=centre(stand),
    )


def _too_far(hall: Hall, stand: Stand, travel: StandTravel, limit: float) -> Violation:
    what = (
        "no walking route to an exit"
        if math.isinf(travel.worst_m)
        else f"walk to nearest exit {fmt_m(travel.worst_m)} m > {limit:g} m"
    )
    return violation(
        "C7",
        hall.id,
        [stand.request_id],
        what,
        measured=travel.worst_m,
        limit=limit,
        at=travel.worst_at,
    )


__all__ = ["ACCESS_M", "HallJob", "HallResult", "run_hall", "space_of"]
