"""Blocks of stands: rule C10 (cross aisles) and the aligned-edges metric."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorplan.model import Stand
from floorplan.validate import validate
from floorplan.validate.rows import ALIGN_M, Block, aligned_edges, blocks_of

from .conftest import block_case, make_event, make_hall, make_layout, req, rules_of, stand


def _ids(blocks: list[Block]) -> list[set[str]]:
    return sorted(({s.request_id for s in b.stands} for b in blocks), key=sorted)


def test_blocks_are_transitive() -> None:
    # a-b 1 m apart, b-c 2 m apart, a-c 6 m apart: one block; d across a 3 m aisle.
    stands = [
        stand("a", 0, 0, 3, 3),
        stand("b", 4, 0, 3, 3),
        stand("c", 9, 0, 3, 3),
        stand("d", 15, 0, 3, 3),
    ]
    assert _ids(blocks_of(stands, 3.0)) == [{"a", "b", "c"}, {"d"}]


@pytest.mark.parametrize(
    ("gap", "together"), [(3.0, False), (3.0 + 1e-7, False), (2.99, True), (0.0, True)]
)
def test_a_gap_of_exactly_the_aisle_width_separates_blocks(gap: float, together: bool) -> None:
    stands = [stand("a", 0, 0, 3, 3), stand("b", 3 + gap, 0, 3, 3)]
    assert len(blocks_of(stands, 3.0)) == (1 if together else 2)


def test_blocks_join_across_a_diagonal_gap_narrower_than_the_aisle() -> None:
    # Corner to corner: 2 m in x and 2 m in y is 2.83 m < 3 m.
    stands = [stand("a", 0, 0, 3, 3), stand("b", 5, 5, 3, 3)]
    assert len(blocks_of(stands, 3.0)) == 1
    assert len(blocks_of(stands, 2.8)) == 2


def test_block_bounds_and_length() -> None:
    (block,) = blocks_of([stand("a", 0, 0, 6, 4), stand("b", 6, 0, 6, 4)], 3.0)
    assert block.bounds == (0, 0, 12, 4)
    assert block.length == 12


def _brute_blocks(stands: list[Stand], aisle: float) -> list[set[str]]:
    groups: list[set[int]] = []
    for i, s in enumerate(stands):
        near = [g for g in groups if any(s.rect.distance(stands[j].rect) < aisle for j in g)]
        merged = {i}.union(*near)
        groups = [g for g in groups if g not in near] + [merged]
    return sorted(({stands[i].request_id for i in g} for g in groups), key=sorted)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(6, 12), st.integers(6, 12)),
        min_size=1,
        max_size=14,
    )
)
def test_blocks_are_the_components_of_gap_below_the_aisle(
    boxes: list[tuple[int, int, int, int]],
) -> None:
    # Half-metre coordinates: gaps are multiples of 0.5 or diagonals, never within 1e-6
    # of 3 m unless exactly 3 m, where both sides agree the aisle separates.
    stands = [stand(f"s{i}", x / 2, y / 2, w / 2, d / 2) for i, (x, y, w, d) in enumerate(boxes)]
    assert _ids(blocks_of(stands, 3.0)) == _brute_blocks(stands, 3.0)


# -- C10 ---------------------------------------------------------------------------------------


def _row(n: int, width: float = 3.0, **rules: float) -> list[str]:
    """A hall with one row of `n` stands side by side; the C10 messages."""
    hall = make_hall(width=80.0, depth=20.0, exits=[("E1", (40.0, 0.0), 4.0, "entrance")])
    ids = [f"r{k:02d}" for k in range(n)]
    event = make_event([hall], [req(i, width * 3) for i in ids], **rules)
    layout = make_layout(stand(i, 5 + width * k, 8, width, 3) for k, i in enumerate(ids))
    return [v.message for v in validate(event, layout).violations if v.rule == "C10"]


def test_c10_names_the_first_stands_of_a_long_block_and_counts_the_rest() -> None:
    assert _row(12) == [
        "C10 h1 r00, r01, r02 (+9 more): block 36.0 m long > 30 m without a cross aisle"
    ]
    assert _row(3, width=12.0, max_row_m=35) == [
        "C10 h1 r00, r01, r02: block 36.0 m long > 35 m without a cross aisle"
    ]


def test_c10_allows_a_block_exactly_at_the_limit_and_any_single_stand() -> None:
    assert _row(10) == []  # 30 m
    assert _row(8, max_row_m=24) == []
    assert _row(1, width=45.0, max_row_m=24) == []  # one stand is not a row


def test_c10_json_lists_every_stand_of_the_block() -> None:
    case = block_case(max_row_m=20)
    report = case.check()
    assert rules_of(report) == {"C10"}
    (v,) = report.violations
    assert sorted(v.stands) == sorted(case.stands)
    assert (v.measured, v.limit, v.at) == (24.0, 20.0, (20.0, 12.0))
    assert v.to_json()["stands"] == list(v.stands)


def test_c10_repaired_by_a_cross_aisle() -> None:
    case = block_case(max_row_m=20)
    for rid in ("s3", "s4", "n3", "n4"):
        case = case.moved(rid, x=case.stands[rid].x + 3.0)
    report = case.check()
    assert report.valid, report.to_text()
    assert report.metrics["halls"]["h1"]["blocks"] == 2


def test_c10_uses_the_aisle_width_of_the_rules() -> None:
    # The same cross aisle of 3 m does not separate blocks when aisles must be 3.5 m.
    case = block_case(max_row_m=20, aisle_width_m=3.5)
    for rid in ("s3", "s4", "n3", "n4"):
        case = case.moved(rid, x=case.stands[rid].x + 3.0)
    assert "C10" in rules_of(case.check())


# -- aligned edges -----------------------------------------------------------------------------


def _blocks(*boxes: tuple[float, float, float, float]) -> list[Block]:
    return [Block((), (x, y, x + w, y + d)) for x, y, w, d in boxes]


def test_side_by_side_blocks_align_their_top_and_bottom_edges() -> None:
    assert aligned_edges(_blocks((0, 0, 10, 6), (13, 0, 10, 6))) == (4, 8)
    assert aligned_edges(_blocks((0, 0, 10, 6), (13, ALIGN_M, 10, 6))) == (4, 8)
    assert aligned_edges(_blocks((0, 0, 10, 6), (13, ALIGN_M + 0.01, 10, 6))) == (0, 8)


def test_a_grid_of_blocks_is_fully_aligned() -> None:
    grid = [(x, y, 10, 6) for x in (0, 13, 26) for y in (0, 9)]
    assert aligned_edges(_blocks(*grid)) == (24, 24)


def test_an_edge_never_aligns_with_its_own_block() -> None:
    # A block 0.2 m wide has both vertical edges within 0.3 m: that is not alignment.
    assert aligned_edges(_blocks((0, 0, 0.2, 6), (10, 20, 5, 5))) == (0, 8)
    assert aligned_edges(_blocks((0, 0, 10, 6))) == (0, 4)


def test_orientations_are_not_mixed() -> None:
    # b's bottom edge is at y = 10, a's right edge at x = 10: different orientations.
    assert aligned_edges(_blocks((0, 0, 10, 6), (20, 10, 5, 5))) == (0, 8)


def _brute_aligned(blocks: list[Block]) -> int:
    count = 0
    for k, b in enumerate(blocks):
        for lo, hi in ((0, 2), (1, 3)):
            for coord in (b.bounds[lo], b.bounds[hi]):
                others = [o for j, o in enumerate(blocks) if j != k]
                if any(
                    abs(coord - c) <= ALIGN_M + 1e-6
                    for o in others
                    for c in (o.bounds[lo], o.bounds[hi])
                ):
                    count += 1
    return count


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(1, 20), st.integers(1, 20)),
        min_size=1,
        max_size=12,
    )
)
def test_aligned_edges_match_a_brute_force_count(boxes: list[tuple[int, int, int, int]]) -> None:
    blocks = _blocks(*((x / 10, y / 10, w / 10, d / 10) for x, y, w, d in boxes))
    assert aligned_edges(blocks) == (_brute_aligned(blocks), 4 * len(blocks))


def test_metrics_report_aligned_edges_per_hall_and_overall() -> None:
    one = block_case().check().metrics
    assert one["halls"]["h1"]["blocks"] == 1
    assert one["halls"]["h1"]["aligned_edges"] is None  # a lone block: no figure
    assert one["aligned_edges"] is None
    case = block_case()
    for rid in ("s3", "s4", "n3", "n4"):
        case = case.moved(rid, x=case.stands[rid].x + 3.0)
    two = case.check()
    # Two blocks 8..20 and 23..35, both y 8..16: top and bottom edges align, ends do not.
    assert two.metrics["halls"]["h1"]["aligned_edges"] == 0.5
    assert two.metrics["aligned_edges"] == 0.5
    assert ", aligned edges 50%" in two.summary()
