"""Tests of `floorplan.validate` (a package so its module names cannot clash with others)."""
