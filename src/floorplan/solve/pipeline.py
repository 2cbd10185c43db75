"""`solve`: event in, validated layout out. Phases in order, no policy of their own.

1. Requests no hall can host are set aside with their reason (`hosting`).
2. A re-layout keeps the baseline stands that still fit, as fixed items (`baseline`).
3. A CP-SAT knapsack assigns the rest to halls (`assign`).
4. Each hall gets its skeleton and its stands (`hall.solve_hall`), its work
   shared out to one pool of processes when asked; the answer does not depend on
   how many.
5. What a hall could not take is offered to the others; a large stand still
   waiting may displace single stands that fit elsewhere (`offers`).
6. Equal slots are traded so that higher tiers stand nearer the entrance (`trade`).
7. Blocks slide onto each other's lines; who still waits is offered the rows'
   stretches left empty; low tiers at the front move back (`passes`).
8. The validator checks the layout; a stand it faults (a bug) is set aside with
   its words, so that what is written is always valid (`output`).

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

import shapely

from floorplan.hosting import hall_refusal, unhostable_reason
from floorplan.model.event import Event, Request
from floorplan.model.layout import Layout, SolverInfo, Stand
from floorplan.model.venue import Hall
from floorplan.solve.assign import assign_halls
from floorplan.solve.baseline import fill_holes, held_out, kept_stands, waiting_list
from floorplan.solve.budget import (
    Budget,
    aligning_ms,
    pack_ms,
    plan,
    proof_s,
    spread_of,
    trade_ms,
)
from floorplan.solve.hall import HallSolution, solve_hall
from floorplan.solve.offers import make_room, second_chance
from floorplan.solve.output import SET_ASIDE, checked, layout_of
from floorplan.solve.params import DEFAULT, Params
from floorplan.solve.passes import (
    align_halls,
    call_last,
    misfits,
    moved_back,
    relocation_tries,
    reseat,
)
from floorplan.solve.result import HallStats, Result
from floorplan.solve.trade import give_way, trade_slots
from floorplan.solve.workers import own_or, process_count, side_by_side

Progress = Callable[[str, str, int, float], None]
"""(phase, hall, stands placed so far, elapsed s)."""


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
    pool: Executor | None = None,
) -> Result:
    """Lay out the event. Same event, seed and workers give the same layout, under any load.

    `pool`: worker processes the caller started (as many as `workers` asks, up to the
    cores); without it the halls' work gets a pool of its own for this call."""
    start = time.monotonic()
    limit = time_limit_s if time_limit_s is not None else event.solver.time_limit_s
    seed = event.solver.seed if seed is None else seed
    workers = event.solver.workers if workers is None else workers
    report = progress or _quiet

    unplaced = {r.id: why for r in event.requests if (why := unhostable_reason(event, r))}
    hostable = [r for r in event.requests if r.id not in unplaced]
    kept: dict[str, list[Stand]] = {}
    if baseline is not None:
        kept = _kept(event, baseline, hostable)
        # Around kept stands the skeleton has little freedom left: a short search suffices,
        # one final pack per hall (more would weigh skeletons the kept stands decide), and
        # no second round for a small hall that leaves requests out (the skeletons packed
        # again filled and largest first: the kept stands decide there too).
        params = replace(
            params, candidates_per_hall=params.relayout_candidates, finalists=1, by_area_requests=0
        )
    kept_ids = {s.request_id for ss in kept.values() for s in ss}
    # Members a pavilion kept in part had left out stay out (`baseline.held_out`).
    if baseline is not None:
        unplaced.update(held_out(event, baseline, kept))
    todo = [r for r in hostable if r.id not in kept_ids and r.id not in unplaced]
    waited = waiting_list(baseline)
    report("assign", "", 0, time.monotonic() - start)
    proof = proof_s(event, params)
    work = plan(limit, proof, params)
    halls_of, assigned_fully, units = assign_halls(
        event,
        todo,
        deterministic_s=work.assign_units,
        wall_s=max(1.0, 0.3 * limit),
        seed=seed,
        fixed=_homes(event, baseline, todo),
        gap=params.assign_gap,
    )
    fixed = {h: tuple(s.rect for s in kept.get(h, [])) for h in event.halls}
    jobs: list[Job] = [
        (hall, [r for r in todo if halls_of.get(r.id) == hall.id], fixed[hall.id])
        for hall in event.hall_models
    ]
    # The halls' work: a share of the window, each hall's in proportion to what one pack
    # of it costs (every hall can afford as many skeletons as the others).
    costs = [pack_ms(hall, len(requests), event.rules, params) for hall, requests, _ in jobs]
    # The knapsack's work (counted, the same on any machine) leaves the passes less, and
    # where one hall holds the work, its passes run as one process: less of it fits.
    busy = [c for c, (_, requests, _) in zip(costs, jobs, strict=True) if requests]
    spread = min(spread_of(busy), float(process_count(workers)))
    # Every hall trades equal slots twice (after the offers, after moving tiers back).
    trades = 2 * sum(trade_ms(len(requests) + len(items), params) for _, requests, items in jobs)
    work = plan(limit, proof, params, knapsack_units=units, spread=spread, fixed_ms=trades)
    # Emergency only: past this, halls stop trying skeletons (and say so).
    deadline = start + work.window_s
    # The last passes (blocks slid onto lines) may run on until only the proof's time is left.
    finish = start + work.finish_s
    # A hall's final pack, never skipped, may take the offers' work too (they come after
    # it); beyond that it tries fewer requests. (Aligning's too let fuzzed seed 9700 ev03's
    # final try 53 instead of 40 at 30 s and seat no more; aligning then had nothing.)
    lend = work.offers_ms
    works = {
        hall.id: Budget(work.search_ms * c / sum(costs), lend * c / sum(costs))
        for (hall, *_), c in zip(jobs, costs, strict=True)
    }
    with own_or(pool, workers) as pool:
        solutions = _solve_halls(event, jobs, params, deadline, workers, pool, works, waited)
        seated = 0
        for hall_id, sol in solutions.items():
            seated += len(sol.placed)
            report("place", hall_id, seated, time.monotonic() - start)
        # Emergency only, like the halls' search: past the deadline no hall takes guests.
        # The offers' work is counted (what each pack costs), so they end at the same point
        # on any machine; the deadline only stops them in an emergency.
        # What the halls left of their work (the same on any machine) goes to the offers, and
        # what a hall's final pack took beyond its share (it is never skipped) is theirs less.
        budget = Budget(max(0.0, work.offers_ms + sum(b.left for b in works.values())))
        # A re-layout's waiting list had its offers when the baseline was made.
        fresh = [r for r in todo if r.id not in waited]
        offers = (event, fresh, solutions, params, fixed, deadline, pool, workers, budget)
        offered = time.monotonic() <= deadline and second_chance(*offers) and make_room(*offers)
        report("validate", "", _count(solutions), time.monotonic() - start)
        for sol in solutions.values():
            sol.placed = trade_slots(sol, params)
        # Emergency only, like the rest: past it blocks stay where they were packed.
        # What the search left of its work (the same on any machine) goes to aligning, up to
        # aligning's own share again (`budget.aligning_ms`), and what aligning does not take
        # to moving low tiers back from the front (last: aligning's slides make some halls
        # fairer already, and the last call has seated whoever the floor still holds).
        # Who still waits comes before lines and fairness: what the search and the offers
        # left of their work goes to the last call then (fuzzed seed 8100 ev02 at 30 s: a
        # hall of 6,968 m2 held 8 stands while 150 waited, and its call did not fit).
        calling = budget.left if _waiting(todo, solutions) else 0.0
        budget.spend(calling)
        aligning = aligning_ms(work, budget.left)
        budget.spend(aligning - work.align_ms)
        tries = relocation_tries(solutions, params, budget)
        lined_up = time.monotonic() <= finish and align_halls(
            solutions, params, pool, finish, aligning
        )
        called = lined_up and time.monotonic() <= finish
        if called:
            call_last(event, todo, solutions, params, Budget(work.last_call_ms + calling))
            called = time.monotonic() <= finish and moved_back(
                solutions, tries, params, pool, finish
            )
    # A stand whose notch round a column a planner would not cut gets a seat elsewhere.
    if misfit := misfits(solutions, params):
        reseat(solutions, misfit, params)
    # Who still waits takes a lower tier's slot it fits, and the lower tier waits instead
    # (not in an emergency: the search was cut short, and the proof needs the time).
    if called:
        unplaced.update(give_way(event, todo, solutions, params))
    complete = all(s.complete for s in solutions.values())
    # Cut short, the halls were not full when the search stopped: the reasons say so.
    cut = not (offered and called and assigned_fully and complete)
    layout = layout_of(event, solutions, kept, unplaced, todo, baseline, cut)
    checking = time.monotonic()
    layout, verdict = checked(event, layout, baseline, workers)
    proved_s = time.monotonic() - checking
    aside = {u.request_id: u.reason for u in layout.unplaced if u.reason.startswith(SET_ASIDE)}
    # Emergency only: a faulted stand stays set aside when what is left of the time limit
    # would not hold the proof of its new seat.
    reseated = not aside or time.monotonic() + proved_s <= start + limit
    if aside and reseated and reseat(solutions, set(aside), params):
        unplaced.update(aside)
        layout = layout_of(event, solutions, kept, unplaced, todo, baseline, cut)
        layout, verdict = checked(event, layout, baseline, workers)
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
    stats = [HallStats(h, s.candidates, len(s.placed), s.score[0]) for h, s in solutions.items()]
    return Result(
        final,
        final.solver.status if final.solver else "",
        time.monotonic() - start,
        stats,
        [v.message for v in verdict.violations],
        verdict,
    )


def _kept(event: Event, baseline: Layout, hostable: list[Request]) -> dict[str, list[Stand]]:
    """The baseline's stands that still fit, and the holes they leave filled by stands
    that were there (`baseline.fill_holes`)."""
    kept = kept_stands(event, baseline)
    ids = {s.request_id for ss in kept.values() for s in ss}
    rest = [r for r in hostable if r.id not in ids]
    for hall_id, stands in fill_holes(event, baseline, kept, rest).items():
        kept.setdefault(hall_id, []).extend(stands)
    return kept


def _homes(event: Event, baseline: Layout | None, todo: list[Request]) -> dict[str, str]:
    """An exhibitor displaced from its stand (a locked stand moved onto it, or its
    contract changed) stays in its hall when the hall can still host it."""
    if baseline is None:
        return {}
    was = {s.request_id: s.hall for s in baseline.stands}
    home: dict[str, str] = {}
    for r in todo:
        hall_id = was.get(r.id, "")
        if hall_id in event.halls and hall_refusal(event, r, event.venue.hall(hall_id)) is None:
            home[r.id] = hall_id
    return home


def _solve_halls(
    event: Event,
    jobs: list[Job],
    params: Params,
    deadline: float,
    workers: int,
    pool: Executor | None,
    works: dict[str, Budget],
    waited: frozenset[str] = frozenset(),
) -> dict[str, HallSolution]:
    """Every hall packed on its own skeleton. A thread per process hands each hall's jobs
    to the pool; every hall's answer is its own, whichever thread or process did the work."""

    def one_hall(job: Job) -> HallSolution:
        hall, requests, items = job
        return solve_hall(
            hall,
            event.rules,
            requests,
            params,
            items,
            deadline,
            workers,
            pool,
            works[hall.id],
            tried_first=waited,
        )

    lanes = process_count(workers) if pool is not None else 1
    solved = side_by_side(one_hall, jobs, lanes, heavy=lambda job: len(job[1]))
    return {hall.id: sol for (hall, *_), sol in zip(jobs, solved, strict=True)}


def _waiting(todo: list[Request], solutions: dict[str, HallSolution]) -> bool:
    """Whether a request the halls could host is still waiting."""
    seated = {pl.request.id for sol in solutions.values() for pl in sol.placed}
    return any(r.id not in seated for r in todo)


def _count(solutions: dict[str, HallSolution]) -> int:
    return sum(len(s.placed) for s in solutions.values())


__all__ = ["Progress", "solve"]
