"""Low tiers moved back from the front (`relocate`): fairer, never a hole in a row, valid."""

from __future__ import annotations

import math
from dataclasses import replace

import shapely

from floorplan.model import Layout, Request, Rules
from floorplan.solve.fairness import tau_b
from floorplan.solve.infill import OPEN_FLOOR
from floorplan.solve.pack import Placed
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem
from floorplan.solve.relocate import relocate
from floorplan.validate import validate

from .conftest import make_event, rect_hall, req, stands_of

RULES = Rules()
G = RULES.grid_m


def at(r: Request, x: float, y: float, w: float, d: float, segment: int = 0) -> Placed:
    """A stand at metres (x, y), w x d, as the packer hands it over."""
    return Placed(r, (round(x / G), round(y / G), round(w / G), round(d / G)), 1, segment)


def distance(p: HallProblem, pl: Placed) -> float:
    x, y, w, d = pl.rect
    return float(p.entrances.distance(shapely.Point((x + w / 2) * G, (y + d / 2) * G)))


def fairness(p: HallProblem, placed: list[Placed]) -> float:
    tau = tau_b([pl.request.tier for pl in placed], [-distance(p, pl) for pl in placed])
    assert tau is not None
    return tau


def hall_of_four() -> tuple[HallProblem, list[Placed], list[Request]]:
    """A 40 x 30 m hall, its entrance in the middle of the south wall: a row of two tier-2
    stands with a tier-0 one between them 20 m back, and a small tier-0 stand alone 6 m
    from the entrance wall, nearer than all of them."""
    hi1 = req("hi1", 16, tier=2, booth_type="inline")
    mid = req("mid", 16, tier=0, booth_type="inline")
    hi2 = req("hi2", 16, tier=2, booth_type="inline")
    front = req("front", 9, tier=0, booth_type="inline")
    requests = [hi1, mid, hi2, front]
    p = HallProblem(rect_hall("h", 40, 30), RULES, tuple(requests), False)
    placed = [
        at(hi1, 10, 20, 4, 4),
        at(mid, 14, 20, 4, 4),
        at(hi2, 18, 20, 4, 4),
        at(front, 8, 6, 3, 3, OPEN_FLOOR),
    ]
    return p, placed, requests


def test_a_low_tier_stand_at_the_front_moves_back_and_the_hall_gets_fairer() -> None:
    """The small tier-0 stand takes floor farther back; the one in the middle of the row
    stays (taking it away would leave a hole in the row); the validator proves the hall."""
    p, placed, requests = hall_of_four()
    moved, done = relocate(p, placed, DEFAULT, tries=4, deadline=math.inf)
    assert done
    by_id = {pl.request.id: pl for pl in moved}
    assert set(by_id) == {r.id for r in requests}
    front = next(pl for pl in placed if pl.request.id == "front")
    assert distance(p, by_id["front"]) > distance(p, front) + 5
    assert by_id["mid"].rect == placed[1].rect  # its neighbours may move, it does not
    assert fairness(p, moved) > fairness(p, placed)
    stands = stands_of(moved, p)
    event = make_event([rect_hall("h", 40, 30)], requests)
    report = validate(event, Layout(event=event.name, stands=stands))
    assert report.valid, report.to_text()


def test_no_try_and_a_passed_deadline_move_nobody() -> None:
    """No budget, no move; past the emergency deadline, no move and the pass says it was
    cut short."""
    p, placed, _ = hall_of_four()
    assert relocate(p, placed, DEFAULT, tries=0, deadline=math.inf) == (placed, True)
    assert relocate(p, placed, DEFAULT, tries=4, deadline=-math.inf) == (placed, False)


def test_pavilion_members_and_raw_space_stay_where_they_are() -> None:
    """A pavilion member stands within an aisle of its fellows and raw space has a band laid
    out round it: neither is moved, however near the entrance."""
    p, placed, _ = hall_of_four()
    front = req("front", 9, tier=0, booth_type="inline", pavilion="eu")
    fellow = req("fellow", 9, tier=0, booth_type="inline", pavilion="eu")
    raw = req("raw", 9, tier=0, booth_type="inline")
    held = [
        *placed[:3],
        at(front, 8, 6, 3, 3, OPEN_FLOOR),
        at(fellow, 11, 6, 3, 3, OPEN_FLOOR),
        at(raw, 28, 6, 3, 3, -1),
    ]
    moved, done = relocate(p, held, DEFAULT, tries=6, deadline=math.inf)
    assert done
    stay = {"front", "fellow", "raw"}
    assert {pl.request.id: pl.rect for pl in moved if pl.request.id in stay} == {
        pl.request.id: pl.rect for pl in held[3:]
    }


def test_a_move_that_costs_more_lines_than_it_gains_in_fairness_is_not_made() -> None:
    """The small stand at the front has its west edge on the row's line: moved, the hall's
    share of aligned block edges falls from a quarter to none. Where lines may cost nothing
    it stays; where they may cost any amount it moves back."""
    p, placed, _ = hall_of_four()
    front = req("front", 12, tier=0, booth_type="inline")
    lined = [*placed[:3], at(front, 10, 6, 4, 3, OPEN_FLOOR)]
    kept, _ = relocate(p, lined, replace(DEFAULT, relocate_lines_per_tau=0.0), 4, math.inf)
    assert next(pl for pl in kept if pl.request.id == "front").rect == lined[3].rect
    moved, _ = relocate(p, lined, replace(DEFAULT, relocate_lines_per_tau=1e9), 4, math.inf)
    assert next(pl for pl in moved if pl.request.id == "front") != lined[3]


def test_a_top_tier_stand_left_far_back_moves_to_the_front() -> None:
    """The other way round: a small top-tier stand the bands left to the far open floor,
    behind a row of low tiers, takes the free floor nearer the entrance (the stand with the
    most pairs the wrong way is tried first, whichever way they are wrong)."""
    lows = [req(f"lo{i}", 16, tier=0, booth_type="inline") for i in range(3)]
    top = req("top", 9, tier=3, booth_type="inline")
    requests = [*lows, top]
    p = HallProblem(rect_hall("h", 40, 30), RULES, tuple(requests), False)
    placed = [*(at(r, 14 + 4 * i, 12, 4, 4) for i, r in enumerate(lows))]
    placed.append(at(top, 30, 26, 3, 3, OPEN_FLOOR))
    moved, done = relocate(p, placed, DEFAULT, tries=1, deadline=math.inf)
    assert done
    by_id = {pl.request.id: pl for pl in moved}
    assert distance(p, by_id["top"]) < distance(p, placed[-1]) - 10
    assert fairness(p, moved) > fairness(p, placed)
    assert [by_id[r.id].rect for r in lows] == [pl.rect for pl in placed[:3]]
    event = make_event([rect_hall("h", 40, 30)], requests)
    report = validate(event, Layout(event=event.name, stands=stands_of(moved, p)))
    assert report.valid, report.to_text()
