"""`stretches`: a row's empty stretches, and the last call that offers them to who waits."""

from __future__ import annotations

from math import inf

import pytest

from floorplan.model import Layout
from floorplan.model.event import Event, Request
from floorplan.solve.budget import Budget
from floorplan.solve.hall import HallSolution
from floorplan.solve.infill import OPEN_FLOOR
from floorplan.solve.pack import Placed, together
from floorplan.solve.params import DEFAULT
from floorplan.solve.problem import HallProblem, rect_gap
from floorplan.solve.skeleton import Segment, Skeleton, Spec
from floorplan.solve.stretches import free_stretches, last_call
from floorplan.validate import validate

from .conftest import largest_free, make_event, rect_hall, req, stands_of


def _row_with_one_stand(*waiting: Request, first: Request | None = None) -> HallSolution:
    """A 40 x 30 m hall whose skeleton is one 24 m row, 6 m deep at x 6-30, y 9-15 m
    (3 m aisles), holding one 36 m2 stand (`first`) on its first 6 m, as a slide onto a
    line or a guest pushed out leaves a row; `waiting` still wait."""
    hall = rect_hall("h", 40, 30)
    event = make_event([hall], [first or req("a", 36), *waiting])
    p = HallProblem(hall, event.rules, event.requests, False)
    g = p.g
    u = {m: round(m / g) for m in (3, 6, 9, 15, 30)}
    seg = Segment("x", u[6], u[30], u[9], u[15], "single", u[6])
    sk = Skeleton(Spec("single", u[6], 0, round(30 / g)), [seg], aisle=u[3])
    placed = [Placed(event.requests[0], (u[6], u[9], u[6], u[6]), 3, 0)]
    return HallSolution(p, sk, placed, list(waiting), (0.0, 0.0), 1)


def test_the_empty_stretch_of_a_row_starts_an_aisle_after_its_last_stand() -> None:
    sol = _row_with_one_stand()
    g = sol.problem.g
    (st,) = free_stretches(sol)
    assert (st.lo * g, st.hi * g) == (15.0, 30.0)


def test_a_waiting_stand_is_seated_in_the_stretch_a_pass_left_empty() -> None:
    """Fuzzed ev08: blocks slid onto lines left a 4.5 x 6.5 m stretch, and 75 requests of
    12 m2 were sent away naming that very slot. The last call seats them there, an
    aisle from the stand beside, inside the row."""
    sol = _row_with_one_stand(req("b", 30), req("c", 24))
    before = largest_free(sol)
    new = last_call(sol, list(sol.left), DEFAULT)
    assert {pl.request.id for pl in new} == {"b", "c"}
    g = sol.problem.g
    first = sol.placed[0]
    for pl in new:
        x, y, w, d = pl.rect
        assert x * g >= 15.0 and (x + w) * g <= 30.0 and y * g >= 9.0 and (y + d) * g <= 15.0
        assert rect_gap(pl.rect, first.rect) * g >= 3.0
        assert pl in sol.placed
    assert largest_free(sol)[0] < before[0]


def test_a_pavilion_the_stretch_cannot_hold_whole_is_not_split_into_it() -> None:
    """Three members of 36 m2 (at least 97 m2 with the area tolerance) do not fit 15 m of
    a 6 m deep row (90 m2), two would: the stretch takes none of them (the single stand
    waiting with them, yes), and the open floor then seats the pavilion together."""
    members = [req(f"p{i}", 36, pavilion="pav") for i in range(3)]
    sol = _row_with_one_stand(*members, req("s", 24))
    new = last_call(sol, list(sol.left), DEFAULT)
    assert {pl.request.id for pl in new} == {"p0", "p1", "p2", "s"}
    g = sol.problem.g
    pavilion = [pl for pl in new if pl.request.pavilion]
    for pl in pavilion:
        x, y, w, d = pl.rect
        inside = x * g >= 15.0 and (x + w) * g <= 30.0 and y * g >= 9.0 and (y + d) * g <= 15.0
        assert not inside, f"{pl.request.id} in the stretch"
    assert together(pavilion, sol.problem.pavilion_reach)


def test_a_pavilion_with_a_member_standing_is_not_offered_the_last_call() -> None:
    """A member must stand within one aisle of another: a stretch an aisle from every stand
    cannot promise that to a pavilion that has started elsewhere, so only whole pavilions
    (and single stands) are offered the stretches."""
    from floorplan.solve.passes import call_last

    member, other = req("m1", 24, pavilion="pav"), req("m2", 24, pavilion="pav")
    sol = _row_with_one_stand(other, req("s", 24))
    started = Placed(member, (0, 0, 6, 8), 2, -2)
    sol.placed = [*sol.placed, started]
    event = make_event([sol.problem.hall], [*sol.problem.requests, member])
    call_last(event, [member, other, event.request_by_id["s"]], {"h": sol}, DEFAULT, Budget(inf))
    assert {pl.request.id for pl in sol.placed} == {"a", "m1", "s"}


def test_a_member_of_a_pavilion_standing_in_part_continues_the_row_beside_its_fellow() -> None:
    """The knapsack sent one of a pavilion's three members to the hall, and its packing
    seated it. The last call gives the other two a place flush beside it in its row (C8:
    within an aisle), not a stretch of their own, which could stand anywhere; the
    validator proves it."""
    from floorplan.solve.passes import call_last

    members = [req(f"m{k}", 36 if k == 0 else 24, pavilion="pav") for k in range(3)]
    sol = _row_with_one_stand(*members[1:], first=members[0])
    event = make_event([sol.problem.hall], list(sol.problem.requests))
    call_last(event, members[1:], {"h": sol}, DEFAULT, Budget(inf))
    where = {pl.request.id: pl for pl in sol.placed}
    assert where.keys() == {"m0", "m1", "m2"}
    assert together(list(where.values()), 0), "flush, side by side"
    report = validate(event, Layout(event=event.name, stands=stands_of(sol.placed, sol.problem)))
    assert report.valid, report.to_text()


def test_a_hall_whose_last_call_the_budget_cannot_pay_for_is_not_called() -> None:
    """The last call is work like the rest (about a final pack of the hall): a hall whose
    call the budget cannot pay in full is skipped, the same hall on any machine."""
    from floorplan.solve.passes import call_last

    sol = _row_with_one_stand(req("s", 24))
    event = make_event([sol.problem.hall], list(sol.problem.requests))
    waiting = [event.request_by_id["s"]]
    short = Budget(1.0)
    call_last(event, waiting, {"h": sol}, DEFAULT, short)
    assert {pl.request.id for pl in sol.placed} == {"a"} and short.left == 1.0
    enough = Budget(inf)
    call_last(event, waiting, {"h": sol}, DEFAULT, enough)
    assert {pl.request.id for pl in sol.placed} == {"a", "s"}


def test_a_hall_the_budget_cannot_call_whole_is_called_with_as_many_tries_as_it_affords() -> None:
    """Priced as a filled pack, a big hall's call may not fit what is left, while its few
    tries would (fuzzed seed 9700 ev04: 2,643 ms against 1,503; three of eight waiting
    fitted, in 768 ms). It is called after the halls called whole, with as many tries on
    the open floor as the budget affords, and pays for those; below its base, not at all."""
    from floorplan.solve.budget import call_ms, filled_ms
    from floorplan.solve.passes import call_last

    def setup() -> tuple[HallSolution, list[Request], Event]:
        sol = _row_with_one_stand(
            req("big", 64, width_m=8.0, depth_m=8.0), req("big2", 64, width_m=8.0, depth_m=8.0)
        )
        event = make_event([sol.problem.hall], list(sol.problem.requests))
        return sol, [event.request_by_id["big"], event.request_by_id["big2"]], event

    sol, waiting, event = setup()
    hall, rules = sol.problem.hall, sol.problem.rules
    one = call_ms(hall, 3, rules, DEFAULT, 1)
    assert one < filled_ms(hall, 3, rules, DEFAULT)
    budget = Budget(one + 0.5 * (call_ms(hall, 3, rules, DEFAULT, 2) - one))
    call_last(event, waiting, {"h": sol}, DEFAULT, budget)
    assert {pl.request.id for pl in sol.placed} == {"a", "big"}
    assert budget.left == pytest.approx(0.5 * (call_ms(hall, 3, rules, DEFAULT, 2) - one))

    sol, waiting, event = setup()
    budget = Budget(call_ms(hall, 3, rules, DEFAULT, 2))
    call_last(event, waiting, {"h": sol}, DEFAULT, budget)
    assert {pl.request.id for pl in sol.placed} == {"a", "big", "big2"}

    sol, waiting, event = setup()
    budget = Budget(call_ms(hall, 3, rules, DEFAULT, 0) - 1.0)
    call_last(event, waiting, {"h": sol}, DEFAULT, budget)
    assert {pl.request.id for pl in sol.placed} == {"a"}


def test_what_the_stretches_cannot_take_as_a_row_tries_the_open_floor_too() -> None:
    """Packed as a row, a stretch takes only stands as deep as the row, with one open end
    (the rest of the stretch is row): fuzzed ev17 of seed 9100 sent 11 requests away
    naming a 5 x 5 m slot they fitted. What the row cannot take tries the open floor
    round the rows too: here an 8 x 8 m stand of exact size beside a 6 m deep row."""
    sol = _row_with_one_stand(req("big", 64, width_m=8.0, depth_m=8.0))
    new = last_call(sol, list(sol.left), DEFAULT)
    assert [pl.request.id for pl in new] == ["big"]
    g = sol.problem.g
    (big,) = new
    assert sorted((big.rect[2] * g, big.rect[3] * g)) == [8.0, 8.0]
    assert rect_gap(big.rect, sol.placed[0].rect) * g >= 3.0


def test_a_stretch_whose_newcomer_was_taken_back_is_packed_again_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fuzzed ev11: the newcomers packed into the stretches were taken back (one cost an
    island its open side), and a 30 m2 peninsula that fitted one of those stretches
    waited. The stretches are packed again without who was taken back."""
    import floorplan.solve.stretches as module

    real = module.settle
    calls: list[list[str]] = []

    def takes_back_big(*args: object, **kw: object) -> list[Placed]:
        new = args[2]
        assert isinstance(new, list)
        calls.append([pl.request.id for pl in new])
        kept = real(*args, **kw)
        return kept if len(calls) > 1 else [pl for pl in kept if pl.request.id != "big"]

    monkeypatch.setattr(module, "settle", takes_back_big)
    sol = _row_with_one_stand(req("big", 60), req("c", 30), req("d", 24))
    new = last_call(sol, list(sol.left), DEFAULT)
    assert calls[0] == ["big", "c"]  # d did not fit beside them
    rows = {pl.request.id for pl in new if pl.segment != OPEN_FLOOR}
    assert rows == {"c", "d"}  # d in the row, where big stood (big tries the open floor)
