"""Draw `hall-plan.dxf`: a small two-hall venue as a venue's CAD office might publish it.

The drawing is in millimetres and uses the office's own layer names, which
`layers.yaml` maps onto floorplan's roles. It deliberately mixes the ways
real plans draw things: Hall A is one closed polyline, Hall B four loose
LINEs; columns are circles; one door is a block, the others plain lines; a
keep-out is named by its layer, another by a text; a grid and a dimension
layer are left for the importer to report as ignored.

    python examples/dxf-hall/make_drawing.py
    floorplan import-dxf examples/dxf-hall/hall-plan.dxf \\
        --layer-map examples/dxf-hall/layers.yaml -o examples/dxf-hall/venue.yaml
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ezdxf
from ezdxf import units
from ezdxf.enums import TextEntityAlignment

HERE = Path(__file__).parent
M = 1000.0  # millimetres per metre


def rect(x: float, y: float, w: float, d: float) -> list[tuple[float, float]]:
    return [(x * M, y * M), ((x + w) * M, y * M), ((x + w) * M, (y + d) * M), (x * M, (y + d) * M)]


def text(msp: Any, body: str, at: tuple[float, float], height: float, layer: str) -> None:
    entity = msp.add_text(body, height=height * M, dxfattribs={"layer": layer})
    entity.set_placement((at[0] * M, at[1] * M), align=TextEntityAlignment.MIDDLE_CENTER)


def door_line(msp: Any, a: tuple[float, float], b: tuple[float, float], name: str) -> None:
    start, end = (a[0] * M, a[1] * M), (b[0] * M, b[1] * M)
    msp.add_line(start, end, dxfattribs={"layer": "A-DOOR-EXIT"})
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    inward = (0.0, 1.0) if a[1] == b[1] == 0 else (0.0, -1.0) if a[1] == b[1] else (0.0, 0.0)
    if a[0] == b[0]:
        inward = (1.0, 0.0) if a[0] in (0, 70) else (-1.0, 0.0)
    text(msp, name, (mid[0] + inward[0], mid[1] + inward[1]), 0.5, "A-DOOR-EXIT")


def main() -> Path:
    ezdxf.options.write_fixed_meta_data_for_testing = True  # no timestamps or fresh GUIDs
    doc = ezdxf.new("R2013")
    doc.units = units.MM
    for name, colour in [
        ("A-HALL-OUTLINE", 7),
        ("A-HALL-TEXT", 7),
        ("S-COLS", 8),
        ("FIRE-HOSE-REEL", 1),
        ("M-RISER", 1),
        ("A-DOOR-EXIT", 3),
        ("A-DOOR", 4),
        ("A-GRID", 9),
        ("DIM", 2),
    ]:
        doc.layers.add(name, color=colour)

    # A double entrance door: two 3 m leaves with their swings, hinge at the block origin.
    door = doc.blocks.new("DOOR-ENTRANCE-DOUBLE")
    door.add_line((-3000, 0), (3000, 0))
    door.add_arc((-3000, 0), 3000, 0, 90)
    door.add_arc((3000, 0), 3000, 90, 180)

    msp = doc.modelspace()

    # Hall A: L-shaped, 60 x 40 m less its north-east corner.
    hall_a = [(0, 0), (60, 0), (60, 25), (40, 25), (40, 40), (0, 40)]
    msp.add_lwpolyline(
        [(x * M, y * M) for x, y in hall_a], close=True, dxfattribs={"layer": "A-HALL-OUTLINE"}
    )
    text(msp, "Hall A", (8, 37), 1.5, "A-HALL-TEXT")
    text(msp, "ceiling 12 m", (8, 35), 0.6, "A-HALL-TEXT")
    text(msp, "floor load 20 kN/m2", (8, 34), 0.6, "A-HALL-TEXT")
    for x in (10, 20, 30, 40, 50):
        for y in (10, 20, 30):
            if x < 40 or y < 25:
                msp.add_circle((x * M, y * M), 400, dxfattribs={"layer": "S-COLS"})
    msp.add_lwpolyline(rect(0, 18, 1, 1.5), close=True, dxfattribs={"layer": "FIRE-HOSE-REEL"})
    msp.add_lwpolyline(rect(59, 12, 1, 1.5), close=True, dxfattribs={"layer": "FIRE-HOSE-REEL"})
    msp.add_lwpolyline(rect(38, 38, 2, 2), close=True, dxfattribs={"layer": "M-RISER"})
    text(msp, "service riser", (39, 39), 0.3, "M-RISER")
    entrance = msp.add_blockref("DOOR-ENTRANCE-DOUBLE", (30 * M, 0), dxfattribs={"layer": "A-DOOR"})
    entrance.add_auto_attribs({})
    door_line(msp, (0, 30), (0, 32.4), "A2")
    door_line(msp, (60, 5), (60, 7.4), "A3")
    door_line(msp, (18.8, 40), (21.2, 40), "A4")
    door_line(msp, (48.5, 25), (51.5, 25), "A5")

    # Hall B: 30 x 20 m, drawn as four separate lines, 10 m east of Hall A.
    corners = [(70, 0), (100, 0), (100, 20), (70, 20)]
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        msp.add_line(
            (a[0] * M, a[1] * M), (b[0] * M, b[1] * M), dxfattribs={"layer": "A-HALL-OUTLINE"}
        )
    text(msp, "Hall B", (78, 17), 1.5, "A-HALL-TEXT")
    text(msp, "ceiling 6 m", (78, 15), 0.6, "A-HALL-TEXT")
    door_line(msp, (83.5, 0), (86.5, 0), "B1")
    door_line(msp, (70, 9), (70, 11.4), "B2")

    # Layers the importer does not read: a structural grid and a dimension.
    for x in (10, 20, 30, 40, 50):
        msp.add_line((x * M, -5 * M), (x * M, 45 * M), dxfattribs={"layer": "A-GRID"})
    msp.add_aligned_dim(
        p1=(0, -3 * M), p2=(60 * M, -3 * M), distance=1 * M, dxfattribs={"layer": "DIM"}
    ).render()

    out = HERE / "hall-plan.dxf"
    doc.saveas(out)
    return out


if __name__ == "__main__":
    print(f"wrote {main()}")
