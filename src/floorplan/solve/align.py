"""Blocks slid onto each other's lines: the last touch that makes a layout read as a plan.

In a planner's plan the blocks stand on a grid of straight aisles, so most
block edges lie on the same line as another block's edge. The skeleton gives
that where bands are full. Where a band is half full (a sparse hall), where a
column cut a band, or where a stand was seated on the open floor, a block's
end floats. This pass slides whole blocks, rigidly, along x or along y until
one of their edges lies on another block's line, and keeps a slide only when
the hall then has more aligned edges and every rule `lineup.Lineup` checks
still holds; a sliding block also stays an aisle from every other stand, so
blocks never merge and every row keeps its length (C10). Between two rounds
of slides, stray stands join the end of a row (`tidy`).

Blocks holding a kept (baseline) stand never move. The number of moves
tried is a work budget (`Params.align_cells`), never a time.
"""

from __future__ import annotations

import math
import time

import numpy as np

from floorplan.model.event import Rules
from floorplan.sizes import width_range
from floorplan.solve.lineup import ALIGN_M, Lineup, aligned, blocks, box_of
from floorplan.solve.pack import Placed
from floorplan.solve.params import Params
from floorplan.solve.problem import HallProblem, Rect
from floorplan.solve.tidy import join_strays


def gains(
    others: np.ndarray, owners: np.ndarray, own: tuple[int, int], shifts: np.ndarray, tol: float
) -> np.ndarray:
    """Aligned edges gained by sliding one block by each shift along one axis.

    `others` are the coordinates of the other blocks' edges across that axis
    (both ends), `owners` which block each belongs to, `own` the sliding
    block's two edges. An edge of another block counts as aligned after the
    slide when it was aligned without the sliding block or lines up with it
    now; the sliding block's edges count when they line up with any other.
    """
    t = tol + 1e-9
    among = (np.abs(others[:, None] - others[None, :]) <= t) & (owners[:, None] != owners[None, :])
    without = among.any(axis=1)

    def score(d: np.ndarray) -> np.ndarray:
        mine = np.asarray(own, dtype=float)[None, :] + d[:, None]  # (shifts, 2)
        near = np.abs(others[None, None, :] - mine[:, :, None]) <= t  # (shifts, 2, edges)
        out: np.ndarray = near.any(axis=2).sum(axis=1)
        out += (without[None, :] | near.any(axis=1)).sum(axis=1)
        return out

    gained: np.ndarray = score(shifts.astype(float)) - score(np.zeros(1))[0]
    return gained


def align(
    p: HallProblem, placed: list[Placed], params: Params, deadline: float | None = None
) -> tuple[list[Placed], bool]:
    """The hall's stands with blocks slid onto other blocks' lines and strays joined to rows
    where every rule holds, and whether the passes ran to the end of their work budget.

    Blocks slide first; then stray stands join rows (`tidy`), and the blocks that
    changed slide again. One budget for all: each move tried costs one walk of the
    hall's raster, and `params.align_cells` bounds the cells walked. `deadline` (a
    `time.monotonic()` value) is an emergency stop only: past it nothing more is
    tried, and the answer says it was cut short.
    """
    if not placed or params.align_cells <= 0:
        return list(placed), True
    hall = Lineup(p, placed, params)
    if len(hall.blocks) < 2:
        return list(placed), True
    done = slide_blocks(hall, deadline)
    if done:
        joined, done = join_strays(hall, deadline)
        if done and joined:
            done = slide_blocks(hall, deadline)
    if done:
        done = stretch_blocks(hall, deadline)
    return hall.result(), done


def slide_blocks(hall: Lineup, deadline: float | None) -> bool:
    """Blocks slid onto other blocks' lines; False if the deadline cut the pass short.

    Greedy and deterministic: blocks in order of position, x before y, the
    slide that aligns most edges first (the shortest among equals); the first
    slide that keeps every rule is kept.
    """
    g = hall.p.g
    tol = ALIGN_M / g
    reach = hall.params.align_shift_m / g
    off = math.floor(tol + 1e-9)
    slack = np.arange(-off, off + 1)
    start = hall.boxes()
    order = sorted(range(len(hall.blocks)), key=lambda k: start[k])
    improved = True
    while improved and not hall.spent:
        improved = False
        for k in order:
            if not hall.movable(k):
                continue
            for axis in (0, 1):
                boxes = hall.boxes()
                others = np.array(
                    [c for j, b in enumerate(boxes) if j != k for c in (b[axis], b[axis + 2])]
                )
                owners = np.array([j for j in range(len(boxes)) if j != k for _ in (0, 1)])
                own = (boxes[k][axis], boxes[k][axis + 2])
                exact = np.concatenate([others - own[0], others - own[1]])
                # Within the tolerance of a line counts too: on a fine grid the
                # nearest slide that keeps a passage may be a unit or two off it.
                shifts = np.unique(exact[:, None] + slack[None, :])
                shifts = shifts[(shifts != 0) & (np.abs(shifts) <= reach)]
                if not len(shifts):
                    continue
                gain = gains(others, owners, own, shifts, tol)
                for i in sorted(
                    np.nonzero(gain > 0)[0], key=lambda i: (-gain[i], abs(shifts[i]), shifts[i])
                ):
                    if hall.spent:
                        break
                    if deadline is not None and time.monotonic() > deadline:
                        return False
                    if hall.slide(k, axis, int(shifts[i])):
                        improved = True
                        break
    return True


def stretch_blocks(hall: Lineup, deadline: float | None) -> bool:
    """Block edges moved onto other blocks' lines by making the stands along the edge
    deeper or shallower, within their area tolerance; False if the deadline cut it short.

    A slide moves both edges of a block; where the other edge is on a line already, or
    a block's depth is not any other block's, only a stand's size can bring the floating
    edge onto a line (a 20 x 20 m island beside 21 m deep rows: 20 x 21 m is within
    its 10%). The stands whose side makes the edge grow or shrink together; every rule is
    checked as for a slide. Greedy and deterministic like the slides.
    """
    g = hall.p.g
    rules = hall.p.rules
    tol = ALIGN_M / g
    reach = hall.params.align_shift_m / g
    order = sorted(range(len(hall.blocks)), key=lambda k: hall.boxes()[k])
    for k in order:
        if not hall.movable(k):
            continue
        for axis in (0, 1):
            for end in (0, 1):
                boxes = hall.boxes()
                edge = boxes[k][axis + 2 * end]
                side = [
                    i
                    for i in hall.blocks[k].members
                    if hall.rects[i][axis] + end * hall.rects[i][axis + 2] == edge
                ]
                if any(hall.placed[i].request.exact_size is not None for i in side):
                    continue
                lines = sorted(
                    {c for j, b in enumerate(boxes) if j != k for c in (b[axis], b[axis + 2])}
                )
                base = aligned(boxes, tol)
                options = []
                for c in lines:
                    delta = c - edge
                    if delta == 0 or abs(delta) > reach:
                        continue
                    moved = _stretched(hall, side, axis, end, delta)
                    if moved is None or not _sizes_ok(hall, moved, rules):
                        continue
                    # The whole block counts as moved: a passage is kept from the others.
                    moved = {i: moved.get(i, hall.rects[i]) for i in hall.blocks[k].members}
                    rects = list(moved.values())
                    trial = list(boxes)
                    trial[k] = box_of(rects)
                    gain = aligned(trial, tol) - base
                    if gain > 0:
                        options.append((-gain, abs(delta), delta, moved))
                for *_, moved in sorted(options, key=lambda o: o[:3]):
                    if hall.spent:
                        return True
                    if deadline is not None and time.monotonic() > deadline:
                        return False
                    if hall.move(moved, apart=True):
                        break
    return True


def _stretched(
    hall: Lineup, side: list[int], axis: int, end: int, delta: int
) -> dict[int, Rect] | None:
    """The stands along one edge of a block with that edge moved by `delta` grid units."""
    out: dict[int, Rect] = {}
    for i in side:
        r = list(hall.rects[i])
        if end == 0:
            r[axis] += delta
            r[axis + 2] -= delta
        else:
            r[axis + 2] += delta
        if r[axis + 2] <= 0:
            return None
        out[i] = (r[0], r[1], r[2], r[3])
    return out


def _sizes_ok(hall: Lineup, moved: dict[int, Rect], rules: Rules) -> bool:
    """Each resized stand keeps an area within its tolerance, its min side and aspect."""
    for i, (_, _, w, d) in moved.items():
        span = width_range(hall.placed[i].request, d, rules)
        if span is None or not span[0] <= w <= span[1]:
            return False
    return True


__all__ = ["align", "aligned", "blocks", "gains"]
