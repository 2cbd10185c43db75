"""Issue 13 as a new user tried it: every row of its table and every item of its list.

Each failing case asserts the exit code, the file and key path or row in the
message, no traceback, no "internal error", and that nothing was written;
each spreadsheet case asserts that every value arrived.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result as CliResult

from floorplan.io import load_event
from floorplan.model import Layout, Stand, Unplaced
from floorplan.solve import Result

Invoke = Callable[..., CliResult]
LAYOUT = {
    "event": "Simple test event",
    "stands": [
        {"request_id": "b1", "hall": "h1", "x": 6, "y": 6, "width": 6, "depth": 3, "number": "1A01"}
    ],
}


def ignore(message: str) -> None:
    return None


def failed_cleanly(result: CliResult, code: int, *needles: str) -> str:
    """The message of a clean failure: exit code, needles on stderr, no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    errors = "\n".join(line for line in result.stderr.splitlines() if line.startswith("error:"))
    for needle in needles:
        assert needle in errors, f"{needle!r} not in {errors!r}"
    return errors


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its content: "nothing written" is "tree unchanged"."""
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def layout_file(tmp_path: Path) -> Path:
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(LAYOUT))
    return path


@pytest.fixture
def fake_solve(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[int]]:
    """Replace the search by an instant one; returns the list of its calls."""

    def install(unplaced: bool = False, forbidden: bool = False) -> list[int]:
        calls: list[int] = []

        def solve(event: Any, **_: Any) -> Result:
            assert not forbidden, "the search ran although the output folder is unusable"
            calls.append(1)
            stands = [Stand(request_id="b1", hall="h1", x=6, y=6, width=6, depth=3)]
            missing = [
                Unplaced(request_id=r.id, reason="no room left")
                for r in event.requests
                if r.id != "b1"
            ]
            layout = Layout(
                event=event.name,
                stands=stands,
                unplaced=missing if unplaced else [],
                metrics={"placed": 1, "requested": len(event.requests)},
            )
            return Result(layout, "FEASIBLE", 0.1, [], [])

        monkeypatch.setattr("floorplan.solve.command.solve", solve)
        return calls

    return install


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask) and None
    os.umask(old)


# --- row 1 and 2: spreadsheets as offices write them --------------------------------------


def test_row1_capitalised_headers_lose_nothing(simple_dir: Path, invoke: Invoke) -> None:
    csv = simple_dir / "exhibitors.csv"
    lines = csv.read_text().splitlines()
    header = lines[0].split(",")
    spelled = [h.upper() if i < 3 else h.replace("_", " ").title() for i, h in enumerate(header)]
    csv.write_text("\n".join([",".join(spelled), *lines[1:]]) + "\n")
    result = invoke("info", simple_dir / "event.yaml")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    requests = {r.id: r for r in load_event(simple_dir / "event.yaml").requests}
    assert requests["big"].tier == 3 and requests["big"].booth_type == "island"
    assert requests["big"].floor_load_kn_m2 == 10
    assert requests["b1"].keep_apart == ("b2",)
    assert requests["s1"].exact_size == (4.0, 3.0)
    assert requests["e1"].pavilion == "eu"


def test_row2_european_excel_csv_loses_nothing(simple_dir: Path, invoke: Invoke) -> None:
    csv = simple_dir / "exhibitors.csv"
    rows = [line.split(",") for line in csv.read_text().splitlines()]
    rows[1][1] = "Bayerische Motoren Werke Zubehör"
    rows[1][2] = "120,5"  # decimal comma
    text = "\r\n".join(";".join(row) for row in rows) + "\r\n"
    csv.write_bytes(text.encode("cp1252"))
    result = invoke("info", simple_dir / "event.yaml")
    assert result.exit_code == 0, result.output
    assert "exhibitors.csv" in result.stderr and "Windows-1252" in result.stderr
    requests = {r.id: r for r in load_event(simple_dir / "event.yaml", ignore).requests}
    assert requests["big"].name == "Bayerische Motoren Werke Zubehör"
    assert requests["big"].area_m2 == 120.5 and requests["big"].tier == 3
    assert requests["b1"].keep_apart == ("b2",)


# --- row 3: an event with no halls ---------------------------------------------------------


@pytest.mark.parametrize("command", ["info", "render", "solve", "export-dxf", "validate"])
def test_row3_an_event_without_halls(
    command: str, simple_dir: Path, layout_file: Path, tmp_path: Path, invoke: Invoke, edit: Any
) -> None:
    edit(simple_dir / "event.yaml", "exhibitors:", "halls: []\nexhibitors:")
    out = tmp_path / "out"
    args: dict[str, list[Any]] = {
        "info": [],
        "render": [layout_file, "-o", out],
        "solve": ["-o", out],
        "export-dxf": [layout_file, "-o", out / "x.dxf"],
        "validate": [layout_file],
    }
    result = invoke(command, simple_dir / "event.yaml", *args[command])
    failed_cleanly(result, 2, "event.yaml: halls: is empty")
    assert not out.exists()


# --- row 4: output folders that cannot take the files --------------------------------------


def _read_only(out: Path, deny: Callable[[Path], None]) -> None:
    out.mkdir()
    deny(out)


def _loop(out: Path, deny: Callable[[Path], None]) -> None:
    out.symlink_to(out)


def _file(out: Path, deny: Callable[[Path], None]) -> None:
    out.write_text("not a folder")


PROBLEMS = {
    "read-only": (_read_only, "cannot write in this folder"),
    "symlink-loop": (_loop, "symlink loop"),
    "a-file": (_file, "is a file, not a folder"),
}


@pytest.mark.parametrize("problem", list(PROBLEMS), ids=list(PROBLEMS))
@pytest.mark.parametrize("command", ["solve", "render", "export-dxf", "import-dxf"])
def test_row4_unusable_output_folders_fail_before_the_work(
    command: str,
    problem: str,
    simple_dir: Path,
    layout_file: Path,
    tmp_path: Path,
    invoke: Invoke,
    deny_writes: Callable[[Path], None],
    fake_solve: Callable[..., list[int]],
) -> None:
    fake_solve(forbidden=True)
    out = tmp_path / "out"
    make, needle = PROBLEMS[problem]
    make(out, deny_writes)
    before = tree(tmp_path)
    event = simple_dir / "event.yaml"
    dxf = Path(__file__).parents[1] / "examples" / "dxf-hall" / "hall-plan.dxf"
    args: dict[str, list[Any]] = {
        "solve": [event, "-o", out],
        "render": [event, layout_file, "-o", out],
        "export-dxf": [event, layout_file, "-o", out / "plan.dxf"],
        "import-dxf": [dxf, "-o", out / "venue.yaml"],
    }
    result = invoke(command, *args[command])
    errors = failed_cleanly(result, 2, "out", needle)
    assert "choose another output path" in errors
    assert tree(tmp_path) == before


def test_row4_a_map_path_that_is_a_folder_fails_before_the_search(
    simple_dir: Path, tmp_path: Path, invoke: Invoke, fake_solve: Callable[..., list[int]]
) -> None:
    fake_solve(forbidden=True)
    out = tmp_path / "out"
    (out / "h2.png").mkdir(parents=True)
    result = invoke("solve", simple_dir / "event.yaml", "-o", out)
    failed_cleanly(result, 2, "out/h2.png is a folder")
    assert tree(out) == {}


# --- row 5: render where one map cannot be written -----------------------------------------


def test_row5_a_folder_unwritable_halfway_through_rendering_replaces_nothing(
    simple_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    deny_writes: Callable[[Path], None],
) -> None:
    from floorplan.io.save import OutputError
    from floorplan.render import files, render_layout

    event = load_event(simple_dir / "event.yaml")
    out = tmp_path / "out"
    first = Layout.model_validate(LAYOUT)
    render_layout(event, first, out, dpi=20)
    before = tree(out)
    assert set(before) == {"h1.png", "h2.png", "overview.png"}
    real = files._hall_file
    drawn: list[str] = []

    def then_unwritable(*job: Any) -> Path:
        path = real(*job)
        drawn.append(path.name)
        if len(drawn) == 1:
            deny_writes(out)  # the share went read-only after the first map
        return path

    monkeypatch.setattr(files, "_hall_file", then_unwritable)
    moved = first.model_copy(update={"stands": [first.stands[0].model_copy(update={"x": 12.0})]})
    with pytest.raises(OutputError) as err:
        render_layout(event, moved, out, dpi=20)
    assert "no output was changed" in "\n".join(err.value.messages)
    assert len(drawn) == 2
    visible = {k: v for k, v in tree(out).items() if not k.startswith(".")}
    assert visible == before


# --- row 6: files others can read ----------------------------------------------------------


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_row6_every_output_gets_the_users_umask(
    mask: int,
    mode: int,
    simple_dir: Path,
    layout_file: Path,
    tmp_path: Path,
    invoke: Invoke,
    umask: Callable[[int], None],
    fake_solve: Callable[..., list[int]],
) -> None:
    fake_solve()
    umask(mask)
    out = tmp_path / "out"
    event = simple_dir / "event.yaml"
    assert invoke("solve", event, "-o", out / "solved", "--quiet").exit_code == 0
    assert invoke("render", event, layout_file, "-o", out / "pdf", "--format", "pdf").exit_code == 0
    assert invoke("export-dxf", event, layout_file, "-o", out / "plan.dxf").exit_code == 0
    result = invoke("import-dxf", out / "plan.dxf", "-o", out / "venue.yaml")
    assert result.exit_code == 0, result.output
    written = [p for p in out.rglob("*") if p.is_file()]
    assert {p.suffix for p in written} == {".json", ".png", ".pdf", ".dxf", ".yaml"}
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {
        p.name: oct(mode) for p in written
    }


# --- row 7: writing through a symlink ------------------------------------------------------


def test_row7_import_dxf_to_a_symlink_writes_its_target(tmp_path: Path, invoke: Invoke) -> None:
    dxf = Path(__file__).parents[1] / "examples" / "dxf-hall" / "hall-plan.dxf"
    real = tmp_path / "venues" / "hall.yaml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    layers = dxf.parent / "layers.yaml"
    result = invoke("import-dxf", dxf, "-o", link, "--layer-map", layers)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real
    assert "halls:" in real.read_text()
    assert sorted(p.name for p in real.parent.iterdir()) == ["hall.yaml"]


# --- row 8: exits that do not fit their wall -----------------------------------------------

EXITS = {
    "wider-than-its-wall": (
        ("{id: E2, at: [40, 20], width: 2.4}", "{id: E2, at: [40, 15], width: 50}"),
        ("venue.yaml: halls[0] (h1)", "exit E2 is 50 m wide", "only 30 m long"),
    ),
    "exits-overlap": (
        ("{id: E3, at: [10, 30], width: 2.4}", "{id: E3, at: [38, 0], width: 4}"),
        ("venue.yaml: halls[0] (h1)", "exits E1 and E3 overlap"),
    ),
}


@pytest.mark.parametrize("case", list(EXITS), ids=list(EXITS))
def test_row8_exits_must_fit_their_wall(
    case: str, simple_dir: Path, invoke: Invoke, edit: Any
) -> None:
    (old, new), needles = EXITS[case]
    if case == "exits-overlap":
        edit(
            simple_dir / "venue.yaml",
            "{id: E1, at: [20, 0], width: 4, kind: entrance}",
            "{id: E1, at: [36, 0], width: 4, kind: entrance}",
        )
    edit(simple_dir / "venue.yaml", old, new)
    failed_cleanly(invoke("info", simple_dir / "event.yaml"), 2, *needles)


# --- row 9: numbers beyond the sane range, NaN, infinity -----------------------------------


@pytest.mark.parametrize("value", ["1e9", "1e16", "-1e9"])
@pytest.mark.parametrize("command", ["validate", "render"])
def test_row9_a_stand_far_away_is_bad_input(
    value: str, command: str, simple_dir: Path, tmp_path: Path, invoke: Invoke
) -> None:
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(LAYOUT).replace('"x": 6', f'"x": {value}'))
    out = tmp_path / "maps"
    extra = ["-o", out] if command == "render" else []
    result = invoke(command, simple_dir / "event.yaml", path, *extra)
    failed_cleanly(result, 2, "layout.json: stands[0] (b1).x", "100 km")
    assert not out.exists()


@pytest.mark.parametrize(
    "old, new, needles",
    [
        ("[[20, 15, 1, 1]]", "[[.nan, 15, 1, 1]]", ("halls[0] (h1).columns", "finite")),
        ("ceiling_height_m: 10", "ceiling_height_m: .inf", ("ceiling_height_m", "finite")),
        ("at: [40, 20]", "at: [40, 2e5]", ("halls[0] (h1).exits[1] (E2).at", "100 km")),
        ("[[0, 0], [40, 0]", "[[0, 0], [4e5, 0]", ("halls[0] (h1).outline[1]", "100 km")),
    ],
    ids=["nan-column", "infinite-ceiling", "exit-far-away", "huge-outline"],
)
def test_row9_venue_values_beyond_range(
    old: str, new: str, needles: tuple[str, ...], simple_dir: Path, invoke: Invoke, edit: Any
) -> None:
    edit(simple_dir / "venue.yaml", old, new)
    result = invoke("info", simple_dir / "event.yaml")
    failed_cleanly(result, 2, "venue.yaml", *needles)


# --- row 10: a garbage CSV -----------------------------------------------------------------


def test_row10_a_garbage_csv_is_refused(simple_dir: Path, invoke: Invoke) -> None:
    (simple_dir / "exhibitors.csv").write_bytes(os.urandom(5 * 1024 * 1024))
    failed_cleanly(invoke("info", simple_dir / "event.yaml"), 2, "exhibitors.csv", "not text")


# --- row 11: validate --format json on bad input -------------------------------------------


def test_row11_validate_json_always_prints_an_object(
    simple_dir: Path, layout_file: Path, invoke: Invoke, edit: Any
) -> None:
    edit(simple_dir / "exhibitors.csv", "big,Big Motors,120,", "big,Big Motors,nine,")
    result = invoke("validate", simple_dir / "event.yaml", layout_file, "--format", "json")
    failed_cleanly(result, 2, "exhibitors.csv row 2 (big), area_m2")
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert any("exhibitors.csv row 2 (big), area_m2" in e for e in report["errors"])


# --- row 12: --require-all -----------------------------------------------------------------


def test_row12_require_all_fails_and_writes_nothing_when_a_request_is_left_out(
    simple_dir: Path, tmp_path: Path, invoke: Invoke, fake_solve: Callable[..., list[int]]
) -> None:
    fake_solve(unplaced=True)
    out = tmp_path / "out"
    result = invoke("solve", simple_dir / "event.yaml", "-o", out, "--require-all")
    failed_cleanly(result, 1, "--require-all: 6 of 7 requests could not be placed")
    assert "unplaced big: no room left" in result.stderr  # the reasons still print
    assert "unplaced b1:" not in result.stderr  # b1 is the placed one
    assert not out.exists()


def test_row12_require_all_passes_when_everything_is_placed(
    simple_dir: Path, tmp_path: Path, invoke: Invoke, fake_solve: Callable[..., list[int]]
) -> None:
    fake_solve()
    out = tmp_path / "out"
    result = invoke("solve", simple_dir / "event.yaml", "-o", out, "--require-all", "--quiet")
    assert result.exit_code == 0, result.output
    assert {"layout.json", "h1.png", "h2.png", "overview.png"} == set(tree(out))


# --- item 4: CI and scripting ---------------------------------------------------------------


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("floorplan ") and result.stdout.strip()[-1].isdigit()


def _numeric(schema: dict[str, Any]) -> bool:
    if schema.get("type") in ("number", "integer"):
        return True
    nested = [*schema.get("anyOf", []), *schema.get("prefixItems", [])]
    if isinstance(schema.get("items"), dict):
        nested.append(schema["items"])
    return any(_numeric(s) for s in nested)


@pytest.mark.parametrize("name", ["venue", "event", "layout", "requests"])
def test_schema_describes_every_field_with_its_unit(name: str, invoke: Invoke) -> None:
    schema = json.loads(invoke("schema", name).stdout)
    objects = [schema, *schema.get("$defs", {}).values()]
    fields = [(n, p) for o in objects for n, p in o.get("properties", {}).items()]
    assert fields
    assert [n for n, p in fields if not p.get("description")] == []
    assert [n for n, p in fields if _numeric(p) and not p.get("unit")] == []


def test_schema_units_read_as_the_contract_says(invoke: Invoke) -> None:
    rules = json.loads(invoke("schema", "event").stdout)["$defs"]["Rules"]["properties"]
    assert rules["aisle_width_m"]["unit"] == "m"
    assert rules["area_tolerance"]["unit"] == "1"
    request = json.loads(invoke("schema", "requests").stdout)["properties"]
    assert (request["area_m2"]["unit"], request["floor_load_kn_m2"]["unit"]) == ("m2", "kN/m2")


def test_validator_messages_give_the_stand_number_beside_the_id(
    simple_dir: Path, tmp_path: Path, invoke: Invoke
) -> None:
    layout = dict(LAYOUT)
    layout["stands"] = [
        *LAYOUT["stands"],  # type: ignore[list-item]
        {
            "request_id": "b2",
            "hall": "h1",
            "x": 8,
            "y": 6,
            "width": 6,
            "depth": 3,
            "number": "1A02",
        },
        {"request_id": "c1", "hall": "h1", "x": 8, "y": 20, "width": 6, "depth": 6},
    ]
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(layout))
    result = invoke("validate", simple_dir / "event.yaml", path)
    assert result.exit_code == 1
    assert "C2 h1 1A01 b1, 1A02 b2: stands overlap" in result.stdout
    assert "C9 big: request missing" in result.stdout  # no stand, no number


# --- item 5: progress that moves -------------------------------------------------------------


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.text = ""
        self.tty = tty

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return self.tty


def test_progress_off_a_terminal_is_one_plain_line_per_phase() -> None:
    from floorplan.progress import ProgressDisplay

    stream = _Stream(tty=False)
    with ProgressDisplay(stream=stream) as show:  # type: ignore[arg-type]
        show("assign", 0, 0)
        for hall in range(1, 7):
            show("place", hall, 6)
            show("stands", hall * 10, 75)
        show("draw", 0, 7)
        show("draw", 7, 7)
    lines = stream.text.splitlines()
    assert [line.split()[0] for line in lines] == ["assign", "place", "draw"]
    assert "1/6" in lines[1]


def test_progress_on_a_terminal_moves_between_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    from floorplan import progress

    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    show = progress.ProgressDisplay(stream=_Stream(tty=True))  # type: ignore[arg-type]
    show("place", 2, 6)
    show("stands", 31, 75)
    first = show.line()
    clock[0] += 7.5  # a long search: no call for seconds
    assert show.line() != first
    assert "place" in first and "2/6" in first and "stands placed 31/75" in first


def test_quiet_progress_shows_nothing() -> None:
    from floorplan.progress import ProgressDisplay

    stream = _Stream(tty=False)
    with ProgressDisplay(quiet=True, stream=stream) as show:  # type: ignore[arg-type]
        show("place", 1, 2)
    assert stream.text == ""


# --- inputs as a tester sent them (issue 10's review of bad input) -------------------------


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--time-limit", "0"),
        ("--time-limit", "-5"),
        ("--time-limit", "inf"),
        ("--workers", "0"),
        ("--seed", "-1"),
    ],
)
def test_solve_flags_out_of_range_are_bad_input(
    flag: str,
    value: str,
    simple_dir: Path,
    tmp_path: Path,
    invoke: Invoke,
    fake_solve: Callable[..., list[int]],
) -> None:
    """event.yaml refuses `time_limit_s: 0` and `workers: 0`: the flags that win over it
    are held to the same ranges (exit 2, before any work; `"workers": 0` was written)."""
    calls = fake_solve()
    out = tmp_path / "out"
    result = invoke("solve", simple_dir / "event.yaml", "-o", out, flag, value)
    assert result.exit_code == 2, result.output
    assert flag in result.stderr and "Traceback" not in result.output
    assert calls == [] and not out.exists()


def _locked_pair(simple_dir: Path, tmp_path: Path) -> Path:
    """A baseline whose two locked stands a planner dragged onto each other."""
    stands = [
        Stand(request_id=rid, hall="h1", x=6, y=6, width=6, depth=3, booth_type=kind, locked=True)
        for rid, kind in (("b1", "inline"), ("b2", "corner"))
    ]
    event = load_event(simple_dir / "event.yaml")
    path = tmp_path / "locked.json"
    path.write_text(Layout(event=event.name, stands=stands).model_dump_json())
    return path


def test_locked_stands_that_break_a_rule_together_are_bad_input_naming_the_baseline(
    simple_dir: Path, tmp_path: Path, invoke: Invoke, fake_solve: Callable[..., list[int]]
) -> None:
    """Each fits its request, together they overlap: exit 2 naming the file and the
    validator's finding, before the search (the solver's layout was refused: exit 1)."""
    calls = fake_solve()
    baseline = _locked_pair(simple_dir, tmp_path)
    out = tmp_path / "out"
    result = invoke("solve", simple_dir / "event.yaml", "-o", out, "--baseline", baseline)
    failed_cleanly(result, 2, "locked.json: locked stands cannot stay as they are: C2", "overlap")
    assert calls == [] and not out.exists()


def test_a_baseline_of_another_event_or_with_cancelled_locked_stands_is_said(
    simple_dir: Path, tmp_path: Path, invoke: Invoke, fake_solve: Callable[..., list[int]]
) -> None:
    fake_solve()
    stand = Stand(request_id="gone", hall="h1", x=6, y=6, width=6, depth=3, locked=True)
    baseline = tmp_path / "other.json"
    baseline.write_text(Layout(event="Another fair", stands=[stand]).model_dump_json())
    result = invoke(
        "solve", simple_dir / "event.yaml", "-o", tmp_path / "out", "--baseline", baseline
    )
    assert result.exit_code == 0, result.output
    assert "other.json was made for event 'Another fair'" in result.stderr
    assert "other.json: locked stand gone is not requested any more" in result.stderr


def test_validate_says_when_two_stands_carry_one_number(
    simple_dir: Path, tmp_path: Path, invoke: Invoke
) -> None:
    """Not a contract rule (the layout stays valid), but manuals and signs print numbers."""
    stands = [
        Stand(request_id=rid, hall="h1", x=x, y=6, width=6, depth=3, number="1A01")
        for rid, x in (("b1", 6), ("b2", 30))
    ]
    event = load_event(simple_dir / "event.yaml", ignore)
    path = tmp_path / "layout.json"
    path.write_text(Layout(event=event.name, stands=stands).model_dump_json())
    result = invoke("validate", simple_dir / "event.yaml", path)
    assert "layout.json: stand number 1A01 is on 2 stands (b1, b2)" in result.stderr
