"""Blocks without a solver: every shape a block offers must already obey the stand rules."""

from __future__ import annotations

import math
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorplan.model import Request, Rules
from floorplan.solve.blocks import (
    ISLAND_MAX_ASPECT,
    MAX_ISLAND_SHAPES,
    MAX_ROW_GAP,
    MAX_ROW_M,
    Block,
    Shape,
    build_blocks,
    island_shapes,
    row_block,
    units,
    wall_row_block,
    width_range,
)

from .conftest import req

RULES = Rules()
G = RULES.grid_m


def obeys_rules(request: Request, w: int, d: int, rules: Rules = RULES) -> bool:
    """The contract's stand rules (C1, C3) for a w x d grid-unit stand, checked from scratch."""
    g = rules.grid_m
    wm, dm = w * g, d * g
    exact = request.exact_size
    if exact is not None:
        return (math.isclose(wm, exact[0]) and math.isclose(dm, exact[1])) or (
            math.isclose(wm, exact[1]) and math.isclose(dm, exact[0])
        )
    area_ok = abs(wm * dm - request.area_m2) <= rules.area_tolerance * request.area_m2 + 1e-6
    side_ok = min(wm, dm) >= rules.min_side_m - 1e-9
    aspect_ok = max(wm, dm) <= rules.max_aspect * min(wm, dm) + 1e-9
    return area_ok and side_ok and aspect_ok


def overlap_area(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> int:
    ax, ay, aw, ad = a
    bx, by, bw, bd = b
    return max(0, min(ax + aw, bx + bw) - max(ax, bx)) * max(0, min(ay + ad, by + bd) - max(ay, by))


ISLANDS = [
    req("shell", 9),
    req("mid", 36, booth_type="island"),
    req("big", 150, booth_type="island"),
    req("carmaker", 1000, booth_type="island"),
    req("pen", 80, booth_type="peninsula"),
]


@pytest.mark.parametrize("request_", ISLANDS, ids=lambda r: r.id)
def test_island_shapes_obey_area_side_aspect_and_reach(request_: Request) -> None:
    shapes = island_shapes(request_, RULES)
    assert 0 < len(shapes) <= MAX_ISLAND_SHAPES
    assert len({(s.width, s.depth) for s in shapes}) == len(shapes), "a size offered twice"
    for s in shapes:
        assert isinstance(s.width, int) and isinstance(s.depth, int), "off the grid"
        assert s.stands == ((request_.id, (0, 0, s.width, s.depth)),)
        assert obeys_rules(request_, s.width, s.depth), (s.width, s.depth)
        # The far point of an island walks at most half its short side to an aisle.
        assert min(s.width, s.depth) * G / 2 <= RULES.max_to_aisle_m + 1e-9


def test_island_shapes_prefer_squarish_sizes_when_the_rules_allow_them() -> None:
    shapes = island_shapes(req("car", 400, booth_type="island"), RULES)
    assert all(max(s.width, s.depth) <= ISLAND_MAX_ASPECT * min(s.width, s.depth) for s in shapes)


def test_island_shapes_offer_both_orientations_of_an_exact_size() -> None:
    shapes = island_shapes(req("exact", 150, width_m=15, depth_m=10), RULES)
    assert {(s.width, s.depth) for s in shapes} == {(30, 20), (20, 30)}


@pytest.mark.parametrize(
    ("request_", "rules"),
    [
        (req("tiny", 5), RULES),  # 5 m2 cannot have two sides of 3 m
        (req("offgrid", 12.75, width_m=4.25, depth_m=3), RULES),  # 4.25 m is not on 0.5 m
        (req("deep", 400, booth_type="island"), Rules(max_to_aisle_m=5)),  # centre too far
    ],
    ids=["no-size", "exact-off-grid", "centre-beyond-max-to-aisle"],
)
def test_island_shapes_are_empty_when_no_size_is_allowed(request_: Request, rules: Rules) -> None:
    assert island_shapes(request_, rules) == []


@given(area=st.integers(9, 200), depth=st.integers(4, 30))
def test_width_range_is_exactly_the_widths_that_obey_the_rules(area: int, depth: int) -> None:
    request_ = req("r", float(area))
    rng = width_range(request_, depth, RULES)
    allowed = [w for w in range(1, 4 * depth + 200) if obeys_rules(request_, w, depth)]
    if rng is None:
        assert allowed == []
    else:
        assert allowed == list(range(rng[0], rng[1] + 1))


def test_width_range_of_an_exact_size_matches_either_orientation_only() -> None:
    exact = req("x", 24, width_m=6, depth_m=4)
    assert width_range(exact, 8, RULES) == (12, 12)  # 4 m deep: 6 m wide
    assert width_range(exact, 12, RULES) == (8, 8)  # 6 m deep: 4 m wide
    assert width_range(exact, 10, RULES) is None


def test_width_range_refuses_a_row_shallower_than_the_min_side() -> None:
    assert width_range(req("r", 12), units(RULES.min_side_m, G) - 1, RULES) is None


ROW_MEMBERS = [
    req("a", 18, booth_type="inline"),
    req("b", 12, booth_type="inline"),
    req("c", 24, booth_type="inline"),
    req("k1", 18, booth_type="corner"),
    req("k2", 15, booth_type="corner"),
    req("p", 36, booth_type="peninsula"),
]


def check_row_shape(block: Block, depth: int) -> None:
    """Two rows of one depth, members once each, corners and caps at the ends, rules obeyed."""
    shape = block.shapes[0]
    by_id = {r.id: r for r in block.members}
    placed = dict(shape.stands)
    assert sorted(placed) == sorted(by_id), "every member stands in the block exactly once"
    assert shape.depth == 2 * depth
    for rid, (x, y, w, d) in placed.items():
        member = by_id[rid]
        assert x >= 0 and x + w <= shape.width and y >= 0 and y + d <= shape.depth
        assert obeys_rules(member, w, d), (rid, w, d)
        if member.booth_type == "peninsula":
            assert (y, d) == (0, 2 * depth), "a peninsula cap spans both rows"
        else:
            assert d == depth and y in (0, depth), "row stands share the row depth"
        if member.booth_type in ("corner", "peninsula"):
            assert x == 0 or x + w == shape.width, f"{rid} is not at a block end"
    for (ra, a), (rb, b) in combinations(placed.items(), 2):
        assert overlap_area(a, b) == 0, (ra, rb)
    for row_y in (0, depth):
        used = sum(w for rid, (x, y, w, d) in placed.items() if y == row_y and d == depth)
        caps = sum(w for rid, (x, y, w, d) in placed.items() if d == 2 * depth)
        assert used >= (1 - MAX_ROW_GAP) * (shape.width - caps) - 1e-9, "row left too empty"


@pytest.mark.parametrize(
    "members",
    [ROW_MEMBERS, ROW_MEMBERS[:5], ROW_MEMBERS[:3], [*ROW_MEMBERS[:3], ROW_MEMBERS[5]]],
    ids=["caps-and-corners", "corners", "inline", "one-cap"],
)
def test_row_block_builds_two_rows_with_corners_and_caps_at_the_ends(
    members: list[Request],
) -> None:
    block = row_block("b", members, 6, RULES)
    assert block is not None
    assert block.kind == "rows"
    check_row_shape(block, 6)


def test_row_block_offers_its_shape_rotated() -> None:
    block = row_block("b", ROW_MEMBERS, 6, RULES)
    assert block is not None
    shape, turned = block.shapes
    assert (turned.width, turned.depth) == (shape.depth, shape.width)
    flipped = {rid: (y, x, d, w) for rid, (x, y, w, d) in shape.stands}
    assert dict(turned.stands) == flipped


@pytest.mark.parametrize(
    "members",
    [
        [req("alone", 18, booth_type="inline")],
        [req(f"k{i}", 18, booth_type="corner") for i in range(5)],
        [req(f"p{i}", 36, booth_type="peninsula") for i in range(2)]
        + [req("k", 18, booth_type="corner")],
    ],
    ids=["one-stand", "five-corners", "two-caps-and-a-corner"],
)
def test_row_block_refuses_what_two_rows_cannot_hold(members: list[Request]) -> None:
    assert row_block("b", members, 6, RULES) is None


def test_block_without_some_stands_keeps_its_sizes() -> None:
    block = row_block("b", ROW_MEMBERS, 6, RULES)
    assert block is not None
    smaller = block.without({"a", "k1"})
    assert smaller is not None
    assert {r.id for r in smaller.members} == {"b", "c", "k2", "p"}
    for before, after in zip(block.shapes, smaller.shapes, strict=True):
        assert (after.width, after.depth) == (before.width, before.depth)
        assert {rid for rid, _ in after.stands} == {"b", "c", "k2", "p"}
    assert block.without(block.ids) is None


MIXED = [
    req("car", 300, booth_type="island", tier=3),
    req("pen", 100, booth_type="peninsula", tier=2),
    req("big-inline", 160, booth_type="inline"),
    *[req(f"s{i}", 9 + 3 * (i % 4), booth_type="inline", category="x") for i in range(14)],
    req("k1", 18, booth_type="corner", keep_apart=("k2",)),
    req("k2", 18, booth_type="corner"),
    *[req(f"eu{i}", 12, booth_type="inline", pavilion="eu") for i in range(4)],
    req("eu-big", 200, booth_type="island", pavilion="eu"),
    req("tiny", 5),
]


def test_build_blocks_accounts_for_every_request_once() -> None:
    blocks, refused = build_blocks(MIXED, RULES, "h1")
    ids = [r.id for b in blocks for r in b.members] + [r.id for r, _ in refused]
    assert sorted(ids) == sorted(r.id for r in MIXED)
    assert [r.id for r, _ in refused] == ["tiny"]
    assert len({b.key for b in blocks}) == len(blocks), "block keys must be unique"


def test_build_blocks_groups_as_a_planner_would() -> None:
    blocks, _ = build_blocks(MIXED, RULES, "h1")
    home = {r.id: b for b in blocks for r in b.members}
    for rid in ("car", "pen", "big-inline", "eu-big"):
        assert home[rid].kind == "island" and len(home[rid].members) == 1, rid
    assert home["k1"] is not home["k2"], "a keep-apart pair shares a block"
    for block in blocks:
        pavilions = {r.pavilion for r in block.members}
        assert len(pavilions) == 1, "a pavilion mixed with outsiders"
        assert block.pavilion == pavilions.pop()
        for shape in block.shapes:
            for _, (x, y, w, d) in shape.stands:
                assert x >= 0 and x + w <= shape.width and y >= 0 and y + d <= shape.depth
        if block.kind == "rows":
            depths = {d for _, (_, _, _, d) in block.shapes[0].stands}
            check_row_shape(block, min(depths))
            assert block.shapes[0].width <= units(MAX_ROW_M, G), "a row without cross aisle"


def test_build_blocks_cuts_long_rows_with_cross_aisles() -> None:
    shells = [req(f"s{i}", 18, booth_type="inline") for i in range(30)]
    blocks, refused = build_blocks(shells, RULES, "h1")
    assert not refused
    assert len(blocks) >= 2
    assert all(b.shapes[0].width <= units(MAX_ROW_M, G) for b in blocks)


def test_build_blocks_says_why_a_request_has_no_block() -> None:
    _, refused = build_blocks(
        [req("deep", 400, booth_type="island")], Rules(max_to_aisle_m=5), "h1"
    )
    assert [(r.id, "max_to_aisle" in why) for r, why in refused] == [("deep", True)]


def test_shape_rotation_swaps_the_exit_sides() -> None:
    shape = Shape(4, 2, (("a", (0, 0, 4, 2)),), (("BT", 1, False), ("L", 2, True)))
    assert shape.rotated().exits == (("LR", 1, False), ("B", 2, True))
    assert shape.rotated().rotated() == shape


WALL_ROW = [
    req("k1", 18, booth_type="corner"),
    req("a", 12, booth_type="inline"),
    req("b", 15),
    req("k2", 18, booth_type="corner"),
]


def test_wall_row_block_is_one_row_with_its_corners_at_the_ends() -> None:
    block = wall_row_block("w", WALL_ROW, 6, RULES)
    assert block is not None and block.kind == "wall"
    assert [s.wall for s in block.shapes] == ["B", "T", "L", "R"]
    bottom = block.shapes[0]
    placed = dict(bottom.stands)
    assert sorted(placed) == sorted(r.id for r in WALL_ROW)
    by_id = {r.id: r for r in WALL_ROW}
    for rid, (_, y, w, d) in placed.items():
        assert (y, d) == (0, 6) and obeys_rules(by_id[rid], w, d), rid
    assert placed["k1"][0] == 0 and placed["k2"][0] + placed["k2"][2] == bottom.width
    assert sum(w for _, (_, _, w, _) in bottom.stands) == bottom.width, "a gap inside the row"
    # The row faces away from its wall: visitors leave by the opposite side.
    assert [sides for sides, _, _ in bottom.exits] == ["T"]
    assert [sides for sides, _, _ in block.shapes[1].exits] == ["B"]


@pytest.mark.parametrize(
    "members",
    [
        [req(f"k{i}", 18, booth_type="corner") for i in range(3)],
        [req("a", 12, booth_type="inline"), req("p", 36, booth_type="peninsula")],
    ],
    ids=["three-corners", "peninsula"],
)
def test_wall_row_block_refuses_stands_a_wall_row_cannot_open(members: list[Request]) -> None:
    assert wall_row_block("w", members, 6, RULES) is None


def test_build_blocks_lines_walls_with_low_tier_shell_stands_only() -> None:
    shells = [req(f"s{i}", 12, booth_type="inline", tier=i % 2) for i in range(6)]
    others = [
        req("vip", 12, booth_type="inline", tier=3, pavilion="eu"),
        req("apart", 12, booth_type="inline", keep_apart=("s0",)),
    ]
    stretch = 30  # one free wall of 15 m: room for some shells, not all
    blocks, refused = build_blocks([*shells, *others], RULES, "h1", [stretch])
    assert not refused
    walls = [b for b in blocks if b.kind == "wall"]
    walled = [r for b in walls for r in b.members]
    assert walled, "a free wall and shell stands, yet no wall row"
    assert all(b.shapes[0].width <= stretch for b in walls), "a wall row longer than its wall"
    assert all(not r.pavilion and not r.keep_apart for r in walled)
    # Lowest tiers go to the wall: no shell left in the hall ranks below one on the wall.
    inside = [r.tier for r in shells if r not in walled]
    assert inside and max(r.tier for r in walled) <= min(inside)
