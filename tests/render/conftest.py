"""A small event built in code, a valid layout of it and an invalid one.

Hall h1 is 40 x 30 m with a column, a hose reel and three doors; every stand
sits where the contract's rules hold with room to spare, so a real validator
finds nothing. The invalid layout moves one stand into an exit's clearance
zone. `FakeReport` stands in for the validator where a test needs a verdict
that does not depend on the validator's progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from floorplan.model import Event, Exit, Hall, KeepOut, Layout, Request, Rules, Stand, Venue
from floorplan.model.layout import Unplaced
from floorplan.validate import Violation

LONG_NAME = "Europäische Antriebstechnik und Fahrzeugelektronik Gesellschaft"


@dataclass(frozen=True)
class FakeReport:
    violations: list[Violation] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.violations


def _venue() -> Venue:
    h1 = Hall(
        id="h1",
        name="Hall 1",
        outline=[(0, 0), (40, 0), (40, 30), (0, 30)],
        columns=[(20, 15, 1, 1)],
        keep_out=[KeepOut(polygon=[(0, 10), (1.5, 10), (1.5, 11), (0, 11)], reason="hose reel")],
        exits=[
            Exit(id="E1", at=(20, 0), width=4, kind="entrance"),
            Exit(id="E2", at=(40, 20), width=2.4),
            Exit(id="E3", at=(10, 30), width=2.4),
        ],
    )
    h2 = Hall(
        id="h2",
        name="Hall 2",
        outline=[(0, 0), (30, 0), (30, 20), (0, 20)],
        exits=[
            Exit(id="E1", at=(15, 0), width=3, kind="entrance"),
            Exit(id="E2", at=(0, 10), width=2.4),
        ],
    )
    return Venue(id="test", name="Test venue", halls=[h1, h2])


REQUESTS = (
    Request(id="big", name="Big Motors", area_m2=120, booth_type="island", category="carmaker"),
    Request(id="b1", name="Battery One", area_m2=18, booth_type="inline", category="battery"),
    Request(id="b2", name="Battery Two", area_m2=18, booth_type="corner", category="battery"),
    Request(id="c1", name="Chip Co", area_m2=36, booth_type="peninsula", category="chip"),
    Request(
        id="e1", name="EU Firm 1", area_m2=9, booth_type="inline", category="eu", pavilion="eu"
    ),
    Request(id="e2", name=LONG_NAME, area_m2=9, booth_type="inline", category="eu", pavilion="eu"),
    Request(id="s1", name="Small One", area_m2=12, category="radar", width_m=4, depth_m=3),
    Request(id="h2s", name="Second Hall Stand", area_m2=9),
    Request(id="late", name="Late Exhibitor", area_m2=500),
)

STANDS = {
    "big": (5, 4, 12, 10),
    "b1": (24, 4, 6, 3),
    "b2": (30, 4, 6, 3),
    "c1": (24, 7, 6, 6),
    "e1": (24, 20, 3, 3),
    "e2": (27, 20, 3, 3),
    "s1": (5, 20, 4, 3),
}
"""Request id -> (x, y, width, depth) in hall h1."""

BAD_E2 = (35.5, 18.5, 3, 3)
"""e2 moved 1.5 m from exit E2's door: inside its 3 m clearance zone."""


def make_layout(stands: dict[str, tuple[float, float, float, float]]) -> Layout:
    placed = [
        Stand(request_id=rid, hall="h1", x=x, y=y, width=w, depth=d)
        for rid, (x, y, w, d) in stands.items()
    ]
    placed.append(Stand(request_id="h2s", hall="h2", x=13, y=8, width=3, depth=3))
    return Layout(
        event="Render test fair",
        stands=placed,
        unplaced=[Unplaced(request_id="late", reason="no hall has 500 m2 of free floor left")],
        metrics={"placed": len(placed), "requested": len(REQUESTS)},
    )


@pytest.fixture(scope="session")
def event() -> Event:
    return Event(
        name="Render test fair",
        venue=_venue(),
        halls=("h1", "h2"),
        requests=REQUESTS,
        rules=Rules(),
    )


@pytest.fixture(scope="session")
def valid_layout() -> Layout:
    return make_layout(STANDS)


@pytest.fixture(scope="session")
def invalid_layout() -> Layout:
    return make_layout({**STANDS, "e2": BAD_E2})


BAD_REPORT = FakeReport(
    [
        Violation(
            "C6",
            "h1",
            ("e2",),
            "C6 h1 e2: stand is 1.5 m from exit E2 (needs 3 m)",
            measured=1.5,
            limit=3.0,
            at=(38.5, 20.0),
        )
    ],
    {"placed": 8, "requested": 9, "net_to_gross": 0.2},
)
GOOD_REPORT = FakeReport([], {"placed": 8, "requested": 9, "net_to_gross": 0.2})


class Picture:
    """A drawn map as pixels, with data-to-pixel lookups."""

    def __init__(self, ax: Axes) -> None:
        fig = ax.figure
        assert isinstance(fig, Figure)
        fig.canvas.draw()
        self.ax = ax
        self.fig = fig
        self.rgb = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].copy()  # type: ignore[attr-defined]

    def pixel(self, x: float, y: float) -> tuple[int, int]:
        """(row, column) of the pixel showing hall point (x, y)."""
        px, py = self.ax.transData.transform((x, y))
        return int(self.rgb.shape[0] - py), int(px)

    def at(self, x: float, y: float) -> str:
        r, c = self.pixel(x, y)
        return hex_of(self.rgb[r, c])

    def region(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
        r1, c0 = self.pixel(x0, y0)
        r0, c1 = self.pixel(x1, y1)
        return self.rgb[r0 : r1 + 1, c0 : c1 + 1].reshape(-1, 3)

    def dominant(self, x0: float, y0: float, x1: float, y1: float) -> str:
        colours, counts = np.unique(self.region(x0, y0, x1, y1), axis=0, return_counts=True)
        return hex_of(colours[int(np.argmax(counts))])


def hex_of(rgb: np.ndarray) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(int(v) for v in rgb))


@pytest.fixture(scope="session")
def good_report() -> FakeReport:
    return GOOD_REPORT


@pytest.fixture(scope="session")
def bad_report() -> FakeReport:
    return BAD_REPORT


@pytest.fixture(scope="session")
def stands_xy() -> dict[str, tuple[float, float, float, float]]:
    """Where each stand of the valid layout is in hall h1: (x, y, width, depth)."""
    return dict(STANDS)


@pytest.fixture(scope="session")
def long_name() -> str:
    return LONG_NAME


@pytest.fixture(scope="session")
def picture() -> type[Picture]:
    """The `Picture` class: `picture(ax)` draws the axes' figure and reads its pixels."""
    return Picture
