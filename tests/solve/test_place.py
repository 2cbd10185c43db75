"""Block placement: the greedy start and the CP-SAT model must keep aisles round every block.

Checks are made twice: on the grown boxes the model reasons with, and in
metres with Shapely (distance >= aisle width), so a shared off-by-one in the
grid arithmetic cannot hide.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from shapely import Polygon

from floorplan.model import Hall, Layout, Request, Rules, Stand
from floorplan.solve.blocks import build_blocks, units
from floorplan.solve.frame import frame, wall_stretches
from floorplan.solve.place import HallProblem, Spot, block_value, greedy, solve_hall, travel_bound
from floorplan.validate import validate

from .conftest import grid_rect, l_hall, make_event, rect_hall, req

RULES = Rules()
Box = tuple[int, int, int, int]


def problem_for(
    hall: Hall, requests: list[Request], rules: Rules = RULES, **kw: Any
) -> HallProblem:
    fr = frame(hall, rules)
    blocks, refused = build_blocks(requests, rules, hall.id)
    assert not refused
    travel = [travel_bound(fr, rules.max_travel_m)] * len(blocks)
    return HallProblem(fr, blocks, travel, **kw)


def placed_boxes(problem: HallProblem, spots: dict[int, Spot]) -> dict[int, Box]:
    out = {}
    for i, spot in spots.items():
        shape = problem.blocks[i].shapes[spot.shape]
        out[i] = (spot.x, spot.y, shape.width, shape.depth)
    return out


def grown_overlap(a: Box, b: Box, aisle: int) -> bool:
    ax, ay, aw, ad = a
    bx, by, bw, bd = b
    return (
        ax < bx + bw + aisle
        and bx < ax + aw + aisle
        and ay < by + bd + aisle
        and by < ay + ad + aisle
    )


def check_aisles(problem: HallProblem, spots: dict[int, Spot]) -> None:
    fr = problem.frame
    a = fr.aisle
    aisle_m = fr.metres(a)
    boxes = placed_boxes(problem, spots)
    hall = fr.hall
    for i, (x, y, w, d) in boxes.items():
        assert x >= fr.x0 + a and y >= fr.y0 + a, f"block {i} in the perimeter aisle"
        assert x + w + a <= fr.x1 and y + d + a <= fr.y1, f"block {i} in the perimeter aisle"
        for fixed in fr.fixed:
            assert not grown_overlap((x, y, w, d), fixed, a), (
                f"block {i} within an aisle of {fixed}"
            )
        rect: Polygon = grid_rect(x, y, w, d, fr.grid)
        assert hall.shape.covers(rect)
        assert rect.distance(hall.shape.exterior) >= aisle_m - 1e-9
        for obstacle in hall.obstacles:
            assert rect.distance(obstacle) >= aisle_m - 1e-9, f"block {i} too near {obstacle}"
    for (i, bi), (j, bj) in combinations(boxes.items(), 2):
        assert not grown_overlap(bi, bj, a), (i, j)
        assert grid_rect(*bi, fr.grid).distance(grid_rect(*bj, fr.grid)) >= aisle_m - 1e-9


MIXED = [
    req("car", 200, booth_type="island", tier=3),
    req("pen", 60, booth_type="peninsula", tier=2),
    req("k1", 18, booth_type="corner"),
    req("k2", 18, booth_type="corner"),
    *[req(f"s{i}", 12, booth_type="inline") for i in range(4)],
    req("free", 40),
]


def test_greedy_places_a_roomy_hall_with_aisles_round_every_block() -> None:
    hall = rect_hall(
        width=50,
        depth=40,
        columns=[(24.5, 19.5, 1, 1)],
        keep_out=[[(0, 30), (1, 30), (1, 31.5), (0, 31.5)]],
    )
    problem = problem_for(hall, MIXED)
    spots = greedy(problem)
    assert len(spots) == len(problem.blocks), "room for everything, yet blocks left out"
    check_aisles(problem, spots)


def test_greedy_keeps_out_of_the_cut_corner_of_an_l_shaped_hall() -> None:
    problem = problem_for(l_hall(), MIXED)
    spots = greedy(problem)
    assert spots
    check_aisles(problem, spots)


def test_greedy_in_a_crowded_hall_places_the_most_valuable_blocks_first() -> None:
    islands = [req(f"i{k}", 100, booth_type="island", tier=k % 3) for k in range(8)]
    problem = problem_for(rect_hall(width=30, depth=20), islands)
    spots = greedy(problem)
    assert 0 < len(spots) < len(problem.blocks)
    check_aisles(problem, spots)
    best = max(block_value(b) for b in problem.blocks)
    assert all(block_value(problem.blocks[i]) == best for i in spots)


def test_greedy_leaves_fixed_spots_where_they_are() -> None:
    hall = rect_hall(width=50, depth=40)
    base = problem_for(hall, MIXED)
    locked = {0: Spot(0, 40, 30)}
    problem = problem_for(hall, MIXED, fixed_spots=locked)
    spots = greedy(problem)
    assert spots[0] == locked[0]
    assert len(spots) == len(base.blocks)
    check_aisles(problem, spots)


def test_greedy_keeps_apart_pairs_at_their_distance() -> None:
    pair = [
        req("a", 64, booth_type="island", keep_apart=("b",)),
        req("b", 64, booth_type="island"),
    ]
    gap = units(20.0, RULES.grid_m)
    problem = problem_for(rect_hall(width=50, depth=40), pair, apart=[(0, 1, gap)])
    spots = greedy(problem)
    assert set(spots) == {0, 1}
    boxes = placed_boxes(problem, spots)
    g = problem.frame.grid
    assert grid_rect(*boxes[0], g).distance(grid_rect(*boxes[1], g)) >= 20.0 - 1e-9


def test_greedy_puts_chained_pavilion_blocks_one_aisle_apart() -> None:
    members = [req(f"p{k}", 80 + 20 * k, booth_type="island", pavilion="eu") for k in range(3)]
    problem = problem_for(rect_hall(width=50, depth=40), members, chains=[(0, 1), (1, 2)])
    spots = greedy(problem)
    assert set(spots) == {0, 1, 2}
    boxes = placed_boxes(problem, spots)
    g = problem.frame.grid
    aisle_m = problem.frame.metres(problem.frame.aisle)
    for i, j in problem.chains:
        dist = grid_rect(*boxes[i], g).distance(grid_rect(*boxes[j], g))
        assert dist == pytest.approx(aisle_m), (i, j)


def test_solve_hall_improves_on_greedy_without_breaking_aisles() -> None:
    problem = problem_for(rect_hall(width=40, depth=30, columns=[(19.5, 14.5, 1, 1)]), MIXED)
    start = greedy(problem)
    placement = solve_hall(problem, deterministic_s=0.5, wall_s=3.0, seed=0, workers=2)
    assert placement.status in ("OPTIMAL", "FEASIBLE", "GREEDY")
    check_aisles(problem, placement.spots)

    def value(spots: dict[int, Spot]) -> int:
        return sum(block_value(problem.blocks[i]) for i in spots)

    assert value(placement.spots) >= value(start)
    if placement.status != "GREEDY":
        assert placement.objective is not None and placement.bound is not None
        assert placement.objective <= placement.bound + 1e-6


def test_solve_hall_of_no_blocks_is_trivially_optimal() -> None:
    problem = HallProblem(frame(rect_hall(), RULES), [], [])
    placement = solve_hall(problem, deterministic_s=0.1, wall_s=1.0, seed=0, workers=1)
    assert (placement.spots, placement.status) == ({}, "OPTIMAL")


def layout_of(problem: HallProblem, spots: dict[int, Spot]) -> Layout:
    """The stands of placed blocks in metres, as the pipeline would write them."""
    g = problem.frame.grid
    stands = []
    for i, spot in spots.items():
        block = problem.blocks[i]
        types = {r.id: r.booth_type for r in block.members}
        for rid, (x, y, w, d) in block.shapes[spot.shape].stands:
            stands.append(
                Stand(
                    request_id=rid,
                    hall=problem.frame.hall.id,
                    x=(spot.x + x) * g,
                    y=(spot.y + y) * g,
                    width=w * g,
                    depth=d * g,
                    booth_type=types[rid],
                )
            )
    return Layout(event="solver test event", stands=stands)


def test_a_greedy_start_in_a_roomy_hall_is_already_a_valid_layout() -> None:
    hall = rect_hall(width=50, depth=40, columns=[(24.5, 19.5, 1, 1)])
    problem = problem_for(hall, MIXED)
    spots = greedy(problem)
    assert len(spots) == len(problem.blocks)
    report = validate(make_event([hall], MIXED), layout_of(problem, spots))
    assert report.valid, report.to_text()


WALL_MEMBERS = [req("d", 24, booth_type="corner"), req("a2", 36, booth_type="inline")]


def test_a_wall_row_leaves_its_corner_stands_two_open_sides() -> None:
    hall = rect_hall("hall-a", 50, 40)
    fr = frame(hall, RULES)
    blocks, _ = build_blocks(WALL_MEMBERS, RULES, hall.id, wall_stretches(fr))
    assert [b.kind for b in blocks] == ["wall"]
    problem = HallProblem(fr, blocks, [travel_bound(fr, RULES.max_travel_m)])
    spots = greedy(problem)
    assert set(spots) == {0}
    report = validate(make_event([hall], WALL_MEMBERS), layout_of(problem, spots))
    assert report.valid, report.to_text()
