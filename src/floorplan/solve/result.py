"""What `solve` returns: the layout plus how it was found.

Like PyJobShop's `Result`, solving never raises for "no solution": the
result says what was placed, what was not and why, the objective, its bound
and the time taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from floorplan.model.layout import Layout
from floorplan.validate.report import Report


@dataclass(frozen=True)
class HallStats:
    hall: str
    blocks: int
    placed_blocks: int
    status: str
    objective: float | None
    bound: float | None
    wall_s: float


@dataclass(frozen=True)
class Result:
    layout: Layout
    status: str
    """OPTIMAL / FEASIBLE / GREEDY (CP-SAT found nothing better than the greedy start) / EMPTY."""
    wall_s: float
    halls: list[HallStats] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    """Validator messages of the final layout: empty unless there is a bug."""
    report: Report | None = None
    """The validator's report of the final layout (its solver info aside, which no rule
    reads): the maps show it without validating again."""

    @property
    def objective(self) -> float | None:
        values = [h.objective for h in self.halls if h.objective is not None]
        return sum(values) if values else None

    @property
    def bound(self) -> float | None:
        values = [h.bound for h in self.halls if h.bound is not None]
        return sum(values) if len(values) == len(self.halls) and values else None

    @property
    def metrics(self) -> dict[str, Any]:
        return self.layout.metrics
