"""Interior bands laid along a hall's column rows.

A hall's columns stand in rows. Bands of one fixed depth an aisle apart drift
against them (6 m rows and 3 m aisles against columns 9.5 m apart: every
other band holds a column row in its middle, which cuts it into pieces with a
cross aisle beside each column). A planner lays the rows out round the
columns instead: each column row just inside a row's face, where the stand
there is notched round it (`notch.py`), or else in a block's gap; never in an
aisle, whose walkers it would pinch. This is that choice as a small dynamic
programme over the band depths along the hall's depth: each band a little
shallower or deeper than the skeleton's depth, an aisle after each, and every
column that stands in an aisle or deep inside a band charged the row length it
costs (the column and a cross aisle beside it, over the band's depth).
"""

from __future__ import annotations

from dataclasses import dataclass

Band = tuple[int, int]
"""(offset from the macro wall, depth), grid units."""


@dataclass(frozen=True)
class ColumnRow:
    """Columns whose spans across the bands coincide (offsets from the macro wall, grid
    units), with what each costs where it stands badly, in grid units of band depth."""

    lo: float
    hi: float
    cost: float


def rows_of(
    spans: list[tuple[float, float, float]], a: int, depth: int, length: int
) -> list[ColumnRow]:
    """Column rows from each column's (lo, hi) across the bands and width along them: a
    column badly placed costs its width and an aisle's beside it, over a band's `depth`,
    as a share of the band's `length` (all grid units)."""
    rows: dict[tuple[float, float], float] = {}
    for lo, hi, width in spans:
        key = (round(lo, 6), round(hi, 6))
        rows[key] = rows.get(key, 0.0) + (width + a) * depth / max(1, length)
    return [ColumnRow(lo, hi, cost) for (lo, hi), cost in sorted(rows.items())]


def _aisle_cost(rows: list[ColumnRow], a0: int, a1: int) -> float:
    return sum(r.cost for r in rows if r.lo < a1 and a0 < r.hi)


def _band_cost(rows: list[ColumnRow], b0: int, b1: int, notch: int, double: bool) -> float:
    """Columns deep inside the band [b0, b1): farther than `notch` from both faces (and,
    in a `double` band, from the spine its two rows stand back to back on)."""
    spine = b0 + (b1 - b0) // 2
    return sum(
        r.cost
        for r in rows
        if b0 <= r.lo
        and r.hi <= b1
        and r.hi - b0 > notch
        and b1 - r.lo > notch
        and not (double and spine - notch <= r.lo and r.hi <= spine + notch)
    )


def _value(d: int, depth: int) -> float:
    """What a band `d` deep gives where the skeleton's depth is `depth`: its depth, but
    only half of what it has beyond `depth` (stands were sized for that)."""
    return float(d) if d <= depth else depth + (d - depth) / 2


def worth(
    bands: list[Band],
    rows: list[ColumnRow],
    a: int,
    notch: int,
    off: int,
    end: int,
    depth: int,
    double: bool = False,
) -> float:
    """Depth the bands give, less what their badly placed columns cost: a column in the
    aisle before the first band (from `off`, less an aisle), between two, after the last
    (up to `end`), or deep inside one."""
    if not bands:
        return 0.0
    total = sum(_value(d, depth) for _, d in bands)
    total -= _aisle_cost(rows, min(off, bands[0][0]) - a, bands[0][0])
    for i, (o, d) in enumerate(bands):
        total -= _band_cost(rows, o, o + d, notch, double)
        nxt = bands[i + 1][0] if i + 1 < len(bands) else max(end, o + d + a)
        total -= _aisle_cost(rows, o + d, nxt)
    return total


def along_rows(
    rows: list[ColumnRow],
    off: int,
    end: int,
    depth: int,
    depths: list[int],
    a: int,
    step: int,
    notch: int,
    double: bool = False,
) -> list[Band]:
    """Bands between `off` and `end` of the `depths` allowed (multiples of `step`, the
    first preferred on a tie), an aisle apart, that are worth the most (`worth`). A
    stretch may be left as floor (the aisle before a band grows) to skip a column row."""
    n = max(0, (end - off) // step)
    # best[k]: the most worth from off + k * step on; take[k]: the band's depth begun
    # there, or None (a step of floor).
    best = [0.0] * (n + 2)
    take: list[int | None] = [None] * (n + 2)
    for k in range(n, -1, -1):
        u = off + k * step
        value = best[k + 1] - _aisle_cost(rows, u, u + step)
        choice: int | None = None
        for d in depths:
            if u + d > end:
                continue
            j = k + (d + a) // step
            rest = best[j] if j <= n else 0.0
            stop = off + j * step if j <= n else max(end, u + d + a)
            gives = (
                _value(d, depth)
                - _band_cost(rows, u, u + d, notch, double)
                - _aisle_cost(rows, u + d, stop)
                + rest
            )
            if gives > value + 1e-9:
                value, choice = gives, d
        best[k], take[k] = value, choice
    bands: list[Band] = []
    k = 0
    while k <= n:
        got = take[k]
        if got is None:
            k += 1
            continue
        bands.append((off + k * step, got))
        k += (got + a) // step
    return bands


__all__ = ["ColumnRow", "along_rows", "rows_of", "worth"]
