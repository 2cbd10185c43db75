"""Layer roles: defaults, a venue's map file, and names that carry meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from floorplan.cad.layers import (
    DEFAULT_LAYER_MAP,
    is_entrance,
    is_layout_layer,
    keep_out_reason_from_layer,
    load_layer_map,
    stand_layer,
)
from floorplan.io import InputError


def test_default_roles_match_case_insensitively() -> None:
    assert DEFAULT_LAYER_MAP.roles("fp-hall") == ["outline", "labels"]
    assert DEFAULT_LAYER_MAP.roles("FP-KEEPOUT-HOSE") == ["keep_out"]
    assert DEFAULT_LAYER_MAP.roles("FP-ENTRANCE") == ["exits"]
    assert DEFAULT_LAYER_MAP.roles("fp-stand-battery") == ["stands"]  # read with --layout
    assert is_layout_layer("FP-STAND-BATTERY") and is_layout_layer("fp-aisle")
    assert not is_layout_layer("FP-HALL")


def test_layer_map_file(tmp_path: Path) -> None:
    path = tmp_path / "layers.yaml"
    path.write_text("outline: A-WALL\ncolumns: [S-COL*, S-PIER]\n")
    layers = load_layer_map(path)
    assert layers.roles("a-wall") == ["outline", "labels"]
    assert layers.has("columns", "S-COL-12") and layers.has("columns", "s-pier")
    assert layers.patterns("exits") == DEFAULT_LAYER_MAP.patterns("exits")
    assert load_layer_map(None) is DEFAULT_LAYER_MAP


@pytest.mark.parametrize(
    ("body", "message"),
    [("outlines: A\n", "outlines: is not a known key"), ("outline: []\n", "outline")],
)
def test_bad_layer_map(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "layers.yaml"
    path.write_text(body)
    with pytest.raises(InputError, match=message):
        load_layer_map(path)


def test_names_that_say_something() -> None:
    assert keep_out_reason_from_layer("FP-KEEPOUT-HOSE_REEL") == "hose reel"
    assert keep_out_reason_from_layer("FP-KEEPOUT") == ""
    assert keep_out_reason_from_layer("Fire Equipment") == "fire equipment"
    assert is_entrance("A-DOOR", "DOOR-MAIN-ENTRANCE") and is_entrance("EXIT-Entry", "")
    assert not is_entrance("FP-EXIT", "DOOR-2400")
    assert stand_layer("Battery & Storage") == "FP-STAND-BATTERY_STORAGE"
    assert stand_layer(None) == stand_layer("") == "FP-STAND"


@pytest.mark.parametrize(
    ("layer", "entrance"),
    [
        ("FP-ENTRANCE", True),
        ("Haupteingang", True),
        ("PORTE-ENTREE", True),
        ("A-DOOR-NO ENTRY", False),
        ("Notausgang", False),
        ("A-DOOR", False),
    ],
)
def test_entrance_words_in_several_languages(layer: str, entrance: bool) -> None:
    assert DEFAULT_LAYER_MAP.entrance(layer) is entrance


def test_a_layer_map_may_name_the_entrances(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("exits: [A-DOOR*]\nentrances: [A-DOOR-MAIN, VISITOR-GATE]\n")
    layers = load_layer_map(path)
    assert layers.roles("VISITOR-GATE") == ["exits"]  # read as a door too
    assert layers.entrance("A-DOOR-MAIN") and layers.entrance("A-DOOR", "VISITOR-GATE")
    assert not layers.entrance("A-DOOR-ENTRANCE-2")  # the map says which; words do not
