"""Shared fixtures: a scratch copy of the small test event and a CLI runner.

Bad-input tests mutate a copy of `tests/data/simple/` so every case starts
from a known-good event and differs from it by one edit.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from floorplan.cli import app

# The same examples on every run: a property test found a case on one CI run and not on
# the next (a rectangle as a polygon measured 9e-6 m of aisle frontage for 0), so a
# verdict depended on chance. HYPOTHESIS_PROFILE=explore searches afresh, off CI.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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


@pytest.fixture
def deny_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """`deny_writes(folder)`: from now on no entry in `folder` can be created, replaced or removed.

    The folder is made read-only (mode 0555). Root ignores modes, and the test
    machines run as root, so for root the same refusals are emulated at the
    os-module calls every writer here goes through (open with O_CREAT, mkdir,
    replace, rename, link, unlink), raising EACCES exactly as the kernel would.
    """
    denied: list[Path] = []
    real = {
        name: getattr(os, name) for name in ("open", "mkdir", "replace", "rename", "link", "unlink")
    }

    def in_denied(*paths: Any) -> Any:
        for p in paths:
            try:
                parent = Path(os.fsdecode(p)).absolute().parent
            except TypeError:
                continue
            if any(parent == d for d in denied):
                return p
        return None

    def refuse(path: Any) -> OSError:
        return PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))

    def fake_open(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if flags & os.O_CREAT and in_denied(path) is not None and not os.path.exists(path):
            raise refuse(path)
        return int(real["open"](path, flags, *args, **kw))

    def guarded(name: str) -> Callable[..., Any]:
        def call(*args: Any, **kw: Any) -> Any:
            hit = in_denied(*args[:2])
            if hit is not None:
                raise refuse(hit)
            return real[name](*args, **kw)

        return call

    def deny(folder: Path) -> None:
        folder.chmod(0o555)
        denied.append(folder.absolute())
        if os.geteuid() == 0:
            monkeypatch.setattr(os, "open", fake_open)
            for name in ("mkdir", "replace", "rename", "link", "unlink"):
                monkeypatch.setattr(os, name, guarded(name))

    yield deny
    for folder in denied:
        folder.chmod(0o755)
