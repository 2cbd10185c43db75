"""Which blocks a pavilion may form on the open floor: rows of its members side by side.

A planner puts a national pavilion the bands had no room for on the open floor
as one free-standing block, an aisle all round: one row at one depth with
peninsulas capping its ends, or two rows back to back, each at its own depth
(small stands in a shallow row, large ones in a deeper one), their lengths
evened out within the area tolerance. Where the block goes is `infill`'s.
"""

from __future__ import annotations

import functools

from floorplan.model.event import Request, Rules
from floorplan.sizes import Size, exact_units, min_side_units, nominal_width, width_range

PAVILION_MEMBERS = 10
"""Most members of a pavilion seated whole as two rows (every split of them into rows is
weighed: 1,022 for ten)."""


def _size_in_row(m: Request, d: int, smin: int, rules: Rules, step: int) -> Size | None:
    """A member's size in a single row `d` deep: its width at that depth nearest its area;
    else, for a member that needs at most two open sides (its front and a row end), the
    deepest shallower depth that takes it, front-aligned with the row (the row's back is
    then ragged: on a 1 m grid an 18 m2 stand takes no width at 4 or 5 m within 10%, and
    a pavilion of 18 to 31 m2 stands found no one depth for all, seed 6400 ev01)."""
    if m.exact_size is not None:
        exact = exact_units(m, rules)
        if exact is None or d not in exact:
            return None
        return (exact[0] if exact[1] == d else exact[1], d)
    w = nominal_width(m, d, rules)
    if w is not None:
        return (w, d)
    if m.open_sides_needed > 2:
        return None  # a peninsula's back must be the row's back
    for shallower in range(d - step, smin - 1, -step):
        w = nominal_width(m, shallower, rules)
        if w is not None:
            return (w, shallower)
    return None


def _single_rows(members: list[Request], rules: Rules, step: int) -> list[list[Size]]:
    """The members' sizes (width along the row, depth across) for each depth the row may
    take, most compact rows first: every member as near its area as that depth allows
    (`_size_in_row`), the row within `max_row_m`."""
    g = rules.grid_m
    smin = -(-min_side_units(rules) // step) * step
    top = round(min(8.0, rules.max_to_aisle_m * 2) / g)
    out: list[tuple[float, list[Size]]] = []
    for d in range(smin, top + 1, step):
        sizes: list[Size] = []
        for m in members:
            size = _size_in_row(m, d, smin, rules, step)
            if size is None:
                break
            sizes.append(size)
        else:
            if all(depth < d for _, depth in sizes):
                continue  # every member shallower: the row of a shallower depth, again
            length = sum(w for w, _ in sizes)
            if length * g <= rules.max_row_m + 1e-9 and length >= d:
                out.append((length / d, sizes))
    out.sort(key=lambda t: t[0])
    return [sizes for _, sizes in out[:6]]


Row = tuple[tuple[Request, Size], ...]
"""Members along one row, each with its width along the row and its depth (in a single
row a member may be shallower than the row: `row_depth`)."""

Block = tuple[Row, ...]
"""Rows back to back (one or two), each as long as the others."""


def row_depth(row: Row) -> int:
    """How deep a row is: its deepest member."""
    return max(size[1] for _, size in row)


def _fit_widths(row: list[Request], d: int, length: int, rules: Rules) -> list[int] | None:
    """Widths within each member's area tolerance and aspect at depth `d` that add up to
    `length`, as near their areas as that allows; None if none do."""
    spans = [width_range(m, d, rules) for m in row]
    if any(sp is None for sp in spans):
        return None
    lows = [sp[0] for sp in spans if sp is not None]
    highs = [sp[1] for sp in spans if sp is not None]
    if not sum(lows) <= length <= sum(highs):
        return None
    widths = [
        min(max(nominal_width(m, d, rules) or lo, lo), hi)
        for m, lo, hi in zip(row, lows, highs, strict=True)
    ]
    k = 0
    while sum(widths) != length and k < 4 * len(row) * length:
        i = k % len(row)
        if sum(widths) < length and widths[i] < highs[i]:
            widths[i] += 1
        elif sum(widths) > length and widths[i] > lows[i]:
            widths[i] -= 1
        k += 1
    return widths if sum(widths) == length else None


def _ends_out(row: list[Request]) -> list[Request] | None:
    """The row's members with those needing two open sides at its ends; None if more than
    two do."""
    ends = [m for m in row if m.open_sides_needed >= 2]
    if len(ends) > 2:
        return None
    return [*ends[:1], *(m for m in row if m not in ends), *ends[1:]]


def _balanced(
    members: list[Request], nominal: dict[str, tuple[int | None, int | None]]
) -> tuple[list[Request], list[Request]] | None:
    """The members split into two rows of the most even length, each member in a row whose
    depth it can take and at most two corners a row (every split of a pavilion of up to
    `PAVILION_MEMBERS` is weighed; a larger one is left to the packing)."""
    n = len(members)
    if n > PAVILION_MEMBERS:
        return None
    best: tuple[int, int] | None = None
    for mask in range(1, (1 << n) - 1):
        rows: tuple[list[Request], list[Request]] = ([], [])
        for k, m in enumerate(members):
            rows[(mask >> k) & 1].append(m)
        if any(nominal[m.id][k] is None for k in (0, 1) for m in rows[k]):
            continue
        if any(sum(m.open_sides_needed >= 2 for m in rows[k]) > 2 for k in (0, 1)):
            continue
        sums = [sum(nominal[m.id][k] or 0 for m in rows[k]) for k in (0, 1)]
        if best is None or abs(sums[0] - sums[1]) < best[0]:
            best = (abs(sums[0] - sums[1]), mask)
    if best is None:
        return None
    front = [m for k, m in enumerate(members) if not (best[1] >> k) & 1]
    back = [m for k, m in enumerate(members) if (best[1] >> k) & 1]
    return front, back


def _double_rows(members: list[Request], rules: Rules, step: int) -> list[Block]:
    """Two rows back to back, each at its own depth (the small stands in a shallow row, the
    large in a deeper one), the same length (widths within their area tolerance), most
    compact blocks first: where a single row would be longer than `max_row_m` or no one
    depth suits every member. Only inline and corner members (a member of a double row
    has its front and at most a row end open); exact sizes are left to the packing."""
    if len(members) < 3 or any(m.open_sides_needed >= 3 or m.exact_size for m in members):
        return []
    g = rules.grid_m
    smin = -(-min_side_units(rules) // step) * step
    top = round(min(6.0, rules.max_to_aisle_m) / g)
    depths = list(range(smin, top + 1, step))
    out: list[tuple[float, Block]] = []
    for d1 in depths:
        for d2 in (d for d in depths if d >= d1):
            nominal = {
                m.id: (nominal_width(m, d1, rules), nominal_width(m, d2, rules)) for m in members
            }
            if any(a is None and b is None for a, b in nominal.values()):
                continue
            rows = _balanced(members, nominal)
            if rows is None:
                continue
            sums = [sum(nominal[m.id][k] or 0 for m in rows[k]) for k in (0, 1)]
            front, back = _ends_out(rows[0]), _ends_out(rows[1])
            if not front or not back:
                continue
            length = -(-(sums[0] + sums[1]) // 2)
            wa, wb = _fit_widths(front, d1, length, rules), _fit_widths(back, d2, length, rules)
            if wa is None or wb is None or length * g > rules.max_row_m + 1e-9:
                continue
            pair = (
                tuple((m, (w, d1)) for m, w in zip(front, wa, strict=True)),
                tuple((m, (w, d2)) for m, w in zip(back, wb, strict=True)),
            )
            out.append((max(length / (d1 + d2), (d1 + d2) / length), pair))
    out.sort(key=lambda t: t[0])
    return [pair for _, pair in out[:4]]


@functools.lru_cache(maxsize=256)
def blocks(members: tuple[Request, ...], rules: Rules, step: int) -> tuple[Block, ...]:
    """The blocks a pavilion may form, as rows of members: one row (peninsulas capping its
    ends), else two rows back to back. Remembered: the open floor is filled again for every
    skeleton and seat trial, and the blocks depend only on the members and the rules."""
    ends = [m for m in members if m.open_sides_needed == 3]
    if len(members) < 2 or len(ends) > 2 or any(m.open_sides_needed >= 4 for m in members):
        return ()
    order = [*ends[:1], *(m for m in members if m not in ends), *ends[1:]]
    single = [
        (tuple(zip(order, sizes, strict=True)),) for sizes in _single_rows(order, rules, step)
    ]
    return (*single, *_double_rows(list(members), rules, step))


def ragged(block: Block) -> bool:
    """Whether a row of the block has members of more than one depth (`_size_in_row`)."""
    return any(len({size[1] for _, size in row}) > 1 for row in block)


__all__ = ["PAVILION_MEMBERS", "Block", "Row", "blocks", "ragged", "row_depth"]
