"""Compare two layouts exhibitor by exhibitor: who stays, moves, grows, arrives or leaves.

from floorplan.diff import diff_layouts
d = diff_layouts(old, new)
print(d.to_text())          # the e-mail to account managers
json.dumps(d.to_json())     # the `floorplan-diff/1` object, see docs/relayout.md
"""

from floorplan.diff.changes import (
    DIFF_FORMAT,
    KIND_ORDER,
    ChangeKind,
    DiffError,
    LayoutDiff,
    StandChange,
    diff_layouts,
)

__all__ = [
    "DIFF_FORMAT",
    "KIND_ORDER",
    "ChangeKind",
    "DiffError",
    "LayoutDiff",
    "StandChange",
    "diff_layouts",
]
