"""Equal slots traded so that higher tiers stand nearer the entrance.

The packer seats tiers from the entrance outward, but a slot goes to whoever fits it
first. Once the slots exist, who gets which is an assignment (`fairness.assign_tiers`,
solved to optimality among slots a stand fits) and, inside a row, an order
(`fairness.order_rows`). This module says what "fits" means for a hall's slots: the size
range of the stand, and the open sides the slot has with every other stand standing.
"""

from __future__ import annotations

from functools import cache

from floorplan.model.event import Request
from floorplan.sizes import area_bounds, width_range
from floorplan.solve.fairness import assign_tiers, order_rows, swap_blocks
from floorplan.solve.hall import (
    HallSolution,
    served,
)
from floorplan.solve.infill import OPEN_FLOOR
from floorplan.solve.pack import Placed
from floorplan.solve.params import Params
from floorplan.solve.problem import Rect
from floorplan.solve.walk import Walk, build_walk

AREA_SLACK_M2 = 1e-6
"""Rounding room of the area pre-check in `trade_slots`: wider than `width_range`'s own
(1e-9 of a grid unit, times a stand's depth in m2 per unit), so it never refuses a slot
that `width_range` would allow."""


def trade_slots(sol: HallSolution, params: Params) -> list[Placed]:
    p = sol.problem
    g = p.g
    rules = p.rules

    # The assignment weighs every request against every slot (187,000 pairs in a hall of
    # 432 stands): the sizes and the nearness are looked up once each.
    near_rect = cache(p.nearness)
    # Sizes by request id: hashing a request hashes every field.
    by_id = {pl.request.id: pl.request for pl in sol.placed}

    @cache
    def span(rid: str, depth: int) -> tuple[int, int] | None:
        return width_range(by_id[rid], depth, rules)

    def nearness(pl: Placed) -> float:
        return near_rect(pl.rect)

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
        if req.exact_size is None:
            # A flexible stand's area is within its tolerance whatever its shape: most
            # slots are ruled out by that alone.
            lo, hi = area_bounds(req, rules)
            if not lo - AREA_SLACK_M2 <= w * d * g * g <= hi + AREA_SLACK_M2:
                return False
        return any(
            (got := span(req.id, depth)) is not None and got[0] <= width <= got[1]
            for width, depth in ((w, d), (d, w))
        )

    def seated(moved: list[Placed]) -> list[Placed] | None:
        """Stands of traded blocks, each with the open sides it has where it now stands, or
        None when one loses what it needs (the blocks cover the same floor as before the
        trade: one walk serves)."""
        nonlocal walk
        walk = walk or build_walk(p, [q.rect for q in sol.placed], params)
        out = []
        for pl in moved:
            x, y, w, d = pl.rect
            acc = walk.access((x * g, y * g, w * g, d * g), params.open_share)
            if not served(p, walk, pl, params):
                return None
            out.append(Placed(pl.request, pl.rect, len(acc.open), pl.segment))
        return out

    swapped = swap_blocks(
        sol.placed, near_rect, movable, p.units(rules.aisle_width_m), seated, params.block_swaps
    )
    traded = assign_tiers(swapped, nearness, movable, fits)

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
