"""C1, C2, C3, C6, C8, C9 on the block layout: one change breaks exactly one rule."""

from __future__ import annotations

import pytest

from floorplan.validate import Report

from .conftest import Case, block_case, block_requests, make_layout, rules_of, stand


def only(report: Report, rule: str) -> None:
    assert rules_of(report) == {rule}, report.to_text()


def test_block_layout_is_valid() -> None:
    report = block_case().check()
    assert report.valid, report.to_text()
    assert report.metrics["placed"] == 8
    assert report.metrics["requested"] == 9


# -- C1 ----------------------------------------------------------------------------------------


def test_c1_width_off_grid() -> None:
    report = block_case().moved("s2", width=5.75).check()
    only(report, "C1")
    (v,) = report.violations
    assert v.stands == ("s2",) and v.hall == "h1"
    assert "width 5.75 m is not a multiple of the 0.5 m grid" in v.message


def test_c1_position_off_grid() -> None:
    report = block_case().moved("n4", y=12.2).check()
    only(report, "C1")
    assert report.violations[0].message == "C1 h1 n4: y = 12.2 m is not on the 0.5 m grid"


def test_c1_partly_outside_the_hall() -> None:
    case = block_case()
    case.stands["n4"] = stand("n4", 26.0, 21.0, 6.0, 4.0)
    report = case.check()
    assert "C1" in rules_of(report)
    v = next(v for v in report.violations if v.rule == "C1")
    assert v.measured == pytest.approx(6.0)
    assert v.at is not None and v.at[1] > 24.0


def test_c1_outside_only() -> None:
    """A stand hanging 0.5 m over the west wall breaks C1 and nothing else."""
    case = block_case()
    case.stands["s1"] = stand("s1", -0.5, 1.0, 4.0, 6.0)
    # s1 now sits in the west aisle, 3.8 m from the E3 door at y 10.8..13.2 (x = 0).
    report = case.check()
    only(report, "C1")
    assert report.violations[0].measured == pytest.approx(3.0)


def test_c1_min_side_and_aspect() -> None:
    case = block_case()
    case.stands["s2"] = stand("s2", 34.0, 4.0, 2.5, 9.0)  # 22.5 m2, 2.5 m side, aspect 3.6
    report = case.check()
    assert [v.message.split(": ")[1] for v in report.violations] == [
        "side 2.5 m < minimum side 3 m",
        "aspect 3.60 > 3",
    ]
    only(report, "C1")


def test_c1_exact_size_in_either_orientation() -> None:
    requests = block_requests(s2={"width_m": 4.0, "depth_m": 6.0})
    case = block_case(requests)
    assert case.check().valid  # placed 6 x 4: the exact size turned
    report = case.moved("s2", width=5.5).check()
    only(report, "C1")
    assert "not the requested exact size 4 x 6 m" in report.violations[0].message


# -- C2 ----------------------------------------------------------------------------------------


def test_c2_stand_into_neighbour() -> None:
    report = block_case().moved("s2", x=14.5).check()
    only(report, "C2")
    (v,) = report.violations
    assert v.stands == ("s2", "s3")
    assert v.measured == pytest.approx(2.0)
    assert v.at == pytest.approx((20.25, 10.0))


def test_c2_stand_on_column() -> None:
    # The column is at (10, 3); s1 moves into the south aisle on top of it.
    report = block_case().moved("s1", y=3.0).check()
    only(report, "C2")
    assert report.violations[0].message == "C2 h1 s1: stand covers 1 m2 of column 0"


def test_c2_stand_on_keep_out() -> None:
    case = block_case()
    case.stands["n4"] = stand("n4", 34.0, 17.5, 6.0, 4.0)  # over the hose reel at x 39..40
    report = case.check()
    assert "C2" in rules_of(report)
    assert any("keep-out hose reel" in v.message for v in report.violations)


def test_c2_touching_is_not_overlap() -> None:
    assert block_case().moved("s1", x=8.0).check().valid


# -- C3 ----------------------------------------------------------------------------------------


def test_c3_area_beyond_tolerance() -> None:
    report = block_case().moved("s2", width=4.5).check()  # 18 m2 for 24 +/- 10%
    only(report, "C3")
    (v,) = report.violations
    assert v.measured == 18.0 and v.limit == pytest.approx(21.6)


def test_c3_area_at_the_tolerance_edge_passes() -> None:
    requests = block_requests(s2={"area_m2": 24.0 / 1.1})  # 6 x 4 = 24 is exactly +10%
    assert block_case(requests).check().valid


# -- C6 ----------------------------------------------------------------------------------------


def test_c6_stand_in_exit_clearance() -> None:
    report = block_case().moved("s1", x=2.0).check()  # 2 m from door E3 on the west wall
    only(report, "C6")
    (v,) = report.violations
    assert v.message == "C6 h1 s1: 2 m from exit E3 < clearance 3 m"
    assert v.at is not None and v.at[0] == pytest.approx(2.0)


def test_c6_exactly_at_clearance_passes() -> None:
    assert block_case().moved("s1", x=3.0).check().valid


# -- C8 ----------------------------------------------------------------------------------------


def _keep_apart_case() -> Case:
    return block_case(block_requests(s1={"keep_apart": ("s4",)}))


def test_c8_keep_apart() -> None:
    case = _keep_apart_case()
    assert case.check().valid  # s1 and s4 are 12 m apart
    s3, s4 = case.stands["s3"], case.stands["s4"]
    swapped = case.moved("s3", x=s4.x).moved("s4", x=s3.x)  # now 6 m apart
    report = swapped.check()
    only(report, "C8")
    assert report.violations[0].message == "C8 h1 s1,s4: keep-apart stands 6 m apart < 10 m"


def test_c8_floor_load_and_ceiling() -> None:
    requests = block_requests(s2={"floor_load_kn_m2": 12.0}, s3={"height_m": 9.0})
    report = block_case(requests).check()
    only(report, "C8")
    assert [v.stands for v in report.violations] == [("s2",), ("s3",)]
    assert "floor load 10 kN/m2 < required 12 kN/m2" in report.violations[0].message
    assert "ceiling 8 m < required height 9 m" in report.violations[1].message


def test_c8_requested_hall() -> None:
    from .conftest import block_hall

    other = block_hall().model_copy(update={"id": "h2"})
    requests = block_requests(s2={"hall": "h2"})
    case = block_case(requests, halls=[block_hall(), other])
    report = case.check()
    only(report, "C8")
    assert report.violations[0].message == "C8 h1 s2: requested hall h2"


def test_c8_pavilion_members_within_one_aisle() -> None:
    """CONTRACT.md rule 8: each member within one aisle of another member."""
    pav = {"pavilion": "eu"}
    case = block_case(block_requests(s1=pav, n1=pav))
    assert case.check().valid  # back to back
    far = block_case(block_requests(s1=pav, s3=pav)).check()  # 6 m apart > one 3 m aisle
    only(far, "C8")
    assert {v.stands for v in far.violations} == {("s1",), ("s3",)}
    assert "nearest member 6 m away > 3 m" in far.violations[0].message
    pair = block_case(block_requests(s1=pav, s2=pav))
    across = pair.moved("s1", x=5.0).check()  # 3 m from s2: exactly one aisle
    assert not [v for v in across.violations if v.rule == "C8"], across.to_text()
    beyond = pair.moved("s1", x=4.5).check()  # 3.5 m
    assert [v.stands for v in beyond.violations if v.rule == "C8"] == [("s1",), ("s2",)]


def test_c8_pavilion_split_over_halls() -> None:
    from .conftest import block_hall

    pav = {"pavilion": "eu"}
    requests = block_requests(s1=pav, s2=pav, n2=pav)
    second = block_hall().model_copy(update={"id": "h2"})
    case = block_case(requests, halls=[block_hall(), second])
    case.stands["n2"] = case.stands["n2"].model_copy(update={"hall": "h2", "x": 14.0})
    report = case.check()
    assert any(
        v.rule == "C8" and v.stands == ("n2",) and "split over halls h1, h2" in v.message
        for v in report.violations
    ), report.to_text()


# -- C9 ----------------------------------------------------------------------------------------


def test_c9_missing_request() -> None:
    case = block_case()
    case.unplaced.clear()
    report = case.check()
    only(report, "C9")
    assert report.violations[0].message == (
        "C9 late: request missing: neither placed nor listed as unplaced"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.unplaced.append(("ghost", "?")), "C9 ghost: unplaced entry for an unknown id"),
        (lambda c: c.unplaced.__setitem__(0, ("late", "  ")), "C9 late: unplaced without a reason"),
        (lambda c: c.unplaced.append(("s1", "oops")), "C9 s1: request is both placed and unplaced"),
        (
            lambda c: c.unplaced.append(("late", "again")),
            "C9 late: request listed as unplaced 2 times",
        ),
    ],
)
def test_c9_unplaced_entries(change: object, expected: str) -> None:
    case = block_case()
    change(case)  # type: ignore[operator]
    report = case.check()
    only(report, "C9")
    assert [v.message for v in report.violations] == [expected]


def test_c9_unknown_request_and_hall_and_duplicates() -> None:
    case = block_case()
    stands = [
        *case.stands.values(),
        stand("ghost", 2.0, 18.0, 4.0, 4.0),
        stand("late", 34.0, 2.0, 5.0, 6.0, hall="h9"),
        stand("s1", 2.0, 2.0, 6.0, 4.0),
    ]
    layout = make_layout(stands)
    from floorplan.validate import validate

    report = validate(case.event, layout)
    messages = [v.message for v in report.violations if v.rule == "C9"]
    assert "C9 late: stand is in hall 'h9', which the event does not use (halls: h1)" in messages
    assert "C9 ghost: stand for an unknown request id" in messages
    assert "C9 s1: request placed 2 times" in messages
