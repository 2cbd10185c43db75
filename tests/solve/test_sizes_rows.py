"""`width_range`, `nominal_width` and `fit_depth`: the stand sizes the packer may cut for a row.

The packer trusts these three for the size rules (area tolerance, minimum
side, aspect, exact sizes); the validator checks the same rules on its own, so
a wrong answer here shows up as a stand set aside after validation. Defaults:
grid 0.5 m, tolerance 10 %, min side 3 m, aspect 3. Widths and depths are in
grid units.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from floorplan.model import Request, Rules
from floorplan.sizes import fit_depth, nominal_width, width_range

from .conftest import req

RULES = Rules()
EPS = 1e-6


def exact(rid: str, w: float, d: float) -> Request:
    return req(rid, w * d, width_m=w, depth_m=d)


# ---------------------------------------------------------------- width_range


def test_exact_size_gives_one_width_in_either_orientation() -> None:
    """A 3 x 4 m stand (6 x 8 units) fits a row 8 deep as 6 wide, or 6 deep as 8 wide."""
    r = exact("x", 3.0, 4.0)
    assert width_range(r, 8, RULES) == (6, 6)
    assert width_range(r, 6, RULES) == (8, 8)
    assert width_range(r, 7, RULES) is None
    assert nominal_width(r, 8, RULES) == 6
    assert nominal_width(r, 7, RULES) is None


def test_exact_size_off_the_grid_has_no_width() -> None:
    """3.3 m is not a multiple of 0.5 m: no grid stand can be exactly that size."""
    r = exact("x", 3.3, 4.0)
    assert width_range(r, 8, RULES) is None
    assert fit_depth(r, 20, RULES) is None


def test_flexible_width_spans_the_area_tolerance() -> None:
    """20 m2 at 4 m deep: 18..22 m2 -> widths 4.5..5.5 m (9..11 units), nominal 5 m."""
    r = req("f", 20.0)
    assert width_range(r, 8, RULES) == (9, 11)
    assert nominal_width(r, 8, RULES) == 10


def test_depth_below_the_min_side_has_no_width() -> None:
    """A 2.5 m deep stand breaks the 3 m minimum side whatever its width."""
    assert width_range(req("f", 20.0), 5, RULES) is None
    assert width_range(req("f", 20.0), 6, RULES) is not None


def test_aspect_caps_the_width() -> None:
    """27 m2 at 3 m deep wants 8.1..9.9 m, but aspect 3 stops at 9 m (18 units)."""
    assert width_range(req("f", 27.0), 6, RULES) == (17, 18)
    loose = Rules(max_aspect=4.0)
    assert width_range(req("f", 27.0), 6, loose) == (17, 19)


def test_nominal_width_is_clamped_into_the_range() -> None:
    """At 3 m deep, 27 m2 would round to 18 units; a tighter aspect clamps the nominal."""
    tight = Rules(max_aspect=2.9)
    span = width_range(req("f", 27.0), 6, tight)
    assert span == (17, 17)
    assert nominal_width(req("f", 27.0), 6, tight) == 17


# ---------------------------------------------------------------- fit_depth


def test_fit_depth_takes_the_full_row_depth_when_it_can() -> None:
    assert fit_depth(req("f", 20.0), 8, RULES) == (10, 8)


def test_small_stand_in_a_deep_row_gets_a_shallower_depth() -> None:
    """9 m2 cannot be 10 m deep (min side, aspect): it stands 3 x 3 m at the row's front."""
    got = fit_depth(req("s", 9.0), 20, RULES)
    assert got == (6, 6)


def test_too_big_for_the_row_gets_none() -> None:
    """100 m2 in a 3 m row would be >= 30 m wide: beyond aspect 3 at any allowed depth."""
    assert fit_depth(req("b", 100.0), 6, RULES) is None
    assert fit_depth(exact("e", 10.0, 10.0), 8, RULES) is None


def test_exact_size_takes_the_orientation_that_fills_the_row_best() -> None:
    """3 x 5 m: in a 4 m row only the 5-wide way fits; in a 5 m row the deeper way wins."""
    r = exact("e", 3.0, 5.0)
    assert fit_depth(r, 8, RULES) == (10, 6)
    assert fit_depth(r, 10, RULES) == (6, 10)
    assert fit_depth(r, 5, RULES) is None


def test_fit_depth_respects_the_step() -> None:
    """With a step of 2 units a shallower depth stays a whole number of steps below the row."""
    got = fit_depth(req("s", 9.0), 20, RULES, step=2)
    assert got == (6, 6)
    got = fit_depth(req("s", 12.0), 20, RULES, step=4)
    assert got is not None and (20 - got[1]) % 4 == 0


def test_small_stand_fits_a_row_whose_depth_is_off_the_step() -> None:
    """A 9 m2 stand is not too big for a 10.5 m row: only too big may give None."""
    assert fit_depth(req("s", 9.0), 21, RULES, step=2) is not None


# ---------------------------------------------------------------- property

GRIDS = (0.1, 0.2, 0.25, 0.5, 1.0)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    grid=st.sampled_from(GRIDS),
    area=st.integers(4, 2000).map(lambda v: v / 4),
    depth=st.integers(1, 120),
    tol=st.sampled_from([0.0, 0.05, 0.1, 0.2]),
    min_side=st.sampled_from([1.0, 2.0, 3.0]),
    aspect=st.sampled_from([1.0, 1.5, 3.0, 5.0]),
    step=st.integers(1, 5),
    exact_w=st.none() | st.integers(2, 40),
    exact_ratio=st.sampled_from([1.0, 1.5, 2.0]),
)
def test_whatever_fit_depth_returns_obeys_the_size_rules(
    grid: float,
    area: float,
    depth: int,
    tol: float,
    min_side: float,
    aspect: float,
    step: int,
    exact_w: int | None,
    exact_ratio: float,
) -> None:
    """Any size fit_depth hands out is one the validator would accept for that request."""
    rules = Rules(
        grid_m=grid, area_tolerance=tol, min_side_m=min_side, max_aspect=aspect, max_row_m=100
    )
    if exact_w is not None:
        w_m = exact_w * 0.5
        d_m = w_m * exact_ratio
        r = req("e", w_m * d_m, width_m=w_m, depth_m=d_m)
    else:
        r = req("f", area)
    got = fit_depth(r, depth, rules, step)
    if got is None:
        return
    w, d = got
    assert 0 < d <= depth, "deeper than the row"
    wm, dm = w * grid, d * grid
    if r.exact_size is not None:
        assert sorted((wm, dm)) == sorted(r.exact_size) or (
            abs(min(wm, dm) - min(r.exact_size)) < EPS
            and abs(max(wm, dm) - max(r.exact_size)) < EPS
        )
        return
    lo, hi = r.area_m2 * (1 - tol), r.area_m2 * (1 + tol)
    assert lo - EPS <= wm * dm <= hi + EPS, (wm, dm)
    assert min(wm, dm) >= min_side - EPS
    assert max(wm, dm) / min(wm, dm) <= aspect + EPS
    span = width_range(r, d, rules)
    assert span is not None and span[0] <= w <= span[1]
