"""How long `validate` takes on a large show: 1,500 stands over 16 halls.

The layout is synthetic and built in code (no files): sixteen 80 x 76 m
halls, each with blocks of back-to-back rows (stands 4.5-7.5 m wide, 5 m deep)
between 3 m aisles and a 4 m perimeter aisle, about 94 stands per hall.
Run: `python -m benchmarks.bench_validate [--workers N] [--halls N]`.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from floorplan.model import Event, Exit, Hall, Layout, Request, Rules, Stand, Unplaced, Venue
from floorplan.validate import validate

HALL_W, HALL_D = 80.0, 76.0
PERIMETER_M = 4.0
AISLE_M = 3.0
ROW_DEPTH_M = 5.0
BLOCK_LEN_M = 15.0
STANDS = 1500


def bench_hall(hall_id: str) -> Hall:
    exits = [Exit(id="EN", at=(HALL_W / 2, 0.0), width=8.0, kind="entrance")]
    k = 1
    for x in (16.0, 64.0):
        exits += [
            Exit(id=f"E{k}", at=(x, 0.0), width=3.0),
            Exit(id=f"E{k + 1}", at=(x, HALL_D), width=3.0),
        ]
        k += 2
    for y in (19.0, 57.0):
        exits += [
            Exit(id=f"E{k}", at=(0.0, y), width=3.0),
            Exit(id=f"E{k + 1}", at=(HALL_W, y), width=3.0),
        ]
        k += 2
    outline = [(0.0, 0.0), (HALL_W, 0.0), (HALL_W, HALL_D), (0.0, HALL_D)]
    return Hall(id=hall_id, outline=outline, exits=exits, floor_load_kn_m2=20, ceiling_height_m=15)


def widths(rng: random.Random, total: float) -> list[float]:
    """Split a row of `total` metres into stand widths of 4.5-7.5 m on the 0.5 m grid."""
    out: list[float] = []
    left = total
    while left > 9.0:
        w = rng.choice([4.5, 5.0, 6.0, 7.5])
        if left - w < 4.5:
            w = left - 4.5
        out.append(w)
        left -= w
    if left > 7.5:
        out += [left - 4.5, 4.5]
    else:
        out.append(left)
    return out


def bench_stands(rng: random.Random, hall_id: str) -> list[tuple[Stand, str | None]]:
    """(stand, booth type) for one hall: 5 x 4 blocks of two back-to-back rows."""
    out: list[tuple[Stand, str | None]] = []
    block_depth = 2 * ROW_DEPTH_M
    for by in range(5):
        y0 = PERIMETER_M + by * (block_depth + AISLE_M)
        for bx in range(4):
            x0 = PERIMETER_M + bx * (BLOCK_LEN_M + AISLE_M)
            for row in range(2):
                ws = widths(rng, BLOCK_LEN_M)
                x = x0
                for i, w in enumerate(ws):
                    end = i in (0, len(ws) - 1)
                    stand = Stand(
                        request_id=f"{hall_id}-{by}{bx}{row}-{i}",
                        hall=hall_id,
                        x=x,
                        y=y0 + row * ROW_DEPTH_M,
                        width=w,
                        depth=ROW_DEPTH_M,
                    )
                    out.append((stand, "corner" if end else "inline"))
                    x += w
    return out


def bench_case(halls: int = 16, seed: int = 0) -> tuple[Event, Layout]:
    rng = random.Random(seed)
    hall_models = [bench_hall(f"hall-{k + 1}") for k in range(halls)]
    placed: list[tuple[Stand, str | None]] = []
    dropped: list[tuple[Stand, str | None]] = []
    for k, h in enumerate(hall_models):
        # spread STANDS evenly: 93 or 94 per hall; the rest of the generated rows go unplaced
        quota = STANDS * (k + 1) // 16 - STANDS * k // 16
        stands = bench_stands(rng, h.id)
        placed += stands[:quota]
        dropped += stands[quota:]
    requests = [
        Request(
            id=s.request_id,
            name=f"Exhibitor {s.request_id}",
            area_m2=s.area,
            booth_type=kind,  # type: ignore[arg-type]
            tier=rng.randrange(4),
        )
        for s, kind in placed + dropped
    ]
    venue = Venue(id="bench", halls=hall_models)
    event = Event(
        name="validate benchmark",
        venue=venue,
        halls=tuple(h.id for h in hall_models),
        requests=tuple(requests),
        rules=Rules(),
    )
    layout = Layout(
        event=event.name,
        stands=[s for s, _ in placed],
        unplaced=[Unplaced(request_id=s.request_id, reason="benchmark cut") for s, _ in dropped],
    )
    return event, layout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--halls", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    event, layout = bench_case(args.halls)
    start, cpu = time.perf_counter(), time.process_time()
    report = validate(event, layout, workers=args.workers)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    m = report.metrics
    rules = Counter(v.rule for v in report.violations)
    print(
        f"validate: {len(layout.stands)} stands, {args.halls} halls, workers={args.workers}: "
        f"{wall:.2f} s wall ({cpu:.2f} s CPU in this process)"
    )
    print(
        f"  valid={report.valid} violations={dict(rules)} placed={m['placed']}/{m['requested']} "
        f"net_to_gross={m['net_to_gross']} longest_travel={m['longest_travel_m']} m "
        f"fairness={m['fairness']}"
    )


if __name__ == "__main__":
    main()
