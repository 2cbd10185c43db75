"""Benchmarks for `floorplan solve`: generated instances, a baseline of today's practice
and the runner behind `make bench`.

Kept outside the package on purpose: nothing here ships to users, and timed runs
never belong in the unit-test suite.
"""
