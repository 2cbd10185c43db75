"""The benchmark instances: reproducible, loadable, and shaped as the issue asks."""

from __future__ import annotations

import itertools
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
    "organiser-hall": (1, 360, 0.37),
    "organiser-hall-plus": (1, 432, 0.444),
    "organiser-columns": (1, 360, 0.37),
    "two-halls-fine": (2, 180, 0.55),
}
ORGANISER = ("organiser-hall", "organiser-hall-plus", "organiser-columns")


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
    name, event = instance
    types = Counter(r.booth_type for r in event.requests)
    assert {"inline", "corner", "peninsula", "island"} <= set(types)
    if name not in ORGANISER:
        assert types["inline"] > len(event.requests) / 3
        assert any(r.pavilion for r in event.requests)
    assert {r.tier for r in event.requests} == {0, 1, 2, 3}
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


@pytest.mark.parametrize("name", ORGANISER)
def test_organiser_hall_is_shaped_like_the_real_plan(name: str) -> None:
    event = load_event(INSTANCES_DIR / name / "event.yaml")
    (hall,) = event.hall_models
    assert hall.gross_area == pytest.approx(210 * 230)
    areas = sorted(r.area_m2 for r in event.requests)
    n = len(areas)
    assert areas[0] >= 9 and areas[-1] <= 260
    assert areas[n // 2] == pytest.approx(36, abs=2)
    assert sum(a < 15 for a in areas) / n == pytest.approx(0.13, abs=0.015)
    assert sum(a < 60 for a in areas) / n == pytest.approx(0.70, abs=0.02)
    assert sum(a > 150 for a in areas) / n == pytest.approx(0.04, abs=0.01)
    types = Counter(r.booth_type for r in event.requests)
    assert types["peninsula"] / n == pytest.approx(0.40, abs=0.005)
    assert types["island"] / n == pytest.approx(0.30, abs=0.005)
    assert types["corner"] / n == pytest.approx(0.28, abs=0.005)
    assert (event.rules.aisle_width_m, event.rules.grid_m) == (2.0, 0.1)
    assert len(hall.keep_out) == 12
    assert [ex.kind for ex in hall.exits].count("entrance") == 1
    # A door about every 40 m of wall.
    assert len(hall.exits) == pytest.approx(2 * (210 + 230) / 40, abs=2)


def test_the_plus_variant_is_the_same_hall_with_a_fifth_more_demand() -> None:
    base, plus = (load_event(INSTANCES_DIR / n / "event.yaml") for n in ORGANISER[:2])
    assert plus.venue == base.venue
    asked = [sum(r.area_m2 for r in e.requests) for e in (base, plus)]
    assert asked[1] / asked[0] == pytest.approx(1.2, abs=0.01)


def test_the_column_variant_is_the_organisers_hall_with_a_column_every_18_m() -> None:
    base, columns = (load_event(INSTANCES_DIR / n / "event.yaml") for n in ORGANISER[::2])
    (hall,), (bare,) = columns.hall_models, base.hall_models
    assert hall.outline == bare.outline and len(hall.keep_out) == len(bare.keep_out)
    assert not bare.columns
    xs = sorted({c.bounds[0] for c in hall.column_shapes})
    assert len(hall.columns) >= 100 and {b - a for a, b in itertools.pairwise(xs)} == {18.0}


def test_two_halls_fine_has_a_non_rectangular_hall_and_fine_rules() -> None:
    event = load_event(INSTANCES_DIR / "two-halls-fine" / "event.yaml")
    shapes = [h.shape for h in event.hall_models]
    assert len(shapes) == 2
    assert any(abs(s.area - s.envelope.area) > 1 for s in shapes)
    assert shapes[0].area != pytest.approx(shapes[1].area)
    rules = event.rules
    assert (rules.grid_m, rules.aisle_width_m, rules.max_row_m) == (0.1, 2.5, 24.0)


def test_main_writes_the_files(tmp_path: Path) -> None:
    from benchmarks.instances import main

    main(["--out", str(tmp_path), "tight-hall"])
    assert sorted(p.name for p in (tmp_path / "tight-hall").iterdir()) == [
        "event.yaml",
        "exhibitors.csv",
        "venue.yaml",
    ]
    load_event(tmp_path / "tight-hall" / "event.yaml")
