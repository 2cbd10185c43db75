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
        ("AC1032\x00\x00\x00garbage", "is a DWG drawing (AutoCAD's own format), not DXF"),
        ("0\nSECTION\n2\nHEADER\n9\n$ACADVER\n1\nAC1027\n0\nENDSEC\n0\nSECTION\n2\n", "no EOF"),
    ],
    ids=["garbage", "empty", "dwg", "cut-short"],
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


def _small_hall(units: int, door: float, scale: float = 1.0) -> Any:
    """A 120 x 80 m hall with two doors, drawn in centimetres (times `scale`)."""
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = units
    msp = doc.modelspace()
    w, d, at, door = 12000 * scale, 8000 * scale, 3000 * scale, door * scale
    msp.add_lwpolyline(
        [(0, 0), (w, 0), (w, d), (0, d)], close=True, dxfattribs={"layer": "FP-HALL"}
    )
    msp.add_line((at, 0), (at + door, 0), dxfattribs={"layer": "FP-EXIT"})
    msp.add_line((0, at), (0, at + door), dxfattribs={"layer": "FP-EXIT"})
    return doc


def test_a_drawing_in_cm_whose_header_says_mm_is_refused_not_read_ten_times_small(
    invoke: Invoke, tmp_path: Path
) -> None:
    """AutoCAD's metric template says millimetres; a plan drawn in centimetres on it read
    as a 12 x 8 m hall with doors 0.24 m wide, without a word."""
    drawing, out = tmp_path / "plan.dxf", tmp_path / "venue.yaml"
    _small_hall(4, 240).saveas(drawing)
    result = invoke("import-dxf", drawing, "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert "every door is narrower than 0.5 m (0.24-0.24 m)" in result.stderr
    assert "units look wrong; say which with --units" in result.stderr
    assert invoke("import-dxf", drawing, "-o", out, "--units", "CM").exit_code == 0
    assert load_venue(out).halls[0].outline[2] == (120, 80)


def test_a_door_narrower_than_a_person_in_a_hall_of_proper_size_is_said(
    invoke: Invoke, tmp_path: Path
) -> None:
    """An opening drawn as its two jambs reads as two narrow doors: read, and said."""
    drawing, out = tmp_path / "plan.dxf", tmp_path / "venue.yaml"
    _small_hall(5, 30).saveas(drawing)
    result = invoke("import-dxf", drawing, "-o", out)
    assert result.exit_code == 0
    assert "exit(s) narrower than 0.5 m (hall-1 E1 0.30 m, hall-1 E2 0.30 m)" in result.stderr


def test_the_drawing_is_never_its_own_output(invoke: Invoke, tmp_path: Path) -> None:
    """`-o plan.dxf` replaced the drawing with YAML, and the drawing was gone."""
    drawing = tmp_path / "plan.dxf"
    _small_hall(5, 300).saveas(drawing)
    before = drawing.read_bytes()
    result = invoke("import-dxf", drawing, "-o", drawing)
    assert result.exit_code == 2 and "is also an input of this command" in result.stderr
    assert drawing.read_bytes() == before


def test_a_binary_dxf_and_us_survey_feet_read(tmp_path: Path) -> None:
    from floorplan.cad import read_dxf_venue

    doc = _small_hall(5, 300)
    drawing = tmp_path / "plan.dxf"
    doc.saveas(drawing, fmt="bin")
    assert read_dxf_venue(drawing).venue.halls[0].outline[2] == (120, 80)
    _small_hall(21, 300, scale=1 / 30).saveas(drawing)  # US survey feet: 1200/3937 m
    assert read_dxf_venue(drawing).venue.halls[0].outline[2][0] == pytest.approx(
        400 * 1200 / 3937, abs=0.01
    )
