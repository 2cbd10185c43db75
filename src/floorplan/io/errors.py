"""Readable input errors.

Every bad input ends as one `InputError` holding one line per problem, each
naming the file, the row or key path, the field and what is wrong. The CLI
prints them and exits 2; no traceback reaches a user.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from floorplan.model.base import MAX_AREA_M2, MAX_COORD_M, MAX_SIZE_M

MAX_ERRORS = 20
"""All problems of a file are reported together, up to this many."""


class InputError(Exception):
    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))

    @classmethod
    def one(cls, path: Path | str, message: str) -> InputError:
        return cls([f"{display(path)}: {message}"])


def display(path: Path | str) -> str:
    """Paths as the user typed them where possible: relative to the working directory."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, a symlink loop, no cwd
        return str(p)


def first(items: Sequence[object], most: int, sep: str = ", ") -> str:
    """The first `most` items joined, `...` after them when there are more: a warning
    names a few rows or parts and says there are others, not hundreds of them."""
    shown = sep.join(map(str, items[:most]))
    return shown + (f"{sep}..." if len(items) > most else "")


def capped(messages: list[str]) -> list[str]:
    if len(messages) <= MAX_ERRORS:
        return messages
    return [*messages[:MAX_ERRORS], f"... and {len(messages) - MAX_ERRORS} more errors"]


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict | list) and len(repr(value)) > 60:
        return type(value).__name__
    return repr(value)


def _range(limit: Any) -> str:
    """Why a geometric limit exists, for the sane-range bounds of model/base.py."""
    if limit in (MAX_COORD_M, -MAX_COORD_M):
        return (
            f" (coordinates are limited to +/-{MAX_COORD_M:,.0f} m = 100 km from the origin; "
            "a drawing in mm read as m?)"
        )
    if limit == MAX_SIZE_M:
        return f" (lengths are limited to {MAX_SIZE_M:,.0f} m = 10 km)"
    if limit == MAX_AREA_M2:
        return f" (areas are limited to {MAX_AREA_M2:,.0f} m2 = 10 km x 10 km)"
    return ""


def describe(error: Any) -> str:
    """Say what is wrong in a planner's words, with the offending value."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = error.get("input")
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known key (check the spelling)"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        what = "a whole number" if kind.startswith("int") else "a number"
        return f"must be {what}, got {_shown(got)}"
    if kind == "finite_number":
        return f"must be a finite number, got {_shown(got)}"
    if kind == "greater_than":
        return f"must be > {_num(ctx.get('gt'))}, got {_shown(got)}"
    if kind == "greater_than_equal":
        return f"must be >= {_num(ctx.get('ge'))}, got {_shown(got)}{_range(ctx.get('ge'))}"
    if kind == "less_than":
        return f"must be < {_num(ctx.get('lt'))}, got {_shown(got)}"
    if kind == "less_than_equal":
        return f"must be <= {_num(ctx.get('le'))}, got {_shown(got)}{_range(ctx.get('le'))}"
    if kind == "too_short":
        return f"must hold at least {ctx.get('min_length')} item(s), got {_shown(got)}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, got {_shown(got)}"
    if kind == "string_pattern_mismatch":
        return f"must use only letters, digits, '-' and '_', got {_shown(got)}"
    if kind == "too_long":
        return f"must hold at most {ctx.get('max_length')} item(s), got {_shown(got)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false (yes/no, 1/0), got {_shown(got)}"
    if kind in ("list_type", "tuple_type"):
        return f"must be a list ([...]), got {_shown(got)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of keys to values ({{key: value, ...}}), got {_shown(got)}"
    if kind == "string_type":
        # YAML reads `id: 5` as a number (and `07` as 7): only quotes keep the text.
        hint = f" (write it in quotes: '{got}')" if isinstance(got, int | float) else ""
        return f"must be text, got {_shown(got)}{hint}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg'].rstrip('.').lower()}, got {_shown(got)}"


def _with_ids(loc: Sequence[int | str], data: Any) -> str:
    """Key path with the `id` of list items, so `halls[3]` reads `halls[3] (hall-7)`."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            label = node.get("id", node.get("request_id")) if isinstance(node, dict) else None
            if isinstance(label, str):
                out += f" ({label})"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def yaml_errors(path: Path | str, exc: ValidationError, data: Any) -> InputError:
    """Errors of a YAML or JSON document, by key path."""
    messages = []
    for error in _likeliest_branches(exc.errors()):
        loc = [p for p in error["loc"] if not _is_union_tag(p)]
        where = _with_ids(loc, data)
        text = describe(error)
        for line in text.splitlines():
            messages.append(f"{display(path)}: {where + ': ' if where else ''}{line}")
    return InputError(capped(_unique(messages)))


def _likeliest_branches(errors: list[Any]) -> list[Any]:
    """Where a value may take one of several forms (a column as [x, y, w, d] or as a
    polygon), only the errors of the form it came nearest: the one with the fewest. A
    column [29.5, 19.5, 0, 0] has a zero width and depth as a rectangle, and four points
    that are no points as a polygon; the second four only bury the first two."""
    forms = [_form(error["loc"]) for error in errors]
    branches: dict[tuple[Any, ...], dict[str, int]] = {}
    for form in forms:
        if form is not None:
            counts = branches.setdefault(form[0], {})
            counts[form[1]] = counts.get(form[1], 0) + 1
    # A form is kept alone only when it has strictly the fewest: on a tie (a polygon of
    # five points with one bad coordinate is one error either way) both are said.
    best: dict[tuple[Any, ...], str | None] = {}
    for at, counts in branches.items():
        fewest = min(counts.values())
        winners = [t for t, n in counts.items() if n == fewest]
        best[at] = winners[0] if len(winners) == 1 else None
    return [
        error
        for error, form in zip(errors, forms, strict=True)
        if form is None or best[form[0]] in (None, form[1])
    ]


def _form(loc: Sequence[int | str]) -> tuple[tuple[Any, ...], str] | None:
    """(where, which form) of an error inside one form of a value that may take several;
    None for an error of a value with one form."""
    for i, part in enumerate(loc):
        if _is_union_tag(part):
            return tuple(loc[:i]), str(part)
    return None


def _is_union_tag(part: int | str) -> bool:
    return isinstance(part, str) and (
        part.startswith("tuple[") or part.startswith("list[") or part.startswith("function-")
    )


def _unique(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def open_input(path: Path) -> IO[bytes]:
    """Open an input file for reading, or say in one line why it cannot be read."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError.one(path, "file not found") from None
    except IsADirectoryError:
        raise InputError.one(path, "is a directory, expected a file") from None
    except OSError as exc:
        raise InputError.one(path, f"cannot be read ({exc.strerror})") from None
    except ValueError:  # a NUL byte in a path taken from an event file
        raise InputError.one(path, "cannot be read (the path holds a NUL byte)") from None
