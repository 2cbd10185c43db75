"""Atomic writes: a crash or an error never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from floorplan.model.layout import Layout


@contextlib.contextmanager
def atomic_write(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def layout_json(layout: Layout) -> str:
    return layout.model_dump_json(indent=2, exclude_none=True) + "\n"


def save_layout(layout: Layout, path: Path | str) -> None:
    with atomic_write(path) as tmp:
        tmp.write_text(layout_json(layout), encoding="utf-8")
