"""Windows: the stretches of a stand's outline that border walkable space."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from floorplan.model import Stand
from floorplan.validate.access import StandAccess, stand_access
from floorplan.validate.walkable import hall_space

from .conftest import make_hall, stand


def access_of(
    target: Stand, others: list[Stand], columns: Sequence[tuple[float, float, float, float]] = ()
) -> StandAccess:
    hall = make_hall(
        width=40.0, depth=30.0, exits=[("E1", (20.0, 0.0), 4.0, "exit")], columns=columns
    )
    stands = [target, *others]
    space = hall_space(hall, [s.rect for s in stands], 3.0)
    return stand_access(stands, space.walkable)[0]


def test_free_standing_stand_has_four_full_windows() -> None:
    acc = access_of(stand("a", 10.0, 10.0, 6.0, 4.0), [])
    assert acc.windows == (((0.0, 6.0),), ((0.0, 4.0),), ((0.0, 6.0),), ((0.0, 4.0),))
    assert acc.open_sides(1e-6) == [0, 1, 2, 3]
    assert acc.total_bordering == 20.0


def test_side_against_a_wall_or_a_neighbour_has_no_window() -> None:
    acc = access_of(stand("a", 0.0, 10.0, 6.0, 4.0), [stand("b", 6.0, 10.0, 6.0, 4.0)])
    assert acc.windows[3] == ()  # west: the hall wall
    assert acc.windows[1] == ()  # east: stand b
    # north and south lose 1.5 m at the wall: a 3 m disk cannot reach into the corner
    (south,) = acc.windows[0]
    assert south == pytest.approx((1.5, 6.0), abs=1e-3)


def test_island_side_against_a_column_loses_the_column_and_two_rounded_corners() -> None:
    acc = access_of(stand("i", 16.0, 12.0, 6.0, 6.0), [], columns=[(22.0, 14.0, 1.0, 1.0)])
    east = acc.windows[1]
    # A 3 m disk against the side touches the 1 m column at its corner, so it reaches the
    # side 2 - sqrt(2) m below and above the column (y 12..14, 15..18 from the side's origin).
    below, above = 2 - math.sqrt(2), 3 + math.sqrt(2)
    assert east[0] == pytest.approx((0.0, below), abs=1e-3)
    assert east[1] == pytest.approx((above, 6.0), abs=1e-3)
    assert acc.bordering(1) == pytest.approx(below + 6 - above, abs=1e-3)
    assert acc.open_sides(1e-6) == [0, 2, 3]


def test_touching_free_space_only_at_a_corner_gives_no_window() -> None:
    x = stand("x", 0.0, 26.0, 4.0, 4.0)
    acc = access_of(x, [stand("s", 0.0, 22.0, 4.0, 4.0), stand("e", 4.0, 26.0, 4.0, 4.0)])
    assert acc.total_bordering == 0.0


def test_a_side_exactly_half_bordering_is_open() -> None:
    # a neighbour covers 1.5 m of the north side; the rounded corner takes 1.5 m more
    acc = access_of(stand("a", 10.0, 10.0, 6.0, 4.0), [stand("n", 7.0, 14.0, 4.5, 4.0)])
    assert acc.bordering(2) == pytest.approx(3.0, abs=1e-3)
    assert 2 in acc.open_sides(1e-6)


def test_windows_are_measured_from_each_side_origin() -> None:
    acc = access_of(stand("a", 10.0, 10.0, 6.0, 4.0), [stand("n", 13.0, 14.0, 6.0, 4.0)])
    (north,) = acc.windows[2]
    assert north == pytest.approx((0.0, 1.5), abs=1e-3)
    assert acc.sides[2].point(north[1]) == pytest.approx((11.5, 14.0), abs=1e-3)
