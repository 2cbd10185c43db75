"""Equal slots traded so that higher tiers stand nearer the entrance (`trade`)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from floorplan.model import Rules
from floorplan.sizes import area_bounds, width_range
from floorplan.solve.hall import HallSolution
from floorplan.solve.pack import Placed
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem
from floorplan.solve.trade import AREA_SLACK_M2, trade_slots

from .conftest import (
    rect_hall,
    req,
)


def test_two_car_makers_of_one_size_swap_raw_spaces_so_the_higher_tier_is_nearer() -> None:
    hall = rect_hall("hall-0", 100, 60)  # entrance in the middle of the south wall
    low, high = req("low", 600, tier=0), req("high", 600, tier=3)
    p = HallProblem(hall, Rules(), (low, high), False)
    near, far = (70, 10, 60, 40), (70, 70, 60, 40)  # 30 x 20 m, in grid units of 0.5 m
    sol = HallSolution(p, None, [Placed(low, near, 4, -1), Placed(high, far, 4, -1)], [], (0, 0), 1)
    seated = {pl.request.id: pl.rect for pl in trade_slots(sol, DEFAULT)}
    assert seated == {"high": near, "low": far}


@pytest.mark.parametrize("neighbour", [True, False])
def test_a_slot_is_traded_only_with_the_open_sides_it_has_now(neighbour: bool) -> None:
    """A stand's count of open sides is from when it was seated; a stand seated later next
    to it can take a side it did not need. Fuzzed ev28: a tier-2 corner stand was traded
    onto a tier-0 inline stand's slot nearer the entrance that had one open side left, and
    the validator set it aside. With the neighbour there, the corner stand stays; without
    it, the slot has its two sides and the trade is made."""
    hall = rect_hall("hall-0", 40, 30)  # entrance in the middle of the south wall
    inline = req("inline", 24, tier=0, booth_type="inline")
    corner = req("corner", 24, tier=2, booth_type="corner")
    other = req("other", 30, tier=0, booth_type="inline")
    p = HallProblem(hall, Rules(), (inline, corner, other), False)
    g = p.g

    def at(x: float, y: float, w: float, d: float) -> tuple[int, int, int, int]:
        return (round(x / g), round(y / g), round(w / g), round(d / g))

    slot = at(0, 0, 6, 4)  # in the south-west corner: north and east open, when free
    placed = [Placed(inline, slot, 2, -2), Placed(corner, at(30, 20, 6, 4), 4, -2)]
    if neighbour:
        placed.append(Placed(other, at(6, 0, 6, 5), 2, -2))  # takes the slot's east side
    sol = HallSolution(p, None, placed, [], (0, 0), 1)
    seated = {pl.request.id: pl.rect for pl in trade_slots(sol, DEFAULT)}
    assert (seated["corner"] == slot) is not neighbour


@given(
    st.floats(4, 400),
    st.sampled_from([0.0, 0.05, 0.1, 0.2]),
    st.sampled_from([0.01, 0.1, 0.25, 0.5, 1.0]),
    st.floats(0.6, 1.6),
    st.data(),
)
def test_the_area_check_before_the_sizes_never_refuses_a_slot_the_sizes_allow(
    area: float, tolerance: float, grid: float, shape: float, data: st.DataObject
) -> None:
    """`trade_slots` rules out a slot by its area before it weighs the widths a flexible
    stand may take at its depth (most of a large hall's slots fail there, and 187,000
    pairs are weighed in a hall of 432 stands): a slot `width_range` allows is never
    ruled out by the area."""
    rules = Rules(grid_m=grid, area_tolerance=tolerance, min_side_m=grid)
    request = req("r", area)
    depth = max(1, round(shape * area**0.5 / grid))
    span = width_range(request, depth, rules)
    assume(span is not None)
    assert span is not None
    width = data.draw(st.integers(span[0], span[1]))
    lo, hi = area_bounds(request, rules)
    assert lo - AREA_SLACK_M2 <= width * depth * grid * grid <= hi + AREA_SLACK_M2
