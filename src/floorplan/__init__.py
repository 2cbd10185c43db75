"""floorplan: trade-show floor plans placed by a constraint solver and proved fire-safe."""

from floorplan.io import load_event, load_layout, save_layout
from floorplan.model import Event, Layout

__version__ = "0.1.0"

__all__ = ["Event", "Layout", "__version__", "load_event", "load_layout", "save_layout"]
