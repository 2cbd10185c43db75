"""`tidy`: a stray stand joins the end of a row, flush with its line, and never
at the cost of a rule: the row stays within `max_row_m`, an island keeps its
four open sides."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorplan.model import Rules
from floorplan.solve.align import align
from floorplan.solve.lineup import ALIGN_M, Lineup, aligned
from floorplan.solve.pack import Placed
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem, Rect, blocks, box_of, rect_gap
from floorplan.solve.tidy import _Shares, join_strays

from .conftest import rect_hall, req


def _hall(rules: Rules, stray: str | None = None) -> HallProblem:
    rows = [req(r, 60) for r in ("a", "c")] + [req("b", 60), req("d", 78)]
    reqs = (*rows, req("s", 18, booth_type=stray))
    return HallProblem(rect_hall("h", 60, 40), rules, tuple(reqs), False, ())


# Two rows 6 m deep, 6 m apart, from x 5 m: a+b to 25 m, c+d to 28 m; the
# stray s (3 x 6 m) stands alone at x 40 m, y 30 m (0.5 m grid units).
ROWS: list[Rect] = [(10, 20, 20, 12), (10, 44, 20, 12), (30, 20, 20, 12), (30, 44, 26, 12)]
STRAY: Rect = (80, 60, 6, 12)


def _placed(p: HallProblem) -> list[Placed]:
    return [Placed(r, rect, 3, 0) for r, rect in zip(p.requests, [*ROWS, STRAY], strict=True)]


def test_a_stray_joins_the_end_of_a_row_flush_with_its_line() -> None:
    p = _hall(Rules())
    out, done = align(p, _placed(p), DEFAULT)
    assert done
    rects = {pl.request.id: pl.rect for pl in out}
    s, b, d = rects["s"], rects["b"], rects["d"]
    # At the end of row a+b, as deep as it: both rows now end on one line, x 28 m.
    assert rect_gap(s, b) == 0 and (s[1], s[3]) == (b[1], b[3])
    assert s[0] + s[2] == d[0] + d[2] == 56


def test_no_row_grows_past_max_row_m() -> None:
    p = _hall(Rules(max_row_m=22))
    out, done = align(p, _placed(p), DEFAULT)
    assert done
    rects = {pl.request.id: pl.rect for pl in out}
    assert all(rect_gap(rects["s"], rects[r]) >= p.passage for r in "abcd")


def test_an_island_stays_alone() -> None:
    p = _hall(Rules(), stray="island")
    hall = Lineup(p, _placed(p), DEFAULT)
    joined, done = join_strays(hall, None)
    assert done and not joined
    assert hall.rects[4] == STRAY


def test_past_the_emergency_deadline_no_stray_moves() -> None:
    p = _hall(Rules())
    hall = Lineup(p, _placed(p), DEFAULT)
    joined, done = join_strays(hall, 0.0)
    assert not done and not joined
    assert hall.rects[4] == STRAY


RECTS = st.tuples(st.integers(0, 100), st.integers(0, 70), st.integers(6, 24), st.integers(6, 16))
"""Stands of 3-12 x 3-8 m anywhere in a 50 x 35 m patch (0.5 m grid units)."""


@settings(max_examples=60, deadline=None)
@given(st.lists(RECTS, min_size=2, max_size=14), RECTS)
def test_a_strays_seats_are_scored_as_if_the_hall_were_regrouped_each_time(
    rects: list[Rect], seat: Rect
) -> None:
    """The blocks of the other stands are grouped once per stray; each seat merges only the
    blocks it comes near. The share must be the one a full regrouping gives."""
    hall = Lineup(_hall(Rules()), _placed(_hall(Rules())), DEFAULT)
    hall.rects = list(rects)
    tol = ALIGN_M / hall.p.g
    moved = list(rects)
    moved[0] = seat
    boxes = [box_of([moved[i] for i in m]) for m in blocks(moved, hall.near)]
    whole = aligned(boxes, tol) / (4 * len(boxes)) if len(boxes) > 1 else 1.0
    assert _Shares(hall, 0, tol).of(seat) == pytest.approx(whole)
