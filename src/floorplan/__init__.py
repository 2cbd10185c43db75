"""floorplan: trade-show floor plans placed by a constraint solver and proved fire-safe.

The package loads its parts on first use (`__getattr__`): `import floorplan` alone
imports nothing, so the command's entry point (`floorplan.entry`) can catch a
Ctrl-C pressed while the libraries load.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from floorplan.io import load_event, load_layout, save_layout
    from floorplan.model import Event, Layout

__version__ = "0.1.0"

__all__ = ["Event", "Layout", "__version__", "load_event", "load_layout", "save_layout"]

_HOMES = {
    "Event": "floorplan.model",
    "Layout": "floorplan.model",
    "load_event": "floorplan.io",
    "load_layout": "floorplan.io",
    "save_layout": "floorplan.io",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'floorplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
