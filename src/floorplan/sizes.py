"""Which stand rectangles a request may take.

A stand is flexible: any width x depth on the grid within the area
tolerance, the minimum side and the aspect limit, unless the exhibitor gave
an exact size. Shared by `info` and the solver; the validator checks the
rules on its own.
"""

from __future__ import annotations

import math

from floorplan.model.event import Request, Rules

EPS = 1e-9


def min_side_units(rules: Rules) -> int:
    """`min_side_m` in grid units, rounded up, at least one unit."""
    return max(1, math.ceil(rules.min_side_m / rules.grid_m - EPS))


def area_bounds(request: Request, rules: Rules) -> tuple[float, float]:
    a = request.area_m2
    return a * (1 - rules.area_tolerance), a * (1 + rules.area_tolerance)


def exact_area_fits(request: Request, rules: Rules) -> bool:
    """Whether the exact size's area is within the area tolerance of the request (rule 3):
    a row of `6 x 6` m for 30 m2 asks for a stand no layout may hold."""
    exact = request.exact_size
    if exact is None:
        return True
    area = exact[0] * exact[1]
    return math.isclose(area, request.area_m2) or (
        abs(area - request.area_m2) <= rules.area_tolerance * request.area_m2 + EPS
    )


def exact_units(request: Request, rules: Rules) -> tuple[int, int] | None:
    """The exhibitor's exact width and depth in grid units, or None if there is none, it
    is off the grid or its area is outside the tolerance (then no stand can have it)."""
    exact = request.exact_size
    if exact is None or not exact_area_fits(request, rules):
        return None
    g = rules.grid_m
    w, d = (round(v / g) for v in exact)
    if abs(w * g - exact[0]) > EPS or abs(d * g - exact[1]) > EPS:
        return None
    return (w, d)


def grid_sizes(request: Request, rules: Rules) -> list[tuple[int, int]]:
    """Allowed (width, depth) in grid units, both orientations, sorted by area closeness.

    Exact sizes that are not multiples of the grid cannot be expressed in grid
    units and give no entries; see `exact_size_off_grid`.
    """
    g = rules.grid_m
    lo, hi = area_bounds(request, rules)
    if request.exact_size is not None:
        units = exact_units(request, rules)
        return [] if units is None else sorted({units, units[::-1]})
    smin = min_side_units(rules)
    out: list[tuple[int, int]] = []
    w = smin
    while True:
        # Narrowest depth for this width by area, then aspect and min side.
        d_lo = max(smin, math.ceil(lo / (w * g * g) - EPS), math.ceil(w / rules.max_aspect - EPS))
        d_hi = min(math.floor(hi / (w * g * g) + EPS), math.floor(w * rules.max_aspect + EPS))
        if w * g * smin * g > hi + EPS:
            break
        for d in range(d_lo, d_hi + 1):
            out.append((w, d))
        w += 1
    target = request.area_m2 / (g * g)
    out.sort(key=lambda s: (abs(s[0] * s[1] - target), max(s) / min(s), s))
    return out


def smallest_extent(request: Request, rules: Rules) -> tuple[float, float] | None:
    """The most compact (short side, long side) in metres, or None if no size is allowed.

    Same answer as the most compact of `grid_sizes`, found by walking up the
    long side from sqrt(area) instead of listing every size: the list grows
    with area / grid^2, so a mistyped 1e9 m2 or a 1 cm grid would hang `info`.
    """
    g = rules.grid_m
    exact = request.exact_size
    if exact is not None:
        sizes = grid_sizes(request, rules)
        if not sizes:
            return (min(exact), max(exact))
        w, d = min(sizes, key=lambda s: (max(s), min(s)))
        return (min(w, d) * g, max(w, d) * g)
    try:
        return _most_compact(request, rules)
    except OverflowError:  # an area or grid beyond float range (1e308 m2): no size at all
        return None


def _most_compact(request: Request, rules: Rules) -> tuple[float, float] | None:
    g = rules.grid_m
    lo, hi = area_bounds(request, rules)
    smin = min_side_units(rules)
    long_ = max(smin, math.floor(math.sqrt(lo) / g) - 1)
    # Beyond these a long side has no short side: too little area, or too thin.
    top = min(
        math.floor((hi + EPS) / (smin * g * g)),
        math.floor(math.sqrt(hi * rules.max_aspect) / g) + 1,
    )
    while long_ <= top:
        # The conditions of `grid_sizes` with the long side as width, short <= long.
        short = max(
            smin,
            math.ceil(lo / (long_ * g * g) - EPS),
            math.ceil(long_ / rules.max_aspect - EPS),
        )
        short_hi = min(
            long_,
            math.floor(hi / (long_ * g * g) + EPS),
            math.floor(long_ * rules.max_aspect + EPS),
        )
        if short <= short_hi:
            return (short * g, long_ * g)
        long_ += 1
    return None


def fitting_extent(
    request: Request, rules: Rules, short_room: float, long_room: float
) -> tuple[float, float] | None:
    """A (short side, long side) in metres the request may take that fits a room of
    `short_room` x `long_room` m, the shortest long side first; None if none does.

    A thin request may fit a narrow hall that its most compact size does not: the
    short side walks up from the least allowed, each with its shortest long side.
    """
    g = rules.grid_m
    if request.exact_size is not None:
        units = exact_units(request, rules)
        if units is None:
            return None
        short, long_ = sorted(v * g for v in units)
        return (short, long_) if short <= short_room + EPS and long_ <= long_room + EPS else None
    lo, hi = area_bounds(request, rules)
    smin = min_side_units(rules)
    top = math.floor(math.sqrt(hi) / g + EPS)
    if math.isfinite(short_room):
        top = min(top, math.floor(short_room / g + EPS))
    for short in range(smin, top + 1):
        long_ = max(short, math.ceil(lo / (short * g * g) - EPS))
        if long_ * g > long_room + EPS:
            continue
        if long_ * short * g * g <= hi + EPS and long_ <= short * rules.max_aspect + EPS:
            return (short * g, long_ * g)
    return None


def sizes_in_words(req: Request, rules: Rules) -> str:
    """The sizes the stand may take, as a planner checks them against a free slot on the
    map: its most compact and, where its area tolerance and `max_aspect` let it be
    narrower, its narrowest ("at least 8.5 x 8.5 m" alone reads as if no slot 4.5 m across
    could take the 76 m2 stand, and as if one 5 m across could not either)."""
    compact = smallest_extent(req, rules)
    if compact is None:
        return "no size within the rules"
    narrow = fitting_extent(req, rules, math.inf, math.inf) or compact
    out = f"at least {compact[0]:g} x {compact[1]:g} m"
    if narrow[0] < compact[0] - 1e-9:
        out += f" (or as narrow as {narrow[0]:g} x {narrow[1]:g} m)"
    return out


Size = tuple[int, int]
"""(width along the row, depth across it) in grid units."""


def width_range(request: Request, depth: int, rules: Rules) -> tuple[int, int] | None:
    """Widths (grid units) a stand `depth` deep may take: area, min side, aspect, exact size."""
    g = rules.grid_m
    if request.exact_size is not None:
        units = exact_units(request, rules)
        if units is None:
            return None
        w, d = units
        return (w, w) if depth == d else (d, d) if depth == w else None
    smin = min_side_units(rules)
    if depth < smin:
        return None
    lo, hi = area_bounds(request, rules)
    w_lo = max(
        smin, math.ceil(lo / (depth * g * g) - EPS), math.ceil(depth / rules.max_aspect - EPS)
    )
    w_hi = min(math.floor(hi / (depth * g * g) + EPS), math.floor(depth * rules.max_aspect + EPS))
    return (w_lo, w_hi) if w_lo <= w_hi else None


def nominal_width(request: Request, depth: int, rules: Rules) -> int | None:
    """The width nearest the requested area at this depth, or None if none is allowed."""
    span = width_range(request, depth, rules)
    if span is None:
        return None
    g = rules.grid_m
    w = round(request.area_m2 / (depth * g * g))
    return min(max(w, span[0]), span[1])


def fit_depth(request: Request, depth: int, rules: Rules, step: int = 1) -> Size | None:
    """The stand for a row `depth` deep: as deep as the row if it can be, else shallower.

    Exact sizes take the orientation whose depth fits the row best. A flexible
    stand too small for the row stands at the row's front, as deep as its area
    and aspect allow; one too big for it gets None.
    """
    g = rules.grid_m
    if request.exact_size is not None:
        units = exact_units(request, rules)
        if units is None:
            return None
        w, d = units
        options = [(ww, dd) for ww, dd in ((w, d), (d, w)) if dd <= depth]
        return max(options, key=lambda s: (s[1], -s[0])) if options else None
    smin = min_side_units(rules)
    hi = area_bounds(request, rules)[1]
    # Deeper than this no width works: too thin for the aspect, or below the minimum side.
    top = min(math.sqrt(hi * rules.max_aspect), hi / max(rules.min_side_m, EPS)) / g
    d = min(depth, math.floor(top + EPS))
    d -= (depth - d) % step if d < depth else 0
    d = max(d, smin) if depth >= smin else d
    tries = 0
    while d >= smin and tries < 64:
        nominal = nominal_width(request, d, rules)
        if nominal is not None:
            return (nominal, d)
        d -= step if d - step >= smin or d == smin else d - smin
        tries += 1
    return None
