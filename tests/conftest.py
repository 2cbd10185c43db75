"""Shared fixtures: a scratch copy of the small test event and a CLI runner.

Bad-input tests mutate a copy of `tests/data/simple/` so every case starts
from a known-good event and differs from it by one edit.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from floorplan.cli import app

DATA = Path(__file__).parent / "data"
SIMPLE = DATA / "simple"

Invoke = Callable[..., Result]


@pytest.fixture
def simple_dir(tmp_path: Path) -> Path:
    """A writable copy of the simple event: event.yaml, venue.yaml, exhibitors.csv."""
    target = tmp_path / "simple"
    shutil.copytree(SIMPLE, target)
    return target


@pytest.fixture
def invoke() -> Invoke:
    """Run the `floorplan` app in-process; stdout and stderr stay apart on the result."""
    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(app, [str(a) for a in args])

    return run


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a fixture file, failing loudly if the anchor is gone (the fixture changed)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not exactly once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """`edit(path, old, new)`: replace one exact occurrence in a fixture copy."""
    return replace_once
