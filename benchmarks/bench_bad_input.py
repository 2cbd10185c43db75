"""How fast and how lean a huge bad exhibitor file fails: issue 13's 50 MB garbage CSV.

Three 50 MB files, each behind a valid event and venue: random bytes (no
text encoding fits), text rows under a valid header (every row bad), and one
line without a line break. `floorplan info` must exit 2 within 2 s using
under 200 MB, because reading stops at the error cap.
Run: `python -m benchmarks.bench_bad_input`.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE = 50 * 1024 * 1024
TARGET_S = 2.0
TARGET_MB = 200.0
VENUE = Path(__file__).parents[1] / "tests" / "data" / "simple" / "venue.yaml"


_MEASURED = """
import atexit, sys
from pathlib import Path

def peak_kb():
    # VmHWM: this process's own peak resident memory (getrusage's maxrss would
    # include the parent's pages from before exec).
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return line.split()[1]
    return "0"

out = sys.argv[1]
atexit.register(lambda: Path(out).write_text(peak_kb()))
sys.argv = ["floorplan", *sys.argv[2:]]
from floorplan.cli import main
main()
"""
"""Runs the command and records its peak memory at exit (Linux /proc)."""


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(0).randbytes(SIZE))


def _bad_rows(path: Path) -> None:
    rng = random.Random(0)
    with path.open("w") as f:
        f.write("id,name,area_m2\n")
        while f.tell() < SIZE:
            f.write("".join(rng.choice('abcdefghij,;"x 12') for _ in range(100)) + "\n")


def _one_line(path: Path) -> None:
    path.write_bytes(b"x" * SIZE)


def main() -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for make in (_random_bytes, _bad_rows, _one_line):
            folder = Path(tmp) / make.__name__.strip("_")
            folder.mkdir()
            make(folder / "exhibitors.csv")
            event = folder / "event.yaml"
            event.write_text(f"name: g\nvenue: {VENUE}\nexhibitors: exhibitors.csv\n")
            err = folder / "stderr.txt"
            peak = folder / "peak.txt"
            start = time.monotonic()
            with err.open("w") as sink:
                code = subprocess.run(
                    [sys.executable, "-c", _MEASURED, str(peak), "info", str(event)],
                    stdout=subprocess.DEVNULL,
                    stderr=sink,
                    check=False,
                ).returncode
            seconds = time.monotonic() - start
            peak_mb = int(peak.read_text()) / 1024
            ok = code == 2 and seconds < TARGET_S and peak_mb < TARGET_MB
            failed += not ok
            last = (err.read_text().strip().splitlines() or [""])[-1]
            print(
                f"{folder.name:<13} exit {code}  {seconds:5.2f} s (< {TARGET_S:g})  "
                f"{peak_mb:6.1f} MB (< {TARGET_MB:g})  {'ok' if ok else 'MISSED'}  {last[:70]}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
