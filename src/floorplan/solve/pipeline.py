"""`solve`: event in, validated layout out.

Phases: requests no hall can host are set aside with their reason; a CP-SAT
knapsack assigns the rest to halls; each hall's requests become blocks
(islands and double rows) that a second CP-SAT model places; requests that
did not fit get a greedy second chance in any hall with room; the layout is
then checked by the independent validator, and stands it faults are
re-placed with a tighter travel bound or, failing that, left unplaced with
the validator's reason. The time limit covers all of it.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from floorplan.hosting import hall_refusal, unhostable_reason
from floorplan.io.errors import InputError
from floorplan.model.event import Event, Request
from floorplan.model.layout import Layout, SolverInfo, Stand, Unplaced
from floorplan.sizes import smallest_extent
from floorplan.solve.assign import assign
from floorplan.solve.baseline import fill_holes, kept_blocks
from floorplan.solve.blocks import Block, build_blocks, island_shapes, units
from floorplan.solve.fairness import tier_order
from floorplan.solve.frame import Frame, frame, wall_stretches
from floorplan.solve.place import HallProblem, Placement, Spot, greedy, solve_hall, travel_bound
from floorplan.solve.reasons import full_reason, largest_free_block
from floorplan.solve.result import HallStats, Result

Progress = Callable[[str, str, int, float | None, float | None, float], None]
"""(phase, hall, stands placed so far, best objective, bound, elapsed s)."""

REPAIR_ROUNDS = 3

DETERMINISTIC_PER_SECOND = 0.4
"""CP-SAT deterministic time budgeted per second of time limit (shared by the portfolio).

Measured on a 2-core machine: a single-worker search turned one deterministic
second into about 2.5 wall seconds at load 2 and up to 5 under heavy load. The
portfolio splits the budget as if on 2 cores, so with 2 workers a hall takes
about its share of the time limit and the wall-clock safety net (3x the share)
stays clear. A single-worker search needs about 3 deterministic seconds on a
20-block hall to improve its start; below 0.5 it returns nothing and the greedy
start stands. The same input, seed and workers then give the same layout;
`solver.deterministic` in layout.json says whether it held.
"""

PLACE_SHARE = 0.7
"""Share of the time limit for placing halls; the rest covers assignment,
validation, repair and writing."""


@dataclass
class _HallState:
    frame: Frame
    problem: HallProblem
    placement: Placement
    wall_s: float
    locked: list[Stand]


def _quiet(*_: object) -> None:
    return None


def solve(
    event: Event,
    *,
    time_limit_s: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    baseline: Layout | None = None,
    progress: Progress | None = None,
) -> Result:
    """Lay out the event. Same event, seed and workers give the same layout."""
    start = time.monotonic()
    limit = time_limit_s if time_limit_s is not None else event.solver.time_limit_s
    seed = event.solver.seed if seed is None else seed
    workers = event.solver.workers if workers is None else workers
    report = progress or _quiet
    deadline = start + limit

    def left() -> float:
        return max(0.0, deadline - time.monotonic())

    unplaced: dict[str, str] = {}
    hostable: list[Request] = []
    for req in event.requests:
        reason = unhostable_reason(event, req)
        if reason:
            unplaced[req.id] = reason
        else:
            hostable.append(req)
    frames = {hall.id: frame(hall, event.rules) for hall in event.hall_models}
    kept = kept_blocks(event, baseline, frames) if baseline is not None else {}
    kept_hall = {r.id: h for h, ks in kept.items() for k in ks for r in k.block.members}
    report("assign", "", 0, None, None, time.monotonic() - start)
    assign_s = min(max(1.0, 0.05 * limit), 0.2 * limit)
    halls_of = assign(
        event,
        hostable,
        deterministic_s=assign_s * DETERMINISTIC_PER_SECOND,
        wall_s=assign_s,
        seed=seed,
        fixed=kept_hall,
    )
    problems = []
    locked: dict[str, list[Stand]] = {}
    for hall in event.hall_models:
        members = [r for r in hostable if halls_of.get(r.id) == hall.id and r.id not in kept_hall]
        fr = frames[hall.id]
        filled = fill_holes(kept.get(hall.id, []), members, event.rules)
        members = [r for r in members if r.id not in filled]
        blocks, refused = build_blocks(members, event.rules, hall.id, wall_stretches(fr))
        for req, why in refused:
            unplaced[req.id] = why
        # Locked clusters are obstacles; other kept clusters are blocks that would rather stay.
        hall_kept = kept.get(hall.id, [])
        locked[hall.id] = [s for k in hall_kept if k.locked for s in k.stands]
        fr = replace(fr, fixed=fr.fixed + tuple(k.box() for k in hall_kept if k.locked))
        soft = [k for k in hall_kept if not k.locked]
        problem = _problem(event, fr, [*blocks, *(k.block for k in soft)])
        problem.previous = {len(blocks) + j: k.spot for j, k in enumerate(soft)}
        problems.append((hall, fr, problem))
    # Budgets follow from the time limit and the work, never from the clock: reproducible.
    weights = [1 + len(problem.blocks) for _, _, problem in problems]
    states: dict[str, _HallState] = {}
    for (hall, fr, problem), weight in zip(problems, weights, strict=True):
        budget = PLACE_SHARE * limit * weight / sum(weights)
        # Wall-clock safety net only: the deterministic budget should end the search first.
        wall = max(0.2 * budget, min(3 * budget, left() - (1 - PLACE_SHARE) * limit))
        t0 = time.monotonic()
        placement = solve_hall(
            problem,
            deterministic_s=budget * DETERMINISTIC_PER_SECOND,
            wall_s=wall,
            seed=seed,
            workers=workers,
        )
        states[hall.id] = _HallState(fr, problem, placement, time.monotonic() - t0, locked[hall.id])
        report(
            "place",
            hall.id,
            _count(states),
            placement.objective,
            placement.bound,
            time.monotonic() - start,
        )
    # Leave validation and repair their share of the time.
    complete = _second_chance(
        event, hostable, states, unplaced, lambda: left() < (1 - PLACE_SHARE) * limit * 0.5
    )
    layout = _layout(event, states, unplaced, baseline)
    report("validate", "", len(layout.stands), None, None, time.monotonic() - start)
    layout, violations = _validated(
        event, layout, states, unplaced, seed, workers, baseline, left, limit
    )
    if not violations:
        layout = _fairer(event, layout, set(kept_hall))
    status = _status(states)
    final = layout.model_copy(
        update={
            "solver": SolverInfo(
                status=status,
                seed=seed,
                workers=workers,
                wall_s=round(time.monotonic() - start, 2),
                time_limit_s=limit,
                deterministic=complete
                and all(st.placement.deterministic for st in states.values()),
            )
        }
    )
    stats = [
        HallStats(
            h,
            len(s.problem.blocks),
            len(s.placement.spots),
            s.placement.status,
            s.placement.objective,
            s.placement.bound,
            round(s.wall_s, 2),
        )
        for h, s in states.items()
    ]
    return Result(final, status, time.monotonic() - start, stats, violations)


def _fairer(event: Event, layout: Layout, pinned: set[str]) -> Layout:
    """Equal stands trade slots by tier; kept only if the validator still agrees."""
    from floorplan.validate import validate

    traded = tier_order(event, layout.stands, pinned)
    if traded == layout.stands:
        return layout
    candidate = layout.model_copy(update={"stands": traded})
    return candidate if validate(event, candidate).valid else layout


def _count(states: dict[str, _HallState]) -> int:
    return sum(len(s.problem.blocks[i].members) for s in states.values() for i in s.placement.spots)


def _status(states: dict[str, _HallState]) -> str:
    statuses = {s.placement.status for s in states.values() if s.problem.blocks}
    if not statuses:
        return "EMPTY"
    for name in ("GREEDY", "FEASIBLE", "OPTIMAL"):
        if name in statuses:
            return name
    return sorted(statuses)[0]


def _problem(event: Event, fr: Frame, blocks: list[Block]) -> HallProblem:
    g = event.rules.grid_m
    index = {r.id: i for i, b in enumerate(blocks) for r in b.members}
    apart = []
    for i, block in enumerate(blocks):
        for req in block.members:
            for other in req.keep_apart:
                j = index.get(other)
                if j is not None and j != i:
                    pair = (min(i, j), max(i, j), units(event.rules.keep_apart_m, g))
                    if pair not in apart:
                        apart.append(pair)
    chains: list[tuple[int, int]] = []
    by_pavilion: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        if block.pavilion:
            by_pavilion.setdefault(block.pavilion, []).append(i)
    for members in by_pavilion.values():
        chains.extend(itertools.pairwise(members))
    travel = [travel_bound(fr, event.rules.max_travel_m)] * len(blocks)
    return HallProblem(fr, blocks, travel, apart, chains)


def _second_chance(
    event: Event,
    hostable: list[Request],
    states: dict[str, _HallState],
    unplaced: dict[str, str],
    out_of_time: Callable[[], bool],
) -> bool:
    """Requests left out by assignment or by their hall: blocks of them, tried hall by hall.

    Placed blocks stay where they are; the leftovers are grouped into blocks
    of their own and fitted around them: as rows first (they use floor best),
    then one stand at a time (an island squeezes into gaps a row cannot use).
    A pavilion's leftovers may only join its hall, one aisle from a member.
    Returns False when the time limit cut it short (what was not tried says so).
    """
    placed_in: dict[str, str] = {}
    for hall_id, st in states.items():
        for i in st.placement.spots:
            for r in st.problem.blocks[i].members:
                placed_in[r.id] = hall_id
        for stand in st.locked:
            placed_in[stand.request_id] = hall_id
    pavilion_hall = {
        r.pavilion: placed_in[r.id] for r in hostable if r.pavilion and r.id in placed_in
    }
    waiting = [r for r in hostable if r.id not in placed_in and r.id not in unplaced]
    complete = True
    for as_rows in (True, False):
        for hall in event.hall_models:
            if out_of_time():
                complete = False
                break
            here = [
                r
                for r in waiting
                if hall_refusal(event, r, hall) is None
                and pavilion_hall.get(r.pavilion or "", hall.id) == hall.id
            ]
            if not here:
                continue
            if as_rows:
                blocks, _ = build_blocks(here, event.rules, f"{hall.id}-late")
            else:
                blocks = [
                    Block(f"{hall.id}-late-{r.id}", [r], shapes, "island", r.pavilion)
                    for r in here
                    if (shapes := island_shapes(r, event.rules))
                ]
            fitted = _fit_more(event, states[hall.id], blocks)
            for r in hostable:
                if r.id in fitted and r.pavilion:
                    pavilion_hall.setdefault(r.pavilion, hall.id)
            waiting = [r for r in waiting if r.id not in fitted]
    for req in waiting:
        unplaced[req.id] = (
            _full_reason(event, req, states)
            if complete
            else "not tried: the time limit ran out before every hall was searched for room "
            "(run with a longer --time-limit)"
        )
    return complete


def _fit_more(event: Event, st: _HallState, blocks: list[Block]) -> set[str]:
    """Greedily fit new blocks around a hall's placed ones; return the ids that found room."""
    old = st.problem
    keep = sorted(st.placement.spots)
    trial = _problem(event, old.frame, [*(old.blocks[i] for i in keep), *blocks])
    trial.travel[: len(keep)] = [old.travel[i] for i in keep]
    trial.fixed_spots = {j: st.placement.spots[i] for j, i in enumerate(keep)}
    trial.previous = {j: old.previous[i] for j, i in enumerate(keep) if i in old.previous}
    spots = greedy(trial)
    fitted = {r.id for j in spots if j >= len(keep) for r in trial.blocks[j].members}
    if fitted:
        st.problem = trial
        st.placement = replace(st.placement, spots=spots)
    return fitted


def _full_reason(event: Event, req: Request, states: dict[str, _HallState]) -> str:
    rooms = []
    for hall in event.hall_models:
        if hall_refusal(event, req, hall) is not None:
            continue
        st = states[hall.id]
        w, d = largest_free_block(st.frame, st.problem.blocks, st.placement.spots)
        g = event.rules.grid_m
        rooms.append((hall.id, w * g, d * g))
    if req.pavilion and not rooms:
        return f"pavilion {req.pavilion} does not fit together in any hall that can host it"
    extent = smallest_extent(req, event.rules) or (math.nan, math.nan)
    why = full_reason(req.area_m2, extent[0], extent[1], rooms)
    if req.pavilion:
        why = f"pavilion {req.pavilion} could not be kept together: " + why
    return why


def _layout(
    event: Event,
    states: dict[str, _HallState],
    unplaced: dict[str, str],
    previous: Layout | None,
) -> Layout:
    g = event.rules.grid_m
    stands: list[Stand] = []
    for hall_id, st in states.items():
        stands.extend(st.locked)
        for i, spot in sorted(st.placement.spots.items()):
            block = st.problem.blocks[i]
            shape = block.shapes[spot.shape]
            by_id = {r.id: r for r in block.members}
            for rid, (x, y, w, d) in shape.stands:
                if block.exact is not None:
                    ex, ey, ew, ed = block.exact[rid]
                    stands.append(
                        Stand(
                            request_id=rid,
                            hall=hall_id,
                            x=round(spot.x * g + ex, 6),
                            y=round(spot.y * g + ey, 6),
                            width=ew,
                            depth=ed,
                            booth_type=by_id[rid].booth_type,
                            locked=by_id[rid].locked,
                        )
                    )
                    continue
                stands.append(
                    Stand(
                        request_id=rid,
                        hall=hall_id,
                        x=round((spot.x + x) * g, 6),
                        y=round((spot.y + y) * g, 6),
                        width=round(w * g, 6),
                        depth=round(d * g, 6),
                        booth_type=by_id[rid].booth_type,
                    )
                )
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


def _place_key(stand: Stand) -> tuple[str, str, float, float, float, float]:
    return (stand.request_id, stand.hall, stand.x, stand.y, stand.width, stand.depth)


def _numbered(event: Event, stands: list[Stand], previous: Layout | None) -> list[Stand]:
    """Stand numbers from geometry; a stand that did not move keeps the number it had."""
    from floorplan.numbering import number_stands

    numbers = number_stands(event, stands)
    if previous is not None:
        old = {_place_key(s): s.number for s in previous.stands if s.number}
        kept = {s.request_id: old[_place_key(s)] for s in stands if _place_key(s) in old}
        taken = set(kept.values())
        for s in stands:
            if s.request_id in kept:
                numbers[s.request_id] = kept[s.request_id]
            elif numbers.get(s.request_id) in taken:
                base = numbers[s.request_id]
                suffix = next(c for c in "ABCDEFGHJKLMNPQRSTUVWXYZ" if base + c not in taken)
                numbers[s.request_id] = base + suffix
            taken.add(numbers.get(s.request_id, ""))
    return [s.model_copy(update={"number": numbers.get(s.request_id, "")}) for s in stands]


def _validated(
    event: Event,
    layout: Layout,
    states: dict[str, _HallState],
    unplaced: dict[str, str],
    seed: int,
    workers: int,
    baseline: Layout | None,
    left: Callable[[], float],
    limit: float,
) -> tuple[Layout, list[str]]:
    """Check with the validator; re-place or set aside what it faults.

    A walk too long (C7) first asks the hall's model for a shorter bound on
    that block; anything else, or a walk still too long, sets the faulted
    stands aside with the validator's words as the reason.
    """
    from floorplan.validate import validate

    for round_ in range(REPAIR_ROUNDS + 1):
        report = validate(event, layout)
        if report.valid:
            return layout, []
        faults: dict[str, tuple[str, str]] = {}
        for v in report.violations:
            for rid in v.stands:
                faults.setdefault(rid, (v.rule, v.message))
        if not faults or round_ == REPAIR_ROUNDS:
            break
        fixed_here = {s.request_id: s.locked for st in states.values() for s in st.locked}
        if fixed_here.keys() & faults.keys():
            # A locked stand the rules reject is the planner's call, not ours to move;
            # so is a stand in one row with it.
            raise InputError(
                [
                    f"{'locked stand' if fixed_here[rid] else 'stand'} {rid}"
                    f"{'' if fixed_here[rid] else ' (in one block with a locked stand)'}: "
                    f"{faults[rid][1]}"
                    for rid in sorted(fixed_here.keys() & faults.keys())
                ]
            )
        tighten = round_ < REPAIR_ROUNDS - 1 and left() > 2.0
        for st in states.values():
            retry = False
            for i in list(st.placement.spots):
                block = st.problem.blocks[i]
                hit = [r.id for r in block.members if r.id in faults]
                if not hit:
                    continue
                if tighten and all(faults[r][0] == "C7" for r in hit):
                    st.problem.travel[i] -= units(5.0, event.rules.grid_m)
                    retry = True
                    continue
                for rid in hit:
                    unplaced[rid] = f"set aside after validation: {faults[rid][1]}"
                rest = block.without(set(hit))
                if rest is None:
                    del st.placement.spots[i]
                else:
                    st.problem.blocks[i] = rest
            if retry:
                share = 0.05 * limit
                st.placement = solve_hall(
                    st.problem,
                    deterministic_s=share * DETERMINISTIC_PER_SECOND,
                    wall_s=min(0.5 * left(), 2 * share),
                    seed=seed,
                    workers=workers,
                )
        layout = _layout(event, states, unplaced, baseline)
    return layout, [v.message for v in report.violations]


__all__ = ["Progress", "Spot", "solve"]
