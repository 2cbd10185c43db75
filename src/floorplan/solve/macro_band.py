"""Macro bands: the car makers' raw space, in bands of their own by the walls.

A stand too big for the interior bands (1,000-1,600 m2 of raw space) gets a band
of its own before the skeleton's rows are drawn, as a planner draws the big
stands first: each band as deep as its first stand is square (deeper where that
seats more), as many stands side by side as its free stretches hold, an aisle
apart (flush in rows where they need no more than two open sides), every band
ending within walking reach of the doors in its wall. The stands sit nearest
the entrance, the higher tiers nearer, and the cross aisles of the skeleton
later line up with the gaps between them.

`Frame` sizes the bands (`Frame.bands`); `seat_macros` seats their stands along
them. Plain geometry in grid units, like the rest of the skeleton.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import shapely

from floorplan.model.event import Request
from floorplan.sizes import Size, fit_depth, width_range
from floorplan.solve.problem import HallProblem, Rect, pieces

Group = tuple[int, list[tuple[Request, Size]]]
"""A macro band's depth and its stands at their sizes, side by side."""

Seat = tuple[Request, int, Size, tuple[int, int], tuple[int, int]]
"""A macro stand seated along its band: where it starts, its size, and the aisles before
and after it."""

Interval = tuple[int, int]


def macro_size(req: Request, depth: int, p: HallProblem) -> Size | None:
    """The macro stand's along x across size in a band `depth` deep, nearest its area
    (asked once per problem, `HallProblem.macro_sizes`)."""
    key = (req.id, depth)
    memo = p.macro_sizes
    if key not in memo:
        memo[key] = fit_depth(req, depth, p.rules)
    return memo[key]


def macro_span(req: Request, depth: int, p: HallProblem) -> tuple[int, int] | None:
    """The macro stand's widths at `depth` within its area tolerance (memoised likewise,
    `HallProblem.macro_spans`)."""
    key = (req.id, depth)
    memo = p.macro_spans
    if key not in memo:
        memo[key] = width_range(req, depth, p.rules)
    return memo[key]


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
                span = macro_span(q, size[1], p)
                fitted = (span[0], size[1]) if span else size
            if used[i] + gap + fitted[0] <= room:
                group.append((q, fitted))
                used[i] += gap + fitted[0]
                break
    return group


def _seat_band(
    free: list[Interval],
    items: list[tuple[Request, Size]],
    a: int,
    lines: tuple[Interval, ...],
    p: HallProblem,
    start_of: Callable[[int, int, int], int],
    order: Callable[[list[tuple[Request, Size]], int], list[tuple[Request, Size]]],
) -> list[Seat]:
    """Macro stands seated along one band: each free stretch, in the order given, takes as
    many of `items` as fit (in their order, each trimmed to the room within its area
    tolerance), side by side from `start_of(lo, hi, their length)` in `order`, an aisle
    apart or flush in a row where they can spare a side (`_gaps`). A stretch is less what
    the stands of the stretches beside it hold with their aisles: a column line between two
    stretches is no aisle (fuzzed seed 19300 ev09: two islands 0.8 m apart, both refused by
    the walk), and the aisle beside a stand lies clear of a column line (`_beside_lines`)."""
    left = list(items)
    held: list[Interval] = []
    out: list[Seat] = []
    for stretch in free:
        parts = pieces([stretch], held)
        if not parts:
            continue
        lo, hi = max(parts, key=lambda iv: iv[1] - iv[0])
        run: list[tuple[Request, Size]] = []
        total = 0
        for item in list(left):
            gap = a if run else 0
            fitted = _trimmed(item, hi - lo - total - gap, p)
            if fitted is not None:
                run.append(fitted)
                total += gap + fitted[1][0]
                left.remove(item)
        if not run:
            continue
        ordered = order(run, start_of(lo, hi, total))
        gaps = _gaps(ordered, a, p.max_row)
        pos = start_of(lo, hi, sum(w for _, (w, _) in ordered) + sum(gaps))
        for i, (q, (w, d)) in enumerate(ordered):
            flush_before = i > 0 and gaps[i - 1] == 0
            flush_after = i < len(gaps) and gaps[i] == 0
            before = (pos, pos) if flush_before else _beside_lines(pos - a, pos, lines, a, True)
            after = (
                (pos + w, pos + w)
                if flush_after
                else _beside_lines(pos + w, pos + w + a, lines, a, False)
            )
            held.append((before[0], after[1]))
            out.append((q, pos, (w, d), before, after))
            pos += w + (gaps[i] if i < len(gaps) else 0)
    return out


def _gaps(run: list[tuple[Request, Size]], a: int, max_row: int) -> list[int]:
    """The gaps between consecutive macro stands of a run: none (flush, one block) where
    both can spare a side, else an aisle. Mid-size raw space that needs one or two open
    sides stands in a row as a planner draws it, not each a block of its own an aisle from
    the next (fuzzed seed 35000 ev06: twelve stands 5-7 m wide and 12-16 m deep along the
    entrance wall, each alone). A band's stands have aisles before and behind them, so a
    stand inside a row keeps two open sides and one at its end three; an island keeps its
    four. The row stays within `max_row_m` (C10) both ways: along the band, and across it
    (two car makers 56 m deep flush would be one block 56 m long)."""
    gaps: list[int] = []
    length = deep = 0
    for i, (q, (w, d)) in enumerate(run):
        if i == 0:
            length, deep = w, d
            continue
        prev = run[i - 1][0]
        inside = bool(gaps) and gaps[-1] == 0  # the previous stand has a neighbour already
        can = (
            q.open_sides_needed <= 3
            and prev.open_sides_needed <= (2 if inside else 3)
            and max(length + w, deep, d) <= max_row
        )
        gaps.append(0 if can else a)
        length, deep = (length + w, max(deep, d)) if can else (w, d)
    return gaps


def _trimmed(item: tuple[Request, Size], room: int, p: HallProblem) -> tuple[Request, Size] | None:
    """The macro stand at its size if it fits `room` (grid units along its band), else as
    wide as the room within its area tolerance; None if even the narrowest does not fit.
    The group was sized for the band's whole width: a keep-out or a column line may cut it
    into stretches (fuzzed seed 7300 ev06: an 860 m2 island 21.5 m wide left out beside a
    press centre, where 19.5 m was free and allowed)."""
    q, (w, d) = item
    if w <= room:
        return item
    span = macro_span(q, d, p)
    if span is None or span[0] > room:
        return None
    return (q, (min(span[1], room), d))


def far_from_entrance(macros: list[Request], requests: dict[str, Request]) -> bool:
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


def _beside_lines(c0: int, c1: int, lines: tuple[Interval, ...], a: int, left: bool) -> Interval:
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


def column_lines(p: HallProblem, step: int) -> tuple[Interval, ...]:
    """The column lines' spans along the bands (x), widened to the step, in order."""
    spans = set()
    for col in p.hall.column_shapes:
        lo, _, hi, _ = p.local(col).bounds
        spans.add(
            (math.floor(lo / p.g / step + 1e-9) * step, math.ceil(hi / p.g / step - 1e-9) * step)
        )
    return tuple(sorted(spans))


@dataclass
class Frame:
    """Where a hall's macro bands may lie: across x from `xa` to `xb` (the hall less its
    side rows and aisles), from the bottom wall or the top one, each band ending within
    `reach` of the doors in its wall. Built once per skeleton (`Frame.of`)."""

    p: HallProblem
    step: int
    a: int
    """The aisle (grid units, on the step)."""
    xa: int
    xb: int
    reach: int
    """Grid units from a wall within which a macro band must end (`Params.macro_reach_m`)."""
    clear_keep_outs: bool
    """Stretches end an aisle short of keep-outs, and islands need the aisle behind them
    clear (`Spec.clear_keep_outs`)."""
    lines: tuple[Interval, ...] = field(init=False)
    pillars: list[tuple[float, ...]] = field(init=False)
    ex: int = field(init=False)
    """The entrances' centroid along the bands."""

    def __post_init__(self) -> None:
        p = self.p
        self.lines = column_lines(p, self.step)
        self.pillars = [tuple(v / p.g for v in p.local(c).bounds) for c in p.hall.column_shapes]
        self.ex = round(float(p.entrances.centroid.x) / p.g)

    @property
    def height(self) -> int:
        return self.p.bounds[3] - self.p.bounds[1]

    def span(self, bottom: bool, off: int, depth: int) -> Interval:
        """A band `depth` deep, `off` from the bottom wall (`bottom`) or the top one."""
        y0, y1 = self.p.bounds[1], self.p.bounds[3]
        return (y0 + off, y0 + off + depth) if bottom else (y1 - off - depth, y1 - off)

    def reachable(self, lead: int, used: int, depth: int) -> bool:
        """Whether a macro band this deep, `used` after the bands before it and `lead` from
        its wall, ends within reach of the doors in that wall or in the opposite one (a
        hall deeper than twice the reach has a middle no door serves)."""
        far = lead + used + depth
        return far <= self.reach or far >= self.height - self.reach

    def band_free(self, bottom: bool, off: int, depth: int) -> list[Interval]:
        """The free stretches of such a band."""
        t0, t1 = self.span(bottom, off, depth)
        return self.clear_ends(self.p.free_intervals(self.xa, self.xb, t0, t1, "x"), t0, t1)

    def clear_ends(self, free: list[Interval], t0: int, t1: int) -> list[Interval]:
        """A macro band's stretches an aisle short of a keep-out that ends them: a car maker
        flush against one loses that side (fuzzed seed 19700 ev08: two islands of 774 and
        1,600 m2 each flush against a catering area, both refused, and a quarter of the hall
        left empty). Not at a column line (the aisle lies past it, `_beside_lines`) nor at
        a door's clearance, which is walkable. Any keep-out there counts: the floor beside
        it within the band becomes rows (what the macros leave of their band), which close
        the rest of that side."""
        if not self.clear_keep_outs:
            return free
        step, a = self.step, self.a

        def at_line(at: int) -> bool:
            return any(l0 - step <= at <= l1 + step for l0, l1 in self.lines)

        out = []
        for lo, hi in free:
            if lo > self.xa and not at_line(lo) and self.blocked(lo - step, t0, lo, t1):
                lo += a
            if hi < self.xb and not at_line(hi) and self.blocked(hi, t0, hi + step, t1):
                hi -= a
            if hi > lo:
                out.append((lo, hi))
        return out

    def stretches(self, bottom: bool, off: int, depth: int) -> list[int]:
        """The free stretches' lengths of such a band."""
        return [hi - lo for lo, hi in self.band_free(bottom, off, depth)]

    def aisle_clear(self, bottom: bool, off: int, depth: int) -> bool:
        """Whether the aisle behind such a band stands clear of every column: one in it cuts
        it into pockets the walk cannot reach, and the stands facing them lose that side
        (a 25 m band whose aisle held a row of columns: its islands refused)."""
        c0, c1 = self.span(bottom, off + depth, self.a)
        xa, xb = self.xa, self.xb
        return not any(
            b0 < c1 and c0 < b1 and a0 < xb and xa < a1 for a0, b0, a1, b1 in self.pillars
        )

    def depths(self, lo: int, hi: int, lead: int, used: int, bottom: bool) -> list[int]:
        """The macro band's depths from `lo` to `hi` within reach; those whose aisle behind
        stands clear of the columns only, when there are any."""
        within = [d for d in range(lo, hi + 1, self.step) if self.reachable(lead, used, d)]
        clear = [d for d in within if self.aisle_clear(bottom, lead + used, d)]
        return clear or within

    def seated(
        self, items: list[tuple[Request, Size]], bottom: bool, off: int, depth: int
    ) -> list[Seat]:
        """What of `items` such a band seats, nearest the entrance first (`_seat_band`)."""
        ex, step = self.ex, self.step
        free = sorted(
            self.band_free(bottom, off, depth),
            key=lambda iv: (max(0, iv[0] - ex, ex - iv[1]), iv[0]),
        )

        def centred(lo: int, hi: int, total: int) -> int:
            return min(max(lo, (ex - total // 2) // step * step), hi - total)

        seats = _seat_band(free, items, self.a, self.lines, self.p, centred, lambda r, _: r)
        if not self.clear_keep_outs:
            return seats
        return [seat for seat in seats if self.back_clear(bottom, off, seat)]

    def back_clear(self, bottom: bool, off: int, seat: Seat) -> bool:
        """Whether an island has the aisle behind it clear of keep-outs and columns (its
        band's depth is chosen before the stands; one whose back faces a keep-out loses the
        side it needs: fuzzed seed 19700 ev08, a 1,600 m2 island 46 m deep against a press
        centre, refused, and a 774 m2 one left out of a quarter of the hall left empty)."""
        q, pos, (w, d), _, _ = seat
        if q.open_sides_needed < 4:
            return True
        t0, t1 = self.span(bottom, off + d, self.a)
        return not self.blocked(pos, t0, pos + w, t1)

    def blocked(self, x_lo: int, y_lo: int, x_hi: int, y_hi: int) -> bool:
        """Whether keep-outs, columns or walls take any of the rectangle (grid units)."""
        g = self.p.g
        strip = shapely.box(x_lo * g, y_lo * g, x_hi * g, y_hi * g)
        return bool(self.p.hard.intersection(strip).area > 1e-9)

    def bands(
        self, waiting: list[Request], lead: int, room: int, bottom: bool, compact: bool = False
    ) -> tuple[list[Group], int]:
        """Macro bands from one wall (the bottom one or the top), `lead` from it, within
        `room` of depth: the groups of `waiting` (taken from it) and the depth they use,
        each with its aisle. Best tiers first, each band as deep as its first stand is
        square, or deeper where that seats more area (`compact`: more area per metre of
        depth with its aisle)."""
        p, a, step = self.p, self.a, self.step
        min_side = p.units(p.rules.min_side_m)
        groups: list[Group] = []
        used = 0
        while waiting:
            dm = math.ceil(max(math.sqrt(q.area_m2) for q in waiting[:1]) / p.g / step) * step
            exact = [q.exact_size for q in waiting[:1] if q.exact_size is not None]
            if exact:
                dm = max(dm, math.ceil(min(exact[0]) / p.g / step) * step)
            square = dm
            if not self.reachable(lead, used, dm) and not exact:
                # Trimmed to what the walk allows: a shallower band of wider stands.
                dm = (self.reach - lead - used) // step * step
            if used + dm + a > room or dm < min_side or not self.reachable(lead, used, dm):
                break
            # Deeper bands are narrower per stand: take the depth that seats the most area,
            # at the stands' own sizes where that seats as much as trimming them would.
            best: tuple[float, int, list[tuple[Request, Size]]] | None = None
            for trim in (False, True):
                for deeper in self.depths(dm, min(room - used - a, 2 * dm), lead, used, bottom):
                    trial = _macro_group(waiting, deeper, [self.xb - self.xa], a, p, trim)
                    area = sum(q.area_m2 for q, _ in trial)
                    if compact:
                        area /= deeper + a
                    if best is None or area > best[0] + 1e-9:
                        best = (area, deeper, trial)
            if best is None:
                break
            _, dm, group = best
            if group and not _macro_group(
                [group[0][0]], dm, self.stretches(bottom, lead + used, dm), a, p, True
            ):
                # The band's first stand fits no stretch between the doors' clearances,
                # columns and keep-outs at this depth: the shallowest deeper band whose
                # stretches seat it (narrower) instead, its group sized against them.
                for deeper in self.depths(dm + step, room - used - a, lead, used, bottom):
                    trial = _macro_group(
                        waiting, deeper, self.stretches(bottom, lead + used, deeper), a, p, True
                    )
                    if trial and trial[0][0] is group[0][0]:
                        dm, group = deeper, trial
                        break
            if len(self.seated(group, bottom, lead + used, dm)) < len(group):
                # Not all of the group stand once each stands with its aisles (a column line
                # between two stretches is no aisle): the depth whose stretches seat the most
                # area, the group what they seat (fuzzed seed 19300 ev09: four islands of
                # 772-1,078 m2 sized for a band 61.5 m deep, where one stood).
                best_seats: tuple[float, int, list[Seat]] | None = None
                for deeper in self.depths(square, room - used - a, lead, used, bottom):
                    items = [(q, sz) for q in waiting if (sz := _band_size(q, deeper, a, p))]
                    seats = self.seated(items, bottom, lead + used, deeper)
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


MacroBand = tuple[int, int, list[tuple[Request, Size]], bool]
"""A macro band as (offset from the wall its rows start at, depth, its group, backed onto
the far wall)."""


@dataclass
class Seated:
    """The macro stands as the bands seat them, and what the skeleton needs of them."""

    placed: list[tuple[Request, Rect]] = field(default_factory=list)
    cuts: list[Interval] = field(default_factory=list)
    """The aisles beside them, merged: preferred positions of the cross aisles."""
    extent: dict[str, Interval] = field(default_factory=dict)
    """Each stand with the aisles beside it, along its band."""
    band_of: dict[int, set[str]] = field(default_factory=dict)
    """The stands of each macro band, by its offset."""
    waiting: list[Request] = field(default_factory=list)
    """The macro stands no band seated (they go to the packing)."""


def seat_macros(
    frame: Frame,
    macro_bands: list[MacroBand],
    waiting: list[Request],
    order: tuple[str, ...],
    far_macros: bool,
    from_bottom: bool,
) -> Seated:
    """The bands' stands seated side by side, an aisle apart: nearest the entrance first,
    each stretch taking as many as fit, centred on the entrance and the higher tiers
    nearer it. Macros of lower tiers than the rest (`far_macros`) go the other way:
    farthest stretch first, to its end farther from the entrances (the floor near them is
    for higher tiers). `waiting` are macro stands no band was sized for; `order` is the
    skeleton's macro order (`Spec.macro`)."""
    p, a, step, ex = frame.p, frame.a, frame.step, frame.ex
    out = Seated(waiting=list(waiting))
    cuts: list[Interval] = []
    for moff, dm, group, backed in macro_bands:
        t0, t1 = frame.span(from_bottom, moff, dm)
        free = frame.clear_ends(p.free_intervals(frame.xa, frame.xb, t0, t1, "x"), t0, t1)
        mid = (t0 + t1) / 2 * p.g
        mine = out.band_of.setdefault(moff, set())

        def far(x: float, mid: float = mid) -> float:
            return float(p.entrances.distance(shapely.Point(x * p.g, mid)))

        if far_macros:
            free.sort(key=lambda iv: (-max(far(iv[0]), far(iv[1])), iv[0]))
        else:
            free.sort(key=lambda iv: (max(0, iv[0] - ex, ex - iv[1]), iv[0]))
        # The group's stands first, then any macro no band took, at this band's depth.
        left = list(group) + [(q, size) for q in out.waiting if (size := macro_size(q, dm, p))]

        def start_of(lo: int, hi: int, total: int) -> int:
            if far_macros:
                start = lo if far(lo) > far(hi) + 1e-9 else (hi - total) // step * step
                return max(lo, start)
            return min(max(lo, (ex - total // 2) // step * step), hi - total)

        def nearest(run: list[tuple[Request, Size]], start: int) -> list[tuple[Request, Size]]:
            return _nearest_first(run, start, a, far)

        for q, pos, (w, d), before, after in _seat_band(
            free, left, a, frame.lines, p, start_of, nearest
        ):
            ty = t0 if from_bottom != backed else t1 - d
            out.placed.append((q, (pos, ty, w, d)))
            mine.add(q.id)
            if q in out.waiting:
                out.waiting.remove(q)
            cuts += [c for c in (before, after) if c[1] > c[0]]  # none inside a row
            out.extent[q.id] = (before[0], after[1])
        # A stand of the group that no stretch took (a door's clearance or a keep-out cut
        # the band shorter than the group was sized for) waits for the next band, in its
        # order (two-halls benchmark: two 290 m2 car makers of the top tier fell out of the
        # first band beside the entrance's clearance and went to the far wall).
        mine_left = [q for q, _ in group if q.id not in mine]
        if mine_left:
            out.waiting = sorted([*out.waiting, *mine_left], key=lambda q: order.index(q.id))
    for c0, c1 in sorted({(c0, c1) for c0, c1 in cuts if c0 >= frame.xa and c1 <= frame.xb}):
        if out.cuts and c0 < out.cuts[-1][1]:
            out.cuts[-1] = (out.cuts[-1][0], max(out.cuts[-1][1], c1))
        else:
            out.cuts.append((c0, c1))
    return out


__all__ = ["Frame", "Group", "MacroBand", "Seated", "column_lines", "far_from_entrance"]
__all__ += ["macro_size", "macro_span", "seat_macros"]
