"""Stand sides outside the validator: rectangles and polygons, and which of them open."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely import Polygon, box

from floorplan.model import Exit, Hall, Stand
from floorplan.sides import (
    Facing,
    boxes_of,
    clear_ahead,
    edge,
    facing_shares,
    free_floor,
    gap_ahead,
    open_shares,
    open_sides,
    polygon_corners,
    stand_sides,
)

L_SHAPE = [(10.0, 10.0), (16.0, 10.0), (16.0, 13.0), (13.0, 13.0), (13.0, 16.0), (10.0, 16.0)]


def test_rectangle_sides_are_south_east_north_west() -> None:
    s = Stand(request_id="a", hall="h", x=2, y=3, width=6, depth=4)
    sides = stand_sides(s)
    assert [side.facing for side in sides] == ["S", "E", "N", "W"]
    assert [side.length for side in sides] == [6, 4, 6, 4]
    assert sides[0].a == (2, 3) and sides[0].b == (8, 3) and sides[0].normal == (0.0, -1.0)
    assert sides[2].midpoint == (5.0, 7.0)


def test_polygon_sides_run_counter_clockwise_from_the_lowest_corner() -> None:
    # given clockwise, starting elsewhere, with a straight-on vertex on the west side
    given = [(10.0, 13.0), (10.0, 16.0), (13.0, 16.0), (13.0, 13.0), (16.0, 13.0), (16.0, 10.0)]
    s = Stand(request_id="a", hall="h", polygon=[*given, (10.0, 10.0)])
    sides = stand_sides(s)
    assert [side.a for side in sides] == L_SHAPE
    assert [side.facing for side in sides] == ["S", "E", "N", "E", "N", "W"]
    assert polygon_corners(Polygon(L_SHAPE)) == L_SHAPE


def test_a_slanted_side_faces_the_nearest_compass_direction() -> None:
    s = Stand(request_id="t", hall="h", polygon=[(0, 0), (8, 0), (6, 4), (0, 4)])
    slanted = stand_sides(s)[1]
    assert slanted.facing == "E"
    assert slanted.normal == pytest.approx((4 / 20**0.5, 2 / 20**0.5))


def test_open_sides_of_an_l_shape() -> None:
    hall = Hall(
        id="h",
        outline=[(0, 0), (30, 0), (30, 30), (0, 30)],
        exits=[Exit(id="E", at=(15, 0), width=3)],
    )
    l_shape = Stand(request_id="l", hall="h", polygon=L_SHAPE)
    notch = Stand(request_id="n", hall="h", x=13, y=13, width=3, depth=3)
    floor = free_floor(hall, [l_shape, notch])
    assert floor.area == pytest.approx(900 - 36)
    shares = open_shares([l_shape, notch], floor)
    assert shares[0] == pytest.approx((1, 1, 0, 0, 1, 1))
    assert open_sides([l_shape, notch], floor) == [frozenset({0, 1, 4, 5}), frozenset({1, 2})]
    by_facing = facing_shares(stand_sides(l_shape), shares[0])
    assert by_facing == pytest.approx({"S": 1.0, "E": 0.5, "N": 0.5, "W": 1.0})


def test_gap_ahead_and_clear_ahead() -> None:
    a = Stand(request_id="a", hall="h", x=0, y=0, width=6, depth=3)
    b = Stand(request_id="b", hall="h", x=2, y=6, width=6, depth=3)
    outline = box(-10, -10, 20, 20).exterior
    assert edge(a, "N") == 3 and edge(b, "S") == 6
    assert gap_ahead(a, "N", [a, b], outline, 10.0) == (3.0, 1)
    assert gap_ahead(a, "W", [a, b], outline, 20.0) == (10.0, None)
    north = stand_sides(a)[2]
    assert clear_ahead(north, b.shape, 10.0) == pytest.approx(3.0)
    assert clear_ahead(north, b.shape.buffer(-10), 10.0) == 10.0


def _gap_by_hand(
    stand: Stand, facing: str, others: list[Stand], cap: float
) -> tuple[float, int | None]:
    """`gap_ahead` without the walls, one stand after another (what it did before it
    compared the boxes at once)."""
    x0, y0, x1, y1 = stand.bounds
    gap, ahead = cap, None
    for k, o in enumerate(others):
        if o is stand:
            continue
        ox0, oy0, ox1, oy1 = o.bounds
        if facing in ("S", "N") and min(x1, ox1) - max(x0, ox0) > 1e-6:
            d = y0 - oy1 if facing == "S" else oy0 - y1
        elif facing in ("E", "W") and min(y1, oy1) - max(y0, oy0) > 1e-6:
            d = ox0 - x1 if facing == "E" else x0 - ox1
        else:
            continue
        if -1e-6 <= d < gap:
            gap, ahead = max(d, 0.0), k
    return gap, ahead


@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(1, 8), st.integers(1, 8)),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["S", "E", "N", "W"]),
    st.sampled_from([2.0, 5.0, 100.0]),
)
def test_the_gap_ahead_is_the_nearest_stand_across_the_span_whichever_way_it_is_asked(
    rects: list[tuple[int, int, int, int]], facing: Facing, cap: float
) -> None:
    """The boxes compared at once (`boxes_of`, computed once for a whole map) give the gap
    and the stand that ends it as one stand after another does, touching and equal gaps
    included; far walls leave it to the stands."""
    stands = [
        Stand(request_id=f"s{i}", hall="h", x=x * 0.5, y=y * 0.5, width=w * 0.5, depth=d * 0.5)
        for i, (x, y, w, d) in enumerate(rects)
    ]
    outline = box(-500, -500, 500, 500).exterior
    boxes = boxes_of(stands)
    for s in stands:
        expected = _gap_by_hand(s, facing, stands, cap)
        assert gap_ahead(s, facing, stands, outline, cap) == expected
        assert gap_ahead(s, facing, stands, outline, cap, boxes) == expected
