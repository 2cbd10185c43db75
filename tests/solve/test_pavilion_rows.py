"""`pavilion_rows.blocks`: the rows a pavilion may form on the open floor.

Each block offered is a distinct shape the open floor's seating tries (and
walks): a row listed twice is a trial spent twice. Every member keeps its
area within the tolerance at its size.
"""

from __future__ import annotations

import pytest

from floorplan.model import Request, Rules
from floorplan.sizes import area_bounds
from floorplan.solve.hall import step_units
from floorplan.solve.params import DEFAULT
from floorplan.solve.pavilion_rows import blocks

from .conftest import req

RULES = Rules(grid_m=1.0, aisle_width_m=2.5, max_aspect=2.5)
"""On a 1 m grid within 10% an 18 m2 stand takes no width at 4 or 5 m deep: in a row that
deep it stands shallower, at 3 m (a ragged back)."""

SEED_6400_EV01 = [(27, "peninsula"), (31, "peninsula"), (28, "inline"), (18, "inline"), (21, None)]


@pytest.mark.parametrize(
    "members",
    [
        tuple(
            req(f"p{k}", a, pavilion="eu", booth_type=b) for k, (a, b) in enumerate(SEED_6400_EV01)
        ),
        # Every member falls back to 6 x 3 m in rows 4 and 5 m deep: the 3 m row again.
        tuple(req(f"s{k}", 18, pavilion="eu", booth_type="inline") for k in range(3)),
    ],
)
def test_no_row_is_offered_twice_and_every_member_keeps_its_area(
    members: tuple[Request, ...],
) -> None:
    offered = blocks(members, RULES, step_units(RULES, DEFAULT))
    assert offered
    assert len(set(offered)) == len(offered)
    g = RULES.grid_m
    for block in offered:
        for row in block:
            for m, (w, d) in row:
                low, high = area_bounds(m, RULES)
                assert low - 1e-9 <= w * d * g * g <= high + 1e-9
