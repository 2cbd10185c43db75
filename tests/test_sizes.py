"""`smallest_extent` walks up from sqrt(area); it must agree with listing every size."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorplan import sizes
from floorplan.model import Request, Rules
from floorplan.sizes import grid_sizes, smallest_extent


def most_compact_listed(request: Request, rules: Rules) -> tuple[float, float] | None:
    sizes = grid_sizes(request, rules)
    if not sizes:
        return None
    w, d = min(sizes, key=lambda s: (max(s), min(s)))
    return (min(w, d) * rules.grid_m, max(w, d) * rules.grid_m)


@settings(max_examples=200, deadline=None)
@given(
    area=st.floats(0.01, 400),
    tolerance=st.sampled_from([0.0, 0.01, 0.1, 0.3, 0.9]),
    min_side=st.sampled_from([0.3, 1.0, 3.0, 7.3]),
    aspect=st.sampled_from([1.0, 1.5, 3.0, 10.0]),
    grid=st.sampled_from([0.25, 0.3, 0.5, 1.0, 3.0]),
)
def test_smallest_extent_is_the_most_compact_grid_size(
    area: float, tolerance: float, min_side: float, aspect: float, grid: float
) -> None:
    request = Request(id="r", name="R", area_m2=area)
    rules = Rules(area_tolerance=tolerance, min_side_m=min_side, max_aspect=aspect, grid_m=grid)
    assert smallest_extent(request, rules) == most_compact_listed(request, rules)


def test_exact_size_is_kept() -> None:
    request = Request(id="r", name="R", area_m2=12, width_m=4, depth_m=3)
    assert smallest_extent(request, Rules()) == (3, 4)
    off_grid = Request(id="r", name="R", area_m2=12, width_m=4.1, depth_m=3)
    assert smallest_extent(off_grid, Rules()) == (3, 4.1)


def test_huge_areas_and_fine_grids_answer_without_listing_every_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Listing a 1e8 m2 request's sizes, or a 1 cm grid's, would take hours: the walk up
    from sqrt(area) must not fall back on it (a count of work, not a stopwatch)."""

    def listing(*_: object) -> list[tuple[int, int]]:
        raise AssertionError("every size listed")

    monkeypatch.setattr(sizes, "grid_sizes", listing)
    assert smallest_extent(Request(id="r", name="R", area_m2=1e8), Rules()) == (9487.0, 9487.0)
    assert smallest_extent(Request(id="r", name="R", area_m2=1000), Rules(grid_m=0.001)) == (
        30.0,
        30.0,
    )


def test_area_beyond_float_range_has_no_size() -> None:
    """area * (1 + tolerance) overflows to inf; that must not crash `info`.

    Such an area is bad input since issue 13 (areas are at most 10 km x 10 km);
    the sizes module still copes with a model built without validation.
    """
    huge = Request.model_construct(id="r", name="R", area_m2=1.7e308)
    assert smallest_extent(huge, Rules()) is None
