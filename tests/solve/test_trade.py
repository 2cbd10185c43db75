"""Equal slots traded so that higher tiers stand nearer the entrance (`trade`)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from floorplan.model import Request, Rules
from floorplan.sizes import area_bounds, width_range
from floorplan.solve.hall import HallSolution
from floorplan.solve.pack import Placed
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem
from floorplan.solve.trade import AREA_SLACK_M2, give_way, trade_slots

from .conftest import (
    make_event,
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


def _give_way_case(
    waiting: list[Request],
    placed: list[tuple[Request, tuple[float, float, float, float]]],
    **rules: float,
) -> tuple[dict[str, str], dict[str, tuple[int, int, int, int]]]:
    """`give_way` in one 40 x 30 m hall: the stands `placed` (metres), the `waiting`."""
    hall = rect_hall("hall-0", 40, 30)
    requests = [r for r, _ in placed] + waiting
    event = make_event([hall], requests, **rules)
    p = HallProblem(hall, event.rules, tuple(requests), False)
    g = p.g

    def units(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        x, y, w, d = box
        return (round(x / g), round(y / g), round(w / g), round(d / g))

    sol = HallSolution(p, None, [Placed(r, units(b), 4, -2) for r, b in placed], [], (0, 0), 1)
    gave = give_way(event, requests, {"hall-0": sol}, DEFAULT)
    return gave, {pl.request.id: pl.rect for pl in sol.placed}


def test_a_waiting_request_takes_the_slot_of_the_lowest_tier_it_fits() -> None:
    """Fuzzed seed 33000 ev09: a tier-5 corner of 26 m2 waited while a tier-3 island of
    28 m2 stood in a slot it fitted. The tier-1 stand keeps its slot; the tier-0 one,
    whose slot the waiting one took, waits with a reason naming who took it."""
    top = req("top", 24, tier=3, booth_type="corner")
    gave, seated = _give_way_case(
        [top],
        [
            (req("low", 24, tier=0), (2, 20, 6, 4)),
            (req("mid", 24, tier=1), (20, 20, 6, 4)),
            (req("small", 9, tier=0), (30, 20, 3, 3)),  # too small for it
        ],
    )
    # `top` took the tier-0 slot; the hall's trade then put it in the tier-1 stand's slot,
    # nearer the entrance (mid-south wall), and `mid` in the one it took.
    assert set(seated) == {"top", "mid", "small"}
    assert (seated["top"], seated["mid"]) == ((40, 40, 12, 8), (4, 40, 12, 8))
    assert gave == {
        "low": "no room left: its slot in hall-0 went to Exhibitor top (tier 3), a higher "
        "tier no free slot fitted, and no slot of a lower tier than its own fits it"
    }


def test_who_gave_way_takes_a_slot_of_a_tier_lower_than_its_own() -> None:
    gave, seated = _give_way_case(
        [req("top", 24, tier=3)],
        [(req("mid", 24, tier=1), (2, 20, 6, 4)), (req("low", 24, tier=0), (20, 20, 6, 4))],
    )
    # `top` takes the tier-0 slot first; nothing of a tier below 1 is left for `mid`.
    assert set(seated) == {"top", "mid"} and list(gave) == ["low"]
    gave, seated = _give_way_case(
        [req("top", 24, tier=3), req("next", 24, tier=2)],
        [(req("mid", 24, tier=1), (2, 20, 6, 4)), (req("low", 24, tier=0), (20, 20, 6, 4))],
    )
    # Both higher tiers are seated; `mid` gave way to `next` and found no tier-0 slot left.
    assert set(seated) == {"top", "next"} and sorted(gave) == ["low", "mid"]


@pytest.mark.parametrize(("x", "takes"), [(18, False), (18.5, True)])
def test_a_rival_takes_a_slot_only_as_far_from_its_rivals_as_the_rule_asks(
    x: float, takes: bool
) -> None:
    """A planner's congress: a tier-2 corner waited while a tier-0 stand held a slot it
    fitted, far from its rival. 10.5 m from the rival's stand (keep_apart_m is 10) it takes
    it; at 10 m the solver keeps its margin and waits."""
    rival = (req("rival", 24, tier=3), (x, 20, 6, 4))
    waiting = req("waiting", 24, tier=2, keep_apart=("rival",))
    gave, seated = _give_way_case([waiting], [(req("low", 24, tier=0), (2, 20, 6, 4)), rival])
    assert ("waiting" in seated) is takes and (list(gave) == ["low"]) is takes
    # A rival gives its slot like anyone, even to its rival: it no longer stands there.
    gave, seated = _give_way_case(
        [req("top", 24, tier=3, keep_apart=("low",))], [(req("low", 24, tier=0), (2, 20, 6, 4))]
    )
    assert set(seated) == {"top"} and list(gave) == ["low"]


def test_pavilion_members_give_no_slot_and_take_one_by_a_fellow() -> None:
    low = (req("low", 24, tier=0), (2, 20, 6, 4))
    gave, seated = _give_way_case([req("member", 24, tier=3, pavilion="eu")], [low])
    assert gave == {} and set(seated) == {"low"}  # no fellow stands anywhere
    gave, seated = _give_way_case(
        [req("top", 24, tier=3)], [(req("member", 24, tier=0, pavilion="eu"), (2, 20, 6, 4))]
    )
    assert gave == {} and set(seated) == {"member"}
    # A fellow one aisle (3 m) from the tier-0 slot: the member takes it; 3.5 m: it waits.
    for x, takes in ((11, True), (11.5, False)):
        fellow = (req("fellow", 24, tier=1, pavilion="eu"), (x, 20, 6, 4))
        gave, seated = _give_way_case([req("member", 24, tier=3, pavilion="eu")], [low, fellow])
        assert ("member" in seated) is takes and (list(gave) == ["low"]) is takes, x


def test_a_waiting_corner_takes_no_slot_a_neighbour_left_one_open_side() -> None:
    hall_slot = (0, 0, 6, 4)  # in the south-west corner: north and east open, when free
    for neighbour in (True, False):
        placed = [(req("inline", 24, tier=0, booth_type="inline"), hall_slot)]
        if neighbour:
            placed.append((req("other", 30, tier=1, booth_type="inline"), (6, 0, 6, 5)))
        _, seated = _give_way_case([req("corner", 24, tier=2, booth_type="corner")], placed)
        assert ("corner" in seated) is not neighbour


@pytest.mark.parametrize("apart", [3.0, 3.5])
def test_a_pavilion_standing_nowhere_takes_two_slots_within_an_aisle_or_none(
    apart: float,
) -> None:
    """Fuzzed seed 34000 ev10: every member of a pavilion waited while tier-0 stands held
    slots they fitted. Its two best members take two slots one aisle (3 m) apart; 3.5 m
    apart, neither would stand within an aisle of a fellow, and both wait."""
    members = [req(f"m{k}", 24, tier=2 - k, pavilion="eu") for k in range(3)]
    x = 2 + 6 + apart
    gave, seated = _give_way_case(
        members, [(req("a", 24, tier=0), (2, 20, 6, 4)), (req("b", 24, tier=0), (x, 20, 6, 4))]
    )
    if apart == 3.0:
        assert set(seated) == {"m0", "m1"} and sorted(gave) == ["a", "b"]
    else:
        assert set(seated) == {"a", "b"} and gave == {}


@pytest.mark.parametrize(
    ("between", "second", "merges"),
    [
        (None, 24, True),  # 48 m2 of floor for a 48 m2 stand
        (None, 30, False),  # 54 m2: more than the stand may take (52.8 m2), floor lost
        ((8.5, 20, 2, 2), 24, False),  # something stands between the two
    ],
)
def test_a_request_no_one_slot_fits_takes_two_neighbouring_slots_merged(
    between: tuple[float, float, float, float] | None, second: float, merges: bool
) -> None:
    """A planner's boat show: a tier-3 yacht of 850 m2 waited while two tier-2 yachts of 416
    and 404 m2 stood side by side where it would have stood. The two give way, and it
    stands as deep as they stood, over the aisle between them, as wide as it asked."""
    placed = [
        (req("a", 24, tier=0), (2, 20, 6, 4)),
        (req("b", second, tier=1), (11, 20, second / 4, 4)),
    ]
    if between is not None:
        placed.append((req("c", 4, tier=3, booth_type="inline"), between))
    gave, seated = _give_way_case([req("top", 48, tier=3)], placed)
    assert ("top" in seated) is merges and (sorted(gave) == ["a", "b"]) is merges
    if merges:
        _, _, w, d = seated["top"]
        assert seated["top"][1] == 40 and (w, d) == (24, 8)  # 12 x 4 m on the 0.5 m grid
        assert "and Exhibitor b's beside it went to Exhibitor top (tier 3)" in gave["a"]


@pytest.mark.parametrize(("max_row", "merges"), [(30.0, True), (20.0, False)])
def test_a_merged_slot_keeps_its_row_within_max_row(max_row: float, merges: bool) -> None:
    """The merged stand touches a tier-3 stand of 40 m2 to its west: one block 22 m long,
    too long for rows of 20 m (C10), so the two stay where they are."""
    placed = [
        (req("c", 40, tier=3), (4, 20, 10, 4)),
        (req("a", 24, tier=0), (14, 20, 6, 4)),
        (req("b", 24, tier=1), (23, 20, 6, 4)),
    ]
    gave, seated = _give_way_case([req("top", 48, tier=3)], placed, max_row_m=max_row)
    assert ("top" in seated) is merges and (sorted(gave) == ["a", "b"]) is merges
