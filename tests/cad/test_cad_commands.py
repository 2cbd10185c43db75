"""`floorplan import-dxf` and `export-dxf` as a planner runs them: files, messages, exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ezdxf
import pytest

from floorplan.io import load_venue

Invoke = Callable[..., Any]
EXAMPLE = Path(__file__).parents[2] / "examples" / "dxf-hall"


def test_import_then_export_then_import(invoke: Invoke, simple_dir: Path, tmp_path: Path) -> None:
    layout = tmp_path / "layout.json"
    layout.write_text(
        '{"event": "Simple test event", "stands": [{"request_id": "c1", "hall": "h2",'
        ' "x": 6, "y": 6, "width": 6, "depth": 6, "number": "2B01"}]}'
    )
    drawing = tmp_path / "out" / "layout.dxf"
    result = invoke("export-dxf", simple_dir / "event.yaml", layout, "-o", drawing)
    assert result.exit_code == 0, result.stderr
    doc = ezdxf.readfile(drawing)
    assert {t.dxf.text for t in doc.modelspace().query('TEXT[layer=="FP-STAND-CHIP"]')} == {
        "2B01",
        "Chip Co",
    }
    venue_yaml = tmp_path / "venue.yaml"
    result = invoke("import-dxf", drawing, "-o", venue_yaml)
    assert result.exit_code == 0, result.stderr
    assert "h1: 1,200 m2, 1 columns, 1 keep-outs, 3 exits" in result.stdout
    assert load_venue(venue_yaml).hall("h2").outline == [(0, 0), (30, 0), (30, 20), (0, 20)]


def test_example_drawing_imports_with_its_layer_map(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "venue.yaml"
    result = invoke(
        "import-dxf",
        EXAMPLE / "hall-plan.dxf",
        "--layer-map",
        EXAMPLE / "layers.yaml",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.stderr
    assert "layer A-GRID: ignored 5 x LINE" in result.stderr
    committed = load_venue(EXAMPLE / "venue.yaml")
    assert load_venue(out).halls == committed.halls


def test_unitless_drawing_needs_units(invoke: Invoke, tmp_path: Path) -> None:
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 0
    msp = doc.modelspace()
    msp.add_lwpolyline(
        [(0, 0), (40, 0), (40, 30), (0, 30)], close=True, dxfattribs={"layer": "FP-HALL"}
    )
    msp.add_line((10, 0), (13, 0), dxfattribs={"layer": "FP-EXIT"})
    drawing = tmp_path / "plan.dxf"
    doc.saveas(drawing)
    out = tmp_path / "venue.yaml"
    result = invoke("import-dxf", drawing, "-o", out)
    assert result.exit_code == 2
    assert "say which with --units" in result.stderr and not out.exists()
    assert invoke("import-dxf", drawing, "-o", out, "--units", "m").exit_code == 0
    assert load_venue(out).halls[0].outline[2] == (40, 30)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not a drawing at all", "is not a readable DXF drawing"),
        ("0\nSECTION\n2\nENTITIES\n0\nENDSEC\n0\nEOF\n", "holds no drawing entities"),
    ],
)
def test_bad_drawing_exits_2_without_traceback(
    invoke: Invoke, tmp_path: Path, body: str, message: str
) -> None:
    drawing = tmp_path / "plan.dxf"
    drawing.write_text(body)
    out = tmp_path / "venue.yaml"
    result = invoke("import-dxf", drawing, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_bad_layer_map_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    layer_map = tmp_path / "layers.yaml"
    layer_map.write_text("outline: A-WALL\ncolumn: S-COLS\n")
    result = invoke(
        "import-dxf", EXAMPLE / "hall-plan.dxf", "--layer-map", layer_map, "-o", tmp_path / "v.yaml"
    )
    assert result.exit_code == 2
    assert "layers.yaml: column: is not a known key" in result.stderr
