"""`floorplan validate`: the independent proof that a layout is valid.

The validator shares no constraint code with the solver: it reads only the
contract models and recomputes everything from geometry, so the solver is
judged by it. The rules C1..C10 are those of CONTRACT.md; docs/validate.md
gives their exact definitions, tolerances and the JSON report format.

- Free space: hall outline minus stands, columns and keep-outs.
- Walkable space: the opening of free space by a disk of diameter
  `aisle_width_m`, only the connected parts that border an exit door
  (`walkable.py`).
- Windows: the stretches of a stand's outline that border walkable space
  (`access.py`): C4 needs >= 1 m of them, a side is open (C5) when at least
  half of it is a window.
- Travel (C7): exact geodesic walking distance from every point of the stand,
  straight to a window and then through walkable space to the nearest door
  (`travel.py`).
"""

from floorplan.validate.report import Report, Violation
from floorplan.validate.validator import validate, walkable_space

__all__ = ["Report", "Violation", "validate", "walkable_space"]
