"""Unplaced reasons: the free block a reason quotes must be the real one."""

from __future__ import annotations

from floorplan.model import Rules
from floorplan.solve.blocks import Block, Shape, island_exits
from floorplan.solve.frame import frame
from floorplan.solve.place import Spot
from floorplan.solve.reasons import full_reason, largest_free_block

from .conftest import rect_hall

RULES = Rules()
# Fire exits only, so the entrance foyer does not take part (tested on its own below).
EXITS = (("E1", (20.0, 0.0), 4.0, "exit"), ("E2", (20.0, 30.0), 2.4, "exit"))


def island(w: int, d: int) -> Block:
    return Block("b", [], [Shape(w, d, (), island_exits(w, d))], "island")


def test_an_empty_hall_offers_everything_inside_its_perimeter_aisle() -> None:
    fr = frame(rect_hall(width=40, depth=30, exits=EXITS), RULES)
    assert largest_free_block(fr, [], {}) == (68, 48)  # 34 x 24 m in 0.5 m units


def test_a_placed_block_and_its_aisle_are_no_longer_free() -> None:
    fr = frame(rect_hall(width=40, depth=30, exits=EXITS), RULES)
    # A 10 x 24 m block against the west perimeter aisle: 34 - 10 - 3 = 21 m remain east of it.
    block = island(20, 48)
    assert largest_free_block(fr, [block], {0: Spot(0, 6, 6)}) == (42, 48)


def test_a_column_splits_the_free_floor() -> None:
    fr = frame(rect_hall(width=40, depth=30, exits=EXITS, columns=[(19.5, 0.0, 1.0, 30.0)]), RULES)
    w, d = largest_free_block(fr, [], {})
    # Either side of the wall-to-wall column: x 3 .. 16.5 (or 23.5 .. 37), the full 24 m deep.
    assert (w * fr.grid, d * fr.grid) == (13.5, 24.0)


def test_the_entrance_foyer_is_not_free_floor() -> None:
    # An 8 m entrance mid-way along the south wall: 3 m foyer + 3 m aisle stay clear.
    fr = frame(rect_hall(width=40, depth=30), RULES)
    w, d = largest_free_block(fr, [], {})
    assert (w * fr.grid, d * fr.grid) == (34.0, 21.0)


def test_full_reason_names_each_hall_its_free_block_and_the_stand() -> None:
    why = full_reason(400, 17.0, 23.5, [("hall-5", 18.0, 9.0), ("hall-6", 12.5, 4.0)])
    for part in ("hall-5", "18 x 9 m", "hall-6", "12.5 x 4 m", "400 m2", "17 x 23.5 m"):
        assert part in why, part
