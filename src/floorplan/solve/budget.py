"""Work a pass may still do, counted in work, never in seconds.

Every pass that packs halls again (the skeletons tried, the stands seated first,
the offers round the halls) spends from a budget in reference milliseconds: what
a pack of that hall costs one core of the machine the parameters were measured
on (`pack_ms`), estimated from the hall's size and its requests, never timed. A
budget is a share of the time limit, so a short limit buys less search; and the
same input spends it to the same point on any machine under any load, where the
clock would cut the search short at a different point each run (seed 5300's
fuzzed events at a 30 s limit: 7 of 24 cut short).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from floorplan.model.event import Event, Rules
from floorplan.model.venue import Hall
from floorplan.solve.params import Params


@dataclass
class Budget:
    """Reference milliseconds the pass may still spend; spent when it reaches zero."""

    left: float

    borrow: float = 0.0
    """Work a hall's final pack may take beyond `left` (it is never skipped): the hall's
    share of the offers' work, which come after it and get that much less. Beyond it the
    final tries fewer requests on the open floor, whatever the hall left out."""

    def spend(self, ms: float) -> None:
        self.left -= ms

    @property
    def spent(self) -> bool:
        return self.left <= 0

    def affords(self, cost: float) -> bool:
        """Whether work of this cost fits in what is left: a pass starts nothing it could not
        finish within its budget (a started trial may cost a fifth of a hall's search)."""
        return self.left >= cost

    def packs(self, cost: float) -> int:
        """Packs of this cost the budget still holds (none when spent; a bound of no bound)."""
        if self.left == math.inf:
            return sys.maxsize
        return max(0, int(self.left // cost)) if cost > 0 else 0


def pack_ms(hall: Hall, requests: int, rules: Rules, params: Params) -> float:
    """One pack of a hall's bands (a candidate skeleton, no open floor filled), in reference
    milliseconds: the skeleton and the coarse walk grow with the hall's floor and its
    columns and keep-outs (each cuts the bands and the walk), the packing with its requests,
    and more so on a fine grid (more widths to try per stand, down to 0.1 m). Fitted to
    189 candidates of 28 events (4 to 360 requests, halls of 1,200 to 48,300 m2, grids of
    0.1 to 1 m), checked on 183 of 26 others: half within 20% of the model, 19 in 20 below
    twice it (the model without columns and grid: 1.25 and 2.3 times)."""
    fineness = 1 / max(rules.grid_m, 0.1)
    return (
        params.pack_ms_base
        + params.pack_ms_per_request * requests * (1 + params.pack_fine_share * fineness)
        + params.pack_ms_per_1000_m2 * float(hall.shape.area) / 1000
        + params.pack_ms_per_obstacle * len(hall.obstacles)
    )


def filled_ms(hall: Hall, requests: int, rules: Rules, params: Params) -> float:
    """One pack with its open floor filled too (a trial, an offer, a hall's final pack)."""
    return params.filled_packs * pack_ms(hall, requests, rules, params)


def fill_beyond(hall: Hall, requests: int, rules: Rules, params: Params, filled: int) -> float:
    """Packs of the hall that a filled pack of `requests` cost beyond `filled_ms`: the open
    floor's work for the `filled` requests it was tried for (`HallSolution.filled`), by the
    hall's floor, where that is more than `filled_ms` priced. Known once the pack is back,
    so the same on any machine."""
    one = pack_ms(hall, requests, rules, params)
    each = params.fill_ms_per_left_1000_m2 * float(
        hall.shape.area
    ) / 1000 + params.fill_ms_per_left_obstacle * len(hall.obstacles)
    return max(0.0, each * filled / one - (params.filled_packs - 1))


def call_ms(hall: Hall, requests: int, rules: Rules, params: Params, tries: int) -> float:
    """A hall's last call that tries at most `tries` requests on the open floor, for a hall
    of `requests` stands and newcomers (`Params.call_base_packs`)."""
    packs = params.call_base_packs + params.call_packs_per_try * tries
    return packs * pack_ms(hall, requests, rules, params)


def call_tries(hall: Hall, requests: int, rules: Rules, params: Params, ms: float) -> int:
    """The most tries a last call of the hall can make for `ms` (0: not even its base)."""
    base = call_ms(hall, requests, rules, params, 0)
    each = call_ms(hall, requests, rules, params, 1) - base
    if ms < base:
        return 0
    return sys.maxsize if each <= 0 else int((ms - base) / each + 1e-9)


def trial_ms(
    hall: Hall, requests: int, rules: Rules, params: Params, spots: int | None = None
) -> float:
    """Seating one stand first on a hall's open floor (`hall.seat_first`): each of its
    `spots` (at most `Params.reserve_spots`) packed on the fine raster, the best few filled
    too."""
    spots = params.reserve_spots if spots is None else spots
    fills = min(spots, params.reserve_fills)
    one = pack_ms(hall, requests, rules, params)
    return (spots * params.fine_packs + fills * params.filled_packs) * one


@dataclass(frozen=True)
class Plan:
    """When the search must end, when the last passes must, and the work each pass may do
    (reference milliseconds): a pure function of the limit and the event's size."""

    window_s: float
    """From the start to the search's emergency deadline."""

    finish_s: float
    """From the start to the last passes' emergency deadline (the proof's time is left)."""

    search_ms: float
    offers_ms: float
    align_ms: float
    last_call_ms: float
    assign_units: float
    """CP-SAT deterministic time the hall knapsack may use (it runs in the window too)."""


def trade_ms(stands: int, params: Params) -> float:
    """One trade of equal slots in a hall of `stands` stands (`trade.trade_slots`)."""
    return params.trade_ms_per_stand * stands + params.trade_ms_per_stand_pair * stands**2


def plan(
    limit: float,
    proof: float,
    params: Params,
    knapsack_units: float = 0.0,
    spread: float = 2.0,
    fixed_ms: float = 0.0,
) -> Plan:
    """Each pass's share: per second of the window for the search and the offers, per second
    to the finish for aligning and the last call; and all of them together within
    `Params.work_ms_per_s` per second to the finish, the search and the offers cut to fit
    (when the proof's reserve bounds the window, all four pass within it). Planned again
    once the hall knapsack has run, with the `knapsack_units` it used, which ran in the
    same time: on a slow machine's one core, seed 5300's 287- and 300-request events at a
    30 s limit ended their aligning past the finish while the knapsack went uncounted.
    `spread` is how many halls' worth of work run side by side (`spread_of`): where one
    hall holds all of it, less is done per second (`Params.work_ms_per_s_alone`).
    `proof` is the seconds kept back for the proof (`proof_s`).
    `fixed_ms` is work the passes do whatever their budgets (the trades of equal slots,
    `trade_ms`): aligning leaves room for it, down to half its share, and the search and
    the offers for the rest. Aligning first: it only lines blocks up, where a search cut
    by a tenth of a second may seat a stand less (Hong Kong's hall-7 at 20 s: one skeleton
    fewer, and the robotaxi island left out)."""
    window = window_s(limit, proof, params)
    finish = max(0.0, limit - proof)
    units = min(params.assign_deterministic_s, params.assign_share * window)
    align = params.align_ms_per_s * finish
    last = params.last_call_ms_per_s * finish
    search = params.search_ms_per_s * window
    offers = params.offer_ms_per_s * window
    knapsack = knapsack_units * params.assign_ms_per_unit
    side = min(1.0, max(0.0, spread - 1.0))
    rate = params.work_ms_per_s_alone + side * (params.work_ms_per_s - params.work_ms_per_s_alone)
    room = rate * finish - align - last - knapsack - fixed_ms
    # Where the fixed work leaves the search short, aligning gives way first.
    short = min(max(0.0, search + offers - room), fixed_ms, align / 2)
    align -= short
    room = max(0.0, room + short)
    cut = min(1.0, room / (search + offers)) if search + offers > 0 else 0.0
    return Plan(window, finish, search * cut, offers * cut, align, last, units)


def spread_of(costs: list[float]) -> float:
    """How many halls' worth of work there is to run side by side: the halls' work (what a
    pack of each costs) over the largest hall's. 1 for one hall, or one that holds it all;
    2 for two equal halls."""
    most = max(costs, default=0.0)
    return sum(costs) / most if most > 0 else 1.0


def aligning_ms(work: Plan, left_ms: float) -> float:
    """Aligning's work: its own share and what the search and the offers left of theirs
    (`left_ms`), up to as much again. All of it (which the plan counted in the same
    seconds) aligned more (fuzzed seed 6900: 0.764 of block edges against 0.757), but a
    hall of 190 stands whose skeletons were tried early then ended its aligning 0.05 s
    before its emergency stop with both cores busy (2.3 s before with the cap)."""
    return work.align_ms + min(max(0.0, left_ms), work.align_ms)


def window_s(limit: float, proof: float, params: Params) -> float:
    """Seconds from the start to the emergency deadline of the search: what the work
    budgets are shares of (the rest of the limit is the proof's, `proof` seconds, and the
    last passes')."""
    return max(0.0, min(params.search_share * limit, limit - proof))


def proof_s(event: Event, params: Params) -> float:
    """Seconds kept back for the validator's proof of the event's layout, with the cores
    busy (`Params.proof_s_base` and after): each hall taken to hold the requests in
    proportion to its floor. A pure function of the event, so the deadlines it places are
    the same on every run; the proof of one hall of 360 stands takes longer than that of
    six halls of 400, and a hall with a column grid longer than one without (its stands
    notched round columns are polygons, whose walks inside are cut into convex parts)."""
    halls = event.hall_models
    floor = sum(float(h.shape.area) for h in halls)
    n = len(event.requests)
    shares = [n * float(h.shape.area) / floor for h in halls] if floor > 0 else [float(n)]
    # Stands notched round columns (polygons) cost the proof most: up to one a column.
    notched = [(min(float(len(h.columns)), k), k) for h, k in zip(halls, shares, strict=False)]
    idle = (
        params.proof_s_base
        + params.proof_s_per_request * n
        + params.proof_s_per_pair * sum(k * k for k in shares)
        + params.proof_s_per_column * sum(c for c, _ in notched)
        + params.proof_s_per_column_stand * sum(c * k for c, k in notched)
    )
    return params.proof_busy * idle


__all__ = [
    "Budget",
    "Plan",
    "aligning_ms",
    "call_ms",
    "call_tries",
    "fill_beyond",
    "filled_ms",
    "pack_ms",
    "plan",
    "proof_s",
    "spread_of",
    "trade_ms",
    "trial_ms",
    "window_s",
]
