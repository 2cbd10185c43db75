"""The Hong Kong example as the editor sees it: a scratch copy of its layout, a session, a client.

Every test edits its own copy of docs/hk-auto-expo/layout.json, so saving,
backups and undo never touch the committed file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from floorplan.edit.app import LOOPBACK_HOSTS, TOKEN_HEADER, create_app
from floorplan.edit.session import EditSession
from floorplan.io import load_event, load_layout
from floorplan.model import Event
from floorplan.validate import Report, validate

ROOT = Path(__file__).parents[2]
HK_EVENT = ROOT / "examples/hk-auto-expo/event.yaml"
HK_LAYOUT = ROOT / "docs/hk-auto-expo/layout.json"
TOKEN = "test-token-not-secret"


@pytest.fixture(scope="session")
def hk_event() -> Event:
    return load_event(HK_EVENT)


@pytest.fixture
def layout_path(tmp_path: Path) -> Path:
    target = tmp_path / "layout.json"
    shutil.copy(HK_LAYOUT, target)
    return target


@pytest.fixture(scope="session")
def hk_report(hk_event: Event) -> Report:
    """The committed layout's report, computed once: every session starts from it."""
    return validate(hk_event, load_layout(HK_LAYOUT))


@pytest.fixture
def session(hk_event: Event, hk_report: Report, layout_path: Path) -> EditSession:
    return EditSession(hk_event, layout_path, load_layout(layout_path), hk_report)


@pytest.fixture
def client(session: EditSession) -> Iterator[TestClient]:
    app = create_app(session, TOKEN, allowed_hosts=(*LOOPBACK_HOSTS, "testserver"))
    with TestClient(app, headers={TOKEN_HEADER: TOKEN}) as c:
        yield c


def neighbours(session: EditSession, hall: str = "hall-10") -> tuple[str, str]:
    """Two stands of `hall` in one row: moving the first onto the second makes one C2 overlap
    (the first is no larger than the second, so it covers no stand beyond it)."""
    stands = sorted((s for s in session.layout.stands if s.hall == hall), key=lambda s: (s.y, s.x))
    for a in stands:
        for b in stands:
            beside = a.y == b.y and abs(a.x + a.width - b.x) < 1e-6
            if a is not b and beside and a.width <= b.width and a.depth <= b.depth:
                return a.request_id, b.request_id
    raise AssertionError(f"no two neighbours in {hall}")
