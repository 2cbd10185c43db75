"""Shared pydantic configuration for the contract models."""

from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field

# Every contract model is immutable and rejects unknown keys: a typo such as
# `aisle_widht_m` must be an error, not a silently ignored setting.
# Attribute docstrings become the field descriptions `floorplan schema` prints.
STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, use_attribute_docstrings=True)

MAX_COORD_M = 100_000.0
"""Sane range of a coordinate: within 100 km of the hall origin.

Halls are at most a few hundred metres across. A coordinate beyond this is a
unit mistake (a drawing in millimetres read as metres) or a typo, and floats
that large lose the centimetres the checks need (at 1e16 the spacing of
floats is 2 m)."""
MAX_SIZE_M = 10_000.0
"""Sane range of a length (a stand side, an exit width, a rule distance): at most 10 km."""
MAX_HALL_M = 1_000.0
"""Sane size of a hall: at most 1 km across. The largest exhibition halls are a few
hundred metres long; a larger outline is a drawing in millimetres or centimetres read as
metres, and its skeleton alone would outlast a short time limit (a hall of 2,000 x 1,333
m with 15 stands: 64 s to solve at a 10 s limit; 1,000 x 667 m: 4.6 s)."""
MAX_AREA_M2 = MAX_SIZE_M * MAX_SIZE_M
"""Sane range of an area: at most 10 km x 10 km."""

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$", min_length=1, max_length=64)]
"""Identifiers appear in file names, CSV cells and stand numbers: keep them plain."""

PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Coord = Annotated[float, Field(ge=-MAX_COORD_M, le=MAX_COORD_M, allow_inf_nan=False)]
Length = Annotated[float, Field(gt=0, le=MAX_SIZE_M, allow_inf_nan=False)]
NonNegLength = Annotated[float, Field(ge=0, le=MAX_SIZE_M, allow_inf_nan=False)]
Area = Annotated[float, Field(gt=0, le=MAX_AREA_M2, allow_inf_nan=False)]
Point = tuple[Coord, Coord]


class Frozen(BaseModel):
    model_config = STRICT

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy whose cached lookups are rebuilt: `update` may change what they index."""
        copy = super().model_copy(update=update, deep=deep)
        for name in list(copy.__dict__):
            if isinstance(getattr(type(copy), name, None), cached_property):
                del copy.__dict__[name]
        return copy
