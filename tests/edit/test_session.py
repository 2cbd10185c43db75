"""The editing session: every change, its refusal, undo and redo, the live findings, save."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from floorplan.edit.ops import Lock, Move, Place, Resize, Rotate, Unplace
from floorplan.edit.session import EditError, EditSession, default_size, next_backup, snap
from floorplan.io import InputError, load_layout
from floorplan.model import Event
from floorplan.validate import Report, validate

from .conftest import neighbours


def _messages(session: EditSession) -> list[str]:
    return sorted(v.message for v in session.report().violations)


def _full(session: EditSession) -> list[str]:
    return sorted(v.message for v in validate(session.event, session.layout).violations)


def test_moving_a_stand_onto_its_neighbour_is_a_c2_violation_and_undo_clears_it(
    session: EditSession,
) -> None:
    a, b = neighbours(session)
    target = session.stand(b)
    assert session.report().valid
    session.apply(Move(op="move", request_id=a, x=target.x, y=target.y))
    rules = {v.rule for v in session.report().violations}
    assert "C2" in rules
    assert any(set(v.stands) == {a, b} for v in session.report().violations if v.rule == "C2")
    session.undo()
    assert session.report().valid
    session.redo()
    assert "C2" in {v.rule for v in session.report().violations}


def test_live_findings_equal_a_full_validation_after_edits_in_several_halls(
    session: EditSession,
) -> None:
    for hall in ("hall-10", "hall-5"):
        a, b = neighbours(session, hall)
        t = session.stand(b)
        session.apply(Move(op="move", request_id=a, x=t.x + 1, y=t.y))
    rid = next(s.request_id for s in session.layout.stands if s.hall == "hall-6")
    session.apply(Move(op="move", request_id=rid, x=1.0, y=1.0, hall="hall-9"))
    rid = next(s.request_id for s in session.layout.stands if s.hall == "hall-7")
    session.apply(Unplace(op="unplace", request_id=rid, reason="x"))
    assert _messages(session) == _full(session)
    session.undo()
    session.undo()
    assert _messages(session) == _full(session)


def test_moves_snap_to_the_grid(session: EditSession, hk_event: Event) -> None:
    g = hk_event.rules.grid_m
    a, _ = neighbours(session)
    session.apply(Move(op="move", request_id=a, x=10.26, y=20.74))
    s = session.stand(a)
    assert (s.x, s.y) == (snap(10.26, g), snap(20.74, g))
    assert s.x / g == round(s.x / g) and s.y / g == round(s.y / g)


def test_rotate_turns_about_the_centre(session: EditSession) -> None:
    a, _ = neighbours(session)
    before = session.stand(a)
    session.apply(Rotate(op="rotate", request_id=a))
    after = session.stand(a)
    assert (after.width, after.depth) == (before.depth, before.width)
    assert abs((after.x + after.width / 2) - (before.x + before.width / 2)) <= 0.5
    assert abs((after.y + after.depth / 2) - (before.y + before.depth / 2)) <= 0.5


def test_resize_sets_size_and_corner(session: EditSession) -> None:
    a, _ = neighbours(session)
    s = session.stand(a)
    session.apply(Resize(op="resize", request_id=a, width=4.2, depth=3.9, x=s.x + 1, y=s.y))
    after = session.stand(a)
    assert (after.x, after.y, after.width, after.depth) == (s.x + 1, s.y, 4.0, 4.0)


def test_a_locked_stand_does_not_move_until_unlocked(session: EditSession) -> None:
    a, _ = neighbours(session)
    session.apply(Lock(op="lock", request_id=a, locked=True))
    before = session.layout
    for edit in (
        Move(op="move", request_id=a, x=0.0, y=0.0),
        Rotate(op="rotate", request_id=a),
        Resize(op="resize", request_id=a, width=3.0, depth=3.0),
        Unplace(op="unplace", request_id=a, reason="cancelled"),
    ):
        with pytest.raises(EditError) as err:
            session.apply(edit)
        assert err.value.status == 409 and "locked" in err.value.message
        assert session.layout is before
    session.apply(Lock(op="lock", request_id=a, locked=False))
    session.apply(Move(op="move", request_id=a, x=3.0, y=3.0))


@pytest.mark.parametrize(
    ("edit", "status", "words"),
    [
        (Move(op="move", request_id="nobody", x=1.0, y=1.0), 404, "unknown request id"),
        (Move(op="move", request_id="{a}", x=5000.0, y=5000.0), 422, "outside hall"),
        (Move(op="move", request_id="{a}", x=1.0, y=1.0, hall="hall-99"), 422, "unknown hall"),
        (Resize(op="resize", request_id="{a}", width=0.1, depth=4.0), 422, "at least the grid"),
        (Place(op="place", request_id="{a}", hall="hall-10", x=1.0, y=1.0), 409, "already has"),
        (Unplace(op="unplace", request_id="{a}", reason="   "), 422, "reason"),
        (Lock(op="lock", request_id="{a}", locked=False), 409, "already unlocked"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    session: EditSession, edit: object, status: int, words: str
) -> None:
    a, _ = neighbours(session)
    edit = edit.model_copy(update={"request_id": edit.request_id.replace("{a}", a)})  # type: ignore[attr-defined]
    before, version = session.layout, session.version
    with pytest.raises(EditError) as err:
        session.apply(edit)  # type: ignore[arg-type]
    assert err.value.status == status and words in err.value.message
    assert session.layout is before and session.version == version and not session.can_undo


def test_undo_and_redo_with_nothing_to_do_are_refused(session: EditSession) -> None:
    for step in (session.undo, session.redo):
        with pytest.raises(EditError) as err:
            step()
        assert err.value.status == 409


def test_send_back_and_place_again(session: EditSession, hk_event: Event) -> None:
    a, _ = neighbours(session)
    old = session.stand(a)
    session.apply(Unplace(op="unplace", request_id=a, reason="  contract  on hold "))
    assert [u.reason for u in session.layout.unplaced if u.request_id == a] == ["contract on hold"]
    with pytest.raises(EditError):
        session.stand(a)
    session.apply(Place(op="place", request_id=a, hall=old.hall, x=old.x, y=old.y))
    placed = session.stand(a)
    assert not any(u.request_id == a for u in session.layout.unplaced)
    w, d = default_size(hk_event.request_by_id[a], hk_event)
    assert (placed.width, placed.depth) == (w, d)
    assert placed.booth_type == hk_event.request_by_id[a].booth_type


def test_default_size_keeps_the_area_tolerance(hk_event: Event) -> None:
    tol = hk_event.rules.area_tolerance
    for req in hk_event.requests:
        w, d = default_size(req, hk_event)
        assert abs(w * d - req.area_m2) <= tol * req.area_m2 + 1e-6, req.id


def test_save_writes_atomically_keeps_numbered_backups_and_renumbers(
    session: EditSession, layout_path: Path
) -> None:
    original = layout_path.read_text(encoding="utf-8")
    a, b = neighbours(session)
    moved_to = session.stand(b)
    session.apply(Move(op="move", request_id=a, x=moved_to.x + 1, y=moved_to.y))
    first = session.save()
    assert first.backup == layout_path.with_name("layout.json.~1~")
    assert first.backup.read_text(encoding="utf-8") == original
    data = json.loads(layout_path.read_text(encoding="utf-8"))
    stand = next(s for s in data["stands"] if s["request_id"] == a)
    assert (stand["x"], stand["y"]) == (moved_to.x + 1, moved_to.y)
    assert data["metrics"]["placed"] == len(data["stands"])
    assert load_layout(layout_path).stands == list(session.layout.stands)
    assert not session.dirty
    second = session.save()
    assert second.backup == layout_path.with_name("layout.json.~2~")
    assert not list(layout_path.parent.glob(".layout.json.*")), "no temporary file left"


def test_an_invalid_layout_is_saved_as_work_in_progress(session: EditSession) -> None:
    a, b = neighbours(session)
    t = session.stand(b)
    session.apply(Move(op="move", request_id=a, x=t.x, y=t.y))
    result = session.save()
    assert not result.valid and result.violations >= 1


def test_a_file_that_would_not_load_is_never_written(
    session: EditSession, layout_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import floorplan.edit.session as module

    def broken(path: Path) -> object:
        raise InputError.one(path, "stands.0.width: must be positive")

    before = layout_path.read_bytes()
    monkeypatch.setattr(module, "load_layout", broken)
    with pytest.raises(EditError) as err:
        session.save()
    assert err.value.status == 409 and "not saved" in err.value.message
    assert layout_path.read_bytes() == before
    assert sorted(p.name for p in layout_path.parent.iterdir()) == ["layout.json"]


def test_next_backup_counts_up_from_the_highest(tmp_path: Path) -> None:
    target = tmp_path / "layout.json"
    assert next_backup(target).name == "layout.json.~1~"
    (tmp_path / "layout.json.~3~").write_text("{}")
    assert next_backup(target).name == "layout.json.~4~"


@pytest.fixture
def live(hk_event: Event, hk_report: Report, layout_path: Path) -> Iterator[EditSession]:
    s = EditSession(hk_event, layout_path, load_layout(layout_path), hk_report, live=True)
    yield s
    s.close()


def test_a_live_session_answers_first_without_the_walkable_space_rules(
    live: EditSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    import floorplan.edit.session as module

    gate = threading.Event()
    real = module.validate

    def held(*args: Any, **kwargs: Any) -> Report:
        if kwargs.get("space", True):
            gate.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "validate", held)
    a, b = neighbours(live)
    t = live.stand(b)
    live.apply(Move(op="move", request_id=a, x=t.x, y=t.y))
    # The overlap is known at once; access, open sides and travel are still out.
    assert live.checking == ["hall-10"]
    assert "C2" in {v.rule for v in live.report().violations}
    # A second change while the first is being checked: the first result is stale.
    live.apply(Move(op="move", request_id=a, x=t.x, y=t.y - 20))
    gate.set()
    assert live.settle(120)
    assert live.checking == []
    assert _messages(live) == _full(live)


def test_save_in_a_live_session_checks_everything(live: EditSession) -> None:
    a, b = neighbours(live)
    t = live.stand(b)
    live.apply(Move(op="move", request_id=a, x=t.x, y=t.y))
    result = live.save()
    assert live.checking == [] and not result.valid
    assert _messages(live) == _full(live)
