"""Files in, files out: loaders that turn bad input into readable errors, atomic writers."""

from floorplan.io.errors import InputError
from floorplan.io.load import load_event, load_layout, load_requests, load_venue
from floorplan.io.save import atomic_write, save_layout

__all__ = [
    "InputError",
    "atomic_write",
    "load_event",
    "load_layout",
    "load_requests",
    "load_venue",
    "save_layout",
]
