"""Atomic writes: an error mid-write leaves neither a partial file nor a temporary one."""

from __future__ import annotations

from pathlib import Path

import pytest

from floorplan.io import atomic_write, load_layout, save_layout
from floorplan.model import Layout, Stand, Unplaced


def test_atomic_write_leaves_no_file_when_the_body_raises(tmp_path: Path) -> None:
    target = tmp_path / "out" / "layout.json"
    with pytest.raises(RuntimeError, match="solver died"), atomic_write(target) as tmp:
        tmp.write_text("half a layo")
        raise RuntimeError("solver died")
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_atomic_write_keeps_the_old_file_when_the_body_raises(tmp_path: Path) -> None:
    target = tmp_path / "layout.json"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_write(target) as tmp:
        tmp.write_text("new, unfinished")
        raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["layout.json"]


def test_atomic_write_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "layout.json"
    target.write_text("old")
    with atomic_write(target) as tmp:
        assert tmp.parent == target.parent and tmp != target
        tmp.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["layout.json"]


def test_save_layout_round_trips(tmp_path: Path) -> None:
    layout = Layout(
        event="Simple test event",
        stands=[
            Stand(request_id="b1", hall="h1", x=3.0, y=4.5, width=6.0, depth=3.0, number="1A01")
        ],
        unplaced=[Unplaced(request_id="big", reason="no hall has floor load >= 20 kN/m2")],
        metrics={"placed": 1, "requested": 2},
    )
    path = tmp_path / "layout.json"
    save_layout(layout, path)
    assert path.read_text().endswith("}\n")
    assert load_layout(path) == layout
