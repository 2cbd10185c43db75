"""Re-layout: what of a previous layout stays where it is.

Contracts move every week; exhibitors who were told their location keep it.
A request whose baseline stand still fits it (same hall allowed, area within
tolerance, booth type and exact size unchanged, hall requirements met) is
*kept*: its stand becomes a fixed item of the hall's skeleton, with an
aisle's width kept clear round it so that its open sides stay open and its
row does not grow past `max_row_m`. Locked stands never move; a locked stand
the new event makes impossible is an input error naming it. Changed, new and
cancelled requests make room or take it around them.
"""

from __future__ import annotations

from floorplan.hosting import hall_refusal
from floorplan.io.errors import InputError
from floorplan.model.event import OPEN_SIDES_NEEDED, Event, Request
from floorplan.model.layout import Layout, Stand, Unplaced
from floorplan.sizes import width_range
from floorplan.solve.problem import Rect, blocks, box_of, rect_gap
from floorplan.validate import validate

EPS = 1e-6


def still_fits(event: Event, request: Request, stand: Stand) -> str | None:
    """Why the baseline stand no longer serves the request, or None if it does."""
    rules = event.rules
    if stand.hall not in event.halls:
        return f"hall {stand.hall} is no longer in the event"
    hall = event.venue.hall(stand.hall)
    refusal = hall_refusal(event, request, hall)
    if refusal and not refusal.startswith("needs at least"):
        return refusal
    if abs(stand.area - request.area_m2) > rules.area_tolerance * request.area_m2 + EPS:
        return f"area changed to {request.area_m2:g} m2, the stand has {stand.area:g} m2"
    exact = request.exact_size
    # A polygon stand's exact size is its bounding box's (CONTRACT.md): a stand notched
    # round a column keeps its size.
    if exact is not None and any(
        abs(have - want) > EPS
        for have, want in zip(sorted((stand.width, stand.depth)), sorted(exact), strict=True)
    ):
        return f"exact size changed to {exact[0]:g} x {exact[1]:g} m"
    if request.booth_type != stand.booth_type:
        return f"booth type changed to {request.booth_type or 'any'}"
    rect = stand.rect
    if not hall.shape.buffer(EPS).covers(rect):
        return "no longer inside the hall"
    for obstacle in hall.obstacles:
        if rect.intersection(obstacle).area > EPS:
            return "overlaps a column or keep-out"
    g = rules.grid_m
    for v in (stand.x, stand.y):
        if abs(v / g - round(v / g)) > EPS:
            return f"not on the {g:g} m grid"
    return None


def fill_holes(
    event: Event, baseline: Layout, kept: dict[str, list[Stand]], todo: list[Request]
) -> dict[str, list[Stand]]:
    """New or changed requests take the exact floor a cancelled or changed stand left.

    A hole keeps its neighbours, so a request that needs no more open sides
    than the stand that was there, and whose size fits the hole's depth and
    width exactly, stands there as if it had always been kept; unless a locked stand
    beside it makes its row longer than the rules allow (`_rows_apart`).
    """
    g = event.rules.grid_m
    stays = {s.request_id for ss in kept.values() for s in ss}
    holes = [
        s
        for s in baseline.stands
        if s.request_id not in stays and s.hall in event.halls and s.is_rect
    ]
    out: dict[str, list[Stand]] = {}
    taken: set[str] = set()
    order = sorted(todo, key=lambda r: (-r.tier, -r.area_m2, r.id))
    for hole in holes:
        hall = event.venue.hall(hole.hall)
        pins = [s.rect for s in kept.get(hole.hall, [])]
        if any(hole.rect.intersection(p).area > EPS for p in pins):
            continue
        w, d = round(hole.width / g), round(hole.depth / g)
        for r in order:
            if r.id in taken or r.pavilion or r.keep_apart:
                continue
            if r.open_sides_needed > OPEN_SIDES_NEEDED[hole.booth_type]:
                continue
            if hall_refusal(event, r, hall) is not None:
                continue
            fits = (span := width_range(r, d, event.rules)) and span[0] <= w <= span[1]
            if not fits:
                continue
            stand = hole.model_copy(
                update={
                    "request_id": r.id,
                    "booth_type": r.booth_type,
                    "locked": False,
                    "number": "",
                }
            )
            around = [*kept.get(hole.hall, []), *out.get(hole.hall, []), stand]
            if stand not in _rows_apart(event, around):
                break  # beside a locked stand the hole makes a row too long: nobody takes it
            out.setdefault(hole.hall, []).append(stand)
            taken.add(r.id)
            break
    return out


def kept_stands(event: Event, baseline: Layout) -> dict[str, list[Stand]]:
    """Per hall, the baseline stands that stay; raises for an impossible locked stand."""
    keep, problems = _checked(event, baseline)
    if problems:
        raise InputError(problems)
    # A stand a planner's locked stand was moved onto gives way: it is re-placed.
    for hall_id, stands in keep.items():
        pins = [s.rect for s in stands if s.locked]
        keep[hall_id] = [
            s
            for s in stands
            if s.locked or not any(s.rect.intersection(p).area > EPS for p in pins)
        ]
        keep[hall_id] = _rows_apart(event, keep[hall_id])
    return _whole_pavilions(event, keep, left_out(baseline))


def left_out(baseline: Layout) -> set[str]:
    """The requests the baseline left unplaced."""
    stood = {s.request_id for s in baseline.stands}
    return {u.request_id for u in baseline.unplaced} - stood


def waiting_list(baseline: Layout | None) -> frozenset[str]:
    """The requests a re-layout's baseline left unplaced (none without a baseline).

    The solve that made the baseline seated each of them first on its hall's open floor
    and offered it to every other hall, and the kept stands still hold that floor: a
    re-layout neither seats them first again (`hall.reserve`) nor offers them round
    (`offers`), where a crowded event spent most of its re-solve (fuzzed seed 38000 ev01,
    37 waiting: the re-solve 0.76 of the solve from scratch, 0.59 without those tries).
    They still take part in their hall's packs and in the last call, so the floor that
    cancelled and smaller stands free is theirs as well."""
    return frozenset(left_out(baseline)) if baseline is not None else frozenset()


def held_out(event: Event, baseline: Layout, kept: dict[str, list[Stand]]) -> dict[str, str]:
    """The members of pavilions that stand as in the baseline, in part, that the baseline
    left out, each with why it stays out: a re-layout keeps every stand whose contract did
    not change, and a pavilion packed again whole to seat the rest would move its fellows
    (fuzzed events: a pavilion seated in part lost its seated members too, every time)."""
    out: dict[str, str] = {}
    stood = {s.request_id for stands in kept.values() for s in stands}
    missing = left_out(baseline)
    for pav, ids in _pavilions(event).items():
        seated = [rid for rid in ids if rid in stood]
        if not seated or any(rid not in stood and rid not in missing for rid in ids):
            continue  # none kept, or packed again whole (`_whole_pavilions`)
        for rid in ids:
            if rid in missing:
                out[rid] = (
                    f"pavilion {pav} stands as in the baseline ({len(seated)} of its "
                    f"{len(ids)} stands: {', '.join(seated)}), which left this one out; a "
                    "re-layout keeps their stands where they are (solve without --baseline "
                    "to place the pavilion again whole)"
                )
    return out


def locked_conflicts(event: Event, baseline: Layout) -> list[str]:
    """Why the baseline's locked stands cannot all stay where they are (none: they can).

    `solve` asks before its search, to name the baseline file in the error: each locked
    stand the new event no longer fits, or else the rules the locked stands break among
    themselves (`_locked_rules`)."""
    return _checked(event, baseline)[1]


def locked_gone(event: Event, baseline: Layout) -> list[str]:
    """The locked baseline stands whose requests are no longer in the event: their floor is
    free, as for any cancelled request, but a planner who locked them should hear it."""
    return [
        s.request_id
        for s in baseline.stands
        if s.locked and s.request_id not in event.request_by_id
    ]


def _checked(event: Event, baseline: Layout) -> tuple[dict[str, list[Stand]], list[str]]:
    """The stands that still fit (`_fitting`), and why the locked ones cannot all stay."""
    keep, problems = _fitting(event, baseline)
    locked = [s for ss in keep.values() for s in ss if s.locked]
    return keep, problems or _locked_rules(event, locked)


def _fitting(event: Event, baseline: Layout) -> tuple[dict[str, list[Stand]], list[str]]:
    """Per hall, the baseline stands that still fit their requests (`still_fits`); and why
    each locked one that does not cannot stay."""
    requests = event.request_by_id
    locked_ids = {r.id for r in event.requests if r.locked}
    keep: dict[str, list[Stand]] = {}
    problems = []
    seen: set[str] = set()
    for stand in baseline.stands:
        req = requests.get(stand.request_id)
        if req is None or stand.request_id in seen:
            continue  # cancelled (or a duplicate a planner left): its floor is free
        seen.add(stand.request_id)
        locked = stand.locked or req.id in locked_ids
        why = still_fits(event, req, stand)
        if why is not None:
            if locked:
                problems.append(f"locked stand {req.id} ({stand.hall}) cannot stay: {why}")
            continue
        keep.setdefault(stand.hall, []).append(stand.model_copy(update={"locked": locked}))
    return keep, problems


def _locked_rules(event: Event, locked: list[Stand]) -> list[str]:
    """The rules the locked stands break on their own, in the validator's words.

    Each fits its request alone (`still_fits`), but a planner may move one onto another,
    into an exit's clearance or next to a competitor: no layout around them can then be
    valid, and the search would only end in a layout the proof refuses. With nobody else
    on the floor every open side, walk and aisle is as good as it gets, so what the
    validator finds is theirs. Left out: a pavilion's members that stand apart (members
    placed between them may still join them up) and the requests not placed here."""
    if not locked:
        return []
    ids = {s.request_id for s in locked}
    alone = Layout(
        event=event.name,
        stands=locked,
        unplaced=[Unplaced(request_id=r.id, reason="-") for r in event.requests if r.id not in ids],
    )
    found = [
        v
        for v in validate(event, alone).violations
        if v.rule != "C9" and not (v.rule == "C8" and "nearest member" in v.message)
    ]
    return [f"locked stands cannot stay as they are: {v.message}" for v in found]


def _rows_apart(event: Event, stands: list[Stand]) -> list[Stand]:
    """`stands` without the unlocked ones that stand closer than an aisle to a locked stand
    in a block longer than `max_row_m` (rule C10): they give way, as a stand the locked
    one was moved onto does. A planner who drags a car maker's island flush against
    another's raw space makes one block of both; kept, the other was set aside by the
    proof and left unplaced (a 994 m2 car maker in Hong Kong's hall 6). A locked stand
    the solver had placed stands in a row no longer than the rule allows: its neighbours
    stay. Blocks are grouped as the solver groups them (`problem.blocks`), a polygon stand
    by its bounding box."""
    g = event.rules.grid_m
    near = round(event.rules.aisle_width_m / g)
    longest = event.rules.max_row_m / g + EPS
    out = list(stands)
    while True:
        rects = [_grid_box(s, g) for s in out]
        gone: set[int] = set()
        for block in blocks(rects, near):
            pins = [rects[k] for k in block if out[k].locked]
            x0, y0, x1, y1 = box_of([rects[k] for k in block])
            if len(block) < 2 or not pins or max(x1 - x0, y1 - y0) <= longest:
                continue
            gone |= {
                k
                for k in block
                if not out[k].locked and any(rect_gap(rects[k], p) < near for p in pins)
            }
        if not gone:
            return out
        out = [s for k, s in enumerate(out) if k not in gone]


def _grid_box(stand: Stand, g: float) -> Rect:
    """A stand's bounding box in grid units (x, y, width, depth)."""
    x0, y0, x1, y1 = stand.rect.bounds
    return (round(x0 / g), round(y0 / g), round((x1 - x0) / g), round((y1 - y0) / g))


def _pavilions(event: Event) -> dict[str, list[str]]:
    """Each pavilion's members (request ids), in the event's order."""
    out: dict[str, list[str]] = {}
    for r in event.requests:
        if r.pavilion:
            out.setdefault(r.pavilion, []).append(r.id)
    return out


def _whole_pavilions(
    event: Event, keep: dict[str, list[Stand]], missing: set[str]
) -> dict[str, list[Stand]]:
    """`keep` without the unlocked members of pavilions that are not kept whole, in one
    hall, each member within an aisle of a fellow (CONTRACT.md rule 8): such a
    pavilion is placed again as a whole, as a new one would be. Whole means every member
    the baseline placed (`missing`: those it left out, which `held_out` keeps out). A
    member placed alone beside kept fellows would be packed with no regard to them (a
    changed member was set aside at 7 m from its pavilion); a layout made when floorplan
    read the rule as two aisles has members farther apart (Hong Kong's ASEAN pavilion had
    one 4.5 m from the rest), and kept they would fail the proof. Locked members stay
    where the planner put them."""
    reach = event.rules.aisle_width_m
    pavilion_of = {r.id: r.pavilion for r in event.requests if r.pavilion}
    kept = {s.request_id: s for stands in keep.values() for s in stands}
    broken = set()
    for pav, ids in _pavilions(event).items():
        stands = [kept[rid] for rid in ids if rid in kept]
        stood = [rid for rid in ids if rid not in missing]
        whole = len(stands) == len(stood) and len({s.hall for s in stands}) <= 1
        apart = len(stands) > 1 and any(
            min(s.rect.distance(o.rect) for o in stands if o is not s) > reach + EPS for s in stands
        )
        if not whole or apart:
            broken.add(pav)
    return {
        hall_id: [s for s in stands if s.locked or pavilion_of.get(s.request_id) not in broken]
        for hall_id, stands in keep.items()
    }


__all__ = [
    "fill_holes",
    "held_out",
    "kept_stands",
    "left_out",
    "still_fits",
    "waiting_list",
]
