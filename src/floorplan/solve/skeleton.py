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

import math
from dataclasses import dataclass, field
from typing import Literal

import shapely

from floorplan.model.event import Request
from floorplan.solve.column_rows import along_rows, rows_of, worth
from floorplan.solve.macro_band import Frame, Group, MacroBand, far_from_entrance, seat_macros
from floorplan.solve.notch import deepest
from floorplan.solve.params import DEFAULT, Params
from floorplan.solve.problem import HallProblem, Rect, on_grid, pieces

Kind = Literal["wall", "single", "double"]


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
    compact_macros: bool = False
    """Each macro band as deep as seats the most area per metre of depth it takes, not the
    most area: squarer car makers nearer the entrance, the stands the band no longer
    takes in a band of their own behind it (a variant `hall.solve_with` weighs)."""

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
    entrances: tuple[tuple[int, int], ...] = (),
) -> list[tuple[int, int]]:
    """Cross aisles [c0, c1) over [lo, hi), at most `pitch` apart.

    The gaps beside macro stands are preferred positions (the aisles then line
    up with the big stands' edges), taken only where they leave pieces of at
    least half a pitch: a cut that makes a short piece wastes a whole aisle.
    Next come the positions just beside a column line (`columns`: the lines'
    spans along the band): a column in a cross aisle leaves gaps narrower than
    an aisle on both sides of it, and the blocks facing it lose their open ends;
    beside the aisle it stands in the gap at the blocks' end. Then the aisles in
    line with the entrances (`entrances`: visitors walk in along an aisle, not into
    a block's face), where they leave pieces of a third of a pitch and hold no
    column line (before the column lines, the organiser-like hall with columns
    lost 0.04 of fairness).
    """
    beside = [(c1, c1 + a) for _, c1 in columns]
    out: list[tuple[int, int]] = []
    cursor = lo

    def fits(c: tuple[int, int], least: int = pitch // 2) -> bool:
        return cursor + least <= c[0] <= cursor + pitch and hi - c[1] >= least

    def clear(c: tuple[int, int]) -> bool:
        return not any(c0 < c[1] and c[0] < c1 for c0, c1 in columns)

    while hi - cursor > pitch:
        ok = (
            [c for c in fixed if fits(c)]
            or [c for c in beside if fits(c)]
            or [c for c in entrances if fits(c, pitch // 3) and clear(c)]
        )
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


def _entrance_aisles(p: HallProblem, main: int, step: int) -> tuple[tuple[int, int], ...]:
    """Cross aisles [c0, c1) a main aisle wide, centred on the entrances in walls along x
    (the bands' direction; a band aisle leads to one in a wall along y), on the step. The
    other doors have their exit clearance in front: the bands' segments end there."""
    out = []
    for door in shapely.get_parts(p.entrances).tolist():
        x0, y0, x1, y1 = door.bounds
        if y1 - y0 <= 1e-6:
            c0 = round(((x0 + x1) / 2 / p.g - main / 2) / step) * step
            out.append((c0, c0 + main))
    return tuple(sorted(out))


def build(
    p: HallProblem,
    spec: Spec,
    requests: dict[str, Request],
    step: int,
    params: Params = DEFAULT,
) -> Skeleton | None:
    """Lay the skeleton of `spec` into the hall; None if it does not fit at all.

    Macro stands first, in bands of their own nearest the entrance (`macro_band`); then
    the interior bands across what is left, an aisle apart; then the cross aisles, at the
    gaps beside the macro stands where they can; what is left between them is segments."""
    r = p.rules
    a = math.ceil(p.units(r.aisle_width_m) / step) * step
    main = max(a, math.ceil(p.units(r.main_aisle_m) / step) * step)
    x0, y0, x1, y1 = p.bounds
    H = y1 - y0
    ent = p.entrances.centroid
    near_bottom = (ent.y - y0 * p.g) <= (y1 * p.g - ent.y)
    dw = spec.wall
    min_side = p.units(r.min_side_m)
    side = dw + a if dw else a
    xa, xb = x0 + side, x1 - side
    reach = math.floor((r.max_travel_m - params.macro_reach_m) / p.g)
    frame = Frame(p, step, a, xa, xb, reach, spec.clear_keep_outs)
    notch = deepest(params.notch_depth_m, p.g)

    # Best tiers first, all of them within walking reach of the doors in their wall
    # (`Params.macro_reach_m`).
    waiting = [requests[i] for i in spec.macro]
    cap = H - 2 * main - (2 * dw if dw else 0)
    groups, used_depth = frame.bands(waiting, dw + main, cap, near_bottom, spec.compact_macros)
    # In a hall deeper than twice the reach, what the bands by the entrance's wall could
    # not take within reach gets bands by the opposite wall, as a planner puts raw space
    # along both long walls of a big hall and its small stands in the middle.
    back_lead = side
    back, _ = (
        frame.bands(waiting, back_lead, H - (dw + main) - used_depth - back_lead, not near_bottom)
        if waiting and 2 * reach < H
        else ([], 0)
    )
    # The macro stands of lower tiers than the rest lie far from the entrance.
    far_macros = bool(groups) and not back and far_from_entrance(_stands(groups), requests)
    from_bottom = _macro_wall(p, groups, dw + main, near_bottom) if far_macros else near_bottom

    # Bands across y as (offset from the macro wall, depth, kind).
    bands: list[tuple[int, int, Kind]] = []
    off = 0
    if dw:
        bands.append((0, dw, "wall"))
        off = dw
    off += main
    macro_bands: list[MacroBand] = []
    for dm, group in groups:
        macro_bands.append((off, dm, group, False))
        off += dm + a
    end = H - back_lead
    for dm, group in back:
        end -= dm
        macro_bands.append((end, dm, group, True))
        end -= a
    interior = _interior(p, spec, off, end, a, step, from_bottom, notch)
    for o, d in interior:
        bands.append((o, d, spec.kind if d >= 2 * min_side or spec.kind == "single" else "single"))
    if dw:
        bands.append((H - dw, dw, "wall"))

    def span(o: int, d: int) -> tuple[int, int]:
        return frame.span(from_bottom, o, d)

    if xb - xa < min_side:
        return None
    macros = seat_macros(frame, macro_bands, waiting, spec.macro, far_macros, from_bottom)
    entrances = _entrance_aisles(p, main, step)
    cuts = _split(xa, xb, macros.cuts, spec.pitch, a, step, frame.lines, entrances)

    segments: list[Segment] = []
    for bi, (o, d, kind) in enumerate(bands):
        t0, t1 = span(o, d)
        lo, hi = (x0, x1) if kind == "wall" else (xa, xb)
        spine = t0 + (t1 - t0) // 2 if kind == "double" else None
        free = p.free_intervals(lo, hi, t0, t1, "x", notch, spine)
        wall_lo = (o == 0) == from_bottom
        for s0, s1 in pieces(free, cuts):
            if s1 - s0 >= min_side:
                segments.append(Segment("x", s0, s1, t0, t1, kind, bi, wall_lo))
    for moff, dm, _, _ in macro_bands:
        # What the macros leave of their band: bands of the interior kind across its depth.
        t0, t1 = span(moff, dm)
        mine = macros.band_of[moff]
        taken = sorted(macros.extent[q.id] for q, _ in macros.placed if q.id in mine)
        for j, (o, depth, kind) in enumerate(
            _across(p, spec, (moff, dm), a, step, from_bottom, notch)
        ):
            st0, st1 = (t0 + o, t0 + o + depth) if from_bottom else (t1 - o - depth, t1 - o)
            spine = st0 + depth // 2 if kind == "double" else None
            free = pieces(p.free_intervals(xa, xb, st0, st1, "x", notch, spine), taken)
            for s0, s1 in pieces(free, cuts):
                if s1 - s0 >= min_side:
                    segments.append(Segment("x", s0, s1, st0, st1, kind, 100 + 10 * moff + j))
    if dw:
        # Rows along the side walls, cut where the aisles between bands meet them.
        ya, yb = y0 + dw + a, y1 - dw - a
        marks = sorted((span(o + d, a)) for o, d, kind in bands if kind != "wall")
        side_cuts = _side_cuts(ya, yb, marks, spec.pitch)
        for bi, (t0, t1, wall_lo) in enumerate(((x0, x0 + dw, True), (x1 - dw, x1, False))):
            free = p.free_intervals(ya, yb, t0, t1, "y", notch)
            for s0, s1 in pieces(free, side_cuts):
                if s1 - s0 >= min_side:
                    segments.append(Segment("y", s0, s1, t0, t1, "wall", 200 + bi, wall_lo))
    return Skeleton(spec, segments, macros.placed, a)


def _stands(groups: list[Group]) -> list[Request]:
    return [q for _, group in groups for q, _ in group]


def _macro_wall(p: HallProblem, groups: list[Group], lead: int, near_bottom: bool) -> bool:
    """Whether a hall whose macro stands are of lower tiers than the rest is laid out from
    its bottom wall: from the wall whose macro band is farther from every entrance (there
    may be several). Otherwise the macro band lies next to the entrance, and with bands
    along both walls the first (the best tiers among the macro stands) stay by it, the
    rest go to the far wall."""
    x, y0, y1 = p.entrances.centroid.x, p.bounds[1], p.bounds[3]
    mid = lead + groups[0][0] / 2
    at = {
        side: float(
            p.entrances.distance(shapely.Point(x, (y0 + mid) * p.g if side else (y1 - mid) * p.g))
        )
        for side in (True, False)
    }
    return not near_bottom if at[not near_bottom] > at[near_bottom] + 1e-9 else near_bottom


def _interior(
    p: HallProblem,
    spec: Spec,
    off: int,
    end: int,
    a: int,
    step: int,
    from_bottom: bool,
    notch: int = 0,
) -> list[tuple[int, int]]:
    """The interior bands between `off` and `end` (from the macro wall) as (offset, depth):
    as many of the spec's depth as fit an aisle apart, grown into what is left when that is
    too little for one more band, and clear of the columns (`_clear_of_columns`)."""
    B = spec.band
    min_side = p.units(p.rules.min_side_m)
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
    return _clear_of_columns(p, interior, (off, end), a, step, from_bottom, notch, spec)


def _across(
    p: HallProblem,
    spec: Spec,
    band: tuple[int, int],
    a: int,
    step: int,
    from_bottom: bool,
    notch: int,
) -> list[tuple[int, int, Kind]]:
    """What the macro stands leave of their band (offset `band[0]` from the macro wall,
    `band[1]` deep) as bands of the interior kind across its depth, an aisle apart, the
    rest a single row: as (offset within the band, depth, kind). In a hall with columns,
    laid along the column rows instead where that is worth more (`_clear_of_columns`)."""
    moff, dm = band
    B = spec.band
    min_side = p.units(p.rules.min_side_m)
    out: list[tuple[int, int, Kind]] = []
    o = 0
    while o + min_side <= dm:
        depth, kind = (B, spec.kind) if o + B <= dm else ((dm - o) // step * step, "single")
        if depth < min_side:
            break
        out.append((o, depth, kind))
        o += depth + a
    if not out or not p.hall.column_shapes:
        return out
    regular = [(moff + o, d) for o, d, _ in out]
    laid = _clear_of_columns(p, regular, (moff, moff + dm), a, step, from_bottom, notch, spec)
    if laid == regular:
        return out
    least = 2 * min_side
    return [
        (o - moff, d, spec.kind if spec.kind == "single" or d >= least else "single")
        for o, d in laid
    ]


def _clear_of_columns(
    p: HallProblem,
    interior: list[tuple[int, int]],
    within: tuple[int, int],
    a: int,
    step: int,
    from_bottom: bool,
    notch: int,
    spec: Spec,
) -> list[tuple[int, int]]:
    """The interior bands moved away from the entrance (into the floor left at the far end)
    the least that puts the fewest columns in the aisles between them or deep inside a
    band (`column_rows.worth`), or laid along the column rows (`column_rows.along_rows`)
    where that is worth more.

    A column in an aisle leaves gaps narrower than an aisle beside it: the aisle is cut
    there, and the stands facing it lose open sides and walks. Planners put column rows
    inside the blocks, where they cost only the column's floor: just inside a row's face
    the stand there is notched round it (`notch`, grid units); deeper in, the row is cut
    at the column (a gap in the block, a cross aisle beside it).
    """
    if not interior or not p.hall.column_shapes:
        return interior
    off, end = within
    g = p.g
    x0, y0, x1, y1 = p.bounds
    spans: list[tuple[float, float, float]] = []
    for col in p.hall.column_shapes:
        c0x, c0, c1x, c1 = p.local(col).bounds
        # On the grid, as a notch round it would be (`notch.notches`).
        lo, hi = on_grid(c0, c1, g)
        width = (c1x - c0x) / g
        spans.append((lo - y0, hi - y0, width) if from_bottom else (y1 - hi, y1 - lo, width))
    last_o, last_d = interior[-1]
    room = end - (last_o + last_d)
    B = spec.band
    double = spec.kind == "double"
    rows = rows_of(spans, a, B, x1 - x0)

    def value(bands: list[tuple[int, int]]) -> float:
        return worth(bands, rows, a, notch, off, end, B, double)

    # The least move worth the most.
    moves = [[(o + sh, d) for o, d in interior] for sh in range(0, max(0, room) + 1, step)]
    shifted = max(moves, key=value)
    least = p.units(p.rules.min_side_m) * (2 if double else 1)
    spread = B // 4 // step * step
    depths = sorted(
        (d for d in range(B - spread, B + spread + 1, step) if d >= least),
        key=lambda d: (abs(d - B), d),
    )
    laid = along_rows(rows, off, end, B, depths, a, step, notch, double)
    return laid if value(laid) > value(shifted) + 1e-6 else shifted


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
