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
