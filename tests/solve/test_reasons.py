"""`reasons`: what is free in a hall, in words a planner can check on its map."""

from __future__ import annotations

from floorplan.solve.hall import HallSolution
from floorplan.solve.problem import HallProblem
from floorplan.solve.reasons import room

from .conftest import make_event, rect_hall, req


def test_a_hall_with_no_free_stretch_in_any_row_says_so_not_a_zero_slot() -> None:
    hall = rect_hall("h", 30, 20)
    event = make_event([hall], [req("a", 20)])
    p = HallProblem(hall, event.rules, event.requests, False)
    full = HallSolution(p, None, [], list(event.requests), (0.0, 0.0), 1)
    said = room(event, "h", full)
    assert said.startswith("h: no row has a free stretch left")
    assert "0 x 0" not in said
