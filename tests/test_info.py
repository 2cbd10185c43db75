"""`floorplan info`: the figures a planner checks before solving, and the refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from floorplan.info import figures
from floorplan.io import load_event

SIMPLE_EVENT = Path(__file__).parent / "data" / "simple" / "event.yaml"
HEADER = (
    "id,name,area_m2,booth_type,tier,category,pavilion,hall,"
    "width_m,depth_m,floor_load_kn_m2,height_m,keep_apart"
)

Invoke = Callable[..., Result]


def test_figures_of_the_simple_event() -> None:
    f = figures(load_event(SIMPLE_EVENT))
    assert [h.hall for h in f.halls] == ["h1", "h2"]
    assert [h.gross_m2 for h in f.halls] == [1200.0, 600.0]
    # h1 loses a 1 x 1 m column and a 1.5 x 1 m hose-reel keep-out.
    assert [h.usable_m2 for h in f.halls] == pytest.approx([1197.5, 600.0])
    assert f.gross_m2 == 1800.0
    assert f.requested_m2 == 222.0
    assert f.requests == 7
    assert f.demand_ratio == pytest.approx(222 / 1800)
    assert dict(f.by_booth_type) == {
        "island": 1,
        "peninsula": 1,
        "corner": 1,
        "inline": 3,
        "any": 1,
    }
    assert dict(f.by_tier) == {3: 1, 2: 1, 1: 2, 0: 3}
    assert f.unhostable == []


def test_info_prints_the_figures(invoke: Invoke) -> None:
    result = invoke("info", SIMPLE_EVENT)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Simple test event"
    assert "Test venue" in lines[1]
    rows = {
        line.split()[0]: line.split()[1:]
        for line in lines
        if line.startswith(("h1", "h2", "total"))
    }
    assert rows["h1"] == ["1,200", "1,198", "0", "0.00"]
    assert rows["h2"] == ["600", "600", "0", "0.00"]
    assert rows["total"] == ["1,800", "1,798", "222", "0.12"]
    assert "requests: 7, requested 222 m2 = 12% of gross, 12% of usable" in lines
    assert "by booth type: island 1, peninsula 1, corner 1, inline 3, any 1" in lines
    assert "by tier: 3: 1, 2: 1, 1: 2, 0: 3" in lines
    assert "no hall can host" not in result.stdout


def test_required_hall_area_is_shown_per_hall(
    simple_dir: Path, invoke: Invoke, edit: Callable[[Path, str, str], None]
) -> None:
    edit(
        simple_dir / "exhibitors.csv",
        "c1,Chip Co,36,peninsula,2,chip,,,",
        "c1,Chip Co,36,peninsula,2,chip,,h2,",
    )
    result = invoke("info", simple_dir / "event.yaml")
    assert result.exit_code == 0, result.output
    h2 = next(line for line in result.stdout.splitlines() if line.startswith("h2"))
    assert h2.split()[3] == "36"


UNHOSTABLE = {
    # id: (CSV row after the header, reason fragment)
    "floor-load-too-high": (
        "heavy,Heavy Trucks,100,island,0,,,,,,20,,",
        "needs floor load 20 kN/m2, the strongest hall has 15",
    ),
    "ceiling-too-high": (
        "tall,Tall Rig,100,island,0,,,,,,,12,",
        "needs ceiling 12 m, the highest hall has 10 m",
    ),
    "too-big-for-every-hall": (
        "huge,Huge Pavilion,1500,,0,,,,,,,,",
        "h1 has 27 x 37 m inside the aisles its 1 open side(s) need",
    ),
    "required-hall-too-weak": (
        "cars,Car Show,100,island,0,,,h2,,,10,,",
        "needs floor load 10 kN/m2, h2 has 5",
    ),
    "required-hall-too-low": (
        "crane,Crane Co,100,,0,,,h2,,,,8,",
        "needs ceiling 8 m, h2 has 6 m",
    ),
    "required-hall-too-small": (
        "wide,Wide Co,600,,0,,,h2,,,,,",
        "h2 has 17 x 27 m inside the aisles its 1 open side(s) need",
    ),
    "area-below-min-side": (
        "tiny,Tiny Co,2,,0,,,,,,,,",
        "no rectangle of 2 m2 +/-10% has sides >= 3 m",
    ),
}


@pytest.mark.parametrize("row, reason", list(UNHOSTABLE.values()), ids=list(UNHOSTABLE))
def test_info_lists_requests_no_hall_can_host(
    row: str, reason: str, simple_dir: Path, invoke: Invoke
) -> None:
    fine = "ok,Fine Co,18,inline,0,,,,,,,,"
    (simple_dir / "exhibitors.csv").write_text(f"{HEADER}\n{fine}\n{row}\n")
    result = invoke("info", simple_dir / "event.yaml")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("requests no hall can host (1):")
    rid = row.split(",")[0]
    assert lines[start + 1].startswith(f"  {rid}: ")
    assert reason in lines[start + 1]
    assert not any(line.startswith("  ok:") for line in lines)


@pytest.mark.parametrize("area", ["1e12", "1.7e308"])
def test_huge_area_is_refused_quickly(area: str, simple_dir: Path, invoke: Invoke) -> None:
    """A mistyped area is beyond the sane range: an input error, not a search for sizes."""
    (simple_dir / "exhibitors.csv").write_text(f"{HEADER}\nx,X,{area},,0,,,,,,,,\n")
    result = invoke("info", simple_dir / "event.yaml")
    assert result.exit_code == 2, result.output
    assert "row 2 (x), area_m2: must be <= 1e+08" in result.stderr
    assert "10 km x 10 km" in result.stderr
