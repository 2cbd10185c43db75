"""Why a request stayed unplaced, in words a planner can check on the map."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import shapely

from floorplan.model.event import Event, Request
from floorplan.sizes import sizes_in_words
from floorplan.solve.hall import step_units
from floorplan.solve.infill import Free, shapes
from floorplan.solve.notch import notches
from floorplan.solve.params import DEFAULT, Params
from floorplan.solve.problem import Rect
from floorplan.solve.stretches import Stretch, free_stretches
from floorplan.solve.walk import Walk, build_walk

if TYPE_CHECKING:
    from floorplan.solve.hall import HallSolution


@dataclass(frozen=True)
class Slot:
    """An empty stretch of a segment within reach (metres): along the segment, across it,
    and its open sides (0 when not counted)."""

    length: float
    depth: float
    open_sides: int
    part_sides: int = 0
    """The open sides of a stand shorter than the slot: its faces' and one end's at most."""
    walked_far: bool = False
    """A stand at either end would walk farther than `max_travel_m` to a door."""
    column_m2: float = 0.0
    """Floor a stand filling the slot loses to its notches round the columns standing in
    it (`notch.notches`): a slot of 6 x 5 m with a column at its face holds no 30 m2
    stand, and without the column named its reason read as a contradiction (fuzzed seed
    29000 ev14, a 1 m grid: "largest free slot with 2 open sides 6 x 5 m" to a 5 x 6 m
    stand)."""

    @property
    def usable_m2(self) -> float:
        return self.length * self.depth - self.column_m2


def free_slots(sol: HallSolution, params: Params = DEFAULT) -> list[Slot]:
    """The empty stretches of the hall's skeleton whose corners are all within
    `max_travel_m` of an exit in a straight line (`stretches.free_stretches` says what
    empty means), with their open sides (one walk of the hall). Even a stand that needs
    one open side is named only slots with one: fuzzed seed 7500 ev01 told 9 m2 stands
    of "a free slot of 4.5 x 3 m" in a corner whose only way in, between a storage
    room and a stand, was narrower than an aisle.

    A stretch is open in front (the aisle) and at its ends (an aisle from the next
    stand, or a cross aisle); its back is open only where the band's other row is empty
    there too. Fuzzed ev11 named a 10 x 5.5 m slot to islands of 5.5 x 6.5 m: the slot
    backed onto a stand, and no island could stand there.
    """
    p = sol.problem
    g = p.g
    stretches = free_stretches(sol)
    rects = [st.segment.rect(st.lo, st.hi, st.segment.t0, st.segment.t1) for st in stretches]
    if not rects:
        return []
    far = p.beyond_reach(np.array(rects, dtype=np.int64), p.rules.max_travel_m).tolist()
    walk = None
    if not all(far):
        # Every stretch taken: a stand there takes the floor that widened the aisle in
        # front of it (a column in that aisle then narrows it again).
        walk = build_walk(p, [pl.rect for pl in sol.placed] + rects, params)
    out = []
    for st, (x, y, w, d), out_of_reach in zip(stretches, rects, far, strict=True):
        if out_of_reach:
            continue
        sides: tuple[int, ...] = ()
        walked_far = False
        if walk is not None:
            sides = walk.access((x * g, y * g, w * g, d * g), params.open_share).open
            walked_far = bool(sides) and _too_far(walk, st, p.rules.max_travel_m, g, params)
        # Sides 0 and 2 are the ends of a stretch along x, 1 and 3 along y.
        ends = {0, 2} if st.segment.axis == "x" else {1, 3}
        part = sum(1 for k in sides if k not in ends) + min(1, len(ends & set(sides)))
        cuts = notches(p.to_world((x, y, w, d)), p.hall_column_boxes, g)
        notched = sum(nw * nd for (_, _, nw, nd), _ in cuts) * g * g
        out.append(Slot(st.length * g, st.segment.depth * g, len(sides), part, walked_far, notched))
    return out


def _too_far(walk: Walk, st: Stretch, limit: float, g: float, params: Params) -> bool:
    """Whether a stand at either end of the stretch, as long as the stretch is deep, walks
    farther than `limit` to a door (the walk's bound): a slot near every door in a
    straight line may be far by the aisles (fuzzed seed 19300 ev09 named a 12.6 x 6 m slot
    behind a keep-out to 12 m2 stands; one there walked 64 m, over 60)."""
    seg = st.segment
    n = min(st.length, seg.depth)
    for a0, a1 in ((st.lo, st.lo + n), (st.hi - n, st.hi)):
        x, y, w, d = seg.rect(a0, a1, seg.t0, seg.t1)
        if walk.access((x * g, y * g, w * g, d * g), params.open_share).travel <= limit:
            return False
    return True


def largest_slot(
    sol: HallSolution, sides: int = 1, slots: list[Slot] | None = None, most: float = math.inf
) -> Slot | None:
    """The free slot with the most floor a stand there could take (less its notches round
    columns) with at least `sides` open sides, and one at least (`slots`: the hall's
    `free_slots`), for a stand whose longest side is at most `most` m. A slot open at both
    ends gives a stand both only where the stand is as long as the slot: fuzzed seed 19300
    ev09 named "a free slot with 2 open sides 12.6 x 6 m" to 12 m2 corner stands, a
    stretch between two keep-outs open at its ends alone."""
    if slots is None:
        slots = free_slots(sol)
    need = max(1, sides)
    best: Slot | None = None
    for slot in slots:
        if slot.walked_far:
            continue
        if slot.part_sides < need and (slot.open_sides < need or most < slot.length - 1e-9):
            continue
        if best is None or slot.usable_m2 > best.usable_m2:
            best = slot
    return best


def beyond_reach(sol: HallSolution) -> float:
    """Share of the hall's floor farther than `max_travel_m` from every exit door in a
    straight line: no stand can stand there, whatever the layout (a walk is never
    shorter than the straight line)."""
    p = sol.problem
    reach = p.rules.max_travel_m
    near = shapely.union_all([d.buffer(reach) for d in p.doors])
    far = p.outline.difference(near).area
    return float(far / p.outline.area) if p.outline.area > 0 else 0.0


def room(
    event: Event,
    hall_id: str,
    sol: HallSolution,
    sides: int = 1,
    slots: list[Slot] | None = None,
    most: float = math.inf,
    far: float | None = None,
) -> str:
    """What is free in a hall for a stand that needs `sides` open sides and is at most
    `most` m long, in words a planner can check on its map (`slots`: the hall's
    `free_slots`, `far`: its `beyond_reach`, if known)."""
    if slots is None:
        slots = free_slots(sol)
    slot = largest_slot(sol, sides, slots, most)
    with_sides = f" with {sides} open sides" if sides > 1 else ""
    least = event.rules.min_side_m
    if slot is not None and min(slot.length, slot.depth) < least - 1e-9:
        # No stand stands there: a planner's food expo told 9 m2 stands of "largest free
        # slot 2.5 x 6 m", a stand's end less than an aisle from the next, with 3 m sides.
        part = f"{hall_id}: no free slot{with_sides} of at least {least:g} x {least:g} m"
    elif slot is not None:
        part = f"{hall_id}: largest free slot{with_sides} {slot.length:g} x {slot.depth:g} m"
        if slot.column_m2 > 0:
            part += f" less {round(slot.column_m2, 2):g} m2 round a column"
    elif any(slot.walked_far for slot in slots):
        part = (
            f"{hall_id}: no free slot{with_sides or ' with an open side'} within a walk of "
            f"{event.rules.max_travel_m:g} m (max_travel_m) of an exit"
        )
    elif slots:
        part = f"{hall_id}: no free slot{with_sides or ' with an open side'}"
    else:
        # Not "0 x 0 m": the aisles are free floor on the map, but no row has room left.
        part = f"{hall_id}: no row has a free stretch left"
    if far is None:
        far = beyond_reach(sol)
    if far >= 0.05:
        part += (
            f", {far:.0%} of its floor is over {event.rules.max_travel_m:g} m "
            "(max_travel_m) from every exit"
        )
    return part


@dataclass
class FloorSpots:
    """A hall's open floor as `infill` seats a free-standing stand on it (an aisle from every
    stand placed, off columns, keep-outs and exit clearances), and what it was asked."""

    free: Free
    seen: dict[tuple[int, int, int, bool], bool] = field(default_factory=dict)
    bare: FloorSpots | None = None
    """The same hall with no stand standing, or None (not asked)."""
    walking: Callable[[], Walk] | None = None
    """Builds the hall's walk round its stands, for spots within the travel limit (`holds`
    with `near`; built once, when first asked), or None (not asked)."""
    taken_back: frozenset[str] = frozenset()
    """Requests whose spot here was found and taken back (`HallSolution.taken_back`)."""
    _walk: Walk | None = None

    def holds(self, w: int, d: int, sides: int, near: bool = False) -> bool:
        """Whether a w x d stand stands somewhere with `sides` open sides (counted as `infill`
        counts them, the walls too: `Free.fronts`): at a corner of the free floor or at one
        of a spread of spots over the rest (`FLOOR_SPOTS`); with `near`, only where the walk
        to an exit may be within `max_travel_m` (`_within_walk`)."""
        key = (w, d, sides, near)
        if key not in self.seen:
            free = self.free
            cells = free.spots(w, d) + free.spread(w, d, FLOOR_SPOTS)
            rects = [free.rect(i, j, w, d) for i, j in cells]
            if near and rects:
                rects = self._within_walk(rects)  # (the cheaper test first)
            self.seen[key] = any(free.opens(rect, sides, walls=True) for rect in rects)
        return self.seen[key]

    def _within_walk(self, rects: list[Rect]) -> list[Rect]:
        """The spots from which a stand may keep the travel limit: those the walk's lower
        bound (`Walk.least_travel`) and the straight line to the doors both keep within
        `max_travel_m`. A spot left out is surely beyond it, as the reason then says."""
        assert self.walking is not None
        if self._walk is None:
            self._walk = self.walking()
        p = self.free.p
        limit = p.rules.max_travel_m
        units = np.array(rects, dtype=np.int64)
        units = units[~p.beyond_reach(units, limit)]
        if not len(units):
            return []
        bound = self._walk.least_travel(units.astype(float) * p.g)
        return [tuple(rect) for rect in units[bound <= limit].tolist()]


EVERY_SIZE = 10_000
"""As many sizes as `infill.shapes` has: every depth on the step down to the thinnest."""

FLOOR_SPOTS = 100
"""Spots spread over the open floor that `FloorSpots.holds` weighs beside its corners."""


def floor_spots(sol: HallSolution, params: Params = DEFAULT) -> FloorSpots:
    """The hall's open floor, for `no_spot`, with the same hall bare beside it (no stand;
    not on a re-layout, whose kept stands are no part of the hall's own shape)."""
    p = sol.problem
    step = step_units(p.rules, params)
    bare = None if p.fixed else FloorSpots(Free(p, [], p.passage, step))
    rects = [pl.rect for pl in sol.placed]
    free = Free(p, rects, p.passage, step)
    return FloorSpots(
        free,
        bare=bare,
        walking=lambda: build_walk(p, rects, params),
        taken_back=frozenset(sol.taken_back),
    )


def no_spot(req: Request, floor: FloorSpots) -> str:
    """ ", and the open floor has no free-standing W x D m spot ..." when it holds `req` at
    none of its smallest sizes an aisle from every stand with the open sides it needs; ""
    when it holds it somewhere. A sparse hall's map shows open floor where no row has a
    free stretch left (fuzzed seed 7700 ev06, 7600 ev16): this says why none of it serves.
    When the same hall with no stand (`FloorSpots.bare`) holds it at none of its sizes
    either, the cause is the hall itself and the reason says so: an 819 m2 car maker in a
    hall with a column every 12.5 x 17.5 m fits between no columns with aisles round it
    (fuzzed seed 13100 ev07; 8100 ev06), which a planner sees on the map only by
    measuring. Where the floor holds it, the reason says when no such spot lies within the
    walk to the doors, or when the spots were tried and taken back."""
    p = floor.free.p
    sizes = shapes(req, p, floor.free.step, most=2, least=True)
    sides = max(1, req.open_sides_needed)
    if not sizes:
        return ""
    w_m, d_m = (round(v * p.g, 2) for v in sizes[0])
    with_sides = f" with {sides} open sides" if sides > 1 else ""
    free_standing = (
        f", and the open floor has no free-standing {w_m:g} x {d_m:g} m spot{with_sides} an "
        f"aisle ({p.rules.aisle_width_m:g} m) from every stand"
    )
    if any(floor.holds(w, d, sides) for w, d in sizes):
        # The floor that holds it may all lie beyond the walk to the doors (fuzzed seed
        # 19300 ev09: six 12 m2 stands sent away from a 106 x 119 m hall whose open floor
        # lay in its middle, 60 m and more from every exit by the aisles; the reason named
        # only a slot too small).
        if floor.walking is not None and not any(
            floor.holds(w, d, sides, near=True) for w, d in sizes
        ):
            return (
                f"{free_standing} within a walk of {p.rules.max_travel_m:g} m (max_travel_m) "
                "of an exit"
            )
        if req.id in floor.taken_back:
            # Spots there hold it, and the solver tried them: each cost the stand or one
            # beside it an open side or its walk (seed 19300 ev09: five 12-13 m2 stands,
            # two seated by the walls and taken back, told only of a slot too small).
            return (
                ", and the spots of the open floor that hold it would cost it or a stand "
                "beside it an open side or the walk to an exit"
            )
        return ""
    bare = floor.bare
    if bare is not None and not any(bare.holds(w, d, sides) for w, d in sizes):
        # Said only when no size at all fits: a thin one may fit between two rows of
        # columns where no square does (then the other stands are the cause after all).
        every = shapes(req, p, floor.free.step, most=EVERY_SIZE, least=True)
        if not any(bare.holds(w, d, sides) for w, d in every):
            return (
                f", and even with no stand in the hall no spot{with_sides}, at any of its "
                "sizes, keeps clear of its columns, keep-outs, walls and exit clearances"
            )
    return free_standing


def full_reason(
    event: Event,
    req: Request,
    rooms: list[str],
    seated: Sequence[str] = (),
    refused: Sequence[tuple[str, str]] = (),
    cut: bool = False,
) -> str:
    """Why `req` is unplaced when the halls that could host it are full (`rooms`: `room` of
    each); `seated`: the members of its pavilion that stand (in part: the hall held only
    those together); `refused`: (hall, `hall_refusal`) of each hall that could not host it
    at all, said too, each need once (`_refusals`): a planner who sees a 1,600 m2 island
    sent away from a small full hall asks about the big half-empty one beside it (fuzzed
    seed 23000 ev04: its column grid holds no 38 x 38 m). `cut`: the time limit cut the
    search short, and the halls were not full when it stopped: not "no room left" beside
    a free slot that holds the stand (sixteen halls at `--time-limit 30`: an 18 m2 stand
    "as narrow as 3 x 5.5 m" told of "largest free slot 15.5 x 3 m")."""
    if req.pavilion and not rooms:
        return f"pavilion {req.pavilion} does not fit together in any hall that can host it"
    needs = (
        f"{req.area_m2:g} m2, "
        + sizes_in_words(req, event.rules)
        + (f" with {req.open_sides_needed} open sides" if req.open_sides_needed > 1 else "")
    )
    if req.pavilion and seated:
        # The hall's free floor may hold this stand, only not within one aisle of its
        # fellows: "no room left" beside a free slot that fits reads as a contradiction on
        # the map (a benchmark L-hall variant: a 3 x 3 m member, "largest free slot 4 x 3 m").
        members = [r for r in event.requests if r.pavilion == req.pavilion]
        stand = "stand together" if len(seated) > 1 else "stands"
        them = "them" if len(seated) > 1 else "it"
        return (
            f"pavilion {req.pavilion} seated in part: {len(seated)} of its {len(members)} "
            f"stands {stand} ({', '.join(seated)}), and no free floor within one aisle of "
            f"{them} holds this one ({needs}); elsewhere ({'; '.join(rooms)})"
        )
    if cut:
        why = (
            "the time limit cut the search short before a place was found for it "
            f"({'; '.join(rooms)}); the stand needs {needs}"
        )
    else:
        why = f"no room left ({'; '.join(rooms)}); the stand needs {needs}"
    if refused:
        why += f"; the other halls cannot host it ({_refusals(refused)})"
    if req.pavilion:
        # The free slot is weighed against the whole pavilion, not this member alone.
        members = [r for r in event.requests if r.pavilion == req.pavilion]
        total = sum(r.area_m2 for r in members)
        why = (
            f"pavilion {req.pavilion} could not be kept together: "
            + why
            + f"; its {len(members)} stands need {total:g} m2 side by side"
            + _one_block(event)
        )
    return why


def _refusals(refused: Sequence[tuple[str, str]]) -> str:
    """The halls' refusals, each need said once: `hosting.hall_refusal` reads "<need>,
    <hall> has <what>", and several halls often refuse for the same need."""
    by_need: dict[str, list[str]] = {}
    for hall_id, refusal in refused:
        need, sep, have = refusal.partition(f", {hall_id} ")
        if sep:
            by_need.setdefault(need, []).append(f"{hall_id} {have}")
        else:
            by_need.setdefault(refusal, [])
    return "; ".join(
        f"{need}: {', '.join(haves)}" if haves else need for need, haves in by_need.items()
    )


def _one_block(event: Event) -> str:
    """When the grid makes every aisle between two blocks wider than the aisle width, a
    pavilion (each member within one aisle of another, CONTRACT.md rule 8) must stand
    in one block: say so, a planner cannot see it on the map (fuzzed seed 6400 ev01:
    2.5 m aisles on a 1 m grid, two pavilions of corners and peninsulas left out)."""
    rules = event.rules
    g = rules.grid_m
    passage = math.ceil(rules.aisle_width_m / g - 1e-9) * g
    if passage <= rules.aisle_width_m + 1e-9:
        return ""
    return (
        f", each within {rules.aisle_width_m:g} m (one aisle) of another: on the {g:g} m "
        f"grid blocks stand {passage:g} m apart, so in one block"
    )


__all__ = [
    "FLOOR_SPOTS",
    "FloorSpots",
    "Slot",
    "beyond_reach",
    "floor_spots",
    "free_slots",
    "full_reason",
    "largest_slot",
    "no_spot",
    "room",
]
