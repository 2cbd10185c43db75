"""Hall maps a planner and a fire marshal can work from.

`render_layout` writes one A3 sheet per hall plus an overview; `draw_hall`
draws one hall into a matplotlib axes (or a new sheet). Attributes load on
first use so that `floorplan.numbering`, which shares this package's
geometry helpers, does not pay for importing matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from floorplan.render.files import render_layout
    from floorplan.render.sheet import draw_hall

__all__ = ["draw_hall", "render_layout"]


def __getattr__(name: str) -> Any:
    if name == "render_layout":
        from floorplan.render.files import render_layout

        return render_layout
    if name == "draw_hall":
        from floorplan.render.sheet import draw_hall

        return draw_hall
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
