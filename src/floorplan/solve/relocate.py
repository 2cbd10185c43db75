"""Low tiers moved back from the front: a stand nearer the entrance than higher tiers takes
open floor at its own tier's distance, where that makes the hall fairer (and a high tier
left far back, behind lower ones, takes open floor nearer).

The packer seats tiers from the entrance outward, but a slot the higher tiers
cannot use (a shallow row along the entrance wall, a stretch left at a row's
end) goes to whoever fits it, and those are mostly the small stands of the
lowest tiers. Where the hall has floor to spare a planner would rather leave
that slot empty and seat the small stand farther back. The trade of equal
slots (`fairness.assign_tiers`) cannot do it: no higher tier fits the slot.
The pass runs last, after the last call (`stretches`), so the floor a moved
stand takes is floor no waiting request could be seated on.

A stand is moved only from the end of a row or a block of its own, so the
floor it leaves is never a hole inside a row; taking a stand away only adds
walkable floor, so every other stand keeps its access, open sides and walk.
Its new seat is found as the open-floor pass finds one (`infill`), with every
check of that pass, and kept only when the hall's tau-b grows, the stand keeps
at least its area, and the hall's share of block edges on lines falls by at
most `Params.relocate_lines_per_tau` times what tau-b gains.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from floorplan.solve.fairness import tau_b
from floorplan.solve.hall import step_units
from floorplan.solve.infill import OPEN_FLOOR, infill
from floorplan.solve.lineup import ALIGN_M, aligned
from floorplan.solve.pack import Placed
from floorplan.solve.params import Params
from floorplan.solve.problem import HallProblem, blocks, box_of, rect_gap


def _at_an_end(placed: list[Placed], i: int) -> bool:
    """Whether stand `i` touches no two stands on opposite sides (it ends a row or stands
    alone): taking it away leaves no hole inside a row."""
    x, y, w, d = placed[i].rect
    west = east = south = north = False
    for j, pl in enumerate(placed):
        if j == i or rect_gap(pl.rect, placed[i].rect) > 0:
            continue
        ox, oy, ow, od = pl.rect
        overlap_y = oy < y + d and y < oy + od
        overlap_x = ox < x + w and x < ox + ow
        west |= overlap_y and ox + ow == x
        east |= overlap_y and ox == x + w
        south |= overlap_x and oy + od == y
        north |= overlap_x and oy == y + d
    return not ((west and east) or (south and north))


def relocate(
    p: HallProblem, placed: list[Placed], params: Params, tries: int, deadline: float
) -> tuple[list[Placed], bool]:
    """Up to `tries` stands, those with the most pairs the wrong way first (higher tiers
    farther away, lower tiers nearer), seated again on the open floor where the hall's
    tau-b grows; also whether every try was made (the `deadline`, a `time.monotonic()`
    value, is an emergency stop only)."""
    out = list(placed)
    tiers = np.array([pl.request.tier for pl in out])
    if len(set(tiers.tolist())) < 2 or tries <= 0:
        return out, True

    def nearness(pl: Placed) -> float:
        return p.nearness(pl.rect)

    rivals = set(p.rivals)

    def movable(pl: Placed) -> bool:
        # Raw space stays (its band was laid out round it), and so do pavilion members
        # (within an aisle of each other) and stands a rival must keep away from.
        r = pl.request
        seated = pl.segment >= 0 or pl.segment == OPEN_FLOOR
        return seated and not r.pavilion and r.id not in rivals

    near = np.array([nearness(pl) for pl in out])
    score = tau_b(tiers.tolist(), near.tolist())
    if score is None:
        return out, True
    # The pairs each stand puts the wrong way: higher tiers farther away than it, and lower
    # tiers nearer (a top-tier stand the bands left to the far open floor may find a spot
    # nearer once the others stand).
    behind = ((tiers[None, :] > tiers[:, None]) & (near[None, :] < near[:, None])).sum(axis=1)
    ahead = ((tiers[None, :] < tiers[:, None]) & (near[None, :] > near[:, None])).sum(axis=1)
    wrong = behind + ahead
    order = [i for i in np.argsort(-wrong, kind="stable").tolist() if wrong[i] > 0]
    chosen = [out[i].request.id for i in order if movable(out[i])]
    lines = _lined_up(p, out)
    rounds = replace(params, infill_rounds=params.final_infill_rounds)
    step = step_units(p.rules, params)
    for rid in chosen:
        i = next(k for k, pl in enumerate(out) if pl.request.id == rid)
        if not _at_an_end(out, i):
            continue  # no try: only the open-floor passes count
        if tries <= 0:
            break
        tries -= 1
        if time.monotonic() > deadline:
            return out, False
        old = out[i]
        rest = out[:i] + out[i + 1 :]
        got, left = infill(p, rest, [old.request], rounds, step, p.passage, walked_sides=True)
        if left:
            continue
        new = next(pl for pl in got if pl.request.id == rid)
        if new.rect[2] * new.rect[3] < old.rect[2] * old.rect[3]:
            continue  # the stand keeps the floor it had (no placed area is traded)
        trial = tau_b([pl.request.tier for pl in got], [nearness(pl) for pl in got])
        if trial is None or trial <= score + 1e-9:
            continue
        lined = _lined_up(p, got)
        if lined < lines - params.relocate_lines_per_tau * (trial - score):
            continue  # the hall would read less as a plan than it gains in fairness
        out, score, lines = got, trial, lined
    return out, True


def _lined_up(p: HallProblem, placed: list[Placed]) -> float:
    """The hall's share of block edges on another block's line (the `aligned_edges` metric)."""
    groups = blocks([pl.rect for pl in placed], p.units(p.rules.aisle_width_m))
    boxes = [box_of([placed[i].rect for i in group]) for group in groups]
    return aligned(boxes, ALIGN_M / p.g) / (4 * len(boxes)) if boxes else 1.0


__all__ = ["relocate"]
