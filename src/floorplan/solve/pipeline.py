"""`solve`: event in, validated layout out. Phases in order, no policy of their own.

1. Requests no hall can host are set aside with their reason.
2. A re-layout keeps the baseline stands that still fit (fixed items).
3. A CP-SAT knapsack assigns the rest to halls.
4. Each hall gets its skeleton and its stands (`hall.solve_hall`), its work
   shared out to one pool of processes when asked; the answer does not depend on
   how many.
5. What a hall could not take is offered to the others; a large stand still
   waiting may displace single stands that fit elsewhere (`_make_room`).
6. Equal slots are traded so that higher tiers stand nearer the entrance.
7. Blocks slide onto each other's lines; who still waits is offered the rows'
   stretches left empty (`stretches.last_call`).
8. The validator checks the layout; a stand it faults (a bug) is set aside with
   its words, so that what is written is always valid.

Work is counted in candidates and deterministic CP-SAT time, never in wall
time: the wall clock only stops the search in an emergency, and then the
layout says `deterministic: false`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import replace
from math import inf

import shapely

from floorplan.hosting import hall_refusal, unhostable_reason
from floorplan.model.event import Event, Request, Rules
from floorplan.model.layout import Layout, SolverInfo, Stand, Unplaced
from floorplan.model.venue import Hall
from floorplan.sizes import width_range
from floorplan.solve.align import align
from floorplan.solve.assign import assign_halls
from floorplan.solve.baseline import fill_holes, kept_stands
from floorplan.solve.budget import Budget, aligning_ms, filled_ms, pack_ms, plan, trial_ms
from floorplan.solve.fairness import assign_tiers, order_rows
from floorplan.solve.hall import (
    HallSolution,
    Trial,
    hopeless,
    reserve,
    seat_first,
    seats_first,
    served,
    solve_hall,
    solve_with,
    specs,
    step_units,
    walled_in,
)
from floorplan.solve.infill import OPEN_FLOOR, infill
from floorplan.solve.pack import Placed, value, worth
from floorplan.solve.params import DEFAULT, Params
from floorplan.solve.problem import HallProblem, Rect
from floorplan.solve.reasons import (
    FloorSpots,
    Slot,
    floor_spots,
    free_slots,
    full_reason,
    no_spot,
    room,
)
from floorplan.solve.relocate import relocate
from floorplan.solve.result import HallStats, Result
from floorplan.solve.stretches import last_call
from floorplan.solve.walk import Walk, build_walk
from floorplan.solve.workers import in_order, process_count, processes, side_by_side
from floorplan.validate.report import Report, Violation

SET_ASIDE = "set aside after validation: "
"""How an unplaced reason starts when the validator faulted the stand the solver placed."""

Progress = Callable[[str, str, int, float | None, float | None, float], None]
"""(phase, hall, stands placed so far, best objective, bound, elapsed s)."""


def _quiet(*_: object) -> None:
    return None


Job = tuple[Hall, list[Request], tuple[shapely.Geometry, ...]]
"""One hall's search: the hall, the requests assigned to it, and its fixed items."""


def solve(
    event: Event,
    *,
    time_limit_s: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    baseline: Layout | None = None,
    progress: Progress | None = None,
    params: Params = DEFAULT,
) -> Result:
    """Lay out the event. Same event, seed and workers give the same layout, under any load."""
    start = time.monotonic()
    limit = time_limit_s if time_limit_s is not None else event.solver.time_limit_s
    seed = event.solver.seed if seed is None else seed
    workers = event.solver.workers if workers is None else workers
    report = progress or _quiet

    unplaced: dict[str, str] = {}
    hostable: list[Request] = []
    for req in event.requests:
        reason = unhostable_reason(event, req)
        if reason:
            unplaced[req.id] = reason
        else:
            hostable.append(req)
    kept = kept_stands(event, baseline) if baseline is not None else {}
    if baseline is not None:
        # Around kept stands the skeleton has little freedom left: a short search suffices.
        params = replace(params, candidates_per_hall=params.relayout_candidates)
    if baseline is not None:
        rest = [
            r for r in hostable if r.id not in {s.request_id for ss in kept.values() for s in ss}
        ]
        for hall_id, stands in fill_holes(event, baseline, kept, rest).items():
            kept.setdefault(hall_id, []).extend(stands)
    kept_ids = {s.request_id for ss in kept.values() for s in ss}
    todo = [r for r in hostable if r.id not in kept_ids]
    report("assign", "", 0, None, None, time.monotonic() - start)
    # An exhibitor displaced from its stand (a locked stand moved onto it, or its
    # contract changed) stays in its hall when the hall can still host it.
    home: dict[str, str] = {}
    if baseline is not None:
        was = {s.request_id: s.hall for s in baseline.stands}
        for r in todo:
            hall_id = was.get(r.id, "")
            if hall_id in event.halls and hall_refusal(event, r, event.venue.hall(hall_id)) is None:
                home[r.id] = hall_id
    work = plan(limit, len(event.requests), params)
    window = work.window_s
    halls_of, assigned_fully, units = assign_halls(
        event,
        todo,
        deterministic_s=work.assign_units,
        wall_s=max(1.0, 0.3 * limit),
        seed=seed,
        fixed=home,
        gap=params.assign_gap,
    )
    # The knapsack's work (counted, the same on any machine) leaves the passes less.
    work = plan(limit, len(event.requests), params, knapsack_units=units)
    # Emergency only: past this, halls stop trying skeletons (and say so).
    deadline = start + window
    # The last passes (blocks slid onto lines) may run on until only the proof's time is left.
    finish = start + work.finish_s
    fixed = {h: tuple(s.rect for s in kept.get(h, [])) for h in event.halls}
    jobs: list[Job] = [
        (hall, [r for r in todo if halls_of.get(r.id) == hall.id], fixed[hall.id])
        for hall in event.hall_models
    ]
    # The halls' work: a share of the window, each hall's in proportion to what one pack
    # of it costs (every hall can afford as many skeletons as the others).
    costs = [pack_ms(hall, len(requests), event.rules, params) for hall, requests, _ in jobs]
    shares = {
        hall.id: work.search_ms * c / sum(costs) for (hall, *_), c in zip(jobs, costs, strict=True)
    }
    works = {h: Budget(share) for h, share in shares.items()}
    with processes(workers) as pool:

        def one_hall(job: Job) -> HallSolution:
            hall, requests, items = job
            return solve_hall(
                hall, event.rules, requests, params, items, deadline, workers, pool, works[hall.id]
            )

        # A thread per process hands each hall's jobs to the pool; every hall's answer
        # is its own, whichever thread or process did the work.
        lanes = process_count(workers) if pool is not None else 1
        solved = side_by_side(one_hall, jobs, lanes, heavy=lambda job: len(job[1]))
        solutions: dict[str, HallSolution] = {}
        for (hall, *_), sol in zip(jobs, solved, strict=True):
            solutions[hall.id] = sol
            report("place", hall.id, _count(solutions), None, None, time.monotonic() - start)
        # Emergency only, like the halls' search: past the deadline no hall takes guests.
        # The offers' work is counted (what each pack costs), so they end at the same point
        # on any machine; the deadline only stops them in an emergency.
        # What the halls left of their work (the same on any machine) goes to the offers, and
        # what a hall's final pack took beyond its share (it is never skipped) is theirs less.
        budget = Budget(max(0.0, work.offers_ms + sum(b.left for b in works.values())))
        offered = (
            time.monotonic() <= deadline
            and _second_chance(
                event, todo, solutions, params, fixed, deadline, pool, workers, budget
            )
            and _make_room(event, todo, solutions, params, fixed, deadline, pool, workers, budget)
        )
        report("validate", "", _count(solutions), None, None, time.monotonic() - start)
        for sol in solutions.values():
            sol.placed = _fair(sol, params)
        # Emergency only, like the rest: past it blocks stay where they were packed.
        # What the search left of its work (the same on any machine) goes to aligning, up to
        # aligning's own share again (`budget.aligning_ms`), and what aligning does not take
        # to moving low tiers back from the front (last: aligning's slides make some halls
        # fairer already, and the last call has seated whoever the floor still holds).
        aligning = aligning_ms(work, budget.left)
        budget.spend(aligning - work.align_ms)
        tries = _relocation_tries(solutions, params, budget)
        lined_up = time.monotonic() <= finish and _align(solutions, params, pool, finish, aligning)
        called = lined_up and time.monotonic() <= finish
        if called:
            _last_call(event, todo, solutions, params, Budget(work.last_call_ms))
            called = time.monotonic() <= finish and _moved_back(
                solutions, tries, params, pool, finish
            )
    layout = _layout(event, solutions, kept, unplaced, todo, baseline)
    checking = time.monotonic()
    layout, verdict = _checked(event, layout, baseline, workers)
    proof_s = time.monotonic() - checking
    aside = {u.request_id: u.reason for u in layout.unplaced if u.reason.startswith(SET_ASIDE)}
    # Emergency only: a faulted stand stays set aside when what is left of the time limit
    # would not hold the proof of its new seat.
    reseated = not aside or time.monotonic() + proof_s <= start + limit
    if aside and reseated and _reseat(solutions, set(aside), params):
        unplaced.update(aside)
        layout = _layout(event, solutions, kept, unplaced, todo, baseline)
        layout, verdict = _checked(event, layout, baseline, workers)
    complete = all(s.complete for s in solutions.values())
    deterministic = offered and called and reseated and assigned_fully and complete
    if not deterministic:
        warn = (
            "warning: the time limit cut the search short; the layout is valid but another "
            "run may differ (solver.deterministic: false)"
        )
        print(warn, file=sys.stderr)
    final = layout.model_copy(
        update={
            "solver": SolverInfo(
                status="FEASIBLE" if layout.stands else "EMPTY",
                seed=seed,
                workers=workers,
                wall_s=round(time.monotonic() - start, 2),
                time_limit_s=limit,
                deterministic=deterministic,
            )
        }
    )
    stats = [
        HallStats(h, s.candidates, len(s.placed), "FEASIBLE", s.score[0], None, 0.0)
        for h, s in solutions.items()
    ]
    return Result(
        final,
        final.solver.status if final.solver else "",
        time.monotonic() - start,
        stats,
        [v.message for v in verdict.violations],
        verdict,
    )


def _reseat(solutions: dict[str, HallSolution], aside: set[str], params: Params) -> bool:
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


def _last_call(
    event: Event,
    todo: list[Request],
    solutions: dict[str, HallSolution],
    params: Params,
    budget: Budget,
) -> None:
    """Who still waits is offered the rows' empty stretches, hall by hall, before the
    reasons name them (`stretches.last_call`). A pavilion only when none of its members
    stands anywhere yet. A hall's call costs about a final pack of it, and is made only
    when `budget` still holds that (the same halls on any machine)."""
    seated = {pl.request.id for sol in solutions.values() for pl in sol.placed}
    started = {r.pavilion for r in todo if r.pavilion and r.id in seated}
    waiting = [r for r in todo if r.id not in seated and r.pavilion not in started]
    for hall_id, sol in solutions.items():
        hall = event.venue.hall(hall_id)
        mine = [r for r in waiting if hall_refusal(event, r, hall) is None]
        if not mine or sol.skeleton is None:
            continue
        cost = filled_ms(hall, len(sol.placed) + len(mine), event.rules, params)
        if not budget.affords(cost):
            continue
        budget.spend(cost)
        got = {pl.request.id for pl in last_call(sol, mine, params)}
        if got:
            # The newcomers take part in the trade of equal slots like everyone else.
            sol.placed = _fair(sol, params)
        waiting = [r for r in waiting if r.id not in got]


def _align_job(job: tuple[HallProblem, list[Placed], Params, float]) -> tuple[list[Placed], bool]:
    return align(*job)


def _align(
    solutions: dict[str, HallSolution],
    params: Params,
    pool: Executor | None,
    deadline: float,
    work_ms: float = inf,
) -> bool:
    """Blocks slid onto each other's lines, hall by hall (in parallel: each is independent).
    `work_ms` (reference milliseconds) is shared among the halls by their stands: a hall
    walks at most that share's cells and tries as many moves in proportion. False when the
    emergency deadline cut a hall's pass short."""
    busy = [sol for sol in solutions.values() if len(sol.placed) > 1]
    stands = sum(len(sol.placed) for sol in busy)
    jobs = []
    for sol in busy:
        cells = work_ms * len(sol.placed) / stands / params.align_ms_per_kcell * 1000
        share = min(1.0, cells / params.align_cells)
        mine = replace(
            params,
            align_cells=int(share * params.align_cells),
            align_tries=int(share * params.align_tries),
        )
        jobs.append((sol.problem, sol.placed, mine, deadline))
    results = in_order(_align_job, jobs, pool)
    for sol, (placed, _) in zip(busy, results, strict=True):
        sol.placed = placed
    return all(done for _, done in results)


def _count(solutions: dict[str, HallSolution]) -> int:
    return sum(len(s.placed) for s in solutions.values())


def _second_chance(
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


def _make_room(
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
        budget.spend(filled_ms(hall, len(job[2]), event.rules, params))
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
            trials = [
                t
                for k, t in enumerate(in_order(_with_guests, jobs, pool))
                if k < base or had <= {pl.request.id for pl in t.placed}
            ]
            budget.spend(cost)
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
    lost = walled_in(sol, params)
    if lost:
        # Offered the hall's open floor once more, with everyone else in place.
        gone = {pl.request.id for pl in lost}
        rest = [pl for pl in sol.placed if pl.request.id not in gone]
        p = sol.problem
        step = step_units(p.rules, params)
        sol.placed, waiting = infill(p, rest, [pl.request for pl in lost], params, step, p.passage)
        sol.reserved = tuple(pl for pl in sol.reserved if pl.request.id not in gone)
        sol.left = [*sol.left, *waiting]
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


def _fair(sol: HallSolution, params: Params) -> list[Placed]:
    p = sol.problem
    g = p.g
    rules = p.rules

    def nearness(pl: Placed) -> float:
        return p.nearness(pl.rect)

    rivals = set(p.rivals)

    def movable(pl: Placed) -> bool:
        # Raw space (segment -1) too: two car makers of one size may swap their spaces.
        r = pl.request
        seated = pl.segment >= -1 or pl.segment == OPEN_FLOOR
        return seated and not r.pavilion and r.id not in rivals

    walk: Walk | None = None
    measured: dict[Rect, int] = {}

    def open_sides(pl: Placed) -> int:
        """The slot's open sides with every stand of the hall standing, as the validator
        counts them. A stand's own count is from when it was seated: stands seated after
        it may have taken sides it did not need (fuzzed ev28: a corner stand traded onto
        an inline one's slot that had one open side left, and was set aside). One walk
        per hall, made only when a trade needs it."""
        nonlocal walk
        if pl.rect not in measured:
            walk = walk or build_walk(p, [q.rect for q in sol.placed], params)
            x, y, w, d = pl.rect
            got, _ = walk.serves((x * g, y * g, w * g, d * g), params.open_share)
            measured[pl.rect] = min(got, pl.open_sides)
        return measured[pl.rect]

    def fits(req: Request, pl: Placed) -> bool:
        # The slot's own stand was proved open as far as it needs (raw space only so far).
        need = req.open_sides_needed
        if need > pl.request.open_sides_needed and (pl.segment == -1 or need > open_sides(pl)):
            return False
        _, _, w, d = pl.rect
        return any(
            (span := width_range(req, depth, rules)) is not None and span[0] <= width <= span[1]
            for width, depth in ((w, d), (d, w))
        )

    traded = assign_tiers(sol.placed, nearness, movable, fits)

    def in_row(pl: Placed) -> bool:
        return movable(pl) and pl.request.open_sides_needed <= 2

    def keeps(moved: list[Placed]) -> bool:
        """The stands of a re-ordered row keep the open sides they need, their walk and the
        walk inside them (the row covers the same floor: one walk serves every order)."""
        nonlocal walk
        walk = walk or build_walk(p, [q.rect for q in sol.placed], params)
        return all(served(p, walk, pl, params) for pl in moved)

    ordered = order_rows(traded, nearness, in_row, keeps)
    return ordered if ordered == traded else assign_tiers(ordered, nearness, movable, fits)


def _relocate_job(
    job: tuple[HallProblem, list[Placed], Params, int, float],
) -> tuple[list[Placed], bool]:
    return relocate(*job)


def _relocation_tries(
    solutions: dict[str, HallSolution], params: Params, budget: Budget
) -> dict[str, int]:
    """Stands each hall may try to move back (`relocate`): a try costs about
    `Params.relocate_packs` packs of its hall, paid from `budget`, one try for each hall in
    turn while it holds one: the same tries on any machine, every hall its share."""
    costs = {
        hall_id: params.relocate_packs * pack_ms(p.hall, len(sol.placed), p.rules, params)
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


def _moved_back(
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
            sol.placed = _fair(sol, params)
    return all(done for _, done in results)


def _layout(
    event: Event,
    solutions: dict[str, HallSolution],
    kept: dict[str, list[Stand]],
    unplaced: dict[str, str],
    todo: list[Request],
    previous: Layout | None,
) -> Layout:
    g = event.rules.grid_m
    stands: list[Stand] = []
    for hall_id in event.halls:
        stands.extend(kept.get(hall_id, []))
        sol = solutions.get(hall_id)
        if sol is None:
            continue
        for pl in sol.placed:
            x, y, w, d = sol.problem.to_world(pl.rect)
            stands.append(
                Stand(
                    request_id=pl.request.id,
                    hall=hall_id,
                    x=round(x * g, 6),
                    y=round(y * g, 6),
                    width=round(w * g, 6),
                    depth=round(d * g, 6),
                    booth_type=pl.request.booth_type,
                    locked=pl.request.locked,
                )
            )
    placed = {s.request_id for s in stands}
    rooms: dict[tuple[str, int], str] = {}
    slots: dict[str, list[Slot]] = {}
    floors: dict[str, FloorSpots] = {}
    for r in todo:
        if r.id not in placed and r.id not in unplaced:
            unplaced[r.id] = _full_reason(event, r, solutions, rooms, slots, floors)
    return _finish(event, stands, unplaced, previous)


def _finish(
    event: Event, stands: list[Stand], unplaced: dict[str, str], previous: Layout | None
) -> Layout:
    stands = _numbered(event, stands, previous)
    placed = {s.request_id for s in stands}
    missing = [
        Unplaced(request_id=r.id, reason=unplaced.get(r.id) or "not placed")
        for r in event.requests
        if r.id not in placed
    ]
    gross = sum(h.gross_area for h in event.hall_models)
    metrics = {
        "placed": len(stands),
        "requested": len(event.requests),
        "placed_area_m2": round(sum(s.area for s in stands), 1),
        "requested_area_m2": round(sum(r.area_m2 for r in event.requests), 1),
        "net_to_gross": round(sum(s.area for s in stands) / gross, 3) if gross else 0.0,
    }
    return Layout(event=event.name, stands=stands, unplaced=missing, metrics=metrics)


def _full_reason(
    event: Event,
    req: Request,
    solutions: dict[str, HallSolution],
    rooms: dict[tuple[str, int], str],
    slots: dict[str, list[Slot]],
    floors: dict[str, FloorSpots],
) -> str:
    """`reasons.full_reason` over the halls that could host `req`; each hall's free slots
    are found once (`slots` keeps them; their open sides cost one walk) and described once
    for each number of open sides (`rooms` keeps those); its open floor is rastered once
    (`floors`)."""
    free = []
    sides = max(1, req.open_sides_needed)
    for hall in event.hall_models:
        sol = solutions.get(hall.id)
        if sol is None or hall_refusal(event, req, hall) is not None:
            continue
        if (hall.id, sides) not in rooms:
            if hall.id not in slots:
                slots[hall.id] = free_slots(sol)
            rooms[hall.id, sides] = room(event, hall.id, sol, sides, slots[hall.id])
        if hall.id not in floors:
            floors[hall.id] = floor_spots(sol)
        free.append(rooms[hall.id, sides] + no_spot(req, floors[hall.id]))
    return full_reason(event, req, free)


def _numbered(event: Event, stands: list[Stand], previous: Layout | None) -> list[Stand]:
    """Stand numbers from geometry; a stand that did not move keeps the number it had."""
    from floorplan.numbering import renumber

    return renumber(event, stands, previous.stands if previous is not None else ())


def _fault(v: Violation, stand: Stand | None) -> str:
    """The validator's finding about a stand the solver placed, said by where the stand was
    (its number is gone with it): rule, hall, spot, size and the measured words."""
    if stand is None or stand.polygon is not None:
        return v.message
    detail = v.message.split(": ", 1)[-1]
    return (
        f"{v.rule} at x {stand.x:g}, y {stand.y:g} m in {stand.hall} "
        f"({stand.width:g} x {stand.depth:g} m): {detail}"
    )


def _checked(
    event: Event, layout: Layout, previous: Layout | None, workers: int
) -> tuple[Layout, Report]:
    """The validator's verdict; stands it faults are set aside with its words (a safety net).
    Returns the layout and the validator's report of it (the maps show it). Halls are
    checked in `workers` processes: the proof of a big event takes seconds."""
    from floorplan.validate import validate

    for _ in range(3):
        report = validate(event, layout, workers)
        if report.valid:
            return layout, report
        faults: dict[str, str] = {}
        locked = {s.request_id for s in layout.stands if s.locked}
        where = {s.request_id: s for s in layout.stands}
        for v in report.violations:
            for rid in v.stands:
                if rid in locked:
                    continue
                faults.setdefault(rid, _fault(v, where.get(rid)))
        if not faults:
            break
        stands = [s for s in layout.stands if s.request_id not in faults]
        unplaced = {u.request_id: u.reason for u in layout.unplaced}
        for rid, msg in faults.items():
            unplaced[rid] = f"{SET_ASIDE}{msg}"
        layout = _finish(event, stands, unplaced, previous)
    return layout, validate(event, layout, workers)


__all__ = ["Progress", "solve"]
