"""How long the hall maps take: 1,500 stands in 16 halls of 80 x 76 m.

`python -m benchmarks.bench_render [--out DIR] [--halls N] [--stands N]`
builds a synthetic layout (double rows of stands between 3 m aisles, cross
aisles every block, a few large islands), then times the validator and
`render_layout` separately and prints one line per phase. The target is
all maps within 60 s on 2 cores.

The layout is built in code, not solved: the benchmark measures drawing,
and must not move when the solver changes.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from shapely import box

from floorplan.model import Event, Exit, Hall, KeepOut, Layout, Request, Rules, Stand, Venue

HALL_W, HALL_D = 80.0, 76.0
AISLE = 3.0
ROW_DEPTH = 3.0
BLOCK_LEN = 30.0
WIDTHS = (3.0, 3.0, 4.5, 6.0, 3.0, 9.0, 4.5, 3.0, 6.0, 3.0)
CATEGORIES = (
    "carmaker",
    "battery",
    "adas",
    "chip",
    "cockpit",
    "charging",
    "radar",
    "v2x",
    "robotaxi",
    "display",
    "research",
    "tooling",
)
WORDS = [
    "Apex",
    "Binary",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbour",
    "Iris",
    "Juniper",
    "Kite",
    "Lumen",
    "Meridian",
    "Nova",
    "Orbit",
    "Pioneer",
    "Quantum",
    "Radiant",
    "Summit",
    "Titan",
    "Umbra",
    "Vertex",
    "Willow",
    "Xenon",
    "Yonder",
    "Zenith",
]
SUFFIXES = ("Ltd", "Technologies", "Automotive Systems", "GmbH", "Co.", "Holdings", "Labs", "")


def _hall(i: int) -> Hall:
    w, d = HALL_W, HALL_D
    return Hall(
        id=f"hall-{i + 1}",
        name=f"Hall {i + 1}",
        outline=[(0, 0), (w, 0), (w, d), (0, d)],
        ceiling_height_m=10,
        floor_load_kn_m2=15,
        columns=[(26.5, 37.5, 1, 1), (52.5, 37.5, 1, 1)],
        keep_out=[
            KeepOut(polygon=[(0, 30), (1, 30), (1, 31.5), (0, 31.5)], reason="fire hose reel"),
            KeepOut(polygon=[(79, 45), (80, 45), (80, 46.5), (79, 46.5)], reason="fire hose reel"),
        ],
        exits=[
            Exit(id="E1", at=(w / 2, 0), width=8, kind="entrance"),
            Exit(id="E2", at=(15, 0), width=2.4),
            Exit(id="E3", at=(65, 0), width=2.4),
            Exit(id="E4", at=(w, 20), width=2.4),
            Exit(id="E5", at=(w, 56), width=2.4),
            Exit(id="E6", at=(w / 2, d), width=6),
            Exit(id="E7", at=(0, 20), width=2.4),
            Exit(id="E8", at=(0, 56), width=2.4),
        ],
    )


def _name(k: int) -> str:
    a, b = WORDS[k % len(WORDS)], WORDS[(k * 7 + 3) % len(WORDS)]
    suffix = SUFFIXES[k % len(SUFFIXES)]
    return f"{a} {b} {suffix}".strip()


def _hall_stands(hall: Hall, quota: int, start: int) -> list[tuple[float, float, float, float]]:
    """Stand rectangles for one hall: an island zone at the back, double rows in front."""
    rects: list[tuple[float, float, float, float]] = []
    # Two large islands in the back third: a car maker and a tier-2 island.
    rects.append((7.0, 50.0, 30.0, 20.0))
    rects.append((43.0, 52.0, 20.0, 16.0))
    obstacles = hall.obstacles
    y = 7.0
    k = start
    while y + 2 * ROW_DEPTH <= 47.0 and len(rects) < quota:
        for bx in (7.0, 7.0 + BLOCK_LEN + AISLE * 2):
            for row in (0, 1):
                x = bx
                while len(rects) < quota:
                    w = WIDTHS[k % len(WIDTHS)]
                    k += 1
                    if x + w > bx + BLOCK_LEN:
                        break
                    r = (x, y + row * ROW_DEPTH, w, ROW_DEPTH)
                    if not any(
                        box(r[0], r[1], r[0] + w, r[1] + r[3]).intersects(o) for o in obstacles
                    ):
                        rects.append(r)
                    x += w
        y += 2 * ROW_DEPTH + AISLE
    return rects[:quota]


def synthetic(n_halls: int = 16, n_stands: int = 1500) -> tuple[Event, Layout]:
    halls = [_hall(i) for i in range(n_halls)]
    requests: list[Request] = []
    stands: list[Stand] = []
    per_hall = [n_stands // n_halls + (1 if i < n_stands % n_halls else 0) for i in range(n_halls)]
    k = 0
    for hall, quota in zip(halls, per_hall, strict=True):
        for j, (x, y, w, d) in enumerate(_hall_stands(hall, quota, k)):
            rid = f"x{k:05d}"
            cat = "carmaker" if j == 0 else CATEGORIES[(k * 5) % len(CATEGORIES)]
            requests.append(
                Request(id=rid, name=_name(k), area_m2=w * d, category=cat, tier=3 if j < 2 else 0)
            )
            stands.append(Stand(request_id=rid, hall=hall.id, x=x, y=y, width=w, depth=d))
            k += 1
    venue = Venue(id="synthetic", name="Synthetic venue", halls=halls)
    event = Event(
        name=f"Synthetic render benchmark: {len(stands)} stands in {n_halls} halls",
        venue=venue,
        halls=tuple(h.id for h in halls),
        requests=tuple(requests),
        rules=Rules(aisle_width_m=AISLE),
    )
    layout = Layout(
        event=event.name,
        stands=stands,
        metrics={"placed": len(stands), "requested": len(requests)},
    )
    return event, layout


def _cpu() -> float:
    """CPU seconds of this process and its finished children: honest on a busy machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="keep the maps in this folder")
    parser.add_argument("--halls", type=int, default=16)
    parser.add_argument("--stands", type=int, default=1500)
    parser.add_argument("--format", default="png")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: auto)")
    args = parser.parse_args()

    from floorplan.render import render_layout
    from floorplan.render.verdict import run_validator

    cpu0 = _cpu()
    t0 = time.perf_counter()
    event, layout = synthetic(args.halls, args.stands)
    t1 = time.perf_counter()
    report = run_validator(event, layout)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        paths = render_layout(
            event, layout, out, fmt=args.format, report=report, workers=args.workers
        )
        t3 = time.perf_counter()
    cpu = _cpu() - cpu0
    print(f"layout   {len(layout.stands)} stands in {args.halls} halls  {t1 - t0:6.2f} s")
    status = "no validator" if report is None else f"{len(report.violations)} violations"
    print(f"validate {status:<30} {t2 - t1:6.2f} s")
    print(f"render   {len(paths)} {args.format} files{'':<18} {t3 - t2:6.2f} s")
    print(f"total    {'':<30} {t3 - t0:6.2f} s  (target 60 s)")
    print(f"cpu      {'all processes, user + system':<30} {cpu:6.2f} s")


if __name__ == "__main__":
    main()
