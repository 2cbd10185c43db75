"""Blocks of stands: rule C10 (rows need cross aisles) and the `aligned_edges` metric.

Stands closer together than `aisle_width_m` form one block, transitively:
the blocks are the connected components of the graph "gap < aisle width",
the gap being the shortest distance between two stand rectangles. A gap of
exactly the aisle width (within `EPS`, in the layout's favour) is an aisle and
separates blocks. Pairs come from an STRtree `dwithin` query, so a hall of a
thousand stands costs O(n log n), not n^2 distance computations.

C10 (contract 1.1 rule 10): a block of two or more stands is at most
`max_row_m` long on the longer side of its bounding box.

Aligned edges: planners set blocks between straight main and cross aisles,
so the edges of one block continue the edges of others. An edge of a block's
bounding box is aligned when another block of the same hall has an edge of
the same orientation within `ALIGN_M` of the same coordinate.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from shapely import STRtree

from floorplan.model.layout import Stand
from floorplan.validate.checks import EPS, Context, fmt_m
from floorplan.validate.report import Violation

ALIGN_M = 0.3
"""Two block edges of the same orientation within this distance lie on one line."""
NAMED = 3
"""A C10 message names this many stands of a large block and counts the rest."""


@dataclass(frozen=True)
class Block:
    """Stands of one hall closer together than an aisle, and their bounding box."""

    stands: tuple[Stand, ...]
    bounds: tuple[float, float, float, float]
    """(min x, min y, max x, max y)."""

    @property
    def length(self) -> float:
        """The longer side of the bounding box: the row length C10 limits."""
        x0, y0, x1, y1 = self.bounds
        return max(x1 - x0, y1 - y0)


def blocks_of(stands: Sequence[Stand], aisle_m: float) -> list[Block]:
    """Group a hall's stands into blocks; each block's stands in layout order.

    Blocks come out ordered by their first stand in the layout, so messages
    are stable for a given file.
    """
    if not stands:
        return []
    rects = [s.rect for s in stands]
    parent = list(range(len(stands)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tree = STRtree(rects)
    pairs = tree.query(rects, predicate="dwithin", distance=aisle_m)
    for i, j in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
        if i >= j:
            continue
        if float(rects[i].distance(rects[j])) < aisle_m - EPS:
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(len(stands)):
        members.setdefault(root(i), []).append(i)
    out = []
    for idx in members.values():
        xs0, ys0, xs1, ys1 = zip(*(rects[i].bounds for i in idx), strict=True)
        out.append(Block(tuple(stands[i] for i in idx), (min(xs0), min(ys0), max(xs1), max(ys1))))
    return out


def hall_blocks(ctx: Context) -> dict[str, list[Block]]:
    """The blocks of every event hall, computed once for C10 and the metrics."""
    aisle = ctx.event.rules.aisle_width_m
    return {h: blocks_of(stands, aisle) for h, stands in ctx.by_hall.items()}


def check_rows(ctx: Context, blocks: dict[str, list[Block]]) -> list[Violation]:
    """C10: every block of two or more stands is at most `max_row_m` long."""
    limit = ctx.event.rules.max_row_m
    out: list[Violation] = []
    for hall_id, hall_blocks_ in blocks.items():
        for block in hall_blocks_:
            if len(block.stands) < 2 or block.length <= limit + EPS:
                continue
            ids = tuple(s.request_id for s in block.stands)
            named = ", ".join(ids[:NAMED])
            if len(ids) > NAMED:
                named += f" (+{len(ids) - NAMED} more)"
            x0, y0, x1, y1 = block.bounds
            out.append(
                Violation(
                    "C10",
                    hall_id,
                    ids,
                    f"C10 {hall_id} {named}: block {fmt_m(block.length)} m long > "
                    f"{limit:g} m without a cross aisle",
                    measured=block.length,
                    limit=limit,
                    at=((x0 + x1) / 2, (y0 + y1) / 2),
                )
            )
    return out


def aligned_edges(blocks: Sequence[Block]) -> tuple[int, int]:
    """(aligned edges, all edges) of the blocks' bounding boxes; 4 edges per block.

    Vertical edges (left, right) are compared by x, horizontal ones (bottom,
    top) by y. With each orientation's coordinates sorted, the nearest edge of
    another block is found by bisection: a block has at most two edges of an
    orientation in any window, so each look-up scans O(1) entries.
    """
    aligned = 0
    for lo, hi in ((0, 2), (1, 3)):
        edges = sorted(
            (coord, k) for k, b in enumerate(blocks) for coord in (b.bounds[lo], b.bounds[hi])
        )
        coords = [c for c, _ in edges]
        for coord, k in edges:
            i = bisect_left(coords, coord - ALIGN_M - EPS)
            while i < len(edges) and edges[i][0] <= coord + ALIGN_M + EPS:
                if edges[i][1] != k:
                    aligned += 1
                    break
                i += 1
    return aligned, 4 * len(blocks)


__all__ = ["ALIGN_M", "Block", "aligned_edges", "blocks_of", "check_rows", "hall_blocks"]
