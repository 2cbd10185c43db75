"""Parse contract files into models, turning every problem into an `InputError`."""

from __future__ import annotations

import codecs
import json
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError, field_validator

from floorplan.io.errors import (
    MAX_ERRORS,
    InputError,
    capped,
    describe,
    display,
    first,
    open_input,
    yaml_errors,
)
from floorplan.io.spreadsheet import (
    UNSAVED,
    Table,
    canonical,
    decimal,
    open_table,
    resembles,
    split_sheet,
)
from floorplan.model.base import Frozen
from floorplan.model.event import BOOTH_TYPES, Event, Request, Rules, SolverSettings
from floorplan.model.layout import Layout, Stand, Unplaced
from floorplan.model.venue import Venue
from floorplan.sizes import exact_area_fits

Warn = Callable[[str], None]

REQUIRED_COLUMNS = ("id", "name", "area_m2")
KNOWN_COLUMNS = tuple(Request.model_fields)
_TRUE = {"true", "yes", "1", "y", "x"}
_FALSE = {"false", "no", "0", "n", ""}


def _default_warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def read_text(path: Path) -> str:
    with open_input(path) as stream:
        try:
            raw = stream.read()
        except OSError as exc:
            raise InputError.one(path, f"cannot be read ({exc.strerror})") from None
    # Notepad's "Unicode" is UTF-16 with a byte-order mark, which YAML and JSON allow.
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                raise InputError.one(
                    path, f"is not {codec.upper()} text, though its byte-order mark says so"
                ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.one(
            path,
            f"line {line}: is not UTF-8 text (an accented letter saved as Windows-1252 or "
            "'ANSI'?); save the file as UTF-8",
        ) from None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte-order marks read before UTF-8 (UTF-32's begins with UTF-16's: it comes first)."""


MERGE_TAG = "tag:yaml.org,2002:merge"


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, but a key given twice in one mapping is an error: the
    second `ceiling_height_m` of a hall silently won (as unknown keys are errors,
    a repeated one must be too)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Mark] = {}
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                continue  # `<<: *base` merges; a key given after it overrides, as YAML says
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            try:
                first = seen.get(key)
            except TypeError:
                continue  # an unhashable key: the base class says so
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key {key!r} given twice in one mapping (first on line {first.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


MAX_YAML_VALUES = 1_000_000
"""Most values a YAML file may hold once its aliases are expanded. A venue is a few
thousand; a file of nested aliases (`*a` nine times over nine levels: 420 bytes) expands
to hundreds of millions, which the checks then walk for minutes."""


def _expanded(data: Any) -> int:
    """Values in `data` with every shared (aliased) list and mapping counted each time it
    is used, counted without expanding them (each shared one is sized once)."""
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        if not isinstance(node, list | dict):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a cycle counts once
        children = node.values() if isinstance(node, dict) else node
        total = 1 + sum(size(child) for child in children)
        sizes[id(node)] = min(total, MAX_YAML_VALUES + 1)
        return sizes[id(node)]

    return size(data)


def read_yaml(path: Path) -> dict[str, Any]:
    text = read_text(path)
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        tab = "'\\t'" in str(exc.problem)
        hint = "; YAML wants spaces, not tabs: replace the tab with spaces" if tab else ""
        raise InputError.one(path, f"{where}YAML syntax error: {exc.problem}{hint}") from None
    except yaml.YAMLError as exc:
        raise InputError.one(path, f"YAML syntax error: {exc}") from None
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
        # PyYAML's constructors raise these on scalars such as `2001-13-01`,
        # `!!int xyz` or `!!timestamp xyz`, and on very deep nesting.
        what = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise InputError.one(path, f"YAML value cannot be read: {what}") from None
    if not isinstance(data, dict):
        got = "an empty file" if data is None else f"a {type(data).__name__}"
        raise InputError.one(path, f"must be a mapping of keys to values, got {got}")
    try:
        values = _expanded(data)
    except RecursionError:
        raise InputError.one(path, "YAML value cannot be read: nested too deeply") from None
    if values > MAX_YAML_VALUES:
        raise InputError.one(
            path,
            f"holds more than {MAX_YAML_VALUES:,} values once its aliases (*name) are "
            "expanded: write the values out",
        )
    return data


def load_venue(path: Path | str) -> Venue:
    path = Path(path)
    data = read_yaml(path)
    try:
        return Venue.model_validate(data)
    except ValidationError as exc:
        raise yaml_errors(path, exc, data) from None


class EventFile(Frozen):
    """The event YAML as written: paths still unresolved."""

    name: str
    """The event's name, printed on every map."""
    venue: str
    """Path of the venue YAML, relative to this file."""
    halls: list[str] | None = None
    """Venue hall ids this event uses; leave out for all of them."""
    exhibitors: str
    """Path of the exhibitor CSV or .xlsx (`file.xlsx#Sheet` for a sheet), relative to this file."""
    rules: Rules = Rules()
    """The rules a valid layout obeys; every key optional."""
    solver: SolverSettings = SolverSettings()
    """Solver defaults; command-line flags win."""

    @field_validator("rules", "solver", mode="before")
    @classmethod
    def _empty_section(cls, value: object) -> object:
        """`rules:` with every key commented out is null to YAML: the defaults."""
        return {} if value is None else value

    @field_validator("halls")
    @classmethod
    def _some_halls(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and not value:
            raise ValueError(
                "is empty: list at least one hall id, or leave `halls` out to use all the "
                "venue's halls"
            )
        return value


def _beside(event_file: Path, named: str) -> Path:
    """A file the event names, relative to the event file; a Windows path (`data\\x.csv`)
    read with `/` where that is the file that exists."""
    path = event_file.parent / named
    if "\\" in named:
        posix = event_file.parent / named.replace("\\", "/")
        if not path.exists() and split_sheet(posix)[0].exists():
            return posix
    return path


def load_event(path: Path | str, warn: Warn | None = None, venue: Venue | None = None) -> Event:
    """The event file with its venue and requests; `venue` replaces the file's venue
    (`import-dxf --event` checks requests against the venue it is importing)."""
    path = Path(path)
    if split_sheet(path)[0].suffix.lower() in SPREADSHEET_SUFFIXES:
        raise InputError.one(path, f"is an exhibitor list, not an event file; {PASS_EVENT}")
    data = read_yaml(path)
    if other := _other_file(data):
        raise InputError.one(path, f"looks like {other}, not an event file; {PASS_EVENT}")
    try:
        spec = EventFile.model_validate(data)
    except ValidationError as exc:
        raise yaml_errors(path, exc, data) from None
    venue_path = _beside(path, spec.venue)
    csv_path = _beside(path, spec.exhibitors)
    if venue is None:
        venue = load_venue(venue_path)
    requests = _known_apart(
        load_requests(csv_path, warn, _hall_names(venue)), csv_path, warn or _default_warn
    )
    halls = tuple(spec.halls) if spec.halls is not None else tuple(h.id for h in venue.halls)
    _warn_drawing(venue, halls, venue_path, warn or _default_warn)
    try:
        event = Event(
            name=spec.name,
            venue=venue,
            halls=halls,
            requests=tuple(requests),
            rules=spec.rules,
            solver=spec.solver,
        )
    except ValidationError as exc:
        raise _event_errors(exc, path, csv_path, requests) from None
    _warn_unplaceable(event, csv_path, warn or _default_warn)
    return event


def _warn_unplaceable(event: Event, path: Path, warn: Warn) -> None:
    """Rows valid as input that no stand can satisfy, said as the file is read: the solve
    lists them as unplaced with the same reason (`hosting.unhostable_reason`)."""
    for r in event.requests:
        if r.hall is not None and r.hall not in event.halls:
            warn(
                f"{display(path)}: {r.id}: hall {r.hall} is not one of the event's halls "
                f"({', '.join(event.halls)}); it stays unplaced"
            )
        if not exact_area_fits(r, event.rules):
            w, d = r.exact_size or (0.0, 0.0)
            warn(
                f"{display(path)}: {r.id}: exact size {w:g} x {d:g} m = {w * d:g} m2 is not "
                f"within {event.rules.area_tolerance:.0%} of area_m2 {r.area_m2:g}; it stays "
                "unplaced"
            )


SPREADSHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls")
PASS_EVENT = "pass the event YAML, which names the venue and the exhibitor list"


def _other_file(data: dict[str, Any]) -> str | None:
    """What a mapping passed as the event is instead, by the keys only it has: the
    errors of the event's own keys would not tell a planner who swapped two files."""
    if "stands" in data and "exhibitors" not in data:
        return "a layout (it has stands)"
    halls = data.get("halls")
    if "exhibitors" in data or not isinstance(halls, list) or not halls:
        return None
    outlined = all(isinstance(h, dict) and "outline" in h for h in halls)
    return "a venue (its halls have outlines)" if outlined else None


def _known_apart(requests: list[Request], path: Path, warn: Warn) -> list[Request]:
    """Requests whose keep_apart names no request lose that id, with a warning: the rival
    cancelled and its row deleted leaves its id in others' cells, as contracts move, and
    an absent stand is as far apart as can be."""
    ids = {r.id for r in requests}
    out = []
    for r in requests:
        gone = [other for other in r.keep_apart if other not in ids]
        if gone:
            warn(
                f"{display(path)}: {r.id}: keep_apart names no request {', '.join(map(repr, gone))}"
                "; left out"
            )
            r = r.model_copy(update={"keep_apart": tuple(o for o in r.keep_apart if o in ids)})
        out.append(r)
    return out


def _warn_drawing(venue: Venue, halls: tuple[str, ...], path: Path, warn: Warn) -> None:
    """What a planner should know of how the halls are drawn: a door inside a keep-out
    (walks are measured to the other exits), columns or keep-outs reaching outside the
    outline (only their parts inside count)."""
    for hall in venue.halls:
        if hall.id not in halls:
            continue
        blocked = hall.blocked_exits()
        for exit_id, covers in blocked:
            warn(
                f"{display(path)}: {hall.id}: exit {exit_id}'s door lies inside "
                f"{' and '.join(covers)}: nobody can leave through it, so walks are measured "
                "to the other exits"
            )
        if blocked and len(blocked) == len(hall.exits):
            warn(f"{display(path)}: {hall.id}: every exit is blocked: no stand can be placed there")
        if outside := hall.outside_parts():
            warn(
                f"{display(path)}: {hall.id}: {len(outside)} column(s) or keep-out(s) reach "
                f"outside the outline ({first(outside, 5)}): drawn into the walls? only "
                "their parts inside count"
            )


_AT = re.compile(r"^@(\w+)(?:\.(\d+)\.(\w+))?: (.*)$")


def _event_errors(
    exc: ValidationError, event_path: Path, csv_path: Path, requests: list[Request]
) -> InputError:
    """Route cross-reference problems to the file that holds the culprit."""
    messages = []
    for error in exc.errors():
        for line in describe(error).splitlines():
            m = _AT.match(line)
            if m is None:
                messages.append(f"{display(event_path)}: {line}")
            elif m.group(1) == "requests" and m.group(2) is not None:
                i = int(m.group(2))
                messages.append(
                    f"{display(csv_path)} row {_row_number(i)} ({requests[i].id}), "
                    f"{m.group(3)}: {m.group(4)}"
                )
            else:
                messages.append(f"{display(event_path)}: {m.group(1)}: {m.group(4)}")
    return InputError(capped(messages))


def _row_number(index: int) -> int:
    """CSV row as a spreadsheet shows it: the header is row 1."""
    return index + 2


def _hall_names(venue: Venue) -> dict[str, str]:
    """What an exhibitor list's hall cell may say for each hall, lower-cased: its id, or
    its name where no other hall has that name (`Hall 5` for `hall-5`, as organisers
    write it)."""
    names = Counter(h.name.strip().lower() for h in venue.halls if h.name.strip())
    said = {h.name.strip().lower(): h.id for h in venue.halls if names[h.name.strip().lower()] == 1}
    return said | {h.id.lower(): h.id for h in venue.halls}


def _cell_value(column: str, cell: str, halls: Mapping[str, str]) -> Any:
    cell = cell.strip()
    if column == "hall":
        return halls.get(cell.lower(), cell)
    if column == "keep_apart":
        # Ids hold no commas: `lumen, cobalt` lists two, as `lumen;cobalt` does.
        return tuple(part.strip() for part in re.split("[;,]", cell) if part.strip())
    if column == "booth_type":
        # Spreadsheets title-case their picklists ("Island", "PENINSULA"); the four
        # types are words, not codes, so their case carries nothing. Anything else is
        # left as written, for the error to quote.
        return cell.lower() if cell.lower() in BOOTH_TYPES else cell
    if column == "locked":
        low = cell.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        return cell
    return cell


NUMERIC_COLUMNS = frozenset(
    name for name, info in Request.model_fields.items() if "float" in str(info.annotation)
)
"""Columns whose cells may carry a decimal comma in a `;`-separated file."""


def load_requests(
    path: Path | str, warn: Warn | None = None, halls: Mapping[str, str] | None = None
) -> list[Request]:
    """Exhibitor rows from a CSV file or an .xlsx sheet (`file.xlsx#Sheet`). `halls`
    maps what a hall cell may say, lower-cased, to the hall's id (`_hall_names`).

    Reading stops at the error cap, so a huge garbage file fails in the time
    it takes to read 20 bad rows, not the whole file.
    """
    path = Path(path)
    warn = warn or _default_warn
    table = open_table(path, KNOWN_COLUMNS, REQUIRED_COLUMNS)
    try:
        for note in table.notes:
            warn(note)
        header = _checked_header(table, warn)
        requests = _rows(table, header, warn, halls or {})
    finally:
        table.close()
    return requests


def _checked_header(table: Table, warn: Warn) -> list[str]:
    """The canonical header (a doubled column's second left out, as unknown), or an error
    for a missing required column; unknown columns, misspelt ones among them, are said."""
    header = table.header
    shown = ",".join(table.raw_header)
    where = table.label
    unknown = {h for h in header if h and h not in KNOWN_COLUMNS}
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        hints = []
        # A row of one cell is a title or a note, not a header whose names a hint could mend.
        header_like = sum(1 for h in table.raw_header if h.strip()) >= 2
        for column in missing if header_like else []:
            others = [table.raw_header[i] for i, h in enumerate(header) if h in unknown]
            near = [raw for raw in others if resembles(canonical(raw), [column], 0.6)]
            if near:
                hints.append(f"{near[0]!r} looks like {column}: rename it")
        hint = f"; {'; '.join(hints)}" if hints else ""
        raise InputError(
            [f"{where}: missing required column(s) {', '.join(missing)} (header is {shown}){hint}"]
        )
    # CONTRACT.md: extra columns are ignored with a warning. A second column of one name
    # (`Name` beside `name`) is such a column: the first is read.
    header = list(header)
    again = set()
    for i, h in enumerate(header):
        if h and h in header[:i]:
            warn(
                f"{where}: column {table.raw_header[i]!r} is {h} again (header is {shown}); "
                "the first is read, this one ignored"
            )
            header[i] = ""
            again.add(i)
    ignored = []
    for i, h in enumerate(header):
        if h in KNOWN_COLUMNS or i in again:
            continue
        # Spreadsheets leave trailing empty columns; name them by position, not as ''.
        name = table.raw_header[i] or f"(column {i + 1} has no header)"
        like = resembles(h, KNOWN_COLUMNS) if h else None
        if like is not None and like not in header:
            name += f" (looks like {like}: rename it to {like} to have it read)"
        ignored.append(name)
    if ignored:
        warn(f"{where}: ignoring unknown column(s) {', '.join(ignored)}")
    return header


def _rows(table: Table, header: list[str], warn: Warn, halls: Mapping[str, str]) -> list[Request]:
    where = table.label
    messages: list[str] = []
    requests: list[Request] = []
    shorts: list[str] = []
    for number, row, last in _marked_last(table.rows):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and not any(cell.strip() for cell in row[len(header) :]):
            row = row[: len(header)]  # a spreadsheet's stray empty cells past the last column
        given = len(row)
        short = given < len(header)
        # A quote never closed reads the rest of the file into one cell: the last row,
        # short, with line breaks (a closed quote may hold a line break anywhere).
        if short and last and any("\n" in cell or "\r" in cell for cell in row):
            messages.append(
                f'{where} row {number}: a quote (") opened in this row is never closed, so '
                "the rest of the file was read as one cell; close the quote or remove it"
            )
            break
        if short:
            # A row typed by hand (or some exports) leaves its trailing empty cells out.
            row = row + [""] * (len(header) - len(row))
            shorts.append(f"{number} after {header[given - 1] or f'column {given}'}")
        if len(row) != len(header):
            messages.append(
                f"{where} row {number}: has {len(row)} cells, the header has {len(header)}"
            )
        elif table.typed and (formula := _unsaved_formula(header, row)):
            col, cell = formula
            messages.append(
                f"{where} row {number}, {col}: the formula {cell.removeprefix(UNSAVED)} has no "
                "saved value (a program wrote it without computing it): open and save the "
                "workbook in Excel"
            )
        else:
            if grouped := _thousands(table, header, row):
                col, cell = grouped
                warn(
                    f"{where} row {number}, {col}: {cell!r} read as {float(cell):g}; if it "
                    f"groups thousands, write {cell.replace('.', '')}"
                )
            record = {
                col: _cell_value(col, _number_text(table, col, cell), halls)
                for col, cell in zip(header, row, strict=True)
                if col in KNOWN_COLUMNS and cell.strip() != ""
            }
            if isinstance(record.get("locked"), str):
                # `locked` is this tool's column, not the contract's (whose extra columns
                # are ignored): a word it does not know leaves the stand unlocked.
                warn(
                    f"{where} row {number}, locked: {record.pop('locked')!r} is neither yes "
                    "nor no; read as not locked"
                )
            try:
                requests.append(Request.model_validate(record))
            except ValidationError as exc:
                ident = record.get("id")
                label = f" ({ident})" if isinstance(ident, str) and ident else ""
                for error in exc.errors():
                    # A whole-row check (width_m with depth_m) names its fields in its text.
                    field = ".".join(str(p) for p in error["loc"])
                    at = f", {field}:" if field else ":"
                    hint = _halls_hint(halls) if field == "hall" else ""
                    messages.append(f"{where} row {number}{label}{at} {describe(error)}{hint}")
                if short:
                    messages[-1] += (
                        f" (the row has {given} cells where the header has {len(header)}: "
                        "was a cell left out before the last?)"
                    )
        if len(messages) >= MAX_ERRORS:
            messages = messages[:MAX_ERRORS]
            messages.append(
                f"{where}: stopped after {MAX_ERRORS} errors without reading the rest of the file"
            )
            break
    if messages:
        raise InputError(messages)
    if not requests:
        raise InputError([f"{where}: has a header but no exhibitor rows"])
    if shorts:
        warn(
            f"{where}: {len(shorts)} row(s) stop short of the header's {len(header)} "
            f"columns (row {first(shorts, 10, '; ')}): the cells missing at their ends read "
            "as empty"
        )
    return requests


_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
"""`1.200` or `12.500.000`: thousands grouped with dots, as European spreadsheets show them."""


def _marked_last(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str], bool]]:
    """The rows, each with whether it is the file's last (one row read ahead)."""
    held: tuple[int, list[str]] | None = None
    for item in rows:
        if held is not None:
            yield (*held, False)
        held = item
    if held is not None:
        yield (*held, True)


def _halls_hint(halls: Mapping[str, str]) -> str:
    """What a hall cell may say, for the error of one that says none of it."""
    ids = sorted(set(halls.values()))
    return f" (the venue's halls: {', '.join(ids)}, or their names)" if ids else ""


def _unsaved_formula(header: list[str], row: list[str]) -> tuple[str, str] | None:
    """The first cell of a workbook row read as a formula with no saved value (`UNSAVED`)."""
    for col, cell in zip(header, row, strict=True):
        if cell.startswith(UNSAVED):
            return col, cell
    return None


def _thousands(table: Table, header: list[str], row: list[str]) -> tuple[str, str] | None:
    """The first numeric cell whose dots may group thousands (`1.200`): read as a decimal
    (1.2), but said, since a car maker's 1,200 m2 in a European sheet became a stand of
    1.2 m2 that no hall could take, without a word. A warning, not an error: a `;` file
    may be written with decimal points (`6.000` then is 6)."""
    if table.typed:
        return None  # a workbook's number cell is a number, whatever it shows
    for col, cell in zip(header, row, strict=True):
        number = _unitless(col, cell).strip()
        if col in NUMERIC_COLUMNS and _GROUPED.match(number):
            return col, number
    return None


def _decimal(table: Table, column: str) -> bool:
    return table.decimal_comma and column in NUMERIC_COLUMNS


UNITS = {
    "area_m2": ("m2", "m²", "m^2", "sqm", "sq m", "sq. m"),
    "width_m": ("m",),
    "depth_m": ("m",),
    "height_m": ("m",),
    "floor_load_kn_m2": ("kn/m2", "kn/m²", "kn/m^2"),
}
"""Units a number cell may carry, its column's own (`36 m²` in area_m2, `6 m` in width_m)."""

_WITH_UNIT = re.compile(r"^\s*([+-]?[\d.,]*\d)\s*([^\d\s].*?)\s*$")


def _unitless(column: str, cell: str) -> str:
    """The cell without its column's unit (`36 m²` in area_m2: the column says m²
    already); any other text as it is."""
    found = _WITH_UNIT.match(cell) if column in UNITS else None
    return found.group(1) if found and found.group(2).lower() in UNITS[column] else cell


def _number_text(table: Table, column: str, cell: str) -> str:
    """A number cell as the model reads it: its column's unit dropped, a decimal comma
    read in a `;`-separated file."""
    cell = _unitless(column, cell)
    return decimal(cell) if _decimal(table, column) else cell


def load_layout(path: Path | str, warn: Warn | None = None) -> Layout:
    """A layout.json; keys the layout does not have (a planner's `note` on a stand, a
    `comment` at the top: the file is edited by hand) are ignored with a warning."""
    path = Path(path)
    text = read_text(path)
    try:
        data = json.loads(text, parse_constant=_as_text, parse_float=_finite_or_text)
    except json.JSONDecodeError as exc:
        if path.suffix.lower() in (".yaml", ".yml"):
            raise InputError.one(
                path, "is YAML, not a layout.json: pass the layout the solver wrote"
            ) from None
        raise InputError.one(
            path, f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except ValueError as exc:
        raise InputError.one(path, str(exc)) from None
    if not isinstance(data, dict):
        raise InputError.one(path, f"must be a JSON object, got {type(data).__name__}")
    _drop_unknown_keys(data, path, warn or _default_warn)
    try:
        return Layout.model_validate(data)
    except ValidationError as exc:
        raise yaml_errors(path, exc, data) from None


def _drop_unknown_keys(data: dict[str, Any], path: Path, warn: Warn) -> None:
    """Remove, and say, the keys a layout, its stands and its unplaced entries do not have."""
    dropped: dict[str, int] = {}

    def keep(entry: object, known: Iterable[str], where: str) -> None:
        if not isinstance(entry, dict):
            return  # the model names what is wrong with it
        for key in [k for k in entry if k not in known]:
            del entry[key]
            name = f"{where}{key}"
            dropped[name] = dropped.get(name, 0) + 1

    keep(data, Layout.model_fields, "")
    for list_key, model in (("stands", Stand), ("unplaced", Unplaced)):
        entries = data.get(list_key)
        for entry in entries if isinstance(entries, list) else []:
            keep(entry, model.model_fields, f"{list_key}[].")
    if dropped:
        listed = ", ".join(name if n == 1 else f"{name} ({n} times)" for name, n in dropped.items())
        warn(f"{display(path)}: ignoring key(s) a layout does not have: {listed}")


def _as_text(name: str) -> str:
    """`NaN` and `Infinity` stay text, so the model names the key that holds them."""
    return name


def _finite_or_text(literal: str) -> float | str:
    """A number too large for a float (`1e999`) stays text too, rather than becoming inf."""
    value = float(literal)
    return value if math.isfinite(value) else literal
