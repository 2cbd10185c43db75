"""A slow, independent walking-distance oracle for checking `validate.travel`.

It knows nothing of windows, shadows or envelopes. The domain is the walkable
space united with one stand. Nodes: the domain's vertices where it turns
inward (the chord joining points just before and after the vertex leaves the
domain; walks bend only there) and the walkable space's vertices on the
stand's outline. Exits: points every `DOOR_STEP` metres along the door
stretches plus the walkable space's vertices on them. Every pair of nodes
that sees each other (Shapely `covers` on the domain grown by 0.1 um) is an
edge; Dijkstra from the exits.
"""

from __future__ import annotations

import heapq
import math

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

DOOR_STEP = 0.05


def _vertices(geom: BaseGeometry) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            out += [(float(x), float(y)) for x, y in list(ring.coords)[:-1]]
    return out


def _inward_vertices(geom: BaseGeometry) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    shapely.prepare(geom)
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            c = np.asarray(ring.coords)[:-1]
            before, after = np.roll(c, 1, axis=0), np.roll(c, -1, axis=0)
            step = 1e-5
            a = c + (before - c) * step / np.hypot(*(before - c).T)[:, None]
            b = c + (after - c) * step / np.hypot(*(after - c).T)[:, None]
            mid = (a + b) / 2
            outside = ~shapely.covers(geom, shapely.points(mid))
            out += [(float(x), float(y)) for x, y in c[outside]]
    return out


def walks(
    walkable: BaseGeometry,
    stand: BaseGeometry,
    doors: list[tuple[tuple[float, float], tuple[float, float]]],
    points: list[tuple[float, float]],
) -> list[float]:
    """Shortest walk from each point (inside `stand`) to the nearest door, in walkable + stand."""
    joined = shapely.union_all([walkable, stand])
    domain = joined.buffer(1e-7, join_style="mitre")
    shapely.prepare(domain)
    nodes = _inward_vertices(joined)
    # Where walkable space meets the stand the domain has cusps that a vertex test can
    # miss: every vertex of walkable space on the stand's outline is a node too.
    rim = stand.boundary
    nodes += [v for v in _vertices(walkable) if rim.distance(shapely.Point(v)) < 1e-6]
    n_plain = len(nodes)
    for (ax, ay), (bx, by) in doors:
        k = max(1, math.ceil(math.hypot(bx - ax, by - ay) / DOOR_STEP))
        nodes += [(ax + (bx - ax) * i / k, ay + (by - ay) * i / k) for i in range(k + 1)]
        # the ends of a door stretch are where walkable space leaves the wall: use its vertex
        door = shapely.LineString([(ax, ay), (bx, by)])
        nodes += [v for v in _vertices(walkable) if door.distance(shapely.Point(v)) < 1e-6]
    pts = np.array(nodes)
    n = len(nodes)
    i, j = np.triu_indices(n, k=1)
    keep = ~((i >= n_plain) & (j >= n_plain))
    i, j = i[keep], j[keep]
    lines = shapely.linestrings(np.stack([pts[i], pts[j]], axis=1))
    ok = shapely.covers(domain, lines)
    adj: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for a, b in zip(i[ok].tolist(), j[ok].tolist(), strict=True):
        w = math.dist(nodes[a], nodes[b])
        adj[a].append((b, w))
        adj[b].append((a, w))
    dist = [math.inf] * n
    heap = []
    for k in range(n_plain, n):
        dist[k] = 0.0
        heap.append((0.0, k))
    heapq.heapify(heap)
    while heap:
        d, k = heapq.heappop(heap)
        if d > dist[k]:
            continue
        for o, w in adj[k]:
            if d + w < dist[o]:
                dist[o] = d + w
                heapq.heappush(heap, (d + w, o))
    out = []
    for p in points:
        segs = shapely.linestrings(np.stack([np.broadcast_to(p, pts.shape), pts], axis=1))
        vis = shapely.covers(domain, segs)
        best = min(
            (math.dist(p, nodes[k]) + dist[k] for k in np.nonzero(vis)[0].tolist()),
            default=math.inf,
        )
        out.append(best)
    return out
