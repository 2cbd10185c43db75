"""Deterministic benchmark instances: realistic halls and exhibitor mixes.

`python -m benchmarks.instances` rewrites `benchmarks/instances/<name>/`
(venue.yaml, event.yaml, exhibitors.csv). The files are committed so that a
benchmark run reads plain contract files like any user's, and a test checks
that this generator still reproduces them byte for byte.

Shapes follow DESIGN.md "What real plans look like": rectangular column-free
halls of 80 x 76 m and 125 x 88 m (AsiaWorld-Expo sizes), fire exits every
30-40 m on every wall, one main entrance and one vehicle door per hall, hose
reels and risers against the walls; stand mixes with a few large islands,
peninsulas, corners and many 9-36 m2 shell-scheme stands.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from shapely import Polygon, box

SEED = 4
"""Every instance draws from `random.Random(f"{SEED}-{name}")`: string seeds hash the same
on every machine and Python run, unlike `hash()`."""

INSTANCES_DIR = Path(__file__).parent / "instances"

DOOR_SPACING_M = 35.0
CORNER_GAP_M = 3.0
"""A door edge keeps this far from a corner of the outline."""
DOOR_GAP_M = 6.0
"""Ordinary fire doors keep this far from the main entrance and the vehicle door."""
FIRE_DOOR_WIDTHS = (2.4, 3.0, 3.6)
ENTRANCE_WIDTH_M = 8.0
VEHICLE_DOOR_WIDTH_M = 6.0
HOSE_REEL = (1.5, 1.0)
RISER = (2.0, 2.0)
COLUMN_M = 1.0

CATEGORIES = ("carmaker", "battery", "chips", "adas", "charging", "parts", "software", "materials")
CATEGORY_SUFFIX = {
    "carmaker": ("Motors", "Auto", "Automobile"),
    "battery": ("Energy", "Cells", "Battery"),
    "chips": ("Semiconductor", "Micro", "Silicon"),
    "adas": ("Vision", "Sensing", "Lidar"),
    "charging": ("Charge", "Power", "Grid"),
    "parts": ("Components", "Parts", "Precision"),
    "software": ("Systems", "Labs", "Software"),
    "materials": ("Materials", "Composites", "Alloys"),
}
SYLLABLES: tuple[str, ...] = (
    *("al", "bor", "cen", "dra", "ev", "fal", "gor", "hel", "ion", "jun", "kor", "lum"),
    *("mer", "nov", "or", "pra", "quin", "ros", "sol", "tev", "ul", "vex", "wen", "zel"),
)
ENDINGS = ("a", "o", "ix", "en", "ar", "is", "on", "us", "tec", "ia")
PAVILIONS = ("germany", "korea", "italy", "japan", "france", "usa")

Pt = tuple[float, float]


@dataclass(frozen=True)
class HallSpec:
    id: str
    outline: tuple[Pt, ...]
    """Counter-clockwise, so the inward normal of an edge is its direction turned left."""
    ceiling_m: float
    floor_load: float
    columns: tuple[tuple[float, float, float, float], ...] = ()
    entrance_edge: int = 0
    vehicle_edge: int | None = 2
    """None: the hall has no vehicle door."""
    door_spacing_m: float = DOOR_SPACING_M
    hose_reels: bool = True
    """A hose reel on every long wall and a riser on the vehicle-door wall."""
    features: tuple[tuple[tuple[float, float, float, float], str], ...] = ()
    """Keep-outs inside the hall: ([x, y, w, d], reason), e.g. a stage or a cafe."""
    services: tuple[tuple[int, float, float, str], ...] = ()
    """Keep-outs against a wall, between its doors: (edge, along, depth, reason)."""


@dataclass(frozen=True)
class Mix:
    """How a fair's requests split into booth types and sizes."""

    island_m2: tuple[float, float]
    island_mean_m2: float
    min_islands: int
    peninsula_menu: tuple[int, ...]
    peninsula_share: float
    corner_share: float
    untyped_share: float
    inline_menu: tuple[int, ...]
    corner_menu: tuple[int, ...]
    exact_share: float = 0.04
    """Share of small stands whose exhibitor insists on an exact width x depth."""


@dataclass(frozen=True)
class InstanceSpec:
    name: str
    title: str
    halls: tuple[HallSpec, ...]
    stands: int
    demand: float
    """Requested net area as a share of the gross hall area."""
    mix: Mix | None = None
    """The size menus of a "fair" instance."""
    pavilions: tuple[int, ...] = ()
    keep_apart_pairs: int = 0
    hall_requirements: int = 0
    tall_requests: int = 0
    """Islands that need a ceiling only the large halls have."""
    time_limit_s: int = 60
    rules: tuple[tuple[str, float], ...] = ()
    """Rules that differ from the contract defaults, in the order they are written."""
    sizes: str = "fair"
    """"fair": the `Mix` menus; "organiser": the size and type shares of a real
    organiser's plan (`organiser_rows`)."""
    venue_of: str | None = None
    """Share the venue of that instance (same halls, doors and keep-outs)."""


@dataclass
class Row:
    """One exhibitor row while it is being built; ids are given after shuffling."""

    name: str
    area_m2: float
    booth_type: str | None
    tier: int
    category: str
    pavilion: str | None = None
    hall: str | None = None
    size: tuple[float, float] | None = None
    floor_load: float | None = None
    height: float | None = None
    keep_apart: list[Row] = field(default_factory=list)
    id: str = ""


# --- halls -------------------------------------------------------------------------------


def rectangle(width: float, depth: float) -> tuple[Pt, ...]:
    return ((0, 0), (width, 0), (width, depth), (0, depth))


def l_shape(width: float, depth: float, cut_w: float, cut_d: float) -> tuple[Pt, ...]:
    """A rectangle missing its upper-right corner."""
    return (
        (0, 0),
        (width, 0),
        (width, depth - cut_d),
        (width - cut_w, depth - cut_d),
        (width - cut_w, depth),
        (0, depth),
    )


def column_grid(outline: Sequence[Pt], xs: Sequence[float], ys: Sequence[float]) -> list[Pt]:
    """Column centres of a regular grid, dropping those too close to a wall to matter."""
    inner = Polygon(outline).buffer(-CORNER_GAP_M, join_style="mitre")
    half = COLUMN_M / 2
    return [
        (x, y) for y in ys for x in xs if inner.covers(box(x - half, y - half, x + half, y + half))
    ]


def _edges(outline: Sequence[Pt]) -> list[tuple[Pt, Pt]]:
    return [(outline[i], outline[(i + 1) % len(outline)]) for i in range(len(outline))]


def _along(p: Pt, q: Pt, t: float, inward: float = 0.0) -> Pt:
    length = math.dist(p, q)
    ux, uy = (q[0] - p[0]) / length, (q[1] - p[1]) / length
    return (p[0] + ux * t - uy * inward, p[1] + uy * t + ux * inward)


def _num(v: float) -> str:
    return f"{round(v, 3):g}"


def _pt(p: Pt) -> str:
    return f"[{_num(p[0])}, {_num(p[1])}]"


@dataclass(frozen=True)
class Door:
    edge: int
    t: float
    width: float
    kind: str
    """"entrance", "vehicle" or "exit"."""


def doors(rng: random.Random, hall: HallSpec) -> list[Door]:
    """Fire doors spread evenly on every wall, plus the entrance and the vehicle door."""
    out: list[Door] = []
    for i, (p, q) in enumerate(_edges(hall.outline)):
        length = math.dist(p, q)
        special: list[Door] = []
        if i == hall.entrance_edge:
            special.append(Door(i, round(length / 2), ENTRANCE_WIDTH_M, "entrance"))
        if i == hall.vehicle_edge:
            special.append(Door(i, round(length / 2), VEHICLE_DOOR_WIDTH_M, "vehicle"))
        n = max(1, round(length / hall.door_spacing_m))
        plain: list[Door] = []
        for j in range(n):
            t = round(length * (j + 0.5) / n * 2) / 2
            width = rng.choice(FIRE_DOOR_WIDTHS)
            if t - width / 2 < CORNER_GAP_M or t + width / 2 > length - CORNER_GAP_M:
                continue
            if any(abs(t - s.t) < (width + s.width) / 2 + DOOR_GAP_M for s in special):
                continue
            plain.append(Door(i, t, width, "exit"))
        out.extend(sorted(special + plain, key=lambda d: d.t))
    return out


def _largest_gap(length: float, taken: list[tuple[float, float]]) -> float:
    """Middle of the longest stretch of wall free of doors and keep-outs."""
    cuts = sorted([(0.0, 0.0), *taken, (length, length)])
    best, at = -1.0, length / 2
    for (_, a), (b, _) in itertools.pairwise(cuts):
        if b - a > best:
            best, at = b - a, (a + b) / 2
    return round(at * 2) / 2


def keep_outs(hall: HallSpec, hall_doors: list[Door]) -> list[tuple[list[Pt], str]]:
    """Hose reels and risers (or the hall's wall services) between doors, then features."""
    out: list[tuple[list[Pt], str]] = []
    edges = _edges(hall.outline)
    taken: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(edges))}
    for d in hall_doors:
        taken[d.edge].append((d.t - d.width / 2 - 3, d.t + d.width / 2 + 3))
    wall_items: list[tuple[int, float, float, str]] = list(hall.services)
    if hall.hose_reels:
        for i, (p, q) in enumerate(edges):
            if math.dist(p, q) < 30:
                continue
            along, depth = RISER if i == hall.vehicle_edge else HOSE_REEL
            reason = "service riser" if i == hall.vehicle_edge else "fire hose reel"
            wall_items.append((i, along, depth, reason))
    for i, along, depth, reason in wall_items:
        p, q = edges[i]
        t = _largest_gap(math.dist(p, q), taken[i])
        taken[i].append((t - along / 2, t + along / 2))
        corners = [(t - along / 2, 0.0), (t + along / 2, 0.0), (t + along / 2, depth)]
        corners.append((t - along / 2, depth))
        out.append(([_along(p, q, a, b) for a, b in corners], reason))
    for (x, y, w, d), reason in hall.features:
        out.append(([(x, y), (x + w, y), (x + w, y + d), (x, y + d)], reason))
    return out


def venue_yaml(spec: InstanceSpec, rng: random.Random) -> str:
    lines = [
        f"# {spec.title}: venue generated by benchmarks/instances.py (seed {SEED}).",
        "# Fictional halls shaped like real ones; see benchmarks/README.md.",
        f"id: bench-{spec.name}",
        f"name: Benchmark venue {spec.name}",
        "source: generated by benchmarks/instances.py; not a real venue",
        "halls:",
    ]
    for n, hall in enumerate(spec.halls, 1):
        hall_doors = doors(rng, hall)
        lines += [
            f"  - id: {hall.id}",
            f"    name: Hall {n}",
            f"    outline: [{', '.join(_pt(p) for p in hall.outline)}]",
            f"    ceiling_height_m: {_num(hall.ceiling_m)}",
            f"    floor_load_kn_m2: {_num(hall.floor_load)}",
        ]
        cols = ", ".join(f"[{', '.join(_num(v) for v in c)}]" for c in hall.columns)
        lines.append(f"    columns: [{cols}]")
        lines.append("    keep_out:")
        for poly, reason in keep_outs(hall, hall_doors):
            lines.append(
                f"      - {{polygon: [{', '.join(_pt(p) for p in poly)}], reason: {reason}}}"
            )
        lines.append("    exits:")
        edges = _edges(hall.outline)
        plain = 0
        for door in hall_doors:
            at = _pt(_along(*edges[door.edge], door.t))
            if door.kind == "vehicle":
                ident, kind = "V1", ""
            else:
                plain += 1
                ident = f"E{plain}"
                kind = ", kind: entrance" if door.kind == "entrance" else ""
            lines.append(f"      - {{id: {ident}, at: {at}, width: {_num(door.width)}{kind}}}")
    return "\n".join(lines) + "\n"


DEFAULT_RULES = (
    *("aisle_width_m: 3.0", "area_tolerance: 0.10", "min_side_m: 3.0", "max_aspect: 3.0"),
    *("grid_m: 0.5", "exit_clearance_m: 3.0", "max_travel_m: 60.0", "max_to_aisle_m: 20.0"),
    "keep_apart_m: 10.0",
)
"""The contract defaults as the event files spell them."""


def _rule_lines(spec: InstanceSpec) -> list[str]:
    if not spec.rules:
        return ["rules:                      # contract defaults, written out"] + [
            f"  {line}" for line in DEFAULT_RULES
        ]
    given = dict(spec.rules)
    lines = ["rules:                      # contract defaults but where marked"]
    for line in DEFAULT_RULES:
        key = line.split(":")[0]
        if key in given:
            lines.append(f"  {key}: {_num(given.pop(key))}   # not the default")
        else:
            lines.append(f"  {line}")
    lines += [f"  {key}: {_num(value)}" for key, value in given.items()]
    return lines


def event_yaml(spec: InstanceSpec, rows: list[Row]) -> str:
    gross = sum(Polygon(h.outline).area for h in spec.halls)
    requested = sum(r.area_m2 for r in rows)
    return (
        "\n".join(
            [
                f"# {spec.title}: generated by benchmarks/instances.py (seed {SEED}); fictional.",
                f"# {len(spec.halls)} hall(s), {gross:,.0f} m2 gross; {len(rows)} requests for "
                f"{requested:,.0f} m2 = {requested / gross:.0%} of gross.",
                f"name: Benchmark {spec.name}",
                "venue: venue.yaml",
                f"halls: [{', '.join(h.id for h in spec.halls)}]",
                "exhibitors: exhibitors.csv",
                *_rule_lines(spec),
                "solver:",
                f"  time_limit_s: {spec.time_limit_s}",
                "  seed: 0",
                "  workers: 2",
            ]
        )
        + "\n"
    )


# --- requests ----------------------------------------------------------------------------


def _company(rng: random.Random, category: str, taken: set[str]) -> str:
    while True:
        stem = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(ENDINGS)
        name = f"{stem.capitalize()} {rng.choice(CATEGORY_SUFFIX[category])}"
        if name not in taken:
            taken.add(name)
            return name


def _exact_size(rng: random.Random, area: float) -> tuple[float, float] | None:
    """A width x depth on the 0.5 m grid giving exactly `area`, sides >= 3, aspect <= 3."""
    options = []
    for half_w in range(6, int(area * 2) + 1):
        w = half_w / 2
        d = area / w
        if d >= 3 and w >= d and w <= 3 * d and abs(d * 2 - round(d * 2)) < 1e-9:
            options.append((w, d))
    return rng.choice(options) if options else None


def _tier(rng: random.Random, booth_type: str | None) -> int:
    weights = {
        "island": (0, 0, 2, 8),
        "peninsula": (0, 2, 5, 3),
        "corner": (2, 5, 3, 0),
        "inline": (14, 5, 1, 0),
        None: (6, 3, 1, 0),
    }[booth_type]
    return rng.choices(range(4), weights=weights)[0]


def _category(rng: random.Random, booth_type: str | None) -> str:
    if booth_type == "island":
        return rng.choices(("carmaker", "battery", "charging", "parts"), (6, 2, 1, 1))[0]
    return rng.choice(CATEGORIES)


def _small_rows(spec: InstanceSpec, rng: random.Random, names: set[str]) -> list[Row]:
    """Every request but the islands, whose sizes then make up the demand."""
    mix, n = spec.mix, spec.stands
    rows: list[Row] = []
    for p, size in enumerate(spec.pavilions):
        country = PAVILIONS[p]
        category = rng.choice(CATEGORIES)
        for _ in range(size):
            booth = rng.choices(("inline", "corner"), (3, 1))[0]
            rows.append(
                Row(
                    name=f"{_company(rng, category, names)} ({country.capitalize()})",
                    area_m2=rng.choice((9, 9, 12, 18, 18)),
                    booth_type=booth,
                    tier=rng.choices((0, 1), (4, 1))[0],
                    category=category,
                    pavilion=country,
                )
            )
    counts = {
        "peninsula": round(n * mix.peninsula_share),
        "corner": round(n * mix.corner_share),
        None: round(n * mix.untyped_share),
    }
    for booth_type, count in counts.items():
        for _ in range(count):
            if booth_type == "peninsula":
                area = float(rng.choice(mix.peninsula_menu))
            elif booth_type == "corner":
                area = float(rng.choice(mix.corner_menu))
            else:
                area = float(rng.choice(mix.inline_menu))
            rows.append(_row(rng, names, area, booth_type))
    return rows


def _row(rng: random.Random, names: set[str], area: float, booth_type: str | None) -> Row:
    category = _category(rng, booth_type)
    row = Row(
        name=_company(rng, category, names),
        area_m2=area,
        booth_type=booth_type,
        tier=_tier(rng, booth_type),
        category=category,
    )
    if category == "carmaker" and booth_type in ("island", "peninsula"):
        row.floor_load = rng.choice((10.0, 12.0))
    return row


def _island_areas(rng: random.Random, mix: Mix, total: float) -> list[float]:
    lo, hi = mix.island_m2
    count = max(mix.min_islands, round(total / mix.island_mean_m2))
    weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
    step = 25 if lo >= 400 else 10
    return [float(min(hi, max(lo, round(total * w / sum(weights) / step) * step))) for w in weights]


def request_rows(spec: InstanceSpec, rng: random.Random) -> list[Row]:
    mix = spec.mix
    assert mix is not None
    names: set[str] = set()
    gross = sum(Polygon(h.outline).area for h in spec.halls)
    target = spec.demand * gross
    rows = _small_rows(spec, rng, names)
    inline_pool = [float(rng.choice(mix.inline_menu)) for _ in range(spec.stands)]
    # Islands absorb whatever area the other stands leave; their count moves the
    # number of inline stands, so settle the two together.
    islands: list[float] = []
    for _ in range(4):
        n_inline = spec.stands - len(rows) - len(islands)
        rest = sum(r.area_m2 for r in rows) + sum(inline_pool[:n_inline])
        islands = _island_areas(rng, mix, target - rest)
    n_inline = spec.stands - len(rows) - len(islands)
    rows += [_row(rng, names, a, "inline") for a in inline_pool[:n_inline]]
    rows += [_row(rng, names, a, "island") for a in islands]
    _add_requirements(spec, rng, rows)
    return _numbered(rng, rows)


def _numbered(rng: random.Random, rows: list[Row]) -> list[Row]:
    rng.shuffle(rows)
    width = len(str(len(rows)))
    for i, row in enumerate(rows, 1):
        row.id = f"x{i:0{width}d}"
    return rows


ORGANISER_SIZES: tuple[tuple[float, float], ...] = (
    (0.0, 9.0),
    (0.13, 15.0),
    (0.30, 24.0),
    (0.50, 36.0),
    (0.60, 42.0),
    (0.70, 60.0),
    (0.85, 80.0),
    (0.96, 151.0),
    (0.99, 200.0),
    (1.0, 260.0),
)
"""Stand area (m2) by quantile in a real organiser's hall of 360 stands: 9-260 m2,
median 36, 13% under 15, 70% under 60, 4% over 150."""
ORGANISER_TYPES = (("corner", 0.28), ("peninsula", 0.40), ("island", 0.30))
"""Booth type shares, smaller stands first; the rest (2%) are inline or untyped."""


def _quantile(q: float) -> float:
    for (q0, a0), (q1, a1) in itertools.pairwise(ORGANISER_SIZES):
        if q <= q1:
            return a0 + (a1 - a0) * (q - q0) / (q1 - q0)
    return ORGANISER_SIZES[-1][1]


def organiser_rows(spec: InstanceSpec, rng: random.Random) -> list[Row]:
    """Requests shaped like a real organiser's plan: one size per quantile, types by size.

    One area is drawn inside each of `stands` equal quantile cells, so the
    shares under 15, 60 and over 150 m2 are those of the plan; the areas are
    then scaled to the demand (a few percent). Types: 2% inline or untyped at
    random, then corners, peninsulas and islands by area plus noise, so larger
    stands tend to be islands but a 9 m2 island still occurs, as in the plan.
    """
    n = spec.stands
    lo, hi = ORGANISER_SIZES[0][1], ORGANISER_SIZES[-1][1]
    areas = [_quantile((i + rng.random()) / n) for i in range(n)]
    target = spec.demand * sum(Polygon(h.outline).area for h in spec.halls)
    scale = target / sum(areas)
    areas = [min(hi, max(lo, round(a * scale * 2) / 2)) for a in areas]
    order = sorted(range(n), key=lambda i: i / n + rng.gauss(0.0, 0.3))
    types: dict[int, str | None] = {}
    rest = n - sum(round(n * share) for _, share in ORGANISER_TYPES)
    for k, i in enumerate(sorted(rng.sample(range(n), rest))):
        types[i] = "inline" if k % 2 == 0 else None
    ranked = [i for i in order if i not in types]
    start = 0
    for booth_type, share in ORGANISER_TYPES:
        count = round(n * share)
        for i in ranked[start : start + count]:
            types[i] = booth_type
        start += count
    names: set[str] = set()
    rows = [_row(rng, names, areas[i], types[i]) for i in range(n)]
    _keep_apart(rng, rows, spec.keep_apart_pairs)
    return _numbered(rng, rows)


def _add_requirements(spec: InstanceSpec, rng: random.Random, rows: list[Row]) -> None:
    assert spec.mix is not None
    free = [r for r in rows if r.pavilion is None]
    small = [r for r in free if r.booth_type in ("inline", "corner", None) and r.area_m2 <= 54]
    for row in rng.sample(small, round(len(small) * spec.mix.exact_share)):
        row.size = _exact_size(rng, row.area_m2)
    islands = [r for r in free if r.booth_type == "island"]
    islands[0].size = _exact_size(rng, islands[0].area_m2)
    for row in islands:
        row.height = rng.choice((None, 6.0, 8.0))
    tall = max(h.ceiling_m for h in spec.halls)
    for row in rng.sample(islands, spec.tall_requests):
        row.height = tall - 5
    for row in rng.sample([r for r in free if r.booth_type != "island"], spec.hall_requirements):
        hosts = [
            h
            for h in spec.halls
            if (row.floor_load or 0) <= h.floor_load and (row.height or 0) <= h.ceiling_m
        ]
        row.hall = rng.choice(hosts).id
    _keep_apart(rng, free, spec.keep_apart_pairs)


def _keep_apart(rng: random.Random, free: list[Row], pairs_wanted: int) -> None:
    """Pairs of same-category rivals (tier >= 1, not inline) that must stay apart."""
    rivals = [r for r in free if r.tier >= 1 and r.booth_type != "inline" and r.hall is None]
    for _ in range(pairs_wanted):
        by_category: dict[str, list[Row]] = {}
        for r in rivals:
            by_category.setdefault(r.category, []).append(r)
        pairs = sorted(c for c, rs in by_category.items() if len(rs) >= 2)
        a, b = rng.sample(by_category[rng.choice(pairs)], 2)
        a.keep_apart.append(b)
        rivals = [r for r in rivals if r is not a and r is not b]


CSV_COLUMNS = (
    *("id", "name", "area_m2", "booth_type", "tier", "category", "pavilion", "hall"),
    *("width_m", "depth_m", "floor_load_kn_m2", "height_m", "keep_apart"),
)


def exhibitors_csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.id,
                r.name,
                _num(r.area_m2),
                r.booth_type or "",
                r.tier,
                r.category,
                r.pavilion or "",
                r.hall or "",
                _num(r.size[0]) if r.size else "",
                _num(r.size[1]) if r.size else "",
                _num(r.floor_load) if r.floor_load else "",
                _num(r.height) if r.height else "",
                ";".join(o.id for o in r.keep_apart),
            ]
        )
    return buf.getvalue()


# --- the instances -----------------------------------------------------------------------

FAIR_MIX = Mix(
    island_m2=(500, 1500),
    island_mean_m2=900,
    min_islands=4,
    peninsula_menu=(54, 60, 72, 90, 96, 108, 120, 144, 150, 180, 216, 240, 288, 300),
    peninsula_share=0.06,
    corner_share=0.20,
    untyped_share=0.02,
    inline_menu=(9, 9, 9, 12, 12, 18, 18, 18, 24, 27, 36, 36),
    corner_menu=(18, 24, 27, 36, 36, 45, 54, 72),
)


def _typical_hall(n: int, floor_load: float = 15) -> HallSpec:
    return HallSpec(f"hall-{n}", rectangle(80, 76), ceiling_m=10, floor_load=floor_load)


def _large_hall(n: int) -> HallSpec:
    return HallSpec(f"hall-{n}", rectangle(125, 88), ceiling_m=19, floor_load=20)


def _l_hall() -> HallSpec:
    outline = l_shape(100, 70, 40, 30)
    columns = column_grid(outline, (16, 37, 58, 79), (14, 35, 56))
    half = COLUMN_M / 2
    return HallSpec(
        "hall-1",
        outline,
        ceiling_m=12,
        floor_load=15,
        columns=tuple((x - half, y - half, COLUMN_M, COLUMN_M) for x, y in columns),
        vehicle_edge=4,
    )


def _organiser_hall() -> HallSpec:
    """About 210 x 230 m, one entrance, a fire exit every 40 m, a dozen keep-outs."""
    return HallSpec(
        "hall-1",
        rectangle(210, 230),
        ceiling_m=16,
        floor_load=20,
        vehicle_edge=None,
        door_spacing_m=40.0,
        hose_reels=False,
        features=(
            ((95, 105, 20, 16), "feature stage"),
            ((98, 30, 14, 8), "press centre"),
            ((30, 50, 16, 12), "catering"),
            ((164, 168, 16, 12), "catering"),
            ((160, 45, 12, 10), "lounge"),
            ((36, 170, 12, 10), "lounge"),
            ((92, 196, 24, 10), "business matching"),
        ),
        services=(
            (1, 12, 6, "toilets"),
            (3, 12, 6, "toilets"),
            (2, 8, 5, "first aid"),
            (2, 10, 6, "storage"),
            (1, 3, 3, "service riser"),
        ),
    )


def _organiser_columns() -> HallSpec:
    """The organiser's hall with a column every 18 x 18 m, as in an older venue: stands are
    notched round the columns at their faces, and the proof of those polygons costs more."""
    columns = column_grid(rectangle(210, 230), range(18, 210, 18), range(18, 230, 18))
    half = COLUMN_M / 2
    return replace(
        _organiser_hall(),
        columns=tuple((x - half, y - half, COLUMN_M, COLUMN_M) for x, y in columns),
    )


ORGANISER_RULES: tuple[tuple[str, float], ...] = (
    ("aisle_width_m", 2.0),
    ("grid_m", 0.1),
    ("max_travel_m", 150.0),
    ("max_row_m", 30.0),
)
"""The plan's 2 m aisles and 0.1 m grid. Travel: the middle of a 210 x 230 m hall is
over 100 m from any wall, so the contract's 60 m would forbid floor that real plans
sell; such halls meet the fire code with sprinklers and smoke extraction, which the
contract does not model. 150 m keeps the rule checked without emptying the middle."""


def _chamfered(width: float, depth: float, cut: float) -> tuple[Pt, ...]:
    """A rectangle whose upper-right corner is cut off by a diagonal wall."""
    return ((0, 0), (width, 0), (width, depth - cut), (width - cut, depth), (0, depth))


ORGANISER = InstanceSpec(
    name="organiser-hall",
    title="A hall built like a real organiser's plan (360 stands, 2 m aisles)",
    halls=(_organiser_hall(),),
    stands=360,
    demand=0.37,
    keep_apart_pairs=2,
    time_limit_s=120,
    rules=ORGANISER_RULES,
    sizes="organiser",
)
"""The organiser-like hall; its variants change a few fields of it."""

SPECS: dict[str, InstanceSpec] = {
    s.name: s
    for s in (
        InstanceSpec(
            name="l-hall",
            title="L-shaped hall with a column grid",
            halls=(_l_hall(),),
            stands=85,
            demand=0.45,
            mix=Mix(
                island_m2=(200, 600),
                island_mean_m2=300,
                min_islands=2,
                peninsula_menu=(72, 96, 108, 144, 200, 240),
                peninsula_share=0.04,
                corner_share=0.16,
                untyped_share=0.03,
                inline_menu=(9, 9, 9, 9, 12, 12, 18, 18, 18, 24, 27, 36),
                corner_menu=(18, 24, 27, 36, 36, 45),
            ),
            pavilions=(6,),
            keep_apart_pairs=2,
            time_limit_s=60,
        ),
        InstanceSpec(
            name="six-halls",
            title="400 stands over six halls",
            halls=tuple(_typical_hall(n, floor_load=5 if n == 6 else 15) for n in range(1, 7)),
            stands=400,
            demand=0.50,
            mix=FAIR_MIX,
            pavilions=(10, 8),
            keep_apart_pairs=3,
            hall_requirements=5,
            time_limit_s=120,
        ),
        InstanceSpec(
            name="sixteen-halls",
            title="1,500 stands over sixteen halls",
            halls=tuple(_large_hall(n) for n in range(1, 5))
            + tuple(_typical_hall(n, floor_load=5 if n > 14 else 15) for n in range(5, 17)),
            stands=1500,
            demand=0.50,
            mix=FAIR_MIX,
            pavilions=(12, 10, 10, 8, 8),
            keep_apart_pairs=8,
            hall_requirements=12,
            tall_requests=3,
            time_limit_s=600,
        ),
        InstanceSpec(
            name="tight-hall",
            title="One hall asked for 80% of its gross area",
            halls=(_typical_hall(1),),
            stands=130,
            demand=0.80,
            mix=Mix(
                island_m2=(150, 400),
                island_mean_m2=260,
                min_islands=3,
                peninsula_menu=(36, 45, 54, 72),
                peninsula_share=0.04,
                corner_share=0.28,
                untyped_share=0.03,
                inline_menu=(9, 9, 12, 18, 18, 24, 27, 36, 36, 45, 54, 72),
                corner_menu=(18, 24, 27, 36, 45, 54, 72),
            ),
            pavilions=(6,),
            keep_apart_pairs=1,
            time_limit_s=60,
        ),
        ORGANISER,
        replace(
            ORGANISER,
            name="organiser-hall-plus",
            title="The organiser's hall with 20% more demand",
            stands=432,
            demand=0.37 * 1.2,
            time_limit_s=60,
            venue_of="organiser-hall",
        ),
        replace(
            ORGANISER,
            name="organiser-columns",
            title="The organiser's hall with a column every 18 x 18 m (360 stands, 60 s)",
            halls=(_organiser_columns(),),
            time_limit_s=60,
        ),
        InstanceSpec(
            name="two-halls-fine",
            title="Two halls of different shapes on a 0.1 m grid",
            halls=(
                HallSpec(
                    "hall-a",
                    rectangle(120, 80),
                    ceiling_m=12,
                    floor_load=15,
                    columns=tuple(
                        (x - 0.5, y - 0.5, COLUMN_M, COLUMN_M)
                        for x, y in column_grid(rectangle(120, 80), (24, 48, 72, 96), (20, 40, 60))
                    ),
                ),
                HallSpec(
                    "hall-b",
                    _chamfered(100, 90, 30),
                    ceiling_m=6,
                    floor_load=10,
                    vehicle_edge=1,
                ),
            ),
            stands=180,
            demand=0.55,
            mix=Mix(
                island_m2=(150, 500),
                island_mean_m2=300,
                min_islands=3,
                peninsula_menu=(36, 48, 54, 60, 72, 96, 120),
                peninsula_share=0.08,
                corner_share=0.25,
                untyped_share=0.03,
                inline_menu=(9, 9, 12, 12, 15, 18, 18, 20, 24, 30, 36),
                corner_menu=(15, 18, 24, 30, 36, 45, 54),
            ),
            pavilions=(8,),
            keep_apart_pairs=2,
            hall_requirements=3,
            tall_requests=1,
            time_limit_s=60,
            rules=(("aisle_width_m", 2.5), ("grid_m", 0.1), ("max_row_m", 24.0)),
        ),
    )
}


def render(name: str) -> dict[str, str]:
    """The three files of one instance, as text."""
    spec = SPECS[name]
    rng = random.Random(f"{SEED}-{name}")
    if spec.venue_of is not None:
        venue = render(spec.venue_of)["venue.yaml"]
    else:
        venue = venue_yaml(spec, rng)
    rows = organiser_rows(spec, rng) if spec.sizes == "organiser" else request_rows(spec, rng)
    return {
        "venue.yaml": venue,
        "event.yaml": event_yaml(spec, rows),
        "exhibitors.csv": exhibitors_csv(rows),
    }


def write(name: str, root: Path = INSTANCES_DIR) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for filename, text in render(name).items():
        (folder / filename).write_text(text, encoding="utf-8")
    return folder / "event.yaml"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=INSTANCES_DIR)
    parser.add_argument("names", nargs="*", help=f"some of {', '.join(SPECS)}; default all")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in SPECS]
    if unknown:
        parser.error(f"unknown instance(s) {', '.join(unknown)}; known: {', '.join(SPECS)}")
    for name in args.names or list(SPECS):
        print(write(name, args.out))


if __name__ == "__main__":
    main()
