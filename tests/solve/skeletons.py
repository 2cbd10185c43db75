"""Skeletons built in tests: one call per hall and spec, and the invariants every
skeleton keeps (`assert_sound`), shared by the skeleton's and the macro bands' tests."""

from __future__ import annotations

import itertools

from shapely import box
from shapely.geometry.base import BaseGeometry

from floorplan.model import Hall, Request, Rules
from floorplan.solve.hall import step_units
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem, Rect
from floorplan.solve.skeleton import Skeleton, Spec, build

from .conftest import req

EPS = 1e-6
RULES = Rules()


def metres(p: HallProblem, rect: Rect) -> BaseGeometry:
    """A local grid-unit rectangle as a Shapely box in the problem's (local) metres."""
    x, y, w, d = rect
    g = p.g
    return box(x * g, y * g, (x + w) * g, (y + d) * g)


def skeleton(
    hall: Hall,
    spec: Spec,
    requests: list[Request] | None = None,
    *,
    rules: Rules = RULES,
    transpose: bool = False,
) -> tuple[HallProblem, Skeleton]:
    reqs = requests if requests is not None else [req("a", 20.0)]
    p = HallProblem(hall, rules, tuple(reqs), transpose)
    sk = build(p, spec, {r.id: r for r in reqs}, step_units(rules, DEFAULT))
    assert sk is not None, "the hall is big enough for this skeleton"
    return p, sk


def assert_sound(p: HallProblem, sk: Skeleton) -> None:
    """The skeleton invariants every hall shape must keep."""
    outline = p.outline
    aisle_m = p.rules.aisle_width_m
    boxes = [metres(p, s.box) for s in sk.segments]
    macros = [metres(p, rect) for _, rect in sk.macros]
    for s, b in zip(sk.segments, boxes, strict=True):
        assert s.length > 0 and s.depth > 0
        assert outline.buffer(EPS).contains(b), f"{s} leaves the hall"
        for obstacle in p.hall.obstacles:
            assert b.intersection(p.local(obstacle)).area < EPS, f"{s} covers an obstacle"
        for door in p.doors:
            assert b.distance(door) >= p.rules.exit_clearance_m - EPS, f"{s} blocks a door"
    for (s1, b1), (s2, b2) in itertools.combinations(zip(sk.segments, boxes, strict=True), 2):
        assert b1.distance(b2) >= aisle_m - EPS, f"no aisle between {s1} and {s2}"
    for b in boxes:
        for m in macros:
            assert b.distance(m) >= aisle_m - EPS, "a segment crowds a macro stand"
