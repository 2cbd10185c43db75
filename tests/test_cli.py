"""The command line as a new user meets it: bad files give exit 2 and a readable message.

Every case starts from a copy of `tests/data/simple/` that differs by one
edit, so a failure points at exactly one loader check.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import Result

CSV = "exhibitors.csv"
EVENT = "event.yaml"
VENUE = "venue.yaml"

Change = Callable[[Path], None]
Invoke = Callable[..., Result]


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not exactly once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def sub(name: str, old: str, new: str) -> Change:
    return lambda d: replace_once(d / name, old, new)


def write(name: str, body: str | bytes) -> Change:
    def change(d: Path) -> None:
        data = body.encode() if isinstance(body, str) else body
        (d / name).write_bytes(data)

    return change


def both(first: Change, second: Change) -> Change:
    def change(d: Path) -> None:
        first(d)
        second(d)

    return change


def delete(name: str) -> Change:
    return lambda d: (d / name).unlink()


def area(value: str) -> Change:
    return sub(CSV, "big,Big Motors,120,", f"big,Big Motors,{value},")


@dataclass(frozen=True)
class Bad:
    change: Change
    file: str
    needles: tuple[str, ...]
    """Texts the message must hold: the row or key path, the field, the value."""


BAD_INPUTS = {
    "area-negative": Bad(area("-5"), CSV, ("row 2", "area_m2", '"-5"')),
    "area-zero": Bad(area("0"), CSV, ("row 2", "area_m2", "> 0")),
    "area-nan": Bad(area("nan"), CSV, ("row 2", "area_m2", "finite")),
    "area-NaN-upper": Bad(area("NaN"), CSV, ("row 2", "area_m2", "finite")),
    "area-inf": Bad(area("inf"), CSV, ("row 2", "area_m2", "finite")),
    "area-minus-infinity": Bad(area("-Infinity"), CSV, ("row 2", "area_m2")),
    "area-overflow-1e999": Bad(area("1e999"), CSV, ("row 2", "area_m2", "finite")),
    "area-non-numeric": Bad(area("nine"), CSV, ("row 2", "area_m2", '"nine"')),
    "area-empty-cell": Bad(area(""), CSV, ("row 2", "area_m2", "required")),
    "duplicate-id": Bad(
        sub(CSV, "e2,EU Firm 2", "e1,EU Firm 2"), CSV, ("row 7", "id", "duplicate", "e1")
    ),
    "unknown-booth-type": Bad(
        sub(CSV, ",island,", ",isle,"), CSV, ("row 2", "booth_type", '"isle"')
    ),
    "missing-required-column": Bad(
        sub(CSV, "id,name,area_m2,", "id,name,area,"), CSV, ("area_m2", "missing")
    ),
    "missing-name-column": Bad(
        sub(CSV, "id,name,area_m2,", "id,title,area_m2,"), CSV, ("name", "missing")
    ),
    "empty-csv": Bad(write(CSV, ""), CSV, ("empty",)),
    "blank-lines-csv": Bad(write(CSV, "\n\n  \n"), CSV, ("empty",)),
    "header-only-csv": Bad(write(CSV, "id,name,area_m2\n"), CSV, ("no exhibitor rows",)),
    "ragged-row-short-shifted": Bad(
        sub(CSV, "c1,Chip Co,36,peninsula,2,chip,,,,,,,", "c1,Chip Co,36,2,chip"),
        CSV,
        ("row 5", "booth_type", "5 cells", "13", "left out"),
    ),
    "ragged-row-long": Bad(
        sub(
            CSV, "c1,Chip Co,36,peninsula,2,chip,,,,,,,", "c1,Chip Co,36,peninsula,2,chip,,,,,,,,x"
        ),
        CSV,
        ("row 5", "14 cells"),
    ),
    "csv-not-text": Bad(write(CSV, bytes(range(256)) * 4), CSV, ("not text", "CSV UTF-8")),
    "missing-venue-file": Bad(delete(VENUE), VENUE, ("not found",)),
    "missing-csv-file": Bad(delete(CSV), CSV, ("not found",)),
    "venue-is-a-directory": Bad(
        sub(EVENT, "venue: venue.yaml", "venue: ."), "simple", ("directory",)
    ),
    "event-yaml-syntax": Bad(sub(EVENT, "rules:\n", "rules: [\n"), EVENT, ("line 6", "YAML")),
    "venue-yaml-syntax": Bad(sub(VENUE, "halls:\n", "halls: {\n"), VENUE, ("YAML",)),
    "event-yaml-is-a-list": Bad(write(EVENT, "- a\n- b\n"), EVENT, ("mapping", "list")),
    "event-yaml-empty": Bad(write(EVENT, ""), EVENT, ("mapping", "empty")),
    "event-missing-key": Bad(
        sub(EVENT, "exhibitors: exhibitors.csv\n", ""), EVENT, ("exhibitors",)
    ),
    "negative-rule": Bad(
        sub(EVENT, "aisle_width_m: 3.0", "aisle_width_m: -3.0"),
        EVENT,
        ("rules.aisle_width_m", "> 0", "-3"),
    ),
    "rule-not-a-number": Bad(
        sub(EVENT, "aisle_width_m: 3.0", "aisle_width_m: wide"),
        EVENT,
        ("rules.aisle_width_m", '"wide"'),
    ),
    "unknown-rule-key": Bad(
        sub(EVENT, "aisle_width_m: 3.0", "aisle_widht_m: 3.0"),
        EVENT,
        ("rules.aisle_widht_m", "not a known key"),
    ),
    "unknown-event-key": Bad(
        sub(EVENT, "name:", "colour: red\nname:"), EVENT, ("colour", "not a known key")
    ),
    "unknown-venue-key": Bad(
        sub(VENUE, "name: Test venue", "colour: red\nname: Test venue"),
        VENUE,
        ("colour", "not a known key"),
    ),
    "unknown-hall-key": Bad(
        sub(VENUE, "    name: Hall 2", "    colour: red\n    name: Hall 2"),
        VENUE,
        ("halls[1] (h2).colour", "not a known key"),
    ),
    "event-unknown-hall": Bad(
        sub(EVENT, "exhibitors:", "halls: [h1, h9]\nexhibitors:"), EVENT, ("halls", "'h9'")
    ),
    "request-unknown-hall": Bad(
        sub(CSV, "c1,Chip Co,36,peninsula,2,chip,,,", "c1,Chip Co,36,peninsula,2,chip,,h9,"),
        CSV,
        ("row 5", "hall", "'h9'"),
    ),
    "keep-apart-itself": Bad(sub(CSV, ",b2\n", ",b1\n"), CSV, ("row 3", "keep_apart")),
    "keep-apart-bad-id": Bad(sub(CSV, ",b2\n", ",b 2\n"), CSV, ("row 3", "keep_apart")),
    "negative-tier": Bad(sub(CSV, ",island,3,", ",island,-1,"), CSV, ("row 2", "tier", ">= 0")),
    "fractional-tier": Bad(sub(CSV, ",island,3,", ",island,1.5,"), CSV, ("row 2", "tier")),
    "id-with-space": Bad(sub(CSV, "c1,Chip", "c 1,Chip"), CSV, ("row 5", "id", '"c 1"')),
    "id-with-slash": Bad(sub(CSV, "c1,Chip", "c/1,Chip"), CSV, ("row 5", "id", '"c/1"')),
    "self-intersecting-outline": Bad(
        sub(VENUE, "[[0, 0], [40, 0], [40, 30], [0, 30]]", "[[0, 0], [40, 30], [40, 0], [0, 30]]"),
        VENUE,
        ("halls[0] (h1)", "outline", "not a simple polygon"),
    ),
    "outline-two-points": Bad(
        sub(VENUE, "[[0, 0], [30, 0], [30, 20], [0, 20]]", "[[0, 0], [30, 0]]"),
        VENUE,
        ("halls[1] (h2)", "outline"),
    ),
    "exit-not-on-outline": Bad(
        sub(VENUE, "at: [40, 20]", "at: [38, 20]"),
        VENUE,
        ("halls[0] (h1)", "exit E2", "not on the hall outline"),
    ),
    "column-outside-hall": Bad(
        sub(VENUE, "[[20, 15, 1, 1]]", "[[50, 15, 1, 1]]"),
        VENUE,
        ("halls[0] (h1)", "column 0", "not inside"),
    ),
    "keep-out-outside-hall": Bad(
        sub(
            VENUE,
            "[[0, 10], [1.5, 10], [1.5, 11], [0, 11]]",
            "[[-5, 10], [-1, 10], [-1, 11], [-5, 11]]",
        ),
        VENUE,
        ("halls[0] (h1)", "keep_out 0", "not inside"),
    ),
    "hall-without-exits": Bad(
        sub(
            VENUE,
            "      - {id: E1, at: [15, 0], width: 3, kind: entrance}\n"
            "      - {id: E2, at: [0, 10], width: 2.4}\n",
            "      []\n",
        ),
        VENUE,
        ("halls[1] (h2).exits",),
    ),
    "unknown-exit-kind": Bad(
        sub(VENUE, "width: 3, kind: entrance", "width: 3, kind: door"),
        VENUE,
        ("halls[1] (h2).exits[0] (E1).kind", '"door"'),
    ),
    "only-width-given": Bad(
        sub(CSV, "s1,Small One,12,,0,radar,,,4,3,", "s1,Small One,12,,0,radar,,,4,,"),
        CSV,
        ("row 8", "width_m", "depth_m"),
    ),
    "only-depth-given": Bad(
        sub(CSV, "s1,Small One,12,,0,radar,,,4,3,", "s1,Small One,12,,0,radar,,,,3,"),
        CSV,
        ("row 8", "width_m", "depth_m"),
    ),
    "negative-floor-load": Bad(
        sub(CSV, "carmaker,,,,,10,", "carmaker,,,,,-10,"), CSV, ("row 2", "floor_load_kn_m2")
    ),
    "booth-type-column-headed-tier": Bad(
        # Its second `tier` is ignored (a column given twice); the first holds booth types.
        sub(CSV, "area_m2,booth_type,tier", "area_m2,tier,tier"),
        CSV,
        ("row 2", "tier", "whole number", "island"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_input_exits_2_naming_file_and_field(
    case: Bad, simple_dir: Path, invoke: Invoke
) -> None:
    case.change(simple_dir)
    result = invoke("info", simple_dir / EVENT)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(("error: ", "warning: ")) for line in lines)
    errors = [line for line in lines if line.startswith("error: ")]
    assert any(case.file in line for line in errors), result.stderr
    message = "\n".join(errors)
    for needle in case.needles:
        assert needle in message, f"{needle!r} not in {message!r}"


def test_missing_event_file(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("info", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml: file not found" in result.stderr
    assert "Traceback" not in result.output


def test_all_errors_of_a_csv_reported_together(simple_dir: Path, invoke: Invoke) -> None:
    (simple_dir / CSV).write_text("id,name,area_m2,tier\na,A,-1,0\nb,B,x,0\nc,C,9,-2\nd,D,9,1\n")
    result = invoke("info", simple_dir / EVENT)
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 3, result.stderr
    assert [e.split(CSV, 1)[1][:6] for e in errors] == [" row 2", " row 3", " row 4"]
    assert "area_m2" in errors[0] and "area_m2" in errors[1] and "tier" in errors[2]


def test_all_errors_of_a_venue_reported_together(simple_dir: Path, invoke: Invoke) -> None:
    replace_once(simple_dir / VENUE, "ceiling_height_m: 10", "ceiling_height_m: -10")
    replace_once(simple_dir / VENUE, "floor_load_kn_m2: 5", "floor_load_kn_m2: lots")
    result = invoke("info", simple_dir / EVENT)
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 2, result.stderr
    assert "halls[0] (h1).ceiling_height_m" in errors[0]
    assert "halls[1] (h2).floor_load_kn_m2" in errors[1]


def test_error_count_is_capped(simple_dir: Path, invoke: Invoke) -> None:
    rows = "".join(f"r{i},R,-{i}\n" for i in range(50))
    (simple_dir / CSV).write_text("id,name,area_m2\n" + rows)
    result = invoke("info", simple_dir / EVENT)
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 21
    assert "stopped after 20 errors" in errors[-1]


def test_unknown_csv_column_is_a_warning(simple_dir: Path, invoke: Invoke) -> None:
    path = simple_dir / CSV
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",notes"] + [row + ",call back" for row in lines[1:]]))
    result = invoke("info", simple_dir / EVENT)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("warning: ")
    assert CSV in result.stderr and "notes" in result.stderr
    assert "requests: 7" in result.stdout


def test_csv_with_bom_and_crlf_loads(simple_dir: Path, invoke: Invoke) -> None:
    path = simple_dir / CSV
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text().replace("\n", "\r\n").encode())
    result = invoke("info", simple_dir / EVENT)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "requests: 7" in result.stdout


def test_paths_resolve_relative_to_the_event_file(
    simple_dir: Path, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("info", Path("..") / "simple" / EVENT)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["venue", "event", "layout", "requests"])
def test_schema_prints_json_schema(name: str, invoke: Invoke) -> None:
    result = invoke("schema", name)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert "properties" in schema
    expected = {"venue": "halls", "event": "exhibitors", "layout": "stands", "requests": "area_m2"}
    assert expected[name] in schema["properties"]


def test_event_schema_forbids_unknown_keys(invoke: Invoke) -> None:
    schema = json.loads(invoke("schema", "event").stdout)
    assert schema["additionalProperties"] is False
    rules = schema["$defs"]["Rules"]
    assert rules["additionalProperties"] is False
    assert rules["properties"]["aisle_width_m"]["default"] == 3.0


def test_schema_unknown_name_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("schema", "banana")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_python_dash_m_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "floorplan", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for command in ("info", "schema", "solve", "validate", "render"):
        assert command in done.stdout


def test_console_script_end_to_end_bad_input(simple_dir: Path) -> None:
    """The installed entry point, not CliRunner: exit 2, message on stderr, nothing on stdout."""
    replace_once(simple_dir / CSV, "big,Big Motors,120,", "big,Big Motors,nine,")
    done = subprocess.run(
        [sys.executable, "-m", "floorplan", "info", str(simple_dir / EVENT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert CSV in done.stderr and "row 2" in done.stderr and "area_m2" in done.stderr
