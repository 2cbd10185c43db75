"""Work a pass may still do, counted in stands packed, never in seconds.

Offering waiting stands round the halls packs a hall again for every offer, every
large guest seated first and every spot tried: on an over-booked 223-stand event
it took 20 s of a 60 s limit, and on a slower or busier machine the clock cut it
short at a different point each run. Counting the stands each pack handles (a
pack of an 80-stand hall is 80) stops the pass at the same point on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Budget:
    """Stands the pass may still pack; spent when it reaches zero."""

    left: float

    def spend(self, stands: float) -> None:
        self.left -= stands

    @property
    def spent(self) -> bool:
        return self.left <= 0


__all__ = ["Budget"]
