"""`make bench`: floorplan against today's practice on every benchmark instance.

    python -m benchmarks.run [--only NAME] [--time-limit S] [--skip-baseline] [--write]

Each (instance, method) is laid out in a child process (`benchmarks.worker`)
so that its wall time and peak resident memory are those of the solve alone;
the layout is then judged by `floorplan.validate` here, in the parent. One
table row per run is printed as soon as it is done, floorplan's rows with the
issue's targets and PASS or MISS. The exit code is 1 only when a run crashed:
a missed target is a finding, not a failure of the benchmark.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.instances import INSTANCES_DIR
from floorplan.io import load_event, load_layout
from floorplan.model import Event, Layout

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results.md"
FAIRNESS_HIGHER_IS_BETTER = True
"""Direction of the validator's `fairness` metric; the baseline comparison depends on it."""
BASELINE_TIMEOUT_S = 600.0
VALIDATE_WORKERS = min(2, os.cpu_count() or 1)
"""Validation is not timed; two processes halve the wait on sixteen halls."""


@dataclass(frozen=True)
class Targets:
    """The issue's targets for one instance. Zero violations and beating the baseline
    apply to every instance and are not repeated here."""

    all_placed: bool = False
    min_area_share: float | None = None
    min_net_to_gross: float | None = None
    max_wall_s: float | None = None
    max_peak_mib: float | None = None
    reasons: bool = False

    def describe(self) -> str:
        parts = []
        if self.all_placed:
            parts.append("all placed")
        if self.min_area_share is not None:
            parts.append(f"area>={self.min_area_share:.0%}")
        if self.min_net_to_gross is not None:
            parts.append(f"n/g>={self.min_net_to_gross:.2f}")
        parts.append("0 viol")
        if self.reasons:
            parts.append("reasons")
        if self.max_wall_s is not None:
            parts.append(f"<={self.max_wall_s:g}s")
        if self.max_peak_mib is not None:
            parts.append(f"<{self.max_peak_mib / 1024:g}GiB")
        parts.append(">base")
        return ", ".join(parts)


@dataclass(frozen=True)
class Case:
    name: str
    event: Path
    time_limit_s: float
    targets: Targets


CASES: tuple[Case, ...] = (
    Case(
        "hk-auto-expo",
        ROOT / "examples" / "hk-auto-expo" / "event.yaml",
        60,
        Targets(all_placed=True, max_wall_s=60),
    ),
    Case("l-hall", INSTANCES_DIR / "l-hall" / "event.yaml", 60, Targets(max_wall_s=60)),
    Case(
        "six-halls",
        INSTANCES_DIR / "six-halls" / "event.yaml",
        120,
        Targets(min_area_share=0.99, max_wall_s=120),
    ),
    Case(
        "sixteen-halls",
        INSTANCES_DIR / "sixteen-halls" / "event.yaml",
        600,
        Targets(min_area_share=0.98, max_wall_s=600, max_peak_mib=4096),
    ),
    Case(
        "tight-hall",
        INSTANCES_DIR / "tight-hall" / "event.yaml",
        60,
        Targets(min_net_to_gross=0.55, reasons=True, max_wall_s=60),
    ),
)


@dataclass
class Run:
    """What one method achieved on one instance."""

    case: str
    method: str
    placed: int = 0
    requested: int = 0
    placed_m2: float = 0.0
    """Requested area of the placed requests: the demand served. A stand may be up to
    the area tolerance smaller than asked and still serve its request in full."""
    requested_m2: float = 0.0
    net_to_gross: float | None = None
    violations: int | None = None
    """None when no validator was available: never read as zero."""
    violation_kinds: Counter[str] = field(default_factory=Counter)
    fairness: float | None = None
    wall_s: float = 0.0
    peak_mib: float = 0.0
    missing_reasons: int = 0
    unplaced_reasons: Counter[str] = field(default_factory=Counter)
    error: str | None = None

    @property
    def area_share(self) -> float:
        return self.placed_m2 / self.requested_m2 if self.requested_m2 else 0.0


# --- running and measuring ---------------------------------------------------------------


@dataclass(frozen=True)
class ChildResult:
    exit_code: int
    wall_s: float
    peak_mib: float
    timed_out: bool


def run_child(cmd: Sequence[str], timeout_s: float) -> ChildResult:
    """Run `cmd` and report its wall time and peak RSS (from wait4, this child only).

    `RUSAGE_CHILDREN` would give the largest child so far, not this one.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=ROOT, stdout=subprocess.DEVNULL)
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout_s:
            timed_out = True
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped here; keep Popen from waiting again
    # ru_maxrss is in KiB on Linux.
    return ChildResult(code, wall, usage.ru_maxrss / 1024, timed_out)


def validator() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("floorplan.validate")
    except ImportError:
        return None
    validate = getattr(module, "validate", None)
    return validate if callable(validate) else None


def violation_kind(violation: Any) -> str:
    """A short label to group violations by: the rule when the report names one."""
    for attr in ("rule", "check", "kind", "code"):
        value = getattr(violation, attr, None)
        if value is not None:
            return str(value)
    return str(violation).split(":")[0][:40]


def measure(case: str, method: str, event: Event, layout: Layout) -> Run:
    """Figures of a layout: counted here from geometry, judged by the validator."""
    known = event.request_by_id
    stands = [s for s in layout.stands if s.request_id in known]
    gross = sum(h.gross_area for h in event.hall_models)
    run = Run(
        case=case,
        method=method,
        placed=len({s.request_id for s in stands}),
        requested=len(event.requests),
        placed_m2=sum(known[rid].area_m2 for rid in {s.request_id for s in stands}),
        requested_m2=sum(r.area_m2 for r in event.requests),
    )
    run.net_to_gross = sum(s.area for s in stands) / gross if gross else None
    listed = {s.request_id for s in stands} | {u.request_id for u in layout.unplaced}
    run.missing_reasons = sum(1 for u in layout.unplaced if not u.reason.strip()) + sum(
        1 for r in event.requests if r.id not in listed
    )
    run.unplaced_reasons = Counter(_reason_head(u.reason) for u in layout.unplaced)
    validate = validator()
    if validate is not None:
        takes_workers = "workers" in inspect.signature(validate).parameters
        report = (
            validate(event, layout, workers=VALIDATE_WORKERS)
            if takes_workers
            else validate(event, layout)
        )
        violations = list(report.violations)
        run.violations = len(violations)
        run.violation_kinds = Counter(violation_kind(v) for v in violations)
        metrics: dict[str, Any] = dict(getattr(report, "metrics", {}) or {})
        run.fairness = _number(metrics.get("fairness"))
        # The validator's own figures win where it gives them: it is the judge.
        run.placed = int(_pick(metrics, "placed", run.placed))
        run.requested = int(_pick(metrics, "requested", run.requested))
        run.net_to_gross = _pick(metrics, "net_to_gross", run.net_to_gross or 0.0)
    return run


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _pick(metrics: dict[str, Any], key: str, fallback: float) -> float:
    value = _number(metrics.get(key))
    return fallback if value is None else value


def _reason_head(reason: str) -> str:
    """Group reasons that differ only in numbers and ids."""
    words = reason.split()
    return " ".join(words[:6]) if words else "(no reason)"


def solve_case(case: Case, method: str, time_limit_s: float | None, scratch: Path) -> Run:
    out = scratch / f"{case.name}-{method}.json"
    cmd = [sys.executable, "-m", "benchmarks.worker", method, str(case.event), str(out)]
    if method == "floorplan":
        cmd += ["--time-limit", f"{time_limit_s or case.time_limit_s:g}"]
        timeout = 2 * (time_limit_s or case.time_limit_s) + 120
    else:
        timeout = BASELINE_TIMEOUT_S
    child = run_child(cmd, timeout)
    event = load_event(case.event)
    if child.exit_code != 0 or not out.exists():
        why = f"timed out after {child.wall_s:.0f}s" if child.timed_out else "crashed"
        run = Run(case.name, method, requested=len(event.requests), error=why)
    else:
        run = measure(case.name, method, event, load_layout(out))
    run.wall_s, run.peak_mib = child.wall_s, child.peak_mib
    return run


# --- judging and printing ----------------------------------------------------------------


def misses(case: Case, run: Run, base: Run | None) -> list[str]:
    """Which targets `run` misses; empty means PASS."""
    if run.error:
        return [run.error]
    t = case.targets
    out = []
    if run.violations is None:
        out.append("not validated")
    elif run.violations:
        out.append(f"{run.violations} violations")
    if t.all_placed and run.placed < run.requested:
        out.append(f"placed {run.placed}/{run.requested}")
    if t.min_area_share is not None and run.area_share < t.min_area_share:
        out.append(f"area {run.area_share:.1%}")
    if t.min_net_to_gross is not None and (run.net_to_gross or 0.0) < t.min_net_to_gross:
        out.append(f"n/g {run.net_to_gross or 0:.2f}")
    if t.reasons and run.missing_reasons:
        out.append(f"{run.missing_reasons} without reason")
    if t.max_wall_s is not None and run.wall_s > t.max_wall_s:
        out.append(f"wall {run.wall_s:.0f}s")
    if t.max_peak_mib is not None and run.peak_mib >= t.max_peak_mib:
        out.append(f"peak {run.peak_mib / 1024:.1f}GiB")
    if base is not None and not base.error:
        if run.placed_m2 <= base.placed_m2:
            out.append("area <= base")
        if run.fairness is None or base.fairness is None:
            out.append("fairness n/a")
        elif not fairer(run.fairness, base.fairness):
            out.append("fairness <= base")
    return out


def fairer(ours: float, theirs: float) -> bool:
    return ours > theirs if FAIRNESS_HIGHER_IS_BETTER else ours < theirs


COLUMNS = (
    ("instance", 13),
    ("method", 9),
    ("placed", 9),
    ("area", 6),
    ("net/gross", 9),
    ("violations", 10),
    ("fairness", 8),
    ("wall s", 6),
    ("peak MiB", 8),
    ("target", 40),
    ("result", 20),
)


def table_line(cells: Sequence[str]) -> str:
    padded = [c.ljust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)]
    return "| " + " | ".join(padded) + " |"


def table_header() -> list[str]:
    return [
        table_line([name for name, _ in COLUMNS]),
        "|" + "|".join("-" * (w + 2) for _, w in COLUMNS) + "|",
    ]


def row_cells(case: Case, run: Run, base: Run | None, judged: bool) -> list[str]:
    if run.error:
        figures = ["-"] * 5
    else:
        figures = [
            f"{run.placed}/{run.requested}",
            f"{run.area_share:.1%}",
            f"{run.net_to_gross:.2f}" if run.net_to_gross is not None else "n/a",
            str(run.violations) if run.violations is not None else "n/a",
            f"{run.fairness:.3f}" if run.fairness is not None else "n/a",
        ]
    if judged:
        missed = misses(case, run, base)
        target = case.targets.describe()
        result = "PASS" if not missed else "MISS: " + "; ".join(missed)
    else:
        target, result = "-", "-"
    return [
        case.name,
        run.method,
        *figures,
        f"{run.wall_s:.1f}",
        f"{run.peak_mib:.0f}",
        target,
        result,
    ]


def notes(runs: Sequence[Run]) -> list[str]:
    """Why rows look as they do: top violation kinds and unplaced reasons per run."""
    lines = []
    for run in runs:
        parts = []
        if run.violation_kinds:
            kinds = ", ".join(f"{k} x{n}" for k, n in run.violation_kinds.most_common(4))
            parts.append(f"violations: {kinds}")
        if run.unplaced_reasons:
            reasons = "; ".join(f"{k}... x{n}" for k, n in run.unplaced_reasons.most_common(3))
            parts.append(f"unplaced: {reasons}")
        if parts:
            lines.append(f"- {run.case} / {run.method}: " + " | ".join(parts))
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        ortools = version("ortools")
    except Exception:  # pragma: no cover - only for the results header
        ortools = "?"
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"OR-Tools {ortools}, {platform.system()} {platform.release()}"
    )


def select(names: Sequence[str] | None) -> list[Case]:
    if not names:
        return list(CASES)
    wanted = [n for name in names for n in name.split(",") if n]
    known = {c.name for c in CASES}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise SystemExit(f"unknown instance(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [c for c in CASES if c.name in wanted]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--only", action="append", help="instance name(s), comma-separated")
    parser.add_argument("--time-limit", type=float, help="solver limit for every instance (s)")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.name}")
    args = parser.parse_args(argv)
    cases = select(args.only)
    started = datetime.now(UTC)
    lines = table_header()
    print("\n".join(lines), flush=True)
    runs: list[Run] = []
    crashed = False
    with tempfile.TemporaryDirectory(prefix="floorplan-bench-") as tmp:
        for case in cases:
            if not case.event.exists():
                print(f"skipping {case.name}: {case.event} is missing", file=sys.stderr)
                continue
            base = None
            if not args.skip_baseline:
                print(f"{case.name}: baseline ...", file=sys.stderr, flush=True)
                base = solve_case(case, "baseline", None, Path(tmp))
            limit = args.time_limit or case.time_limit_s
            print(f"{case.name}: floorplan (limit {limit:g}s) ...", file=sys.stderr, flush=True)
            ours = solve_case(case, "floorplan", args.time_limit, Path(tmp))
            for run, judged in ((ours, True), (base, False)):
                if run is None:
                    continue
                crashed |= run.error == "crashed"
                runs.append(run)
                line = table_line(row_cells(case, run, base, judged))
                lines.append(line)
                print(line, flush=True)
    extra = notes(runs)
    if extra:
        print("\n" + "\n".join(extra))
    if args.write:
        write_results(lines, extra, started, args)
    return 1 if crashed else 0


def write_results(
    lines: list[str], extra: list[str], started: datetime, args: argparse.Namespace
) -> None:
    command = "python -m benchmarks.run " + " ".join(sys.argv[1:])
    header = [
        "# Benchmark results",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC on {machine()}.",
        f"Command: `{command.strip()}`.",
    ]
    if args.time_limit:
        header.append(f"Solver time limit overridden to {args.time_limit:g} s; targets unchanged.")
    header.append("")
    text = "\n".join([*header, *lines, "", *extra]) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
