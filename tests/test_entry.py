"""The command's entry point: Ctrl-C while the libraries load, and a package that loads lazily."""

from __future__ import annotations

import subprocess
import sys
from typing import NoReturn

import pytest

from floorplan import entry


class _Interrupted:
    """Stands in for `floorplan.cli` while it loads: Ctrl-C arrives mid-import."""

    def __getattr__(self, name: str) -> NoReturn:
        raise KeyboardInterrupt


def test_ctrl_c_while_the_command_loads_ends_with_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "floorplan.cli", _Interrupted())
    with pytest.raises(SystemExit) as stop:
        entry.run()
    assert stop.value.code == 130
    err = capsys.readouterr().err
    assert err == f"error: {entry.INTERRUPTED}\n"
    assert "Traceback" not in err


def test_the_package_imports_nothing_until_a_name_is_used() -> None:
    # Otherwise a Ctrl-C while pydantic or shapely load is beyond `entry.run`'s reach.
    probe = (
        "import sys, floorplan\n"
        "heavy = [m for m in ('floorplan.io', 'floorplan.model', 'pydantic', 'shapely')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert floorplan.load_event.__module__.startswith('floorplan.io')\n"
        "assert floorplan.Event.__name__ == 'Event'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_unknown_name_is_an_attribute_error() -> None:
    import floorplan

    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = floorplan.nothing  # type: ignore[attr-defined]
