"""C4, C5, C7 and the geometric traps: each broken layout breaks one rule, its repair none."""

from __future__ import annotations

import math

import pytest

from floorplan.validate import Report

from .conftest import (
    SLOT_OPEN,
    block_case,
    block_requests,
    corner_case,
    deep_case,
    island_case,
    row_case,
    rules_of,
    slot_case,
)


def only(report: Report, rule: str) -> None:
    assert rules_of(report) == {rule}, report.to_text()


def test_slot_with_3m_gap_is_valid() -> None:
    report = slot_case(*SLOT_OPEN).check()
    assert report.valid, report.to_text()
    assert report.metrics["open_sides"]["X"] == 1


def test_trap_gap_of_2_9m_is_not_an_aisle() -> None:
    report = slot_case((0.0, 18.0, 4.5, 5.0), (7.4, 18.0, 4.6, 5.0)).check()
    only(report, "C4")
    (v,) = report.violations
    assert v.stands == ("X",)
    assert v.message == (
        "C4 h1 X: borders walkable space along 0.00 m of its outline < 1 m; "
        "the aisle it faces leads to no exit"
    )


def test_trap_wide_aisle_enclosed_by_stands_leads_nowhere() -> None:
    report = slot_case((0.0, 19.0, 6.0, 4.0), (6.0, 19.0, 6.0, 4.0)).check()
    only(report, "C4")
    assert "leads to no exit" in report.violations[0].message


# -- a stand that touches the aisle only at a corner point -------------------------------------


def test_trap_stand_touching_aisle_only_at_a_corner() -> None:
    report = corner_case(4.0).check()
    only(report, "C4")
    assert report.violations[0].stands == ("X",)


def test_corner_stand_repaired_by_a_3m_passage() -> None:
    report = corner_case(7.0).check()
    assert report.valid, report.to_text()


# -- an island with one side against a column --------------------------------------------------


def test_trap_island_with_a_side_against_a_column() -> None:
    report = island_case(16.0).check()  # east side x = 22 touches the column
    only(report, "C5")
    (v,) = report.violations
    assert v.message == "C5 h1 I: 3 open sides (south, north, west) < 4 needed"
    assert (v.measured, v.limit) == (3.0, 4.0)


def test_island_clear_of_the_column_is_valid() -> None:
    report = island_case(13.0).check()  # 3 m between the island and the column
    assert report.valid, report.to_text()
    assert report.metrics["open_sides"]["I"] == 4


# -- C5 in the block: a corner booth in the middle of a row ------------------------------------


def test_c5_corner_booth_in_the_middle_of_a_row() -> None:
    case = block_case(block_requests(s2={"booth_type": "corner"}))
    report = case.check()
    only(report, "C5")
    assert report.violations[0].message == "C5 h1 s2: 1 open side (south) < 2 needed"
    s1, s2 = case.stands["s1"], case.stands["s2"]
    swapped = case.moved("s1", x=s2.x).moved("s2", x=s1.x)
    assert swapped.check().valid


def test_c5_holds_a_stand_to_the_type_the_layout_claims() -> None:
    report = block_case().moved("s2", booth_type="peninsula").check()
    only(report, "C5")


def test_trap_travel_around_a_row() -> None:
    report = row_case(6.0).check()
    only(report, "C7")
    (v,) = report.violations
    # From X's corner (0, 20) out of its east side where the aisle begins (the rounded
    # corner at the wall leaves y 18.5..20 unwalkable), around the row's end (48, 12) ->
    # (48, 8), to the door's end (7, 0).
    expected = math.dist((0, 20), (6, 18.5)) + math.dist((6, 18.5), (48, 12)) + 4
    expected += math.dist((48, 8), (7, 0))
    assert v.measured == pytest.approx(expected, abs=2e-3)
    assert v.at == pytest.approx((0.0, 20.0), abs=0.05)
    assert v.message == f"C7 h1 X: walk to nearest exit {expected:.1f} m > 60 m"
    # In a straight line the same point is only about 21 m from the door.
    assert ((0 - 3) ** 2 + 20**2) ** 0.5 < 21


def test_row_with_a_cross_aisle_is_valid() -> None:
    report = row_case(52.0).check()  # r2 moves to the far end, opening a 6 m cross aisle
    assert report.valid, report.to_text()
    # (0, 20) -> the gap's corner (6, 12) -> the door's end (6, 0): 10 m + 12 m.
    assert report.metrics["travel_m"]["X"] == pytest.approx(10.0 + 12.0, abs=2e-3)


# -- C7 inside the stand: too far from its nearest open side -----------------------------------


def test_c7_walk_to_the_nearest_open_side() -> None:
    report = deep_case(0.0, 0.0).check()  # in the corner: open to the north and east only
    only(report, "C7")
    assert report.violations[0].message == (
        "C7 h1 D: walk inside the stand to its nearest open side 12.0 m > 10 m"
    )
    repaired = deep_case(4.0, 4.0).check()
    assert repaired.valid, repaired.to_text()
    assert repaired.metrics["to_aisle_m"]["D"] == 6.0


def test_travel_reported_for_every_accessible_stand() -> None:
    report = block_case().check()
    travel = report.metrics["travel_m"]
    assert set(travel) == {f"{r}{k}" for r in "sn" for k in range(1, 5)}
    # s2's far corner (14, 12) walks out through its south side to door E1 (x 18..22, y 0).
    assert travel["s2"] == pytest.approx((4**2 + 12**2) ** 0.5, abs=2e-3)
