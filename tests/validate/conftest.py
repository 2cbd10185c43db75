"""Small hand-made events and layouts, built in code so no data file can change them.

Besides the block, `slot_case`, `corner_case`, `island_case`, `row_case` and
`deep_case` build the geometric traps (a 2.9 m gap, an enclosed aisle, a
corner-only contact, an island against a column, a walk around a row, a deep
stand) each in a broken and a repaired form.

`block_case()` is the workhorse: a 40 x 24 m hall with a block of two
back-to-back rows of four 6 x 4 m stands in the middle, aisles all round, a
column in the south aisle and a hose reel on the east wall. It is valid; each
rule test changes one thing and expects exactly one rule to fire.

    y=24 +-----------------E2------------------+
         |                                     |
         |        n1    n2    n3    n4         |   rows: y 8..12 (s) and 12..16 (n)
        E3        s1    s2    s3    s4        E4   x 8..32, 6 m per stand
         |   #                                 |   # column at (10, 3)
    y=0  +-----------------E1------------------+
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from floorplan.model import (
    Event,
    Exit,
    Hall,
    KeepOut,
    Layout,
    Request,
    Rules,
    Stand,
    Unplaced,
    Venue,
)
from floorplan.validate import Report, validate

Point = tuple[float, float]


def make_hall(
    hall_id: str = "h1",
    width: float = 40.0,
    depth: float = 24.0,
    exits: Sequence[tuple[str, Point, float, str]] = (),
    columns: Sequence[tuple[float, float, float, float]] = (),
    keep_out: Sequence[Sequence[Point]] = (),
    outline: Sequence[Point] | None = None,
    **extra: Any,
) -> Hall:
    return Hall(
        id=hall_id,
        outline=list(outline or [(0, 0), (width, 0), (width, depth), (0, depth)]),
        exits=[Exit(id=i, at=at, width=w, kind=kind) for i, at, w, kind in exits],  # type: ignore[arg-type]
        columns=list(columns),
        keep_out=[KeepOut(polygon=list(p), reason="hose reel") for p in keep_out],
        **extra,
    )


def make_event(halls: Sequence[Hall], requests: Iterable[Request], **rules: Any) -> Event:
    return Event(
        name="test event",
        venue=Venue(id="test-venue", halls=list(halls)),
        halls=tuple(h.id for h in halls),
        requests=tuple(requests),
        rules=Rules(**rules),
    )


def req(rid: str, area: float, **kw: Any) -> Request:
    return Request(id=rid, name=f"Exhibitor {rid}", area_m2=area, **kw)


def stand(rid: str, x: float, y: float, w: float, d: float, hall: str = "h1", **kw: Any) -> Stand:
    return Stand(request_id=rid, hall=hall, x=x, y=y, width=w, depth=d, **kw)


def make_layout(stands: Iterable[Stand], unplaced: Iterable[tuple[str, str]] = ()) -> Layout:
    return Layout(
        event="test event",
        stands=list(stands),
        unplaced=[Unplaced(request_id=r, reason=why) for r, why in unplaced],
    )


def rules_of(report: Report) -> set[str]:
    return {v.rule for v in report.violations}


@dataclass
class Case:
    """An event with a layout given as a dict of stands, easy to edit one stand at a time."""

    event: Event
    stands: dict[str, Stand]
    unplaced: list[tuple[str, str]]

    def layout(self) -> Layout:
        return make_layout(self.stands.values(), self.unplaced)

    def check(self) -> Report:
        return validate(self.event, self.layout())

    def moved(self, rid: str, **changes: Any) -> Case:
        stands = dict(self.stands)
        stands[rid] = stands[rid].model_copy(update=changes)
        return Case(self.event, stands, list(self.unplaced))

    def with_event(self, event: Event) -> Case:
        return Case(event, dict(self.stands), list(self.unplaced))


BLOCK_EXITS = (
    ("E1", (20.0, 0.0), 4.0, "entrance"),
    ("E2", (20.0, 24.0), 2.4, "exit"),
    ("E3", (0.0, 12.0), 2.4, "exit"),
    ("E4", (40.0, 12.0), 2.4, "exit"),
)


def block_hall(**extra: Any) -> Hall:
    return make_hall(
        exits=BLOCK_EXITS,
        columns=[(10.0, 3.0, 1.0, 1.0)],
        keep_out=[[(39.0, 20.0), (40.0, 20.0), (40.0, 22.0), (39.0, 22.0)]],
        floor_load_kn_m2=10,
        ceiling_height_m=8,
        **extra,
    )


def block_requests(**overrides: dict[str, Any]) -> list[Request]:
    out = []
    for row in ("s", "n"):
        for k in range(1, 5):
            rid = f"{row}{k}"
            kw: dict[str, Any] = {"area_m2": 24.0, "booth_type": "inline", "tier": 4 - k}
            kw.update(overrides.get(rid, {}))
            out.append(Request(id=rid, name=f"Exhibitor {rid}", **kw))
    out.append(req("late", 30.0))
    return out


def block_stands() -> dict[str, Stand]:
    out = {}
    for k in range(1, 5):
        x = 8.0 + 6.0 * (k - 1)
        out[f"s{k}"] = stand(f"s{k}", x, 8.0, 6.0, 4.0)
        out[f"n{k}"] = stand(f"n{k}", x, 12.0, 6.0, 4.0)
    return out


def block_case(
    requests: list[Request] | None = None, halls: Sequence[Hall] = (), **rules: Any
) -> Case:
    event = make_event(halls or [block_hall()], requests or block_requests(), **rules)
    return Case(event, block_stands(), [("late", "applied after the deadline")])


# -- a slot hall: stand X at the far end, reachable only through a gap in a row --------------
#
#   y=30 +------------+
#        |     X      |   X: 12 x 4 against the north wall
#   y=26 |............|   aisle y 23..26, exactly 3 m, walls at both ends
#        | Y1 | gap | Y2
#   y=19 |            |
#        |            |
#   y=0  +----E1------+


def slot_case(y1: tuple[float, float, float, float], y2: tuple[float, float, float, float]) -> Case:
    hall = make_hall(width=12.0, depth=30.0, exits=[("E1", (6.0, 0.0), 3.0, "entrance")])
    requests = [req("X", 48.0, booth_type="inline"), req("Y1", 23.0), req("Y2", 23.0)]
    event = make_event([hall], requests, grid_m=0.1)
    stands = {
        "X": stand("X", 0.0, 26.0, 12.0, 4.0),
        "Y1": stand("Y1", *y1),
        "Y2": stand("Y2", *y2),
    }
    return Case(event, stands, [])


SLOT_OPEN = ((0.0, 18.0, 4.5, 5.0), (7.5, 18.0, 4.5, 5.0))
"""Gap of exactly 3 m between Y1 and Y2: X is reachable."""


def corner_case(east_x: float) -> Case:
    hall = make_hall(
        width=30.0,
        depth=20.0,
        exits=[("E1", (15.0, 0.0), 4.0, "entrance"), ("E2", (30.0, 10.0), 2.4, "exit")],
    )
    requests = [req("X", 16.0), req("S", 16.0, booth_type="inline"), req("E", 16.0)]
    event = make_event([hall], requests)
    stands = {
        "X": stand("X", 0.0, 16.0, 4.0, 4.0),  # north-west corner of the hall
        "S": stand("S", 0.0, 12.0, 4.0, 4.0),  # below X
        "E": stand("E", east_x, 16.0, 4.0, 4.0),  # east of X
    }
    return Case(event, stands, [])


def island_case(x: float) -> Case:
    hall = make_hall(
        width=40.0,
        depth=30.0,
        exits=[("E1", (20.0, 0.0), 4.0, "entrance"), ("E2", (20.0, 30.0), 2.4, "exit")],
        columns=[(22.0, 14.0, 1.0, 1.0)],
    )
    event = make_event([hall], [req("I", 36.0, booth_type="island")])
    return Case(event, {"I": stand("I", x, 12.0, 6.0, 6.0)}, [])


# -- travel: short in a straight line, long around a row ---------------------------------------
#
#   y=20 +X----------------------------------------------------------+
#        |                                                           |   X: 6 x 4 in the corner
#   y=12 |r1 r2 r3 r4 r5 r6 r7 r8 (row of 6 x 4 stands, x 0..48)       |
#   y=8  |                                                           |
#   y=0  +---E1------------------------------------------------------+   E1 at x 3..7


def row_case(r2_x: float) -> Case:
    hall = make_hall(width=60.0, depth=20.0, exits=[("E1", (5.0, 0.0), 4.0, "entrance")])
    requests = [req("X", 24.0), *(req(f"r{k}", 24.0, booth_type="inline") for k in range(1, 9))]
    # The row is long on purpose (the detour round it is the point), so C10 allows it.
    event = make_event([hall], requests, max_row_m=48.0)
    stands = {"X": stand("X", 0.0, 16.0, 6.0, 4.0)}
    for k in range(1, 9):
        stands[f"r{k}"] = stand(f"r{k}", 6.0 * (k - 1), 8.0, 6.0, 4.0)
    stands["r2"] = stand("r2", r2_x, 8.0, 6.0, 4.0)
    return Case(event, stands, [])


def deep_case(x: float, y: float) -> Case:
    hall = make_hall(
        width=40.0,
        depth=30.0,
        exits=[("E1", (30.0, 0.0), 4.0, "entrance"), ("E2", (40.0, 20.0), 2.4, "exit")],
    )
    event = make_event([hall], [req("D", 144.0)], max_to_aisle_m=10.0)
    return Case(event, {"D": stand("D", x, y, 12.0, 12.0)}, [])
