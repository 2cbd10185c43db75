"""The aisle skeleton of a hall: bands, aisles and cross aisles, then the segments between.

Planners draw the aisles first. Bands run along x (the other orientation is
the transposed hall): single rows along the walls with their backs to the
wall, then interior bands (one stand deep with an aisle on both faces, or two
rows back to back), an aisle between every two bands, and cross aisles at
shared positions at most `max_row_m` apart, so they run straight through the
hall. Very large stands get a macro band of their own next to the entrance
side; they sit in it side by side and the cross aisles line up with the gaps
between them. Macro bands end within walking reach of a wall's doors, and a
hall deeper than twice that reach gets them along its far wall too. What is
left of every band between cross aisles, doors, columns and keep-outs is a
segment: the rectangle that blocks of stands fill.

Plain geometry, no solver: every number is in grid units and a multiple of
the internal step, so the work does not grow with the grid's fineness.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import shapely

from floorplan.model.event import Request, Rules
from floorplan.sizes import Size, fit_depth, width_range
from floorplan.solve.params import DEFAULT, Params
from floorplan.solve.problem import HallProblem, Rect

Kind = Literal["wall", "single", "double"]
Group = tuple[int, list[tuple[Request, Size]]]
"""A macro band's depth and its stands at their sizes, side by side."""


@dataclass(frozen=True)
class Spec:
    """One candidate skeleton: the small discrete choices the search tries."""

    kind: Literal["single", "double"]
    depth: int
    """Stand depth of an interior row (grid units); a double band is twice as deep."""
    wall: int
    """Depth of the rows along the walls; 0 for none (a perimeter aisle instead)."""
    pitch: int
    """Longest segment between cross aisles (grid units)."""
    macro: tuple[str, ...] = ()
    """Requests that get the macro band, nearest the entrance first."""
    by_area: bool = False
    """Requests seated largest first, tiers aside: in a small hall a big stand of a low
    tier can be worth more than the smaller stands of higher tiers that would take its
    floor first (the score, which weighs tiers, decides)."""
    clear_keep_outs: bool = False
    """Macro islands keep an aisle from the keep-outs beside them and behind them (a
    variant `hall.solve_with` weighs where the walk refused macro stands)."""

    @property
    def band(self) -> int:
        return self.depth * (2 if self.kind == "double" else 1)


@dataclass(frozen=True)
class Segment:
    """A free rectangle of one band between cross aisles: blocks of stands fill it."""

    axis: Literal["x", "y"]
    s0: int
    s1: int
    t0: int
    t1: int
    kind: Kind
    band: int
    wall_lo: bool = False
    """For a wall row: its back (the wall) is on the t0 side, else on the t1 side."""

    @property
    def length(self) -> int:
        return self.s1 - self.s0

    @property
    def depth(self) -> int:
        return self.t1 - self.t0

    def rect(self, a0: int, a1: int, b0: int, b1: int) -> Rect:
        """Local rectangle of the part [a0, a1) along and [b0, b1) across the band."""
        if self.axis == "x":
            return (a0, b0, a1 - a0, b1 - b0)
        return (b0, a0, b1 - b0, a1 - a0)

    @property
    def box(self) -> Rect:
        return self.rect(self.s0, self.s1, self.t0, self.t1)


@dataclass
class Skeleton:
    spec: Spec
    segments: list[Segment]
    macros: list[tuple[Request, Rect]] = field(default_factory=list)
    aisle: int = 0


def _split(
    lo: int,
    hi: int,
    fixed: list[tuple[int, int]],
    pitch: int,
    a: int,
    k: int,
    columns: tuple[tuple[int, int], ...] = (),
) -> list[tuple[int, int]]:
    """Cross aisles [c0, c1) over [lo, hi), at most `pitch` apart.

    The gaps beside macro stands are preferred positions (the aisles then line
    up with the big stands' edges), taken only where they leave pieces of at
    least half a pitch: a cut that makes a short piece wastes a whole aisle.
    Next come the positions just beside a column line (`columns`: the lines'
    spans along the band): a column in a cross aisle leaves gaps narrower than
    an aisle on both sides of it, and the blocks facing it lose their open ends;
    beside the aisle it stands in the gap at the blocks' end.
    """
    beside = [(c1, c1 + a) for _, c1 in columns]
    out: list[tuple[int, int]] = []
    cursor = lo

    def fits(c: tuple[int, int]) -> bool:
        return cursor + pitch // 2 <= c[0] <= cursor + pitch and hi - c[1] >= pitch // 2

    while hi - cursor > pitch:
        ok = [c for c in fixed if fits(c)] or [c for c in beside if fits(c)]
        if ok:
            cut = max(ok)
        else:
            n = math.ceil((hi - cursor + a) / (pitch + a))
            piece = (hi - cursor - (n - 1) * a) // n // k * k
            cut = (cursor + piece, cursor + piece + a)
            for c0, c1 in columns:
                if c0 < cut[1] and cut[0] < c1:  # off the column line, the nearer way
                    cut = (c0 - a, c0) if c0 - a > cursor else (c1, c1 + a)
        out.append(cut)
        cursor = cut[1]
    return out


def _pieces(
    intervals: list[tuple[int, int]], aisles: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Free intervals minus cross aisles."""
    out = []
    for s0, s1 in intervals:
        cur = s0
        for c0, c1 in aisles:
            if c1 <= cur or c0 >= s1:
                continue
            if c0 > cur:
                out.append((cur, c0))
            cur = max(cur, c1)
        if s1 > cur:
            out.append((cur, s1))
    return out


def macro_size(req: Request, depth: int, p: HallProblem) -> Size | None:
    """The macro stand's along x across size in a band `depth` deep, nearest its area."""
    return fit_depth(req, depth, p.rules)


def _band_size(q: Request, dm: int, a: int, p: HallProblem) -> Size | None:
    """The macro stand's size in a band `dm` deep: as deep as the band, or an aisle less
    where what it leaves behind would be narrower than an aisle."""
    size = macro_size(q, dm, p)
    if size is not None and 0 < dm - size[1] < a:
        size = macro_size(q, dm - a, p)
    return size


def _macro_group(
    waiting: list[Request],
    dm: int,
    stretches: list[int],
    a: int,
    p: HallProblem,
    trim: bool = False,
) -> list[tuple[Request, Size]]:
    """The macros, in order, that fit side by side in a band `dm` deep whose free stretches
    (between door clearances, columns and keep-outs) are `stretches` long: each as near its
    area as fits, else, with `trim`, as narrow as the area tolerance allows (a planner trims
    raw space before he sends a car maker to another hall), in the first stretch with room.
    Sized against the stretches, not the band's whole width, a deeper band's narrower
    stands can fit between column lines (fuzzed seed 18700 ev12: a 449 m2 island 21 m
    square did not fit the 16.5 m between a hall's column lines; 16.5 x 27 m did)."""
    group: list[tuple[Request, Size]] = []
    used = [0] * len(stretches)
    for q in waiting:
        size = _band_size(q, dm, a, p)
        if size is None:
            continue
        for i, room in enumerate(stretches):
            gap = a if used[i] else 0
            fitted = size
            if trim and used[i] + gap + size[0] > room:
                span = width_range(q, size[1], p.rules)
                fitted = (span[0], size[1]) if span else size
            if used[i] + gap + fitted[0] <= room:
                group.append((q, fitted))
                used[i] += gap + fitted[0]
                break
    return group


Seat = tuple[Request, int, Size, tuple[int, int], tuple[int, int]]
"""A macro stand seated along its band: where it starts, its size, and the aisles before
and after it."""


def _seat_band(
    free: list[tuple[int, int]],
    items: list[tuple[Request, Size]],
    a: int,
    lines: tuple[tuple[int, int], ...],
    rules: Rules,
    start_of: Callable[[int, int, int], int],
    order: Callable[[list[tuple[Request, Size]], int], list[tuple[Request, Size]]],
) -> list[Seat]:
    """Macro stands seated along one band: each free stretch, in the order given, takes as
    many of `items` as fit (in their order, each trimmed to the room within its area
    tolerance), side by side an aisle apart from `start_of(lo, hi, their length)` in
    `order`. A stretch is less what the stands of the stretches beside it hold with their
    aisles: a column line between two stretches is no aisle (fuzzed seed 19300 ev09: two
    islands 0.8 m apart, both refused by the walk), and the aisle beside a stand lies clear
    of a column line (`_beside_lines`)."""
    left = list(items)
    held: list[tuple[int, int]] = []
    out: list[Seat] = []
    for stretch in free:
        pieces = _pieces([stretch], held)
        if not pieces:
            continue
        lo, hi = max(pieces, key=lambda iv: iv[1] - iv[0])
        run: list[tuple[Request, Size]] = []
        total = 0
        for item in list(left):
            gap = a if run else 0
            fitted = _trimmed(item, hi - lo - total - gap, rules)
            if fitted is not None:
                run.append(fitted)
                total += gap + fitted[1][0]
                left.remove(item)
        if not run:
            continue
        pos = start_of(lo, hi, total)
        for q, (w, d) in order(run, pos):
            before = _beside_lines(pos - a, pos, lines, a, True)
            after = _beside_lines(pos + w, pos + w + a, lines, a, False)
            held.append((before[0], after[1]))
            out.append((q, pos, (w, d), before, after))
            pos += w + a
    return out


def _trimmed(item: tuple[Request, Size], room: int, rules: Rules) -> tuple[Request, Size] | None:
    """The macro stand at its size if it fits `room` (grid units along its band), else as
    wide as the room within its area tolerance; None if even the narrowest does not fit.
    The group was sized for the band's whole width: a keep-out or a column line may cut it
    into stretches (fuzzed seed 7300 ev06: an 860 m2 island 21.5 m wide left out beside a
    press centre, where 19.5 m was free and allowed)."""
    q, (w, d) = item
    if w <= room:
        return item
    span = width_range(q, d, rules)
    if span is None or span[0] > room:
        return None
    return (q, (min(span[1], room), d))


def _far(macros: list[Request], requests: dict[str, Request]) -> bool:
    """Whether the macro stands belong far from the entrance: fewer stands of the hall
    outrank them than they outrank (the pairs fairness would count against them near the
    entrance, against those far from it)."""
    ids = {q.id for q in macros}
    tiers = [r.tier for rid, r in requests.items() if rid not in ids]
    above = sum(t > q.tier for q in macros for t in tiers)
    below = sum(t < q.tier for q in macros for t in tiers)
    return below < above


EVERY_ORDER = 6
"""Up to this many macro stands in a stretch, every order of them is tried (720)."""

SWAPPED_ORDER = 16
"""Up to this many, pairs are swapped while that makes the order fairer (30 ms for 16 in
one stretch, 1.3 s for 40, for every skeleton tried); beyond, the stands go by tier, the
highest at the end nearer the entrances."""


def _nearest_first(
    run: list[tuple[Request, Size]], start: int, a: int, far: Callable[[float], float]
) -> list[tuple[Request, Size]]:
    """The macro stands of one stretch in the order that seats higher tiers nearer the
    entrances (side by side from `start`, an aisle apart; `far` gives the distance from the
    entrances of a stand centred at a position along the band); the given order among
    equals."""
    if len(run) < 2 or len({q.tier for q, _ in run}) < 2:
        return run

    def discord(order: Iterable[tuple[Request, Size]]) -> int:
        pos, off = start, []
        for q, (w, _) in order:
            off.append((far(pos + w / 2), q.tier))
            pos += w + a
        return sum(
            1
            for i, (di, ti) in enumerate(off)
            for dj, tj in off[i + 1 :]
            if (di - dj) * (ti - tj) > 0
        )

    if len(run) <= EVERY_ORDER:
        return list(min(itertools.permutations(run), key=discord))
    if len(run) > SWAPPED_ORDER:
        total = sum(w for _, (w, _) in run) + a * (len(run) - 1)
        by_tier = sorted(run, key=lambda item: -item[0].tier)
        return by_tier if far(start) <= far(start + total) else by_tier[::-1]
    # A long run: swaps of two stands while one makes the order fairer (a local optimum;
    # every order of 16 car makers is too many to try).
    order, best = list(run), discord(run)
    better = True
    while better:
        better = False
        for i, j in itertools.combinations(range(len(order)), 2):
            if order[i][0].tier == order[j][0].tier:
                continue
            order[i], order[j] = order[j], order[i]
            got = discord(order)
            if got < best:
                best, better = got, True
            else:
                order[i], order[j] = order[j], order[i]
    return order


def build(
    p: HallProblem,
    spec: Spec,
    requests: dict[str, Request],
    step: int,
    params: Params = DEFAULT,
) -> Skeleton | None:
    """Lay the skeleton of `spec` into the hall; None if it does not fit at all."""
    r = p.rules
    a = p.units(r.aisle_width_m)
    a = math.ceil(a / step) * step
    main = max(a, math.ceil(p.units(r.main_aisle_m) / step) * step)
    x0, y0, x1, y1 = p.bounds
    H = y1 - y0
    ent = p.entrances.centroid
    near_bottom = (ent.y - y0 * p.g) <= (y1 * p.g - ent.y)
    B = spec.band
    dw = spec.wall
    min_side = p.units(r.min_side_m)

    # Macro stands first, in bands of their own nearest the entrance: best tiers first,
    # each band as deep as its biggest stand is square, as many side by side as fit, and
    # all of them within walking reach of the doors in their wall (`Params.macro_reach_m`).
    side = dw + a if dw else a
    xa, xb = x0 + side, x1 - side
    across = xb - xa
    cap = H - 2 * main - (2 * dw if dw else 0)
    reach = math.floor((r.max_travel_m - params.macro_reach_m) / p.g)

    def reachable(lead: int, used: int, depth: int) -> bool:
        """Whether a macro band this deep, `used` after the bands before it and `lead` from
        its wall, ends within reach of the doors in that wall or in the opposite one (a
        hall deeper than twice the reach has a middle no door serves)."""
        far = lead + used + depth
        return far <= reach or far >= H - reach

    waiting = [requests[i] for i in spec.macro]

    def band_free(bottom: bool, off: int, depth: int) -> list[tuple[int, int]]:
        """The free stretches of a band `depth` deep, `off` from the bottom wall (`bottom`)
        or the top one."""
        t0, t1 = (y0 + off, y0 + off + depth) if bottom else (y1 - off - depth, y1 - off)
        return clear_ends(p.free_intervals(xa, xb, t0, t1, "x"), t0, t1)

    def clear_ends(free: list[tuple[int, int]], t0: int, t1: int) -> list[tuple[int, int]]:
        """A macro band's stretches an aisle short of a keep-out that ends them: a car maker
        flush against one loses that side (fuzzed seed 19700 ev08: two islands of 774 and
        1,600 m2 each flush against a catering area, both refused, and a quarter of the hall
        left empty). Not at a column line (the aisle lies past it, `_beside_lines`) nor at
        a door's clearance, which is walkable."""

        def hard(s0: int, s1: int) -> bool:
            # Any keep-out there: the floor beside it within the band becomes rows (what
            # the macros leave of their band), which close the rest of that side.
            return blocked(s0, t0, s1, t1)

        def at_line(at: int) -> bool:
            return any(l0 - step <= at <= l1 + step for l0, l1 in lines)

        if not spec.clear_keep_outs:
            return free
        out = []
        for lo, hi in free:
            if lo > xa and not at_line(lo) and hard(lo - step, lo):
                lo += a
            if hi < xb and not at_line(hi) and hard(hi, hi + step):
                hi -= a
            if hi > lo:
                out.append((lo, hi))
        return out

    def stretches(bottom: bool, off: int, depth: int) -> list[int]:
        """The free stretches' lengths of such a band."""
        return [hi - lo for lo, hi in band_free(bottom, off, depth)]

    lines = _column_lines(p, step)
    ex = round(float(ent.x) / p.g)
    pillars = [tuple(v / p.g for v in p.local(col).bounds) for col in p.hall.column_shapes]

    def aisle_clear(bottom: bool, off: int, depth: int) -> bool:
        """Whether the aisle behind such a band stands clear of every column: one in it cuts
        it into pockets the walk cannot reach, and the stands facing them lose that side
        (a 25 m band whose aisle held a row of columns: its islands refused)."""
        c0, c1 = (
            (y0 + off + depth, y0 + off + depth + a)
            if bottom
            else (y1 - off - depth - a, y1 - off - depth)
        )
        return not any(b0 < c1 and c0 < b1 and a0 < xb and xa < a1 for a0, b0, a1, b1 in pillars)

    def depths(lo: int, hi: int, lead: int, used: int, bottom: bool) -> list[int]:
        """The macro band's depths from `lo` to `hi` within reach; those whose aisle behind
        stands clear of the columns only, when there are any."""
        within = [d for d in range(lo, hi + 1, step) if reachable(lead, used, d)]
        clear = [d for d in within if aisle_clear(bottom, lead + used, d)]
        return clear or within

    def seated(items: list[tuple[Request, Size]], bottom: bool, off: int, depth: int) -> list[Seat]:
        """What of `items` such a band seats, nearest the entrance first (`_seat_band`)."""
        free = sorted(
            band_free(bottom, off, depth), key=lambda iv: (max(0, iv[0] - ex, ex - iv[1]), iv[0])
        )

        def centred(lo: int, hi: int, total: int) -> int:
            return min(max(lo, (ex - total // 2) // step * step), hi - total)

        seats = _seat_band(free, items, a, lines, r, centred, lambda run, _: run)
        if not spec.clear_keep_outs:
            return seats
        return [seat for seat in seats if back_clear(bottom, off, seat)]

    def back_clear(bottom: bool, off: int, seat: Seat) -> bool:
        """Whether an island has the aisle behind it clear of keep-outs and columns (its
        band's depth is chosen before the stands; one whose back faces a keep-out loses the
        side it needs: fuzzed seed 19700 ev08, a 1,600 m2 island 46 m deep against a press
        centre, refused, and a 774 m2 one left out of a quarter of the hall left empty)."""
        q, pos, (w, d), _, _ = seat
        if q.open_sides_needed < 4:
            return True
        t0, t1 = (y0 + off + d, y0 + off + d + a) if bottom else (y1 - off - d - a, y1 - off - d)
        return not blocked(pos, t0, pos + w, t1)

    def blocked(x_lo: int, y_lo: int, x_hi: int, y_hi: int) -> bool:
        """Whether keep-outs, columns or walls take any of the rectangle (grid units)."""
        strip = shapely.box(x_lo * p.g, y_lo * p.g, x_hi * p.g, y_hi * p.g)
        return bool(p.hard.intersection(strip).area > 1e-9)

    def macro_bands(lead: int, room: int, bottom: bool) -> tuple[list[Group], int]:
        """Macro bands from one wall (the bottom one or the top), `lead` from it, within
        `room` of depth: the groups of `waiting` (taken from it) and the depth they use,
        each with its aisle."""
        groups: list[Group] = []
        used = 0
        while waiting:
            dm = math.ceil(max(math.sqrt(q.area_m2) for q in waiting[:1]) / p.g / step) * step
            exact = [q.exact_size for q in waiting[:1] if q.exact_size is not None]
            if exact:
                dm = max(dm, math.ceil(min(exact[0]) / p.g / step) * step)
            square = dm
            if not reachable(lead, used, dm) and not exact:
                # Trimmed to what the walk allows: a shallower band of wider stands.
                dm = (reach - lead - used) // step * step
            if used + dm + a > room or dm < min_side or not reachable(lead, used, dm):
                break
            # Deeper bands are narrower per stand: take the depth that seats the most area,
            # at the stands' own sizes where that seats as much as trimming them would.
            best: tuple[float, int, list[tuple[Request, Size]]] | None = None
            for trim in (False, True):
                for deeper in depths(dm, min(room - used - a, 2 * dm), lead, used, bottom):
                    trial = _macro_group(waiting, deeper, [across], a, p, trim)
                    area = sum(q.area_m2 for q, _ in trial)
                    if best is None or area > best[0] + 1e-9:
                        best = (area, deeper, trial)
            if best is None:
                break
            _, dm, group = best
            if group and not _macro_group(
                [group[0][0]], dm, stretches(bottom, lead + used, dm), a, p, True
            ):
                # The band's first stand fits no stretch between the doors' clearances,
                # columns and keep-outs at this depth: the shallowest deeper band whose
                # stretches seat it (narrower) instead, its group sized against them.
                for deeper in depths(dm + step, room - used - a, lead, used, bottom):
                    trial = _macro_group(
                        waiting, deeper, stretches(bottom, lead + used, deeper), a, p, True
                    )
                    if trial and trial[0][0] is group[0][0]:
                        dm, group = deeper, trial
                        break
            if len(seated(group, bottom, lead + used, dm)) < len(group):
                # Not all of the group stand once each stands with its aisles (a column line
                # between two stretches is no aisle): the depth whose stretches seat the most
                # area, the group what they seat (fuzzed seed 19300 ev09: four islands of
                # 772-1,078 m2 sized for a band 61.5 m deep, where one stood).
                best_seats: tuple[float, int, list[Seat]] | None = None
                for deeper in depths(square, room - used - a, lead, used, bottom):
                    items = [(q, sz) for q in waiting if (sz := _band_size(q, deeper, a, p))]
                    seats = seated(items, bottom, lead + used, deeper)
                    area = sum(q.area_m2 for q, *_ in seats)
                    if best_seats is None or area > best_seats[0] + 1e-9:
                        best_seats = (area, deeper, seats)
                if best_seats is not None:
                    _, dm, seats = best_seats
                    group = [(q, size) for q, _, size, _, _ in seats]
                    group.sort(key=lambda item: waiting.index(item[0]))
            for q, _ in group:
                waiting.remove(q)
            if not group:
                break
            groups.append((dm, group))
            used += dm + a
        return groups, used

    groups, used_depth = macro_bands(dw + main, cap, near_bottom)
    # In a hall deeper than twice the reach, what the bands by the entrance's wall could
    # not take within reach gets bands by the opposite wall, as a planner puts raw space
    # along both long walls of a big hall and its small stands in the middle.
    back_lead = side
    back, _ = (
        macro_bands(back_lead, H - (dw + main) - used_depth - back_lead, not near_bottom)
        if waiting and 2 * reach < H
        else ([], 0)
    )

    # The macro band lies next to the entrance, unless its stands are of lower tiers than
    # the rest: then the hall is laid out from the far wall, the macro band there.
    from_bottom = near_bottom
    # With bands along both walls the first (the best tiers among the macro stands) stay
    # by the entrance, the rest go to the far wall.
    far_macros = (
        bool(groups) and not back and _far([q for _, grp in groups for q, _ in grp], requests)
    )
    if far_macros:
        # The side whose macro band is farther from every entrance (there may be several).
        mid = (dw or 0) + main + groups[0][0] / 2
        at = {
            side: float(
                p.entrances.distance(
                    shapely.Point(ent.x, (y0 + mid) * p.g if side else (y1 - mid) * p.g)
                )
            )
            for side in (True, False)
        }
        if at[not near_bottom] > at[near_bottom] + 1e-9:
            from_bottom = not near_bottom

    # Bands across y as (offset from the macro wall, depth, kind, wall side).
    bands: list[tuple[int, int, Kind]] = []
    off = 0
    if dw:
        bands.append((0, dw, "wall"))
        off = dw
    off += main
    # Macro bands as (offset from the macro wall, depth, group, backed onto the far wall).
    macro_offs: list[tuple[int, int, list[tuple[Request, Size]], bool]] = []
    for dm, group in groups:
        macro_offs.append((off, dm, group, False))
        off += dm + a
    end = H - back_lead
    for dm, group in back:
        end -= dm
        macro_offs.append((end, dm, group, True))
        end -= a
    n = max(0, (end - off + a) // (B + a))
    spare = end - off - (n * B + (n - 1) * a) if n else end - off
    interior = []
    if n and spare < a + min_side:
        # Too little for one more band: the bands grow into it (deeper rows hold more).
        grow = spare // n // step * step
        for i in range(n):
            interior.append((off + i * (B + grow + a), B + grow))
    else:
        for i in range(n):
            interior.append((off + i * (B + a), B))
    if n and spare >= a + min_side:
        extra = min(B, (spare - a) // step * step)
        if (spec.kind == "double" and extra >= 2 * min_side) or extra >= min_side:
            interior.append((off + n * (B + a), extra))
    elif n == 0 and end - off >= min_side:
        interior.append((off, min(B, (end - off) // step * step)))
    interior = _clear_of_columns(p, interior, end, a, step, from_bottom)
    for o, d in interior:
        bands.append((o, d, spec.kind if d >= 2 * min_side or spec.kind == "single" else "single"))
    if dw:
        bands.append((H - dw, dw, "wall"))

    def span(o: int, d: int) -> tuple[int, int]:
        return (y0 + o, y0 + o + d) if from_bottom else (y1 - o - d, y1 - o)

    if xb - xa < min_side:
        return None
    placed_macros: list[tuple[Request, Rect]] = []
    fixed_cuts: list[tuple[int, int]] = []
    extent: dict[str, tuple[int, int]] = {}  # each macro with the aisles beside it
    band_of: dict[int, set[str]] = {}
    for moff, dm, group, backed in macro_offs:
        t0, t1 = span(moff, dm)
        free = clear_ends(p.free_intervals(xa, xb, t0, t1, "x"), t0, t1)
        mid = (t0 + t1) / 2 * p.g
        mine = band_of.setdefault(moff, set())

        def far(x: float, mid: float = mid) -> float:
            return float(p.entrances.distance(shapely.Point(x * p.g, mid)))

        # Nearest the entrance first; each stretch takes as many macros as fit, centred.
        # Macros of lower tiers than the rest go the other way: farthest stretch first, to
        # its end farther from the entrances (the floor near them is for higher tiers).
        if far_macros:
            free.sort(key=lambda iv: (-max(far(iv[0]), far(iv[1])), iv[0]))
        else:
            free.sort(key=lambda iv: (max(0, iv[0] - ex, ex - iv[1]), iv[0]))
        # The group's stands first, then any macro no band took, at this band's depth.
        left = list(group) + [(q, size) for q in waiting if (size := macro_size(q, dm, p))]

        def start_of(lo: int, hi: int, total: int) -> int:
            if far_macros:
                start = lo if far(lo) > far(hi) + 1e-9 else (hi - total) // step * step
                return max(lo, start)
            return min(max(lo, (ex - total // 2) // step * step), hi - total)

        def order(run: list[tuple[Request, Size]], start: int) -> list[tuple[Request, Size]]:
            return _nearest_first(run, start, a, far)

        for q, pos, (w, d), before, after in _seat_band(
            free, left, a, lines, p.rules, start_of, order
        ):
            ty = t0 if from_bottom != backed else t1 - d
            placed_macros.append((q, (pos, ty, w, d)))
            mine.add(q.id)
            if q in waiting:
                waiting.remove(q)
            fixed_cuts += [before, after]
            extent[q.id] = (before[0], after[1])
        # A stand of the group that no stretch took (a door's clearance or a keep-out cut
        # the band shorter than the group was sized for) waits for the next band, in its
        # order (two-halls benchmark: two 290 m2 car makers of the top tier fell out of the
        # first band beside the entrance's clearance and went to the far wall).
        mine_left = [q for q, _ in group if q.id not in mine]
        if mine_left:
            waiting = sorted([*waiting, *mine_left], key=lambda q: spec.macro.index(q.id))
    fixed_cuts = sorted({(c0, c1) for c0, c1 in fixed_cuts if c0 >= xa and c1 <= xb})
    merged: list[tuple[int, int]] = []
    for c0, c1 in fixed_cuts:
        if merged and c0 < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], c1))
        else:
            merged.append((c0, c1))
    fixed_cuts = merged
    cuts = _split(xa, xb, fixed_cuts, spec.pitch, a, step, lines)

    segments: list[Segment] = []
    for bi, (o, d, kind) in enumerate(bands):
        t0, t1 = span(o, d)
        lo, hi = (x0, x1) if kind == "wall" else (xa, xb)
        free = p.free_intervals(lo, hi, t0, t1, "x")
        wall_lo = (o == 0) == from_bottom
        for s0, s1 in _pieces(free, cuts):
            if s1 - s0 >= min_side:
                segments.append(Segment("x", s0, s1, t0, t1, kind, bi, wall_lo))
    for moff, dm, _, _ in macro_offs:
        # What the macros leave of their band: bands of the interior kind across its depth.
        t0, t1 = span(moff, dm)
        mine = band_of[moff]
        taken = sorted(extent[q.id] for q, _ in placed_macros if q.id in mine)
        o = 0
        j = 0
        while o + min_side <= dm:
            # Interior bands across the macro band's depth; what is left, a single row.
            depth, kind = (B, spec.kind) if o + B <= dm else ((dm - o) // step * step, "single")
            if depth < min_side:
                break
            st0, st1 = (t0 + o, t0 + o + depth) if from_bottom else (t1 - o - depth, t1 - o)
            free = _pieces(p.free_intervals(xa, xb, st0, st1, "x"), taken)
            for s0, s1 in _pieces(free, cuts):
                if s1 - s0 >= min_side:
                    segments.append(Segment("x", s0, s1, st0, st1, kind, 100 + 10 * moff + j))
            o += depth + a
            j += 1
    if dw:
        # Rows along the side walls, cut where the aisles between bands meet them.
        ya, yb = y0 + dw + a, y1 - dw - a
        marks = sorted((span(o + d, a)) for o, d, kind in bands if kind != "wall")
        side_cuts = _side_cuts(ya, yb, marks, spec.pitch)
        for bi, (t0, t1, wall_lo) in enumerate(((x0, x0 + dw, True), (x1 - dw, x1, False))):
            free = p.free_intervals(ya, yb, t0, t1, "y")
            for s0, s1 in _pieces(free, side_cuts):
                if s1 - s0 >= min_side:
                    segments.append(Segment("y", s0, s1, t0, t1, "wall", 200 + bi, wall_lo))
    return Skeleton(spec, segments, placed_macros, a)


def _clear_of_columns(
    p: HallProblem,
    interior: list[tuple[int, int]],
    end: int,
    a: int,
    step: int,
    from_bottom: bool,
) -> list[tuple[int, int]]:
    """The interior bands moved away from the entrance (into the floor left at the far end)
    so that the fewest columns stand in the aisles between them.

    A column in an aisle leaves gaps narrower than an aisle beside it: the aisle is cut
    there, and the stands facing it lose open sides and walks. Planners put column rows
    inside the blocks (a gap in a block), where they cost only the column's floor.
    """
    if not interior or not p.hall.column_shapes:
        return interior
    g = p.g
    y0, y1 = p.bounds[1], p.bounds[3]
    spans = []
    for col in p.hall.column_shapes:
        _, c0, _, c1 = p.local(col).bounds
        lo, hi = c0 / g, c1 / g
        spans.append((lo - y0, hi - y0) if from_bottom else (y1 - hi, y1 - lo))
    last_o, last_d = interior[-1]
    room = end - (last_o + last_d)

    def hits(shift: int) -> int:
        aisles = [(interior[0][0] + shift - a, interior[0][0] + shift)]
        aisles += [(o + d + shift, o + d + shift + a) for o, d in interior]
        return sum(1 for lo, hi in spans if any(lo < a1 and a0 < hi for a0, a1 in aisles))

    best = min(range(0, max(0, room) + 1, step), key=lambda sh: (hits(sh), sh))
    return [(o + best, d) for o, d in interior]


def _beside_lines(
    c0: int, c1: int, lines: tuple[tuple[int, int], ...], a: int, left: bool
) -> tuple[int, int]:
    """The aisle [c0, c1) beside a macro stand (on its `left` or right), moved past a column
    line it would hold: a column in that aisle leaves gaps narrower than an aisle beside it,
    and the stand's side facing it is open only in pockets the walk cannot reach; past the
    line, the line's strip between its columns joins the aisle and the side is open."""
    for l0, l1 in lines:
        if l0 < c1 and c0 < l1:
            # (The lines are widened to the step: one may reach a little into the stand.)
            if left and l0 + l1 <= 2 * c1:
                return (l0 - a, c1)
            if not left and l0 + l1 >= 2 * c0:
                return (c0, l1 + a)
    return (c0, c1)


def _column_lines(p: HallProblem, step: int) -> tuple[tuple[int, int], ...]:
    """The column lines' spans along the bands (x), widened to the step, in order."""
    spans = set()
    for col in p.hall.column_shapes:
        lo, _, hi, _ = p.local(col).bounds
        spans.add(
            (math.floor(lo / p.g / step + 1e-9) * step, math.ceil(hi / p.g / step - 1e-9) * step)
        )
    return tuple(sorted(spans))


def _side_cuts(lo: int, hi: int, marks: list[tuple[int, int]], pitch: int) -> list[tuple[int, int]]:
    """Cuts for a side-wall row at the band aisles, as few as keep pieces within `pitch`."""
    out: list[tuple[int, int]] = []
    start = lo
    candidates = [m for m in marks if lo < m[0] and m[1] < hi]
    for i, (c0, c1) in enumerate(candidates):
        nxt = candidates[i + 1][0] if i + 1 < len(candidates) else hi
        if nxt - start > pitch:
            out.append((c0, c1))
            start = c1
    return out


__all__ = ["Segment", "Skeleton", "Spec", "build"]
