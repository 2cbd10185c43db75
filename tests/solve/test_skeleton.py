"""`skeleton.build`: the bands, aisles and segments that stands are later packed into.

Every promise of the skeleton is one the packer relies on without checking:
segments inside the hall, clear of doors' exit clearance, columns and macro
stands, and an aisle's width from each other (so any two blocks in different
segments are separate blocks for rule C10 and face an aisle). The checks
here are geometric and independent of the packer. The macro bands' own
promises are in `test_macro_band.py`.
"""

from __future__ import annotations

import itertools

import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import box

from floorplan.model import Rules
from floorplan.solve.hall import step_units
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem
from floorplan.solve.skeleton import Spec, build

from .conftest import rect_hall, req
from .skeletons import EPS, RULES, assert_sound, metres, skeleton

# ---------------------------------------------------------------- plain rectangle


def test_double_bands_with_wall_rows_in_a_plain_hall() -> None:
    p, sk = skeleton(rect_hall("h", 40, 30), Spec("double", 8, 6, 60))
    assert_sound(p, sk)
    kinds = {s.kind for s in sk.segments}
    assert kinds == {"wall", "double"}
    assert sk.aisle * p.g >= RULES.aisle_width_m


def test_single_bands_with_a_perimeter_aisle() -> None:
    """No wall rows: every segment keeps an aisle's width from every wall."""
    p, sk = skeleton(rect_hall("h", 40, 30), Spec("single", 8, 0, 45))
    assert_sound(p, sk)
    ring = p.outline.exterior
    for s in sk.segments:
        assert s.kind == "single"
        assert metres(p, s.box).distance(ring) >= RULES.aisle_width_m - EPS


def test_interior_segments_are_at_most_one_pitch_long() -> None:
    """Cross aisles come at most `pitch` apart in the interior bands (wall rows may run on)."""
    spec = Spec("double", 8, 6, 40)
    p, sk = skeleton(rect_hall("h", 80, 40), spec)
    assert_sound(p, sk)
    interior = [s for s in sk.segments if s.kind != "wall"]
    assert interior
    assert max(s.length for s in interior) <= spec.pitch
    assert len({s.band for s in interior}) < len(interior), "long bands are cut by cross aisles"


def test_cross_aisles_and_band_aisles_are_an_aisle_wide() -> None:
    """Neighbours along one band leave a cross aisle; bands leave an aisle between them."""
    p, sk = skeleton(rect_hall("h", 80, 40), Spec("single", 8, 6, 40))
    a = p.units(RULES.aisle_width_m)
    by_band: dict[int, list[tuple[int, int]]] = {}
    for s in sk.segments:
        by_band.setdefault(s.band, []).append((s.s0, s.s1))
    cut = 0
    for spans in by_band.values():
        spans.sort()
        for (_, e0), (b1, _) in itertools.pairwise(spans):
            assert b1 - e0 >= a
            cut += 1
    assert cut > 0
    xs = sorted({(s.t0, s.t1) for s in sk.segments if s.axis == "x" and s.kind != "wall"})
    assert len(xs) >= 2
    for (_, e0), (b1, _) in itertools.pairwise(xs):
        assert b1 - e0 >= a


def test_transposed_problem_keeps_its_segments_inside_the_transposed_hall() -> None:
    """A 30 x 60 m hall seen transposed: bands run along its long side, still inside."""
    hall = rect_hall("h", 30, 60)
    p, sk = skeleton(hall, Spec("double", 8, 6, 60), transpose=True)
    assert_sound(p, sk)
    assert p.outline.bounds == (0.0, 0.0, 60.0, 30.0)
    for s in sk.segments:
        x, y, w, d = p.to_world(s.box)
        world = box(x * p.g, y * p.g, (x + w) * p.g, (y + d) * p.g)
        assert hall.shape.buffer(EPS).contains(world)


# ---------------------------------------------------------------- columns


def test_a_segment_covers_a_column_only_just_inside_its_face() -> None:
    """A 1 m column in the middle of the interior: segments go round it, or hold it
    within `notch_depth_m` of a face (or of a double row's spine), where the stand there
    is notched round it."""
    notch = DEFAULT.notch_depth_m
    for y in (10.0, 12.5, 14.5, 17.0):
        hall = rect_hall("h", 40, 30, columns=[(19.5, y, 1.0, 1.0)])
        for spec in (Spec("double", 8, 6, 60), Spec("single", 6, 0, 60)):
            p, sk = skeleton(hall, spec)
            col = hall.column_shapes[0]
            for s in sk.segments:
                box_ = metres(p, s.box)
                if box_.intersection(col).area < EPS:
                    continue
                _, y0, _, y1 = box_.bounds
                c0, c1 = col.bounds[1], col.bounds[3]
                assert y0 - EPS <= c0 and c1 <= y1 + EPS, "inside the row, not across its face"
                spine = (s.t0 + s.depth // 2) * p.g
                on_spine = s.kind == "double" and abs((c0 + c1) / 2 - spine) < notch
                assert min(c1 - y0, y1 - c0) <= notch + EPS or on_spine, s


def test_a_column_just_inside_a_face_leaves_the_row_whole() -> None:
    """Bands 3-13.5 m and 16.5-27 m from the south wall (double, 3 m aisles): a column
    0.6 m wide 0.3 m inside the first band's north face does not cut it."""
    hall = rect_hall("h", 40, 30, columns=[(19.7, 12.6, 0.6, 0.6)])
    p, sk = skeleton(hall, Spec("double", 8, 0, 200))
    col = hall.column_shapes[0]
    holding = [s for s in sk.segments if metres(p, s.box).intersection(col).area > EPS]
    assert holding, "the row runs through the column"
    assert [s.length * p.g for s in holding] == [34.0]
    # 1 m deeper in, it cuts the row (a gap in its blocks).
    hall = rect_hall("h", 40, 30, columns=[(19.7, 11.1, 0.6, 0.6)])
    p, sk = skeleton(hall, Spec("double", 8, 0, 200))
    deep = hall.column_shapes[0]
    assert not [s for s in sk.segments if metres(p, s.box).intersection(deep).area > EPS]


# ---------------------------------------------------------------- property


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    width=st.integers(20, 90),
    depth=st.integers(15, 60),
    aisle=st.sampled_from([2.0, 2.5, 3.0, 4.0]),
    grid=st.sampled_from([0.1, 0.2, 0.25, 0.5]),
    kind=st.sampled_from(["single", "double"]),
    depth_m=st.sampled_from([3.0, 4.0, 5.0]),
    wall_m=st.sampled_from([0.0, 3.0, 4.0]),
    pitch_m=st.sampled_from([12.0, 20.0, 30.0]),
    transpose=st.booleans(),
)
def test_skeletons_of_random_rectangles_are_sound(
    width: int,
    depth: int,
    aisle: float,
    grid: float,
    kind: str,
    depth_m: float,
    wall_m: float,
    pitch_m: float,
    transpose: bool,
) -> None:
    """Whatever the hall size, aisle width, grid and spec: inside, clear, an aisle apart."""
    rules = Rules(grid_m=grid, aisle_width_m=aisle, max_row_m=30.0)
    step = step_units(rules, DEFAULT)

    def units(m: float) -> int:
        return max(step, round(m / grid / step) * step)

    spec = Spec(
        "single" if kind == "single" else "double",
        units(depth_m),
        units(wall_m) if wall_m else 0,
        int(pitch_m / grid) // step * step,
    )
    reqs = (req("a", 20.0),)
    p = HallProblem(rect_hall("h", width, depth), rules, reqs, transpose)
    sk = build(p, spec, {"a": reqs[0]}, step)
    if sk is None:
        return
    assert_sound(p, sk)
    assert sk.aisle * grid >= aisle - EPS
    assert all(shapely.box(*p.outline.bounds).contains(metres(p, s.box)) for s in sk.segments)


def test_bands_move_so_that_a_row_of_columns_stands_in_a_block_not_in_an_aisle() -> None:
    """A column in an aisle cuts it (the gaps beside it are narrower than an aisle): the
    bands move, or change depth, until the column row stands just inside a band's face
    (where the stand there is notched round it)."""
    from floorplan.solve.skeleton import _clear_of_columns

    columns = [(x, 11.5, 1.0, 1.0) for x in (10.0, 30.0, 50.0)]  # y 11.5-12.5 m
    p = HallProblem(rect_hall("h", 60, 60, columns=columns), RULES, (req("a", 20.0),), False)
    # Bands 3-11 m and 14-22 m from the entrance wall (grid units of 0.5 m): the aisle
    # between them, 11-14 m, holds the column row (23-25 units).
    interior = [(6, 16), (28, 16)]
    spec = Spec("single", 16, 0, 60)

    def clear(p: HallProblem) -> list[tuple[int, int]]:
        return _clear_of_columns(p, interior, (6, 50), 6, 1, True, 2, spec)

    moved = clear(p)
    assert all(o2 - (o1 + d1) >= 6 for (o1, d1), (o2, _) in itertools.pairwise(moved))
    assert moved[0][0] >= 6 and moved[-1][0] + moved[-1][1] <= 50
    holder = [(o, d) for o, d in moved if o <= 23 and o + d >= 25]
    assert holder, "the column row inside a band"
    o, d = holder[0]
    assert min(25 - o, o + d - 23) <= 2, "just inside its face"
    # Without columns nothing moves.
    bare = HallProblem(rect_hall("h", 60, 60), RULES, (req("a", 20.0),), False)
    assert clear(bare) == interior


def test_cross_aisles_run_beside_a_column_line_not_through_it() -> None:
    """A column in a cross aisle leaves gaps narrower than an aisle on both sides of it:
    the stands facing it lose their open ends. Where a column line falls where the even
    split would put a cross aisle, the aisle runs just beside the line, which then stands
    in the gap at the blocks' ends."""
    # Evenly split, the first cross aisle of this hall would run 26.5-29.5 m, through
    # the column line at 27.5-28.5 m.
    columns = [(27.5, y, 1.0, 1.0) for y in (12.0, 26.0)]
    hall = rect_hall("h", 80, 40, columns=columns)
    p, sk = skeleton(hall, Spec("double", 8, 6, 60))
    a = RULES.aisle_width_m
    cols = [(c.bounds[0], c.bounds[2]) for c in hall.column_shapes]
    aisles = 0
    bands: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for s in sk.segments:
        if s.kind != "wall":
            bands.setdefault((s.t0, s.t1), []).append((s.s0 * p.g, s.s1 * p.g))
    for runs in bands.values():
        runs.sort()
        for (_, g0), (g1, _) in itertools.pairwise(runs):
            if g1 - g0 < a - EPS:
                continue  # a column's gap inside a block
            aisles += 1
            free = [(g0, g1)]
            for c0, c1 in cols:
                free = [
                    part
                    for f0, f1 in free
                    for part in ((f0, min(f1, c0)), (max(f0, c1), f1))
                    if part[1] - part[0] > EPS
                ]
            assert max(f1 - f0 for f0, f1 in free) >= a - EPS, f"a column narrows {g0}-{g1}"
    assert aisles >= 2, "the bands have cross aisles"


def test_an_evenly_split_cross_aisle_moves_off_a_column_line() -> None:
    """Where no position beside a column line leaves pieces of half a pitch, the even
    split's aisle moves off the line (to its nearer side) instead of running through it."""
    from floorplan.solve.skeleton import _split

    # 64 units split once: the even cut 29-35 would hold the column line at 30-32.
    assert _split(0, 64, [], 60, 6, 1) == [(29, 35)]
    assert _split(0, 64, [], 60, 6, 1, ((30, 32),)) == [(24, 30)]


def test_a_cross_aisle_runs_in_line_with_the_entrance_a_main_aisle_wide() -> None:
    """A planner's boat show: visitors came in by a 10 m entrance onto a 4 m gap between two
    blocks, as the cross aisles were split evenly. Now a cross aisle runs in line with the
    entrance through every interior band, a main aisle (5 m) wide."""
    exits = (("E1", (37.0, 0.0), 4.0, "entrance"), ("E2", (80.0, 40.0), 2.4, "exit"))
    rules = RULES.model_copy(update={"main_aisle_width_m": 5.0})
    p, sk = skeleton(rect_hall("h", 100, 40, exits=exits), Spec("double", 8, 6, 60), rules=rules)
    assert_sound(p, sk)
    bands: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for s in sk.segments:
        if s.kind != "wall":
            bands.setdefault((s.t0, s.t1), []).append((s.s0 * p.g, s.s1 * p.g))
    assert bands
    for runs in bands.values():
        gaps = [(e0, b1) for (_, e0), (b1, _) in itertools.pairwise(sorted(runs))]
        assert (34.5, 39.5) in gaps, gaps


def test_the_entrance_aisle_gives_way_to_a_column_line() -> None:
    """The cut in line with the entrance is taken where it leaves a third of a pitch on
    either side, but never through a column line, nor before a place beside one."""
    from floorplan.solve.skeleton import _split

    assert _split(0, 64, [], 60, 6, 1, (), ((20, 26),)) == [(20, 26)]
    assert _split(0, 64, [], 60, 6, 1, ((30, 32),), ((29, 35),)) == [(24, 30)]
    assert _split(0, 90, [], 60, 6, 1, ((36, 38),), ((20, 26),)) == [(38, 44)]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    length=st.integers(40, 400),
    pitch=st.integers(20, 80),
    a=st.integers(4, 10),
    first=st.integers(0, 60),
    spacing=st.integers(0, 40),
    width=st.integers(1, 3),
)
def test_cross_aisles_keep_clear_of_column_lines_and_within_a_pitch(
    length: int, pitch: int, a: int, first: int, spacing: int, width: int
) -> None:
    """Whatever the column lines (at least two aisles apart), no cross aisle holds one,
    and no piece between cross aisles is longer than the pitch."""
    from floorplan.solve.skeleton import _split

    gap = 2 * (a + width) + spacing
    columns = tuple((x, x + width) for x in range(first, length, gap))
    cuts = _split(0, length, [], pitch, a, 1, columns)
    for c0, c1 in cuts:
        assert c1 - c0 == a and c0 > 0 and c1 < length
        assert not any(x0 < c1 and c0 < x1 for x0, x1 in columns), (c0, c1)
    ends = [0, *(c for cut in cuts for c in cut), length]
    assert all(e0 <= e1 for e0, e1 in itertools.pairwise(ends))
    assert all(ends[i + 1] - ends[i] <= pitch for i in range(0, len(ends), 2))


def test_what_the_macro_stands_leave_is_laid_along_the_column_rows() -> None:
    """A macro band 10-35 m from the wall (grid units of 0.5 m: 20-70) with column rows
    at 14, 23.5 and 33 m: its rows of the skeleton's depth (5 m) an aisle apart put two
    of them in aisles; laid along them, each stands just inside a row's face."""
    from floorplan.solve.skeleton import _across

    cols = [(x, y, 0.5, 0.5) for x in (10.0, 30.0, 50.0) for y in (14.0, 23.5, 33.0)]
    p = HallProblem(rect_hall("h", 60, 60, columns=cols), RULES, (req("a", 20.0),), False)
    spec = Spec("single", 10, 0, 60)
    rows = _across(p, spec, (20, 50), 6, 1, True, 3)
    for lo in (28, 47, 66):  # the column rows, units from the wall
        holder = [(o, d) for o, d, _ in rows if 20 + o <= lo and lo + 1 <= 20 + o + d]
        assert holder, f"the column row at {lo} in a row"
        o, d = holder[0]
        assert min(lo + 1 - (20 + o), 20 + o + d - lo) <= 3
    assert all(o2 - (o1 + d1) >= 6 for (o1, d1, _), (o2, _, _) in itertools.pairwise(rows))
    assert rows[-1][0] + rows[-1][1] <= 50
    # Without columns: rows of the skeleton's depth an aisle apart.
    bare = HallProblem(rect_hall("h", 60, 60), RULES, (req("a", 20.0),), False)
    assert _across(bare, spec, (20, 50), 6, 1, True, 3) == [
        (0, 10, "single"),
        (16, 10, "single"),
        (32, 10, "single"),
    ]
