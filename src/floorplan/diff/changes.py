"""What happened to each exhibitor's stand between two layouts.

A re-layout is judged by the people it touches: every exhibitor who was told
a location must hear whether it still holds. So the comparison is per request
id, and every request that appears in either layout gets exactly one entry,
unchanged ones included, so the list doubles as a confirmation list.

A stand's position is its hall and its lower-left corner (x, y), its size its
width and depth, exactly as written in layout.json. Turning a stand in place
(width and depth swapped) is a resize: the footprint changed even though the
area did not. Distances are between stand centres and only exist within one
hall, because every hall has its own coordinate origin.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shapely.affinity import translate

from floorplan.model import Layout, Stand

DIFF_FORMAT = "floorplan-diff/1"

TOLERANCE_M = 1e-6
"""Coordinates closer than this are equal: layouts hold grid multiples, JSON
round trips and hand edits may add float noise but never a real move."""


class ChangeKind(StrEnum):
    unchanged = "unchanged"
    moved = "moved"
    resized = "resized"
    moved_resized = "moved_resized"
    added = "added"
    removed = "removed"
    unplaced = "unplaced"
    """Without a stand in both layouts: nothing moved, but the exhibitor still waits."""


KIND_ORDER: tuple[ChangeKind, ...] = (
    ChangeKind.moved,
    ChangeKind.moved_resized,
    ChangeKind.resized,
    ChangeKind.added,
    ChangeKind.removed,
    ChangeKind.unplaced,
    ChangeKind.unchanged,
)
"""Report order: who must be told something comes first."""


class DiffError(ValueError):
    """A layout the diff cannot pair by request id (the same id twice)."""

    def __init__(self, side: str, message: str) -> None:
        self.side = side
        super().__init__(message)


@dataclass(frozen=True)
class StandChange:
    """One exhibitor's fate. `old`/`new` are its stands; a reason means unplaced there."""

    request_id: str
    kind: ChangeKind
    old: Stand | None
    new: Stand | None
    old_unplaced_reason: str | None = None
    new_unplaced_reason: str | None = None

    @property
    def hall_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.hall != self.new.hall

    @property
    def distance_m(self) -> float | None:
        """Centre to centre; None across halls, whose coordinates share no origin."""
        if self.old is None or self.new is None or self.hall_changed:
            return None
        (ox, oy), (nx, ny) = _centre(self.old), _centre(self.new)
        return math.hypot(nx - ox, ny - oy)

    @property
    def old_area_m2(self) -> float | None:
        return None if self.old is None else self.old.area

    @property
    def new_area_m2(self) -> float | None:
        return None if self.new is None else self.new.area

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Hall then stand number of where the exhibitor is now (or was, if gone)."""
        stand = self.new or self.old
        if stand is None:
            return ((), (), natural_key(self.request_id))
        return (natural_key(stand.hall), natural_key(stand.number), natural_key(self.request_id))

    def to_json(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "kind": self.kind.value,
            "old": _stand_json(self.old),
            "new": _stand_json(self.new),
            "distance_m": _rounded(self.distance_m),
            "old_area_m2": _rounded(self.old_area_m2),
            "new_area_m2": _rounded(self.new_area_m2),
            "hall_changed": self.hall_changed,
            "old_unplaced_reason": self.old_unplaced_reason,
            "new_unplaced_reason": self.new_unplaced_reason,
        }


@dataclass(frozen=True)
class LayoutDiff:
    """All changes, sorted by kind (see `KIND_ORDER`), then hall and stand number."""

    old_event: str
    new_event: str
    changes: tuple[StandChange, ...]

    def of_kind(self, kind: ChangeKind) -> list[StandChange]:
        return [c for c in self.changes if c.kind is kind]

    @property
    def counts(self) -> dict[ChangeKind, int]:
        found = Counter(c.kind for c in self.changes)
        return {kind: found[kind] for kind in ChangeKind}

    @property
    def old_stands(self) -> int:
        return sum(c.old is not None for c in self.changes)

    @property
    def new_stands(self) -> int:
        return sum(c.new is not None for c in self.changes)

    @property
    def changed(self) -> bool:
        return any(c.kind not in (ChangeKind.unchanged, ChangeKind.unplaced) for c in self.changes)

    @property
    def identical_share(self) -> float | None:
        """Stands of OLD still identical in NEW; None when OLD has no stand to keep."""
        if self.old_stands == 0:
            return None
        return self.counts[ChangeKind.unchanged] / self.old_stands

    def to_json(self) -> dict[str, Any]:
        share = self.identical_share
        summary: dict[str, Any] = {
            "old_stands": self.old_stands,
            "new_stands": self.new_stands,
            **{kind.value: n for kind, n in self.counts.items()},
            "identical_share": None if share is None else round(share, 4),
            "changed": self.changed,
        }
        return {
            "format": DIFF_FORMAT,
            "old_event": self.old_event,
            "new_event": self.new_event,
            "summary": summary,
            "changes": [c.to_json() for c in self.changes],
        }

    def to_text(self) -> str:
        from floorplan.diff.text import diff_text

        return diff_text(self)


def diff_layouts(old: Layout, new: Layout) -> LayoutDiff:
    """Pair the two layouts by request id and classify each exhibitor once.

    Raises `DiffError` when one layout lists a request id twice: such a file
    is invalid (`floorplan validate` says so) and no pairing would be honest.
    """
    old_stands, old_unplaced = _index(old, "old")
    new_stands, new_unplaced = _index(new, "new")
    ids = set(old_stands) | set(old_unplaced) | set(new_stands) | set(new_unplaced)
    changes = [
        _change(rid, old_stands, old_unplaced, new_stands, new_unplaced) for rid in sorted(ids)
    ]
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    changes.sort(key=lambda c: (rank[c.kind], c.sort_key))
    return LayoutDiff(old_event=old.event, new_event=new.event, changes=tuple(changes))


def _change(
    rid: str,
    old_stands: dict[str, Stand],
    old_unplaced: dict[str, str],
    new_stands: dict[str, Stand],
    new_unplaced: dict[str, str],
) -> StandChange:
    old, new = old_stands.get(rid), new_stands.get(rid)
    kind = _kind(old, new)
    return StandChange(
        request_id=rid,
        kind=kind,
        old=old,
        new=new,
        old_unplaced_reason=old_unplaced.get(rid),
        new_unplaced_reason=new_unplaced.get(rid),
    )


def _kind(old: Stand | None, new: Stand | None) -> ChangeKind:
    if old is None and new is None:
        return ChangeKind.unplaced
    if old is None:
        return ChangeKind.added
    if new is None:
        return ChangeKind.removed
    moved = old.hall != new.hall or not (_same(old.x, new.x) and _same(old.y, new.y))
    resized = not (_same(old.width, new.width) and _same(old.depth, new.depth))
    if not resized and not (old.is_rect and new.is_rect):
        resized = not _same_outline(old, new)
    if moved and resized:
        return ChangeKind.moved_resized
    if moved:
        return ChangeKind.moved
    if resized:
        return ChangeKind.resized
    return ChangeKind.unchanged


def _index(layout: Layout, side: str) -> tuple[dict[str, Stand], dict[str, str]]:
    stands: dict[str, Stand] = {}
    unplaced: dict[str, str] = {}
    for stand in layout.stands:
        if stand.request_id in stands:
            raise DiffError(side, f"request {stand.request_id!r} has two stands")
        stands[stand.request_id] = stand
    for item in layout.unplaced:
        if item.request_id in stands:
            raise DiffError(side, f"request {item.request_id!r} is both a stand and unplaced")
        if item.request_id in unplaced:
            raise DiffError(side, f"request {item.request_id!r} is unplaced twice")
        unplaced[item.request_id] = item.reason
    return stands, unplaced


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE_M


def _same_outline(old: Stand, new: Stand) -> bool:
    """Same shape up to a move: a polygon stand redrawn differently is resized."""
    moved = translate(old.shape, new.x - old.x, new.y - old.y)
    return bool(moved.symmetric_difference(new.shape).area <= TOLERANCE_M * max(new.width, 1.0))


def _centre(stand: Stand) -> tuple[float, float]:
    return stand.inner_point


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _stand_json(stand: Stand | None) -> dict[str, Any] | None:
    if stand is None:
        return None
    return {
        "hall": stand.hall,
        "number": stand.number,
        "x": stand.x,
        "y": stand.y,
        "width": stand.width,
        "depth": stand.depth,
        **({"polygon": [list(p) for p in stand.polygon]} if stand.polygon is not None else {}),
        "booth_type": stand.booth_type,
        "locked": stand.locked,
    }


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """`hall-9` before `hall-10`, `5A9` before `5A10`: numbers compare as numbers."""
    return tuple(
        (0, int(part)) if part.isascii() and part.isdigit() else (1, part.lower())
        for part in _DIGITS.split(text)
        if part
    )


_DIGITS = re.compile(r"([0-9]+)")


__all__ = [
    "DIFF_FORMAT",
    "KIND_ORDER",
    "ChangeKind",
    "DiffError",
    "LayoutDiff",
    "StandChange",
    "diff_layouts",
    "natural_key",
]
