"""Shared pydantic configuration for the contract models."""

from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field

# Every contract model is immutable and rejects unknown keys: a typo such as
# `aisle_widht_m` must be an error, not a silently ignored setting.
STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$", min_length=1, max_length=64)]
"""Identifiers appear in file names, CSV cells and stand numbers: keep them plain."""

PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Point = tuple[
    Annotated[float, Field(allow_inf_nan=False)], Annotated[float, Field(allow_inf_nan=False)]
]


class Frozen(BaseModel):
    model_config = STRICT

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy whose cached lookups are rebuilt: `update` may change what they index."""
        copy = super().model_copy(update=update, deep=deep)
        for name in list(copy.__dict__):
            if isinstance(getattr(type(copy), name, None), cached_property):
                del copy.__dict__[name]
        return copy
