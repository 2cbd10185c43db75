"""`swap_blocks`: whole blocks of one size trade their stands so that higher tiers stand
nearer the entrance. Nearness here is "higher is nearer": minus the distance of a stand's
centre from x = 0. Grid units; blocks are stands closer than 10 units."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from floorplan.solve.fairness import _concordance, swap_blocks, tau_b
from floorplan.solve.pack import Placed
from floorplan.solve.problem import Rect

from .conftest import req

NEAR = 10


def _near(rect: Rect) -> float:
    x, y, w, d = rect
    return -(x + w / 2) - 0.001 * (y + d / 2)


def _always(pl: Placed) -> bool:
    return True


def _as_is(moved: list[Placed]) -> list[Placed]:
    return moved


def _stand(name: str, rect: Rect, tier: int) -> Placed:
    return Placed(req(name, rect[2] * rect[3] / 4, tier=tier), rect, 1, 0)


def _hall() -> list[Placed]:
    """Near the entrance, a block of two small stands of tier 0; far from it, one stand of
    tier 2 the size of both (no slot trade can seat it nearer); between them, one more."""
    return [
        _stand("a", (0, 0, 6, 6), 0),
        _stand("b", (6, 0, 6, 6), 0),
        _stand("mid", (40, 0, 12, 6), 1),
        _stand("big", (80, 0, 12, 6), 2),
    ]


def _tau(placed: list[Placed]) -> float:
    tau = tau_b([pl.request.tier for pl in placed], [_near(pl.rect) for pl in placed])
    assert tau is not None
    return tau


def test_the_higher_tier_block_takes_the_nearer_place() -> None:
    out = swap_blocks(_hall(), _near, _always, NEAR, _as_is, 3)
    at = {pl.request.id: pl.rect for pl in out}
    assert at["big"] == (0, 0, 12, 6)
    assert {at["a"], at["b"]} == {(80, 0, 6, 6), (86, 0, 6, 6)}
    assert at["mid"] == (40, 0, 12, 6)  # three passes of trades: every tier in its order
    assert _tau(out) > _tau(_hall())


def test_a_trade_a_stand_could_not_take_is_not_made() -> None:
    def never(moved: list[Placed]) -> None:
        return None

    assert swap_blocks(_hall(), _near, _always, NEAR, never, 3) == _hall()


def test_a_block_that_does_not_cover_its_box_is_not_traded() -> None:
    """Two stands 2 units apart are one block whose box they do not cover: moving them
    would move floor the walk crosses."""
    hall = _hall()
    hall[1] = _stand("b", (8, 0, 4, 6), 0)
    out = swap_blocks(hall, _near, _always, NEAR, _as_is, 3)
    at = {pl.request.id: pl.rect for pl in out}
    assert (at["a"], at["b"]) == ((0, 0, 6, 6), (8, 0, 4, 6))
    assert at["big"] == (40, 0, 12, 6)  # the two whole blocks of one size did trade


def test_stands_that_may_not_move_keep_their_block_in_place() -> None:
    def fixed_big(pl: Placed) -> bool:
        return pl.request.id != "big"

    out = swap_blocks(_hall(), _near, fixed_big, NEAR, _as_is, 3)
    assert {pl.request.id: pl.rect for pl in out}["big"] == (80, 0, 12, 6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from([(12, 6), (6, 6)])),
        min_size=3,
        max_size=12,
    )
)
def test_trades_keep_every_stand_s_size_the_floor_covered_and_never_lower_tau(
    blocks: list[tuple[int, int, tuple[int, int]]],
) -> None:
    """Blocks of one or two stands in a row, 20 units apart: whatever trades are made,
    each stand keeps its size, the floor covered is the same, and tau-b does not drop."""
    hall: list[Placed] = []
    for k, (t1, t2, (w, _)) in enumerate(blocks):
        x = 20 * k
        if w == 12:
            hall.append(_stand(f"s{k}", (x, 0, 12, 6), t1))
        else:
            hall += [_stand(f"s{k}a", (x, 0, 6, 6), t1), _stand(f"s{k}b", (x + 6, 0, 6, 6), t2)]
    if len({pl.request.tier for pl in hall}) < 2:
        return
    out = swap_blocks(hall, _near, _always, NEAR, _as_is, 3)
    assert sorted(pl.request.id for pl in out) == sorted(pl.request.id for pl in hall)
    assert all(o.rect[2:] == h.rect[2:] for o, h in zip(out, hall, strict=True))
    cells = {
        (x + i, y + j)
        for x, y, w, d in (pl.rect for pl in hall)
        for i in range(w)
        for j in range(d)
    }
    moved = {
        (x + i, y + j) for x, y, w, d in (pl.rect for pl in out) for i in range(w) for j in range(d)
    }
    assert cells == moved
    assert _tau(out) >= _tau(hall) - 1e-9


@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(-6, 6)), min_size=2, max_size=12),
    st.data(),
)
def test_the_pairs_a_trade_changes_are_counted_as_the_whole_hall_counts_them(
    stands: list[tuple[int, int]], data: st.DataObject
) -> None:
    """`_concordance` counts only the pairs that involve the moved stands; the change it
    gives for a move is the change in the whole hall's concordant less discordant pairs
    (tau-b's numerator), ties (equal tiers, equal nearness) counting as neither."""
    tiers = np.array([t for t, _ in stands], dtype=float)
    near = np.array([n for _, n in stands], dtype=float)
    moved = data.draw(st.lists(st.sampled_from(range(len(stands))), min_size=1, unique=True))
    at = np.array(data.draw(st.lists(st.integers(-6, 6), min_size=len(moved), max_size=len(moved))))

    def whole(nearness: np.ndarray) -> int:
        n = len(tiers)
        return sum(
            int(np.sign(tiers[i] - tiers[j]) * np.sign(nearness[i] - nearness[j]))
            for i in range(n)
            for j in range(i + 1, n)
        )

    after = near.copy()
    after[moved] = at
    gain = _concordance(tiers, near, moved, at) - _concordance(tiers, near, moved, near[moved])
    assert gain == whole(after) - whole(near)
