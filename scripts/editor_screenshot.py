"""Take the README's screenshot of `floorplan edit` on the Hong Kong example.

Starts the editor on a scratch copy of docs/hk-auto-expo/layout.json, opens it
in headless Chromium, moves stand 10C13 (mid-row in the EU pavilion) two metres
left onto its neighbour (so the live
validator's C2 finding shows) and photographs the page.
Run: `python scripts/editor_screenshot.py docs/editor.png` (or `make screenshot`).
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from floorplan.edit.app import create_app, new_token
from floorplan.edit.session import EditSession
from floorplan.io import load_event

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"]


STAND = "10C13"
"""A stand in the middle of a row of docs/hk-auto-expo/layout.json: moved onto its neighbour."""


def main(out: Path) -> None:
    event = load_event(ROOT / "examples/hk-auto-expo/event.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        layout = Path(tmp) / "layout.json"
        shutil.copy(ROOT / "docs/hk-auto-expo/layout.json", layout)
        session = EditSession(event, layout, live=True)
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
                page.click("nav#tabs button[data-hall='hall-10']")
                stand = page.locator(f"g.stand[data-number='{STAND}']")
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
