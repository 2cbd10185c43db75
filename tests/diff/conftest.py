"""Small hand-built layouts with one exhibitor per kind of change.

`OLD` and `NEW` differ so that every `ChangeKind` occurs exactly once, and
each id says what happened to it, so a failing assertion reads by itself.
"""

from __future__ import annotations

import pytest

from floorplan.model import Layout, Stand, Unplaced

EVENT = "Test Expo"


def _stand(rid: str, hall: str, x: float, y: float, w: float, d: float, number: str) -> Stand:
    return Stand(request_id=rid, hall=hall, x=x, y=y, width=w, depth=d, number=number)


def _layout(stands: list[Stand], unplaced: list[Unplaced]) -> Layout:
    return Layout(event=EVENT, stands=stands, unplaced=unplaced)


OLD = _layout(
    [
        _stand("same", "hall-1", 0, 0, 6, 4, "1A01"),
        _stand("shifted", "hall-1", 10, 0, 6, 4, "1A03"),
        _stand("rehalled", "hall-1", 20, 0, 6, 4, "1A05"),
        _stand("grown", "hall-2", 0, 0, 6, 4, "2A01"),
        _stand("both", "hall-2", 10, 0, 6, 4, "2A03"),
        _stand("cancelled", "hall-2", 20, 0, 3, 3, "2A05"),
        _stand("bumped", "hall-2", 30, 0, 3, 3, "2A07"),
    ],
    [
        Unplaced(request_id="waiting", reason="no hall is high enough"),
        Unplaced(request_id="stuck", reason="floor load too high"),
    ],
)

NEW = _layout(
    [
        _stand("same", "hall-1", 0, 0, 6, 4, "1A01"),
        _stand("shifted", "hall-1", 13, 4, 6, 4, "1B02"),
        _stand("rehalled", "hall-10", 0, 0, 6, 4, "10A01"),
        _stand("grown", "hall-2", 0, 0, 8, 4, "2A01"),
        _stand("both", "hall-2", 40, 0, 4, 4, "2A09"),
        _stand("signed", "hall-1", 30, 0, 3, 3, "1A07"),
        _stand("waiting", "hall-2", 50, 0, 3, 3, "2A11"),
    ],
    [
        Unplaced(request_id="bumped", reason="hall-2 is full"),
        Unplaced(request_id="stuck", reason="floor load too high"),
    ],
)


@pytest.fixture
def old() -> Layout:
    return OLD


@pytest.fixture
def new() -> Layout:
    return NEW
