"""The validator's verdict: violations, metrics, and their text and JSON forms.

The JSON object is a public format (docs/validate.md): CI pipelines parse it,
so keys only ever get added, never renamed.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

RULES = ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10")

RULE_TITLES = {
    "C1": "stand geometry (inside hall, grid, sides, aspect)",
    "C2": "overlap",
    "C3": "area tolerance",
    "C4": "access to walkable space",
    "C5": "open sides",
    "C6": "exit clearance",
    "C7": "travel distance",
    "C8": "requirements (hall, floor load, ceiling, keep-apart, pavilion)",
    "C9": "bookkeeping",
    "C10": "rows (block length without a cross aisle)",
}


@dataclass(frozen=True)
class Violation:
    """One broken rule, with enough to act on it: who, where, and by how much."""

    rule: str
    hall: str | None
    stands: tuple[str, ...]
    message: str
    measured: float | None = None
    limit: float | None = None
    at: tuple[float, float] | None = None
    """A point in hall coordinates where a map draws the marker."""

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "hall": self.hall,
            "stands": list(self.stands),
            "message": self.message,
            "measured": _finite(self.measured),
            "limit": _finite(self.limit),
            "at": None if self.at is None else [round(self.at[0], 6), round(self.at[1], 6)],
        }


def violation(
    rule: str,
    hall: str | None,
    stands: tuple[str, ...] | list[str],
    detail: str,
    *,
    measured: float | None = None,
    limit: float | None = None,
    at: tuple[float, float] | None = None,
) -> Violation:
    """Build a violation whose message starts with rule, hall and stands, as users grep for."""
    ids = tuple(stands)
    head = " ".join(part for part in (rule, hall, ",".join(ids)) if part)
    return Violation(rule, hall, ids, f"{head}: {detail}", measured, limit, at)


def with_numbers(v: Violation, numbers: dict[str, str]) -> Violation:
    """The violation with each stand's number beside its request id (`C7 hall-5 5B03 catl`).

    Planners find a stand on the map by its number and in the CSV by its id;
    a message gives both. Stands without a number (hand-made layouts) keep
    the id alone.
    """
    if not any(sid in numbers for sid in v.stands):
        return v
    old = " ".join(part for part in (v.rule, v.hall, ",".join(v.stands)) if part)
    if not v.message.startswith(old + ": "):
        return v
    named = ", ".join(f"{numbers[sid]} {sid}" if sid in numbers else sid for sid in v.stands)
    head = " ".join(part for part in (v.rule, v.hall, named) if part)
    return replace(v, message=f"{head}{v.message[len(old) :]}")


def _finite(value: float | None) -> float | None:
    """JSON has no infinity: an unbounded measure (no route at all) is written as null."""
    if value is None or not math.isfinite(value):
        return None
    return round(value, 6)


@dataclass(frozen=True)
class Report:
    violations: list[Violation]
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.violations

    def rule_counts(self) -> dict[str, int]:
        counts = Counter(v.rule for v in self.violations)
        return {rule: counts[rule] for rule in RULES if counts[rule]}

    def summary(self) -> str:
        m = self.metrics
        figures = f"{m.get('placed', 0)}/{m.get('requested', 0)} placed"
        ntg = m.get("net_to_gross")
        if isinstance(ntg, float):
            figures += f", net-to-gross {ntg:.2f}"
        travel = m.get("longest_travel_m")
        if isinstance(travel, float):
            figures += f", longest travel {travel:.1f} m"
        aligned = m.get("aligned_edges")
        if isinstance(aligned, float):
            figures += f", aligned edges {aligned:.0%}"
        if self.valid:
            return f"VALID: {figures}"
        by_rule = ", ".join(f"{rule} x{n}" for rule, n in self.rule_counts().items())
        n = len(self.violations)
        return f"INVALID: {n} violation{'s' if n != 1 else ''} ({by_rule}); {figures}"

    def to_text(self) -> str:
        return "\n".join([*(v.message for v in self.violations), self.summary()])

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "violations": [v.to_json() for v in self.violations],
            "metrics": self.metrics,
            "summary": self.summary(),
        }


__all__ = ["RULES", "RULE_TITLES", "Report", "Violation", "violation", "with_numbers"]
