"""Equal slots traded so that higher tiers stand nearer the entrance.

The packer seats tiers from the entrance outward, but a slot goes to whoever fits it
first. Once the slots exist, who gets which is an assignment (`fairness.assign_tiers`,
solved to optimality among slots a stand fits) and, inside a row, an order
(`fairness.order_rows`). This module says what "fits" means for a hall's slots: the size
range of the stand, and the open sides the slot has with every other stand standing.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from functools import cache

from floorplan.hosting import hall_refusal
from floorplan.model.event import Event, Request
from floorplan.sizes import area_bounds, width_range
from floorplan.solve.fairness import assign_tiers, order_rows, swap_blocks
from floorplan.solve.hall import (
    HallSolution,
    served,
)
from floorplan.solve.infill import OPEN_FLOOR
from floorplan.solve.notch import fits as notch_fits
from floorplan.solve.pack import Placed
from floorplan.solve.params import Params
from floorplan.solve.problem import Rect, rect_gap
from floorplan.solve.walk import Walk, build_walk

AREA_SLACK_M2 = 1e-6
"""Rounding room of the area pre-check in `trade_slots`: wider than `width_range`'s own
(1e-9 of a grid unit, times a stand's depth in m2 per unit), so it never refuses a slot
that `width_range` would allow."""


class Slots:
    """What fits a hall's slots: the size range of a stand, and the open sides a slot has
    with every other stand of the hall standing (one walk per hall, made only when a
    request asks for more open sides than the slot's own stand did)."""

    def __init__(self, sol: HallSolution, params: Params) -> None:
        self.sol = sol
        self.params = params
        self.rivals = set(sol.problem.rivals)
        self.walk: Walk | None = None
        self._measured: dict[Rect, int] = {}
        self._spans: dict[tuple[str, int], tuple[int, int] | None] = {}

    def movable(self, pl: Placed) -> bool:
        """A stand that may change places: raw space (segment -1) too, two car makers of one
        size may swap their spaces; not a pavilion member or a keep-apart rival."""
        r = pl.request
        seated = pl.segment >= -1 or pl.segment == OPEN_FLOOR
        return seated and not r.pavilion and r.id not in self.rivals

    def walked(self) -> Walk:
        if self.walk is None:
            self.walk = build_walk(self.sol.problem, [q.rect for q in self.sol.placed], self.params)
        return self.walk

    def open_sides(self, pl: Placed) -> int:
        """The slot's open sides with every stand of the hall standing, as the validator
        counts them. A stand's own count is from when it was seated: stands seated after
        it may have taken sides it did not need (fuzzed ev28: a corner stand traded onto
        an inline one's slot that had one open side left, and was set aside)."""
        if pl.rect not in self._measured:
            g = self.sol.problem.g
            x, y, w, d = pl.rect
            got, _ = self.walked().serves((x * g, y * g, w * g, d * g), self.params.open_share)
            self._measured[pl.rect] = min(got, pl.open_sides)
        return self._measured[pl.rect]

    def _span(self, req: Request, depth: int) -> tuple[int, int] | None:
        # By request id: hashing a request hashes every field.
        key = (req.id, depth)
        if key not in self._spans:
            self._spans[key] = width_range(req, depth, self.sol.problem.rules)
        return self._spans[key]

    def fits(self, req: Request, pl: Placed) -> bool:
        # The slot's own stand was proved open as far as it needs (raw space only so far).
        need = req.open_sides_needed
        if need > pl.request.open_sides_needed and (pl.segment == -1 or need > self.open_sides(pl)):
            return False
        g = self.sol.problem.g
        _, _, w, d = pl.rect
        if req.exact_size is None:
            # A flexible stand's area is within its tolerance whatever its shape: most
            # slots are ruled out by that alone.
            lo, hi = area_bounds(req, self.sol.problem.rules)
            if not lo - AREA_SLACK_M2 <= w * d * g * g <= hi + AREA_SLACK_M2:
                return False
        return any(
            (got := self._span(req, depth)) is not None and got[0] <= width <= got[1]
            for width, depth in ((w, d), (d, w))
        )

    def takes(self, req: Request, pl: Placed) -> bool:
        """`fits`, notched round a column as a planner would cut it: a slot notched holds
        less than its rectangle, and `passes.misfits` would send a stand that lost its
        area there off the slot again (the trades run before that pass and leave it to
        it; a request that waits has nowhere to go back to)."""
        p = self.sol.problem
        return self.fits(req, pl) and (
            not p.hall.column_shapes or notch_fits(req, pl.rect, p, self.params.notch_depth_m)
        )


def trade_slots(sol: HallSolution, params: Params) -> list[Placed]:
    p = sol.problem
    g = p.g
    # The assignment weighs every request against every slot (187,000 pairs in a hall of
    # 432 stands): the nearness is looked up once each.
    near_rect = cache(p.nearness)

    def nearness(pl: Placed) -> float:
        return near_rect(pl.rect)

    slots = Slots(sol, params)
    movable, fits = slots.movable, slots.fits

    def seated(moved: list[Placed]) -> list[Placed] | None:
        """Stands of traded blocks, each with the open sides it has where it now stands, or
        None when one loses what it needs (the blocks cover the same floor as before the
        trade: one walk serves)."""
        walk = slots.walked()
        out = []
        for pl in moved:
            x, y, w, d = pl.rect
            acc = walk.access((x * g, y * g, w * g, d * g), params.open_share)
            if not served(p, walk, pl, params):
                return None
            out.append(Placed(pl.request, pl.rect, len(acc.open), pl.segment))
        return out

    swapped = swap_blocks(
        sol.placed, near_rect, movable, p.units(p.rules.aisle_width_m), seated, params.block_swaps
    )
    traded = assign_tiers(swapped, nearness, movable, fits)

    def in_row(pl: Placed) -> bool:
        return movable(pl) and pl.request.open_sides_needed <= 2

    def keeps(moved: list[Placed]) -> bool:
        """The stands of a re-ordered row keep the open sides they need, their walk and the
        walk inside them (the row covers the same floor: one walk serves every order)."""
        walk = slots.walked()
        return all(served(p, walk, pl, params) for pl in moved)

    ordered = order_rows(traded, nearness, in_row, keeps)
    return ordered if ordered == traded else assign_tiers(ordered, nearness, movable, fits)


def give_way(
    event: Event, todo: list[Request], solutions: dict[str, HallSolution], params: Params
) -> dict[str, str]:
    """Requests still waiting take the slots of lower tiers they fit; returns the requests
    that gave way, each with its reason.

    The packer seats tiers in order, but a slot goes to whoever fits it when it is made:
    a tier-5 corner of 26 m2 was left out while a tier-3 island of 28 m2 stood in a slot
    it fitted (fuzzed seed 33000 ev09), and pavilions and the open floor seat out of
    order too. Highest tier first, a waiting request takes the slot of the lowest tier it
    fits (the same floor, so the hall stays as valid as it was) in a hall that may host
    it, the nearest to the entrance of them; who gave way waits in turn, for a slot of a
    tier lower than its own. The halls that changed trade their equal slots once more,
    so the newly seated stand nearer than lower tiers where a slot allows. Keep-apart
    rivals neither take nor give a slot (their places depend on others'), nor do pavilion
    members give one; a member waiting takes one within one aisle of a fellow, in the
    hall its pavilion stands in, or, where none of its pavilion stands, two slots within
    one aisle of each other with the fellow of the highest tier that has one."""
    way = _Way(event, solutions, params)
    order = itertools.count()  # ties never reach the requests themselves
    heap = [
        (-r.tier, -r.area_m2, r.id, next(order), r)
        for r in todo
        if r.id not in way.placed and r.id not in way.rivals
    ]
    heapq.heapify(heap)
    waiting = {r.id for *_, r in heap}

    def waiting_of(pavilion: str) -> list[Request]:
        """The members of `pavilion` still waiting, the highest tier first."""
        members = [r for *_, r in heap if r.id in waiting and r.pavilion == pavilion]
        return sorted(members, key=lambda r: (-r.tier, -r.area_m2, r.id))

    while heap:
        *_, req = heapq.heappop(heap)
        if req.id not in waiting:
            continue  # seated with a fellow
        seats = way.seats(req, waiting_of)
        for who, (hid, i) in seats:
            waiting.discard(who.id)
            out = way.seat(who, hid, i)
            waiting.add(out.id)
            heapq.heappush(heap, (-out.tier, -out.area_m2, out.id, next(order), out))
    for hid in way.changed:
        solutions[hid].placed = trade_slots(solutions[hid], params)
    return way.gave


Key = tuple[int, float, str]


class _Way:
    """`give_way`'s state: the halls' slots, the pavilions standing, who gave way."""

    def __init__(self, event: Event, solutions: dict[str, HallSolution], params: Params):
        self.event = event
        self.solutions = solutions
        self.rivals = {r.id for r in event.requests if r.keep_apart} | {
            o for r in event.requests for o in r.keep_apart
        }
        self.placed = {pl.request.id for sol in solutions.values() for pl in sol.placed}
        self.fellows: dict[str, tuple[str, list[Rect]]] = {}
        """Per pavilion standing, its hall and its members' slots."""
        for hid, sol in solutions.items():
            for pl in sol.placed:
                if pl.request.pavilion:
                    self.fellows.setdefault(pl.request.pavilion, (hid, []))[1].append(pl.rect)
        self.slots = {hid: Slots(sol, params) for hid, sol in solutions.items()}
        self.halls = {h.id: h for h in event.hall_models}
        self.gave: dict[str, str] = {}
        self.changed: set[str] = set()

    def _options(self, req: Request, near: list[Rect] | None) -> list[tuple[Key, str, int]]:
        """The slots `req` may take, best first: the lowest tier, then the nearest; within
        one aisle of a slot of `near` when given, in its pavilion's hall."""
        home = self.fellows.get(req.pavilion or "", (None, []))[0]
        out = []
        for hid, sol in self.solutions.items():
            if home not in (None, hid) or hall_refusal(self.event, req, self.halls[hid]):
                continue
            fit = self.slots[hid]
            reach = sol.problem.pavilion_reach + 1e-9
            for i, pl in enumerate(sol.placed):
                other = pl.request
                if other.tier >= req.tier or not fit.movable(pl) or other.id in self.rivals:
                    continue
                if near is not None and min(rect_gap(pl.rect, q) for q in near) > reach:
                    continue
                if fit.takes(req, pl):
                    out.append(((other.tier, sol.problem.nearness(pl.rect), other.id), hid, i))
        return sorted(out)

    def seats(
        self, req: Request, fellows_waiting: Callable[[str], list[Request]]
    ) -> list[tuple[Request, tuple[str, int]]]:
        """Where `req` sits, and a fellow with it (of those waiting, the highest tier first)
        when its pavilion stands nowhere yet."""
        pavilion = req.pavilion
        if not pavilion or pavilion in self.fellows:
            near = self.fellows[pavilion][1] if pavilion else None
            options = self._options(req, near)
            return [(req, options[0][1:])] if options else []
        mine = self._options(req, None)
        if not mine:
            return []
        for mate in fellows_waiting(pavilion):
            theirs = self._options(mate, None)
            for _, hid, i in mine:
                rect = self.solutions[hid].placed[i].rect
                reach = self.solutions[hid].problem.pavilion_reach + 1e-9
                for _, hid2, j in theirs:
                    if (
                        hid2 == hid
                        and j != i
                        and rect_gap(rect, self.solutions[hid].placed[j].rect) <= reach
                    ):
                        return [(req, (hid, i)), (mate, (hid, j))]
        return []

    def seat(self, req: Request, hid: str, i: int) -> Request:
        """`req` into slot `i` of hall `hid`; returns who gave way."""
        sol = self.solutions[hid]
        old = sol.placed[i]
        sol.placed[i] = Placed(req, old.rect, old.open_sides, old.segment)
        self.gave.pop(req.id, None)
        self.gave[old.request.id] = (
            f"no room left: its slot in {hid} went to {req.name} (tier {req.tier}), a higher "
            "tier no free slot fitted, and no slot of a lower tier than its own fits it"
        )
        self.changed.add(hid)
        if req.pavilion:
            self.fellows.setdefault(req.pavilion, (hid, []))[1].append(old.rect)
        return old.request
