"""Figures about a layout that are not pass/fail: fill, open sides, travel, fairness.

Fairness asks whether exhibitors who paid more (higher `tier`) got stands
nearer the entrances. Per hall it is Kendall's tau-b between tier and
proximity, where proximity is minus the straight-line distance from the
stand centre to the nearest `kind: entrance` door of the hall (all exits if
the hall has no entrance). +1: higher tiers are strictly nearer; 0: no
relation; -1: higher tiers are farther. Halls where tau-b is undefined (fewer
than two stands, one tier only, or all stands equally near) are left out;
the event figure is the mean over the other halls weighted by their stand
count, or None when no hall defines it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import shapely
from shapely import Point

from floorplan.model.venue import Hall


def kendall_tau_b(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Kendall's tau-b (ties corrected); None when either variable is constant."""
    n = len(xs)
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx = _sign(xs[i] - xs[j])
            dy = _sign(ys[i] - ys[j])
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif dx == dy:
                concordant += 1
            else:
                discordant += 1
    denom = math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    if denom == 0:
        return None
    return (concordant - discordant) / denom


def _sign(v: float) -> int:
    if abs(v) <= 1e-9:
        return 0
    return 1 if v > 0 else -1


def proximity(hall: Hall, centres: Sequence[tuple[float, float]]) -> list[float]:
    """Minus the straight distance from each point to the hall's nearest entrance door."""
    exits = [ex for ex in hall.exits if ex.kind == "entrance"] or list(hall.exits)
    doors = shapely.union_all([ex.door(hall.shape) for ex in exits])
    return [-float(doors.distance(Point(c))) for c in centres]


def fairness(per_hall: dict[str, tuple[float | None, int]]) -> float | None:
    """Stand-weighted mean of the halls' tau-b values that are defined."""
    total = weight = 0.0
    for tau, n in per_hall.values():
        if tau is not None:
            total += tau * n
            weight += n
    return None if weight == 0 else total / weight


__all__ = ["fairness", "kendall_tau_b", "proximity"]
