"""Tier order after placement: same slots, higher tiers nearer the entrance, still valid."""

from __future__ import annotations

from floorplan.model import Layout, Stand
from floorplan.solve.fairness import tier_order
from floorplan.validate import validate

from .conftest import make_event, rect_hall, req


def _row_event_and_layout() -> tuple[object, Layout]:
    # One wall row along the north wall, entrance in the south wall's middle.
    hall = rect_hall("h1", 40, 30)
    tiers = [0, 0, 3, 1, 2, 0]
    requests = [req(f"r{k}", 18, booth_type="inline", tier=t) for k, t in enumerate(tiers)]
    stands = [
        Stand(
            request_id=f"r{k}",
            hall="h1",
            x=5.0 + 6 * k,
            y=15.0,
            width=6.0,
            depth=3.0,
            booth_type="inline",
            number=f"1A{k:02d}",
        )
        for k in range(len(tiers))
    ]
    event = make_event([hall], requests)
    return event, Layout(event=event.name, stands=stands)


def test_a_row_is_reordered_by_tier_towards_the_entrance_and_stays_valid() -> None:
    event, layout = _row_event_and_layout()
    traded = tier_order(event, layout.stands, set())  # type: ignore[arg-type]
    x = {s.request_id: s.x for s in traded}
    # Interior stands only (the ends may be corners): r1..r4, tiers 0, 3, 1, 2.
    assert {s.request_id: s.x for s in traded if s.request_id in ("r0", "r5")} == {
        "r0": 5.0,
        "r5": 35.0,
    }
    by_distance = sorted(("r1", "r2", "r3", "r4"), key=lambda r: abs(x[r] + 3 - 20))
    assert by_distance[0] == "r2"  # tier 3 takes the slot nearest the entrance at x = 20
    assert sorted(s.number for s in traded) == sorted(s.number for s in layout.stands)
    assert (
        validate(event, layout.model_copy(update={"stands": traded})).valid
        == validate(event, layout).valid
    )  # type: ignore[arg-type]


def test_pinned_stands_never_move() -> None:
    event, layout = _row_event_and_layout()
    traded = tier_order(event, layout.stands, {"r3"})  # type: ignore[arg-type]
    before = next(s for s in layout.stands if s.request_id == "r3")
    assert next(s for s in traded if s.request_id == "r3") == before
