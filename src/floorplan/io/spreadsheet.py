"""Exhibitor spreadsheets as offices write them: CSV in any common dialect, or .xlsx.

Planners export from Excel, LibreOffice or Google Sheets, in whatever locale
their machine runs. This module turns any of those into rows of text cells
under canonical column names, and nothing else: what a cell means is the
loader's business (`load.py`).

- Encoding: a byte-order mark decides (UTF-8, UTF-16 as Excel's "Unicode
  text" writes it); otherwise valid UTF-8 is UTF-8; otherwise
  charset-normalizer guesses, ties going to Windows-1252 (Western European
  Excel), and the caller is warned with the guess. A guess on a short file
  can be wrong, which is why it is named.
- Delimiter: `,`, `;` or tab, whichever splits the header into the most
  known column names.
- Header names: case, surrounding spaces, brackets round a unit, `²` for `2` and
  `-`, `/` or spaces for `_` do not matter (`Area (m²)` is `area_m2`).
- Decimal commas (`12,5`) are read in `;`-separated files, where European
  Excel writes them.
- `.xlsx`: the first sheet, or `file.xlsx#Sheet name`, via openpyxl.
- Rows are read lazily, so a caller that stops after the error cap never
  reads the rest of a huge file.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from floorplan.io.errors import InputError, display, first, open_input

SAMPLE_BYTES = 64 * 1024
"""Read first to guess encoding and delimiter; also the longest header line accepted."""

MAX_LINE_CHARS = 1024 * 1024
"""A spreadsheet row longer than this is not an exhibitor row: stop reading."""

DELIMITERS = (",", ";", "\t")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
RESEMBLANCE = 0.8
"""difflib ratio from which an unknown column counts as a misspelt known one."""

_SEPARATORS = re.compile(r"[\s\-/]+")
_BRACKETS = re.compile(r"[()\[\]]")
_SEP_LINE = re.compile(r"^sep=([^\w\"\r\n])\s*$", re.IGNORECASE)
"""The first line Excel writes (and reads) to name a CSV file's delimiter: `sep=;`."""
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")


def canonical(header: str) -> str:
    """`Booth Type`, ` booth-type ` and `BOOTH_TYPE` all read `booth_type`; a unit in
    brackets or written as offices write it reads as the contract's: `Area (m²)` and
    `Area m2` read `area_m2`, `Floor load [kN/m²]` reads `floor_load_kn_m2`."""
    text = _BRACKETS.sub(" ", header.replace("²", "2").lower()).strip()
    return _SEPARATORS.sub("_", text)


def resembles(name: str, known: Sequence[str], cutoff: float = RESEMBLANCE) -> str | None:
    """The known column an unknown header looks like a misspelling of, if any."""
    squashed = name.replace("_", "")
    for column in known:
        if squashed == column.replace("_", ""):
            return column
    close = difflib.get_close_matches(name, known, n=1, cutoff=cutoff)
    return close[0] if close else None


@dataclass
class Table:
    """A spreadsheet opened for reading: canonical header, then rows on demand."""

    label: str
    """How messages name the file: its path, plus `#sheet` for a chosen sheet."""
    header: list[str]
    """Canonical column names, in file order ('' for a blank header cell)."""
    raw_header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    """(row number as the spreadsheet shows it, cells as text)."""
    decimal_comma: bool = False
    typed: bool = False
    """Numbers arrive as numbers (a workbook's cells), not as the text someone typed."""
    notes: list[str] = field(default_factory=list)
    """Warnings about how the file was read (an encoding guess)."""
    close: Callable[[], None] = lambda: None


def split_sheet(path: Path) -> tuple[Path, str | None]:
    """`exhibitors.xlsx#Sheet 2` -> (exhibitors.xlsx, "Sheet 2")."""
    name = path.name
    if "#" in name:
        base, sheet = name.rsplit("#", 1)
        if base.lower().endswith(XLSX_SUFFIXES):
            return path.with_name(base), sheet
    return path, None


def open_table(path: Path, known: Sequence[str], required: Sequence[str] = ()) -> Table:
    """Open a CSV or .xlsx file of exhibitor rows; raises `InputError` naming the file.
    The header is the first row, or the first of the next `TITLE_ROWS` to hold every
    `required` column when the first does not."""
    file, sheet = split_sheet(path)
    suffix = file.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _open_xlsx(file, sheet, required)
    if suffix == ".xls":
        raise InputError.one(
            file, "is an old binary Excel workbook (.xls); save it as .xlsx or as CSV UTF-8"
        )
    return _open_csv(file, known, required)


# --- CSV ---------------------------------------------------------------------------------


def _read_sample(path: Path) -> tuple[IO[bytes], bytes]:
    stream = open_input(path)
    try:
        return stream, stream.read(SAMPLE_BYTES)
    except OSError as exc:
        stream.close()
        raise InputError.one(path, f"cannot be read ({exc.strerror})") from None


def detect_encoding(sample: bytes, complete: bool) -> tuple[str, str | None]:
    """(Python codec, warning or None) for a file starting with `sample`.

    `complete` says the sample is the whole file, so a multi-byte character
    cut at its end is an error rather than the sample boundary.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", None
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig", None
    from charset_normalizer import from_bytes

    matches = list(from_bytes(sample))
    if not matches:
        raise ValueError("not text")
    best = matches[0]
    # On a short file several code pages read equally cleanly, and the language score
    # that ranks them rests on a few letters (one "ü" ranked Baltic DOS cp775 first).
    # Windows-1252, the code page of Western European Excel, wins whenever
    # charset-normalizer finds it as clean as its best guess.
    clean = [m for m in matches if m.percent_chaos <= best.percent_chaos]
    western = any("cp1252" in (m.encoding, *m.could_be_from_charset) for m in clean)
    encoding = "cp1252" if western else best.encoding
    shown = "Windows-1252" if encoding == "cp1252" else encoding
    return encoding, (
        f"is not UTF-8; read as {shown} (charset-normalizer's guess): check names with "
        "accents, or save the file as 'CSV UTF-8' to be sure"
    )


def _lines(stream: IO[str], label: str) -> Iterator[str]:
    """Lines of at most MAX_LINE_CHARS: a garbage file cannot make one huge string."""
    while True:
        line = stream.readline(MAX_LINE_CHARS)
        if not line:
            return
        if len(line) == MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise _LineTooLong(label)
        yield line


class _LineTooLong(Exception):
    pass


UNSAVED = "\x00"
"""Marks a workbook cell read as its formula, which has no saved value: no text cell of a
workbook can hold it (XML has no NUL)."""

TITLE_ROWS = 10
"""Rows above the header a sheet may carry (a title, a date, a blank line)."""


def _header_line(lines: Sequence[str], required: Sequence[str]) -> tuple[int, str] | None:
    """The first of `lines` (after the first) that holds every required column name under
    some delimiter, and that delimiter: the header below a sheet's title rows."""
    for i, line in enumerate(lines):
        for delimiter in DELIMITERS:
            names = {canonical(c) for c in next(csv.reader([line], delimiter=delimiter), [])}
            if all(column in names for column in required):
                return (i, delimiter) if i else None
    return None


def _title_note(label: str, skip: int) -> str:
    rows = "row 1" if skip == 1 else f"rows 1-{skip}"
    return f"{label}: the header is row {skip + 1}; {rows} above it (a title?) ignored"


def _guess_delimiter(first_line: str, known: Sequence[str]) -> str:
    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return (sum(canonical(c) in known for c in cells), len(cells))

    return max(DELIMITERS, key=score)  # ties: the order of DELIMITERS


def _open_csv(path: Path, known: Sequence[str], required: Sequence[str]) -> Table:
    stream, sample = _read_sample(path)
    complete = len(sample) < SAMPLE_BYTES
    if sample.startswith(ZIP_MAGIC):
        stream.close()
        raise InputError.one(path, _zipped(path))
    try:
        encoding, note = detect_encoding(sample, complete)
    except ValueError:
        stream.close()
        raise InputError.one(
            path,
            "is not text in any encoding floorplan recognises (is it a spreadsheet saved "
            "as CSV?); save it as 'CSV UTF-8' or .xlsx",
        ) from None
    head = sample.decode(encoding, errors="replace")
    if not head.strip() and complete:
        stream.close()
        raise InputError.one(path, "is empty; expected a header row with id,name,area_m2")
    first_line = head.splitlines()[0] if head.strip() else ""
    if not complete and "\n" not in head and "\r" not in head:
        stream.close()
        raise InputError.one(
            path, f"has no line break in its first {SAMPLE_BYTES // 1024} KB: not a CSV file"
        )
    # Excel's `sep=;` line names the delimiter; the header is the next line. Or the header
    # is the first line that names the required columns, below a title or two.
    first_line = first_line.lstrip("\ufeff")
    hint = _SEP_LINE.match(first_line)
    found = None if hint else _header_line(head.splitlines()[: TITLE_ROWS + 1], required)
    skip, delimiter = (
        (1, hint.group(1)) if hint else found or (0, _guess_delimiter(first_line, known))
    )
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    label = display(path)
    lines = _lines(text, label)
    for _ in range(skip):
        next(lines, None)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        raw_header = next(reader, [])
    except (csv.Error, UnicodeDecodeError, _LineTooLong) as exc:
        text.close()
        raise InputError.one(
            path, f"the header row cannot be read ({_why(exc, encoding)})"
        ) from None
    if raw_header and raw_header[0].startswith("\ufeff"):
        raw_header[0] = raw_header[0][1:]

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = skip + 1
        try:
            for cells in reader:
                number += 1
                yield number, cells
        except (csv.Error, UnicodeDecodeError, _LineTooLong) as exc:
            raise InputError(
                [f"{label} row {number + 1}: cannot be read ({_why(exc, encoding)})"]
            ) from None

    notes = [f"{label}: {note}"] if note else []
    if skip and not hint:
        notes.append(_title_note(label, skip))
    return Table(
        label=label,
        header=[canonical(h) for h in raw_header],
        raw_header=[h.strip() for h in raw_header],
        rows=rows(),
        decimal_comma=delimiter == ";",
        notes=notes,
        close=text.close,
    )


ZIP_MAGIC = b"PK\x03\x04"
"""How an .xlsx file (a zip archive) starts."""


def _zipped(path: Path) -> str:
    """What to say of a zip archive read as CSV: a workbook under another name, or
    LibreOffice's .ods, which floorplan does not read."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        names = []
    if any(name.startswith("xl/") for name in names):
        return (
            f"is an Excel workbook (.xlsx), not CSV text: rename it {path.stem}.xlsx and "
            "change `exhibitors:` in the event file"
        )
    return (
        "is a zip archive, not CSV text (a LibreOffice .ods spreadsheet?): save it as .xlsx "
        "or as CSV"
    )


def _reads_as_text(path: Path) -> bool:
    """Whether the file's start is text with a line break: a CSV file, whatever its name."""
    try:
        with path.open("rb") as stream:
            sample = stream.read(SAMPLE_BYTES)
        encoding, _ = detect_encoding(sample, len(sample) < SAMPLE_BYTES)
    except (OSError, ValueError):
        return False
    text = sample.decode(encoding, errors="replace")
    return "\n" in text and "\ufffd" not in text and "\x00" not in text


def _why(exc: Exception, encoding: str) -> str:
    if isinstance(exc, UnicodeDecodeError):
        shown = "UTF-8" if encoding.startswith("utf-8") else encoding
        return f"not {shown} text; save the file as 'CSV UTF-8'"
    if isinstance(exc, _LineTooLong):
        return f"a line longer than {MAX_LINE_CHARS // (1024 * 1024)} MB: not a CSV row"
    return f"not valid CSV: {exc}"


def decimal(cell: str) -> str:
    """`12,5` -> `12.5` (for numeric columns of `;`-separated files)."""
    stripped = cell.strip()
    return stripped.replace(",", ".") if _DECIMAL_COMMA.match(stripped) else cell


# --- xlsx --------------------------------------------------------------------------------


def _xlsx_text(value: Any) -> str:
    """A cell as the text a CSV export would hold, so one parser serves both."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _holds_header(row: Sequence[Any], required: Sequence[str]) -> bool:
    names = {canonical(_xlsx_text(v)) for v in row}
    return bool(required) and all(c in names for c in required)


def _first_with(sheets: Sequence[Any], required: Sequence[str]) -> Any:
    """The first worksheet whose top rows hold the required columns' header, or None: a
    workbook may open on a sheet of notes or instructions before the exhibitor list."""
    for ws in sheets:
        if any(
            _holds_header(r, required)
            for r in ws.iter_rows(max_row=TITLE_ROWS + 1, values_only=True)
        ):
            return ws
    return None


def _open_xlsx(path: Path, sheet: str | None, required: Sequence[str]) -> Table:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError.one(path, "file not found") from None
    except IsADirectoryError:
        raise InputError.one(path, "is a directory, expected a file") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        if isinstance(exc, zipfile.BadZipFile) and _reads_as_text(path):
            raise InputError.one(
                path,
                f"is CSV text, not an .xlsx workbook: rename it {path.stem}.csv and change "
                "`exhibitors:` in the event file",
            ) from None
        raise InputError.one(
            path, f"is not an .xlsx workbook Excel could open ({type(exc).__name__}: {exc})"
        ) from None
    chose: list[str] = []
    if sheet is None:
        if not book.worksheets:
            book.close()
            raise InputError.one(path, "has no worksheet")
        found = _first_with(book.worksheets, required)
        ws = found or book.worksheets[0]
        label = display(path)
        if found is None and len(book.worksheets) > 1:
            chose.append(
                f"{display(path)}: no sheet has a header of {','.join(required)} (its sheets: "
                f"{', '.join(repr(w.title) for w in book.worksheets)}); reading the first"
            )
        if ws is not book.worksheets[0]:
            label = f"{display(path)}#{ws.title}"
            chose.append(
                f"{display(path)}: reading sheet {ws.title!r}, the first with a header of "
                f"{','.join(required)} (sheet {book.worksheets[0].title!r} has none); name "
                f"the sheet after '#' to choose another"
            )
    elif sheet in book.sheetnames:
        ws = book[sheet]
        label = f"{display(path)}#{sheet}"
    else:
        names = ", ".join(book.sheetnames)
        book.close()
        raise InputError.one(path, f"has no sheet {sheet!r}; its sheets are: {names}")
    # A formula a program wrote has no saved value (data_only reads None): in a required
    # column the formula is read instead, marked (`UNSAVED`) for the loader to name, rather
    # than "missing". Elsewhere an empty cell stays empty: Excel saves a formula's empty
    # result (`=IF(...,"",6)`) as no value too.
    formulas = load_workbook(path, read_only=True, data_only=False)
    written_rows = formulas[ws.title].iter_rows(values_only=True)
    sheet_rows = ws.iter_rows(values_only=True)

    def close() -> None:
        book.close()
        formulas.close()

    top = list(itertools.islice(sheet_rows, TITLE_ROWS + 1))
    top_written = list(itertools.islice(written_rows, TITLE_ROWS + 1))
    skip = next((i for i, row in enumerate(top) if _holds_header(row, required)), 0)
    first = top[skip] if top else None
    values = itertools.chain(top[skip + 1 :], sheet_rows)
    written = itertools.chain(top_written[skip + 1 :], written_rows)
    if first is None or not any(_xlsx_text(v).strip() for v in first):
        close()
        raise InputError(
            [f"{label}: the first row is empty; expected a header row with id,name,area_m2"]
        )
    raw_header = [_xlsx_text(v) for v in first]
    # Sheets often carry formatting past the last column: drop empty trailing header cells.
    while raw_header and not raw_header[-1].strip():
        raw_header.pop()
    width = len(raw_header)
    needed = {i for i, h in enumerate(raw_header) if canonical(h) in required}

    def cell(i: int, value: Any, formula: Any) -> str:
        if value is None and i in needed and isinstance(formula, str) and formula[:1] == "=":
            return UNSAVED + formula
        return _xlsx_text(value)

    def rows() -> Iterator[tuple[int, list[str]]]:
        pairs = itertools.zip_longest(values, written, fillvalue=())
        for number, (row, formulas_row) in enumerate(pairs, skip + 2):
            cells = [
                cell(i, v, f) for i, (v, f) in enumerate(itertools.zip_longest(row, formulas_row))
            ]
            extra = cells[width:]
            cells = cells[:width] + [""] * (width - len(cells))
            if any(c.strip() for c in extra):
                cells += extra  # a ragged row: the loader says so
            yield number, cells

    return Table(
        label=label,
        header=[canonical(h) for h in raw_header],
        raw_header=[h.strip() for h in raw_header],
        rows=rows(),
        typed=True,
        notes=chose
        + ([_title_note(label, skip)] if skip else [])
        + _hidden_note(path, ws, label, skip + 1),
        close=close,
    )


HIDDEN_CHECK_BYTES = 5 * 1024 * 1024
"""Workbooks up to this size are read a second time, whole, for their hidden rows (the
fast read-only reader does not see them); an exhibitor list is a few hundred KB."""


def _hidden_note(path: Path, sheet: Any, label: str, header: int) -> list[str]:
    """A warning naming the rows below the `header` row of `sheet` that hold values but
    are hidden in Excel: a filter, or a cancelled exhibitor hidden rather than deleted.
    They are read like the others (a hidden row is still in the file), but the planner
    did not see them."""
    from openpyxl import load_workbook

    if path.stat().st_size > HIDDEN_CHECK_BYTES:
        return []
    try:
        book = load_workbook(path, data_only=True)
        try:
            ws = book[sheet.title]
            rows = sorted(
                n
                for n, dims in ws.row_dimensions.items()
                if n > header and dims.hidden and any(c.value not in (None, "") for c in ws[n])
            )
        finally:
            book.close()
    except Exception:  # a note only: the read-only reader read the rows already
        return []
    if not rows:
        return []
    return [
        f"{label}: row(s) {first(rows, 10)} are hidden in the sheet (filtered out, or "
        "cancelled?) and are read like the others: delete them from the sheet if they are out"
    ]


__all__ = ["Table", "canonical", "decimal", "detect_encoding", "open_table", "resembles"]
