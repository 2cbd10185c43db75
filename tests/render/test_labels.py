"""Label measurement: each string is measured once per process, whichever map asks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from typing import Any

import matplotlib.pyplot as plt
import pytest

from floorplan.render import labels
from floorplan.render.hallmap import renderer_of
from floorplan.render.labels import Measurer


def _measurer(dpi: float = 100) -> Measurer:
    fig = plt.figure(figsize=(4, 3), dpi=dpi)
    m = Measurer(renderer_of(fig), fig.dpi)
    plt.close(fig)
    return m


def test_a_second_map_reuses_the_widths_the_first_measured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every map lists the event's unplaced requests in the same words: the second map's
    measurer asks its renderer for none of them again, and gets the same widths."""
    monkeypatch.setattr(labels, "_WIDTHS", {})
    first = _measurer()
    words = ["Unplaced", "requests", "x017", "no", "room", "left"]
    widths = [first.width(w, bold=False, size=7.0) for w in words]
    second = _measurer()
    asked: list[str] = []
    measure = second.renderer.get_text_width_height_descent

    def counted(text: str, *args: Any, **kwargs: Any) -> tuple[float, float, float]:
        asked.append(text)
        return measure(text, *args, **kwargs)

    monkeypatch.setattr(second.renderer, "get_text_width_height_descent", counted)
    assert [second.width(w, bold=False, size=7.0) for w in words] == widths
    assert asked == []
    # Another size, weight or resolution is measured anew.
    second.width("Unplaced", bold=True, size=7.0)
    second.width("Unplaced", bold=False, size=8.0)
    assert asked == ["Unplaced", "Unplaced"]
    assert _measurer(dpi=200).width("Unplaced", bold=False, size=7.0) > 0
    assert len(labels._WIDTHS) == len(words) + 3


def test_the_shared_widths_start_afresh_past_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long editing session measures new names for hours: the widths kept stay bounded."""
    monkeypatch.setattr(labels, "_WIDTHS", {})
    monkeypatch.setattr(labels, "MEASURED_MAX", 3)
    m = _measurer()
    for word in ("a", "bb", "ccc", "dddd", "eeeee"):
        m.width(word, bold=False)
    assert len(labels._WIDTHS) <= 3
    assert m.width("eeeee", bold=False) > m.width("a", bold=False)
