"""Re-layout stability (issue 6): five contract changes, then a re-solve from the baseline.

For each instance: solve from scratch, apply a scripted change set (one
cancellation, two new requests of 18 and 120 m2, one area +20%, one -20%),
re-solve with the first layout as baseline, and print the share of unchanged
requests whose stand is identical, both wall times and the validator's
violations. Targets (issue 10): >= 97% identical, 0 violations, re-solve within 0.3 x the
solve from scratch.

    python -m benchmarks.relayout [--only NAME]
    python -m benchmarks.relayout --events DIR [DIR ...] [--time-limit 30]

`--events` runs the same changes on other event folders (each with an event.yaml, as
`benchmarks.fuzz` writes them) and prints the mean share of the solve from scratch.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from floorplan.io import load_event
from floorplan.model import Event, Layout, Request
from floorplan.solve import solve
from floorplan.validate import validate

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "hk-auto-expo": (ROOT / "examples" / "hk-auto-expo" / "event.yaml", 60.0),
    "six-halls": (ROOT / "benchmarks" / "instances" / "six-halls" / "event.yaml", 120.0),
}
RESOLVE_SHARE = 0.3
"""A re-solve takes at most this share of the solve from scratch."""


def changed(event: Event) -> tuple[Event, set[str]]:
    """The scripted change set; returns the new event and the ids it touched."""
    plain = [
        r
        for r in sorted(event.requests, key=lambda r: r.id)
        if r.booth_type in ("inline", None)
        and r.exact_size is None
        and not r.pavilion
        and not r.keep_apart
        and 18 <= r.area_m2 <= 72
    ]
    cancel, grow, shrink = plain[0], plain[1], plain[2]
    requests: list[Request] = []
    for r in event.requests:
        if r.id == cancel.id:
            continue
        if r.id == grow.id:
            r = r.model_copy(update={"area_m2": round(r.area_m2 * 1.2, 1)})
        if r.id == shrink.id:
            r = r.model_copy(update={"area_m2": round(r.area_m2 * 0.8, 1)})
        requests.append(r)
    requests.append(Request(id="new-18", name="Newcomer 18", area_m2=18, booth_type="inline"))
    requests.append(Request(id="new-120", name="Newcomer 120", area_m2=120, tier=1))
    touched = {cancel.id, grow.id, shrink.id, "new-18", "new-120"}
    data = {**{k: getattr(event, k) for k in Event.model_fields}, "requests": tuple(requests)}
    return Event.model_validate(data), touched


def identical_share(old: Layout, new: Layout, touched: set[str]) -> tuple[int, int]:
    def place(layout: Layout) -> dict[str, tuple[str, float, float, float, float]]:
        return {s.request_id: (s.hall, s.x, s.y, s.width, s.depth) for s in layout.stands}

    before, after = place(old), place(new)
    unchanged = [rid for rid in before if rid not in touched]
    return sum(after.get(rid) == before[rid] for rid in unchanged), len(unchanged)


def run(name: str, path: Path, limit: float) -> str:
    return _row(name, *measure(path, limit))


def measure(path: Path, limit: float) -> tuple[int, int, int, int, float, float]:
    """Identical stands, unchanged stands, newcomers placed, violations, and the seconds of
    the solve from scratch and of the re-solve."""
    event = load_event(path, warn=lambda _: None)
    t0 = time.monotonic()
    first = solve(event, time_limit_s=limit).layout
    scratch_s = time.monotonic() - t0
    new_event, touched = changed(event)
    t0 = time.monotonic()
    second = solve(new_event, time_limit_s=limit, baseline=first).layout
    resolve_s = time.monotonic() - t0
    same, total = identical_share(first, second, touched)
    violations = len(validate(new_event, second).violations)
    new_placed = sum(s.request_id in ("new-18", "new-120") for s in second.stands)
    return same, total, new_placed, violations, scratch_s, resolve_s


def _row(
    name: str,
    same: int,
    total: int,
    new_placed: int,
    violations: int,
    scratch_s: float,
    resolve_s: float,
) -> str:
    share = same / total if total else 1.0
    ok = share >= 0.97 and violations == 0 and resolve_s <= RESOLVE_SHARE * scratch_s
    return (
        f"| {name:<13} | {same}/{total} = {share:6.1%} | {new_placed}/2 new placed | "
        f"{violations:>10} | {scratch_s:8.1f} | {resolve_s:9.1f} | {'PASS' if ok else 'MISS'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=sorted(CASES))
    parser.add_argument("--events", nargs="+", type=Path, help="event folders to change")
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    print(
        "| instance      | identical stands  | new requests    | violations | scratch s "
        "| re-solve s | >=97%, 0 viol, <=0.3x |"
    )
    print(
        "|---------------|-------------------|-----------------|------------|-----------|------------|------|"
    )
    if args.events:
        shares = []
        for folder in args.events:
            try:
                got = measure(folder / "event.yaml", args.time_limit)
            except IndexError:  # fewer than three plain requests to change
                print(f"| {folder.name:<13} | (too few plain requests to change) |")
                continue
            shares.append(got[5] / got[4])
            print(_row(folder.name, *got), flush=True)
        print(f"re-solve / solve from scratch: mean {sum(shares) / len(shares):.2f}")
        return
    for name, (path, limit) in CASES.items():
        if args.only in (None, name):
            print(run(name, path, limit), flush=True)


if __name__ == "__main__":
    main()
