"""`order_rows`: stands side by side in a row re-ordered by tier, nearest the entrance first.

A run of touching stands of one depth covers one rectangle whatever its order,
so re-ordering it changes nobody else's aisles; each stand keeps its own size,
and the hall's tau-b only ever rises. Nearness here is "higher is nearer":
minus the distance of the stand's centre from x = 0.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from floorplan.solve.fairness import order_rows, runs, tau_b
from floorplan.solve.pack import Placed

from .conftest import req


def _near(pl: Placed) -> float:
    x, y, w, d = pl.rect
    return -(x + w / 2) - 0.001 * (y + d / 2)


def _row(widths: list[int], tiers: list[int], y: int = 0, depth: int = 6) -> list[Placed]:
    out, x = [], 0
    for k, (w, t) in enumerate(zip(widths, tiers, strict=True)):
        out.append(Placed(req(f"s{y}_{k}", w * depth / 4, tier=t), (x, y, w, depth), 1, 0))
        x += w
    return out


def _always(pl: Placed) -> bool:
    return True


def test_the_highest_tier_takes_the_rows_end_nearest_the_entrance() -> None:
    row = _row([6, 12, 8], [0, 2, 1])
    out = order_rows(row, _near, _always, lambda moved: True)
    by_id = {pl.request.id: pl.rect for pl in out}
    assert by_id == {"s0_1": (0, 0, 12, 6), "s0_2": (12, 0, 8, 6), "s0_0": (20, 0, 6, 6)}


def test_a_row_whose_stands_would_lose_their_walk_stays_as_it_is() -> None:
    row = _row([6, 12, 8], [0, 2, 1])
    assert order_rows(row, _near, _always, lambda moved: False) == row


def test_a_stand_that_may_not_move_splits_the_row() -> None:
    row = _row([6, 12, 8, 4], [0, 2, 1, 2])
    pinned = row[1].request.id
    out = order_rows(row, _near, lambda pl: pl.request.id != pinned, lambda moved: True)
    assert out[1] == row[1]  # the pinned stand and the one before it stay
    assert out[0] == row[0]
    assert {pl.request.id: pl.rect[0] for pl in out[2:]} == {"s0_3": 18, "s0_2": 22}


def test_stands_not_touching_are_not_one_run() -> None:
    a = Placed(req("a", 9), (0, 0, 6, 6), 2, 0)
    b = Placed(req("b", 9), (7, 0, 6, 6), 2, 0)
    c = Placed(req("c", 9), (13, 0, 6, 6), 2, 0)
    assert runs([a, b, c], _always, 0) == [[1, 2]]


rows_ = st.lists(
    st.tuples(
        st.lists(st.integers(2, 12), min_size=1, max_size=6),
        st.lists(st.integers(0, 3), min_size=6, max_size=6),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(rows_)
def test_rows_cover_the_same_floor_keep_each_size_and_only_get_fairer(
    spec: list[tuple[list[int], list[int]]],
) -> None:
    placed = [
        pl
        for k, (widths, tiers) in enumerate(spec)
        for pl in _row(widths, tiers[: len(widths)], y=10 * k)
    ]
    out = order_rows(placed, _near, _always, lambda moved: True)
    assert sorted(pl.request.id for pl in out) == sorted(pl.request.id for pl in placed)

    def cells(ps: list[Placed]) -> set[tuple[int, int]]:
        return {
            (i, j)
            for pl in ps
            for i in range(pl.rect[0], pl.rect[0] + pl.rect[2])
            for j in range(pl.rect[1], pl.rect[1] + pl.rect[3])
        }

    assert cells(out) == cells(placed)
    assert sum(pl.rect[2] * pl.rect[3] for pl in out) == len(cells(out))  # no overlap
    sizes = {pl.request.id: pl.rect[2:] for pl in placed}
    assert all(pl.rect[2:] == sizes[pl.request.id] for pl in out)
    before = tau_b([pl.request.tier for pl in placed], [_near(pl) for pl in placed])
    after = tau_b([pl.request.tier for pl in out], [_near(pl) for pl in out])
    if before is not None and after is not None:
        assert after >= before
