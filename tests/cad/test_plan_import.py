"""An organiser's plan with its stands: `import-dxf --layout --event`, then the planner's hour.

The big plan (`benchmarks/organiser_plan.py`, built with ezdxf) has 300+ stands:
L-shapes, stands notched round columns, trapezoids along a diagonal wall and a
feature area. It is imported, validated, re-solved around its locked stands,
exported and imported again. Small drawings built in each test check the
importer's rules and its messages for bad drawings.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ezdxf
import pytest
from benchmarks.organiser_plan import build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floorplan.cad.stands import NOT_IN_PLAN
from floorplan.io import load_event, load_layout, load_venue, save_layout
from floorplan.model import Layout, Stand
from floorplan.solve import solve
from floorplan.validate import validate

Plan = Any  # tests/cad/conftest.py's drawing builder (the `plan` fixture makes one)
Invoke = Callable[..., Any]
PLAN_STANDS = 310


@pytest.fixture(scope="module")
def organiser(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The big plan imported once: its directory and the plan the builder drew."""
    from typer.testing import CliRunner

    from floorplan.cli import app

    here = tmp_path_factory.mktemp("organiser")
    drawn = build(here, stands=PLAN_STANDS)
    result = CliRunner().invoke(
        app,
        [
            "import-dxf",
            str(here / "plan.dxf"),
            "-o",
            str(here / "venue.yaml"),
            "--layout",
            str(here / "layout.json"),
            "--event",
            str(here / "event.yaml"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    return here, drawn


def _geometry(s: Stand) -> Any:
    return ("polygon", s.polygon) if s.polygon is not None else ("box", s.bounds)


def test_the_plan_imports_with_every_kind_of_stand(organiser: tuple[Path, Any]) -> None:
    here, drawn = organiser
    kinds = drawn.kinds()
    assert len(drawn.stands) >= 300
    assert kinds["L"] >= 3 and kinds["notched"] >= 10 and kinds["trapezoid"] == 3
    assert kinds["feature"] == 1
    layout = load_layout(here / "layout.json")
    by_number = {s.number: s for s in layout.stands}
    for d in drawn.stands:
        s = by_number.get(d.number)
        if s is None:
            continue  # unsold
        if d.kind == "rect":
            x0, y0, x1, y1 = d.shape.bounds
            assert s.is_rect and s.bounds == (x0, y0, x1, y1)
        else:
            # exactly as drawn, in hall coordinates (the drawing had the hall at x = 1000)
            assert s.polygon == [tuple(p) for p in d.points], d.number
    assert {u.reason for u in layout.unplaced} == {NOT_IN_PLAN}
    unclaimed = layout.metrics["unclaimed_stands"]
    assert len(unclaimed) == 4
    assert all(u["area_m2"] > 0 and u["number"] not in by_number for u in unclaimed)


def test_the_imported_plan_validates(organiser: tuple[Path, Any]) -> None:
    here, _ = organiser
    event = load_event(here / "event.yaml")
    report = validate(event, load_layout(here / "layout.json"))
    assert report.valid, report.to_text()
    shapes = {s.request_id: s for s in load_layout(here / "layout.json").stands}
    # open sides of the polygons are counted on their own edges
    feature = next(rid for rid, s in shapes.items() if s.number == "5FA1")
    assert report.metrics["open_sides"][feature] == 8


def test_resolve_around_the_locked_plan_keeps_every_polygon(organiser: tuple[Path, Any]) -> None:
    here, _ = organiser
    event = load_event(here / "event.yaml")
    layout = load_layout(here / "layout.json")
    locked = layout.model_copy(
        update={"stands": [s.model_copy(update={"locked": True}) for s in layout.stands]}
    )
    result = solve(event, time_limit_s=10, workers=1, seed=0, baseline=locked)
    after = {s.request_id: s for s in result.layout.stands}
    for s in layout.stands:
        assert s.request_id in after, s.number
        if s.polygon is not None:
            assert after[s.request_id].polygon == s.polygon
            assert after[s.request_id].number == s.number
        else:
            assert after[s.request_id].bounds == s.bounds
    # the newcomers are placed as rectangles around the plan, or say why not
    for rid in ("new1", "new2", "new3"):
        assert rid in after or any(u.request_id == rid for u in result.layout.unplaced)
    assert validate(event, result.layout).valid


def test_export_and_import_again_gives_the_same_geometry(
    organiser: tuple[Path, Any], invoke: Invoke, tmp_path: Path
) -> None:
    here, _ = organiser
    drawing = tmp_path / "plan-again.dxf"
    result = invoke("export-dxf", here / "event.yaml", here / "layout.json", "-o", drawing)
    assert result.exit_code == 0, result.stderr
    again = tmp_path / "layout.json"
    result = invoke(
        "import-dxf",
        drawing,
        "-o",
        tmp_path / "venue.yaml",
        "--layout",
        again,
        "--event",
        here / "event.yaml",
    )
    assert result.exit_code == 0, result.stderr
    before = {s.request_id: s for s in load_layout(here / "layout.json").stands}
    after = {s.request_id: s for s in load_layout(again).stands}
    assert before.keys() == after.keys()
    for rid, s in before.items():
        assert _geometry(after[rid]) == _geometry(s), rid
        assert after[rid].number == s.number


# -- small drawings ------------------------------------------------------------------------------

EVENT_YAML = "name: Small plan\nvenue: venue.yaml\nexhibitors: exhibitors.csv\n"


def small_plan(plan: Callable[..., Plan], rows: list[str]) -> Plan:
    """A 40 x 30 m hall with one door; `rows` are exhibitor CSV rows after the header."""
    p = plan()
    p.poly([(0, 0), (40, 0), (40, 30), (0, 30)])
    p.text("Hall 1 (h1)", (20, 28))
    p.line((18, 0), (22, 0), "FP-EXIT")
    folder = p.path.parent
    (folder / "event.yaml").write_text(EVENT_YAML)
    (folder / "exhibitors.csv").write_text(
        "id,name,area_m2,stand\n" + "".join(r + "\n" for r in rows)
    )
    return p


def stand_text(p: Plan, number: str, at: tuple[float, float], name: str = "") -> None:
    p.text(number, at, "FP-STAND-CARS", height=0.5)
    if name:
        p.text(name, (at[0], at[1] - 0.6), "FP-STAND-CARS", height=0.3)


def run_import(invoke: Invoke, p: Plan) -> Any:
    folder = p.path.parent
    return invoke(
        "import-dxf",
        p.save(),
        "-o",
        folder / "venue.yaml",
        "--layout",
        folder / "layout.json",
        "--event",
        folder / "event.yaml",
    )


def test_stands_match_by_number_then_by_name(plan: Callable[..., Plan], invoke: Invoke) -> None:
    p = small_plan(plan, ["a,Acme,36,1A01", "b,Bolt Co,24,", "c,Cyan,18,"])
    l_shape = [(5, 5), (11, 5), (11, 8), (8, 8), (8, 11), (5, 11)]
    p.poly(l_shape, "FP-STAND-CARS")
    stand_text(p, "1A01", (6.5, 9.5))
    p.rect(20, 10, 6, 4, "FP-STAND-CARS")
    stand_text(p, "1A02", (23, 12.3), name="BOLT  co")
    p.rect(20, 20, 4, 4, "FP-STAND-CARS")
    stand_text(p, "1A03", (22, 22))
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    assert "stand 1A03 (h1, 16.0 m2) is claimed by no request" in result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    got = {s.request_id: s for s in layout.stands}
    assert got["a"].polygon == [(float(x), float(y)) for x, y in l_shape]
    assert got["a"].number == "1A01"
    assert got["b"].is_rect and got["b"].bounds == (20, 10, 26, 14)
    assert [(u.request_id, u.reason) for u in layout.unplaced] == [("c", NOT_IN_PLAN)]
    assert layout.metrics["unclaimed_stands"] == [
        {"number": "1A03", "hall": "h1", "x": 20.0, "y": 20.0, "width": 4.0, "depth": 4.0,
         "area_m2": 16.0}
    ]  # fmt: skip


def test_a_name_lettered_larger_than_the_number_is_still_the_name(
    plan: Callable[..., Plan], invoke: Invoke
) -> None:
    p = small_plan(plan, ["a,Acme GmbH,24,A01", "b,Beta Ltd,24,"])
    p.rect(5, 5, 6, 4, "FP-STAND-CARS")
    p.text("A01", (5.5, 5.5), "FP-STAND-CARS", height=0.25)
    p.text("ACME GmbH", (8, 7), "FP-STAND-CARS", height=0.6)  # the sales message, big
    p.rect(20, 5, 6, 4, "FP-STAND-CARS")
    p.text("Beta Ltd", (23, 6), "FP-STAND-CARS", height=0.3)  # drawn first, same height
    p.text("B07", (23, 8), "FP-STAND-CARS", height=0.3)
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert {s.request_id: s.number for s in layout.stands} == {"a": "A01", "b": "B07"}


@pytest.mark.parametrize("number", ["5B03", "A1.02", "10-100", "H1-204", "B 12", "12"])
def test_stand_numbers_as_plans_write_them_beat_a_name_that_looks_like_one(
    plan: Callable[..., Plan], invoke: Invoke, number: str
) -> None:
    p = small_plan(plan, ["m,3M,24,"])
    p.rect(5, 5, 6, 4, "FP-STAND-CARS")
    p.text("3M", (8, 7), "FP-STAND-CARS", height=0.6)  # the exhibitor, lettered large
    p.text(number, (6, 5.5), "FP-STAND-CARS", height=0.3)
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert [(s.request_id, s.number) for s in layout.stands] == [("m", number)]


def test_size_texts_are_no_numbers(plan: Callable[..., Plan], invoke: Invoke) -> None:
    p = small_plan(plan, ["a,Acme,18,A101", "b,Bolt,18,A102"])
    for x, number in ((5, "A101"), (20, "A102")):
        p.rect(x, 5, 6, 3, "FP-STAND-CARS")
        p.text("6x3", (x + 3, 6), "FP-STAND-CARS", height=0.3)  # the size, drawn first
        p.text(number, (x + 3, 7), "FP-STAND-CARS", height=0.3)
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert sorted((s.request_id, s.number) for s in layout.stands) == [
        ("a", "A101"),
        ("b", "A102"),
    ]


def test_arcs_are_flattened_and_said_so(plan: Callable[..., Plan], invoke: Invoke) -> None:
    p = small_plan(plan, ["a,Acme,40,1A01"])
    # a 6 x 7 m stand whose north-east corner is rounded (bulge on one vertex)
    p.msp.add_lwpolyline(
        [(5, 5, 0), (11, 5, 0), (11, 11, 0.4142), (10, 12, 0), (5, 12, 0)],
        format="xyb",
        close=True,
        dxfattribs={"layer": "FP-STAND-CARS"},
    )
    stand_text(p, "1A01", (8, 8))
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    assert "arcs flattened to segments within 1 cm" in result.stderr
    (s,) = load_layout(p.path.parent / "layout.json").stands
    assert s.polygon is not None and len(s.polygon) > 6
    # well formed but off the grid: a C1 violation (exit 1), not bad input
    folder = p.path.parent
    result = invoke("validate", folder / "event.yaml", folder / "layout.json")
    assert result.exit_code == 1
    assert "C1 h1 1A01 a:" in result.stdout and "not on the 0.5 m grid" in result.stdout


def booth_block(p: Plan, *, number_tag: str = "STANDNO", text: str = "") -> str:
    """A 6 x 4 m booth block as organisers' CAD offices draw them: its outline, a fascia line
    along the front, attributes for the number, the exhibitor and the area (hidden), and
    `text` drawn in it, if any."""
    block = p.doc.blocks.new("BOOTH-6X4")
    block.add_lwpolyline([(0, 0), (6, 0), (6, 4), (0, 4)], close=True)
    block.add_line((0, 0.3), (6, 0.3))  # the fascia
    block.add_attdef(number_tag, (0.3, 3.2), dxfattribs={"height": 0.4})
    block.add_attdef("COMPANY", (0.3, 2.0), dxfattribs={"height": 0.6})
    block.add_attdef("AREA", (0.3, 1.0), dxfattribs={"height": 0.3, "flags": 1})
    if text:
        block.add_text(text, height=0.5, dxfattribs={"insert": (3, 2.5)})
    return "BOOTH-6X4"


def test_booth_blocks_are_stands_numbered_by_their_attributes(
    plan: Callable[..., Plan], invoke: Invoke
) -> None:
    """A plan whose stands are booth blocks (a block per stand size, the number, exhibitor and
    area as attributes) imports each reference as a stand: the block's outline where it is
    inserted (turned too), the number from its STANDNO, never the area (24 looks like a
    number), the exhibitor from COMPANY for matching by name; the fascia says nothing."""
    p = small_plan(plan, ["a,Acme,24,A01", "b,Bolt Co,24,", "c,Cyan,24,C07"])
    name = booth_block(p)
    values = [("A01", "Acme", (5, 5), 0), ("B02", "BOLT CO", (20, 5), 0), ("C07", "", (30, 15), 90)]
    for number, company, at, turn in values:
        ref = p.msp.add_blockref(name, at, dxfattribs={"layer": "FP-STAND-CARS", "rotation": turn})
        ref.add_auto_attribs({"STANDNO": number, "COMPANY": company, "AREA": "24"})
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    got = {s.request_id: (s.number, s.bounds) for s in layout.stands}
    assert got == {
        "a": ("A01", (5, 5, 11, 9)),
        "b": ("B02", (20, 5, 26, 9)),
        "c": ("C07", (26, 15, 30, 21)),
    }


def test_a_booth_block_drawn_with_lines_is_the_face_they_enclose(
    plan: Callable[..., Plan], invoke: Invoke
) -> None:
    p = small_plan(plan, ["a,Acme,20,A01"])
    block = p.doc.blocks.new("BOX")
    corners = [(0, 0), (5, 0), (5, 4), (0, 4)]
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        block.add_line(a, b)
    block.add_attdef("STANDNO", (0.3, 3.2), dxfattribs={"height": 0.4})
    ref = p.msp.add_blockref("BOX", (10, 10), dxfattribs={"layer": "FP-STAND-CARS"})
    ref.add_auto_attribs({"STANDNO": "A01"})
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert [(s.number, s.bounds) for s in layout.stands] == [("A01", (10, 10, 15, 14))]


def test_a_number_tag_drawn_as_a_block_inside_a_stand_numbers_it(
    plan: Callable[..., Plan], invoke: Invoke
) -> None:
    p = small_plan(plan, ["a,Acme,24,A01"])
    p.rect(5, 5, 6, 4, "FP-STAND-CARS")
    block = p.doc.blocks.new("TAG")
    block.add_attdef("NR", (0, 0), dxfattribs={"height": 0.4})
    block.add_attdef("AREA", (0, -0.5), dxfattribs={"height": 0.4})
    ref = p.msp.add_blockref("TAG", (7, 7), dxfattribs={"layer": "FP-STAND-CARS"})
    ref.add_auto_attribs({"NR": "A01", "AREA": "24"})
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert [(s.request_id, s.number) for s in layout.stands] == [("a", "A01")]


def test_a_booth_block_is_what_it_draws_in_plain_lines_merged(
    plan: Callable[..., Plan], invoke: Invoke
) -> None:
    """A review drew booth blocks as CAD offices do, and each was misread: a dashed clearance
    0.5 m round the booth taken for the stand (two booths then overlapped), a booth of
    lines with a store-room partition read as its larger room, one with a counter drawn
    closed read as the counter, one whose walls are a block of their own lost. What a
    block draws in plain lines, nested blocks too, merged, is the stand."""
    p = small_plan(plan, ["a,A,24,A01", "b,B,24,A02", "c,C,24,A03", "d,D,24,A04"])
    p.doc.linetypes.add("DASHED", pattern=[0.5, 0.25, -0.25])
    corners = [(0, 0), (6, 0), (6, 4), (0, 4)]
    clear = p.doc.blocks.new("CLEAR")
    clear.add_lwpolyline(corners, close=True)
    clear.add_lwpolyline(
        [(-0.5, -0.5), (6.5, -0.5), (6.5, 4.5), (-0.5, 4.5)],
        close=True,
        dxfattribs={"linetype": "DASHED"},
    )
    walls = p.doc.blocks.new("WALLS")
    walls.add_lwpolyline(corners, close=True)
    nested = p.doc.blocks.new("NESTED")
    nested.add_blockref("WALLS", (0, 0))
    lines = p.doc.blocks.new("LINES")
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        lines.add_line(a, b)
    lines.add_line((4, 0), (4, 4))  # a store room
    lines.add_lwpolyline([(1, 1), (2, 1), (2, 2), (1, 2)], close=True)  # a counter
    for k, block in enumerate((clear, nested, lines, clear)):
        p.msp.add_blockref(block.name, (5 + 7 * k, 5), dxfattribs={"layer": "FP-STAND-CARS"})
        p.text(f"A0{k + 1}", (8 + 7 * k, 7), "FP-STAND-CARS", height=0.5)
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert sorted((s.number, s.bounds) for s in layout.stands) == [
        ("A01", (5, 5, 11, 9)),
        ("A02", (12, 5, 18, 9)),
        ("A03", (19, 5, 25, 9)),
        ("A04", (26, 5, 32, 9)),
    ]
    folder = p.path.parent
    assert invoke("validate", folder / "event.yaml", folder / "layout.json").exit_code == 0


@pytest.mark.parametrize(
    ("tags", "number", "name"),
    [
        ({"STAND": "Shell scheme", "STANDNO": "A01", "COMPANY": "Acme"}, "A01", "Acme"),
        ({"Stand No.": "%%uA01", "HALL": "1", "FIRMA": "Acme"}, "A01", "Acme"),
        ({"POS": "A01", "HALL": "1", "COMPANY": "Acme"}, "A01", "Acme"),
        ({"STANDNO": "", "COMPANY": "Acme"}, "A01", "Acme"),
    ],
)
def test_booth_attributes_are_read_by_what_their_tags_mean(
    plan: Callable[..., Plan], invoke: Invoke, tags: dict[str, str], number: str, name: str
) -> None:
    """The most telling tag names the number (`STANDNO` before `STAND`, which may hold a stand
    type), tags compared without case or punctuation (`Stand No.`), CAD's text codes
    (`%%u`, underline) left out; a hall attribute is no number, and the exhibitor's name
    attribute names the stand for matching by name whether or not a number tag exists (the
    last booth's number is a text)."""
    p = small_plan(plan, ["a,Acme,24,"])
    block = p.doc.blocks.new("BOOTH")
    block.add_lwpolyline([(0, 0), (6, 0), (6, 4), (0, 4)], close=True)
    for k, tag in enumerate(tags):
        block.add_attdef(tag.replace(" ", "_"), (0.3, 0.5 + 0.5 * k), dxfattribs={"height": 0.3})
    ref = p.msp.add_blockref("BOOTH", (5, 5), dxfattribs={"layer": "FP-STAND-CARS"})
    ref.add_auto_attribs({tag.replace(" ", "_"): value for tag, value in tags.items()})
    if not tags.get("STANDNO", "x"):
        p.text("A01", (8, 8), "FP-STAND-CARS", height=0.3)
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert [(s.request_id, s.number) for s in layout.stands] == [("a", number)]


def test_a_small_frame_on_a_stand_layer_is_no_stand(
    plan: Callable[..., Plan], invoke: Invoke
) -> None:
    """A number tag's frame drawn as a block (a circle, a small box) inside a stand's
    polyline is no stand of its own: the stand keeps its outline and its number."""
    p = small_plan(plan, ["a,Acme,24,A01", "b,Bolt,24,A02"])
    p.rect(5, 5, 6, 4, "FP-STAND-CARS")
    p.text("Acme", (6, 6), "FP-STAND-CARS", height=0.6)
    frame = p.doc.blocks.new("TAG")
    frame.add_lwpolyline([(0, 0), (1.2, 0), (1.2, 0.6), (0, 0.6)], close=True)
    frame.add_attdef("NR", (0.1, 0.1), dxfattribs={"height": 0.3})
    ref = p.msp.add_blockref("TAG", (7.4, 7.7), dxfattribs={"layer": "FP-STAND-CARS"})
    ref.add_auto_attribs({"NR": "A01"})
    p.rect(20, 5, 6, 4, "FP-STAND-CARS")
    circle = p.doc.blocks.new("ROUND")
    circle.add_circle((0, 0), 0.5)
    p.msp.add_blockref("ROUND", (23, 7), dxfattribs={"layer": "FP-STAND-CARS"})
    p.text("A02", (23, 7), "FP-STAND-CARS", height=0.4)
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    assert "block ROUND is too small for a stand" in result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert sorted((s.number, s.bounds) for s in layout.stands) == [
        ("A01", (5, 5, 11, 9)),
        ("A02", (20, 5, 26, 9)),
    ]


def test_a_booth_block_without_a_number_tag_is_numbered_by_its_texts(
    plan: Callable[..., Plan], invoke: Invoke
) -> None:
    """No attribute tag says which is the number (`POS`): its attributes and the texts the
    block draws are read as a plan's texts are, the area's attribute left out."""
    p = small_plan(plan, ["a,Acme,24,H1-204"])
    ref = p.msp.add_blockref(
        booth_block(p, number_tag="POS"), (5, 5), dxfattribs={"layer": "FP-STAND-CARS"}
    )
    ref.add_auto_attribs({"POS": "H1-204", "COMPANY": "Acme", "AREA": "24"})
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    layout = load_layout(p.path.parent / "layout.json")
    assert [(s.request_id, s.number) for s in layout.stands] == [("a", "H1-204")]


BAD_DRAWINGS: dict[str, tuple[Callable[[Plan], Any], str]] = {
    "self-intersecting": (
        lambda p: p.poly([(5, 5), (10, 10), (5, 10), (10, 5)], "FP-STAND-CARS"),
        "stand outline is not a simple polygon",
    ),
    "open": (
        lambda p: p.poly([(5, 5), (10, 5), (10, 10)], "FP-STAND-CARS", close=False),
        "stand outline is not closed",
    ),
    "no number": (lambda p: p.rect(5, 5, 5, 5, "FP-STAND-CARS"), "stand has no number"),
    "outside the hall": (
        lambda p: p.rect(50, 5, 5, 5, "FP-STAND-CARS"),
        "stand is not inside any hall outline",
    ),
    "a booth block of lines": (
        lambda p: _block_of_lines(p),
        "booth block LINES draws no closed outline of a stand",
    ),
}


def _block_of_lines(p: Plan) -> Any:
    block = p.doc.blocks.new("LINES")
    for a, b in (((0, 0), (5, 0)), ((5, 0), (5, 5)), ((5, 5), (0, 5))):
        block.add_line(a, b)
    return p.msp.add_blockref("LINES", (5, 5), dxfattribs={"layer": "FP-STAND-CARS"})


@pytest.mark.parametrize("case", list(BAD_DRAWINGS))
def test_bad_stands_in_a_drawing_exit_2_with_handle_and_layer(
    case: str, plan: Callable[..., Plan], invoke: Invoke
) -> None:
    draw, message = BAD_DRAWINGS[case]
    p = small_plan(plan, ["a,Acme,25,1A01"])
    entity = draw(p)
    if case != "no number":
        p.rect(20, 10, 5, 5, "FP-STAND-CARS")
        stand_text(p, "1A01", (22.5, 12.5))
        if case != "outside the hall":
            stand_text(p, "1A09", (7.5, 8.0))
    result = run_import(invoke, p)
    assert result.exit_code == 2, result.stdout
    assert f"{entity.dxftype()} {entity.dxf.handle} on layer FP-STAND-CARS" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (p.path.parent / "layout.json").exists()
    assert not (p.path.parent / "venue.yaml").exists()


def test_two_stands_with_one_number_are_an_error(plan: Callable[..., Plan], invoke: Invoke) -> None:
    p = small_plan(plan, ["a,Acme,25,1A01"])
    p.rect(5, 5, 5, 5, "FP-STAND-CARS")
    stand_text(p, "1A01", (7.5, 7.5))
    p.rect(20, 5, 5, 5, "FP-STAND-CARS")
    stand_text(p, "1a01", (22.5, 7.5))
    result = run_import(invoke, p)
    assert result.exit_code == 2
    assert "stand number '1a01' is on two stands" in result.stderr


def test_layout_needs_event(plan: Callable[..., Plan], invoke: Invoke) -> None:
    p = small_plan(plan, ["a,Acme,25,1A01"])
    result = invoke("import-dxf", p.save(), "-o", p.path.parent / "v.yaml", "--layout", "l.json")
    assert result.exit_code == 2
    assert "--layout needs --event" in result.stderr


def test_a_venue_import_ignores_stands(plan: Callable[..., Plan], invoke: Invoke) -> None:
    p = small_plan(plan, [])
    p.poly([(5, 5), (10, 10), (5, 10), (10, 5)], "FP-STAND-CARS")  # bad, but not asked for
    result = invoke("import-dxf", p.save(), "-o", p.path.parent / "venue.yaml")
    assert result.exit_code == 0, result.stderr
    assert "FP-STAND" not in result.stderr


# -- random L-shapes round-trip through layout.json and DXF ------------------------------------


@st.composite
def l_shapes(draw: st.DrawFn) -> list[tuple[float, float]]:
    """An L inside a 40 x 30 hall: a w x d box with a cw x cd bite out of one corner."""
    w = draw(st.integers(8, 24)) / 2
    d = draw(st.integers(8, 20)) / 2
    cw = draw(st.integers(2, int(2 * w) - 4)) / 2
    cd = draw(st.integers(2, int(2 * d) - 4)) / 2
    x = draw(st.integers(4, int(2 * (36 - w)))) / 2
    y = draw(st.integers(4, int(2 * (26 - d)))) / 2
    corner = draw(st.integers(0, 3))
    pts = [(0.0, 0.0), (w, 0.0), (w, d - cd), (w - cw, d - cd), (w - cw, d), (0.0, d)]
    # rotate the bite to another corner by mirroring
    if corner in (1, 3):
        pts = [(w - px, py) for px, py in reversed(pts)]
    if corner in (2, 3):
        pts = [(px, d - py) for px, py in reversed(pts)]
    return [(x + px, y + py) for px, py in pts]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(shape=l_shapes())
def test_random_l_shapes_round_trip_through_layout_json_and_dxf(
    shape: list[tuple[float, float]], plan: Callable[..., Plan]
) -> None:
    from typer.testing import CliRunner

    from floorplan.cli import app

    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        p = plan()
        p.path = here / "plan.dxf"
        p.poly([(0, 0), (40, 0), (40, 30), (0, 30)])
        p.text("Hall 1 (h1)", (20, 29))
        p.line((18, 0), (22, 0), "FP-EXIT")
        (here / "event.yaml").write_text(EVENT_YAML)
        area = Stand(request_id="a", hall="h1", polygon=shape).area
        (here / "exhibitors.csv").write_text(f"id,name,area_m2,stand\na,Acme,{area},1A01\n")
        p.save()
        venue = here / "venue.yaml"
        (here / "venue.yaml").write_text(
            "id: v\nhalls:\n  - id: h1\n    outline: [[0, 0], [40, 0], [40, 30], [0, 30]]\n"
            "    exits: [{id: E1, at: [20, 0], width: 4}]\n"
        )
        # through layout.json
        layout = Layout(
            event="Small plan",
            stands=[Stand(request_id="a", hall="h1", polygon=shape, number="1A01")],
        )
        save_layout(layout, here / "layout.json")
        loaded = load_layout(here / "layout.json")
        assert loaded == layout and loaded.stands[0].polygon == shape
        assert "x" not in json.loads((here / "layout.json").read_text())["stands"][0]
        # through DXF: export, then import the stands again
        runner = CliRunner()
        out = runner.invoke(
            app, ["export-dxf", str(here / "event.yaml"), str(here / "layout.json"), "-o",
                  str(here / "out.dxf")]
        )  # fmt: skip
        assert out.exit_code == 0, out.stderr
        out = runner.invoke(
            app, ["import-dxf", str(here / "out.dxf"), "-o", str(venue), "--layout",
                  str(here / "again.json"), "--event", str(here / "event.yaml")]
        )  # fmt: skip
        assert out.exit_code == 0, out.stderr
        (again,) = load_layout(here / "again.json").stands
        assert again.polygon is not None
        # the same ring (the export may start it elsewhere; import keeps the drawn order)
        assert _ring(again.polygon) == _ring(shape)
        doc = ezdxf.readfile(here / "out.dxf")
        assert len(doc.modelspace().query('LWPOLYLINE[layer=="FP-STAND"]')) == 1


def _ring(points: list[tuple[float, float]]) -> frozenset[tuple[float, float]]:
    return frozenset(points)


def test_a_building_drawn_in_site_coordinates_is_turned_square_with_its_stands(
    plan: Callable[..., Plan], invoke: Invoke
) -> None:
    """A hall drawn at 17 degrees in a site grid far from the origin: stands placed on it as
    drawn would stand skew to every wall. The venue has the hall turned back, and a stand
    drawn square to its walls is a rectangle in the hall's coordinates."""
    turn = math.radians(17)

    def site(x: float, y: float) -> tuple[float, float]:
        return (
            830_000 + x * math.cos(turn) - y * math.sin(turn),
            815_000 + x * math.sin(turn) + y * math.cos(turn),
        )

    p = plan()
    p.poly([site(0, 0), site(40, 0), site(40, 30), site(0, 30)])
    p.text("Hall 1 (h1)", site(20, 28))
    p.line(site(18, 0), site(22, 0), "FP-EXIT")
    p.poly([site(20, 10), site(26, 10), site(26, 14), site(20, 14)], "FP-STAND-CARS")
    stand_text(p, "1A01", site(23, 12))
    folder = p.path.parent
    (folder / "event.yaml").write_text(EVENT_YAML)
    (folder / "exhibitors.csv").write_text("id,name,area_m2,stand\na,Acme,24,1A01\n")
    result = run_import(invoke, p)
    assert result.exit_code == 0, result.stderr
    assert "h1: its walls run +17.00 degrees off the drawing's axes" in result.stderr
    (hall,) = load_venue(folder / "venue.yaml").halls
    assert hall.outline == [(0, 0), (40, 0), (40, 30), (0, 30)]
    assert [(e.at, e.width) for e in hall.exits] == [((20, 0), 4)]
    (stand,) = load_layout(folder / "layout.json").stands
    assert stand.is_rect and stand.bounds == (20, 10, 26, 14)
