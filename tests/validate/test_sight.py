"""`sight.Solid`: a segment it refuses is one the exact test refuses too.

The quick refusal only ever says "blocked"; it must never say so of a segment
that lies in the walkable space. Checked against shapely on random halls with
random stands (hypothesis), including segments grazing a stand's side.
"""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import box

from floorplan.validate.sight import Solid
from floorplan.validate.walkable import grown

stands_ = st.lists(
    st.tuples(st.integers(0, 55), st.integers(0, 35), st.integers(3, 15), st.integers(3, 12)).map(
        lambda t: box(t[0], t[1], t[0] + t[2], t[1] + t[3])
    ),
    max_size=12,
)
points_ = st.lists(
    st.tuples(st.floats(-2, 62), st.floats(-2, 42)).map(lambda t: (round(t[0] * 2) / 2, t[1])),
    min_size=2,
    max_size=40,
)


def _exact_blocked(space: shapely.Geometry, segments: np.ndarray) -> np.ndarray:
    boundary = space.boundary
    return np.array([shapely.linestrings(s).intersects(boundary) for s in segments], dtype=bool)


@given(stands_, points_)
@settings(max_examples=80, deadline=None)
def test_a_refused_segment_is_refused_by_the_exact_test(
    stands: list[shapely.Polygon], points: list[tuple[float, float]]
) -> None:
    walkable = box(0, 0, 60, 40).difference(shapely.union_all(stands))
    space = grown(walkable)
    pts = np.array(points)
    i, j = np.triu_indices(len(pts), k=1)
    segments = np.stack([pts[i], pts[j]], axis=1)
    quick = Solid(space).blocked(segments)
    exact = _exact_blocked(space, segments)
    assert not np.any(quick & ~exact)


def test_a_segment_through_a_stand_is_refused_and_one_beside_it_is_not() -> None:
    walkable = box(0, 0, 60, 40).difference(box(20, 10, 30, 30))
    solid = Solid(grown(walkable))
    through = np.array([[[5.0, 20.0], [55.0, 20.0]]])
    beside = np.array([[[5.0, 5.0], [55.0, 5.0]]])
    along = np.array([[[5.0, 10.0], [55.0, 10.0]]])  # grazes the stand's side
    assert solid.blocked(through).all()
    assert not solid.blocked(beside).any()
    assert not solid.blocked(along).any()
