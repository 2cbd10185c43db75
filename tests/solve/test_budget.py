"""`budget`: the search's work counted in reference milliseconds, a share of the limit."""

from __future__ import annotations

from dataclasses import replace

import pytest

from floorplan.solve import solve
from floorplan.solve.budget import (
    Budget,
    aligning_ms,
    fill_beyond,
    filled_ms,
    pack_ms,
    plan,
    proof_s,
    spread_of,
    trade_ms,
    window_s,
)
from floorplan.solve.hall import chosen, solve_hall, specs
from floorplan.solve.params import DEFAULT

from .conftest import make_event, rect_hall, req
from .test_hall import _few_big_stands


def test_a_pack_costs_more_with_more_requests_floor_columns_and_a_finer_grid() -> None:
    hall = rect_hall("h", 100, 100)
    wide = rect_hall("w", 200, 100)
    pillared = rect_hall("p", 100, 100, columns=[(10.0 * i, 50.0, 1.0, 1.0) for i in range(1, 10)])
    rules = make_event([hall], []).rules
    fine = rules.model_copy(update={"grid_m": 0.1})
    base = pack_ms(hall, 50, rules, DEFAULT)
    assert pack_ms(hall, 100, rules, DEFAULT) > base
    assert pack_ms(wide, 50, rules, DEFAULT) > base
    assert pack_ms(pillared, 50, rules, DEFAULT) > base
    assert pack_ms(hall, 50, fine, DEFAULT) > base
    assert filled_ms(hall, 50, rules, DEFAULT) == DEFAULT.filled_packs * base
    # A 0.01 m grid costs what a 0.1 m one does: the search steps no finer.
    finer = rules.model_copy(update={"grid_m": 0.01})
    assert pack_ms(hall, 50, finer, DEFAULT) == pack_ms(hall, 50, fine, DEFAULT)


def test_a_filled_pack_costs_more_when_many_requests_try_a_large_open_floor() -> None:
    """`filled_ms` prices a filled pack before it is made; once it is back, the requests its
    open floor was tried for say what it cost beyond: nothing for a few, more for more,
    and more in a larger hall with columns (each request tries the floor's spots)."""
    columns = [(10.0 * i, 10.0 * j, 1.0, 1.0) for i in range(1, 14) for j in range(1, 8)]
    small, large = rect_hall("s", 50, 40), rect_hall("l", 140, 120, columns=columns)
    rules = make_event([small], []).rules
    reqs = [req(f"r{k}", 20.0) for k in range(100)]
    assert fill_beyond(large, len(reqs), rules, DEFAULT, 5) == 0.0
    assert fill_beyond(small, len(reqs), rules, DEFAULT, 100) == 0.0
    many = fill_beyond(large, len(reqs), rules, DEFAULT, 100)
    assert many > 0.0
    assert fill_beyond(large, len(reqs), rules, DEFAULT, 150) > many


def test_a_budget_counts_the_packs_it_still_holds() -> None:
    work = Budget(1000.0)
    assert work.packs(300.0) == 3
    work.spend(950.0)
    assert work.packs(300.0) == 0 and not work.spent
    work.spend(100.0)
    assert work.spent and work.packs(300.0) == 0
    # A pass starts only what it can finish within what is left.
    left = Budget(500.0)
    assert left.affords(500.0) and not left.affords(500.1)
    assert Budget(float("inf")).affords(1e12)
    assert Budget(float("inf")).packs(1e9) > 10**9


def test_the_window_is_the_search_share_or_what_the_proof_leaves() -> None:
    assert window_s(100.0, 1.0, DEFAULT) == DEFAULT.search_share * 100.0
    # A long proof keeps most of a 30 s limit back.
    assert window_s(30.0, 18.0, DEFAULT) == 12.0
    assert window_s(5.0, 50.0, DEFAULT) == 0.0


def test_the_proof_is_priced_by_the_stands_each_hall_holds() -> None:
    """The proof's walk and rows grow with a hall's stands: 360 requests in one hall keep
    more back than 400 spread over six halls, and every request more keeps more back."""
    one = make_event([rect_hall("h1", 210, 230)], [req(f"s{k:03d}", 18) for k in range(360)])
    six = make_event(
        [rect_hall(f"h{i}", 90, 80) for i in range(1, 7)],
        [req(f"s{k:03d}", 18) for k in range(400)],
    )
    fewer = make_event([rect_hall("h1", 210, 230)], [req(f"s{k:03d}", 18) for k in range(100)])
    assert proof_s(one, DEFAULT) > proof_s(six, DEFAULT) > proof_s(fewer, DEFAULT) > 0
    # Hall sizes only share the requests out: the same event is priced the same.
    assert proof_s(one, DEFAULT) == proof_s(one, DEFAULT)
    # With both cores busy the proof took up to about twice as long: that is kept back.
    assert proof_s(one, replace(DEFAULT, proof_busy=1.0)) * 2 == proof_s(one, DEFAULT)


def test_a_hall_with_a_column_grid_keeps_more_back_for_its_notched_stands() -> None:
    """Stands notched round columns are polygons, whose walks cost the proof most: the
    organiser-like hall with a column every 18 x 18 m took 11 s to prove where 3 s were
    kept back. Up to one notched stand a column, never more than the hall's stands."""
    grid = [(18.0 * i, 18.0 * j, 0.8, 0.8) for i in range(1, 11) for j in range(1, 12)]

    def extra(stands: int) -> float:
        reqs = [req(f"s{k:03d}", 18) for k in range(stands)]
        bare = make_event([rect_hall("h1", 210, 230)], reqs)
        columns = make_event([rect_hall("h1", 210, 230, columns=grid)], reqs)
        return (proof_s(columns, DEFAULT) - proof_s(bare, DEFAULT)) / DEFAULT.proof_busy

    per_column, per_pair = DEFAULT.proof_s_per_column, DEFAULT.proof_s_per_column_stand
    assert extra(360) == pytest.approx(110 * per_column + 110 * 360 * per_pair)
    assert extra(20) == pytest.approx(20 * per_column + 20 * 20 * per_pair)


def test_all_passes_together_fit_the_time_the_proof_leaves() -> None:
    """The search and the offers take their share of the window, aligning and the last call
    theirs of the time to the finish; when the proof's reserve makes the window that short,
    the search and the offers are cut so that all four fit, with the hall knapsack."""
    roomy = plan(100.0, 0.5, DEFAULT)
    assert roomy.search_ms == DEFAULT.search_ms_per_s * roomy.window_s
    assert roomy.offers_ms == DEFAULT.offer_ms_per_s * roomy.window_s
    tight = plan(30.0, 9.0, DEFAULT)
    assert tight.window_s == tight.finish_s == 30.0 - 9.0
    assert tight.search_ms < DEFAULT.search_ms_per_s * tight.window_s
    # The hall knapsack ran in the same time: what it used is the passes' less.
    after = plan(30.0, 9.0, DEFAULT, knapsack_units=tight.assign_units)
    assert tight.assign_units == min(
        DEFAULT.assign_deterministic_s, DEFAULT.assign_share * tight.window_s
    )
    assert after.search_ms < tight.search_ms
    for p, units in ((roomy, 0.0), (tight, 0.0), (after, tight.assign_units)):
        knapsack = units * DEFAULT.assign_ms_per_unit
        total = p.search_ms + p.offers_ms + p.align_ms + p.last_call_ms + knapsack
        assert total <= DEFAULT.work_ms_per_s * p.finish_s + 1e-6
        # The search keeps its proportion to the offers.
        ratio = DEFAULT.search_ms_per_s / DEFAULT.offer_ms_per_s
        assert abs(p.search_ms / p.offers_ms - ratio) < 1e-9


def test_where_one_hall_holds_the_work_less_of_it_fits_in_a_second() -> None:
    """One hall's aligning and moving back run as one process, which gets two thirds of a
    core when both are busy with other work: where the cap binds, an event whose work is
    one hall's gets `work_ms_per_s_alone` per second, two equal halls `work_ms_per_s`, and
    between them in proportion; more halls than two change nothing."""
    assert spread_of([]) == 1.0
    assert spread_of([300.0]) == 1.0
    assert spread_of([200.0, 200.0]) == 2.0
    assert spread_of([300.0, 100.0]) == 4 / 3
    assert spread_of([100.0] * 6) == 6.0
    alone, half, two, six = (plan(30.0, 9.0, DEFAULT, spread=s) for s in (1.0, 1.5, 2.0, 6.0))
    assert alone.search_ms < half.search_ms < two.search_ms == six.search_ms
    for p, rate in ((alone, DEFAULT.work_ms_per_s_alone), (two, DEFAULT.work_ms_per_s)):
        total = p.search_ms + p.offers_ms + p.align_ms + p.last_call_ms
        assert abs(total - rate * p.finish_s) < 1e-6


def test_the_trades_of_equal_slots_take_from_aligning_first_then_the_search() -> None:
    """A hall's trades of equal slots run whatever the budgets, and a trade weighs every
    stand against every slot, so a hall of twice the stands costs more than twice as much
    (432 stands took 2.1 s a trade). Where all passes fit, nothing changes; where the cap
    binds, aligning gives way, down to half its share, and the search and the offers for
    the rest: a search cut by a tenth of a second can seat a stand less."""
    assert trade_ms(200, DEFAULT) > 2 * trade_ms(100, DEFAULT) > 0
    roomy, roomy_fixed = (plan(300.0, 0.5, DEFAULT, fixed_ms=f) for f in (0.0, 4000.0))
    assert roomy_fixed == roomy
    free = plan(30.0, 9.0, DEFAULT)
    small, large = (plan(30.0, 9.0, DEFAULT, fixed_ms=f) for f in (100.0, 1e5))
    assert small.search_ms == free.search_ms and small.align_ms == free.align_ms - 100
    assert large.align_ms == free.align_ms / 2 and large.search_ms < free.search_ms
    for p, fixed in ((free, 0.0), (small, 100.0)):
        total = p.search_ms + p.offers_ms + p.align_ms + p.last_call_ms + fixed
        assert abs(total - DEFAULT.work_ms_per_s * p.finish_s) < 1e-6


def test_what_the_search_left_goes_to_aligning_up_to_its_share_again() -> None:
    """Aligning gets what the search and the offers left of theirs, at most its own share
    again (so that a busy machine keeps a margin), and the passes together keep to the
    plan's total."""
    for work in (plan(100.0, 0.5, DEFAULT), plan(30.0, 9.0, DEFAULT)):
        search = work.search_ms + work.offers_ms
        for used in (0.0, 0.3, 1.0):
            aligning = aligning_ms(work, search * (1 - used))
            assert work.align_ms <= aligning <= 2 * work.align_ms
            total = search * used + aligning + work.last_call_ms
            assert total <= DEFAULT.work_ms_per_s * work.finish_s + 1e-6
        assert aligning_ms(work, 0.5 * work.align_ms) == 1.5 * work.align_ms
        # A search that took more than its share (a final pack is never skipped) leaves none.
        assert aligning_ms(work, -5.0) == work.align_ms


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
    cost = pack_ms(hall, len(requests), rules, DEFAULT)
    no_bound = solve_hall(hall, rules, requests, replace(DEFAULT, by_area_requests=0))
    assert no_bound.candidates == DEFAULT.candidates_per_hall
    # The skeletons take their share of the hall's work: five of them here.
    whole = 5.5 * cost / DEFAULT.candidates_share
    five = Budget(whole)
    sol = solve_hall(hall, rules, requests, replace(DEFAULT, by_area_requests=0), budget=five)
    assert sol.candidates == 5
    # The final pack is counted too (at least one pack's cost).
    assert five.left <= whole - 6 * cost
    none = solve_hall(hall, rules, requests, DEFAULT, budget=Budget(0.0))
    assert none.candidates == DEFAULT.min_candidates
    assert none.placed


def test_a_shorter_time_limit_buys_fewer_skeletons() -> None:
    """The halls' work is a share of the limit, never a time: a 2 s limit buys a 12,000 m2
    hall a few skeletons (the same few on any machine), a minute all of them."""
    hall = rect_hall("h", 120, 100)
    event = make_event([hall], [req(f"s{k}", 12 + 3 * k, tier=k % 3) for k in range(10)])
    cost = pack_ms(hall, 10, event.rules, DEFAULT)
    # One hall: its work runs as one process (`spread` 1).
    work = plan(2.0, proof_s(event, DEFAULT), DEFAULT, spread=1.0)
    few = int(DEFAULT.candidates_share * work.search_ms // cost)
    assert DEFAULT.min_candidates < few < DEFAULT.candidates_per_hall
    short = solve(event, time_limit_s=2.0, workers=1)
    long = solve(event, time_limit_s=60.0, workers=1)
    assert [h.candidates for h in short.halls] == [few]
    assert [h.candidates for h in long.halls] == [DEFAULT.candidates_per_hall]
