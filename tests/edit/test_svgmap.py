"""The editor's drawing of one stand: where its label goes."""

from __future__ import annotations

import re

from tests.solve.conftest import make_event, rect_hall, req

from floorplan.edit.svgmap import stand_svg
from floorplan.geometry import inscribed_box
from floorplan.model import Stand
from floorplan.render.palette import category_fills


def _anchors(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r'<text x="([-\d.]+)" y="([-\d.]+)"', svg)]


def test_a_notched_stands_label_sits_in_its_largest_rectangle_clear_of_the_notch() -> None:
    """As on the printed map: a 6 x 10 m stand notched 2 x 2 m round a column at its left
    edge was labelled at its bounding box's centre, the number under the column's square
    (fuzzed seed 31000 ev11 in Chromium)."""
    event = make_event([rect_hall("h1", 40, 30)], [req("a", 56, booth_type="corner")])
    ring = [(10, 5), (16, 5), (16, 15), (10, 15), (10, 11), (12, 11), (12, 9), (10, 9)]
    notched = Stand(request_id="a", hall="h1", polygon=[(float(x), float(y)) for x, y in ring])
    fills = category_fills(event)
    x0, y0, x1, y1 = inscribed_box(notched.shape)
    # Stand-local coordinates: from the bounding box's left and top edges, y down.
    inside = (x0 - 10, 15 - y1, x1 - 10, 15 - y0)
    anchors = _anchors(stand_svg(event, notched, "1A01", fills))
    assert anchors and all(
        inside[0] < x < inside[2] and inside[1] < y < inside[3] for x, y in anchors
    ), (inside, anchors)
    plain = Stand(request_id="a", hall="h1", x=10.0, y=5.0, width=6.0, depth=10.0)
    lines = _anchors(stand_svg(event, plain, "1A01", fills))
    # A rectangle's label as before: its lines on the centre line, across or (turned) along.
    assert all(x == 3.0 for x, _ in lines) or all(y == 5.0 for _, y in lines), lines
