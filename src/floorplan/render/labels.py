"""Stand labels that fit their stand.

A 1,000 m2 island and a 9 m2 shell stand share a map, so no single font size
works: each label is measured with the figure's renderer and given the
richest content that still fits at a readable size. Order of preference:
number + name + area, number + name, number + shortened name, number + area,
number alone. Labels may turn 90 degrees in tall, narrow stands. Whatever
does not show the full name goes into the map's key table.

Widths scale linearly with font size for outline fonts, so each string is
measured once at a reference size and scaled; `fit_check` then measures the
drawn artists for real and shrinks any that still spill.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox, ScaledTranslation

from floorplan.render import palette

REF_PT = 10.0
SLACK = 1.06
"""Hinting makes small text up to 6 % wider than the 10 pt width scaled down."""
LINE_PITCH = 1.22
"""Baseline-to-baseline distance as a multiple of the font size."""
PAD = 0.08
"""Share of the stand's smaller side kept clear of text on each edge."""
MIN_PAD_PT = 2.5
"""Clears the half of a partition wall that lies inside the stand, plus a hair."""
MAX_PT = 13.0
MIN_NAME_PT = 5.0
"""Below this a name on A3 is a grey smudge; the key table is more useful."""
MIN_NUMBER_PT = 3.0
NAME_SCALE = 0.9
AREA_SCALE = 0.8
"""Name and area lines relative to the label's base size."""
SHORT_NAME_MIN_CHARS = 5
NUMBER_GROWTH = 1.4
"""The number may be up to this much larger than the base size of its label."""
TURN_RATIO = 1.3
"""Labels turn 90 degrees only in stands at least this much taller than wide."""


BACKDROP: dict[str, Any] = {"boxstyle": "square,pad=0.12", "edgecolor": "none", "linewidth": 0}
"""The box behind a label on a hatched fill: the fill's colour, no edge."""

FONT: dict[str, Any] = {"family": "DejaVu Sans", "fontstretch": "condensed"}
"""Text style of every map text. The condensed face fits about 15 % more into a
stand; where it is not installed, matplotlib's own DejaVu Sans is used."""


@dataclass(frozen=True)
class Line:
    text: str
    scale: float
    bold: bool = False


@dataclass(frozen=True)
class Label:
    lines: tuple[Line, ...]
    size: float
    rotation: float
    full_name: bool


_WIDTHS: dict[tuple[str, float, str, bool, float], float] = {}
"""Widths measured so far in this process, shared by every map it draws: each map lists
the same unplaced requests in the same words (seed 20100's five halls: 3,005 strings
measured for six maps, 1.3 s of their 7.3 s)."""


MEASURED_MAX = 100_000
"""Widths `_WIDTHS` holds at most (a few MB)."""


@dataclass
class Measurer:
    """Text widths in points, measured once per string and size (in this process)."""

    renderer: RendererBase
    dpi: float
    _cache: dict[tuple[str, float, str, bool, float], float] = field(
        default_factory=lambda: _WIDTHS
    )

    def width(self, text: str, bold: bool, size: float = REF_PT) -> float:
        """Width in points of `text` set at `size` points."""
        key = (type(self.renderer).__name__, self.dpi, text, bold, round(size, 2))
        width = self._cache.get(key)
        if width is None:
            prop = FontProperties(
                family=FONT["family"],
                stretch=FONT["fontstretch"],
                size=size,
                weight="bold" if bold else "normal",
            )
            w, _, _ = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
            if len(self._cache) >= MEASURED_MAX:
                self._cache.clear()  # a long editing session: start afresh
            self._cache[key] = width = w * 72.0 / self.dpi
        return width

    def best_size(self, lines: Sequence[Line], box_w: float, box_h: float) -> float:
        """Largest font size (pt) at which `lines` fit a box of box_w x box_h points."""
        widest = max(self.width(ln.text, ln.bold) / REF_PT * ln.scale for ln in lines) * SLACK
        tall = sum(ln.scale for ln in lines) * LINE_PITCH
        return min(box_w / widest if widest > 0 else MAX_PT, box_h / tall)


def text_box(stand_box: Bbox, dpi: float) -> Bbox:
    """The part of a stand's display box (pixels) that text may use."""
    px_per_pt = dpi / 72.0
    pad = max(MIN_PAD_PT * px_per_pt, PAD * min(stand_box.width, stand_box.height))
    return Bbox.from_extents(
        stand_box.x0 + pad, stand_box.y0 + pad, stand_box.x1 - pad, stand_box.y1 - pad
    )


def dims_text(width: float, depth: float) -> str:
    """A stand's size as planners write it: width along x first (`6 x 9 m`)."""
    return f"{width:g} x {depth:g} m"


def area_text(area: float) -> str:
    return f"{area:,.0f} m²" if area >= 10 else f"{area:.1f} m²".replace(".0 ", " ")


def shorten(name: str, chars: int) -> str:
    return name if len(name) <= chars else name[: max(chars - 1, 1)].rstrip() + "…"


def plan_label(
    m: Measurer,
    number: str,
    name: str,
    area: float,
    box_w: float,
    box_h: float,
    *,
    with_names: bool = True,
    max_pt: float = MAX_PT,
    dims: str = "",
) -> Label | None:
    """The richest label that fits a w x h point box, or None if not even the number does.

    The box is the stand's inner box (`text_box`), already clear of its edges.
    """
    w, h = box_w, box_h
    if w <= 0 or h <= 0:
        return None
    for floor, full, options in _candidates(m, number, name, area, w, h, with_names, dims):
        best: Label | None = None
        for lines in options:
            turns = ((0.0, w, h), (90.0, h, w)) if h > TURN_RATIO * w else ((0.0, w, h),)
            for rotation, bw, bh in turns:
                size = min(m.best_size(lines, bw, bh), max_pt)
                # Upright text reads faster; turn only for a clear gain.
                if rotation and best is not None and size < best.size * 1.25:
                    continue
                if best is None or size > best.size:
                    best = Label(tuple(lines), size, rotation, full)
        if best is not None and best.size >= floor:
            return _grow_number(m, best, w, h, max_pt)
    return None


Candidates = Iterator[tuple[float, bool, list[list[Line]]]]


def _candidates(
    m: Measurer,
    number: str,
    name: str,
    area: float,
    w: float,
    h: float,
    with_names: bool,
    dims: str = "",
) -> Candidates:
    """Groups of (minimum size, shows the full name, line options), richest first.

    The stand's dimensions (`6 x 9 m`) ride on the area line where they fit:
    planners check a stand against its contract by its size, not its area.
    A generator: measuring shortened names costs renderer calls, and most
    stands never get that far.
    """
    num = Line(number, 1.0, bold=True)
    area_ln = Line(area_text(area), AREA_SCALE)
    size_ln = Line(f"{dims} · {area_text(area)}", AREA_SCALE) if dims else None
    if with_names:
        wrapped = textwrap.wrap(name, width=max(len(name) // 2 + 1, 8), break_long_words=False)
        one = [Line(name, NAME_SCALE)]
        two = [Line(t, NAME_SCALE) for t in wrapped[:2]] if len(wrapped) == 2 else one
        name_floor = MIN_NAME_PT / NAME_SCALE
        if size_ln is not None:
            yield name_floor, True, [[num, *one, size_ln], [num, *two, size_ln]]
        yield name_floor, True, [[num, *one, area_ln], [num, *two, area_ln]]
        yield name_floor, True, [[num, *one], [num, *two]]
        # The longest prefix that fits at the smallest readable size.
        for room in (w, h) if h > TURN_RATIO * w else (w,):
            chars = _chars_fitting(m, name, room, MIN_NAME_PT)
            if SHORT_NAME_MIN_CHARS <= chars < len(name):
                yield name_floor, False, [[num, Line(shorten(name, chars), NAME_SCALE)]]
        if size_ln is not None:
            yield MIN_NAME_PT / AREA_SCALE, False, [[num, size_ln]]
        yield MIN_NAME_PT / AREA_SCALE, False, [[num, area_ln]]
    yield MIN_NUMBER_PT, False, [[num]]


def _grow_number(m: Measurer, label: Label, w: float, h: float, max_pt: float) -> Label:
    """Let the number outgrow the other lines where the box has room: it is what people look for."""
    if label.rotation:
        w, h = h, w
    num, rest = label.lines[0], label.lines[1:]
    rest_h = sum(ln.scale for ln in rest) * LINE_PITCH * label.size
    unit_w = m.width(num.text, num.bold) / REF_PT * SLACK
    size = min(
        w / unit_w if unit_w > 0 else max_pt,
        (h - rest_h) / LINE_PITCH,
        NUMBER_GROWTH * label.size,
        max_pt * NUMBER_GROWTH if rest else max_pt,
    )
    if size <= num.scale * label.size:
        return label
    grown = Line(num.text, size / label.size, num.bold)
    return Label((grown, *rest), label.size, label.rotation, label.full_name)


def _chars_fitting(m: Measurer, name: str, width: float, size: float) -> int:
    """Characters of `name` that fit `width` once shortened with an ellipsis."""

    def fits(chars: int) -> bool:
        return m.width(shorten(name, chars), False) / REF_PT * size * SLACK <= width

    full = m.width(name, False) / REF_PT * size * SLACK
    # Start from the proportional guess and walk: two or three measurements.
    chars = max(1, min(len(name), int(len(name) * width / full))) if full > 0 else len(name)
    while chars < len(name) and fits(chars + 1):
        chars += 1
    while chars > 0 and not fits(chars):
        chars -= 1
    return chars


def draw_label(
    ax: Axes,
    label: Label,
    centre: tuple[float, float],
    gid: str,
    zorder: float = 9,
    backdrop: str | None = None,
) -> list[Text]:
    """Draw the lines centred on `centre` (data coordinates), stacked in points.

    `backdrop` (the stand's fill colour) puts a box of that colour behind each
    line, so that the hatch of a hatched fill never runs through the text.
    """
    fig = ax.figure
    sizes = [ln.scale * label.size for ln in label.lines]
    pitch = [s * LINE_PITCH for s in sizes]
    total = sum(pitch)
    texts: list[Text] = []
    y = total / 2
    for ln, s, p in zip(label.lines, sizes, pitch, strict=True):
        off = y - p / 2
        y -= p
        dx, dy = (-off, 0.0) if label.rotation else (0.0, off)
        trans = ax.transData + ScaledTranslation(dx / 72, dy / 72, fig.dpi_scale_trans)
        t = ax.text(
            centre[0],
            centre[1],
            ln.text,
            transform=trans,
            fontsize=s,
            fontweight="bold" if ln.bold else "normal",
            **FONT,
            ha="center",
            va="center",
            rotation=label.rotation,
            rotation_mode="anchor",
            color=palette.TEXT,
            gid=gid,
            zorder=zorder,
            clip_on=False,
        )
        if backdrop is not None:
            t.set_bbox(BACKDROP | {"facecolor": backdrop})
        texts.append(t)
    return texts


def spills(texts: Sequence[Text], box: Bbox, renderer: RendererBase) -> bool:
    for t in texts:
        ext = t.get_window_extent(renderer)
        if (
            ext.x0 < box.x0 - 0.5
            or ext.x1 > box.x1 + 0.5
            or ext.y0 < box.y0 - 0.5
            or ext.y1 > box.y1 + 0.5
        ):
            return True
    return False


def fit_check(
    texts: list[Text],
    label: Label,
    box: Bbox,
    renderer: RendererBase,
    redraw: Callable[[Label], list[Text]],
) -> tuple[list[Text], Label | None]:
    """Shrink a drawn label until its real extents sit inside `box`; drop it if it never does."""
    for _ in range(6):
        if not spills(texts, box, renderer):
            return texts, label
        for t in texts:
            t.remove()
        label = Label(label.lines, label.size * 0.88, label.rotation, label.full_name)
        if label.size < MIN_NUMBER_PT:
            return [], None
        texts = redraw(label)
    if spills(texts, box, renderer):
        for t in texts:
            t.remove()
        return [], None
    return texts, label


__all__ = [
    "Label",
    "Line",
    "Measurer",
    "area_text",
    "dims_text",
    "draw_label",
    "fit_check",
    "plan_label",
    "text_box",
]
