"""The rules of a valid layout (CONTRACT.md), one function per rule.

Every comparison allows `EPS` (1e-6 m or m2) in the layout's favour, so
coordinates written as decimals that binary floats cannot hold exactly do
not fail; anything beyond is reported. Rules about walkable space (C4, C5,
C7) live in `validate.hall_checks` because they share one geometric model of
each hall.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import shapely
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from floorplan.model.event import OPEN_SIDES_NEEDED, Event, Request
from floorplan.model.layout import Layout, Stand
from floorplan.model.venue import Hall
from floorplan.validate.outline import inside_point, outline
from floorplan.validate.report import Violation, violation

EPS = 1e-6


@dataclass
class Context:
    """The layout indexed once: which stands are where and for whom."""

    event: Event
    layout: Layout
    halls: dict[str, Hall] = field(default_factory=dict)
    by_hall: dict[str, list[Stand]] = field(default_factory=dict)
    """Stands per event hall, in layout order (stands naming another hall are left out)."""
    first_stand: dict[str, Stand] = field(default_factory=dict)
    """The first stand of each known request id: the one requirements are checked on."""

    @classmethod
    def build(cls, event: Event, layout: Layout) -> Context:
        ctx = cls(event, layout)
        ctx.halls = {h.id: h for h in event.hall_models}
        ctx.by_hall = {h: [] for h in ctx.halls}
        for stand in layout.stands:
            if stand.hall in ctx.by_hall:
                ctx.by_hall[stand.hall].append(stand)
            if stand.request_id in event.request_by_id:
                ctx.first_stand.setdefault(stand.request_id, stand)
        return ctx

    def request(self, stand: Stand) -> Request | None:
        return self.event.request_by_id.get(stand.request_id)


def centre(stand: Stand) -> tuple[float, float]:
    """Where a finding about the whole stand is marked (the centre of a rectangle)."""
    return inside_point(stand)


def _off_grid(value: float, grid: float) -> float:
    k = round(value / grid)
    return abs(value - k * grid)


def _m(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# -- C1 ----------------------------------------------------------------------------------------


def check_geometry(ctx: Context) -> list[Violation]:
    """C1: inside the hall outline, on the grid, sides and aspect, or the exact size.

    A polygon stand (1.1): every vertex on the grid; sides, aspect and exact
    size are those of its bounding box.
    """
    rules = ctx.event.rules
    g = rules.grid_m
    out: list[Violation] = []
    outlines = {h: hall.shape.buffer(EPS, join_style="mitre") for h, hall in ctx.halls.items()}
    for stand in ctx.layout.stands:
        sid, hall_id = stand.request_id, stand.hall
        hall_label = hall_id if hall_id in ctx.halls else None
        at = centre(stand)
        if hall_id in outlines and not outlines[hall_id].covers(stand.rect):
            outside = stand.rect.difference(ctx.halls[hall_id].shape)
            spot = outside.representative_point() if not outside.is_empty else None
            out.append(
                violation(
                    "C1",
                    hall_label,
                    [sid],
                    f"{_m(outside.area)} m2 of the stand lie outside the hall outline",
                    measured=float(outside.area),
                    limit=0.0,
                    at=(spot.x, spot.y) if spot is not None else at,
                )
            )
        req = ctx.request(stand)
        exact = req.exact_size if req is not None else None
        polygon = outline(stand).box is None
        for name, value in (("x", stand.x), ("y", stand.y)) if not polygon else ():
            off = _off_grid(value, g)
            if off > EPS:
                out.append(
                    violation(
                        "C1",
                        hall_label,
                        [sid],
                        f"{name} = {value:g} m is not on the {g:g} m grid",
                        measured=value,
                        limit=g,
                        at=at,
                    )
                )
        if polygon:
            out += _off_grid_vertices(stand, hall_label, g)
        if exact is not None:
            w, d = stand.width, stand.depth
            ok = any(
                abs(w - ew) <= EPS and abs(d - ed) <= EPS
                for ew, ed in (exact, (exact[1], exact[0]))
            )
            if not ok:
                out.append(
                    violation(
                        "C1",
                        hall_label,
                        [sid],
                        f"size {w:g} x {d:g} m is not the requested exact size "
                        f"{exact[0]:g} x {exact[1]:g} m",
                        measured=w * d,
                        limit=exact[0] * exact[1],
                        at=at,
                    )
                )
            continue
        # A polygon's box is on the grid when its vertices are (reported above).
        for name, value in (("width", stand.width), ("depth", stand.depth)) if not polygon else ():
            off = _off_grid(value, g)
            if off > EPS:
                out.append(
                    violation(
                        "C1",
                        hall_label,
                        [sid],
                        f"{name} {value:g} m is not a multiple of the {g:g} m grid",
                        measured=value,
                        limit=g,
                        at=at,
                    )
                )
        short = min(stand.width, stand.depth)
        if short < rules.min_side_m - EPS:
            out.append(
                violation(
                    "C1",
                    hall_label,
                    [sid],
                    f"side {short:g} m < minimum side {rules.min_side_m:g} m",
                    measured=short,
                    limit=rules.min_side_m,
                    at=at,
                )
            )
        aspect = max(stand.width, stand.depth) / short
        if aspect > rules.max_aspect + EPS:
            out.append(
                violation(
                    "C1",
                    hall_label,
                    [sid],
                    f"aspect {aspect:.2f} > {rules.max_aspect:g}",
                    measured=aspect,
                    limit=rules.max_aspect,
                    at=at,
                )
            )
    return out


def _off_grid_vertices(stand: Stand, hall: str | None, g: float) -> list[Violation]:
    """C1 for a polygon stand: one finding naming its vertices off the grid."""
    assert stand.polygon is not None
    off = [
        (float(x), float(y))
        for x, y in stand.polygon
        if _off_grid(x, g) > EPS or _off_grid(y, g) > EPS
    ]
    if not off:
        return []
    shown = ", ".join(f"({x:g}, {y:g})" for x, y in off[:3]) + (" ..." if len(off) > 3 else "")
    return [
        violation(
            "C1",
            hall,
            [stand.request_id],
            f"{len(off)} polygon {'vertices' if len(off) > 1 else 'vertex'} not on the "
            f"{g:g} m grid: {shown}",
            measured=float(len(off)),
            limit=0.0,
            at=off[0],
        )
    ]


# -- C2 ----------------------------------------------------------------------------------------


def check_overlaps(ctx: Context) -> list[Violation]:
    """C2: no two stands of a hall share area; no stand covers a column or keep-out."""
    out: list[Violation] = []
    for hall_id, stands in ctx.by_hall.items():
        if not stands:
            continue
        hall = ctx.halls[hall_id]
        rects = [s.rect for s in stands]
        tree = STRtree(rects)
        pairs = tree.query(rects, predicate="intersects")
        for i, j in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
            if i >= j:
                continue
            shared = rects[i].intersection(rects[j])
            if shared.area > EPS:
                c = shared.centroid
                out.append(
                    violation(
                        "C2",
                        hall_id,
                        [stands[i].request_id, stands[j].request_id],
                        f"stands overlap by {_m(shared.area)} m2",
                        measured=float(shared.area),
                        limit=0.0,
                        at=(c.x, c.y),
                    )
                )
        for k, obstacle in enumerate(hall.obstacles):
            what = (
                f"column {k}"
                if k < len(hall.column_shapes)
                else "keep-out " + (hall.keep_out[k - len(hall.column_shapes)].reason or str(k))
            )
            for i in tree.query(obstacle, predicate="intersects").tolist():
                shared = rects[i].intersection(obstacle)
                if shared.area > EPS:
                    c = shared.centroid
                    out.append(
                        violation(
                            "C2",
                            hall_id,
                            [stands[i].request_id],
                            f"stand covers {_m(shared.area)} m2 of {what}",
                            measured=float(shared.area),
                            limit=0.0,
                            at=(c.x, c.y),
                        )
                    )
    return out


# -- C3 ----------------------------------------------------------------------------------------


def check_areas(ctx: Context) -> list[Violation]:
    """C3: placed area within `area_tolerance` of the requested area."""
    tol = ctx.event.rules.area_tolerance
    out: list[Violation] = []
    for stand in ctx.layout.stands:
        req = ctx.request(stand)
        if req is None:
            continue
        lo, hi = req.area_m2 * (1 - tol), req.area_m2 * (1 + tol)
        area = stand.area
        if area < lo - EPS or area > hi + EPS:
            bound = lo if area < lo else hi
            out.append(
                violation(
                    "C3",
                    stand.hall if stand.hall in ctx.halls else None,
                    [stand.request_id],
                    f"area {_m(area)} m2 is outside {_m(lo)}..{_m(hi)} m2 "
                    f"({req.area_m2:g} m2 +/- {tol:.0%})",
                    measured=area,
                    limit=bound,
                    at=centre(stand),
                )
            )
    return out


# -- C6 ----------------------------------------------------------------------------------------


def _nearest_to_door(shape: BaseGeometry, door: BaseGeometry, gap: float) -> tuple[float, float]:
    """The stand's point nearest the door, the same however its outline is written.

    When a whole side lies at the nearest distance, Shapely's shortest line picks
    an end by vertex order; the point of that nearest part closest to the door's
    middle is unique, so a rectangle and the same rectangle as a polygon agree.
    """
    near = shape.intersection(door.buffer(gap + 1e-6, quad_segs=16))
    target = near if not near.is_empty else shape
    x, y = shapely.shortest_line(target, door.interpolate(0.5, normalized=True)).coords[0]
    return (float(x), float(y))


def check_exit_clearance(ctx: Context) -> list[Violation]:
    """C6: every stand keeps `exit_clearance_m` from every exit door of its hall."""
    clearance = ctx.event.rules.exit_clearance_m
    out: list[Violation] = []
    for hall_id, stands in ctx.by_hall.items():
        if not stands:
            continue
        hall = ctx.halls[hall_id]
        rects = [s.rect for s in stands]
        tree = STRtree(rects)
        for ex in hall.exits:
            door = ex.door(hall.shape)
            for i in tree.query(door, predicate="dwithin", distance=clearance).tolist():
                gap = float(rects[i].distance(door))
                if gap < clearance - EPS:
                    p = _nearest_to_door(rects[i], door, gap)
                    out.append(
                        violation(
                            "C6",
                            hall_id,
                            [stands[i].request_id],
                            f"{_m(gap)} m from exit {ex.id} < clearance {clearance:g} m",
                            measured=gap,
                            limit=clearance,
                            at=(float(p[0]), float(p[1])),
                        )
                    )
    return out


# -- C8 ----------------------------------------------------------------------------------------


def check_requirements(ctx: Context) -> list[Violation]:
    """C8: requested hall, floor load, ceiling, keep-apart distance, pavilions together."""
    rules = ctx.event.rules
    out: list[Violation] = []
    for sid, stand in ctx.first_stand.items():
        req = ctx.event.request_by_id[sid]
        hall = ctx.halls.get(stand.hall)
        if hall is None:
            continue
        at = centre(stand)
        if req.hall is not None and req.hall != stand.hall:
            out.append(violation("C8", stand.hall, [sid], f"requested hall {req.hall}", at=at))
        # (what the hall has, what the stand needs, unit, how the message names them)
        needs = (
            (hall.floor_load_kn_m2, req.floor_load_kn_m2, "kN/m2", "floor load", "required"),
            (hall.ceiling_height_m, req.height_m, "m", "ceiling", "required height"),
        )
        for have, want, unit, what, wanted in needs:
            if want is not None and (have is None or have < want - EPS):
                said = "unknown" if have is None else f"{have:g} {unit}"
                out.append(
                    violation(
                        "C8",
                        stand.hall,
                        [sid],
                        f"hall {what} {said} < {wanted} {want:g} {unit}",
                        measured=have,
                        limit=want,
                        at=at,
                    )
                )
    out += _keep_apart(ctx, rules.keep_apart_m)
    out += _pavilions(ctx, rules.aisle_width_m)
    return out


def _keep_apart(ctx: Context, gap: float) -> list[Violation]:
    out: list[Violation] = []
    seen: set[tuple[str, str]] = set()
    for sid, stand in ctx.first_stand.items():
        if stand.hall not in ctx.halls:
            continue
        for other_id in ctx.event.request_by_id[sid].keep_apart:
            pair = (min(sid, other_id), max(sid, other_id))
            other = ctx.first_stand.get(other_id)
            if pair in seen or other is None or other.hall != stand.hall:
                continue
            seen.add(pair)
            dist = float(stand.rect.distance(other.rect))
            if dist < gap - EPS:
                line = shapely.shortest_line(stand.rect, other.rect)
                mid = line.interpolate(0.5, normalized=True)
                out.append(
                    violation(
                        "C8",
                        stand.hall,
                        list(pair),
                        f"keep-apart stands {_m(dist)} m apart < {gap:g} m",
                        measured=dist,
                        limit=gap,
                        at=(mid.x, mid.y),
                    )
                )
    return out


def _pavilions(ctx: Context, reach: float) -> list[Violation]:
    """Members in one hall, each within `reach` (one aisle width: CONTRACT.md rule 8, "each
    within one aisle of another member") of another member."""
    out: list[Violation] = []
    groups: dict[str, list[Stand]] = defaultdict(list)
    for sid, stand in ctx.first_stand.items():
        pav = ctx.event.request_by_id[sid].pavilion
        if pav is not None and stand.hall in ctx.halls:
            groups[pav].append(stand)
    for pav, members in sorted(groups.items()):
        halls = Counter(s.hall for s in members)
        if len(halls) > 1:
            main = halls.most_common(1)[0][0]
            strays = [s.request_id for s in members if s.hall != main]
            out.append(
                violation(
                    "C8",
                    None,
                    strays,
                    f"pavilion {pav} is split over halls {', '.join(sorted(halls))} "
                    f"(most members in {main})",
                )
            )
            continue
        if len(members) < 2:
            continue
        for s in members:
            nearest = min(s.rect.distance(o.rect) for o in members if o is not s)
            if nearest > reach + EPS:
                out.append(
                    violation(
                        "C8",
                        s.hall,
                        [s.request_id],
                        f"pavilion {pav}: nearest member {_m(nearest)} m away > {reach:g} m "
                        "(one aisle width)",
                        measured=float(nearest),
                        limit=reach,
                        at=centre(s),
                    )
                )
    return out


# -- C9 ----------------------------------------------------------------------------------------


def check_bookkeeping(ctx: Context) -> list[Violation]:
    """C9: every request exactly once, placed or unplaced with a reason; no unknown ids/halls."""
    event, layout = ctx.event, ctx.layout
    known = event.request_by_id
    out: list[Violation] = []
    placed = Counter(s.request_id for s in layout.stands)
    listed = Counter(u.request_id for u in layout.unplaced)
    for stand in layout.stands:
        if stand.hall not in ctx.halls:
            out.append(
                violation(
                    "C9",
                    None,
                    [stand.request_id],
                    f"stand is in hall {stand.hall!r}, which the event does not use "
                    f"(halls: {', '.join(ctx.halls)})",
                    at=centre(stand),
                )
            )
    for rid, n in placed.items():
        if rid not in known:
            out.append(violation("C9", None, [rid], "stand for an unknown request id"))
        elif n > 1:
            out.append(violation("C9", None, [rid], f"request placed {n} times"))
    for u in layout.unplaced:
        if u.request_id not in known:
            out.append(violation("C9", None, [u.request_id], "unplaced entry for an unknown id"))
        elif not u.reason.strip():
            out.append(violation("C9", None, [u.request_id], "unplaced without a reason"))
    for rid, n in listed.items():
        if rid not in known:
            continue
        if n > 1:
            out.append(violation("C9", None, [rid], f"request listed as unplaced {n} times"))
        if rid in placed:
            out.append(violation("C9", None, [rid], "request is both placed and unplaced"))
    for req in event.requests:
        if req.id not in placed and req.id not in listed:
            out.append(
                violation(
                    "C9", None, [req.id], "request missing: neither placed nor listed as unplaced"
                )
            )
    return out


def open_sides_needed(req: Request | None, stand: Stand) -> int | None:
    """Open sides the stand must show: its request's booth type, or the type the layout claims.

    An untyped stand needs only access (C4); a layout that labels a stand
    `island` is held to it.
    """
    needs = []
    if req is not None and req.booth_type is not None:
        needs.append(req.open_sides_needed)
    if stand.booth_type is not None:
        needs.append(OPEN_SIDES_NEEDED[stand.booth_type])
    return max(needs) if needs else None


def fmt_m(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:.1f}"


__all__ = [
    "EPS",
    "Context",
    "centre",
    "check_areas",
    "check_bookkeeping",
    "check_exit_clearance",
    "check_geometry",
    "check_overlaps",
    "check_requirements",
    "fmt_m",
    "open_sides_needed",
]
