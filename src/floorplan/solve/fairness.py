"""Fairness as an assignment: once the slots exist, higher tiers take the nearer ones.

The packer hands out slots in tier order from the entrance outward, but it
decides one block at a time. Once every slot exists, who sits where is an
assignment problem with an exact answer: each request may take any slot its
size and booth type fit, and the higher the tier, the nearer the slot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from floorplan.model.event import Request
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


MOVE_COST = 0.1
"""Cost of moving a request off its slot: below any real gain (one tier one rank = 1 for
two moves), so a request that gains nothing stays where the packer put it."""


def assign_tiers(
    placed: list[Placed],
    nearness: Callable[[Placed], float],
    movable: Callable[[Placed], bool],
    fits: Callable[[Request, Placed], bool],
) -> list[Placed]:
    """Requests re-seated among the slots they fit so that higher tiers stand nearer.

    A linear assignment (scipy's exact solver): every movable request may take
    every movable slot it fits (size within its tolerance, enough open sides);
    the objective rewards tier times nearness rank, and a request that gains
    nothing stays where it is.
    """
    idx = [i for i, pl in enumerate(placed) if movable(pl)]
    if len(idx) < 2:
        return list(placed)
    slots = [placed[i] for i in idx]
    reqs = [pl.request for pl in slots]
    if len({r.tier for r in reqs}) < 2:
        return list(placed)
    near = np.array([nearness(pl) for pl in slots])
    rank = np.argsort(np.argsort(near, kind="stable"), kind="stable").astype(float)
    n = len(slots)
    big = 1e9
    cost = np.full((n, n), big)
    for i, r in enumerate(reqs):
        for j, pl in enumerate(slots):
            if i == j or fits(r, pl):
                cost[i, j] = -r.tier * rank[j] + (0.0 if i == j else MOVE_COST)
    rows, cols = linear_sum_assignment(cost)
    out = list(placed)
    for i, j in zip(rows, cols, strict=True):
        if cost[i, j] >= big:
            return list(placed)
        old = slots[j]
        out[idx[j]] = Placed(reqs[i], old.rect, old.open_sides, old.segment)
    return out


__all__ = ["assign_tiers", "tau_b"]
