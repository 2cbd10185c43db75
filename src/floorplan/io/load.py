"""Parse contract files into models, turning every problem into an `InputError`."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from floorplan.io.errors import InputError, capped, describe, display, yaml_errors
from floorplan.model.base import Frozen
from floorplan.model.event import Event, Request, Rules, SolverSettings
from floorplan.model.layout import Layout
from floorplan.model.venue import Venue

Warn = Callable[[str], None]

REQUIRED_COLUMNS = ("id", "name", "area_m2")
KNOWN_COLUMNS = tuple(Request.model_fields)
_TRUE = {"true", "yes", "1", "y", "x"}
_FALSE = {"false", "no", "0", "n", ""}


def _default_warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError.one(path, "file not found") from None
    except IsADirectoryError:
        raise InputError.one(path, "is a directory, expected a file") from None
    except OSError as exc:
        raise InputError.one(path, f"cannot be read ({exc.strerror})") from None
    except ValueError:  # a NUL byte in a path taken from an event file
        raise InputError.one(path, "cannot be read (the path holds a NUL byte)") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.one(path, f"is not UTF-8 text (byte {exc.start})") from None


def read_yaml(path: Path) -> dict[str, Any]:
    text = read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InputError.one(path, f"{where}YAML syntax error: {exc.problem}") from None
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
    venue: str
    halls: list[str] | None = None
    exhibitors: str
    rules: Rules = Rules()
    solver: SolverSettings = SolverSettings()


def load_event(path: Path | str, warn: Warn | None = None, venue: Venue | None = None) -> Event:
    """The event file with its venue and requests; `venue` replaces the file's venue
    (`import-dxf --event` checks requests against the venue it is importing)."""
    path = Path(path)
    data = read_yaml(path)
    try:
        spec = EventFile.model_validate(data)
    except ValidationError as exc:
        raise yaml_errors(path, exc, data) from None
    venue_path = path.parent / spec.venue
    csv_path = path.parent / spec.exhibitors
    if venue is None:
        venue = load_venue(venue_path)
    requests = load_requests(csv_path, warn)
    halls = tuple(spec.halls) if spec.halls is not None else tuple(h.id for h in venue.halls)
    try:
        return Event(
            name=spec.name,
            venue=venue,
            halls=halls,
            requests=tuple(requests),
            rules=spec.rules,
            solver=spec.solver,
        )
    except ValidationError as exc:
        raise _event_errors(exc, path, csv_path, requests) from None


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


def _cell_value(column: str, cell: str) -> Any:
    cell = cell.strip()
    if column == "keep_apart":
        return tuple(part.strip() for part in cell.split(";") if part.strip())
    if column == "locked":
        low = cell.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        return cell
    return cell


def load_requests(path: Path | str, warn: Warn | None = None) -> list[Request]:
    path = Path(path)
    warn = warn or _default_warn
    text = read_text(path)
    if not text.strip():
        raise InputError.one(path, "is empty; expected a header row with id,name,area_m2")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError.one(path, f"is not valid CSV ({exc})") from None
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError.one(
            path, f"missing required column(s) {', '.join(missing)} (header is {','.join(header)})"
        )
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    if dupes:
        raise InputError.one(path, f"column(s) {', '.join(dupes)} appear more than once")
    # Spreadsheets leave trailing empty columns; name them by position, not as ''.
    unknown = [
        h or f"(column {i} has no header)"
        for i, h in enumerate(header, 1)
        if h not in KNOWN_COLUMNS
    ]
    if unknown:
        warn(f"{display(path)}: ignoring unknown column(s) {', '.join(unknown)}")
    messages: list[str] = []
    requests: list[Request] = []
    for index, row in enumerate(rows[1:]):
        number = _row_number(index)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            messages.append(
                f"{display(path)} row {number}: has {len(row)} cells, the header has {len(header)}"
            )
            continue
        record = {
            col: _cell_value(col, cell)
            for col, cell in zip(header, row, strict=True)
            if col in KNOWN_COLUMNS and cell.strip() != ""
        }
        try:
            requests.append(Request.model_validate(record))
        except ValidationError as exc:
            ident = record.get("id")
            label = f" ({ident})" if isinstance(ident, str) and ident else ""
            for error in exc.errors():
                # A whole-row check (width_m with depth_m) names its fields in its text.
                field = ".".join(str(p) for p in error["loc"])
                where = f", {field}:" if field else ":"
                messages.append(f"{display(path)} row {number}{label}{where} {describe(error)}")
    if messages:
        raise InputError(capped(messages))
    if not requests:
        raise InputError.one(path, "has a header but no exhibitor rows")
    return requests


def load_layout(path: Path | str) -> Layout:
    path = Path(path)
    text = read_text(path)
    try:
        data = json.loads(text, parse_constant=_as_text, parse_float=_finite_or_text)
    except json.JSONDecodeError as exc:
        raise InputError.one(
            path, f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except ValueError as exc:
        raise InputError.one(path, str(exc)) from None
    if not isinstance(data, dict):
        raise InputError.one(path, f"must be a JSON object, got {type(data).__name__}")
    try:
        return Layout.model_validate(data)
    except ValidationError as exc:
        raise yaml_errors(path, exc, data) from None


def _as_text(name: str) -> str:
    """`NaN` and `Infinity` stay text, so the model names the key that holds them."""
    return name


def _finite_or_text(literal: str) -> float | str:
    """A number too large for a float (`1e999`) stays text too, rather than becoming inf."""
    value = float(literal)
    return value if math.isfinite(value) else literal
