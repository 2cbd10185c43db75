"""Which DXF layers mean what: floorplan's default layer names and a venue's own.

Import and export share these names so that a drawing floorplan writes is a
drawing floorplan reads. A venue's drawing uses its own layer names; a small
YAML layer map (`--layer-map`) says which of its layers play which role.
Layer names in DXF are case-insensitive, so matching is too, and a map entry
may be a shell pattern (`A-COL*`) because CAD offices number their layers.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationError

from floorplan.io.errors import yaml_errors
from floorplan.io.load import read_yaml
from floorplan.model.base import Frozen

HALL_LAYER = "FP-HALL"
COLUMN_LAYER = "FP-COLUMN"
KEEPOUT_LAYER = "FP-KEEPOUT"
EXIT_LAYER = "FP-EXIT"
ENTRANCE_LAYER = "FP-ENTRANCE"

STAND_LAYER_PREFIX = "FP-STAND"
AISLE_LAYER = "FP-AISLE"
CLEARANCE_LAYER = "FP-EXIT-CLEARANCE"
LAYOUT_LAYER_PATTERNS = (f"{STAND_LAYER_PREFIX}*", AISLE_LAYER, CLEARANCE_LAYER)
"""Layers `export-dxf` writes for the layout; import skips them without a warning."""

ENTRANCE_WORDS = ("ENTRANCE", "ENTRY", "EINGANG", "ENTREE", "ENTRÉE", "ENTRADA", "INGRESSO", "入口")
"""An exit whose layer or block name holds one of these words is an entrance (English,
German, French, Spanish and Portuguese, Italian, Chinese), unless it says the opposite."""
NOT_ENTRANCE_WORDS = ("NO ENTRY", "NO-ENTRY", "NO_ENTRY", "NOENTRY", "KEIN EINGANG")

Role = Literal["outline", "labels", "columns", "keep_out", "exits", "stands"]


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Patterns = Annotated[
    tuple[Annotated[str, Field(min_length=1)], ...], BeforeValidator(_as_list), Field(min_length=1)
]


class LayerMap(Frozen):
    """Layer name patterns per role; every key is optional in the map file."""

    outline: Patterns = (HALL_LAYER,)
    labels: Patterns | None = None
    """Layers whose texts name a hall; by default the outline layers."""
    columns: Patterns = (COLUMN_LAYER,)
    keep_out: Patterns = (f"{KEEPOUT_LAYER}*",)
    exits: Patterns = (EXIT_LAYER, ENTRANCE_LAYER)
    stands: Patterns = (STAND_LAYER_PREFIX, f"{STAND_LAYER_PREFIX}-*")
    """(1.1) Stand outlines and the numbers inside them (read with `--layout`)."""
    entrances: Patterns | None = None
    """Layers or door block names that are visitor entrances (read as exits too); by
    default a layer or block name holding an entrance word (`ENTRANCE_WORDS`)."""

    def patterns(self, role: Role) -> tuple[str, ...]:
        if role == "labels":
            return self.labels if self.labels is not None else self.outline
        if role == "exits" and self.entrances is not None:
            return self.exits + self.entrances
        found: tuple[str, ...] = getattr(self, role)
        return found

    def entrance(self, layer: str, block: str = "") -> bool:
        """Whether a door on `layer` (a block reference to `block`) is an entrance."""
        if self.entrances is not None:
            return any(
                matching_pattern(self.entrances, name) is not None
                for name in (layer, block)
                if name
            )
        return is_entrance(layer, block)

    def has(self, role: Role, layer: str) -> bool:
        return matching_pattern(self.patterns(role), layer) is not None

    def roles(self, layer: str) -> list[Role]:
        all_roles: tuple[Role, ...] = (
            "outline",
            "labels",
            "columns",
            "keep_out",
            "exits",
            "stands",
        )
        return [role for role in all_roles if self.has(role, layer)]


DEFAULT_LAYER_MAP = LayerMap()


def matching_pattern(patterns: tuple[str, ...], layer: str) -> str | None:
    name = layer.upper()
    for pattern in patterns:
        if fnmatchcase(name, pattern.upper()):
            return pattern
    return None


def is_layout_layer(layer: str) -> bool:
    return matching_pattern(LAYOUT_LAYER_PATTERNS, layer) is not None


def is_entrance(*names: str) -> bool:
    upper = " ".join(names).upper()
    for word in NOT_ENTRANCE_WORDS:
        upper = upper.replace(word, "")
    return any(word in upper for word in ENTRANCE_WORDS)


def keep_out_reason_from_layer(layer: str) -> str:
    """A reason spelled in the layer name: `FP-KEEPOUT-HOSE_REEL` -> `hose reel`.

    A venue's own layer name (`Fire Equipment`) is the reason itself;
    floorplan's generic keep-out prefix says nothing and is dropped.
    """
    name = layer
    if name.upper().startswith(KEEPOUT_LAYER):
        name = name[len(KEEPOUT_LAYER) :]
    return _humanise(name)


def _humanise(name: str) -> str:
    return " ".join(re.split(r"[-_\s]+", name)).strip().lower()


def stand_layer(category: str | None) -> str:
    """One layer per category, so a viewer can switch a category's stands on and off."""
    if not category:
        return STAND_LAYER_PREFIX
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", category.strip()).strip("_").upper()
    return f"{STAND_LAYER_PREFIX}-{safe}" if safe else STAND_LAYER_PREFIX


def load_layer_map(path: Path | str | None) -> LayerMap:
    if path is None:
        return DEFAULT_LAYER_MAP
    path = Path(path)
    data = read_yaml(path)
    try:
        return LayerMap.model_validate(data)
    except ValidationError as exc:
        raise yaml_errors(path, exc, data) from None


__all__ = [
    "AISLE_LAYER",
    "CLEARANCE_LAYER",
    "COLUMN_LAYER",
    "DEFAULT_LAYER_MAP",
    "ENTRANCE_LAYER",
    "ENTRANCE_WORDS",
    "EXIT_LAYER",
    "HALL_LAYER",
    "KEEPOUT_LAYER",
    "LayerMap",
    "is_entrance",
    "is_layout_layer",
    "keep_out_reason_from_layer",
    "load_layer_map",
    "stand_layer",
]
