"""Export: read the written DXF back with ezdxf, and import it again."""

from __future__ import annotations

import importlib
import sys
import types
from functools import reduce
from pathlib import Path
from typing import Any

import ezdxf
import pytest
from shapely import Point, Polygon, box

from floorplan.cad import (
    HALL_GAP_M,
    export_dxf,
    export_venue_dxf,
    hall_offsets,
    read_dxf_venue,
)
from floorplan.cad.dxf_export import hall_label
from floorplan.io import load_event, load_venue
from floorplan.model import Event, Hall, Layout, Stand, Venue

DATA = Path(__file__).parents[1] / "data"
SIMPLE_EVENT = DATA / "simple" / "event.yaml"
ASIAWORLD = Path(__file__).parents[2] / "data" / "halls" / "asiaworld-expo.yaml"


@pytest.fixture
def event() -> Event:
    return load_event(SIMPLE_EVENT, warn=lambda _: None)


@pytest.fixture
def layout(event: Event) -> Layout:
    stands = [
        Stand(request_id="big", hall="h1", x=4, y=6, width=12, depth=10, number="1A01"),
        Stand(request_id="b1", hall="h1", x=24, y=6, width=6, depth=3, number="1A02"),
        Stand(request_id="b2", hall="h1", x=24, y=9, width=6, depth=3, number="1A03"),
        Stand(request_id="s1", hall="h2", x=10, y=8, width=4, depth=3, number="2A01"),
    ]
    return Layout(event=event.name, stands=stands)


def closed_polylines(doc: Any, layer: str) -> list[Polygon]:
    found = doc.modelspace().query(f'LWPOLYLINE[layer=="{layer}"]')
    assert all(p.closed for p in found)
    return [Polygon([(x, y) for x, y, *_ in p.get_points()]) for p in found]


def texts(doc: Any, layer: str) -> list[tuple[str, Point]]:
    found = doc.modelspace().query(f'TEXT[layer=="{layer}"]')
    return [(t.dxf.text, Point(t.get_placement()[1].vec2)) for t in found]


def test_layout_drawing_has_units_layers_stands_and_texts(
    event: Event, layout: Layout, tmp_path: Path
) -> None:
    out = tmp_path / "layout.dxf"
    export_dxf(event, layout, out, warn=lambda _: None)
    doc = ezdxf.readfile(out)
    assert doc.header["$INSUNITS"] == 6
    layers = {layer.dxf.name for layer in doc.layers}
    expected = {"FP-HALL", "FP-COLUMN", "FP-KEEPOUT", "FP-EXIT", "FP-ENTRANCE", "FP-AISLE"}
    assert expected | {"FP-EXIT-CLEARANCE", "FP-STAND-CARMAKER", "FP-STAND-BATTERY"} <= layers
    offsets = hall_offsets(event.hall_models)
    names = {r.id: r.name for r in event.requests}
    for stand in layout.stands:
        category = event.request_by_id[stand.request_id].category
        layer = f"FP-STAND-{(category or '').upper()}"
        rect = Polygon(
            [(x + offsets[stand.hall], y) for x, y in stand.rect.exterior.coords]
        ).normalize()
        polygons = [p.normalize() for p in closed_polylines(doc, layer)]
        assert any(p.equals_exact(rect, 1e-9) for p in polygons), stand.request_id
        inside = {text for text, at in texts(doc, layer) if rect.contains(at)}
        assert inside == {stand.number, names[stand.request_id]}


def test_halls_sit_side_by_side(event: Event, tmp_path: Path) -> None:
    h1, h2 = event.hall_models
    assert hall_offsets([h1, h2]) == {"h1": 0.0, "h2": 40 + HALL_GAP_M}
    out = tmp_path / "venue.dxf"
    doc = export_venue_dxf(event.venue, out)
    outlines = closed_polylines(doc, "FP-HALL")
    assert [p.bounds for p in outlines] == [(0, 0, 40, 30), (60, 0, 90, 20)]
    assert len(closed_polylines(doc, "FP-COLUMN")) == 1
    entrances = doc.modelspace().query('LINE[layer=="FP-ENTRANCE"]')
    assert len(entrances) == 2
    assert {t for t, _ in texts(doc, "FP-KEEPOUT")} == {"hose reel"}


def test_aisles_and_exit_clearances_are_areas(event: Event, layout: Layout, tmp_path: Path) -> None:
    doc = export_dxf(event, layout, tmp_path / "layout.dxf", warn=lambda _: None)
    # Outer rings and hole rings alike are closed polylines: even-odd gives the area.
    aisle = reduce(lambda a, b: a.symmetric_difference(b), closed_polylines(doc, "FP-AISLE")).area
    stands = sum(s.area for s in layout.stands)
    halls = sum(h.gross_area for h in event.hall_models)
    obstacles = sum(o.area for h in event.hall_models for o in h.obstacles)
    assert 0 < aisle <= halls - stands - obstacles + 1e-6
    assert len(doc.modelspace().query('HATCH[layer=="FP-AISLE"]')) >= 2
    clearances = closed_polylines(doc, "FP-EXIT-CLEARANCE")
    assert len(clearances) == sum(len(h.exits) for h in event.hall_models)


def test_aisles_come_from_the_validator_when_it_offers_them(
    event: Event, layout: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def walkable_space(ev: Event, lay: Layout, hall_id: str) -> Polygon:
        calls.append(hall_id)
        return box(0, 0, 5, 5)

    fake = types.ModuleType("floorplan.validate")
    fake.walkable_space = walkable_space  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "floorplan.validate", fake)
    doc = export_dxf(event, layout, tmp_path / "layout.dxf", warn=lambda _: None)
    assert calls == ["h1", "h2"]
    assert [p.area for p in closed_polylines(doc, "FP-AISLE")] == [25, 25]


def test_venue_round_trip(event: Event, tmp_path: Path) -> None:
    out = tmp_path / "simple.dxf"
    export_venue_dxf(event.venue, out)
    back = read_dxf_venue(out, warn=lambda _: None).venue
    assert_same_geometry(event.venue, back)


def test_layout_export_imports_back_to_its_venue(
    event: Event, layout: Layout, tmp_path: Path
) -> None:
    seen: list[str] = []
    out = tmp_path / "layout.dxf"
    export_dxf(event, layout, out, warn=seen.append)
    back = read_dxf_venue(out, warn=seen.append).venue
    assert_same_geometry(event.venue, back)
    assert seen == []  # stand, aisle and clearance layers are floorplan's own: no noise


def test_reimported_venue_validates_the_same(event: Event, layout: Layout, tmp_path: Path) -> None:
    validate = getattr(importlib.import_module("floorplan.validate"), "validate", None)
    if validate is None:
        pytest.skip("floorplan.validate.validate is not written yet")
    export_venue_dxf(event.venue, tmp_path / "venue.dxf")
    back = read_dxf_venue(tmp_path / "venue.dxf", warn=lambda _: None).venue
    again = Event(
        name=event.name,
        venue=back,
        halls=event.halls,
        requests=event.requests,
        rules=event.rules,
        solver=event.solver,
    )
    assert validate(again, layout).to_json() == validate(event, layout).to_json()


@pytest.mark.skipif(not ASIAWORLD.exists(), reason="venue data not written yet")
def test_asiaworld_round_trip(tmp_path: Path) -> None:
    venue = load_venue(ASIAWORLD)
    out = tmp_path / "asiaworld-expo.dxf"
    export_venue_dxf(venue, out)
    assert_same_geometry(venue, read_dxf_venue(out, warn=lambda _: None).venue)


@pytest.mark.parametrize(
    ("hall_id", "name", "label"),
    [
        ("hall-5", "Hall 5", "Hall 5"),
        ("h1", "Hall 1", "Hall 1 (h1)"),
        ("hall-5", "", "hall-5"),
        ("H1", "", "(H1)"),
        ("hall-1", "hall-1", "hall-1 (hall-1)"),
    ],
)
def test_hall_labels_read_back(hall_id: str, name: str, label: str, tmp_path: Path) -> None:
    hall = Hall(
        id=hall_id,
        name=name,
        outline=[(0, 0), (10, 0), (10, 10), (0, 10)],
        exits=[{"id": "E1", "at": (5, 0), "width": 2}],  # type: ignore[list-item]
    )
    assert hall_label(hall) == label
    venue = Venue(id="v", halls=[hall])
    export_venue_dxf(venue, tmp_path / "v.dxf")
    (back,) = read_dxf_venue(tmp_path / "v.dxf", warn=lambda _: None).venue.halls
    assert (back.id, back.name) == (hall_id, name)


def assert_same_geometry(expected: Venue, got: Venue) -> None:
    assert (got.id, got.name) == (expected.id, expected.name)
    assert [h.id for h in got.halls] == [h.id for h in expected.halls]
    for a, b in zip(expected.halls, got.halls, strict=True):
        assert b.name == a.name
        assert b.outline == a.outline
        assert (b.ceiling_height_m, b.floor_load_kn_m2) == (a.ceiling_height_m, a.floor_load_kn_m2)
        assert len(b.column_shapes) == len(a.column_shapes)
        for ca, cb in zip(a.column_shapes, b.column_shapes, strict=True):
            assert ca.symmetric_difference(cb).area < 1e-9
        assert [(k.polygon, k.reason) for k in b.keep_out] == [
            (k.polygon, k.reason) for k in a.keep_out
        ]
        assert [e.model_dump() for e in b.exits] == [e.model_dump() for e in a.exits]
