"""`reasons`: what is free in a hall, in words a planner can check on its map."""

from __future__ import annotations

from floorplan.model import Event, Request, Rules
from floorplan.sizes import fitting_extent, sizes_in_words
from floorplan.solve.hall import HallSolution
from floorplan.solve.pack import Placed
from floorplan.solve.problem import HallProblem
from floorplan.solve.reasons import floor_spots, full_reason, no_spot, room
from floorplan.solve.skeleton import Segment, Skeleton, Spec

from .conftest import largest_free, make_event, rect_hall, req


def test_a_hall_with_no_free_stretch_in_any_row_says_so_not_a_zero_slot() -> None:
    hall = rect_hall("h", 30, 20)
    event = make_event([hall], [req("a", 20)])
    p = HallProblem(hall, event.rules, event.requests, False)
    full = HallSolution(p, None, [], list(event.requests), (0.0, 0.0), 1)
    said = room(event, "h", full)
    assert said.startswith("h: no row has a free stretch left")
    assert "0 x 0" not in said


def _one_row(area: float, stand: tuple[float, float, float, float], segment: int) -> float:
    """The largest free slot of a hall whose skeleton is one 20 m row, 6 m deep at y 3-9 m
    with 3 m aisles, holding one stand of `area` at `stand` (x, y, w, d in metres)."""
    hall = rect_hall("h", 40, 30)
    event = make_event([hall], [req("a", area), req("b", 30)])
    p = HallProblem(hall, event.rules, event.requests, False)
    g = p.g
    seg = Segment("x", 0, round(20 / g), round(3 / g), round(9 / g), "single", round(6 / g))
    sk = Skeleton(Spec("single", round(6 / g), 0, round(30 / g)), [seg], aisle=round(3 / g))
    x, y, w, d = (round(v / g) for v in stand)
    placed = [Placed(event.requests[0], (x, y, w, d), 1, segment)]
    return largest_free(HallSolution(p, sk, placed, [event.requests[1]], (0.0, 0.0), 1))


def test_the_free_slot_at_a_segment_end_runs_to_the_end_and_not_an_aisle_beyond() -> None:
    """A 20 m segment holding a stand on its first 12 m has 5 m free at its end (12 m,
    an aisle of 3 m, then 5 m): not 8 m, which ran an aisle past the segment's end and
    named a slot a stand that was left out would fit."""
    assert _one_row(72, (0, 3, 12, 6), 0) == (5.0, 6.0)


def test_a_stand_in_the_aisle_along_a_segment_takes_that_stretch_too() -> None:
    """A stand seated in the aisle in front of a row's empty stretch leaves the stretch
    without a way in: the tight hall named a 10.5 x 4 m wall slot that a stand in the
    aisle in front of it had cut to 4.5 m."""
    assert _one_row(18, (2, 9, 6, 3), -2) == (9.0, 6.0)


def test_a_pavilion_member_is_told_what_the_whole_pavilion_needs() -> None:
    """Fuzzed ev22: a 12 m2 member of a five-stand pavilion was told the hall's largest free
    slot was 5 x 4 m and that it needed 3 x 4 m: true, and no answer. The slot is weighed
    against the whole pavilion, so the reason says what that needs."""
    members = [req("m1", 12, pavilion="pav"), req("m2", 30, pavilion="pav"), req("s", 9)]
    event = make_event([rect_hall("h", 30, 20)], members)
    said = full_reason(event, event.requests[0], ["h: largest free slot 5 x 4 m"])
    assert said.startswith("pavilion pav could not be kept together: no room left")
    assert said.endswith("its 2 stands need 42 m2 side by side")


def test_a_stand_left_out_of_a_search_the_time_limit_cut_short_is_told_so() -> None:
    """Cut short, the halls were not full when the search stopped: "no room left" beside a
    free slot that holds the stand would be false on the map (sixteen halls at
    `--time-limit 30`: an 18 m2 stand "as narrow as 3 x 5.5 m", "largest free slot 15.5 x 3
    m"). The reason says the limit cut the search short, and what is free."""
    event = make_event([rect_hall("h", 30, 20)], [req("s", 18), req("m", 12, pavilion="p")])
    slot = "h: largest free slot 15.5 x 3 m"
    said = full_reason(event, event.requests[0], [slot], cut=True)
    assert said.startswith(
        "the time limit cut the search short before a place was found for it "
        "(h: largest free slot 15.5 x 3 m); the stand needs 18 m2"
    )
    assert "no room left" not in said
    member = full_reason(event, event.requests[1], [slot], cut=True)
    assert member.startswith("pavilion p could not be kept together: the time limit cut")
    assert full_reason(event, event.requests[0], [slot]).startswith("no room left (h: ")


def test_a_member_of_a_pavilion_seated_in_part_is_told_who_stands_and_why_not_it() -> None:
    """When the hall held only some members together, the reason names them: the planner
    finds them on the map and sees there is no room within one aisle of them."""
    members = [req(f"m{k}", 12, pavilion="pav") for k in range(4)]
    event = make_event([rect_hall("h", 30, 20)], members)
    said = full_reason(event, event.requests[3], ["h: largest free slot 2 x 4 m"], ["m0", "m1"])
    assert said == (
        "pavilion pav seated in part: 2 of its 4 stands stand together (m0, m1), and no free "
        "floor within one aisle of them holds this one (12 m2, at least 3.5 x 3.5 m (or as "
        "narrow as 3 x 4 m)); elsewhere (h: largest free slot 2 x 4 m)"
    )
    assert "no room left" not in said


def test_a_pavilion_member_is_told_when_the_grid_makes_its_pavilion_one_block() -> None:
    """2.5 m aisles on a 1 m grid: every aisle between blocks is 3 m, more than one aisle
    (C8), so the pavilion must fit one block, which the map does not show (fuzzed seed
    6400 ev01). On a 0.5 m grid the aisle is exact and nothing is added."""
    members = [req("m1", 12, pavilion="pav"), req("m2", 30, pavilion="pav")]
    coarse = make_event([rect_hall("h", 30, 20)], members, aisle_width_m=2.5, grid_m=1.0)
    said = full_reason(coarse, coarse.requests[0], ["h: largest free slot 5 x 4 m"])
    assert said.endswith(
        "its 2 stands need 42 m2 side by side, each within 2.5 m (one aisle) of another: "
        "on the 1 m grid blocks stand 3 m apart, so in one block"
    )
    exact = make_event([rect_hall("h", 30, 20)], members, aisle_width_m=2.5, grid_m=0.5)
    said = full_reason(exact, exact.requests[0], ["h: largest free slot 5 x 4 m"])
    assert said.endswith("its 2 stands need 42 m2 side by side")


def _wall_row_slot(
    keep_out: list[list[tuple[float, float]]],
    request: Request,
    columns: tuple[tuple[float, float, float, float], ...] = (),
) -> tuple[Event, HallSolution]:
    """A 40 x 30 m hall (doors in the middle of its west and east walls, `keep_out` and
    `columns` in it) whose only segment is a 20 x 6 m stretch of the north wall row, x 10-30
    m, and no stand placed: the event and the hall's solution, for what its reasons name for
    `request`."""
    exits = (("E1", (0.0, 15.0), 4.0, "entrance"), ("E2", (40.0, 15.0), 2.4, "exit"))
    hall = rect_hall("h", 40, 30, exits=exits, keep_out=keep_out, columns=columns)
    event = make_event([hall], [request])
    p = HallProblem(hall, event.rules, event.requests, False)
    u = {m: round(m / p.g) for m in (3, 6, 10, 24, 30)}
    seg = Segment("x", u[10], u[30], u[24], u[30], "single", u[6])
    sk = Skeleton(Spec("single", u[6], 0, u[30]), [seg], aisle=u[3])
    return event, HallSolution(p, sk, [], list(event.requests), (0.0, 0.0), 1)


def test_a_slot_backed_onto_a_wall_is_not_named_to_a_stand_needing_four_open_sides() -> None:
    """Fuzzed ev11 named a free 10 x 5.5 m slot to islands of 5.5 x 6.5 m: the slot backed
    onto a stand, and no island could stand there. The slot a reason names has the open
    sides the waiting stand needs: here a 20 x 6 m stretch of a wall row has three."""
    event, sol = _wall_row_slot([], req("isl", 36, booth_type="island"))
    assert largest_free(sol) == largest_free(sol, 3) == (20.0, 6.0)
    assert largest_free(sol, 4) == (0.0, 0.0)
    assert room(event, "h", sol, 4) == "h: no free slot with 4 open sides"
    assert room(event, "h", sol, 3) == "h: largest free slot with 3 open sides 20 x 6 m"


def test_a_slot_narrower_than_any_stand_is_not_named() -> None:
    """A planner's food expo told 9 m2 stands of "largest free slot 2.5 x 6 m" in a hall with
    3 m sides at the least: no stand stands there. Here a stand fills the wall row's
    stretch but for an aisle (3 m) and 2.5 m at its end."""
    event, sol = _wall_row_slot([], req("r", 9))
    u = round(1 / sol.problem.g)
    sol.placed = [Placed(req("a", 87), (10 * u, 24 * u, 29 * u // 2, 6 * u), 2, 0)]
    assert largest_free(sol) == (2.5, 6.0)
    assert room(event, "h", sol) == "h: no free slot of at least 3 x 3 m"


def test_a_slot_with_a_column_at_its_face_names_the_floor_the_notch_takes() -> None:
    """Fuzzed seed 29000 ev14 (a 1 m grid) told a 5 x 6 m stand of "a free slot with 2 open
    sides 6 x 5 m": a column stood at the slot's face, and a stand there notched round it
    keeps 26 m2. Here a 0.6 m column just inside the wall row's front face takes its box
    on the grid, 1 x 1 m, out of a stand there."""
    event, sol = _wall_row_slot([], req("r", 9), columns=((12.2, 24.2, 0.6, 0.6),))
    assert largest_free(sol) == (20.0, 6.0)
    assert room(event, "h", sol) == "h: largest free slot 20 x 6 m less 1 m2 round a column"


def test_a_slot_walled_in_is_not_named_even_to_a_stand_needing_one_open_side() -> None:
    """Fuzzed seed 7500 ev01 told 9 m2 inline stands of "a free slot of 4.5 x 3 m" in a
    corner whose only way in was narrower than an aisle. Here a U-shaped keep-out closes
    the 20 x 6 m stretch of the wall row in front and at both ends."""
    fence = [(7, 21), (33, 21), (33, 30), (30, 30), (30, 24), (10, 24), (10, 30), (7, 30)]
    event, sol = _wall_row_slot([fence], req("r", 9))
    assert largest_free(sol) == (0.0, 0.0)
    assert room(event, "h", sol) == "h: no free slot with an open side"


def test_a_reason_names_the_narrowest_size_a_stand_may_take_too() -> None:
    # 76 m2 +/-10% at most 3:1 on a 0.5 m grid: 8.5 x 8.5 m at its most compact, but a
    # slot 20 x 4.5 m is too narrow only because 5 m is as narrow as it goes.
    rules = Rules()
    said = sizes_in_words(req("a", 76), rules)
    assert said == "at least 8.5 x 8.5 m (or as narrow as 5 x 14 m)"
    assert fitting_extent(req("a", 76), rules, 4.5, 20) is None
    assert fitting_extent(req("a", 76), rules, 5, 14) is not None
    # An exact size or a stand already as narrow as it goes has one size to name.
    assert sizes_in_words(req("b", 76, width_m=8, depth_m=9.5), rules) == "at least 8 x 9.5 m"
    assert sizes_in_words(req("c", 9), rules) == "at least 3 x 3 m"


def test_an_open_floor_with_no_spot_an_aisle_clear_says_so_and_one_with_a_spot_does_not() -> None:
    """A sparse hall's map shows open floor where no row has a free stretch left: the reason
    says why none of it serves (fuzzed seed 7600 ev16: thirteen 9 m2 stands sent away with
    "no row has a free stretch left" beside floor that looked empty, every patch of it
    within an aisle of a stand)."""
    hall = rect_hall("h", 30, 20)
    small, island = req("a", 9), req("i", 9, booth_type="island")
    event = make_event([hall], [small, island, req("big", 300)])
    p = HallProblem(hall, event.rules, event.requests, False)
    g = p.g
    empty = HallSolution(p, None, [], [small, island], (0.0, 0.0), 1)
    assert no_spot(small, floor_spots(empty)) == ""
    assert no_spot(island, floor_spots(empty)) == ""
    # One stand fills the hall but a 3 m ring round it: nothing an aisle from it fits.
    ring = Placed(
        event.requests[2], (round(3 / g), round(3 / g), round(24 / g), round(14 / g)), 4, -2
    )
    full = HallSolution(p, None, [ring], [small, island], (0.0, 0.0), 1)
    said = no_spot(small, floor_spots(full))
    assert (
        said
        == ", and the open floor has no free-standing 3 x 3 m spot an aisle (3 m) from every stand"
    )
    assert no_spot(island, floor_spots(full)) == (
        ", and the open floor has no free-standing 3 x 3 m spot with 4 open sides an aisle "
        "(3 m) from every stand"
    )


def test_a_stand_no_spot_of_the_empty_hall_holds_is_told_the_hall_itself_is_the_cause() -> None:
    """A 300 m2 island in a hall with a column every 8 x 8 m: no spot between columns is
    16.5 m square (its area less the tolerance) nor 10 m wide (its thinnest, 3 to 1).
    With no stand in the hall it still fits nowhere, so the reason blames the hall's
    columns, not the other stands (fuzzed seed 8100 ev06, a column every 15 x 13.5 m;
    13100 ev07, an 819 m2 car maker in a grid of 12.5 x 17.5 m)."""
    columns = [(x, y, 1.0, 1.0) for x in (8, 16, 24, 32, 40) for y in (8, 16, 24, 32)]
    island = req("i", 300, booth_type="island")
    event = make_event([rect_hall("h", 48, 44, columns=columns)], [island])
    p = HallProblem(event.venue.halls[0], event.rules, event.requests, False)
    empty = HallSolution(p, None, [], [island], (0.0, 0.0), 1)
    said = no_spot(island, floor_spots(empty))
    assert said == (
        ", and even with no stand in the hall no spot with 4 open sides, at any of its "
        "sizes, keeps clear of its columns, keep-outs, walls and exit clearances"
    )
    # A column every 12 x 11 m: no square fits, but a thin size between two column rows
    # does, so the hall is not blamed (the other stands would be, were there any).
    wide = [(x, y, 1.0, 1.0) for x in (12, 24, 36) for y in (11, 22, 33)]
    sparse = make_event([rect_hall("h", 48, 44, columns=wide)], [island])
    p = HallProblem(sparse.venue.halls[0], sparse.rules, sparse.requests, False)
    said = no_spot(island, floor_spots(HallSolution(p, None, [], [island], (0.0, 0.0), 1)))
    assert said.startswith(", and the open floor has no free-standing 16.5 x 16.5 m spot")
    # Without the columns the empty hall holds it: nothing is said.
    open_hall = make_event([rect_hall("h", 48, 44)], [island])
    p = HallProblem(open_hall.venue.halls[0], open_hall.rules, open_hall.requests, False)
    assert no_spot(island, floor_spots(HallSolution(p, None, [], [island], (0.0, 0.0), 1))) == ""


def test_open_floor_only_against_a_wall_is_no_spot_for_a_peninsula() -> None:
    """A 3 x 3 m stand backed onto a wall, 3.5 m aisles: the walkers' disc reaches its sides
    that meet the wall along less than half of them, so it has one open side, not the
    three a peninsula needs (fuzzed seed 7700 ev06: such seats were all taken back, and
    the reason named nothing on the open floor). The doors open onto that strip: a stand
    over them would leave the strip no walk out, and the reason would say that instead."""
    doors = (("E1", (4.75, 0.0), 2.0, "entrance"), ("E2", (4.75, 20.0), 2.0, "exit"))
    hall = rect_hall("h", 30, 20, exits=doors)
    pen = req("p", 9, booth_type="peninsula")
    inline = req("s", 9, booth_type="inline")
    event = make_event([hall], [pen, inline, req("big", 300)], aisle_width_m=3.5)
    p = HallProblem(hall, event.rules, event.requests, False)
    g = p.g
    # One stand leaves a 6 m strip along the left wall only: 3 m stands there back onto it.
    big = Placed(event.requests[2], (round(9.5 / g), 0, round(20.5 / g), round(20 / g)), 4, -2)
    sol = HallSolution(p, None, [big], [pen, inline], (0.0, 0.0), 1)
    assert no_spot(inline, floor_spots(sol)) == ""
    assert "spot with 3 open sides" in no_spot(pen, floor_spots(sol))


def test_a_slot_open_at_its_ends_alone_is_not_named_to_a_short_stand_needing_two() -> None:
    """Fuzzed seed 19300 ev09 named "a free slot with 2 open sides 12.6 x 6 m" to 12 m2
    corner stands: a stretch between two keep-outs, open at its two ends alone. A stand
    shorter than the slot gets one end at most; only one as long as the slot gets both.
    Here a keep-out closes the front of a 20 x 6 m stretch of the wall row."""
    fence = [(10, 21), (30, 21), (30, 24), (10, 24)]
    event, sol = _wall_row_slot([fence], req("r", 12, booth_type="corner"))
    assert largest_free(sol, 1, most=4.0) == (20.0, 6.0)
    assert largest_free(sol, 2, most=4.0) == (0.0, 0.0)
    assert largest_free(sol, 2, most=20.0) == (20.0, 6.0)
    assert room(event, "h", sol, 2, most=4.0) == "h: no free slot with 2 open sides"


def test_a_slot_near_a_door_in_a_straight_line_but_far_by_the_aisles_is_not_named() -> None:
    """Fuzzed seed 19300 ev09 named "a free slot with 2 open sides 12.6 x 6 m" behind a
    keep-out: near the doors in a straight line, 64 m from the nearest by the aisles (limit
    60). Here a wall of keep-out between a 6 x 6 m stretch of the wall row and the only door
    makes visitors walk round it; the reason says no slot is within the walk."""
    exits = (("E1", (0.0, 15.0), 4.0, "entrance"),)
    wall = [(5, 0), (7, 0), (7, 26), (5, 26)]
    hall = rect_hall("h", 40, 30, exits=exits, keep_out=[wall])
    event = make_event([hall], [req("r", 12)], max_travel_m=30.0)
    p = HallProblem(hall, event.rules, event.requests, False)
    u = {m: round(m / p.g) for m in (0, 3, 6, 10, 16)}
    seg = Segment("x", u[10], u[16], u[0], u[6], "single", u[6])
    sk = Skeleton(Spec("single", u[6], 0, u[16]), [seg], aisle=u[3])
    sol = HallSolution(p, sk, [], list(event.requests), (0.0, 0.0), 1)
    assert largest_free(sol) == (0.0, 0.0)
    assert room(event, "h", sol).startswith(
        "h: no free slot with an open side within a walk of 30 m (max_travel_m) of an exit"
    )


def test_open_floor_only_beyond_the_walk_to_the_doors_is_no_spot_and_the_reason_says_why() -> None:
    """Fuzzed seed 19300 ev09: six 12 m2 stands sent away from a 106 x 119 m hall whose open
    floor lay in its middle, 60 m and more from every exit by the aisles; the reason named
    a slot too small and nothing of the floor a planner saw empty. Here one stand fills a
    120 x 20 m hall's west half but corridors along the walls to its only door: the floor
    east of it holds a 3 x 3 m stand, but no spot of it lies within the walk."""
    doors = (("E1", (2.0, 0.0), 2.0, "entrance"),)
    hall = rect_hall("h", 120, 20, exits=doors)
    small = req("a", 9)
    for limit, said in (
        (
            60.0,
            ", and the open floor has no free-standing 3 x 3 m spot an aisle (3 m) from every "
            "stand within a walk of 60 m (max_travel_m) of an exit",
        ),
        (200.0, ""),
    ):
        event = make_event([hall], [small, req("big", 1000)], max_travel_m=limit)
        p = HallProblem(hall, event.rules, event.requests, False)
        g = p.g
        big = Placed(
            event.requests[1], (round(3 / g), round(3.5 / g), round(64 / g), round(16.5 / g)), 4, -2
        )
        sol = HallSolution(p, None, [big], [small], (0.0, 0.0), 1)
        assert no_spot(small, floor_spots(sol)) == said


def test_a_stand_whose_spots_were_taken_back_is_told_so_where_the_floor_holds_it() -> None:
    """Fuzzed seed 19300 ev09: 12 m2 corners seated by the walls and taken back (each cost
    itself or a stand beside it an open side or its walk) were told only of a slot too small, beside
    open floor that holds them. A request the hall's open floor took back says so; one it
    never tried says nothing of the floor, as before."""
    hall = rect_hall("h", 30, 20)
    small, other = req("a", 9), req("b", 9)
    event = make_event([hall], [small, other])
    p = HallProblem(hall, event.rules, event.requests, False)
    sol = HallSolution(p, None, [], [small, other], (0.0, 0.0), 1, taken_back={"a"})
    floor = floor_spots(sol)
    assert no_spot(small, floor) == (
        ", and the spots of the open floor that hold it would cost it or a stand beside it an "
        "open side or the walk to an exit"
    )
    assert no_spot(other, floor) == ""


def test_a_stand_left_out_of_a_full_hall_is_told_why_the_others_cannot_host_it() -> None:
    """A hall that cannot host the stand at all is left out of "no room left"; the planner
    who sees it sent away from a small full hall beside a big empty one asks why: each need
    is said once, with every hall that fails it and what that hall has."""
    from floorplan.solve import solve

    heavy = req("press", 300, floor_load_kn_m2=20)
    filler = [req(f"f{k}", 150, floor_load_kn_m2=20) for k in range(4)]
    halls = [
        rect_hall("small", 30, 25, floor_load=25),
        rect_hall("big-a", 80, 60, floor_load=5),
        rect_hall("big-b", 80, 60),
    ]
    event = make_event(halls, [*filler, heavy])
    layout = solve(event, time_limit_s=20, seed=0, workers=1).layout
    reasons = {u.request_id: u.reason for u in layout.unplaced}
    assert reasons, "the small hall must fill up for this test"
    said = next(iter(reasons.values()))
    assert said.startswith("no room left (small: ")
    assert said.endswith(
        "; the other halls cannot host it (needs floor load 20 kN/m2: big-a has 5, big-b has "
        "no rated floor load)"
    )
