"""The file contract (CONTRACT.md) as frozen pydantic models.

Loading a file means parsing it into these models; nothing downstream
re-checks input.
"""

from floorplan.model.event import BoothType, Event, Request, Rules, SolverSettings
from floorplan.model.layout import LAYOUT_FORMAT, Layout, Stand, Unplaced
from floorplan.model.venue import Exit, Hall, KeepOut, Venue

__all__ = [
    "LAYOUT_FORMAT",
    "BoothType",
    "Event",
    "Exit",
    "Hall",
    "KeepOut",
    "Layout",
    "Request",
    "Rules",
    "SolverSettings",
    "Stand",
    "Unplaced",
    "Venue",
]
