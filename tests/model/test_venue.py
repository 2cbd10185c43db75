"""Venue geometry is checked on construction, so solver and validator can trust it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from floorplan.model import Exit, Hall, Venue
from floorplan.model.base import MAX_HALL_M
from floorplan.model.venue import EXIT_ON_OUTLINE_TOLERANCE_M, OBSTACLE_TOLERANCE_M


def hall(**changes: Any) -> Hall:
    spec: dict[str, Any] = {
        "id": "h",
        "outline": [[0, 0], [40, 0], [40, 30], [0, 30]],
        "exits": [{"id": "E1", "at": [20, 0], "width": 4}],
    }
    spec.update(changes)
    return Hall.model_validate(spec)


def test_gross_area_and_obstacles() -> None:
    h = hall(
        columns=[[10, 10, 1, 1], [[20, 20], [22, 20], [21, 22]]],
        keep_out=[{"polygon": [[0, 5], [2, 5], [2, 6], [0, 6]], "reason": "hydrant"}],
    )
    assert h.gross_area == 1200
    assert [round(o.area, 6) for o in h.obstacles] == [1.0, 2.0, 2.0]
    assert len(h.column_shapes) == 2


def test_l_shaped_outline_is_fine() -> None:
    h = hall(outline=[[0, 0], [40, 0], [40, 10], [20, 10], [20, 30], [0, 30]])
    assert h.gross_area == 40 * 10 + 20 * 20


@pytest.mark.parametrize(
    "offset, ok",
    [
        (0.0, True),
        (EXIT_ON_OUTLINE_TOLERANCE_M * 0.8, True),
        (EXIT_ON_OUTLINE_TOLERANCE_M * 1.2, False),
    ],
)
def test_exit_on_outline_tolerance(offset: float, ok: bool) -> None:
    exits = [{"id": "E1", "at": [20, offset], "width": 4}]
    if ok:
        hall(exits=exits)
    else:
        with pytest.raises(ValidationError, match="not on the hall outline"):
            hall(exits=exits)


def test_a_keep_out_rounded_a_fraction_of_a_millimetre_past_a_wall_is_clipped_to_it() -> None:
    # CAD exports round vertices: a keep-out flush with a diagonal wall pokes out.
    diagonal = [[0, 0], [40, 0], [40, 30], [10, 30]]
    poke = 0.3 * OBSTACLE_TOLERANCE_M
    h = hall(
        outline=diagonal,
        keep_out=[{"polygon": [[2 - poke, 6], [6, 6], [6, 9], [3 - poke, 9]], "reason": "ramp"}],
    )
    (ramp,) = h.obstacles
    assert h.shape.covers(ramp)
    assert ramp.area == pytest.approx(h.keep_out[0].shape.area, rel=1e-3)
    with pytest.raises(ValidationError, match="keep_out 0"):
        hall(keep_out=[{"polygon": [[-3, 1], [-1, 1], [-1, 2]]}])


def test_a_column_drawn_into_the_wall_counts_by_its_part_inside() -> None:
    """Plans draw the columns along the walls half in them (pilasters): the part inside
    is the obstacle, and the loader says so (`load._warn_drawing`)."""
    h = hall(
        columns=[[39.5, 10, 1, 1], [10, 10, 1, 1]],
        keep_out=[{"polygon": [[39, 1], [41, 1], [41, 2]]}],
    )
    pilaster, inner, keep = h.obstacles
    assert pilaster.bounds == (39.5, 10, 40, 11) and h.column_shapes[0] == pilaster
    assert inner.area == 1 and h.shape.covers(keep)
    assert h.outside_parts() == ["column 0", "keep_out 0"]
    with pytest.raises(ValidationError, match="cut in two"):
        # Across the slot of a U-shaped hall: two pieces inside, one column.
        hall(
            outline=[[0, 0], [40, 0], [40, 30], [22, 30], [22, 10], [18, 10], [18, 30], [0, 30]],
            columns=[[17, 20, 6, 1]],
        )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"outline": [[0, 0], [40, 30], [40, 0], [0, 30]]}, "not a simple polygon"),
        ({"outline": [[0, 0], [10, 0], [20, 0]]}, "zero area|not a simple polygon"),
        ({"columns": [[40.5, 10, 1, 1]]}, "column 0"),
        ({"columns": [[10, 10, 0, 1]]}, "greater than 0"),
        ({"keep_out": [{"polygon": [[41, 1], [43, 1], [43, 2]]}]}, "keep_out 0"),
        ({"exits": []}, "at least 1 item"),
        ({"exits": [{"id": "E1", "at": [20, 0], "width": 4}] * 2}, "duplicate exit id"),
        ({"exits": [{"id": "E1", "at": [20, 0], "width": 200}]}, "wider than"),
        ({"exits": [{"id": "E1", "at": [20, 0], "width": 4, "kind": "door"}]}, "kind"),
        ({"ceiling_height_m": 0}, "ceiling_height_m"),
        ({"floor_load_kn_m2": float("inf")}, "finite"),
        ({"id": "hall 5"}, "pattern"),
        ({"colour": "red"}, "colour"),
    ],
    ids=[
        "bow-tie",
        "collinear",
        "column-outside",
        "column-zero-width",
        "keep-out-outside",
        "no-exits",
        "duplicate-exit",
        "exit-too-wide",
        "exit-kind",
        "zero-ceiling",
        "infinite-floor-load",
        "id-with-space",
        "unknown-key",
    ],
)
def test_bad_hall(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        hall(**changes)


def test_door_is_a_segment_of_the_outline_of_the_exit_width() -> None:
    h = hall()
    door = h.exits[0].door(h.shape)
    assert door.length == pytest.approx(4)
    assert h.shape.exterior.buffer(1e-9).covers(door)
    assert door.centroid.distance(h.shape.exterior.interpolate(20)) < 1e-9


def test_door_wraps_around_a_corner() -> None:
    h = hall(exits=[{"id": "E1", "at": [40, 1], "width": 4}])
    door = h.exits[0].door(h.shape)
    assert door.length == pytest.approx(4)
    xs = {round(x, 6) for x, _ in door.coords}
    assert 40 in xs and min(xs) == pytest.approx(39)


def test_exit_default_kind() -> None:
    assert Exit(id="E", at=(0, 0), width=2).kind == "exit"


def test_venue_hall_lookup_and_unique_ids() -> None:
    h = hall()
    venue = Venue(id="v", halls=[h])
    assert venue.hall("h") is venue.halls[0]
    with pytest.raises(KeyError):
        venue.hall("nope")
    with pytest.raises(ValidationError, match="duplicate hall id"):
        Venue(id="v", halls=[h, h])


def test_models_are_frozen() -> None:
    h = hall()
    with pytest.raises(ValidationError):
        h.id = "other"


@pytest.mark.parametrize(("side", "ok"), [(MAX_HALL_M, True), (MAX_HALL_M + 1, False)])
def test_a_hall_wider_than_a_kilometre_is_a_unit_mistake(side: float, ok: bool) -> None:
    """A drawing in millimetres read as metres makes a hall of 60,000 m; its skeleton
    alone outlasted a 10 s limit six times over. Refused, with the likely cause."""
    outline = [[0, 0], [side, 0], [side, 30], [0, 30]]
    if ok:
        assert hall(outline=outline).gross_area == pytest.approx(side * 30)
        return
    with pytest.raises(ValidationError, match=r"a hall is at most 1,000 m across .*millimetres"):
        hall(outline=outline)


def test_a_door_drawn_inside_a_keep_out_is_blocked_and_one_beside_it_is_not() -> None:
    ramp = {"polygon": [[16, 0], [24, 0], [24, 3], [16, 3]], "reason": "ramp"}
    half = {"polygon": [[16, 0], [20, 0], [20, 3], [16, 3]], "reason": "ramp"}
    assert hall(keep_out=[ramp]).blocked_exits() == [("E1", ["keep_out 0 (ramp)"])]
    assert hall(keep_out=[half]).blocked_exits() == []
    # Two obstacles that cover it together block it too.
    pair = hall(
        columns=[[17, 0, 3, 1]],
        keep_out=[{"polygon": [[20, 0], [23, 0], [23, 1], [20, 1]]}],
    )
    assert pair.blocked_exits() == [("E1", ["column 0", "keep_out 0"])]
