"""The passes after packing, hall by hall: blocks slid onto each other's lines
(`align_halls`), the rows' empty stretches offered to who still waits (`call_last`), low
tiers moved back from the front (`relocation_tries`, `moved_back`), and stands the
validator faulted seated again (`reseat`). Each is paid in counted work and checks the
emergency deadline only to stop early.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import replace
from math import inf

from floorplan.hosting import hall_refusal
from floorplan.model.event import Event, Request
from floorplan.solve.align import align
from floorplan.solve.budget import Budget, call_ms, call_tries, filled_ms, pack_ms
from floorplan.solve.hall import (
    HallSolution,
    step_units,
)
from floorplan.solve.infill import infill
from floorplan.solve.notch import fits
from floorplan.solve.pack import Placed
from floorplan.solve.params import Params
from floorplan.solve.problem import HallProblem
from floorplan.solve.relocate import relocate
from floorplan.solve.stretches import last_call
from floorplan.solve.trade import trade_slots
from floorplan.solve.workers import in_order


def misfits(solutions: dict[str, HallSolution], params: Params) -> set[str]:
    """The stands whose notches round a column a planner would not cut (`notch.fits`)."""
    return {
        pl.request.id
        for sol in solutions.values()
        if sol.problem.hall.column_shapes
        for pl in sol.placed
        if not fits(pl.request, pl.rect, sol.problem, params.notch_depth_m)
    }


def reseat(solutions: dict[str, HallSolution], aside: set[str], params: Params) -> bool:
    """Stands the validator faulted get one more seat on their own hall's open floor,
    walked with everyone else in place (a planner moves the stand, not the exhibitor).
    True when any hall changed; whoever is not seated keeps the validator's words."""
    changed = False
    for sol in solutions.values():
        out = [pl.request for pl in sol.placed if pl.request.id in aside]
        if not out:
            continue
        p = sol.problem
        rest = [pl for pl in sol.placed if pl.request.id not in aside]
        sol.placed, _ = infill(p, rest, out, params, step_units(p.rules, params), p.passage)
        changed = True
    return changed


def call_last(
    event: Event,
    todo: list[Request],
    solutions: dict[str, HallSolution],
    params: Params,
    budget: Budget,
) -> None:
    """Who still waits is offered the rows' empty stretches, hall by hall, before the
    reasons name them (`stretches.last_call`). A pavilion that stands in part is called
    only in its own hall. A hall's call is priced as a filled pack of it and made whole
    when `budget` still holds that; the halls it did not hold are called afterwards, each
    trying as many requests on the open floor as what is left affords (`budget.call_ms`,
    the same halls and tries on any machine). (Fuzzed seed 9700 ev04 at 30 s: a hall of
    49,060 m2 whose call was priced at 2,643 ms against 1,503 left waited for none, while
    three of its eight waiting fitted; the call took 768.)"""
    seated = {pl.request.id for sol in solutions.values() for pl in sol.placed}
    # A pavilion that stands in part somewhere: the rest of it only in that hall (C8).
    home = {
        pl.request.pavilion: hall_id
        for hall_id, sol in solutions.items()
        for pl in sol.placed
        if pl.request.pavilion
    }
    waiting = [r for r in todo if r.id not in seated]
    skipped: list[str] = []
    for whole in (True, False):
        for hall_id in list(solutions) if whole else skipped:
            sol = solutions[hall_id]
            hall = event.venue.hall(hall_id)
            mine = [
                r
                for r in waiting
                if hall_refusal(event, r, hall) is None
                and home.get(r.pavilion or "", hall_id) == hall_id
            ]
            if not mine or sol.skeleton is None:
                continue
            n = len(sol.placed) + len(mine)
            cost = filled_ms(hall, n, event.rules, params)
            trying = params
            if not whole:
                tries = call_tries(hall, n, event.rules, params, budget.left)
                if tries <= 0:
                    continue
                cost = call_ms(hall, n, event.rules, params, min(tries, len(mine)))
                if tries < len(mine):
                    trying = replace(params, fill_tries=tries)
            elif not budget.affords(cost):
                skipped.append(hall_id)
                continue
            budget.spend(cost)
            new = last_call(sol, mine, trying)
            if new:
                # The newcomers take part in the trade of equal slots like everyone else.
                sol.placed = trade_slots(sol, params)
            home.update({pl.request.pavilion: hall_id for pl in new if pl.request.pavilion})
            got = {pl.request.id for pl in new}
            waiting = [r for r in waiting if r.id not in got]


def _align_job(
    job: tuple[HallProblem, list[Placed], Params, float, float],
) -> tuple[list[Placed], bool]:
    return align(*job)


def align_halls(
    solutions: dict[str, HallSolution],
    params: Params,
    pool: Executor | None,
    deadline: float,
    work_ms: float = inf,
) -> bool:
    """Blocks slid onto each other's lines, hall by hall (in parallel: each is independent).
    `work_ms` (reference milliseconds) is shared among the halls by their stands: a hall's
    walks and moves tried are counted against its share (`Lineup.spent_ms`). False when
    the emergency deadline cut a hall's pass short."""
    busy = [sol for sol in solutions.values() if len(sol.placed) > 1]
    stands = sum(len(sol.placed) for sol in busy)
    jobs = [
        (sol.problem, sol.placed, params, deadline, work_ms * len(sol.placed) / stands)
        for sol in busy
    ]
    results = in_order(_align_job, jobs, pool)
    for sol, (placed, _) in zip(busy, results, strict=True):
        sol.placed = placed
    return all(done for _, done in results)


def _relocate_job(
    job: tuple[HallProblem, list[Placed], Params, int, float],
) -> tuple[list[Placed], bool]:
    return relocate(*job)


def relocate_packs(stands: int, params: Params) -> float:
    """Packs of its hall one try of `relocate` costs in a hall of `stands` stands."""
    return min(
        params.relocate_packs_max,
        params.relocate_packs + params.relocate_packs_per_stand * stands,
    )


def relocation_tries(
    solutions: dict[str, HallSolution], params: Params, budget: Budget
) -> dict[str, int]:
    """Stands each hall may try to move back (`relocate`): a try costs about
    `relocate_packs` packs of its hall, paid from `budget`, one try for each hall in turn
    while it holds one: the same tries on any machine, every hall its share."""
    costs = {
        hall_id: relocate_packs(len(sol.placed), params)
        * pack_ms(p.hall, len(sol.placed), p.rules, params)
        for hall_id, sol in solutions.items()
        for p in [sol.problem]
        if sol.skeleton is not None and len(sol.placed) > 1
    }
    tries = dict.fromkeys(costs, 0)
    more = True
    while more:
        more = False
        for hall_id, cost in costs.items():
            if tries[hall_id] < params.relocate_tries and budget.affords(cost):
                budget.spend(cost)
                tries[hall_id] += 1
                more = True
    return tries


def moved_back(
    solutions: dict[str, HallSolution],
    tries: dict[str, int],
    params: Params,
    pool: Executor | None,
    deadline: float,
) -> bool:
    """Low tiers at the front seated farther back where their halls get fairer
    (`relocate`), hall by hall in parallel, then the trade of equal slots again. False
    when the emergency deadline cut a hall's tries short."""
    busy = [(solutions[h], n) for h, n in tries.items() if n > 0]
    jobs = [(sol.problem, sol.placed, params, n, deadline) for sol, n in busy]
    results = in_order(_relocate_job, jobs, pool)
    for (sol, _), (placed, _) in zip(busy, results, strict=True):
        if placed != sol.placed:
            sol.placed = placed
            sol.placed = trade_slots(sol, params)
    return all(done for _, done in results)
