"""A hall as the solver sees it: where no stand may go."""

from __future__ import annotations

import math

import numpy as np
import shapely

from floorplan.model import Rules
from floorplan.solve.problem import HallProblem, pieces

from .conftest import rect_hall, req


def test_every_point_a_stand_may_touch_is_a_full_exit_clearance_from_the_door() -> None:
    """The clearance zone's round ends are drawn round the true circle, not inside it:
    a stand touching the zone stands `exit_clearance_m` from the door, never 1.4 cm less
    (fuzzed ev27: two stands on a 1 cm grid at 2.99 m from a door, set aside)."""
    exits = (("E1", (20.0, 0.0), 4.0, "entrance"), ("E2", (0.0, 15.0), 2.5, "exit"))
    hall = rect_hall("h", 40, 30, exits=exits)
    rules = Rules(grid_m=0.01, exit_clearance_m=3.0)
    p = HallProblem(hall, rules, (req("a", 20.0),), False)
    # Points along each zone's edge, between its vertices too.
    t = np.linspace(0.0, 1.0, 21)[None, :, None]
    pts = np.concatenate(
        [
            (c[:-1, None, :] * (1 - t) + c[1:, None, :] * t).reshape(-1, 2)
            for ring in shapely.get_parts(p.clearance.boundary)
            for c in [shapely.get_coordinates(ring)]
        ]
    )
    inside = shapely.contains_xy(p.outline.buffer(-1e-6), pts[:, 0], pts[:, 1])
    doors = shapely.union_all(list(p.doors))
    near = shapely.distance(doors, shapely.points(pts[inside]))
    assert near.min() >= 3.0 - 1e-9, near.min()
    # And no more than a hair beyond it: the zone does not take floor it need not.
    assert near.max() <= 3.0 * (1 / math.cos(math.pi / 32)) + 1e-9


def test_pieces_are_the_intervals_less_the_aisles_cut_from_them() -> None:
    """An aisle inside an interval splits it, one over its end shortens it, one over all
    of it leaves nothing, and one elsewhere leaves it whole."""
    assert pieces([(0, 100)], [(40, 46)]) == [(0, 40), (46, 100)]
    assert pieces([(0, 100), (120, 150)], [(95, 125)]) == [(0, 95), (125, 150)]
    assert pieces([(10, 20)], [(0, 30)]) == []
    assert pieces([(10, 20)], [(30, 40)]) == [(10, 20)]
