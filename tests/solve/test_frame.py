"""The solver's view of a hall: every place a stand must not go has to be a fixed box."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely import LineString, Polygon, box, unary_union

from floorplan.model import Hall, Rules
from floorplan.solve.frame import Box, Frame, disjoint, frame, wall_stretches

from .conftest import ExitSpec, grid_rect, l_hall, make_hall, rect_hall

RULES = Rules()


def fixed_cover(fr: Frame) -> Polygon:
    return unary_union([grid_rect(*b, fr.grid) for b in fr.fixed])


def test_grid_bounds_and_aisle_are_in_grid_units() -> None:
    fr = frame(rect_hall(width=40, depth=30), Rules(grid_m=0.5, aisle_width_m=3.2))
    assert (fr.x0, fr.y0, fr.x1, fr.y1) == (0, 0, 80, 60)
    assert fr.aisle == 7, "an aisle of 3.2 m rounds up to 3.5 m, never down"
    assert fr.metres(fr.x1) == 40.0


def test_a_plain_rectangle_with_doors_on_its_walls_has_nothing_fixed() -> None:
    assert frame(rect_hall(), RULES).fixed == ()


@pytest.mark.parametrize(
    "column", [(20.0, 15.0, 1.0, 1.0), (12.3, 7.7, 0.8, 0.8)], ids=["on-grid", "off-grid"]
)
def test_fixed_boxes_cover_columns_and_keep_outs(column: tuple[float, float, float, float]) -> None:
    reel = [(0.0, 10.0), (1.2, 10.0), (1.2, 11.3), (0.0, 11.3)]
    hall = rect_hall(columns=[column], keep_out=[reel])
    fr = frame(hall, RULES)
    cover = fixed_cover(fr)
    for obstacle in hall.obstacles:
        assert cover.covers(obstacle), obstacle.bounds
    assert all(w > 0 and d > 0 for _, _, w, d in fr.fixed)


def test_fixed_boxes_cover_the_outside_of_an_l_shaped_hall() -> None:
    hall = l_hall(columns=())
    fr = frame(hall, RULES)
    assert (fr.x0, fr.y0, fr.x1, fr.y1) == (0, 0, 100, 80)
    cover = fixed_cover(fr)
    outside = box(0, 0, 50, 40).difference(hall.shape)
    assert outside.difference(cover).area < 1e-9, "a block could sit outside the hall"
    # The cut lies on whole metres: the cover is exact and takes no usable floor.
    assert cover.intersection(hall.shape).area < 1e-9


def test_outside_cover_of_a_slanted_wall_is_conservative() -> None:
    outline = [(0.0, 0.0), (40.0, 0.0), (40.0, 20.0), (0.0, 30.0)]
    exits: tuple[ExitSpec, ...] = (("E1", (20.0, 0.0), 4.0, "entrance"),)
    hall = make_hall("slant", outline, exits)
    fr = frame(hall, RULES)
    cover = fixed_cover(fr)
    outside = box(0, 0, 40, 30).difference(hall.shape)
    assert outside.difference(cover).area < 1e-9
    # Conservative, not wasteful: at most a 1 m strip along the 41 m slanted wall.
    assert cover.intersection(hall.shape).area <= 41.3


def test_doors_keep_their_ids_positions_and_kinds() -> None:
    exits: tuple[ExitSpec, ...] = (
        ("E1", (20.0, 0.0), 4.0, "entrance"),
        ("E2", (40.0, 12.5), 2.4, "exit"),
        ("E3", (0.0, 20.0), 2.4, "entrance"),
    )
    fr = frame(rect_hall(exits=exits), RULES)
    assert [(d.id, d.x, d.y, d.entrance) for d in fr.doors] == [
        ("E1", 40, 0, True),
        ("E2", 80, 25, False),
        ("E3", 0, 40, True),
    ]
    assert [d.id for d in fr.entrances] == ["E1", "E3"]


def test_a_hall_without_an_entrance_treats_every_door_as_one() -> None:
    exits: tuple[ExitSpec, ...] = (
        ("E1", (20.0, 0.0), 4.0, "exit"),
        ("E2", (20.0, 30.0), 2.4, "exit"),
    )
    fr = frame(rect_hall(exits=exits), RULES)
    assert [d.id for d in fr.entrances] == ["E1", "E2"]


def test_exit_clearance_beyond_the_aisle_is_kept_free_by_a_fixed_box() -> None:
    hall = rect_hall()
    rules = Rules(aisle_width_m=3.0, exit_clearance_m=5.0)
    fr = frame(hall, rules)
    cover = fixed_cover(fr)
    for ex in hall.exits:
        # Blocks keep one aisle from every fixed box, so the box must reach the rest.
        zone = ex.door(hall.shape).buffer(rules.exit_clearance_m - rules.aisle_width_m)
        assert cover.covers(zone.intersection(hall.shape)), ex.id


def test_a_door_on_a_slanted_wall_gets_a_clearance_box() -> None:
    outline = [(0.0, 0.0), (40.0, 0.0), (40.0, 20.0), (0.0, 30.0)]
    exits: tuple[ExitSpec, ...] = (
        ("E1", (20.0, 0.0), 4.0, "entrance"),
        ("E2", (20.0, 25.0), 2.4, ""),
    )
    hall = make_hall("slant", outline, exits)
    fr = frame(hall, RULES)
    door = hall.exits[1].door(hall.shape)
    assert any(grid_rect(*b, fr.grid).covers(door) for b in fr.fixed)


@pytest.mark.parametrize("hall", [rect_hall(), l_hall()], ids=["rectangle", "l-shape"])
def test_wall_stretches_lie_on_the_outline_clear_of_door_clearances(hall: Hall) -> None:
    rules = Rules()
    fr = frame(hall, rules)
    assert fr.walls, "a plain hall has walls to line with rows"
    doors = [ex.door(hall.shape) for ex in hall.exits]
    for wall in fr.walls:
        for s, e in wall.free:
            assert s < e
            a, b = fr.metres(s), fr.metres(e)
            at = fr.metres(wall.at)
            line = LineString([(a, at), (b, at)] if wall.side in "BT" else [(at, a), (at, b)])
            assert hall.shape.exterior.buffer(1e-6).covers(line), (wall.side, s, e)
            for door in doors:
                assert line.distance(door) >= rules.exit_clearance_m - 1e-6, (wall.side, s, e)
    assert wall_stretches(fr) == sorted((e - s for w in fr.walls for s, e in w.free), reverse=True)


def test_wall_stretches_of_an_l_shaped_hall_stop_at_its_cut() -> None:
    fr = frame(l_hall(columns=()), Rules())
    top = [w for w in fr.walls if w.side == "T"]
    # The bounding box's top line is wall only for x 0 .. 30 m; the door E2 at x 15 splits it.
    assert all(fr.metres(e) <= 30.0 for w in top for _, e in w.free)


boxes_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(1, 12), st.integers(1, 12)),
    max_size=8,
)


@given(boxes=boxes_strategy)
def test_disjoint_keeps_the_union_and_removes_overlaps(boxes: list[Box]) -> None:
    out = disjoint(boxes)
    assert all(w > 0 and d > 0 for _, _, w, d in out)
    before = unary_union([box(x, y, x + w, y + d) for x, y, w, d in boxes])
    pieces = [box(x, y, x + w, y + d) for x, y, w, d in out]
    assert sum(p.area for p in pieces) == pytest.approx(before.area)
    assert unary_union(pieces).symmetric_difference(before).area < 1e-9


def test_a_visitor_entrance_keeps_a_foyer_and_fire_exits_do_not() -> None:
    fr = frame(rect_hall(width=40, depth=30), RULES)
    # Default exits: a 4 m entrance mid-way along the south wall, a fire exit north.
    assert len(fr.foyers) == 1
    x, y, w, d = (v * fr.grid for v in fr.foyers[0])
    assert (x, y) == (15.0, 0.0) and w == 10.0 and d == 3.0
    assert fr.blocked == fr.fixed + fr.foyers
