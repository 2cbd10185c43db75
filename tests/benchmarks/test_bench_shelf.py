"""The greedy shelf packer: a real layout, valid by construction, largest first."""

from __future__ import annotations

import itertools

import pytest
from benchmarks.instances import INSTANCES_DIR
from benchmarks.shelf import shelf_layout, stand_sizes

from floorplan.io import load_event
from floorplan.model import Event, Layout, Request, Rules
from floorplan.validate import validate


@pytest.fixture(scope="module", params=["tight-hall", "two-halls-fine"])
def packed(request: pytest.FixtureRequest) -> tuple[Event, Layout]:
    event = load_event(INSTANCES_DIR / str(request.param) / "event.yaml")
    return event, shelf_layout(event)


def _req(area: float, **extra: object) -> Request:
    return Request.model_validate({"id": "r", "name": "R", "area_m2": area, **extra})


def test_every_request_is_placed_or_has_a_reason(packed: tuple[Event, Layout]) -> None:
    event, layout = packed
    ids = [s.request_id for s in layout.stands] + [u.request_id for u in layout.unplaced]
    assert sorted(ids) == sorted(r.id for r in event.requests)
    assert all(u.reason.strip() for u in layout.unplaced)
    assert layout.metrics["placed"] == len(layout.stands)


def test_the_layout_breaks_no_rule_the_packer_knows(packed: tuple[Event, Layout]) -> None:
    # Pavilions are the one rule it does not look after (members on two shelves).
    event, layout = packed
    report = validate(event, layout)
    assert {v.rule for v in report.violations} <= {"C8"}, report.to_text()
    assert all("pavilion" in v.message for v in report.violations)


def test_stands_do_not_collide_and_keep_an_aisle_between_runs(
    packed: tuple[Event, Layout],
) -> None:
    event, layout = packed
    aisle = event.rules.aisle_width_m
    for a, b in itertools.combinations(layout.stands, 2):
        if a.hall != b.hall:
            continue
        gap = a.rect.distance(b.rect)
        assert a.rect.intersection(b.rect).area < 1e-9
        # Stands touch (one run of a shelf) or stand an aisle apart.
        assert gap < 1e-9 or gap >= aisle - 1e-9, (a.request_id, b.request_id, gap)


def test_largest_first_fills_the_tight_hall_with_large_stands() -> None:
    event = load_event(INSTANCES_DIR / "tight-hall" / "event.yaml")
    layout = shelf_layout(event)
    placed = {s.request_id for s in layout.stands}
    largest = max(event.requests, key=lambda r: r.area_m2)
    assert largest.id in placed
    assert layout.unplaced, "80% of gross cannot all fit"
    again = shelf_layout(event)
    assert (again.stands, again.unplaced) == (layout.stands, layout.unplaced)


@pytest.mark.parametrize("grid", [0.5, 0.1])
@pytest.mark.parametrize("area", [9.0, 23.0, 36.0, 250.0])
def test_stand_sizes_keep_the_rules(area: float, grid: float) -> None:
    rules = Rules(grid_m=grid)
    sizes = stand_sizes(_req(area), rules)
    assert sizes
    for w, d in sizes:
        wm, dm = w * grid, d * grid
        assert area * 0.9 - 1e-6 <= wm * dm <= area * 1.1 + 1e-6
        assert min(wm, dm) >= 3.0 - 1e-9
        assert max(wm, dm) <= 3 * min(wm, dm) + 1e-9
    depths = [d for _, d in sizes]
    assert len(set(depths)) == len(depths), "one width per depth"
    w, d = sizes[0]
    assert max(w, d) / min(w, d) == min(max(s) / min(s) for s in sizes), "most compact first"


def test_stand_sizes_of_an_exact_request_are_its_two_orientations() -> None:
    assert stand_sizes(_req(24.0, width_m=6.0, depth_m=4.0), Rules()) == [(12, 8), (8, 12)]
    assert stand_sizes(_req(16.0, width_m=4.0, depth_m=4.0), Rules()) == [(8, 8)]
    assert stand_sizes(_req(24.0, width_m=6.25, depth_m=3.84), Rules()) == []
