"""The runner's pieces that need no solver: measuring a child, judging, the table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from benchmarks.baseline import baseline_layout
from benchmarks.run import (
    CASES,
    COLUMNS,
    Case,
    Run,
    Targets,
    layout_difference,
    measure,
    misses,
    row_cells,
    run_child,
    select,
    table_header,
    table_line,
)

from floorplan.io import load_event
from floorplan.model import Layout, Stand, Unplaced

SIMPLE = Path(__file__).parents[1] / "data" / "simple" / "event.yaml"


def test_peak_memory_is_that_of_each_child_not_the_largest_so_far() -> None:
    big = run_child(
        [sys.executable, "-c", "b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096])"], 60
    )
    small = run_child([sys.executable, "-c", "pass"], 60)
    assert big.exit_code == 0 and small.exit_code == 0
    assert big.peak_mib > 300
    # A forked child's peak includes its parent's pages before exec (pytest with
    # OR-Tools loaded: 120-170 MiB), so compare: a cumulative figure would be >= big's.
    assert small.peak_mib < big.peak_mib - 100


def test_a_child_over_its_time_is_killed() -> None:
    child = run_child([sys.executable, "-c", "import time; time.sleep(30)"], 0.5)
    assert child.timed_out and child.exit_code != 0 and child.wall_s < 30, (
        "killed before its sleep ended"
    )


def _case(**targets: object) -> Case:
    return Case("x", Path("x.yaml"), 60, Targets(**targets))  # type: ignore[arg-type]


def _run(**figures: object) -> Run:
    base = dict(
        case="x",
        method="floorplan",
        placed=10,
        requested=10,
        placed_m2=990.0,
        requested_m2=1000.0,
        net_to_gross=0.5,
        violations=0,
        fairness=0.8,
        aligned=0.9,
        deterministic=True,
        wall_s=30.0,
        peak_mib=500.0,
    )
    base.update(figures)
    return Run(**base)  # type: ignore[arg-type]


def test_a_run_meeting_every_target_passes() -> None:
    case = _case(all_placed=True, min_area_share=0.98, max_wall_s=60, max_peak_mib=4096)
    refs = {
        "baseline": _run(method="baseline", placed_m2=500.0, fairness=0.95),
        "shelf": _run(method="shelf", placed_m2=980.0, aligned=0.99),
    }
    assert misses(case, _run(), refs) == []


@pytest.mark.parametrize(
    ("targets", "figures", "expected"),
    [
        ({"all_placed": True}, {"placed": 9}, "placed 9/10"),
        ({"min_area_share": 0.995}, {}, "area 99.0%"),
        ({"min_net_to_gross": 0.55}, {}, "n/g 0.50"),
        ({"max_wall_s": 20}, {}, "wall 30s"),
        ({"max_peak_mib": 400}, {}, "peak 0.5GiB"),
        ({"reasons": True}, {"missing_reasons": 2}, "2 without reason"),
        ({}, {"violations": 3}, "3 violations"),
        ({}, {"violations": None}, "not validated"),
        ({}, {"fairness": 0.79}, "fairness 0.79"),
        ({}, {"fairness": None}, "fairness n/a"),
        ({}, {"aligned": 0.84}, "aligned 0.84"),
        ({}, {"aligned": None}, "aligned n/a"),
        ({}, {"deterministic": False}, "not deterministic"),
        ({}, {"deterministic": None}, "deterministic n/a"),
    ],
)
def test_each_missed_target_is_named(
    targets: dict[str, object], figures: dict[str, object], expected: str
) -> None:
    assert misses(_case(**targets), _run(**figures), None) == [expected]


def test_the_load_check_judges_determinism_only() -> None:
    case = _case(all_placed=True)
    same = _run(placed=3, fairness=0.1, same_as_idle=True)
    assert misses(case, same) == []
    differs = _run(placed=3, same_as_idle=False, differing=4, deterministic=False)
    assert misses(case, differs) == ["differs from idle run (4)", "not deterministic"]


def test_both_yardsticks_must_be_beaten_on_area() -> None:
    case = _case()
    refs = {
        "baseline": _run(method="baseline", placed_m2=2000.0),
        "shelf": _run(method="shelf", placed_m2=990.0),
    }
    assert misses(case, _run(), refs) == ["area <= baseline", "area <= shelf"]
    crashed = {"shelf": _run(method="shelf", placed_m2=5000.0, error="crashed")}
    assert misses(case, _run(), crashed) == []
    everything = _run(placed_m2=1000.0)
    assert misses(case, everything, {"shelf": _run(method="shelf", placed_m2=1000.0)}) == []


def test_table_rows_line_up_with_the_header() -> None:
    case = _case(all_placed=True)
    header = table_header()
    ours = table_line(row_cells(case, _run(), None, judged=True))
    base = table_line(row_cells(case, _run(method="baseline"), None, judged=False))
    assert len(header[0]) == len(header[1]) == len(ours) == len(base)
    assert ours.count("|") == len(COLUMNS) + 1
    assert "PASS" in ours and "all placed" in ours


def test_measure_counts_the_layout_itself() -> None:
    event = load_event(SIMPLE)
    layout = baseline_layout(event)
    run = measure("simple", "baseline", event, layout)
    assert run.placed == len(layout.stands) and run.requested == len(event.requests)
    served = sum(event.request_by_id[s.request_id].area_m2 for s in layout.stands)
    assert run.placed_m2 == pytest.approx(served)
    assert run.missing_reasons == 0
    assert sum(run.unplaced_reasons.values()) == len(layout.unplaced)


def test_cases_cover_the_issue_and_exist() -> None:
    names = [c.name for c in CASES]
    assert names == [
        "hk-auto-expo",
        "organiser-hall",
        "organiser-hall-plus",
        "organiser-columns",
        "l-hall",
        "two-halls-fine",
        "six-halls",
        "sixteen-halls",
        "tight-hall",
    ]
    assert all(c.event.exists() for c in CASES)
    limits = {c.name: c.time_limit_s for c in CASES}
    assert (limits["hk-auto-expo"], limits["organiser-hall"], limits["sixteen-halls"]) == (
        20,
        120,
        180,
    )
    assert [c.name for c in CASES if c.cli] == ["hk-auto-expo", "organiser-columns"]
    assert [c.name for c in select(["tight-hall,l-hall"])] == ["l-hall", "tight-hall"]
    with pytest.raises(SystemExit):
        select(["nope"])


def test_a_stand_within_tolerance_serves_its_whole_request() -> None:
    event = load_event(SIMPLE)
    big = event.request_by_id["big"]  # 120 m2, may be 108..132
    stand = Stand(request_id="big", hall="h1", x=5, y=5, width=12, depth=9)
    layout = Layout(
        event=event.name,
        stands=[stand],
        unplaced=[
            Unplaced(request_id=r.id, reason="test") for r in event.requests if r.id != "big"
        ],
    )
    run = measure("simple", "floorplan", event, layout)
    assert run.placed_m2 == big.area_m2
    gross = sum(h.gross_area for h in event.hall_models)
    assert run.net_to_gross == pytest.approx(108 / gross, abs=1e-4)


def test_layout_difference_ignores_only_the_wall_time(tmp_path: Path) -> None:
    stands = [{"request_id": f"s{i}", "x": i} for i in range(4)]
    base = {"stands": stands, "unplaced": [], "solver": {"wall_s": 1.0, "seed": 0}}
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(base))
    b.write_text(json.dumps({**base, "solver": {"wall_s": 9.0, "seed": 0}}))
    assert layout_difference(a, b) == 0
    moved = [*stands[:3], {"request_id": "s3", "x": 7}]
    b.write_text(json.dumps({**base, "stands": moved}))
    assert layout_difference(a, b) == 1
    b.write_text(json.dumps({**base, "solver": {"wall_s": 1.0, "seed": 1}}))
    assert layout_difference(a, b) == 1, "any other difference counts"


def test_the_fairness_ceiling_is_what_tau_b_allows_with_tied_tiers() -> None:
    """Two stands of tier 3 and two of tier 0 in one hall: 2 of 6 pairs are tied in tier, so
    even a perfect order reaches only sqrt(4/6) = 0.816; halls of one tier are left out."""
    from types import SimpleNamespace

    from benchmarks.run import fairness_ceiling

    tiers = {"a": 3, "b": 3, "c": 0, "d": 0, "e": 1}
    event = SimpleNamespace(request_by_id={k: SimpleNamespace(tier=t) for k, t in tiers.items()})
    stands = [SimpleNamespace(request_id=k, hall="h1") for k in "abcd"]
    stands.append(SimpleNamespace(request_id="e", hall="h2"))
    layout = SimpleNamespace(stands=stands)
    assert abs(fairness_ceiling(event, layout) - (4 / 6) ** 0.5) < 1e-9
