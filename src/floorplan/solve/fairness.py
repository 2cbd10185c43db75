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
from floorplan.solve.problem import Box, Rect, blocks, box_of


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


def runs(placed: Sequence[Placed], movable: Callable[[Placed], bool], axis: int) -> list[list[int]]:
    """Runs of two or more movable stands side by side along `axis` (0: x, 1: y), of one
    depth on one line, each touching the next: together they cover one rectangle."""
    lines: dict[tuple[int, int], list[int]] = {}
    for i, pl in enumerate(placed):
        if movable(pl):
            rect = pl.rect
            lines.setdefault((rect[1 - axis], rect[3 - axis]), []).append(i)
    out: list[list[int]] = []
    for members in lines.values():
        members.sort(key=lambda i: placed[i].rect[axis])
        run = members[:1]
        for i in members[1:]:
            prev = placed[run[-1]].rect
            if prev[axis] + prev[axis + 2] == placed[i].rect[axis]:
                run.append(i)
                continue
            if len(run) > 1:
                out.append(run)
            run = [i]
        if len(run) > 1:
            out.append(run)
    return out


def _orders(stands: list[Placed]) -> list[list[int]]:
    """Orders of a run to try, nearest place first: by tier alone; and with the stands that
    need two open sides at the ends (a row's middle has one face to an aisle in a double
    band), the higher tier of them at the nearer end or, alone, at either end."""

    def by_tier(ks: list[int]) -> list[int]:
        return sorted(ks, key=lambda k: (-stands[k].request.tier, k))

    every = list(range(len(stands)))
    out = [by_tier(every)]
    ends = by_tier([k for k in every if stands[k].request.open_sides_needed >= 2])
    middle = by_tier([k for k in every if k not in ends])
    if len(ends) == 2:
        out.append([ends[0], *middle, ends[1]])
    elif len(ends) == 1:
        out += [[ends[0], *middle], [*middle, ends[0]]]
    return out


def order_rows(
    placed: list[Placed],
    nearness: Callable[[Placed], float],
    movable: Callable[[Placed], bool],
    keeps: Callable[[list[Placed]], bool],
) -> list[Placed]:
    """Stands side by side in a row re-ordered by tier, the highest at the end nearer the
    entrance, where that makes the hall fairer (tau-b).

    The assignment only trades slots of one size; a row of a 3 m, a 6 m and a 4 m
    stand can hold them in any order. The run covers the same floor whatever its
    order, so nobody else's aisles, open sides or walks change; `keeps` checks the
    moved stands' own (their open sides, walk and depth to an aisle).
    """
    out = list(placed)
    if len({pl.request.tier for pl in out}) < 2:
        return out
    seen: dict[tuple[int, int, int, int], float] = {}

    def near(pl: Placed) -> float:
        if pl.rect not in seen:
            seen[pl.rect] = nearness(pl)
        return seen[pl.rect]

    def fairness(ps: list[Placed]) -> float:
        tau = tau_b([pl.request.tier for pl in ps], [near(pl) for pl in ps])
        return -2.0 if tau is None else tau

    for axis in (0, 1):
        for run in runs(out, movable, axis):
            stands = [out[i] for i in run]
            toward = near(stands[0]) >= near(stands[-1])  # the first end is nearer
            # A place keeps its open sides, whoever takes it: the ends theirs, the middle
            # the fewest any middle stand had.
            middle = min((pl.open_sides for pl in stands[1:-1]), default=0)
            sides = [stands[0].open_sides, *[middle] * (len(stands) - 2), stands[-1].open_sides]
            best, score = out, fairness(out)
            for order in _orders(stands):
                if not toward:
                    order.reverse()
                if order == list(range(len(stands))):
                    continue
                at = stands[0].rect[axis]
                moved = []
                for place, k in enumerate(order):
                    x, y, w, d = stands[k].rect
                    rect = (at, y, w, d) if axis == 0 else (x, at, w, d)
                    at += stands[k].rect[axis + 2]
                    moved.append(Placed(stands[k].request, rect, sides[place], stands[k].segment))
                trial = list(out)
                for i, pl in zip(run, moved, strict=True):
                    trial[i] = pl
                got = fairness(trial)
                if got > score + 1e-12 and keeps(moved):
                    best, score = trial, got
            out = best
    return out


def _concordance(tiers: np.ndarray, near: np.ndarray, moved: Sequence[int], at: np.ndarray) -> int:
    """Concordant less discordant pairs (tau-b's numerator) that involve the stands
    `moved`, with their nearness `at`: the only pairs a trade of their places changes."""
    near = near.copy()
    idx = list(moved)
    near[idx] = at
    t, n = tiers[idx], near[idx]
    across = np.sign(t[:, None] - tiers[None, :]) * np.sign(np.round(n[:, None] - near[None, :], 9))
    # Pairs of two moved stands were counted from both ends (the matrix is symmetric).
    inner = np.sign(t[:, None] - t[None, :]) * np.sign(np.round(n[:, None] - n[None, :], 9))
    return int(across.sum()) - int(np.triu(inner, 1).sum())


def _moved(stands: list[Placed], frm: Box, to: Box, flip: int, segment: int) -> list[Placed]:
    """Stands of the block whose box is `frm` set into the box `to` (the same size) and its
    `segment`, mirrored across x (flip bit 1) and y (flip bit 2); their open sides are
    measured by the caller."""
    out = []
    for pl in stands:
        x, y, w, d = pl.rect
        nx = to[0] + (frm[2] - x - w if flip & 1 else x - frm[0])
        ny = to[1] + (frm[3] - y - d if flip & 2 else y - frm[1])
        out.append(Placed(pl.request, (nx, ny, w, d), pl.open_sides, segment))
    return out


def _best_trade(
    out: list[Placed],
    tiers: np.ndarray,
    nearby: np.ndarray,
    a: tuple[Box, list[int]],
    b: tuple[Box, list[int]],
    nearness: Callable[[Rect], float],
    keeps: Callable[[list[Placed]], list[Placed] | None],
) -> list[Placed] | None:
    """The stands of blocks `a` and `b` (box, members) in each other's box, each block
    mirrored the way that adds the most concordant pairs and keeps every stand served;
    None when no way adds any."""
    (box_a, ma), (box_b, mb) = a, b
    now = _concordance(tiers, nearby, ma + mb, nearby[ma + mb])
    best: tuple[int, list[Placed]] | None = None
    for fa in range(4):
        into_b = _moved([out[i] for i in ma], box_a, box_b, fa, out[mb[0]].segment)
        for fb in range(4):
            moved = into_b + _moved([out[i] for i in mb], box_b, box_a, fb, out[ma[0]].segment)
            at = np.array([nearness(pl.rect) for pl in moved])
            gain = _concordance(tiers, nearby, ma + mb, at) - now
            if gain > 0 and (best is None or gain > best[0]):
                kept = keeps(moved)
                if kept is not None:
                    best = (gain, kept)
    return None if best is None else best[1]


def swap_blocks(
    placed: list[Placed],
    nearness: Callable[[Rect], float],
    movable: Callable[[Placed], bool],
    near: int,
    keeps: Callable[[list[Placed]], list[Placed] | None],
    rounds: int,
) -> list[Placed]:
    """Whole blocks of one size traded so that higher tiers stand nearer the entrance.

    The assignment trades slots a stand fits; a block of two peninsulas and a block
    holding one island of twice their size fit each other's stands only as blocks.
    Two blocks (stands closer than `near` grid units, as rule C10 groups them) that
    each cover their bounding box wholly, of one size, may trade their stands,
    each block's mirrored as needed: the floor covered stays the same, so the walk
    does too, and `keeps` checks the moved stands' own open sides and walks (it returns
    them with their open sides as measured, or None). A trade is made when it adds
    concordant pairs of tier and nearness; at most `rounds` passes over the pairs.
    """
    out = list(placed)
    if len(out) < 3 or len({pl.request.tier for pl in out}) < 2:
        return out
    tiers = np.array([pl.request.tier for pl in out], dtype=float)
    for _ in range(rounds):
        rects = [pl.rect for pl in out]
        boxes: dict[tuple[int, int, int], list[tuple[Box, list[int]]]] = {}
        for group in blocks(rects, near):
            members = list(group)
            if not all(movable(out[i]) for i in members):
                continue
            segment = out[members[0]].segment
            if any(out[i].segment != segment for i in members):
                continue
            box = box_of([rects[i] for i in members])
            covered = sum(rects[i][2] * rects[i][3] for i in members)
            if covered != (box[2] - box[0]) * (box[3] - box[1]):
                continue  # not wholly covered: a trade would move floor, and the walk
            # Raw space, the open floor's stands and the bands' trade among their own kind.
            kind = (box[2] - box[0], box[3] - box[1], min(segment, 0))
            boxes.setdefault(kind, []).append((box, members))
        nearby = np.array([nearness(pl.rect) for pl in out])
        traded = False
        for same in boxes.values():
            if len({tuple(sorted(tiers[m].tolist())) for _, m in same}) < 2:
                continue
            for a, (box_a, ma) in enumerate(same):
                for box_b, mb in same[a + 1 :]:
                    stands = [out[i] for i in ma + mb]
                    if {pl.rect for pl in stands} != {rects[i] for i in ma + mb}:
                        continue  # a block this round already moved
                    best = _best_trade(
                        out, tiers, nearby, (box_a, ma), (box_b, mb), nearness, keeps
                    )
                    if best is not None:
                        for i, pl in zip(ma + mb, best, strict=True):
                            out[i] = pl
                            nearby[i] = nearness(pl.rect)
                        traded = True
        if not traded:
            break
    return out


__all__ = ["assign_tiers", "order_rows", "runs", "swap_blocks", "tau_b"]
