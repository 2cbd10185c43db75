"""The layout file's shape; whether its stands make a valid floor is the validator's job."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

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
