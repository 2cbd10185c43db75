"""Colours and hatches of the maps.

Stand fills use Paul Tol's "light" qualitative scheme (Paul Tol, "Colour
Schemes", SRON technical note SRON/EPS/TN/09-002, https://personal.sron.nl/~pault/),
which he designed for filled cells that carry black text and which stays
distinguishable under the common colour-vision deficiencies. It has eight
colours plus a pale grey that Tol reserves for "no data": here, stands without
a category. No qualitative palette keeps more than about eight hues apart for
every reader, so the ninth and later categories reuse the hues with a hatch;
the legend shows the pair.

Everything that is not a stand stays grey, green or blue so that the only
saturated red on a map is a validator finding.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from floorplan.model.event import Event

# Paul Tol, light scheme, in his recommended order.
TOL_LIGHT = (
    "#77AADD",  # light blue
    "#EE8866",  # orange
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#44BB99",  # mint
    "#BBCC33",  # pear
    "#AAAA00",  # olive
)
NO_CATEGORY = "#DDDDDD"  # Tol's pale grey
CATEGORY_HATCHES = ("", "/", "\\", "x")
"""Hatch by round of the palette: categories 1-8 plain, 9-16 striped, ...

Stripes are white (`HATCH_COLOUR`) so they lighten the fill instead of
darkening it: black stand labels stay as legible as on plain fills."""
HATCH_COLOUR = "#FFFFFF"
HATCH_WIDTH = 1.2

FLOOR = "#FFFFFF"
"""Hall floor that is not walkable: gaps narrower than an aisle, dead ends."""
AISLE = "#ECE9E1"
"""Walkable space: a warm light grey that no stand colour comes close to."""
AISLE_DIM = "#6B6B6B"
AISLE_LETTER = "#A39E92"
"""Aisle letters: a darker shade of the aisle grey, read but never confused with a label."""

DIMENSION_ARROW = {
    "arrowstyle": "<|-|>",
    "color": AISLE_DIM,
    "lw": 0.6,
    "mutation_scale": 5,
    "shrinkA": 0,
    "shrinkB": 0,
}
"""Arrow props of a dimension line (aisle widths on the map and in the legend)."""
WALL = "#222222"
STAND_EDGE = "#4D4D4D"
CLOSED_SIDE = "#222222"
"""Partition walls: the sides of a stand that do not open onto an aisle."""
OBSTACLE_FILL = "#B0B0B0"
OBSTACLE_HATCH = "#2B2B2B"
EXIT = "#117733"  # Tol's green: fire exits are green by convention (ISO 7010)
EXIT_ZONE = "#CFE8D4"
ENTRANCE = "#004488"  # Tol's high-contrast dark blue
VIOLATION = "#E3001B"
"""The only red on the map."""
TEXT = "#111111"
MUTED_TEXT = "#555555"


@dataclass(frozen=True)
class Fill:
    face: str
    hatch: str = ""
    label: str = ""


def category_fills(event: Event) -> dict[str | None, Fill]:
    """One fill per category of the event, the same on every map of the event.

    Categories with the most requested area get the plain colours, so the
    hatched fallbacks land on the small stands where they matter least.
    """
    area: dict[str, float] = defaultdict(float)
    for req in event.requests:
        if req.category:
            area[req.category] += req.area_m2
    order = sorted(area, key=lambda c: (-area[c], c))
    fills: dict[str | None, Fill] = {None: Fill(NO_CATEGORY, "", "no category")}
    for i, cat in enumerate(order):
        round_, hue = divmod(i, len(TOL_LIGHT))
        hatch = CATEGORY_HATCHES[round_ % len(CATEGORY_HATCHES)]
        fills[cat] = Fill(TOL_LIGHT[hue], hatch, cat)
    return fills


def fill_for(fills: dict[str | None, Fill], category: str | None) -> Fill:
    return fills.get(category, fills[None])


__all__ = [
    "AISLE",
    "ENTRANCE",
    "EXIT",
    "EXIT_ZONE",
    "NO_CATEGORY",
    "OBSTACLE_FILL",
    "TOL_LIGHT",
    "VIOLATION",
    "Fill",
    "category_fills",
    "fill_for",
]
