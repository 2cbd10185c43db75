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

import numpy as np
import shapely

from floorplan.hosting import hall_refusal
from floorplan.model.event import Event, Request
from floorplan.sizes import area_bounds, nominal_width, width_range
from floorplan.solve.extend import Rows
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
        return self.gives(pl) and pl.request.id not in self.rivals

    @staticmethod
    def gives(pl: Placed) -> bool:
        """A stand that may give its slot to a higher tier and wait: seated by the solver,
        not a pavilion member (its fellows stand round it). A keep-apart rival may: where it
        stood nobody needs to keep away from any more."""
        return (pl.segment >= -1 or pl.segment == OPEN_FLOOR) and not pl.request.pavilion

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

    def span(self, req: Request, depth: int) -> tuple[int, int] | None:
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
            (got := self.span(req, depth)) is not None and got[0] <= width <= got[1]
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
    tier lower than its own. A request no one slot fits takes two neighbouring ones
    merged (`_Way.merged`). The halls that changed trade their equal slots once more,
    so the newly seated stand nearer than lower tiers where a slot allows. A keep-apart
    rival takes a slot only as far from its rivals as the rule asks (a tier-2 corner
    waited while a tier-0 one held a slot it fitted, far from its rival: a planner's
    congress); pavilion members give no slot; a member waiting takes one within one
    aisle of a fellow, in the hall its pavilion stands in, or, where none of its pavilion
    stands, two slots within one aisle of each other with the fellow of the highest tier
    that has one."""
    way = _Way(event, solutions, params)
    order = itertools.count()  # ties never reach the requests themselves
    heap = [(-r.tier, -r.area_m2, r.id, next(order), r) for r in todo if r.id not in way.placed]
    heapq.heapify(heap)
    waiting = {r.id for *_, r in heap}

    def wait(out: Request) -> None:
        waiting.add(out.id)
        heapq.heappush(heap, (-out.tier, -out.area_m2, out.id, next(order), out))

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
            wait(way.seat(who, hid, i))
        if not seats and (merge := way.merged(req)) is not None:
            waiting.discard(req.id)
            for out in way.merge(req, *merge):
                wait(out)
    for hid in way.changed:
        solutions[hid].placed = trade_slots(solutions[hid], params)
    return way.gave


Key = tuple[int, float, str]


class _Way:
    """`give_way`'s state: the halls' slots, the pavilions standing, who gave way."""

    def __init__(self, event: Event, solutions: dict[str, HallSolution], params: Params):
        self.event = event
        self.solutions = solutions
        self.rival_of: dict[str, set[str]] = {}
        """Keep-apart pairs both ways, whoever names whom."""
        for r in event.requests:
            for o in r.keep_apart:
                self.rival_of.setdefault(r.id, set()).add(o)
                self.rival_of.setdefault(o, set()).add(r.id)
        self.params = params
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
            p = sol.problem
            reach = p.pavilion_reach + 1e-9
            where = self._where(hid) if req.id in self.rival_of else {}
            for i, pl in enumerate(sol.placed):
                other = pl.request
                if other.tier >= req.tier or not fit.gives(pl):
                    continue
                if near is not None and min(rect_gap(pl.rect, q) for q in near) > reach:
                    continue
                if where and not self._apart(hid, req, pl.rect, where, {other.id}):
                    continue
                if fit.takes(req, pl):
                    out.append(((other.tier, -p.nearness(pl.rect), other.id), hid, i))
        return sorted(out)

    def _where(self, hid: str) -> dict[str, Rect]:
        return {pl.request.id: pl.rect for pl in self.solutions[hid].placed}

    def _apart(
        self, hid: str, req: Request, rect: Rect, where: dict[str, Rect], leaving: set[str]
    ) -> bool:
        """`req` at `rect` is `keep_apart_m` from each of its rivals standing in the hall
        (but those in `leaving`, who give their floor up)."""
        p = self.solutions[hid].problem
        need = p.rules.keep_apart_m / p.g
        return all(
            rect_gap(rect, where[o]) >= need + 1e-6
            for o in self.rival_of.get(req.id, ())
            if o in where and o not in leaving
        )

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

    def merged(self, req: Request) -> tuple[str, int, int, Placed] | None:
        """Two neighbouring slots of lower tiers merged into one stand for `req`, where no
        one slot fits it: a tier-3 yacht of 850 m2 waited while two tier-2 yachts of 416 and
        404 m2 stood side by side in a slot it would have filled (a planner's boat show).
        The two stand in one line, as deep as each other, with nothing between them; `req`
        could take as much floor as they give (within its area tolerance, so no floor is
        lost), stands as deep as they are over the floor between them and into both; and
        every stand of the hall keeps what it had: open sides and walks (the aisle between
        the two closes), rows within `max_row_m`, rivals apart. Returns the hall, the two
        slots and the stand; the lowest tiers first, then the nearest to the entrance, at
        most `merge_tries` pairs proved."""
        if req.pavilion:
            return None
        options = []
        for hid in self.solutions:
            if hall_refusal(self.event, req, self.halls[hid]):
                continue
            for key, i, j, rect in self._pairs(req, hid):
                options.append(((key, hid, i, j), rect))
        options.sort()
        for (_, hid, i, j), rect in options[: self.params.merge_tries]:
            stand = self._proved(req, hid, (i, j), rect)
            if stand is not None:
                return hid, i, j, stand
        return None

    def _pairs(self, req: Request, hid: str) -> list[tuple[Key, int, int, Rect]]:
        """The neighbouring pairs of lower-tier slots of hall `hid` that `req` may merge, each
        with the stand's floor: its nominal width, anchored at the end nearer the entrance."""
        sol = self.solutions[hid]
        p = sol.problem
        fit = self.slots[hid]
        lines: dict[tuple[int, int, int], list[int]] = {}
        for k, pl in enumerate(sol.placed):
            if pl.request.tier < req.tier and fit.gives(pl):
                x, y, w, d = pl.rect
                lines.setdefault((0, y, d), []).append(k)  # side by side along x
                lines.setdefault((1, x, w), []).append(k)  # one above the other
        most = area_bounds(req, p.rules)[1] + AREA_SLACK_M2
        out = []
        for (axis, _, depth), ks in lines.items():
            span = fit.span(req, depth)
            if span is None:
                continue
            ks.sort(key=lambda k: sol.placed[k].rect[axis])
            for i, j in itertools.pairwise(ks):
                a, b = sol.placed[i].rect, sol.placed[j].rect
                s0, s1 = a[axis], b[axis] + b[axis + 2]
                inner0, inner1 = a[axis] + a[axis + 2], b[axis]
                given = (a[2] * a[3] + b[2] * b[3]) * p.g * p.g
                if inner1 < inner0 or given > most or span[0] > s1 - s0:
                    continue
                width = min(nominal_width(req, depth, p.rules) or span[0], s1 - s0)
                ends = [s0, s1 - width]
                if axis == 0:
                    rects = [(e, a[1], width, depth) for e in ends]
                else:
                    rects = [(a[0], e, depth, width) for e in ends]
                fits = [r for r in rects if r[axis] < inner0 and r[axis] + width > inner1]
                if not fits:
                    continue
                rect = max(fits, key=p.nearness)
                tiers = max(sol.placed[i].request.tier, sol.placed[j].request.tier)
                key = (tiers, -p.nearness(rect), sol.placed[i].request.id)
                out.append((key, i, j, rect))
        return out

    def _proved(self, req: Request, hid: str, pair: tuple[int, int], rect: Rect) -> Placed | None:
        """`req` standing at `rect` in place of the stands `pair` of hall `hid`, or None when
        that takes floor no stand may have or anything of the hall's away from it."""
        sol = self.solutions[hid]
        p = sol.problem
        g = p.g
        x, y, w, d = rect
        floor = shapely.box(x * g, y * g, (x + w) * g, (y + d) * g)
        if p.blocked.intersection(floor).area > 1e-9:
            return None  # a column, a keep-out or an exit's clearance between the two
        others = [pl for k, pl in enumerate(sol.placed) if k not in pair]
        if not Rows(p, others, p.passage).clear(np.array([rect], dtype=np.int64))[0]:
            return None
        where = {pl.request.id: pl.rect for pl in others}
        if not self._apart(hid, req, rect, where, set()):
            return None
        stand = Placed(req, rect, 0, OPEN_FLOOR)
        if Rows(p, [*others, stand], p.passage).too_long(set()) is not None:
            return None
        before = self.slots[hid].walked()
        walk = build_walk(p, [*(pl.rect for pl in others), rect], self.params)
        if not served(p, walk, stand, self.params):
            return None
        for pl in others:
            if served(p, before, pl, self.params) and not served(p, walk, pl, self.params):
                return None
        sides = walk.access((x * g, y * g, w * g, d * g), self.params.open_share).open
        return Placed(req, rect, len(sides), OPEN_FLOOR)

    def merge(self, req: Request, hid: str, i: int, j: int, stand: Placed) -> list[Request]:
        """`req` into the floor of slots `i` and `j` of hall `hid`; returns who gave way."""
        sol = self.solutions[hid]
        gone = [sol.placed[i].request, sol.placed[j].request]
        sol.placed = [stand if k == i else pl for k, pl in enumerate(sol.placed) if k != j]
        self.slots[hid] = Slots(sol, self.params)  # the floor changed: a new walk
        self.gave.pop(req.id, None)
        for old, other in zip(gone, reversed(gone), strict=True):
            self.gave[old.id] = (
                f"no room left: its slot in {hid} and {other.name}'s beside it went to "
                f"{req.name} (tier {req.tier}), a higher tier no one free slot fitted, and "
                "no slot of a lower tier than its own fits it"
            )
        self.changed.add(hid)
        return gone
