"""JSON Schema of the contract files, with a description and a unit for every field.

Descriptions come from the models' attribute docstrings (pydantic's
`use_attribute_docstrings`); the few fields documented in CONTRACT.md rather
than in a docstring get theirs here. Units follow the contract's naming
(`_m` metres, `_m2` square metres, `_kn_m2` kN/m2, `_s` seconds) plus the
geometry keys that carry no suffix; counts and ratios have unit "1".
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

GEOMETRY_KEYS = frozenset({"x", "y", "width", "depth", "polygon", "outline", "at", "columns"})
DIMENSIONLESS = frozenset({"area_tolerance", "max_aspect", "tier", "seed", "workers"})

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Request": {
        "locked": "Extension: true/yes/1/x keeps this exhibitor's stand where the baseline has it.",
    },
    "Layout": {
        "format": "File format and version: floorplan-layout/1.",
        "event": "Name of the event the layout is for.",
        "stands": "Placed stands.",
        "unplaced": "Requests not placed, each with the reason.",
        "metrics": "Figures of the layout (placed, requested, areas, net-to-gross).",
        "solver": "How the layout was found; absent for a hand-made layout.",
    },
    "Stand": {
        "request_id": "Id of the request this stand serves.",
        "hall": "Id of the hall the stand is in.",
        "x": "Lower-left corner, along x.",
        "y": "Lower-left corner, along y.",
        "width": "Extent along x.",
        "depth": "Extent along y.",
        "booth_type": "Booth type the stand was placed as.",
        "number": "Stand number printed on the map (hall, aisle letter, position: 5B03).",
        "locked": "Extension: never moves on a re-solve with --baseline.",
    },
    "Unplaced": {
        "request_id": "Id of the request that is not placed.",
        "reason": "Why, in a planner's words.",
    },
    "SolverInfo": {
        "status": (
            "FEASIBLE when stands were placed, EMPTY when none were "
            "(layouts of earlier versions may say OPTIMAL or GREEDY)."
        ),
        "seed": "Random seed of the search.",
        "workers": "Processes that solved the halls side by side (at most the cores).",
        "wall_s": "Wall-clock time of the solve.",
    },
}


def unit_of(name: str) -> str | None:
    """The unit of a contract field by its name, or None for text and flags."""
    if name.endswith("_kn_m2"):
        return "kN/m2"
    if name.endswith("_m2"):
        return "m2"
    if name.endswith("_m") or name in GEOMETRY_KEYS:
        return "m"
    if name.endswith("_s"):
        return "s"
    if name in DIMENSIONLESS:
        return "1"
    return None


def contract_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model.model_json_schema()` with every field's description and unit filled in."""
    schema = model.model_json_schema()
    objects = [(schema.get("title", ""), schema)]
    objects += list(schema.get("$defs", {}).items())
    for title, node in objects:
        extra = DESCRIPTIONS.get(title, {})
        for name, prop in node.get("properties", {}).items():
            if "description" not in prop and name in extra:
                prop["description"] = extra[name]
            unit = unit_of(name)
            if unit is not None:
                prop["unit"] = unit
    return schema


__all__ = ["DESCRIPTIONS", "contract_schema", "unit_of"]
