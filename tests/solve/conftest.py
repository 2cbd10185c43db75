"""Small events built in code, so each solver test states its halls and requests in a few lines.

Halls are rectangles (or an L) with an entrance in the middle of the south
wall and an exit in the middle of the north wall unless a test says
otherwise. Solves use a short time limit and two workers: each takes one to
four seconds on the shared two-core machine, and the whole folder has to
stay under two minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from shapely import box

from floorplan.model import Event, Exit, Hall, KeepOut, Layout, Request, Rules, Stand, Venue
from floorplan.solve import Result, solve
from floorplan.solve.output import stand_of
from floorplan.solve.pack import Placed
from floorplan.solve.problem import HallProblem
from floorplan.solve.reasons import largest_slot
from floorplan.validate import validate

Point = tuple[float, float]
ExitSpec = tuple[str, Point, float, str]

TIME_LIMIT_S = 60.0
"""Far beyond the work of these small events: the limit is an emergency stop, and a test's
verdict must not depend on whether a busy machine reaches it."""
WORKERS = 2


def default_exits(width: float, depth: float) -> tuple[ExitSpec, ...]:
    return (
        ("E1", (width / 2, 0.0), 4.0, "entrance"),
        ("E2", (width / 2, depth), 2.4, "exit"),
    )


def rect_hall(
    hall_id: str = "h1",
    width: float = 40.0,
    depth: float = 30.0,
    *,
    exits: Sequence[ExitSpec] | None = None,
    columns: Sequence[tuple[float, float, float, float]] = (),
    keep_out: Sequence[Sequence[Point]] = (),
    floor_load: float | None = None,
    ceiling: float | None = None,
) -> Hall:
    return make_hall(
        hall_id,
        [(0.0, 0.0), (width, 0.0), (width, depth), (0.0, depth)],
        exits if exits is not None else default_exits(width, depth),
        columns=columns,
        keep_out=keep_out,
        floor_load=floor_load,
        ceiling=ceiling,
    )


def l_hall(
    hall_id: str = "hl", columns: Sequence[tuple[float, float, float, float]] = ((12, 12, 1, 1),)
) -> Hall:
    """50 x 40 m with the north-east 20 x 15 m quarter cut away.

    y=40 +----------+
         |          |        (30, 25) inner corner
         |          +-----+ y=25
         |                |
    y=0  +------E1--------+ x=50
    """
    outline = [(0.0, 0.0), (50.0, 0.0), (50.0, 25.0), (30.0, 25.0), (30.0, 40.0), (0.0, 40.0)]
    exits = (("E1", (25.0, 0.0), 4.0, "entrance"), ("E2", (15.0, 40.0), 2.4, "exit"))
    return make_hall(hall_id, outline, exits, columns=columns)


def make_hall(
    hall_id: str,
    outline: Sequence[Point],
    exits: Sequence[ExitSpec],
    *,
    columns: Sequence[tuple[float, float, float, float]] = (),
    keep_out: Sequence[Sequence[Point]] = (),
    floor_load: float | None = None,
    ceiling: float | None = None,
) -> Hall:
    return Hall(
        id=hall_id,
        outline=list(outline),
        exits=[
            Exit(id=i, at=at, width=w, kind="entrance" if kind == "entrance" else "exit")
            for i, at, w, kind in exits
        ],
        columns=list(columns),
        keep_out=[KeepOut(polygon=list(p), reason="hose reel") for p in keep_out],
        floor_load_kn_m2=floor_load,
        ceiling_height_m=ceiling,
    )


def req(rid: str, area: float, **kw: Any) -> Request:
    return Request(id=rid, name=f"Exhibitor {rid}", area_m2=area, **kw)


def make_event(halls: Sequence[Hall], requests: Iterable[Request], **rules: Any) -> Event:
    return Event(
        name="solver test event",
        venue=Venue(id="test-venue", halls=list(halls)),
        halls=tuple(h.id for h in halls),
        requests=tuple(requests),
        rules=Rules(**rules),
    )


def quick_solve(
    event: Event, *, time_limit_s: float = TIME_LIMIT_S, seed: int = 0, workers: int = WORKERS
) -> Result:
    return solve(event, time_limit_s=time_limit_s, seed=seed, workers=workers)


def stands_of(placed: Iterable[Placed], p: HallProblem) -> list[Stand]:
    """The solver's stands as layout stands, for the validator to prove."""
    return [stand_of(pl, p) for pl in placed]


def stands_by_id(layout: Layout) -> dict[str, Stand]:
    return {s.request_id: s for s in layout.stands}


def reasons_by_id(layout: Layout) -> dict[str, str]:
    return {u.request_id: u.reason for u in layout.unplaced}


def gap(a: Stand, b: Stand) -> float:
    """Shortest distance between two stands' rectangles (0 when they touch)."""
    return float(a.rect.distance(b.rect))


def grid_rect(x: int, y: int, w: int, d: int, g: float) -> Any:
    """A box in grid units as a Shapely polygon in metres."""
    return box(x * g, y * g, (x + w) * g, (y + d) * g)


def checked(event: Event, **kw: Any) -> Result:
    """Solve and hold the pipeline to its promises: valid, every request exactly once, every
    unplaced request with a reason."""
    result = quick_solve(event, **kw)
    assert result.violations == []
    report = validate(event, result.layout)
    assert report.valid, report.to_text()
    ids = [s.request_id for s in result.layout.stands] + [
        u.request_id for u in result.layout.unplaced
    ]
    assert sorted(ids) == sorted(r.id for r in event.requests), "a request lost or doubled"
    assert all(u.reason.strip() for u in result.layout.unplaced)
    return result


def largest_free(*args: Any, **kw: Any) -> tuple[float, float]:
    """The largest free slot's sides in metres (`reasons.largest_slot`), (0, 0) for none."""
    slot = largest_slot(*args, **kw)
    return (0.0, 0.0) if slot is None else (slot.length, slot.depth)
