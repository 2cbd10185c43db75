"""What `solve` returns: the layout plus how it was found.

Like PyJobShop's `Result`, solving never raises for "no solution": the
result says what was placed, what was not and why, how each hall's search
went and the time taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from floorplan.model.layout import Layout
from floorplan.validate.report import Report


@dataclass(frozen=True)
class HallStats:
    """One hall's search: the skeletons it tried, the stands it placed and the score of
    the one it kept (placed value as a share, fairness breaking near-ties)."""

    hall: str
    candidates: int
    placed: int
    score: float


@dataclass(frozen=True)
class Result:
    layout: Layout
    status: str
    """FEASIBLE (stands were placed) or EMPTY, as in layout.json's `solver.status`."""
    wall_s: float
    halls: list[HallStats] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    """Validator messages of the final layout: empty unless there is a bug."""
    report: Report | None = None
    """The validator's report of the final layout (its solver info aside, which no rule
    reads): the maps show it without validating again."""

    @property
    def metrics(self) -> dict[str, Any]:
        return self.layout.metrics
