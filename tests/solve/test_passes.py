"""The passes after packing (`passes`): here, seating again what the validator faulted."""

from __future__ import annotations

from floorplan.solve.hall import solve_hall
from floorplan.solve.params import DEFAULT
from floorplan.solve.passes import relocate_packs, reseat
from floorplan.solve.problem import rect_gap

from .conftest import (
    make_event,
    rect_hall,
    req,
)


def test_a_stand_the_validator_faults_gets_another_seat_in_its_hall() -> None:
    """The safety net's set-aside is not the end: the stand is offered the open floor of
    its own hall again, walked with everyone else in place."""
    hall = rect_hall("hall-0", 40, 30)
    event = make_event([hall], [req(f"r{k}", 18.0, tier=k % 2) for k in range(6)])
    sol = solve_hall(hall, event.rules, list(event.requests), DEFAULT)
    assert len(sol.placed) == 6
    before = {pl.request.id: pl.rect for pl in sol.placed}
    assert reseat({"hall-0": sol}, {"r0"}, DEFAULT)
    after = {pl.request.id: pl.rect for pl in sol.placed}
    assert set(after) == set(before)  # r0 seated again, nobody lost
    assert {k: v for k, v in after.items() if k != "r0"} == {
        k: v for k, v in before.items() if k != "r0"
    }
    others = [r for k, r in after.items() if k != "r0"]
    assert all(rect_gap(after["r0"], r) == 0 or rect_gap(after["r0"], r) >= 6 for r in others)


def test_a_try_of_moving_back_costs_more_in_a_hall_of_more_stands_up_to_a_bound() -> None:
    """Each try walks the hall again and weighs seats among its stands: measured half a
    pack in a hall of five stands, two in one of 360 (`Params.relocate_packs_max`)."""
    few, some, many, vast = (relocate_packs(n, DEFAULT) for n in (5, 35, 85, 360))
    assert DEFAULT.relocate_packs < few < some < many <= vast == DEFAULT.relocate_packs_max
    assert 0.4 <= few <= 0.6 and 0.9 <= some <= 1.1 and 1.7 <= many <= 2.0
