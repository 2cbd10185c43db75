"""Metrics: Kendall's tau-b, proximity to entrances, and the fairness figure."""

from __future__ import annotations

import pytest

from floorplan.validate.metrics import fairness, kendall_tau_b, proximity

from .conftest import block_case, block_requests, make_hall


@pytest.mark.parametrize(
    ("xs", "ys", "expected"),
    [
        ([1, 2, 3, 4], [1, 2, 3, 4], 1.0),
        ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
        ([1, 2, 3, 4], [1, 3, 2, 4], 4 / 6),  # 5 concordant, 1 discordant pair
        # ties: pairs (1,2) tied in x; tau-b = (C - D) / sqrt((n0 - n1)(n0 - n2))
        ([1, 1, 2, 3], [1, 2, 3, 4], 5 / (5 * 6) ** 0.5),
        ([2, 2, 2], [1, 2, 3], None),
        ([1, 2, 3], [5, 5, 5], None),
        ([1], [1], None),
    ],
)
def test_kendall_tau_b(xs: list[float], ys: list[float], expected: float | None) -> None:
    tau = kendall_tau_b(xs, ys)
    if expected is None:
        assert tau is None
    else:
        assert tau == pytest.approx(expected)


def test_proximity_uses_entrances_when_the_hall_has_them() -> None:
    hall = make_hall(
        width=40.0,
        depth=20.0,
        exits=[("E1", (10.0, 0.0), 2.0, "entrance"), ("E2", (30.0, 0.0), 2.0, "exit")],
    )
    assert proximity(hall, [(10.0, 5.0), (30.0, 5.0)]) == [-5.0, pytest.approx(-19.6469, abs=1e-3)]
    no_entrance = make_hall(width=40.0, depth=20.0, exits=[("E2", (30.0, 0.0), 2.0, "exit")])
    assert proximity(no_entrance, [(30.0, 5.0)]) == [-5.0]


def test_fairness_is_a_stand_weighted_mean_of_defined_halls() -> None:
    assert fairness({"a": (1.0, 30), "b": (-1.0, 10), "c": (None, 50)}) == pytest.approx(0.5)
    assert fairness({"a": (None, 3)}) is None


def test_fairness_in_the_block_sees_tiers_by_distance_to_the_entrance() -> None:
    # E1 (x 18..22 on the south wall) is the entrance. Tiers by distance from it:
    near_first = {"s2": 3, "s3": 3, "s1": 1, "s4": 1, "n2": 2, "n3": 2, "n1": 0, "n4": 0}
    report = block_case(block_requests(**{k: {"tier": t} for k, t in near_first.items()})).check()
    assert report.metrics["fairness"] > 0.5
    far_first = {k: {"tier": 3 - t} for k, t in near_first.items()}
    assert block_case(block_requests(**far_first)).check().metrics["fairness"] < -0.5


def test_metrics_figures_of_the_block() -> None:
    m = block_case().check().metrics
    assert (m["placed"], m["requested"], m["unplaced"]) == (8, 9, 1)
    assert (m["placed_area_m2"], m["requested_area_m2"]) == (192.0, 222.0)
    assert m["net_to_gross"] == pytest.approx(192 / 960)
    assert m["halls"]["h1"]["net_to_gross"] == pytest.approx(0.2)
    assert m["open_sides"] == {
        "s1": 2,
        "s2": 1,
        "s3": 1,
        "s4": 2,
        "n1": 2,
        "n2": 1,
        "n3": 1,
        "n4": 2,
    }
    assert m["longest_travel_stand"] in m["travel_m"]
    assert m["longest_travel_m"] == max(m["travel_m"].values())
