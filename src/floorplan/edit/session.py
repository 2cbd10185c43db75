"""One editing session: the layout being edited, its history, its verdict, its file.

The session owns the only mutable state of `floorplan edit`. Layouts are
frozen models, so undo and redo are stacks of whole layouts (a 1,500-stand
layout is a few hundred kB, and a planner makes hundreds of changes, not
millions). After every change the validator re-checks the halls the change
touched; the other halls keep their findings, which cannot have changed
since the walkable-space rules depend on a hall's own stands only. Saving
and keeping a re-solve re-check everything.

A live session (`live=True`, what `floorplan edit` runs) answers in two
steps, because the walkable-space rules (access C4, open sides C5, travel
C7) take seconds in a hall of 400 stands while everything else takes
milliseconds: a change is checked at once without them, and a background
thread then runs the full validator on the touched halls (`checking` names
them until it is done). A result for a layout that changed meanwhile is
thrown away and the newer one checked. Without `live`, every change is
checked in full before `apply` returns.

Every refusal is an `EditError` with an HTTP status and one readable line;
a refused change leaves the session exactly as it was.
"""

from __future__ import annotations

import math
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from floorplan.io.errors import InputError
from floorplan.io.load import load_layout
from floorplan.io.save import atomic_write, layout_json
from floorplan.model.event import Event, Request
from floorplan.model.layout import Layout, Stand, Unplaced
from floorplan.numbering import renumber
from floorplan.sizes import grid_sizes
from floorplan.validate import Report, Violation, validate

from .ops import Edit, Lock, Move, Place, Resize, Rotate, Unplace

MAX_HISTORY = 500
"""Undo steps kept; older ones are dropped first."""


class EditError(Exception):
    """A change or request the session refuses; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class SaveResult:
    path: Path
    backup: Path | None
    valid: bool
    violations: int


@dataclass
class _Findings:
    """Violations per hall plus the event-wide ones (hall None), as last checked."""

    by_hall: dict[str, list[Violation]] = field(default_factory=dict)
    event_wide: list[Violation] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)

    def report(self, halls: tuple[str, ...]) -> Report:
        found = list(self.event_wide)
        for h in halls:
            found += self.by_hall.get(h, [])
        for h, vs in self.by_hall.items():
            if h not in halls:
                found += vs
        return Report(found, self.metrics)


def snap(value: float, grid: float) -> float:
    """The nearest grid multiple, rounded to the micrometre as layout.json holds it."""
    return round(round(value / grid) * grid, 6)


def default_size(request: Request, event: Event) -> tuple[float, float]:
    """The size a request gets when dropped onto the floor: exact, else the most compact."""
    if request.exact_size is not None:
        return request.exact_size
    g = event.rules.grid_m
    sizes = grid_sizes(request, event.rules)
    if sizes:
        # Of the sizes nearest the asked area, the squarest: it fits most gaps.
        w, d = min(
            sizes[:8], key=lambda s: (max(s) / min(s), abs(s[0] * s[1] * g * g - request.area_m2))
        )
        return (round(w * g, 6), round(d * g, 6))
    side = max(g, snap(math.sqrt(request.area_m2), g))
    return (side, side)


class EditSession:
    """The layout being edited, with undo, redo, live findings and save."""

    def __init__(
        self,
        event: Event,
        layout_path: Path,
        layout: Layout | None = None,
        report: Report | None = None,
        *,
        live: bool = False,
    ) -> None:
        """`report`, if given, is the validator's report of `layout` (saves checking it twice)."""
        self.event = event
        self.layout_path = Path(layout_path)
        loaded = layout if layout is not None else load_layout(self.layout_path)
        self._lock = threading.RLock()
        self._settled = threading.Condition(self._lock)
        self._live = live
        self._pending: set[str] = set()
        self._released = False
        self.defer_checks = False
        """True: changes wait for `kick` before their background check starts."""
        self._closed = False
        self._worker: threading.Thread | None = None
        self.layout = loaded
        self.saved = loaded
        """The layout as it is on disk: stand numbers are kept for stands unmoved since."""
        self.version = 0
        """Bumped by every change, undo and redo: a re-solve started at one version is
        kept only if the layout is still at it."""
        self._undo: list[Layout] = []
        self._redo: list[Layout] = []
        self._findings = _Findings()
        if report is None:
            self._check(None)
        else:
            self._take(report, None)

    # ---- reading -------------------------------------------------------------

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    def report(self) -> Report:
        with self._lock:
            return self._findings.report(self.event.halls)

    @property
    def checking(self) -> list[str]:
        """Halls whose access, open-side and travel findings are still being computed."""
        with self._lock:
            return sorted(self._pending)

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every hall is fully checked; False if `timeout` passed first."""
        with self._settled:
            return self._settled.wait_for(lambda: not self._pending, timeout)

    def close(self) -> None:
        """Stop the background checker (the server calls this on shutdown)."""
        with self._settled:
            self._closed = True
            self._settled.notify_all()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def dirty(self) -> bool:
        return self.layout != self.saved

    def stand(self, request_id: str) -> Stand:
        request = self.request(request_id)
        for s in self.layout.stands:
            if s.request_id == request.id:
                return s
        raise EditError(
            404, f"request {request_id!r} has no stand; drag it from the unplaced list first"
        )

    def request(self, request_id: str) -> Request:
        req = self.event.request_by_id.get(request_id)
        if req is None:
            raise EditError(404, f"unknown request id {request_id!r}")
        return req

    # ---- changing ------------------------------------------------------------

    def apply(self, edit: Edit) -> set[str]:
        """Make one change; returns the halls it touched. Raises EditError and changes nothing."""
        with self._lock:
            handlers: dict[type, Callable[[Any], tuple[Layout, set[str]]]] = {
                Move: self._move,
                Resize: self._resize,
                Rotate: self._rotate,
                Lock: self._lock_stand,
                Place: self._place,
                Unplace: self._unplace,
            }
            layout, halls = handlers[type(edit)](edit)
            self._push(layout, halls)
            return halls

    def replace(self, layout: Layout) -> None:
        """Take a whole new layout (a kept re-solve) as one undoable change."""
        with self._lock:
            halls = {s.hall for s in self.layout.stands} | {s.hall for s in layout.stands}
            self._push(layout, halls, full=True)

    def undo(self) -> set[str]:
        with self._lock:
            if not self._undo:
                raise EditError(409, "nothing to undo")
            self._redo.append(self.layout)
            return self._switch(self._undo.pop())

    def redo(self) -> set[str]:
        with self._lock:
            if not self._redo:
                raise EditError(409, "nothing to redo")
            self._undo.append(self.layout)
            return self._switch(self._redo.pop())

    def _push(self, layout: Layout, halls: set[str], full: bool = False) -> None:
        self._undo.append(self.layout)
        del self._undo[:-MAX_HISTORY]
        self._redo.clear()
        self.layout = layout
        self.version += 1
        self._check(None if full else halls)

    def _switch(self, layout: Layout) -> set[str]:
        before = {
            (s.request_id, s.hall, s.x, s.y, s.width, s.depth, s.locked) for s in self.layout.stands
        }
        after = {
            (s.request_id, s.hall, s.x, s.y, s.width, s.depth, s.locked) for s in layout.stands
        }
        halls = {t[1] for t in before ^ after}
        self.layout = layout
        self.version += 1
        self._check(halls)
        return halls

    def _check(self, halls: set[str] | None) -> None:
        """Re-run the validator on `halls` (None: all, always in full) and keep its findings."""
        with self._settled:
            self._check_locked(halls)

    def _check_locked(self, halls: set[str] | None) -> None:
        known = set(self.event.halls)
        if halls is None:
            self._pending.clear()
            self._take(validate(self.event, self.layout), None)
            self._settled.notify_all()
            return
        halls = {h for h in halls if h in known}
        if not self._live:
            self._take(validate(self.event, self.layout, halls=halls), halls)
            return
        self._take(validate(self.event, self.layout, halls=halls, space=False), halls)
        self._pending |= halls
        if not self.defer_checks:
            self.kick()

    def kick(self) -> None:
        """Start the background check of pending halls (`defer_checks` holds it back).

        The web app defers it until its fast answer is on the wire: the check is
        CPU-bound Python and would otherwise slow that answer down.
        """
        with self._settled:
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, daemon=True, name="validator")
                self._worker.start()
            self._released = True
            self._settled.notify_all()

    def _work(self) -> None:
        """The background checker: full validation of pending halls, newest layout wins."""
        while True:
            with self._settled:
                self._settled.wait_for(
                    lambda: (bool(self._pending) and self._released) or self._closed
                )
                self._released = False
                if self._closed:
                    return
                layout, version, halls = self.layout, self.version, set(self._pending)
            report = validate(self.event, layout, halls=halls)
            with self._settled:
                if self.version == version and self.layout.stands == layout.stands:
                    self._take(report, halls)
                    self._pending -= halls
                    self._settled.notify_all()

    def _take(self, report: Report, halls: set[str] | None) -> None:
        known = set(self.event.halls)
        found = self._findings
        if halls is None:
            found.by_hall = {}
        found.event_wide = [v for v in report.violations if v.hall is None]
        for h in self.event.halls if halls is None else sorted(halls):
            found.by_hall[h] = [v for v in report.violations if v.hall == h]
        # Stands in halls the event does not have (a hand-edited file) report under those.
        for v in report.violations:
            if v.hall is not None and v.hall not in known:
                found.by_hall.setdefault(v.hall, []).append(v)
        found.metrics = report.metrics

    # ---- the changes ---------------------------------------------------------

    def _hall_of(self, hall_id: str) -> str:
        if hall_id not in self.event.halls:
            raise EditError(
                422, f"unknown hall {hall_id!r}; the event uses {list(self.event.halls)}"
            )
        return hall_id

    def _unlocked(self, request_id: str) -> Stand:
        stand = self.stand(request_id)
        if stand.locked:
            raise EditError(409, f"stand {stand.number or request_id} is locked; unlock it first")
        return stand

    def _fitted(self, stand: Stand) -> Stand:
        """Snap to the grid and refuse a stand that does not touch its hall's floor at all.

        A stand partly outside its hall is a C1 violation the page shows; one
        entirely outside is a mistake the page should never send.
        """
        g = self.event.rules.grid_m
        w, d = snap(stand.width, g), snap(stand.depth, g)
        if w <= 0 or d <= 0:
            raise EditError(422, f"width and depth must be at least the grid, {g:g} m")
        snapped = stand.model_copy(
            update={"x": snap(stand.x, g), "y": snap(stand.y, g), "width": w, "depth": d}
        )
        hall = self.event.venue.hall(snapped.hall)
        if snapped.rect.intersection(hall.shape).area <= 0:
            raise EditError(
                422,
                f"a {w:g} x {d:g} m stand at ({snapped.x:g}, {snapped.y:g}) lies outside "
                f"hall {hall.id}",
            )
        return snapped

    def _with_stand(self, stand: Stand) -> Layout:
        stands = [stand if s.request_id == stand.request_id else s for s in self.layout.stands]
        return self.layout.model_copy(update={"stands": stands})

    def _move(self, edit: Move) -> tuple[Layout, set[str]]:
        old = self._unlocked(edit.request_id)
        hall = self._hall_of(edit.hall) if edit.hall is not None else old.hall
        new = self._fitted(old.model_copy(update={"x": edit.x, "y": edit.y, "hall": hall}))
        return self._with_stand(new), {old.hall, new.hall}

    def _resize(self, edit: Resize) -> tuple[Layout, set[str]]:
        old = self._unlocked(edit.request_id)
        update: dict[str, Any] = {"width": edit.width, "depth": edit.depth}
        if edit.x is not None:
            update["x"] = edit.x
        if edit.y is not None:
            update["y"] = edit.y
        new = self._fitted(old.model_copy(update=update))
        return self._with_stand(new), {old.hall}

    def _rotate(self, edit: Rotate) -> tuple[Layout, set[str]]:
        old = self._unlocked(edit.request_id)
        cx, cy = old.x + old.width / 2, old.y + old.depth / 2
        new = self._fitted(
            old.model_copy(
                update={
                    "width": old.depth,
                    "depth": old.width,
                    "x": cx - old.depth / 2,
                    "y": cy - old.width / 2,
                }
            )
        )
        return self._with_stand(new), {old.hall}

    def _lock_stand(self, edit: Lock) -> tuple[Layout, set[str]]:
        old = self.stand(edit.request_id)
        if old.locked == edit.locked:
            state = "locked" if old.locked else "unlocked"
            raise EditError(409, f"stand {old.number or old.request_id} is already {state}")
        return self._with_stand(old.model_copy(update={"locked": edit.locked})), {old.hall}

    def _place(self, edit: Place) -> tuple[Layout, set[str]]:
        req = self.request(edit.request_id)
        if any(s.request_id == req.id for s in self.layout.stands):
            raise EditError(409, f"request {req.id!r} already has a stand; move it instead")
        hall = self._hall_of(edit.hall)
        w, d = default_size(req, self.event)
        stand = self._fitted(
            Stand(
                request_id=req.id,
                hall=hall,
                x=edit.x,
                y=edit.y,
                width=edit.width or w,
                depth=edit.depth or d,
                booth_type=req.booth_type,
            )
        )
        unplaced = [u for u in self.layout.unplaced if u.request_id != req.id]
        layout = self.layout.model_copy(
            update={"stands": [*self.layout.stands, stand], "unplaced": unplaced}
        )
        return layout, {hall}

    def _unplace(self, edit: Unplace) -> tuple[Layout, set[str]]:
        old = self._unlocked(edit.request_id)
        reason = " ".join(edit.reason.split())
        if not reason:
            raise EditError(422, "give a reason: the unplaced list tells the exhibitor why")
        stands = [s for s in self.layout.stands if s.request_id != old.request_id]
        unplaced = [u for u in self.layout.unplaced if u.request_id != old.request_id]
        unplaced.append(Unplaced(request_id=old.request_id, reason=reason))
        order = {r.id: i for i, r in enumerate(self.event.requests)}
        unplaced.sort(key=lambda u: order.get(u.request_id, len(order)))
        return self.layout.model_copy(update={"stands": stands, "unplaced": unplaced}), {old.hall}

    # ---- saving --------------------------------------------------------------

    def finished(self) -> Layout:
        """The layout as `save` writes it: numbers and metrics recomputed as `solve` does."""
        stands = renumber(self.event, list(self.layout.stands), self.saved.stands)
        placed = {s.request_id for s in stands}
        gross = sum(h.gross_area for h in self.event.hall_models)
        area = sum(s.area for s in stands)
        metrics = dict(self.layout.metrics)
        metrics.update(
            {
                "placed": len(placed & set(self.event.request_by_id)),
                "requested": len(self.event.requests),
                "placed_area_m2": round(area, 1),
                "requested_area_m2": round(sum(r.area_m2 for r in self.event.requests), 1),
                "net_to_gross": round(area / gross, 3) if gross else 0.0,
            }
        )
        return self.layout.model_copy(update={"stands": stands, "metrics": metrics})

    def save(self) -> SaveResult:
        """Write layout.json atomically, keeping the previous file as a numbered backup.

        The new file is read back with the same loader `validate` uses before
        it replaces the old one: a file that would not load is never written.
        An invalid layout is saved (work in progress); the result says so.
        """
        with self._lock:
            layout = self.finished()
            target = self.layout_path
            backup: Path | None = None
            with atomic_write(target) as tmp:
                tmp.write_text(layout_json(layout), encoding="utf-8")
                try:
                    reread = load_layout(tmp)
                except InputError as exc:
                    raise EditError(409, "not saved: " + "; ".join(exc.messages)) from None
                if reread != layout:
                    raise EditError(409, "not saved: the file would not read back as written")
                if target.exists():
                    backup = next_backup(target)
                    shutil.copy2(target, backup)
            if self.layout != layout:
                # Numbers changed: that is part of the file, not an undoable edit.
                self.layout = layout
            self.saved = layout
            self._check(None)
            report = self.report()
            return SaveResult(target, backup, report.valid, len(report.violations))


def next_backup(path: Path) -> Path:
    """`layout.json.~N~` with N one above the highest existing (GNU `cp --backup=numbered`)."""
    pattern = re.compile(re.escape(path.name) + r"\.~(\d+)~")
    taken = [int(m.group(1)) for p in path.parent.iterdir() if (m := pattern.fullmatch(p.name))]
    return path.with_name(f"{path.name}.~{max(taken, default=0) + 1}~")


__all__ = ["EditError", "EditSession", "SaveResult", "default_size", "next_backup", "snap"]
