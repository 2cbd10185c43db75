"""The clear floor between columns: a necessary condition, so it may never refuse a stand that
stands clear somewhere, and it must refuse a raw space no column bay can hold."""

from __future__ import annotations

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.solve.conftest import l_hall, make_event, rect_hall, req

from floorplan.clearfloor import ClearFloor, clear_size
from floorplan.hosting import aisle_round, hall_refusal
from floorplan.model import Rules

Rect = tuple[float, float, float, float]


def _column_grid(width: float, depth: float, pitch: float) -> list[Rect]:
    cols = []
    x = pitch
    while x < width - 1:
        y = pitch
        while y < depth - 1:
            cols.append((x, y, 1.0, 1.0))
            y += pitch
        x += pitch
    return cols


def test_a_raw_space_bigger_than_every_column_bay_is_refused_with_the_bay() -> None:
    hall = rect_hall("cols", 120, 90, columns=_column_grid(120, 90, 12))
    big = req("carmaker", 1200, booth_type="island")
    event = make_event([hall, rect_hall("open", 120, 90)], [big])
    reason = hall_refusal(event, big, hall)
    assert reason is not None
    # The strip along the south wall, 12 m deep, is cut by the entrance's clearance.
    assert "clear of its columns" in reason and "largest about 120 x 1" in reason
    # The hall without columns takes it, and a stand that fits a bay is not refused.
    assert hall_refusal(event, big, event.venue.halls[1]) is None
    assert hall_refusal(event, req("small", 100), hall) is None


def test_an_l_hall_refuses_what_only_its_bounding_box_could_hold() -> None:
    hall = l_hall(columns=())
    event = make_event([hall], [])
    # 50 x 40 bounds, but no 45 x 30 rectangle lies inside the L.
    wide = req("wide", 45 * 30, width_m=45, depth_m=30)
    assert hall_refusal(event, wide, hall) is not None
    assert hall_refusal(event, req("fits", 28 * 24, width_m=28, depth_m=24), hall) is None


@settings(max_examples=60, deadline=None)
@given(
    width=st.floats(20, 80),
    depth=st.floats(20, 80),
    pitch=st.floats(6, 20),
    fx=st.floats(0, 1),
    fy=st.floats(0, 1),
    w=st.floats(3, 30),
    d=st.floats(3, 30),
    grid=st.sampled_from([0.01, 0.1, 0.5]),
)
def test_a_stand_that_stands_clear_somewhere_is_never_refused(
    width: float,
    depth: float,
    pitch: float,
    fx: float,
    fy: float,
    w: float,
    d: float,
    grid: float,
) -> None:
    # The columns are laid out in the hall as drawn (its sides to 0.1 m): from the unrounded
    # depth, a column 0.96 m short of a 52.84 m wall poked out of a 52.8 m hall.
    width, depth = round(width, 1), round(depth, 1)
    columns = _column_grid(width, depth, pitch)
    hall = rect_hall("h", width, depth, columns=columns)
    rules = Rules(grid_m=grid, min_side_m=3, max_aspect=10)
    w, d = round(w / grid) * grid, round(d / grid) * grid
    x = fx * max(0.0, hall.shape.bounds[2] - w)
    y = fy * max(0.0, hall.shape.bounds[3] - d)
    stand = shapely.box(x, y, x + w, y + d)
    if not hall.shape.covers(stand) or any(
        stand.intersection(o).area > 1e-9 for o in hall.obstacles
    ):
        return  # not a clear spot: nothing to check
    exact = req("s", w * d, width_m=w, depth_m=d)
    flexible = req("f", w * d)
    floors = [ClearFloor(hall)]
    doors = shapely.union_all([ex.door(hall.shape) for ex in hall.exits])
    if stand.distance(doors) >= 3.0:
        # Clear of the doors' 3 m clearances too (the default exit_clearance_m).
        floors.append(ClearFloor(hall, clearance=3.0))
    for floor in floors:
        assert clear_size(exact, rules, floor) is not None
        assert clear_size(flexible, rules, floor) is not None


def test_a_hall_round_a_stage_may_hold_an_island_but_not_with_an_aisle_all_round() -> None:
    # A 60 x 50 m hall round a 30 x 20 m stage: a strip 15 m deep north of it holds a
    # 37.5 x 15 m island clear, but not with a 3 m aisle on each side as well. The
    # hall may still host it (an island needs half of each side open): a preference
    # for the knapsack, never a refusal.
    stage = [(15.0, 15.0), (45.0, 15.0), (45.0, 35.0), (15.0, 35.0)]
    staged = rect_hall("stage", 60, 50, keep_out=[stage])
    open_ = rect_hall("open", 60, 50)
    island = req("carmaker", 625, booth_type="island")
    event = make_event([staged, open_], [island], aisle_width_m=3.0)
    assert hall_refusal(event, island, staged) is None
    assert not aisle_round(event, island, staged)
    assert aisle_round(event, island, open_)
    assert aisle_round(event, req("small", 100, booth_type="island"), staged)
    assert aisle_round(event, req("row", 625, booth_type="inline"), staged)


@settings(max_examples=12, deadline=None)
@given(
    cut=st.floats(0.0, 14.0),
    slant=st.booleans(),
    margin=st.sampled_from([0.0, 3.0]),
    clearance=st.sampled_from([0.0, 3.0]),
)
def test_the_free_cells_are_those_wholly_inside_that_meet_no_obstacle(
    cut: float, slant: bool, margin: float, clearance: float
) -> None:
    """Boxes are made only where the outline's outside or an obstacle may meet them (40,000
    per hall cost a fifth of a second each time): the raster is still, cell by cell, every
    cell wholly inside the outline that meets no column, keep-out or door's clearance."""
    from tests.solve.conftest import make_hall

    corner = [(60.0 - cut, 40.0), (60.0, 40.0 - cut)] if slant else [(60.0 - cut, 40.0)]
    if not slant and cut:
        corner += [(60.0 - cut, 40.0 - cut), (60.0, 40.0 - cut)]
    outline = [(0.0, 0.0), (60.0, 0.0), *reversed(corner), (0.0, 40.0)] if cut else None
    hall = (
        make_hall(
            "h",
            outline,
            [("E1", (20.0, 0.0), 4.0, "entrance"), ("E2", (0.0, 20.0), 2.4, "exit")],
            columns=[(12.3, 8.7, 0.6, 0.6), (30.0, 20.0, 1.0, 1.0)],
            keep_out=[[(40.0, 5.0), (47.0, 5.0), (47.0, 12.0)]],
        )
        if outline
        else rect_hall("h", 60, 40, columns=[(12.3, 8.7, 0.6, 0.6)])
    )
    floor = ClearFloor(hall, margin, clearance)
    x0, y0, _, _ = hall.shape.bounds
    c, eps = floor.cell, 1e-6
    ny, nx = floor.free.shape
    xs, ys = [x0 + i * c for i in range(nx)], [y0 + j * c for j in range(ny)]
    inside = hall.shape.buffer(-margin, join_style="mitre") if margin else hall.shape
    blocked = shapely.union_all(
        [
            *hall.column_shapes,
            *(
                k.shape.buffer(margin, join_style="mitre") if margin else k.shape
                for k in hall.keep_out
            ),
            *([ex.door(hall.shape).buffer(clearance) for ex in hall.exits] if clearance else []),
        ]
    )
    want = [
        [
            (cell := shapely.box(x + eps, y + eps, x + c - eps, y + c - eps)).within(inside)
            and not cell.intersects(blocked)
            for x in xs
        ]
        for y in ys
    ]
    assert floor.free.tolist() == want
