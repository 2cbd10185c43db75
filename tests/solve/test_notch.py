"""`notch`: a stand built round a column just inside its face.

The skeleton leaves such a column in the row; the stand there is written as its
rectangle less a notch carried out to its nearest side, and a stand whose notch a
planner would not cut (too deep, or its area out of tolerance) is a misfit.
"""

from __future__ import annotations

from floorplan.model import Rules
from floorplan.solve import solve
from floorplan.solve.notch import deepest, fits, notches, outline, points
from floorplan.solve.pack import Placed
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem
from floorplan.validate import validate

from .conftest import TIME_LIMIT_S, WORKERS, make_event, rect_hall, req

G = 0.5


def test_a_column_just_inside_a_face_is_notched_out_to_that_face() -> None:
    # A stand 4-10 m x 6-12 m (grid units of 0.5 m); a 0.6 m column 0.2 m inside its top face.
    rect = (8, 12, 12, 12)
    cuts = notches(rect, [(6.7, 11.2, 7.3, 11.8)], G)
    # On the grid the column is 6.5-7.5 x 11-12 m; carried to the top face (12 m), 2 units deep.
    assert cuts == [((13, 22, 2, 2), 2)]
    shape = outline(rect, cuts, G)
    assert shape.geom_type == "Polygon" and not shape.interiors
    assert abs(shape.area - (36.0 - 1.0)) < 1e-9
    assert len(points(shape)) == 8, "a rectangle with a bite out of one side"


def test_columns_clear_of_the_stand_need_no_notch() -> None:
    assert notches((8, 12, 12, 12), [(0.0, 0.0, 1.0, 1.0), (10.0, 6.0, 11.0, 7.0)], G) == []


def test_a_column_in_the_middle_of_a_stand_would_need_a_deep_notch() -> None:
    cuts = notches((0, 0, 20, 20), [(4.7, 4.7, 5.3, 5.3)], G)
    assert [depth * G for _, depth in cuts] == [5.5]


def placed(
    area: float, rect: tuple[int, int, int, int], columns: list
) -> tuple[Placed, HallProblem]:
    hall = rect_hall("h", 40, 30, columns=columns)
    rules = Rules(grid_m=G, area_tolerance=0.1)
    r = req("a", area)
    return Placed(r, rect, 1, 0), HallProblem(hall, rules, (r,), False)


def test_a_shallow_notch_within_the_area_tolerance_fits() -> None:
    pl, p = placed(36.0, (8, 12, 12, 12), [(6.7, 11.2, 0.6, 0.6)])
    assert fits(pl.request, pl.rect, p, DEFAULT.notch_depth_m)


def test_a_notch_that_takes_the_area_out_of_tolerance_does_not_fit() -> None:
    # 9 m2 requested, 3 x 3 m stand, a 1 m column in its corner: 8 m2 is 11% short.
    pl, p = placed(9.0, (0, 0, 6, 6), [(0.0, 0.0, 1.0, 1.0)])
    assert not fits(pl.request, pl.rect, p, DEFAULT.notch_depth_m)


def test_a_column_deep_inside_does_not_fit() -> None:
    pl, p = placed(100.0, (0, 0, 20, 20), [(4.7, 4.7, 0.6, 0.6)])
    assert not fits(pl.request, pl.rect, p, DEFAULT.notch_depth_m)


def test_the_deepest_notch_is_the_limit_on_the_grid_rounded_up() -> None:
    assert deepest(1.5, 0.1) == 15
    assert deepest(1.5, 0.5) == 3
    assert deepest(1.5, 1.0) == 2, "a 1 m grid cuts 2 m, not 1 m, for a 1.5 m limit"
    assert deepest(1.5, 2.0) == 1


def test_on_a_coarse_grid_a_column_off_the_grid_at_the_face_is_notched() -> None:
    """A 0.6 m column across a grid line of a 1 m grid takes a 2 x 2 m box: within the
    1.5 m limit on that grid, where a limit rounded down (1 m) cut the row there."""
    hall = rect_hall("h", 40, 30, columns=[(7.7, 10.7, 0.6, 0.6)])
    rules = Rules(grid_m=1.0, area_tolerance=0.1)
    r = req("a", 60.0)
    p = HallProblem(hall, rules, (r,), False)
    at_face = (4, 6, 10, 6)  # 4-14 x 6-12 m: the column's box 7-9 x 10-12 m, 2 m deep
    assert [depth for _, depth in notches(at_face, p.hall_column_boxes, 1.0)] == [2]
    assert fits(r, at_face, p, DEFAULT.notch_depth_m)
    deeper = (4, 5, 10, 8)  # 4-14 x 5-13 m: 3 m from the nearest side
    assert not fits(req("b", 80.0), deeper, p, DEFAULT.notch_depth_m)


def test_a_column_row_just_inside_a_face_costs_the_rows_no_stand() -> None:
    """A row of columns 0.3 m inside a band's face: the stands there are written notched
    round them (valid, each notch holds a column or its part), and the hall takes nearly as many
    stands as without its columns (29 of 30; cutting the rows at every column, 26)."""
    cols = [(x, 12.6, 0.6, 0.6) for x in (9.7, 19.7, 29.7)]
    reqs = [req(f"s{k}", 24, booth_type="inline") for k in range(30)]
    event = make_event([rect_hall("h1", 40, 30, columns=cols)], reqs)
    result = solve(event, time_limit_s=TIME_LIMIT_S, seed=0, workers=WORKERS)
    assert result.violations == [] and validate(event, result.layout).valid
    notched = [s for s in result.layout.stands if s.polygon]
    assert notched
    columns = event.venue.halls[0].column_shapes
    for s in notched:
        bite = s.shape.envelope.difference(s.shape)
        assert any(bite.intersection(c).area > 0.1 for c in columns), s.request_id
    bare = make_event([rect_hall("h1", 40, 30)], reqs)
    alone = solve(bare, time_limit_s=TIME_LIMIT_S, seed=0, workers=WORKERS).layout
    assert len(result.layout.stands) >= len(alone.stands) - 1
