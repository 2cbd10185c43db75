"""Stray stands joined to a row: no stand left standing alone where a row could take it.

A half-full band, or a stand seated on the open floor, can leave a single stand
alone in the hall: a planner's map shows it as a stray, and its edges line up
with nothing. A planner moves it to the end of a row, as deep as the row, or
flush with the row's line. This pass does the same, one stray at a time:

- the seats tried are the row ends `extend.Rows` offers (flush against a whole
  side of another stand, the row staying within `max_row_m`, every other
  block an aisle away, the stand it touches able to spare that side), in the
  stray's own size or another size its request allows;
- a seat is kept only when the hall's share of aligned block edges grows,
  and every rule `lineup.Lineup` checks still holds (the walk computed again,
  fairness not lower, rivals apart, pavilions together).

Islands (they need every side open), raw spaces and kept stands stay where
they are. Each walk computed is work counted against `Params.align_cells`.
"""

from __future__ import annotations

import math
import time

import numpy as np

from floorplan.solve.extend import Rows
from floorplan.solve.hall import step_units
from floorplan.solve.infill import Free, shapes
from floorplan.solve.lineup import ALIGN_M, Lineup, aligned
from floorplan.solve.pack import Placed
from floorplan.solve.problem import Rect, blocks, box_of, gaps

RAW_SPACE = -1
"""`Placed.segment` of a raw space (a macro band's stand): it keeps its floor."""


class _Shares:
    """The share of aligned block edges with stray `i` at one seat or another.

    The other stands' blocks do not change while the stray tries its seats: they
    are grouped once, and a seat only merges the blocks it comes within an aisle
    of (a 297-stand hall regrouped every stand for each of 1,749 seats: 14 s)."""

    def __init__(self, hall: Lineup, i: int, tol: float):
        self.near = hall.near
        self.tol = tol
        self.rest = np.asarray([r for k, r in enumerate(hall.rects) if k != i], dtype=np.int64)
        groups = blocks([tuple(r) for r in self.rest.tolist()], hall.near)
        self.label = np.empty(len(self.rest), dtype=np.int64)
        for g, members in enumerate(groups):
            self.label[list(members)] = g
        self.boxes = [box_of([tuple(self.rest[k]) for k in m]) for m in groups]

    def of(self, rect: Rect) -> float:
        touched = (
            set(self.label[gaps(self.rest, rect) < self.near].tolist()) if len(self.rest) else set()
        )
        parts = [box_of([rect]), *(self.boxes[g] for g in sorted(touched))]
        merged = (
            min(b[0] for b in parts),
            min(b[1] for b in parts),
            max(b[2] for b in parts),
            max(b[3] for b in parts),
        )
        boxes = [b for g, b in enumerate(self.boxes) if g not in touched] + [merged]
        return aligned(boxes, self.tol) / (4 * len(boxes)) if len(boxes) > 1 else 1.0


def _strays(hall: Lineup) -> list[int]:
    """Stands alone in their block that may move: not islands, raw spaces or kept stands."""
    out = []
    for k, b in enumerate(hall.blocks):
        if len(b.members) != 1 or not hall.movable(k):
            continue
        i = b.members[0]
        pl = hall.placed[i]
        if pl.segment != RAW_SPACE and pl.request.open_sides_needed < 4:
            out.append(i)
    return sorted(out, key=lambda i: hall.rects[i])


def join_strays(hall: Lineup, deadline: float | None) -> tuple[bool, bool]:
    """Strays joined to rows where that lines up more block edges: (whether one was, and
    whether the pass ran to its end; `deadline`, a `time.monotonic()` value, is an
    emergency stop only)."""
    p = hall.p
    if hall.spent:
        return False, True
    tol = ALIGN_M / p.g
    step = step_units(p.rules, hall.params)
    floor = Free(p, [], p.passage, step)
    joined = False
    for i in _strays(hall):
        if hall.spent:
            break
        if deadline is not None and time.monotonic() > deadline:
            return joined, False
        joined = _join(hall, i, floor, step, tol) or joined
    return joined, True


def _join(hall: Lineup, i: int, floor: Free, step: int, tol: float) -> bool:
    """Stand `i` moved to the row end that lines up the most edges, if one keeps every rule."""
    p = hall.p
    others = [
        Placed(pl.request, hall.rects[k], len(hall.access[k].open), pl.segment)
        for k, pl in enumerate(hall.placed)
        if k != i
    ]
    rows = Rows(p, others, p.passage)
    req = hall.placed[i].request
    x, y, w, d = hall.rects[i]
    sizes = sorted({(w, d), *shapes(req, p, step, most=2)})
    shares = _Shares(hall, i, tol)
    before = shares.of(hall.rects[i])
    scored: list[tuple[float, float, Rect]] = []
    for _, rect in sorted(set(rows.candidates(req, sizes))):
        if not floor.on_floor(rect) or rows.joins(rect, floor.on_floor) is None:
            continue
        share = shares.of(rect)
        if share >= before - 1e-9:
            moved = math.hypot(rect[0] - x, rect[1] - y)
            scored.append((-share, moved, rect))
    for _, _, rect in sorted(scored):
        if hall.spent:
            return False
        if hall.move({i: rect}, apart=False):
            return True
    return False


__all__ = ["join_strays"]
