"""The event: which halls, which rules, which requests.

`Event` is the resolved, cross-checked problem: venue loaded, exhibitor rows
parsed, every reference checked. Solver and validator take it as given.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import Annotated, Literal, get_args

from pydantic import Field, field_validator, model_validator

from floorplan.model.base import (
    MAX_SIZE_M,
    Area,
    Frozen,
    Id,
    Length,
    NonNegFloat,
    NonNegLength,
    PositiveFloat,
)
from floorplan.model.venue import Hall, Venue

BoothType = Literal["inline", "corner", "peninsula", "island"]
BOOTH_TYPES = frozenset(get_args(BoothType))
"""The contract's booth type words, which a file may spell in any case."""

OPEN_SIDES_NEEDED: dict[str | None, int] = {
    None: 1,
    "inline": 1,
    "corner": 2,
    "peninsula": 3,
    "island": 4,
}
"""Open sides a booth type needs (CONTRACT.md). A stand of no type still needs access."""


def _defaults_for_empty(model: type[Frozen], data: object) -> object:
    """A known key left empty (`grid_m:`) keeps its default, as an empty venue field means
    "not given": YAML reads it as null, which no rule can be. An unknown key stays, for its
    error (`aisle_widht_m:` is a misspelling, empty or not)."""
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if v is not None or k not in model.model_fields}
    return data


class Rules(Frozen):
    @model_validator(mode="before")
    @classmethod
    def _empty(cls, data: object) -> object:
        return _defaults_for_empty(cls, data)

    aisle_width_m: Length = 3.0
    """Minimum clear width of every aisle."""
    area_tolerance: Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)] = 0.10
    """Placed area within +/- this share of the requested area."""
    min_side_m: Length = 3.0
    """No stand side shorter than this."""
    max_aspect: Annotated[float, Field(ge=1, le=MAX_SIZE_M, allow_inf_nan=False)] = 3.0
    """A stand's long side is at most this many times its short side."""
    grid_m: Length = 0.5
    """Stand coordinates and sides are multiples of this."""
    exit_clearance_m: NonNegLength = 3.0
    """No stand within this distance of an exit door."""
    max_travel_m: Length = 60.0
    """Longest walk from any point of a stand to the nearest exit."""
    max_to_aisle_m: Length = 20.0
    """Longest walk inside a stand to its nearest open side."""
    keep_apart_m: NonNegLength = 10.0
    """Minimum gap between stands that list each other in keep_apart."""
    max_row_m: Length = 30.0
    """(1.1) Longest block of two or more stands without a cross aisle (rule C10)."""
    main_aisle_width_m: Length | None = None
    """(1.1) Width of the aisles the solver calls main; None means `aisle_width_m`."""

    @model_validator(mode="after")
    def _main_aisle(self) -> Rules:
        if self.main_aisle_width_m is not None and self.main_aisle_width_m < self.aisle_width_m:
            raise ValueError(
                f"main_aisle_width_m {self.main_aisle_width_m:g} is narrower than "
                f"aisle_width_m {self.aisle_width_m:g}"
            )
        return self

    @property
    def main_aisle_m(self) -> float:
        """The main aisle width in force: the rule's value or, by default, the aisle width."""
        return self.aisle_width_m if self.main_aisle_width_m is None else self.main_aisle_width_m


class SolverSettings(Frozen):
    @model_validator(mode="before")
    @classmethod
    def _empty(cls, data: object) -> object:
        return _defaults_for_empty(cls, data)

    time_limit_s: PositiveFloat = 60.0
    """Wall-clock limit of the whole `solve` command; the --time-limit flag wins."""
    seed: Annotated[int, Field(ge=0)] = 0
    """Random seed of the searches; the same seed gives the same layout."""
    workers: Annotated[int, Field(ge=1, le=64)] = 8
    """Processes that solve the halls side by side, at most the machine's cores. With the
    event and the seed it fixes the layout: any number from 2 up gives the same one; 1
    fits less work into the time limit where halls could have run side by side."""


class Request(Frozen):
    """One requested stand: a row of the exhibitor CSV."""

    id: Id
    """Unique request id: letters, digits, `-` and `_`."""
    name: Annotated[str, Field(min_length=1)]
    """Exhibitor name, shown on the map."""
    area_m2: Area
    """Requested net stand area."""
    booth_type: BoothType | None = None
    """Open sides wanted: inline >= 1, corner >= 2, peninsula >= 3, island 4; empty = any."""
    tier: Annotated[int, Field(ge=0)] = 0
    """Higher paid more and gets better locations."""
    category: str | None = None
    """Trade category (carmaker, battery, ...): colours and grouping on the map."""
    pavilion: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """Group whose stands are placed together in one hall: any text (`eu`, `German
    Pavilion`); the contract gives `eu` as an example, not a pattern."""
    hall: Id | None = None
    """Hall the stand must be in."""
    width_m: Length | None = None
    """Exact width, if the exhibitor insists (either orientation); with depth_m."""
    depth_m: Length | None = None
    """Exact depth, if the exhibitor insists (either orientation); with width_m."""
    floor_load_kn_m2: NonNegFloat | None = None
    """Needs a hall floor rated at least this (vehicle displays); 0 asks for nothing."""
    height_m: NonNegLength | None = None
    """Needs a hall ceiling at least this high; 0 asks for nothing."""
    keep_apart: tuple[Id, ...] = ()
    """Request ids that must be at least rules.keep_apart_m away (`;`-separated in a CSV)."""
    locked: bool = False
    stand: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    """(1.1) The stand number this exhibitor already holds in an existing plan."""

    @field_validator("name", "pavilion")
    @classmethod
    def _stripped(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("floor_load_kn_m2", "height_m")
    @classmethod
    def _zero_asks_nothing(cls, value: float | None) -> float | None:
        # A spreadsheet's 0 in a needs column means no need, not a need no hall states.
        return None if value == 0 else value

    @model_validator(mode="after")
    def _exact_size(self) -> Request:
        if (self.width_m is None) != (self.depth_m is None):
            raise ValueError("width_m and depth_m go together: give both or neither")
        if self.id in self.keep_apart:
            raise ValueError("keep_apart lists the stand itself")
        return self

    @property
    def exact_size(self) -> tuple[float, float] | None:
        if self.width_m is None or self.depth_m is None:
            return None
        return (self.width_m, self.depth_m)

    @property
    def open_sides_needed(self) -> int:
        return OPEN_SIDES_NEEDED[self.booth_type]


class Event(Frozen):
    name: Annotated[str, Field(min_length=1)]
    """The event's name, printed on every map."""
    venue: Venue
    """The venue with all its halls."""
    halls: Annotated[tuple[Id, ...], Field(min_length=1)]
    """The venue halls this event uses."""
    requests: tuple[Request, ...]
    """The exhibitor rows."""
    rules: Rules = Rules()
    """The rules a valid layout obeys."""
    solver: SolverSettings = SolverSettings()
    """Solver defaults; command-line flags win."""

    @model_validator(mode="after")
    def _cross_references(self) -> Event:
        # Errors carry a location prefix the loader turns into file/row/field.
        venue_halls = {h.id for h in self.venue.halls}
        problems: list[str] = []
        for hall_id in self.halls:
            if hall_id not in venue_halls:
                problems.append(
                    f"@halls: unknown hall {hall_id!r}; the venue has {sorted(venue_halls)}"
                )
        for hall_id, n in Counter(self.halls).items():
            if n > 1:
                problems.append(f"@halls: hall {hall_id!r} is listed {n} times")
        ids = Counter(r.id for r in self.requests)
        for i, req in enumerate(self.requests):
            if ids[req.id] > 1:
                problems.append(f"@requests.{i}.id: duplicate id {req.id!r}")
            if req.hall is not None and req.hall not in venue_halls:
                problems.append(
                    f"@requests.{i}.hall: unknown hall {req.hall!r}; "
                    f"the venue has {sorted(venue_halls)}"
                )
            for other in req.keep_apart:
                if other not in ids:
                    problems.append(f"@requests.{i}.keep_apart: unknown request id {other!r}")
        # A request for a hall the event does not use, or whose exact size is not within
        # the area tolerance, is valid input no stand can satisfy: unplaced with its reason
        # (`hosting.unhostable_reason`), as the contract's rule 9 has it.
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @cached_property
    def hall_models(self) -> tuple[Hall, ...]:
        return tuple(self.venue.hall(h) for h in self.halls)

    @cached_property
    def request_by_id(self) -> dict[str, Request]:
        return {r.id: r for r in self.requests}


__all__ = [
    "BOOTH_TYPES",
    "OPEN_SIDES_NEEDED",
    "BoothType",
    "Event",
    "Request",
    "Rules",
    "SolverSettings",
]
