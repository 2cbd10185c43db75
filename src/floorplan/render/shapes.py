"""Shapely geometry as matplotlib paths: polygons with holes, any nesting of collections."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from shapely import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient


def polygons(geom: BaseGeometry) -> Iterator[Polygon]:
    if geom.is_empty:
        return
    if isinstance(geom, Polygon):
        yield geom
        return
    for part in getattr(geom, "geoms", ()):
        yield from polygons(part)


def polygon_path(geom: BaseGeometry) -> MplPath | None:
    """One compound path; holes wind the other way so any fill rule leaves them empty."""
    rings = []
    for poly in polygons(geom):
        poly = orient(poly, sign=1.0)
        rings.append(MplPath(np.asarray(poly.exterior.coords), closed=True))
        rings += [MplPath(np.asarray(r.coords), closed=True) for r in poly.interiors]
    if not rings:
        return None
    return MplPath.make_compound_path(*rings)


def geom_patch(geom: BaseGeometry, **kwargs: Any) -> PathPatch | None:
    path = polygon_path(geom)
    return None if path is None else PathPatch(path, **kwargs)


__all__ = ["geom_patch", "polygon_path", "polygons"]
