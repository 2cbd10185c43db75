"""How long live validation takes in `floorplan edit`: one change in a hall of 400 stands.

The hall is synthetic and built in code (no solver): 185 x 122 m, 9 x 10 blocks
of two back-to-back rows (stands 4.5-7.5 m wide, 5 m deep) between 3 m
aisles, 400 stands, exits every 30 m or so along the walls. Its travel limit
is 90 m instead of 60 (no interior exits in a synthetic hall), so the layout
starts valid.

Two measurements, each over `--moves` changes:

1. server: POST /api/edit through FastAPI's test client (a stand moved one
   metre and back), to the first answer, then to the fully checked hall and
   its redrawn SVG;
2. browser (when /usr/bin/chromium exists): in headless Chromium over a real
   loopback server, a stand dragged onto its neighbour and back, from the
   planner releasing the mouse to the C2 outline drawn (or gone) and the
   verdict line updated, then to the fully checked map: what the planner
   waits for.

Target (issue 11): the answer on screen within 0.5 s of the change (median),
met by the first answer: every rule but the walkable-space ones (C4 access,
C5 open sides, C7 travel), which follow from a background check; the time
to the fully checked map is printed beside it.
Run: `python -m benchmarks.bench_edit [--moves N]`.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.bench_validate import widths
from floorplan.edit.app import LOOPBACK_HOSTS, TOKEN_HEADER, create_app
from floorplan.edit.session import EditSession
from floorplan.io import save_layout
from floorplan.model import Event, Exit, Hall, Layout, Request, Rules, Stand, Unplaced, Venue
from floorplan.numbering import renumber
from floorplan.validate import validate

STANDS = 400
PERIMETER_M = 4.0
AISLE_M = 3.0
ROW_DEPTH_M = 5.0
BLOCK_LEN_M = 15.0
BLOCKS_X, BLOCKS_Y = 10, 9
HALL_W = PERIMETER_M + BLOCKS_X * (BLOCK_LEN_M + AISLE_M) + 1.0
HALL_D = PERIMETER_M + BLOCKS_Y * (2 * ROW_DEPTH_M + AISLE_M) + 1.0
TARGET_S = 0.5
CHROMIUM = Path("/usr/bin/chromium")


def big_hall() -> Hall:
    exits = [Exit(id="EN", at=(HALL_W / 2, 0.0), width=8.0, kind="entrance")]
    k = 1
    for x in (20.0, 55.0, 130.0, 165.0):
        exits += [Exit(id=f"E{k}", at=(x, 0.0), width=3.0)]
        k += 1
    for x in (20.0, 55.0, 92.0, 130.0, 165.0):
        exits += [Exit(id=f"E{k}", at=(x, HALL_D), width=3.0)]
        k += 1
    for y in (20.0, 60.0, 100.0):
        exits += [
            Exit(id=f"E{k}", at=(0.0, y), width=3.0),
            Exit(id=f"E{k + 1}", at=(HALL_W, y), width=3.0),
        ]
        k += 2
    outline = [(0.0, 0.0), (HALL_W, 0.0), (HALL_W, HALL_D), (0.0, HALL_D)]
    return Hall(id="hall-1", outline=outline, exits=exits, floor_load_kn_m2=20)


def edit_case(seed: int = 0) -> tuple[Event, Layout]:
    rng = random.Random(seed)
    hall = big_hall()
    made: list[tuple[Stand, str]] = []
    for by in range(BLOCKS_Y):
        y0 = PERIMETER_M + by * (2 * ROW_DEPTH_M + AISLE_M)
        for bx in range(BLOCKS_X):
            x0 = PERIMETER_M + bx * (BLOCK_LEN_M + AISLE_M)
            for row in range(2):
                ws = widths(rng, BLOCK_LEN_M)
                x = x0
                for i, w in enumerate(ws):
                    rid = f"s{by}{bx:02d}{row}{i}"
                    stand = Stand(
                        request_id=rid,
                        hall=hall.id,
                        x=x,
                        y=y0 + row * ROW_DEPTH_M,
                        width=w,
                        depth=ROW_DEPTH_M,
                    )
                    made.append((stand, "corner" if i in (0, len(ws) - 1) else "inline"))
                    x += w
    placed, dropped = made[:STANDS], made[STANDS:]
    requests = tuple(
        Request(
            id=s.request_id,
            name=f"Exhibitor {s.request_id}",
            area_m2=s.area,
            booth_type=kind,  # type: ignore[arg-type]
            tier=rng.randrange(4),
        )
        for s, kind in made
    )
    event = Event(
        name="edit benchmark",
        venue=Venue(id="bench", halls=[hall]),
        halls=(hall.id,),
        requests=requests,
        rules=Rules(max_travel_m=90.0),
    )
    layout = Layout(
        event=event.name,
        # Numbered, as `solve` writes them: the editor draws numbers from the file.
        stands=renumber(event, [s for s, _ in placed]),
        unplaced=[Unplaced(request_id=s.request_id, reason="benchmark cut") for s, _ in dropped],
    )
    return event, layout


def _summary(name: str, times: list[float], target: bool = True) -> str:
    med = statistics.median(times)
    line = f"{name}: median {med:.3f} s, max {max(times):.3f} s over {len(times)} changes"
    if target:
        line += f" ({'meets' if med <= TARGET_S else 'MISSES'} the {TARGET_S} s target)"
    return line


def server_round_trips(session: EditSession, moves: int) -> tuple[list[float], list[float]]:
    from fastapi.testclient import TestClient

    app = create_app(session, "bench", allowed_hosts=(*LOOPBACK_HOSTS, "testserver"))
    client = TestClient(app, headers={TOKEN_HEADER: "bench"})
    stand = session.layout.stands[len(session.layout.stands) // 2]
    times, full = [], []
    for k in range(moves):
        x = stand.x + (1.0 if k % 2 == 0 else 0.0)
        body = {"edit": {"op": "move", "request_id": stand.request_id, "x": x, "y": stand.y}}
        start = time.perf_counter()
        r = client.post("/api/edit", json=body)
        times.append(time.perf_counter() - start)
        assert r.status_code == 200, r.text
        session.settle()
        client.get(f"/api/halls/{stand.hall}.svg")
        full.append(time.perf_counter() - start)
    return times, full


def browser_round_trips(session: EditSession, moves: int) -> tuple[list[float], list[float]]:
    import uvicorn
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(
        uvicorn.Config(create_app(session, "bench"), port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.02)
    times: list[float] = []
    done: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            page = browser.new_page(viewport={"width": 1500, "height": 950})
            page.goto(f"http://127.0.0.1:{port}/?token=bench")
            page.wait_for_selector("body[data-ready='true']")
            stands = sorted(session.layout.stands, key=lambda s: (s.y, s.x))
            a, b = stands[200], stands[201]
            for k in range(moves):
                src = page.locator(f"g.stand[data-request-id='{a.request_id}'] .stand-body")
                box = src.bounding_box()
                dst = page.locator(f"g.stand[data-request-id='{b.request_id}'] .stand-body")
                tbox = dst.bounding_box()
                assert box is not None and tbox is not None
                want = "valid" if k % 2 else "invalid"
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.mouse.down()
                # Onto the neighbour (a C2 appears), then back next time (it goes).
                page.mouse.move(
                    tbox["x"] + tbox["width"] / 2 if k % 2 == 0 else box["x"] - box["width"] / 2,
                    box["y"] + box["height"] / 2,
                    steps=3,
                )
                start = time.perf_counter()
                page.mouse.up()
                if want == "invalid":
                    # The overlap's red outline is in the map and the verdict says so.
                    page.wait_for_selector(
                        "#map .violation[data-rule='C2']", state="attached", timeout=60_000
                    )
                    page.wait_for_selector("#verdict.invalid", timeout=60_000)
                else:
                    page.wait_for_selector("#map .violation", state="detached", timeout=60_000)
                times.append(time.perf_counter() - start)
                page.wait_for_function(
                    "() => !busy && !checkLoop && !S.checking.length", timeout=120_000
                )
                done.append(time.perf_counter() - start)
                a = session.stand(a.request_id)
            browser.close()
    finally:
        srv.should_exit = True
        thread.join(timeout=30)
    return times, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moves", type=int, default=10)
    args = parser.parse_args()
    event, layout = edit_case()
    report = validate(event, layout)
    print(
        f"edit: one hall of {HALL_W:g} x {HALL_D:g} m, {len(layout.stands)} stands, "
        f"starting layout {'valid' if report.valid else report.summary()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "layout.json"
        save_layout(layout, path)
        start = time.perf_counter()
        validate(event, layout, halls={"hall-1"})
        print(f"  validator on the hall alone: {time.perf_counter() - start:.3f} s")
        session = EditSession(event, path, layout, report, live=True)
        fast, full = server_round_trips(session, args.moves)
        session.close()
        print("  " + _summary("server, first answer (all rules but C4, C5, C7)", fast))
        print("  " + _summary("server, fully checked hall and its redrawn SVG", full, False))
        if CHROMIUM.exists():
            session = EditSession(event, path, layout, report, live=True)
            first, done = browser_round_trips(session, args.moves)
            session.close()
            print("  " + _summary("browser, mouse up to the finding drawn and verdict", first))
            print("  " + _summary("browser, mouse up to the fully checked map", done, False))
        else:
            print(f"  browser: skipped ({CHROMIUM} not installed; `make browser`)")


if __name__ == "__main__":
    main()
