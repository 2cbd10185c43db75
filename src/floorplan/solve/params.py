"""Every tuning number of the solver, named, in one frozen object.

Like PyJobShop's solver parameters, nothing here is hidden in the code that
uses it: a test or a benchmark can pass `Params(...)` to `solve` and see
what a number does. Budgets are counted in work, so the same input gives the
same layout on any machine under any load; the only times here (`search_share`,
the proof's `proof_s_*`) place the emergency stop, which a run that ends within
its work budget never reaches.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    step_m: float = 0.5
    """Internal step for aisles, band depths and cross-aisle positions (a multiple of
    `grid_m` near this). Stands still land on the event's grid; the search does not
    grow with the grid's fineness."""

    notch_depth_m: float = 1.5
    """A column inside a row of stands at most this deep from the row's face (its far
    side) is taken into the stand there, which is notched round it, instead of cutting
    the row: the stand loses the column's floor, the row none of its length (a 0.6 m
    column cut a 6 m row into 10 m pieces with a cross aisle beside each column line)."""

    raster_cells: int = 90_000
    """Most cells of the walk raster per hall (its cell grows with the hall)."""

    max_cell_m: float = 1.0
    """Coarsest walk raster cell; finer when the hall is small or aisles narrow."""

    open_share: float = 0.55
    """Share of a side that must border walkable raster cells before the solver counts it
    open (the validator needs half: the rest is margin for the raster)."""

    walk_slack_m: float = 2.0
    """Kept back from `max_travel_m` for the raster's coarseness."""

    macro_reach_m: float = 10.0
    """The macro bands end this far short of `max_travel_m` from their wall: a point on a
    band's far edge walks round its stand back to a door in that wall, a few metres more
    than the straight line (fuzzed seed 9700 ev04, a hall of 220 x 223 m whose centre is
    out of reach: a 1,600 m2 island of the top tier 61.5 m deep in the first band, walk
    72 m, and two more bands 70-110 m in, every stand there refused)."""

    infill_rounds: int = 1
    """Rounds of the open-floor pass wherever a hall is packed to be weighed (candidates,
    seat trials, offers): a stand taken back because it cost a neighbour its access or
    walk waits."""

    fill_tries: int | None = None
    """Most requests a round of the open-floor pass tries, in their order (None: all; one
    that needs as much as one that found no room is not tried, and not counted). Set for a
    hall's final pack by what its work still affords."""

    final_min_tries: int = 10
    """Fewest requests a hall's final pack tries on the open floor, however short its work.
    """

    final_infill_rounds: int = 2
    """Rounds of the open-floor pass in a hall's final pack: a stand taken back gets
    another spot, away from the first (fuzzed ev23: a 5.5 x 11.5 m island sent away
    from a 46,200 m2 hall at 29% demand, whose first spot took an open side from a
    neighbour while 70 others were free). Only there: in the packs that are weighed
    against each other a second round changed which won, for less placed value on
    another fuzzed event (ev05 of seed 9100: 16,476 instead of 16,726)."""

    lookahead: int = 24
    """Requests after the next one in tier order that may take a slot it cannot use."""

    pavilion_least: int = 2
    """Fewest members of a pavilion seated together in the last call when it fits nowhere
    whole (`infill._seat_part`): its best members stand as one block and the rest wait,
    as a planner tells a delegation how many of its stands the hall still holds rather
    than sending all of them away. Two: a pair is already a pavilion by rule C8."""

    wall_depths_m: tuple[float, ...] = (3.0, 4.0, 5.0)
    """Candidate depths of the single rows along walls."""

    row_depths_m: tuple[float, ...] = (3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
    """Candidate stand depths of the interior bands (filtered by the demand)."""

    pitch_shares: tuple[float, ...] = (1.0,)
    """Cross-aisle pitches tried, as shares of `max_row_m`."""

    fair_weight: float = 0.05
    """How much a skeleton's fairness (tau-b) adds to its score of placed value (a share):
    area first, fairness breaks near-ties."""

    assign_deterministic_s: float = 2.0
    """Most CP-SAT deterministic time for the hall knapsack."""

    assign_share: float = 0.05
    """... and at most this much deterministic time per second of the search's window: a
    unit of it took 2 s of one core on a 298-request event, twice that with both cores
    busy, and at a 30 s limit the knapsack's 2 units then ran into its emergency stop."""

    assign_ms_per_unit: float = 2400.0
    """Reference core-milliseconds a unit of deterministic time the knapsack used costs: it
    runs in the search's window, so `budget.plan` counts it with the passes' work
    (`work_ms_per_s`). Measured 1,650-2,450 on events of 145-300 requests that used
    0.15-2.2 units (4-5 s of one core for the three that used their 2), more per unit
    only where it used under a tenth of one (a few milliseconds)."""

    assign_gap: float = 5.0
    """The knapsack stops within this of its bound. Where every request finds a hall, what
    is left is balance (the fullest hall's share, in permille): Hong Kong's knapsack spent
    2.4 of its 3.1 s on the last 0.3% of it, and with both cores busy the whole command
    then ran into its emergency stop (4.7 s instead of 7 s of solving; which balanced
    assignment is kept moves its fairness 0.77 -> 0.68, and ten fuzzed events' mean not
    at all)."""

    candidates_per_hall: int = 24
    """Most skeletons tried per hall, when the time limit buys them (`search_ms_per_s`)."""

    candidates_share: float = 0.67
    """Share of a hall's work (`search_ms_per_s`) its skeletons may take; its final pack
    and the large stands it seats first take the rest, and what they leave goes to the
    offers. Hong Kong's 20 s command needs two thirds to place all 75 (at a half, a stand
    of hall-7 waits); a half gave seed 5300's ev02 at 30 s 7% more area."""

    min_candidates: int = 2
    """Fewest skeletons tried per hall, however short the limit."""

    search_ms_per_s: float = 400.0
    """Work the halls' search may do (skeletons tried, the final packs, stands seated first),
    in reference core-milliseconds (`budget.pack_ms`) per second of the search's window
    (`budget.window_s`), shared among the halls by what one pack of each costs. With both
    cores busy with other work the solver gets about one core, and the offers (one process)
    two thirds of one: the search and the offers then take about nine tenths of the window,
    or less (`work_ms_per_s`). At 500 and 250 for the offers, with the window three
    quarters of the limit, fuzzed seed 15700 ev02 (124 requests in five halls, 60 s) ran
    into the emergency stop with both cores busy (its command 60.02 s); at 400 and 200 in
    0.85 of the limit it ends in 54-59 s with the layout of an idle machine, which placed
    a stand more than before."""

    pack_ms_base: float = 2.5
    """Reference milliseconds of any pack of a hall's bands (see `budget.pack_ms`)."""

    pack_ms_per_request: float = 0.15
    """... and per request packed (on a 1 m grid) ..."""

    pack_fine_share: float = 0.2
    """... and this share more per request for each step of the grid per metre (0.1 m: 10
    steps, three times the work of a 1 m grid) ..."""

    pack_ms_per_1000_m2: float = 6.5
    """... and per 1,000 m2 of the hall's floor (its skeleton and coarse walk) ..."""

    pack_ms_per_obstacle: float = 0.85
    """... and per column or keep-out of the hall."""

    filled_packs: float = 6.0
    """A pack with its open floor filled costs this many plain packs (measured: 4-8) ..."""

    fill_ms_per_left_1000_m2: float = 0.1
    fill_ms_per_left_obstacle: float = 0.35
    """... unless the open floor's work is more: per request tried there, these reference
    milliseconds per 1,000 m2 of the hall and per column or keep-out (each request tries
    the floor's spots, and each obstacle cuts them), counted once the pack is back.
    Fitted to 37 ms a request in a hall of 16,200 m2 with 98 columns that 68-118 requests
    were offered to (6.8-20 packs of the open floor; fuzzed seed 9300 ev06: its offers,
    each priced as 6 packs, took 19 s of an 80 s window at a 120 s limit on an idle
    machine, and ran into the emergency stop with both cores busy) and 1.4 ms in one of
    3,500 m2 with 3; within 2.5 times of halls of 5,800-6,100 m2."""

    fill_ms_per_kcell: float = 3.5
    fill_ms_per_access: float = 0.9
    """... or unless the work counted is more: a filled pack's walks, per 1,000 raster cells,
    and its stands measured on them (`walk.counted`), in reference milliseconds."""

    fine_packs: float = 2.0
    """A pack of the bands on the fine walk raster (to rank a stand's spots) costs this many
    plain packs, which walk the coarse one (measured: 1.3-2.1)."""

    final_packs_per_left: float = 0.25
    """A hall's final pack costs one plain pack and this many more per request its best
    skeleton left out (they are tried on the open floor, on the fine walk)."""

    by_area_requests: int = 40
    """Halls with at most this many requests pack every candidate as the final is (open
    floor filled) and also try every skeleton with the requests seated largest first,
    tiers aside: cheap there, and a few big stands decide such a hall."""

    rebuild_refused_macros: bool = True
    """Whether a filled pack builds its skeleton again without the macro stands its walk
    refused (their stretch of the macro band would stay empty; see `hall.solve_with`).
    Once: on the first five skeletons of fuzzed seed 8100 ev06's hall of 47,500 m2 (200
    requests), 0-19 more stands a skeleton, at 0.2-0.4 s more (of 0.5-0.8 s); a second
    time, no more."""

    rebuild_packs: float = 0.5
    """A skeleton built and walked again costs about this many packs of its hall (measured
    0.3-0.6), paid from the hall's budget once the packs are back
    (`HallSolution.extra_packs`)."""

    relayout_candidates: int = 6
    """Skeletons tried per hall on a re-layout (`--baseline`), where kept stands decide most."""

    reserve_tries: int = 3
    """Requests the bands left out that a hall may seat first on its open floor, one
    re-pack each (most valuable first; one that does not help leaves the next its try)."""

    reserve_floor_m2: float = 90_000.0
    """Hall floor those tries may cover between them (each packs and fills the whole hall
    again): three up to 30,000 m2, two up to 45,000 m2, then one. A trial in a hall
    of 62,500 m2 took 3-9 s, for about 1% more placed value."""

    reserve_spots: int = 3
    """Places tried for each of those (well apart, nearest the entrance first); the one
    that leaves the most placed wins."""

    reserve_fills: int = 2
    """Of those places, how many (most placed by the bands alone first) also get the open
    floor filled before the best is weighed against the hall as it was: filling is most of
    a trial's work in a crowded hall."""

    replan_specs: int = 2
    """Skeletons of the guests' and the hall's own mix an offer tries beside the hall's own
    (the first of `specs`: both orientations of the likeliest rows), when their rows differ."""

    offer_ms_per_s: float = 200.0
    """Work the offers round the halls may do (every offer, seat trial and spot packs a hall
    again, counted as `budget.pack_ms`) per second of the search's window: a work budget,
    so the offers stop at the same point on any machine under any load."""

    room_tries: int = 2
    """Large stands left out that a hall may seat first when the single stands it then
    displaces are offered to the other halls (kept only when the show holds more value):
    each try packs one hall again, and offers what it displaced round the others."""

    last_call_ms_per_s: float = 120.0
    """Work the last call may do (`stretches.last_call`, priced as a hall's filled pack
    each), per second of the time limit less the proof's share. A hall whose call would
    not fit whole is called once the others have been, with as many tries on the open
    floor as what they left affords (`budget.call_ms`)."""

    trade_ms_per_stand: float = 0.5
    """Reference milliseconds a trade of equal slots (`trade.trade_slots`) costs per stand
    of the hall ...
    """

    trade_ms_per_stand_pair: float = 0.011
    """... and per pair of its stands (the assignment weighs every stand against every
    slot): measured 64-84 ms in halls of 63-68 stands, 230 in one of 104 on a 0.1 m grid,
    1.3 s in one of 360 and 2.1 s in one of 432. Each hall trades twice, after the offers
    and after moving low tiers back; both are kept out of the search's work (`budget.plan`),
    which the organiser-like hall with 20% more demand overran by their 5 s at a 60 s
    limit with both cores busy."""

    call_base_packs: float = 2.0
    """A last call with a bounded number of tries costs this many plain packs of the hall
    (its stretches packed and the hall walked twice; measured 0.5-1.7 with few tries) ...
    """

    call_packs_per_try: float = 0.25
    """... and this many per request it tries on the open floor, as a hall's final pack
    (`final_packs_per_left`). Measured 0.01-0.17 where most tries were cheap or hopeless,
    0.17 in a hall of 35,000 m2 whose 33 tries took 1.6 s (fuzzed seed 9700 ev03, whose
    call priced by its floor's area ran 1.1 s past what it was given)."""

    work_ms_per_s: float = 800.0
    """All the work of the passes above together, per second of the time limit less the
    proof's share (`budget.plan`), for an event whose halls work side by side: when the
    proof's reserve bounds the search's window, the offers, aligning and the last call must
    end in it too, and the search and the offers are cut to fit. With both cores busy with
    other work the solver's processes then share about one core, and this leaves a fifth
    of the time for packs that cost more than their estimate ..."""

    work_ms_per_s_alone: float = 700.0
    """... and for an event whose work is one hall's (`budget.plan`'s `spread`): aligning
    and moving stands back run as one process, which gets two thirds of a core when both
    are busy. At 800 the organiser-like hall at a 60 s limit ran into its emergency stop
    with both cores busy and its command took 61 s; at 700 it ended in 59 s with the same
    layout as on an idle machine (its idle layout the same at either)."""

    relocate_tries: int = 12
    """Stands per hall that the fairness pass may try to seat again at their tier's distance
    (`relocate`): those with the most pairs the wrong way first. 40 made the organiser-like
    hall's tau-b 0.0005 higher than 12, for 19 s more."""
    relocate_lines_per_tau: float = 0.5
    """Share of a hall's block edges on lines that a move back may cost per point of tau-b
    it gains: both are targets (fairness 0.8, aligned edges 0.85), and a stand seated on
    the open floor is a block of its own whose edges seldom lie on a line."""
    relocate_packs: float = 0.4
    """A try (the open-floor pass for one stand, the hall walked again) costs about this
    many packs of its hall (`budget.pack_ms`) ...
    """
    relocate_packs_per_stand: float = 1 / 60
    """... and this many more per stand in the hall (each is walked again, and more stands
    mean more seats to weigh) ...
    """
    relocate_packs_max: float = 2.5
    """... and at most this many: measured 2.0 in the organiser-like hall (360 stands,
    48,300 m2: 1 s a try), 1.9 in the L-hall (85), 1.5-1.8 in the two halls on a 0.1 m grid
    (104 and 76), 0.5-1.0 in Hong Kong's halls of 5-35 stands; then 2.5 in the organiser-
    like hall on a machine 1.3-1.4 times slower, whose 432-stand twin ran its tries past the
    emergency stop at 2 with both cores busy (one pack a try, as this was first, did that
    to the 360-stand hall)."""
    reshape_aspect: float = 2.0
    """Longest-to-shortest side a stand alone in its block may be reshaped to so that its
    edges line up (`align.reshape_singles`), unless it was longer already: a square island
    may become 2 to 1, not a strip."""
    align_shift_m: float = 15.0
    """Farthest a block slides to bring an edge onto another block's line."""

    align_cells: int = 2_700_000
    """Walk raster cells per hall that aligning blocks may compute at most, however much
    work the limit buys (each slide tried costs one walk of the hall's raster: about 30 in a
    48,000 m2 hall, hundreds in small ones)."""

    align_ms_per_s: float = 100.0
    """Work aligning blocks may do, in reference core-milliseconds per second of the time
    limit less the proof's share, and what the search and the offers left of theirs, up to
    as much again (`budget.aligning_ms`), shared among the halls by their stands: a hall
    gets at most `align_cells` walked cells and `align_tries` moves, and a short limit
    less."""

    align_ms_per_kcell: float = 3.5
    """Reference milliseconds aligning costs per 1,000 raster cells of a walk computed, and
    the three figures below for the rest of its work (`Lineup.spent_ms`). Fitted on 13
    halls of 6,000 to 48,000 m2 and 63 to 432 stands (the bench's, at 60 and 120 s):
    within 0.83 to 1.33 of the time taken, the large halls 1.05 to 1.23. Priced by its
    walks alone (5.5 ms per 1,000 cells), the organiser-like hall with 20% more demand at a
    60 s limit took 12.4 s for 9.4 s priced and, with both cores busy, ran past its
    emergency stop: in a hall of 432 stands the moves refused before a walk and the ranking
    of the moves cost as much as the walks."""

    align_ms_per_access: float = 0.9
    """... per stand whose open sides and walk are measured on a walk (near the moved ones,
    or all when the walk got longer farther away) ..."""

    align_ms_per_try: float = 0.15
    """... per move tried, walked or refused by a check that needs no walk ..."""

    align_ms_per_mpair: float = 5.0
    """... and per million block-edge pairs compared to rank the moves worth trying
    (`align.gain_pairs`, `align.aligned_pairs`: the square of the hall's blocks)."""

    align_tries: int = 25_000
    """Moves per hall that aligning blocks may try, walked or refused before a walk (the
    cheap checks, which `align_cells` does not count, cost too): the organiser-like hall
    with 20% more demand tries 19,300 in 15 s; a skeleton with a few more cross aisles
    made it 65,000 in 76 s."""

    search_share: float = 0.85
    """Share of the time limit after which halls stop trying skeletons and taking guests: an
    emergency stop that makes the layout say `deterministic: false`; the work budget ends
    first, also with both cores busy (`search_ms_per_s`). Blocks are slid onto lines until
    only the proof's time is left."""

    proof_s_base: float = 0.2
    proof_s_per_request: float = 0.002
    proof_s_per_pair: float = 1.6e-5
    """Kept back from the time limit for the validator's proof of the layout (`budget.proof_s`):
    a base, per request, and per pair of stands in one hall (the walk and the rows grow
    with a hall's stands, not the event's). Measured in process on 2 idle cores: the
    organiser-like hall's 360 stands in one hall 2.9 s, six halls of 400 0.8 s, sixteen of
    1,500 2.5 s, Hong Kong's 75 in six 0.3 s. A flat 0.03 s per request kept 12 s of a
    20 s limit back for the 0.8 s proof of the six halls, and their search had no window
    at all (297 of 400 placed, where the whole command needs 16 s for all 400)."""

    proof_s_per_column: float = 0.035
    proof_s_per_column_stand: float = 5e-5
    """... and per column of a hall, up to its share of the requests (a stand notched round
    a column is a polygon, and the walk inside it is cut into convex parts), and per such
    column and stand of its hall (each column adds corners to every stand's walk to the
    doors). Measured idle beyond the figures above, on 11 halls' layouts: the organiser-like
    hall with a column every 18 x 18 m (132 columns, 52 notched stands) 7.6 s, fuzzed events
    of 15-153 such columns 0.2-4.1 s; these figures give 0.8-2.8 times that. Its proof of
    19 s (10.6 s once the walks through the cuts were bounded run by run) where 3 s were
    kept back ran the command 10% past a 60 s limit with the cores busy. At 50 ms a column
    a fuzzed event of 153 (224 requests at 30 s) kept back twice its proof and its search
    got 3 s; at 35 ms 8 s (without the columns priced 19 s, and the command took 33 s of
    its 30 on an idle machine)."""

    proof_busy: float = 2.0
    """How much longer the proof is given than on an idle machine: with both cores busy it
    took 1.4-2.3 times as long (the six halls 1.7 s, the organiser-like hall 4.2 s)."""

    final_cost_candidates: float = 4.0
    """The final pack of a hall's best skeleton (full raster, open floor) costs about this
    many candidates: past the emergency deadline less that, no candidate is started."""

    finalists: int = 6
    """Most skeletons of a hall packed as the final is (fine raster, open floor filled),
    when its work affords them: the coarse packs rank the skeletons poorly where the open
    floor seats what the bands left (two-halls benchmark, hall B: the best final was the
    coarse sixth, the first of the other orientation; fairness 0.72 -> 0.81)."""

    finalist_margin: float = 0.002
    """A later final replaces the first only when its score is higher by this (a fifth of a
    percent of the tier-weighted value, or 0.04 of tau-b): on a near tie the coarse best
    stays."""

    finalists_share: float = 0.5
    """Share of a hall's work left after its skeletons and first final that more finals may
    take: the rest stays for seating large stands first, the offers and aligning."""

    block_swaps: int = 3
    """Most passes over a hall's blocks of one size trading their stands so that higher
    tiers stand nearer (`fairness.swap_blocks`); a pass that trades none ends them."""

    merge_tries: int = 4
    """Most pairs of neighbouring lower-tier slots a waiting request no one slot fits has
    proved (a walk of the hall each) before it waits on (`trade.give_way`)."""


DEFAULT = Params()

__all__ = ["DEFAULT", "Params"]
