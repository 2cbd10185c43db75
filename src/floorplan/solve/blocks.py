"""Blocks: the stands of a hall grouped the way show floors are built.

A block is a rectangle with aisles all round. Big and island-like stands
form a block on their own (an *island block*, every side open). Smaller
stands stand back to back in *double rows*: two rows of depth `r` whose
stands open onto the aisle in front; the stands at the row ends also open
onto the end aisle (corners), and a stand spanning both rows at a block end
opens on three sides (peninsula). Row depth, stand widths and block length
are chosen per block from the requests, within the area tolerance, so no two
shows get the same grid.

Coordinates here are integers in units of `grid_m`, relative to the block's
lower-left corner. The CP-SAT model (`place.py`) only chooses where each
block goes and which of its shapes it takes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from floorplan.model.event import Request, Rules
from floorplan.sizes import grid_sizes

MAX_ROW_M = 30.0
"""Longest row without a cross aisle: venue rules in Asia and Germany refuse 20-30 m."""

ISLAND_FROM_M2 = 150.0
"""Stands of no booth type or inline/corner at least this big get a block of their own."""

ISLAND_MAX_ASPECT = 2.0
"""Islands keep to this aspect when the request allows: a 68 x 23 m car-maker stand is legal
but no planner would draw it."""

MAX_ROW_GAP = 0.2
"""Share of a row that may stay empty when its two rows cannot be balanced exactly."""

WALL_SHARE = 0.6
"""Share of a hall's free wall length given to wall rows; the rest stays open."""

WALL_MAX_M2 = 54.0
"""Stands up to this size may stand against a wall: shell and small space stands."""

MAX_ISLAND_SHAPES = 40
"""Shapes offered per island: enough freedom for packing, small enough for the model."""

Rect = tuple[int, int, int, int]


_TRANSPOSED = {"B": "L", "L": "B", "T": "R", "R": "T"}


@dataclass(frozen=True)
class Shape:
    """One way to build the block: its size and where each member stands.

    `exits` lists ways out: a set of block sides (letters of "BTLR") that
    together serve every stand, with the longest walk inside a stand to reach
    the nearest of them (grid units), and whether that inside walk is a
    *tent*: zero at the side's ends, rising to the inset at the inset's
    distance from them (a point walks to its nearest side), rather than the
    same all along. The travel bound needs one of these ways to have, on
    each of its sides, a door within reach.
    """

    width: int
    depth: int
    stands: tuple[tuple[str, Rect], ...]
    exits: tuple[tuple[str, int, bool], ...]
    wall: str | None = None
    """The block side that must stand against a hall wall (wall rows), or None."""

    def rotated(self) -> Shape:
        return Shape(
            self.depth,
            self.width,
            tuple((rid, (y, x, d, w)) for rid, (x, y, w, d) in self.stands),
            tuple(
                ("".join(_TRANSPOSED[c] for c in sides), inset, tent)
                for sides, inset, tent in self.exits
            ),
            _TRANSPOSED[self.wall] if self.wall else None,
        )


@dataclass
class Block:
    key: str
    members: list[Request]
    shapes: list[Shape]
    kind: str  # "island" or "rows"
    pavilion: str | None = None
    exact: dict[str, tuple[float, float, float, float]] | None = None
    """Members' rectangles in metres from the block's corner, when grid units would
    round them (kept baseline stands of exact, off-grid sizes)."""

    @property
    def area_m2(self) -> float:
        return sum(r.area_m2 for r in self.members)

    @property
    def tier(self) -> int:
        return max(r.tier for r in self.members)

    @property
    def ids(self) -> set[str]:
        return {r.id for r in self.members}

    def without(self, ids: set[str]) -> Block | None:
        """The block less some stands (their floor stays empty), or None if none remain."""
        members = [r for r in self.members if r.id not in ids]
        if not members:
            return None
        shapes = [
            Shape(s.width, s.depth, tuple(p for p in s.stands if p[0] not in ids), s.exits, s.wall)
            for s in self.shapes
        ]
        exact = {k: v for k, v in self.exact.items() if k not in ids} if self.exact else None
        return Block(self.key, members, shapes, self.kind, self.pavilion, exact)


def units(metres: float, g: float) -> int:
    return math.ceil(metres / g - 1e-9)


def island_shapes(request: Request, rules: Rules) -> list[Shape]:
    """All allowed sizes whose centre is within max_to_aisle of a side, spread over aspects."""
    g = rules.grid_m
    sizes = [
        (w, d)
        for w, d in grid_sizes(request, rules)
        if min(w, d) * g / 2 <= rules.max_to_aisle_m + 1e-9
    ]
    squarish = [(w, d) for w, d in sizes if max(w, d) <= ISLAND_MAX_ASPECT * min(w, d)]
    sizes = squarish or sizes
    if len(sizes) > MAX_ISLAND_SHAPES:
        # Keep the closest-to-request sizes of each aspect band, both orientations.
        by_aspect: dict[int, list[tuple[int, int]]] = {}
        for w, d in sizes:
            by_aspect.setdefault(round(4 * math.log(w / d)), []).append((w, d))
        picked: list[tuple[int, int]] = []
        while len(picked) < MAX_ISLAND_SHAPES and any(by_aspect.values()):
            for band in sorted(by_aspect):
                if by_aspect[band] and len(picked) < MAX_ISLAND_SHAPES:
                    picked.append(by_aspect[band].pop(0))
        sizes = picked
    return [Shape(w, d, ((request.id, (0, 0, w, d)),), island_exits(w, d)) for w, d in sizes]


def island_exits(w: int, d: int) -> tuple[tuple[str, int, bool], ...]:
    """An island's visitors leave by any side: the fewer sides used, the longer the inside walk."""
    short = min(w, d)
    # Three sides: the farthest point is mid-way along the fourth side.
    across_w = min(d, (w + 1) // 2)
    across_d = min(w, (d + 1) // 2)
    return (
        ("BTLR", (short + 1) // 2, True),
        ("BLR", across_w, False),
        ("TLR", across_w, False),
        ("BTL", across_d, False),
        ("BTR", across_d, False),
        ("BT", (d + 1) // 2, False),
        ("LR", (w + 1) // 2, False),
        ("BL", short, False),
        ("BR", short, False),
        ("TL", short, False),
        ("TR", short, False),
    )


def is_island_like(request: Request) -> bool:
    if request.booth_type == "island":
        return True
    if request.booth_type == "peninsula":
        return request.area_m2 >= ISLAND_FROM_M2 / 2
    return request.area_m2 >= ISLAND_FROM_M2


def width_range(request: Request, depth: int, rules: Rules) -> tuple[int, int] | None:
    """Stand widths (grid units) allowed for a row of `depth` units, or None."""
    g = rules.grid_m
    exact = request.exact_size
    if exact is not None:
        for w_m, d_m in (exact, exact[::-1]):
            if abs(d_m - depth * g) < 1e-9 and abs(w_m / g - round(w_m / g)) < 1e-9:
                w = round(w_m / g)
                return (w, w)
        return None
    lo_a = request.area_m2 * (1 - rules.area_tolerance)
    hi_a = request.area_m2 * (1 + rules.area_tolerance)
    d_m = depth * g
    lo = max(
        math.ceil(lo_a / (d_m * g) - 1e-9),
        units(rules.min_side_m, g),
        math.ceil(depth / rules.max_aspect - 1e-9),
    )
    hi = min(math.floor(hi_a / (d_m * g) + 1e-9), math.floor(depth * rules.max_aspect + 1e-9))
    if d_m < rules.min_side_m - 1e-9 or lo > hi:
        return None
    return (lo, hi)


def preferred_depth(request: Request, rules: Rules) -> int:
    """Row depth a planner would give this stand: 3 m shells, deeper for bigger stands."""
    g = rules.grid_m
    exact = request.exact_size
    if exact is not None:
        return round(min(exact) / g)
    want = max(rules.min_side_m, math.sqrt(request.area_m2 / 2))
    d = max(units(rules.min_side_m, g), round(want / g))
    for delta in range(0, 40):
        for cand in (d - delta, d + delta):
            if cand > 0 and width_range(request, cand, rules) is not None:
                return cand
    return d


@dataclass
class _Row:
    stands: list[tuple[Request, int, int]] = field(default_factory=list)  # (req, lo, hi)

    @property
    def lo(self) -> int:
        return sum(s[1] for s in self.stands)

    @property
    def hi(self) -> int:
        return sum(s[2] for s in self.stands)

    @property
    def mid(self) -> int:
        return sum((s[1] + s[2]) // 2 for s in self.stands)


def _fit_widths(row: _Row, length: int) -> list[int] | None:
    """Widths within each stand's range summing exactly to `length`, closest to the middle."""
    if not row.lo <= length <= row.hi:
        return None
    if not row.stands:
        return []
    widths = [(lo + hi) // 2 for _, lo, hi in row.stands]
    diff = length - sum(widths)
    i = 0
    guard = 0
    while diff != 0 and guard < 100000:
        _, lo, hi = row.stands[i % len(widths)]
        k = i % len(widths)
        if diff > 0 and widths[k] < hi:
            widths[k] += 1
            diff -= 1
        elif diff < 0 and widths[k] > lo:
            widths[k] -= 1
            diff += 1
        i += 1
        guard += 1
    return widths if diff == 0 else None


def row_block(
    key: str, members: list[Request], depth: int, rules: Rules, pavilion: str | None = None
) -> Block | None:
    """Two back-to-back rows of `depth`; corners at the ends, peninsulas as end caps."""
    caps = [r for r in members if r.booth_type == "peninsula"][:2]
    corners = [r for r in members if r.booth_type == "corner"]
    rest = [r for r in members if r not in caps and r not in corners]
    full = 2 * depth
    cap_widths: list[tuple[Request, int]] = []
    for cap in caps:
        rng = width_range(cap, full, rules)
        if rng is None:
            return None
        cap_widths.append((cap, (rng[0] + rng[1]) // 2))
    ends_free = 4 - 2 * len(caps)
    if len(corners) > ends_free:
        return None
    rows = [_Row(), _Row()]
    ranges: dict[str, tuple[int, int]] = {}
    for r in members:
        if r in caps:
            continue
        rng = width_range(r, depth, rules)
        if rng is None:
            return None
        ranges[r.id] = rng
    # Corners go to row ends first (bottom-left, top-left, bottom-right, top-right).
    left_corners = corners[: (2 if len(caps) < 1 else 0)]
    right_corners = [c for c in corners if c not in left_corners]
    for i, c in enumerate(left_corners):
        rows[i].stands.append((c, *ranges[c.id]))
    middle = sorted(rest, key=lambda r: -r.area_m2)
    tails: list[list[tuple[Request, int, int]]] = [[], []]
    for i, c in enumerate(right_corners):
        tails[i].append((c, *ranges[c.id]))
    for r in middle:
        a = rows[0].mid + sum((t[1] + t[2]) // 2 for t in tails[0])
        b = rows[1].mid + sum((t[1] + t[2]) // 2 for t in tails[1])
        rows[0 if a <= b else 1].stands.append((r, *ranges[r.id]))
    for i in range(2):
        rows[i].stands.extend(tails[i])
    # A row may be empty only if the other is too; then the block is just caps.
    if not rows[0].stands and not rows[1].stands and not cap_widths:
        return None
    if bool(rows[0].stands) != bool(rows[1].stands):
        # One stand alone: a single row would leave an empty half; let it be an island.
        return None
    length = max(rows[0].lo, rows[1].lo)
    widths: list[list[int]] = []
    gaps: list[tuple[int, int]] = []  # (position in row, gap width)
    for i, row in enumerate(rows):
        fitted = _fit_widths(row, min(length, row.hi))
        if fitted is None:
            return None
        gap = length - sum(fitted)
        if gap > MAX_ROW_GAP * length:
            return None
        # The gap goes before the row's end corner, so corners keep their end side.
        gaps.append((len(row.stands) - len(tails[i]), gap))
        widths.append(fitted)
    placed: list[tuple[str, Rect]] = []
    x0 = 0
    if cap_widths:
        cap, w = cap_widths[0]
        placed.append((cap.id, (0, 0, w, full)))
        x0 = w
    for i, row in enumerate(rows):
        x = x0
        for k, ((req, _, _), w) in enumerate(zip(row.stands, widths[i], strict=True)):
            if k == gaps[i][0]:
                x += gaps[i][1]
            placed.append((req.id, (x, i * depth, w, depth)))
            x += w
    total = x0 + (length if rows[0].stands else 0)
    if len(cap_widths) > 1:
        cap, w = cap_widths[1]
        placed.append((cap.id, (total, 0, w, full)))
        total += w
    shape = Shape(total, full, tuple(placed), (("BT", depth, False),))
    return Block(key, list(members), [shape, shape.rotated()], "rows", pavilion)


def wall_row_block(key: str, members: list[Request], depth: int, rules: Rules) -> Block | None:
    """One row with its back to a hall wall: stands open to the front, the row ends too."""
    corners = [r for r in members if r.booth_type == "corner"]
    if len(corners) > 2 or any(r.booth_type in ("peninsula", "island") for r in members):
        return None
    middle = [r for r in members if r not in corners]
    ordered = corners[:1] + middle + corners[1:]
    placed: list[tuple[str, Rect]] = []
    x = 0
    for r in ordered:
        rng = width_range(r, depth, rules)
        if rng is None:
            return None
        w = (rng[0] + rng[1]) // 2
        placed.append((r.id, (x, 0, w, depth)))
        x += w
    bottom = Shape(x, depth, tuple(placed), (("T", depth, False),), "B")
    top = Shape(x, depth, tuple(placed), (("B", depth, False),), "T")
    return Block(key, list(members), [bottom, top, bottom.rotated(), top.rotated()], "wall")


def build_blocks(
    requests: list[Request], rules: Rules, prefix: str, walls: list[int] | None = None
) -> tuple[list[Block], list[tuple[Request, str]]]:
    """Group a hall's requests into blocks; return blocks and requests no block can hold.

    `walls` are the lengths (grid units) of the wall stretches free for wall
    rows; the lowest tiers' small stands go there first, as perimeter stands
    do at real shows.
    """
    g = rules.grid_m
    max_len = units(MAX_ROW_M, g)
    blocks: list[Block] = []
    refused: list[tuple[Request, str]] = []
    islands = [r for r in requests if is_island_like(r)]
    rowed = [r for r in requests if not is_island_like(r)]
    walled, rowed = _wall_rows(rowed, rules, walls or [], max_len, prefix)
    blocks.extend(walled)
    for r in islands:
        shapes = island_shapes(r, rules)
        if shapes:
            blocks.append(Block(f"{prefix}-{r.id}", [r], shapes, "island", r.pavilion))
        else:
            refused.append((r, "no stand size has its centre within max_to_aisle_m of a side"))
    # Row stands: pavilions first (kept together), then by category so neighbours share a theme.
    # Row depth first (a block has one depth), then category so neighbours share a theme.
    groups: dict[str, list[Request]] = {}
    for r in rowed:
        groups.setdefault(r.pavilion or "", []).append(r)
    for pavilion, members in sorted(groups.items()):
        # Tier first, so a block holds one tier and can stand where that tier belongs.
        members.sort(key=lambda r: (-r.tier, preferred_depth(r, rules), r.category or "", r.id))
        blocks.extend(
            _pack_rows(
                members, rules, max_len, f"{prefix}-{len(blocks)}", pavilion or None, refused
            )
        )
    return blocks, refused


def _pack_rows(
    members: list[Request],
    rules: Rules,
    max_len: int,
    prefix: str,
    pavilion: str | None,
    refused: list[tuple[Request, str]],
) -> list[Block]:
    """Cut a sorted group into double-row blocks no longer than `max_len`.

    Each block takes the next stands that fit its row depth until two rows
    of `max_len` are full, then sheds stands from the end until the two rows
    balance; a stand that cannot share a block becomes a block of its own.
    """
    out: list[Block] = []
    pending = list(members)
    n = 0
    while pending:
        depth = preferred_depth(pending[0], rules)
        chunk = _take(pending, depth, rules, max_len)
        best = None
        while len(chunk) >= 2 and best is None:
            best = row_block(f"{prefix}.{n}", chunk, depth, rules, pavilion)
            if best is None or best.shapes[0].width > max_len:
                best = None
                chunk = chunk[:-1]
        if best is None:
            head = pending.pop(0)
            shapes = island_shapes(head, rules)
            if shapes:
                out.append(Block(f"{prefix}.{n}", [head], shapes, "island", pavilion))
            else:
                refused.append((head, "no stand size fits the rules"))
        else:
            for r in best.members:
                pending.remove(r)
            out.append(best)
        n += 1
    return out


def _take(pending: list[Request], depth: int, rules: Rules, max_len: int) -> list[Request]:
    """Stands for one block, in order: the head, then whatever fits its depth and rules."""
    chunk: list[Request] = []
    length = 0.0
    corners = caps = 0
    for r in pending:
        is_cap = r.booth_type == "peninsula"
        rng = width_range(r, 2 * depth if is_cap else depth, rules)
        if rng is None:
            continue
        if any(o.id in r.keep_apart or r.id in o.keep_apart for o in chunk):
            continue
        if is_cap and (caps >= 2 or corners > 4 - 2 * (caps + 1)):
            continue
        if r.booth_type == "corner" and corners >= 4 - 2 * caps:
            continue
        mid = (rng[0] + rng[1]) / 2
        add = mid if is_cap else mid / 2
        if chunk and length + add > max_len:
            continue
        chunk.append(r)
        length += add
        caps += is_cap
        corners += r.booth_type == "corner"
    return chunk


def _wall_rows(
    requests: list[Request], rules: Rules, walls: list[int], max_len: int, prefix: str
) -> tuple[list[Block], list[Request]]:
    """Wall rows from the lowest tiers' small stands, one per free wall stretch.

    Stretches are filled longest first, each row no longer than its stretch or
    a row's limit, until WALL_SHARE of the free wall is used.
    """
    candidates = [
        r
        for r in requests
        if not r.pavilion
        and not r.keep_apart
        and r.area_m2 <= WALL_MAX_M2
        and r.booth_type in (None, "inline", "corner")
    ]
    candidates.sort(key=lambda r: (r.tier, preferred_depth(r, rules), r.category or "", r.id))
    budget = WALL_SHARE * sum(walls)
    blocks: list[Block] = []
    used = 0
    taken: set[str] = set()
    for stretch in walls:
        if not candidates or used >= budget:
            break
        depth = preferred_depth(candidates[0], rules)
        limit = min(stretch, max_len)
        row: list[Request] = []
        length = 0
        corners = 0
        for r in candidates:
            rng = width_range(r, depth, rules)
            if rng is None or (r.booth_type == "corner" and corners >= 2):
                continue
            w = (rng[0] + rng[1]) // 2
            if length + w > limit:
                continue
            row.append(r)
            length += w
            corners += r.booth_type == "corner"
        if len(row) < 2:
            continue
        block = wall_row_block(f"{prefix}-w{len(blocks)}", row, depth, rules)
        if block is None:
            continue
        blocks.append(block)
        used += length
        taken.update(r.id for r in row)
        candidates = [r for r in candidates if r.id not in taken]
    return blocks, [r for r in requests if r.id not in taken]
