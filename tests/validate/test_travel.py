"""Walking distances: exact values on simple floors, and agreement with a brute-force oracle."""

from __future__ import annotations

import math
import random
from unittest.mock import patch

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import Polygon, box

from floorplan.model import Stand
from floorplan.validate import travel
from floorplan.validate.access import stand_access
from floorplan.validate.travel import (
    MAX_TOL,
    ExitField,
    _PieceArrays,
    _Relay,
    maximise,
    to_open_side,
)
from floorplan.validate.walkable import hall_space

from .conftest import make_hall, stand
from .oracle import walks


def field_for(hall_kw: dict[str, object], stands: list[Stand]) -> tuple[ExitField, list]:  # type: ignore[type-arg]
    hall = make_hall(**hall_kw)  # type: ignore[arg-type]
    space = hall_space(hall, [s.rect for s in stands], 3.0)
    return ExitField(space.walkable, space.doors), stand_access(stands, space.walkable)


def test_free_stand_walks_straight_to_the_door() -> None:
    s = stand("a", 10.0, 10.0, 6.0, 4.0)
    field, (acc,) = field_for(
        {"width": 40.0, "depth": 30.0, "exits": [("E", (30.0, 0.0), 2.0, "exit")]}, [s]
    )
    travel = field.stand_travel(s, acc)
    # the far corner (10, 14) to the door's near end (29, 0)
    assert travel.worst_m == pytest.approx(math.dist((10, 14), (29, 0)), abs=MAX_TOL)
    assert travel.worst_at == pytest.approx((10.0, 14.0), abs=0.01)


def test_walk_to_a_wide_door_is_perpendicular() -> None:
    s = stand("a", 10.0, 10.0, 6.0, 4.0)
    hall = {"width": 40.0, "depth": 30.0, "exits": [("E", (13.0, 0.0), 10.0, "exit")]}
    field, (acc,) = field_for(hall, [s])
    assert field.stand_travel(s, acc).worst_m == pytest.approx(14.0, abs=MAX_TOL)


def test_walk_bends_round_a_column() -> None:
    s = stand("a", 18.0, 20.0, 4.0, 4.0)
    hall = {
        "width": 40.0,
        "depth": 30.0,
        "exits": [("E", (20.0, 0.0), 1.0, "exit")],
        "columns": [(17.0, 8.0, 6.0, 2.0)],  # a wide column between the stand and the door
    }
    field, (acc,) = field_for(hall, [s])
    # The worst point is the middle of the far side (20, 24), equally far round either end
    # of the column: to its corner (17, 10), down its side to (17, 8), to the door end.
    expected = math.dist((20, 24), (17, 10)) + 2 + math.dist((17, 8), (19.5, 0))
    travel = field.stand_travel(s, acc)
    assert travel.worst_m == pytest.approx(expected, abs=MAX_TOL)
    assert travel.worst_at == pytest.approx((20.0, 24.0), abs=0.01)


def test_walk_leaves_a_corner_along_the_side_of_the_stand_below() -> None:
    # s sits on n with their east sides flush; from s's corner (10, 7.5) the walk runs down
    # n's side to (10, 4.5) and on to the door's end (7, 0), not round through s's windows.
    s, n = stand("s", 5.0, 7.5, 5.0, 5.0), stand("n", 2.0, 4.5, 8.0, 3.0)
    hall = {"width": 30.0, "depth": 20.0, "exits": [("E", (5.0, 0.0), 4.0, "exit")]}
    field, (acc, _) = field_for(hall, [s, n])
    walk = _PieceArrays(field.stand_pieces(acc)).walk(np.array([10.0]), np.array([7.5]))
    assert walk[0] == pytest.approx(3 + math.dist((10, 4.5), (7, 0)), abs=MAX_TOL)


def random_floor(seed: int) -> tuple[ExitField, list[Stand], list, object]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    hall = make_hall(
        width=30.0,
        depth=20.0,
        exits=[
            ("A", (rng.choice([5.0, 15.0, 25.0]), 0.0), 2.4, "exit"),
            ("B", (0.0, 10.0), 2.4, "exit"),
        ],
        columns=[(rng.randrange(2, 28), rng.randrange(2, 18), 1.0, 1.0) for _ in range(2)],
    )
    stands: list[Stand] = []
    for k in range(6):
        for _ in range(50):
            w, d = rng.choice([3, 4, 6]), rng.choice([3, 4, 5])
            x, y = rng.randrange(0, (30 - w) * 2) / 2, rng.randrange(0, (20 - d) * 2) / 2
            r = box(x, y, x + w, y + d)
            if not any(r.intersection(o).area for o in [s.rect for s in stands] + hall.obstacles):
                stands.append(stand(f"s{k}", x, y, w, d))
                break
    space = hall_space(hall, [s.rect for s in stands], 3.0)
    return (
        ExitField(space.walkable, space.doors),
        stands,
        stand_access(stands, space.walkable),
        space,
    )


@pytest.mark.parametrize("seed", [0, 4])
def test_walks_agree_with_a_brute_force_oracle(seed: int) -> None:
    field, stands, accesses, space = random_floor(seed)
    doors = [(p.a, p.b) for p in space.doors]  # type: ignore[attr-defined]
    checked = 0
    for s, acc in zip(stands, accesses, strict=True):
        if acc.total_bordering < 1.0:
            continue
        pieces = _PieceArrays(field.stand_pieces(acc))
        pts = [(s.x + s.width * i / 2, s.y + s.depth * j / 2) for i in range(3) for j in range(3)]
        mine = pieces.walk(np.array([p[0] for p in pts]), np.array([p[1] for p in pts]))
        ref = walks(space.walkable, s.rect, doors, pts)  # type: ignore[attr-defined]
        # the oracle samples doors every 2 cm, so it may be a hair longer, never shorter
        assert mine == pytest.approx(ref, abs=2e-3)
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        ([0], 4.0),
        ([0, 2], 2.0),
        ([0, 1], 4.0),
        ([0, 1, 3], 3.0),
        ([0, 1, 2, 3], 2.0),
        ([], math.inf),
    ],
)
def test_walk_to_the_nearest_open_side(sides: list[int], expected: float) -> None:
    assert to_open_side(stand("a", 0.0, 0.0, 6.0, 4.0), sides) == expected


def test_maximise_finds_the_farthest_point_within_tolerance() -> None:
    s = stand("a", 0.0, 0.0, 7.3, 3.1)

    def dist_to_inner_point(px: np.ndarray, py: np.ndarray) -> np.ndarray:
        return np.hypot(px - 2.0, py - 1.0)  # type: ignore[no-any-return]

    value, at = maximise(s, dist_to_inner_point)
    assert value == pytest.approx(math.dist((7.3, 3.1), (2.0, 1.0)), abs=MAX_TOL)
    assert value <= math.dist((7.3, 3.1), (2.0, 1.0)) + 1e-12
    assert at == pytest.approx((7.3, 3.1), abs=0.01)


stands_ = st.lists(
    st.tuples(st.integers(0, 55), st.integers(0, 35), st.integers(3, 15), st.integers(3, 12)).map(
        lambda t: box(t[0], t[1], t[0] + t[2], t[1] + t[3])
    ),
    max_size=12,
)
points_ = st.lists(
    st.tuples(st.floats(-2, 62), st.floats(-2, 42)).map(lambda t: (round(t[0] * 2) / 2, t[1])),
    min_size=2,
    max_size=30,
)


@given(stands_, points_)
@settings(max_examples=60, deadline=None)
def test_a_clear_segment_is_one_that_touches_no_edge_of_the_grown_boundary(
    stands: list[Polygon], points: list[tuple[float, float]]
) -> None:
    """The visibility graph's test (one prepared geometry of all edges) against each edge
    tested alone, with segments on the stands' lines (grazing their sides) too."""
    walkable = box(0, 0, 60, 40).difference(shapely.union_all(stands))
    if walkable.is_empty:
        return
    field = ExitField(walkable, ())
    pts = np.array(points)
    i, j = np.triu_indices(len(pts), k=1)
    segments = np.stack([pts[i], pts[j]], axis=1)
    edges = shapely.linestrings(field.edges.reshape(-1, 2, 2))
    alone = np.array(
        [not shapely.intersects(shapely.linestrings(s), edges).any() for s in segments], dtype=bool
    )
    assert np.array_equal(field.clear(segments), alone)


@st.composite
def cuts_(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points sampled along 1-3 cuts (as `_inside_max` samples them), with walks onward."""
    pts, ids = [], []
    for k in range(draw(st.integers(1, 3))):
        a = [draw(st.floats(-10, 10)) for _ in range(2)]
        b = [draw(st.floats(-10, 10)) for _ in range(2)]
        n = draw(st.integers(0, 60))
        t = np.linspace(0.0, 1.0, n + 1)
        pts.append(np.column_stack([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]))
        ids += [k] * (n + 1)
    via = np.vstack(pts)
    best = np.array([draw(st.floats(0, 20)) for _ in range(len(via))])
    return via, best, np.array(ids)


@given(cuts_(), st.integers(0, 2**16))
@settings(max_examples=60, deadline=None)
def test_the_relay_through_cuts_is_the_least_over_every_sampled_point(
    cuts: tuple[np.ndarray, np.ndarray, np.ndarray], seed: int
) -> None:
    """The walk through a polygon stand's cuts weighs runs of points by a bound; it must
    give exactly the brute-force least over every point, bit for bit (the proof's figures
    do not change with it)."""
    via, best, ids = cuts
    rng = np.random.default_rng(seed)
    px, py = rng.uniform(-12, 12, 200), rng.uniform(-12, 12, 200)
    so_far = np.where(rng.random(200) < 0.2, np.inf, rng.uniform(0, 30, 200))
    brute = np.hypot(px[:, None] - via[None, :, 0], py[:, None] - via[None, :, 1]) + best
    expected = np.minimum(so_far, brute.min(axis=1))
    assert np.array_equal(_Relay(via, best, ids).lower(px, py, so_far.copy()), expected)
    # Weighed a few pairs at a time, as a large stand's walk is: the same least.
    with patch.object(travel, "RELAY_PAIRS", 7):
        assert np.array_equal(_Relay(via, best, ids).lower(px, py, so_far.copy()), expected)
