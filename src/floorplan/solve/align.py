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
of slides, stray stands join the end of a row (`tidy`). Last, where no slide
brings both ends of a block onto lines, the stands at one end grow or shrink
within their area tolerance (the block sliding too where that helps).

Blocks holding a kept (baseline) stand never move. The walks and moves
tried are counted against a work budget (`Lineup.spent`), never a time.
"""

from __future__ import annotations

import math
import time

import numpy as np
import shapely

from floorplan.model.event import Rules
from floorplan.sizes import width_range
from floorplan.solve.lineup import ALIGN_M, Lineup, aligned
from floorplan.solve.pack import Placed
from floorplan.solve.params import Params
from floorplan.solve.problem import Box, HallProblem, Rect, blocks, box_of
from floorplan.solve.tidy import join_strays


def gains(
    others: np.ndarray, owners: np.ndarray, own: tuple[int, int], shifts: np.ndarray, tol: float
) -> np.ndarray:
    """Aligned edges gained by sliding one block by each shift along one axis.

    `others` are the coordinates of the other blocks' edges across that axis
    (both ends), `owners` which block each belongs to, `own` the sliding
    block's two edges.
    """
    mine = np.asarray(own, dtype=float)[None, :] + shifts.astype(float)[:, None]
    return edge_gains(others, owners, own, mine, tol)


def edge_gains(
    others: np.ndarray, owners: np.ndarray, own: tuple[int, int], ends: np.ndarray, tol: float
) -> np.ndarray:
    """Aligned edges gained by moving one block's two edges along one axis from `own` to
    each row of `ends` (a slide moves both by one shift; a resize moves them apart).

    An edge of another block counts as aligned after the move when it was aligned
    without the moving block or lines up with it now; the moving block's edges count
    when they line up with any other.
    """
    t = tol + 1e-9
    among = (np.abs(others[:, None] - others[None, :]) <= t) & (owners[:, None] != owners[None, :])
    without = among.any(axis=1)

    def score(mine: np.ndarray) -> np.ndarray:
        near = np.abs(others[None, None, :] - mine[:, :, None]) <= t  # (moves, 2, edges)
        out: np.ndarray = near.any(axis=2).sum(axis=1)
        out += (without[None, :] | near.any(axis=1)).sum(axis=1)
        return out

    now = score(np.asarray(own, dtype=float)[None, :])[0]
    gained: np.ndarray = score(np.asarray(ends, dtype=float).reshape(-1, 2)) - now
    return gained


def gain_pairs(edges: int, moves: int) -> int:
    """Edge pairs `edge_gains` compares for `edges` other edges and `moves` moves: every
    other edge with every other, and each move's two edges with every other (its work,
    which grows with the square of the hall's blocks)."""
    return edges * edges + 2 * (moves + 1) * edges


def aligned_pairs(boxes: int) -> int:
    """Edge pairs `lineup.aligned` compares for `boxes` blocks: both edges of every block
    with both of every other, along each axis."""
    return 8 * boxes * boxes


def apart(boxes: list[Box], k: int, axis: int) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """Across `axis` (0: x, 1: y): the other blocks' edges, which block each is, and block
    `k`'s own two edges (what `gains` and `edge_gains` read)."""
    others = np.array([c for j, b in enumerate(boxes) if j != k for c in (b[axis], b[axis + 2])])
    owners = np.array([j for j in range(len(boxes)) if j != k for _ in (0, 1)])
    return others, owners, (boxes[k][axis], boxes[k][axis + 2])


def align(
    p: HallProblem,
    placed: list[Placed],
    params: Params,
    deadline: float | None = None,
    work_ms: float = math.inf,
) -> tuple[list[Placed], bool]:
    """The hall's stands with blocks slid onto other blocks' lines and strays joined to rows
    where every rule holds, and whether the passes ran to the end of their work budget.

    Blocks slide first; then stray stands join rows (`tidy`), and the blocks that
    changed slide again. One budget for all: `work_ms` reference milliseconds, each
    move tried and each walk of the hall's raster counted (`Lineup.spent_ms`), within
    `params.align_cells` walked cells and `params.align_tries` moves. `deadline` (a
    `time.monotonic()` value) is an emergency stop only: past it nothing more is
    tried, and the answer says it was cut short.
    """
    if not placed or params.align_cells <= 0 or work_ms <= 0:
        return list(placed), True
    hall = Lineup(p, placed, params, work_ms)
    if len(hall.blocks) < 2:
        return list(placed), True
    done = slide_together(hall, deadline)
    if done:
        done = slide_blocks(hall, deadline)
    if done:
        joined, done = join_strays(hall, deadline)
        if done and joined:
            done = slide_blocks(hall, deadline)
    if done:
        done = stretch_blocks(hall, deadline)
    if done:
        done = reshape_singles(hall, deadline)
    return hall.result(), done


def _steps(hall: Lineup) -> tuple[float, float]:
    """How near two edges count as one line, and how far a block may move, in grid steps."""
    return ALIGN_M / hall.p.g, hall.params.align_shift_m / hall.p.g


def _ranked(hall: Lineup, boxes: list[Box], k: int, axis: int) -> list[int]:
    """The slides of block `k` along `axis` (grid units, within `Params.align_shift_m`) that
    line up more edges, most first and the shortest among equals. A slide brings an edge
    onto another block's line or within the tolerance of it: on a fine grid the nearest
    slide that keeps a passage may be a unit or two off it."""
    tol, reach = _steps(hall)
    off = math.floor(tol + 1e-9)
    slack = np.arange(-off, off + 1)
    others, owners, own = apart(boxes, k, axis)
    exact = np.concatenate([others - own[0], others - own[1]])
    shifts = np.unique(exact[:, None] + slack[None, :])
    shifts = shifts[(shifts != 0) & (np.abs(shifts) <= reach)]
    if not len(shifts):
        return []
    gain = gains(others, owners, own, shifts, tol)
    hall.compare(gain_pairs(len(others), len(shifts)))
    best = sorted(np.nonzero(gain > 0)[0], key=lambda i: (-gain[i], abs(shifts[i]), shifts[i]))
    return [int(shifts[i]) for i in best]


def _region(b: Box, axis: int, d: int, margin: int) -> Box:
    """The floor a block sliding by `d` along `axis` takes before and after, widened."""
    x0, y0, x1, y1 = b
    dx, dy = (d, 0) if axis == 0 else (0, d)
    return (
        min(x0, x0 + dx) - margin,
        min(y0, y0 + dy) - margin,
        max(x1, x1 + dx) + margin,
        max(y1, y1 + dy) + margin,
    )


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def slide_together(hall: Lineup, deadline: float | None) -> bool:
    """Blocks far apart slid onto lines at once, one walk for all; False if the deadline
    cut the pass short.

    Each walk of the hall's raster is most of a slide's work, and a hall's budget buys few
    (fuzzed events at 30 s: one to fifteen per hall, most of a hundred blocks never
    tried). Every block proposes its best slide that keeps the rules a walk is not needed
    for, as long as the floor it slides over stays two passages from every other proposal's
    (no two of them can then meet, or close an aisle between them); all are walked
    together, kept when the hall then has more aligned edges and nobody loses access, and
    else halved and tried again. What is left of the budget slides blocks one by one
    (`slide_blocks`).
    """
    tol, _ = _steps(hall)
    boxes = hall.boxes()
    margin = hall.gap + 1
    batch: list[dict[int, Rect]] = []
    taken: list[Box] = []
    for k in sorted(range(len(boxes)), key=lambda k: boxes[k]):
        if hall.spent:
            break
        if not hall.movable(k):
            continue
        for axis in (0, 1):
            moved = None
            for d in _ranked(hall, boxes, k, axis):
                region = _region(boxes[k], axis, d, margin)
                if any(_overlap(region, t) for t in taken):
                    continue
                if hall.spent:
                    break
                slid = hall.slid(k, axis, d)
                if hall.allows(slid):
                    moved = slid
                    taken.append(region)
                    break
            if moved is not None:
                batch.append(moved)
                break
    return _together(hall, batch, deadline, tol)


def _together(
    hall: Lineup, batch: list[dict[int, Rect]], deadline: float | None, tol: float
) -> bool:
    """The slides of `batch` kept together where the hall lines up more edges and every
    rule holds, else each half tried the same way."""
    if not batch or hall.spent:
        return True
    if deadline is not None and time.monotonic() > deadline:
        return False
    moved = {i: r for slid in batch for i, r in slid.items()}
    if aligned(hall.boxes_with(moved), tol) > aligned(hall.boxes(), tol) and hall.move(
        moved, apart=True
    ):
        return True
    if len(batch) == 1:
        return True
    half = len(batch) // 2
    return _together(hall, batch[:half], deadline, tol) and _together(
        hall, batch[half:], deadline, tol
    )


def slide_blocks(hall: Lineup, deadline: float | None) -> bool:
    """Blocks slid onto other blocks' lines; False if the deadline cut the pass short.

    Greedy and deterministic: blocks in order of position, x before y, the
    slide that aligns most edges first (the shortest among equals); the first
    slide that keeps every rule is kept.
    """
    start = hall.boxes()
    order = sorted(range(len(hall.blocks)), key=lambda k: start[k])
    improved = True
    while improved and not hall.spent:
        improved = False
        for k in order:
            if hall.spent:
                break
            if not hall.movable(k):
                continue
            for axis in (0, 1):
                for d in _ranked(hall, hall.boxes(), k, axis):
                    if hall.spent:
                        break
                    if deadline is not None and time.monotonic() > deadline:
                        return False
                    if hall.slide(k, axis, d):
                        improved = True
                        break
    return True


def stretch_blocks(hall: Lineup, deadline: float | None) -> bool:
    """Block edges moved onto other blocks' lines by making the stands along an edge
    longer or shorter, within their area tolerance, the block sliding too where that
    brings its other edge onto a line; False if the deadline cut it short.

    A slide moves both edges of a block by one length; where the other edge is on a line
    already, or the block's length is not the distance between two lines, only a stand's
    size can bring the floating edge onto one (a 20 x 20 m island beside 21 m deep rows:
    20 x 21 m is within its 10%; a 22.5 m row above a 21.5 m car maker: its end stand
    1 m shorter and the row slid 2 m lines up both ends with the car maker's). The
    stands along the resized edge grow or shrink together; every rule is checked as for
    a slide. Greedy and deterministic like the slides: the move that aligns most edges
    first, then the least change.
    """
    rules = hall.p.rules
    tol, reach = _steps(hall)
    order = sorted(range(len(hall.blocks)), key=lambda k: hall.boxes()[k])
    for k in order:
        if hall.spent:
            return True
        if not hall.movable(k):
            continue
        for axis in (0, 1):
            others, owners, own = apart(hall.boxes(), k, axis)
            if not len(others):
                continue
            ends = _resized_ends(own, sorted(set(others.tolist())), reach)
            if not ends:
                continue
            gain = edge_gains(others, owners, own, np.array(ends), tol)
            hall.compare(gain_pairs(len(others), len(ends)))
            options = []
            for (e0, e1), got in zip(ends, gain.tolist(), strict=True):
                if got <= 0:
                    continue
                for resized_end in (1, 0):
                    moved = _resized(hall, k, axis, (e0, e1), resized_end)
                    if moved is not None and _sizes_ok(hall, moved, rules):
                        change = abs(e0 - own[0]) + abs(e1 - own[1])
                        options.append((-got, change, e0, e1, resized_end, moved))
                        break
            for *_, moved in sorted(options, key=lambda o: o[:5]):
                if hall.spent:
                    return True
                if deadline is not None and time.monotonic() > deadline:
                    return False
                if hall.move(moved, apart=True):
                    break
    return True


def reshape_singles(hall: Lineup, deadline: float | None) -> bool:
    """Blocks of one stand (a car maker's raw space, an island) reshaped within the area
    tolerance so that both edges along one axis lie on other blocks' lines, its edge
    across that faces the entrance staying where it is, its area as near the request as
    that allows: a 20 x 20 m stand
    beside a 27.5 m wide one becomes 27.5 x 14.5 m, as a planner lines up raw spaces. A
    slide or a resize along one axis keeps the stand's other dimension, so it cannot do
    this. Kept only when the hall then
    has more aligned edges (both axes counted: the far edge across moves too) and every
    rule holds; never longer than `Params.reshape_aspect` to one, or the stand's own
    aspect if that is more. False if the deadline cut it short."""
    g = hall.p.g
    rules = hall.p.rules
    tol, reach = _steps(hall)
    order = sorted(range(len(hall.blocks)), key=lambda k: hall.boxes()[k])
    for k in order:
        if hall.spent:
            return True
        members = hall.blocks[k].members
        if len(members) != 1 or not hall.movable(k):
            continue
        i = members[0]
        request = hall.placed[i].request
        if request.exact_size is not None:
            continue
        for axis in (0, 1):
            boxes = hall.boxes()
            before = aligned(boxes, tol)
            hall.compare(aligned_pairs(len(boxes)))
            others, _, own = apart(boxes, k, axis)
            if not len(others):
                continue
            rect = hall.rects[i]
            length, across = rect[axis + 2], rect[3 - axis]
            widest = max(hall.params.reshape_aspect, max(length, across) / min(length, across))
            c0, c1 = rect[1 - axis], rect[1 - axis] + across
            # The edge across that faces the entrance stays: the front line visitors walk
            # along stays straight (Hong Kong's hall 5: two stands reshaped to keep their
            # backs on a line stood 2 m behind the car maker beside them).
            mid = (own[0] + own[1]) / 2 * g
            ends = [(mid, c * g) if axis == 0 else (c * g, mid) for c in (c0, c1)]
            near = [float(hall.p.entrances.distance(shapely.Point(pt))) for pt in ends]
            low = near[0] <= near[1]
            options = []
            for e0, e1 in _resized_ends(own, sorted(set(others.tolist())), reach):
                span = width_range(request, e1 - e0, rules)
                if span is None:
                    continue
                # Nearest the area asked for first; the span's ends may line up the far edge.
                nominal = round(request.area_m2 / ((e1 - e0) * g * g))
                for depth in sorted({span[0], span[1], min(max(nominal, span[0]), span[1])}):
                    if max(depth, e1 - e0) > widest * min(depth, e1 - e0) + 1e-9:
                        continue
                    d0 = c0 if low else c1 - depth
                    new = [0, 0, 0, 0]
                    new[axis], new[axis + 2] = e0, e1 - e0
                    new[1 - axis], new[3 - axis] = d0, depth
                    moved = (new[0], new[1], new[2], new[3])
                    after = list(boxes)
                    after[k] = (moved[0], moved[1], moved[0] + moved[2], moved[1] + moved[3])
                    got = aligned(after, tol) - before
                    hall.compare(aligned_pairs(len(after)))
                    if got > 0:
                        off = abs((e1 - e0) * depth * g * g - request.area_m2)
                        change = abs(e0 - own[0]) + abs(e1 - own[1]) + abs(depth - across)
                        options.append((-got, off, change, moved))
            for *_, moved in sorted(options, key=lambda o: o[:3]):
                if hall.spent:
                    return True
                if deadline is not None and time.monotonic() > deadline:
                    return False
                if hall.move({i: moved}, apart=True):
                    break
    return True


def _resized_ends(own: tuple[int, int], lines: list[int], reach: float) -> list[tuple[int, int]]:
    """New edges for a block whose edges are `own`: each edge on a line within `reach` or
    where it is, the length changed (a same-length move is a slide, tried before)."""
    b0, b1 = own
    lo = [b0, *(c for c in lines if c != b0 and abs(c - b0) <= reach)]
    hi = [b1, *(c for c in lines if c != b1 and abs(c - b1) <= reach)]
    return [(e0, e1) for e0 in lo for e1 in hi if e1 > e0 and e1 - e0 != b1 - b0]


def _resized(
    hall: Lineup, k: int, axis: int, ends: tuple[int, int], resized_end: int
) -> dict[int, Rect] | None:
    """Block `k` with its edges along `axis` at `ends`: the stands along end `resized_end`
    (0: the low end, 1: the high one) grow or shrink, the others slide with the other end;
    None when a stand there has an exact size or would vanish."""
    box = hall.boxes()[k]
    b0, b1 = box[axis], box[axis + 2]
    e0, e1 = ends
    shift = e0 - b0 if resized_end == 1 else e1 - b1
    out: dict[int, Rect] = {}
    for i in hall.blocks[k].members:
        r = list(hall.rects[i])
        lo, hi = r[axis], r[axis] + r[axis + 2]
        at_end = hi == b1 if resized_end == 1 else lo == b0
        if at_end and hall.placed[i].request.exact_size is not None:
            return None
        if at_end and resized_end == 1:
            lo, hi = lo + shift, e1
        elif at_end:
            lo, hi = e0, hi + shift
        else:
            lo, hi = lo + shift, hi + shift
        if hi <= lo:
            return None
        r[axis], r[axis + 2] = lo, hi - lo
        out[i] = (r[0], r[1], r[2], r[3])
    now = box_of(list(out.values()))
    # A shorter row beside the resized one may stick out past the new end.
    return out if (now[axis], now[axis + 2]) == ends else None


def _sizes_ok(hall: Lineup, moved: dict[int, Rect], rules: Rules) -> bool:
    """Each resized stand keeps an area within its tolerance, its min side and aspect."""
    for i, (_, _, w, d) in moved.items():
        span = width_range(hall.placed[i].request, d, rules)
        if span is None or not span[0] <= w <= span[1]:
            return False
    return True


__all__ = ["align", "aligned", "apart", "blocks", "edge_gains", "gains"]
