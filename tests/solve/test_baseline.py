"""Re-layout with a baseline (issue 6): who stays, who moves, what is refused."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from floorplan.cli import app
from floorplan.io import InputError, save_layout
from floorplan.model import Event, Layout, Stand, Unplaced
from floorplan.solve import solve
from floorplan.solve.baseline import locked_conflicts, still_fits
from floorplan.validate import validate

from .conftest import make_event, rect_hall, req

HALL = rect_hall("h1", 50, 40)


def _event(*extra_ids: str, drop: str | None = None, bigger: str | None = None) -> Event:
    requests = [
        req("a", 36, booth_type="inline", tier=1),
        req("b", 36, booth_type="inline"),
        req("c", 54, booth_type="corner"),
        req("d", 120, booth_type="island", tier=2),
        req("e", 18, booth_type="inline"),
        req("f", 27, booth_type="inline"),
    ]
    requests = [r for r in requests if r.id != drop]
    if bigger is not None:
        requests = [
            r.model_copy(update={"area_m2": r.area_m2 * 1.5}) if r.id == bigger else r
            for r in requests
        ]
    requests += [req(rid, 18, booth_type="inline") for rid in extra_ids]
    return make_event([HALL], requests)


def _solve(event: Event, baseline: Layout | None = None) -> Layout:
    # A limit no busy machine comes near (the emergency stop would change the layout).
    result = solve(event, time_limit_s=30, seed=0, workers=2, baseline=baseline)
    assert result.violations == []
    assert validate(event, result.layout).valid
    return result.layout


def _places(layout: Layout) -> dict[str, tuple[str, float, float, float, float]]:
    return {s.request_id: (s.hall, s.x, s.y, s.width, s.depth) for s in layout.stands}


@pytest.fixture(scope="module")
def first() -> Layout:
    return _solve(_event())


def test_an_unrelated_new_request_leaves_every_stand_where_it_was(first: Layout) -> None:
    again = _solve(_event("new"), first)
    before, after = _places(first), _places(again)
    assert "new" in after, "the new request found room"
    assert {k: after[k] for k in before} == before
    # Stand numbers exhibitors were told stay the same too.
    numbers = {s.request_id: s.number for s in first.stands}
    assert all(numbers[s.request_id] == s.number for s in again.stands if s.request_id in numbers)


def test_a_changed_request_moves_and_the_others_stay(first: Layout) -> None:
    again = _solve(_event(bigger="a"), first)
    before, after = _places(first), _places(again)
    assert before["a"] != after.get("a"), "a grew by half: its old stand no longer fits"
    assert all(after.get(k) == v for k, v in before.items() if k != "a")


def test_locked_stands_never_move(first: Layout) -> None:
    locked = first.model_copy(
        update={
            "stands": [
                s.model_copy(update={"locked": True}) if s.request_id == "d" else s
                for s in first.stands
            ]
        }
    )
    again = _solve(_event("n1", "n2", drop="b"), locked)
    assert _places(again)["d"] == _places(first)["d"]
    assert next(s for s in again.stands if s.request_id == "d").locked


def test_a_cancellation_frees_floor_a_new_request_can_use() -> None:
    hall = rect_hall("h1", 30, 20)
    many = [req(f"s{k}", 36, booth_type="inline") for k in range(12)]
    fitted = {s.request_id for s in _solve(make_event([hall], many)).stands}
    assert len(fitted) < len(many), "the hall must fill up for this test"
    full = [r for r in many if r.id in fitted]
    first = _solve(make_event([hall], full))
    newcomer = req("late", 36, booth_type="inline")
    # Full hall: with everyone kept in place, the newcomer finds no room ...
    refused = _solve(make_event([hall], [*full, newcomer]), first)
    assert "late" not in {s.request_id for s in refused.stands}
    # ... until a stand is cancelled; then it gets one and the others stay put.
    gone = sorted(fitted)[0]
    again = _solve(make_event([hall], [*(r for r in full if r.id != gone), newcomer]), first)
    assert "late" in {s.request_id for s in again.stands}
    before, after = _places(first), _places(again)
    assert all(after[k] == v for k, v in before.items() if k != gone)


def test_an_impossible_locked_stand_is_bad_input_naming_it(first: Layout, tmp_path) -> None:  # type: ignore[no-untyped-def]
    locked = first.model_copy(
        update={
            "stands": [
                s.model_copy(update={"locked": True}) if s.request_id == "c" else s
                for s in first.stands
            ]
        }
    )
    # c asks for twice the area now: its locked stand is outside the tolerance.
    event = _event(bigger="c")
    with pytest.raises(InputError) as caught:
        solve(event, time_limit_s=4, seed=0, workers=2, baseline=locked)
    assert "locked stand c" in str(caught.value)
    assert still_fits(
        event, event.request_by_id["c"], next(s for s in locked.stands if s.request_id == "c")
    )


def test_the_cli_says_exit_2_and_names_the_locked_stand(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from pathlib import Path

    data = Path(__file__).parents[1] / "data" / "simple"
    for name in ("venue.yaml", "event.yaml", "exhibitors.csv"):
        shutil.copy(data / name, tmp_path / name)
    runner = CliRunner()
    out = tmp_path / "out"
    first = runner.invoke(
        app, ["solve", str(tmp_path / "event.yaml"), "-o", str(out), "--time-limit", "8", "--quiet"]
    )
    assert first.exit_code == 0, first.output
    layout = Layout.model_validate_json((out / "layout.json").read_text())
    locked = layout.model_copy(
        update={
            "stands": [s.model_copy(update={"locked": s.request_id == "b1"}) for s in layout.stands]
        }
    )
    save_layout(locked, tmp_path / "locked.json")
    csv = (
        (tmp_path / "exhibitors.csv")
        .read_text()
        .replace("b1,Battery One,18,", "b1,Battery One,40,")
    )
    (tmp_path / "exhibitors.csv").write_text(csv)
    again = runner.invoke(
        app,
        [
            "solve",
            str(tmp_path / "event.yaml"),
            "-o",
            str(tmp_path / "o2"),
            "--baseline",
            str(tmp_path / "locked.json"),
            "--time-limit",
            "8",
            "--quiet",
        ],
    )
    assert again.exit_code == 2
    assert "locked stand b1" in again.output
    assert "Traceback" not in again.output
    assert not (tmp_path / "o2" / "layout.json").exists()


def _chamfered(layout: Layout, rid: str) -> Layout:
    """The layout with stand `rid` drawn as an octagon inside its rectangle (1 m chamfers)."""
    stands = []
    for s in layout.stands:
        if s.request_id == rid:
            x0, y0, x1, y1 = s.bounds
            octagon = [
                (x0 + 1, y0),
                (x1 - 1, y0),
                (x1, y0 + 1),
                (x1, y1 - 1),
                (x1 - 1, y1),
                (x0 + 1, y1),
                (x0, y1 - 1),
                (x0, y0 + 1),
            ]
            data = s.model_dump(exclude={"x", "y", "width", "depth", "polygon"})
            s = Stand.model_validate({**data, "polygon": octagon})
        stands.append(s)
    return layout.model_copy(update={"stands": stands})


def test_a_kept_polygon_stand_stays_exactly_as_drawn(first: Layout) -> None:
    baseline = _chamfered(first, "d")
    assert validate(_event("new"), baseline).metrics["placed"] == 6
    again = _solve(_event("new"), baseline)
    after = {s.request_id: s for s in again.stands}
    drawn = next(s for s in baseline.stands if s.request_id == "d")
    assert after["d"].polygon == drawn.polygon and after["d"].number == drawn.number
    assert "new" in after


def test_a_polygon_stand_that_no_longer_fits_is_replaced_by_a_rectangle(first: Layout) -> None:
    again = _solve(_event(bigger="d"), _chamfered(first, "d"))
    d = next(s for s in again.stands if s.request_id == "d")
    assert d.is_rect


def test_a_stand_displaced_by_a_locked_one_stays_in_its_hall_before_newcomers() -> None:
    """Locking a stand onto a tier-2 exhibitor's stand must not send it to another hall
    while lower-tier newcomers take free floor in its hall (seen by a planner)."""
    halls = [rect_hall("h1", 50, 40), rect_hall("h2", 50, 40)]
    base = [
        req("big", 120, booth_type="island", tier=2),
        *[req(f"s{k}", 24, booth_type="inline", tier=1) for k in range(6)],
    ]
    # Last year everybody stood in h1; this year nobody's contract names a hall.
    first = _solve(make_event(halls, [r.model_copy(update={"hall": "h1"}) for r in base]))
    big = next(s for s in first.stands if s.request_id == "big")
    mover = next(s for s in first.stands if s.hall == big.hall and s.request_id != "big")
    # The planner drags another stand onto the big one's place and locks it there.
    moved = mover.model_copy(update={"x": big.x, "y": big.y, "locked": True})
    edited = first.model_copy(
        update={"stands": [moved if s.request_id == mover.request_id else s for s in first.stands]}
    )
    newcomers = [req(f"n{k}", 18, booth_type="inline", tier=0) for k in range(4)]
    again = _solve(make_event(halls, [*base, *newcomers]), edited)
    after = {s.request_id: s for s in again.stands}
    assert after[mover.request_id].x == big.x and after[mover.request_id].y == big.y
    assert "big" in after, "the displaced exhibitor is placed again"
    assert after["big"].hall == big.hall, "in its own hall, not sent away"


def test_a_pavilion_is_kept_only_whole_and_together() -> None:
    """A baseline made when C8 was read as two aisles: a member 4.5 m from the others (3 m
    aisles) would fail the proof where it stands, and one placed alone beside kept
    fellows would be packed with no regard to them: the pavilion is placed again whole
    (Hong Kong's ASEAN pavilion had such a member). Within an aisle, it stays; with one
    member changed, the whole pavilion is placed again."""
    from floorplan.solve.baseline import kept_stands

    pav = {"pavilion": "eu", "booth_type": "inline"}
    event = make_event([HALL], [req("p1", 24, **pav), req("p2", 24, **pav), req("p3", 12, **pav)])
    stands = [
        Stand(
            request_id="p1", hall="h1", x=10.0, y=10.0, width=6.0, depth=4.0, booth_type="inline"
        ),
        Stand(
            request_id="p2", hall="h1", x=16.0, y=10.0, width=6.0, depth=4.0, booth_type="inline"
        ),
        Stand(
            request_id="p3", hall="h1", x=26.5, y=10.0, width=4.0, depth=3.0, booth_type="inline"
        ),
    ]
    baseline = Layout(event=event.name, stands=stands, unplaced=[])
    assert not validate(event, baseline).valid  # p3: 4.5 m from p2
    assert kept_stands(event, baseline).get("h1", []) == []
    near = [*stands[:2], stands[2].model_copy(update={"x": 25.0})]  # 3 m: one aisle
    kept = kept_stands(event, Layout(event=event.name, stands=near, unplaced=[]))
    assert {s.request_id for s in kept["h1"]} == {"p1", "p2", "p3"}
    changed = make_event([HALL], [*event.requests[:2], req("p3", 20, **pav)])
    kept = kept_stands(changed, Layout(event=event.name, stands=near, unplaced=[]))
    assert kept.get("h1", []) == []
    again = _solve(event, baseline)  # valid (checked there), every member placed
    assert {s.request_id for s in again.stands} == {"p1", "p2", "p3"}


def test_a_pavilion_seated_in_part_keeps_its_stands_and_the_rest_stays_out() -> None:
    """A crowded first layout seated two of a pavilion's three members. Re-laid out with
    no change to the pavilion, the two keep their stands (packed again whole, they had
    lost them: fuzzed events kept 85-93% of the unchanged stands), and the third stays
    out saying why. A member new to the event still has the pavilion placed again
    whole."""
    from floorplan.solve.baseline import held_out, kept_stands

    pav = {"pavilion": "eu", "booth_type": "inline"}
    members = [req("p1", 24, **pav), req("p2", 24, **pav), req("p3", 12, **pav)]
    event = make_event([HALL], [*members, req("solo", 36, booth_type="inline")])
    box = {"hall": "h1", "y": 36.0, "depth": 4.0, "booth_type": "inline"}  # the north wall
    stands = [
        Stand(request_id="p1", x=4.0, width=6.0, **box),
        Stand(request_id="p2", x=10.0, width=6.0, **box),
        Stand(request_id="solo", x=36.0, width=9.0, **box),
    ]
    baseline = Layout(
        event=event.name, stands=stands, unplaced=[Unplaced(request_id="p3", reason="full")]
    )
    assert validate(event, baseline).valid
    kept = kept_stands(event, baseline)
    assert {s.request_id for s in kept["h1"]} == {"p1", "p2", "solo"}
    held = held_out(event, baseline, kept)
    assert list(held) == ["p3"] and "p1, p2" in held["p3"] and "without --baseline" in held["p3"]
    again = _solve(event, baseline)
    assert _places(again) == _places(baseline)
    why = {u.request_id: u.reason for u in again.unplaced}
    assert why == {"p3": held["p3"]}
    grown = make_event([HALL], [*event.requests, req("p4", 12, **pav)])
    assert {s.request_id for s in kept_stands(grown, baseline)["h1"]} == {"solo"}
    assert held_out(grown, baseline, kept_stands(grown, baseline)) == {}


def test_a_re_layout_packs_one_final_per_hall(
    first: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Around kept stands the skeletons differ little: a re-layout tries fewer, packs
    only the best as the final (more finals made a re-solve of six halls cost 0.25 of the
    full solve, against 0.19 without), and a small hall with requests waiting does not
    pack them all again filled and largest first (fuzzed seed 31000 ev09: a re-solve took
    0.88 of the full solve, 0.42 without)."""
    import floorplan.solve.pipeline as pipeline

    seen = []
    real = pipeline.solve_hall

    def spy(*args, **kw):  # type: ignore[no-untyped-def]
        seen.append(args[3])
        return real(*args, **kw)

    monkeypatch.setattr(pipeline, "solve_hall", spy)
    _solve(_event("new"), first)
    assert seen and all(p.finalists == 1 for p in seen)
    assert all(p.candidates_per_hall == p.relayout_candidates for p in seen)
    assert all(p.by_area_requests == 0 for p in seen)


def test_a_stand_a_locked_one_was_dragged_against_gives_way_when_their_row_grows_too_long() -> None:
    """A planner drags an island flush against a car maker's raw space and locks it: the
    two make one block longer than `max_row_m` (C10). The car maker kept where it stood
    (or put back into its own floor as a hole's taker) was set aside by the proof and
    left unplaced (a 994 m2 car maker in Hong Kong's hall 6); it gives way and is placed
    again, an aisle from the locked stand."""
    from floorplan.solve.baseline import fill_holes, kept_stands

    hall = rect_hall("h1", 60, 40)
    event = make_event(
        [hall],
        [
            req("raw", 400, booth_type="island", tier=2),
            req("isle", 150, booth_type="island", tier=1),
            req("s1", 18, booth_type="inline"),
            req("s2", 18, booth_type="inline"),
        ],
    )
    stands = [
        Stand(request_id="raw", hall="h1", x=8.0, y=8.0, width=20.0, depth=20.0),
        # Dragged flush against the raw space's east side: one block 32 m long.
        Stand(request_id="isle", hall="h1", x=28.0, y=15.0, width=12.0, depth=12.5, locked=True),
        Stand(request_id="s1", hall="h1", x=45.0, y=5.0, width=6.0, depth=3.0),
        Stand(request_id="s2", hall="h1", x=51.0, y=5.0, width=6.0, depth=3.0),
    ]
    stands = [
        s.model_copy(update={"booth_type": r.booth_type})
        for s, r in zip(stands, event.requests, strict=True)
    ]
    baseline = Layout(event=event.name, stands=stands, unplaced=[])
    kept = kept_stands(event, baseline)
    assert {s.request_id for s in kept["h1"]} == {"isle", "s1", "s2"}
    raw = event.request_by_id["raw"]
    assert fill_holes(event, baseline, kept, [raw]) == {}, "nor does it take its old floor back"
    again = _solve(event, baseline)  # valid (checked there)
    after = {s.request_id: s for s in again.stands}
    assert (after["isle"].x, after["isle"].y) == (28.0, 15.0)
    assert "raw" in after, "the car maker is placed again, not set aside"
    assert after["raw"].rect.distance(after["isle"].rect) >= event.rules.aisle_width_m - 1e-6


def _locked(layout: Layout, moves: dict[str, tuple[float, float]]) -> Layout:
    """The layout with these stands locked and moved to (x, y)."""
    stands = [
        s.model_copy(
            update={"locked": True, "x": moves[s.request_id][0], "y": moves[s.request_id][1]}
        )
        if s.request_id in moves
        else s
        for s in layout.stands
    ]
    return layout.model_copy(update={"stands": stands})


def test_locked_stands_dragged_onto_each_other_are_bad_input_in_the_validators_words(
    first: Layout,
) -> None:
    """Each still fits its request alone; together they overlap: no layout can keep both,
    and the search would only end in one the proof refuses (it did: exit 1, "a bug")."""
    d = next(s for s in first.stands if s.request_id == "d")
    moved = _locked(first, {"d": (d.x, d.y), "a": (d.x, d.y)})
    problems = locked_conflicts(_event(), moved)
    assert problems and all(
        p.startswith("locked stands cannot stay as they are: ") for p in problems
    )
    assert any("C2" in p and "d" in p and "a" in p and "overlap" in p for p in problems)
    with pytest.raises(InputError) as caught:
        solve(_event(), time_limit_s=4, seed=0, workers=2, baseline=moved)
    assert "overlap" in str(caught.value)


def test_a_locked_stand_in_an_exits_clearance_is_bad_input() -> None:
    """A planner drags a stand onto a door: rule 6 names the exit and the distance."""
    event = _event()
    hall = event.venue.hall("h1")
    door = hall.exits[0].door(hall.shape)
    x, y = door.coords[0]
    stand = Stand(
        request_id="e",
        hall="h1",
        x=max(0.0, min(x, 44.0)),
        y=max(0.0, min(y, 37.0)),
        width=6.0,
        depth=3.0,
        booth_type="inline",
        number="1A01",
        locked=True,
    )
    problems = locked_conflicts(event, Layout(event=event.name, stands=[stand]))
    assert any("C6" in p and "clearance" in p for p in problems), problems


def test_locked_members_of_a_pavilion_apart_are_no_conflict() -> None:
    """Members placed between two locked members may still join them up: the pavilion's
    rule is the search's to keep, not an input error."""
    requests = [req(f"p{k}", 18, booth_type="inline", pavilion="eu") for k in range(4)]
    event = make_event([HALL], requests)
    stands = [
        Stand(request_id=rid, hall="h1", x=x, y=10, width=6, depth=3, locked=True)
        for rid, x in (("p0", 6), ("p1", 30))
    ]
    stands = [s.model_copy(update={"booth_type": "inline"}) for s in stands]
    alone = Layout(
        event=event.name,
        stands=stands,
        unplaced=[Unplaced(request_id=f"p{k}", reason="-") for k in (2, 3)],
    )
    assert [v.rule for v in validate(event, alone).violations] == ["C8", "C8"]
    assert locked_conflicts(event, Layout(event=event.name, stands=stands)) == []


def test_a_notched_stand_keeps_an_exact_size_by_its_bounding_box() -> None:
    """The contract measures a polygon stand's exact size on its bounding box: a 4 x 7 m
    stand the solver notched round a column stays (it was given up, and the exhibitor
    lost the stand, when the same layout was solved again as its own baseline)."""
    hall = rect_hall("h1", 50, 40, columns=[(14.6, 8.5, 0.8, 0.9)])
    r = req("x", 28, booth_type="inline", width_m=4.0, depth_m=7.0)
    event = make_event([hall], [r], grid_m=0.1)
    notched = [(13.4, 8.5), (13.4, 15.5), (17.4, 15.5), (17.4, 8.5), (15.4, 8.5)]
    notched += [(15.4, 9.4), (14.6, 9.4), (14.6, 8.5)]
    stand = Stand(request_id="x", hall="h1", polygon=notched, booth_type="inline")
    assert still_fits(event, r, stand) is None


def test_a_re_layout_neither_seats_first_nor_offers_round_its_waiting_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Who the baseline left unplaced was seated first and offered round when it was made,
    and the kept stands still hold that floor: a re-solve does not try them so again (a
    crowded event spent most of its re-solve there), while a newcomer still gets both."""
    import floorplan.solve.pipeline as pipeline

    hall = rect_hall("h1", 30, 20)
    many = [req(f"s{k}", 36, booth_type="inline") for k in range(12)]
    first = _solve(make_event([hall], many))
    waiting = {u.request_id for u in first.unplaced}
    assert waiting, "the hall must fill up for this test"
    tried: list[frozenset[str]] = []
    offered: list[set[str]] = []
    real_hall, real_offer = pipeline.solve_hall, pipeline.second_chance

    def hall_spy(*args, **kw):  # type: ignore[no-untyped-def]
        tried.append(kw["tried_first"])
        return real_hall(*args, **kw)

    def offer_spy(event, todo, *rest):  # type: ignore[no-untyped-def]
        offered.append({r.id for r in todo})
        return real_offer(event, todo, *rest)

    monkeypatch.setattr(pipeline, "solve_hall", hall_spy)
    monkeypatch.setattr(pipeline, "second_chance", offer_spy)
    again = _solve(make_event([hall], [*many, req("late", 36, booth_type="inline")]), first)
    assert tried == [frozenset(waiting)]
    assert offered and all("late" in ids and not ids & waiting for ids in offered)
    before, after = _places(first), _places(again)
    assert all(after[k] == v for k, v in before.items())


def test_the_floor_a_cancelled_stand_frees_goes_to_the_waiting_list() -> None:
    hall = rect_hall("h1", 30, 20)
    many = [req(f"s{k}", 36, booth_type="inline") for k in range(12)]
    first = _solve(make_event([hall], many))
    waiting = {u.request_id for u in first.unplaced}
    gone = sorted(s.request_id for s in first.stands)[0]
    again = _solve(make_event([hall], [r for r in many if r.id != gone]), first)
    assert waiting & {s.request_id for s in again.stands}, "a waiting request took the floor"
    before, after = _places(first), _places(again)
    assert all(after[k] == v for k, v in before.items() if k != gone)
