"""Worker pools leave Ctrl-C to the command, and a command stopped by it ends cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from floorplan.pools import pool_of


def _sigint_disposition() -> object:
    return signal.getsignal(signal.SIGINT)


def _pid_then_sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_workers_ignore_ctrl_c() -> None:
    with pool_of(2) as pool:
        assert pool.submit(_sigint_disposition).result() == signal.SIG_IGN


def test_a_block_ended_by_an_exception_stops_the_workers_at_once() -> None:
    with pytest.raises(KeyboardInterrupt), pool_of(2) as pool:
        pool.submit(_pid_then_sleep, 0.0).result()  # the processes are up
        pool.submit(_pid_then_sleep, 600.0)
        pids = list(pool._processes)  # type: ignore[attr-defined]
        raise KeyboardInterrupt
    # Terminated, not left to finish a 600 s job (nor to wait for another forever).
    assert all(_ended(pid) for pid in pids)


def _ended(pid: int, within_s: float = 60.0) -> bool:
    """Whether the process is gone (or a zombie) within `within_s`: the pool reaps its own
    processes, so `Process.join` may find nothing to wait for and tell nothing."""
    stop = time.monotonic() + within_s
    while time.monotonic() < stop:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


EXHIBITORS = "id,name,area_m2,tier\n" + "".join(
    f"s{k:03d},Firm {k},{(9, 12, 18, 24, 36, 60)[k % 6]},{k % 3}\n" for k in range(300)
)
VENUE = """id: v
name: Venue
halls:
- id: h1
  name: Hall 1
  outline: [[0, 0], [150, 0], [150, 120], [0, 120]]
  exits:
  - {id: E1, at: [75, 0], width: 6, kind: entrance}
  - {id: E2, at: [75, 120], width: 4}
  - {id: E3, at: [0, 60], width: 4}
  - {id: E4, at: [150, 60], width: 4}
"""
EVENT = """name: Interrupted
venue: venue.yaml
halls: [h1]
exhibitors: exhibitors.csv
rules: {aisle_width_m: 3.0}
solver: {workers: 2}
"""


def _ctrl_c_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_a_solve_ends_it_with_one_line_and_no_files(tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the command, as a terminal sends it. It comes once
    the halls are packed (the progress says "place"), with a long limit ahead: whatever
    the machine's speed, the passes after packing and the proof are still to run, and the
    hall knapsack has run (CP-SAT, whose own Ctrl-C handler left the signal killing the
    process outright once it returned: no message, staged maps left behind, workers
    left waiting forever)."""
    (tmp_path / "venue.yaml").write_text(VENUE)
    (tmp_path / "exhibitors.csv").write_text(EXHIBITORS)
    (tmp_path / "event.yaml").write_text(EVENT)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "floorplan", "solve", str(tmp_path / "event.yaml")]
    child = subprocess.Popen(
        [*command, "-o", str(out), "--time-limit", "300"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        # A command started in the background of a shell script inherits Ctrl-C ignored
        # (and Python then leaves it so): as typed at a terminal, it is not.
        preexec_fn=_ctrl_c_default,
    )
    assert child.stderr is not None
    seen = []
    for line in child.stderr:
        seen.append(line)
        if line.startswith("place"):
            break
    os.killpg(child.pid, signal.SIGINT)
    try:
        _, rest = child.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        # Workers outliving a command killed outright hold its stderr open.
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail("the command did not end within 120 s of Ctrl-C")
    assert child.returncode == 130, "".join(seen) + rest
    assert "Traceback" not in rest
    errors = [line for line in rest.splitlines() if line.startswith("error:")]
    assert errors == ["error: interrupted (Ctrl-C); no file was left half-written"], rest
    assert not out.exists() or not list(out.iterdir())
