"""`macro_band`: the car makers' raw space in bands of their own, as `skeleton.build` lays it.

A macro stand the skeleton seats is a promise the packer and the walk rely on:
inside the hall, an aisle from every segment and from the other macro stands,
within walking reach of a wall's doors, higher tiers nearer the entrance, and
clear of columns and keep-outs where its open sides need it.
"""

from __future__ import annotations

import itertools
import math
import pickle
from dataclasses import replace

import shapely

from floorplan.model import Hall, Request, Rules
from floorplan.sizes import fit_depth, width_range
from floorplan.solve.macro_band import far_from_entrance, macro_size, macro_span
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem, blocks
from floorplan.solve.skeleton import Skeleton, Spec
from floorplan.solve.walk import build_walk

from .conftest import ExitSpec, rect_hall, req
from .skeletons import EPS, RULES, assert_sound, metres, skeleton

# ------------------------------------------------------- depth, reach and stretches


def test_a_1000_m2_island_gets_a_macro_band_with_an_aisle_all_round() -> None:
    hall = rect_hall("h", 100, 70)
    reqs = [req("big", 1000.0, booth_type="island"), req("a", 20.0)]
    p, sk = skeleton(hall, Spec("double", 8, 6, 60, ("big",)), reqs)
    assert_sound(p, sk)
    assert [q.id for q, _ in sk.macros] == ["big"]
    _, rect = sk.macros[0]
    stand = metres(p, rect)
    area = stand.area
    assert 900 - EPS <= area <= 1100 + EPS
    aisle = RULES.aisle_width_m
    assert stand.distance(p.outline.exterior) >= aisle - EPS, "a macro stand away from the walls"
    around = stand.buffer(aisle - 1e-3, join_style="mitre")
    assert p.outline.contains(around)
    for s in sk.segments:
        assert not metres(p, s.box).intersects(around.buffer(-2e-3)), "crowded by a segment"


def test_macro_bands_end_within_walking_reach_of_a_wall_and_line_both_walls_of_a_deep_hall() -> (
    None
):
    """Fuzzed seed 9700 ev04: in a hall of 220 x 223 m the middle is out of every door's
    reach (60 m), and the macro bands went on into it (a 1,600 m2 island 61.5 m deep, two
    more bands 70-110 m in); every stand there was refused for its walk. The bands end
    `Params.macro_reach_m` short of the travel limit from their wall, and what the
    entrance's wall cannot take gets bands along the opposite wall. With a travel limit
    that reaches the middle, all four stand in two bands by one wall."""
    hall = rect_hall("h", 100, 200)
    reqs = [req(k, 1600.0, booth_type="island", tier=1) for k in "abcd"]
    reqs.append(req("e", 20.0))
    spec = Spec("single", 8, 6, 60, tuple("abcd"))
    reach = RULES.max_travel_m - DEFAULT.macro_reach_m
    p, sk = skeleton(hall, spec, reqs)
    assert_sound(p, sk)
    assert sorted(q.id for q, _ in sk.macros) == list("abcd")
    sides = []
    for _, rect in sk.macros:
        _, y0, _, y1 = metres(p, rect).bounds
        assert min(y1, 200 - y0) <= reach + EPS, "the band's far edge is out of reach"
        sides.append(y1 <= reach + EPS)
    assert sorted(sides) == [False, False, True, True], "two by each wall"
    far = Rules(max_travel_m=200.0)
    p, sk = skeleton(hall, spec, reqs, rules=far)
    assert_sound(p, sk)
    assert sorted(q.id for q, _ in sk.macros) == list("abcd")
    assert len({metres(p, rect).bounds[1] < 100 for _, rect in sk.macros}) == 1


def test_two_car_makers_that_fit_side_by_side_only_trimmed_share_the_macro_band() -> None:
    """Two 1,000 m2 islands across a 64 m hall, no more than 35 m deep: at their area they
    need 60 m of the 58 m between the side aisles; trimmed within the area tolerance, both
    stand in the macro band instead of one going to another hall."""
    hall = rect_hall("h", 64, 44)
    reqs = [req("a", 1000.0, booth_type="island"), req("b", 1000.0, booth_type="island")]
    p, sk = skeleton(hall, Spec("single", 8, 0, 60, ("a", "b")), reqs)
    assert_sound(p, sk)
    assert sorted(q.id for q, _ in sk.macros) == ["a", "b"]
    for _, rect in sk.macros:
        assert 850 - EPS <= metres(p, rect).area <= 1150 + EPS


def test_a_stretch_a_keep_out_leaves_in_the_macro_band_takes_a_smaller_car_maker() -> None:
    """Fuzzed seed 7300 ev06: three 1,600 m2 islands and an 860 m2 one for a 97 x 65 m hall
    with a press centre in the middle. The band's group is sized for its whole width (a
    1,600 and a second one trimmed); the press centre cuts the band, and the second fits
    nowhere. The stretch the press centre leaves takes a second car maker (trimmed to its
    room if need be) instead of staying empty: the 860 m2 island, which no band's group
    took, or, where the band is made as deep as seats the most area, a second 1,600 m2
    one; an aisle clear of the press centre where the skeleton keeps one."""
    press = [(53.0, 15.0), (65.0, 15.0), (65.0, 34.0), (53.0, 34.0)]
    hall = rect_hall("h", 97, 65, keep_out=[press])
    reqs = [req(k, 1600.0, booth_type="island") for k in ("a", "b", "c")]
    reqs.append(req("d", 860.0, booth_type="island"))
    areas = {q.id: q.area_m2 for q in reqs}
    for wall, clear in itertools.product((0, 10), (False, True)):
        spec = Spec("single", 20, wall, 60, ("a", "b", "c", "d"), clear_keep_outs=clear)
        p, sk = skeleton(hall, spec, reqs)
        assert_sound(p, sk)
        seated = {q.id for q, _ in sk.macros}
        assert "a" in seated and len(seated) >= 2
        for q, rect in sk.macros:
            stand = metres(p, rect)
            assert areas[q.id] * 0.9 - EPS <= stand.area <= areas[q.id] * 1.1 + EPS
            keep_out = p.local(p.hall.obstacles[0])
            assert stand.intersection(keep_out).area < EPS
            if clear:
                assert stand.distance(keep_out) >= RULES.aisle_width_m - EPS


# ---------------------------------------------------------------- fairness of the macro band


def test_compact_macro_bands_seat_the_car_makers_square_and_the_next_stand_behind_them() -> None:
    """Hong Kong's hall 7 (80 x 76 m): a 1,600 and a 1,100 m2 car maker and a 400 m2
    robotaxi island. The band that seats the most area is 56 m deep and holds all three,
    the car makers 56 m long and the island beside them, as near the entrance as they
    are; the compact band (most area per metre of depth) is as deep as the first car
    maker is square, and the island gets a band of its own behind it."""
    hall = rect_hall("h", 80, 76)
    reqs = [
        req("byd", 1600.0, booth_type="island", tier=3),
        req("gwm", 1100.0, booth_type="peninsula", tier=3),
        req("apollo", 400.0, booth_type="island", tier=2),
        req("chip", 55.0, tier=1),
    ]
    spec = Spec("single", 20, 0, 60, ("byd", "gwm", "apollo"))
    p, widest = skeleton(hall, spec, reqs)
    assert_sound(p, widest)
    starts = {metres(p, rect).bounds[1] for _, rect in widest.macros}
    assert len(widest.macros) == 3 and len(starts) == 1, "one band holds all three"
    p, compact = skeleton(hall, replace(spec, compact_macros=True), reqs)
    assert_sound(p, compact)
    assert sorted(q.id for q, _ in compact.macros) == ["apollo", "byd", "gwm"]
    boxes = {q.id: metres(p, rect) for q, rect in compact.macros}
    x0, y0, x1, y1 = boxes["byd"].bounds
    assert max(x1 - x0, y1 - y0) <= 1.1 * math.sqrt(1600), "the first car maker is square"
    assert boxes["apollo"].bounds[1] > max(boxes[k].bounds[3] for k in ("byd", "gwm"))
    centres = macro_centres(p, compact)
    assert centres["apollo"] > max(centres["byd"], centres["gwm"])


def test_macro_stands_belong_far_from_the_entrance_when_more_of_the_hall_outranks_them() -> None:
    """Fairness counts a pair against a stand nearer the entrance than one of a higher
    tier: macro stands outranked by more of the hall than they outrank go far from it."""
    low, high = req("m", 1200.0, tier=1), req("n", 1200.0, tier=3)
    rest = {r.id: r for r in (req("a", 20.0, tier=2), req("b", 20.0, tier=2), req("c", 20.0))}
    assert far_from_entrance([low], {**rest, "m": low})
    assert not far_from_entrance([high], {**rest, "n": high})


def macro_centres(p: HallProblem, sk: Skeleton) -> dict[str, float]:
    """Distance of each macro stand's centre from the entrance (metres)."""
    return {q.id: float(p.entrances.distance(metres(p, rect).centroid)) for q, rect in sk.macros}


def test_the_macro_band_lies_by_the_entrance_when_its_stands_outrank_the_rest() -> None:
    hall = rect_hall("h", 120, 90)
    reqs = [req("big", 900.0, booth_type="island", tier=3)]
    reqs += [req(f"s{i}", 20.0, tier=i % 2) for i in range(6)]
    p, sk = skeleton(hall, Spec("double", 8, 6, 60, ("big",)), reqs)
    assert_sound(p, sk)
    assert macro_centres(p, sk)["big"] < 45


def test_the_macro_band_lies_far_from_the_entrance_when_the_rest_outrank_its_stands() -> None:
    hall = rect_hall("h", 120, 90)
    reqs = [req("big", 900.0, booth_type="island", tier=0)]
    reqs += [req(f"s{i}", 20.0, tier=1 + i % 3) for i in range(6)]
    p, sk = skeleton(hall, Spec("double", 8, 6, 60, ("big",)), reqs)
    assert_sound(p, sk)
    assert macro_centres(p, sk)["big"] > 45
    # The band stands' segments now lie nearer the entrance than the macro stand.
    nearest = min(float(p.entrances.distance(metres(p, s.box))) for s in sk.segments)
    assert nearest < 10


def test_with_macro_bands_by_both_walls_the_better_macro_stands_stand_by_the_entrance() -> None:
    """The rest outrank the car makers, which would send one macro band to the far wall;
    when a deep hall has them by both walls, the first (the better tiers among them) stay
    by the entrance and the rest go to the far wall, not the other way round."""
    hall = rect_hall("h", 100, 200)
    reqs = [req(k, 1600.0, booth_type="island", tier=1) for k in "ab"]
    reqs += [req(k, 1600.0, booth_type="island", tier=0) for k in "cd"]
    reqs += [req(f"s{i}", 20.0, tier=2 + i % 2) for i in range(12)]
    p, sk = skeleton(hall, Spec("single", 8, 6, 60, tuple("abcd")), reqs)
    assert_sound(p, sk)
    centres = macro_centres(p, sk)
    assert sorted(centres) == list("abcd")
    assert max(centres["a"], centres["b"]) < 100 < min(centres["c"], centres["d"])


def test_macro_stands_side_by_side_seat_the_higher_tiers_nearer_the_entrance() -> None:
    hall = rect_hall("h", 150, 90)
    reqs = [
        req("low", 400.0, booth_type="island", tier=0),
        req("top", 400.0, booth_type="island", tier=3),
        req("mid", 400.0, booth_type="island", tier=1),
    ]
    spec = Spec("double", 8, 6, 60, ("top", "mid", "low"))  # as `_macros` lists them
    p, sk = skeleton(hall, spec, reqs)
    assert_sound(p, sk)
    far = macro_centres(p, sk)
    assert set(far) == {"low", "top", "mid"}
    assert far["top"] < far["mid"] <= far["low"]


def discordant(far: dict[str, float], tiers: dict[str, int]) -> int:
    """Pairs of macro stands where the higher tier stands farther from the entrance."""
    return sum(
        1
        for a, b in itertools.combinations(far, 2)
        if (far[a] - far[b]) * (tiers[a] - tiers[b]) > 1e-9
    )


def test_a_long_run_of_macro_stands_seats_the_higher_tiers_nearer_the_entrance() -> None:
    # Eight car makers in one band, tiers alternating as `_macros` might list them: too many
    # to try every order (the old code kept the given order beyond six).
    hall = rect_hall("h", 260, 90)
    reqs = [req(f"m{i}", 400.0, booth_type="island", tier=3 * (i % 2)) for i in range(8)]
    spec = Spec("double", 8, 6, 60, tuple(q.id for q in reqs))
    p, sk = skeleton(hall, spec, reqs)
    assert_sound(p, sk)
    far = macro_centres(p, sk)
    assert len(far) == 8
    assert discordant(far, {q.id: q.tier for q in reqs}) == 0


def test_macro_stands_of_low_tiers_go_to_the_end_of_the_band_far_from_the_entrances() -> None:
    # Entrances in the middle of both long walls: neither side of the hall is farther, so
    # the macro band stays by one wall, but its low-tier stands go to a far end of it.
    exits = [("E1", (60.0, 0.0), 4.0, "entrance"), ("E2", (60.0, 90.0), 4.0, "entrance")]
    hall = rect_hall("h", 260, 90, exits=exits)
    reqs = [req("big", 900.0, booth_type="island", tier=0)]
    reqs += [req(f"s{i}", 20.0, tier=1 + i % 3) for i in range(6)]
    p, sk = skeleton(hall, Spec("double", 8, 6, 60, ("big",)), reqs)
    assert_sound(p, sk)
    assert macro_centres(p, sk)["big"] > 150


def test_a_run_too_long_to_swap_goes_by_tier_from_the_entrance() -> None:
    # Twenty car makers in one band, the entrance at the west end: beyond SWAPPED_ORDER the
    # run is sorted by tier, the highest at the end nearer the entrance.
    exits = [("E1", (3.0, 0.0), 4.0, "entrance"), ("E2", (3.0, 90.0), 2.4, "exit")]
    hall = rect_hall("h", 500, 90, exits=exits)
    reqs = [req(f"m{i:02d}", 400.0, booth_type="island", tier=3 * (i % 2)) for i in range(20)]
    p, sk = skeleton(hall, Spec("double", 8, 6, 60, tuple(q.id for q in reqs)), reqs)
    assert_sound(p, sk)
    far = macro_centres(p, sk)
    assert len(far) == 20
    assert discordant(far, {q.id: q.tier for q in reqs}) == 0


def test_a_car_maker_the_entrance_clearance_keeps_out_of_the_first_macro_band_takes_the_next() -> (
    None
):
    """Two-halls benchmark, hall B: the first macro band's group was sized for the hall's
    whole width, but the entrance's 8 m door and its clearance cut the band, and the last
    two of its group fit no stretch. They wait for the next band (beside the 480 m2 stand)
    instead of going to the packing, which seated them at the far wall."""
    exits: list[ExitSpec] = [
        ("E1", (50.0, 0.0), 8.0, "entrance"),
        ("E2", (50.0, 90.0), 3.0, "exit"),
    ]
    hall = rect_hall("h", 100, 90, exits=exits)
    areas = [300, 300, 290, 290, 270, 260, 250]
    reqs = [req(f"c{k}", a, booth_type="island", tier=3) for k, a in enumerate(areas)]
    reqs.append(req("big", 480.0, booth_type="island", tier=2))
    rules = Rules(aisle_width_m=2.5)
    ids = tuple(r.id for r in reqs)
    p, sk = skeleton(hall, Spec("double", 10, 0, 48, ids), reqs, rules=rules)
    assert_sound(p, sk)
    assert sorted(q.id for q, _ in sk.macros) == sorted(ids)


def test_a_big_island_wider_than_a_bay_is_made_deeper_to_stand_between_column_lines() -> None:
    """Fuzzed seed 18700 ev12: a 449 m2 island in a 73 x 56 m hall whose columns stand
    every 17.5 m. Square (21 m) it fits no stretch of the macro band between two column
    lines, and was seated on the open floor in the middle of the hall, where the bands round
    it lost 21 small stands. The band's group is sized against its stretches: a deeper band
    seats the island 16.5 m wide between two column lines."""
    columns = [(x, y, 1.0, 1.0) for x in (17.0, 34.5, 52.0) for y in (10.0, 21.0, 32.0, 43.0)]
    hall = rect_hall("h", 73, 56, columns=columns)
    reqs = [req("big", 449.0, booth_type="island", tier=3), req("a", 9.0)]
    for wall in (0, 6):
        p, sk = skeleton(hall, Spec("single", 8, wall, 60, ("big",)), reqs)
        assert [q.id for q, _ in sk.macros] == ["big"]
        stand = metres(p, sk.macros[0][1])
        assert 449 * 0.9 - EPS <= stand.area <= 449 * 1.1 + EPS
        for column in p.hall.column_shapes:
            assert stand.intersection(p.local(column)).area < EPS
        for s in sk.segments:
            assert metres(p, s.box).distance(stand) >= RULES.aisle_width_m - EPS


def test_two_big_islands_in_the_bays_beside_one_column_line_stand_an_aisle_apart() -> None:
    """Fuzzed seed 19300 ev09: a hall whose columns stand every 17 x 13 m, four islands of
    772-1,078 m2. Two of them took the bays on both sides of one column line, 0.8 m apart:
    the line is no aisle, neither kept its open sides, and the walk refused both. Each
    stands an aisle from the other, and the aisle beside one lies clear of the column line
    (a column in it would cut the aisle into pockets)."""
    columns = [
        (x, y, 0.8, 0.8)
        for x in (17.0, 34.0, 51.0, 68.0, 85.0)
        for y in (12.0, 25.0, 38.0, 51.0, 64.0)
    ]
    hall = rect_hall("h", 104, 78, columns=columns)
    reqs = [
        req("b1", 700.0, booth_type="island", tier=3),
        req("b2", 650.0, booth_type="island", tier=3),
    ]
    for wall in (0, 6):
        p, sk = skeleton(hall, Spec("single", 8, wall, 60, ("b1", "b2")), reqs)
        stands = [metres(p, rect) for _, rect in sk.macros]
        assert len(stands) == 2
        for one, other in itertools.combinations(stands, 2):
            assert one.distance(other) >= RULES.aisle_width_m - EPS
        for stand in stands:
            for column in p.hall.column_shapes:
                assert stand.intersection(p.local(column)).area < EPS
            for s in sk.segments:
                assert metres(p, s.box).distance(stand) >= RULES.aisle_width_m - EPS


def test_a_macro_bands_aisle_behind_it_stands_clear_of_a_row_of_columns() -> None:
    """A 60 x 50 m hall with a column every 9.5 x 10 m: a macro band of islands 25 m deep put
    its aisle behind it on a row of columns, which cut the aisle into pockets the walk
    cannot reach; the islands lost that open side and were refused. The band is made as
    deep as puts its aisle between two rows of columns, and every island it seats keeps its
    four open sides."""
    columns = [(9.1 + 9.5 * i, 9.6 + 10.0 * j, 0.8, 0.8) for i in range(6) for j in range(4)]
    exits: tuple[ExitSpec, ...] = (
        ("E1", (23.6, 0.0), 8.0, "entrance"),
        ("E2", (50.0, 0.0), 4.0, "exit"),
        ("E3", (0.0, 30.0), 3.0, "exit"),
        ("E4", (60.0, 30.0), 3.0, "exit"),
        ("E5", (30.0, 50.0), 3.6, "exit"),
    )
    hall = rect_hall("h", 60, 50, exits=exits, columns=columns)
    rules = Rules(aisle_width_m=4.0, grid_m=0.1)
    reqs = [req(f"i{k}", 190.0 + 10 * k, booth_type="island", tier=2) for k in range(6)]
    macro = ("i5", "i4", "i3", "i2", "i1", "i0")
    specs = [Spec("single", 60, wall, 300, macro) for wall in (0, 50)]
    assert _islands_open_all_round(hall, specs, reqs, rules) >= 4


def test_a_macro_island_keeps_an_aisle_from_keep_outs_beside_and_behind_it() -> None:
    """Fuzzed seed 19700 ev08's hall 3 (82 x 77 m, a catering area in the macro band and a
    press centre behind it; islands of 1,600, 1,070 and 774 m2): the band was made 46 m
    deep, the 1,600 m2 island's back against the press centre and both islands flush
    against the catering area; the walk refused them and a quarter of the hall stayed
    empty. In the skeleton that keeps them clear of keep-outs (`Spec.clear_keep_outs`,
    a variant `hall.solve_with` weighs), every island the band seats keeps its four open
    sides."""
    press = [(17.0, 49.0), (35.0, 49.0), (35.0, 66.0), (17.0, 66.0)]
    catering = [(43.0, 19.0), (58.0, 19.0), (58.0, 35.0), (43.0, 35.0)]
    exits: tuple[ExitSpec, ...] = (
        ("E1", (39.1, 0.0), 10.0, "entrance"),
        ("E2", (82.0, 38.7), 3.0, "exit"),
        ("E3", (39.5, 77.0), 6.0, "exit"),
        ("E4", (0.0, 35.5), 3.6, "exit"),
    )
    hall = rect_hall("h", 82, 77, exits=exits, keep_out=[press, catering])
    rules = Rules(aisle_width_m=3.0, grid_m=0.1)
    reqs = [
        req("x098", 1600.0, booth_type="island", tier=3),
        req("x164", 1070.0, booth_type="island", tier=3),
        req("x035", 774.0, booth_type="island", tier=2),
        req("s", 20.0),
    ]
    macro = ("x098", "x164", "x035")
    specs = [Spec("single", 40, wall, 300, macro, clear_keep_outs=True) for wall in (0, 30)]
    assert _islands_open_all_round(hall, specs, reqs, rules) >= 2


def _islands_open_all_round(
    hall: Hall, specs: list[Spec], reqs: list[Request], rules: Rules
) -> int:
    """How many macro islands the skeletons of `specs` seat, both ways round, each asserted
    to keep its four open sides on the walk of the skeleton (every segment full)."""
    seated = 0
    for spec in specs:
        for transpose in (False, True):
            p, sk = skeleton(hall, spec, reqs, rules=rules, transpose=transpose)
            walk = build_walk(p, [s.box for s in sk.segments] + [r for _, r in sk.macros], DEFAULT)
            for _, (x, y, w, d) in sk.macros:
                access = walk.access((x * p.g, y * p.g, w * p.g, d * p.g), DEFAULT.open_share)
                assert len(access.open) == 4, (transpose, spec, access)
                seated += 1
    return seated


def test_mid_size_raw_space_stands_flush_in_rows_no_longer_than_max_row() -> None:
    """Fuzzed seed 35000 ev06: twelve stands of 60-105 m2 needing one or two open sides,
    made raw space in a band 15 m deep along the entrance wall, each stood alone an aisle
    from the next, as no planner draws them. Now they stand flush in rows of up to
    `max_row_m` (C10), an aisle between rows, each keeping the open sides it needs on the
    walk; an island keeps its aisles all round."""
    hall = rect_hall("h", 150, 90)
    rules = Rules(max_row_m=30.0)
    corners = [req(f"c{i}", 90.0, booth_type="corner", tier=2) for i in range(6)]
    inline = [req(f"i{i}", 90.0, booth_type="inline", tier=2) for i in range(3)]
    island = req("isl", 90.0, booth_type="island", tier=2)
    reqs = [*corners, *inline, island, req("s", 20.0)]
    spec = Spec("double", 4, 0, 60, tuple(q.id for q in [*corners, *inline, island]))
    p, sk = skeleton(hall, spec, reqs, rules=rules)
    assert_sound(p, sk)
    assert len(sk.macros) == 10
    walk = build_walk(p, [s.box for s in sk.segments] + [r for _, r in sk.macros], DEFAULT)
    needs = {q.id: q.open_sides_needed for q in reqs}
    for q, (x, y, w, d) in sk.macros:
        access = walk.access((x * p.g, y * p.g, w * p.g, d * p.g), DEFAULT.open_share)
        assert len(access.open) >= needs[q.id], (q.id, access)
    # Rows: the macro stands closer together than an aisle, as C10 groups them.
    ids, rects = zip(*((q.id, rect) for q, rect in sk.macros), strict=True)
    rows = [{ids[i] for i in m} for m in blocks(list(rects), p.units(rules.aisle_width_m))]
    boxes = {q.id: metres(p, rect) for q, rect in sk.macros}
    assert {"isl"} in rows, "the island stands alone"
    assert max(len(r) for r in rows) >= 3, "the others stand in rows"
    for r in rows:
        x0, y0, x1, y1 = shapely.union_all([boxes[j] for j in r]).bounds
        assert max(x1 - x0, y1 - y0) <= rules.max_row_m + EPS, r


def test_deep_raw_space_stands_an_aisle_apart_even_where_it_could_spare_a_side() -> None:
    """Two peninsulas 10 wide and 45 deep (grid units) could each give up a side, and side
    by side they are 20 long; but flush they would be one block 45 long across the band,
    past `max_row_m` (30 here: C10), and the walk's check would send one to the packing.
    They stand an aisle apart; 20 deep, flush."""
    from floorplan.solve.macro_band import _gaps

    pair = [req(k, 450.0, booth_type="peninsula") for k in "ab"]
    assert _gaps([(q, (10, 45)) for q in pair], 3, 30) == [3]
    assert _gaps([(q, (10, 20)) for q in pair], 3, 30) == [0]
    assert _gaps([(q, (10, 20)) for q in [*pair, req("c", 200.0, booth_type="corner")]], 3, 30) == [
        0,
        3,
    ], "a peninsula ends its row"


def test_memoised_macro_sizes_are_the_sizes_asked_for_at_every_depth() -> None:
    """Sizing the macro bands asks for the same stands at the same depths again and again,
    so the answers are memoised per problem: asked in any order, each is what `fit_depth`
    and `width_range` give for that stand at that depth (not another stand's, not another
    depth's)."""
    rules = Rules(grid_m=0.1, area_tolerance=0.1)
    stands = [
        req("car", 1200.0, booth_type="island"),
        req("bus", 640.0, width_m=32.0, depth_m=20.0),
        req("cab", 300.0),
    ]
    p = HallProblem(rect_hall("h", 120, 90), rules, tuple(stands), False)
    asks = [(q, d) for q in stands for d in (150, 200, 245, 320, 400)]
    for q, d in [*asks, *reversed(asks), *asks[::2]]:
        assert macro_size(q, d, p) == fit_depth(q, d, rules)
        assert macro_span(q, d, p) == width_range(q, d, rules)
    assert len(p.macro_sizes) == len(asks)
    # A worker process sends the problem back with its solution: without the memos.
    back = pickle.loads(pickle.dumps(p))
    assert back == p and not back.macro_sizes and not back.macro_spans
    assert all(macro_size(q, d, back) == fit_depth(q, d, rules) for q, d in asks)
