"""CAD in and out: venue drawings from DXF, halls and layouts back to DXF.

`import-dxf` reads a venue's hall plan by layer (`layers.py` holds the
default layer names and the layer-map file); `export-dxf` writes halls on
those same layers and the layout on its own, so an export imports again.
"""

from floorplan.cad.dxf_export import (
    HALL_GAP_M,
    export_dxf,
    export_venue_dxf,
    hall_offsets,
    layout_drawing,
    venue_drawing,
)
from floorplan.cad.dxf_import import (
    ImportedPlan,
    ImportedVenue,
    import_dxf,
    import_dxf_plan,
    read_dxf_plan,
    read_dxf_venue,
)
from floorplan.cad.layers import DEFAULT_LAYER_MAP, LayerMap, load_layer_map
from floorplan.cad.units import UNIT_CODES, Units, units_from_name

__all__ = [
    "DEFAULT_LAYER_MAP",
    "HALL_GAP_M",
    "UNIT_CODES",
    "ImportedPlan",
    "ImportedVenue",
    "LayerMap",
    "Units",
    "export_dxf",
    "export_venue_dxf",
    "hall_offsets",
    "import_dxf",
    "import_dxf_plan",
    "layout_drawing",
    "load_layer_map",
    "read_dxf_plan",
    "read_dxf_venue",
    "units_from_name",
    "venue_drawing",
]
