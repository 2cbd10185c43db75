"""One hall: try a few skeletons, pack each, keep the best.

The search is over the skeleton, not the stands: orientation, interior band
kind (one stand deep with aisles on both faces, or two rows back to back),
row depth, rows along the walls or a perimeter aisle, and the cross-aisle
pitch. Every candidate is cheap to pack; the best by placed value (area
weighted by tier), then fairness, wins. The number of candidates is fixed by
the parameters, never by the clock, so the same input gives the same hall.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import shapely
from shapely.geometry.base import BaseGeometry

from floorplan.model.event import Request, Rules
from floorplan.model.venue import Hall
from floorplan.sizes import area_bounds, exact_units, fit_depth
from floorplan.solve.budget import Budget, fill_beyond, filled_ms, pack_ms, trial_ms
from floorplan.solve.extend import within_rows
from floorplan.solve.fairness import tau_b
from floorplan.solve.infill import OpenFloor, infill, open_floor, seats, targets
from floorplan.solve.pack import Packer, Placed, value, worth
from floorplan.solve.params import Params
from floorplan.solve.problem import HallProblem, Rect, blocks, box_of
from floorplan.solve.skeleton import Skeleton, Spec, build
from floorplan.solve.walk import Walk, build_walk, counted
from floorplan.solve.workers import process_count, processes


@dataclass
class HallSolution:
    problem: HallProblem
    skeleton: Skeleton | None
    placed: list[Placed]
    left: list[Request]
    score: tuple[float, float]
    candidates: int
    complete: bool = True
    """False when the emergency deadline cut the search short (not reproducible)."""
    reserved: tuple[Placed, ...] = ()
    """Stands seated on the open floor before the bands were packed round them."""
    tried_first: frozenset[str] = frozenset()
    """Requests already seated first on this hall's open floor without gain (see `reserve`):
    offered round again with the same hall, they would only repeat the same packs."""
    extra_packs: float = 0.0
    """Work beyond the pack's estimate, in packs of the hall: the skeleton built and walked
    again without the macro stands its walk refused, and, filled, packed both ways (see
    `solve_with`). The hall's budget pays it once the packs are back."""
    filled: int = 0
    """Requests the bands left that the open floor was tried for, over the packs made (see
    `budget.fill_beyond`)."""
    counted_ms: float = 0.0
    """A filled pack's walks and stands measured (`walk.counted`), in reference ms."""
    taken_back: set[str] = field(default_factory=set)
    """Requests still waiting whose spot on the open floor was found and taken back (it cost
    the stand or one beside it an open side or its walk), or who found none in a round whose
    spots were: their reasons say so."""

    def beyond(self, params: Params) -> float:
        """The packs' work beyond what they were priced at, in packs of the hall: the
        skeleton built again (`extra_packs`) and the open floor's work for many requests
        (`budget.fill_beyond`), or, where more, the walks and measures a filled pack counted
        (`counted_ms`) beyond its price. Callers pay it once the packs are back."""
        p = self.problem
        one = pack_ms(p.hall, len(p.requests), p.rules, params)
        estimate = self.extra_packs + fill_beyond(
            p.hall, len(p.requests), p.rules, params, self.filled
        )
        return max(estimate, self.counted_ms / one - params.filled_packs)


def step_units(rules: Rules, params: Params) -> int:
    """The internal step in grid units: a multiple of the grid near `params.step_m`."""
    return max(1, round(params.step_m / rules.grid_m))


def _round_to(metres: float, g: float, step: int) -> int:
    return max(step, round(metres / g / step) * step)


def specs(
    hall: Hall, rules: Rules, requests: list[Request], params: Params
) -> list[tuple[bool, Spec]]:
    """The candidate skeletons for these requests, most promising first."""
    g = rules.grid_m
    step = step_units(rules, params)
    if not requests:
        return []
    areas = sorted(r.area_m2 for r in requests)
    typical = math.sqrt(statistics.median(areas))
    small = math.sqrt(areas[len(areas) // 4])
    minside = rules.min_side_m
    depths = sorted(
        {d for d in params.row_depths_m if d >= minside},
        key=lambda d: (abs(d - typical), d),
    )[:3]
    if not depths:
        depths = [minside]
    wall = min(
        (d for d in params.wall_depths_m if d >= minside),
        key=lambda d: (abs(d - small), d),
        default=minside,
    )
    out: list[tuple[bool, Spec]] = []
    for depth_m in depths:
        for kind in ("single", "double"):
            depth = _round_to(depth_m, g, step)
            for wall_m in (wall, 0.0):
                for share in params.pitch_shares:
                    pitch = math.floor(rules.max_row_m * share / g / step) * step
                    for transpose in (False, True):
                        walls = _round_to(wall_m, g, step) if wall_m else 0
                        out.append((transpose, Spec(kind, depth, walls, pitch)))
    return out[: params.candidates_per_hall]


def chosen(cands: list[tuple[bool, Spec]], k: int) -> list[tuple[bool, Spec]]:
    """The `k` skeletons a short budget tries, in their order: both band kinds and both
    orientations at the likeliest depth with wall rows first, then the other wall choice,
    then the next depth (the list itself runs kinds before wall choices)."""
    if k >= len(cands):
        return list(cands)
    depths = list(dict.fromkeys(spec.depth for _, spec in cands))
    walls = list(dict.fromkeys(spec.wall for _, spec in cands))

    def key(i: int) -> tuple[int, int]:
        spec = cands[i][1]
        return (depths.index(spec.depth) * len(walls) + walls.index(spec.wall), i)

    keep = sorted(sorted(range(len(cands)), key=key)[:k])
    return [cands[i] for i in keep]


def _macros(requests: list[Request], spec: Spec, rules: Rules, step: int) -> tuple[str, ...]:
    """Requests too big for a full-depth slot of the interior bands, best first."""
    big = []
    for r in requests:
        if r.pavilion:
            continue  # a pavilion stays together in the bands
        size = fit_depth(r, spec.band, rules, step)
        if (
            size is None
            or size[0] > 0.75 * spec.pitch
            or (size[1] < spec.band and r.area_m2 > 2 * spec.band * spec.band * rules.grid_m**2)
        ):
            big.append(r)
    big.sort(key=lambda r: (0 if spec.by_area else -r.tier, -r.area_m2, r.id))
    return tuple(r.id for r in big)


def units_of(requests: list[Request], by_area: bool = False) -> list[list[Request]]:
    """Requests in tier order (or largest first); the members of a pavilion travel together."""
    order = sorted(requests, key=lambda r: (0 if by_area else -r.tier, -r.area_m2, r.id))
    out: list[list[Request]] = []
    seen: dict[str, list[Request]] = {}
    for r in order:
        if r.pavilion:
            if r.pavilion in seen:
                seen[r.pavilion].append(r)
                continue
            group = [r]
            seen[r.pavilion] = group
            out.append(group)
        else:
            out.append([r])
    return out


def solve_with(
    hall: Hall,
    rules: Rules,
    requests: list[Request],
    transpose: bool,
    spec: Spec,
    params: Params,
    fixed: tuple[BaseGeometry, ...] = (),
    cells: int | None = None,
    late: tuple[Request, ...] = (),
    fill: bool = False,
    reserved: tuple[Placed, ...] = (),
    deadline: float | None = None,
) -> HallSolution:
    """Pack this skeleton; with `fill`, seat what is left on the floor the skeleton left.

    `reserved` stands (local rectangles of this orientation) stand first, as fixed
    items of the skeleton: the bands keep an aisle from them. `deadline` is an emergency
    stop only: past it the open floor takes no more, and the solution is incomplete.
    """
    g = rules.grid_m
    # One seat per request: a stand seated on the open floor may be both held from an
    # earlier round and on the open floor now (the later, where it stands now, wins).
    reserved = tuple({pl.request.id: pl for pl in reserved}.values())
    held = tuple(_world_box(pl.rect, transpose, g) for pl in reserved)
    p = HallProblem(hall, rules, tuple(requests), transpose, fixed + held)
    step = step_units(rules, params)
    held_ids = {pl.request.id for pl in reserved}
    pool = [r for r in requests if r.id not in held_ids]
    by_id = {r.id: r for r in pool}
    # A guest from another hall comes after this hall's own: never raw space of the bands.
    hosts = [r for r in pool if r not in late]
    spec = replace(spec, macro=_macros(hosts, spec, rules, step))
    prm = params if cells is None else Params(**{**params.__dict__, "raster_cells": cells})
    # A filled pack counts its walks and measures: the open floor may cost many times its price.
    with counted() as work:
        laid = _laid(p, spec, by_id, step, prm, reserved)
        if laid is None:
            return HallSolution(p, None, [], list(requests), (0.0, -2.0), 1)
        variants = [laid]
        refused = {q.id for q, _ in laid.skeleton.macros} - {q.id for q, _ in laid.macros}
        if refused and fill and params.rebuild_refused_macros:
            # A macro refused leaves its stretch of the macro band empty (no segment lies
            # there): the skeleton again without it, its floor to the bands, and the stand to
            # the packing (fuzzed seed 8100 ev02: twelve islands 25 m long between a hall's
            # column lines, each facing a column line, all refused; 8 stands in 6,968 m2).
            # Only when filled (a hall's final pack, offers, a small hall's second round):
            # while its skeletons are tried, a large hall's extra walks ran its search into
            # the emergency stop (fuzzed seed 8100 ev06, 47,500 m2). In a small hall the
            # skeleton as it was is weighed too: a few big stands decide such a hall, and the
            # open floor may seat one in the empty stretch that the bands there would have
            # cut up (a hall of 2,556 m2 whose 538 m2 peninsula stood there: 1,861 against
            # 1,534 of value).
            fewer = replace(spec, macro=tuple(m for m in spec.macro if m not in refused))
            again = _laid(p, fewer, by_id, step, prm, reserved)
            if again is not None:
                variants = [again, laid] if _small(requests, params) else [again]
            # And the macro islands an aisle clear of the keep-outs beside and behind them,
            # where that seats others (fuzzed seed 19700 ev08: two islands flush against a
            # catering area and one backed onto a press centre, all refused; built again
            # without them, a quarter of the hall stayed empty and a 774 m2 island waited).
            # Not always: a band cut that way may seat less where the walk would have kept
            # a side that faces a keep-out along a third of it (seed 19300 ev05).
            clear = _laid(p, replace(spec, clear_keep_outs=True), by_id, step, prm, reserved)
            if clear is not None and _seated(clear) != _seated(laid):
                variants.append(clear)
        if fill and spec.macro and not spec.compact_macros and _small(requests, params):
            # And the macro bands cut for compact car makers, not for the most area in one
            # band (Hong Kong's hall 7 got a band 56 m deep: both car makers 56 m long and
            # the robotaxi island beside them; compact, the car makers stand square by the
            # entrance and the island behind them). The score decides: fuzzed seed 18100
            # ev07 seats 27 stands instead of 24, fairer; where the bands behind lose floor
            # to it, the first wins (seed 18100 ev10: 2.8% less area with compact bands
            # alone). In a small hall only, where a few big stands
            # decide it and a pack is cheap: a hall of 221 requests spent the extra pack
            # past its emergency stop at a 30 s limit (fuzzed seed 20300 ev05).
            compact = _laid(p, replace(spec, compact_macros=True), by_id, step, prm, reserved)
            if compact is not None and _seated(compact) != _seated(laid):
                variants.append(compact)
        sols = [
            _packed_on(
                p, sk, walk, macros, pool, requests, late, fill, reserved, params, step, deadline
            )
            for sk, walk, macros in variants
        ]
    best = max(sols, key=lambda sol: sol.score)  # the first among equals
    rebuilt = variants[0] is not laid
    best.extra_packs = rebuilt * params.rebuild_packs + (len(sols) - 1) * params.filled_packs
    best.filled = sum(sol.filled for sol in sols)
    best.counted_ms = work.ms(params) if fill else 0.0
    return best


class Laid(NamedTuple):
    """A skeleton ready to pack: its coarse walk and the macro stands the walk keeps."""

    skeleton: Skeleton
    walk: Walk
    macros: list[tuple[Request, Rect]]


def _seated(laid: Laid) -> list[tuple[str, Rect]]:
    """The macro stands a skeleton seats, where."""
    return [(q.id, rect) for q, rect in laid.macros]


def _laid(
    p: HallProblem,
    spec: Spec,
    by_id: dict[str, Request],
    step: int,
    params: Params,
    reserved: tuple[Placed, ...],
) -> Laid | None:
    """The skeleton of `spec`, its coarse walk, and the macro stands it keeps; None when the
    skeleton does not fit."""
    sk = build(p, spec, by_id, step, params)
    if sk is None:
        return None
    boxes = [s.box for s in sk.segments] + [rect for _, rect in sk.macros]
    walk = build_walk(p, boxes, params)
    return Laid(sk, walk, _macros_kept(p, walk, sk, params, reserved))


def _packed_on(
    p: HallProblem,
    sk: Skeleton,
    walk: Walk,
    macros: list[tuple[Request, Rect]],
    pool: list[Request],
    requests: list[Request],
    late: tuple[Request, ...],
    fill: bool,
    reserved: tuple[Placed, ...],
    params: Params,
    step: int,
    deadline: float | None = None,
) -> HallSolution:
    """The rest of `pool` packed into the skeleton's bands round its macro stands; with
    `fill`, what is left seated on the open floor too (until the emergency `deadline`)."""
    macro_ids = {q.id for q, _ in macros}
    placed = [*reserved, *(Placed(q, rect, 4, -1) for q, rect in macros)]
    rest = [r for r in pool if r.id not in macro_ids]
    packer = Packer(p, sk, walk, params, step)
    packer.where.update({pl.request.id: pl.rect for pl in placed})
    late_ids = {r.id for r in late}
    packer.late = late_ids
    for pl in reserved:
        if pl.request.pavilion:
            packer.anchors.setdefault(pl.request.pavilion, []).append(pl.rect)
    own = [r for r in rest if r.id not in late_ids]
    packer.by_area = sk.spec.by_area
    guests = [r for r in rest if r.id in late_ids]
    packing = packer.pack(units_of(own, sk.spec.by_area) + units_of(guests, sk.spec.by_area))
    placed += packing.placed
    # Raw space, stands seated first and pavilion members (which must stay together) stay.
    keep = {pl.request.id for pl in placed if pl.segment < 0 or pl.request.pavilion}
    placed, cut = within_rows(p, placed, packer.gap, keep)
    left = [pl.request for pl in cut] + packing.left
    tries = len(left) if params.fill_tries is None else min(len(left), params.fill_tries)
    filled = tries if fill else 0
    back: set[str] = set()
    if fill and left:
        placed, left = infill(
            p, placed, left, params, step, packer.gap, deadline=deadline, taken_back=back
        )
    score = _score(p, placed, requests, params.fair_weight)
    # Past the emergency deadline the open floor may have stopped short: not reproducible.
    complete = not (fill and deadline is not None and time.monotonic() > deadline)
    return HallSolution(
        p, sk, placed, left, score, 1, complete, reserved=reserved, filled=filled, taken_back=back
    )


def _macros_kept(
    p: HallProblem, walk: Walk, sk: Skeleton, params: Params, reserved: tuple[Placed, ...]
) -> list[tuple[Request, Rect]]:
    """The skeleton's macro stands that keep their open sides and walk, their keep-apart
    rivals apart and their blocks short enough (C10), in the skeleton's order; the others
    go to the packing."""
    macros: list[tuple[Request, Rect]] = []
    where = {pl.request.id: pl.rect for pl in reserved}
    for q, rect in sk.macros:
        if (
            _macro_ok(p, walk, q, rect, params)
            and p.clear_of_rivals(q.id, rect, where)
            and not _too_long_with(p, rect, list(where.values()))
        ):
            macros.append((q, rect))
            where[q.id] = rect
    return macros


def _too_long_with(p: HallProblem, rect: Rect, others: list[Rect]) -> bool:
    """Whether a macro stand would stand less than an aisle from others (a column or a
    thin keep-out between them splits the macro band) and make with them one block longer
    than a row may be (rule C10): the later one then goes to the packing. The block is
    every stand it reaches through such gaps, not just each neighbour alone (fuzzed seed
    15700 ev01: three car makers 1 m apart round two columns, each pair under 30 m, the
    three 34 m, and the validator set the last aside)."""
    near = p.units(p.rules.aisle_width_m)
    longest = p.max_row
    rects = [*others, rect]
    mine = next(m for m in blocks(rects, near) if len(rects) - 1 in m)
    if len(mine) < 2:
        return False
    x0, y0, x1, y1 = box_of([rects[i] for i in mine])
    return max(x1 - x0, y1 - y0) > longest


def _world_box(rect: Rect, transpose: bool, g: float) -> BaseGeometry:
    x, y, w, d = rect
    if transpose:
        x, y, w, d = y, x, d, w
    return shapely.box(x * g, y * g, (x + w) * g, (y + d) * g)


def reserve(
    hall: Hall,
    rules: Rules,
    requests: list[Request],
    sol: HallSolution,
    params: Params,
    fixed: tuple[BaseGeometry, ...],
    late: tuple[Request, ...] = (),
    deadline: float | None = None,
    pool: Executor | None = None,
    before: frozenset[str] = frozenset(),
    budget: Budget | None = None,
) -> HallSolution:
    """Requests the bands could not take, seated first on the open floor, the bands round them.

    The bands are cut for the stands that come first (the car makers' raw space),
    so a large stand that is not among them can find every band too shallow while
    the hall still has the floor. Seated first, as a fixed item, it gets that
    floor and the others are packed round it; kept only when more is placed.
    The requests in `before` were seated first on this hall already without gain: they are
    not tried again, so offering the same hall round again stays cheap. A try
    is made only when `budget` still holds what it costs (see `seat_first`).
    """
    tried: set[str] = set()
    # Every trial packs and fills the whole hall again: a vast hall gets fewer of them.
    tries = min(params.reserve_tries, max(1, int(params.reserve_floor_m2 // hall.shape.area)))
    for _ in range(tries):
        if sol.skeleton is None:
            break
        if deadline is not None and time.monotonic() > deadline:
            sol.complete = False  # past the emergency deadline: the rest is not tried
            break
        if budget is not None and budget.spent:
            break
        waiting = sorted(
            (r for r in sol.left if r.id not in tried and seats_first(r, sol, params)),
            key=lambda r: (-worth(r), r.id),
        )
        # The most valuable that has a spot: one seated first here before without gain, or
        # one the open floor cannot hold, costs no try (fuzzed seed 7300 ev06: 1,600 m2
        # islands that no spot held spent every try of a hall where an 852 m2 island had
        # 25 x 44 m of free floor).
        floor = None
        found: list[Placed] = []
        req = None
        for r in waiting:
            tried.add(r.id)
            if r.id in before:
                continue
            floor = floor or first_floor(sol, params)
            found = seats(floor, r, params.reserve_spots, aim(sol, r))
            if found:
                req = r
                break
        if req is None:
            break
        trial, skipped = seat_first(
            hall, rules, requests, sol, req, params, fixed, late, deadline, pool, budget, found
        )
        if skipped:
            sol.complete = False
        if trial is None or value(trial.placed) <= value(sol.placed):
            continue  # the next most valuable may still find its place
        trial.candidates, trial.complete = sol.candidates, sol.complete
        sol = trial
    sol.tried_first = frozenset(before | tried)
    return sol


def seats_first(r: Request, sol: HallSolution, params: Params) -> bool:
    """Whether `r` is worth seating first on this hall's open floor: what no band of the
    skeleton is deep or long enough for, or an island or peninsula the bands could not give
    its open sides. Smaller stands wait for band floor: seating them first would only cut
    the bands up."""
    if r.pavilion or sol.skeleton is None:
        return False
    rules = sol.problem.rules
    step = step_units(rules, params)
    return r.open_sides_needed >= 3 or bool(_macros([r], sol.skeleton.spec, rules, step))


def hopeless(r: Request, sol: HallSolution, params: Params) -> bool:
    """Whether this hall, as packed, cannot take `r` as a guest: it left out a request of its
    own no larger and no harder to seat (flexible, or exact and no larger; no more open
    sides; no pavilion or rival to blame). Packing again with such a guest only costs time:
    an over-booked show spent 15 s of a 60 s limit offering round to gain one stand. A stand
    that `seats_first` is never hopeless: it may displace the smaller ones."""
    if seats_first(r, sol, params):
        return False
    rules = sol.problem.rules
    low = area_bounds(r, rules)[0]
    mine = exact_units(r, rules)
    rivals = sol.problem.rivals
    for q in sol.left:
        if q.pavilion or q.id in rivals or q.open_sides_needed > r.open_sides_needed:
            continue
        if area_bounds(q, rules)[0] > low + 1e-9:
            continue
        theirs = exact_units(q, rules)
        if theirs is None and q.exact_size is None:
            return True
        if (
            mine is not None
            and theirs is not None
            and all(a <= b for a, b in zip(sorted(theirs), sorted(mine), strict=True))
        ):
            return True
    return False


def aim(sol: HallSolution, req: Request) -> float:
    """How far from the entrance `req` belongs among the stands packed (`infill.targets`):
    a low tier seated first does not take the spot by the entrance."""
    return targets(sol.problem, sol.placed, req.tier)


def first_floor(sol: HallSolution, params: Params) -> OpenFloor:
    """The hall's floor with only the stands seated first on it (the macros and those
    reserved), where `seat_first` looks for a spot."""
    assert sol.skeleton is not None
    first = {q.id for q, _ in sol.skeleton.macros} | {pl.request.id for pl in sol.reserved}
    taken = {pl.request.id: pl.rect for pl in sol.placed if pl.request.id in first}
    step = step_units(sol.problem.rules, params)
    return open_floor(sol.problem, taken, params, step, sol.skeleton.aisle)


def seat_first(
    hall: Hall,
    rules: Rules,
    requests: list[Request],
    sol: HallSolution,
    req: Request,
    params: Params,
    fixed: tuple[BaseGeometry, ...],
    late: tuple[Request, ...] = (),
    deadline: float | None = None,
    pool: Executor | None = None,
    budget: Budget | None = None,
    found: list[Placed] | None = None,
) -> tuple[HallSolution | None, bool]:
    """The hall with `req` seated first on its open floor and the bands packed round it: the
    most valuable of its best spots (None when no spot holds it), and whether the emergency
    deadline skipped a trial. The caller judges whether it is worth what it displaces.
    The packs' cost (`budget.pack_ms`) is spent from `budget`, and none is made when it
    does not hold them all. `found`: its spots on `first_floor`, if the caller has them."""
    assert sol.skeleton is not None
    if found is None:
        found = seats(first_floor(sol, params), req, params.reserve_spots, aim(sol, req))
    cost = trial_ms(hall, len(requests), rules, params, len(found))
    if budget is not None and not budget.affords(cost):
        return None, False  # a trial it could not finish: none, on any machine alike
    jobs: list[Trial] = [
        (
            hall,
            rules,
            requests,
            sol.problem.transpose,
            sol.skeleton.spec,
            params,
            fixed,
            late,
            (*sol.reserved, got),
            deadline,
        )
        for got in found
    ]
    # Each spot's bands packed first (cheap); only the best spots get the open floor
    # filled too (most of a trial's work in a crowded hall).
    packed = _map(_packed, jobs, pool)
    scored = sorted((-value(t.placed), i) for i, (t, _) in enumerate(packed) if t is not None)
    ranked = [i for _, i in scored]
    filled = _map(_trial, [jobs[i] for i in ranked[: params.reserve_fills]], pool)
    if budget is not None:
        beyond = sum(t.beyond(params) for t, _ in filled if t)
        budget.spend(cost + beyond * pack_ms(hall, len(requests), rules, params))
    skipped = any(s for _, s in packed + filled)
    good = [t for t, _ in filled if t is not None]
    return max(good, key=lambda t: value(t.placed), default=None), skipped


def _map(
    fn: Callable[[Trial], tuple[HallSolution | None, bool]],
    jobs: list[Trial],
    pool: Executor | None,
) -> list[tuple[HallSolution | None, bool]]:
    return list(pool.map(fn, jobs)) if pool else [fn(j) for j in jobs]


Trial = tuple[
    Hall,
    Rules,
    list[Request],
    bool,
    Spec,
    Params,
    tuple[BaseGeometry, ...],
    tuple[Request, ...],
    tuple[Placed, ...],
    float | None,
]
"""A hall packed again round stands that stand first (seated on the open floor, or held
where they stood) with some requests coming late: what `solve_with` needs, picklable,
and the emergency deadline past which it is not started."""


def _trial(job: Trial, fill: bool = True) -> tuple[HallSolution | None, bool]:
    """The hall packed round the stands seated first, if every one of them keeps its open
    sides and walk (a later one may stand in an earlier one's way); and whether the
    emergency deadline had passed before it was started."""
    hall, rules, requests, transpose, spec, params, fixed, late, reserved, deadline = job
    if deadline is not None and time.monotonic() > deadline:
        return None, True
    sol = solve_with(
        hall,
        rules,
        requests,
        transpose,
        spec,
        params,
        fixed,
        late=late,
        fill=fill,
        reserved=reserved,
    )
    # One walk with every stand standing, as the validator walks: a stand seated first
    # may be walled in by those packed round it (one walk per seated stand cost a hall
    # of 62,500 m2 a minute).
    with counted() as work:
        lost = walled_in(sol, params)
    sol.counted_ms += work.ms(params) if fill else 0.0
    return (None if lost else sol), False


def _packed(job: Trial) -> tuple[HallSolution | None, bool]:
    """A trial's bands only, the open floor left empty: to rank the spots."""
    return _trial(job, fill=False)


def walled_in(sol: HallSolution, params: Params) -> list[Placed]:
    """The stands held where they stood that have lost their open sides, their walk, or a
    short enough walk inside them to an open side to the others packed round them: one
    walk with every stand standing, as the validator walks (a hall's whole layout may be
    held, so not one walk per stand)."""
    held = {pl.request.id for pl in sol.reserved}
    if not held:
        return []
    walk = build_walk(sol.problem, [q.rect for q in sol.placed], params)
    return [
        pl
        for pl in sol.placed
        if pl.request.id in held and not served(sol.problem, walk, pl, params)
    ]


def served(p: HallProblem, walk: Walk, pl: Placed, params: Params) -> bool:
    """Whether a stand, on `walk` (every stand of the hall standing), keeps the open sides
    it needs, a short enough walk to a door, and a short enough walk inside it to an open
    side (a long stand that kept one open side, its short end, may be too deep)."""
    g = p.g
    x, y, w, d = pl.rect
    acc = walk.access((x * g, y * g, w * g, d * g), params.open_share)
    return (
        len(acc.open) >= max(1, pl.request.open_sides_needed)
        and acc.travel <= p.rules.max_travel_m - params.walk_slack_m
        and acc.inside <= p.rules.max_to_aisle_m
    )


def _macro_ok(p: HallProblem, walk: Walk, q: Request, rect: Rect, params: Params) -> bool:
    """A macro stand keeps the open sides it needs and a short enough walk (raster check)."""
    g = p.g
    x, y, w, d = rect
    open_, best = walk.serves((x * g, y * g, w * g, d * g), params.open_share)
    limit = p.rules.max_travel_m - params.walk_slack_m
    return open_ >= q.open_sides_needed and best <= limit


def _score(
    p: HallProblem, placed: list[Placed], requests: list[Request], fair_weight: float
) -> tuple[float, float]:
    total = value([Placed(r, (0, 0, 0, 0), 0, 0) for r in requests]) or 1.0
    tiers = [pl.request.tier for pl in placed]
    near = [p.nearness(pl.rect) for pl in placed]
    tau = tau_b(tiers, near)
    t = tau if tau is not None else 0.0
    # Placed value first; fairness breaks near-ties (a point of tau is worth 0.1% of the value).
    return (round(value(placed) / total + fair_weight * t, 4), t)


Candidate = tuple[Hall, Rules, list[Request], bool, Spec, Params, tuple[BaseGeometry, ...], bool]
"""One skeleton to try: everything `solve_with` needs, picklable for a worker process, and
whether its open floor is filled too."""


def _small(requests: list[Request], params: Params) -> bool:
    """A hall that gets a second round of candidates when the first leaves requests out:
    few requests (cheap to fill), and a few big stands decide such a hall."""
    return len(requests) <= params.by_area_requests


def _candidate(job: Candidate) -> HallSolution:
    """One candidate skeleton, packed on the coarse raster."""
    hall, rules, requests, transpose, spec, params, fixed, fill = job
    cells = params.raster_cells // 4
    return solve_with(hall, rules, requests, transpose, spec, params, fixed, cells=cells, fill=fill)


def _timed(job: Candidate) -> tuple[HallSolution, float]:
    """A candidate and how long it took (for the emergency stop only)."""
    began = time.monotonic()
    return _candidate(job), time.monotonic() - began


def _final(job: Candidate, deadline: float | None = None) -> HallSolution:
    """The chosen skeleton packed on the fine raster, the open floor filled (in
    `final_infill_rounds`) until the emergency `deadline`. Never skipped: a hall whose
    search ran out of work still gets its stands, but a short time limit may hold less
    than the open floor's tries cost (fuzzed seed 20100 ev04 at `--time-limit 10`: 4 s of
    a 5 s solve in its final pack, the command 11.2 s)."""
    hall, rules, requests, transpose, spec, params, fixed, _ = job
    rounds = replace(params, infill_rounds=params.final_infill_rounds)
    return solve_with(
        hall, rules, requests, transpose, spec, rounds, fixed, fill=True, deadline=deadline
    )


def solve_hall(
    hall: Hall,
    rules: Rules,
    requests: list[Request],
    params: Params,
    fixed: tuple[BaseGeometry, ...] = (),
    deadline: float | None = None,
    workers: int = 1,
    pool: Executor | None = None,
    budget: Budget | None = None,
    tried_first: frozenset[str] = frozenset(),
) -> HallSolution:
    """The best skeleton of the candidates for this hall and these requests.

    The candidates are fixed by the parameters, so the answer does not depend on
    the machine. They are tried in worker processes: `pool`'s when given (shared
    with other halls, so that a big hall gets the cores a small one has finished
    with), else the hall's own when `workers` > 1. The best is the same either way,
    the first in candidate order among equals. `deadline` (a
    `time.monotonic()` value) is an emergency stop only: past it, the candidates not
    yet tried are skipped and the solution says it is incomplete. `budget` (reference
    milliseconds, see `budget.pack_ms`; none: no bound) is the work the hall may do: a
    short one tries fewer skeletons and seats fewer stands first.
    """
    budget = budget if budget is not None else Budget(math.inf)
    cost = pack_ms(hall, len(requests), rules, params)
    cands = specs(hall, rules, requests, params)
    # The skeletons take a share of the hall's work; the rest is kept for the final pack of
    # the best and for seating large stands first, which can place more than the last
    # skeletons of a long list do.
    affordable = budget.packs(cost / params.candidates_share)
    cands = chosen(cands, max(params.min_candidates, affordable))
    args = (hall, rules, requests, params, fixed, deadline)
    if pool is not None or process_count(workers) <= 1 or len(cands) <= 1:
        return _solve_hall(*args, pool, cands, budget, tried_first)
    with processes(workers) as own:
        return _solve_hall(*args, own, cands, budget, tried_first)


def _solve_hall(
    hall: Hall,
    rules: Rules,
    requests: list[Request],
    params: Params,
    fixed: tuple[BaseGeometry, ...],
    deadline: float | None,
    pool: Executor | None,
    cands: list[tuple[bool, Spec]],
    budget: Budget,
    tried_first: frozenset[str] = frozenset(),
) -> HallSolution:
    jobs: list[Candidate] = [
        (hall, rules, requests, transpose, spec, params, fixed, False) for transpose, spec in cands
    ]
    cost = pack_ms(hall, len(requests), rules, params)
    budget.spend(len(jobs) * cost)
    ranked, complete, took, extra = _best_of(jobs, params, deadline, pool)
    budget.spend(extra * cost)
    fill = filled_ms(hall, len(requests), rules, params)
    best = ranked[0][1] if ranked else None
    if complete and best is not None and best.left and _small(requests, params):
        # A small hall that left requests out: the skeletons again with the open floor
        # filled (what the open floor takes can decide), and with the requests largest
        # first too (a big stand of a low tier may be worth more than the smaller stands
        # of higher tiers that took its floor). The score, which weighs tiers, decides.
        # A short budget tries the best skeletons of the first round only, both ways.
        tops = sorted(i for i, _ in ranked[: min(len(cands), budget.packs(fill) // 2)])
        again: list[Candidate] = [
            (hall, rules, requests, transpose, replace(spec, by_area=by_area), params, fixed, True)
            for by_area in (False, True)
            for transpose, spec in (cands[i] for i in tops)
        ]
        if again:
            budget.spend(len(again) * fill)
            # Its packs are filled as the final is: they rank the finalists from here on.
            ranked, complete, took, extra = _best_of(again, params, deadline, pool, took)
            budget.spend(extra * cost)
            best = ranked[0][1]
            jobs += again
    if best is None or best.skeleton is None:
        p = HallProblem(hall, rules, tuple(requests), False, fixed)
        return HallSolution(p, None, [], list(requests), (0.0, 0.0), len(jobs), complete)
    # The final pack tries the open floor for what the bands left, as many as the hall's
    # work still affords (in their order; the rest wait for the offers and the last call):
    # a hall of 278 requests whose bands left 153 spent 7.4 s there, past what the whole
    # plan held, and its aligning then found the finish passed (fuzzed seed 9700 ev03).
    tries = _affordable_tries(budget, cost, len(best.left), params)
    budget.spend(cost * (1 + params.final_packs_per_left * min(len(best.left), tries)))
    trying = params if tries >= len(best.left) else replace(params, fill_tries=tries)
    final = _finals([best], hall, rules, requests, trying, fixed, pool, deadline)[0]
    complete = complete and final.complete
    budget.spend(final.extra_packs * cost)
    if complete and not final.left:
        # Every request seated: the skeletons differ in fairness alone, and the coarse packs
        # rank that poorly (their bands leave out what the open floor seats). More finals,
        # as the work affords them; the first stays unless another is clearly fairer. Not
        # where requests wait: the final packs' value then is not the hall's (the large
        # stands seated first decide it), and a switch there lost straight aisles (fuzzed
        # seed 8100 ev05: 0.2% more area, aligned block edges 0.82 -> 0.60).
        more = _finalists(ranked, best, params.finalists - 1)
        more = more[: int(params.finalists_share * budget.packs(fill))]
        budget.spend(len(more) * fill)
        others = _finals(more, hall, rules, requests, params, fixed, pool, deadline) if more else []
        for other in others:
            budget.spend(other.extra_packs * cost)
            complete = complete and other.complete
            if other.score[0] > final.score[0] + params.finalist_margin:
                final = other
    final.candidates = len(jobs)
    final.complete = complete
    if deadline is not None and time.monotonic() > deadline:
        final.complete = False  # no time left to seat large leftovers first
        return final
    return reserve(
        hall,
        rules,
        requests,
        final,
        params,
        fixed,
        deadline=deadline,
        pool=pool,
        before=tried_first,
        budget=budget,
    )


def _affordable_tries(budget: Budget, cost: float, left: int, params: Params) -> int:
    """Requests the bands left that a final pack may try on the open floor: all when the
    work affords them (the hall's own and what it may borrow from the offers), else as many
    as it does, at least `Params.final_min_tries`."""
    if budget.left == math.inf:
        return left
    packs = (budget.left + budget.borrow) / cost - 1
    return min(left, max(params.final_min_tries, int(packs / params.final_packs_per_left)))


def _finalists(
    ranked: list[tuple[int, HallSolution]], best: HallSolution, k: int
) -> list[HallSolution]:
    """Up to `k` more skeletons worth a final pack, after `best`: the best of the other
    orientation first (the coarse packs' scores compare worst across orientations: their
    bands differ most), then the rest by score."""
    rest = [sol for _, sol in ranked if sol is not best and sol.skeleton is not None]
    other = [sol for sol in rest if sol.problem.transpose != best.problem.transpose][:1]
    return (other + [sol for sol in rest if sol not in other])[:k]


def _finals(
    finalists: list[HallSolution],
    hall: Hall,
    rules: Rules,
    requests: list[Request],
    params: Params,
    fixed: tuple[BaseGeometry, ...],
    pool: Executor | None,
    deadline: float | None = None,
) -> list[HallSolution]:
    """The finalists' skeletons packed as the final is, in their order (in the pool's
    processes side by side when there is one)."""
    jobs: list[Candidate] = [
        (hall, rules, requests, sol.problem.transpose, sol.skeleton.spec, params, fixed, True)
        for sol in finalists
        if sol.skeleton is not None
    ]
    if pool is None:
        return [_final(job, deadline) for job in jobs]
    futures = [pool.submit(_final, job, deadline) for job in jobs]
    return [future.result() for future in futures]


def _best_of(
    jobs: list[Candidate],
    params: Params,
    deadline: float | None,
    pool: Executor | None,
    took: float = 0.0,
) -> tuple[list[tuple[int, HallSolution]], bool, float, float]:
    """The candidates tried, best first (the first in order among equals) with their index,
    whether all were tried, the longest one took (the emergency stop's measure of the
    final pack's cost), and their work beyond the packs' estimate (in packs)."""
    extra = 0.0
    tried: list[tuple[int, HallSolution]] = []
    # All handed out at once: a process that finishes one takes the next, whichever hall's.
    futures = [pool.submit(_timed, job) for job in jobs] if pool else []
    for i, job in enumerate(jobs):
        # Emergency only: stop while the final pack (a few candidates' work) still ends
        # before the deadline.
        ahead = took * params.final_cost_candidates
        if deadline is not None and tried and time.monotonic() + ahead > deadline:
            for future in futures[i:]:
                future.cancel()
            return _ranked(tried), False, took, extra
        sol, seconds = futures[i].result() if futures else _timed(job)
        took = max(took, seconds)
        extra += sol.beyond(params)
        tried.append((i, sol))
    return _ranked(tried), True, took, extra


def _ranked(tried: list[tuple[int, HallSolution]]) -> list[tuple[int, HallSolution]]:
    """Candidates, best score first, the first in order among equals."""
    return sorted(tried, key=lambda t: (-t[1].score[0], -t[1].score[1], t[0]))


__all__ = [
    "HallSolution",
    "Trial",
    "hopeless",
    "reserve",
    "seat_first",
    "seats_first",
    "served",
    "solve_hall",
    "solve_with",
    "specs",
    "units_of",
    "walled_in",
]
