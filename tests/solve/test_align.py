"""`align`: blocks slid onto each other's lines, never at the cost of a rule.

The count the pass maximises is the validator's `aligned_edges`, computed
independently (checked here on random boxes); a slide is refused when it
would bring a block closer than an aisle to another, leave a sliver to a
wall, reach into an exit clearance or move a kept stand.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import box

from floorplan.model import Request, Rules
from floorplan.solve.align import (
    align,
    aligned,
    apart,
    edge_gains,
    gains,
    reshape_singles,
    slide_blocks,
    slide_together,
    stretch_blocks,
)
from floorplan.solve.hall import HallSolution
from floorplan.solve.lineup import Lineup
from floorplan.solve.pack import Placed
from floorplan.solve.params import DEFAULT
from floorplan.solve.passes import align_halls
from floorplan.solve.problem import HallProblem, Rect, rect_gap
from floorplan.validate.rows import Block, aligned_edges

from .conftest import rect_hall, req

RULES = Rules()
G = RULES.grid_m
TOL = 0.3 / G

boxes_ = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(1, 20), st.integers(1, 20)).map(
        lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3])
    ),
    min_size=2,
    max_size=8,
)


@given(boxes_)
def test_the_count_is_the_validators_aligned_edges(boxes: list[tuple[int, int, int, int]]) -> None:
    blocks = [Block((), (x0 * G, y0 * G, x1 * G, y1 * G)) for x0, y0, x1, y1 in boxes]
    assert aligned(boxes, TOL) == aligned_edges(blocks)[0]


def _count_with(boxes: list[tuple[int, int, int, int]], k: int, axis: int, e0: int, e1: int) -> int:
    """The aligned count with block `k`'s edges across `axis` at `e0` and `e1`."""
    moved = list(boxes)
    x0, y0, x1, y1 = boxes[k]
    moved[k] = (e0, y0, e1, y1) if axis == 0 else (x0, e0, x1, e1)
    return aligned(moved, TOL)


@given(boxes_, st.data())
@settings(max_examples=60)
def test_the_gain_of_a_slide_or_a_resize_is_the_change_in_the_count(
    boxes: list[tuple[int, int, int, int]], data: st.DataObject
) -> None:
    k = data.draw(st.integers(0, len(boxes) - 1))
    axis = data.draw(st.sampled_from([0, 1]))
    shifts = np.array(data.draw(st.lists(st.integers(-30, 30), min_size=1, max_size=6)))
    ends = data.draw(
        st.lists(
            st.tuples(st.integers(-10, 70), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1])),
            min_size=1,
            max_size=6,
        )
    )
    others, owners, own = apart(boxes, k, axis)
    before = aligned(boxes, TOL)
    slid = gains(others, owners, own, shifts, TOL)
    for d, gain in zip(shifts.tolist(), slid.tolist(), strict=True):
        assert gain == _count_with(boxes, k, axis, own[0] + d, own[1] + d) - before
    resized = edge_gains(others, owners, own, np.array(ends), TOL)
    for (e0, e1), gain in zip(ends, resized.tolist(), strict=True):
        assert gain == _count_with(boxes, k, axis, e0, e1) - before


def _hall(requests: list[str], fixed: tuple[Rect, ...] = ()) -> HallProblem:
    kept = tuple(box(x * G, y * G, (x + w) * G, (y + d) * G) for x, y, w, d in fixed)
    reqs = tuple(req(r, 30) for r in requests)
    return HallProblem(rect_hall("h", 40, 30), RULES, reqs, False, kept)


def _placed(p: HallProblem, rects: list[Rect]) -> list[Placed]:
    return [Placed(r, rect, 3, 0) for r, rect in zip(p.requests, rects, strict=True)]


def _boxes(placed: list[Placed]) -> dict[str, Rect]:
    return {pl.request.id: pl.rect for pl in placed}


def _slid(p: HallProblem, placed: list[Placed]) -> tuple[list[Placed], bool]:
    """The slides alone (`align` also joins single stands to rows: `test_tidy`)."""
    hall = Lineup(p, placed, DEFAULT)
    done = slide_blocks(hall, None)
    return hall.result(), done


def test_a_block_two_metres_off_its_neighbours_line_is_slid_onto_it() -> None:
    # Row a+b from 5 to 15 m, y 10-16 m; stand c 7 m east of it, 2 m higher.
    p = _hall(["a", "b", "c"])
    placed = _placed(p, [(10, 20, 10, 12), (20, 20, 10, 12), (44, 24, 20, 12)])
    out, done = _slid(p, placed)
    assert done
    rects = _boxes(out)
    ys = {rects["c"][1], rects["a"][1]}
    assert len(ys) == 1  # one slid onto the other's line
    assert rects["a"][0] == 10 and rects["b"][0] == 20  # nothing slid along the row
    assert rect_gap(rects["b"], rects["c"]) >= RULES.aisle_width_m / G
    before = aligned([(10, 20, 30, 32), (44, 24, 64, 36)], TOL)
    after = aligned(
        [(10, rects["a"][1], 30, rects["a"][1] + 12), (44, rects["c"][1], 64, rects["c"][1] + 12)],
        TOL,
    )
    assert after > before


def test_blocks_far_apart_slide_onto_a_line_together_with_one_walk() -> None:
    """Three stands 1 m above a kept row's line, each 8 m from the next: one walk of the
    hall checks all three slides (a walk is most of a slide's work, and a hall's budget
    buys few), and all three stand on the row's line."""
    reqs = tuple(req(r, 60) for r in "cde")
    kept = (box(5, 10, 15, 16),)  # the row (metres): grid units (10, 20, 20, 12)
    p = HallProblem(rect_hall("h", 60, 40), RULES, reqs, False, kept)
    placed = _placed(p, [(44, 22, 10, 12), (70, 22, 10, 12), (96, 22, 10, 12)])
    hall = Lineup(p, placed, DEFAULT)
    assert slide_together(hall, None)
    assert hall.walks == 1
    assert [pl.rect for pl in hall.result()] == [
        (44, 20, 10, 12),
        (70, 20, 10, 12),
        (96, 20, 10, 12),
    ]


def test_no_slide_brings_a_block_within_an_aisle_of_another() -> None:
    # c stands 3.5 m north of row a, 2 m further east. Sliding one of them along x
    # lines up both ends; sliding c south onto a's north line would close the aisle.
    p = _hall(["a", "c"])
    placed = _placed(p, [(10, 20, 20, 12), (14, 39, 20, 12)])
    out, done = _slid(p, placed)
    assert done
    a, c = _boxes(out)["a"], _boxes(out)["c"]
    assert a[0] == c[0] and (a[1], c[1]) == (20, 39)
    assert rect_gap(a, c) >= RULES.aisle_width_m / G - 1e-9


def test_on_a_fine_grid_a_block_exactly_an_aisle_away_slides_along_it_and_comes_no_nearer() -> None:
    # 0.1 m grid, 3 m aisle: between blocks a slide keeps 3.1 m (a checker may read
    # 12.3 - 9.3 as under 3 m). Stand c stands exactly 3 m east of stand a, as the
    # skeleton's bands leave them, 1 m higher. Sliding it 1 m south along that aisle
    # lines up both its edges with a's, the aisle as wide as before; stand d, 3.5 m
    # west of a, may not come to 3 m from it to line up its west edge with b's (3.3 m
    # is near enough that line).
    rules = Rules(grid_m=0.1, aisle_width_m=3.0)
    hall = rect_hall("h", 40, 30)
    reqs = (req("a", 60), req("b", 60), req("c", 60), req("d", 60))
    p = HallProblem(hall, rules, reqs, False)
    rects = [(100, 120, 100, 60), (10, 220, 60, 60), (230, 130, 100, 60), (5, 120, 60, 60)]
    placed = [Placed(r, rect, 3, 0) for r, rect in zip(reqs, rects, strict=True)]
    lineup = Lineup(p, placed, DEFAULT)
    assert slide_blocks(lineup, None)
    out = _boxes(lineup.result())
    x, y, _, _ = out["c"]
    assert x == 230 and abs(y - 120) <= 3  # on a's lines (0.3 m), still 3 m from it
    assert out["d"][0] != 5  # d slid onto b's west line ...
    assert rect_gap(out["a"], out["d"]) >= 31  # ... but no nearer to a than a passage


def test_no_slide_leaves_a_sliver_between_a_stand_and_the_wall() -> None:
    # Stand a backs onto the west wall at x 0; stand c 6 m from the wall may not
    # slide to 1.5 m from it to line up with a's east edge.
    p = _hall(["a", "c"])
    placed = _placed(p, [(0, 20, 3, 12), (12, 40, 10, 12)])
    out, done = _slid(p, placed)
    assert done
    x = _boxes(out)["c"][0] * G
    assert x == 0 or x >= RULES.aisle_width_m


def test_no_slide_reaches_into_an_exit_clearance() -> None:
    # The entrance is at x 18-22 m on the south wall, clear 3 m round it; stand c's
    # south edge may not come down to y 1 m (stand a's line) in front of it.
    p = _hall(["a", "c"])
    placed = _placed(p, [(2, 2, 10, 10), (34, 8, 12, 10)])
    out, done = _slid(p, placed)
    assert done
    x, y, w, d = _boxes(out)["c"]
    shape = box(x * G, y * G, (x + w) * G, (y + d) * G)
    assert shape.intersection(p.clearance).area < 1e-9


def test_kept_stands_stay_and_others_line_up_with_them() -> None:
    p = _hall(["c"], fixed=((10, 20, 20, 12),))
    placed = _placed(p, [(44, 24, 20, 12)])
    out, done = _slid(p, placed)
    assert done
    assert _boxes(out)["c"][1] == 20


def test_past_the_emergency_deadline_no_slide_is_tried_and_the_pass_says_so() -> None:
    p = _hall(["a", "b", "c"])
    placed = _placed(p, [(10, 20, 10, 12), (20, 20, 10, 12), (44, 24, 20, 12)])
    out, done = align(p, placed, DEFAULT, deadline=0.0)
    assert not done
    assert out == placed


def _stretched(p: HallProblem, placed: list[Placed]) -> dict[str, Rect]:
    hall = Lineup(p, placed, DEFAULT)
    assert stretch_blocks(hall, None)
    return _boxes(hall.result())


def test_a_stand_half_a_metre_shallower_than_its_neighbour_is_made_as_deep() -> None:
    # a: 10 x 10 m (100 m2) at y 8 m; b: 7 x 10.5 m 6 m east of it, bottoms on one
    # line, tops 0.5 m apart. No slide lines up both; 10 x 10.5 m is within a's 10%.
    p = HallProblem(
        rect_hall("h", 40, 30),
        RULES,
        (req("a", 100, booth_type="island"), req("b", 73.5, booth_type="island")),
        False,
    )
    placed = _placed(p, [(8, 16, 20, 20), (40, 16, 14, 21)])
    before = aligned([(8, 16, 28, 36), (40, 16, 54, 37)], TOL)
    rects = _stretched(p, placed)
    boxes = [(x, y, x + w, y + d) for x, y, w, d in rects.values()]
    assert aligned(boxes, TOL) == before + 2
    for r in p.requests:
        _, _, w, d = rects[r.id]
        assert abs(w * d * G * G - r.area_m2) <= RULES.area_tolerance * r.area_m2 + 1e-9


def test_a_row_above_a_car_maker_is_slid_and_its_end_shortened_to_line_up_with_it() -> None:
    # Car maker a: 21.5 m wide from x 18 m; car maker c from 42.5 m. Above a, 3 m away, a
    # row of 9 + 13.5 m from 20 to 42.5 m: its east end lines up with c, its west end
    # floats. No slide gains (one end off, the other on), no resize alone either; the row
    # slid 2 m west and its east stand 1 m shorter (12.5 x 8 m, within 108 m2's 10%) lines
    # up both ends with a's.
    p = HallProblem(
        rect_hall("h", 80, 60),
        RULES,
        (
            req("a", 430, booth_type="island"),
            req("c", 390, booth_type="island"),
            req("b1", 72, booth_type="corner"),
            req("b2", 108, booth_type="corner"),
        ),
        False,
    )
    units = [(36, 6, 43, 40), (85, 6, 39, 40), (40, 52, 18, 16), (58, 52, 27, 16)]
    placed = _placed(p, units)
    before = aligned([(x, y, x + w, y + d) for x, y, w, d in [*units[:2], (40, 52, 45, 16)]], TOL)
    rects = _stretched(p, placed)
    assert rects["a"] == units[0] and rects["c"] == units[1]
    assert rects["b1"][0] == 36 and rects["b2"][0] + rects["b2"][2] == 79
    row = (36, 52, 79, 68)
    assert aligned([(x, y, x + w, y + d) for x, y, w, d in units[:2]] + [row], TOL) > before
    for r in p.requests:
        _, _, w, d = rects[r.id]
        assert abs(w * d * G * G - r.area_m2) <= RULES.area_tolerance * r.area_m2 + 1e-9


def test_a_stand_of_exact_size_is_never_stretched() -> None:
    p = HallProblem(
        rect_hall("h", 40, 30),
        RULES,
        (
            req("a", 100, booth_type="island", width_m=10, depth_m=10),
            req("b", 73.5, booth_type="island", width_m=7, depth_m=10.5),
        ),
        False,
    )
    placed = _placed(p, [(8, 16, 20, 20), (40, 16, 14, 21)])
    assert _stretched(p, placed) == _boxes(placed)


def _reshaped(p: HallProblem, placed: list[Placed]) -> dict[str, Rect]:
    hall = Lineup(p, placed, DEFAULT)
    assert reshape_singles(hall, None)
    return _boxes(hall.result())


def _raw_space_and_robotaxi(b: Request) -> tuple[HallProblem, list[Placed]]:
    """Car maker a, 27.5 x 40 m from x 18 m, y 5 m; `b` (400 m2) 20 x 20 m above it across
    a 3 m aisle, its west edge on a's line, its east edge 7.5 m short of a's."""
    p = HallProblem(rect_hall("h", 80, 80), RULES, (req("a", 1100, booth_type="island"), b), False)
    return p, _placed(p, [(36, 10, 55, 80), (36, 96, 40, 40)])


def test_a_stand_alone_in_its_block_is_reshaped_to_line_up_both_ends_with_a_row() -> None:
    """No slide lines up both of b's ends with a's (it is 20 m wide, a 27.5 m), nor does a
    resize within its 10% at 20 m deep; 27.5 x 14.5 m (398.75 m2, 1.9 to 1) does, its
    edge towards a staying where it was (27.5 x 16 m would too, at 440 m2)."""
    p, placed = _raw_space_and_robotaxi(req("b", 400, booth_type="island"))
    before = aligned([(36, 10, 91, 90), (36, 96, 76, 136)], TOL)
    rects = _reshaped(p, placed)
    assert rects["a"] == (36, 10, 55, 80)
    assert rects["b"] == (36, 96, 55, 29)
    assert aligned([(36, 10, 91, 90), (36, 96, 91, 125)], TOL) == before + 2


def test_no_stand_is_reshaped_past_two_to_one_or_from_its_exact_size() -> None:
    """b of 300 m2 would have to be 27.5 x 11 m (2.5 to 1): it stays; so does a stand of
    exact size."""
    for b in (
        req("b", 300, booth_type="island"),
        req("b", 400, booth_type="island", width_m=20, depth_m=20),
    ):
        p, placed = _raw_space_and_robotaxi(b)
        placed = [placed[0], replace(placed[1], rect=(36, 96, 40, 40 if b.area_m2 == 400 else 30))]
        assert _reshaped(p, placed) == _boxes(placed)


def test_the_moves_tried_are_work_too_and_end_the_pass_as_its_budget_does() -> None:
    """A move refused before any walk still costs its checks: the pass stops after
    `align_tries` of them, and that is its budget ending (the answer is complete, not
    cut short). With no tries left nothing moves; with enough, the block is slid."""
    p = _hall(["a", "b", "c"])
    placed = _placed(p, [(10, 20, 10, 12), (20, 20, 10, 12), (44, 24, 20, 12)])
    out, done = align(p, placed, replace(DEFAULT, align_tries=0))
    assert done and out == placed
    hall = Lineup(p, placed, DEFAULT)
    assert slide_blocks(hall, None) and 0 < hall.tries < DEFAULT.align_tries
    assert hall.result() != placed


def test_the_work_counted_is_the_walks_the_measures_the_moves_and_the_ranking() -> None:
    """Each part of aligning's work is counted (`Lineup.spent_ms`): priced at nothing but
    the moves tried, or the edge pairs compared to rank them, a budget still ends the
    pass (in a hall of 432 stands those cost as much as the walks: priced by the walks
    alone, its aligning ran past the emergency stop with the cores busy). Once it is
    spent, nothing more is ranked either."""
    p = _hall(["a", "b", "c"])
    placed = _placed(p, [(10, 20, 10, 12), (20, 20, 10, 12), (44, 24, 20, 12)])
    free = replace(DEFAULT, align_ms_per_kcell=0.0, align_ms_per_access=0.0, align_ms_per_try=0.0)
    for priced in (
        replace(free, align_ms_per_try=1.0, align_ms_per_mpair=0.0),
        replace(free, align_ms_per_mpair=1e6),
    ):
        unbounded = Lineup(p, placed, priced)
        assert slide_blocks(unbounded, None)
        assert unbounded.spent_ms > 0 and unbounded.result() != placed
        bounded = Lineup(p, placed, priced, work_ms=unbounded.spent_ms / 2)
        assert slide_blocks(bounded, None) and bounded.spent
        assert bounded.spent_ms < unbounded.spent_ms
    spent = Lineup(p, placed, DEFAULT, work_ms=0.0)
    for step in (slide_blocks, stretch_blocks, reshape_singles):
        assert step(spent, None)
    assert spent.compared == spent.tries == 0


def test_the_pipelines_slides_share_the_work_it_gives_them() -> None:
    """`passes.align_halls` shares a work budget (reference milliseconds) among the halls:
    with none, no block slides and the pass is complete (its budget ended it, not the
    clock); with enough, the block two metres off its neighbours' line slides onto it."""

    def hall() -> dict[str, HallSolution]:
        p = _hall(["a", "b", "c"])
        placed = _placed(p, [(10, 20, 10, 12), (20, 20, 10, 12), (44, 24, 20, 12)])
        return {"h": HallSolution(p, None, placed, [], (0.0, 0.0), 1)}

    idle = hall()
    before = _boxes(idle["h"].placed)
    assert align_halls(idle, DEFAULT, None, float("inf"), work_ms=0.0)
    assert _boxes(idle["h"].placed) == before
    busy = hall()
    assert align_halls(busy, DEFAULT, None, float("inf"), work_ms=1e6)
    rects = _boxes(busy["h"].placed)
    assert rects["a"][1] == rects["c"][1]
