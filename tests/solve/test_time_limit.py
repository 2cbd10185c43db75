"""The time limit as an emergency stop, tried on a clock the test drives, never the machine's.

The solver's work is counted, not timed (same layout on any machine), and the wall clock
may only cut a run short. Whether a real machine reaches its limit depends on how fast and
how busy it is, so no test here reads it: the solver is handed a `Clock` that stands still
(an infinitely fast machine), or creeps (a slow one), or runs out at a chosen read of the
clock, the same point of the work on every machine. What the limit costs in seconds on a
real machine, maps included, is `make bench`'s to measure (`benchmarks/results.md`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from floorplan.cli import app
from floorplan.io import load_event, load_layout
from floorplan.model import Event, Layout
from floorplan.solve import Result, hall, pipeline, solve
from floorplan.validate import validate

from .conftest import make_event, rect_hall, req

EXAMPLES = Path(__file__).parents[2] / "examples"
LIMIT_S = 60.0
START = 1000.0


class Clock:
    """`time.monotonic` for the solver: `START` plus `step` per read so far, and far past any
    limit from read number `runs_out_at` on (None: never)."""

    def __init__(self, step: float = 0.0, runs_out_at: int | None = None) -> None:
        self.step = step
        self.runs_out_at = runs_out_at
        self.reads = 0

    @property
    def out(self) -> bool:
        return self.runs_out_at is not None and self.reads >= self.runs_out_at

    def __call__(self) -> float:
        self.reads += 1
        return START + self.step * self.reads + (1e9 if self.out else 0.0)


def large_event() -> Event:
    """Two halls, 120 requests of seven sizes and three tiers: every pass has work to do."""
    sizes = [9, 12, 18, 24, 36, 60, 120]
    requests = [req(f"s{k:03d}", sizes[k % 7], tier=k % 3) for k in range(120)]
    return make_event([rect_hall("h1", 120, 80), rect_hall("h2", 60, 50)], requests)


EVENT = large_event()


def solved(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Result:
    """One process (`workers=1`): every read of the clock is the solver's, in a fixed order."""
    with monkeypatch.context() as m:
        m.setattr(time, "monotonic", clock)
        return solve(EVENT, time_limit_s=LIMIT_S, seed=3, workers=1)


def without_wall(layout: Layout) -> str:
    assert layout.solver is not None
    return layout.model_copy(
        update={"solver": layout.solver.model_copy(update={"wall_s": 0.0})}
    ).model_dump_json()


def sound(result: Result) -> None:
    """Valid, every request placed or unplaced with a reason, none of them 'not tried'."""
    layout = result.layout
    assert result.violations == []
    report = validate(EVENT, layout)
    assert report.valid, report.to_text()
    ids = sorted([s.request_id for s in layout.stands] + [u.request_id for u in layout.unplaced])
    assert ids == sorted(r.id for r in EVENT.requests)
    assert all(u.reason.strip() and "not tried" not in u.reason for u in layout.unplaced)
    # A search the limit did not cut short left them out for want of room, and says so.
    assert layout.solver is not None
    if layout.solver.deterministic:
        assert not any(CUT in u.reason for u in layout.unplaced)


CUT = "the time limit cut the search short before a place was found for it"


@pytest.fixture(scope="module")
def reads() -> int:
    """How often a whole solve reads the clock when it never runs out."""
    clock = Clock()
    mp = pytest.MonkeyPatch()
    try:
        result = solved(mp, clock)
    finally:
        mp.undo()
    assert result.layout.solver is not None and result.layout.solver.deterministic
    return clock.reads


def test_a_clock_that_never_runs_out_leaves_the_layout_to_the_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An infinitely fast machine and one whose every step takes 80 ms (the
    whole solve some tens of seconds, within the limit) lay out the same stands."""
    fast = solved(monkeypatch, Clock())
    slow_clock = Clock(step=0.08)
    slow = solved(monkeypatch, slow_clock)
    assert slow_clock.step * slow_clock.reads < LIMIT_S / 2, "the slow machine stays in time"
    for result in (fast, slow):
        sound(result)
        assert result.layout.solver is not None and result.layout.solver.deterministic
    assert without_wall(fast.layout) == without_wall(slow.layout)


Calls = Counter[tuple[str, str]]


def spied(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Calls:
    """Counts of the passes started after the clock ran out, by pass and hall."""
    late: Calls = Counter()

    def spy(module: Any, name: str, hall_of: Callable[..., str]) -> None:
        real = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if clock.out:
                late[(name, hall_of(*args))] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    def job_hall(job: Any, *_: Any) -> str:
        return str(job[0].id)

    def anywhere(*_: Any) -> str:
        return ""

    spy(hall, "_candidate", job_hall)
    spy(hall, "_final", job_hall)
    spy(hall, "_trial", job_hall)
    for name in ("second_chance", "make_room", "align_halls", "call_last", "reseat"):
        spy(pipeline, name, anywhere)
    return late


@pytest.mark.parametrize("share", [0.02, 0.1, 0.3, 0.6, 0.9])
def test_past_the_limit_each_hall_packs_once_more_at_most_and_the_layout_is_sound(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], reads: int, share: float
) -> None:
    """Wherever the clock runs out (in the hall knapsack, a hall's skeletons, the offers,
    aligning or the last call), the search stops at its next look at the clock: a hall
    that has no skeleton packed yet packs one, and the best gets its final pack; no other
    pass starts. The layout is valid and complete, and it says it was cut short, on stderr
    and in `solver.deterministic`."""
    clock = Clock(runs_out_at=max(1, round(share * reads)))
    late = spied(monkeypatch, clock)
    result = solved(monkeypatch, clock)
    sound(result)
    layout = result.layout
    assert layout.solver is not None and not layout.solver.deterministic
    assert "the time limit cut the search short" in capsys.readouterr().err
    # Who waits was not refused for want of room: the halls were not full when it stopped.
    assert all(CUT in u.reason for u in layout.unplaced)
    packs = {(name, h): n for (name, h), n in late.items() if name in ("_candidate", "_final")}
    assert all(n <= 1 for n in packs.values()), late
    assert set(late) <= set(packs), f"passes started after the limit: {late}"


def test_a_command_cut_short_writes_its_layout_and_maps_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`floorplan solve` on a machine too slow for its limit: the clock runs out in the
    search, and the command still writes a valid layout and every map, warns on stderr,
    and records `solver.deterministic: false` in layout.json."""
    out = tmp_path / "out"
    event_file = EXAMPLES / "small-hall" / "event.yaml"
    monkeypatch.setattr(time, "monotonic", Clock(runs_out_at=8))
    result = CliRunner().invoke(
        app, ["solve", str(event_file), "-o", str(out), "--workers", "1", "--quiet"]
    )
    monkeypatch.undo()
    assert result.exit_code == 0, result.stderr
    assert "warning: the time limit cut the search short" in result.stderr
    layout = load_layout(out / "layout.json")
    assert layout.solver is not None and not layout.solver.deterministic
    assert validate(load_event(event_file), layout).valid
    assert sorted(p.name for p in out.iterdir()) == ["hall-a.png", "layout.json", "overview.png"]
