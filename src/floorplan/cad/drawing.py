"""Read a DXF drawing's model space into plain geometry in metres, sorted by role.

This is the only module that touches ezdxf entities on the import side: it
turns each entity on a mapped layer into a piece of outline, a closed shape,
a door mark or a text, and records every entity it cannot use (with layer,
type and handle) so the planner learns what was left out.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ezdxf import recover
from ezdxf.disassemble import recursive_decompose, to_primitives
from ezdxf.filemanagement import readfile
from ezdxf.lldxf.const import DXFError
from ezdxf.path import make_path
from shapely import LineString, Point, Polygon, box, make_valid, polygonize, unary_union
from shapely.geometry import MultiPoint

from floorplan.cad.layers import LayerMap, is_layout_layer
from floorplan.cad.outlines import Piece, Pt, dedupe
from floorplan.cad.units import Units, units_from_code
from floorplan.io.errors import InputError, display

FLATTEN_M = 0.01
"""Arcs and splines become straight segments that stray at most 1 cm from the curve."""

CURVE_TYPES = frozenset({"LINE", "ARC", "CIRCLE", "ELLIPSE", "LWPOLYLINE", "POLYLINE", "SPLINE"})
TEXT_TYPES = frozenset({"TEXT", "MTEXT", "ATTRIB"})
_NOT_GEOMETRY = frozenset({"TEXT", "MTEXT", "ATTRIB", "ATTDEF", "POINT", "DIMENSION"})
_MAX_HANDLES = 6


@dataclass(frozen=True)
class Source:
    layer: str
    dxftype: str
    handle: str
    block: str = ""
    """The block reference it was read through (a base plan), if any."""

    def __str__(self) -> str:
        return f"{self.dxftype} {self.handle} on layer {self.layer}"


@dataclass(frozen=True)
class Shape:
    """A closed shape on a column or keep-out layer."""

    polygon: Polygon
    source: Source
    origin: int
    """The entity read, counted: the pieces of one entity (a hatch of two cabinets) share
    it, as they share a reason; pieces of a block read through share only its handle."""
    circle: bool = False


@dataclass(frozen=True)
class StandShape:
    """A closed outline on a stand layer, flattened to straight edges."""

    points: tuple[Pt, ...]
    source: Source
    curved: bool
    """It had arcs or bulges, now segments within `FLATTEN_M` of the curve."""
    number: str = ""
    """A booth block's stand number attribute (`NUMBER_TAGS`), if it has one."""
    name: str = ""
    """... and its exhibitor's name attribute (`NAME_TAGS`)."""


@dataclass(frozen=True)
class Label:
    text: str
    at: Pt
    height: float
    source: Source


@dataclass(frozen=True)
class DoorMark:
    """A door drawn on an exits layer: a line along the wall or a block's points."""

    points: tuple[Pt, ...]
    is_block: bool
    source: Source
    block_name: str = ""
    attrib_id: str = ""
    attrib_width_m: float | None = None
    insert_at: Pt | None = None
    opening: bool = False
    """A closed shape: a door only where it is an opening across a wall."""
    hinge: Pt | None = None
    """An arc's centre: a door drawn as its swing alone turns on it, at one jamb."""


@dataclass
class Ignored:
    """Entities the import did not use, grouped so a big drawing gives a short report."""

    by_reason: dict[tuple[str, str], list[Source]] = field(default_factory=lambda: {})

    def add(self, source: Source, why: str) -> None:
        self.by_reason.setdefault((source.layer, why), []).append(source)

    def messages(self) -> list[str]:
        out = []
        for (layer, why), sources in self.by_reason.items():
            by_type: dict[str, list[str]] = defaultdict(list)
            for s in sources:
                by_type[s.dxftype].append(s.handle)
            parts = []
            for dxftype, handles in by_type.items():
                # Pieces of one block read through share its handle: said once, counted.
                unique = list(dict.fromkeys(handles))
                shown = ", ".join(unique[:_MAX_HANDLES])
                more = (
                    f", ... {len(unique) - _MAX_HANDLES} more" if len(unique) > _MAX_HANDLES else ""
                )
                count = f"{len(handles)} x " if len(handles) > 1 else ""
                parts.append(f"{count}{dxftype} (handle {shown}{more})")
            out.append(f"layer {layer}: ignored {'; '.join(parts)}: {why}")
        return out


@dataclass
class DrawingContent:
    units: Units
    layers: list[str]
    """Layers that hold model-space entities, for messages."""
    pieces: list[Piece] = field(default_factory=lambda: [])
    closed_outlines: list[tuple[tuple[Pt, ...], Source]] = field(default_factory=lambda: [])
    columns: list[Shape] = field(default_factory=lambda: [])
    keep_outs: list[Shape] = field(default_factory=lambda: [])
    doors: list[DoorMark] = field(default_factory=lambda: [])
    hall_labels: list[Label] = field(default_factory=lambda: [])
    keep_out_labels: list[Label] = field(default_factory=lambda: [])
    exit_labels: list[Label] = field(default_factory=lambda: [])
    stands: list[StandShape] = field(default_factory=lambda: [])
    stand_labels: list[Label] = field(default_factory=lambda: [])
    bad_stands: list[tuple[Source, str]] = field(default_factory=lambda: [])
    """Entities on stand layers that are no stand outline, and why (errors with `--layout`)."""
    ignored: Ignored = field(default_factory=Ignored)
    custom: dict[str, str] = field(default_factory=lambda: {})
    xrefs: list[str] = field(default_factory=lambda: [])
    """Drawings this one refers to (XREF) without containing them: their paths."""
    read: int = 0
    """Entities read into shapes so far (`Shape.origin`)."""

    def count(self) -> int:
        self.read += 1
        return self.read


def open_drawing(path: Path) -> Any:
    """The ezdxf document, or an `InputError` saying why the file is not a drawing."""
    if not path.exists():
        raise InputError.one(path, "file not found")
    if path.is_dir():
        raise InputError.one(path, "is a directory, expected a DXF file")
    # ezdxf's recovery logs each line it mends; on a file that is no drawing (a CSV renamed
    # .dxf, random bytes) that is pages of noise, raw bytes included, before the one message.
    head = _head(path)
    if head.startswith(DWG_MAGIC):
        raise InputError.one(
            path,
            "is a DWG drawing (AutoCAD's own format), not DXF: save it as DXF in the CAD "
            "program (Save As, DXF) and import that",
        )
    quiet = logging.getLogger("ezdxf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        if head.startswith(BINARY_DXF):
            # ezdxf's recovery reads text DXF only; a binary DXF is read as it is.
            doc = readfile(str(path))
        else:
            doc, _auditor = recover.readfile(str(path))
    except (DXFError, OSError, UnicodeError, ValueError, EOFError) as exc:
        raise InputError.one(path, f"is not a readable DXF drawing ({_printable(exc)})") from None
    finally:
        quiet.setLevel(level)
    if not len(doc.modelspace()):
        paper = sum(len(layout) for layout in doc.layouts if layout.name != "Model")
        if paper:
            raise InputError.one(
                path,
                f"draws nothing in model space ({paper} entit{'y' if paper == 1 else 'ies'} "
                "in paper space only): the "
                "plan is read from model space; move it there (CHSPACE) and save again",
            )
        if not len(doc.blocks) > 2:
            if _starts_like_dxf(head) and not _ends_with_eof(path):
                raise InputError.one(
                    path,
                    "ends before its drawing does (no EOF marker: cut short in copying or "
                    "saving?); export it again",
                )
            raise InputError.one(
                path, "holds no drawing entities: not a DXF drawing, or an empty one"
            )
    return doc


DWG_MAGIC = b"AC10"
"""How a DWG file starts (AC1015, AC1032, ...): the CAD program's own format."""

BINARY_DXF = b"AutoCAD Binary DXF"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(32)
    except OSError as exc:
        raise InputError.one(path, f"cannot be read ({exc.strerror})") from None


def _starts_like_dxf(head: bytes) -> bool:
    """Whether a file begins as a text DXF does (`0`, then `SECTION`)."""
    return head.split()[:2] == [b"0", b"SECTION"]


def _ends_with_eof(path: Path) -> bool:
    """Whether a text DXF ends with its `0 / EOF` marker (a file cut short does not)."""
    try:
        with path.open("rb") as stream:
            stream.seek(0, 2)
            stream.seek(max(0, stream.tell() - 64))
            tail = stream.read()
    except OSError:
        return True
    return tail.rstrip().endswith(b"EOF")


def _printable(exc: Exception, limit: int = 120) -> str:
    """An exception's text with what is no printable ASCII shown as `?`, cut short: a
    parser's message may quote the binary it choked on."""
    text = "".join(c if c.isascii() and c.isprintable() else "?" for c in str(exc))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def drawing_units(doc: Any, path: Path, asked: Units | None, warn: Any) -> Units:
    code = int(doc.header.get("$INSUNITS", 0) or 0)
    declared = units_from_code(code)
    if asked is not None:
        if declared is not None and declared.code != asked.code:
            warn(
                f"{display(path)}: the drawing says its units are {declared.name.lower()}; "
                f"using {asked.name} as --units asks"
            )
        return asked
    if declared is None:
        raise InputError.one(
            path,
            f"the drawing does not say its units ($INSUNITS is {code}, "
            f"{'unitless' if code == 0 else 'not a length'}); "
            "say which with --units mm|cm|m|in|ft",
        )
    return declared


def read_content(doc: Any, units: Units, layer_map: LayerMap) -> DrawingContent:
    msp = list(doc.modelspace())
    used = sorted({str(e.dxf.get("layer", "0")) for e in msp}, key=str.upper)
    content = DrawingContent(units=units, layers=used)
    for name in ("floorplan_venue_id", "floorplan_venue_name"):
        value = doc.header.custom_vars.get(name)
        if value:
            content.custom[name] = str(value)
    inserted = {str(e.dxf.name) for e in msp if e.dxftype() == "INSERT"}
    content.xrefs = [
        str(b.block.dxf.get("xref_path") or b.name)
        for b in doc.blocks
        if b.name in inserted and b.block is not None and b.block.is_xref
    ]
    holds: dict[str, bool] = {}
    for entity in msp:
        _read_through(doc, entity, content, layer_map, holds)
    return content


MAX_NESTING = 16
"""Blocks within blocks read through at most this deep."""


def _read_through(
    doc: Any,
    entity: Any,
    content: DrawingContent,
    layer_map: LayerMap,
    holds: dict[str, bool],
    via: str = "",
    path: tuple[str, ...] = (),
) -> None:
    """Read an entity, or, for a block on a layer the map does not read that draws on
    layers it does (a base plan pasted or bound as one block, XREF BIND), what the block
    draws: its own blocks on mapped layers (columns, doors) read as blocks, what lies on
    layer 0 taking the block's layer, as CAD shows it."""
    layer = str(entity.dxf.get("layer", "0"))
    if (
        entity.dxftype() != "INSERT"
        or layer_map.roles(layer)
        or not _holds_mapped(doc, str(entity.dxf.name), layer_map, holds)
    ):
        _read_entity(entity, content, layer_map, via)
        return
    here = via or str(entity.dxf.handle)
    name = str(entity.dxf.name)
    if name in path or len(path) >= MAX_NESTING:
        content.ignored.add(Source(layer, "INSERT", here), f"block {name} contains itself")
        return
    inner = f"{here} (in block {name})" if not via else here
    copies = list(entity.multi_insert()) if entity.mcount > 1 else [entity]
    for copy in copies:
        # Its attributes too: texts of the block reference itself (a stand number).
        for part in [*copy.virtual_entities(), *copy.attribs]:
            if str(part.dxf.get("layer", "0")) == "0":
                part.dxf.layer = layer
            _read_through(doc, part, content, layer_map, holds, inner, (*path, name))


def _holds_mapped(doc: Any, name: str, layer_map: LayerMap, seen: dict[str, bool]) -> bool:
    """Whether a block draws, itself or in blocks within, on a layer the map reads."""
    if name not in seen:
        seen[name] = False  # a block that contains itself holds nothing more
        block = doc.blocks.get(name)
        seen[name] = block is not None and any(
            bool(layer_map.roles(str(e.dxf.get("layer", "0"))))
            or (e.dxftype() == "INSERT" and _holds_mapped(doc, str(e.dxf.name), layer_map, seen))
            for e in block
        )
    return seen[name]


def _read_entity(entity: Any, content: DrawingContent, layer_map: LayerMap, via: str = "") -> None:
    dxftype = entity.dxftype()
    layer = str(entity.dxf.get("layer", "0"))
    source = Source(layer, dxftype, str(entity.dxf.handle or via), via)
    roles = layer_map.roles(layer)
    if not roles:
        if not is_layout_layer(layer):
            content.ignored.add(source, "layer is not in the layer map")
        return
    scale = content.units.metres
    if dxftype in TEXT_TYPES:
        labels = _labels(entity, source, scale)
        used = False
        if "labels" in roles:
            content.hall_labels.extend(_stacked(labels))
            used = True
        if "keep_out" in roles:
            content.keep_out_labels.extend(labels)
            used = True
        if "exits" in roles:
            content.exit_labels.extend(labels)
            used = True
        if "stands" in roles:
            content.stand_labels.extend(labels)
            used = True
        if not used:
            content.ignored.add(source, "text on a layer that takes no labels")
        return
    role = next(
        r for r in ("outline", "columns", "keep_out", "exits", "stands", "labels") if r in roles
    )
    if role == "stands":
        _read_stand(entity, source, content)
    elif role == "outline" and dxftype == "INSERT":
        _read_hall_block(entity, source, content, layer_map)
    elif role == "outline":
        _read_outline(entity, source, content)
    elif role in ("columns", "keep_out"):
        shapes = _closed_shapes(entity, source, scale, content)
        (content.columns if role == "columns" else content.keep_outs).extend(shapes)
    elif role == "exits":
        _read_door(entity, source, content)
    else:
        content.ignored.add(source, "only texts are read on a label layer")


def _flatten(entity: Any, scale: float) -> tuple[list[Pt], bool] | None:
    """Points in metres and whether the curve closes; None for what is not a curve."""
    if entity.dxftype() not in CURVE_TYPES:
        return None
    try:
        path = make_path(entity)
    except (TypeError, ValueError, DXFError):
        return None
    raw = [(float(v.x) * scale, float(v.y) * scale) for v in path.flattening(FLATTEN_M / scale)]
    closed = bool(path.is_closed) or (len(raw) > 2 and math.dist(raw[0], raw[-1]) <= 1e-9)
    if entity.dxftype() in ("LWPOLYLINE", "POLYLINE") and entity.is_closed:
        closed = True
    return raw, closed


def _read_outline(entity: Any, source: Source, content: DrawingContent) -> None:
    flat = _flatten(entity, content.units.metres)
    if flat is None:
        content.ignored.add(source, "an outline must be a polyline or lines")
        return
    points, closed = flat
    if closed:
        ring = dedupe(points)
        if len(ring) < 3:
            content.ignored.add(source, "closed shape with fewer than 3 corners")
            return
        content.closed_outlines.append((tuple(ring), source))
        return
    run = [points[0]] + [p for a, p in itertools.pairwise(points) if p != a]
    if len(run) < 2:
        content.ignored.add(source, "zero length")
        return
    content.pieces.append(Piece(tuple(run), source.dxftype, source.handle))


def _read_hall_block(
    entity: Any, source: Source, content: DrawingContent, layer_map: LayerMap, depth: int = 0
) -> None:
    """A block on a hall layer: a hall tag (a symbol whose attributes name the hall: its
    attributes are read as the hall's texts, its symbol left out), or a hall drawn as a
    block (its shapes are outlines, what lies on layer 0 taking the block's layer, and
    what lies on another layer read there: the doors of the hall drawn with it)."""
    scale = content.units.metres
    labels = "labels" in layer_map.roles(source.layer)
    attribs = _attributes(entity)
    if attribs:
        if labels:
            content.hall_labels.extend(_stacked(_attribute_labels(attribs, set(), source, scale)))
        else:
            content.ignored.add(source, "a block with attributes on a layer that takes no labels")
        return
    name = str(entity.dxf.name)
    if depth >= MAX_NESTING:
        content.ignored.add(source, f"block {name} contains itself")
        return
    try:
        parts = list(entity.virtual_entities())
    except (DXFError, RecursionError, ValueError, TypeError):
        content.ignored.add(source, f"block {name} could not be read")
        return
    if not parts:
        content.ignored.add(source, f"block {name} draws nothing")
        return
    for part in parts:
        if str(part.dxf.get("layer", "0")) == "0":
            part.dxf.layer = source.layer
        if str(part.dxf.layer) != source.layer:
            _read_entity(part, content, layer_map, source.handle)
            continue
        part_source = Source(source.layer, part.dxftype(), source.handle, name)
        if part.dxftype() == "INSERT":
            _read_hall_block(part, part_source, content, layer_map, depth + 1)
        elif part.dxftype() in TEXT_TYPES:
            if labels:
                content.hall_labels.extend(_stacked(_labels(part, part_source, scale)))
        else:
            _read_outline(part, part_source, content)


def _closed_shapes(
    entity: Any, source: Source, scale: float, content: DrawingContent
) -> list[Shape]:
    """The areas an entity on a column or keep-out layer covers, each whole (holes filled).

    A circle becomes its bounding square. A block is read as CAD offices draw columns:
    its closed shapes (outlines, fills, thick polylines) and the faces its lines enclose,
    merged, are the columns, one per piece, so that a grid of columns in one block (or one
    MINSERT) gives each column and a mark or tag inside a column is part of it; centre
    lines and crosses enclose nothing and are left out, and so is a grid bubble (a piece
    holding a text, away from the base point, beside untagged pieces). A block with none
    of these is the hull of its points.
    """
    dxftype = entity.dxftype()
    if dxftype == "CIRCLE":
        centre = entity.ocs().to_wcs(entity.dxf.center)
        cx, cy = float(centre.x) * scale, float(centre.y) * scale
        r = float(entity.dxf.radius) * scale
        if r <= 0:
            content.ignored.add(source, "zero radius")
            return []
        square = box(cx - r, cy - r, cx + r, cy + r)
        return [Shape(square, source, circle=True, origin=content.count())]
    if dxftype == "INSERT":
        try:
            parts, texts = _block_parts(entity, scale)
        except RecursionError:
            content.ignored.add(source, f"block {entity.dxf.name} contains itself")
            return []
        areas, lines, points, traced = _areas(parts, scale)
        # Lines count by the faces they close (a column drawn as four lines, a box round a
        # riser); crosses and centre lines close none.
        areas += [p for p in polygonize(lines).geoms if p.area > 0]
        pieces = _pieces(areas, traced)
        # A grid bubble drawn with an untagged column holds its axis letter, and not the
        # block's base point: left out. Columns that all carry tags are all columns.
        at = entity.ocs().to_wcs(entity.dxf.insert)
        base = Point(float(at.x) * scale, float(at.y) * scale)
        tagged = [any(p.covers(Point(t)) for t in texts) for p in pieces]
        if not all(tagged):
            pieces = [p for p, tag in zip(pieces, tagged, strict=True) if not tag or p.covers(base)]
        if not pieces and len(points) >= 3:
            hull = MultiPoint(points).convex_hull
            pieces = [hull] if isinstance(hull, Polygon) and hull.area > 0 else []
        if not pieces:
            content.ignored.add(source, "block has no area")
        origin = content.count()
        return [Shape(p, source, origin=origin) for p in pieces]
    if dxftype not in CURVE_TYPES | AREA_TYPES:
        content.ignored.add(source, "not a closed shape, circle, fill or block")
        return []
    areas, lines, _, traced = _areas([entity], scale)
    if not areas:
        why = "shape is not closed" if lines else "shape is not a simple polygon"
        content.ignored.add(source, why)
        return []
    origin = content.count()
    return [Shape(p, source, origin=origin) for p in _pieces(areas, traced)]


AREA_TYPES = frozenset({"HATCH", "MPOLYGON", "SOLID", "TRACE", "3DFACE", "MESH"})
"""Entities that are areas themselves: fills, filled triangles and quads, faces."""


def _block_parts(insert: Any, scale: float) -> tuple[list[Any], list[Pt]]:
    """A block reference's drawn entities (every copy of an array insert, MINSERT, too)
    and where its texts stand, in metres."""
    geometry = []
    texts = []
    e: Any
    for e in recursive_decompose([insert]):
        if e.dxftype() in ("TEXT", "ATTRIB", "MTEXT"):
            at = e.ocs().to_wcs(e.dxf.insert) if e.dxftype() != "MTEXT" else e.dxf.insert
            texts.append((float(at.x) * scale, float(at.y) * scale))
        elif e.dxftype() not in _NOT_GEOMETRY:
            geometry.append(e)
    return geometry, texts


Areas = tuple[list[Polygon], list[LineString], list[Pt], list[Polygon]]


def _areas(entities: list[Any], scale: float) -> Areas:
    """What entities cover, in metres: closed areas, open lines, every vertex, and the
    areas traced as meshes of faces (a thick polyline's trace) among the first."""
    areas: list[Polygon] = []
    lines: list[LineString] = []
    points: list[Pt] = []
    traced: list[Polygon] = []
    for primitive in to_primitives(entities, max_flattening_distance=FLATTEN_M / scale):
        if primitive.mesh is not None:
            for face in primitive.mesh.faces_as_vertices():
                ring = dedupe([(float(v.x) * scale, float(v.y) * scale) for v in face])
                points.extend(ring)
                if len(ring) >= 3:
                    found = _polygons(ring)
                    areas.extend(found)
                    traced.extend(found)
            continue
        if primitive.path is None:
            continue
        for sub in primitive.path.sub_paths():
            raw = [
                (float(v.x) * scale, float(v.y) * scale) for v in sub.flattening(FLATTEN_M / scale)
            ]
            ring = dedupe(raw)
            points.extend(ring)
            closed = sub.is_closed or (len(raw) > 2 and math.dist(raw[0], raw[-1]) <= 1e-9)
            if closed and len(ring) >= 3:
                areas.extend(_polygons(ring))
            elif len(ring) >= 2:
                lines.append(LineString(ring))
    return areas, lines, points, traced


def _polygons(ring: list[Pt]) -> list[Polygon]:
    """A closed ring as the polygons it bounds (a ring that crosses itself is mended)."""
    shape = make_valid(Polygon(ring))
    found = [g for g in getattr(shape, "geoms", [shape]) if isinstance(g, Polygon)]
    return [g for g in found if g.area > 0]


def _pieces(areas: list[Polygon], traced: list[Polygon]) -> list[Polygon]:
    """The separate pieces the areas make together, holes filled, left to right; a piece
    traced as faces (a DONUT) thinned to the flattening tolerance."""
    merged = unary_union(areas)
    found = [g for g in getattr(merged, "geoms", [merged]) if isinstance(g, Polygon)]
    filled = [Polygon(g.exterior) for g in found if g.area > 0]
    lean = [_lean(g) if any(g.intersects(t) for t in traced) else g for g in filled]
    return sorted(lean, key=lambda g: g.bounds)


def _lean(polygon: Polygon) -> Polygon:
    """A thick polyline's trace comes in finer steps than curves are flattened to, which
    only lengthen the file: thinned to `FLATTEN_M`, unless that would change the shape."""
    thin = polygon.simplify(FLATTEN_M)
    return thin if isinstance(thin, Polygon) and thin.area >= 0.95 * polygon.area else polygon


NUMBER_TAGS = (
    *("STANDNO", "STANDNR", "STANDNUMBER", "STANDNUMMER", "STANDNUM"),
    *("BOOTHNO", "BOOTHNR", "BOOTHNUMBER", "BOOTHNUM"),
    *("NUMBER", "NUMMER", "NO", "NR", "NUM", "STAND", "BOOTH"),
)
"""Attribute tags of a booth block that hold its stand number, the most telling first
(`STANDNO` before `STAND`, which may hold a stand type), compared without case, spaces or
punctuation (`Stand No.`, `STAND_NR`, `Booth #`)."""

NAME_TAGS = (
    *("COMPANY", "COMPANYNAME", "EXHIBITOR", "EXHIBITORNAME", "FIRM", "FIRMA"),
    *("AUSSTELLER", "NAME"),
)
"""... and those that hold its exhibitor's name."""

OTHER_TAGS = frozenset(
    {"AREA", "SIZE", "SQM", "M2", "QM", "TYPE", "WIDTH", "DEPTH", "LENGTH", "HALL", "HALLE"}
)
"""... and those that say something else: an area of 24 or a hall 1 is no stand number."""

MIN_BOOTH_M = 2.0
"""A block on a stand layer whose outline is under this across both ways is no booth but a
number tag's frame (a box round `A01` inside a stand's polyline)."""

PLAIN_LINETYPES = frozenset({"", "BYLAYER", "BYBLOCK", "CONTINUOUS"})


def _tag(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", name.upper())


def _read_stand(entity: Any, source: Source, content: DrawingContent) -> None:
    if entity.dxftype() == "HATCH":
        return  # a fill drawn under the outline
    if entity.dxftype() == "INSERT":
        _read_booths(entity, source, content)
        return
    flat = _flatten(entity, content.units.metres)
    if flat is None:
        content.bad_stands.append((source, "a stand must be a closed polyline"))
        return
    points, closed = flat
    ring = dedupe(points)
    if not closed:
        content.bad_stands.append((source, "stand outline is not closed"))
        return
    curved = entity.dxftype() not in ("LWPOLYLINE", "POLYLINE") or len(ring) > _corners(entity)
    content.stands.append(StandShape(tuple(ring), source, curved))


def _read_booths(entity: Any, source: Source, content: DrawingContent) -> None:
    """A booth block on a stand layer (one per copy of a MINSERT): the outline of what it
    draws in plain lines (`_booth_outline`) is the stand; its number and exhibitor's name
    come from its attributes (`NUMBER_TAGS`, `NAME_TAGS`, hidden ones too), else from the
    texts it draws, read as texts on the stand layer are. Its other lines (a fascia, a
    dimension) say nothing of the stand. A block whose outline is under `MIN_BOOTH_M`
    across (a number tag's frame, inside a stand's polyline) gives its texts and
    attributes to the stand round it."""
    scale = content.units.metres
    copies = list(entity.multi_insert()) if entity.mcount > 1 else [entity]
    for k, copy in enumerate(copies, 1):
        here = source
        if len(copies) > 1:
            copied = f"{source.handle} (copy {k} of its array)"
            here = Source(source.layer, source.dxftype, copied, source.block)
        texts: list[Label] = []
        parts: list[Any] = []
        for e in recursive_decompose([copy]):
            if e.dxftype() in ("TEXT", "MTEXT"):
                texts.extend(_labels(e, here, scale))
            elif e.dxftype() not in _NOT_GEOMETRY:
                parts.append(e)
        found = _booth_outline([e for e in parts if _plain(e, entity)] or parts, scale)
        attribs = _attributes(copy)
        number = next((attribs[t][0] for t in NUMBER_TAGS if t in attribs), "")
        name = next((attribs[t][0] for t in NAME_TAGS if t in attribs), "")
        frame = found is not None and max(_extent(found[0])) < MIN_BOOTH_M
        if found is None or frame:
            # A number tag as a block, inside a stand's polyline: its texts are the stand's.
            texts += _attribute_labels(attribs, OTHER_TAGS, here, scale)
            if texts:
                content.stand_labels.extend(texts)
            elif frame:
                content.ignored.add(here, f"block {entity.dxf.name} is too small for a stand")
            else:
                content.bad_stands.append(
                    (here, f"booth block {entity.dxf.name} draws no closed outline of a stand")
                )
            continue
        if not number:
            # No tag says which is the number: its attributes as texts, as a plan's are.
            texts += _attribute_labels(attribs, OTHER_TAGS | set(NAME_TAGS), here, scale)
        piece, curved = found
        ring = dedupe([(float(x), float(y)) for x, y in piece.simplify(1e-9).exterior.coords])
        content.stands.append(StandShape(tuple(ring), here, curved, number, name))
        content.stand_labels.extend(texts)


def _attributes(insert: Any) -> dict[str, tuple[str, Any]]:
    """A block reference's attributes that hold a value, by tag (`_tag`): the value (CAD's
    text codes left out: `%%uA01` is A01) and the attribute."""
    out: dict[str, tuple[str, Any]] = {}
    for a in insert.attribs:
        value = str(a.plain_text()).strip()
        if value:
            out.setdefault(_tag(str(a.dxf.tag)), (value, a))
    return out


def _attribute_labels(
    attribs: dict[str, tuple[str, Any]], skip: AbstractSet[str], source: Source, scale: float
) -> list[Label]:
    """The attributes as texts of the plan, but those tagged as `skip` says."""
    return [
        label
        for tag, (_, a) in attribs.items()
        if tag not in skip
        for label in _labels(a, source, scale)
    ]


def _extent(shape: Polygon) -> tuple[float, float]:
    x0, y0, x1, y1 = shape.bounds
    return x1 - x0, y1 - y0


def _plain(e: Any, insert: Any) -> bool:
    """Whether an entity is drawn in a continuous line (its own linetype or its layer's)."""
    kind = str(e.dxf.get("linetype", "BYLAYER")).upper()
    if kind == "BYLAYER":
        doc = e.doc or insert.doc
        layer = doc.layers.get(str(e.dxf.get("layer", "0"))) if doc is not None else None
        kind = str(layer.dxf.get("linetype", "")).upper() if layer is not None else ""
    return kind in PLAIN_LINETYPES


def _booth_outline(parts: list[Any], scale: float) -> tuple[Polygon, bool] | None:
    """What a booth block draws, merged (closed shapes, fills, the faces its lines enclose,
    nested blocks too: a partition or a counter inside is part of the stand; curves by their
    centre line, a wide polyline's too), its largest piece with holes filled, and whether
    a curve was flattened into its outline; None when it draws no closed area."""
    areas: list[Polygon] = []
    lines: list[LineString] = []
    traced: list[Polygon] = []
    bent: list[LineString] = []  # what curves drew
    rest = []
    for e in parts:
        flat = _flatten(e, scale)
        if flat is None:
            rest.append(e)
            continue
        ring = dedupe(flat[0])
        if e.dxftype() in ("ARC", "CIRCLE", "ELLIPSE", "SPLINE") or (
            e.dxftype() == "LWPOLYLINE" and e.has_arc
        ):
            bent.append(LineString(flat[0]))
        if flat[1] and len(ring) >= 3:
            areas.extend(_polygons(ring))
        elif len(ring) >= 2:
            lines.append(LineString(ring))
    if rest:
        more, loose, _, traced = _areas(rest, scale)
        areas += more
        lines += loose
    if lines:
        merged = unary_union(lines)
        areas += list(polygonize(list(getattr(merged, "geoms", [merged]))).geoms)
    pieces = _pieces(areas, traced)
    if not pieces:
        return None
    piece = max(pieces, key=lambda g: g.area)
    return piece, any(b.intersection(piece.exterior).length > FLATTEN_M for b in bent)


def _corners(entity: Any) -> int:
    """Vertices a polyline was drawn with (bulges add flattened points beyond these)."""
    try:
        return len(entity) if entity.dxftype() == "LWPOLYLINE" else len(list(entity.vertices))
    except TypeError:
        return 0


def _read_door(entity: Any, source: Source, content: DrawingContent) -> None:
    scale = content.units.metres
    if entity.dxftype() == "INSERT":
        try:
            points = _block_points(entity, scale)
        except RecursionError:
            content.ignored.add(source, f"block {entity.dxf.name} contains itself")
            return
        width_text = _attrib(entity, "WIDTH")
        width: float | None = None
        if width_text:
            try:
                # A decimal comma, as European offices type attributes: `1,2`.
                width = float(width_text.replace(",", ".")) * scale
            except ValueError:
                content.ignored.add(source, f"WIDTH attribute {width_text!r} is not a number")
                return
        at = entity.ocs().to_wcs(entity.dxf.insert)
        content.doors.append(
            DoorMark(
                points=tuple(points),
                is_block=True,
                source=source,
                block_name=str(entity.dxf.name),
                attrib_id=_attrib(entity, "ID"),
                attrib_width_m=width,
                insert_at=(float(at.x) * scale, float(at.y) * scale),
            )
        )
        return
    flat = _flatten(entity, scale)
    if flat is None:
        content.ignored.add(source, "a door is a line along the wall, a block or a shape")
        return
    if flat[1]:
        # The opening drawn as a closed shape across the wall: measured as a block is.
        ring = tuple(dedupe(flat[0]))
        content.doors.append(DoorMark(points=ring, is_block=True, source=source, opening=True))
        return
    run = dedupe(flat[0])
    if len(run) < 2:
        content.ignored.add(source, "zero length")
        return
    hinge = None
    if entity.dxftype() == "ARC":
        centre = entity.ocs().to_wcs(entity.dxf.center)
        hinge = (float(centre.x) * scale, float(centre.y) * scale)
    content.doors.append(DoorMark(points=tuple(run), is_block=False, source=source, hinge=hinge))


def _attrib(insert: Any, tag: str) -> str:
    for attrib in insert.attribs:
        if str(attrib.dxf.tag).upper() == tag:
            return str(attrib.dxf.text).strip()
    return ""


def _block_points(insert: Any, scale: float) -> list[Pt]:
    """Every vertex of a block reference's geometry, in metres (texts left out)."""
    points: list[Pt] = []
    for primitive in to_primitives(
        _block_parts(insert, scale)[0], max_flattening_distance=FLATTEN_M / scale
    ):
        points.extend((float(v.x) * scale, float(v.y) * scale) for v in primitive.vertices())
    return points


def _labels(entity: Any, source: Source, scale: float) -> list[Label]:
    """One label per text line: an MTEXT `HALL 5\\Pceiling 19 m` says two things."""
    if entity.dxftype() in ("TEXT", "ATTRIB"):
        _, point, _ = entity.get_placement()
        wcs = entity.ocs().to_wcs(point)
        lines = [str(entity.plain_text())]
        height = float(entity.dxf.get("height", 1.0))
    else:
        wcs = entity.dxf.insert
        lines = str(entity.plain_text()).splitlines()
        height = float(entity.dxf.get("char_height", 1.0))
    at = (float(wcs.x) * scale, float(wcs.y) * scale)
    return [Label(line.strip(), at, height * scale, source) for line in lines if line.strip()]


_HALL_NUMBER = re.compile(r"^[A-Za-z]?\d+[A-Za-z]?$")
"""A line that is only a hall's number or code (`10`, `5A`, `B2`)."""


def _stacked(labels: list[Label]) -> list[Label]:
    """A hall label's lines with a number alone on its line joined to a word above it
    without one: `HALL` over `10` names hall 10 (a label stacked on two lines), where
    `HALL 5` over `ceiling 19 m` says two things. Hall labels only: a stand's `Bolt Co`
    over `B07` is a name and a number."""
    out: list[Label] = []
    for label in labels:
        above = out[-1] if out else None
        if (
            above is not None
            and above.source == label.source
            and _HALL_NUMBER.match(label.text)
            and not any(c.isdigit() for c in above.text)
        ):
            out[-1] = replace(above, text=f"{above.text} {label.text}")
        else:
            out.append(label)
    return out


__all__ = [
    "NAME_TAGS",
    "NUMBER_TAGS",
    "DoorMark",
    "DrawingContent",
    "Ignored",
    "Label",
    "Shape",
    "Source",
    "StandShape",
    "drawing_units",
    "open_drawing",
    "read_content",
]
