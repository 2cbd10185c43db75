"""Walkable space: the opening of free space by the aisle width, parts that reach an exit."""

from __future__ import annotations

import pytest
import shapely
from shapely import Point, box
from shapely.affinity import rotate

from floorplan.validate.walkable import hall_space, open_space, straight_runs

from .conftest import make_hall


def gap_free_space(x0: float, gap: float) -> shapely.Polygon:
    """A big room with two 6 x 10 m stands `gap` apart."""
    room = box(x0 - 20, -10, x0 + 40, 30)
    return room.difference(
        shapely.union_all([box(x0, 0, x0 + 6, 10), box(x0 + 6 + gap, 0, x0 + 15, 10)])
    )


@pytest.mark.parametrize("x0", [0.0, 12.3, 1 / 3, 97.05])
@pytest.mark.parametrize("angle", [0.0, 30.0, 45.0])
def test_gap_of_exactly_the_aisle_width_is_walkable(x0: float, angle: float) -> None:
    free = rotate(gap_free_space(x0, 3.0), angle, origin=(0, 0))
    middle = rotate(Point(x0 + 7.5, 5.0), angle, origin=(0, 0))
    assert open_space(free, 3.0).contains(middle)


@pytest.mark.parametrize("gap", [2.9, 3.0 - 1e-6])
def test_gap_narrower_than_the_aisle_width_is_not(gap: float) -> None:
    walkable = open_space(gap_free_space(12.0, gap), 3.0)
    assert not walkable.intersects(Point(12.0 + 6 + gap / 2, 5.0))


def test_aisle_width_comes_from_the_rules() -> None:
    free = gap_free_space(0.0, 3.5)
    assert open_space(free, 3.0).contains(Point(7.75, 5.0))
    assert not open_space(free, 4.0).intersects(Point(7.75, 5.0))


def test_room_corners_are_rounded_and_walls_followed_exactly() -> None:
    walkable = open_space(box(0, 0, 10, 10), 3.0)
    assert walkable.contains(Point(5.0, 1e-3))  # along a wall: right up to it
    assert not walkable.intersects(Point(0.2, 0.2))  # a 3 m disk cannot reach the corner
    missing = 100 - walkable.area
    assert missing == pytest.approx(4 * (1 - 3.14159265 / 4) * 1.5**2, rel=5e-3)


def test_space_that_reaches_no_exit_is_enclosed() -> None:
    hall = make_hall(width=20.0, depth=20.0, exits=[("E1", (10.0, 0.0), 3.0, "exit")])
    # a closed ring of stands around a 6 x 6 m courtyard
    ring = [box(4, 4, 16, 7), box(4, 13, 16, 16), box(4, 7, 7, 13), box(13, 7, 16, 13)]
    space = hall_space(hall, ring, 3.0)
    assert space.enclosed.contains(Point(10.0, 10.0))
    assert not space.walkable.intersects(Point(10.0, 10.0))
    assert space.walkable.contains(Point(10.0, 2.0))
    assert [(p.exit_id, p.a, p.b) for p in space.doors] == [("E1", (8.5, 0.0), (11.5, 0.0))]


def test_a_door_behind_a_stand_borders_only_where_free() -> None:
    hall = make_hall(width=20.0, depth=20.0, exits=[("E1", (10.0, 0.0), 4.0, "exit")])
    space = hall_space(hall, [box(4, 0, 10, 6)], 3.0)  # covers the door's west half
    (piece,) = space.doors
    # free from x = 10, but a 3 m disk touches the floor line only from x = 11.5 on
    assert piece.a == pytest.approx((11.5, 0.0), abs=1e-3)
    assert piece.b == pytest.approx((12.0, 0.0))


def test_a_door_in_a_narrow_pocket_reaches_nothing() -> None:
    hall = make_hall(width=20.0, depth=20.0, exits=[("E1", (10.0, 0.0), 2.0, "exit")])
    # stands leave a 2 m wide pocket in front of the door
    space = hall_space(hall, [box(0, 0, 9, 6), box(11, 0, 20, 6)], 3.0)
    assert space.doors == ()
    assert space.walkable.is_empty


def test_straight_runs_split_a_line_at_its_bends() -> None:
    line = shapely.LineString([(0, 0), (1, 0), (2, 0), (2, 1), (2, 3)])
    assert straight_runs(line) == [((0.0, 0.0), (2.0, 0.0)), ((2.0, 0.0), (2.0, 3.0))]
