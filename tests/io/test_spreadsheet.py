"""Exhibitor spreadsheets as offices write them: dialects, encodings, header spellings, .xlsx.

The round-trip property is the acceptance test of issue 13: the same requests
written in every supported dialect come back as identical `Request` models.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floorplan.io import InputError, load_requests
from floorplan.io.spreadsheet import canonical, resembles
from floorplan.model import Request

WESTERN_NAMES = [
    "Big Motors",
    "Société Générale Mobilité",
    "Müller Antriebstechnik GmbH",
    "Øresund Batteri A/S",
    "Peugeot Citroën Pièces",
    "Fábrica Española de Señales",
    "Straßenbahn Zürich AG",
    'Škoda-free Ltd, "quoted"',
    "Café Électrique; Lyon",
]
WIDE_NAMES = ["比亞迪汽車", "長城汽車 Great Wall", "Hyundai 현대", "Тесла Россия"]
"""Names no Western code page holds: for the Unicode dialects only."""

COLUMNS = ["id", "name", "area_m2", "booth_type", "tier", "category", "keep_apart", "locked"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]


def spellings(column: str) -> st.SearchStrategy[str]:
    """How offices spell a header: case, spaces, hyphens, surrounding blanks."""
    return st.sampled_from(
        [
            column,
            column.upper(),
            column.replace("_", " ").title(),
            column.replace("_", "-"),
            f"  {column.replace('_', ' ')} ",
        ]
    )


@st.composite
def request_sets(draw: st.DrawFn, wide: bool) -> list[Request]:
    names = WESTERN_NAMES + (WIDE_NAMES if wide else [])
    n = draw(st.integers(1, 6))
    ids = [f"r{i}" for i in range(n)]
    out = []
    for rid in ids:
        others = [o for o in ids if o != rid]
        out.append(
            Request(
                id=rid,
                name=draw(st.sampled_from(names)),
                area_m2=draw(st.integers(900, 200_000)) / 100,
                booth_type=draw(st.sampled_from([None, "inline", "corner", "peninsula", "island"])),
                tier=draw(st.integers(0, 9)),
                category=draw(st.sampled_from([None, "carmaker", "battery", "adas"])),
                keep_apart=tuple(draw(st.lists(st.sampled_from(others), unique=True, max_size=2)))
                if others
                else (),
                locked=draw(st.booleans()),
            )
        )
    return out


def _cell(req: Request, column: str, decimal_comma: bool) -> Any:
    value = getattr(req, column)
    if value is None:
        return ""
    if column == "keep_apart":
        return ";".join(value)
    if column == "locked":
        return "yes" if value else ""
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def write_csv(
    path: Path,
    requests: list[Request],
    header: list[str],
    delimiter: str,
    encoding: str,
    newline: str,
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    for req in requests:
        writer.writerow([_cell(req, c, delimiter == ";") for c in COLUMNS])
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, requests: list[Request], header: list[str], sheet: str) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notes"  # the wanted sheet is not the first one
    ws = book.create_sheet(sheet)
    ws.append(header)
    for req in requests:
        row: list[Any] = []
        for column in COLUMNS:
            value = getattr(req, column)
            if column == "keep_apart":
                row.append(";".join(value) or None)
            elif column == "locked":
                row.append(value)  # a real boolean cell
            else:
                row.append(value)  # numbers as numbers, None as an empty cell
        ws.append(row)
    book.save(path)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_dialect_gives_the_same_requests(data: st.DataObject, tmp_path: Path) -> None:
    encoding = data.draw(st.sampled_from(ENCODINGS), label="encoding")
    requests = data.draw(request_sets(wide=encoding.startswith("utf")), label="requests")
    header = [data.draw(spellings(c), label=c) for c in COLUMNS]
    delimiter = data.draw(st.sampled_from([",", ";", "\t"]), label="delimiter")
    newline = data.draw(st.sampled_from(["\n", "\r\n"]), label="newline")
    path = tmp_path / "exhibitors.csv"
    write_csv(path, requests, header, delimiter, encoding, newline)
    warnings: list[str] = []
    assert load_requests(path, warn=warnings.append) == requests
    raw = path.read_bytes()
    if encoding == "cp1252" and any(b > 127 for b in raw):
        assert len(warnings) == 1 and "read as Windows-1252" in warnings[0], warnings
    else:
        assert warnings == []
    book = tmp_path / "exhibitors.xlsx"
    write_xlsx(book, requests, header, "Exhibitors 2025")
    assert load_requests(Path(f"{book}#Exhibitors 2025"), warn=pytest.fail) == requests


def test_headers_as_offices_capitalise_them_lose_nothing(tmp_path: Path) -> None:
    """Issue 13, row 1: every tier, booth type and keep-apart pair arrives."""
    path = tmp_path / "exhibitors.csv"
    path.write_text(
        "ID,Name,Area_m2,Tier,Booth_Type,Keep_Apart\n"
        "byd,BYD,400,3,island,gwm\n"
        "gwm,Great Wall,300,2,peninsula,byd\n"
        "tiny,Tiny Co,9,0,inline,\n"
    )
    got = load_requests(path, warn=pytest.fail)
    assert [(r.id, r.tier, r.booth_type, r.keep_apart) for r in got] == [
        ("byd", 3, "island", ("gwm",)),
        ("gwm", 2, "peninsula", ("byd",)),
        ("tiny", 0, "inline", ()),
    ]


def test_a_csv_as_european_excel_saves_it(tmp_path: Path) -> None:
    """Issue 13, row 2: `;`, decimal commas and Windows-1252, with a warning naming the guess."""
    path = tmp_path / "exhibitors.csv"
    text = (
        "id;name;area_m2;tier;booth_type;keep_apart\r\n"
        'psa;Peugeot Citroën Pièces détachées;12,5;1;corner;"vw;bmw"\r\n'
        "vw;Volkswagen Zubehör Straße;36;2;;\r\n"
        "bmw;Bayerische Motoren Werke;1234,75;3;island;\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    warnings: list[str] = []
    got = load_requests(path, warn=warnings.append)
    assert [(r.id, r.name, r.area_m2, r.keep_apart) for r in got] == [
        ("psa", "Peugeot Citroën Pièces détachées", 12.5, ("vw", "bmw")),
        ("vw", "Volkswagen Zubehör Straße", 36.0, ()),
        ("bmw", "Bayerische Motoren Werke", 1234.75, ()),
    ]
    assert len(warnings) == 1
    assert "exhibitors.csv" in warnings[0] and "Windows-1252" in warnings[0]


def test_thousands_grouped_with_dots_are_never_read_silently(tmp_path: Path) -> None:
    """`1.200` may be 1.2 or 1,200: read as 1.2 (a `;` file may use decimal points too:
    `6.000` is 6), but said, naming the row and what to write for 1,200 (a car maker's
    1,200 m2 was read as 1.2 m2 and left out without a word)."""
    path = tmp_path / "exhibitors.csv"
    for text in (
        "id;name;area_m2\nvw;Volkswagen;36\nbmw;BMW;1.200\n",
        "id,name,area_m2\nvw,Volkswagen,36\nbmw,BMW,1.200\n",
    ):
        path.write_text(text)
        warnings: list[str] = []
        got = load_requests(path, warn=warnings.append)
        assert [r.area_m2 for r in got] == [36.0, 1.2]
        assert len(warnings) == 1 and "row 3, area_m2: '1.200' read as 1.2" in warnings[0]
        assert "write 1200" in warnings[0]


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.txt"
    path.write_bytes("id\tname\tarea_m2\nbyd\t比亞迪汽車\t400\n".encode("utf-16"))
    assert load_requests(path, warn=pytest.fail)[0].name == "比亞迪汽車"


@pytest.mark.parametrize(
    "header, resembled",
    [
        ("tier_", "tier"),
        ("tiers", "tier"),
        ("boothtype", "booth_type"),
        ("keep__apart", "keep_apart"),
    ],
)
def test_a_column_that_looks_like_a_known_one_is_ignored_with_a_hint(
    header: str, resembled: str, tmp_path: Path
) -> None:
    """CONTRACT.md: extra columns are ignored with a warning, a misspelt one too (it was
    refused, exit 2); the warning says what to rename it to."""
    path = tmp_path / "exhibitors.csv"
    path.write_text(f"id,name,area_m2,{header}\na,A,9,2\n")
    seen: list[str] = []
    (request,) = load_requests(path, warn=seen.append)
    assert request.tier == 0 and request.booth_type is None and request.keep_apart == ()
    (message,) = seen
    assert "exhibitors.csv: ignoring unknown column(s)" in message and header in message
    assert f"looks like {resembled}: rename it to {resembled} to have it read" in message


def test_a_column_given_twice_is_read_once(tmp_path: Path) -> None:
    """`Name` beside `name`, `Area (m2)` beside `area_m2`: the first is read, the second
    ignored with a warning (CONTRACT.md's extra columns; it was refused)."""
    path = tmp_path / "exhibitors.csv"
    path.write_text("id,name,area_m2,Name,Area (m2)\na,Acme,9,ACME Ltd,12\n")
    seen: list[str] = []
    (request,) = load_requests(path, warn=seen.append)
    assert (request.name, request.area_m2) == ("Acme", 9)
    assert [m.split(": ", 1)[1][:26] for m in seen] == [
        "column 'Name' is name agai",
        "column 'Area (m2)' is area",
    ]


def test_booth_type_with_a_space_is_booth_type() -> None:
    assert canonical(" Booth Type ") == "booth_type"
    assert canonical("keep-apart") == "keep_apart"
    assert resembles("notes", ["id", "name", "area_m2", "tier"]) is None


def test_a_misspelt_required_column_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.csv"
    path.write_text("id,name,area\na,A,9\n")
    with pytest.raises(InputError, match="'area' looks like area_m2"):
        load_requests(path)


def test_xlsx_first_sheet_by_default(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["ID", "Name", "Area m2", "Tier", None, None])  # formatting past the last column
    ws.append(["a", "Alpha", 12.5, 2])
    ws.append([None, None, None, None])  # a blank row between entries
    ws.append(["b", "Beta", 9, 0])
    book.save(path)
    got = load_requests(path, warn=pytest.fail)
    assert [(r.id, r.area_m2, r.tier) for r in got] == [("a", 12.5, 2), ("b", 9.0, 0)]


def test_xlsx_notes_before_the_list_are_passed_over_and_said(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.xlsx"
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["How to fill in this workbook"])
    notes.append(["Area in square metres", "Tier 0 is premium"])
    ws = book.create_sheet("Exhibitors")
    ws.append(["id", "name", "area_m2"])
    ws.append(["a", "Alpha", 12.5])
    bad = book.create_sheet("Wrong")
    bad.append(["id", "name", "area_m2"])
    bad.append(["a", "Alpha", -1])
    book.save(path)
    said: list[str] = []
    got = load_requests(path, warn=said.append)
    assert [(r.id, r.area_m2) for r in got] == [("a", 12.5)]
    assert said == [
        f"{path}: reading sheet 'Exhibitors', the first with a header of id,name,area_m2 "
        "(sheet 'Notes' has none); name the sheet after '#' to choose another"
    ]
    # Its rows' errors name the sheet read.
    ws.append(["b", "Beta", "lots"])
    book.save(path)
    with pytest.raises(InputError, match=r"exhibitors.xlsx#Exhibitors row 3"):
        load_requests(path, warn=said.append)


def test_a_workbook_without_the_header_on_any_sheet_names_its_sheets(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["read me"])
    book.create_sheet("List 2").append(["ID", "Company", "Size"])
    book.save(path)
    said: list[str] = []
    with pytest.raises(InputError) as caught:
        load_requests(path, warn=said.append)
    assert "looks like" not in str(caught.value)  # 'read me' is a note, not a header
    assert said == [
        f"{path}: no sheet has a header of id,name,area_m2 (its sheets: 'Notes', 'List 2'); "
        "reading the first"
    ]


def test_xlsx_errors_name_the_sheet_and_row(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Stands"
    book.active.append(["id", "name", "area_m2"])
    book.active.append(["a", "Alpha", "nine"])
    book.save(path)
    with pytest.raises(InputError) as err:
        load_requests(Path(f"{path}#Stands"))
    assert err.value.messages == [f'{path}#Stands row 2 (a), area_m2: must be a number, got "nine"']
    with pytest.raises(InputError, match="has no sheet 'Nope'; its sheets are: Stands"):
        load_requests(Path(f"{path}#Nope"))


@pytest.mark.parametrize(
    "name, body, needle",
    [
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old binary Excel workbook"),
        (
            "fake.xlsx",
            b"id,name,area_m2\n",
            "is CSV text, not an .xlsx workbook: rename it fake.csv",
        ),
        ("broken.xlsx", b"PK\x03\x04" + b"\0" * 100, "not an .xlsx workbook Excel could open"),
        ("list.ods", b"PK\x03\x04" + b"\0" * 100, "a LibreOffice .ods spreadsheet?"),
        ("garbage.csv", bytes(range(256)) * 64, "not text"),
        ("one-line.csv", b"x" * 200_000, "no line break"),
    ],
)
def test_files_that_are_no_spreadsheet(name: str, body: bytes, needle: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    with pytest.raises(InputError) as err:
        load_requests(path, warn=pytest.fail)
    assert name in err.value.messages[0] and needle in err.value.messages[0]


def test_a_huge_bad_file_stops_at_the_error_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: a garbage CSV stops after 20 errors without reading the rest."""
    path = tmp_path / "exhibitors.csv"
    with path.open("w") as f:
        f.write("id,name,area_m2\n")
        for i in range(200_000):
            f.write(f"r{i},R,not-a-number-{i}\n")
    validated = 0
    real = Request.model_validate

    def counting(data: Any) -> Request:
        nonlocal validated
        validated += 1
        return real(data)

    monkeypatch.setattr(Request, "model_validate", counting)
    with pytest.raises(InputError) as err:
        load_requests(path)
    assert validated == 20
    assert len(err.value.messages) == 21
    assert "stopped after 20 errors without reading the rest" in err.value.messages[-1]


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_excels_sep_line_names_the_delimiter(sep: str, tmp_path: Path) -> None:
    """Excel writes (and reads) a first line `sep=;`: the header is the line after it, and
    row numbers still count the file's lines."""
    path = tmp_path / "exhibitors.csv"
    area = "12,5" if sep == ";" else "12.5"
    rows = [["id", "name", "area_m2"], ["vw", "Volkswagen", area], ["bmw", "BMW", "x"]]
    path.write_text(f"sep={sep}\n" + "".join(sep.join(r) + "\n" for r in rows))
    with pytest.raises(InputError) as caught:
        load_requests(path, warn=pytest.fail)
    assert "row 4 (bmw), area_m2:" in caught.value.messages[0]
    path.write_text(f"\ufeffsep={sep}\n" + "".join(sep.join(r) + "\n" for r in rows[:2]))
    assert [(r.id, r.area_m2) for r in load_requests(path, warn=pytest.fail)] == [("vw", 12.5)]


def test_a_title_above_the_header_is_skipped_and_said(tmp_path: Path) -> None:
    """Organisers' lists open with a title and a date: the header is the first row that
    names id, name and area_m2, within the first ten; row numbers stay the sheet's."""
    path = tmp_path / "exhibitors.csv"
    path.write_text(
        "Exhibitor list Hong Kong 2025;;\nas of 1 March;;\n;;\n"
        "id;name;area_m2\nvw;Volkswagen;36\nbmw;BMW;x\n"
    )
    warnings: list[str] = []
    with pytest.raises(InputError) as caught:
        load_requests(path, warn=warnings.append)
    assert "exhibitors.csv row 6 (bmw), area_m2:" in caught.value.messages[0]
    assert warnings == [f"{path}: the header is row 4; rows 1-3 above it (a title?) ignored"]
    book = openpyxl.Workbook()
    for row in (["Exhibitors 2025"], [], ["id", "name", "area_m2"], ["vw", "VW", 36]):
        book.active.append(row)
    book.save(tmp_path / "list.xlsx")
    warnings.clear()
    got = load_requests(tmp_path / "list.xlsx", warn=warnings.append)
    assert [(r.id, r.area_m2) for r in got] == [("vw", 36.0)]
    assert warnings == [
        f"{tmp_path / 'list.xlsx'}: the header is row 3; rows 1-2 above it (a title?) ignored"
    ]


def test_a_formula_without_a_saved_value_is_named(tmp_path: Path) -> None:
    """A workbook a program wrote (openpyxl, a report tool) holds formulas Excel never
    computed: a required cell reads as nothing, and was reported "required but missing".
    An optional one stays empty, as Excel saves a formula's empty result."""
    book = openpyxl.Workbook()
    rows = (
        ["id", "name", "area_m2", "width_m"],
        ["vw", '=CONCAT("V","W")', 36, '=IF(1=1,"",6)'],
        ["bmw", "BMW", "=12*10", None],
        ["kia", "Kia", 18, '=IF(1=1,"",6)'],
    )
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "list.xlsx")
    with pytest.raises(InputError) as caught:
        load_requests(tmp_path / "list.xlsx", warn=pytest.fail)
    assert [m.split("list.xlsx ")[1] for m in caught.value.messages] == [
        'row 2, name: the formula =CONCAT("V","W") has no saved value (a program wrote it '
        "without computing it): open and save the workbook in Excel",
        "row 3, area_m2: the formula =12*10 has no saved value (a program wrote it without "
        "computing it): open and save the workbook in Excel",
    ]
    book.active.delete_rows(2, 2)
    book.save(tmp_path / "list.xlsx")
    [kia] = load_requests(tmp_path / "list.xlsx", warn=pytest.fail)
    assert (kia.id, kia.width_m) == ("kia", None)


def test_rows_hidden_in_the_workbook_are_read_and_said(tmp_path: Path) -> None:
    """A cancelled exhibitor hidden rather than deleted (or a filter left on) is still in
    the file: read like the others, but the planner who did not see it is told."""
    path = tmp_path / "exhibitors.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Exhibitors 2026"])  # a title row, hidden: no exhibitor there
    ws.append(["id", "name", "area_m2"])
    for k in range(4):
        ws.append([f"e{k}", f"Firm {k}", 36])
    ws.row_dimensions[1].hidden = True
    ws.row_dimensions[4].hidden = True
    book.save(path)
    warnings: list[str] = []
    got = load_requests(path, warn=warnings.append)
    assert [r.id for r in got] == ["e0", "e1", "e2", "e3"]
    hidden = [w for w in warnings if "are hidden in the sheet" in w]
    assert len(hidden) == 1 and "row(s) 4 are hidden in the sheet" in hidden[0]


def test_a_workbook_named_csv_says_to_rename_it(tmp_path: Path) -> None:
    path = tmp_path / "exhibitors.csv"
    book = openpyxl.Workbook()
    book.active.append(["id", "name", "area_m2"])
    book.save(path)
    with pytest.raises(InputError) as err:
        load_requests(path, warn=pytest.fail)
    (message,) = err.value.messages
    assert "is an Excel workbook (.xlsx), not CSV text: rename it exhibitors.xlsx" in message
