"""The `floorplan` command's entry point, which imports nothing before it can catch Ctrl-C.

Loading the command's libraries (pydantic, shapely, OR-Tools, typer) takes a few
tenths of a second; a Ctrl-C pressed then reached Python before any handler of
ours and printed a traceback through the import machinery. This module, and the
package it sits in, import nothing at load, so `run` can catch it there too.
"""

from __future__ import annotations

import sys

INTERRUPTED = "interrupted (Ctrl-C); no file was left half-written"
"""What the command says when Ctrl-C stops it (exit 130); outputs are staged, see `io.save`."""


def run() -> None:
    """Load the command line and run it; Ctrl-C while loading ends with one line, exit 130."""
    try:
        from floorplan.cli import main
    except KeyboardInterrupt:
        sys.stderr.write(f"error: {INTERRUPTED}\n")
        raise SystemExit(130) from None
    main()
