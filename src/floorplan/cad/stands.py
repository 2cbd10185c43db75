"""Stands from an organiser's CAD plan, matched to the exhibitor requests (`import-dxf --layout`).

Every closed polyline on a stand layer (`FP-STAND`, `FP-STAND-<CATEGORY>`,
or what the layer map names) is a stand, and so is every booth block there
(the outline of what it draws, `drawing._read_booths`); arcs and bulges are flattened to segments
within `drawing.FLATTEN_M` (1 cm) of the curve. A booth block's attributes
name its number and exhibitor (`drawing.NUMBER_TAGS`, `NAME_TAGS`);
otherwise the texts (TEXT or MTEXT, one label per line) on stand layers that
lie inside a stand say what it is: a number-like text is its number, the
tallest other one, if any, the exhibitor's name.

Requests are matched to stands by the CSV's `stand` column first, then, for
requests without one, by exhibitor name (case and spacing ignored) when the
drawing carries names. A request with no stand is unplaced with the reason
"not in the imported plan". Stands no request claims are reported with
their number and area, and listed in the layout's
`metrics.unclaimed_stands`, where a planner finds the free floor of the plan.

A stand that is an axis-aligned rectangle is written as `x, y, width,
depth`, any other as a polygon, in its hall's coordinates, to the millimetre.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely import Point, Polygon

from floorplan.cad.drawing import FLATTEN_M as FLATTEN_M
from floorplan.cad.drawing import DrawingContent, Label, StandShape
from floorplan.cad.outlines import Pt
from floorplan.io.errors import InputError, capped, display
from floorplan.model.event import Event, Request
from floorplan.model.layout import Layout, Stand, Unplaced
from floorplan.model.venue import why_invalid

Warn = Callable[[str], None]

NOT_IN_PLAN = "not in the imported plan"


@dataclass(frozen=True)
class UnclaimedStand:
    number: str
    hall: str
    area_m2: float
    name: str
    geometry: dict[str, Any]
    """`x, y, width, depth` or `polygon`, as a layout stand would carry it."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"number": self.number, "hall": self.hall}
        out.update(self.geometry)
        out["area_m2"] = round(self.area_m2, 3)
        if self.name:
            out["name"] = self.name
        return out


@dataclass(frozen=True)
class _Drawn:
    shape: StandShape
    polygon: Polygon
    hall: str
    number: str
    name: str
    geometry: dict[str, Any]


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _mm(value: float) -> float:
    return round(value, 3) + 0.0


def _geometry(points: tuple[tuple[float, float], ...], local: Callable[[Pt], Pt]) -> dict[str, Any]:
    """A stand's shape in its hall's coordinates (`local`: the hall's frame, turned back
    where the hall was drawn off the axes): a rectangle where it is one."""
    pts = [(_mm(x), _mm(y)) for x, y in map(local, points)]
    xs = sorted({p[0] for p in pts})
    ys = sorted({p[1] for p in pts})
    box = len(pts) == 4 and len(xs) == 2 and len(ys) == 2
    if box and {(x, y) for x in xs for y in ys} == set(pts):
        return {
            "x": xs[0],
            "y": ys[0],
            "width": _mm(xs[1] - xs[0]),
            "depth": _mm(ys[1] - ys[0]),
        }
    return {"polygon": [[x, y] for x, y in pts]}


def read_stands(
    drawing: DrawingContent,
    halls: list[tuple[str, Polygon]],
    frames: dict[str, Callable[[Pt], Pt]],
    event: Event,
    path: Path,
    note: Warn,
) -> tuple[Layout, tuple[UnclaimedStand, ...]]:
    """The layout of the drawing's stands for `event`; `InputError` for a bad stand."""
    where = display(path)
    problems = [f"{where}: {source}: {why}" for source, why in drawing.bad_stands]
    outlines: list[tuple[StandShape, Polygon, str]] = []
    for shape in drawing.stands:
        polygon = Polygon(shape.points) if len(shape.points) >= 3 else Polygon()
        if len(shape.points) >= 3 and not polygon.is_valid:
            problems.append(
                f"{where}: {shape.source}: stand outline is not a simple polygon: it "
                f"{why_invalid(polygon, drawing.units.metres)}"
            )
            continue
        if polygon.area <= 0:
            problems.append(f"{where}: {shape.source}: stand outline has no area")
            continue
        hall_id, outline = max(halls, key=lambda h: h[1].intersection(polygon).area)
        if outline.intersection(polygon).area <= 0:
            problems.append(f"{where}: {shape.source}: stand is not inside any hall outline")
            continue
        outlines.append((shape, polygon, hall_id))
    texts = _texts_per_stand(drawing.stand_labels, [p for _, p, _ in outlines], note)
    wanted = {_key(r.stand) for r in event.requests if r.stand}
    names = {_key(r.name) for r in event.requests}
    drawn: list[_Drawn] = []
    for (shape, polygon, hall_id), labels in zip(outlines, texts, strict=True):
        if not labels and not shape.number:
            booth = " nor a number attribute" if shape.source.dxftype == "INSERT" else ""
            problems.append(
                f"{where}: {shape.source}: stand has no number (a TEXT or MTEXT inside it on a "
                f"stand layer{booth})"
            )
            continue
        if shape.curved:
            note(f"{shape.source}: arcs flattened to segments within {FLATTEN_M * 100:g} cm")
        if shape.number:
            # A booth block's attributes say which is which; its texts may name it.
            others = [la for la in labels if _key(la.text) != _key(shape.number)]
            named = max(others, key=lambda la: la.height).text if others else ""
            number, name = shape.number, shape.name or named
        else:
            number, name = _number_and_name(labels, wanted, names)
            name = shape.name or name
        drawn.append(
            _Drawn(shape, polygon, hall_id, number, name, _geometry(shape.points, frames[hall_id]))
        )
    by_number: dict[str, _Drawn] = {}
    for d in drawn:
        other = by_number.get(_key(d.number))
        if other is not None:
            problems.append(
                f"{where}: stand number {d.number!r} is on two stands: {other.shape.source} "
                f"and {d.shape.source}"
            )
        by_number[_key(d.number)] = d
    if problems:
        raise InputError(capped(problems))
    claims = _match(event, by_number, drawn)
    stands: list[Stand] = []
    unplaced: list[Unplaced] = []
    for req in event.requests:
        found = claims[req.id]
        if isinstance(found, str):
            unplaced.append(Unplaced(request_id=req.id, reason=found))
            continue
        record = {"request_id": req.id, "hall": found.hall, **found.geometry}
        # The plan sold the stand as what the request asks for (its booth type).
        record.update(number=found.number, booth_type=req.booth_type)
        stands.append(Stand.model_validate(record))
    taken = {id(d) for d in claims.values() if isinstance(d, _Drawn)}
    unclaimed = tuple(
        UnclaimedStand(d.number, d.hall, float(d.polygon.area), d.name, d.geometry)
        for d in drawn
        if id(d) not in taken
    )
    for u in unclaimed:
        note(f"stand {u.number} ({u.hall}, {u.area_m2:.1f} m2) is claimed by no request")
    layout = Layout(
        event=event.name,
        stands=stands,
        unplaced=unplaced,
        metrics={
            "imported_from": path.name,
            "unclaimed_stands": [u.to_json() for u in unclaimed],
        },
    )
    return layout, unclaimed


def _texts_per_stand(labels: list[Label], polygons: list[Polygon], note: Warn) -> list[list[Label]]:
    """Per stand, the texts inside it: tallest first, then in drawing order."""
    out: list[list[Label]] = [[] for _ in polygons]
    for label in labels:
        p = Point(label.at)
        inside = [i for i, poly in enumerate(polygons) if poly.covers(p)]
        if not inside:
            note(f"text {label.text!r} ({label.source}) is not inside any stand; ignored")
            continue
        out[min(inside, key=lambda i: polygons[i].area)].append(label)
    return [sorted(found, key=lambda lb: -lb.height) for found in out]


NUMBER_LIKE = re.compile(
    r"^(?:[A-Za-z]{1,3}[-. ]?)?\d{1,4}(?:[A-Za-z]{1,2}\d{1,4})?[A-Za-z]?(?:[-./]\d{1,4}[A-Za-z]?)?$"
)
"""What stand numbers look like: `A01`, `5B03`, `12`, `H1-204`, `B 12`, `A1.02`, `10-100`."""
SIZE_LIKE = re.compile(
    r"^\d+(?:[.,]\d+)?\s*(?:m\s*)?[x×*]\s*\d+(?:[.,]\d+)?\s*m?$|^\d+(?:[.,]\d+)?\s*(?:m2|m²|sqm|qm)$",
    re.IGNORECASE,
)
"""What a stand's size or area written in it looks like: `6x3`, `4 x 4.5 m`, `36m2`, `36 m²`."""


def _number_and_name(labels: list[Label], wanted: set[str], names: set[str]) -> tuple[str, str]:
    """A stand's number and exhibitor name among its texts (tallest first): the text a
    request's `stand` names, else the tallest that looks like a number and is no
    exhibitor's name (`3M`), else the tallest; the name is the tallest other text. Plans
    letter the name larger as often as not."""
    number = (
        next((lb for lb in labels if _key(lb.text) in wanted), None)
        or next(
            (
                lb
                for lb in labels
                if NUMBER_LIKE.match(lb.text.strip())
                and not SIZE_LIKE.match(lb.text.strip())
                and _key(lb.text) not in names
            ),
            None,
        )
        or labels[0]
    )
    name = next((lb.text for lb in labels if lb is not number), "")
    return number.text, name


def _match(
    event: Event, by_number: dict[str, _Drawn], drawn: list[_Drawn]
) -> dict[str, _Drawn | str]:
    """Request id -> its stand, or the reason it has none."""
    claims: dict[str, _Drawn | str] = {}
    owner: dict[int, Request] = {}
    problems = []
    for req in event.requests:
        if req.stand is None:
            continue
        d = by_number.get(_key(req.stand))
        if d is None:
            claims[req.id] = f"{NOT_IN_PLAN} (no stand {req.stand} in the drawing)"
            continue
        if id(d) in owner:
            problems.append(
                f"requests {owner[id(d)].id} and {req.id} both hold stand {req.stand} "
                "(the exhibitor CSV's stand column)"
            )
            continue
        owner[id(d)] = req
        claims[req.id] = d
    if problems:
        raise InputError(capped(problems))
    by_name: dict[str, list[_Drawn]] = {}
    for d in drawn:
        if d.name and id(d) not in owner:
            by_name.setdefault(_key(d.name), []).append(d)
    for req in event.requests:
        if req.id in claims:
            continue
        named = by_name.get(_key(req.name), [])
        if len(named) == 1 and id(named[0]) not in owner:
            owner[id(named[0])] = req
            claims[req.id] = named[0]
        else:
            claims[req.id] = NOT_IN_PLAN
    return claims


__all__ = ["FLATTEN_M", "NOT_IN_PLAN", "UnclaimedStand", "read_stands"]
