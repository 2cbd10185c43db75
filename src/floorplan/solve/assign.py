"""Which hall each request goes to: a CP-SAT knapsack over halls.

Deciding halls first and then laying each hall out alone is what keeps big
shows tractable. Capacities are estimates (stand area plus its share of
aisles); the per-hall layout has the last word, and requests it cannot fit
get a second chance in halls with room left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from ortools.sat.python import cp_model
from shapely import unary_union

from floorplan.hosting import aisle_round, hall_refusal
from floorplan.model.event import Event, Request
from floorplan.model.venue import Hall
from floorplan.sizes import fitting_extent

PACKING = 1.3
"""Share of the aisle-inclusive floor booked per hall: overbooked on purpose.

The footprints are estimates, and a hall packs best when its model can
choose among more blocks than fit (small ones fill the gaps big ones leave).
The hall model keeps the most valuable blocks; what it leaves gets a second
chance in other halls. Measured on the tight hall: booking 100% placed 3,016
m2, booking everything 3,492 m2."""


@dataclass(frozen=True)
class HallCapacity:
    hall: Hall
    capacity: float
    inner_short: float
    inner_long: float


def footprint(request: Request, event: Event) -> float:
    """Floor a stand takes with its share of the aisles around its block."""
    a = event.rules.aisle_width_m
    if request.open_sides_needed >= 3 or request.area_m2 > 200:
        side = math.sqrt(request.area_m2)
        return (side + a) ** 2
    r = max(event.rules.min_side_m, math.sqrt(request.area_m2))
    return request.area_m2 * (1 + a / (2 * r)) * (1 + a / (event.rules.max_row_m * 0.8))


def overbooked(event: Event) -> int:
    """About how many requests the halls cannot hold: the share of the requests' footprints
    beyond the halls' floor (the floor itself, without the knapsack's deliberate
    overbooking). An estimate from the files alone, before any search (on 20 fuzzed events
    it named 0.5-0.9 of those then left unplaced)."""
    floor = sum(capacity(h, event).capacity for h in event.hall_models) / PACKING
    need = sum(footprint(r, event) for r in event.requests)
    if need <= floor or need <= 0:
        return 0
    return round(len(event.requests) * (1 - floor / need))


def capacity(hall: Hall, event: Event) -> HallCapacity:
    a = event.rules.aisle_width_m
    inner = hall.shape.buffer(-a / 2, join_style="mitre")
    obstacles = unary_union([o.buffer(a / 2, join_style="mitre") for o in hall.obstacles])
    free = inner.difference(obstacles)
    x0, y0, x1, y1 = hall.shape.bounds
    dims = sorted((x1 - x0 - 2 * a, y1 - y0 - 2 * a))
    return HallCapacity(hall, free.area * PACKING, dims[0], dims[1])


def _short_side(request: Request, event: Event, cap: HallCapacity) -> float:
    """Narrowest side of a shape of this request that fits across the hall (the least it
    takes along the hall); a stand too long to lie across takes its thinnest side.

    Found by walking up the short side, never by listing every size: on a 1 cm grid
    a car maker's stand has millions of sizes."""
    rules = event.rules
    across = fitting_extent(request, rules, math.inf, cap.inner_short)
    along = across or fitting_extent(request, rules, math.inf, math.inf)
    return along[0] if along else 0.0


class Assignment(NamedTuple):
    """The halls chosen, by request id, and what finding them took."""

    halls_of: dict[str, str]
    by_budget: bool
    """Whether the work budget or optimality (not the wall clock) ended the search."""
    units: float
    """CP-SAT deterministic time the search used: the same on any machine (one worker, one
    seed), so the passes after it can count it as work done in their window."""


def assign_halls(
    event: Event,
    requests: list[Request],
    *,
    deterministic_s: float,
    wall_s: float,
    seed: int,
    fixed: dict[str, str] | None = None,
    gap: float = 0.0,
) -> Assignment:
    """Each request's hall (the requests worth placing; others are left out), and what its
    search took. The search stops within `gap` of its bound: once every request is in a
    hall (the value is proved), the rest of the objective is the fullest hall's share in
    permille."""
    fixed = fixed or {}
    halls = [capacity(h, event) for h in event.hall_models]
    m = cp_model.CpModel()
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    for r in requests:
        for c in halls:
            if r.id in fixed and fixed[r.id] != c.hall.id:
                continue
            if hall_refusal(event, r, c.hall) is None:
                x[r.id, c.hall.id] = m.new_bool_var(f"x_{r.id}_{c.hall.id}")
    for r in requests:
        options = [v for (rid, _), v in x.items() if rid == r.id]
        if options:
            m.add_at_most_one(options)
            if r.id in fixed:
                m.add(sum(options) == 1)
    scale = 10
    # Computed once: a request's size table is walked for every hall it may go to.
    need = {r.id: round(footprint(r, event) * scale) for r in requests}
    across = _across(event, requests, halls, set(x), scale)
    loads = []
    for c in halls:
        items = [(r, x[r.id, c.hall.id]) for r in requests if (r.id, c.hall.id) in x]
        load = sum(need[r.id] * v for r, v in items)
        m.add(load <= round(c.capacity * scale))
        big = [(r, v) for r, v in items if across[r.id, c.hall.id]]
        if big:
            a = event.rules.aisle_width_m
            m.add(
                sum(across[r.id, c.hall.id] * v for r, v in big)
                <= round((c.inner_long + a) * scale)
            )
        share = m.new_int_var(0, 1000, f"share_{c.hall.id}")
        m.add(share * round(c.capacity * scale) >= 1000 * load)
        loads.append(share)
    pavilions: dict[str, list[Request]] = {}
    for r in requests:
        if r.pavilion:
            pavilions.setdefault(r.pavilion, []).append(r)
    for pid, members in pavilions.items():
        # A pavilion lives in one hall: membership in a hall implies the pavilion is there.
        heres = []
        for c in halls:
            here = m.new_bool_var(f"pav_{pid}_{c.hall.id}")
            for r in members:
                v = x.get((r.id, c.hall.id))
                if v is not None:
                    m.add_implication(v, here)
            heres.append(here)
        m.add_at_most_one(heres)
    value = sum(
        round(event.request_by_id[rid].area_m2 * (2 + event.request_by_id[rid].tier)) * 1000 * v
        for (rid, _), v in x.items()
    )
    worst = m.new_int_var(0, 1000, "worst_share")
    m.add_max_equality(worst, loads)
    # Direct competitors in different halls where possible: 10 m apart inside one
    # hall is legal but costs the hall's model the room it needs for both.
    together = []
    ids = {r.id for r in requests}
    for r in requests:
        for other in r.keep_apart:
            if other not in ids or other < r.id:
                continue
            for c in halls:
                xa, xb = x.get((r.id, c.hall.id)), x.get((other, c.hall.id))
                if xa is not None and xb is not None:
                    both = m.new_bool_var(f"both_{r.id}_{other}_{c.hall.id}")
                    m.add_bool_or([xa.Not(), xb.Not(), both])
                    together.append(both)
    m.maximize(value - worst - 100 * sum(together))
    solver = cp_model.CpSolver()
    prm = solver.parameters
    # One worker: CP-SAT's parallel search is not reproducible (see place.solve_hall),
    # and this knapsack is small.
    prm.num_workers = 1
    # CP-SAT's own Ctrl-C handler, once the solve ends, leaves SIGINT at the system's
    # default: a later Ctrl-C then killed the command outright, its staged maps left behind.
    prm.catch_sigint_signal = False
    # The LP of every at-most-one gives a bound the default level leaves out: with it,
    # a show whose halls take everyone is proved optimal at once (a 253-request event:
    # 0.1 s instead of the whole 6 s budget), and tight ones find more value.
    prm.linearization_level = 2
    prm.random_seed = seed
    prm.max_deterministic_time = max(0.1, deterministic_s)
    prm.max_time_in_seconds = max(0.2, wall_s)
    start = first_fit(event, requests, halls, set(x), fixed, scale, need, across)
    for (rid, hid), v in x.items():
        m.add_hint(v, start.get(rid) == hid)
    prm.hint_conflict_limit = 10_000
    prm.absolute_gap_limit = gap
    status = solver.solve(m)
    # Stopped by the wall clock rather than by the deterministic budget or optimality:
    # another run may differ.
    by_clock = status != cp_model.OPTIMAL and solver.wall_time >= 0.95 * prm.max_time_in_seconds
    units = float(solver.response_proto.deterministic_time)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = start
    else:
        chosen = {rid: hid for (rid, hid), v in x.items() if solver.boolean_value(v)}
    return Assignment(
        _roomier(event, requests, chosen, halls, set(x), scale, need), not by_clock, units
    )


def _roomier(
    event: Event,
    requests: list[Request],
    chosen: dict[str, str],
    halls: list[HallCapacity],
    allowed: set[tuple[str, str]],
    scale: int,
    need: dict[str, int],
) -> dict[str, str]:
    """The knapsack's choice with each island that went to a hall whose floor cannot hold it
    with an aisle all round (`hosting.aisle_round`) moved to one that can and has the room,
    the one with most room left, most valuable islands first. `allowed`: the (request,
    hall) pairs the knapsack could choose (hosts, and a displaced exhibitor's own hall).

    A hall whose stage and catering zone leave only a strip that narrow takes its car maker
    into the packing and leaves it out; the hall that could have planned it from the start
    must then make room for it, when there may be no work left for that (fuzzed seed 7000
    ev06: a 1,414 m2 island of the top tier stayed out at a 30 s limit). Only those
    islands move: taking the halls away from the knapsack's model instead changed its
    whole answer, and over-booked events lost 5-6% of their area to that."""
    by_id = {c.hall.id: c for c in halls}
    room = {c.hall.id: round(c.capacity * scale) for c in halls}
    for rid, hid in chosen.items():
        room[hid] -= need[rid]
    out = dict(chosen)
    islands = [r for r in requests if r.open_sides_needed >= 4 and r.id in out]
    for r in sorted(islands, key=lambda r: (-r.area_m2 * (2 + r.tier), r.id)):
        now = out[r.id]
        if r.pavilion or aisle_round(event, r, by_id[now].hall):
            continue
        better = [
            c.hall.id
            for c in halls
            if room[c.hall.id] >= need[r.id]
            and (r.id, c.hall.id) in allowed
            and aisle_round(event, r, c.hall)
        ]
        if better:
            to = max(better, key=lambda h: room[h])
            out[r.id] = to
            room[now] += need[r.id]
            room[to] -= need[r.id]
    return out


def _across(
    event: Event,
    requests: list[Request],
    halls: list[HallCapacity],
    allowed: set[tuple[str, str]],
    scale: int,
) -> dict[tuple[str, str], int]:
    """Per allowed (request, hall): the width a big stand takes across the hall with its
    aisle (scaled), or 0 for a stand small enough not to count."""
    a = event.rules.aisle_width_m
    out = {}
    for r in requests:
        for c in halls:
            if (r.id, c.hall.id) in allowed:
                side = _short_side(r, event, c)
                out[r.id, c.hall.id] = (
                    round((side + a) * scale) if side > 0.3 * c.inner_short else 0
                )
    return out


def first_fit(
    event: Event,
    requests: list[Request],
    halls: list[HallCapacity],
    allowed: set[tuple[str, str]],
    fixed: dict[str, str],
    scale: int,
    need: dict[str, int],
    across: dict[tuple[str, str], int],
) -> dict[str, str]:
    """Most valuable first, each into the allowed hall with most room: the model's start.

    On 1,500 requests over 16 halls a single-worker search without it left
    most of the show to the second chance.
    """
    room = {c.hall.id: round(c.capacity * scale) for c in halls}
    wide = {c.hall.id: round((c.inner_long + event.rules.aisle_width_m) * scale) for c in halls}
    pavilion_hall: dict[str, str] = {}
    out: dict[str, str] = {}
    order = sorted(requests, key=lambda r: (r.id not in fixed, -r.area_m2 * (2 + r.tier), r.id))
    for r in order:
        options = [c.hall.id for c in halls if (r.id, c.hall.id) in allowed]
        if r.pavilion in pavilion_hall:
            options = [h for h in options if h == pavilion_hall[r.pavilion]]
        best = None
        for h in sorted(options, key=lambda h: (-room[h], h)):
            big = across[r.id, h]
            if need[r.id] <= room[h] and big <= wide[h]:
                best = (h, big)
                break
        if best is None:
            continue
        h, big = best
        out[r.id] = h
        room[h] -= need[r.id]
        wide[h] -= big
        if r.pavilion:
            pavilion_hall.setdefault(r.pavilion, h)
    return out
