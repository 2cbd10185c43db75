"""`build_walk`: walkable space and walk distances, the two answers the packer reads off it.

Open sides and travel distances of every stand the packer places come from
here, so the raster must never be optimistic: a walk is an upper bound of
the true walk (never shorter than the straight line to a door), stands
block walking, and a gap counts as an aisle exactly when the validator would
accept it (at least `aisle_width_m` wide). Halls are 40 x 30 m with doors in
the middle of the south (and unless said otherwise north) wall.
"""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floorplan.model import Hall, Rules, Stand
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem, Rect
from floorplan.solve.walk import Walk, _at_doors, _deepest, build_walk, counted
from floorplan.validate.access import stand_access
from floorplan.validate.travel import ExitField
from floorplan.validate.walkable import hall_space

from .conftest import make_hall, rect_hall, req

RULES = Rules()
G = RULES.grid_m
SOUTH_ONLY = (("E1", (20.0, 0.0), 4.0, "entrance"),)


def walk_of(hall: Hall, stands_m: list[tuple[float, float, float, float]]) -> Walk:
    """The walk of `hall` with stands given in metres (x, y, width, depth) on the grid."""
    p = HallProblem(hall, RULES, (req("a", 20.0),), False)
    rects: list[Rect] = [
        (round(x / G), round(y / G), round(w / G), round(d / G)) for x, y, w, d in stands_m
    ]
    return build_walk(p, rects, DEFAULT)


def at(walk: Walk, x: float, y: float) -> tuple[bool, float]:
    ok, dist = walk.sample(np.array([x]), np.array([y]))
    return bool(ok[0]), float(dist[0])


def test_a_cell_in_front_of_the_door_is_about_its_straight_distance_away() -> None:
    walk = walk_of(rect_hall("h", 40, 30), [])
    for y in (2.0, 5.0, 10.0):
        ok, d = at(walk, 20.0, y)
        assert ok
        assert y - 1e-6 <= d <= y + 2 * walk.cell + 0.5, (y, d)


def test_a_stand_in_the_way_makes_the_walk_longer_than_the_straight_line() -> None:
    """A 20 m wide stand between the door and the point: the walk goes round it."""
    empty = walk_of(rect_hall("h", 40, 30, exits=SOUTH_ONLY), [])
    blocked = walk_of(rect_hall("h", 40, 30, exits=SOUTH_ONLY), [(10.0, 5.0, 20.0, 5.0)])
    ok0, straight = at(empty, 20.0, 15.0)
    ok1, around = at(blocked, 20.0, 15.0)
    assert ok0 and ok1
    assert straight < 16.5
    # Round the stand's corner: at least sqrt(10^2 + 5^2) on each side of it.
    assert around >= 2 * float(np.hypot(10.0, 5.0)) - 1e-6
    ok2, _ = at(blocked, 20.0, 7.5)
    assert not ok2, "inside a stand is not walkable"


def wall_with_gap(gap_from: float, gap_to: float) -> list[tuple[float, float, float, float]]:
    """Stands across the whole hall at y = 10..14 m, but for a gap in x."""
    return [(0.0, 10.0, gap_from, 4.0), (gap_to, 10.0, 40.0 - gap_to, 4.0)]


def test_a_gap_of_exactly_the_aisle_width_is_walkable() -> None:
    walk = walk_of(rect_hall("h", 40, 30, exits=SOUTH_ONLY), wall_with_gap(18.5, 21.5))
    ok, d = at(walk, 20.0, 12.0)
    assert ok and np.isfinite(d)
    ok, d = at(walk, 20.0, 20.0)
    assert ok and 20.0 - 1e-6 <= d < 25.0, "the far side is reached through the 3 m gap"


def test_a_gap_narrower_than_the_aisle_is_not() -> None:
    walk = walk_of(rect_hall("h", 40, 30, exits=SOUTH_ONLY), wall_with_gap(19.0, 21.5))
    ok, d = at(walk, 20.0, 12.0)
    assert not ok and d == np.inf
    ok, d = at(walk, 20.0, 20.0)
    assert not ok and d == np.inf, "the far side has no door of its own: cut off"
    rows = walk.oy + (np.arange(walk.dist.shape[0]) + 0.5) * walk.cell
    assert np.isinf(walk.dist[rows > 14.5]).all(), "no raster walk north of the stands"


def test_the_open_share_of_a_side_reads_the_aisle() -> None:
    """`share` of a stand's side facing an open aisle is 1, of a side against a wall 0."""
    walk = walk_of(rect_hall("h", 40, 30), [(10.0, 0.0, 6.0, 4.0)])
    # The stand is on the left of each side as given.
    assert walk.share((16.0, 4.0, 10.0, 4.0)) == 1.0  # north face, aisle beyond
    assert walk.share((10.0, 0.0, 16.0, 0.0)) == 0.0  # south face, against the wall


@st.composite
def stands(draw: st.DrawFn) -> list[tuple[float, float, float, float]]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        x = draw(st.integers(0, 70)) / 2
        y = draw(st.integers(10, 48)) / 2
        w = draw(st.integers(6, 20)) / 2
        d = draw(st.integers(6, 12)) / 2
        out.append((x, y, min(w, 40 - x), min(d, 30 - y)))
    return out


def test_floor_that_comes_near_a_door_only_round_a_column_does_not_reach_it() -> None:
    """A strip 8 m deep north of a stand across the hall; a column lies 0.8 m off the
    north wall over most of the one door. A disc an aisle wide touches the wall only up
    to 1.33 m west of the column, and the door starts 0.03 m farther east: the strip's
    rounded end comes within a hair of the doorway but borders none of it, so the
    validator reads it as floor that leads to no exit, and so must the walk (fuzzed
    seed 6100 ev08: a pocket 3 cm from a door's end counted as walkable, and two
    stands' sides facing it as open). A door 0.7 m farther west is reached by both."""
    stand = (0.0, 0.0, 40.0, 22.0)
    column = ((20.0, 28.5, 6.0, 0.7),)
    for west_end, reached in ((18.7, False), (18.0, True)):
        exits = (("E1", ((west_end + 25.3) / 2, 30.0), 25.3 - west_end, "exit"),)
        hall = rect_hall("h", 40, 30, exits=exits, columns=column)
        walk = walk_of(hall, [stand])
        x, y, w, d = stand
        truth = hall_space(hall, [shapely.box(x, y, x + w, y + d)], RULES.aisle_width_m)
        assert (not truth.walkable.is_empty) is reached
        assert (walk.space.area > 1.0) is reached, walk.space.area
        north = walk.share((x + w, y + d, x, y + d))
        assert (north > 0.5) is reached, north


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(placed=stands(), seed=st.integers(0, 2**16))
def test_sampled_walks_are_never_shorter_than_the_straight_line(
    placed: list[tuple[float, float, float, float]], seed: int
) -> None:
    """An upper bound: every walkable point is at least its straight distance from a door."""
    hall = rect_hall("h", 40, 30)
    walk = walk_of(hall, placed)
    rng = np.random.default_rng(seed)
    xs = rng.uniform(0.0, 40.0, 200)
    ys = rng.uniform(0.0, 30.0, 200)
    ok, dist = walk.sample(xs, ys)
    doors = shapely.union_all([ex.door(hall.shape) for ex in hall.exits])
    straight = shapely.distance(doors, shapely.points(xs, ys))
    assert ok.any(), "some of the floor is walkable"
    assert np.all(dist[ok] >= straight[ok] - 1e-6)
    assert np.all(np.isinf(dist[~ok]))


def test_the_walk_inside_a_stand_to_its_nearest_open_side() -> None:
    # The farthest point of a 40 x 30 m stand from its open sides.
    assert _deepest(40, 30, [0, 1, 2, 3]) == 15  # an island: the middle
    assert _deepest(40, 30, [0, 2]) == 20  # open at both ends of x
    assert _deepest(40, 30, [0]) == 40  # one side open: the far side
    assert _deepest(40, 30, [0, 1]) == 30  # a corner: the opposite corner, via the bottom
    assert _deepest(40, 30, []) == math.inf


def test_a_cut_thinner_than_a_raster_cell_is_not_jumped() -> None:
    """A stand 0.2 m deep across most of the hall: with 0.75 m cells no cell centre lies on
    it, but the walk may not link the centres on either side across it; it goes round its
    end (a column in an aisle makes such cuts: the gaps beside it are narrower than an
    aisle)."""
    rules = Rules(grid_m=0.05)
    hall = rect_hall("h", 40, 30, exits=SOUTH_ONLY)
    p = HallProblem(hall, rules, (req("a", 20.0),), False)
    walk = build_walk(p, [(0, 300, 720, 4)], DEFAULT)  # x 0 to 36 m, y 15.0 to 15.2 m
    assert walk.cell > 0.2
    ok, d = at(walk, 5.0, 16.5)
    assert ok
    round_the_end = math.hypot(36 - 20, 15) + math.hypot(36 - 5, 1.5)
    assert d >= round_the_end - 1.0, d


def test_a_pinch_between_a_stand_corner_and_a_column_is_not_walked_through() -> None:
    """Two rows of stands across the hall, a 3 m passage between them, and a column just
    below the passage's corners: no disc an aisle wide passes, so the floor beyond walks
    to its own door (north-west), not through the pinch to the south door. The walkable
    space on either side comes within centimetres of the other's there, and a raster link
    from centre to centre must not cross that gap (ev33 of the fuzzed events: 50 m by the
    raster, 93 m by the validator, and the stand was set aside)."""
    exits = (("E1", (20.0, 0.0), 4.0, "entrance"), ("E2", (3.0, 30.0), 2.0, "exit"))
    hall = rect_hall("h", 40, 30, exits=exits, columns=((19.0, 13.6, 1.0, 1.0),))
    p = HallProblem(hall, Rules(grid_m=0.1), (req("a", 20.0),), False)
    walk = build_walk(p, [(0, 150, 180, 20), (210, 150, 190, 20)], DEFAULT)
    ok, d = at(walk, 19.5, 18.0)
    assert ok
    assert d >= math.hypot(19.5 - 4.0, 30.0 - 18.0) - 0.01, d  # to the near end of E2


def test_a_door_end_behind_a_column_pinch_is_not_where_a_walk_starts() -> None:
    """A 3.2 m passage runs along the west wall past a door; a column stands in it, less
    than an aisle from the wall, beside the door's north end. The floor north of the
    column walks to the far door, as the validator's walk does: the walkable space meets
    the doorway only south of the column (fuzzed ev12: a car maker's space 52 m from an
    exit by the raster, which started at the door's end, and 84 m by the validator)."""
    exits = (("E1", (0.0, 15.2), 3.4, "entrance"), ("E2", (35.0, 40.0), 3.0, "exit"))
    hall = rect_hall("h", 40, 40, exits=exits, columns=((2.0, 16.0, 1.0, 1.0),))
    p = HallProblem(hall, Rules(grid_m=0.1), (req("a", 20.0),), False)
    # The block east of the passage reaches the east wall: north and south meet only there.
    walk = build_walk(p, [(32, 80, 368, 140)], DEFAULT)
    ok, south = at(walk, 1.6, 12.0)
    assert ok
    assert south <= 4.0, south
    ok, north = at(walk, 0.4, 17.6)
    assert ok
    assert north >= math.hypot(33.5 - 0.4, 40.0 - 17.6) - 0.01, north  # to E2's near end


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    placed=stands(),
    rect=st.tuples(st.integers(0, 70), st.integers(0, 50), st.integers(6, 20), st.integers(6, 16)),
    limit=st.integers(5, 45),
)
def test_a_stand_beyond_every_exits_reach_never_keeps_the_travel_limit(
    placed: list[tuple[float, float, float, float]],
    rect: tuple[int, int, int, int],
    limit: int,
) -> None:
    """`HallProblem.beyond_reach`, the cheap test before a walk is sampled, only refuses
    stands whose sampled walk would be longer than the limit too."""
    hall = rect_hall("h", 40, 30)
    p = HallProblem(hall, RULES, (req("a", 20.0),), False)
    walk = walk_of(hall, placed)
    x, y, w, d = rect
    if p.beyond_reach(np.array([rect]), float(limit))[0]:
        _, travel = walk.serves((x * G, y * G, w * G, d * G), DEFAULT.open_share)
        assert travel > limit


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    placed=stands(),
    rect=st.tuples(st.integers(0, 70), st.integers(0, 50), st.integers(2, 20), st.integers(2, 16)),
)
def test_the_raster_bound_of_a_stands_walk_is_never_above_its_sampled_walk(
    placed: list[tuple[float, float, float, float]], rect: tuple[int, int, int, int]
) -> None:
    """`Walk.least_travel`, the cheap test before a spot's walk is sampled, never exceeds
    that walk: a spot it refuses would have failed the travel limit anyway."""
    hall = rect_hall("h", 40, 30)
    walk = walk_of(hall, placed)
    x, y, w, d = (v * G for v in rect)
    w, d = min(w, 40 - x), min(d, 30 - y)
    if w <= 0 or d <= 0:
        return
    _, travel = walk.serves((x, y, w, d), DEFAULT.open_share)
    bound = walk.least_travel(np.array([[x, y, w, d]]))[0]
    assert bound <= travel + 1e-9, (bound, travel)


def _open_by_validator(
    hall: Hall, rules: Rules, rects_m: list[tuple[float, float, float, float]]
) -> list[list[bool]]:
    """Per stand, per side (west, south, east, north as `Walk.access` lists them): whether
    the validator counts it open."""
    stands = [
        Stand(request_id=f"s{i}", hall=hall.id, x=x, y=y, width=w, depth=d)
        for i, (x, y, w, d) in enumerate(rects_m)
    ]
    space = hall_space(hall, [s.rect for s in stands], rules.aisle_width_m)
    out = []
    for acc in stand_access(stands, space.walkable):
        south, east, north, west = (acc.bordering(k) >= acc.sides[k].length / 2 for k in range(4))
        out.append([west, south, east, north])
    return out


def _sides_m(x: float, y: float, w: float, d: float) -> list[tuple[float, float, float, float]]:
    return [(x, y + d, x, y), (x, y, x + w, y), (x + w, y, x + w, y + d), (x + w, y + d, x, y + d)]


def test_a_shallow_wall_row_end_is_not_open_when_the_wall_is_off_the_grid() -> None:
    """Fuzzed ev09: the hall wall 0.14 m behind a 3 m deep wall row, 3.35 m aisles. Walkers
    (a disc as wide as the aisle) reach the row's end only from half an aisle off the
    wall: 1.47 m of its 3 m border them, less than half. Sampled 2 cm out, the solver once
    read 1.72 m, called the end open, and the validator set seven stands aside."""
    rules = Rules(aisle_width_m=3.35, grid_m=0.25)
    door = (("E1", (30.0, -0.14), 4.0, "entrance"),)
    hall = make_hall("h", [(0, -0.14), (40, -0.14), (40, 30), (0, 30)], door)
    p = HallProblem(hall, rules, (req("a", 20.0),), False)
    g = p.g
    row = [(6.0, 0.0, 4.0, 3.0), (10.0, 0.0, 8.0, 3.0)]
    walk = build_walk(p, [tuple(round(v / g) for v in r) for r in row], DEFAULT)  # type: ignore[misc]
    east = _sides_m(*row[1])[2]
    assert not _open_by_validator(hall, rules, row)[1][2]
    assert walk.share(east) < DEFAULT.open_share


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    placed=stands(),
    back=st.integers(0, 24),
    depth=st.integers(10, 16),
    aisle=st.sampled_from([3.0, 3.35, 4.0]),
)
def test_a_side_the_solver_counts_open_the_validator_counts_open(
    placed: list[tuple[float, float, float, float]], back: int, depth: int, aisle: float
) -> None:
    """Whatever stands round it, a side `Walk.share` finds open by the solver's margin is
    open to the validator: here for rows along a wall up to 0.24 m off the grid."""
    rules = Rules(aisle_width_m=aisle, grid_m=0.25)
    off = back / 100
    door = (("E1", (30.0, -off), 4.0, "entrance"),)
    hall = make_hall("h", [(0, -off), (40, -off), (40, 30), (0, 30)], door)
    row = [(6.0, 0.0, 4.0, depth / 4), (10.0, 0.0, 8.0, depth / 4)]
    rects = [*row, *[r for r in placed if r[1] >= depth / 4 + 0.5]]
    p = HallProblem(hall, rules, (req("a", 20.0),), False)
    walk = build_walk(p, [tuple(round(v / p.g) for v in r) for r in rects], DEFAULT)  # type: ignore[misc]
    truth = _open_by_validator(hall, rules, rects)
    for i, r in enumerate(rects):
        for k, side in enumerate(_sides_m(*r)):
            if walk.share(side) >= DEFAULT.open_share:
                assert truth[i][k], (r, k, walk.share(side))


def test_an_aisle_between_two_columns_is_no_aisle_when_no_disc_passes_them() -> None:
    """Two stands exactly an aisle (3.5 m) apart, columns in the aisle at both ends of the
    upper stand (0.6 m off the lower one, 2.1 m off the upper). An aisle-wide disc fits
    between the stands but passes neither column: the strip between the columns is a
    pocket. A walk opened by a disc 1 cm narrower than the aisle reached it round a
    column's corner, and the upper stand's south side counted as open (fuzzed seed 6100
    ev13: an island set aside by the proof)."""
    rules = Rules(aisle_width_m=3.5)
    lower, upper = (2.5, 3.0, 20.5, 7.0), (10.5, 13.5, 9.0, 9.5)
    columns = ((9.6, 10.6, 0.8, 0.8), (19.6, 10.6, 0.8, 0.8))
    hall = rect_hall("h", 40, 30, columns=columns)
    p = HallProblem(hall, rules, (req("a", 20.0),), False)
    g = rules.grid_m
    rects = [
        (round(x / g), round(y / g), round(w / g), round(d / g)) for x, y, w, d in (lower, upper)
    ]
    walk = build_walk(p, rects, DEFAULT)
    shapes = [shapely.box(x, y, x + w, y + d) for x, y, w, d in (lower, upper)]
    truth = hall_space(hall, shapes, rules.aisle_width_m)
    for x in (12.0, 15.0, 18.0):
        assert not truth.walkable.contains(shapely.Point(x, 11.75))
        assert not walk.space.contains(shapely.Point(x, 11.75))
    x, y, w, _ = upper
    assert walk.share((x, y, x + w, y)) < 0.5


@given(
    doors=st.lists(
        st.tuples(st.floats(0, 60), st.floats(0, 40), st.floats(0.5, 8), st.booleans()),
        min_size=1,
        max_size=4,
    ),
    reach=st.floats(0.1, 3.0),
    seed=st.integers(0, 2**16),
)
def test_the_cells_at_the_doors_are_those_within_reach_of_a_door(
    doors: list[tuple[float, float, float, bool]], reach: float, seed: int
) -> None:
    """Only the cells in a door's box are measured (a walk measured every cell of the hall):
    the same cells and distances as measuring all of them."""
    lines = [
        shapely.LineString([(x, y), (x + w, y)] if along_x else [(x, y), (x, y + w)])
        for x, y, w, along_x in doors
    ]
    union = shapely.union_all(lines)
    rng = np.random.default_rng(seed)
    xs, ys = rng.uniform(-5, 70, 400), rng.uniform(-5, 50, 400)
    every = shapely.distance(union, shapely.points(xs, ys))
    want = np.nonzero(every <= reach)[0]
    got, dist = _at_doors(union, xs, ys, reach)
    assert got.tolist() == want.tolist()
    assert np.allclose(dist, every[want])


def test_the_work_counted_is_the_walks_cells_and_the_stands_measured_in_this_thread() -> None:
    """`counted` sees every walk built (its raster cells) and every stand measured while
    the block runs, nested blocks both, and nothing another thread does meanwhile: a
    hall's threads hand out their packs side by side, each counting its own."""
    hall = rect_hall("h", 40, 30)
    with counted() as outer:
        walk = walk_of(hall, [(10.0, 10.0, 6.0, 3.0)])
        cells = walk.dist.size
        with counted() as inner:
            walk.access((10.0, 10.0, 6.0, 3.0), DEFAULT.open_share)
            walk.serves((20.0, 10.0, 3.0, 3.0), DEFAULT.open_share)
        other = threading.Thread(target=lambda: walk_of(hall, []))
        other.start()
        other.join()
    assert (inner.cells, inner.accesses) == (0, 2)
    assert (outer.cells, outer.accesses) == (cells, 2)
    assert outer.ms(DEFAULT) == pytest.approx(
        cells / 1000 * DEFAULT.fill_ms_per_kcell + 2 * DEFAULT.fill_ms_per_access
    )
    walk.access((10.0, 10.0, 6.0, 3.0), DEFAULT.open_share)  # no count open: none kept
    assert outer.accesses == 2


def _validator_travel(hall: Hall, rects_m: list[tuple[float, float, float, float]]) -> float:
    """The validator's longest walk to a door from the first stand of `rects_m`."""
    stands = [
        Stand(request_id=f"s{i}", hall=hall.id, x=x, y=y, width=w, depth=d)
        for i, (x, y, w, d) in enumerate(rects_m)
    ]
    space = hall_space(hall, [s.rect for s in stands], RULES.aisle_width_m)
    access = stand_access(stands, space.walkable)
    return ExitField(space.walkable, space.doors).stand_travel(stands[0], access[0]).worst_m


WEST_AND_SOUTH = (("E1", (20.0, 0.0), 4.0, "entrance"), ("E2", (0.0, 60.0), 4.0, "exit"))


def test_a_long_stand_open_all_round_walks_out_of_each_end_its_own_way() -> None:
    """A 16 x 60 m raw space, a door at its foot and one beside its head: its head walks out
    sideways, its foot through the door below. Weighed as one piece (its farthest corner
    through one point of a side) it counted 65 m, over a 60 m limit; the validator
    measures about 37, and in pieces the bound comes within a few metres of that (fuzzed
    seed 19300 ev09: a car maker's raw space between two column lines refused)."""
    hall = make_hall("h", [(0, 0), (40, 0), (40, 70), (0, 70)], WEST_AND_SOUTH)
    stand_m = (12.0, 5.0, 16.0, 60.0)
    walk = walk_of(hall, [stand_m])
    travel = walk.access(stand_m, DEFAULT.open_share).travel
    truth = _validator_travel(hall, [stand_m])
    assert truth - 0.01 <= travel <= truth + 8.0, (travel, truth)
    assert travel < RULES.max_travel_m - DEFAULT.walk_slack_m


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    x=st.integers(1, 20),
    y=st.integers(4, 30),
    w=st.integers(3, 30),
    d=st.integers(3, 60),
    other=st.tuples(st.integers(0, 35), st.integers(5, 60), st.integers(2, 10), st.integers(2, 10)),
)
def test_a_stands_walk_in_pieces_is_never_shorter_than_the_validators(
    x: int, y: int, w: int, d: int, other: tuple[int, int, int, int]
) -> None:
    """However big the stand and whatever stands beside it, the pieces' bound stays an upper
    bound of the walk the validator measures from every point of it."""
    hall = make_hall("h", [(0, 0), (40, 0), (40, 70), (0, 70)], WEST_AND_SOUTH)
    stand_m = (float(x), float(y), float(min(w, 39 - x)), float(min(d, 69 - y)))
    ox, oy, ow, od = (float(v) for v in other)
    rects = [stand_m]
    if (
        shapely.box(ox, oy, ox + ow, oy + od).distance(
            shapely.box(stand_m[0], stand_m[1], stand_m[0] + stand_m[2], stand_m[1] + stand_m[3])
        )
        >= RULES.aisle_width_m
    ):
        rects.append((ox, oy, min(ow, 40 - ox), min(od, 70 - oy)))
    walk = walk_of(hall, rects)
    access = walk.access(stand_m, DEFAULT.open_share)
    truth = _validator_travel(hall, rects)
    if access.open and math.isfinite(truth):
        assert access.travel >= truth - 0.01, (access.travel, truth)
