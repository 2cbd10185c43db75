"""The editor in a real browser: headless Chromium (the system package) driven by Playwright.

A planner's loop on the Hong Kong example: drag a stand onto its neighbour and
see the C2 violation drawn, undo it, lock a stand, save, and find the moved
stand, the lock and the backup on disk. Waits are on DOM conditions, never on
the clock, so a slow machine makes the tests slower, not red.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, FloatRect, Page, expect, sync_playwright

from floorplan.edit.app import create_app
from floorplan.edit.session import EditSession
from floorplan.io import load_layout
from floorplan.model import Event
from floorplan.validate import Report

from .conftest import TOKEN, neighbours

CHROMIUM = Path("/usr/bin/chromium")
# A loaded CI machine may take seconds to draw six halls: wait on conditions, generously.
expect.set_options(timeout=60_000)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "make test installs chromium (the `browser` target)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def session(hk_event: Event, hk_report: Report, layout_path: Path) -> Iterator[EditSession]:
    """A live session, as `floorplan edit` runs: access and travel are checked in the background."""
    s = EditSession(hk_event, layout_path, load_layout(layout_path), hk_report, live=True)
    yield s
    s.close()


@pytest.fixture
def server(session: EditSession) -> Iterator[str]:
    """The app on a free loopback port in a thread; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(session, TOKEN)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(f"{server}/?token={TOKEN}")
    expect(pg.locator("body")).to_have_attribute("data-ready", "true")
    expect(pg.locator("#verdict")).to_have_class("valid")
    yield pg
    context.close()
    assert not errors, errors


def _open_hall(page: Page, hall: str) -> None:
    page.click(f"nav#tabs button[data-hall='{hall}']")
    expect(page.locator(f"#map svg.hall-map[data-hall='{hall}']")).to_be_visible()


def _box(page: Page, stand: str) -> FloatRect:
    """The stand's box on the page. The editor redraws a hall's map whole when the server
    has checked an edit (the lock before a drag): a stand replaced while it is measured
    has no box, and is measured again once it is drawn (a busy machine's run failed so)."""
    body = page.locator(f"{stand} .stand-body")
    for _ in range(50):
        expect(body).to_be_visible()
        box = body.bounding_box()
        if box is not None:
            return box
        page.wait_for_timeout(100)
    raise AssertionError(f"{stand} is never drawn")


def _drag(page: Page, source: str, target: str) -> None:
    a, b = _box(page, source), _box(page, target)
    page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=6)
    page.mouse.up()


def _stand(rid: str) -> str:
    return f"#map g.stand[data-request-id='{rid}']"


def test_every_stand_is_drawn_with_its_request_id_and_hall(
    page: Page, session: EditSession
) -> None:
    _open_hall(page, "hall-5")
    drawn = page.eval_on_selector_all(
        "#map g.stand", "els => els.map(e => [e.dataset.requestId, e.dataset.hall])"
    )
    assert sorted(map(tuple, drawn)) == sorted(
        (s.request_id, s.hall) for s in session.layout.stands if s.hall == "hall-5"
    )


def test_drag_onto_a_neighbour_shows_c2_and_undo_clears_it(
    page: Page, session: EditSession
) -> None:
    a, b = neighbours(session)
    _open_hall(page, "hall-10")
    _drag(page, _stand(a), _stand(b))
    expect(page.locator("#map .violation[data-rule='C2']")).to_have_count(1)
    # The verdict counts what the validator finds once every hall is checked: the overlap,
    # and the open sides the moved stand may lose where it now stands.
    assert session.settle(60)
    found = len(session.report().violations)
    expect(page.locator("#verdict")).to_have_text(f"{found} violation{'s' * (found != 1)}")
    expect(page.locator("#verdict")).to_have_class("invalid")
    overlap = page.locator("#map .violation[data-rule='C2']").get_attribute("data-stands")
    assert overlap is not None and set(overlap.split()) == {a, b}
    page.click("#undo")
    expect(page.locator("#map .violation")).to_have_count(0)
    expect(page.locator("#verdict")).to_have_class("valid")
    assert session.settle(60) and session.report().valid


def test_lock_save_and_the_file_on_disk(
    page: Page, session: EditSession, layout_path: Path
) -> None:
    a, b = neighbours(session)
    _open_hall(page, "hall-10")
    old = session.stand(a)
    # Move one stand a grid step aside by dragging, lock another, save.
    box = page.locator(f"{_stand(a)} .stand-body").bounding_box()
    assert box is not None
    per_m = box["width"] / old.width
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + 2 * per_m, steps=4)
    page.mouse.up()
    expect(page.locator("#dirty")).to_be_visible()
    page.locator(_stand(b)).click()
    page.click("#action-lock")
    expect(page.locator(_stand(b))).to_have_attribute("data-locked", "true")
    page.click("#save")
    expect(page.locator("#message")).to_contain_text("saved layout.json")
    expect(page.locator("#dirty")).to_be_hidden()
    data = json.loads(layout_path.read_text(encoding="utf-8"))
    stands = {s["request_id"]: s for s in data["stands"]}
    assert stands[a]["y"] == pytest.approx(old.y - 2.0)
    assert stands[a]["x"] == old.x
    assert stands[b].get("locked") is True
    backup = layout_path.with_name("layout.json.~1~")
    assert backup.exists()
    assert json.loads(backup.read_text(encoding="utf-8"))["stands"] != data["stands"]


def test_a_locked_stand_does_not_drag(page: Page, session: EditSession) -> None:
    a, b = neighbours(session)
    _open_hall(page, "hall-10")
    page.locator(_stand(a)).click()
    page.keyboard.press("l")
    expect(page.locator(_stand(a))).to_have_attribute("data-locked", "true")
    before = session.stand(a)
    drawn = page.locator(_stand(a)).get_attribute("transform")
    _drag(page, _stand(a), _stand(b))
    expect(page.locator(_stand(a))).to_have_attribute("transform", drawn or "")
    expect(page.locator("#verdict")).to_have_class("valid")
    assert session.stand(a) == before


def test_shift_arrows_move_the_selected_stand_a_grid_step(page: Page, session: EditSession) -> None:
    a, _ = neighbours(session)
    _open_hall(page, "hall-10")
    before = session.stand(a)
    page.locator(_stand(a)).click()
    page.keyboard.press("Shift+ArrowUp")
    g = session.event.rules.grid_m
    expect(page.locator(_stand(a))).to_have_attribute("data-y", f"{before.y + g:g}")
    assert session.stand(a).y == before.y + g


def test_search_selects_and_centres_a_stand(page: Page, session: EditSession) -> None:
    stand = next(s for s in session.layout.stands if s.hall == "hall-7")
    name = session.event.request_by_id[stand.request_id].name
    page.fill("#search", name.lower())
    page.press("#search", "Enter")
    expect(page.locator("#map svg.hall-map[data-hall='hall-7']")).to_be_visible()
    expect(page.locator(f"{_stand(stand.request_id)}.selected")).to_have_count(1)
    expect(page.locator("#inspector h3")).to_contain_text(name)


def test_requests_without_the_token_are_refused(page: Page, server: str) -> None:
    r = page.request.post(f"{server}/api/undo")
    assert r.status == 403
    r = page.request.get(f"{server}/")
    assert r.status == 403
    r = page.request.post(
        f"{server}/api/edit",
        data=json.dumps({"edit": {"op": "rotate", "request_id": "saic"}}),
        headers={"Content-Type": "application/json", "X-Floorplan-Token": "guess"},
    )
    assert r.status == 403
