"""The title block: what a drawing must say about itself before anyone signs it.

Revision is the first 8 hex digits of the SHA-256 of layout.json, so a
printed map can be matched to its file with `sha256sum layout.json`. The date
honours SOURCE_DATE_EPOCH (reproducible builds) so regenerated demo images
only change when the layout does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from floorplan.io.save import layout_json
from floorplan.model.event import Event
from floorplan.model.layout import Layout
from floorplan.render.verdict import ReportLike


def revision_of(data: bytes | Layout) -> str:
    raw = layout_json(data).encode("utf-8") if isinstance(data, Layout) else data
    return hashlib.sha256(raw).hexdigest()[:8]


def drawing_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


@dataclass(frozen=True)
class Totals:
    placed: int
    requested: int
    net_to_gross: float


def totals(event: Event, layout: Layout, report: ReportLike | None) -> Totals:
    """Event-wide numbers: the validator's when it ran, else recomputed from the layout."""
    metrics: Mapping[str, Any] = report.metrics if report is not None else layout.metrics
    placed = metrics.get("placed")
    requested = metrics.get("requested")
    ntg = metrics.get("net_to_gross")
    gross = sum(h.gross_area for h in event.hall_models)
    in_event = [s for s in layout.stands if s.hall in event.halls]
    return Totals(
        placed=int(placed) if isinstance(placed, int | float) else len(layout.stands),
        requested=int(requested) if isinstance(requested, int | float) else len(event.requests),
        net_to_gross=float(ntg)
        if isinstance(ntg, int | float)
        else (sum(s.area for s in in_event) / gross if gross else 0.0),
    )


def verdict_line(report: ReportLike | None, in_hall: int | None = None) -> tuple[str, bool]:
    """Validation status as text, and whether it is bad news.

    A hall sheet (`in_hall` = its number of findings) says how many of the
    event's violations are on it: a clean hall of an invalid layout still
    cannot be signed off on its own without knowing that.
    """
    if report is None:
        return "NOT VALIDATED: no validator report", False
    if report.valid:
        return "VALID: every contract rule holds", False
    n = len(report.violations)
    text = f"INVALID: {n} violation{'s' if n != 1 else ''}"
    if in_hall is not None:
        text += f" in the event, {in_hall or 'none'} on this sheet"
    return text, True


def rows(
    event: Event,
    layout: Layout,
    hall_id: str | None,
    report: ReportLike | None,
    revision: str,
    date: str,
    scale: float,
) -> list[tuple[str, str]]:
    """Title-block rows (label, value); `hall_id` None for the overview."""
    r = event.rules
    t = totals(event, layout, report)
    out = [("Event", event.name)]
    if hall_id is not None:
        hall = event.venue.hall(hall_id)
        stands = [s for s in layout.stands if s.hall == hall_id]
        net = sum(s.area for s in stands)
        x0, y0, x1, y1 = hall.shape.bounds
        size = f"{x1 - x0:g} x {y1 - y0:g} m"
        out.append(
            ("Hall", f"{hall.name or hall.id} ({hall.id}), {size}, {hall.gross_area:,.0f} m² gross")
        )
        ntg = net / hall.gross_area
        out.append(
            ("This hall", f"{len(stands)} stands, {net:,.0f} m² net, net-to-gross {ntg:.2f}")
        )
    else:
        gross = sum(h.gross_area for h in event.hall_models)
        venue = event.venue.name or event.venue.id
        out.append(("Venue", f"{venue}: {len(event.halls)} halls, {gross:,.0f} m² gross"))
    out += [
        (
            "Placed",
            f"{t.placed} of {t.requested} requested; event net-to-gross {t.net_to_gross:.2f}",
        ),
        ("Aisles", f"clear width ≥ {r.aisle_width_m:g} m; exit clearance {r.exit_clearance_m:g} m"),
        (
            "Travel",
            f"to an exit ≤ {r.max_travel_m:g} m; "
            f"inside a stand to its open side ≤ {r.max_to_aisle_m:g} m",
        ),
        ("Date / rev.", f"{date}   layout {revision}"),
        ("Scale", f"1:{_round_scale(scale)} on A3" if scale > 0 else "as drawn"),
    ]
    return out


def _round_scale(scale: float) -> str:
    step = 10 if scale < 1000 else 50
    return f"{round(scale / step) * step:,.0f}"


__all__ = ["Totals", "drawing_date", "revision_of", "rows", "totals", "verdict_line"]
