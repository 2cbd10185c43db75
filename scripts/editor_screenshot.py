"""Take the README's screenshot of `floorplan edit` on the Hong Kong example.

Starts the editor on a scratch copy of docs/hk-auto-expo/layout.json, opens it
in headless Chromium, moves a stand from the middle of a row two metres left onto
its neighbour (so the live validator's C2 finding shows) and photographs the page.
The stand is looked up in the layout (`mid_row`), so the script still works after
`make demo` lays the example out again.
Run: `python scripts/editor_screenshot.py docs/editor.png` (or `make screenshot`).
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from floorplan.edit.app import create_app, new_token
from floorplan.edit.session import EditSession
from floorplan.io import load_event, load_layout
from floorplan.model import Layout, Stand

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"]


def mid_row(layout: Layout) -> Stand:
    """The first stand (by number) with a neighbour flush on either side in its row, in the
    hall with the most stands: moved onto its left neighbour, it overlaps it."""
    counts = Counter(s.hall for s in layout.stands)
    hall = max(counts, key=lambda h: (counts[h], h))
    row = [s for s in layout.stands if s.hall == hall]

    def flush(a: Stand, b: Stand) -> bool:
        return a.y == b.y and a.depth == b.depth and abs(a.x + a.width - b.x) < 1e-6

    for s in sorted(row, key=lambda s: s.number):
        if any(flush(o, s) for o in row) and any(flush(s, o) for o in row):
            return s
    raise SystemExit(f"no stand in the middle of a row in {hall}")


def main(out: Path) -> None:
    event = load_event(ROOT / "examples/hk-auto-expo/event.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        layout = Path(tmp) / "layout.json"
        shutil.copy(ROOT / "docs/hk-auto-expo/layout.json", layout)
        session = EditSession(event, layout, live=True)
        target = mid_row(load_layout(layout))
        token = new_token()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(create_app(session, token), port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1500, "height": 880})
                page.goto(f"http://127.0.0.1:{port}/?token={token}")
                page.wait_for_selector("body[data-ready='true']")
                page.click(f"nav#tabs button[data-hall='{target.hall}']")
                stand = page.locator(f"g.stand[data-number='{target.number}']")
                body = stand.locator(".stand-body")
                box = body.bounding_box()
                assert box is not None
                per_m = box["width"] / float(stand.get_attribute("data-width") or 1)
                cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                page.mouse.move(cx, cy)
                page.mouse.down()
                page.mouse.move(cx - 2 * per_m, cy, steps=5)
                page.mouse.up()
                page.wait_for_selector("#map .violation[data-rule='C2']", state="attached")
                page.wait_for_function("() => !S.checking.length && !checkLoop && !busy")
                page.screenshot(path=str(out))
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            session.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs/editor.png")
