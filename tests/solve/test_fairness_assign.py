"""`tau_b` and `assign_tiers`: the fairness score of every candidate, and the final re-seating.

`tau_b` is the solver's vectorised copy of the validator's Kendall tau-b;
they must agree or the solver optimises a different number from the one the
report shows. `assign_tiers` may only trade slots: each request keeps a slot
it fits, pinned stands stay, and the trade never makes the tier order worse.
Slots here are hand-made `Placed` records; nearness is "higher is nearer".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from floorplan.model import Request
from floorplan.solve.fairness import assign_tiers, tau_b
from floorplan.solve.pack import Placed
from floorplan.validate.metrics import kendall_tau_b

from .conftest import req


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 4), st.integers(-20, 20).map(lambda v: v / 4)),
        min_size=0,
        max_size=25,
    )
)
def test_tau_b_matches_the_validators_kendall_tau_b(pairs: list[tuple[int, float]]) -> None:
    xs = [float(x) for x, _ in pairs]
    ys = [y for _, y in pairs]
    ours = tau_b(xs, ys)
    theirs = kendall_tau_b(xs, ys)
    if theirs is None:
        assert ours is None
    else:
        assert ours == pytest.approx(theirs, abs=1e-12)


def test_tau_b_of_a_perfect_order_is_one() -> None:
    assert tau_b([0, 1, 2, 3], [1.0, 2.0, 3.0, 4.0]) == pytest.approx(1.0)
    assert tau_b([0, 1, 2, 3], [4.0, 3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    assert tau_b([1, 1, 1], [1.0, 2.0, 3.0]) is None


# ---------------------------------------------------------------- assign_tiers


def slot(r: Request, x: int, segment: int = 0, open_sides: int = 1) -> Placed:
    return Placed(r, (x, 0, 6, 6), open_sides, segment)


def nearness(pl: Placed) -> float:
    """Slots nearer x = 0 are nearer the entrance."""
    return -float(pl.rect[0])


def movable(pl: Placed) -> bool:
    return pl.segment >= 0


def anything(_r: Request, _pl: Placed) -> bool:
    return True


def objective(placed: list[Placed], movable_: Callable[[Placed], bool] = movable) -> float:
    """Tier times nearness rank over the movable slots: what assign_tiers maximises."""
    slots = [pl for pl in placed if movable_(pl)]
    near = np.array([nearness(pl) for pl in slots])
    rank = np.argsort(np.argsort(near, kind="stable"), kind="stable")
    return float(sum(pl.request.tier * rk for pl, rk in zip(slots, rank, strict=True)))


def test_higher_tiers_take_the_nearer_slots_when_tiers_are_two_apart() -> None:
    """Tiers 0, 2, 4, 6 seated far-to-near backwards end up exactly reversed."""
    reqs = [req(f"t{t}", 36.0, tier=t) for t in (0, 2, 4, 6)]
    placed = [slot(r, 10 * i) for i, r in enumerate(reqs)]  # tier 0 nearest
    out = assign_tiers(placed, nearness, movable, anything)
    by_x = sorted(out, key=lambda pl: pl.rect[0])
    assert [pl.request.tier for pl in by_x] == [6, 4, 2, 0]


def test_higher_tiers_take_the_nearer_slots_when_everyone_fits_everywhere() -> None:
    """Tiers 0..3 seated far-to-near backwards end up with tier 3 nearest."""
    reqs = [req(f"t{t}", 36.0, tier=t) for t in range(4)]
    placed = [slot(r, 10 * i) for i, r in enumerate(reqs)]  # tier 0 nearest
    out = assign_tiers(placed, nearness, movable, anything)
    by_x = sorted(out, key=lambda pl: pl.rect[0])
    assert [pl.request.tier for pl in by_x] == [3, 2, 1, 0]
    assert sorted(pl.rect for pl in out) == sorted(pl.rect for pl in placed)


def test_a_request_never_takes_a_slot_it_does_not_fit() -> None:
    """The top tier does not fit the nearest slot (say too few open sides): the next one does."""
    top = req("top", 36.0, tier=3)
    mid = req("mid", 36.0, tier=2)
    low = req("low", 36.0, tier=0)
    placed = [slot(low, 0), slot(mid, 10), slot(top, 20)]

    def fits(r: Request, pl: Placed) -> bool:
        return not (r.id == "top" and pl.rect[0] == 0)

    out = assign_tiers(placed, nearness, movable, fits)
    where = {pl.request.id: pl.rect[0] for pl in out}
    assert where["top"] != 0
    assert where == {"mid": 0, "top": 10, "low": 20}


def test_unmovable_slots_keep_their_requests() -> None:
    """A pinned low tier at the front stays; the others trade among themselves."""
    pinned = req("pinned", 36.0, tier=0)
    a, b = req("a", 36.0, tier=0), req("b", 36.0, tier=5)
    placed = [slot(pinned, 0, segment=-1), slot(a, 10), slot(b, 20)]
    out = assign_tiers(placed, nearness, movable, anything)
    assert out[0] == placed[0]
    assert {pl.request.id: pl.rect[0] for pl in out} == {"pinned": 0, "b": 10, "a": 20}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    tiers=st.lists(st.integers(0, 4), min_size=0, max_size=9),
    data=st.data(),
)
def test_assign_tiers_only_trades_slots_and_never_lowers_the_objective(
    tiers: list[int], data: st.DataObject
) -> None:
    n = len(tiers)
    reqs = [req(f"r{i}", 36.0, tier=t) for i, t in enumerate(tiers)]
    xs = data.draw(st.permutations(range(n)))
    pinned = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    refuse = data.draw(st.sets(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=30))
    placed = [
        slot(r, 10 * x, segment=-1 if pin else 0)
        for r, x, pin in zip(reqs, xs, pinned, strict=True)
    ]
    index = {r.id: i for i, r in enumerate(reqs)}
    slot_of = {pl.rect: j for j, pl in enumerate(placed)}

    def fits(r: Request, pl: Placed) -> bool:
        return (index[r.id], slot_of[pl.rect]) not in refuse

    out = assign_tiers(placed, nearness, movable, fits)
    assert len(out) == n
    assert sorted(pl.request.id for pl in out) == sorted(r.id for r in reqs), "each seated once"
    for before, after in zip(placed, out, strict=True):
        assert after.rect == before.rect and after.open_sides == before.open_sides
        assert after.segment == before.segment
        if not movable(before):
            assert after.request == before.request, "an unmovable slot changed hands"
        elif after.request != before.request:
            assert fits(after.request, before), "a request took a slot it does not fit"
    assert objective(out) >= objective(placed)
