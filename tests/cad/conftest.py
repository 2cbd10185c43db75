"""Drawings built with ezdxf inside each test, so a test shows the plan it reads."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ezdxf
import pytest
from ezdxf.enums import TextEntityAlignment

# The organiser plan (`benchmarks/organiser_plan.py`) is built by the tests here too.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

Pt = tuple[float, float]


@dataclass
class Plan:
    """A drawing in the making: coordinates are given in the drawing's own units."""

    path: Path
    units: int | None = 6
    doc: Any = field(init=False)

    def __post_init__(self) -> None:
        self.doc = ezdxf.new("R2013")
        if self.units is None:
            self.doc.header["$INSUNITS"] = 0
        else:
            self.doc.units = self.units

    @property
    def msp(self) -> Any:
        return self.doc.modelspace()

    def poly(self, points: Sequence[Pt], layer: str = "FP-HALL", close: bool = True) -> Any:
        return self.msp.add_lwpolyline(points, close=close, dxfattribs={"layer": layer})

    def line(self, a: Pt, b: Pt, layer: str) -> Any:
        return self.msp.add_line(a, b, dxfattribs={"layer": layer})

    def circle(self, centre: Pt, radius: float, layer: str = "FP-COLUMN") -> Any:
        return self.msp.add_circle(centre, radius, dxfattribs={"layer": layer})

    def text(self, body: str, at: Pt, layer: str = "FP-HALL", height: float = 1.0) -> Any:
        entity = self.msp.add_text(body, height=height, dxfattribs={"layer": layer})
        entity.set_placement(at, align=TextEntityAlignment.MIDDLE_CENTER)
        return entity

    def rect(self, x: float, y: float, w: float, d: float, layer: str) -> Any:
        return self.poly([(x, y), (x + w, y), (x + w, y + d), (x, y + d)], layer)

    def save(self) -> Path:
        self.doc.saveas(self.path)
        return self.path


@pytest.fixture
def plan(tmp_path: Path) -> Callable[..., Plan]:
    """`plan(units=6)`: a fresh drawing saved as `tmp_path/plan.dxf`."""

    def make(units: int | None = 6, name: str = "plan.dxf") -> Plan:
        return Plan(tmp_path / name, units)

    return make


@pytest.fixture
def warnings_seen() -> list[str]:
    return []
