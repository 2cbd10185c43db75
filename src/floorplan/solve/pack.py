"""Segments -> stands: blocks of stands packed along each segment, best slots to the best tiers.

A segment is filled from its end nearest the entrance, block after block,
with a cross passage of one aisle width between blocks. Each block is a
sequence of columns: one stand through the band's whole depth, or (in a
double band) two stands back to back. A stand's open sides follow from where
it stands: the faces that border an aisle (read off the walk raster) and the
block ends it touches. Requests come in tier order; a slot a request cannot
use (too few open sides, no room, a rival too near, the walk too long) goes
to the next one that can, within a short lookahead, so the order of tiers on
the floor follows the order of nearness to the entrance.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

from floorplan.model.event import Request
from floorplan.sizes import Size, fit_depth, width_range
from floorplan.solve.notch import fits
from floorplan.solve.params import Params
from floorplan.solve.problem import HallProblem, Rect, rect_gap
from floorplan.solve.skeleton import Segment, Skeleton
from floorplan.solve.walk import Walk


@dataclass(frozen=True)
class Placed:
    request: Request
    rect: Rect
    """Local grid units (the hall as the skeleton sees it)."""
    open_sides: int
    segment: int


FACE_PROBE_M = 0.001
"""Metres outside a face at which walkable space is looked for. Where the walkable
space's rounded edge (radius half an aisle) leaves the face, probing `e` outside
lengthens the window by about sqrt(aisle * e): 6 cm at a 4 m aisle, where 5 cm out
(the samples' offset) read 45 cm more, and a stand beside a column took the face
for open (fuzzed ev35: 57% by the samples, 39% by the validator)."""


MOUTH_SHARE = 0.99
"""Share of a cross passage's mouth that must border walkable space for the passage to
lead to an aisle (a clear mouth borders it whole; a column at it takes metres)."""


@dataclass
class _Face:
    """One long face of a segment: where it borders walkable space (exact windows, grid
    units from the segment's start), and the walk from samples every step along it."""

    windows: tuple[tuple[float, float], ...]
    px: np.ndarray
    py: np.ndarray
    dist: np.ndarray
    step: int

    def share(self, u0: int, u1: int) -> float:
        """Share of [u0, u1) that borders walkable space."""
        if u1 <= u0:
            return 0.0
        got = sum(max(0.0, min(b, u1) - max(a, u0)) for a, b in self.windows)
        return got / (u1 - u0)

    def walk(self, u0: int, u1: int, box: tuple[float, float, float, float]) -> float:
        """Shortest walk to a door from the farthest corner of the stand `box` (x0, y0, x1,
        y1, metres) out through this face between `u0` and `u1`."""
        i0, i1 = u0 // self.step, min(len(self.dist), max(u0 // self.step + 1, -(-u1 // self.step)))
        d = self.dist[i0:i1]
        if not np.isfinite(d).any():
            return math.inf
        px, py = self.px[i0:i1], self.py[i0:i1]
        # The stand's farthest corner from a point is farthest along x and along y at once.
        x0, y0, x1, y1 = box
        far = np.hypot(
            np.maximum(np.abs(px - x0), np.abs(px - x1)),
            np.maximum(np.abs(py - y0), np.abs(py - y1)),
        )
        return float(np.min(d + far))


Ends = tuple[tuple[_Face | None, _Face | None], tuple[bool, bool]]


@dataclass
class _Seg:
    seg: Segment
    forward: bool
    """Fill from s0 (True) or from s1."""
    nearness: float
    measure: Callable[[Segment], Ends] = field(repr=False)
    """Measures the faces and the ends when first asked: a vast hall's skeleton has
    thousands of segments, and a few requests fill only the nearest (a hall of 1,000 x
    667 m with 15 requests: 21 of a pack's 21.3 s went to measuring 4,746 segments)."""
    _measured: Ends | None = field(default=None, repr=False)

    @property
    def faces(self) -> tuple[_Face | None, _Face | None]:
        """The t0 face and the t1 face (None for a wall)."""
        return self._ends()[0]

    @property
    def open_ends(self) -> tuple[bool, bool]:
        return self._ends()[1]

    def _ends(self) -> Ends:
        if self._measured is None:
            self._measured = self.measure(self.seg)
        return self._measured


@dataclass
class Packing:
    placed: list[Placed] = field(default_factory=list)
    left: list[Request] = field(default_factory=list)


class Packer:
    """Fills the segments of one skeleton with one hall's requests."""

    def __init__(self, p: HallProblem, sk: Skeleton, walk: Walk, params: Params, step: int):
        self.p = p
        self.sk = sk
        self.walk = walk
        self.params = params
        self.step = step
        r = p.rules
        self.a = sk.aisle
        # Between blocks one grid unit more than the aisle when the grid is not a binary
        # fraction (see `HallProblem.passage`).
        self.gap = self.a + (0 if p.exact_grid else 1)
        self.max_row = p.max_row
        self.reach = p.pavilion_reach
        """Farthest a pavilion member may stand from its nearest fellow (grid units)."""
        self.limit = r.max_travel_m - params.walk_slack_m
        self._columns = np.array(sorted(p.column_boxes), dtype=float).reshape(-1, 4)
        self._boxes: np.ndarray | None = None
        """Every segment's box (x, y, w, d), made when first needed (`_clear_beyond`)."""
        self.segs = [self._prepare(i, s) for i, s in enumerate(sk.segments)]
        self.order = sorted(range(len(self.segs)), key=lambda i: (self.segs[i].nearness, i))
        self.where: dict[str, Rect] = {}
        self.window = params.lookahead
        self.late: set[str] = set()
        """Requests offered by another hall: seated after this hall's own."""
        self._seating = False
        """Inside `_pavilion`: its blocks hold its members as single stands."""
        self.anchors: dict[str, list[Rect]] = {}
        """Per pavilion, its members held where they stood from an earlier round
        (`solve_with`'s `reserved`): a member packed now stands within an aisle of one of
        them or of a fellow packed with it. (A baseline's kept pavilions are kept whole or
        not at all: `baseline.kept_stands`.)"""
        self.by_area = False
        """Tiers aside: the requests come largest first (`Spec.by_area`)."""
        self._sizes: dict[tuple[str, int], Size | None] = {}
        self._spans: dict[tuple[str, int], tuple[int, int] | None] = {}
        self._seen: dict[tuple[Segment, int, int, int, int, int], tuple[int, float]] = {}
        """Answers of `_fit`, `_span_of` and `_sides`, which depend on nothing that packing
        changes: the packer asks the same at the same cursor again each time a tier's turn
        comes."""
        self._starts: tuple[np.ndarray, ...] | None = None
        """Each segment's fill-start edge (`_next_for`), made when first needed."""
        self.gate = -1
        """Lowest tier that may take a slot now (the frontier pass seats tiers in order)."""
        self.cursor: dict[int, int] = {}
        self.touched: set[int] = set()
        """Segments that hold stands: a pavilion continues only into untouched ones."""
        self.open_block: dict[int, int] = {}
        """Segments whose last block ended without closing (nothing waiting fitted there
        then): cursor where that block began. The next stands there join the block
        rather than start a new one an aisle on, so no stand is stranded alone."""

    # -- geometry of the segments -------------------------------------------------
    def _side(
        self, x0: float, y0: float, x1: float, y1: float
    ) -> tuple[float, float, float, float]:
        g = self.p.g
        return (x0 * g, y0 * g, x1 * g, y1 * g)

    def _face(self, seg: Segment, hi: bool) -> _Face:
        g = self.p.g
        k = self.step
        n = max(1, -(-seg.length // k))
        us = seg.s0 + (np.arange(n) + 0.5) * k
        us = np.minimum(us, seg.s1 - 0.5)
        t = seg.t1 * g + 0.05 if hi else seg.t0 * g - 0.05
        if seg.axis == "x":
            xs, ys = us * g, np.full(n, t)
        else:
            xs, ys = np.full(n, t), us * g
        _, d = self.walk.sample(xs, ys)
        return _Face(self._windows(seg, hi), xs, ys, d, k)

    def _windows(self, seg: Segment, hi: bool) -> tuple[tuple[float, float], ...]:
        """Stretches of a face (grid units from `seg.s0`) that border walkable space."""
        g = self.p.g
        t = seg.t1 * g + FACE_PROBE_M if hi else seg.t0 * g - FACE_PROBE_M
        a, b = seg.s0 * g, seg.s1 * g
        line = shapely.LineString([(a, t), (b, t)] if seg.axis == "x" else [(t, a), (t, b)])
        # The walkable space round the line only: cut with the whole space, a line costs
        # as much as the hall's outline is long (a sixth of a vast hall's packing).
        x0, y0, x1, y1 = line.bounds
        near = shapely.clip_by_rect(self.walk.space, x0 - 1, y0 - 1, x1 + 1, y1 + 1)
        spans: list[tuple[float, float]] = []
        for part in shapely.get_parts(line.intersection(near)):
            if part.is_empty or part.length <= 0:
                continue
            along = shapely.get_coordinates(part)[:, 0 if seg.axis == "x" else 1] / g - seg.s0
            spans.append((float(along.min()), float(along.max())))
        return tuple(sorted(spans))

    def _prepare(self, i: int, seg: Segment) -> _Seg:
        x, y, w, d = seg.box
        g = self.p.g
        ent = self.p.entrances
        near0 = ent.distance(shapely.Point(*self._pt(seg, seg.s0)))
        near1 = ent.distance(shapely.Point(*self._pt(seg, seg.s1)))
        centre = ent.distance(shapely.box(x * g, y * g, (x + w) * g, (y + d) * g).centroid)
        return _Seg(seg, near0 <= near1, float(centre), self._ends)

    def _ends(self, seg: Segment) -> Ends:
        """A segment's faces, and whether each of its ends is open."""
        lo = None if seg.kind == "wall" and seg.wall_lo else self._face(seg, False)
        hi = None if seg.kind == "wall" and not seg.wall_lo else self._face(seg, True)
        ends = []
        for at in (seg.s0, seg.s1):
            if seg.axis == "x":
                side = (at, seg.t0, at, seg.t1) if at == seg.s1 else (at, seg.t1, at, seg.t0)
            else:
                side = (seg.t1, at, seg.t0, at) if at == seg.s1 else (seg.t0, at, seg.t1, at)
            share = self.walk.share(self._side(*side))
            ends.append(share >= self.params.open_share and self._clear_beyond(seg, at))
        return (lo, hi), (ends[0], ends[1])

    def _far_open(self, sg: _Seg, reach: int, end_open: bool) -> bool:
        """A block ending at `reach` has an open far end: a cross passage or the open end."""
        s = sg.seg
        if reach >= s.length:
            return end_open
        return s.length - reach >= self.gap and self._passage_opens(sg, reach, reach + self.gap)

    def _passage_opens(self, sg: _Seg, c0: int, c1: int) -> bool:
        """Whether a block end facing the cross passage [c0, c1) (cursor units) inside this
        segment is an open side.

        Between two interior rows the passage runs from aisle to aisle, when an aisle
        meets its whole mouth: a column in the aisle at the mouth pinches it, and the
        passage is a pocket cut off from the aisles (fuzzed seed 6100 ev08: a 3.6 m
        passage between columns on a 10 m grid, both its block ends counted open). In a
        row along a wall it is a pocket with the wall at its back: walkers (a disc as
        wide as the aisle) reach the block end only from the aisle's side, an aisle's
        half short of the wall, so a shallow wall row's end borders too little of them
        to be open.
        """
        s = sg.seg
        if s.kind == "wall":
            depth = s.depth * self.p.g
            reach = depth - self.p.rules.aisle_width_m / 2
            if reach < self.params.open_share * depth:
                return False
        L = s.length
        f0, f1 = (c0, c1) if sg.forward else (L - c1, L - c0)
        f0, f1 = max(0, f0), min(L, f1)
        if self._column_in(s, s.s0 + f0, s.s0 + f1):
            return False
        faces = [face for face in sg.faces if face is not None]
        return not faces or any(face.share(f0, f1) >= MOUTH_SHARE for face in faces)

    def _column_in(self, seg: Segment, a0: int, a1: int) -> bool:
        """Whether a column stands in the part [a0, a1) of the segment: one the skeleton
        left inside its row for a stand to be notched round (`Params.notch_depth_m`), in a
        cross passage instead, pinches the passage at the block end's face."""
        return a1 > a0 and self._holds_column(seg.rect(a0, a1, seg.t0, seg.t1))

    def _clear_beyond(self, seg: Segment, at: int) -> bool:
        """An aisle's width beyond a segment end is inside the hall and free of obstacles and
        other segments: the end faces a cross aisle, not a wall, a column or a sliver."""
        a = self.a
        lo, hi = (at, at + a) if at == seg.s1 else (at - a, at)
        g = self.p.g
        x, y, w, d = seg.rect(lo, hi, seg.t0, seg.t1)
        strip = shapely.box(x * g, y * g, (x + w) * g, (y + d) * g)
        if self.p.hard.intersection(strip).area > 1e-6:
            return False
        if self._boxes is None:
            self._boxes = np.array([s.box for s in self.sk.segments], dtype=float).reshape(-1, 4)
        ox, oy, ow, od = self._boxes.T
        hit = (ox < x + w) & (x < ox + ow) & (oy < y + d) & (y < oy + od)
        return all(self.sk.segments[k] is seg for k in np.flatnonzero(hit).tolist())

    def _pt(self, seg: Segment, s: int) -> tuple[float, float]:
        g = self.p.g
        t = (seg.t0 + seg.t1) / 2
        return (s * g, t * g) if seg.axis == "x" else (t * g, s * g)

    # -- one stand -------------------------------------------------------------------
    def _span(self, sg: _Seg, u: int, w: int) -> tuple[int, int]:
        """Along-band interval of a stand `w` wide at cursor `u` from the fill end."""
        s = sg.seg
        return (s.s0 + u, s.s0 + u + w) if sg.forward else (s.s1 - u - w, s.s1 - u)

    def _fit(self, req: Request, depth: int) -> Size | None:
        key = (req.id, depth)
        if key not in self._sizes:
            self._sizes[key] = fit_depth(req, depth, self.p.rules, self.step)
        return self._sizes[key]

    def _span_of(self, req: Request, depth: int) -> tuple[int, int] | None:
        key = (req.id, depth)
        if key not in self._spans:
            self._spans[key] = width_range(req, depth, self.p.rules)
        return self._spans[key]

    def _sides(self, sg: _Seg, a0: int, a1: int, t0: int, t1: int, ends: int) -> tuple[int, float]:
        """Open sides and the longest walk to an exit of the stand [a0,a1) x [t0,t1)."""
        key = (sg.seg, a0, a1, t0, t1, ends)
        got = self._seen.get(key)
        if got is None:
            got = self._seen[key] = self._measure(sg, a0, a1, t0, t1, ends)
        return got

    def _measure(
        self, sg: _Seg, a0: int, a1: int, t0: int, t1: int, ends: int
    ) -> tuple[int, float]:
        s = sg.seg
        g = self.p.g
        if s.axis == "x":
            box = (a0 * g, t0 * g, a1 * g, t1 * g)
        else:
            box = (t0 * g, a0 * g, t1 * g, a1 * g)
        count = ends
        walk = math.inf
        lo, hi = sg.faces
        if (
            lo is not None
            and t0 == s.t0
            and lo.share(a0 - s.s0, a1 - s.s0) >= self.params.open_share
        ):
            count += 1
            walk = min(walk, lo.walk(a0 - s.s0, a1 - s.s0, box))
        if (
            hi is not None
            and t1 == s.t1
            and hi.share(a0 - s.s0, a1 - s.s0) >= self.params.open_share
        ):
            count += 1
            walk = min(walk, hi.walk(a0 - s.s0, a1 - s.s0, box))
        return count, walk

    def _ok_here(self, req: Request, rect: Rect) -> bool:
        """Keep-apart rivals already placed are far enough away, and a column the stand
        takes in (one the skeleton left just inside a row's face) in a notch a planner
        would cut (`notch.fits`)."""
        if not self.p.clear_of_rivals(req.id, rect, self.where):
            return False
        return not self._holds_column(rect) or fits(req, rect, self.p, self.params.notch_depth_m)

    def _holds_column(self, rect: Rect) -> bool:
        cols = self._columns
        if not len(cols):
            return False
        g = self.p.g
        x, y, w, d = rect
        x0, y0, x1, y1 = x * g, y * g, (x + w) * g, (y + d) * g
        hit = (cols[:, 0] < x1) & (x0 < cols[:, 2]) & (cols[:, 1] < y1) & (y0 < cols[:, 3])
        return bool(hit.any())

    def _to_aisle_ok(self, w: int, d: int, faces: tuple[bool, bool], ends: int) -> bool:
        """The walk inside the stand to its nearest open side (front faces only, conservatively)."""
        limit = self.p.rules.max_to_aisle_m / self.p.g
        if faces[0] and faces[1]:
            return d / 2 <= limit or (ends > 0 and min(d / 2, w) <= limit)
        return d <= limit or (ends > 0 and min(d, w) <= limit)

    # -- filling ---------------------------------------------------------------------
    def pack(self, units: list[list[Request]]) -> Packing:
        out = Packing()
        queue = list(units)
        # Block by block, always where the free floor is nearest the entrance: the order of
        # tiers on the floor then follows nearness, not the order of the segments.
        # A slot the best waiting tier cannot use waits until that tier is seated, so a
        # lower tier does not take floor nearer the entrance than a higher one.
        heap = [(self._frontier(si), si) for si in self.order]
        heapq.heapify(heap)
        deferred: list[int] = []
        self.gate = max((self._tier(r) for u in queue for r in u), default=0)
        while queue:
            top = max(self._tier(r) for u in queue for r in u)
            if top < self.gate or not heap:
                if not heap and top >= self.gate:
                    lower = [self._tier(r) for u in queue for r in u if self._tier(r) < self.gate]
                    if not lower:
                        break
                    top = max(lower)
                self.gate = top
                for sj in deferred:
                    heapq.heappush(heap, (self._frontier(sj), sj))
                deferred = []
                if not heap:
                    break
            _, si = heapq.heappop(heap)
            queue, progressed = self._fill(si, queue, out, blocks=1)
            if progressed and self.cursor.get(si, 0) < self.segs[si].seg.length:
                heapq.heappush(heap, (self._frontier(si), si))
            elif not progressed:
                deferred.append(si)
        self.gate = -1
        # Then what is left tries every segment's remaining room once more, with every
        # remaining request in view: density now, the tier order is already set. Farthest
        # first: what is left is the lowest tiers, and the floor near the entrance that
        # higher tiers could not use is not theirs by right either.
        self.window = len(queue)
        for si in reversed(self.order):
            if not queue:
                break
            queue, _ = self._fill(si, queue, out)
        out.left = [r for u in queue for r in u]
        return out

    def _tier(self, r: Request) -> int:
        """The tier that orders seating: a late guest (second chance) comes after everyone."""
        return -1 if r.id in self.late else (0 if self.by_area else r.tier)

    def _frontier(self, si: int) -> float:
        """Distance from the entrance to where the next block of segment `si` would start."""
        sg = self.segs[si]
        s = sg.seg
        u = self.cursor.get(si, 0)
        at = s.s0 + u if sg.forward else s.s1 - u
        x, y = self._pt(s, at)
        return float(self.p.entrances.distance(shapely.Point(x, y)))

    def _fill(
        self, si: int, queue: list[list[Request]], out: Packing, blocks: int = 10**9
    ) -> tuple[list[list[Request]], bool]:
        sg = self.segs[si]
        L = sg.seg.length
        u = self.cursor.get(si, 0)
        start_open = sg.open_ends[0] if sg.forward else sg.open_ends[1]
        end_open = sg.open_ends[1] if sg.forward else sg.open_ends[0]
        progressed = False
        while u < L and queue and blocks > 0:
            began = self.open_block.pop(si, None)
            u0 = u if began is None else began
            block, queue, closed = self._block(
                si,
                sg,
                u0,
                start_open if u0 == 0 else self._passage_opens(sg, u0 - self.gap, u0),
                end_open,
                queue,
                at=u,
            )
            if not block:
                if began is not None:
                    self.open_block[si] = began
                break
            block = self._stretch(si, sg, block, end_open)
            progressed = True
            blocks -= 1
            out.placed.extend(block)
            for pl in block:
                self.where[pl.request.id] = pl.rect
                self.touched.add(pl.segment)
                sj = pl.segment
                end = self._along(self.segs[sj], pl.rect)[1]
                reach = end + (0 if sj == si and not closed else self.gap)
                self.cursor[sj] = max(self.cursor.get(sj, 0), reach)
            u = self.cursor[si]
            if not closed and u < L:
                self.open_block[si] = u0
        return queue, progressed

    def _along(self, sg: _Seg, rect: Rect) -> tuple[int, int]:
        """Cursor interval [u0, u1) of a placed rect, measured from the fill end."""
        s = sg.seg
        x, y, w, d = rect
        a0, a1 = (x, x + w) if s.axis == "x" else (y, y + d)
        return (a0 - s.s0, a1 - s.s0) if sg.forward else (s.s1 - a1, s.s1 - a0)

    def _window(self, queue: list[list[Request]]) -> Iterator[tuple[int, list[Request]]]:
        yield from enumerate(queue[: self.window + 1])

    def _stretch(self, si: int, sg: _Seg, block: list[Placed], end_open: bool) -> list[Placed]:
        """Widen a segment's last block to its end when the rest could hold no other block.

        The floor would otherwise be lost as a sliver before the cross aisle; widths
        stay within each request's area tolerance, and every stand keeps its open
        sides, its walk and its rivals' distance, or nothing changes.
        """
        s = sg.seg
        rules = self.p.rules
        if any(pl.segment != si for pl in block):
            return block
        along = [self._along(sg, pl.rect) for pl in block]
        end = max(a1 for _, a1 in along)
        start = min(a0 for a0, _ in along)
        slack = s.length - end
        min_side = self.p.units(rules.min_side_m)
        if slack <= 0 or slack >= self.a + min_side or not end_open:
            return block
        if end + slack - start > self.max_row and len(block) > 1:
            return block
        cols: dict[int, list[int]] = {}
        for i, (a0, _) in enumerate(along):
            cols.setdefault(a0, []).append(i)
        order = sorted(cols)
        extra: dict[int, int] = {}
        left = slack
        for a0 in order:
            room = left
            for i in cols[a0]:
                pl = block[i]
                _, _, w, d = pl.rect
                depth = d if s.axis == "x" else w
                width = w if s.axis == "x" else d
                span = self._span_of(pl.request, depth)
                room = min(room, 0 if span is None else span[1] - width)
            extra[a0] = max(0, room)
            left -= extra[a0]
        if left > 0:
            return block
        shift = 0
        out: list[Placed] = list(block)
        for a0 in order:
            grow = extra[a0]
            for i in cols[a0]:
                pl = block[i]
                u0, u1 = along[i]
                u0, u1 = u0 + shift, u1 + shift + grow
                b0, b1 = self._span(sg, u0, u1 - u0)
                x, y, w, d = pl.rect
                t0, t1 = (y, y + d) if s.axis == "x" else (x, x + w)
                ends = pl.open_sides
                rect = s.rect(b0, b1, t0, t1)
                count, walk = self._sides(sg, b0, b1, t0, t1, 0)
                face_before, _ = self._sides(sg, *self._bounds(s, pl.rect), 0)
                count += ends - face_before
                if count < pl.request.open_sides_needed or walk > self.limit:
                    return block
                self.where.pop(pl.request.id, None)
                if not self._ok_here(pl.request, rect):
                    return block
                out[i] = Placed(pl.request, rect, count, pl.segment)
            shift += grow
        return out

    def _bounds(self, s: Segment, rect: Rect) -> tuple[int, int, int, int]:
        x, y, w, d = rect
        return (x, x + w, y, y + d) if s.axis == "x" else (y, y + d, x, x + w)

    def _block(
        self,
        si: int,
        sg: _Seg,
        u0: int,
        start_open: bool,
        end_open: bool,
        queue: list[list[Request]],
        at: int | None = None,
    ) -> tuple[list[Placed], list[list[Request]], bool]:
        """One block from `u0`, or the block begun at `u0` continued at `at`; also whether
        it is closed (its end stand counts its far end open, or no column fits any more)."""
        s = sg.seg
        L = s.length
        cols: list[Placed] = []
        u = u0 if at is None else at
        going = u > u0
        used: set[int] = set()
        closed = False
        min_side = self.p.units(self.p.rules.min_side_m)
        while not closed:
            room = L - u
            limit = min(room, self.max_row - (u - u0)) if cols or going else room
            chosen = None
            for i, unit in self._window(queue):
                if i in used:
                    continue
                if max(self._tier(r) for r in unit) < self.gate:
                    continue
                alone = unit[0].pavilion in self.anchors and not self._seating
                if len(unit) > 1 or alone:
                    # A pavilion: a block of its own, and only when it can start one.
                    if cols or going:
                        continue
                    got = self._pavilion(si, sg, u0, start_open, unit)
                    if got:
                        rest = [q for j, q in enumerate(queue) if j != i]
                        return got, rest, True
                    continue
                col = self._column(
                    si,
                    sg,
                    unit[0],
                    u,
                    limit,
                    first=not cols and not going,
                    start_open=start_open,
                    end_open=end_open,
                    queue=queue,
                    used=used | {i},
                )
                if col is not None:
                    chosen = (i, col)
                    break
            if chosen is None:
                break
            i, (placed, partner, close) = chosen
            used.add(i)
            if partner is not None:
                used.add(partner)
            cols.extend(placed)
            for pl in placed:
                self.where[pl.request.id] = pl.rect
            u = max(self._along(sg, pl.rect)[1] for pl in placed)
            closed = close or u >= L
        for pl in cols:
            self.where.pop(pl.request.id, None)
        rest = [q for j, q in enumerate(queue) if j not in used]
        # Room for another column within the row's length: the block may go on later.
        closed = closed or u + min_side > min(L, u0 + self.max_row)
        return cols, rest, closed

    def _next_for(self, placed: list[Placed], used: set[int]) -> int | None:
        """An untouched segment whose fill-start edge is within an aisle of a placed member:
        the nearest, in the placed members' band among equals, then the first. Vectorised
        over the segments: a vast hall has thousands, and pavilions ask often."""
        if self._starts is None:
            edges = [sg.seg.s0 if sg.forward else sg.seg.s1 for sg in self.segs]
            self._starts = (
                np.array(edges, dtype=float),
                np.array([sg.seg.t0 for sg in self.segs], dtype=float),
                np.array([sg.seg.t1 for sg in self.segs], dtype=float),
                np.array([sg.seg.axis == "x" for sg in self.segs]),
                np.array([sg.seg.band for sg in self.segs]),
            )
        at, t0, t1, along_x, band = self._starts
        n = len(self.segs)
        free = np.ones(n, dtype=bool)
        free[list(used | self.touched)] = False
        if not free.any():
            return None
        near = np.full(n, np.inf)
        for pl in placed:
            x, y, w, d = pl.rect
            # The fill-start edge runs across the band: x = at for a segment along x.
            dx = np.where(
                along_x,
                np.maximum(0, np.maximum(x - at, at - (x + w))),
                np.maximum(0, np.maximum(x - t1, t0 - (x + w))),
            )
            dy = np.where(
                along_x,
                np.maximum(0, np.maximum(y - t1, t0 - (y + d))),
                np.maximum(0, np.maximum(y - at, at - (y + d))),
            )
            near = np.minimum(near, np.hypot(dx, dy))
        ok = np.nonzero(free & (near <= self.reach + 1e-6))[0]
        if not len(ok):
            return None
        bands = [self.segs[pl.segment].seg.band for pl in placed if pl.segment >= 0]
        # At equal distance the row goes on in its own band, not a stray in the next.
        other = ~np.isin(band[ok], bands)
        return int(ok[np.lexsort((ok, other, near[ok]))[0]])

    def _pavilion(
        self, si: int, sg: _Seg, u0: int, start_open: bool, members: list[Request]
    ) -> list[Placed]:
        """All members in runs of blocks each within an aisle of another member, or none.

        Blocks of one pavilion in a segment are an aisle apart exactly (not the extra grid
        unit of `gap`): a member across the passage from its nearest fellow stands within
        one aisle of it."""
        self._seating = True
        try:
            return self._pavilion_runs(si, sg, u0, start_open, members)
        finally:
            self._seating = False

    def _pavilion_runs(
        self, si: int, sg: _Seg, u0: int, start_open: bool, members: list[Request]
    ) -> list[Placed]:
        placed: list[Placed] = []
        queue = [[m] for m in members]
        used = {si}
        sj, u, first_start = si, u0, start_open
        for _ in range(8):
            sgj = self.segs[sj]
            s = sgj.seg
            end_open = sgj.open_ends[1] if sgj.forward else sgj.open_ends[0]
            while queue and u < s.length:
                block, queue, _ = self._block(sj, sgj, u, first_start, end_open, queue)
                if not block:
                    break
                placed.extend(block)
                for pl in block:
                    self.where[pl.request.id] = pl.rect
                u = max(self._along(sgj, pl.rect)[1] for pl in block) + self.a
                first_start = self._passage_opens(sgj, u - self.a, u)
            if not queue or not placed:
                break
            nxt = self._next_for(placed, used)
            if nxt is None:
                break
            used.add(nxt)
            sj, u = nxt, 0
            o = self.segs[nxt]
            first_start = o.open_ends[0] if o.forward else o.open_ends[1]
        for pl in placed:
            self.where.pop(pl.request.id, None)
        anchors = self.anchors.get(members[0].pavilion or "", [])
        return placed if not queue and together(placed, self.reach, anchors) else []

    def _column(
        self,
        si: int,
        sg: _Seg,
        req: Request,
        u: int,
        limit: int,
        *,
        first: bool,
        start_open: bool,
        end_open: bool,
        queue: list[list[Request]],
        used: set[int],
    ) -> tuple[list[Placed], int | None, bool] | None:
        """The column `req` heads at cursor `u`: its stands, the partner's index, close after?"""
        s = sg.seg
        D = s.depth
        need = req.open_sides_needed
        start_end = 1 if first and start_open else 0
        options: list[tuple[str, int, int]] = []
        full = self._fit(req, D)
        if full is not None:
            options.append(("full", *full))
        if s.kind == "double":
            half = D // 2
            row = self._fit(req, half)
            if row is not None:
                options.append(("row", *row))
            if need >= 3 and options and options[0][0] == "full":
                options = options[:1]
            elif row is not None and options[0][0] == "full" and need <= 2:
                options.reverse()
        for mode, w, d in options:
            if w > limit:
                continue
            a0, a1 = self._span(sg, u, w)
            if mode == "full":
                t0, t1 = (s.t0, s.t0 + d) if (sg.faces[0] is not None) else (s.t1 - d, s.t1)
                if d < D and sg.faces[0] is not None and sg.faces[1] is not None:
                    t0, t1 = s.t0, s.t0 + d
                for close in (False, True):
                    ends = start_end + (1 if close and self._far_open(sg, u + w, end_open) else 0)
                    count, walk = self._sides(sg, a0, a1, t0, t1, ends)
                    if (
                        count >= need
                        and walk <= self.limit
                        and self._to_aisle_ok(
                            w,
                            d,
                            (
                                t0 == s.t0 and sg.faces[0] is not None,
                                t1 == s.t1 and sg.faces[1] is not None,
                            ),
                            ends,
                        )
                    ):
                        rect = s.rect(a0, a1, t0, t1)
                        if not self._ok_here(req, rect):
                            return None
                        return ([Placed(req, rect, count, si)], None, close)
            else:
                got = self._pair(si, sg, req, u, w, d, limit, start_end, end_open, queue, used)
                if got is not None:
                    return got
        return None

    def _pair(
        self,
        si: int,
        sg: _Seg,
        req: Request,
        u: int,
        w: int,
        d: int,
        limit: int,
        start_end: int,
        end_open: bool,
        queue: list[list[Request]],
        used: set[int],
    ) -> tuple[list[Placed], int | None, bool] | None:
        """Two stands back to back in a double band, or `req` alone in the front row."""
        s = sg.seg
        half = s.depth // 2
        need = req.open_sides_needed
        span = self._span_of(req, d)
        if span is None:
            return None
        partner_idx = None
        partner: Request | None = None
        pw = w
        od = s.depth - half
        narrower: tuple[int, int, Request] | None = None
        rivals = self.p.rivals.get(req.id, frozenset())
        for j, unit in self._window(queue):
            if j in used or len(unit) > 1 or unit[0].id in rivals:
                continue  # (a keep-apart rival back to back would stand 0 m away)
            other = unit[0]
            ospan = self._span_of(other, od)
            if ospan is None:
                continue
            lo, hi = max(span[0], ospan[0]), min(span[1], ospan[1])
            if lo <= hi:
                pw = min(max(w, lo), hi)
                if pw <= limit:
                    partner_idx, partner = j, other
                    break
            elif ospan[0] <= w and (narrower is None or min(ospan[1], w) > narrower[0]):
                # No common width: a narrower stand behind, the rest of the back row empty.
                narrower = (min(ospan[1], w), j, other)
        widths = {req.id: pw if partner is not None else w}
        if partner is None and narrower is not None and narrower[0] * 10 >= 7 * w:
            pw2, partner_idx, partner = narrower
            widths = {req.id: w, partner.id: pw2}
        elif partner is not None:
            widths[partner.id] = pw
        width = max(widths.values())
        rows = [(req, s.t0, s.t0 + d)]
        if partner is not None:
            rows.append((partner, s.t0 + half, s.t1))
        for close in (False, True):
            far = 1 if close and self._far_open(sg, u + width, end_open) else 0
            placed = []
            ok = True
            for who, t0, t1 in rows:
                own = widths[who.id]
                a0, a1 = self._span(sg, u, own)
                # A stand short of the column's end faces a sliver there, not the passage.
                ends = start_end + (far if own == width else 0)
                count, walk = self._sides(sg, a0, a1, t0, t1, ends)
                if count < who.open_sides_needed or walk > self.limit:
                    ok = False
                    break
                if not self._to_aisle_ok(own, t1 - t0, (t0 == s.t0, t1 == s.t1), ends):
                    ok = False
                    break
                rect = s.rect(a0, a1, t0, t1)
                if not self._ok_here(who, rect):
                    ok = False
                    break
                placed.append(Placed(who, rect, count, si))
            if ok:
                return (placed, partner_idx, close)
            if partner is not None and need <= 2:
                continue
        return None


def together(members: list[Placed], reach: float, anchors: Sequence[Rect] = ()) -> bool:
    """Every member within `reach` (grid units) of another or of one of the pavilion's
    `anchors` (members standing already), as the validator holds a pavilion.

    The next segment a pavilion runs into starts within reach of a member, but in a
    double band the stand placed there may take the far row: checked on the stands.
    """
    if len(members) + len(anchors) < 2:
        return True
    others = [[o.rect for o in members if o is not m] + list(anchors) for m in members]
    return all(
        min(rect_gap(m.rect, o) for o in rest) <= reach + 1e-9
        for m, rest in zip(members, others, strict=True)
    )


def worth(r: Request) -> float:
    """What seating a request is worth: its area, more for higher tiers."""
    return r.area_m2 * (1 + 0.25 * r.tier)


def value(placed: list[Placed]) -> float:
    return sum(worth(p.request) for p in placed)


__all__ = ["Packer", "Packing", "Placed", "together", "value", "worth"]
