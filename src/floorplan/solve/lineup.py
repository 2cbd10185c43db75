"""A hall's stands as blocks, and every rule a move of a block or a stand must keep.

The last passes of the solver (blocks slid onto lines, `align`; stray stands
joined to a row, `tidy`) move stands that are already placed. They share this
state: the stands' rectangles grouped into blocks as rule C10 groups them, the
hall's walls and forbidden floor, the walk as it stands, each stand's access
and distance from the entrance, and the checks:

- a stand stays inside the hall, off columns, keep-outs and exit clearances;
- it either backs onto a wall or column or keeps an aisle from it, never
  leaving a sliver nobody can walk (unless it stood that close already);
- keep-apart rivals stay apart, pavilion members stay near each other, and
  fairness (tau-b of tier against nearness to the entrance) does not drop;
- the walk is computed again: every stand keeps enough open sides, its walk
  to a door and the walk inside it to an open side stay within the rules (a
  stand that was short of them already gets no worse).

Each walk computed and each move tried is work counted against the pass's
budget (`Lineup.work_ms`, capped by `Params.align_cells` walked cells and
`Params.align_tries` moves), never a time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from floorplan.solve.fairness import tau_b
from floorplan.solve.infill import CLEARANCE_MARGIN_M
from floorplan.solve.pack import Placed
from floorplan.solve.params import Params
from floorplan.solve.problem import Box, HallProblem, Rect, blocks, box_of, gaps, rect_gap
from floorplan.solve.walk import Access, Walk, build_walk

ALIGN_M = 0.3
"""Two block edges this close lie on one line (the `aligned_edges` metric's tolerance)."""


@dataclass(frozen=True)
class _Block:
    members: tuple[int, ...]
    """Indices into the hall's items (placed stands first, then kept ones)."""
    movable: bool


def aligned(boxes: Sequence[Box], tol: float) -> int:
    """Edges of the boxes with an edge of another box, same orientation, within `tol`."""
    n = len(boxes)
    if n < 2:
        return 0
    arr = np.asarray(boxes, dtype=float)
    owner = np.concatenate([np.arange(n), np.arange(n)])
    count = 0
    for lo, hi in ((0, 2), (1, 3)):
        c = np.concatenate([arr[:, lo], arr[:, hi]])
        near = np.abs(c[:, None] - c[None, :]) <= tol + 1e-9
        near &= owner[:, None] != owner[None, :]
        count += int(near.any(axis=1).sum())
    return count


class Lineup:
    """The hall's stands, the geometry a slide must respect, and the walk as it stands."""

    def __init__(
        self, p: HallProblem, placed: list[Placed], params: Params, work_ms: float = math.inf
    ):
        self.p = p
        self.params = params
        a = p.rules.aisle_width_m
        self.near = p.units(a)
        """Stands closer than this (grid units) are one block, as the validator groups them."""
        self.gap = p.passage
        """What a slide keeps between blocks: a passage every checker reads as an aisle (or
        the gap a block stood at already, see `_nearer`)."""
        self.n = len(placed)
        self.placed = list(placed)
        self.rects: list[Rect] = [pl.rect for pl in placed] + list(p.fixed_rects)
        self.blocks: list[_Block] = []
        self._boxes: list[Box] = []
        self.regroup()
        self.walls = shapely.union_all(
            [p.outline.exterior, *(p.local(o) for o in p.hall.obstacles)]
        )
        self.forbidden = shapely.union_all(
            [p.local(o) for o in p.hall.obstacles]
            + [p.local(f).buffer(a - 1e-6, join_style="mitre") for f in p.fixed]
            + [p.clearance.buffer(CLEARANCE_MARGIN_M)]
        )
        shapely.prepare(self.walls)
        shapely.prepare(self.forbidden)
        shapely.prepare(p.outline)
        self.walk = build_walk(p, [pl.rect for pl in placed], params)
        self.far = self._far(self.rects[: self.n])
        """Each stand's distance from the entrance."""
        self.tau = self._tau(self.far)
        """Fairness as it stands: a slide may not lower it."""
        self.walks = 0
        """Walks computed for slides so far: the pass's work."""
        self.budget = params.align_cells // self.walk.dist.size
        """Walks it may compute: a share of work, whatever the hall's size."""
        self.tries = 0
        """Moves tried so far, refused by a rule that needs no walk or not."""
        self.measured = self.n
        """Stands' access measured, at the start and again on the walks computed."""
        self.compared = 0
        """Edge pairs compared to find the moves worth trying (`compare`)."""
        self.work_ms = work_ms
        """Reference milliseconds the passes may spend, counted, never timed (`spent_ms`)."""
        self.access = [self._access(self.walk, pl.rect) for pl in placed]
        self.wall_gap = [shapely.distance(self.walls, self._shape(r)) for r in self.rects[: self.n]]
        """Each stand's distance from the walls and columns (metres)."""

    def regroup(self) -> None:
        """The blocks again, after a stand joined another block."""
        self.blocks = [_Block(m, all(i < self.n for i in m)) for m in blocks(self.rects, self.near)]
        self._boxes = [box_of([self.rects[i] for i in b.members]) for b in self.blocks]

    def _access(self, walk: Walk, rect: Rect) -> Access:
        g = self.p.g
        x, y, w, d = rect
        return walk.access((x * g, y * g, w * g, d * g), self.params.open_share)

    def boxes(self) -> list[Box]:
        return list(self._boxes)

    def _ok(self, need: int, a: Access) -> bool:
        rules = self.p.rules
        return (
            len(a.open) >= max(1, need)
            and a.travel <= rules.max_travel_m - self.params.walk_slack_m
            and a.inside <= rules.max_to_aisle_m
        )

    def _no_worse(self, need: int, before: Access, after: Access) -> bool:
        if self._ok(need, after):
            return True
        return (
            not self._ok(need, before)
            and len(after.open) >= len(before.open)
            and after.travel <= before.travel + 1e-6
            and after.inside <= before.inside + 1e-6
        )

    def _fits(self, moved: dict[int, Rect], apart: bool) -> bool:
        """Every rule a move could break that needs no walk: cheap, so tried first.
        `apart`: the moved stands keep a passage from every other stand (a stand joining
        a row was checked against its row by `extend.Rows.joins` instead)."""
        p = self.p
        g = p.g
        a = p.rules.aisle_width_m
        eps = 1e-6
        for i, (x, y, w, d) in moved.items():
            shape = shapely.box(x * g, y * g, (x + w) * g, (y + d) * g)
            inner = shapely.box(x * g + eps, y * g + eps, (x + w) * g - eps, (y + d) * g - eps)
            if not p.outline.contains(shape) or self.forbidden.intersects(inner):
                return False
            now = shapely.distance(self.walls, shape)
            if eps < now < a - eps and now < self.wall_gap[i] - eps:
                return False
        rest = np.ones(len(self.rects), dtype=bool)
        rest[list(moved)] = False
        arr = np.asarray(self.rects, dtype=np.int64)[rest]
        if apart and any(self._nearer(arr, i, r) for i, r in moved.items()):
            return False
        where = {pl.request.id: self.rects[k] for k, pl in enumerate(self.placed)}
        where.update({self.placed[i].request.id: r for i, r in moved.items()})
        far = self.far.copy()
        far[list(moved)] = self._far(list(moved.values()))
        if self._tau(far) < self.tau - 1e-9:
            return False
        return all(
            p.clear_of_rivals(self.placed[i].request.id, r, where) for i, r in moved.items()
        ) and self._pavilions_near(moved, where)

    def _nearer(self, arr: np.ndarray, i: int, rect: Rect) -> bool:
        """Whether stand `i` moved to `rect` stands less than a passage from a stand that
        stays (a row of `arr`) and nearer to it than it stood. A gap of exactly
        one aisle that the skeleton's bands left (their aisles are the aisle width on any
        grid) may stay as it is: on a 0.1 m grid the block beside it could otherwise
        never move at all (fuzzed seed 7000 ev08: a 193 m2 stand 4 m from its two
        neighbours, its edge 0.5 m off theirs, could neither slide nor be resized onto
        their line; on the 0.1 m grid events of seeds 6900 and 7000, 0.03-0.17 more of
        the block edges lined up)."""
        new = gaps(arr, rect)
        close = new < self.gap
        if not close.any():
            return False
        old = gaps(arr, self.rects[i])
        return bool(np.any(close & (new < old - 1e-9)))

    def _far(self, rects: list[Rect]) -> np.ndarray:
        """Distance of each stand's centre from the entrance (the fairness measure)."""
        g = self.p.g
        xs = np.array([(x + w / 2) * g for x, _, w, _ in rects])
        ys = np.array([(y + d / 2) * g for _, y, _, d in rects])
        out: np.ndarray = shapely.distance(self.p.entrances, shapely.points(xs, ys))
        return out

    def _tau(self, far: np.ndarray) -> float:
        """Kendall tau-b of tier against nearness to the entrance (as the validator's
        fairness), -1 when undefined."""
        tau = tau_b([pl.request.tier for pl in self.placed], list(-far))
        return -1.0 if tau is None else tau

    def _walks(self, moved: dict[int, Rect]) -> bool:
        """The walk with the slide: nobody loses access (kept as the hall's walk if so).

        Only stands near the slide are measured again. Farther away the walk
        can only change through the walkable space's connections, so there it
        is enough that no cell's walk to a door got longer; if one did, every
        stand is measured again.
        """
        rects = [moved.get(k, self.rects[k]) for k in range(self.n)]
        walk = build_walk(self.p, rects, self.params)
        g = self.p.g
        a = self.p.rules.aisle_width_m
        margin = (a + 2 * walk.cell) / g
        zone = [box_of([self.rects[i] for i in moved]), box_of(list(moved.values()))]
        near = [
            k
            for k, r in enumerate(rects)
            if any(rect_gap(r, (x0, y0, x1 - x0, y1 - y0)) <= 2 * margin for x0, y0, x1, y1 in zone)
        ]
        if not self._far_unchanged(walk, zone, margin):
            near = list(range(self.n))
        after = list(self.access)
        for k in near:
            self.measured += 1
            after[k] = self._access(walk, rects[k])
            if not self._no_worse(
                self.placed[k].request.open_sides_needed, self.access[k], after[k]
            ):
                return False
        self.walk, self.access = walk, after
        return True

    def _far_unchanged(self, walk: Walk, zone: list[Box], margin: float) -> bool:
        """No cell outside the zone (grid-unit boxes, widened by `margin`) walks farther."""
        g = self.p.g
        outside = np.ones(walk.dist.shape, dtype=bool)
        h, w = walk.dist.shape
        for x0, y0, x1, y1 in zone:
            i0 = max(0, math.floor(((x0 - margin) * g - walk.ox) / walk.cell))
            i1 = min(w, math.ceil(((x1 + margin) * g - walk.ox) / walk.cell))
            j0 = max(0, math.floor(((y0 - margin) * g - walk.oy) / walk.cell))
            j1 = min(h, math.ceil(((y1 + margin) * g - walk.oy) / walk.cell))
            outside[j0:j1, i0:i1] = False
        before, now = self.walk.dist[outside], walk.dist[outside]
        return bool(np.all(now <= before + 1e-6))

    def _shape(self, rect: Rect) -> shapely.Polygon:
        g = self.p.g
        x, y, w, d = rect
        return shapely.box(x * g, y * g, (x + w) * g, (y + d) * g)

    def _pavilions_near(self, moved: dict[int, Rect], where: dict[str, Rect]) -> bool:
        """Each member of a pavilion the slide touches stays within an aisle of another."""
        reach = self.p.pavilion_reach
        pavs = {self.placed[i].request.pavilion for i in moved} - {None}
        for pav in pavs:
            ids = [pl.request.id for pl in self.placed if pl.request.pavilion == pav]
            for rid in ids:
                near = min((rect_gap(where[rid], where[o]) for o in ids if o != rid), default=0.0)
                if near > reach + 1e-6:
                    return False
        return True

    def compare(self, pairs: int) -> None:
        """Count edge pairs compared to rank the moves worth trying: in a hall of hundreds of
        blocks, that costs as much as the walks (`Params.align_ms_per_mpair`)."""
        self.compared += pairs

    @property
    def spent_ms(self) -> float:
        """Reference milliseconds the passes cost so far, the start's walk and measures
        included: each walk by its cells, each stand's access measured on it, each move
        tried (its checks that need no walk), each edge pair compared to rank the moves
        (`Params.align_ms_per_kcell` and the three after it)."""
        params = self.params
        walks = (self.walks + 1) * self.walk.dist.size / 1000 * params.align_ms_per_kcell
        return (
            walks
            + self.measured * params.align_ms_per_access
            + self.tries * params.align_ms_per_try
            + self.compared / 1e6 * params.align_ms_per_mpair
        )

    @property
    def spent(self) -> bool:
        """The passes' work budget is used up: its reference milliseconds, the walks, or the
        moves tried (most are refused before a walk, but each compares the moved stands with
        every other: in a hall of 432 stands 65,000 of them took 76 s)."""
        return (
            self.walks >= self.budget
            or self.tries >= self.params.align_tries
            or self.spent_ms >= self.work_ms
        )

    def movable(self, k: int) -> bool:
        """A block may slide unless it holds a kept stand, or (on a re-layout) a stand
        whose rival may be one of the kept ones."""
        members = self.blocks[k].members
        if not self.blocks[k].movable:
            return False
        return not (
            self.p.fixed and any(self.p.rivals.get(self.placed[i].request.id) for i in members)
        )

    def slid(self, k: int, axis: int, d: int) -> dict[int, Rect]:
        """Block `k`'s stands moved `d` grid units along x (0) or y (1)."""
        moved = {}
        for i in self.blocks[k].members:
            x, y, w, h = self.rects[i]
            moved[i] = (x + d, y, w, h) if axis == 0 else (x, y + d, w, h)
        return moved

    def slide(self, k: int, axis: int, d: int) -> bool | None:
        """Block `k` moved `d` grid units along x (0) or y (1) if that keeps every rule;
        None when a rule that needs no walk refused it."""
        return self.move(self.slid(k, axis, d), apart=True)

    def allows(self, moved: dict[int, Rect]) -> bool:
        """Whether blocks moved so keep every rule that needs no walk (a move tried)."""
        self.tries += 1
        return self._fits(moved, apart=True)

    def boxes_with(self, moved: dict[int, Rect]) -> list[Box]:
        """Every block's bounding box with these stands moved."""
        return [
            box_of([moved.get(i, self.rects[i]) for i in b.members])
            if moved.keys() & set(b.members)
            else self._boxes[k]
            for k, b in enumerate(self.blocks)
        ]

    def move(self, moved: dict[int, Rect], apart: bool) -> bool | None:
        """Stands moved (and maybe resized) if that keeps every rule; None when a rule that
        needs no walk refused it. Blocks are regrouped when a stand joined another."""
        self.tries += 1
        if not self._fits(moved, apart):
            return None
        self.walks += 1
        if not self._walks(moved):
            return False
        for i, r in moved.items():
            self.rects[i] = r
            self.wall_gap[i] = shapely.distance(self.walls, self._shape(r))
        self.far[list(moved)] = self._far(list(moved.values()))
        self.tau = self._tau(self.far)
        if apart:
            for k, b in enumerate(self.blocks):
                if moved.keys() & set(b.members):
                    self._boxes[k] = box_of([self.rects[i] for i in b.members])
        else:
            self.regroup()
        return True

    def result(self) -> list[Placed]:
        return [
            pl
            if self.rects[k] == pl.rect
            else Placed(pl.request, self.rects[k], len(self.access[k].open), pl.segment)
            for k, pl in enumerate(self.placed)
        ]


__all__ = ["ALIGN_M", "Lineup", "aligned"]
