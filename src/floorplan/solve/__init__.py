"""The solver: translate an `Event` into CP-SAT models and their answers back into a `Layout`."""

from floorplan.solve.pipeline import Progress, solve
from floorplan.solve.result import HallStats, Result

__all__ = ["HallStats", "Progress", "Result", "solve"]
