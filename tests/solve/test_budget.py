"""`budget`: the search's work counted in reference milliseconds, a share of the limit."""

from __future__ import annotations

from dataclasses import replace

from floorplan.solve import solve
from floorplan.solve.budget import Budget, filled_ms, pack_ms, window_s
from floorplan.solve.hall import chosen, solve_hall, specs
from floorplan.solve.params import DEFAULT

from .conftest import make_event, rect_hall, req
from .test_hall import _few_big_stands


def test_a_pack_costs_more_with_more_requests_and_more_floor() -> None:
    base = pack_ms(50, 10_000, DEFAULT)
    assert pack_ms(100, 10_000, DEFAULT) > base
    assert pack_ms(50, 20_000, DEFAULT) > base
    assert filled_ms(50, 10_000, DEFAULT) == DEFAULT.filled_packs * base


def test_a_budget_counts_the_packs_it_still_holds() -> None:
    work = Budget(1000.0)
    assert work.packs(300.0) == 3
    work.spend(950.0)
    assert work.packs(300.0) == 0 and not work.spent
    work.spend(100.0)
    assert work.spent and work.packs(300.0) == 0
    assert Budget(float("inf")).packs(1e9) > 10**9


def test_the_window_is_the_search_share_or_what_the_proof_leaves() -> None:
    assert window_s(100.0, 10, DEFAULT) == DEFAULT.search_share * 100.0
    # 500 requests keep most of a 30 s limit back for the proof.
    assert abs(window_s(30.0, 500, DEFAULT) - (30.0 - 500 * DEFAULT.proof_s_per_request)) < 1e-9
    assert window_s(5.0, 10_000, DEFAULT) == 0.0


def test_a_short_budget_tries_both_kinds_and_orientations_first() -> None:
    hall, requests, rules = _few_big_stands()
    cands = specs(hall, rules, requests, DEFAULT)
    four = chosen(cands, 4)
    assert len(four) == 4
    assert {spec.kind for _, spec in four} == {"single", "double"}
    assert {transpose for transpose, _ in four} == {False, True}
    assert len({spec.depth for _, spec in four}) == 1
    # In the list's own order, so that the first among equals is the same one.
    assert [cands.index(c) for c in four] == sorted(cands.index(c) for c in four)
    assert chosen(cands, 100) == cands


def test_a_hall_tries_the_skeletons_its_budget_buys_and_no_fewer_than_the_least() -> None:
    hall, requests, rules = _few_big_stands()
    cost = pack_ms(len(requests), hall.shape.area, DEFAULT)
    no_bound = solve_hall(hall, rules, requests, replace(DEFAULT, by_area_requests=0))
    assert no_bound.candidates == DEFAULT.candidates_per_hall
    five = Budget(5.5 * cost)
    sol = solve_hall(hall, rules, requests, replace(DEFAULT, by_area_requests=0), budget=five)
    assert sol.candidates == 5
    assert five.spent  # the final pack is counted too: nothing left to seat stands first
    none = solve_hall(hall, rules, requests, DEFAULT, budget=Budget(0.0))
    assert none.candidates == DEFAULT.min_candidates
    assert none.placed


def test_a_shorter_time_limit_buys_fewer_skeletons() -> None:
    """The halls' work is a share of the limit, never a time: a 1 s limit buys a 12,000 m2
    hall a few skeletons (the same few on any machine), a minute all of them."""
    hall = rect_hall("h", 120, 100)
    event = make_event([hall], [req(f"s{k}", 12 + 3 * k, tier=k % 3) for k in range(10)])
    cost = pack_ms(10, hall.shape.area, DEFAULT)
    few = int(DEFAULT.search_ms_per_s * window_s(1.0, 10, DEFAULT) // cost)
    assert DEFAULT.min_candidates < few < DEFAULT.candidates_per_hall
    short = solve(event, time_limit_s=1.0, workers=1)
    long = solve(event, time_limit_s=60.0, workers=1)
    # A hall's figures count its skeletons tried in `blocks`.
    assert [h.blocks for h in short.halls] == [few]
    assert [h.blocks for h in long.halls] == [DEFAULT.candidates_per_hall]
