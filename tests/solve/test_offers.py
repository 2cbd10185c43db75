"""Requests a hall left out, offered to the others (`offers`)."""

from __future__ import annotations

from math import inf

import pytest
from shapely.geometry.base import BaseGeometry

from floorplan.model import Event
from floorplan.solve import offers
from floorplan.solve.budget import Budget
from floorplan.solve.hall import HallSolution, solve_hall, walled_in
from floorplan.solve.offers import make_room, second_chance
from floorplan.solve.params import DEFAULT

from .conftest import (
    make_event,
    make_hall,
    rect_hall,
    req,
)


def _tall_island_and_small_stands() -> tuple[Event, dict[str, HallSolution]]:
    """Two 30 x 24 m halls, only hall A's ceiling taking an 8 m island, and forty small
    stands that fit anywhere: each hall solved alone (hall A keeps the small stands)."""
    tall_hall, low_hall = (
        rect_hall("hall-a", 30, 24, ceiling=10),
        rect_hall("hall-b", 30, 24, ceiling=5),
    )
    small = [req(f"s{i:02d}", 12, tier=2, booth_type="inline") for i in range(40)]
    tall = req("tall", 150, height_m=8, booth_type="island")
    event = make_event([tall_hall, low_hall], [*small, tall])
    return event, {
        "hall-a": solve_hall(tall_hall, event.rules, [*small, tall], DEFAULT),
        "hall-b": solve_hall(low_hall, event.rules, [], DEFAULT),
    }


def test_a_hall_full_of_stands_that_fit_anywhere_makes_room_for_one_only_it_can_host() -> None:
    """Hall A alone keeps the thirty small stands it holds (worth more than the island), but
    only hall A's ceiling takes the island's 8 m: seated there first, it displaces small
    stands that hall B, empty, takes. Nothing placed is lost."""
    event, solutions = _tall_island_and_small_stands()
    small = [r for r in event.requests if r.id != "tall"]
    tall = event.request_by_id["tall"]
    assert tall in solutions["hall-a"].left  # the situation: hall A alone leaves it out
    before = {pl.request.id for sol in solutions.values() for pl in sol.placed}
    done = make_room(
        event, [*small, tall], solutions, DEFAULT, {"hall-a": (), "hall-b": ()}, float("inf")
    )
    assert done
    assert "tall" in {pl.request.id for pl in solutions["hall-a"].placed}
    after = {pl.request.id for sol in solutions.values() for pl in sol.placed}
    assert before <= after
    for sol in solutions.values():
        rects = [pl.rect for pl in sol.placed]
        for i, (x, y, w, d) in enumerate(rects):
            for qx, qy, qw, qd in rects[i + 1 :]:
                assert min(x + w, qx + qw) <= max(x, qx) or min(y + d, qy + qd) <= max(y, qy)
        assert not walled_in(sol, DEFAULT)


def test_the_offers_stop_when_their_work_is_spent_on_any_machine() -> None:
    """The offers count the stands their packs handle (`Budget`), so they end at the same
    point on an idle or a busy machine: with nothing left to spend, hall A makes no room
    for the island, the pass reports itself complete (not cut short), and nothing moves."""
    event, solutions = _tall_island_and_small_stands()
    small = [r for r in event.requests if r.id != "tall"]
    tall = event.request_by_id["tall"]
    before = {h: sol.placed for h, sol in solutions.items()}
    fixed: dict[str, tuple[BaseGeometry, ...]] = {"hall-a": (), "hall-b": ()}
    spent = Budget(0.0)
    assert make_room(event, [*small, tall], solutions, DEFAULT, fixed, inf, None, 1, spent)
    assert second_chance(event, [*small, tall], solutions, DEFAULT, fixed, inf, None, 1, spent)
    assert {h: sol.placed for h, sol in solutions.items()} == before
    plenty = Budget(1e9)
    assert make_room(event, [*small, tall], solutions, DEFAULT, fixed, inf, None, 1, plenty)
    assert "tall" in {pl.request.id for pl in solutions["hall-a"].placed}
    assert plenty.left < 1e9


def test_a_hall_planned_for_car_makers_plans_again_for_a_pavilion_it_is_offered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hall given three 1,800 m2 car makers, of which one fits beside a press centre, has
    rows 10 m deep; offered a pavilion of fourteen 20-33 m2 stands (more than the open
    floor seats whole as one block, `PAVILION_MEMBERS`), it takes them on rows planned for
    them and the car maker together (fuzzed seed 7300 ev06: a pavilion went unplaced
    beside 3,000 m2 of empty floor). Without the new plan it cannot. (The entrance is near
    the east wall: in the middle of the south wall, the cross aisle in line with it leaves
    the car makers' plan room for the pavilion as it is.)"""
    w, d = 97.0, 65.0
    exits = (
        ("E1", (85.0, 0.0), 10.0, "entrance"),
        ("E2", (w / 2, d), 2.4, "exit"),
        ("E3", (0.0, d / 2), 2.4, "exit"),
        ("E4", (w, d / 2), 2.4, "exit"),
    )
    press = [(53.0, 15.0), (65.0, 15.0), (65.0, 34.0), (53.0, 34.0)]
    hall = make_hall("h", [(0, 0), (w, 0), (w, d), (0, d)], exits, keep_out=[press])
    own = [req(f"car{k}", 1800, booth_type="island", tier=3) for k in range(3)]
    kinds = ["inline", "island", "inline", "peninsula", "corner", "corner", "inline"] * 2
    areas = [30, 24, 21, 20, 33, 25, 30] * 2
    guests = [
        req(f"g{k}", a, booth_type=t, tier=1, pavilion="eu")
        for k, (a, t) in enumerate(zip(areas, kinds, strict=True))
    ]
    event = make_event([hall], [*own, *guests], aisle_width_m=3.5, main_aisle_width_m=4.5)
    fixed: dict[str, tuple[BaseGeometry, ...]] = {"h": ()}

    def offered() -> set[str]:
        sol = solve_hall(hall, event.rules, own, DEFAULT)
        assert sol.skeleton is not None and sol.skeleton.spec.depth * event.rules.grid_m >= 10
        solutions = {"h": sol}
        assert second_chance(event, [*own, *guests], solutions, DEFAULT, fixed, inf)
        return {pl.request.id for pl in solutions["h"].placed}

    assert {g.id for g in guests} <= offered()
    monkeypatch.setattr(offers, "_replanned", lambda *_: [])
    assert not {g.id for g in guests} & offered()
