"""Fairness as an assignment: once the slots exist, higher tiers take the nearer ones.

The packer already hands out slots in tier order from the entrance outward;
what it cannot see is that two slots of the same size and the same open
sides are interchangeable. Among such slots, giving the nearest to the
highest tier is the exact optimum of the assignment (sorting both sides is
optimal for equal slots), so that is what `assign_tiers` does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from floorplan.solve.pack import Placed


def tau_b(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Kendall's tau-b, vectorised (the solver scores every candidate skeleton with it)."""
    n = len(xs)
    if n < 2:
        return None
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    dx = np.sign(x[:, None] - x[None, :])
    dy = np.sign(np.round(y[:, None] - y[None, :], 9))
    iu = np.triu_indices(n, 1)
    sx, sy = dx[iu], dy[iu]
    both = sx * sy
    conc = int((both > 0).sum())
    disc = int((both < 0).sum())
    tx = int(((sx == 0) & (sy != 0)).sum())
    ty = int(((sy == 0) & (sx != 0)).sum())
    denom = np.sqrt(float(conc + disc + tx) * float(conc + disc + ty))
    return None if denom == 0 else float((conc - disc) / denom)


def assign_tiers(
    placed: list[Placed], nearness: Callable[[Placed], float], movable: Callable[[Placed], bool]
) -> list[Placed]:
    """Requests swapped among identical slots so that higher tiers stand nearer."""
    classes: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, pl in enumerate(placed):
        if movable(pl):
            _, _, w, d = pl.rect
            classes[(w, d, pl.open_sides)].append(i)
    out = list(placed)
    for members in classes.values():
        if len(members) < 2:
            continue
        slots = sorted(members, key=lambda i: (-nearness(placed[i]), i))
        reqs = sorted(
            (placed[i].request for i in members), key=lambda r: (-r.tier, -r.area_m2, r.id)
        )
        for i, req in zip(slots, reqs, strict=True):
            old = placed[i]
            need = req.open_sides_needed
            if need > old.open_sides:
                return list(placed)
            out[i] = Placed(req, old.rect, old.open_sides, old.segment)
    return out


__all__ = ["assign_tiers", "tau_b"]
