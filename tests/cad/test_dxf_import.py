"""Import: each test draws a hall plan with ezdxf and checks the venue it becomes."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from shapely import Polygon

from floorplan.cad import LayerMap, import_dxf, read_dxf_venue, units_from_name
from floorplan.io import InputError, load_venue

Plan = Any
"""`conftest.Plan`: a drawing being built (conftest modules are not importable by name)."""
MakePlan = Callable[..., Plan]


def read(path: Path, seen: list[str] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    return read_dxf_venue(path, warn=(seen if seen is not None else []).append, **kwargs).venue


def test_rectangle_hall_in_metres(plan: MakePlan) -> None:
    p = plan()
    p.rect(0, 0, 40, 30, "FP-HALL")
    p.line((18, 0), (22, 0), "FP-EXIT")
    p.line((40, 19), (40, 21.4), "FP-EXIT")
    venue = read(p.save())
    (hall,) = venue.halls
    assert hall.id == "hall-1"
    assert hall.outline == [(0, 0), (40, 0), (40, 30), (0, 30)]
    assert [(e.id, e.at, e.width, e.kind) for e in hall.exits] == [
        ("E1", (20, 0), 4, "exit"),
        ("E2", (40, 20.2), 2.4, "exit"),
    ]
    assert hall.columns == [] and hall.keep_out == []


def test_l_shaped_hall_with_column_grid_and_exits(plan: MakePlan) -> None:
    p = plan()
    # Drawn away from the origin: the hall comes back with its lower-left at (0, 0).
    ox, oy = 500.0, 200.0
    outline = [(0, 0), (60, 0), (60, 25), (40, 25), (40, 40), (0, 40)]
    p.poly([(x + ox, y + oy) for x, y in outline])
    p.text("Hall 5", (ox + 10, oy + 35))
    grid = [(x, y) for x in (10, 20, 30, 40, 50) for y in (10, 20, 30) if x < 40 or y < 25]
    for x, y in grid:
        p.circle((x + ox, y + oy), 0.5)
    p.rect(ox + 25, oy + 20, 1, 1, "FP-COLUMN")
    p.line((ox + 28, oy), (ox + 32, oy), "FP-ENTRANCE")
    p.line((ox + 60, oy + 5), (ox + 60, oy + 7.4), "FP-EXIT")
    p.text("X9", (ox + 59, oy + 6.2), "FP-EXIT", 0.5)
    p.line((ox + 48.5, oy + 25.3), (ox + 51.5, oy + 25.3), "FP-EXIT")  # 30 cm off the wall
    venue = read(p.save())
    (hall,) = venue.halls
    assert (hall.id, hall.name) == ("hall-5", "Hall 5")
    assert hall.outline == outline
    assert hall.shape.area == pytest.approx(60 * 25 + 40 * 15)
    assert len(hall.columns) == len(grid) + 1
    # A circle becomes the square of the same extent; a rectangle stays [x, y, w, d].
    assert (9.5, 9.5, 1.0, 1.0) in hall.columns
    assert (25, 20, 1, 1) in hall.columns
    by_id = {e.id: e for e in hall.exits}
    assert by_id["X9"].at == (60, 6.2)
    assert by_id["E1"].kind == "entrance" and by_id["E1"].width == 4
    snapped = next(e for e in hall.exits if e.at[1] == 25)
    assert snapped.at == (50, 25) and snapped.width == 3


def test_drawing_in_millimetres(plan: MakePlan) -> None:
    p = plan(units=4)
    p.rect(10_000, 20_000, 30_000, 20_000, "FP-HALL")
    p.circle((25_000, 30_000), 300)
    p.line((20_000, 20_000), (23_000, 20_000), "FP-EXIT")
    venue = read(p.save())
    (hall,) = venue.halls
    assert hall.outline == [(0, 0), (30, 0), (30, 20), (0, 20)]
    assert hall.columns == [(14.7, 9.7, 0.6, 0.6)]
    assert hall.exits[0].at == (11.5, 0) and hall.exits[0].width == 3


def test_units_flag_and_header(plan: MakePlan) -> None:
    p = plan(units=None)
    p.rect(0, 0, 1200, 800, "FP-HALL")  # centimetres
    p.line((100, 0), (400, 0), "FP-EXIT")
    path = p.save()
    with pytest.raises(InputError, match=r"does not say its units.*--units"):
        read(path)
    (hall,) = read(path, units=units_from_name("cm")).halls
    assert hall.outline == [(0, 0), (12, 0), (12, 8), (0, 8)]


def test_units_flag_wins_over_header_with_a_warning(plan: MakePlan) -> None:
    p = plan(units=6)
    p.rect(0, 0, 40_000, 30_000, "FP-HALL")
    p.line((0, 1000), (0, 3000), "FP-EXIT")
    seen: list[str] = []
    (hall,) = read(p.save(), seen, units=units_from_name("mm")).halls
    assert hall.outline[2] == (40, 30)
    assert any("using mm as --units asks" in w for w in seen)


def test_lines_that_close_into_a_loop_make_an_outline(plan: MakePlan) -> None:
    p = plan()
    corners = [(0, 0), (30, 0), (30, 20), (0, 20)]
    # Shuffled and some reversed, ends a few millimetres apart: CAD noise.
    p.line(corners[2], corners[1], "FP-HALL")
    p.line((0.003, 20), (0, 0.002), "FP-HALL")
    p.line(corners[0], corners[1], "FP-HALL")
    p.line((30, 20), (0, 20), "FP-HALL")
    p.line((10, 0), (13, 0), "FP-EXIT")
    (hall,) = read(p.save()).halls
    assert Polygon(hall.outline).area == pytest.approx(600, abs=0.1)
    assert len(hall.outline) == 4


def test_several_halls_labelled_and_numbered(plan: MakePlan) -> None:
    p = plan()
    for i, x in enumerate((0, 50, 100)):
        p.rect(x, 0, 40, 30, "FP-HALL")
        p.line((x + 10, 0), (x + 13, 0), "FP-EXIT")
        p.text(f"E{i + 7}", (x + 11.5, 0.8), "FP-EXIT", 0.5)
    p.text("Hall 2 (h2)", (60, 20))
    p.text("ceiling 19 m", (60, 18), height=0.5)
    p.text("floor load 15 kN/m2", (60, 16), height=0.5)
    halls = read(p.save()).halls
    assert [(h.id, h.name) for h in halls] == [("hall-1", ""), ("h2", "Hall 2"), ("hall-2", "")]
    assert [h.exits[0].id for h in halls] == ["E7", "E8", "E9"]
    assert (halls[1].ceiling_height_m, halls[1].floor_load_kn_m2) == (19, 15)
    assert halls[0].ceiling_height_m is None
    assert all(h.outline[0] == (0, 0) for h in halls)


def test_keep_out_reasons_from_text_and_layer(plan: MakePlan) -> None:
    p = plan()
    p.rect(0, 0, 40, 30, "FP-HALL")
    p.line((10, 0), (13, 0), "FP-EXIT")
    p.rect(0, 10, 1.5, 1, "FP-KEEPOUT")
    p.text("hose reel", (0.75, 10.5), "FP-KEEPOUT", 0.2)
    p.rect(20, 28, 2, 2, "FP-KEEPOUT-SERVICE_RISER")
    p.rect(30, 28, 2, 2, "FP-KEEPOUT")
    (hall,) = read(p.save()).halls
    assert [k.reason for k in hall.keep_out] == ["hose reel", "service riser", ""]
    assert hall.keep_out[0].polygon == [(0, 10), (1.5, 10), (1.5, 11), (0, 11)]


def test_door_block_gives_width_and_entrance_kind(plan: MakePlan) -> None:
    p = plan()
    block = p.doc.blocks.new("DOOR-ENTRANCE")
    block.add_line((0, 0), (3, 0))
    block.add_arc((0, 0), 3, 0, 90)
    p.rect(0, 0, 40, 30, "FP-HALL")
    # Rotated onto the east wall, hinge at (40, 10): the door spans y 10..13.
    p.msp.add_blockref("DOOR-ENTRANCE", (40, 10), dxfattribs={"layer": "FP-EXIT", "rotation": 90})
    (hall,) = read(p.save()).halls
    (door,) = hall.exits
    assert door.kind == "entrance"
    assert door.at == pytest.approx((40, 11.5)) and door.width == pytest.approx(3)


def test_unused_entities_are_reported_with_layer_type_and_handle(plan: MakePlan) -> None:
    p = plan()
    p.rect(0, 0, 40, 30, "FP-HALL")
    p.line((10, 0), (13, 0), "FP-EXIT")
    grid = p.line((5, -5), (5, 35), "A-GRID")
    stray = p.line((5, 5), (8, 8), "FP-COLUMN")
    outside = p.circle((100, 100), 1)
    seen: list[str] = []
    read(p.save(), seen)
    text = "\n".join(seen)
    assert f"layer A-GRID: ignored LINE (handle {grid.dxf.handle})" in text
    assert f"LINE (handle {stray.dxf.handle})" in text and "not closed" in text
    assert f"CIRCLE {outside.dxf.handle} on layer FP-COLUMN is not inside any hall" in text


def test_column_reaching_through_the_wall_is_cut(plan: MakePlan) -> None:
    p = plan()
    p.rect(0, 0, 40, 30, "FP-HALL")
    p.line((10, 0), (13, 0), "FP-EXIT")
    p.rect(39.5, 10, 1, 1, "FP-COLUMN")
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert hall.columns == [(39.5, 10, 0.5, 1)]
    assert any("reaches outside hall-1" in w for w in seen)


def test_layer_map_names_the_venue_layers(plan: MakePlan) -> None:
    p = plan(units=4)
    p.rect(0, 0, 20_000, 10_000, "A-WALL-OUTER")
    p.circle((5000, 5000), 250, "S-COL-CONC")
    p.rect(0, 4000, 1000, 1000, "Fire Equipment")
    p.line((0, 8000), (0, 9200), "A-DOOR")
    p.text("Ballroom", (10_000, 8_000), "A-ANNO", 500)
    layers = LayerMap(
        outline=("a-wall-outer",),
        labels=("A-ANNO",),
        columns=("S-COL*",),
        keep_out=("Fire Equipment",),
        exits=("A-DOOR",),
    )
    (hall,) = read(p.save(), layer_map=layers).halls
    assert (hall.id, hall.name) == ("ballroom", "Ballroom")
    assert hall.columns == [(4.75, 4.75, 0.5, 0.5)]
    assert hall.keep_out[0].reason == "fire equipment"
    assert hall.exits[0].at == (0, 8.6)


def test_import_writes_a_venue_the_loader_accepts(plan: MakePlan, tmp_path: Path) -> None:
    p = plan()
    p.rect(0, 0, 40, 30, "FP-HALL")
    p.text("Hall 1 (h1)", (20, 20))
    p.line((18, 0), (22, 0), "FP-ENTRANCE")
    p.rect(0, 10, 1.5, 1, "FP-KEEPOUT-HOSE-REEL")
    out = tmp_path / "venue" / "venue.yaml"
    written = import_dxf(p.save(), out, warn=[].append)
    assert load_venue(out) == written
    text = out.read_text()
    assert "outline: [[0, 0], [40, 0], [40, 30], [0, 30]]" in text
    assert "{id: E1, at: [20, 0], width: 4, kind: entrance}" in text


@pytest.mark.parametrize(
    ("draw", "message"),
    [
        (lambda p: p.rect(0, 0, 40, 30, "WALLS"), r"no hall outline found.*FP-HALL.*WALLS"),
        (
            lambda p: [p.line((0, 0), (40, 0), "FP-HALL"), p.line((40, 0), (40, 30), "FP-HALL")],
            r"outline on layer FP-HALL is open: LINE \w+ ends at \(0, 0\)",
        ),
        (
            # Two rooms sharing a wall: where it meets the outer walls, three lines meet.
            lambda p: [
                p.line(a, b, "FP-HALL")
                for a, b in [
                    ((0, 0), (20, 0)),
                    ((20, 0), (40, 0)),
                    ((40, 0), (40, 30)),
                    ((40, 30), (20, 30)),
                    ((20, 30), (0, 30)),
                    ((0, 30), (0, 0)),
                    ((20, 0), (20, 30)),
                ]
            ],
            r"3 pieces of outline meet at \(20, (0|30)\)",
        ),
        (lambda p: p.rect(0, 0, 40, 30, "FP-HALL"), r"hall\(s\) hall-1 have no exit.*FP-EXIT"),
        (
            lambda p: p.poly([(0, 0), (10, 10), (10, 0), (0, 10)]),
            r"not a simple polygon: it crosses itself at \(5, 5\)",
        ),
        (
            lambda p: [p.rect(0, 0, 40, 30, "FP-HALL"), p.rect(30, 0, 40, 30, "FP-HALL")],
            r"overlap \(.*\); one hall per outline",
        ),
    ],
    ids=["no-outline", "open-outline", "branching-outline", "no-exit", "bow-tie", "overlap"],
)
def test_bad_drawings_are_input_errors(
    plan: MakePlan, draw: Callable[[Plan], object], message: str
) -> None:
    p = plan()
    draw(p)
    with pytest.raises(InputError, match=message) as caught:
        read(p.save())
    assert all(m.startswith(str(p.path)) or "plan.dxf" in m for m in caught.value.messages)


def test_not_a_dxf_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "hall.dxf"
    path.write_text("this is a PDF, honestly\n")
    with pytest.raises(InputError, match="is not a readable DXF drawing"):
        read(path)
    with pytest.raises(InputError, match="file not found"):
        read(tmp_path / "missing.dxf")


@pytest.mark.parametrize(
    "content",
    [b"", b"0\nSECTION\n2\nHEADER\n", b"id,name,area_m2\nacme,Acme,54\n", bytes(range(256)) * 8],
    ids=["empty", "truncated", "a-csv", "random-bytes"],
)
def test_a_file_that_is_no_drawing_gets_one_readable_line(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not "the drawing does not say its units" after pages of ezdxf's mended lines, and
    no raw bytes quoted back: one line saying it is no drawing."""
    path = tmp_path / "hall.dxf"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read(path)
    [message] = caught.value.messages
    if content.startswith(b"0\nSECTION"):
        assert "ends before its drawing does (no EOF marker" in message
    else:
        assert "not a readable DXF drawing" in message or "not a DXF drawing" in message
    assert message.isascii() and message.isprintable() and len(message) < 300
    assert capsys.readouterr().err == ""


def test_curved_wall_and_old_style_polyline(plan: MakePlan) -> None:
    p = plan()
    p.line((0, 0), (40, 0), "FP-HALL")
    p.line((40, 0), (40, 20), "FP-HALL")
    p.msp.add_arc((20, 20), 20, 0, 180, dxfattribs={"layer": "FP-HALL"})  # a vaulted end wall
    p.line((0, 20), (0, 0), "FP-HALL")
    p.line((10, 0), (13, 0), "FP-EXIT")
    p.msp.add_polyline2d(
        [(100, 0), (130, 0), (130, 20), (100, 20)], close=True, dxfattribs={"layer": "FP-HALL"}
    )
    p.line((100, 5), (100, 8), "FP-EXIT")
    vaulted, plain = read(p.save()).halls
    assert vaulted.gross_area == pytest.approx(40 * 20 + math.pi * 20**2 / 2, rel=1e-3)
    # Flattened within 1 cm of the arc: every vertex lies on it.
    arc_points = [(x, y) for x, y in vaulted.outline if y > 20]
    assert arc_points and all(
        math.dist((x, y), (20, 20)) == pytest.approx(20, abs=0.01) for x, y in arc_points
    )
    assert plain.outline == [(0, 0), (30, 0), (30, 20), (0, 20)]
    assert plain.exits[0].at == (0, 6.5)


# --- drawings as CAD offices leave them -----------------------------------------------------


def _hall(p: Plan) -> None:
    p.rect(0, 0, 100, 60, "FP-HALL")
    p.line((48, 0), (52, 0), "FP-EXIT")


SQUARE = [(-0.4, -0.4), (0.4, -0.4), (0.4, 0.4), (-0.4, 0.4)]


def _lined_column(p: Plan, name: str) -> Any:
    """A column block of `SQUARE` drawn as four lines."""
    column = p.doc.blocks.new(name)
    for a, b in zip(SQUARE, SQUARE[1:] + SQUARE[:1], strict=True):
        column.add_line(a, b)
    return column


def test_a_column_block_is_its_closed_shapes_not_its_centre_lines_or_grid_bubble(
    plan: MakePlan,
) -> None:
    p = plan()
    _hall(p)
    block = p.doc.blocks.new("COL")
    block.add_lwpolyline(SQUARE, close=True)
    block.add_line((-1, 0), (1, 0))  # centre lines past the faces
    block.add_line((0, -1), (0, 1))
    block.add_circle((0, 3.5), 0.5)  # the grid bubble, with its axis letter
    block.add_text("B", height=0.4).set_placement((0, 3.5))
    p.msp.add_blockref("COL", (20, 20), dxfattribs={"layer": "FP-COLUMN"})
    (hall,) = read(p.save()).halls
    assert hall.columns == [(19.6, 19.6, 0.8, 0.8)]


def test_a_column_grid_in_one_block_or_one_array_insert_is_each_column(plan: MakePlan) -> None:
    p = plan()
    _hall(p)
    single = p.doc.blocks.new("C")
    single.add_lwpolyline(SQUARE, close=True)
    grid = p.doc.blocks.new("GRID")
    for x in (0, 20):
        grid.add_lwpolyline([(x + a, b) for a, b in SQUARE], close=True)
    p.msp.add_blockref("GRID", (20, 10), dxfattribs={"layer": "FP-COLUMN"})
    p.msp.add_blockref(
        "C",
        (20, 30),
        dxfattribs={
            "layer": "FP-COLUMN",
            "column_count": 3,
            "row_count": 2,
            "column_spacing": 20,
            "row_spacing": 15,
        },
    )
    (hall,) = read(p.save()).halls
    assert len(hall.columns) == 2 + 6
    assert {c[2:] for c in hall.columns if isinstance(c, tuple)} == {(0.8, 0.8)}


def test_fills_thick_polylines_and_mirrored_circles_are_read_where_they_are(
    plan: MakePlan,
) -> None:
    p = plan()
    _hall(p)
    hatch = p.msp.add_hatch(dxfattribs={"layer": "FP-COLUMN"})
    hatch.paths.add_polyline_path([(10 + a, 10 + b) for a, b in SQUARE], is_closed=True)
    p.msp.add_solid([(30, 10), (31, 10), (30, 11), (31, 11)], dxfattribs={"layer": "FP-KEEPOUT"})
    # AutoCAD's DONUT: two vertices, bulge 1, width 0.4 -> a disc 0.8 m across.
    p.msp.add_lwpolyline(
        [(49.8, 10, 0.4, 0.4, 1), (50.2, 10, 0.4, 0.4, 1)],
        format="xyseb",
        close=True,
        dxfattribs={"layer": "FP-COLUMN", "const_width": 0.4},
    )
    # A circle written with extrusion (0, 0, -1) (MIRROR): its OCS x runs the other way.
    p.msp.add_circle((-70, 10), 0.4, dxfattribs={"layer": "FP-COLUMN", "extrusion": (0, 0, -1)})
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert not [s for s in seen if "ignored" in s]
    extents = sorted(Polygon(c).bounds if isinstance(c, list) else c for c in hall.columns)
    # [x, y, w, d] for a square, bounds for the disc (flattened within 1 cm).
    assert extents[0] == (9.6, 9.6, 0.8, 0.8)
    assert extents[1] == pytest.approx((49.6, 9.6, 50.4, 10.4), abs=0.02)
    assert extents[2] == (69.6, 9.6, 0.8, 0.8)
    (keep,) = hall.keep_out
    assert Polygon(keep.polygon).bounds == (30, 10, 31, 11)


def test_exploded_door_symbols_and_openings_drawn_as_shapes_are_doors(plan: MakePlan) -> None:
    p = plan()
    p.rect(0, 0, 100, 60, "FP-HALL")
    # Jambs through a 0.3 m wall, the 0.9 m leaf opened, its swing: one door 0.9 m wide.
    p.line((50, -0.3), (50, 0), "FP-EXIT")
    p.line((50.9, -0.3), (50.9, 0), "FP-EXIT")
    p.line((50, 0), (50, 0.9), "FP-EXIT")
    p.msp.add_arc((50, 0), 0.9, 0, 90, dxfattribs={"layer": "FP-EXIT"})
    # The opening drawn as a closed rectangle filling the wall.
    p.rect(60, -0.3, 2.4, 0.3, "FP-EXIT")
    (hall,) = read(p.save()).halls
    assert sorted((e.at, e.width) for e in hall.exits) == [((50.45, 0), 0.9), ((61.2, 0), 2.4)]


def test_a_wall_broken_at_its_doors_closes_through_them(plan: MakePlan) -> None:
    p = plan()
    p.poly([(52, 0), (100, 0), (100, 60), (0, 60), (0, 0), (48, 0)], close=False)
    p.line((48, 0), (52, 0), "FP-EXIT")
    (hall,) = read(p.save()).halls
    assert Polygon(hall.outline).area == 6000
    assert [(e.at, e.width) for e in hall.exits] == [((50, 0), 4)]


def test_a_wall_broken_where_a_door_block_hangs_closes_through_it(plan: MakePlan) -> None:
    """Architects break the wall at each door and insert the door block in the gap, its
    hinge at one jamb and its swing reaching the other: no line spans the gap."""
    p = plan()
    p.poly([(52, 0), (100, 0), (100, 60), (0, 60), (0, 0), (48, 0)], close=False)
    double = p.doc.blocks.new("DOOR-D")
    for hinge, start in ((0, 0), (4, 90)):
        double.add_line((hinge, 0), (hinge, 2))
        double.add_arc((hinge, 0), 2, start, start + 90)
    p.msp.add_blockref("DOOR-D", (48, 0), dxfattribs={"layer": "FP-EXIT"})
    (hall,) = read(p.save()).halls
    assert Polygon(hall.outline).area == 6000
    assert [(e.at, e.width) for e in hall.exits] == [((50, 0), 4)]


def test_what_is_drawn_twice_is_read_once(plan: MakePlan) -> None:
    p = plan()
    for a, b in [
        ((0, 0), (100, 0)),
        ((100, 0), (100, 60)),
        ((100, 60), (0, 60)),
        ((0, 60), (0, 0)),
    ]:
        p.line(a, b, "FP-HALL")
    p.line((100, 0), (0, 0), "FP-HALL")  # the south wall again, the other way
    p.rect(0, 0, 100, 60, "FP-HALL")  # and the whole outline once more, as a polyline
    p.line((48, 0), (52, 0), "FP-EXIT")
    p.circle((20, 20), 0.4)
    p.circle((20, 20), 0.4)
    p.rect(39.6, 19.6, 0.8, 0.8, "FP-COLUMN")
    p.circle((40, 20), 0.3)  # a round mark inside the square column
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert hall.columns == [(19.6, 19.6, 0.8, 0.8), (39.6, 19.6, 0.8, 0.8)]
    assert any("4 column shapes drawn over each other or twice are read as 2" in s for s in seen)


def test_a_plan_drawn_in_metres_whose_header_says_millimetres_is_refused(
    plan: MakePlan,
) -> None:
    p = plan(units=4)
    _hall(p)
    with pytest.raises(InputError, match=r"is 0\.1 x 0\.06 m, too small for a hall.*--units"):
        read(p.save())


def test_a_block_that_contains_itself_is_ignored_not_a_crash(plan: MakePlan) -> None:
    p = plan()
    _hall(p)
    block = p.doc.blocks.new("SELF")
    block.add_circle((0, 0), 0.4)
    block.add_blockref("SELF", (1, 0))
    p.msp.add_blockref("SELF", (20, 20), dxfattribs={"layer": "FP-COLUMN"})
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert hall.columns == []
    assert any("block SELF contains itself" in s for s in seen)


def _door_block(p: Plan, name: str, dx: float = 0.0) -> None:
    """A 1 m door as CAD libraries draw it: hinge at the base point, leaf opened, swing."""
    block = p.doc.blocks.new(name)
    block.add_line((dx, 0), (dx, 1))
    block.add_arc((dx, 0), 1, 0, 90)
    block.add_attdef("WIDTH", (dx, 0))


def test_a_door_block_with_its_base_point_away_from_the_door_is_where_it_is_drawn(
    plan: MakePlan,
) -> None:
    p = plan()
    p.rect(0, 0, 100, 60, "FP-HALL")
    _door_block(p, "AT-70", dx=70)  # the door drawn at x 70-71, the block inserted at 0, 0
    p.msp.add_blockref("AT-70", (0, 0), dxfattribs={"layer": "FP-EXIT"})
    (hall,) = read(p.save()).halls
    assert [(e.at, e.width) for e in hall.exits] == [((70.5, 0), 1)]


def test_a_width_attribute_typed_in_metres_in_a_millimetre_drawing_gives_way_to_the_drawing(
    plan: MakePlan,
) -> None:
    p = plan(units=4)
    p.rect(0, 0, 100_000, 60_000, "FP-HALL")
    _door_block(p, "DOOR")
    block = p.doc.blocks.get("DOOR")
    for e in list(block):
        e.scale_uniform(1000)  # the block in millimetres
    good = p.msp.add_blockref("DOOR", (20_000, 0), dxfattribs={"layer": "FP-EXIT"})
    good.add_attrib("WIDTH", "1200,0", (20_000, 0))
    typed = p.msp.add_blockref("DOOR", (60_000, 0), dxfattribs={"layer": "FP-EXIT"})
    typed.add_attrib("WIDTH", "1,2", (60_000, 0))
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert sorted((e.at[0], e.width) for e in hall.exits) == [(20.5, 1.2), (60.5, 1)]
    assert any(
        "WIDTH attribute gives a door 0.0012 m wide; the 1 m drawn is used" in s for s in seen
    )


def test_a_plan_drawn_in_paper_space_is_told_so(plan: MakePlan) -> None:
    p = plan()
    paper = p.doc.layouts.get("Layout1")
    paper.add_lwpolyline([(0, 0), (40, 0), (40, 30), (0, 30)], close=True)
    with pytest.raises(InputError, match=r"draws nothing in model space \(1 entity in paper"):
        read(p.save())


def test_an_outline_crossing_itself_by_millimetres_is_mended_and_by_metres_refused(
    plan: MakePlan,
) -> None:
    p = plan(units=4)
    # The pen ran 3 mm past the south-east corner and came back.
    p.poly([(0, 0), (100_003, 0), (100_000, 0), (100_000, 60_000), (0, 60_000)])
    p.line((48_000, 0), (52_000, 0), "FP-EXIT")
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert Polygon(hall.outline).area == pytest.approx(6000)
    assert any("crosses itself at (100003, 0) (a crossing of less than 1 cm)" in s for s in seen)
    q = plan(units=4, name="bowtie.dxf")
    q.poly([(0, 0), (100_000, 0), (0, 60_000), (100_000, 60_000)])
    q.line((48_000, 0), (52_000, 0), "FP-EXIT")
    with pytest.raises(InputError, match="is not a simple polygon"):
        read(q.save())


@pytest.mark.parametrize(
    ("texts", "ceiling", "load"),
    [
        (["ceiling 12 m", "floor load 20 kN/m2"], 12, 20),
        (["Ceiling height 12,5 m", "Floor load 5 t/m²"], 12.5, 49.03),
        (["clear height: 16 m", "max. floor load 20 kN/m²"], 16, 20),
        (["Headroom 9 m", "Floor loading: 15 kPa"], 9, 15),
    ],
)
def test_hall_notes_as_venues_write_them(
    plan: MakePlan, texts: list[str], ceiling: float, load: float
) -> None:
    p = plan()
    _hall(p)
    p.text("Hall 1", (50, 40), height=2)
    for i, text in enumerate(texts):
        p.text(text, (50, 30 - 3 * i))
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert (hall.name, hall.ceiling_height_m, hall.floor_load_kn_m2) == ("Hall 1", ceiling, load)
    assert seen == []


def _base_plan(p: Plan, name: str) -> Any:
    """A block holding `_hall`'s hall and door, as a base plan bound into a drawing."""
    base = p.doc.blocks.new(name)
    base.add_lwpolyline(
        [(0, 0), (100, 0), (100, 60), (0, 60)], close=True, dxfattribs={"layer": "FP-HALL"}
    )
    base.add_line((48, 0), (52, 0), dxfattribs={"layer": "FP-EXIT"})
    return base


def test_a_base_plan_bound_as_one_block_is_read_through(plan: MakePlan) -> None:
    p = plan()
    base = _base_plan(p, "VENUE-BASE")
    base.add_circle((20, 20), 0.4, dxfattribs={"layer": "FP-COLUMN"})
    base.add_line((0, 30), (100, 30), dxfattribs={"layer": "A-GRID"})
    p.msp.add_blockref("VENUE-BASE", (1000, 500), dxfattribs={"layer": "0"})
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert hall.outline == [(0, 0), (100, 0), (100, 60), (0, 60)]
    assert hall.columns == [(19.6, 19.6, 0.8, 0.8)]
    assert [(e.at, e.width) for e in hall.exits] == [((50, 0), 4)]
    assert any("layer A-GRID: ignored LINE" in s and "in block VENUE-BASE" in s for s in seen)


def test_a_column_and_a_door_on_the_wall_between_two_halls_belong_to_both(
    plan: MakePlan,
) -> None:
    p = plan()
    p.rect(0, 0, 60, 60, "FP-HALL")
    p.rect(60, 0, 40, 60, "FP-HALL")
    p.line((60, 27), (60, 33), "FP-EXIT")  # the door in the partition
    p.line((20, 0), (24, 0), "FP-EXIT")
    p.line((80, 0), (84, 0), "FP-EXIT")
    p.circle((60, 10), 0.5)
    seen: list[str] = []
    a, b = read(p.save(), seen).halls
    assert a.columns == [(59.5, 9.5, 0.5, 1)] and b.columns == [(0, 9.5, 0.5, 1)]
    assert ((60, 30), 6) in [(e.at, e.width) for e in a.exits]
    assert ((0, 30), 6) in [(e.at, e.width) for e in b.exits]
    assert any("door between hall-1 and hall-2, an exit of both" in s for s in seen)


# --- what review of the readings above found ------------------------------------------------


def test_a_block_drawn_with_lines_and_a_mark_inside_is_the_shape_the_lines_close(
    plan: MakePlan,
) -> None:
    p = plan()
    _hall(p)
    column = _lined_column(p, "COL")
    column.add_lwpolyline([(0, 0), (0.05, 0), (0, 0.05)], close=True)  # a marker
    reel = p.doc.blocks.new("REEL")  # a hose-reel box with its tag and reel inside
    reel.add_lwpolyline([(0, 0), (1.5, 0), (1.5, 0.4), (0, 0.4)], close=True)
    reel.add_circle((0.3, 0.2), 0.15)
    reel.add_text("FHR", height=0.1).set_placement((0.8, 0.15))
    tagged = p.doc.blocks.new("TAGGED")  # a column with its tag inside it
    tagged.add_lwpolyline(SQUARE, close=True)
    tagged.add_text("C3", height=0.1).set_placement((-0.1, -0.05))
    p.msp.add_blockref("COL", (20, 20), dxfattribs={"layer": "FP-COLUMN"})
    p.msp.add_blockref("TAGGED", (30, 20), dxfattribs={"layer": "FP-COLUMN"})
    p.msp.add_blockref("REEL", (10, 59.6), dxfattribs={"layer": "FP-KEEPOUT"})
    (hall,) = read(p.save()).halls
    assert hall.columns == [(19.6, 19.6, 0.8, 0.8), (29.6, 19.6, 0.8, 0.8)]
    assert Polygon(hall.keep_out[0].polygon).bounds == (10, 59.6, 11.5, 60)


def test_doors_along_walls_stay_apart_and_a_door_near_a_shared_corner_is_one_halls(
    plan: MakePlan,
) -> None:
    p = plan()
    p.rect(0, 0, 40, 30, "FP-HALL")
    p.rect(40, 0, 40, 30, "FP-HALL")
    p.line((10, 0), (12, 0), "FP-EXIT")  # two 2 m doors end to end: two exits
    p.line((12, 0), (14, 0), "FP-EXIT")
    p.line((60, 0), (62, 0), "FP-EXIT")
    p.line((80, 0), (80, 2), "FP-EXIT")  # a door meeting another at the corner
    p.line((78, 0), (80, 0), "FP-EXIT")
    door = p.doc.blocks.new("DOOR")
    door.add_line((0, 0), (0, 1.2))
    door.add_arc((0, 0), 1.2, 0, 90)
    p.msp.add_blockref("DOOR", (38.5, 0), dxfattribs={"layer": "FP-EXIT"})  # 30 cm short
    # An exit's tag drawn in a circle and a box inside the hall: no doors.
    p.circle((11, 0.8), 0.4, "FP-EXIT")
    p.rect(76, 10.6, 1.2, 0.8, "FP-EXIT")
    seen: list[str] = []
    a, b = read(p.save(), seen).halls
    assert sorted((e.at, e.width) for e in a.exits) == [
        ((11, 0), 2),
        ((13, 0), 2),
        ((39.1, 0), 1.2),
    ]
    assert sorted((e.at, e.width) for e in b.exits) == [((21, 0), 2), ((39, 0), 2), ((40, 1), 2)]
    assert sum("a closed shape that is no opening across a wall" in s for s in seen) == 2


def test_a_shape_a_fraction_of_a_millimetre_over_a_shared_wall_stays_in_its_hall(
    plan: MakePlan,
) -> None:
    p = plan(units=4)
    p.rect(0, 0, 40_000, 30_000, "FP-HALL")
    p.rect(40_000, 0, 40_000, 30_000, "FP-HALL")
    p.line((10_000, 0), (12_000, 0), "FP-EXIT")
    p.line((60_000, 0), (62_000, 0), "FP-EXIT")
    p.rect(39_400, 10_000, 600.3, 600, "FP-COLUMN")  # 0.3 mm over the wall
    a, b = read(p.save()).halls
    assert a.columns == [(39.4, 10, 0.6, 0.6)] and b.columns == []


def test_a_base_plan_block_reads_its_own_column_and_door_blocks(plan: MakePlan) -> None:
    p = plan()
    _lined_column(p, "COL")  # on layer 0: the column layer of the insert
    door = p.doc.blocks.new("DOOR")
    door.add_line((0, 0), (0, 1.2))
    door.add_arc((0, 0), 1.2, 0, 90)
    base = p.doc.blocks.new("BASEPLAN")
    base.add_lwpolyline(
        [(0, 0), (40, 0), (40, 30), (0, 30)], close=True, dxfattribs={"layer": "FP-HALL"}
    )
    base.add_blockref("COL", (10, 10), dxfattribs={"layer": "FP-COLUMN"})
    base.add_blockref("DOOR", (18, 0), dxfattribs={"layer": "FP-EXIT"})
    selfish = p.doc.blocks.new("SELF")
    selfish.add_circle((0, 0), 0.4, dxfattribs={"layer": "FP-COLUMN"})
    selfish.add_blockref("SELF", (1, 0))
    p.msp.add_blockref("BASEPLAN", (100, 100), dxfattribs={"layer": "XREF-BASE"})
    p.msp.add_blockref("SELF", (120, 110), dxfattribs={"layer": "STUFF"})
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert hall.columns == [(9.6, 9.6, 0.8, 0.8), (19.6, 9.6, 0.8, 0.8)]
    assert [(e.at, e.width) for e in hall.exits] == [((18.6, 0), 1.2)]
    assert any("block SELF contains itself" in s for s in seen)


def test_the_pieces_of_one_keep_out_share_its_reason(plan: MakePlan) -> None:
    p = plan()
    _hall(p)
    hatch = p.msp.add_hatch(dxfattribs={"layer": "FP-KEEPOUT"})
    hatch.paths.add_polyline_path([(20, 20), (21, 20), (21, 21), (20, 21)], is_closed=True)
    hatch.paths.add_polyline_path([(30, 20), (31, 20), (31, 21), (30, 21)], is_closed=True)
    p.text("hose cabinet", (20.5, 21.5), "FP-KEEPOUT", 0.3)
    (hall,) = read(p.save()).halls
    assert [k.reason for k in hall.keep_out] == ["hose cabinet", "hose cabinet"]


def test_tagged_columns_in_an_array_and_a_shutter_with_jambs_and_a_pipe(plan: MakePlan) -> None:
    p = plan()
    p.rect(0, 0, 100, 60, "FP-HALL")
    tagged = p.doc.blocks.new("TAGGED")  # every column carries its tag
    tagged.add_lwpolyline(SQUARE, close=True)
    tagged.add_text("C", height=0.1).set_placement((0, 0.1))
    p.msp.add_blockref(
        "TAGGED",
        (20, 20),
        dxfattribs={
            "layer": "FP-COLUMN",
            "column_count": 3,
            "row_count": 2,
            "column_spacing": 10,
            "row_spacing": 10,
        },
    )
    p.rect(60, 40, 0.008, 0.008, "FP-COLUMN")  # an 8 mm pipe
    # A 4 m shutter: the opening line and two jambs through a 0.3 m wall, close to it.
    p.line((50, 0), (54, 0), "FP-EXIT")
    p.line((50, -0.3), (50, 0), "FP-EXIT")
    p.line((54, -0.3), (54, 0), "FP-EXIT")
    p.circle((20, 0), 0.4, "FP-EXIT")  # an exit id's bubble across the wall: no door
    (hall,) = read(p.save()).halls
    assert len(hall.columns) == 6 + 1
    assert (60, 40, 0.008, 0.008) in hall.columns
    assert [(e.at, e.width) for e in hall.exits] == [((52, 0), 4)]


def test_keep_outs_of_a_base_plan_keep_their_own_reasons(plan: MakePlan) -> None:
    p = plan()
    base = _base_plan(p, "BASE")
    for x in (10, 50, 80):
        base.add_lwpolyline(
            [(x, 10), (x + 2, 10), (x + 2, 12), (x, 12)],
            close=True,
            dxfattribs={"layer": "FP-KEEPOUT"},
        )
    base.add_text("stage", height=0.3, dxfattribs={"layer": "FP-KEEPOUT"}).set_placement((11, 11))
    p.msp.add_blockref("BASE", (0, 0), dxfattribs={"layer": "XREF"})
    (hall,) = read(p.save()).halls
    assert [k.reason for k in hall.keep_out] == ["stage", "", ""]


def test_third_review_drafting_noise_legends_corners_and_polygons(plan: MakePlan) -> None:
    p = plan()
    p.rect(0, 0, 100, 60, "FP-HALL")
    p.line((48, 0), (52, 0), "FP-EXIT")
    # A closed polyline of two vertices on the exits layer (drafting noise): no crash.
    p.msp.add_lwpolyline([(70, 0), (71, 0)], close=True, dxfattribs={"layer": "FP-EXIT"})
    # An opening flush with the hall's corner, measured on its own wall (the bottom one).
    p.rect(0, -0.3, 2, 0.3, "FP-EXIT")
    # A legend block on layer 0 with a swatch on the outline layer.
    legend = p.doc.blocks.new("LEGEND")
    legend.add_lwpolyline(
        [(0, 0), (1, 0), (1, 0.6), (0, 0.6)], close=True, dxfattribs={"layer": "FP-HALL"}
    )
    p.msp.add_blockref("LEGEND", (120, 10), dxfattribs={"layer": "0"})
    # A stair-shaped keep-out of ten vertices, one jog 5 mm: kept vertex for vertex.
    stair = [(10, 10), (12, 10), (12, 11), (14, 11), (14, 12), (16, 12), (16, 14), (10, 14),
             (10, 12.005), (10, 12)]  # fmt: skip
    p.poly(stair, "FP-KEEPOUT")
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert sorted((e.at, e.width) for e in hall.exits) == [((1, 0), 2), ((50, 0), 4)]
    assert len(hall.keep_out[0].polygon) == len(stair)
    assert any("(in block LEGEND) is 1 x 0.6 m, too small for a hall; ignored" in s for s in seen)


def test_halls_whose_shared_wall_overlaps_by_millimetres_are_trimmed_to_meet(
    plan: MakePlan,
) -> None:
    """A shared wall drawn as two lines 2 mm apart the wrong way: CAD noise, not two halls
    on top of each other (which stays an error, saying how much and where)."""
    p = plan()
    p.rect(0, 0, 40, 30, "FP-HALL")
    p.rect(39.998, 0, 30, 30, "FP-HALL")
    p.line((18, 0), (22, 0), "FP-EXIT")
    p.line((50, 0), (54, 0), "FP-EXIT")
    seen: list[str] = []
    venue = read(p.save(), seen)
    a, b = venue.halls
    # Each hall in its own coordinates: the second lost the 2 mm the first holds.
    assert a.gross_area == pytest.approx(1200) and b.gross_area == pytest.approx(30 * 29.998)
    assert any("overlap by less than 1 cm along their shared wall" in w for w in seen)
    q = plan(name="deep.dxf")
    q.rect(0, 0, 40, 30, "FP-HALL")
    q.rect(39, 0, 30, 30, "FP-HALL")
    q.line((18, 0), (22, 0), "FP-EXIT")
    q.line((50, 0), (54, 0), "FP-EXIT")
    with pytest.raises(InputError, match=r"overlap \(30\.00 m2, around"):
        read(q.save())


def test_a_hall_label_stacked_on_two_lines_is_one_name(plan: MakePlan) -> None:
    """An MTEXT `HALL` over `10`, as title blocks stack it, names hall 10 (the number was
    dropped, the hall named `HALL`); `HALL 5` over `ceiling 19 m` still says two things."""
    p = plan()
    p.rect(0, 0, 40, 30, "FP-HALL")
    p.line((18, 0), (22, 0), "FP-EXIT")
    p.msp.add_mtext("HALL\\P10", dxfattribs={"layer": "FP-HALL", "insert": (20, 15)})
    p.rect(50, 0, 40, 30, "FP-HALL")
    p.line((68, 0), (72, 0), "FP-EXIT")
    p.msp.add_mtext("HALL 5\\Pceiling 19 m", dxfattribs={"layer": "FP-HALL", "insert": (70, 15)})
    ten, five = read(p.save()).halls
    assert (ten.id, ten.name) == ("hall-10", "HALL 10")
    assert (five.id, five.ceiling_height_m) == ("hall-5", 19)


def test_a_door_drawn_as_its_swing_alone_is_a_door(plan: MakePlan) -> None:
    """The arc turns on the hinge at one jamb and meets the wall at the other; its middle
    stands 0.85 m off the wall, where a door line's middle would be on it."""
    p = plan()
    p.rect(0, 0, 60, 40, "FP-HALL")
    p.msp.add_arc((30, 0), 1.2, 0, 90, dxfattribs={"layer": "FP-EXIT"})
    p.msp.add_arc((0, 20), 1.2, 270, 360, dxfattribs={"layer": "FP-EXIT"})
    (hall,) = read(p.save()).halls
    assert sorted((e.at, e.width) for e in hall.exits) == [((0, 19.4), 1.2), ((30.6, 0), 1.2)]


def test_a_hall_s_area_lettered_larger_than_its_name_is_not_its_name(plan: MakePlan) -> None:
    p = plan()
    p.rect(0, 0, 60, 40, "FP-HALL")
    p.line((28, 0), (32, 0), "FP-EXIT")
    p.text("Hall 2", (30, 24), height=1.0)
    p.text("2,400 m²", (30, 20), height=2.5)
    p.text("60 x 40 m", (30, 16), height=1.5)
    seen: list[str] = []
    (hall,) = read(p.save(), seen).halls
    assert (hall.id, hall.name) == ("hall-2", "Hall 2")
    assert sum("gives a size, not a hall's name" in s for s in seen) == 2


def test_a_hall_drawn_as_a_block_and_a_hall_tag_block_are_read(plan: MakePlan) -> None:
    """Both sit on the hall layer: a block of the outline (before: `no hall outline found`)
    and a tag symbol whose NAME attribute names the hall (before: ignored, `hall-1`)."""
    p = plan()
    outline = p.doc.blocks.new("HALL-OUTLINE")
    outline.add_lwpolyline([(0, 0), (60, 0), (60, 40), (0, 40)], close=True)
    # Its door drawn in the block, on the exits layer: read there.
    outline.add_line((28, 0), (32, 0), dxfattribs={"layer": "FP-EXIT"})
    p.msp.add_blockref("HALL-OUTLINE", (0, 0), dxfattribs={"layer": "FP-HALL"})
    tag = p.doc.blocks.new("HALL-TAG")
    tag.add_circle((0, 0), 2)
    tag.add_attdef("NAME", (0, 0), dxfattribs={"height": 1.5})
    ref = p.msp.add_blockref("HALL-TAG", (30, 30), dxfattribs={"layer": "FP-HALL"})
    ref.add_auto_attribs({"NAME": "Hall 8"})
    (hall,) = read(p.save()).halls
    assert (hall.id, hall.name, Polygon(hall.outline).area) == ("hall-8", "Hall 8", 2400)
    assert [(e.at, e.width) for e in hall.exits] == [((30, 0), 4)]


def test_a_drawing_whose_halls_are_in_an_unbound_xref_says_so(plan: MakePlan) -> None:
    p = plan()
    p.doc.add_xref_def("..\\base\\hall-base.dwg", "HALL-BASE")
    p.msp.add_blockref("HALL-BASE", (0, 0), dxfattribs={"layer": "X-BASE"})
    with pytest.raises(InputError, match=r"refers to \.\.\\base\\hall-base\.dwg \(XREF\).*Bind"):
        read(p.save())
