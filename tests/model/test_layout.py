"""The layout file's shape; whether its stands make a valid floor is the validator's job."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from shapely import Point

from floorplan.model import LAYOUT_FORMAT, Layout, Stand


def test_stand_geometry() -> None:
    s = Stand(request_id="a", hall="h1", x=2, y=3, width=6, depth=4)
    assert s.area == 24
    assert s.rect.bounds == (2, 3, 8, 7)


def test_layout_defaults() -> None:
    layout = Layout(event="e")
    assert layout.format == LAYOUT_FORMAT == "floorplan-layout/1"
    assert (layout.stands, layout.unplaced, layout.metrics, layout.solver) == ([], [], {}, None)


def test_solver_info_keeps_extra_keys() -> None:
    layout = Layout.model_validate({"event": "e", "solver": {"status": "OPTIMAL", "gap": 0.01}})
    assert layout.solver is not None
    assert layout.solver.model_dump()["gap"] == 0.01


@pytest.mark.parametrize(
    "data",
    [
        {"event": "e", "format": "floorplan-layout/2"},
        {
            "event": "e",
            "stands": [{"request_id": "a", "hall": "h", "x": 0, "y": 0, "width": 0, "depth": 3}],
        },
        {
            "event": "e",
            "stands": [
                {"request_id": "a", "hall": "h", "x": float("nan"), "y": 0, "width": 3, "depth": 3}
            ],
        },
        {"event": "e", "extra": 1},
        {"stands": []},
    ],
    ids=["format", "zero-width", "nan", "unknown-key", "no-event"],
)
def test_bad_layout(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Layout.model_validate(data)


L_SHAPE = [(0.0, 0.0), (6.0, 0.0), (6.0, 3.0), (3.0, 3.0), (3.0, 6.0), (0.0, 6.0)]


def test_polygon_stand_answers_like_a_rectangle() -> None:
    s = Stand(request_id="a", hall="h1", polygon=L_SHAPE)
    assert not s.is_rect
    assert s.area == 27.0
    assert s.bounds == (0.0, 0.0, 6.0, 6.0)
    assert (s.x, s.y, s.width, s.depth) == (0.0, 0.0, 6.0, 6.0)  # the bounding box
    assert s.shape.equals(s.rect)
    assert s.shape.covers(Point(s.inner_point))
    r = Stand(request_id="b", hall="h1", x=1, y=2, width=3, depth=4)
    assert r.is_rect and r.bounds == (1, 2, 4, 6) and r.inner_point == (2.5, 4.0)


def test_a_stand_is_written_in_the_form_it_was_given() -> None:
    s = Stand(request_id="a", hall="h1", polygon=L_SHAPE, number="5A01")
    data = json.loads(s.model_dump_json(exclude_none=True))
    assert "x" not in data and "width" not in data
    assert data["polygon"] == [list(p) for p in L_SHAPE]
    assert Stand.model_validate(data) == s
    r = Stand(request_id="b", hall="h1", x=1, y=2, width=3, depth=4)
    assert "polygon" not in json.loads(r.model_dump_json())
    copy = s.model_copy(update={"number": "5A02"})
    assert copy.polygon == s.polygon and copy.area == 27.0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"polygon": L_SHAPE, "x": 0}, "has both a polygon and x"),
        ({}, "has neither x, y, width, depth"),
        ({"x": 0, "y": 0, "width": 3}, "depth missing"),
        ({"polygon": [(0, 0), (4, 4), (0, 4), (4, 0)]}, "not a simple polygon"),
        ({"polygon": [(0, 0), (1, 0), (2, 0)]}, "not a simple polygon"),
        ({"polygon": [(0, 0), (1, 0)]}, "at least 3 items"),
        ({"polygon": [(0, 0), (1, 0), (1, float("inf"))]}, "finite number"),
    ],
)
def test_bad_stand_forms(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Stand.model_validate({"request_id": "a", "hall": "h1", **fields})


def test_schema_shows_the_two_forms() -> None:
    schema = Layout.model_json_schema()
    stand = schema["$defs"]["Stand"]
    titles = {form["title"]: form["required"] for form in stand["oneOf"]}
    assert titles == {"rectangle": ["x", "y", "width", "depth"], "polygon": ["polygon"]}
    assert "default" not in stand["properties"]["x"]


def test_a_booth_type_reads_in_any_case_as_in_the_exhibitor_list() -> None:
    """A hand-edited layout's `"Island"` is the contract's `island`; a typo stays an error."""
    base = {"request_id": "a", "hall": "h1", "x": 0, "y": 0, "width": 6, "depth": 6}
    assert Stand.model_validate({**base, "booth_type": " Island "}).booth_type == "island"
    with pytest.raises(ValidationError):
        Stand.model_validate({**base, "booth_type": "Islands"})
