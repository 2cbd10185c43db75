"""Loaders called directly: what they return on good files and raise on bad ones."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floorplan.io import InputError, load_event, load_layout, load_requests, load_venue
from floorplan.model import Request

SIMPLE = Path(__file__).parents[1] / "data" / "simple"
FIELDS = list(Request.model_fields)

ids = st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True)
# Cells are stripped on load, so a value that round-trips has no outer whitespace.
texts = (
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
positive = st.floats(min_value=0, max_value=10_000, exclude_min=True, allow_nan=False)


@st.composite
def requests(draw: st.DrawFn) -> Request:
    """Any request the contract accepts, as load_requests could see it (no cross-checks)."""
    rid = draw(ids)
    size = draw(st.none() | st.tuples(positive, positive))
    return Request(
        id=rid,
        name=draw(texts),
        area_m2=draw(positive),
        booth_type=draw(st.sampled_from([None, "inline", "corner", "peninsula", "island"])),
        tier=draw(st.integers(0, 10**9)),
        category=draw(st.none() | texts),
        pavilion=draw(st.none() | ids),
        hall=draw(st.none() | ids),
        width_m=size[0] if size else None,
        depth_m=size[1] if size else None,
        floor_load_kn_m2=draw(st.none() | positive),
        height_m=draw(st.none() | positive),
        keep_apart=tuple(draw(st.lists(ids.filter(lambda i: i != rid), max_size=4))),
        locked=draw(st.booleans()),
    )


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(path: Path, rows: list[Request], *, bom: bool = False) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([cell(getattr(row, f)) for f in FIELDS])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(requests(), min_size=1, max_size=3), bom=st.booleans())
def test_any_valid_request_round_trips_through_csv(
    rows: list[Request], bom: bool, tmp_path: Path
) -> None:
    path = tmp_path / "exhibitors.csv"
    write_csv(path, rows, bom=bom)
    assert load_requests(path, warn=pytest.fail) == rows


def test_simple_requests_load() -> None:
    rows = load_requests(SIMPLE / "exhibitors.csv", warn=pytest.fail)
    assert [r.id for r in rows] == ["big", "b1", "b2", "c1", "e1", "e2", "s1"]
    big, b1 = rows[0], rows[1]
    assert (big.area_m2, big.booth_type, big.tier, big.floor_load_kn_m2) == (120, "island", 3, 10)
    assert b1.keep_apart == ("b2",)
    assert rows[-1].exact_size == (4, 3)
    assert rows[-1].booth_type is None


def test_unknown_column_goes_to_warn(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,name,area_m2,notes,\na,A,9,call back,\n")
    seen: list[str] = []
    rows = load_requests(path, warn=seen.append)
    assert [r.id for r in rows] == ["a"]
    assert len(seen) == 1
    assert "x.csv" in seen[0] and "notes" in seen[0] and "column 5 has no header" in seen[0]


def test_an_exit_inside_a_keep_out_is_warned_about(tmp_path: Path) -> None:
    for name in ("event.yaml", "exhibitors.csv"):
        (tmp_path / name).write_text((SIMPLE / name).read_text())
    venue = (SIMPLE / "venue.yaml").read_text()
    # h2's E2 (at [0, 10], 2.4 m wide) behind a service riser drawn over it.
    venue = venue.replace(
        "      - {id: E2, at: [0, 10], width: 2.4}",
        "      - {id: E2, at: [0, 10], width: 2.4}\n    keep_out:\n"
        "      - {polygon: [[0, 8], [1, 8], [1, 12], [0, 12]], reason: riser}",
    )
    (tmp_path / "venue.yaml").write_text(venue)
    said: list[str] = []
    load_event(tmp_path / "event.yaml", said.append)
    assert [s for s in said if "exit" in s] == [
        f"{tmp_path / 'venue.yaml'}: h2: exit E2's door lies inside keep_out 0 (riser): "
        "nobody can leave through it, so walks are measured to the other exits"
    ]


def test_default_warn_is_a_python_warning(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,name,area_m2,notes\na,A,9,n\n")
    with pytest.warns(UserWarning, match="notes"):
        load_requests(path)


def test_blank_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    """Row numbers match the spreadsheet even when blank lines sit between rows."""
    path = tmp_path / "x.csv"
    path.write_text("id,name,area_m2\na,A,9\n,,\n\nb,B,-1\n")
    with pytest.raises(InputError) as caught:
        load_requests(path)
    assert caught.value.messages == [f'{path} row 5 (b), area_m2: must be > 0, got "-1"']


@pytest.mark.parametrize(
    "cell, expected",
    [("yes", True), ("X", True), ("1", True), ("no", False), ("", False), ("False", False)],
)
def test_locked_cell_spellings(cell: str, expected: bool, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(f"id,name,area_m2,locked\na,A,9,{cell}\n")
    assert load_requests(path)[0].locked is expected


@pytest.mark.parametrize("cell", ["Island", "ISLAND", " island "])
def test_booth_type_cells_read_in_any_case(cell: str, tmp_path: Path) -> None:
    """An organiser's sheet title-cases its picklist; the type is the same word."""
    path = tmp_path / "x.csv"
    path.write_text(f"id,name,area_m2,booth_type\na,A,9,{cell}\n")
    assert load_requests(path)[0].booth_type == "island"


def test_a_booth_type_that_is_no_type_is_named_with_the_cell_as_written(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,name,area_m2,booth_type\na,A,9,Shell\n")
    with pytest.raises(InputError) as caught:
        load_requests(path)
    assert caught.value.messages == [
        f"{path} row 2 (a), booth_type: must be one of 'inline', 'corner', 'peninsula' or "
        "'island', got \"Shell\""
    ]


def test_keep_apart_cell_splits_on_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,name,area_m2,keep_apart\na,A,9, b ; c;;\n")
    assert load_requests(path)[0].keep_apart == ("b", "c")
    # Ids hold no commas: a list written with them means the same.
    path.write_text('id,name,area_m2,keep_apart\na,A,9,"b, c"\n')
    assert load_requests(path)[0].keep_apart == ("b", "c")


def test_load_event_resolves_and_cross_checks() -> None:
    event = load_event(SIMPLE / "event.yaml")
    assert event.halls == ("h1", "h2")
    assert [h.id for h in event.hall_models] == ["h1", "h2"]
    assert event.request_by_id["c1"].booth_type == "peninsula"
    assert event.rules.aisle_width_m == 3.0
    assert event.rules.max_travel_m == 60.0  # contract default, not in the file
    assert event.solver.workers == 2


def test_load_venue_reads_geometry() -> None:
    venue = load_venue(SIMPLE / "venue.yaml")
    h1 = venue.hall("h1")
    assert h1.gross_area == 1200.0
    assert len(h1.obstacles) == 2
    assert [e.kind for e in h1.exits] == ["entrance", "exit", "exit"]


@pytest.mark.parametrize(
    "body, needle",
    [
        ("{", "not valid JSON"),
        ("[]", "must be a JSON object"),
        ('{"event": "x", "stands": [{"x": NaN}]}', "NaN"),
        ('{"event": "x", "stands": [{"request_id": "a"}]}', "stands[0] (a).hall"),
        ('{"event": "x", "format": "floorplan-layout/9"}', "format"),
    ],
    ids=["syntax", "not-object", "nan", "missing-field", "format"],
)
def test_load_layout_errors(body: str, needle: str, tmp_path: Path) -> None:
    path = tmp_path / "layout.json"
    path.write_text(body)
    with pytest.raises(InputError) as caught:
        load_layout(path)
    text = str(caught.value)
    assert "layout.json" in text
    assert needle in text


def test_load_layout_reads_a_minimal_layout(tmp_path: Path) -> None:
    path = tmp_path / "layout.json"
    path.write_text(
        '{"event": "x", "stands": [{"request_id": "a", "hall": "h1", "x": 0, '
        '"y": 0, "width": 3, "depth": 3}]}'
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layout = load_layout(path)
    assert layout.stands[0].area == 9.0
    assert layout.unplaced == []


def _venue_yaml(tmp_path: Path, hall: str) -> Path:
    path = tmp_path / "venue.yaml"
    path.write_text(f"id: v\nhalls:\n{hall}")
    return path


HALL = (
    "  - id: {hid}\n"
    "    outline: [[0, 0], [40, 0], [40, 30], [0, 30]]\n"
    "    ceiling_height_m: 8\n"
    "{extra}"
    "    exits:\n"
    "      - {{id: {eid}, at: [20, 0], width: 4, kind: {kind}}}\n"
)


def test_a_key_given_twice_in_a_yaml_mapping_is_bad_input(tmp_path: Path) -> None:
    """The second `ceiling_height_m` silently won; unknown keys are errors, so is this."""
    extra = "    ceiling_height_m: 12\n"
    path = _venue_yaml(tmp_path, HALL.format(hid="a", extra=extra, eid="E1", kind="exit"))
    with pytest.raises(InputError) as caught:
        load_venue(path)
    [message] = caught.value.messages
    assert "venue.yaml: line 6, column 5:" in message
    assert "key 'ceiling_height_m' given twice in one mapping (first on line 5)" in message


def test_yaml_aliases_that_expand_past_a_million_values_are_refused_at_once(
    tmp_path: Path,
) -> None:
    """420 bytes of nested aliases expand to 9^9 values, which the checks walked for
    minutes; a file of merged anchors as people use them still reads."""
    levels = ["a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    for k in range(1, 9):
        levels.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]")
    path = tmp_path / "venue.yaml"
    path.write_text("\n".join(levels) + "\nid: v\nhalls: []\n")
    with pytest.raises(InputError) as caught:
        load_venue(path)
    assert "more than 1,000,000 values once its aliases (*name) are expanded" in str(caught.value)
    door = "&door {id: E1, at: [20, 0], width: 4}"
    hall = HALL.format(hid="a", extra="", eid="E1", kind="exit").replace(
        "{id: E1, at: [20, 0], width: 4, kind: exit}", door
    )
    hall += hall.replace("- id: a", "- id: b").replace(door, "*door")
    assert [h.id for h in load_venue(_venue_yaml(tmp_path, hall)).halls] == ["a", "b"]


def test_exit_kinds_read_in_any_case_and_a_numeric_id_asks_for_quotes(tmp_path: Path) -> None:
    """`kind: Entrance` means what it says; `id: 5` is a number to YAML (and `07` the number
    7), so only quotes keep an id's text: the error says so."""
    hall = HALL.format(hid="a", extra="", eid="E1", kind="' Entrance'")
    assert load_venue(_venue_yaml(tmp_path, hall)).halls[0].exits[0].kind == "entrance"
    hall = HALL.format(hid="07", extra="", eid="E1", kind="exit")
    with pytest.raises(InputError) as caught:
        load_venue(_venue_yaml(tmp_path, hall))
    assert "halls[0].id: must be text, got 7 (write it in quotes: '7')" in str(caught.value)


def test_yaml_merge_keys_still_merge_and_may_be_overridden(tmp_path: Path) -> None:
    """`<<: *door` is YAML's merge, not a key given twice; a key after it overrides."""
    door = "      - {id: E1, at: [20, 0], width: 4, kind: exit}\n"
    hall = HALL.format(hid="a", extra="", eid="E1", kind="exit").replace(
        door,
        "      - &door {id: E1, at: [20, 0], width: 4, kind: exit}\n"
        "      - {<<: *door, id: E2, at: [0, 15]}\n",
    )
    first, second = load_venue(_venue_yaml(tmp_path, hall)).halls[0].exits
    assert (second.id, second.at, second.width) == ("E2", (0, 15), 4)
    assert first.id == "E1"


def test_empty_cells_past_the_last_column_are_no_error(tmp_path: Path) -> None:
    """A spreadsheet leaves `,,` at the end of a row someone once typed beyond the table:
    empty, so nothing is lost; a row with a value there still is an error."""
    path = tmp_path / "exhibitors.csv"
    path.write_text("id,name,area_m2\na,Acme,36,, \nb,Bolt,18\n")
    assert [r.id for r in load_requests(path, warn=pytest.fail)] == ["a", "b"]
    path.write_text("id,name,area_m2\na,Acme,36,,9\n")
    with pytest.raises(InputError, match="row 2: has 5 cells, the header has 3"):
        load_requests(path, warn=pytest.fail)


def test_a_windows_path_to_the_exhibitor_list_is_read(tmp_path: Path) -> None:
    """`exhibitors: data\\exhibitors.csv`, as a planner on Windows writes it."""
    import shutil

    data = Path(__file__).parents[1] / "data" / "simple"
    (tmp_path / "data").mkdir()
    shutil.copy(data / "venue.yaml", tmp_path / "venue.yaml")
    shutil.copy(data / "exhibitors.csv", tmp_path / "data" / "exhibitors.csv")
    text = (data / "event.yaml").read_text()
    assert "exhibitors: exhibitors.csv" in text
    (tmp_path / "event.yaml").write_text(
        text.replace("exhibitors: exhibitors.csv", "exhibitors: data\\exhibitors.csv")
    )
    event = load_event(tmp_path / "event.yaml", warn=pytest.fail)
    assert len(event.requests) == len(load_requests(data / "exhibitors.csv"))


def test_a_rules_section_with_every_key_commented_out_keeps_the_defaults(tmp_path: Path) -> None:
    import shutil

    data = Path(__file__).parents[1] / "data" / "simple"
    for name in ("venue.yaml", "exhibitors.csv"):
        shutil.copy(data / name, tmp_path / name)
    text = (data / "event.yaml").read_text()
    (tmp_path / "event.yaml").write_text(
        "\n".join(ln for ln in text.splitlines() if not ln.startswith(("rules", "solver", "  ")))
        + "\nrules:\n  # aisle_width_m: 4\nsolver:\n"
    )
    event = load_event(tmp_path / "event.yaml", warn=pytest.fail)
    assert event.rules.aisle_width_m == 3.0


def test_a_row_typed_short_reads_its_missing_end_cells_as_empty_and_says_so(
    tmp_path: Path,
) -> None:
    """`moss,Moss Recycling,18` under a header of six columns, as people type CSV by hand:
    the cells left off its end are empty ones, read as such, with one warning for all."""
    path = tmp_path / "exhibitors.csv"
    path.write_text(
        "id,name,area_m2,booth_type,tier,hall\n"
        "byd,BYD,400,island,3,h1\n"
        "moss,Moss Recycling,18\n"
        "kite,Kite Telematics,36,inline\n"
    )
    warnings: list[str] = []
    got = load_requests(path, warn=warnings.append)
    assert [(r.id, r.area_m2, r.booth_type, r.tier, r.hall) for r in got] == [
        ("byd", 400.0, "island", 3, "h1"),
        ("moss", 18.0, None, 0, None),
        ("kite", 36.0, "inline", 0, None),
    ]
    (warning,) = warnings
    assert "2 row(s) stop short of the header's 6 columns" in warning
    assert "(row 3 after area_m2; 4 after booth_type)" in warning


def test_a_quoted_line_break_in_a_short_row_is_no_unclosed_quote(tmp_path: Path) -> None:
    """A name typed on two lines in Excel (Alt+Enter) is quoted and closed: read as it is."""
    path = tmp_path / "exhibitors.csv"
    path.write_text('id,name,area_m2,tier\na,"Acme\nGmbH",36\nb,Bolt,18,1\n')
    got = load_requests(path, warn=lambda message: None)
    assert [(r.id, r.name) for r in got] == [("a", "Acme\nGmbH"), ("b", "Bolt")]


def test_thousands_grouped_with_dots_are_said_with_a_unit_too(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.csv"
    path.write_text("id;name;area_m2\nbmw;BMW;1.200 m²\n")
    warnings: list[str] = []
    assert load_requests(path, warn=warnings.append)[0].area_m2 == 1.2
    assert any("'1.200' read as 1.2" in w for w in warnings)


def test_a_short_row_that_does_not_read_says_it_is_short(tmp_path: Path) -> None:
    """A cell left out in the middle shifts the rest: the error says the row was short."""
    path = tmp_path / "exhibitors.csv"
    path.write_text("id,name,area_m2,booth_type,tier\nc1,Chip Co,36,2\n")
    with pytest.raises(InputError) as err:
        load_requests(path, warn=pytest.fail)
    (message,) = err.value.messages
    assert "row 2 (c1), booth_type" in message
    assert "the row has 4 cells where the header has 5" in message


def test_a_quote_never_closed_is_named_not_counted(tmp_path: Path) -> None:
    """`atlas,"Atlas Mobility,120` reads the rest of the file as one cell: the row that
    opened the quote is named, not reported as a row of two cells."""
    path = tmp_path / "exhibitors.csv"
    path.write_text(
        'id,name,area_m2,tier\nnova,Nova,150,2\natlas,"Atlas Mobility,120,2\nlark,Lark,27,0\n'
    )
    with pytest.raises(InputError) as err:
        load_requests(path, warn=pytest.fail)
    (message,) = err.value.messages
    assert 'row 3: a quote (") opened in this row is never closed' in message


@pytest.mark.parametrize(
    "header, cells, expected",
    [
        ("area_m2", "36 m²", 36.0),
        ("area_m2", "36m2", 36.0),
        ("Area (m²)", "12.5 sqm", 12.5),
        ("Area m²", "36", 36.0),
        ("width_m", "6m", 6.0),
        ("Width [m]", " 6 m ", 6.0),
    ],
)
def test_a_number_with_its_columns_unit_reads_as_the_number(
    header: str, cells: str, expected: float, tmp_path: Path
) -> None:
    path = tmp_path / "exhibitors.csv"
    if header.lower().startswith("area"):
        path.write_text(f'id,name,"{header}"\na,Acme,"{cells}"\n')
        assert load_requests(path, warn=pytest.fail)[0].area_m2 == expected
    else:
        path.write_text(f'id,name,area_m2,depth_m,"{header}"\na,Acme,36,6,"{cells}"\n')
        assert load_requests(path, warn=pytest.fail)[0].width_m == expected


def test_a_unit_of_another_column_is_still_an_error(tmp_path: Path) -> None:
    """`36 m` in area_m2 is a length where an area belongs: not guessed."""
    path = tmp_path / "exhibitors.csv"
    path.write_text("id,name,area_m2\na,Acme,36 m\n")
    with pytest.raises(InputError, match="row 2 \\(a\\), area_m2"):
        load_requests(path, warn=pytest.fail)


def test_a_decimal_comma_with_a_unit_in_a_semicolon_file(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.csv"
    path.write_text("id;name;Fläche;area_m2\na;Acme;x;12,5 m²\n")
    got = load_requests(path, warn=lambda message: None)
    assert got[0].area_m2 == 12.5


def _copy_simple(tmp_path: Path) -> Path:
    for f in SIMPLE.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    return tmp_path / "event.yaml"


def test_an_event_saved_as_notepads_unicode_reads(tmp_path: Path) -> None:
    """UTF-16 with a byte-order mark (Notepad's "Unicode"), which YAML allows."""
    event = _copy_simple(tmp_path)
    event.write_bytes(event.read_text(encoding="utf-8").encode("utf-16"))
    assert load_event(event, warn=pytest.fail).name == load_event(SIMPLE / "event.yaml").name


def test_an_event_saved_as_ansi_names_the_line_and_says_how_to_save_it(tmp_path: Path) -> None:
    event = _copy_simple(tmp_path)
    text = event.read_text(encoding="utf-8")
    event.write_bytes(("# Salon de l'automobile\n# Café\n" + text).encode("cp1252"))
    with pytest.raises(InputError) as err:
        load_event(event)
    (message,) = err.value.messages
    assert (
        "event.yaml: line 2: is not UTF-8 text" in message and "save the file as UTF-8" in message
    )


def test_a_tab_in_yaml_says_yaml_wants_spaces(tmp_path: Path) -> None:
    event = _copy_simple(tmp_path)
    event.write_text(event.read_text() + "rules:\n\taisle_width_m: 3\n")
    with pytest.raises(InputError) as err:
        load_event(event)
    (message,) = err.value.messages
    assert "YAML wants spaces, not tabs" in message and "line" in message


@pytest.mark.parametrize(
    "name, needle",
    [
        ("exhibitors.csv", "is an exhibitor list, not an event file"),
        ("venue.yaml", "looks like a venue"),
        ("layout.json", "looks like a layout"),
    ],
)
def test_another_file_passed_as_the_event_is_named_as_what_it_is(
    name: str, needle: str, tmp_path: Path
) -> None:
    _copy_simple(tmp_path)
    (tmp_path / "layout.json").write_text('{"event": "Simple", "stands": []}')
    with pytest.raises(InputError) as err:
        load_event(tmp_path / name)
    (message,) = err.value.messages
    assert needle in message and "pass the event YAML" in message


def test_an_event_passed_as_the_layout_is_named_yaml(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"is YAML, not a layout\.json"):
        load_layout(_copy_simple(tmp_path))


def test_a_hall_cell_may_name_the_hall_as_the_venue_names_it(tmp_path: Path) -> None:
    """`Hall 2` or `H2` for the hall whose id is `h2`, as organisers fill that column."""
    event = _copy_simple(tmp_path)
    csv_path = tmp_path / "exhibitors.csv"
    lines = csv_path.read_text().splitlines()
    lines[1] = lines[1].replace(",,,,,10,,", ",,Hall 2,,,10,,")
    lines[2] = lines[2].replace(",,,,,,,b2", ",,H2,,,,,b2")
    csv_path.write_text("\n".join(lines) + "\n")
    got = {r.id: r.hall for r in load_event(event, warn=pytest.fail).requests}
    assert got["big"] == "h2" and got["b1"] == "h2"
    lines[1] = lines[1].replace(",Hall 2,", ",Hall 7,")
    csv_path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        load_event(event)
    (message,) = err.value.messages
    assert "row 2 (big), hall" in message and "the venue's halls: h1, h2, or their names" in message


def test_columns_drawn_into_the_walls_are_read_and_said(tmp_path: Path) -> None:
    """Pilasters half in the wall, as plans draw them: the venue reads, with one warning."""
    event = _copy_simple(tmp_path)
    venue = tmp_path / "venue.yaml"
    venue.write_text(
        venue.read_text().replace(
            "columns: [[20, 15, 1, 1]]",
            "columns: [[20, 15, 1, 1], [-0.5, 20, 1, 1], [39.5, 5, 1, 1]]",
        )
    )
    warnings: list[str] = []
    hall = load_event(event, warn=warnings.append).venue.hall("h1")
    assert [c.bounds for c in hall.column_shapes[1:]] == [(0, 20, 0.5, 21), (39.5, 5, 40, 6)]
    (warning,) = warnings
    assert (
        "h1: 2 column(s) or keep-out(s) reach outside the outline (column 1, column 2)" in warning
    )


def test_a_locked_cell_of_another_word_leaves_the_stand_unlocked(tmp_path: Path) -> None:
    # `locked` is this tool's column; the contract ignores extra columns, so no exit 2.
    path = tmp_path / "x.csv"
    path.write_text("id,name,area_m2,locked\na,A,9,pending\n")
    seen: list[str] = []
    assert load_requests(path, warn=seen.append)[0].locked is False
    assert seen == [f"{path} row 2, locked: 'pending' is neither yes nor no; read as not locked"]


def test_a_pavilion_is_any_name_and_a_zero_need_asks_for_nothing(tmp_path: Path) -> None:
    """Both were refused (exit 2): a pavilion had to be id-like, and 0 kN/m2 or 0 m is how
    spreadsheets leave a needs column empty."""
    path = tmp_path / "x.csv"
    path.write_text(
        "id,name,area_m2,pavilion,floor_load_kn_m2,height_m\n"
        "a,A,9, German Pavilion ,0,0\nb,B,9,German Pavilion,5,\n"
    )
    a, b = load_requests(path, warn=pytest.fail)
    assert a.pavilion == b.pavilion == "German Pavilion"
    assert (a.floor_load_kn_m2, a.height_m, b.floor_load_kn_m2) == (None, None, 5)


def test_keep_apart_naming_a_cancelled_request_leaves_it_out(tmp_path: Path) -> None:
    """b2 cancelled, its row deleted: b1's cell still names it. It was refused (exit 2)."""
    event = _copy_simple(tmp_path)
    csv = tmp_path / "exhibitors.csv"
    csv.write_text("\n".join(x for x in csv.read_text().splitlines() if not x.startswith("b2,")))
    seen: list[str] = []
    loaded = load_event(event, warn=seen.append)
    assert loaded.request_by_id["b1"].keep_apart == ()
    assert seen == [f"{csv}: b1: keep_apart names no request 'b2'; left out"]


def test_rows_no_stand_can_satisfy_are_said_when_the_event_is_read(tmp_path: Path) -> None:
    event = _copy_simple(tmp_path)
    event.write_text(event.read_text().replace("exhibitors:", "halls: [h1]\nexhibitors:", 1))
    csv = tmp_path / "exhibitors.csv"
    text = csv.read_text()
    text = text.replace("c1,Chip Co,36,peninsula,2,chip,,,", "c1,Chip Co,36,peninsula,2,chip,,h2,")
    text = text.replace("s1,Small One,12,,0,radar,,,4,3,", "s1,Small One,12,,0,radar,,,5,3,")
    csv.write_text(text)
    seen: list[str] = []
    load_event(event, warn=seen.append)
    assert seen == [
        f"{csv}: c1: hall h2 is not one of the event's halls (h1); it stays unplaced",
        f"{csv}: s1: exact size 5 x 3 m = 15 m2 is not within 10% of area_m2 12; it stays unplaced",
    ]


def test_keys_a_layout_does_not_have_are_ignored_with_a_warning(tmp_path: Path) -> None:
    """layout.json is edited by hand: a planner's note on a stand, a comment at the top
    were refused (exit 2)."""
    path = tmp_path / "layout.json"
    stand = {"request_id": "a", "hall": "h1", "x": 0, "y": 0, "width": 3, "depth": 3}
    path.write_text(
        json.dumps(
            {
                "event": "E",
                "comment": "draft 3",
                "stands": [{**stand, "note": "by the door"}, {**stand, "note": "x"}],
                "unplaced": [{"request_id": "b", "reason": "full", "by": "me"}],
            }
        )
    )
    seen: list[str] = []
    layout = load_layout(path, warn=seen.append)
    assert len(layout.stands) == 2 and layout.unplaced[0].reason == "full"
    assert seen == [
        f"{path}: ignoring key(s) a layout does not have: comment, stands[].note (2 times), "
        "unplaced[].by"
    ]
