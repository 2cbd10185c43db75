"""The validator's verdict as the maps need it.

The renderer only reads a report, so it names the fields it uses as
protocols instead of importing the validator's classes: the maps keep
working when the validator is absent or grows new fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from floorplan.model.event import Event
from floorplan.model.layout import Layout


class ViolationLike(Protocol):
    @property
    def rule(self) -> str: ...
    @property
    def hall(self) -> str | None: ...
    @property
    def stands(self) -> Sequence[str]: ...
    @property
    def message(self) -> str: ...
    @property
    def measured(self) -> Any: ...
    @property
    def limit(self) -> Any: ...
    @property
    def at(self) -> Sequence[float] | None: ...


class ReportLike(Protocol):
    @property
    def valid(self) -> bool: ...
    @property
    def violations(self) -> Sequence[ViolationLike]: ...
    @property
    def metrics(self) -> Mapping[str, Any]: ...


def run_validator(event: Event, layout: Layout) -> ReportLike | None:
    """The validator's report, or None when no validator is installed."""
    try:
        from floorplan.validate import validate
    except ImportError:
        return None
    report: ReportLike = validate(event, layout)
    return report


def violation_text(v: ViolationLike) -> str:
    # The validator's messages already start with the rule; others get it added.
    text = v.message if v.message.startswith(v.rule) else f"{v.rule} {v.message}"
    if v.measured is not None and v.limit is not None and f"{v.limit}" not in v.message:
        text += f" (measured {_fmt(v.measured)}, limit {_fmt(v.limit)})"
    return text


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def hall_violations(
    report: ReportLike | None, hall_id: str, stand_halls: Mapping[str, str]
) -> list[ViolationLike]:
    """Violations to show on one hall's map: its own, and those naming its stands."""
    if report is None:
        return []
    out = []
    for v in report.violations:
        halls = {stand_halls.get(s) for s in v.stands}
        if v.hall == hall_id or (v.hall is None and hall_id in halls):
            out.append(v)
    return out


__all__ = ["ReportLike", "ViolationLike", "hall_violations", "run_validator", "violation_text"]
