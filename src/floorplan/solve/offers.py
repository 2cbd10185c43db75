"""What a hall could not take, offered to the others.

After every hall is packed on its own skeleton, a request one hall left out may fit
another: `second_chance` offers the waiting requests to every hall that can host them
(each packs again with the guests after its own stands, or plans again for the new mix),
and `make_room` seats a large stand still waiting first in a hall that can host it when
the single stands it displaces find room elsewhere. Both pay their packs from one work
`Budget`, so they stop at the same point on any machine; the wall clock only stops them
in an emergency.
"""

from __future__ import annotations

import time
from concurrent.futures import Executor
from dataclasses import replace
from math import inf

import shapely

from floorplan.hosting import hall_refusal
from floorplan.model.event import Event, Request, Rules
from floorplan.model.venue import Hall
from floorplan.solve.budget import Budget, filled_ms, pack_ms, trial_ms
from floorplan.solve.hall import (
    HallSolution,
    Trial,
    hopeless,
    reserve,
    seat_first,
    seats_first,
    solve_hall,
    solve_with,
    specs,
    step_units,
    walled_in,
)
from floorplan.solve.infill import OPEN_FLOOR, infill
from floorplan.solve.pack import value, worth
from floorplan.solve.params import Params
from floorplan.solve.walk import counted
from floorplan.solve.workers import in_order


def second_chance(
    event: Event,
    todo: list[Request],
    solutions: dict[str, HallSolution],
    params: Params,
    fixed: dict[str, tuple[shapely.Geometry, ...]],
    deadline: float,
    pool: Executor | None = None,
    workers: int = 1,
    budget: Budget | None = None,
) -> bool:
    """Requests a hall (or the knapsack) left out, offered to every other hall that can host them.

    The receiving hall keeps its skeleton and packs again with the newcomers
    after its own requests, so nothing it had placed is lost, unless seating a
    large guest first on its open floor holds more (see `_better`); the single
    stands it gives up then are offered round once more.
    False when the emergency deadline stopped the offers before every hall was asked.
    """
    for _ in range(2):
        again, done = _offer(
            event, todo, solutions, params, fixed, deadline, pool, workers, budget or Budget(inf)
        )
        if not (again and done):
            return done
    return True


def make_room(
    event: Event,
    todo: list[Request],
    solutions: dict[str, HallSolution],
    params: Params,
    fixed: dict[str, tuple[shapely.Geometry, ...]],
    deadline: float,
    pool: Executor | None = None,
    workers: int = 1,
    budget: Budget | None = None,
) -> bool:
    """A large stand still waiting, seated first in a hall that can host it, when the single
    stands it displaces there find room in the other halls: kept when the show then holds
    more value. (A hall alone keeps what it holds most of; across halls, a hall that may
    take the 330 m2 island with an 8 m stand height should not be full of small stands
    that fit anywhere.) False when the emergency deadline stopped the tries.

    The stands that only a few halls can host are tried first, in the hall with most
    free floor; `Params.room_tries` bounds the tries."""
    if len(solutions) < 2:
        return True
    seated = {pl.request.id for s in solutions.values() for pl in s.placed}
    hosts = {
        r.id: [h for h in event.hall_models if hall_refusal(event, r, h) is None] for r in todo
    }
    free = {
        h: s.problem.hall.shape.area - sum(pl.request.area_m2 for pl in s.placed)
        for h, s in solutions.items()
    }
    tries = sorted(
        (len(hosts[r.id]), -worth(r), -free[h.id], r.id, h.id)
        for r in todo
        if r.id not in seated
        for h in hosts[r.id]
        if seats_first(r, solutions[h.id], params)
    )
    by_id = {r.id: r for r in todo}
    budget = budget or Budget(inf)
    for *_, rid, hall_id in tries[: params.room_tries]:
        if time.monotonic() > deadline:
            return False
        sol = solutions[hall_id]
        req = by_id[rid]
        if rid in {pl.request.id for s in solutions.values() for pl in s.placed}:
            continue  # seated by an earlier try's offers
        mine = [r for r in _own(solutions, hall_id) if r.id != rid]
        hall = sol.problem.hall
        n = len(mine) + 1
        if not budget.affords(
            trial_ms(hall, n, event.rules, params) + filled_ms(hall, n, event.rules, params)
        ):
            return True  # the offers' work is done: a stop every machine makes alike
        # The stands that must stay (no other hall hosts them, or a pavilion holds them)
        # are seated with it first; the rest are packed round them as guests.
        stay = [r for r in mine if r.pavilion or len(hosts.get(r.id, ())) <= 1]
        may_go = tuple(r for r in mine if r not in stay)
        first, skipped = seat_first(
            hall,
            event.rules,
            [*stay, req],
            sol,
            req,
            params,
            fixed[hall_id],
            (),
            deadline,
            pool,
            budget,
        )
        if skipped:
            return False
        if first is None:
            continue
        assert first.skeleton is not None
        job: Trial = (
            hall,
            event.rules,
            [*stay, req, *may_go],
            first.problem.transpose,
            first.skeleton.spec,
            params,
            fixed[hall_id],
            may_go,
            tuple(first.placed),
            None,
        )
        trial = _with_guests(job)
        one = pack_ms(hall, len(job[2]), event.rules, params)
        budget.spend(filled_ms(hall, len(job[2]), event.rules, params) + trial.beyond(params) * one)
        after = {pl.request.id for pl in trial.placed}
        lost = [pl.request for pl in sol.placed if pl.request.id not in after]
        if rid not in after or any(r.pavilion for r in lost):
            continue
        trial.candidates, trial.complete = sol.candidates, sol.complete
        attempt = {**solutions, hall_id: trial}
        # Only the displaced are offered round: the rest had their offers already.
        _, done = _offer(event, lost, attempt, params, fixed, deadline, pool, workers, budget)
        if not done:
            return False
        if sum(value(s.placed) for s in attempt.values()) > sum(
            value(s.placed) for s in solutions.values()
        ):
            solutions.update(attempt)
    return True


def _own(solutions: dict[str, HallSolution], hall_id: str) -> list[Request]:
    """A hall's own requests, less those another hall has seated since (it gave them up)."""
    elsewhere = {pl.request.id for h, o in solutions.items() if h != hall_id for pl in o.placed}
    return [r for r in solutions[hall_id].problem.requests if r.id not in elsewhere]


def _offer(
    event: Event,
    todo: list[Request],
    solutions: dict[str, HallSolution],
    params: Params,
    fixed: dict[str, tuple[shapely.Geometry, ...]],
    deadline: float,
    pool: Executor | None,
    workers: int,
    budget: Budget,
) -> tuple[bool, bool]:
    """One round of offers, hall by hall: whether anything was left waiting that moved, and
    whether every hall was asked (past the emergency deadline no more are; once the
    `budget` is spent none are, on every machine alike)."""
    moved = False
    cut = False
    placed = {pl.request.id for s in solutions.values() for pl in s.placed}
    waiting = [r for r in todo if r.id not in placed]
    waiting.sort(key=lambda r: (-r.tier, -r.area_m2, r.id))
    pav_hall: dict[str, str] = {}
    for s in solutions.values():
        for pl in s.placed:
            if pl.request.pavilion:
                pav_hall[pl.request.pavilion] = s.problem.hall.id
    for hall in event.hall_models:
        if time.monotonic() > deadline:
            return moved and bool(waiting), False
        if budget.spent:
            break
        sol = solutions[hall.id]
        if sol.skeleton is None and not sol.problem.requests and not waiting:
            continue
        mine = _own(solutions, hall.id)
        own = {r.id for r in sol.problem.requests}
        here = [
            r
            for r in waiting
            if r.id not in own
            and hall_refusal(event, r, hall) is None
            and pav_hall.get(r.pavilion or "", hall.id) == hall.id
            and not hopeless(r, sol, params)
        ]
        if not here:
            continue
        if sol.skeleton is None:
            trials = [
                solve_hall(
                    *(hall, event.rules, mine + here, params, fixed[hall.id]),
                    *(deadline, workers, pool, budget),
                )
            ]
        else:
            # Stands already on the open floor stay where they are: guests packed into the
            # bands first would otherwise take the floor they were seated on. Or every stand
            # of the hall stays put and the guests take what floor is left.
            guests = tuple(here)
            keep = (*sol.reserved, *(pl for pl in sol.placed if pl.segment == OPEN_FLOOR))
            # The guests come late, some stands are held where they stand, and no deadline
            # stops a pack once started (the round checks it).
            jobs: list[Trial] = [
                (
                    hall,
                    event.rules,
                    mine + here,
                    sol.problem.transpose,
                    sol.skeleton.spec,
                    params,
                    fixed[hall.id],
                    guests,
                    held,
                    None,
                )
                for held in (keep, tuple(sol.placed))
            ]
            # Or the hall planned again with its large guests as its own raw space, across
            # the hall's whole width (no wall rows): two car makers side by side in one
            # macro band, where the one it had stood centred.
            big = [r for r in here if seats_first(r, sol, params)]
            if big:
                small = tuple(r for r in here if r not in big)
                wide = replace(sol.skeleton.spec, wall=0)
                job: Trial = (
                    *(hall, event.rules, mine + here, sol.problem.transpose, wide),
                    *(params, fixed[hall.id], small, (), None),
                )
                jobs.append(job)
            each = filled_ms(hall, len(mine + here), event.rules, params)
            cost = len(jobs) * each
            if not budget.affords(cost):
                continue  # too costly now: a stop every machine makes alike
            # The hall planned again for the new mix only on work to spare, and kept only
            # when it keeps every stand it had (fuzzed seed 7600 ev13: one that gave up three
            # small stands for a large guest held more value and the show less area).
            again = _replanned(hall, event.rules, mine + here, sol, params, fixed[hall.id], guests)
            if not budget.affords(cost + len(again) * each):
                again = []
            base = len(jobs)
            jobs.extend(again)
            cost += len(again) * each
            had = {pl.request.id for pl in sol.placed}
            packed = in_order(_with_guests, jobs, pool)
            trials = [
                t
                for k, t in enumerate(packed)
                if k < base or had <= {pl.request.id for pl in t.placed}
            ]
            extra = sum(t.beyond(params) for t in packed)
            budget.spend(cost + extra * pack_ms(hall, len(mine + here), event.rules, params))
            # Past the emergency deadline the large guests are not seated first.
            if time.monotonic() <= deadline:
                trials.append(
                    reserve(
                        hall,
                        event.rules,
                        mine + here,
                        trials[0],
                        params,
                        fixed[hall.id],
                        guests,
                        deadline,
                        pool,
                        sol.tried_first,
                        budget,
                    )
                )
        # A trial skipped, or one that ran past the deadline, makes the round incomplete.
        cut = cut or time.monotonic() > deadline
        best = max(
            (t for t in trials if _better(sol, t)), key=lambda t: value(t.placed), default=None
        )
        if best is None:
            continue
        best.candidates = sol.candidates
        after = {pl.request.id for pl in best.placed}
        moved = moved or any(pl.request.id not in after for pl in sol.placed)
        solutions[hall.id] = best
        for pl in best.placed:
            if pl.request.pavilion:
                pav_hall[pl.request.pavilion] = hall.id
        seated = {pl.request.id for s in solutions.values() for pl in s.placed}
        waiting = [r for r in todo if r.id not in seated]
        waiting.sort(key=lambda r: (-r.tier, -r.area_m2, r.id))
    return moved and bool(waiting), not cut


def _replanned(
    hall: Hall,
    rules: Rules,
    requests: list[Request],
    sol: HallSolution,
    params: Params,
    fixed: tuple[shapely.Geometry, ...],
    guests: tuple[Request, ...],
) -> list[Trial]:
    """The hall planned again for its own stands and its guests together, when they call for
    rows its skeleton lacks: the skeleton was cut for the hall's own requests (fuzzed seed
    7300 ev06: a hall given three car makers, of which one fit, had only 10 m deep rows, and
    a pavilion of seven 25 m2 stands went unplaced beside 3,000 m2 of empty floor). The
    likeliest skeleton of the new mix, in both orientations, only when its rows differ and
    the hall left out some of the car makers its rows were cut for (a hall that holds them
    all lost more by planning again than it gained: fuzzed seed 7600 ev13, -5% of the
    area)."""
    assert sol.skeleton is not None
    now = sol.skeleton.spec
    if len(sol.skeleton.macros) == len(now.macro):
        return []  # the hall holds the stands its rows were cut for
    fresh = [
        (transpose, spec)
        for transpose, spec in specs(hall, rules, requests, params)[: params.replan_specs]
        if (spec.kind, spec.depth) != (now.kind, now.depth)
    ]
    return [
        (hall, rules, requests, transpose, spec, params, fixed, guests, sol.reserved, None)
        for transpose, spec in fresh
    ]


def _with_guests(job: Trial) -> HallSolution:
    """The hall packed again with its guests. A stand held where it stood that has lost its
    open sides or its walk to the newcomers packed round it is seated again on the open
    floor, or else waits, as a single stand a guest displaced does (see `_better`)."""
    hall, rules, requests, transpose, spec, params, fixed, guests, held, _ = job
    sol = solve_with(
        hall, rules, requests, transpose, spec, params, fixed, late=guests, fill=True, reserved=held
    )
    with counted() as work:
        lost = walled_in(sol, params)
        if lost:
            # Offered the hall's open floor once more, with everyone else in place.
            gone = {pl.request.id for pl in lost}
            rest = [pl for pl in sol.placed if pl.request.id not in gone]
            p = sol.problem
            step = step_units(p.rules, params)
            got = infill(p, rest, [pl.request for pl in lost], params, step, p.passage)
            sol.placed, waiting = got
            sol.reserved = tuple(pl for pl in sol.reserved if pl.request.id not in gone)
            sol.left = [*sol.left, *waiting]
    sol.counted_ms += work.ms(params)
    return sol


def _better(sol: HallSolution, trial: HallSolution) -> bool:
    """A hall takes guests when it then holds more: every stand it had, or more value with
    only single stands (no pavilion member) moving on to the halls after it."""
    before = {pl.request.id: pl.request for pl in sol.placed}
    after = {pl.request.id for pl in trial.placed}
    lost = [r for rid, r in before.items() if rid not in after]
    if not lost:
        return len(after) > len(before)
    return value(trial.placed) > value(sol.placed) and not any(r.pavilion for r in lost)
