"""Work a pass may still do, counted in work, never in seconds.

Every pass that packs halls again (the skeletons tried, the stands seated first,
the offers round the halls) spends from a budget in reference milliseconds: what
a pack of that hall costs one core of the machine the parameters were measured
on (`pack_ms`), estimated from the hall's size and its requests, never timed. A
budget is a share of the time limit, so a short limit buys less search; and the
same input spends it to the same point on any machine under any load, where the
clock would cut the search short at a different point each run (seed 5300's
fuzzed events at a 30 s limit: 7 of 24 cut short).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from floorplan.solve.params import Params


@dataclass
class Budget:
    """Reference milliseconds the pass may still spend; spent when it reaches zero."""

    left: float

    def spend(self, ms: float) -> None:
        self.left -= ms

    @property
    def spent(self) -> bool:
        return self.left <= 0

    def packs(self, cost: float) -> int:
        """Packs of this cost the budget still holds (none when spent; a bound of no bound)."""
        if self.left == math.inf:
            return sys.maxsize
        return max(0, int(self.left // cost)) if cost > 0 else 0


def pack_ms(requests: int, area_m2: float, params: Params) -> float:
    """One pack of a hall's bands (a candidate skeleton, no open floor filled), in reference
    milliseconds: the skeleton and the coarse walk grow with the hall's floor, the packing
    with its requests. Measured over 816 candidates of 12 events (6 to 360 requests, halls
    of 5,800 to 48,300 m2): within a factor 2.5 of the model, most within 1.5."""
    return (
        params.pack_ms_base
        + params.pack_ms_per_request * requests
        + params.pack_ms_per_1000_m2 * area_m2 / 1000
    )


def filled_ms(requests: int, area_m2: float, params: Params) -> float:
    """One pack with its open floor filled too (a trial, an offer, a hall's final pack)."""
    return params.filled_packs * pack_ms(requests, area_m2, params)


def window_s(limit: float, requests: int, params: Params) -> float:
    """Seconds from the start to the emergency deadline of the search: what the work
    budgets are shares of (the rest of the limit is the proof's and the last passes')."""
    return max(0.0, min(params.search_share * limit, limit - params.proof_s_per_request * requests))


__all__ = ["Budget", "filled_ms", "pack_ms", "window_s"]
