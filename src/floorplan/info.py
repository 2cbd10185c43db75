"""`floorplan info`: what an event asks for and what its halls offer, before solving."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from floorplan.geometry import usable_area
from floorplan.hosting import unhostable_reason
from floorplan.model.event import Event


@dataclass(frozen=True)
class HallFigures:
    hall: str
    gross_m2: float
    usable_m2: float
    required_m2: float
    """Area of requests that must be in this hall."""


@dataclass(frozen=True)
class EventFigures:
    halls: list[HallFigures]
    requested_m2: float
    requests: int
    by_booth_type: Counter[str] = field(default_factory=Counter)
    by_tier: Counter[int] = field(default_factory=Counter)
    unhostable: list[tuple[str, str]] = field(default_factory=list)

    @property
    def gross_m2(self) -> float:
        return sum(h.gross_m2 for h in self.halls)

    @property
    def usable_m2(self) -> float:
        return sum(h.usable_m2 for h in self.halls)

    @property
    def demand_ratio(self) -> float:
        return self.requested_m2 / self.gross_m2 if self.gross_m2 else 0.0


def figures(event: Event) -> EventFigures:
    halls = []
    for hall in event.hall_models:
        required = sum(r.area_m2 for r in event.requests if r.hall == hall.id)
        halls.append(HallFigures(hall.id, hall.gross_area, usable_area(hall), required))
    unhostable = []
    for req in event.requests:
        reason = unhostable_reason(event, req)
        if reason:
            unhostable.append((req.id, reason))
    return EventFigures(
        halls=halls,
        requested_m2=sum(r.area_m2 for r in event.requests),
        requests=len(event.requests),
        by_booth_type=Counter(r.booth_type or "any" for r in event.requests),
        by_tier=Counter(r.tier for r in event.requests),
        unhostable=unhostable,
    )


def report(event: Event) -> str:
    f = figures(event)
    lines = [f"{event.name}", f"venue: {event.venue.name or event.venue.id}", ""]
    lines.append(f"{'hall':<12}{'gross m2':>10}{'usable m2':>11}{'required m2':>13}{'ratio':>8}")
    for h in f.halls:
        ratio = h.required_m2 / h.gross_m2 if h.gross_m2 else 0.0
        lines.append(
            f"{h.hall:<12}{h.gross_m2:>10,.0f}{h.usable_m2:>11,.0f}{h.required_m2:>13,.0f}{ratio:>8.2f}"
        )
    lines.append(
        f"{'total':<12}{f.gross_m2:>10,.0f}{f.usable_m2:>11,.0f}{f.requested_m2:>13,.0f}"
        f"{f.demand_ratio:>8.2f}"
    )
    lines.append("")
    lines.append(
        f"requests: {f.requests}, requested {f.requested_m2:,.0f} m2 = "
        f"{f.demand_ratio:.0%} of gross, {f.requested_m2 / f.usable_m2:.0%} of usable"
    )
    types = ", ".join(
        f"{t} {f.by_booth_type[t]}"
        for t in ("island", "peninsula", "corner", "inline", "any")
        if f.by_booth_type[t]
    )
    lines.append(f"by booth type: {types}")
    lines.append(
        "by tier: " + ", ".join(f"{t}: {n}" for t, n in sorted(f.by_tier.items(), reverse=True))
    )
    lines.append("")
    if f.unhostable:
        lines.append(f"requests no hall can host ({len(f.unhostable)}):")
        lines.extend(f"  {rid}: {reason}" for rid, reason in f.unhostable)
    else:
        lines.append(
            "every request fits at least one hall (floor load, ceiling, size, required hall)"
        )
    return "\n".join(lines)
