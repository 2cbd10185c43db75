"""`floorplan diff`: exit 0 for any successful diff, 2 for bad input naming the file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from floorplan.io import save_layout
from floorplan.model import Layout, Stand

Invoke = Callable[..., Result]


@pytest.fixture
def files(tmp_path: Path, old: Layout, new: Layout) -> tuple[Path, Path]:
    save_layout(old, tmp_path / "old.json")
    save_layout(new, tmp_path / "new.json")
    return tmp_path / "old.json", tmp_path / "new.json"


def test_changes_still_exit_zero(invoke: Invoke, files: tuple[Path, Path]) -> None:
    result = invoke("diff", *files)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Changes: 2 moved,")
    assert "stand 1A03 -> stand 1B02" in result.stdout


def test_json_format(invoke: Invoke, files: tuple[Path, Path]) -> None:
    result = invoke("diff", *files, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["added"] == 2
    assert len(data["changes"]) == 10


def test_a_file_against_itself(invoke: Invoke, files: tuple[Path, Path]) -> None:
    result = invoke("diff", files[0], files[0], "--format", "json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)["summary"]
    assert summary["changed"] is False
    assert summary["unchanged"] == summary["old_stands"] == 7
    assert summary["identical_share"] == 1.0


def test_malformed_json_names_the_file(invoke: Invoke, files: tuple[Path, Path]) -> None:
    bad = files[1].with_name("broken.json")
    bad.write_text('{"event": "x", "stands": [', encoding="utf-8")
    result = invoke("diff", files[0], bad)
    assert result.exit_code == 2
    assert "broken.json" in result.stderr
    assert "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_missing_file_is_exit_2(invoke: Invoke, files: tuple[Path, Path], tmp_path: Path) -> None:
    result = invoke("diff", tmp_path / "nowhere.json", files[1])
    assert result.exit_code == 2
    assert "nowhere.json" in result.stderr


def test_duplicate_stand_is_exit_2_naming_file_and_id(
    invoke: Invoke, files: tuple[Path, Path], tmp_path: Path
) -> None:
    twice = Stand(request_id="dup", hall="h", x=0, y=0, width=3, depth=3)
    path = tmp_path / "twice.json"
    save_layout(Layout(event="Test Expo", stands=[twice, twice]), path)
    result = invoke("diff", files[0], path)
    assert result.exit_code == 2
    assert "twice.json" in result.stderr and "'dup'" in result.stderr


def test_different_events_warn_but_succeed(
    invoke: Invoke, files: tuple[Path, Path], tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    save_layout(Layout(event="Another Expo"), other)
    result = invoke("diff", files[0], other)
    assert result.exit_code == 0
    assert "different events" in result.stderr
    assert "Changes: 7 removed" in result.stdout
