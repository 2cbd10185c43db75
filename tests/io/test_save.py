"""Atomic writes: an error mid-write leaves neither a partial file nor a temporary one."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from floorplan.io import atomic_write, load_layout, save_layout
from floorplan.io.save import OutputError, check_output_dir, check_output_file, output_set
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


# --- issue 13: modes, symlinks, sets that appear together, fail-fast checks -----------------


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_new_files_get_the_users_umask(
    mask: int, mode: int, tmp_path: Path, umask: Callable[[int], None]
) -> None:
    umask(mask)
    target = tmp_path / "layout.json"
    save_layout(Layout(event="e"), target)
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o022)
    target = tmp_path / "layout.json"
    target.write_text("old")
    target.chmod(0o600)  # someone made it private on purpose
    save_layout(Layout(event="e"), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert load_layout(target) == Layout(event="e")


def test_writing_to_a_symlink_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "layout.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save_layout(Layout(event="e"), link)
    assert link.is_symlink() and link.resolve() == real
    assert load_layout(real) == Layout(event="e")
    assert sorted(p.name for p in real.parent.iterdir()) == ["layout.json"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    save_layout(Layout(event="e"), link)
    assert link.is_symlink() and (tmp_path / "made.json").exists()


def test_a_symlink_loop_is_an_output_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(tmp_path / "loop.json")
    with pytest.raises(OutputError, match="symlink loop"):
        save_layout(Layout(event="e"), loop)
    with pytest.raises(OutputError, match="symlink loop"):
        check_output_file(loop)


def test_a_set_appears_together_or_not_at_all(tmp_path: Path) -> None:
    for name in ("a.png", "b.png"):
        (tmp_path / name).write_text("old")
    with pytest.raises(RuntimeError), output_set() as outputs:
        outputs.stage(tmp_path / "a.png").write_text("new")
        outputs.stage(tmp_path / "b.png").write_text("new")
        assert (tmp_path / "a.png").read_text() == "old"  # nothing moves before the end
        raise RuntimeError("drawing the overview failed")
    assert [(tmp_path / n).read_text() for n in ("a.png", "b.png")] == ["old", "old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]
    with output_set() as outputs:
        for name in ("a.png", "b.png", "c.png"):
            outputs.stage(tmp_path / name).write_text("new")
    assert [(tmp_path / n).read_text() for n in ("a.png", "b.png", "c.png")] == ["new"] * 3


def test_a_failed_move_puts_back_what_was_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.png", "b.png"):
        (tmp_path / name).write_text("old")
    real_replace = os.replace
    calls = 0

    def flaky(src: Any, dst: Any) -> None:
        nonlocal calls
        calls += 1
        if Path(dst).name == "b.png" and Path(src).suffix == ".png":
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with (
        pytest.raises(OutputError, match=r"b\.png: cannot be written \(No space left"),
        output_set() as outputs,
    ):
        for name in ("a.png", "b.png"):
            outputs.stage(tmp_path / name).write_text("new")
    assert [(tmp_path / n).read_text() for n in ("a.png", "b.png")] == ["old", "old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]


@pytest.mark.parametrize(
    "setup, needle",
    [
        (lambda d: (d / "out").write_text("x"), "is a file, not a folder"),
        (lambda d: (d / "out").symlink_to(d / "out"), "symlink loop"),
        (lambda d: (d / "blocker").write_text("x"), "is a file, so folder"),
        (lambda d: (d / "out").mkdir() or (d / "out" / "layout.json").mkdir(), "is a folder"),
    ],
    ids=["out-is-a-file", "out-is-a-symlink-loop", "parent-is-a-file", "target-is-a-folder"],
)
def test_output_folder_problems_are_found_before_writing(
    setup: Callable[[Path], Any], needle: str, tmp_path: Path
) -> None:
    setup(tmp_path)
    out = tmp_path / ("blocker" if needle == "is a file, so folder" else "out")
    folder = out / "sub" if needle == "is a file, so folder" else out
    with pytest.raises(OutputError) as err:
        check_output_dir(folder, ["layout.json"])
    assert needle in "\n".join(err.value.messages)


def test_a_read_only_folder_is_found_before_writing(
    tmp_path: Path, deny_writes: Callable[[Path], None]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    deny_writes(out)
    with pytest.raises(OutputError, match=r"cannot write in this folder \(Permission denied"):
        check_output_dir(out, ["layout.json"])
    with pytest.raises(OutputError, match="cannot create this folder"):
        check_output_dir(out / "new", ["layout.json"])
