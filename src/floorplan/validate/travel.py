"""Walking distances to the exits, exact up to stated tolerances.

A walk from a point of a stand goes straight inside the (convex) stand to a
point of its outline bordering walkable space (a window), then through the
walkable space to the nearest exit door. Shortest walks in a polygonal domain
are straight between bends, and bend only at reflex corners of the domain:
corners of stands, columns, keep-outs and walls that poke into the walkable
space. So:

1. Nodes are the reflex vertices of the walkable polygon plus the ends of
   the door stretches that border it.
2. Two nodes are joined when the straight segment between them lies in the
   walkable space (grown by `walkable.MARGIN` so that walks grazing a corner
   or running along a side count) and is tangent at every reflex end (other
   segments never lie on a shortest walk). A node also reaches a door
   directly when its perpendicular foot lands on the door and the
   perpendicular is clear. Dijkstra gives each node its exact distance to
   the nearest exit.
3. On each window, the distance g(q) to the nearest exit is the lower
   envelope of |q - u| + D(u) over nodes u visible from q (plus the straight
   perpendicular to a door). Visibility along a window is computed exactly
   as intervals: every boundary edge of the walkable space between the
   window and u casts a shadow interval by central projection from u
   (parallel projection for doors). Nodes whose lower bound
   dist(u, window) + D(u) exceeds the envelope already found are skipped.
   Nodes straight ahead of a window's end on the line of its side (a
   neighbour's side continuing the row) are seen from that end alone.
4. From a point p inside the stand, the walk is min over envelope pieces of
   |p - q| + g(q), in closed form (the best q is where the straight line to
   u crosses the window, clamped to the visible interval).
5. The maximum over the stand is found by branch and bound on a 1-Lipschitz
   function: cells whose value + half-diagonal cannot beat the best point
   found by more than `MAX_TOL` are dropped (inside a polygon stand's parts,
   also cells whose convex walks bound them as tightly, `_maximise_box`).
   The reported travel is the walk from an actual point of the stand, at
   most `MAX_TOL` below the largest walk. Window and door ends are found to within 0.6 mm
   (`access.py`), so the walks themselves are exact to about a millimetre.
6. A polygon stand (contract 1.1) that is convex (a trapezoid) is handled
   the same way, the maximum taken over the polygon. One that is not (an
   L-shape, a notched stand) is cut into convex parts (`validate.outline`):
   inside a part a walk goes straight out through the part's own stretch of
   the outline, or straight to a point of a cut and on through the next
   part (`_inside_max`). Cut points are sampled every 2 cm, so such a walk
   is never shorter than the true one and at most 2 cm longer per cut it
   crosses. As the contract says, the walk goes through the stand, then the
   walkable space: it does not step out across a notch and back into the
   stand.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely import Polygon, STRtree
from shapely.geometry.base import BaseGeometry

from floorplan.model.layout import Stand
from floorplan.validate.access import Side, StandAccess
from floorplan.validate.outline import StandOutline, inside_point, outline
from floorplan.validate.walkable import DoorPiece, grown, polygons

Array = NDArray[Any]
Pt = tuple[float, float]

MAX_TOL = 1e-3
"""Metres: the reported worst walk of a stand is within this of the true worst walk."""

SAMPLE_M = 0.5
"""Spacing of the points where a window's distance envelope is bounded, for pruning only."""

REFLEX_SIN = 1e-9
"""A vertex turns into the walkable space (is reflex) when sin(turn) is below -this."""

_INF = math.inf


@dataclass(frozen=True)
class Frame:
    """A window's line: origin o, unit direction e, unit normal m pointing into walkable space."""

    ox: float
    oy: float
    ex: float
    ey: float
    mx: float
    my: float


@dataclass
class Pieces:
    """The distance-to-exit along windows as pieces: a source seen over an interval [a, b].

    Point sources (kind 0): g(t) = hypot(t - tu, H) + D. Door perpendiculars
    (kind 1): g(t) = alpha + beta * t.
    """

    frame: list[Frame] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    tu: list[float] = field(default_factory=list)
    h: list[float] = field(default_factory=list)
    d: list[float] = field(default_factory=list)
    alpha: list[float] = field(default_factory=list)
    beta: list[float] = field(default_factory=list)
    a: list[float] = field(default_factory=list)
    b: list[float] = field(default_factory=list)

    def add(
        self,
        frame: Frame,
        kind: int,
        interval: tuple[float, float],
        *,
        tu: float = 0.0,
        h: float = 0.0,
        d: float = 0.0,
        alpha: float = 0.0,
        beta: float = 0.0,
    ) -> None:
        self.frame.append(frame)
        self.kind.append(kind)
        self.tu.append(tu)
        self.h.append(h)
        self.d.append(d)
        self.alpha.append(alpha)
        self.beta.append(beta)
        self.a.append(interval[0])
        self.b.append(interval[1])

    def __len__(self) -> int:
        return len(self.kind)


@dataclass(frozen=True)
class StandTravel:
    worst_m: float
    """Longest walk from a point of the stand to the nearest exit (inf: no way out)."""
    worst_at: tuple[float, float]


class ExitField:
    """Exact walking distance to the nearest exit door inside one hall's walkable space."""

    def __init__(self, walkable: BaseGeometry, doors: tuple[DoorPiece, ...]) -> None:
        self.walkable = walkable
        skin = grown(walkable) if not walkable.is_empty else walkable
        self.edges = _boundary_edges(skin)
        pieces = shapely.linestrings(self.edges.reshape(-1, 2, 2))
        self.tree = STRtree(pieces)
        self.outline = shapely.multilinestrings(pieces)
        """The same edges as one prepared geometry: testing a segment against it walks an
        index of the edges' monotone chains, where a tree of single edges tests each edge
        a long segment's bounding box meets (the 157-stand hall of a fuzzed event: 0.8 s
        against 2.4 s for the visibility graph's 200,000 segments)."""
        shapely.prepare(self.outline)
        lines = [_door_line(p, walkable) for p in doors]
        self.doors: list[DoorLine] = [d for d in lines if d is not None]
        reflex, prev, nxt = _reflex_vertices(walkable)
        ends = np.array(
            [pt for door in self.doors for pt in (door.a, door.b)], dtype=np.float64
        ).reshape(-1, 2)
        self.nodes = np.vstack([reflex, ends]) if len(ends) else reflex
        self.n_reflex = len(reflex)
        self.prev = prev
        self.next = nxt
        self.dist = self._dijkstra()

    # -- sight lines -------------------------------------------------------------------------

    def clear(self, segments: Array) -> NDArray[np.bool_]:
        """Which segments (K, 2, 2) lie in walkable space (touch no edge of its grown boundary)."""
        if len(segments) == 0:
            return np.zeros(0, dtype=bool)
        ok: NDArray[np.bool_] = ~shapely.intersects(self.outline, shapely.linestrings(segments))
        return ok

    # -- node distances ----------------------------------------------------------------------

    def _dijkstra(self) -> Array:
        n = len(self.nodes)
        dist = np.full(n, _INF)
        if n == 0:
            return dist
        adj: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        i, j = np.triu_indices(n, k=1)
        keep = self._tangent(i, j) & self._tangent(j, i)
        i, j = i[keep], j[keep]
        segs = np.stack([self.nodes[i], self.nodes[j]], axis=1)
        ok = self.clear(segs)
        lengths = np.hypot(*(self.nodes[i] - self.nodes[j]).T)
        for a, b, w in zip(i[ok].tolist(), j[ok].tolist(), lengths[ok].tolist(), strict=True):
            adj[a].append((b, w))
            adj[b].append((a, w))
        dist[self.n_reflex :] = 0.0
        for k, d0 in self._perpendiculars().items():
            dist[k] = min(dist[k], d0)
        heap = [(float(d), k) for k, d in enumerate(dist) if d < _INF]
        heapq.heapify(heap)
        done = np.zeros(n, dtype=bool)
        while heap:
            d, k = heapq.heappop(heap)
            if done[k]:
                continue
            done[k] = True
            for other, w in adj[k]:
                nd = d + w
                if nd < dist[other]:
                    dist[other] = nd
                    heapq.heappush(heap, (nd, other))
        return dist

    def _tangent(self, at: NDArray[np.intp], to: NDArray[np.intp]) -> NDArray[np.bool_]:
        """A segment can be on a shortest walk only if tangent at a reflex end."""
        ok = np.ones(len(at), dtype=bool)
        reflex = at < self.n_reflex
        if not reflex.any():
            return ok
        a = at[reflex]
        v = self.nodes[a]
        dvec = self.nodes[to[reflex]] - v
        s1 = _cross(dvec, self.prev[a] - v)
        s2 = _cross(dvec, self.next[a] - v)
        scale = np.hypot(*dvec.T) * 1e-12
        ok[reflex] = ~(((s1 > scale) & (s2 < -scale)) | ((s1 < -scale) & (s2 > scale)))
        return ok

    def _perpendiculars(self) -> dict[int, float]:
        best: dict[int, float] = {}
        n = len(self.nodes)
        for door in self.doors:
            rel = self.nodes - np.array(door.a)
            s = rel @ np.array(door.u)
            h = rel @ np.array(door.n)
            cand = np.nonzero((s > 0) & (s < door.length) & (h >= 0))[0]
            if len(cand) == 0:
                continue
            feet = np.array(door.a) + np.outer(s[cand], door.u)
            segs = np.stack([self.nodes[cand], feet], axis=1)
            ok = self.clear(segs)
            for k, hk in zip(cand[ok].tolist(), h[cand][ok].tolist(), strict=True):
                if k < n:
                    best[k] = min(best.get(k, _INF), hk)
        return best

    # -- windows -----------------------------------------------------------------------------

    def window_pieces(self, frame: Frame, t0: float, t1: float, out: Pieces) -> None:
        """Add to `out` the pieces of the distance envelope along one window."""
        if t1 - t0 <= 1e-9:
            return
        o = np.array([frame.ox, frame.oy])
        e = np.array([frame.ex, frame.ey])
        m = np.array([frame.mx, frame.my])
        q0, q1 = o + t0 * e, o + t1 * e
        found: list[tuple[float, float, float, float, float, int, float, float]] = []
        cands = self._candidates(o, e, m, t0, t1)
        start = 0
        batch = 12
        while start < len(cands):
            if found and cands[start][0] >= _envelope_ub(found, t0, t1):
                break
            chunk = cands[start : start + batch]
            start += len(chunk)
            batch *= 2
            found += self._visible(chunk, o, e, m, q0, q1, t0, t1)
        found += self._along_line(o, e, m, t0, t1)
        for tu, h, d, alpha, beta, kind, a, b in found:
            out.add(frame, kind, (a, b), tu=tu, h=h, d=d, alpha=alpha, beta=beta)

    def _along_line(
        self, o: Array, e: Array, m: Array, t0: float, t1: float
    ) -> list[tuple[float, float, float, float, float, int, float, float]]:
        """Sources straight ahead of a window's ends, on the line of its side.

        A window that ends at the stand's corner where a neighbour's side
        continues the line (rows of stands) is left along that side: only
        the window's end sees such a source, so it is a piece of one point.
        """
        out: list[tuple[float, float, float, float, float, int, float, float]] = []
        if len(self.nodes):
            rel = self.nodes - o
            h, t = rel @ m, rel @ e
            ahead = (np.abs(h) <= 1e-9) & np.isfinite(self.dist) & ((t > t1) | (t < t0))
            idx = np.nonzero(ahead)[0]
            ends = np.where(t[idx] > t1, t1, t0)
            segs = np.stack([o + ends[:, None] * e, self.nodes[idx]], axis=1)
            ok = self.clear(segs)
            for k, end in zip(idx[ok].tolist(), ends[ok].tolist(), strict=True):
                out.append((float(t[k]), 0.0, float(self.dist[k]), 0.0, 0.0, 0, end, end))
        for door in self.doors:
            n, u = np.array(door.n), np.array(door.u)
            if abs(float(m @ n)) > 1e-12 or abs(float(e @ n)) < 1e-12:
                continue
            end = t0 if float(e @ n) > 0 else t1  # walking along -n, toward the door
            q = o + end * e
            along = float((q - np.array(door.a)) @ u)
            gap = float((q - np.array(door.a)) @ n)
            if gap <= 0 or not 0 <= along <= door.length:
                continue
            foot = q - gap * n
            if self.clear(np.array([[q, foot]]))[0]:
                alpha = float((o - np.array(door.a)) @ n)
                out.append((0.0, 0.0, 0.0, alpha, float(e @ n), 1, end, end))
        return out

    def _candidates(
        self, o: Array, e: Array, m: Array, t0: float, t1: float
    ) -> list[tuple[float, int, int]]:
        """(lower bound, kind, index) of sources that could be seen from the window, sorted."""
        out: list[tuple[float, int, int]] = []
        if len(self.nodes):
            rel = self.nodes - o
            h = rel @ m
            t = rel @ e
            ok = (h > 1e-9) & np.isfinite(self.dist)
            idx = np.nonzero(ok)[0]
            gap = np.clip(t[idx], t0, t1) - t[idx]
            lb = np.hypot(gap, h[idx]) + self.dist[idx]
            out += [(float(v), 0, int(k)) for v, k in zip(lb, idx, strict=True)]
        for k, door in enumerate(self.doors):
            span = self._door_span(door, o, e, m, t0, t1)
            if span is None:
                continue
            alpha, beta, a, b = span
            out.append((min(alpha + beta * a, alpha + beta * b), 1, k))
        out.sort()
        return out

    def _door_span(
        self, door: DoorLine, o: Array, e: Array, m: Array, t0: float, t1: float
    ) -> tuple[float, float, float, float] | None:
        """Where on the window a perpendicular walk to `door` starts: alpha, beta, [a, b]."""
        n = np.array(door.n)
        u = np.array(door.u)
        if float(-n @ m) <= 1e-12:
            return None
        alpha = float((o - np.array(door.a)) @ n)
        beta = float(e @ n)
        s0 = float((o - np.array(door.a)) @ u)
        ds = float(e @ u)
        lo, hi = t0, t1
        for c0, c1, low, high in ((s0, ds, 0.0, door.length), (alpha, beta, 0.0, _INF)):
            # keep t with low <= c0 + c1 * t <= high
            if abs(c1) < 1e-15:
                if not (low <= c0 <= high):
                    return None
                continue
            ta, tb = (low - c0) / c1, (high - c0) / c1
            lo, hi = max(lo, min(ta, tb)), min(hi, max(ta, tb))
        if hi - lo <= 1e-9:
            return None
        return alpha, beta, lo, hi

    def _visible(
        self,
        chunk: list[tuple[float, int, int]],
        o: Array,
        e: Array,
        m: Array,
        q0: Array,
        q1: Array,
        t0: float,
        t1: float,
    ) -> list[tuple[float, float, float, float, float, int, float, float]]:
        out: list[tuple[float, float, float, float, float, int, float, float]] = []
        ks = np.array([k for _, kind, k in chunk if kind == 0], dtype=np.intp)
        if len(ks):
            u = self.nodes[ks]
            tu, h = (u - o) @ e, (u - o) @ m
            tris = np.stack([np.broadcast_to(q0, u.shape), np.broadcast_to(q1, u.shape), u], axis=1)
            pairs = self.tree.query(shapely.polygons(tris), predicate="intersects")
            pi, ei = pairs[0], pairs[1]
            lo, hi, ok = _central_shadows(self.edges[ei], o, e, m, u[pi], h[pi])
            shadows: list[list[tuple[float, float]]] = [[] for _ in ks]
            for i, a, b in zip(pi[ok].tolist(), lo[ok].tolist(), hi[ok].tolist(), strict=True):
                shadows[i].append((a, b))
            for i, k in enumerate(ks.tolist()):
                for a, b in _subtract((t0, t1), shadows[i]):
                    out.append((float(tu[i]), float(h[i]), float(self.dist[k]), 0.0, 0.0, 0, a, b))
        for _, kind, k in chunk:
            if kind == 1:
                out += self._door_visible(self.doors[k], o, e, m, t0, t1)
        return out

    def _door_visible(
        self, door: DoorLine, o: Array, e: Array, m: Array, t0: float, t1: float
    ) -> list[tuple[float, float, float, float, float, int, float, float]]:
        span = self._door_span(door, o, e, m, t0, t1)
        if span is None:
            return []
        alpha, beta, a, b = span
        n, door_a = np.array(door.n), np.array(door.a)
        qa, qb = o + a * e, o + b * e
        fa = qa - float((qa - door_a) @ n) * n
        fb = qb - float((qb - door_a) @ n) * n
        hits = self.tree.query(shapely.Polygon([qa, qb, fb, fa]), predicate="intersects")
        shadows = _parallel_shadows(self.edges[hits], o, e, m, -n, door_a, n)
        return [(0.0, 0.0, 0.0, alpha, beta, 1, lo, hi) for lo, hi in _subtract((a, b), shadows)]

    # -- stands ------------------------------------------------------------------------------

    def stand_pieces(self, access: StandAccess) -> Pieces:
        pieces = Pieces()
        for side, windows in zip(access.sides, access.windows, strict=True):
            frame = Frame(*side.origin, *side.direction, *side.normal)
            for t0, t1 in windows:
                self.window_pieces(frame, t0, t1, pieces)
        return pieces

    def stand_travel(self, stand: Stand, access: StandAccess) -> StandTravel:
        o = outline(stand)
        if o.box is None:
            return self._polygon_travel(o, access, inside_point(stand))
        pieces = self.stand_pieces(access)
        centre = inside_point(stand)
        if len(pieces) == 0:
            return StandTravel(_INF, centre)
        return _worst_point(stand, _PieceArrays(pieces))

    def _polygon_travel(self, o: StandOutline, access: StandAccess, centre: Pt) -> StandTravel:
        """The worst walk from a polygon stand, part by part (module docstring, step 6)."""
        direct: list[_Least | None] = []
        for part in o.parts:
            pieces = Pieces()
            for side, windows in zip(access.sides, access.windows, strict=True):
                span = _part_span(part, side)
                if span is None:
                    continue
                frame = Frame(*side.origin, *side.direction, *side.normal)
                for t0, t1 in windows:
                    a, b = max(t0, span[0]), min(t1, span[1])
                    if b - a > 1e-9:
                        self.window_pieces(frame, a, b, pieces)
            direct.append(_PieceArrays(pieces) if len(pieces) else None)
        worst, at = _inside_max(o, direct)
        if not math.isfinite(worst):
            return StandTravel(_INF, centre)
        return StandTravel(worst, at)


@dataclass(frozen=True)
class DoorLine:
    a: tuple[float, float]
    b: tuple[float, float]
    u: tuple[float, float]
    """Unit direction from a to b."""
    n: tuple[float, float]
    """Unit normal pointing into the hall."""
    length: float


def _door_line(piece: DoorPiece, walkable: BaseGeometry) -> DoorLine | None:
    (ax, ay), (bx, by) = piece.a, piece.b
    length = math.hypot(bx - ax, by - ay)
    if length <= 1e-9:
        return None
    ux, uy = (bx - ax) / length, (by - ay) / length
    mid = ((ax + bx) / 2, (ay + by) / 2)
    probe = 1e-4
    inside = walkable.contains(shapely.Point(mid[0] - uy * probe, mid[1] + ux * probe))
    n = (-uy, ux) if inside else (uy, -ux)
    return DoorLine(piece.a, piece.b, (ux, uy), n, length)


def _cross(a: Array, b: Array) -> Array:
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]  # type: ignore[no-any-return]


def _boundary_edges(geom: BaseGeometry) -> Array:
    segs = []
    for poly in polygons(geom):
        for ring in [poly.exterior, *poly.interiors]:
            c = np.asarray(ring.coords)
            segs.append(np.hstack([c[:-1], c[1:]]))
    if not segs:
        return np.zeros((0, 4))
    return np.vstack(segs)


def _reflex_vertices(geom: BaseGeometry) -> tuple[Array, Array, Array]:
    """Reflex vertices with their ring neighbours (the obstacle wedge around them)."""
    pts, prevs, nexts = [], [], []
    if not geom.is_empty:
        geom = shapely.orient_polygons(geom)
    for poly in polygons(geom):
        for ring in [poly.exterior, *poly.interiors]:
            c = np.asarray(ring.coords)[:-1]
            if len(c) < 3:
                continue
            prev = np.roll(c, 1, axis=0)
            nxt = np.roll(c, -1, axis=0)
            a, b = c - prev, nxt - c
            sin = _cross(a, b) / np.maximum(np.hypot(*a.T) * np.hypot(*b.T), 1e-300)
            reflex = sin < -REFLEX_SIN
            pts.append(c[reflex])
            prevs.append(prev[reflex])
            nexts.append(nxt[reflex])
    if not pts:
        empty = np.zeros((0, 2))
        return empty, empty, empty
    return np.vstack(pts), np.vstack(prevs), np.vstack(nexts)


def _clip(
    p: Array, q: Array, f_p: Array, f_q: Array, low: float, high: float | Array
) -> tuple[Array, Array]:
    """Parameter range [s0, s1] of segments p->q where low <= f <= high (f linear)."""
    s0 = np.zeros(len(p))
    s1 = np.ones(len(p))
    df = f_q - f_p
    with np.errstate(divide="ignore", invalid="ignore"):
        sa = (low - f_p) / df
        sb = (high - f_p) / df
    flat = np.abs(df) < 1e-15
    lo = np.where(flat, np.where((f_p >= low) & (f_p <= high), 0.0, 2.0), np.minimum(sa, sb))
    hi = np.where(flat, np.where((f_p >= low) & (f_p <= high), 1.0, -1.0), np.maximum(sa, sb))
    return np.maximum(s0, lo), np.minimum(s1, hi)


def _central_shadows(
    edges: Array, o: Array, e: Array, m: Array, u: Array, h: Array
) -> tuple[Array, Array, NDArray[np.bool_]]:
    """Interval of the window line that each edge hides from its source u (central projection).

    Row i pairs edge i with source u[i] at height h[i] above the window line;
    returns lo, hi and whether the edge casts a shadow at all.
    """
    p, q = edges[:, :2], edges[:, 2:]
    hp, hq = (p - o) @ m, (q - o) @ m
    s0, s1 = _clip(p, q, hp, hq, 0.0, h * (1 - 1e-12))
    ok = s1 >= s0
    ends = []
    for s in (s0, s1):
        x = p + (q - p) * s[:, None]
        hx = (x - o) @ m
        lam = h / np.maximum(h - hx, 1e-12)
        ends.append((u - o) @ e + np.einsum("ij,j->i", x - u, e) * lam)
    return np.minimum(ends[0], ends[1]), np.maximum(ends[0], ends[1]), ok


def _parallel_shadows(
    edges: Array, o: Array, e: Array, m: Array, v: Array, door_a: Array, n: Array
) -> list[tuple[float, float]]:
    """Intervals of the window line whose walk along v to the door line is blocked."""
    if len(edges) == 0:
        return []
    p, q = edges[:, :2], edges[:, 2:]
    s0, s1 = _clip(p, q, (p - o) @ m, (q - o) @ m, 0.0, _INF)
    a0, a1 = _clip(p, q, (p - door_a) @ n, (q - door_a) @ n, 1e-12, _INF)
    s0, s1 = np.maximum(s0, a0), np.minimum(s1, a1)
    ok = s1 >= s0
    if not ok.any():
        return []
    p, q, s0, s1 = p[ok], q[ok], s0[ok], s1[ok]
    mv = float(m @ v)
    ev = float(e @ v)
    ends = []
    for s in (s0, s1):
        x = p + (q - p) * s[:, None]
        lam = ((x - o) @ m) / mv
        ends.append((x - o) @ e - lam * ev)
    lo = np.minimum(ends[0], ends[1])
    hi = np.maximum(ends[0], ends[1])
    return list(zip(lo.tolist(), hi.tolist(), strict=True))


def _subtract(
    span: tuple[float, float], shadows: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    a, b = span
    out = []
    cur = a
    for lo, hi in sorted(shadows):
        if hi < cur:
            continue
        if lo > b:
            break
        if lo > cur + 1e-9:
            out.append((cur, min(lo, b)))
        cur = max(cur, hi)
        if cur >= b:
            break
    if cur < b - 1e-9:
        out.append((cur, b))
    return out


def _envelope_ub(
    found: list[tuple[float, float, float, float, float, int, float, float]],
    t0: float,
    t1: float,
) -> float:
    """An upper bound of the envelope over the window (inf while some part is unseen)."""
    arr = np.array(found)
    tu, h, d, alpha, beta, kind, a, b = arr.T
    n = max(2, math.ceil((t1 - t0) / SAMPLE_M) + 1)
    ts = np.unique(np.concatenate([np.linspace(t0, t1, n), a, b]))
    ts = ts[(ts >= t0) & (ts <= t1)]
    val = np.where(
        kind[:, None] == 0,
        np.hypot(ts[None, :] - tu[:, None], h[:, None]) + d[:, None],
        alpha[:, None] + beta[:, None] * ts[None, :],
    )
    lo_t, hi_t = ts[:-1], ts[1:]
    covers = (a[:, None] <= lo_t[None, :] + 1e-9) & (b[:, None] >= hi_t[None, :] - 1e-9)
    seg_max = np.maximum(val[:, :-1], val[:, 1:])
    seg_max = np.where(covers, seg_max, _INF)
    return float(seg_max.min(axis=0).max())


class _PieceArrays:
    """Pieces as arrays, point sources and door perpendiculars apart, for fast evaluation.

    Each piece is a walk along one route (through one window to one source), convex in the
    point (the least over the window's points of a jointly convex walk): the walk is the
    least of them (`_Least`)."""

    def __init__(self, p: Pieces) -> None:
        kind = np.array(p.kind, dtype=int)
        self.point = _Group(p, kind == 0)
        self.line = _Group(p, kind == 1)
        self.size = self.point.size + self.line.size

    def walk(self, px: Array, py: Array) -> Array:
        """Walk to the nearest exit from each point (P,) through the windows."""
        values = self.values(px, py)
        return values.min(axis=1) if values.shape[1] else np.full(len(px), _INF)

    def values(self, px: Array, py: Array) -> Array:
        """Each piece's walk from each point (P, K): the point sources', then the doors'."""
        cols = []
        if self.point.size:
            cols.append(self._point(*self.point.local(px, py), self.point.params()))
        if self.line.size:
            cols.append(self._line(*self.line.local(px, py), self.line.params()))
        return np.hstack(cols) if cols else np.zeros((len(px), 0))

    def member(self, px: Array, py: Array, ids: Array) -> Array:
        """Piece `ids[i]`'s walk from point i (numbered as in `values`; -1: none, inf)."""
        out = np.full(len(px), _INF)
        k = self.point.size
        for group, pick, at in ((self.point, ids >= 0, ids), (self.line, ids >= k, ids - k)):
            pick = pick & (at < group.size)
            if group.size and pick.any():
                j = at[pick]
                tp, hp = group.local_at(px[pick], py[pick], j)
                walk = self._point if group is self.point else self._line
                out[pick] = walk(tp, hp, group.params(j))
        return out

    @staticmethod
    def _point(tp: Array, hp: Array, g: tuple[Array, ...]) -> Array:
        tu, h, d, a, b, _, _ = g
        # cross the window where the straight line to u does, within the visible interval
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.where(hp + h > 0, hp / (hp + h), 0.0)
        q = np.clip(tp + (tu - tp) * frac, a, b)
        return np.hypot(tp - q, hp) + np.hypot(q - tu, h) + d  # type: ignore[no-any-return]

    @staticmethod
    def _line(tp: Array, hp: Array, g: tuple[Array, ...]) -> Array:
        _, _, _, a, b, alpha, beta = g
        # minimise hypot(t - tp, hp) + alpha + beta t over [a, b]: convex in t
        root = np.sqrt(np.maximum(1 - beta * beta, 1e-300))
        tstar = np.clip(tp - beta * hp / root, a, b)
        best = np.full(np.broadcast_shapes(tp.shape, np.shape(a)), _INF)
        for tq in (tstar, np.broadcast_to(a, best.shape), np.broadcast_to(b, best.shape)):
            best = np.minimum(best, np.hypot(tq - tp, hp) + alpha + beta * tq)
        return best


class _Group:
    def __init__(self, p: Pieces, pick: NDArray[np.bool_]) -> None:
        frames = [f for f, keep in zip(p.frame, pick, strict=True) if keep]
        self.size = len(frames)
        self.ox = np.array([f.ox for f in frames])
        self.oy = np.array([f.oy for f in frames])
        self.ex = np.array([f.ex for f in frames])
        self.ey = np.array([f.ey for f in frames])
        self.mx = np.array([f.mx for f in frames])
        self.my = np.array([f.my for f in frames])
        self.tu = np.array(p.tu)[pick]
        self.h = np.array(p.h)[pick]
        self.d = np.array(p.d)[pick]
        self.alpha = np.array(p.alpha)[pick]
        self.beta = np.array(p.beta)[pick]
        self.a = np.array(p.a)[pick]
        self.b = np.array(p.b)[pick]

    def local(self, px: Array, py: Array) -> tuple[Array, Array]:
        """Each point's position along each piece's window and depth behind it (P, K)."""
        dx = px[:, None] - self.ox[None, :]
        dy = py[:, None] - self.oy[None, :]
        tp = dx * self.ex + dy * self.ey
        hp = np.maximum(-(dx * self.mx + dy * self.my), 0.0)
        return tp, hp

    def local_at(self, px: Array, py: Array, j: Array) -> tuple[Array, Array]:
        """Point i's position along piece `j[i]`'s window and depth behind it (P,)."""
        dx, dy = px - self.ox[j], py - self.oy[j]
        tp = dx * self.ex[j] + dy * self.ey[j]
        hp = np.maximum(-(dx * self.mx[j] + dy * self.my[j]), 0.0)
        return tp, hp

    def params(self, j: Array | None = None) -> tuple[Array, ...]:
        """The pieces' (tu, h, d, a, b, alpha, beta): all (broadcast over points), or `j[i]`'s."""
        cols = (self.tu, self.h, self.d, self.a, self.b, self.alpha, self.beta)
        return tuple(c[j] for c in cols) if j is not None else cols


Walk = Callable[[Array, Array], Array]


def maximise(stand: Stand, f: Walk) -> tuple[float, tuple[float, float]]:
    """Branch and bound for the maximum of a 1-Lipschitz `f` over the stand rectangle.

    Returns a value f actually takes at a point of the stand, at most
    `MAX_TOL` below the true maximum, and that point.
    """
    return _maximise_box((stand.x, stand.y, stand.width, stand.depth), f)


def _maximise_box(
    rect: tuple[float, float, float, float],
    f: Walk,
    region: Polygon | None = None,
    members: _PartWalk | None = None,
) -> tuple[float, tuple[float, float]]:
    """`maximise` over a rectangle, or over the convex `region` inside it (its bounding box).

    With a region, cells are kept while they reach the region and the best
    value is taken only at cell centres inside it (and at its corners); `f`
    is 1-Lipschitz in the whole plane, so a cell's bound holds for its part
    inside the region.

    With `members` (f as the least of walks convex in the point, `_PartWalk`), a cell is
    also dropped when `members.bound` (from the members its centre takes, at the cell's
    corners) cannot beat the best found by more than `MAX_TOL`, and the point of the cell
    where two of them meet is tried too. Where the walk is flat along a line (halfway
    between two open sides that face each other), the centre's value plus the
    half-diagonal cannot drop a cell on the line until it is a millimetre wide: tens of
    thousands of cells for one notched stand, most of the proof of a hall with a column
    grid (fuzzed seed 35000 ev01: 36 notched stands, 1.4 million points weighed; 0.1
    million with the bound, the figures within `MAX_TOL`). The guarantee is the same:
    every cell dropped holds no walk above the best found plus `MAX_TOL`.
    """
    x0, y0, w, d = rect
    nx, ny = max(1, math.ceil(w)), max(1, math.ceil(d))
    hw, hd = w / (2 * nx), d / (2 * ny)
    cx = (x0 + hw + 2 * hw * np.arange(nx))[:, None].repeat(ny, axis=1).ravel()
    cy = (y0 + hd + 2 * hd * np.arange(ny))[None, :].repeat(nx, axis=0).ravel()
    if region is None:
        corners_x = np.array([x0, x0 + w, x0 + w, x0])
        corners_y = np.array([y0, y0, y0 + d, y0 + d])
    else:
        corners = np.asarray(region.exterior.coords)[:-1]
        corners_x, corners_y = corners[:, 0].copy(), corners[:, 1].copy()
        grown_region = region.buffer(1e-9, join_style="mitre")
        shapely.prepare(region)
        shapely.prepare(grown_region)
    vc = f(corners_x, corners_y)
    k = int(np.argmax(vc))
    best, best_at = float(vc[k]), (float(corners_x[k]), float(corners_y[k]))
    for _ in range(60):
        if len(cx) == 0 or not math.isfinite(best):
            break
        if members is None:
            v = f(cx, cy)
        else:
            v, key = members.least(cx, cy)
        reach = math.hypot(hw, hd)
        if region is None:
            k = int(np.argmax(v))
            if v[k] > best:
                best, best_at = float(v[k]), (float(cx[k]), float(cy[k]))
            keep = v + reach > best + MAX_TOL
        else:
            inside = shapely.contains_xy(grown_region, cx, cy)
            if inside.any():
                k = int(np.argmax(np.where(inside, v, -_INF)))
                if v[k] > best:
                    best, best_at = float(v[k]), (float(cx[k]), float(cy[k]))
            near = inside | (shapely.distance(region, shapely.points(cx, cy)) <= reach)
            keep = near & (v + reach > best + MAX_TOL)
        if members is not None:
            kept = np.nonzero(keep)[0]
            first, second, run = key
            top, px, py = members.bound(
                cx[kept], cy[kept], hw, hd, (first[kept], second[kept], run[kept])
            )
            tried = np.isfinite(px) & np.isfinite(py)
            if region is not None and tried.any():
                tried[tried] = shapely.contains_xy(grown_region, px[tried], py[tried])
            if tried.any():
                tx, ty = px[tried], py[tried]
                vt = members(tx, ty)
                j = int(np.argmax(vt))
                if vt[j] > best:
                    best, best_at = float(vt[j]), (float(tx[j]), float(ty[j]))
            keep[kept] = top > best + MAX_TOL
            keep &= v + reach > best + MAX_TOL
        cx, cy = cx[keep], cy[keep]
        hw, hd = hw / 2, hd / 2
        cx = np.concatenate([cx - hw, cx + hw, cx - hw, cx + hw])
        cy = np.concatenate([cy - hd, cy - hd, cy + hd, cy + hd])
    return best, best_at


def _worst_point(stand: Stand, pieces: _PieceArrays) -> StandTravel:
    worst, at = maximise(stand, pieces.walk)
    return StandTravel(worst, at)


def to_windows(stand: Stand, access: StandAccess) -> float:
    """Longest walk inside the stand to its nearest window."""
    o = outline(stand)
    if o.box is None:
        return _polygon_reach(o, access, access.windows)
    segs = np.array(
        [
            (*side.point(t0), *side.point(t1))
            for side, windows in zip(access.sides, access.windows, strict=True)
            for t0, t1 in windows
        ],
        dtype=float,
    ).reshape(-1, 4)
    if len(segs) == 0:
        return _INF
    return maximise(stand, _nearest_segment(segs))[0]


def _nearest_segment(segs: Array) -> Walk:
    """Distance from each point to the nearest of the segments (K, 4): ax, ay, bx, by."""
    return _Segments(segs).walk


class _Segments:
    """Distances to segments (K, 4): ax, ay, bx, by; each convex in the point, the walk
    the least of them (`_Least`)."""

    def __init__(self, segs: Array) -> None:
        self.size = len(segs)
        self.ax, self.ay, bx, by = segs.T
        self.dx, self.dy = bx - self.ax, by - self.ay
        self.ll = np.maximum(self.dx * self.dx + self.dy * self.dy, 1e-300)

    def walk(self, px: Array, py: Array) -> Array:
        return self.values(px, py).min(axis=1)  # type: ignore[no-any-return]

    def values(self, px: Array, py: Array) -> Array:
        rx, ry = px[:, None] - self.ax, py[:, None] - self.ay
        t = np.clip((rx * self.dx + ry * self.dy) / self.ll, 0.0, 1.0)
        return np.hypot(rx - t * self.dx, ry - t * self.dy)  # type: ignore[no-any-return]

    def member(self, px: Array, py: Array, ids: Array) -> Array:
        out = np.full(len(px), _INF)
        pick = ids >= 0
        j = ids[pick]
        rx, ry = px[pick] - self.ax[j], py[pick] - self.ay[j]
        t = np.clip((rx * self.dx[j] + ry * self.dy[j]) / self.ll[j], 0.0, 1.0)
        out[pick] = np.hypot(rx - t * self.dx[j], ry - t * self.dy[j])
        return out


class _Least(Protocol):
    """A walk that is the least of walks convex in the point (its members)."""

    size: int

    def walk(self, px: Array, py: Array) -> Array:
        """The least member's walk from each point (P,)."""

    def values(self, px: Array, py: Array) -> Array:
        """Each member's walk from each point (P, K)."""

    def member(self, px: Array, py: Array, ids: Array) -> Array:
        """Member `ids[i]`'s walk from point i (-1: none, inf)."""


def to_open_side(stand: Stand, open_sides: list[int], access: StandAccess | None = None) -> float:
    """Longest walk inside the stand to its nearest open side (a rectangle's: 0..3, S E N W).

    A polygon stand needs its `access` (its sides).
    """
    if not open_sides:
        return _INF
    o = outline(stand)
    if o.box is None:
        assert access is not None, "a polygon stand's sides come with its access"
        whole = tuple(
            ((0.0, side.length),) if i in open_sides else () for i, side in enumerate(access.sides)
        )
        return _polygon_reach(o, access, whole)
    horizontal = [s for s in open_sides if s in (1, 3)]
    vertical = [s for s in open_sides if s in (0, 2)]
    mx = {0: _INF, 1: stand.width, 2: stand.width / 2}[len(horizontal)]
    my = {0: _INF, 1: stand.depth, 2: stand.depth / 2}[len(vertical)]
    return min(mx, my)


def _part_span(part: Polygon, side: Side) -> tuple[float, float] | None:
    """The stretch [t0, t1] of a stand side that bounds one convex part of the stand."""
    coords = np.asarray(part.exterior.coords)[:-1]
    rel = coords - np.array(side.origin)
    h = rel @ np.array(side.normal)
    t = rel @ np.array(side.direction)
    on = (np.abs(h) <= 1e-7) & (t >= -1e-7) & (t <= side.length + 1e-7)
    if on.sum() < 2:
        return None
    a, b = max(0.0, float(t[on].min())), min(side.length, float(t[on].max()))
    return (a, b) if b - a > 1e-9 else None


PORTAL_STEP_M = 0.02
"""Spacing of the crossing points sampled on the cuts between a stand's convex parts."""


RELAY_RUN = 16
"""Cut points per run that `_Relay` bounds as one."""

RELAY_PAIRS = 1 << 16
"""Point-run pairs `_Relay` weighs at once (16 walks each: 8 MB of floats)."""


class _Relay:
    """Walks from points of a convex part out through its cuts: the least |p - z| + best(z)
    over the cuts' sampled points z (`_inside_max`).

    Exactly the least over every point, found run by run: a run of consecutive points of
    one cut is weighed for p only where its bound (p's distance to the run's stretch of
    the cut, plus the run's least best) is below what p already has. A notched stand's
    cuts are metres long, sampled every 2 cm, and the branch and bound asks the walk at
    thousands of points: weighing every point was two thirds of the proof of a 360-stand
    hall with a column grid (38 notched stands, 12 of 19 s).
    """

    def __init__(self, via: Array, via_d: Array, cut: Array) -> None:
        self.via, self.via_d = via, via_d
        starts: list[int] = []
        for i in range(len(via)):
            if not starts or cut[i] != cut[i - 1] or i - starts[-1] >= RELAY_RUN:
                starts.append(i)
        first = np.array(starts, dtype=int)
        last = np.append(first[1:], len(via))[: len(first)] - 1
        a, b = via[first], via[last]
        self.ax, self.ay = a[:, 0], a[:, 1]
        self.head_d = via_d[first]
        self.dx, self.dy = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
        self.ll = np.maximum(self.dx * self.dx + self.dy * self.dy, 1e-300)
        self.first = first
        self.least_d = np.minimum.reduceat(via_d, first) if len(first) else np.zeros(0)
        # Each run's points, a short run padded with its first (a repeat changes no least).
        runs = first[:, None] + np.arange(RELAY_RUN)[None, :]
        self.runs = np.where(runs <= last[:, None], runs, first[:, None])
        self.run_of = np.repeat(np.arange(len(first)), last - first + 1)

    def lower(self, px: Array, py: Array, out: Array) -> Array:
        """`out` (each point's walk so far) lowered by the walks through the cuts."""
        return self.least(px, py, out, np.full(len(px), -1))[0]

    def least(self, px: Array, py: Array, out: Array, arg: Array) -> tuple[Array, Array, Array]:
        """`lower`; `arg` (each point's member so far) set to the point of the cuts a
        lowered walk goes through; and each point's run whose bound is least (-1: none)."""
        if len(self.least_d) == 0 or len(px) == 0:
            return out, arg, np.full(len(px), -1)
        rx, ry = px[:, None] - self.ax[None, :], py[:, None] - self.ay[None, :]
        # Each run's first point first: a walk that bounds the rest from above.
        heads = np.hypot(rx, ry) + self.head_d[None, :]
        out, arg = _lowered(out, arg, heads, self.first)
        t = np.clip((rx * self.dx + ry * self.dy) / self.ll, 0.0, 1.0)
        bound = np.hypot(rx - t * self.dx, ry - t * self.dy) + self.least_d[None, :]
        near = bound.argmin(axis=1)
        # Rounding may put a bound a hair above a point of its run: weigh such runs too.
        pi, rj = np.nonzero(bound - 1e-9 < out[:, None])
        # In slices, so that memory stays bounded however many runs are weighed.
        for k in range(0, len(pi), RELAY_PAIRS):
            pk, zi = pi[k : k + RELAY_PAIRS], self.runs[rj[k : k + RELAY_PAIRS]]
            walks = (
                np.hypot(px[pk, None] - self.via[zi, 0], py[pk, None] - self.via[zi, 1])
                + self.via_d[zi]
            )
            out, arg = _lowered(out, arg, walks, zi, pk)
        return out, arg, near


def _lowered(
    out: Array, arg: Array, walks: Array, ids: Array, rows: Array | None = None
) -> tuple[Array, Array]:
    """`out` lowered by the least of each row of `walks` (the walks of point `rows[r]`; none:
    row r is point r's), and `arg` set where it was to the member it came from (`ids`: per
    column, or per cell)."""
    n = len(walks)
    col = walks.argmin(axis=1)
    least = walks[np.arange(n), col]
    member = ids[col] if ids.ndim == 1 else ids[np.arange(n), col]
    if rows is None:
        better = least < out
        return np.where(better, least, out), np.where(better, member, arg)
    # The least of each point's rows: sorted by point, then walk.
    order = np.lexsort((least, rows))
    first = order[np.r_[True, rows[order][1:] != rows[order][:-1]]] if len(order) else order
    p, v = rows[first], least[first]
    better = v < out[p]
    out, arg = out.copy(), arg.copy()
    out[p[better]] = v[better]
    arg[p[better]] = member[first][better]
    return out, arg


def _inside_max(o: StandOutline, direct: list[_Least | None]) -> tuple[float, Pt]:
    """The worst walk over a polygon stand, given each convex part's straight walks out.

    Inside part C the walk is the better of going straight out through C's
    own stretch of the outline (`direct[C]`) and going straight to a point z
    of a cut between C and a neighbouring part and on from there (F(z), the
    best walk from z, relaxed over all cuts: Bellman-Ford on the sampled
    points). Cut points are sampled every `PORTAL_STEP_M`, with the cut's
    ends (the reflex corners). Every walk counted is a real one, so the
    result is never below the true worst walk; a shortest walk crossing a
    cut at an unsampled point is at most `PORTAL_STEP_M` longer per cut it
    crosses.
    """
    zs: list[Array] = []
    on: list[tuple[int, int]] = []
    cut: list[int] = []
    for k, (i, j, a, b) in enumerate(o.portals):
        n = max(1, math.ceil(math.dist(a, b) / PORTAL_STEP_M))
        t = np.linspace(0.0, 1.0, n + 1)
        zs.append(np.column_stack([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]))
        on += [(i, j)] * (n + 1)
        cut += [k] * (n + 1)
    z = np.vstack(zs) if zs else np.zeros((0, 2))
    parts_of = np.array(on, dtype=int).reshape(-1, 2)
    members = [np.nonzero((parts_of == c).any(axis=1))[0] for c in range(len(o.parts))]
    best = np.full(len(z), _INF)
    for c, f in enumerate(direct):
        idx = members[c]
        if f is not None and len(idx):
            best[idx] = np.minimum(best[idx], f.walk(z[idx, 0], z[idx, 1]))
    cuts = np.array(cut, dtype=int)
    for _ in range(len(o.portals) + 1):
        changed = False
        for idx in members:
            if len(idx) < 2:
                continue
            # Each point's hop to every other of the part's cut points, weighed run by run.
            hop = _Relay(z[idx], best[idx], cuts[idx])
            relaxed = hop.lower(z[idx, 0], z[idx, 1], best[idx].copy())
            if (relaxed < best[idx] - 1e-12).any():
                best[idx] = relaxed
                changed = True
        if not changed:
            break
    worst, worst_at = -_INF, (0.0, 0.0)
    for c, part in enumerate(o.parts):
        idx = members[c][np.isfinite(best[members[c]])]
        walk = _PartWalk(direct[c], z[idx], best[idx], cuts[idx])
        x0, y0, x1, y1 = part.bounds
        value, at = _maximise_box((x0, y0, x1 - x0, y1 - y0), walk, region=part, members=walk)
        if value > worst:
            worst, worst_at = value, at
    return worst, worst_at


class _PartWalk:
    """The walk inside one convex part of a polygon stand: straight out through the part's
    own stretch of the outline (`direct`'s members), or straight to a sampled cut point z
    and on from there (one member a point: |p - z| + F(z)). Every member is convex in p,
    which `_maximise_box` uses to bound a cell."""

    def __init__(self, direct: _Least | None, via: Array, via_d: Array, cut: Array) -> None:
        self.direct = direct
        self.k = direct.size if direct is not None else 0
        self.via, self.via_d = via, via_d
        self.relay = _Relay(via, via_d, cut)

    def __call__(self, px: Array, py: Array) -> Array:
        return self.least(px, py)[0]

    def least(self, px: Array, py: Array) -> tuple[Array, tuple[Array, Array, Array]]:
        """The walk from each point, and what `bound` needs of it: the best and the next
        best member straight out, and the run of cut points it goes through or, where it
        goes straight out, whose bound is least (each -1: none)."""
        n = len(px)
        first, second = np.full(n, -1), np.full(n, -1)
        out = np.full(n, _INF)
        if self.direct is not None and self.k:
            values = self.direct.values(px, py)
            first = values.argmin(axis=1)
            out = values[np.arange(n), first]
            if self.k > 1:
                two = np.argpartition(values, 1, axis=1)[:, :2]
                second = np.where(two[:, 0] == first, two[:, 1], two[:, 0])
        out, via, near = self.relay.least(px, py, out, np.full(n, -1))
        if len(self.via):
            near = np.where(via >= 0, self.relay.run_of[np.maximum(via, 0)], near)
        return out, (first, second, near)

    def bound(
        self, cx: Array, cy: Array, hw: float, hd: float, key: tuple[Array, Array, Array]
    ) -> tuple[Array, Array, Array]:
        """At least the walk from every point of each cell (centre, half sizes), given
        what `least` said of its centre; and a point of each cell where the walk may be
        largest (nan: none), to be tried.

        Every member is convex, so the most it walks over the cell is at a corner; so is
        any mix of two, which bounds the lesser of them. Where two ways out meet (open
        sides facing each other, or one and a cut), every point of the line where they
        meet walks as far, and only their mix is as flat as that line (`_mixed`); a member
        alone overshoots it by the cell's half-width. Through the cuts, the least over
        the run's points (a walk through one point alone grows as fast as the distance)."""
        first, second, run = key
        n = len(cx)
        out = np.full(n, _INF)
        px, py = np.full(n, np.nan), np.full(n, np.nan)
        gap = np.full(n, _INF)
        offsets = ((-hw, -hd), (hw, -hd), (-hw, hd), (hw, hd))
        a = np.full((n, 4), _INF)
        mine = np.nonzero(first >= 0)[0]
        if self.direct is not None and len(mine):
            for c, (sx, sy) in enumerate(offsets):
                a[mine, c] = self.direct.member(cx[mine] + sx, cy[mine] + sy, first[mine])
            out[mine] = a[mine].max(axis=1)
            two = mine[second[mine] >= 0]
            if len(two):
                b = np.column_stack(
                    [
                        self.direct.member(cx[two] + sx, cy[two] + sy, second[two])
                        for sx, sy in offsets
                    ]
                )
                mix = _mixed(a[two], b)
                out[two] = np.minimum(out[two], mix)
                gap[two] = mix
                px[two], py[two] = _ridge(cx[two], cy[two], hw, hd, a[two], b)
        far = np.nonzero(run >= 0)[0]
        if len(far):
            zi = self.relay.runs[run[far]]
            vx, vy, vd = self.via[zi, 0], self.via[zi, 1], self.via_d[zi]
            cones = np.stack(
                [
                    np.hypot(cx[far, None] + sx - vx, cy[far, None] + sy - vy) + vd
                    for sx, sy in offsets
                ],
                axis=2,
            )
            out[far] = np.minimum(out[far], cones.max(axis=2).min(axis=1))
            both = far[first[far] >= 0]
            if len(both):
                at = np.searchsorted(far, both)
                m = RELAY_RUN
                aa = np.repeat(a[both], m, axis=0)
                mix = _mixed(aa, cones[at].reshape(-1, 4)).reshape(-1, m)
                j = mix.argmin(axis=1)
                low = mix[np.arange(len(both)), j]
                out[both] = np.minimum(out[both], low)
                better = low < gap[both]
                if better.any():
                    sel = both[better]
                    rx, ry = _ridge(cx[sel], cy[sel], hw, hd, a[sel], cones[at[better], j[better]])
                    px[sel], py[sel] = rx, ry
        return out, px, py


def _mixed(a: Array, b: Array) -> Array:
    """The least over l in [0, 1] of the largest over the corners of l a + (1 - l) b
    (rows: cells; columns: the four corners), exactly: the largest of four lines in l is
    least at an end or where two of them cross."""
    slope = a - b
    cands = [np.zeros(len(a)), np.ones(len(a))]
    for i in range(4):
        for j in range(i + 1, 4):
            with np.errstate(divide="ignore", invalid="ignore"):
                lam = (b[:, j] - b[:, i]) / (slope[:, i] - slope[:, j])
            cands.append(np.where(np.isfinite(lam), np.clip(lam, 0.0, 1.0), 0.0))
    lam = np.column_stack(cands)
    tops = (b[:, None, :] + lam[:, :, None] * slope[:, None, :]).max(axis=2)
    return tops.min(axis=1)  # type: ignore[no-any-return]


def _ridge(cx: Array, cy: Array, hw: float, hd: float, a: Array, b: Array) -> tuple[Array, Array]:
    """Where in each cell two members straight out walk alike, as far as their values at
    the corners (taken as planes) tell: the lesser grows toward it. Clamped to the cell."""

    # Corners in the order (-,-), (+,-), (-,+), (+,+).
    def plane(v: Array) -> tuple[Array, Array, Array]:
        gx = (v[:, 1] + v[:, 3] - v[:, 0] - v[:, 2]) / (4 * hw)
        gy = (v[:, 2] + v[:, 3] - v[:, 0] - v[:, 1]) / (4 * hd)
        return v.mean(axis=1), gx, gy

    va, ax, ay = plane(a)
    vb, bx, by = plane(b)
    dx, dy = ax - bx, ay - by
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (vb - va) / (dx * dx + dy * dy)
        px = np.clip(cx + s * dx, cx - hw, cx + hw)
        py = np.clip(cy + s * dy, cy - hd, cy + hd)
    return px, py


def _polygon_reach(
    o: StandOutline, access: StandAccess, targets: tuple[tuple[tuple[float, float], ...], ...]
) -> float:
    """Longest walk inside a polygon stand to the nearest of `targets` (stretches per side)."""
    direct: list[_Least | None] = []
    for part in o.parts:
        segs = []
        for side, spans in zip(access.sides, targets, strict=True):
            span = _part_span(part, side)
            if span is None:
                continue
            for t0, t1 in spans:
                a, b = max(t0, span[0]), min(t1, span[1])
                if b - a > 1e-9:
                    segs.append((*side.point(a), *side.point(b)))
        direct.append(_Segments(np.array(segs, dtype=float)) if segs else None)
    return _inside_max(o, direct)[0]


__all__ = ["MAX_TOL", "ExitField", "StandTravel", "maximise", "to_open_side", "to_windows"]
