"""Why a request stayed unplaced, in words a planner can act on."""

from __future__ import annotations

import numpy as np

from floorplan.solve.blocks import Block
from floorplan.solve.frame import Frame
from floorplan.solve.place import Spot


def largest_free_block(
    frame: Frame, blocks: list[Block], spots: dict[int, Spot]
) -> tuple[int, int]:
    """Largest block (grid units) that would still fit with aisles round it."""
    a = frame.aisle
    nx, ny = frame.x1 - frame.x0, frame.y1 - frame.y0
    busy = np.zeros((ny, nx), dtype=bool)
    # A block of width w fits at x when [x, x+w+a) is free of grown boxes and inside [x0+a, x1).
    busy[:, :a] = True
    busy[:a, :] = True
    boxes = [(x, y, w + a, d + a) for x, y, w, d in frame.blocked]
    for i, spot in spots.items():
        s = blocks[i].shapes[spot.shape]
        boxes.append((spot.x, spot.y, s.width + a, s.depth + a))
    for x, y, w, d in boxes:
        xa, ya = max(0, x - frame.x0), max(0, y - frame.y0)
        xb, yb = min(nx, x + w - frame.x0), min(ny, y + d - frame.y0)
        if xa < xb and ya < yb:
            busy[ya:yb, xa:xb] = True
    best = (0, 0)
    best_area = 0
    heights = np.zeros(nx, dtype=int)
    for row in range(ny):
        heights = np.where(busy[row], 0, heights + 1)
        stack: list[tuple[int, int]] = []
        for col in range(nx + 1):
            h = int(heights[col]) if col < nx else 0
            start = col
            while stack and stack[-1][1] >= h:
                start, sh = stack.pop()
                w = col - start
                if (w - a) * (sh - a) > best_area and w > a and sh > a:
                    best_area = (w - a) * (sh - a)
                    best = (w - a, sh - a)
            stack.append((start, h))
    return best


def full_reason(
    request_area: float, short_m: float, long_m: float, halls: list[tuple[str, float, float]]
) -> str:
    rooms = "; ".join(f"{h}: largest free block {w:g} x {d:g} m" for h, w, d in halls)
    return (
        f"no room left ({rooms}); the stand needs {request_area:g} m2, "
        f"at least {short_m:g} x {long_m:g} m"
    )
