"""A baseline of today's practice: a shell-scheme grid of 3 x 3 m modules.

Organisers without an optimiser draw double rows of 3 x 3 m modules between
3 m aisles, break the rows with cross aisles, and hand out runs of modules in
tier order. This module does the same, so the benchmark can show what
floorplan gains over it. Its layout is judged by the validator exactly like
floorplan's: whatever the grid gets wrong (an area off by a module, a corner
stand that is not a corner) is counted, not hidden.

The rules of the grid, in the order they apply:
- rows run along the longer side of the hall's bounding box; a perimeter aisle
  of `aisle_width_m` runs along every wall;
- blocks are two modules deep (6 m, back to back) separated by aisles, and
  split by cross aisles so that no row is longer than `max_row_m` (30 m by
  default);
- a module is dropped when it leaves the outline's inner band, covers a column
  or keep-out, or lies within `exit_clearance_m` of a door;
- requests go in tier order (highest first, then larger first); a stand is a
  run of k modules along one row (k <= 3, so aspect holds) or a run spanning
  both rows of a block; k*9 m2 within the area tolerance when possible, else
  the nearest module count if that is at most one module away;
- booth types count only the open sides the grid gives: the aisle in front (and
  behind, for a stand two rows deep) and the ends of a block; a request whose
  type needs more is not placed;
- among the runs that fit, the one nearest an entrance wins (high tiers come
  first, so they get the best spots); pavilion members follow their first
  member into its hall and take the runs nearest to it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import shapely

from floorplan.hosting import hall_refusal, unhostable_reason
from floorplan.model import Event, Hall, Layout, Request, Rules, Stand, Unplaced
from floorplan.model.layout import SolverInfo

MODULE_M = 3.0
MODULE_M2 = MODULE_M * MODULE_M
EPS = 1e-6

Rect = tuple[float, float, float, float]
"""(x, y, width, depth) in hall coordinates."""


@dataclass(frozen=True)
class Shape:
    """A run of modules: `rows` deep (1 or 2) and `k` modules along the row."""

    rows: int
    k: int

    @property
    def area(self) -> float:
        return self.rows * self.k * MODULE_M2

    @property
    def modules(self) -> int:
        return self.rows * self.k


@dataclass
class Block:
    """A double row: `n` modules along the row from (u0, v0), rows 0 and 1 across."""

    index: int
    u0: float
    v0: float
    n: int
    usable: list[list[bool]]
    passage: list[bool]
    """Columns 0..n-1 that are clear cross passages, then the aisles beyond the two ends."""
    free: list[list[bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.free:
            self.free = [list(row) for row in self.usable]

    def end_open(self, c: int) -> bool:
        """Whether a run ending next to column `c` gets an open side there.

        Only when the aisle beyond the block's end, or a gap through both rows,
        is clear: a column standing in a cross aisle narrows it below the aisle
        width and the side no longer counts as open.
        """
        if c < 0:
            return self.passage[self.n]
        if c >= self.n:
            return self.passage[self.n + 1]
        return self.passage[c]


@dataclass(frozen=True)
class Spot:
    block: Block
    row: int
    """First row of the run: 0 or 1 for one-row stands, 0 for two-row ones."""
    c: int
    shape: Shape
    open_sides: int


@dataclass
class HallGrid:
    hall: Hall
    position: int
    along_x: bool
    blocks: list[Block]
    entrances: list[tuple[float, float]]
    modules: int
    used: int = 0
    numbered: int = 0

    def rect(self, spot: Spot) -> Rect:
        """(x, y, width, depth) in hall coordinates."""
        u = spot.block.u0 + spot.c * MODULE_M
        v = spot.block.v0 + spot.row * MODULE_M
        du, dv = spot.shape.k * MODULE_M, spot.shape.rows * MODULE_M
        return (u, v, du, dv) if self.along_x else (v, u, dv, du)

    @property
    def fill(self) -> float:
        return self.used / self.modules if self.modules else 1.0


def _snap_up(value: float, grid: float) -> float:
    return math.ceil(value / grid - EPS) * grid


def _snap_down(value: float, grid: float) -> float:
    return math.floor(value / grid + EPS) * grid


def _segments(length: float, aisle: float, max_row: float = 30.0) -> list[int]:
    """Modules per block along a row: as few cross aisles as keep rows <= `max_row`, evenly
    shared."""
    if length < MODULE_M:
        return []
    count = max(1, math.ceil((length + aisle) / (max_row + aisle) - EPS))
    while count > 1 and length - (count - 1) * aisle < count * MODULE_M:
        count -= 1
    modules = int((length - (count - 1) * aisle) / MODULE_M + EPS)
    return [modules // count + (1 if i < modules % count else 0) for i in range(count)]


def hall_grid(hall: Hall, rules: Rules, position: int) -> HallGrid:
    """Lay the module grid over one hall and drop the modules it cannot use."""
    grid = rules.grid_m
    aisle = _snap_up(rules.aisle_width_m, grid)
    minx, miny, maxx, maxy = hall.shape.bounds
    along_x = maxx - minx >= maxy - miny
    (u_lo, u_hi), (v_lo, v_hi) = ((minx, maxx), (miny, maxy))
    if not along_x:
        (u_lo, u_hi), (v_lo, v_hi) = (v_lo, v_hi), (u_lo, u_hi)
    inner_u = u_hi - u_lo - 2 * aisle
    inner_v = v_hi - v_lo - 2 * aisle
    sizes = _segments(inner_u, aisle, rules.max_row_m)
    depth = 2 * MODULE_M
    n_rows = max(0, int((inner_v + aisle) / (depth + aisle) + EPS))
    used_u = sum(sizes) * MODULE_M + (len(sizes) - 1) * aisle
    used_v = n_rows * depth + (n_rows - 1) * aisle
    start_u = _snap_down(u_lo + aisle + (inner_u - used_u) / 2, grid)
    start_v = _snap_down(v_lo + aisle + (inner_v - used_v) / 2, grid)

    band = hall.shape.buffer(-aisle, join_style="mitre")
    doors = [ex.door(hall.shape) for ex in hall.exits]
    blocks: list[Block] = []
    for r in range(n_rows):
        v0 = start_v + r * (depth + aisle)
        u0 = start_u
        for n in sizes:
            boxes = []
            for row in range(2):
                for c in range(n):
                    u, v = u0 + c * MODULE_M, v0 + row * MODULE_M
                    boxes.append(shapely.box(*_xy(along_x, u, v, MODULE_M, MODULE_M)))
            ok = _usable(np.array(boxes), band, hall, doors, rules.exit_clearance_m)
            # A module needs a clear aisle in front: a column or hose reel there
            # narrows it below the aisle width, so the stand would face no aisle.
            margin = aisle / 2
            fronts = [
                shapely.box(
                    *_xy(along_x, u0 + c * MODULE_M - margin, v, MODULE_M + 2 * margin, aisle)
                )
                for v in (v0 - aisle, v0 + depth)
                for c in range(n)
            ]
            ok &= _clear(np.array(fronts), hall)
            usable = [ok[:n].tolist(), ok[n:].tolist()]
            # Cross strips one module (or one aisle) wide through the block's depth:
            # each column, then the aisles before and after the block.
            strips = [(u0 + c * MODULE_M, MODULE_M) for c in range(n)]
            strips += [(u0 - aisle, aisle), (u0 + n * MODULE_M, aisle)]
            shapes = [shapely.box(*_xy(along_x, u, v0, w, depth)) for u, w in strips]
            clear = _clear(np.array(shapes), hall)
            passage = [bool(clear[c]) and not (usable[0][c] or usable[1][c]) for c in range(n)] + [
                bool(clear[n]),
                bool(clear[n + 1]),
            ]
            blocks.append(Block(len(blocks), u0, v0, n, usable, passage))
            u0 += n * MODULE_M + aisle
    entrances = [ex.at for ex in hall.exits if ex.kind == "entrance"] or [
        ex.at for ex in hall.exits
    ]
    modules = sum(sum(row) for b in blocks for row in b.usable)
    return HallGrid(hall, position, along_x, blocks, list(entrances), modules)


def _xy(
    along_x: bool, u: float, v: float, du: float, dv: float
) -> tuple[float, float, float, float]:
    """Local (along-row, across) box to (x0, y0, x1, y1) in hall coordinates."""
    return (u, v, u + du, v + dv) if along_x else (v, u, v + dv, u + du)


def _clear(strips: np.ndarray, hall: Hall) -> np.ndarray:
    """Strips that are inside the hall and free of columns and keep-outs."""
    ok = np.asarray(shapely.covers(hall.shape, strips), dtype=bool)
    for obstacle in hall.obstacles:
        ok &= ~(shapely.intersects(strips, obstacle) & ~shapely.touches(strips, obstacle))
    return ok


def _usable(
    boxes: np.ndarray,
    band: shapely.Geometry,
    hall: Hall,
    doors: list[shapely.Geometry],
    clearance: float,
) -> np.ndarray:
    ok = np.asarray(shapely.covers(band, boxes), dtype=bool)
    for obstacle in hall.obstacles:
        overlap = shapely.intersects(boxes, obstacle) & ~shapely.touches(boxes, obstacle)
        ok &= ~overlap
    for door in doors:
        ok &= shapely.distance(boxes, door) >= clearance - EPS
    return ok


# --- which runs a request may take ---------------------------------------------------------


def all_shapes(rules: Rules) -> list[Shape]:
    """Runs of modules with sides >= min side and aspect within the rules."""
    out = []
    for rows in (1, 2):
        for k in range(1, 64):
            a, b = sorted((rows * MODULE_M, k * MODULE_M))
            if a >= rules.min_side_m - EPS and b <= rules.max_aspect * a + EPS:
                out.append(Shape(rows, k))
    return out


def shapes_for(request: Request, rules: Rules) -> tuple[list[Shape], str | None]:
    """The runs a request may take, best area match first, or why none can be formed."""
    shapes = all_shapes(rules)
    exact = request.exact_size
    if exact is not None:
        want = sorted(exact)
        fits = [
            s
            for s in shapes
            if all(
                abs(a - b) < EPS
                for a, b in zip(sorted((s.rows * MODULE_M, s.k * MODULE_M)), want, strict=True)
            )
        ]
        if fits:
            return fits, None
        return [], (
            f"exact size {exact[0]:g} x {exact[1]:g} m is not a run of 3 x 3 m modules "
            "in one row or across a double row"
        )
    area = request.area_m2
    within = [s for s in shapes if abs(s.area - area) <= rules.area_tolerance * area + EPS]
    if not within:
        # The grid only makes multiples of 9 m2; a planner rounds to the nearest
        # module, which the validator then counts as an area violation.
        nearest = min(abs(s.area - area) for s in shapes)
        within = [s for s in shapes if abs(abs(s.area - area) - nearest) < EPS]
        if nearest > MODULE_M2 + EPS:
            big = max(shapes, key=lambda s: s.area)
            return [], (
                f"needs {area:g} m2; the largest run of 3 x 3 m modules with aspect <= "
                f"{rules.max_aspect:g} is {big.k * MODULE_M:g} x {big.rows * MODULE_M:g} m "
                f"({big.area:g} m2)"
            )
    within.sort(key=lambda s: (abs(s.area - area), s.rows, s.k))
    return within, None


def spots(grid: HallGrid, shape: Shape, sides: int) -> list[Spot]:
    out = []
    k = shape.k
    for block in grid.blocks:
        for c in range(block.n - k + 1):
            ends = int(block.end_open(c - 1)) + int(block.end_open(c + k))
            if shape.rows == 2:
                both = all(block.free[0][c : c + k]) and all(block.free[1][c : c + k])
                if both and 2 + ends >= sides:
                    out.append(Spot(block, 0, c, shape, 2 + ends))
                continue
            for row in (0, 1):
                if all(block.free[row][c : c + k]) and 1 + ends >= sides:
                    out.append(Spot(block, row, c, shape, 1 + ends))
    return out


def _gap(a: Rect, b: Rect) -> float:
    dx = max(0.0, max(a[0], b[0]) - min(a[0] + a[2], b[0] + b[2]))
    dy = max(0.0, max(a[1], b[1]) - min(a[1] + a[3], b[1] + b[3]))
    return math.hypot(dx, dy)


def _centre(r: Rect) -> tuple[float, float]:
    return (r[0] + r[2] / 2, r[1] + r[3] / 2)


# --- assignment ---------------------------------------------------------------------------


@dataclass
class Planner:
    event: Event
    grids: list[HallGrid]
    stands: dict[str, tuple[HallGrid, Rect]] = field(default_factory=dict)
    unplaced: dict[str, str] = field(default_factory=dict)
    rivals: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for req in self.event.requests:
            for other in req.keep_apart:
                self.rivals.setdefault(req.id, set()).add(other)
                self.rivals.setdefault(other, set()).add(req.id)

    def hosts(self, request: Request) -> list[HallGrid]:
        ok = [g for g in self.grids if hall_refusal(self.event, request, g.hall) is None]
        return sorted(ok, key=lambda g: (g.fill, g.position))

    def _apart(self, request: Request, grid: HallGrid, rect: Rect) -> bool:
        limit = self.event.rules.keep_apart_m
        for other in self.rivals.get(request.id, ()):
            placed = self.stands.get(other)
            if placed and placed[0] is grid and _gap(rect, placed[1]) < limit - EPS:
                return False
        return True

    def place(
        self,
        request: Request,
        grids: list[HallGrid],
        members: list[Rect] | None = None,
    ) -> HallGrid | None:
        """Put `request` on the best free run of the first hall that has one.

        With `members` (a pavilion's stands so far), only runs within two aisle
        widths of one of them count, nearest first: a pavilion is one group.
        """
        shapes, why = shapes_for(request, self.event.rules)
        if why:
            self.unplaced[request.id] = why
            return None
        need = request.open_sides_needed
        reach = 2 * self.event.rules.aisle_width_m + EPS
        for grid in grids:
            best: tuple[tuple[float, float, float, int, int, int, int], Spot] | None = None
            for shape in shapes:
                for spot in spots(grid, shape, need):
                    rect = grid.rect(spot)
                    if not self._apart(request, grid, rect):
                        continue
                    cx, cy = _centre(rect)
                    dist = min(math.hypot(cx - x, cy - y) for x, y in grid.entrances)
                    gap = min((_gap(rect, m) for m in members), default=0.0) if members else 0.0
                    if gap > reach:
                        continue
                    key = (
                        round(gap, 6),
                        round(dist, 6),
                        abs(shape.area - request.area_m2),
                        spot.block.index,
                        spot.row,
                        spot.c,
                        shape.rows,
                    )
                    if best is None or key < best[0]:
                        best = (key, spot)
            if best is not None:
                self._take(request, grid, best[1])
                return grid
        self.unplaced[request.id] = self._why_not(request, shapes, grids, members)
        return None

    def _take(self, request: Request, grid: HallGrid, spot: Spot) -> None:
        for row in range(spot.row, spot.row + spot.shape.rows):
            for c in range(spot.c, spot.c + spot.shape.k):
                spot.block.free[row][c] = False
        grid.used += spot.shape.modules
        self.stands[request.id] = (grid, grid.rect(spot))

    def _why_not(
        self,
        request: Request,
        shapes: list[Shape],
        grids: list[HallGrid],
        members: list[Rect] | None,
    ) -> str:
        n = min(s.modules for s in shapes)
        where = (
            ", ".join(g.hall.id for g in grids) if len(grids) <= 3 else f"any of {len(grids)} halls"
        )
        if not any(spots(g, s, 1) for g in grids for s in shapes):
            return f"no run of {n} free 3 x 3 m modules left in {where}"
        need = request.open_sides_needed
        if not any(spots(g, s, need) for g in grids for s in shapes):
            return (
                f"no run of {n} free modules with {need} open sides "
                f"(a {request.booth_type} stand) left in {where}"
            )
        if members:
            reach = 2 * self.event.rules.aisle_width_m
            return f"no free run of {n} modules within {reach:g} m of the other members in {where}"
        rivals = ", ".join(sorted(o for o in self.rivals.get(request.id, ()) if o in self.stands))
        return f"every free run of {n} modules in {where} is within keep-apart distance of {rivals}"


def baseline_layout(event: Event) -> Layout:
    """Today's practice on this event: a module grid filled in tier order."""
    start = time.perf_counter()
    planner = Planner(
        event, [hall_grid(h, event.rules, i) for i, h in enumerate(event.hall_models)]
    )
    order = sorted(event.requests, key=lambda r: (-r.tier, -r.area_m2, r.id))
    members: dict[str, list[Request]] = {}
    for req in order:
        if req.pavilion is not None:
            members.setdefault(req.pavilion, []).append(req)
    done: set[str] = set()
    for req in order:
        if req.id in done:
            continue
        group = members.get(req.pavilion, [req]) if req.pavilion else [req]
        anchor: HallGrid | None = None
        for member in group:
            done.add(member.id)
            reason = unhostable_reason(event, member)
            if reason:
                planner.unplaced[member.id] = reason
                continue
            if anchor is None:
                anchor = planner.place(member, planner.hosts(member))
                continue
            if hall_refusal(event, member, anchor.hall) is not None:
                planner.unplaced[member.id] = (
                    f"pavilion {req.pavilion} is in {anchor.hall.id}: "
                    f"{hall_refusal(event, member, anchor.hall)}"
                )
                continue
            near = [
                planner.stands[m.id][1]
                for m in group
                if m.id in planner.stands and planner.stands[m.id][0] is anchor
            ]
            if planner.place(member, [anchor], near) is None:
                planner.unplaced[member.id] = (
                    f"pavilion {req.pavilion} is in {anchor.hall.id}: "
                    + planner.unplaced[member.id]
                )
    return _layout(event, planner, time.perf_counter() - start)


def _layout(event: Event, planner: Planner, wall_s: float) -> Layout:
    stands = []
    for req in event.requests:
        placed = planner.stands.get(req.id)
        if placed is None:
            continue
        grid, (x, y, w, d) = placed
        grid.numbered += 1
        stands.append(
            Stand(
                request_id=req.id,
                hall=grid.hall.id,
                x=x,
                y=y,
                width=w,
                depth=d,
                booth_type=req.booth_type,
                number=f"{grid.position + 1}-{grid.numbered:03d}",
            )
        )
    unplaced = {r.id: planner.unplaced[r.id] for r in event.requests if r.id not in planner.stands}
    return yardstick_layout(event, stands, unplaced, "BASELINE", "3x3 grid", wall_s)


def yardstick_layout(
    event: Event,
    stands: list[Stand],
    unplaced: dict[str, str],
    status: str,
    method: str,
    wall_s: float,
) -> Layout:
    """A yardstick's stands as a layout.json, with the metrics floorplan's would carry."""
    gross = sum(h.gross_area for h in event.hall_models)
    placed_area = sum(s.area for s in stands)
    return Layout(
        event=event.name,
        stands=stands,
        unplaced=[
            Unplaced(request_id=r.id, reason=unplaced[r.id])
            for r in event.requests
            if r.id in unplaced
        ],
        metrics={
            "placed": len(stands),
            "requested": len(event.requests),
            "net_to_gross": round(placed_area / gross, 4) if gross else 0.0,
        },
        solver=SolverInfo.model_validate(
            {"status": status, "workers": 1, "wall_s": round(wall_s, 3), "method": method}
        ),
    )
