"""A naive greedy shelf packer: the simplest packer a programmer would write in an hour.

It is the second yardstick beside the module-grid baseline: if floorplan does
not beat it on area, the optimiser earns nothing. It knows the contract only
as far as it needs to be valid by construction, and nothing of planners'
practice:

- requests go largest first (then by id);
- each hall is filled with shelves: horizontal bands of one depth, each
  filled left to right. A shelf keeps `GAP_M` (3 m, or the aisle width if
  that is wider) from the walls and from every other shelf, so every stand
  has an aisle in front and behind;
- a new shelf opens in the lowest free band of the first hall that can take
  it, as deep as its first stand's most compact rectangle; a later stand joins
  a shelf only if it can take exactly the shelf's depth (a rectangle on the
  grid within the area tolerance, or its exact size);
- along a shelf, stands touch side by side in runs; a run ends with a 3 m
  cross gap when it would grow beyond `max_row_m` (rule C10), before a
  peninsula (which needs a free end) and around an island (both ends free);
- a stand that fits no shelf's depth and opens no new shelf may stand alone,
  an aisle from every other stand, at the front of a deeper shelf (wherever
  along it there is room, also before the shelf's first stand);
- a stand clears columns and keep-outs by `GAP_M`, exit doors by
  `exit_clearance_m` and its keep-apart partners by `keep_apart_m`; where a
  spot is blocked it slides right (past the obstacle), starting a new run;
- halls are tried in event order, those that can host the request (hall,
  floor load and ceiling, from `floorplan.hosting`); pavilion members are
  placed right after their first member, in its hall.

Like the baseline, its layout is judged by the validator and every violation
is counted (pavilion members on different shelves can end up too far apart).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import shapely
from shapely import STRtree

from benchmarks.baseline import yardstick_layout
from floorplan.hosting import hall_refusal, unhostable_reason
from floorplan.model import Event, Hall, Layout, Request, Rules, Stand
from floorplan.sizes import area_bounds

GAP_M = 3.0
"""Aisle between shelves, runs and walls (at least the rules' aisle width)."""
STEP_M = 1.0
"""How far a stand slides along a shelf, or a new shelf up the hall, when blocked."""
EPS = 1e-6

Spot = tuple[int, int, int, int]
"""(x, y, width, depth) in grid units."""


@dataclass
class Shelf:
    y: int
    depth: int
    end: int | None = None
    """Right edge of the last stand (grid units); None while the shelf is empty."""
    run: int = 0
    """Length of the run the last stand ends; 0 when the next stand must leave a gap."""
    failed: list[int] = field(default_factory=list)
    """Widths that found no room: no wider stand is tried (keep-apart aside)."""
    spans: list[tuple[int, int]] = field(default_factory=list)
    """(x0, x1) of the shelf's stands, sorted."""

    def holes(self, x_lo: int, x_hi: int, gap: int) -> list[tuple[int, int]]:
        """Stretches of the shelf a freestanding stand may use, an aisle from every stand."""
        out, start = [], x_lo
        for x0, x1 in self.spans:
            if x0 - gap > start:
                out.append((start, x0 - gap))
            start = max(start, x1 + gap)
        if x_hi > start:
            out.append((start, x_hi))
        return out


@dataclass
class HallShelves:
    """One hall being filled: its usable band, obstacles, shelves and stands."""

    hall: Hall
    position: int
    rules: Rules
    gap: int
    inner: shapely.Polygon
    obstacles: STRtree
    doors: STRtree
    x_lo: int
    x_hi: int
    y_lo: int
    y_hi: int
    shelves: list[Shelf] = field(default_factory=list)
    placed: dict[str, Spot] = field(default_factory=dict)
    failed: list[tuple[int, int]] = field(default_factory=list)
    """Sizes that could open no new shelf: none at least as large is tried again."""

    @classmethod
    def build(cls, hall: Hall, position: int, rules: Rules) -> HallShelves:
        g = rules.grid_m
        gap = math.ceil(max(GAP_M, rules.aisle_width_m) / g - EPS)
        inner = hall.shape.buffer(-gap * g, join_style="mitre")
        x0, y0, x1, y1 = inner.bounds if not inner.is_empty else (0.0, 0.0, 0.0, 0.0)
        shapely.prepare(inner)
        return cls(
            hall,
            position,
            rules,
            gap,
            inner,
            STRtree(list(hall.obstacles)),
            STRtree([ex.door(hall.shape) for ex in hall.exits]),
            math.ceil(x0 / g - EPS),
            math.floor(x1 / g + EPS),
            math.ceil(y0 / g - EPS),
            math.floor(y1 / g + EPS),
        )

    @property
    def step(self) -> int:
        return max(1, round(STEP_M / self.rules.grid_m))

    def box(self, x: int, y: int, w: int, d: int) -> shapely.Polygon:
        g = self.rules.grid_m
        return shapely.box(x * g, y * g, (x + w) * g, (y + d) * g)

    def blocked(self, rect: shapely.Polygon, rivals: list[str]) -> bool:
        """True when `rect` leaves the band, comes near an obstacle, a door or a rival."""
        rules = self.rules
        if not self.inner.covers(rect):
            return True
        near = self.gap * rules.grid_m - EPS
        if len(self.obstacles.query(rect, predicate="dwithin", distance=near)):
            return True
        clearance = rules.exit_clearance_m - EPS
        if clearance > 0 and len(self.doors.query(rect, predicate="dwithin", distance=clearance)):
            return True
        return any(
            rect.distance(self.box(*self.placed[r])) < rules.keep_apart_m - EPS
            for r in rivals
            if r in self.placed
        )

    def slide(
        self, x: int, y: int, w: int, d: int, rivals: list[str], x_hi: int | None = None
    ) -> int | None:
        """The first x' >= x where a w x d stand at height y is free (up to x_hi), or None."""
        g = self.rules.grid_m
        limit = self.x_hi if x_hi is None else x_hi
        while x + w <= limit:
            rect = self.box(x, y, w, d)
            if not self.blocked(rect, rivals):
                return x
            hits = self.obstacles.query(rect, predicate="dwithin", distance=self.gap * g)
            ends = [float(self.hall.obstacles[int(i)].bounds[2]) for i in hits]
            jump = math.ceil(max(ends) / g - EPS) + self.gap if ends else x
            x = max(x + self.step, jump)
        return None

    def in_shelf(self, shelf: Shelf, w: int, sides: int, rivals: list[str]) -> int | None:
        """Where a stand `w` wide needing `sides` open sides goes along `shelf`, if anywhere."""
        d, max_row = shelf.depth, self.rules.max_row_m / self.rules.grid_m + EPS
        if shelf.end is None:
            return self.slide(self.x_lo, shelf.y, w, d, rivals)
        touch = shelf.run > 0 and sides <= 2 and shelf.run + w <= max_row
        if touch and self.slide(shelf.end, shelf.y, w, d, rivals) == shelf.end:
            return shelf.end
        return self.slide(shelf.end + self.gap, shelf.y, w, d, rivals)

    def place(
        self, rid: str, sizes: list[tuple[int, int]], sides: int, rivals: list[str]
    ) -> Spot | None:
        """First fit: a shelf of a depth the stand can take, else a new shelf."""
        depths = {d: w for w, d in sizes}
        for shelf in self.shelves:
            w = depths.get(shelf.depth)
            if w is None or (shelf.end or 0) + w > self.x_hi:
                continue
            if not rivals and any(w >= f for f in shelf.failed):
                continue
            x = self.in_shelf(shelf, w, sides, rivals)
            if x is None:
                if not rivals:
                    shelf.failed.append(w)
                continue
            shelf.run = shelf.run + w if x == shelf.end else w
            if sides >= 4:
                shelf.run = 0
            shelf.end = x + w
            return self._take(rid, (x, shelf.y, w, shelf.depth), shelf)
        spot = self.new_shelf(rid, sizes[0], sides, rivals)
        if spot is not None:
            return spot
        return self.freestanding(rid, sizes, sides, rivals)

    def new_shelf(
        self, rid: str, size: tuple[int, int], sides: int, rivals: list[str]
    ) -> Spot | None:
        """Open a shelf as deep as `size` in the lowest free band of the hall."""
        w, d = size
        if not rivals and any(w >= fw and d >= fd for fw, fd in self.failed):
            return None
        y = self.y_lo
        while y + d <= self.y_hi:
            # A new shelf keeps an aisle from every other shelf: lowest free band first.
            clash = [
                s.y + s.depth + self.gap
                for s in self.shelves
                if y < s.y + s.depth + self.gap and s.y < y + d + self.gap
            ]
            if clash:
                y = max(clash)
                continue
            x = self.slide(self.x_lo, y, w, d, rivals)
            if x is not None:
                shelf = Shelf(y, d, x + w, 0 if sides >= 4 else w)
                self.shelves.append(shelf)
                self.shelves.sort(key=lambda s: s.y)
                return self._take(rid, (x, y, w, d), shelf)
            y += self.step
        if not rivals:
            self.failed.append((w, d))
        return None

    def freestanding(
        self, rid: str, sizes: list[tuple[int, int]], sides: int, rivals: list[str]
    ) -> Spot | None:
        """A stand shallower than a shelf, alone between cross gaps at the shelf's front.

        Its front and both ends are open; its back faces the rest of the shelf's
        depth, which is an aisle only if at least `GAP_M` deep: an island needs that.
        """
        for shelf in self.shelves:
            if shelf.end is None:
                continue
            room = [
                (w, d)
                for w, d in sizes
                if d < shelf.depth and (sides <= 3 or shelf.depth - d >= self.gap)
            ]
            if not room:
                continue
            w, d = min(room, key=lambda s: (s[0], -s[1]))
            for lo, hi in shelf.holes(self.x_lo, self.x_hi, self.gap):
                x = self.slide(lo, shelf.y, w, d, rivals, hi) if hi - lo >= w else None
                if x is not None:
                    if x + w >= shelf.end:
                        shelf.end, shelf.run = x + w, 0
                    return self._take(rid, (x, shelf.y, w, d), shelf)
        return None

    def _take(self, rid: str, spot: Spot, shelf: Shelf) -> Spot:
        self.placed[rid] = spot
        shelf.spans.append((spot[0], spot[0] + spot[2]))
        shelf.spans.sort()
        return spot


def stand_sizes(request: Request, rules: Rules) -> list[tuple[int, int]]:
    """(width, depth) in grid units the packer may use, at most one width per depth:
    the most compact first (it opens shelves), then the others."""
    g = rules.grid_m
    exact = request.exact_size
    if exact is not None:
        w, d = (round(v / g) for v in exact)
        if abs(w * g - exact[0]) > EPS or abs(d * g - exact[1]) > EPS:
            return []
        return [(w, d)] if w == d else [(max(w, d), min(w, d)), (min(w, d), max(w, d))]
    lo, hi = area_bounds(request, rules)
    smin = math.ceil(rules.min_side_m / g - EPS)
    out: list[tuple[int, int]] = []
    d_top = math.floor(math.sqrt(hi * rules.max_aspect) / g + EPS)
    for d in range(d_top, smin - 1, -1):
        w = round(request.area_m2 / (d * g * g))
        for width in (w, w - 1, w + 1):
            area = width * d * g * g
            long_, short = max(width, d), min(width, d)
            if (
                lo - EPS <= area <= hi + EPS
                and short >= smin
                and long_ <= rules.max_aspect * short + EPS
            ):
                out.append((width, d))
                break
    if not out:
        return []
    compact = min(out, key=lambda s: (max(s) / min(s), abs(s[0] * s[1] * g * g - request.area_m2)))
    return [compact, *(s for s in out if s != compact)]


def shelf_layout(event: Event) -> Layout:
    """The greedy shelf packing of `event`: largest first, first fit, new shelf if none."""
    start = time.perf_counter()
    rules = event.rules
    halls = [HallShelves.build(h, i, rules) for i, h in enumerate(event.hall_models)]
    order = sorted(event.requests, key=lambda r: (-r.area_m2, r.id))
    members: dict[str, list[Request]] = {}
    for req in order:
        if req.pavilion is not None:
            members.setdefault(req.pavilion, []).append(req)
    rivals: dict[str, list[str]] = {}
    for req in event.requests:
        for other in req.keep_apart:
            rivals.setdefault(req.id, []).append(other)
            rivals.setdefault(other, []).append(req.id)
    where: dict[str, HallShelves] = {}
    unplaced: dict[str, str] = {}
    done: set[str] = set()
    for req in order:
        if req.id in done:
            continue
        group = members[req.pavilion] if req.pavilion else [req]
        pavilion_hall: HallShelves | None = None
        for member in group:
            done.add(member.id)
            reason = unhostable_reason(event, member)
            sizes = stand_sizes(member, rules)
            if reason is None and not sizes:
                reason = "no rectangle on the grid within the area tolerance"
            if reason is not None:
                unplaced[member.id] = reason
                continue
            hosts = [pavilion_hall] if pavilion_hall else halls
            hosts = [h for h in hosts if hall_refusal(event, member, h.hall) is None]
            sides = member.open_sides_needed
            for host in hosts:
                if host.place(member.id, sizes, sides, rivals.get(member.id, [])) is not None:
                    where[member.id] = host
                    pavilion_hall = host if req.pavilion else None
                    break
            else:
                w, d = (v * rules.grid_m for v in sizes[0])
                names = ", ".join(h.hall.id for h in hosts) or "no hall"
                unplaced[member.id] = (
                    f"no shelf in {names} has room for a {w:g} x {d:g} m stand "
                    f"and no new shelf fits"
                )
    return _layout(event, where, unplaced, time.perf_counter() - start)


def _layout(
    event: Event, where: dict[str, HallShelves], unplaced: dict[str, str], wall_s: float
) -> Layout:
    g = event.rules.grid_m
    stands = []
    counts: dict[str, int] = {}
    for req in event.requests:
        host = where.get(req.id)
        if host is None:
            continue
        x, y, w, d = host.placed[req.id]
        counts[host.hall.id] = counts.get(host.hall.id, 0) + 1
        stands.append(
            Stand(
                request_id=req.id,
                hall=host.hall.id,
                x=round(x * g, 9),
                y=round(y * g, 9),
                width=round(w * g, 9),
                depth=round(d * g, 9),
                booth_type=req.booth_type,
                number=f"S{host.position + 1}-{counts[host.hall.id]:03d}",
            )
        )
    missing = {r.id: unplaced[r.id] for r in event.requests if r.id not in where}
    return yardstick_layout(event, stands, missing, "SHELF", "shelf packer", wall_s)


__all__ = ["shelf_layout", "stand_sizes"]
