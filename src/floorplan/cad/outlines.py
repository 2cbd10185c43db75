"""Hall outlines from loose linework: lines, arcs and open polylines chained into loops.

Venue drawings often draw walls as separate LINEs that merely touch. Ends
closer than `JOIN_TOLERANCE_M` are one point. Every point must join exactly
two pieces: a loose end is an open outline and a junction of three or more
is ambiguous, and both are input errors rather than a guess, because a wrong
outline silently moves every stand.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

Pt = tuple[float, float]

JOIN_TOLERANCE_M = 0.01
"""Ends of two pieces within 1 cm are joined (CAD snapping noise)."""


@dataclass(frozen=True)
class Piece:
    """An open run of points on the outline layer, in metres."""

    points: tuple[Pt, ...]
    dxftype: str
    handle: str


@dataclass(frozen=True)
class Loop:
    points: tuple[Pt, ...]
    sources: tuple[str, ...]
    """`TYPE handle` of every entity that made this loop, for messages."""


@dataclass(frozen=True)
class ChainProblem:
    kind: str
    """`open` (a loose end) or `branch` (three or more pieces meet)."""
    at: Pt
    sources: tuple[str, ...]


def dedupe(points: list[Pt], tolerance: float = 1e-9) -> list[Pt]:
    """Drop repeated points, including a closing point equal to the first."""
    out: list[Pt] = []
    for p in points:
        if not out or math.dist(out[-1], p) > tolerance:
            out.append(p)
    while len(out) > 1 and math.dist(out[0], out[-1]) <= tolerance:
        out.pop()
    return out


class _Nodes:
    """Cluster end points that lie within the join tolerance of each other."""

    def __init__(self, tolerance: float) -> None:
        self.tolerance = tolerance
        self.points: list[Pt] = []
        self._cells: dict[tuple[int, int], list[int]] = defaultdict(list)

    def _cell(self, p: Pt) -> tuple[int, int]:
        return (math.floor(p[0] / self.tolerance), math.floor(p[1] / self.tolerance))

    def node(self, p: Pt) -> int:
        cx, cy = self._cell(p)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for i in self._cells[(cx + dx, cy + dy)]:
                    if math.dist(self.points[i], p) <= self.tolerance:
                        return i
        self.points.append(p)
        self._cells[(cx, cy)].append(len(self.points) - 1)
        return len(self.points) - 1


def chain(
    pieces: list[Piece], tolerance: float = JOIN_TOLERANCE_M
) -> tuple[list[Loop], list[ChainProblem]]:
    """Join pieces end to end into closed loops; report where that is impossible."""
    nodes = _Nodes(tolerance)
    ends: list[tuple[int, int]] = []
    incident: dict[int, list[int]] = defaultdict(list)
    usable = [p for p in pieces if len(p.points) >= 2]
    for index, piece in enumerate(usable):
        a = nodes.node(piece.points[0])
        b = nodes.node(piece.points[-1])
        ends.append((a, b))
        incident[a].append(index)
        incident[b].append(index)
    problems: list[ChainProblem] = []
    bad_nodes: set[int] = set()
    for node, touching in incident.items():
        if len(touching) != 2:
            kind = "open" if len(touching) == 1 else "branch"
            sources = tuple(_source(usable[i]) for i in dict.fromkeys(touching))
            problems.append(ChainProblem(kind, nodes.points[node], sources))
            bad_nodes.add(node)
    loops: list[Loop] = []
    used: set[int] = set()
    for start in range(len(usable)):
        if start in used:
            continue
        component = _walk(start, usable, ends, incident, used)
        if component is None:
            continue
        order, closed = component
        if not closed or any(n in bad_nodes for i, _ in order for n in ends[i]):
            continue
        points: list[Pt] = []
        for i, forward in order:
            run = list(usable[i].points) if forward else list(reversed(usable[i].points))
            points.extend(run[:-1])
        loops.append(Loop(tuple(dedupe(points)), tuple(_source(usable[i]) for i, _ in order)))
    return loops, problems


def _walk(
    start: int,
    pieces: list[Piece],
    ends: list[tuple[int, int]],
    incident: dict[int, list[int]],
    used: set[int],
) -> tuple[list[tuple[int, bool]], bool] | None:
    """Follow pieces from `start` until back at its first end or stuck."""
    order: list[tuple[int, bool]] = []
    current = start
    forward = True
    first = ends[start][0]
    while True:
        used.add(current)
        order.append((current, forward))
        at = ends[current][1] if forward else ends[current][0]
        if at == first:
            return order, True
        following = [i for i in incident[at] if i != current and i not in used]
        if len(incident[at]) != 2 or not following:
            return order, False
        current = following[0]
        forward = ends[current][0] == at


def _source(piece: Piece) -> str:
    return f"{piece.dxftype} {piece.handle}"


__all__ = ["JOIN_TOLERANCE_M", "ChainProblem", "Loop", "Piece", "chain", "dedupe"]
