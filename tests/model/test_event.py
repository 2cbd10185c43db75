"""Requests, rules and the event's cross-references."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from floorplan.io import load_venue
from floorplan.model import Event, Request, Rules, SolverSettings

VENUE = load_venue(Path(__file__).parents[1] / "data" / "simple" / "venue.yaml")


def req(**changes: Any) -> Request:
    spec: dict[str, Any] = {"id": "a", "name": "A", "area_m2": 12}
    spec.update(changes)
    return Request.model_validate(spec)


def event(*requests: Request, **changes: Any) -> Event:
    spec: dict[str, Any] = {
        "name": "e",
        "venue": VENUE,
        "halls": ("h1", "h2"),
        "requests": requests,
    }
    spec.update(changes)
    return Event.model_validate(spec)


def test_rules_defaults_are_the_contract_defaults() -> None:
    assert Rules().model_dump() == {
        "aisle_width_m": 3.0,
        "area_tolerance": 0.10,
        "min_side_m": 3.0,
        "max_aspect": 3.0,
        "grid_m": 0.5,
        "exit_clearance_m": 3.0,
        "max_travel_m": 60.0,
        "max_to_aisle_m": 20.0,
        "keep_apart_m": 10.0,
        "max_row_m": 30.0,
        "main_aisle_width_m": None,
    }
    assert Rules().main_aisle_m == 3.0
    assert Rules(aisle_width_m=2.0).main_aisle_m == 2.0
    assert Rules(main_aisle_width_m=6.0).main_aisle_m == 6.0
    with pytest.raises(ValueError, match="narrower"):
        Rules(main_aisle_width_m=2.0)
    assert SolverSettings().model_dump() == {"time_limit_s": 60.0, "seed": 0, "workers": 8}


@pytest.mark.parametrize(
    "changes",
    [
        {"aisle_width_m": -3},
        {"aisle_width_m": 0},
        {"area_tolerance": 1.0},
        {"max_aspect": 0.5},
        {"grid_m": float("nan")},
        {"exit_clearance_m": -0.1},
        {"aisle_widht_m": 3},
    ],
    ids=["negative", "zero", "tolerance-1", "aspect-below-1", "nan", "negative-clearance", "typo"],
)
def test_bad_rules(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Rules.model_validate(changes)


def test_zero_exit_clearance_and_keep_apart_are_allowed() -> None:
    assert Rules(exit_clearance_m=0, keep_apart_m=0).keep_apart_m == 0


@pytest.mark.parametrize(
    "booth_type, sides", [(None, 1), ("inline", 1), ("corner", 2), ("peninsula", 3), ("island", 4)]
)
def test_open_sides_needed(booth_type: str | None, sides: int) -> None:
    assert req(booth_type=booth_type).open_sides_needed == sides


def test_request_defaults_and_exact_size() -> None:
    r = req()
    assert (r.tier, r.keep_apart, r.locked, r.exact_size) == (0, (), False, None)
    assert req(width_m=4, depth_m=3).exact_size == (4, 3)
    assert req(name="  Big Motors ").name == "Big Motors"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"width_m": 4}, "give both or neither"),
        ({"depth_m": 3}, "give both or neither"),
        ({"keep_apart": ["a"]}, "the stand itself"),
        ({"name": "   "}, "must not be empty"),
        ({"tier": -1}, "greater than or equal"),
        ({"area_m2": 0}, "greater than 0"),
        ({"booth_type": "shell"}, "inline"),
        ({"id": "a/b"}, "pattern"),
        ({"id": "x" * 65}, "at most 64"),
    ],
)
def test_bad_request(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        req(**changes)


def test_event_lookups_follow_the_event_hall_order() -> None:
    ev = event(req(), req(id="b"), halls=("h2", "h1"))
    assert [h.id for h in ev.hall_models] == ["h2", "h1"]
    assert ev.request_by_id["b"].id == "b"


@pytest.mark.parametrize(
    "requests, changes, message",
    [
        ((), {"halls": ("h1", "h9")}, "@halls: unknown hall 'h9'"),
        ((), {"halls": ("h1", "h1")}, "@halls: hall 'h1' is listed 2 times"),
        (({"id": "a"}, {"id": "a"}), {}, "@requests.1.id: duplicate id 'a'"),
        (({"hall": "h9"},), {"halls": ("h1",)}, "@requests.0.hall: unknown hall 'h9'"),
        (({"keep_apart": ["zz"]},), {}, "@requests.0.keep_apart: unknown request id 'zz'"),
    ],
    ids=["unknown-hall", "hall-twice", "duplicate-id", "hall-not-in-venue", "keep-apart"],
)
def test_cross_reference_errors(
    requests: tuple[dict[str, Any], ...], changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        event(*(req(**r) for r in requests), **changes)
    assert message in str(caught.value)


def test_exact_size_within_tolerance_is_accepted() -> None:
    # 4 x 3 = 12 m2 against 13 m2 requested: within 10 %.
    assert event(req(area_m2=13, width_m=4, depth_m=3)).requests[0].exact_size == (4, 3)


def test_a_rule_left_empty_keeps_its_default() -> None:
    """`grid_m:` with nothing after it is null to YAML: the default, as an empty venue field
    is "not given" (it was "must be a number, got None")."""
    rules = Rules.model_validate({"grid_m": None, "aisle_width_m": 4})
    assert (rules.grid_m, rules.aisle_width_m) == (Rules().grid_m, 4)
    assert SolverSettings.model_validate({"seed": None, "workers": 2}).seed == 0
    # A misspelt key is an error, empty or not.
    with pytest.raises(ValidationError, match="aisle_widht_m"):
        Rules.model_validate({"aisle_widht_m": None})
