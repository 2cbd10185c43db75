"""`column_rows`: interior bands laid round a hall's column rows.

Bands of one depth an aisle apart drift against a column grid; laid along the
rows, every column row stands just inside a band's face (a notch) and none in an
aisle or deep inside a band.
"""

from __future__ import annotations

import itertools

from floorplan.solve.column_rows import along_rows, rows_of, worth


def placed_well(bands: list[tuple[int, int]], rows, a: int, notch: int) -> bool:
    """Every column row just inside a band's face."""
    return all(
        any(o <= r.lo and r.hi <= o + d and min(r.hi - o, o + d - r.lo) <= notch for o, d in bands)
        for r in rows
    )


def test_bands_follow_column_rows_that_a_fixed_pitch_drifts_against() -> None:
    # Grid units of 0.5 m: 6 m bands (12), 3 m aisles (6), columns 0.6 m wide every 9.5 m
    # across the bands (19 units), from 9.2 m (18.4 units) on; the bands run 20 m (40 units)
    # and fill 45 m (90 units).
    a, depth, step, notch = 6, 12, 1, 3
    spans = [(18.4 + 19 * i, 19.6 + 19 * i, 1.2) for i in range(4)]
    rows = rows_of(spans, a, depth, 40)
    fixed = [(o, depth) for o in range(0, 90 - depth + 1, depth + a)]
    assert not placed_well(fixed, rows, a, notch), "the fixed pitch drifts into the rows"
    laid = along_rows(rows, 0, 90, depth, [12, 11, 13, 10, 14, 9, 15], a, step, notch)
    assert placed_well(laid, rows, a, notch)
    assert all(d in range(9, 16) for _, d in laid)
    assert all(o2 - (o1 + d1) >= a for (o1, d1), (o2, _) in itertools.pairwise(laid))
    assert worth(laid, rows, a, notch, 0, 90, depth) > worth(fixed, rows, a, notch, 0, 90, depth)


def test_without_columns_bands_of_the_skeletons_depth_fill_the_floor() -> None:
    laid = along_rows([], 0, 100, 12, [12, 11, 13], 6, 1, 3)
    assert laid and all(o2 - (o1 + d1) == 6 for (o1, d1), (o2, _) in itertools.pairwise(laid))
    assert laid[-1][0] + laid[-1][1] <= 100
