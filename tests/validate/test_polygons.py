"""Every rule on polygon stands (contract 1.1): a faulty copy fails it, the repaired one passes.

Also: a rectangle written as a 4-point polygon gets exactly the verdict and the
figures of the same rectangle written as x, y, width, depth, and walks out of
L-shaped, notched and trapezoid stands agree with the brute-force oracle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floorplan.model import Layout, Stand
from floorplan.validate import validate
from floorplan.validate.access import stand_access, stand_sides
from floorplan.validate.outline import outline
from floorplan.validate.travel import MAX_TOL, ExitField, to_open_side, to_windows
from floorplan.validate.walkable import hall_space

from .conftest import (
    Case,
    block_hall,
    block_requests,
    block_stands,
    make_event,
    make_hall,
    make_layout,
    req,
    rules_of,
    stand,
)
from .oracle import walks
from .test_validator import FAULTS, Show, inject, shows

Pts = list[tuple[float, float]]


def poly(rid: str, points: Pts, hall: str = "h1", **kw: Any) -> Stand:
    return Stand(request_id=rid, hall=hall, polygon=points, **kw)


# -- the block with an L-shape -----------------------------------------------------------------
#
# block_case's double row, with s1 and the west half of n1 one L-shaped stand and the
# rest of n1 (3 x 4 m) standing in the L's notch:
#
#   y=16  +--+--+-----+
#         |L |n1|  n2 ...
#   y=12  |  +--+-----+
#         |     |  s2 ...
#   y=8   +-----+-----+
#         x=8  11 14

L_POINTS: Pts = [(8, 8), (14, 8), (14, 12), (11, 12), (11, 16), (8, 16)]


def l_case(
    l_points: Pts = L_POINTS,
    l_area: float = 36.0,
    l_type: str | None = "peninsula",
    l_id: str = "s1",
    keep_apart: tuple[str, ...] = (),
    **rules: Any,
) -> Case:
    requests = block_requests(
        s1={"area_m2": l_area, "booth_type": l_type, "keep_apart": keep_apart},
        n1={"area_m2": 12.0},
    )
    event = make_event([block_hall()], requests, **rules)
    stands = block_stands()
    stands["s1"] = poly(l_id, l_points)
    stands["n1"] = stand("n1", 11.0, 12.0, 3.0, 4.0)
    return Case(event, stands, [("late", "applied after the deadline")])


# -- a hall corner filled by a chamfered stand P, with B beside it ------------------------------
#
#   y=10  +--+-----+ . . . . . . . .
#         | /  P   |  above B, P's side borders an aisle only where a 3 m disk fits:
#         |        +--+  from y = top of B + 1.5 to y = 8.5
#         |        |B |
#   y=0   +--------+--+-----E1-----+
#        x=0       8              20


def corner_case(b_top: float, b_width: float, **rules: Any) -> Case:
    hall = make_hall(width=20.0, depth=10.0, exits=[("E1", (16.0, 0.0), 3.0, "entrance")])
    requests = [req("P", 78.0), req("B", 14.5)]
    event = make_event([hall], requests, min_side_m=2.0, max_aspect=4.0, **rules)
    stands = {
        "P": poly("P", [(0, 0), (8, 0), (8, 10), (2, 10), (0, 8)]),
        "B": stand("B", 8.0, 0.0, b_width, b_top),
    }
    return Case(event, stands, [])


def _l_in_block() -> Case:
    return l_case()


POLYGON_RULES: dict[str, tuple[Callable[[], Case], Callable[[], Case]]] = {
    # rule: (a layout breaking only that rule at a polygon stand, the layout repaired)
    "C1 (vertex off the grid)": (
        lambda: l_case(
            [(8, 8), (14, 8), (14, 12), (11.25, 12), (11.25, 16), (8, 16)], l_area=35.0
        ).moved("n1", x=11.25, width=2.75),
        lambda: l_case(l_area=35.0),
    ),
    "C2 (polygon over its neighbour)": (
        lambda: l_case([(8, 8), (14, 8), (14, 12), (12, 12), (12, 16), (8, 16)], l_area=38.0),
        lambda: l_case(l_area=38.0),
    ),
    "C3 (area of the polygon, not of its box)": (
        lambda: l_case(l_area=48.0),
        lambda: l_case(l_area=36.0),
    ),
    "C4 (chamfered stand shut in)": (
        lambda: corner_case(7.5, 2.0),
        lambda: corner_case(5.5, 2.5),
    ),
    "C5 (an L-shape has three open sides)": (
        lambda: l_case(l_type="island"),
        lambda: l_case(l_type="peninsula"),
    ),
    "C6 (an L-shape by a door)": (
        lambda: l_case([(x - 6, y) for x, y in L_POINTS]),
        _l_in_block,
    ),
    "C7 (walk inside a chamfered stand)": (
        lambda: corner_case(5.5, 2.5, max_to_aisle_m=10.5),
        lambda: corner_case(5.0, 3.0, max_to_aisle_m=10.5),
    ),
    "C8 (keep-apart from an L-shape)": (
        lambda: l_case(keep_apart=("s3",)),
        lambda: l_case(keep_apart=("s4",)),
    ),
    "C9 (an L-shape for nobody)": (
        lambda: l_case(l_id="ghost"),
        _l_in_block,
    ),
}


@pytest.mark.parametrize("rule", list(POLYGON_RULES))
def test_each_rule_on_polygons_broken_then_repaired(rule: str) -> None:
    broken, repaired = POLYGON_RULES[rule]
    report = broken().check()
    assert rules_of(report) == {rule.split()[0]}, report.to_text()
    fixed = repaired().check()
    assert fixed.valid, fixed.to_text()


def test_c5_names_the_polygon_sides() -> None:
    report = l_case(l_type="island").check()
    (v,) = report.violations
    assert "3 open sides (south (1), north (5), west (6)) < 4 needed" in v.message


def test_c1_box_rules_apply_to_the_bounding_box() -> None:
    # a 12 x 2 m box: side 2 m and aspect 6 on the box, whatever the polygon looks like
    case = l_case()
    case.stands["late"] = poly("late", [(8, 20), (20, 20), (20, 21), (14, 22), (8, 21)])
    case.unplaced.clear()
    messages = [v.message for v in case.check().violations if v.rule == "C1"]
    assert any("side 2 m < minimum side 3 m" in m for m in messages), messages
    assert any("aspect 6.00 > 3" in m for m in messages), messages


def test_corner_case_figures() -> None:
    report = corner_case(5.5, 2.5).check()
    assert report.valid, report.to_text()
    # the farthest point of P from its window (x = 8, y 7..8.5) is its corner (0, 0)
    assert report.metrics["to_aisle_m"]["P"] == pytest.approx(np.hypot(8, 7), abs=MAX_TOL)


# -- a rectangle as a 4-point polygon ----------------------------------------------------------


def as_polygon(s: Stand, start: int, clockwise: bool) -> Stand:
    x0, y0, x1, y1 = s.x, s.y, s.x + s.width, s.y + s.depth
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    if clockwise:
        corners.reverse()
    corners = corners[start:] + corners[:start]
    data = s.model_dump(exclude={"x", "y", "width", "depth", "polygon"})
    return Stand.model_validate({**data, "polygon": corners})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    show=shows(),
    fault=st.sampled_from((*FAULTS, "none")),
    k=st.integers(0, 1000),
    picks=st.lists(st.tuples(st.booleans(), st.integers(0, 3), st.booleans()), min_size=64),
)
def test_a_rectangle_as_a_polygon_validates_exactly_as_the_rectangle(
    show: Show, fault: str, k: int, picks: list[tuple[bool, int, bool]]
) -> None:
    layout = inject(show, fault, k) if fault != "none" else make_layout(show.stands)
    stands = [
        as_polygon(s, start, cw) if use else s
        for s, (use, start, cw) in zip(layout.stands, picks, strict=False)
    ] + layout.stands[len(picks) :]
    as_polygons = Layout(event=layout.event, stands=stands, unplaced=layout.unplaced)
    a = validate(show.event, layout)
    b = validate(show.event, as_polygons)
    # Same findings, same words; numbers equal up to geometric noise: the walkable space
    # is an opening by a disk drawn as polygons, and the order of a stand's corners moves
    # its edges by micrometres (beside one, a stand measured 9e-6 m of aisle frontage
    # for 0 m).
    assert [_said(v) for v in a.violations] == [_said(v) for v in b.violations]
    for va, vb in zip(a.violations, b.violations, strict=True):
        assert va.measured == pytest.approx(vb.measured, abs=1e-4)
        assert va.at == pytest.approx(vb.at, abs=1e-4)
    assert a.metrics == b.metrics


def _said(v: Any) -> tuple[Any, ...]:
    return (v.rule, v.hall, v.stands, v.message, v.limit)


def test_a_polygon_that_is_a_rectangle_has_the_rectangle_s_sides() -> None:
    s = stand("a", 2.0, 3.0, 6.0, 4.0)
    p = as_polygon(s, 2, True)
    assert stand_sides(p) == stand_sides(s)
    assert outline(p).box == (2.0, 3.0, 6.0, 4.0)


# -- walks out of polygon stands against the oracle --------------------------------------------

SHAPES = {
    "L": [(10, 10), (20, 10), (20, 14), (14, 14), (14, 20), (10, 20)],
    "notched": [(10, 10), (22, 10), (22, 16), (17, 16), (17, 15), (15, 15), (15, 16), (10, 16)],
    "U": [(10, 10), (19, 10), (19, 19), (16, 19), (16, 13), (13, 13), (13, 19), (10, 19)],
    "trapezoid": [(10, 10), (20, 10), (17, 16), (10, 16)],
    "octagon": [(11, 10), (19, 10), (20, 11), (20, 17), (19, 18), (11, 18), (10, 17), (10, 11)],
}


@pytest.mark.parametrize("name", list(SHAPES))
@pytest.mark.parametrize("west_door", [False, True])
def test_the_worst_walk_from_a_polygon_stand_is_a_real_walk(name: str, west_door: bool) -> None:
    exits: list[tuple[str, tuple[float, float], float, str]] = [("E", (30.0, 0.0), 2.0, "exit")]
    if west_door:
        exits.append(("F", (0.0, 24.0), 2.0, "exit"))
    hall = make_hall(width=40.0, depth=30.0, exits=exits, columns=[(24.0, 16.0, 1.0, 1.0)])
    s = poly("a", SHAPES[name])
    space = hall_space(hall, [s.shape], 3.0)
    field = ExitField(space.walkable, space.doors)
    (acc,) = stand_access([s], space.walkable)
    travel = field.stand_travel(s, acc)
    doors = [(p.a, p.b) for p in space.doors]
    # The oracle walks in walkable space and the stand as one domain, so from a notched
    # stand it may step out across the notch and back into the stand; the contract's walk
    # goes through the stand, then the walkable space. So the oracle is never longer, equal
    # for convex stands, and a little shorter where the shortcut across a notch pays.
    (ref,) = walks(space.walkable, s.shape, doors, [travel.worst_at])
    assert travel.worst_m >= ref - 2e-3
    if outline(s).convex:
        assert travel.worst_m == pytest.approx(ref, abs=2e-3)
    else:
        assert travel.worst_m <= ref + 0.5
    # No sampled point of the stand has a longer walk (by the oracle's shorter measure).
    x0, y0, x1, y1 = s.shape.bounds
    grid = [(x, y) for x in np.linspace(x0, x1, 13) for y in np.linspace(y0, y1, 13)]
    inside = [p for p in grid if s.shape.buffer(1e-9).covers(shapely.Point(p))]
    assert max(walks(space.walkable, s.shape, doors, inside)) <= travel.worst_m + 2e-3


def test_walk_to_the_open_sides_of_an_l_bends_round_its_corner() -> None:
    s = poly("a", SHAPES["L"])
    hall = make_hall(width=40.0, depth=30.0, exits=[("E", (30.0, 0.0), 2.0, "exit")])
    space = hall_space(hall, [s.shape], 3.0)
    (acc,) = stand_access([s], space.walkable)
    sides = stand_sides(s)
    # only the top of the vertical arm (y = 20) open: from (20, 10) the walk bends at (14, 14)
    top = [i for i, side in enumerate(sides) if side.normal == (0.0, 1.0) and side.origin[1] == 20]
    expected = np.hypot(6, 4) + 6
    assert to_open_side(s, top, acc) == pytest.approx(expected, abs=MAX_TOL)
    assert to_windows(s, acc) <= expected


def test_bad_polygon_stands_are_input_errors() -> None:
    # (the loader's messages are checked in tests/validate/test_cli.py)
    with pytest.raises(ValueError, match="not a simple polygon"):
        poly("a", [(0, 0), (4, 4), (0, 4), (4, 0)])


notched_ = st.tuples(
    st.integers(6, 14),  # width
    st.integers(6, 14),  # depth
    st.sampled_from(["edge", "corner"]),
    st.floats(0.5, 2.0),  # notch size
    st.floats(0.2, 0.8),  # where along the bottom side
).map(lambda t: _notched(float(t[0]), float(t[1]), t[2], round(t[3], 1), t[4]))


def _notched(w: float, d: float, kind: str, n: float, at: float) -> Pts:
    """A w x d stand at (10, 10) notched round a column n x n in its bottom side."""
    if kind == "corner":
        return [
            (10, 10 + n),
            (10 + n, 10 + n),
            (10 + n, 10),
            (10 + w, 10),
            (10 + w, 10 + d),
            (10, 10 + d),
        ]
    x = 10 + round(at * (w - n - 2), 1) + 1
    return [
        (10, 10),
        (x, 10),
        (x, 10 + n),
        (x + n, 10 + n),
        (x + n, 10),
        (10 + w, 10),
        (10 + w, 10 + d),
        (10, 10 + d),
    ]


def _plain_and_bounded(points: Pts, pick: int) -> tuple[float, float, int, int]:
    """The walk to the open sides of a notched stand, by the branch and bound that bounds a
    cell by its centre alone and by the one that also bounds it by the convex walks it is
    the least of; and how many points each weighed."""
    from unittest.mock import patch

    from floorplan.validate import travel

    s = poly("a", points)
    hall = make_hall(width=40.0, depth=40.0, exits=[("E", (30.0, 0.0), 2.0, "exit")])
    space = hall_space(hall, [s.shape], 3.0)
    (acc,) = stand_access([s], space.walkable)
    sides = stand_sides(s)
    open_ = [i for i in range(len(sides)) if (pick >> (i % 8)) & 1] or [0]
    real = travel._maximise_box
    weighed = [0, 0]

    def counted(k: int) -> Callable[..., Any]:
        def run(rect: Any, f: Any, region: Any = None, members: Any = None) -> Any:
            def g(px: Any, py: Any) -> Any:
                weighed[k] += len(px)
                return f(px, py)

            if members is None or k == 0:
                return real(rect, g, region)
            least = members.least

            def seen(px: Any, py: Any) -> Any:
                weighed[k] += len(px)
                return least(px, py)

            with patch.object(members, "least", seen):
                return real(rect, g, region, members)

        return run

    with patch.object(travel, "_maximise_box", counted(0)):
        plain = to_open_side(s, open_, acc)
    with patch.object(travel, "_maximise_box", counted(1)):
        bounded = to_open_side(s, open_, acc)
    return plain, bounded, weighed[0], weighed[1]


@given(notched_, st.integers(1, 255))
@settings(max_examples=40, deadline=None)
def test_bounding_cells_by_convex_walks_finds_the_same_worst_walk(points: Pts, pick: int) -> None:
    """Both are within `MAX_TOL` below the largest walk, so within it of each other."""
    plain, bounded, _, _ = _plain_and_bounded(points, pick)
    assert abs(plain - bounded) <= MAX_TOL + 1e-9


def test_a_flat_worst_walk_costs_the_bounded_search_few_points() -> None:
    """Open sides facing each other: every point of the line halfway is the farthest, and
    a cell on it cannot be dropped by its centre's walk until it is a millimetre wide."""
    points = _notched(10.0, 12.0, "edge", 1.0, 0.5)
    sides = stand_sides(poly("a", points))
    west_east = sum(
        1 << i for i, side in enumerate(sides) if side.normal[1] == 0 and side.length > 5
    )
    plain, bounded, plain_n, bounded_n = _plain_and_bounded(points, west_east)
    assert bounded == pytest.approx(plain, abs=MAX_TOL)
    assert bounded_n * 5 < plain_n
