"""Drawing units: what `$INSUNITS` says, what the planner says, and metres.

A drawing without units is common (old AutoCAD templates leave `$INSUNITS`
at 0), and guessing between millimetres and metres is a factor of 1,000 on
every hall, so an unknown unit is an error that asks for `--units`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ezdxf import units as dxf_units
from ezdxf.enums import InsertUnits

UNIT_CODES: dict[str, int] = {
    "mm": dxf_units.MM,
    "cm": dxf_units.CM,
    "m": dxf_units.M,
    "in": dxf_units.IN,
    "ft": dxf_units.FT,
}
"""The units a planner can name on the command line, as `$INSUNITS` codes."""

UNITLESS = 0
US_SURVEY_FOOT = 21
"""`$INSUNITS` 21: the US survey foot (1200/3937 m), which ezdxf's table leaves out."""

_EXACT_METRES: dict[int, float] = {
    dxf_units.IN: 0.0254,
    dxf_units.FT: 0.3048,
    dxf_units.YD: 0.9144,
    dxf_units.MM: 0.001,
    dxf_units.CM: 0.01,
    dxf_units.DM: 0.1,
    dxf_units.M: 1.0,
    dxf_units.KM: 1000.0,
    US_SURVEY_FOOT: 1200 / 3937,
}
"""Exact factors by definition; ezdxf's table carries float noise for the imperial ones."""


@dataclass(frozen=True)
class Units:
    code: int
    name: str
    metres: float
    """Metres per drawing unit."""


def units_from_code(code: int) -> Units | None:
    """None when the code is unitless or not a length ezdxf knows."""
    if code == UNITLESS:
        return None
    try:
        factor = _EXACT_METRES.get(code) or float(
            dxf_units.conversion_factor(InsertUnits(code), InsertUnits.Meters)
        )
        name = "US survey feet" if code == US_SURVEY_FOOT else str(dxf_units.unit_name(code))
    except (KeyError, IndexError, ValueError, TypeError):
        return None
    if not factor > 0:
        return None
    return Units(code=code, name=name, metres=factor)


def units_from_name(name: str) -> Units:
    units = units_from_code(UNIT_CODES[name])
    assert units is not None
    return Units(code=units.code, name=name, metres=units.metres)


__all__ = ["UNITLESS", "UNIT_CODES", "Units", "units_from_code", "units_from_name"]
