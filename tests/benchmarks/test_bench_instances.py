"""The benchmark instances: reproducible, loadable, and shaped as the issue asks."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.instances import INSTANCES_DIR, SPECS, render
from shapely.geometry import Point

from floorplan.hosting import unhostable_reason
from floorplan.io import load_event
from floorplan.model import Event
from floorplan.sizes import grid_sizes

EXPECTED = {
    # name: (halls, requests, demand share of gross)
    "l-hall": (1, 85, 0.45),
    "six-halls": (6, 400, 0.50),
    "sixteen-halls": (16, 1500, 0.50),
    "tight-hall": (1, 130, 0.80),
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def instance(request: pytest.FixtureRequest) -> tuple[str, Event]:
    name = str(request.param)
    return name, load_event(INSTANCES_DIR / name / "event.yaml")


def test_every_instance_is_listed() -> None:
    assert set(SPECS) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_files_are_what_the_generator_writes(name: str) -> None:
    for filename, text in render(name).items():
        committed = (INSTANCES_DIR / name / filename).read_text(encoding="utf-8")
        assert committed == text, f"{name}/{filename} is stale: run python -m benchmarks.instances"


def test_rendering_twice_gives_the_same_files() -> None:
    assert render("six-halls") == render("six-halls")


def test_sizes_and_demand(instance: tuple[str, Event]) -> None:
    name, event = instance
    halls, requests, demand = EXPECTED[name]
    assert len(event.hall_models) == halls
    assert len(event.requests) == requests
    gross = sum(h.gross_area for h in event.hall_models)
    asked = sum(r.area_m2 for r in event.requests)
    assert asked / gross == pytest.approx(demand, abs=0.02)


def test_every_request_can_be_hosted(instance: tuple[str, Event]) -> None:
    _, event = instance
    for req in event.requests:
        assert grid_sizes(req, event.rules), req.id
        assert unhostable_reason(event, req) is None, req.id


def test_mix_has_every_booth_type_and_tier(instance: tuple[str, Event]) -> None:
    _, event = instance
    types = Counter(r.booth_type for r in event.requests)
    assert {"inline", "corner", "peninsula", "island"} <= set(types)
    assert types["inline"] > len(event.requests) / 3
    assert {r.tier for r in event.requests} == {0, 1, 2, 3}
    assert any(r.pavilion for r in event.requests)
    assert any(r.keep_apart for r in event.requests)


def test_doors_are_on_several_walls_away_from_corners(instance: tuple[str, Event]) -> None:
    _, event = instance
    for hall in event.hall_models:
        corners = [Point(p) for p in hall.outline]
        walls = set()
        for ex in hall.exits:
            assert min(c.distance(Point(ex.at)) for c in corners) >= 3.0
            ring = hall.shape.exterior
            walls.add(_edge_index(hall.outline, ex.at))
            assert ring.distance(Point(ex.at)) < 1e-9
        assert len(walls) >= 2
        assert sum(1 for ex in hall.exits if ex.kind == "entrance") == 1


def _edge_index(outline: list[tuple[float, float]], at: tuple[float, float]) -> int:
    for i, p in enumerate(outline):
        q = outline[(i + 1) % len(outline)]
        if math.isclose(math.dist(p, at) + math.dist(at, q), math.dist(p, q)):
            return i
    raise AssertionError(f"{at} is on no edge")


def test_l_hall_has_columns_keep_outs_and_an_l_shape() -> None:
    event = load_event(INSTANCES_DIR / "l-hall" / "event.yaml")
    (hall,) = event.hall_models
    assert len(hall.outline) == 6
    assert hall.gross_area == pytest.approx(100 * 70 - 40 * 30)
    assert len(hall.columns) >= 6
    reasons = {k.reason for k in hall.keep_out}
    assert reasons == {"fire hose reel", "service riser"}
    pavilions = Counter(r.pavilion for r in event.requests if r.pavilion)
    assert list(pavilions.values()) == [6]
    assert sum(len(r.keep_apart) for r in event.requests) == 2


def test_six_halls_has_one_weak_floor_and_hall_requirements() -> None:
    event = load_event(INSTANCES_DIR / "six-halls" / "event.yaml")
    loads = sorted(h.floor_load_kn_m2 or 0 for h in event.hall_models)
    assert loads[0] < loads[1] == loads[-1]
    assert sum(1 for r in event.requests if r.hall) >= 3
    assert sum(1 for r in event.requests if r.floor_load_kn_m2) >= 3
    islands = [r.area_m2 for r in event.requests if r.booth_type == "island"]
    assert min(islands) >= 500 and max(islands) <= 1500


def test_main_writes_the_files(tmp_path: Path) -> None:
    from benchmarks.instances import main

    main(["--out", str(tmp_path), "tight-hall"])
    assert sorted(p.name for p in (tmp_path / "tight-hall").iterdir()) == [
        "event.yaml",
        "exhibitors.csv",
        "venue.yaml",
    ]
    load_event(tmp_path / "tight-hall" / "event.yaml")
