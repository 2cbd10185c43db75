"""Empty stretches of a hall's rows, and a last call that offers them to who still waits.

The passes after the packing move stands: blocks slide onto each other's lines,
guests from other halls push single stands out, the validator sets a faulted
stand aside. Each can leave a stretch of a row empty that no pass fills again,
and the unplaced reasons then named a "largest free slot" the waiting stand
fitted (fuzzed ev08: 75 requests of 12 m2 sent away with a free 4.5 x 6.5 m
slot named in every reason). A planner would not: before he tells an
exhibitor the hall is full, he looks along the rows once more. The last call
packs the waiting requests into those stretches as the packer packs a row
(same block rules, open sides and walk), with everyone else in place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from floorplan.model.event import Request
from floorplan.solve.extend import within_rows
from floorplan.solve.hall import HallSolution, step_units, units_of
from floorplan.solve.infill import infill, settle
from floorplan.solve.pack import Packer, Placed
from floorplan.solve.params import Params
from floorplan.solve.skeleton import Segment
from floorplan.solve.walk import build_walk


@dataclass(frozen=True)
class Stretch:
    """An empty part [lo, hi) of a segment, an aisle clear of the stands beside it."""

    segment: Segment
    lo: int
    hi: int

    @property
    def length(self) -> int:
        return self.hi - self.lo


def free_stretches(sol: HallSolution) -> list[Stretch]:
    """Every empty stretch of every segment of the hall's skeleton (grid units).

    Empty means no stand covers any of it or the aisles along it, whoever put
    the stand there: the packer, the open-floor pass, the slide onto a line or a
    kept baseline stand. A new block needs an aisle's width from its neighbours;
    the segment's ends border cross aisles, so a block may run up to them.
    """
    if sol.skeleton is None:
        return []
    p = sol.problem
    a = sol.skeleton.aisle
    rects = [pl.rect for pl in sol.placed] + list(p.fixed_rects)
    out: list[Stretch] = []
    for seg in sol.skeleton.segments:
        # The aisles along the band's faces count: a stand seated in one (on the open
        # floor, or slid there) takes that stretch's way in.
        sx, sy, sw, sd = seg.rect(seg.s0, seg.s1, seg.t0 - a, seg.t1 + a)
        spans = sorted(
            (x, x + w) if seg.axis == "x" else (y, y + d)
            for x, y, w, d in rects
            if x < sx + sw and sx < x + w and y < sy + sd and sy < y + d
        )
        cursor = seg.s0
        for a0, a1 in [*spans, (seg.s1, seg.s1)]:
            lo = cursor + (a if cursor > seg.s0 else 0)
            hi = a0 - (a if a0 < seg.s1 else 0)
            if hi > lo:
                out.append(Stretch(seg, lo, hi))
            cursor = max(cursor, a1)
    return out


def last_call(sol: HallSolution, waiting: list[Request], params: Params) -> list[Placed]:
    """Seat what `waiting` can in the hall's empty stretches; returns the new stands (also
    added to `sol.placed`).

    Pavilions whole in the stretches (a member must stand within one aisle of
    another); on the open floor, one that does not fit whole seats its best members
    together (`Params.pavilion_least`). The stretches are packed as segments of
    their own, walked with every stand in place; a newcomer that makes a block
    too long (C10) or costs another stand its access or its walk is taken back.
    """
    p = sol.problem
    if sol.skeleton is None or not waiting:
        return []
    kept: list[Placed] = []
    # Members of a pavilion that stands here in part only continue a row beside a fellow
    # (on the open floor, below), never a stretch of their own.
    here = {pl.request.pavilion for pl in sol.placed if pl.request.pavilion}
    passed: set[str] = {r.id for r in waiting if r.pavilion in here}
    # A newcomer taken back (it cost a neighbour an open side or its walk) takes the
    # stretch with it: the next round packs the stretches again without it (fuzzed
    # ev11: three taken back left a stretch a 30 m2 peninsula fitted, and it waited).
    for _ in range(params.final_infill_rounds):
        todo = [r for r in waiting if r.id not in passed]
        got, dropped = _rows(sol, todo, params)
        kept += got
        passed |= {pl.request.id for pl in got} | dropped
        if not dropped:
            break
    # A stretch packed as a row gives a stand one open end: what still waits tries the
    # open floor too (a row continued, or a stand an aisle clear all round), and a
    # pavilion no stretch took whole seats its best members together there: no other
    # hall can take it whole any more.
    seated = {pl.request.id for pl in kept}
    started = {pl.request.pavilion for pl in kept if pl.request.pavilion}
    # A call with capped tries (`Params.fill_tries`) counts single stands only: no pavilion.
    pavilions = params.fill_tries is None
    free = [
        r
        for r in waiting
        if r.id not in seated and (not r.pavilion or (pavilions and r.pavilion not in started))
    ]
    if free:
        # As in a hall's final pack: a stand taken back tries once more, away from there.
        rounds = replace(params, infill_rounds=params.final_infill_rounds)
        old = {pl.request.id for pl in sol.placed}
        step = step_units(p.rules, params)
        out, _ = infill(
            p,
            sol.placed,
            free,
            rounds,
            step,
            p.passage,
            walked_sides=True,
            parts=True,
            taken_back=sol.taken_back,
        )
        kept += [pl for pl in out if pl.request.id not in old]
        sol.placed = out
    return kept


def _rows(
    sol: HallSolution, waiting: list[Request], params: Params
) -> tuple[list[Placed], set[str]]:
    """One round of packing the empty stretches as rows: the newcomers kept (added to
    `sol.placed`), and the ids of those taken back."""
    p = sol.problem
    assert sol.skeleton is not None
    step = step_units(p.rules, params)
    shortest = p.units(p.rules.min_side_m)
    segments = []
    for st in free_stretches(sol):
        # On the internal step, as the skeleton's own segments are.
        lo, hi = -(-st.lo // step) * step, st.hi // step * step
        if hi - lo >= shortest:
            segments.append(replace(st.segment, s0=lo, s1=hi))
    if not segments or not waiting:
        return [], set()
    rects = [pl.rect for pl in sol.placed]
    # As for the packer: the rows to fill are not walkable, the stands round them stay.
    walk = build_walk(p, rects + [s.box for s in segments], params)
    packer = Packer(p, replace(sol.skeleton, segments=segments, macros=[]), walk, params, step)
    packer.where.update({pl.request.id: pl.rect for pl in sol.placed})
    packing = packer.pack(units_of(waiting))
    if not packing.placed:
        return [], set()
    old = {pl.request.id for pl in sol.placed}
    within, _ = within_rows(p, [*sol.placed, *packing.placed], packer.gap, old)
    new = [pl for pl in within if pl.request.id not in old]
    before = build_walk(p, rects, params)
    limit = p.rules.max_travel_m - params.walk_slack_m
    kept = _whole_pavilions(settle(p, sol.placed, new, before, params, limit), waiting)
    sol.placed = [*sol.placed, *kept]
    taken = {pl.request.id for pl in kept}
    return kept, {pl.request.id for pl in packing.placed} - taken


def _whole_pavilions(new: list[Placed], waiting: list[Request]) -> list[Placed]:
    seated = {pl.request.id for pl in new}
    broken = {r.pavilion for r in waiting if r.pavilion and r.id not in seated}
    return [pl for pl in new if not pl.request.pavilion or pl.request.pavilion not in broken]


__all__ = ["Stretch", "free_stretches", "last_call"]
