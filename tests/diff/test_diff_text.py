"""The e-mail text: summary first, groups by kind, one line per exhibitor with numbers."""

from __future__ import annotations

from floorplan.diff import diff_layouts
from floorplan.model import Layout, Stand


def lines_of(old: Layout, new: Layout) -> list[str]:
    return diff_layouts(old, new).to_text().splitlines()


def line_for(lines: list[str], rid: str) -> str:
    found = [line for line in lines if line.split()[:1] == [rid]]
    assert len(found) == 1, f"{rid} has {len(found)} lines"
    return found[0]


def test_summary_line_comes_first(old: Layout, new: Layout) -> None:
    first = lines_of(old, new)[0]
    assert first == (
        "Changes: 2 moved, 1 moved and resized, 1 resized, 2 added, 2 removed; "
        "1 of 7 stands unchanged (14.3%); 1 still unplaced."
    )


def test_groups_in_order_with_counts(old: Layout, new: Layout) -> None:
    titles = [line for line in lines_of(old, new) if line.endswith(":")]
    assert titles == [
        "Moved (2):",
        "Moved and resized (1):",
        "Resized (1):",
        "Added (2):",
        "Removed (2):",
        "Still unplaced (1):",
        "Unchanged (1):",
    ]


def test_one_line_per_exhibitor(old: Layout, new: Layout) -> None:
    lines = lines_of(old, new)
    assert line_for(lines, "shifted").endswith(
        "stand 1A03 -> stand 1B02, moved 5.0 m within hall-1, 6 x 4 m (24 m2)"
    )
    assert "moved from hall-1 to hall-10" in line_for(lines, "rehalled")
    assert line_for(lines, "grown").endswith(
        "stand 2A01 -> stand 2A01, 6 x 4 m (24 m2) -> 8 x 4 m (32 m2)"
    )
    both = line_for(lines, "both")
    assert "stand 2A03 -> stand 2A09" in both
    assert "moved 29.0 m within hall-2" in both
    assert "6 x 4 m (24 m2) -> 4 x 4 m (16 m2)" in both


def test_added_and_removed_say_where_from_and_to(old: Layout, new: Layout) -> None:
    lines = lines_of(old, new)
    assert line_for(lines, "signed").endswith(
        "gets stand 1A07 in hall-1, 3 x 3 m (9 m2); new in the layout"
    )
    assert line_for(lines, "waiting").endswith("was unplaced: no hall is high enough")
    assert line_for(lines, "cancelled").endswith(
        "gives up stand 2A05 in hall-2, 3 x 3 m (9 m2); no longer in the layout"
    )
    assert line_for(lines, "bumped").endswith("now unplaced: hall-2 is full")
    assert line_for(lines, "stuck").endswith("unplaced: floor load too high")


def test_itself_reports_no_change(old: Layout) -> None:
    lines = lines_of(old, old)
    assert lines[0] == "No change: all 7 stands identical (100.0%); 2 still unplaced."
    assert not any(t in lines for t in ("Moved (", "Added (", "Removed ("))


def test_a_stand_without_number_is_shown_by_position() -> None:
    a = Stand(request_id="a", hall="h", x=1.5, y=2, width=3, depth=3)
    b = a.model_copy(update={"x": 4.5})
    lines = lines_of(Layout(event="e", stands=[a]), Layout(event="e", stands=[b]))
    assert "stand at (1.5, 2) -> stand at (4.5, 2)" in line_for(lines, "a")


def test_different_events_are_named() -> None:
    first = lines_of(Layout(event="Expo 2025"), Layout(event="Expo 2026"))[0]
    assert "'Expo 2025' -> 'Expo 2026'" in first
