"""An organiser's existing CAD plan, built with ezdxf: the test bed for polygon stands.

One 150 x 80 m hall with its north-east corner cut by a diagonal wall, a grid
of columns, and double rows of stands between 3 m aisles (blocks 30 m long,
as venue rules ask), drawn the way an organiser's CAD office draws a sold
plan: each stand a closed polyline on `FP-STAND-<CATEGORY>`, its number and
exhibitor name as texts inside it. Among the rectangles:

- L-shapes at the west ends of some blocks (an end stand that took the
  neighbour's floor in the front row);
- stands notched round a column: columns stand on the spine of every other
  band of blocks, and the two stands back to back there are cut round it;
- trapezoids along the diagonal wall;
- a feature area (the main stage), an octagon in place of two blocks.

`build(directory, stands=N)` writes `plan.dxf`, `exhibitors.csv` (one row per
stand with its number in the `stand` column, some stands unsold, some new
requests without a stand) and `event.yaml` (its venue: `venue.yaml`, which
`floorplan import-dxf plan.dxf -o venue.yaml --layout layout.json --event
event.yaml` writes). About 360 stands by default; `stands` cuts blocks from
the end to make fewer.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ezdxf
from ezdxf import units
from ezdxf.enums import TextEntityAlignment
from shapely import Polygon

from floorplan.geometry import inscribed_box

HALL_W, HALL_D = 150.0, 80.0
WALL_CUT = ((150.0, 60.0), (130.0, 80.0))
"""The diagonal wall: x + y = 210."""
AISLE = 3.0
ROW = 3.0
BLOCK = 30.0
BAND_Y = [3.0 + 9.0 * k for k in range(8)]
BLOCK_X = [3.0, 36.0, 69.0, 102.0, 135.0]
EAST_BANDS = 6
"""The short east blocks (12 m, by the east wall) stop below the diagonal wall's strip."""
COLUMN_BANDS = (1, 3, 5)
L_BLOCKS = {(1, 0), (3, 0), (0, 1), (2, 3), (0, 5), (1, 6), (3, 7)}
FEATURE = (1, 4)
"""(block column, band): the main stage takes this block and the one above it."""
CATEGORIES = ("battery", "adas", "parts", "software")
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
EXITS = [
    ("E1", (20.0, 0.0), 3.0, "exit"),
    ("EN", (75.0, 0.0), 6.0, "entrance"),
    ("E2", (130.0, 0.0), 3.0, "exit"),
    ("E3", (20.0, 80.0), 3.0, "exit"),
    ("E4", (75.0, 80.0), 3.0, "exit"),
    ("E5", (115.0, 80.0), 3.0, "exit"),
    ("E6", (0.0, 20.0), 3.0, "exit"),
    ("E7", (0.0, 60.0), 3.0, "exit"),
    ("E8", (150.0, 30.0), 3.0, "exit"),
    ("E9", (45.0, 0.0), 3.0, "exit"),
    ("E10", (45.0, 80.0), 3.0, "exit"),
]

Pt = tuple[float, float]


@dataclass
class PlanStand:
    number: str
    points: list[Pt]
    category: str
    booth_type: str = ""
    kind: str = "rect"
    """rect, L, notched, trapezoid or feature."""

    @property
    def shape(self) -> Polygon:
        return Polygon(self.points)


@dataclass
class Plan:
    stands: list[PlanStand] = field(default_factory=list)
    columns: list[tuple[float, float, float, float]] = field(default_factory=list)

    def kinds(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.stands:
            out[s.kind] = out.get(s.kind, 0) + 1
        return out


def _rect(x: float, y: float, w: float, d: float) -> list[Pt]:
    return [(x, y), (x + w, y), (x + w, y + d), (x, y + d)]


def _widths(block: int, band: int) -> list[float]:
    return [6.0] * 5 if (block + band) % 2 == 0 else [3.0, 3.0, 6.0, 6.0, 6.0, 3.0, 3.0]


def plan_stands(limit: int | None = None) -> Plan:
    """The plan's stands and columns, numbered band by band (`5A01`, `5A02`, ...)."""
    plan = Plan()
    counters: dict[int, int] = {}

    def add(band: int, points: list[Pt], kind: str = "rect", booth: str = "") -> None:
        counters[band] = counters.get(band, 0) + 1
        number = f"5{LETTERS[band]}{counters[band]:02d}"
        category = CATEGORIES[len(plan.stands) % len(CATEGORIES)]
        plan.stands.append(PlanStand(number, points, category, booth, kind))

    for band, y0 in enumerate(BAND_Y):
        spine = y0 + ROW
        for block, x0 in enumerate(BLOCK_X):
            if (block, band) == FEATURE:
                c = 1.5
                x1, y1 = x0 + BLOCK, y0 + 2 * (2 * ROW) + AISLE
                octagon = [
                    (x0 + c, y0),
                    (x1 - c, y0),
                    (x1, y0 + c),
                    (x1, y1 - c),
                    (x1 - c, y1),
                    (x0 + c, y1),
                    (x0, y1 - c),
                    (x0, y0 + c),
                ]
                plan.stands.append(PlanStand("5FA1", octagon, "feature", "island", "feature"))
                continue
            if (block, band - 1) == FEATURE or (block == 4 and band >= EAST_BANDS):
                continue
            length = BLOCK if not (block == 3 and band >= 6) else BLOCK - 3.0
            widths = _widths(block, band) if block < 4 else [6.0, 6.0]
            if length < BLOCK:
                widths = [*widths[:-1], widths[-1] - 3.0] if widths[-1] > 3 else widths[:-1]
            column = band in COLUMN_BANDS and (block, band) != FEATURE
            cx = x0 + 12.0 if block < 4 else x0 + 6.0
            if column:
                plan.columns.append((cx, spine - 0.5, 1.0, 1.0))
            shaped = (block, band) in L_BLOCKS and widths[0] == 3.0
            for row, ry in enumerate((y0, spine)):
                x = x0
                for i, w in enumerate(widths):
                    if shaped and i in (0, 1):
                        if row == 0 and i == 0:
                            # the L: both front-row end stands and the back-row end stand
                            add(
                                band,
                                [
                                    (x0, y0),
                                    (x0 + 6, y0),
                                    (x0 + 6, spine),
                                    (x0 + 3, spine),
                                    (x0 + 3, spine + ROW),
                                    (x0, spine + ROW),
                                ],
                                "L",
                                "corner",
                            )
                        elif row == 1 and i == 1:
                            add(band, _rect(x0 + 3, spine, 3.0, ROW))
                        x += w
                        continue
                    if column and x == cx:
                        # notched round the column on the spine: [cx, cx+1] x [spine-0.5, spine+0.5]
                        if row == 0:
                            pts = [
                                (x, ry),
                                (x + w, ry),
                                (x + w, spine),
                                (x + 1, spine),
                                (x + 1, spine - 0.5),
                                (x, spine - 0.5),
                            ]
                        else:
                            pts = [
                                (x, spine + 0.5),
                                (x + 1, spine + 0.5),
                                (x + 1, spine),
                                (x + w, spine),
                                (x + w, spine + ROW),
                                (x, spine + ROW),
                            ]
                        add(band, pts, "notched")
                    else:
                        add(band, _rect(x, ry, w, ROW))
                    x += w
    # Trapezoids along the diagonal wall x + y = 210, facing the aisle to their west.
    for y0, y1 in ((60.0, 66.0), (66.0, 72.0), (72.0, 77.0)):
        pts = [(132.0, y0), (210.0 - y0, y0), (210.0 - y1, y1), (132.0, y1)]
        add(7, pts, "trapezoid", "inline")
    if limit is not None and len(plan.stands) > limit:
        keep = {id(s) for s in plan.stands if s.kind != "rect"}
        rects = [s for s in plan.stands if s.kind == "rect"]
        cut = {id(s) for s in rects[: max(0, limit - len(keep))]}
        plan.stands = [s for s in plan.stands if id(s) in keep or id(s) in cut]
    return plan


def _text(msp: Any, body: str, at: Pt, height: float, layer: str) -> None:
    entity = msp.add_text(body, height=height, dxfattribs={"layer": layer})
    entity.set_placement(at, align=TextEntityAlignment.MIDDLE_CENTER)


def outline() -> list[Pt]:
    return [(0.0, 0.0), (HALL_W, 0.0), WALL_CUT[0], WALL_CUT[1], (0.0, HALL_D)]


def draw(plan: Plan, path: Path, names: dict[str, str], dx: float = 1000.0) -> Path:
    """The plan as a DXF drawing in metres, the hall at (`dx`, 0) as CAD drawings often are."""
    ezdxf.options.write_fixed_meta_data_for_testing = True
    doc = ezdxf.new("R2013")
    doc.units = units.M
    msp = doc.modelspace()
    for layer in ("FP-HALL", "FP-COLUMN", "FP-EXIT", "FP-ENTRANCE", "A-GRID"):
        doc.layers.add(layer)

    def shift(points: list[Pt]) -> list[Pt]:
        return [(x + dx, y) for x, y in points]

    msp.add_lwpolyline(shift(outline()), close=True, dxfattribs={"layer": "FP-HALL"})
    _text(msp, "Hall 5 (hall-5)", (dx + 75.0, 78.0), 1.5, "FP-HALL")
    for x, y, w, d in plan.columns:
        msp.add_lwpolyline(shift(_rect(x, y, w, d)), close=True, dxfattribs={"layer": "FP-COLUMN"})
    for _, (x, y), w, kind in EXITS:
        layer = "FP-ENTRANCE" if kind == "entrance" else "FP-EXIT"
        if y in (0.0, HALL_D):
            a, b = (x - w / 2, y), (x + w / 2, y)
        else:
            a, b = (x, y - w / 2), (x, y + w / 2)
        msp.add_line((a[0] + dx, a[1]), (b[0] + dx, b[1]), dxfattribs={"layer": layer})
    msp.add_line((dx, -5.0), (dx + HALL_W, -5.0), dxfattribs={"layer": "A-GRID"})
    for stand in plan.stands:
        layer = f"FP-STAND-{stand.category.upper()}"
        if layer not in doc.layers:
            doc.layers.add(layer)
        msp.add_lwpolyline(shift(stand.points), close=True, dxfattribs={"layer": layer})
        x0, y0, x1, y1 = inscribed_box(stand.shape)
        cx, cy = (x0 + x1) / 2 + dx, (y0 + y1) / 2
        _text(msp, stand.number, (cx, cy + 0.4), 0.5, layer)
        name = names.get(stand.number)
        if name:
            _text(msp, name, (cx, cy - 0.4), 0.3, layer)
    doc.saveas(path)
    return path


def build(
    directory: Path, stands: int | None = None, unsold: int = 4, new: int = 3, locked: bool = False
) -> Plan:
    """Write plan.dxf, exhibitors.csv and event.yaml into `directory` (see module docstring)."""
    directory.mkdir(parents=True, exist_ok=True)
    plan = plan_stands(stands)
    sold = [s for s in plan.stands if s.kind == "feature" or plan.stands.index(s) % 97 != 50]
    sold = sold if len(plan.stands) - len(sold) >= unsold else plan.stands[:-unsold]
    names: dict[str, str] = {}
    rows = []
    for k, s in enumerate(sold):
        name = "Main stage" if s.kind == "feature" else f"Exhibitor {k + 1:03d}"
        names[s.number] = name
        rows.append(
            {
                "id": f"x{k + 1:03d}",
                "name": name,
                "area_m2": f"{s.shape.area:g}",
                "booth_type": s.booth_type,
                "category": s.category,
                "stand": s.number,
                "locked": "yes" if locked else "",
            }
        )
    for k in range(new):
        rows.append(
            {
                "id": f"new{k + 1}",
                "name": f"Newcomer {k + 1}",
                "area_m2": "18",
                "booth_type": "",
                "category": CATEGORIES[k % len(CATEGORIES)],
                "stand": "",
                "locked": "",
            }
        )
    with (directory / "exhibitors.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (directory / "event.yaml").write_text(
        "name: Organiser plan (hall 5)\n"
        "venue: venue.yaml\n"
        "exhibitors: exhibitors.csv\n"
        "rules:\n  aisle_width_m: 3.0\n  min_side_m: 3.0\n  max_aspect: 3.0\n"
        "  area_tolerance: 0.10\n  exit_clearance_m: 3.0\n",
        encoding="utf-8",
    )
    draw(plan, directory / "plan.dxf", names)
    return plan


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--stands", type=int, default=None)
    parser.add_argument("--locked", action="store_true", help="mark sold stands locked in the CSV")
    args = parser.parse_args()
    plan = build(args.directory, args.stands, locked=args.locked)
    print(f"{len(plan.stands)} stands drawn: {plan.kinds()}; wrote {args.directory}")


if __name__ == "__main__":
    main()


__all__ = ["Plan", "PlanStand", "build", "draw", "outline", "plan_stands"]
