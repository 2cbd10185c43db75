"""Stand numbers as exhibition practice writes them: hall, row, position (`5A01`).

A visitor finds stand 5C07 by walking into hall 5, along aisle C, and
counting odd numbers on one hand. So a row here is an aisle, not a line of
stands, and the numbers are derived from geometry alone:

1. Hall code: the digits in the hall id (`hall-5` -> `5`). When a hall id has
   no digits, or two halls share them, every hall gets its 1-based position in
   the event's hall list instead, so codes stay unique and numeric.
2. Facing side: the stand side that opens onto free floor (hall minus
   stands, columns and keep-outs; open = at least half its length borders
   it). S or N when either is open, since aisles along x are the main aisles
   of most plans, else W or E; but W or E first for a stand in a row that
   runs along y (a block of stands less than an aisle apart, as C10 groups
   them, at least `ROW_RATIO` times as long in y as in x): a row fronts its
   aisle, and its end stands, open at the end too, were numbered from the
   cross aisles instead (a planner's food expo: one wall row read 2M02, 2Z04,
   2Z02, 2H11, 2H08, ...). Between two open sides: the one that looks
   across at most two aisle widths of free floor at another stand (a row
   opposite makes an aisle), then
   the larger open share, then S before N and W before E. A stand with no
   open side faces its most open side, or S.
3. Aisle: stands facing the same way whose front edges lie within 1 m of
   each other form a run; two runs belong to one aisle when a stand of one
   faces a stand of the other across the free gap between them (the gap is
   measured to the next stand or wall, up to four aisle widths). Aisles
   running along x are lettered first, bottom to top, then aisles along y,
   left to right; letters skip I and O (they read as 1 and 0), then continue
   AA, AB, ...
4. Position: walking along the aisle in +x (or +y), stands on the left hand
   get odd numbers 01, 03, ... and stands on the right hand even numbers 02,
   04, ..., in the order they are passed. Positions have two digits, or
   three in a hall where a position reaches 100.

The scheme is deterministic (it depends only on the stands and the hall) and
unique by construction: (hall, aisle, side, rank) identifies a stand.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from shapely import STRtree, box, unary_union
from shapely.geometry.base import BaseGeometry

from floorplan.model.event import Event
from floorplan.model.layout import Stand
from floorplan.model.venue import Hall
from floorplan.sides import (
    FACINGS,
    OPEN_SHARE,
    OPPOSITE,
    Facing,
    boxes_of,
    edge,
    facing_shares,
    free_floor,
    gap_ahead,
    open_shares,
    stand_sides,
)

ROW_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
SAME_AISLE_M = 1.0
GAP_CAP_AISLES = 4.0
ROW_OPPOSITE_AISLES = 2.0
ROW_RATIO = 1.5
"""A block at least this many times as long in y as in x is a row along y (step 2)."""
EPS = 1e-6


@dataclass(frozen=True)
class _Facing:
    index: int
    side: Facing
    edge: float
    """Coordinate of the facing side: y for S and N, x for W and E."""
    gap: float
    ahead: int | None
    """The stand across the free gap in front, if any within the cap."""

    @property
    def axis(self) -> str:
        return "x" if self.side in ("S", "N") else "y"


def hall_codes(event: Event, hall_ids: Sequence[str]) -> dict[str, str]:
    """Numeric hall codes, unique across the event's halls and any extra ids."""
    ordered = list(event.halls) + sorted(h for h in set(hall_ids) if h not in event.halls)
    digits = {}
    for h in ordered:
        found = re.findall(r"\d+", h)
        digits[h] = str(int(found[-1])) if found else ""
    codes = list(digits.values())
    if all(codes) and len(set(codes)) == len(codes):
        return digits
    return {h: str(i + 1) for i, h in enumerate(ordered)}


def row_label(index: int) -> str:
    """0 -> A, 23 -> Z, 24 -> AA: letters without I and O."""
    n = len(ROW_LETTERS)
    if index < n:
        return ROW_LETTERS[index]
    return row_label(index // n - 1) + ROW_LETTERS[index % n]


def _facing_side(
    stand: Stand,
    shares: dict[Facing, float],
    across: Callable[[Facing], int | None],
    along_y: bool = False,
) -> Facing:
    """The side a stand is numbered from (module docstring, step 2); `along_y`: the stand
    is in a row along y."""
    length = dict.fromkeys(FACINGS, 0.0)
    for side in stand_sides(stand):
        length[side.facing] += side.length
    groups: tuple[tuple[Facing, Facing], ...] = (("S", "N"), ("W", "E"))
    if along_y:
        groups = groups[::-1]
    for group in groups:
        open_ = [s for s in group if shares[s] >= OPEN_SHARE - EPS]
        if len(open_) == 1:
            return open_[0]
        if open_:
            return max(
                open_,
                key=lambda s: (across(s) is not None, round(shares[s], 6), -group.index(s)),
            )
    best = max(FACINGS, key=lambda s: (round(shares[s] * length[s], 6), -FACINGS.index(s)))
    return best if shares[best] > 0 else "S"


def _facings(hall: Hall | None, stands: Sequence[Stand], aisle: float) -> list[_Facing]:
    if hall is not None:
        floor = free_floor(hall, stands)
        outline: BaseGeometry = hall.shape.exterior
    else:
        xs = [b for s in stands for b in s.bounds[0::2]]
        ys = [b for s in stands for b in s.bounds[1::2]]
        region = box(
            min(xs) - 2 * aisle, min(ys) - 2 * aisle, max(xs) + 2 * aisle, max(ys) + 2 * aisle
        )
        floor = region.difference(unary_union([s.shape for s in stands]))
        outline = region.exterior
    shares = [
        facing_shares(stand_sides(s), row)
        for s, row in zip(stands, open_shares(stands, floor), strict=True)
    ]
    cap = GAP_CAP_AISLES * aisle
    near = ROW_OPPOSITE_AISLES * aisle
    out: list[_Facing] = []
    boxes = boxes_of(stands)
    along_y = _rows_along_y(stands, aisle)
    for i, s in enumerate(stands):

        def across(side: Facing, s: Stand = s) -> int | None:
            return gap_ahead(s, side, stands, outline, near, boxes)[1]

        side = _facing_side(s, shares[i], across, along_y[i])
        gap, ahead = gap_ahead(s, side, stands, outline, cap, boxes)
        out.append(_Facing(i, side, edge(s, side), min(gap, cap), ahead))
    return out


def _root(parent: list[int], i: int) -> int:
    """The root of `i` in a union-find forest (halving the path on the way)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _rows_along_y(stands: Sequence[Stand], aisle: float) -> list[bool]:
    """Per stand, whether its block (stands less than an aisle apart) is a row along y."""
    shapes = [s.shape for s in stands]
    parent = list(range(len(stands)))

    def find(i: int) -> int:
        return _root(parent, i)

    pairs = STRtree(shapes).query(shapes, predicate="dwithin", distance=aisle - EPS)
    for i, j in pairs.T.tolist():
        parent[find(i)] = find(j)
    bounds: dict[int, list[float]] = {}
    for i, shape in enumerate(shapes):
        x0, y0, x1, y1 = shape.bounds
        b = bounds.setdefault(find(i), [x0, y0, x1, y1])
        b[:] = [min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)]
    size = Counter(find(i) for i in range(len(stands)))
    out = []
    for i in range(len(stands)):
        x0, y0, x1, y1 = bounds[find(i)]
        out.append(size[find(i)] > 1 and y1 - y0 >= ROW_RATIO * (x1 - x0) - EPS)
    return out


def _aisles(facings: Sequence[_Facing], aisle: float) -> list[list[int]]:
    """Stands grouped by the aisle they face, in lettering order.

    Stands facing the same way with front edges within 1 m form a run; two
    runs are one aisle when a stand of one faces a stand of the other across
    the gap between them.
    """
    runs: list[list[int]] = []
    for side in FACINGS:
        members = [(f.edge, f.index) for f in facings if f.side == side]
        last: float | None = None
        for value, i in sorted(members):
            if last is None or value - last > SAME_AISLE_M:
                runs.append([])
            runs[-1].append(i)
            last = value
    run_of = {i: r for r, run in enumerate(runs) for i in run}
    parent = list(range(len(runs)))

    def find(r: int) -> int:
        return _root(parent, r)

    for f in facings:
        if f.ahead is not None and facings[f.ahead].side == OPPOSITE[f.side]:
            a, b = find(run_of[f.index]), find(run_of[f.ahead])
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for r, run in enumerate(runs):
        groups[find(r)] += run

    def centre(f: _Facing) -> float:
        half = (f.gap if f.ahead is not None else aisle) / 2
        return f.edge - half if f.side in ("S", "W") else f.edge + half

    def order(members: list[int]) -> tuple[int, float, float]:
        axis = 0 if facings[members[0]].axis == "x" else 1
        return (axis, sum(centre(facings[i]) for i in members) / len(members), min(members))

    return sorted(groups.values(), key=order)


def _ranks(
    hall: Hall | None, stands: Sequence[Stand], aisle: float
) -> tuple[list[_Facing], list[list[int]], dict[int, tuple[int, int]]]:
    """Facings, aisles in lettering order, and (aisle index, position) per stand."""
    facings = _facings(hall, stands, aisle)
    aisles = _aisles(facings, aisle)
    ranks: dict[int, tuple[int, int]] = {}
    for r, members in enumerate(aisles):
        by_side: dict[bool, list[int]] = defaultdict(list)
        for i in members:
            # Walking +x, the left hand is +y: stands above the aisle face S.
            by_side[facings[i].side in ("S", "E")].append(i)
        for odd, idx in by_side.items():

            def along(i: int) -> tuple[float, float, str]:
                s = stands[i]
                cx, cy = s.inner_point
                return (cx, cy, s.request_id) if facings[i].axis == "x" else (cy, cx, s.request_id)

            for k, i in enumerate(sorted(idx, key=along)):
                ranks[i] = (r, 2 * k + 1 if odd else 2 * k + 2)
    return facings, aisles, ranks


def _number_hall(hall: Hall | None, stands: Sequence[Stand], code: str, aisle: float) -> list[str]:
    _, _, ranks = _ranks(hall, stands, aisle)
    digits = max(2, len(str(max((p for _, p in ranks.values()), default=1))))
    return [f"{code}{row_label(ranks[i][0])}{ranks[i][1]:0{digits}d}" for i in range(len(stands))]


def number_stands(event: Event, stands: list[Stand]) -> dict[str, str]:
    """Stand number per request id (see the module docstring for the scheme)."""
    by_hall: dict[str, list[Stand]] = defaultdict(list)
    for s in stands:
        by_hall[s.hall].append(s)
    codes = hall_codes(event, list(by_hall))
    known = {h.id: h for h in event.venue.halls}
    out: dict[str, str] = {}
    for hall_id in sorted(by_hall, key=lambda h: (h not in event.halls, codes[h], h)):
        group = sorted(by_hall[hall_id], key=lambda s: (s.y, s.x, s.request_id))
        numbers = _number_hall(known.get(hall_id), group, codes[hall_id], event.rules.aisle_width_m)
        for s, n in zip(group, numbers, strict=True):
            out[s.request_id] = n
    return out


def _place_key(stand: Stand) -> tuple[str, str, float, float, float, float]:
    return (stand.request_id, stand.hall, stand.x, stand.y, stand.width, stand.depth)


def renumber(event: Event, stands: list[Stand], previous: Sequence[Stand] = ()) -> list[Stand]:
    """`stands` with numbers from geometry, except that a stand that did not move keeps its own.

    "Did not move" means the same request, hall, position and size as in
    `previous`. A computed number that a kept one already holds becomes the
    next free number on the same side of the same aisle (`5D01` taken: `5D03`,
    then `5D05`), so a new stand reads like its neighbours, never `5D01A`. The
    rule `solve --baseline` and `floorplan edit` follow.
    """
    numbers = number_stands(event, stands)
    old = {_place_key(s): s.number for s in previous if s.number}
    kept = {s.request_id: old[_place_key(s)] for s in stands if _place_key(s) in old}
    numbers.update(kept)
    taken = set(kept.values())
    # New stands in their order along the aisle, so that those moved up past kept numbers
    # still read in sequence (three newcomers side by side: 1C03, 1C05, 1C07, not 1C07,
    # 1C03, 1C05).
    new = sorted(
        (s.request_id for s in stands if s.request_id not in kept and s.request_id in numbers),
        key=lambda rid: _in_sequence(numbers[rid]),
    )
    for rid in new:
        if numbers[rid] in taken:
            numbers[rid] = next_in_aisle(numbers[rid], taken)
        taken.add(numbers[rid])
    return [s.model_copy(update={"number": numbers.get(s.request_id, "")}) for s in stands]


def _in_sequence(number: str) -> tuple[str, int, str]:
    """A number's place in its aisle's sequence: `5D09` before `5D11`."""
    m = _DIGITS_LAST.fullmatch(number)
    return (m.group(1), int(m.group(2)), "") if m else (number, 0, number)


_DIGITS_LAST = re.compile(r"(.*?)(\d+)")
"""A stand number as its aisle (`5D`) and its place along it (`09`)."""


def next_in_aisle(number: str, taken: set[str]) -> str:
    """The first number after `number` in its aisle, on the same hand (odd or even), not taken."""
    m = _DIGITS_LAST.fullmatch(number)
    if m is None:
        k = 2
        while f"{number}-{k}" in taken:
            k += 1
        return f"{number}-{k}"
    prefix, digits = m.group(1), m.group(2)
    n = int(digits)
    while f"{prefix}{n:0{len(digits)}d}" in taken:
        n += 2
    return f"{prefix}{n:0{len(digits)}d}"


@dataclass(frozen=True)
class AisleMark:
    """Where a map writes an aisle's letter: in the middle of the aisle's clear width."""

    hall: str
    letter: str
    x: float
    y: float
    along: str
    """"x" for an aisle running along x (letter upright), "y" along y."""
    clear: float
    """The narrowest gap across the aisle at its stands, m: the room the letter has."""


MARK_SPACING_M = 30.0
"""A long aisle carries its letter once per this many metres, as hall signs do."""


NUMBER_PATTERN = re.compile(r"\d*([A-Z]+)\d+")


def aisle_marks(
    event: Event, stands: list[Stand], numbers: Mapping[str, str] | None = None
) -> list[AisleMark]:
    """Letter positions of every aisle of the numbering, hall by hall.

    The letter sits on the aisle's centre line (half way across the free gap
    its stands face), repeated every `MARK_SPACING_M` along the stretch the
    aisle's stands cover. The letters are those `number_stands` gives the
    same stands, unless `numbers` (the numbers the map shows, kept from an
    earlier layout) letter most of an aisle's stands otherwise: then the map
    writes that letter, so that a visitor looking for 5C07 finds aisle C.
    """
    by_hall: dict[str, list[Stand]] = defaultdict(list)
    for s in stands:
        by_hall[s.hall].append(s)
    known = {h.id: h for h in event.venue.halls}
    aisle = event.rules.aisle_width_m
    out: list[AisleMark] = []
    for hall_id in sorted(by_hall):
        group = sorted(by_hall[hall_id], key=lambda s: (s.y, s.x, s.request_id))
        facings, aisles, _ = _ranks(known.get(hall_id), group, aisle)
        for r, members in enumerate(aisles):
            fs = [facings[i] for i in members]
            horizontal = fs[0].axis == "x"
            gaps = [f.gap if f.ahead is not None else min(f.gap, aisle) for f in fs]
            clear = max(min(gaps), 0.0)
            across = [
                f.edge - g / 2 if f.side in ("S", "W") else f.edge + g / 2
                for f, g in zip(fs, gaps, strict=True)
            ]
            centre = sum(across) / len(across)
            spans = [
                (group[i].x, group[i].x + group[i].width)
                if horizontal
                else (group[i].y, group[i].y + group[i].depth)
                for i in members
            ]
            lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
            letter = row_label(r)
            if numbers:
                shown = Counter(
                    m.group(1)
                    for i in members
                    if (m := NUMBER_PATTERN.fullmatch(numbers.get(group[i].request_id, "")))
                )
                if shown:
                    letter = min(shown, key=lambda c: (-shown[c], c))
            n = max(1, round((hi - lo) / MARK_SPACING_M))
            for k in range(n):
                t = lo + (k + 0.5) * (hi - lo) / n
                x, y = (t, centre) if horizontal else (centre, t)
                along = "x" if horizontal else "y"
                out.append(AisleMark(hall_id, letter, x, y, along, clear))
    return out


__all__ = ["AisleMark", "aisle_marks", "hall_codes", "number_stands", "renumber", "row_label"]
