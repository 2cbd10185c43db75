"""`make bench`: floorplan against two yardsticks on every benchmark instance.

    python -m benchmarks.run [--only NAME] [--time-limit S] [--skip-baseline] [--skip-shelf]
                             [--skip-floorplan] [--load-check NAMES | --no-load-check] [--write]

Each (instance, method) is laid out in a child process (`benchmarks.worker`,
or for Hong Kong the real `floorplan solve` command, maps included) so that
its wall time and peak resident memory are those of that run alone; the
layout is then judged by `floorplan.validate` here, in the parent. The
yardsticks are the module-grid baseline (`baseline.py`) and a greedy shelf
packer (`shelf.py`). One table row per run is printed as soon as it is done,
floorplan's rows with the issue's targets and PASS or MISS. A last row solves
one instance again while CPU-bound processes keep every core busy and says
whether layout.json came out the same. The exit code is 1 only when a run
crashed: a missed target is a finding, not a failure of the benchmark.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import platform
import signal
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
BASELINE_TIMEOUT_S = 600.0
VALIDATE_WORKERS = min(2, os.cpu_count() or 1)
"""Validation is not timed; two processes halve the wait on sixteen halls."""
REFERENCES = ("baseline", "shelf")
"""The yardsticks floorplan must beat on area: the module grid and the shelf packer."""
MIN_FAIRNESS = 0.8
MIN_ALIGNED = 0.85
EVERY_INSTANCE = (
    f"every instance also: 0 violations, more area than the module grid and the shelf packer, "
    f"fairness >= {MIN_FAIRNESS:g}, aligned edges >= {MIN_ALIGNED:g}, solver.deterministic true"
)


@dataclass(frozen=True)
class Targets:
    """The issue's targets for one instance. What applies to every instance (zero
    violations, more area than the yardsticks, fairness, aligned edges, determinism) is
    judged for every floorplan row and not repeated here (`EVERY_INSTANCE`)."""

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
        parts.append("+every")
        return ", ".join(parts)


@dataclass(frozen=True)
class Case:
    name: str
    event: Path
    time_limit_s: float
    targets: Targets
    cli: bool = False
    """Run the real `floorplan solve` command (maps included) rather than `solve()`."""


def _instance(name: str) -> Path:
    return INSTANCES_DIR / name / "event.yaml"


CASES: tuple[Case, ...] = (
    Case(
        "hk-auto-expo",
        ROOT / "examples" / "hk-auto-expo" / "event.yaml",
        20,
        Targets(all_placed=True, max_wall_s=20),
        cli=True,
    ),
    Case(
        "organiser-hall",
        _instance("organiser-hall"),
        120,
        Targets(all_placed=True, max_wall_s=120),
    ),
    Case(
        "organiser-hall-plus", _instance("organiser-hall-plus"), 120, Targets(min_area_share=0.95)
    ),
    Case(
        "organiser-columns",
        _instance("organiser-columns"),
        60,
        Targets(all_placed=True, max_wall_s=60),
        cli=True,
    ),
    Case("l-hall", _instance("l-hall"), 60, Targets()),
    Case("two-halls-fine", _instance("two-halls-fine"), 60, Targets()),
    Case(
        "six-halls",
        _instance("six-halls"),
        60,
        Targets(min_area_share=0.995, max_wall_s=60),
    ),
    Case(
        "sixteen-halls",
        _instance("sixteen-halls"),
        180,
        Targets(min_area_share=0.99, max_wall_s=180, max_peak_mib=2048),
    ),
    Case(
        "tight-hall",
        _instance("tight-hall"),
        60,
        Targets(min_net_to_gross=0.60, reasons=True),
    ),
)
LOAD_CHECK = "hk-auto-expo,organiser-columns,six-halls"
"""The instances solved again with every core busy (`--load-check`, comma-separated):
the whole Hong Kong command at its 20 s limit, the whole command for the hall with a
column grid at its 60 s (its notched stands' proof once ran it 10% past the limit), and
six halls."""


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
    fairness_max: float | None = None
    """The highest fairness the metric allows with these tiers in these halls: Kendall's
    tau-b of tier against a distance with no ties is at most sqrt(1 - tied pairs / pairs)
    per hall (stand-weighted over the halls the validator counts)."""
    aligned: float | None = None
    """The validator's `aligned_edges`: share of block edges on a line with another block's."""
    deterministic: bool | None = None
    """floorplan's `solver.deterministic` in layout.json; None for the yardsticks."""
    same_as_idle: bool | None = None
    """For the load check only: layout.json identical (but for wall_s) to the idle run's."""
    differing: int = 0
    """For the load check: stands (or unplaced entries) that differ from the idle run."""
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

    The child is started by `benchmarks.launch`, a small process, so that its
    peak does not include this runner's memory (see there); `RUSAGE_CHILDREN`
    would give the largest child so far, not this one. On timeout the launcher's
    whole process group is killed.
    """
    with tempfile.TemporaryDirectory(prefix="floorplan-child-") as tmp:
        report = Path(tmp) / "peak"
        launcher = [sys.executable, "-m", "benchmarks.launch", str(report)]
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*launcher, *cmd], cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True
        )
        timed_out = False
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        wall = time.perf_counter() - start
        text = report.read_text(encoding="utf-8").strip() if report.exists() else ""
    peak_kib = float(text) if text else 0.0
    return ChildResult(proc.returncode, wall, peak_kib / 1024, timed_out)


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
    if method == "floorplan" and layout.solver is not None:
        flag = (layout.solver.model_extra or {}).get("deterministic")
        run.deterministic = flag if isinstance(flag, bool) else None
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
        run.fairness_max = fairness_ceiling(event, layout)
        run.aligned = _number(metrics.get("aligned_edges"))
        # The validator's own figures win where it gives them: it is the judge.
        run.placed = int(_pick(metrics, "placed", run.placed))
        run.requested = int(_pick(metrics, "requested", run.requested))
        run.net_to_gross = _pick(metrics, "net_to_gross", run.net_to_gross or 0.0)
    return run


def fairness_ceiling(event: Any, layout: Any) -> float | None:
    """Stand-weighted mean over halls of the best tau-b their tiers allow (see `Run`)."""
    tiers: dict[str, list[int]] = {}
    for s in layout.stands:
        req = event.request_by_id.get(s.request_id)
        if req is not None:
            tiers.setdefault(s.hall, []).append(req.tier)
    total = weight = 0.0
    for hall_tiers in tiers.values():
        n = len(hall_tiers)
        if n < 2 or len(set(hall_tiers)) < 2:
            continue
        pairs = n * (n - 1) / 2
        tied = sum(k * (k - 1) / 2 for k in Counter(hall_tiers).values())
        total += (1 - tied / pairs) ** 0.5 * n
        weight += n
    return total / weight if weight else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _pick(metrics: dict[str, Any], key: str, fallback: float) -> float:
    value = _number(metrics.get(key))
    return fallback if value is None else value


def _reason_head(reason: str) -> str:
    """Group reasons that differ only in numbers and ids."""
    words = reason.split()
    return " ".join(words[:6]) if words else "(no reason)"


def command(case: Case, method: str, time_limit_s: float | None, out: Path) -> list[str]:
    """The child's command line; `out` is where its layout.json ends up."""
    limit = f"{time_limit_s or case.time_limit_s:g}"
    if method == "floorplan" and case.cli:
        # The whole product command, maps included: what a user times.
        return [
            *(sys.executable, "-m", "floorplan", "solve", str(case.event), "-o", str(out.parent)),
            *("--time-limit", limit, "--quiet"),
        ]
    cmd = [sys.executable, "-m", "benchmarks.worker", method, str(case.event), str(out)]
    return cmd + (["--time-limit", limit] if method == "floorplan" else [])


def solve_case(
    case: Case, method: str, time_limit_s: float | None, scratch: Path, tag: str = ""
) -> Run:
    folder = scratch / f"{case.name}-{method}{tag}"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "layout.json"
    if method == "floorplan":
        timeout = 2 * (time_limit_s or case.time_limit_s) + 120
    else:
        timeout = BASELINE_TIMEOUT_S
    child = run_child(command(case, method, time_limit_s, out), timeout)
    event = load_event(case.event)
    if child.exit_code != 0 or not out.exists():
        why = f"timed out after {child.wall_s:.0f}s" if child.timed_out else "crashed"
        run = Run(case.name, method, requested=len(event.requests), error=why)
    else:
        run = measure(case.name, method, event, load_layout(out))
    run.wall_s, run.peak_mib = child.wall_s, child.peak_mib
    return run


# --- judging and printing ----------------------------------------------------------------


def misses(case: Case, run: Run, refs: dict[str, Run] | None = None) -> list[str]:
    """Which targets `run` misses; empty means PASS. `refs`: the yardsticks' runs."""
    if run.error:
        return [run.error]
    if run.same_as_idle is not None:
        # The load check judges determinism only; its other figures repeat the idle row.
        out = [] if run.same_as_idle else [f"differs from idle run ({run.differing})"]
        return out + ([] if run.deterministic else ["not deterministic"])
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
    for name, ref in (refs or {}).items():
        # Placing every request cannot be beaten: a tie at 100% passes.
        if not ref.error and run.placed_m2 <= ref.placed_m2 and run.area_share < 1 - 1e-9:
            out.append(f"area <= {name}")
    if run.fairness is None:
        out.append("fairness n/a")
    elif run.fairness < MIN_FAIRNESS:
        out.append(f"fairness {run.fairness:.2f}")
    if run.aligned is None:
        out.append("aligned n/a")
    elif run.aligned < MIN_ALIGNED:
        out.append(f"aligned {run.aligned:.2f}")
    if run.deterministic is not True:
        out.append("not deterministic" if run.deterministic is False else "deterministic n/a")
    return out


COLUMNS = (
    ("instance", 19),
    ("method", 14),
    ("placed", 9),
    ("area", 6),
    ("net/gross", 9),
    ("violations", 10),
    ("fairness/max", 12),
    ("aligned", 7),
    ("determ.", 7),
    ("wall s", 6),
    ("peak MiB", 8),
    ("target", 36),
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


def row_cells(case: Case, run: Run, refs: dict[str, Run] | None, judged: bool) -> list[str]:
    if run.error:
        figures = ["-"] * 7
    else:
        figures = [
            f"{run.placed}/{run.requested}",
            f"{run.area_share:.1%}",
            f"{run.net_to_gross:.2f}" if run.net_to_gross is not None else "n/a",
            str(run.violations) if run.violations is not None else "n/a",
            (
                f"{run.fairness:.2f}/{run.fairness_max:.2f}"
                if run.fairness is not None and run.fairness_max is not None
                else f"{run.fairness:.3f}"
                if run.fairness is not None
                else "n/a"
            ),
            f"{run.aligned:.3f}" if run.aligned is not None else "n/a",
            _yes_no(run.deterministic if run.same_as_idle is None else run.same_as_idle),
        ]
    if judged:
        missed = misses(case, run, refs)
        target = case.targets.describe()
        if run.same_as_idle is not None:
            target = "same layout.json as idle"
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


def _yes_no(flag: bool | None) -> str:
    return "-" if flag is None else ("yes" if flag else "no")


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


def layout_difference(a: Path, b: Path) -> int:
    """How many stands and unplaced entries differ between two layout.json files, after
    dropping `solver.wall_s` (the one field allowed to differ); 0 means identical."""
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    for data in (first, second):
        (data.get("solver") or {}).pop("wall_s", None)
    if first == second:
        return 0
    count = 0
    for key in ("stands", "unplaced"):
        left = {e["request_id"]: e for e in first.get(key, [])}
        right = {e["request_id"]: e for e in second.get(key, [])}
        count += sum(1 for rid in left.keys() | right.keys() if left.get(rid) != right.get(rid))
    return max(count, 1)


def busy_cores() -> list[subprocess.Popen[bytes]]:
    """One CPU-bound process per core, to be ended by the caller (`end`)."""
    spin = "while True: pass"
    return [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(os.cpu_count() or 1)]


def end(procs: Sequence[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.kill()
        proc.wait()


def load_check(case: Case, time_limit_s: float | None, scratch: Path, idle: Path | None) -> Run:
    """Solve `case` with every core busy and compare layout.json with an idle run's."""
    if idle is None or not idle.exists():
        solve_case(case, "floorplan", time_limit_s, scratch)
        idle = scratch / f"{case.name}-floorplan" / "layout.json"
    spinners = busy_cores()
    try:
        run = solve_case(case, "floorplan", time_limit_s, scratch, tag="-load")
    finally:
        end(spinners)
    run.method = "floorplan+load"
    loaded = scratch / f"{case.name}-floorplan-load" / "layout.json"
    if not run.error and idle.exists() and loaded.exists():
        run.differing = layout_difference(idle, loaded)
        run.same_as_idle = run.differing == 0
    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--only", action="append", help="instance name(s), comma-separated")
    parser.add_argument("--time-limit", type=float, help="solver limit for every instance (s)")
    parser.add_argument("--skip-baseline", action="store_true", help="no module-grid rows")
    parser.add_argument("--skip-shelf", action="store_true", help="no shelf-packer rows")
    parser.add_argument("--skip-floorplan", action="store_true", help="only the yardsticks")
    parser.add_argument(
        "--load-check", default=LOAD_CHECK, help=f"instances for the load check ({LOAD_CHECK})"
    )
    parser.add_argument("--no-load-check", action="store_true")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.name}")
    args = parser.parse_args(argv)
    cases = select(args.only)
    checks = select([args.load_check])
    skipped = {"baseline": args.skip_baseline, "shelf": args.skip_shelf}
    methods = [m for m in REFERENCES if not skipped[m]]
    started = datetime.now(UTC)
    lines = table_header()
    print("\n".join(lines), flush=True)
    runs: list[Run] = []
    crashed = False
    with tempfile.TemporaryDirectory(prefix="floorplan-bench-") as tmp:
        scratch = Path(tmp)
        for case in cases:
            if not case.event.exists():
                print(f"skipping {case.name}: {case.event} is missing", file=sys.stderr)
                continue
            refs: dict[str, Run] = {}
            for method in methods:
                print(f"{case.name}: {method} ...", file=sys.stderr, flush=True)
                refs[method] = solve_case(case, method, None, scratch)
            judged: list[tuple[Run, bool]] = []
            if not args.skip_floorplan:
                limit = args.time_limit or case.time_limit_s
                print(f"{case.name}: floorplan (limit {limit:g}s) ...", file=sys.stderr, flush=True)
                judged.append((solve_case(case, "floorplan", args.time_limit, scratch), True))
            judged += [(r, False) for r in refs.values()]
            for run, ours in judged:
                crashed |= run.error == "crashed"
                runs.append(run)
                line = table_line(row_cells(case, run, refs, ours))
                lines.append(line)
                print(line, flush=True)
        for checked in [] if args.no_load_check or args.skip_floorplan else checks:
            print(f"{checked.name}: floorplan with every core busy ...", file=sys.stderr)
            idle = scratch / f"{checked.name}-floorplan" / "layout.json"
            run = load_check(checked, args.time_limit, scratch, idle)
            crashed |= run.error == "crashed"
            runs.append(run)
            line = table_line(row_cells(checked, run, None, True))
            lines.append(line)
            print(line, flush=True)
    extra = [EVERY_INSTANCE + ".", *notes(runs)]
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
