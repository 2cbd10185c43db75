"""Run one command from a small process and write down its peak memory.

    python -m benchmarks.launch REPORT_FILE CMD [ARG ...]

Linux counts in a child's peak resident memory (`ru_maxrss`) the pages of
the process it was started from, up to the moment it calls exec: started
straight from the runner, which holds hundreds of MiB after validating
sixteen halls, even `python -c pass` would show that much. Started from this
launcher, a fresh interpreter of about 10 MiB, the child's figure is its own.
The launcher exits with the child's exit code and writes "PEAK_KIB" to
REPORT_FILE.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    report, cmd = Path(argv[0]), argv[1:]
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux.
    report.write_text(f"{usage.ru_maxrss}\n", encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
