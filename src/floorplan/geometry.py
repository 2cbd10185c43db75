"""Shapely helpers shared by `info`, the solver and the renderer (never the validator)."""

from __future__ import annotations

from shapely import unary_union
from shapely.geometry.base import BaseGeometry

from floorplan.model.venue import Hall


def obstacle_union(hall: Hall) -> BaseGeometry:
    return unary_union(hall.obstacles)


def usable_area(hall: Hall) -> float:
    """Floor area left after columns and keep-outs."""
    return float(hall.shape.difference(obstacle_union(hall)).area)
