"""diff_layouts: every exhibitor lands in exactly one kind, with the right numbers."""

from __future__ import annotations

import json

import pytest

from floorplan.diff import ChangeKind, DiffError, LayoutDiff, StandChange, diff_layouts
from floorplan.diff.changes import natural_key
from floorplan.model import Layout, Stand, Unplaced


def by_id(diff: LayoutDiff) -> dict[str, StandChange]:
    return {c.request_id: c for c in diff.changes}


def test_every_kind_is_found(old: Layout, new: Layout) -> None:
    kinds = {rid: c.kind for rid, c in by_id(diff_layouts(old, new)).items()}
    assert kinds == {
        "same": ChangeKind.unchanged,
        "shifted": ChangeKind.moved,
        "rehalled": ChangeKind.moved,
        "grown": ChangeKind.resized,
        "both": ChangeKind.moved_resized,
        "signed": ChangeKind.added,
        "waiting": ChangeKind.added,
        "cancelled": ChangeKind.removed,
        "bumped": ChangeKind.removed,
        "stuck": ChangeKind.unplaced,
    }


def test_counts_and_identical_share(old: Layout, new: Layout) -> None:
    d = diff_layouts(old, new)
    assert d.counts == {
        ChangeKind.unchanged: 1,
        ChangeKind.moved: 2,
        ChangeKind.resized: 1,
        ChangeKind.moved_resized: 1,
        ChangeKind.added: 2,
        ChangeKind.removed: 2,
        ChangeKind.unplaced: 1,
    }
    assert (d.old_stands, d.new_stands) == (7, 7)
    assert d.identical_share == pytest.approx(1 / 7)
    assert d.changed


def test_distance_is_between_centres_within_a_hall(old: Layout, new: Layout) -> None:
    changes = by_id(diff_layouts(old, new))
    assert changes["shifted"].distance_m == pytest.approx(5.0)  # (3, 4) triangle
    assert not changes["shifted"].hall_changed
    # 6 x 4 at x=10 -> 4 x 4 at x=40: centres 13 -> 42
    assert changes["both"].distance_m == pytest.approx(29.0)
    assert changes["grown"].distance_m == pytest.approx(1.0)


def test_a_hall_change_has_no_distance(old: Layout, new: Layout) -> None:
    change = by_id(diff_layouts(old, new))["rehalled"]
    assert change.hall_changed
    assert change.distance_m is None
    assert change.old is not None and change.new is not None
    assert (change.old.hall, change.new.hall) == ("hall-1", "hall-10")


def test_areas(old: Layout, new: Layout) -> None:
    changes = by_id(diff_layouts(old, new))
    assert (changes["grown"].old_area_m2, changes["grown"].new_area_m2) == (24.0, 32.0)
    assert (changes["both"].old_area_m2, changes["both"].new_area_m2) == (24.0, 16.0)
    assert (changes["signed"].old_area_m2, changes["signed"].new_area_m2) == (None, 9.0)
    assert (changes["cancelled"].old_area_m2, changes["cancelled"].new_area_m2) == (9.0, None)


def test_removed_says_whether_unplaced_or_absent(old: Layout, new: Layout) -> None:
    changes = by_id(diff_layouts(old, new))
    assert changes["bumped"].new_unplaced_reason == "hall-2 is full"
    assert changes["cancelled"].new_unplaced_reason is None
    assert changes["waiting"].old_unplaced_reason == "no hall is high enough"
    assert changes["signed"].old_unplaced_reason is None


def test_a_layout_against_itself_has_no_change(old: Layout) -> None:
    d = diff_layouts(old, old)
    assert not d.changed
    assert d.identical_share == 1.0
    assert {c.kind for c in d.changes} == {ChangeKind.unchanged, ChangeKind.unplaced}
    assert d.counts[ChangeKind.unchanged] == len(old.stands)


def test_float_noise_is_not_a_move() -> None:
    a = Stand(request_id="a", hall="h", x=1.5, y=2.0, width=3.0, depth=3.0)
    b = a.model_copy(update={"x": 1.5 + 1e-9, "width": 3.0 - 1e-9})
    d = diff_layouts(Layout(event="e", stands=[a]), Layout(event="e", stands=[b]))
    assert d.changes[0].kind is ChangeKind.unchanged


def test_turning_a_stand_in_place_is_a_resize_of_equal_area() -> None:
    a = Stand(request_id="a", hall="h", x=0, y=0, width=6.0, depth=3.0)
    b = a.model_copy(update={"width": 3.0, "depth": 6.0})
    change = diff_layouts(Layout(event="e", stands=[a]), Layout(event="e", stands=[b])).changes[0]
    assert change.kind is ChangeKind.resized
    assert change.old_area_m2 == change.new_area_m2 == 18.0


def test_number_change_alone_is_not_a_change() -> None:
    """Numbers are derived labels; the exhibitor's floor space is what counts."""
    a = Stand(request_id="a", hall="h", x=0, y=0, width=3.0, depth=3.0, number="1A01")
    b = a.model_copy(update={"number": "1A03"})
    d = diff_layouts(Layout(event="e", stands=[a]), Layout(event="e", stands=[b]))
    assert d.changes[0].kind is ChangeKind.unchanged


def test_changes_sorted_by_kind_then_hall_then_number(old: Layout, new: Layout) -> None:
    ids = [c.request_id for c in diff_layouts(old, new).changes]
    # moved: hall-1 before hall-10 (natural order), then moved+resized, resized,
    # added (hall-1 1A07 before hall-2), removed (2A05 before 2A07), unplaced, unchanged
    assert ids == [
        "shifted",
        "rehalled",
        "both",
        "grown",
        "signed",
        "waiting",
        "cancelled",
        "bumped",
        "stuck",
        "same",
    ]


def test_natural_key_orders_numbers_as_numbers() -> None:
    assert sorted(["hall-10", "hall-9", "hall-1"], key=natural_key) == [
        "hall-1",
        "hall-9",
        "hall-10",
    ]
    assert sorted(["5A10", "5B01", "5A9"], key=natural_key) == ["5A9", "5A10", "5B01"]


def test_json_object_shape(old: Layout, new: Layout) -> None:
    data = json.loads(json.dumps(diff_layouts(old, new).to_json()))
    assert data["format"] == "floorplan-diff/1"
    assert data["summary"]["moved"] == 2
    assert data["summary"]["moved_resized"] == 1
    assert data["summary"]["identical_share"] == pytest.approx(0.1429)
    assert data["summary"]["old_stands"] == 7
    changes = {c["request_id"]: c for c in data["changes"]}
    assert changes["shifted"]["distance_m"] == 5.0
    assert changes["shifted"]["old"]["number"] == "1A03"
    assert changes["shifted"]["new"]["number"] == "1B02"
    assert changes["rehalled"]["distance_m"] is None
    assert changes["rehalled"]["hall_changed"] is True
    assert changes["signed"]["old"] is None
    assert changes["bumped"]["new"] is None
    assert changes["bumped"]["new_unplaced_reason"] == "hall-2 is full"
    assert set(changes["same"]) >= {
        "request_id",
        "kind",
        "old",
        "new",
        "distance_m",
        "old_area_m2",
        "new_area_m2",
    }


def test_empty_old_layout_has_no_share() -> None:
    d = diff_layouts(Layout(event="e"), Layout(event="e"))
    assert d.identical_share is None
    assert d.to_json()["summary"]["identical_share"] is None
    assert not d.changed


@pytest.mark.parametrize(
    ("layout", "words"),
    [
        (
            Layout(
                event="e",
                stands=[
                    Stand(request_id="a", hall="h", x=0, y=0, width=3, depth=3),
                    Stand(request_id="a", hall="h", x=9, y=0, width=3, depth=3),
                ],
            ),
            "two stands",
        ),
        (
            Layout(
                event="e",
                stands=[Stand(request_id="a", hall="h", x=0, y=0, width=3, depth=3)],
                unplaced=[Unplaced(request_id="a", reason="r")],
            ),
            "both a stand and unplaced",
        ),
    ],
)
def test_ambiguous_layout_is_refused(layout: Layout, words: str) -> None:
    with pytest.raises(DiffError, match=words) as info:
        diff_layouts(Layout(event="e"), layout)
    assert info.value.side == "new"


L_SHAPE = [(0.0, 0.0), (6.0, 0.0), (6.0, 3.0), (3.0, 3.0), (3.0, 6.0), (0.0, 6.0)]


def _poly(rid: str, points: list[tuple[float, float]], number: str = "5A01") -> Stand:
    return Stand(request_id=rid, hall="h1", polygon=points, number=number)


def test_polygon_stands_are_compared_by_shape() -> None:
    shifted = [(x + 3.0, y) for x, y in L_SHAPE]
    mirrored = [(6.0 - x, y) for x, y in L_SHAPE]  # same box, other notch
    as_box = [(0.0, 0.0), (6.0, 0.0), (6.0, 6.0), (0.0, 6.0)]
    old = Layout(
        event="e",
        stands=[
            _poly("same", L_SHAPE),
            _poly("moved", L_SHAPE),
            _poly("redrawn", L_SHAPE),
            Stand(request_id="boxed", hall="h1", x=0, y=0, width=6, depth=6),
        ],
    )
    new = Layout(
        event="e",
        stands=[
            _poly("same", L_SHAPE),
            _poly("moved", shifted),
            _poly("redrawn", mirrored),
            _poly("boxed", as_box),
        ],
    )
    kinds = {c.request_id: c.kind for c in diff_layouts(old, new).changes}
    assert kinds == {
        "same": ChangeKind.unchanged,
        "moved": ChangeKind.moved,
        "redrawn": ChangeKind.resized,
        "boxed": ChangeKind.unchanged,
    }
    change = next(c for c in diff_layouts(old, new).changes if c.request_id == "redrawn")
    assert change.to_json()["new"]["polygon"] == [list(p) for p in mirrored]
