"""`floorplan validate` on files: exit 0 valid, 1 violations, 2 bad input without traceback."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from floorplan.cli import app

from .conftest import Case, block_case


def write_case(case: Case, folder: Path) -> tuple[Path, Path]:
    """The case as the contract's files: venue.yaml, event.yaml, exhibitors.csv, layout.json."""
    folder.mkdir(parents=True, exist_ok=True)
    venue = case.event.venue.model_dump(mode="json")
    (folder / "venue.yaml").write_text(yaml.safe_dump(venue), encoding="utf-8")
    with (folder / "exhibitors.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "area_m2", "booth_type", "tier", "keep_apart"])
        for r in case.event.requests:
            out.writerow(
                [r.id, r.name, r.area_m2, r.booth_type or "", r.tier, ";".join(r.keep_apart)]
            )
    event = {
        "name": case.event.name,
        "venue": "venue.yaml",
        "exhibitors": "exhibitors.csv",
        "rules": case.event.rules.model_dump(),
    }
    (folder / "event.yaml").write_text(yaml.safe_dump(event), encoding="utf-8")
    layout = folder / "layout.json"
    layout.write_text(case.layout().model_dump_json(indent=2), encoding="utf-8")
    return folder / "event.yaml", layout


def run(*args: object) -> Result:
    return CliRunner().invoke(app, ["validate", *(str(a) for a in args)])


def test_valid_layout_exits_0(tmp_path: Path) -> None:
    event, layout = write_case(block_case(), tmp_path)
    result = run(event, layout)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("VALID: 8/9 placed, net-to-gross 0.20")


def test_violations_exit_1_with_one_line_each(tmp_path: Path) -> None:
    event, layout = write_case(block_case().moved("s2", x=14.5).moved("s1", x=2.0), tmp_path)
    result = run(event, layout)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "C2 h1 s2,s3: stands overlap by 2 m2"
    assert lines[1] == "C6 h1 s1: 2 m from exit E3 < clearance 3 m"
    assert lines[-1].startswith("INVALID: 2 violations (C2 x1, C6 x1); 8/9 placed")


def test_json_format(tmp_path: Path) -> None:
    event, layout = write_case(block_case().moved("s2", x=14.5), tmp_path)
    result = run(event, layout, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert [v["rule"] for v in data["violations"]] == ["C2"]
    assert data["metrics"]["placed"] == 8


@pytest.mark.parametrize(
    ("stand_patch", "message"),
    [
        ({"hall": "h9"}, "C9 s1: stand is in hall 'h9', which the event does not use"),
        ({"request_id": "ghost"}, "C9 ghost: stand for an unknown request id"),
    ],
)
def test_unknown_hall_or_request_is_a_violation(
    tmp_path: Path, stand_patch: dict[str, str], message: str
) -> None:
    event, layout = write_case(block_case(), tmp_path)
    data = json.loads(layout.read_text())
    data["stands"][0].update(stand_patch)
    layout.write_text(json.dumps(data))
    result = run(event, layout)
    assert result.exit_code == 1
    assert any(line.startswith(message) for line in result.stdout.splitlines()), result.stdout


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{not json", "layout.json: line 1, column 2: not valid JSON"),
        ("[1, 2]", "layout.json: must be a JSON object, got list"),
        (
            '{"event": "e", "stands": [{"request_id": "s1", "hall": "h1", "x": 0, "y": 0, '
            '"width": "wide", "depth": 4}]}',
            "layout.json: stands[0] (s1).width: must be a number",
        ),
        ('{"event": "e", "stands": [{"request_id": "s1"}]}', "stands[0] (s1).hall: is required"),
        ('{"stands": []}', "layout.json: event: is required but missing"),
    ],
)
def test_bad_layout_file_exits_2_naming_file_and_key(
    tmp_path: Path, body: str, expected: str
) -> None:
    event, layout = write_case(block_case(), tmp_path)
    layout.write_text(body, encoding="utf-8")
    result = run(event, layout)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert result.stdout == ""


def _polygon_stand(**fields: object) -> str:
    stand = {"request_id": "s1", "hall": "h1", **fields}
    return json.dumps({"event": "test event", "stands": [stand]})


L_SHAPE = [[8, 8], [14, 8], [14, 12], [11, 12], [11, 16], [8, 16]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            _polygon_stand(polygon=[[8, 8], [14, 12], [8, 12], [14, 8]]),
            "layout.json: stands[0] (s1): polygon is not a simple polygon: "
            "it crosses itself at (11, 10)",
        ),
        (
            _polygon_stand(polygon=[[8, 8], [14, 8]]),
            "layout.json: stands[0] (s1).polygon: must hold at least 3 item(s)",
        ),
        (
            _polygon_stand(polygon=[[8, 8], [14, "east"], [8, 12]]),
            'layout.json: stands[0] (s1).polygon[1][1]: must be a number, got "east"',
        ),
        (
            _polygon_stand(polygon=[[8, 8], [14, 8], [14, 1e999]]),
            'layout.json: stands[0] (s1).polygon[2][1]: must be a finite number, got "Infinity"',
        ),
        (
            _polygon_stand(polygon=L_SHAPE, x=8, y=8, width=6, depth=8),
            "layout.json: stands[0] (s1): has both a polygon and x, y, width, depth: give "
            "either x, y, width, depth (a rectangle) or polygon, not both",
        ),
        (
            _polygon_stand(),
            "layout.json: stands[0] (s1): has neither x, y, width, depth (a rectangle) nor polygon",
        ),
        (
            _polygon_stand(x=8, y=8, width=6),
            "layout.json: stands[0] (s1): a rectangle stand needs x, y, width and depth: "
            "depth missing",
        ),
    ],
    ids=["self-intersecting", "two-points", "not-a-number", "infinite", "both", "neither", "half"],
)
def test_bad_polygon_stands_exit_2_naming_the_stand(
    tmp_path: Path, body: str, expected: str
) -> None:
    event, layout = write_case(block_case(), tmp_path)
    layout.write_text(body, encoding="utf-8")
    result = run(event, layout)
    assert result.exit_code == 2, result.stdout
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert result.stdout == ""


def test_a_polygon_off_the_grid_or_outside_is_a_violation(tmp_path: Path) -> None:
    case = block_case()
    event, layout = write_case(case, tmp_path)
    data = json.loads(layout.read_text())
    s1 = next(s for s in data["stands"] if s["request_id"] == "s1")
    for key in ("x", "y", "width", "depth"):
        del s1[key]
    s1["polygon"] = [[-2, 8], [14.1, 8], [14.1, 12], [3, 12], [-2, 10]]
    layout.write_text(json.dumps(data))
    result = run(event, layout)
    assert result.exit_code == 1
    assert "C1 h1 s1: 4.8 m2 of the stand lie outside the hall outline" in result.stdout
    assert "C1 h1 s1: 2 polygon vertices not on the 0.5 m grid: (14.1, 8), (14.1, 12)" in (
        result.stdout
    )


def test_layout_for_another_event_is_a_warning(tmp_path: Path) -> None:
    event, layout = write_case(block_case(), tmp_path)
    data = json.loads(layout.read_text())
    data["event"] = "Some other show"
    layout.write_text(json.dumps(data))
    result = run(event, layout)
    assert result.exit_code == 0
    assert "was made for event 'Some other show', not 'test event'" in result.stderr
