"""The side panel's lists: what does not fit is counted, never laid out."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from floorplan.render.hallmap import renderer_of
from floorplan.render.labels import Measurer
from floorplan.render.panel import Entry, Panel


def _panel() -> Panel:
    fig = plt.figure(figsize=(4, 6), dpi=100)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    return Panel(ax, Measurer(renderer_of(fig), fig.dpi))


@pytest.mark.parametrize("count", [3, 40, 400])
def test_a_long_list_shows_what_fits_and_counts_the_rest(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries past what the columns could hold at a line each are not even wrapped (an
    event of 143 unplaced requests spent seconds per sheet on it), and the list reads
    as before: the ones that fit, then "... and N more"."""
    panel = _panel()
    wrapped: list[str] = []
    wrap = Panel.wrap

    def counting(self: Panel, text: str, *args: float) -> list[str]:
        wrapped.append(text)
        return wrap(self, text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Panel, "wrap", counting)
    entries = [
        Entry(f"Exhibitor {k:03d}: no room left in any hall", lead=f"x{k:03d}")
        for k in range(count)
    ]
    panel.entries("Unplaced", entries, height=300.0, wrap_lines=2)
    texts = [t.get_text() for t in panel.ax.texts]
    per_col = int((300.0 - 9.0 * 1.28 - 2) // (6.5 * 1.28))
    cols = max(1, int(panel.width // 150.0))
    # At most one wrap per entry that could be shown, per column count tried.
    assert len(wrapped) <= min(count, per_col * cols) * cols
    more = [t for t in texts if t.startswith("… and ")]
    shown = sum(1 for t in texts if t.startswith("x"))
    if count <= per_col:
        assert not more and shown == count
    else:
        assert more == [f"… and {count - shown} more"]
        assert 0 < shown < count


REASON = (
    "no room left (hall-1: largest free slot with 3 open sides 18 x 5 m; hall-2: largest free "
    "slot with 3 open sides 2 x 8 m, and the open floor has no free-standing 7 x 6 m spot with "
    "3 open sides an aisle (4 m) from every stand); the stand needs 42 m2, at least 6 x 7 m "
    "(or as narrow as 4 x 10 m) with 3 open sides"
)


@pytest.mark.parametrize("size", [6.0, 7.5, 9.0])
def test_wrapped_lines_fit_their_room_measured_whole_and_only_the_line_cut_short_is_measured(
    size: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines are set by their words' widths summed, which must be their true width: each
    line measured whole fits its room (the first line's narrower); the line ending in an
    ellipsis is the one `fit` measures."""
    panel = _panel()
    fitted: list[str] = []
    fit = Panel.fit

    def counting(self: Panel, text: str, *args: float) -> str:
        fitted.append(text)
        return fit(self, text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Panel, "fit", counting)
    first, rest = 150.0, 180.0
    lines = panel.wrap(REASON, size, first, rest, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    for i, line in enumerate(lines):
        assert panel.text_width(line, size) <= (first if i == 0 else rest) + 1e-9
    assert len(fitted) == 1 and fitted[0].endswith(" …")
    # The lines before the cut hold the reason's first words, in order.
    kept = " ".join(lines[:-1]).split()
    assert kept == REASON.split()[: len(kept)]
