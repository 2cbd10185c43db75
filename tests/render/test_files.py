"""`render_layout` and `floorplan render`: which files, in which formats, saying what."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from floorplan.cli import app
from floorplan.io.save import save_layout
from floorplan.model import Event, Layout
from floorplan.render import render_layout
from floorplan.render.titleblock import revision_of
from floorplan.solve.workers import processes

LOW_DPI = 40
"""Pixels do not matter here: small files keep the tests fast."""


def test_one_map_per_hall_plus_overview(
    tmp_path: Path, event: Event, valid_layout: Layout, good_report: Any
) -> None:
    paths = render_layout(event, valid_layout, tmp_path, report=good_report, dpi=LOW_DPI)
    assert paths == [tmp_path / "h1.png", tmp_path / "h2.png", tmp_path / "overview.png"]
    for p in paths:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h1.png", "h2.png", "overview.png"]


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_vector_formats(
    tmp_path: Path, event: Event, valid_layout: Layout, good_report: Any, fmt: str, magic: bytes
) -> None:
    paths = render_layout(event, valid_layout, tmp_path, fmt=fmt, report=good_report)
    assert [p.suffix for p in paths] == [f".{fmt}"] * 3
    assert all(p.read_bytes().startswith(magic) for p in paths)


def test_unknown_format_is_refused(tmp_path: Path, event: Event, valid_layout: Layout) -> None:
    with pytest.raises(ValueError, match="unknown image format"):
        render_layout(event, valid_layout, tmp_path, fmt="bmp")
    assert not list(tmp_path.iterdir())


def test_svg_is_reproducible_and_carries_the_revision(
    tmp_path: Path,
    event: Event,
    valid_layout: Layout,
    good_report: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Drawn again, here or in a pool of processes (`floorplan solve` hands its search
    processes the hall sheets): the same files."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    a = render_layout(event, valid_layout, tmp_path / "a", fmt="svg", report=good_report)
    with processes(2) as pool:
        b = render_layout(
            event, valid_layout, tmp_path / "b", fmt="svg", report=good_report, pool=pool
        )
    assert [p.name for p in a] == [p.name for p in b]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    text = a[0].read_text(encoding="utf-8")
    assert revision_of(valid_layout) in text
    assert "2025-01-01" in text


def _svg_has_overlay(path: Path) -> bool:
    return 'id="violation:V1"' in path.read_text(encoding="utf-8")


def test_render_runs_the_validator_itself(
    tmp_path: Path, event: Event, valid_layout: Layout, invalid_layout: Layout
) -> None:
    pytest.importorskip("floorplan.validate")
    bad = render_layout(event, invalid_layout, tmp_path / "bad", fmt="svg")
    good = render_layout(event, valid_layout, tmp_path / "good", fmt="svg")
    assert _svg_has_overlay(bad[0])
    assert not _svg_has_overlay(good[0])
    assert "INVALID" in bad[0].read_text(encoding="utf-8")
    assert "VALID: every contract rule holds" in good[0].read_text(encoding="utf-8")


def test_render_command_writes_maps_named_by_hall_with_the_file_hash(
    tmp_path: Path, valid_layout: Layout
) -> None:
    pytest.importorskip("floorplan.validate")
    data = Path(__file__).parents[1] / "data" / "simple" / "event.yaml"
    layout_path = tmp_path / "layout.json"
    save_layout(valid_layout.model_copy(update={"event": "Simple test event"}), layout_path)
    # A hand edit that changes the bytes but not the content changes the revision.
    raw = json.loads(layout_path.read_text(encoding="utf-8"))
    layout_path.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "maps"
    result = CliRunner().invoke(
        app, ["render", str(data), str(layout_path), "-o", str(out), "--format", "svg"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(out / n) for n in ("h1.svg", "h2.svg", "overview.svg")]
    rev = revision_of(layout_path.read_bytes())
    assert rev != revision_of(valid_layout)
    assert rev in (out / "h1.svg").read_text(encoding="utf-8")
