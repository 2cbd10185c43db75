"""Whole-validator properties: valid layouts stay valid, every injected fault is caught."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floorplan.model import Event, Layout, Stand
from floorplan.validate import validate, walkable_space

from .conftest import (
    Case,
    block_case,
    block_requests,
    corner_case,
    island_case,
    make_event,
    make_hall,
    make_layout,
    req,
    row_case,
    rules_of,
    slot_case,
    stand,
)


def _keep_apart(swap: bool) -> Case:
    case = block_case(block_requests(s1={"keep_apart": ("s4",)}))
    if not swap:
        return case
    s3, s4 = case.stands["s3"], case.stands["s4"]
    return case.moved("s3", x=s4.x).moved("s4", x=s3.x)


def _missing(drop: bool) -> Case:
    case = block_case()
    if drop:
        case.unplaced.clear()
    return case


def _cross_aisle() -> Case:
    """The block split by a 3 m cross aisle into two of 12 m: fine with rows of 20 m."""
    case = block_case(max_row_m=20)
    for rid in ("s3", "s4", "n3", "n4"):
        case = case.moved(rid, x=case.stands[rid].x + 3.0)
    return case


RULE_CASES: dict[str, tuple[Callable[[], Case], Callable[[], Case]]] = {
    # rule: (the layout breaking only that rule, the same layout repaired)
    "C1": (lambda: block_case().moved("s2", width=5.75), block_case),
    "C2": (lambda: block_case().moved("s2", x=14.5), block_case),
    "C3": (lambda: block_case().moved("s2", width=4.5), block_case),
    "C4": (lambda: corner_case(4.0), lambda: corner_case(7.0)),
    "C4 (2.9 m gap)": (
        lambda: slot_case((0.0, 18.0, 4.5, 5.0), (7.4, 18.0, 4.6, 5.0)),
        lambda: slot_case((0.0, 18.0, 4.5, 5.0), (7.5, 18.0, 4.5, 5.0)),
    ),
    "C5": (lambda: island_case(16.0), lambda: island_case(13.0)),
    "C6": (lambda: block_case().moved("s1", x=2.0), block_case),
    "C7": (lambda: row_case(6.0), lambda: row_case(52.0)),
    "C8": (lambda: _keep_apart(True), lambda: _keep_apart(False)),
    "C9": (lambda: _missing(True), lambda: _missing(False)),
    "C10": (lambda: block_case(max_row_m=20), _cross_aisle),
}


@pytest.mark.parametrize("rule", list(RULE_CASES))
def test_each_rule_broken_alone_then_repaired(rule: str) -> None:
    broken, repaired = RULE_CASES[rule]
    report = broken().check()
    assert rules_of(report) == {rule.split()[0]}, report.to_text()
    fixed = repaired().check()
    assert fixed.valid, fixed.to_text()


@dataclass
class Show:
    """A generated valid layout and the facts the faults need."""

    event: Event
    stands: list[Stand]
    width: float
    depth: float
    aisle: float
    perimeter: float
    block_rows: int
    row_depth: float


@st.composite
def shows(draw: st.DrawFn) -> Show:
    """Blocks of two back-to-back rows between aisles: valid by construction."""
    perim = draw(st.sampled_from([4.0, 5.0]))
    aisle = draw(st.sampled_from([3.0, 3.5, 4.0]))
    nbx = draw(st.integers(1, 2))
    nby = draw(st.integers(1, 2))
    row_depth = draw(st.sampled_from([3.0, 4.0, 5.0]))
    widths = draw(st.lists(st.sampled_from([3.0, 4.0, 5.0, 6.0]), min_size=3, max_size=4))
    length = sum(widths)
    width = 2 * perim + nbx * length + (nbx - 1) * aisle
    depth = 2 * perim + nby * 2 * row_depth + (nby - 1) * aisle
    hall = make_hall(
        width=width,
        depth=depth,
        exits=[
            ("S", (width / 2, 0.0), 3.0, "entrance"),
            ("N", (width / 2, depth), 2.4, "exit"),
            ("W", (0.0, depth / 2), 2.4, "exit"),
            ("E", (width, depth / 2), 2.4, "exit"),
        ],
        columns=[(0.5, 0.5, 1.0, 1.0)],
    )
    stands: list[Stand] = []
    requests = []
    for by in range(nby):
        for bx in range(nbx):
            for row in range(2):
                x = perim + bx * (length + aisle)
                y = perim + by * (2 * row_depth + aisle) + row * row_depth
                for i, w in enumerate(widths):
                    rid = f"b{by}{bx}r{row}s{i}"
                    kind = "corner" if i in (0, len(widths) - 1) else "inline"
                    stands.append(stand(rid, x, y, w, row_depth))
                    requests.append(req(rid, w * row_depth, booth_type=kind, tier=i))
                    x += w
    event = make_event([hall], requests)
    return Show(event, stands, width, depth, aisle, perim, nby, row_depth)


FAULTS = ("neighbour", "column", "exit", "outside", "aisle", "area", "drop")
EXPECTED = {
    "neighbour": "C2",
    "column": "C2",
    "exit": "C6",
    "outside": "C1",
    "aisle": "C4",
    "area": "C3",
    "drop": "C9",
}


def inject(show: Show, fault: str, k: int) -> Layout:
    stands = list(show.stands)
    s = stands[k % len(stands)]
    if fault == "neighbour":
        # shift a stand 1 m into its right-hand neighbour in the row
        left = [
            i
            for i, a in enumerate(stands)
            if any(b.y == a.y and b.x == a.x + a.width for b in stands)
        ]
        i = left[k % len(left)]
        stands[i] = stands[i].model_copy(update={"x": stands[i].x + 1.0})
    elif fault == "column":
        stands[k % len(stands)] = s.model_copy(update={"x": 0.0, "y": 0.0})
    elif fault == "exit":
        x = show.width / 2 - s.width / 2
        stands[k % len(stands)] = s.model_copy(update={"x": x, "y": 1.0})
    elif fault == "outside":
        stands[k % len(stands)] = s.model_copy(update={"x": -1.0})
    elif fault == "aisle":
        # narrow an aisle to 2.5 m: the one between block rows, else the south perimeter
        if show.block_rows == 2:
            cut = show.perimeter + 2 * show.row_depth
            shift = show.aisle - 2.5
            stands = [t.model_copy(update={"y": t.y - shift}) if t.y > cut else t for t in stands]
        else:
            shift = show.perimeter - 2.5
            stands = [t.model_copy(update={"y": t.y - shift}) for t in stands]
    elif fault == "area":
        stands[k % len(stands)] = s.model_copy(update={"width": s.width * 0.8})
    elif fault == "drop":
        del stands[k % len(stands)]
    return make_layout(stands)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(show=shows(), fault=st.sampled_from(FAULTS), k=st.integers(0, 1000))
def test_every_fault_is_flagged(show: Show, fault: str, k: int) -> None:
    base = validate(show.event, make_layout(show.stands))
    assert base.valid, base.to_text()
    report = validate(show.event, inject(show, fault, k))
    assert EXPECTED[fault] in rules_of(report), (fault, report.to_text())


def test_validate_never_raises_on_strange_layouts() -> None:
    case = block_case()
    strange = make_layout(
        [
            stand("s1", 1e5, -1e5, 6.0, 4.0),  # far outside the hall
            stand("s2", 0.0, 0.0, 40.0, 24.0),  # covers the whole hall
            stand("s3", 0.0, 0.0, 40.0, 24.0),
            stand("nobody", 5.0, 5.0, 0.001, 1000.0, hall="elsewhere"),
        ]
    )
    report = validate(case.event, strange)
    assert not report.valid
    assert {"C1", "C2", "C9"} <= rules_of(report)
    empty = validate(case.event, make_layout([]))
    assert rules_of(empty) == {"C9"}
    assert empty.metrics["placed"] == 0 and empty.metrics["longest_travel_m"] is None


def test_walkable_space_for_the_renderer() -> None:
    case = block_case()
    space = walkable_space(case.event, case.layout(), "h1")
    # 40 x 24 hall minus the 24 x 8 block, the column's and hose reel's surroundings and
    # the rounded corners: most of the 768 m2 of aisles.
    assert 700 < space.area < 768
    assert space.disjoint(case.stands["s2"].rect.buffer(-0.01))


def test_workers_give_the_same_report() -> None:
    event = make_event(
        [
            make_hall("a", exits=[("E", (20.0, 0.0), 4.0, "exit")]),
            make_hall("b", exits=[("E", (20.0, 0.0), 4.0, "exit")]),
        ],
        [req("x", 24.0), req("y", 24.0)],
    )
    layout = make_layout([stand("x", 8, 8, 6, 4, hall="a"), stand("y", 8, 8, 6, 4, hall="b")])
    one = validate(event, layout)
    two = validate(event, layout, workers=2)
    assert one.to_json() == two.to_json()


def test_halls_limits_the_report_to_those_halls_and_event_wide_findings() -> None:
    from pathlib import Path

    from floorplan.io import load_event, load_layout

    root = Path(__file__).parents[2]
    event = load_event(root / "examples/hk-auto-expo/event.yaml")
    layout = load_layout(root / "docs/hk-auto-expo/layout.json")
    # One fault per hall in two halls: a stand moved onto its neighbour.
    stands = list(layout.stands)
    for hall in ("hall-5", "hall-6"):
        i, j = [k for k, s in enumerate(stands) if s.hall == hall][:2]
        stands[i] = stands[i].model_copy(update={"x": stands[j].x, "y": stands[j].y})
    broken = layout.model_copy(update={"stands": stands})
    full = validate(event, broken)
    only = validate(event, broken, halls={"hall-5"})
    assert {v.hall for v in full.violations} >= {"hall-5", "hall-6"}
    assert [v.message for v in only.violations] == [
        v.message for v in full.violations if v.hall in ("hall-5", None)
    ]
