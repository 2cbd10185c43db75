"""The side panel of a sheet: legend, findings, key table, unplaced list, title block.

The panel axes uses points as data units, so layout arithmetic is in the
same unit as font sizes. Lists that outgrow their share of the panel end in
"... and N more" rather than overprinting: a full list is always in
layout.json and in `floorplan validate`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from floorplan.render import palette
from floorplan.render.labels import FONT, Measurer, shorten
from floorplan.render.palette import Fill

PITCH = 1.28
INDENT = 8.0
"""Hanging indent of an entry's continuation lines, in points."""


@dataclass(frozen=True)
class Entry:
    text: str
    colour: str = palette.TEXT
    lead: str = ""
    """Drawn bold before the text: what a reader scans the list for."""


class Panel:
    """A column of stacked blocks drawn top-down in an axes measured in points."""

    def __init__(self, ax: Axes, m: Measurer) -> None:
        fig = ax.get_figure(root=True)
        assert isinstance(fig, Figure)
        bbox = ax.get_position()
        self.ax = ax
        self.m = m
        self.width = bbox.width * fig.get_figwidth() * 72
        self.height = bbox.height * fig.get_figheight() * 72
        ax.set_xlim(0, self.width)
        ax.set_ylim(0, self.height)
        ax.set_axis_off()
        self.top = self.height

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return self.m.width(text, bold, size)

    def fit(self, text: str, size: float, width: float, bold: bool = False) -> str:
        if self.text_width(text, size, bold) <= width:
            return text
        lo, hi = 1, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.text_width(shorten(text, mid), size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        return shorten(text, lo)

    def wrap(self, text: str, size: float, first: float, rest: float, max_lines: int) -> list[str]:
        """Word-wrap to `first` points on line one and `rest` after; ellipsis past max_lines."""
        # Words are measured once each and summed (a long list of unplaced reasons repeats
        # the same words).
        space = self.text_width("a b", size) - self.text_width("ab", size)
        lines: list[str] = []
        widths: list[float] = []
        cur, cur_w = "", 0.0
        for word in text.split():
            limit = first if not lines else rest
            w = self.text_width(word, size)
            if cur and cur_w + space + w > limit:
                lines.append(cur)
                widths.append(cur_w)
                cur, cur_w = word, w
            elif cur:
                cur, cur_w = f"{cur} {word}", cur_w + space + w
            else:
                cur, cur_w = word, w
        if cur:
            lines.append(cur)
            widths.append(cur_w)
        if len(lines) > max_lines:
            lines, widths = lines[:max_lines], widths[:max_lines]
            lines[-1] += " …"
            widths[-1] = math.inf
        # A line's width is its words' and spaces' widths summed: the map's font has no
        # kerning across a space (26,000 lines of three events' unplaced lists at 6-8 pt
        # measured the same to 1e-15). Only the line cut short is measured whole: measuring
        # every line of 76 unplaced reasons on three maps took 1.4 of the 9 s their
        # drawing took.
        rooms = [first if i == 0 else rest for i in range(len(lines))]
        return [
            ln if w <= room else self.fit(ln, size, room)
            for ln, w, room in zip(lines, widths, rooms, strict=True)
        ]

    def put(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        colour: str = palette.TEXT,
        bold: bool = False,
        gid: str | None = None,
    ) -> None:
        self.ax.text(
            x,
            y,
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            **FONT,
            color=colour,
            ha="left",
            va="top",
            gid=gid,
        )

    def heading(self, text: str, size: float = 9.0, colour: str = palette.TEXT) -> None:
        self.put(0, self.top, text, size, colour, bold=True)
        self.top -= size * PITCH + 2

    def title(self, hall: str, event: str) -> None:
        self.put(0, self.top, self.fit(hall, 18, self.width, True), 18, bold=True)
        self.top -= 18 * PITCH
        for line in self.wrap(event, 10, self.width, self.width, 2):
            self.put(0, self.top, line, 10, palette.MUTED_TEXT)
            self.top -= 10 * PITCH
        self.top -= 6

    def legend(
        self,
        fills: Sequence[tuple[Fill, int]],
        aisle_width: float,
        clearance: float,
        *,
        symbols: bool = True,
    ) -> None:
        """Category swatches with stand counts, then the map's symbols, in two columns."""
        size, sw, sh = 7.0, 16.0, 9.0
        col_w = self.width / 2
        items: list[tuple[str, str]] = [
            (f"{f.label} ({n})", f"fill:{i}") for i, (f, n) in enumerate(fills)
        ]
        if symbols:
            items += [
                (f"aisle (≥ {aisle_width:g} m clear, reaches an exit)", "aisle"),
                ("floor not usable as aisle", "floor"),
                ("column / keep-out (reason noted)", "obstacle"),
                (f"exit clearance zone ({clearance:g} m)", "zone"),
                ("fire exit: id, clear width", "exit"),
                ("visitor entrance", "entrance"),
                ("closed side (wall); thin = open", "closed"),
                (f"aisle at ≤ {1.1 * aisle_width:.1f} m: width", "dim"),
                ("validator finding", "violation"),
            ]
        self.heading("Legend")
        rows = math.ceil(len(items) / 2)
        pitch = max(sh + 3, size * PITCH + 2)
        for k, (text, kind) in enumerate(items):
            col, row = divmod(k, rows)
            x = col * col_w
            y = self.top - row * pitch
            self._swatch(kind, fills, x, y - sh, sw, sh)
            self.put(x + sw + 4, y + 0.5, self.fit(text, size, col_w - sw - 8), size)
        self.top -= rows * pitch + 8

    def _swatch(
        self,
        kind: str,
        fills: Sequence[tuple[Fill, int]],
        x: float,
        y: float,
        w: float,
        h: float,
    ) -> None:
        ax = self.ax
        mid = y + h / 2
        if kind.startswith("fill:"):
            f = fills[int(kind[5:])][0]
            ax.add_artist(
                Rectangle(
                    (x, y),
                    w,
                    h,
                    facecolor=f.face,
                    edgecolor=palette.STAND_EDGE,
                    hatch=f.hatch or None,
                    hatchcolor=palette.HATCH_COLOUR,
                    hatch_linewidth=palette.HATCH_WIDTH,
                    linewidth=0.5,
                )
            )
        elif kind in ("aisle", "floor", "zone", "obstacle"):
            face = {
                "aisle": palette.AISLE,
                "floor": palette.FLOOR,
                "zone": palette.EXIT_ZONE,
                "obstacle": palette.OBSTACLE_FILL,
            }[kind]
            edge = palette.EXIT if kind == "zone" else "#999999"
            ax.add_artist(
                Rectangle(
                    (x, y),
                    w,
                    h,
                    facecolor=face,
                    edgecolor=palette.OBSTACLE_HATCH if kind == "obstacle" else edge,
                    hatch="////" if kind == "obstacle" else None,
                    linestyle=(0, (3, 2)) if kind == "zone" else "-",
                    linewidth=0.6,
                )
            )
        elif kind in ("exit", "entrance"):
            colour = palette.EXIT if kind == "exit" else palette.ENTRANCE
            ax.add_line(Line2D([x, x + w], [mid, mid], color=colour, linewidth=3.0))
        elif kind == "closed":
            ax.add_artist(
                Rectangle(
                    (x, y), w, h, facecolor=palette.NO_CATEGORY, edgecolor="none", linewidth=0
                )
            )
            ax.add_line(Line2D([x, x, x + w], [y + h, y, y], color=palette.CLOSED_SIDE, lw=1.6))
            ax.add_line(
                Line2D([x + w, x + w, x], [y, y + h, y + h], color=palette.STAND_EDGE, lw=0.5)
            )
        elif kind == "dim":
            ax.annotate(
                "",
                xy=(x + w, mid),
                xytext=(x, mid),
                arrowprops=dict(palette.DIMENSION_ARROW),
            )
        elif kind == "violation":
            ax.add_artist(
                Circle(
                    (x + w / 2, mid),
                    h / 2,
                    fill=False,
                    edgecolor=palette.VIOLATION,
                    linewidth=1.6,
                )
            )

    def entries(
        self,
        title: str,
        entries: Sequence[Entry],
        height: float,
        *,
        size: float = 6.5,
        min_col_width: float = 150.0,
        wrap_lines: int = 1,
        title_colour: str = palette.TEXT,
        more_hint: str = "",
    ) -> None:
        """A titled list in as many columns as fit within `height` points.

        Each entry starts with its bold lead (a stand number, a request id, a
        finding's tag) and wraps to at most `wrap_lines` lines with a hanging
        indent, so entries stay apart at a glance.
        """
        if not entries or height < size * PITCH * 2 + 12:
            return
        self.heading(title, colour=title_colour)
        height -= 9.0 * PITCH + 2
        pitch = size * PITCH
        per_col = max(1, int(height // pitch))
        max_cols = max(1, int(self.width // min_col_width))
        cols = 1
        # Entries past what the columns could hold even at a line each are never drawn
        # (the "... and N more" counts them): wrapping them all, for every column count,
        # took a sheet seconds on an event of 143 unplaced requests.
        head = entries[: per_col * max_cols]
        laid = self._lay_out(head, size, self.width, wrap_lines)
        while sum(len(ls) for ls in laid) > per_col and cols < max_cols:
            cols += 1
            laid = self._lay_out(head, size, self.width / cols, wrap_lines)
        col_w = self.width / cols
        col = row = 0
        shown = 0
        for k, (e, lines) in enumerate(zip(head, laid, strict=True)):
            n = len(lines)
            c, r = (col, row) if row + n <= per_col else (col + 1, 0)
            # The last column keeps a line free for "... and N more" unless all fit.
            limit = per_col if (k == len(entries) - 1 or c < cols - 1) else per_col - 1
            if c >= cols or r + n > limit:
                break
            x = c * col_w
            for i, line in enumerate(lines):
                y = self.top - (r + i) * pitch
                if i == 0 and e.lead:
                    self.put(x, y, e.lead, size, e.colour, bold=True)
                    self.put(x + self._lead_width(e, size), y, line, size, e.colour)
                else:
                    self.put(x + (INDENT if i else 0), y, line, size, e.colour)
            col, row = c, r + n
            shown += 1
        rest = len(entries) - shown
        if rest:
            if row >= per_col and col < cols - 1:
                col, row = col + 1, 0
            self.put(
                col * col_w,
                self.top - row * pitch,
                f"… and {rest} more{more_hint}",
                size,
                palette.MUTED_TEXT,
            )
            row += 1
        rows_used = per_col if cols > 1 else row
        self.top -= rows_used * pitch + 8

    def _lead_width(self, e: Entry, size: float) -> float:
        return self.text_width(e.lead, size, bold=True) + size * 0.5 if e.lead else 0.0

    def _lay_out(
        self, entries: Sequence[Entry], size: float, col_w: float, wrap_lines: int
    ) -> list[list[str]]:
        usable = col_w - 6
        return [
            self.wrap(e.text, size, usable - self._lead_width(e, size), usable - INDENT, wrap_lines)
            for e in entries
        ]

    def title_block(
        self, rows: Sequence[tuple[str, str]], verdict: str, bad: bool, height: float
    ) -> None:
        """A framed two-column table at the bottom of the panel, verdict first."""
        size = 7.0
        pitch = size * 1.55
        label_w = 62.0
        box_h = (len(rows) + 1) * pitch + 8
        y0 = 0.0
        self.ax.add_artist(
            Rectangle(
                (0, y0), self.width, box_h, facecolor="white", edgecolor=palette.WALL, linewidth=1.2
            )
        )
        y = y0 + box_h - 4
        colour = palette.VIOLATION if bad else palette.EXIT
        self.put(4, y, verdict, 8.0, colour, bold=True, gid="verdict")
        y -= pitch
        for label, value in rows:
            self.ax.add_line(
                Line2D([0, self.width], [y + 2, y + 2], color="#BBBBBB", linewidth=0.4)
            )
            self.put(4, y, label, size, palette.MUTED_TEXT)
            self.put(label_w, y, self.fit(value, size, self.width - label_w - 4), size)
            y -= pitch
        self.ax.text(
            self.width - 2,
            box_h + 2,
            "drawn by floorplan",
            fontsize=5.5,
            color=palette.MUTED_TEXT,
            **FONT,
            ha="right",
            va="bottom",
            path_effects=[patheffects.withStroke(linewidth=1, foreground="white")],
        )

    @staticmethod
    def block_height(n_rows: int) -> float:
        return (n_rows + 1) * 7.0 * 1.55 + 8 + 12


__all__ = ["Entry", "Panel"]
