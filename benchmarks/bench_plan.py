"""How long `validate` takes on an organiser's plan of 360 sold stands, polygons among them.

The plan is `benchmarks/organiser_plan.py`'s drawing (L-shapes, stands notched
round columns, trapezoids along a diagonal wall, a feature area), imported
with `import-dxf --layout --event` into a temporary directory, then validated
once. Target (issue 12): <= 10 s on 2 cores.
Run: `python -m benchmarks.bench_plan [--stands N] [--workers N]`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.organiser_plan import build
from floorplan.cad import read_dxf_plan
from floorplan.io import load_event
from floorplan.validate import validate

TARGET_S = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stands", type=int, default=364, help="drawn; 4 stay unsold")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        drawn = build(here, stands=args.stands)
        plan = read_dxf_plan(here / "plan.dxf", here / "event.yaml", warn=lambda _: None)
        (here / "venue.yaml").write_text(plan.venue.yaml, encoding="utf-8")
        event = load_event(here / "event.yaml")
        layout = plan.layout
        start, cpu = time.perf_counter(), time.process_time()
        report = validate(event, layout, workers=args.workers)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    polygons = sum(1 for s in layout.stands if not s.is_rect)
    verdict = "PASS" if wall <= TARGET_S else "MISS"
    print(
        f"validate organiser plan: {len(layout.stands)} stands ({polygons} polygons: "
        f"{dict(sorted(Counter(s.kind for s in drawn.stands if s.kind != 'rect').items()))}), "
        f"workers={args.workers}: {wall:.2f} s wall ({cpu:.2f} s CPU in this process); "
        f"target <= {TARGET_S:g} s: {verdict}"
    )
    m = report.metrics
    print(
        f"  valid={report.valid} violations={dict(Counter(v.rule for v in report.violations))} "
        f"placed={m['placed']}/{m['requested']} net_to_gross={m['net_to_gross']} "
        f"longest_travel={m['longest_travel_m']} m"
    )


if __name__ == "__main__":
    main()
