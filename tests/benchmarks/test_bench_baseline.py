"""The module-grid baseline: a real layout, on a 3 m grid, in tier order."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
import shapely
from benchmarks.baseline import (
    Shape,
    _segments,
    baseline_layout,
    hall_grid,
    shapes_for,
    spots,
)
from benchmarks.instances import INSTANCES_DIR

from floorplan.io import load_event
from floorplan.model import Event, Hall, Layout, Request, Rules

SIMPLE = Path(__file__).parents[1] / "data" / "simple" / "event.yaml"


@pytest.fixture(scope="module")
def l_hall() -> tuple[Event, Layout]:
    event = load_event(INSTANCES_DIR / "l-hall" / "event.yaml")
    return event, baseline_layout(event)


def _req(area: float, **extra: object) -> Request:
    return Request.model_validate({"id": "r", "name": "R", "area_m2": area, **extra})


def test_every_request_is_placed_or_has_a_reason(l_hall: tuple[Event, Layout]) -> None:
    event, layout = l_hall
    ids = [s.request_id for s in layout.stands] + [u.request_id for u in layout.unplaced]
    assert sorted(ids) == sorted(r.id for r in event.requests)
    assert all(u.reason.strip() for u in layout.unplaced)
    assert layout.metrics["placed"] == len(layout.stands)


def test_stands_are_module_runs_that_do_not_collide(l_hall: tuple[Event, Layout]) -> None:
    event, layout = l_hall
    (hall,) = event.hall_models
    inner = hall.shape.buffer(-event.rules.aisle_width_m + 1e-6, join_style="mitre")
    doors = [ex.door(hall.shape) for ex in hall.exits]
    for s in layout.stands:
        assert s.width % 3 == 0 and s.depth % 3 == 0
        assert max(s.width, s.depth) <= 3 * min(s.width, s.depth)
        assert inner.covers(s.rect)
        assert all(shapely.intersection(s.rect, o).area == 0 for o in hall.obstacles)
        assert all(d.distance(s.rect) >= event.rules.exit_clearance_m - 1e-9 for d in doors)
    for a, b in itertools.combinations(layout.stands, 2):
        assert a.rect.intersection(b.rect).area == 0, (a.request_id, b.request_id)


def test_high_tiers_get_the_spots_nearest_the_entrance(l_hall: tuple[Event, Layout]) -> None:
    event, layout = l_hall
    (hall,) = event.hall_models
    (entrance,) = [ex.at for ex in hall.exits if ex.kind == "entrance"]

    def mean_distance(tiers: set[int]) -> float:
        d = [
            math.dist(s.rect.centroid.coords[0], entrance)
            for s in layout.stands
            if event.request_by_id[s.request_id].tier in tiers
        ]
        return sum(d) / len(d)

    assert mean_distance({2, 3}) < mean_distance({0})


def test_pavilion_together_and_rivals_apart(l_hall: tuple[Event, Layout]) -> None:
    event, layout = l_hall
    placed = {s.request_id: s for s in layout.stands}
    pavilion = [placed[r.id] for r in event.requests if r.pavilion and r.id in placed]
    assert len(pavilion) >= 2
    for s in pavilion:
        others = [o for o in pavilion if o is not s]
        assert min(s.rect.distance(o.rect) for o in others) <= event.rules.aisle_width_m
    for req in event.requests:
        for other in req.keep_apart:
            if req.id in placed and other in placed:
                gap = placed[req.id].rect.distance(placed[other].rect)
                assert gap >= event.rules.keep_apart_m


def test_large_and_odd_requests_are_unplaced_with_the_grid_as_reason() -> None:
    rules = Rules()
    assert shapes_for(_req(27), rules) == ([Shape(1, 3)], None)
    shapes, why = shapes_for(_req(600, booth_type="island"), rules)
    assert shapes == [] and why is not None and "108" in why
    shapes, why = shapes_for(_req(12, width_m=4, depth_m=3), rules)
    assert shapes == [] and why is not None and "4 x 3" in why
    # One module off: rounded to the nearest runs, and the validator counts the area.
    shapes, why = shapes_for(_req(45), rules)
    assert why is None and {s.area for s in shapes} == {36.0, 54.0}


def test_shapes_within_tolerance_respect_the_aspect_limit() -> None:
    rules = Rules()
    shapes, why = shapes_for(_req(108), rules)
    assert why is None and shapes == [Shape(2, 6)]
    assert all(max(s.rows, s.k) <= 3 * min(s.rows, s.k) for s in shapes)


def test_rows_are_cut_by_cross_aisles_every_30_m() -> None:
    assert _segments(74, 3) == [8, 7, 7]
    assert all(n * 3 <= 30 for n in _segments(119, 3))
    assert _segments(2, 3) == []


def test_corner_spots_are_at_block_ends_only() -> None:
    event = load_event(SIMPLE)
    grid = hall_grid(event.hall_models[0], event.rules, 0)
    corners = spots(grid, Shape(1, 1), 2)
    assert corners
    for spot in corners:
        b = spot.block
        assert spot.c == 0 or spot.c == b.n - 1 or b.end_open(spot.c - 1) or b.end_open(spot.c + 1)
    assert len(spots(grid, Shape(1, 1), 1)) > len(corners)
    assert spots(grid, Shape(1, 1), 4) == []


def test_same_event_same_layout() -> None:
    event = load_event(SIMPLE)
    a, b = baseline_layout(event), baseline_layout(event)
    assert a.stands == b.stands and a.unplaced == b.unplaced


def _hall(**extra: object) -> Hall:
    return Hall.model_validate(
        {
            "id": "h",
            "outline": [[0, 0], [40, 0], [40, 21], [0, 21]],
            "exits": [{"id": "E1", "at": [20, 21], "width": 3, "kind": "entrance"}],
            **extra,
        }
    )


def test_grid_geometry_of_a_small_hall() -> None:
    grid = hall_grid(_hall(), Rules(), 0)
    assert [(b.u0, b.v0, b.n) for b in grid.blocks] == [
        (3.5, 3.0, 5),
        (21.5, 3.0, 5),
        (3.5, 12.0, 5),
        (21.5, 12.0, 5),
    ]
    assert all(b.end_open(-1) and b.end_open(b.n) for b in grid.blocks)
    assert grid.modules == 40


def test_a_column_in_a_cross_aisle_closes_the_block_ends_beside_it() -> None:
    grid = hall_grid(_hall(columns=[[19.5, 5, 1, 1]]), Rules(), 0)
    first, second, third, _ = grid.blocks
    assert not first.end_open(first.n) and first.end_open(-1)
    assert not second.end_open(-1) and second.end_open(second.n)
    assert third.end_open(third.n)


def test_modules_facing_a_hose_reel_are_dropped() -> None:
    reel = {"polygon": [[7, 0], [8.5, 0], [8.5, 1], [7, 1]], "reason": "fire hose reel"}
    grid = hall_grid(_hall(keep_out=[reel]), Rules(), 0)
    front = grid.blocks[0].usable[0]
    assert front[:3] == [False, False, False] and all(front[3:])
    assert all(grid.blocks[0].usable[1])
