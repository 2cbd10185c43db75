"""The diff as an organiser e-mails it to exhibitors' account managers.

One summary line first (what a reader skims), then one group per kind, the
people to call first on top, one line per exhibitor naming its stand numbers
old -> new, so a manager can find their accounts by searching for an id or a
stand number. Plain ASCII (`m2`), so it survives any mail client.
"""

from __future__ import annotations

from floorplan.diff.changes import KIND_ORDER, ChangeKind, LayoutDiff, StandChange
from floorplan.model import Stand

TITLES: dict[ChangeKind, str] = {
    ChangeKind.moved: "Moved",
    ChangeKind.moved_resized: "Moved and resized",
    ChangeKind.resized: "Resized",
    ChangeKind.added: "Added",
    ChangeKind.removed: "Removed",
    ChangeKind.unplaced: "Still unplaced",
    ChangeKind.unchanged: "Unchanged",
}

SUMMARY_WORDS: dict[ChangeKind, str] = {
    ChangeKind.moved: "moved",
    ChangeKind.moved_resized: "moved and resized",
    ChangeKind.resized: "resized",
    ChangeKind.added: "added",
    ChangeKind.removed: "removed",
}


def diff_text(diff: LayoutDiff) -> str:
    lines = [summary_line(diff)]
    for kind in KIND_ORDER:
        group = diff.of_kind(kind)
        if not group:
            continue
        width = max(len(c.request_id) for c in group)
        lines += ["", f"{TITLES[kind]} ({len(group)}):"]
        lines += [f"  {c.request_id.ljust(width)}  {describe(c)}" for c in group]
    return "\n".join(lines)


def summary_line(diff: LayoutDiff) -> str:
    counts = diff.counts
    share = diff.identical_share
    kept = (
        f"{counts[ChangeKind.unchanged]} of {diff.old_stands} stands unchanged ({_pct(share)})"
        if share is not None
        else "the old layout had no stands"
    )
    if diff.changed:
        parts = [f"{counts[k]} {word}" for k, word in SUMMARY_WORDS.items() if counts[k]]
        line = f"Changes: {', '.join(parts)}; {kept}"
    elif share is not None:
        line = f"No change: all {diff.old_stands} stands identical ({_pct(share)})"
    else:
        line = "No change: neither layout has a stand"
    if counts[ChangeKind.unplaced]:
        line += f"; {counts[ChangeKind.unplaced]} still unplaced"
    if diff.old_event != diff.new_event:
        line += f" (events differ: {diff.old_event!r} -> {diff.new_event!r})"
    return line + "."


def describe(change: StandChange) -> str:
    """The rest of the exhibitor's line, after its id."""
    old, new = change.old, change.new
    if change.kind is ChangeKind.unplaced:
        return f"no stand; unplaced: {change.new_unplaced_reason}"
    if new is None:
        assert old is not None
        gone = (
            f"now unplaced: {change.new_unplaced_reason}"
            if change.new_unplaced_reason is not None
            else "no longer in the layout"
        )
        return f"gives up {label(old)} in {old.hall}, {size(old)}; {gone}"
    if old is None:
        before = (
            f"was unplaced: {change.old_unplaced_reason}"
            if change.old_unplaced_reason is not None
            else "new in the layout"
        )
        return f"gets {label(new)} in {new.hall}, {size(new)}; {before}"
    if change.kind is ChangeKind.unchanged:
        return f"{label(new)} in {new.hall}, {size(new)}"
    text = f"{label(old)} -> {label(new)}"
    if change.kind in (ChangeKind.moved, ChangeKind.moved_resized):
        distance = change.distance_m
        where = (
            f"from {old.hall} to {new.hall}"
            if distance is None
            else f"{distance:.1f} m within {new.hall}"
        )
        text += f", moved {where}"
    if change.kind in (ChangeKind.resized, ChangeKind.moved_resized):
        text += f", {size(old)} -> {size(new)}"
    else:
        text += f", {size(new)}"
    return text


def label(stand: Stand) -> str:
    """The stand number, or where it is when a hand-made layout has none."""
    if stand.number:
        return f"stand {stand.number}"
    return f"stand at ({_num(stand.x)}, {_num(stand.y)})"


def size(stand: Stand) -> str:
    box = f"{_num(stand.width)} x {_num(stand.depth)} m"
    if not stand.is_rect:
        box = f"polygon in {box}"
    return f"{box} ({_num(stand.area)} m2)"


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{100 * share:.1f}%"


__all__ = ["TITLES", "describe", "diff_text", "label", "size", "summary_line"]
