"""What a hall map shows, read back from its pixels and artists."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.text import Text
from shapely import Polygon, box

from floorplan.model import Event, Layout, Stand
from floorplan.render import draw_hall, palette
from floorplan.render.palette import category_fills

Picture = Any
Box = dict[str, tuple[float, float, float, float]]


@pytest.fixture(scope="module")
def good(event: Event, valid_layout: Layout, good_report: Any, picture: Any) -> Picture:
    return picture(draw_hall(event, valid_layout, "h1", report=good_report))


@pytest.fixture(scope="module")
def bad(event: Event, invalid_layout: Layout, bad_report: Any, picture: Any) -> Picture:
    return picture(draw_hall(event, invalid_layout, "h1", report=bad_report))


def hex_of(rgb: np.ndarray) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(int(v) for v in rgb))


def _close(a: str, b: str, tol: int = 6) -> bool:
    va = np.array([int(a[i : i + 2], 16) for i in (1, 3, 5)])
    vb = np.array([int(b[i : i + 2], 16) for i in (1, 3, 5)])
    return bool(np.abs(va - vb).max() <= tol)


@pytest.mark.parametrize("rid", ["big", "b1", "b2", "c1", "s1"])
def test_stand_is_filled_with_its_category_colour(
    good: Picture, event: Event, stands_xy: Box, rid: str
) -> None:
    x, y, w, d = stands_xy[rid]
    fill = category_fills(event)[event.request_by_id[rid].category]
    assert fill.hatch == ""
    inset = 0.1 * min(w, d)
    assert good.dominant(x + inset, y + inset, x + w - inset, y + d - inset) == fill.face


def test_categories_get_distinct_palette_colours(event: Event) -> None:
    fills = category_fills(event)
    faces = [f.face for cat, f in fills.items() if cat is not None]
    assert len(set(faces)) == len(faces)
    assert set(faces) <= set(palette.TOL_LIGHT)
    # The largest category by requested area gets the first colour.
    assert fills["carmaker"].face == palette.TOL_LIGHT[0]


def test_column_is_hatched(good: Picture) -> None:
    pixels = good.region(20.1, 15.1, 20.9, 15.9)
    dark = np.all(pixels < 90, axis=1).mean()
    grey = np.all(np.abs(pixels.astype(int) - 0xB0) < 12, axis=1).mean()
    assert 0.1 < dark < 0.7, "hatch lines cover part, not all, of the column"
    assert grey > 0.2, "the column's grey fill shows between the hatch lines"


def test_aisle_has_the_aisle_tone(good: Picture) -> None:
    # Between the island and the block: 7 m of free floor joined to the exits.
    assert good.at(20.5, 10.0) == palette.AISLE
    assert good.dominant(18, 8, 23, 12) == palette.AISLE


def test_exit_zone_door_and_entrance_are_drawn(good: Picture) -> None:
    assert good.at(38.8, 17.8) == palette.EXIT_ZONE
    assert _close(good.at(40.0, 20.0), palette.EXIT)
    assert _close(good.at(20.0, 0.0), palette.ENTRANCE)


def test_stand_labels_lie_inside_their_stands(good: Picture, stands_xy: Box) -> None:
    renderer = good.fig.canvas.get_renderer()  # type: ignore[attr-defined]
    seen = set()
    for text in good.ax.texts:
        gid = text.get_gid() or ""
        if not gid.startswith("label:"):
            continue
        rid = gid.split(":", 1)[1]
        x, y, w, d = stands_xy[rid]
        (x0, y0), (x1, y1) = good.ax.transData.transform([(x, y), (x + w, y + d)])
        ext = text.get_window_extent(renderer)
        assert x0 <= ext.x0 and ext.x1 <= x1 and y0 <= ext.y0 and ext.y1 <= y1, (rid, text)
        seen.add(rid)
    assert seen == set(stands_xy)


def test_big_stand_shows_number_name_dimensions_and_area(good: Picture, stands_xy: Box) -> None:
    texts = [t.get_text() for t in good.ax.texts if t.get_gid() == "label:big"]
    _, _, w, d = stands_xy["big"]
    assert "Big Motors" in texts
    assert f"{w:g} x {d:g} m · 120 m²" in texts


def _panel_texts(p: Picture) -> list[str]:
    return [t.get_text() for ax in p.fig.axes[1:] for t in ax.texts]


def _panel_rows(p: Picture) -> list[str]:
    """Panel texts joined by line: a list entry's bold lead and its text read as one row."""
    rows: dict[tuple[int, float], list[tuple[float, str]]] = {}
    for k, ax in enumerate(p.fig.axes[1:]):
        for t in ax.texts:
            x, y = t.get_position()
            rows.setdefault((k, round(float(y), 1)), []).append((float(x), t.get_text()))
    return [" ".join(text for _, text in sorted(parts)) for parts in rows.values()]


def test_name_that_does_not_fit_goes_to_the_key(good: Picture, long_name: str) -> None:
    on_map = [t.get_text() for t in good.ax.texts if t.get_gid() == "label:e2"]
    assert long_name not in on_map
    number = on_map[0]
    assert any(row.startswith(number) and long_name in row for row in _panel_rows(good))


def test_unplaced_request_is_listed_with_its_reason(good: Picture) -> None:
    rows = _panel_rows(good)
    assert any(r.startswith("late Late Exhibitor") and "500 m2 of free floor" in r for r in rows)


def test_title_block_states_revision_rules_and_verdict(good: Picture, bad: Picture) -> None:
    texts = _panel_texts(good)
    assert any("VALID" in t and "INVALID" not in t for t in texts)
    assert any("clear width ≥ 3 m" in t for t in texts)
    assert any("layout " in t for t in texts)
    assert any("8 of 9 requested" in t for t in texts)
    assert any("INVALID: 1 violation in the event, 1 on this sheet" in t for t in _panel_texts(bad))


def _closed_segments(p: Picture) -> set[tuple[float, ...]]:
    out = set()
    for coll in p.ax.collections:
        if isinstance(coll, LineCollection) and coll.get_gid() == "closed-sides":
            for seg in coll.get_segments():
                out.add(tuple(round(float(v), 3) for v in np.asarray(seg).ravel()))
    return out


def test_closed_sides_get_walls_and_open_sides_do_not(good: Picture) -> None:
    closed = _closed_segments(good)
    # b1 (24, 4, 6 x 3): back to back with c1 above, side by side with b2.
    assert (30.0, 7.0, 24.0, 7.0) in closed  # N side, against c1
    assert (30.0, 4.0, 30.0, 7.0) in closed  # E side, against b2
    assert (24.0, 4.0, 30.0, 4.0) not in closed  # S side, on the aisle
    # The island has no wall at all.
    assert not any(5.0 <= s[0] <= 17.0 and 4.0 <= s[1] <= 14.0 for s in closed)


def _violation_artists(p: Picture) -> list[object]:
    return [
        a
        for a in [*p.ax.patches, *p.ax.lines, *p.ax.texts]
        if (a.get_gid() or "").startswith("violation")
    ]


def test_violation_overlay_present_for_an_invalid_layout(bad: Picture) -> None:
    assert _violation_artists(bad)
    # Red at the finding's point and on the offending stand's outline.
    red = np.all(
        np.abs(bad.region(37.5, 19, 39.5, 21).astype(int) - (0xE3, 0x00, 0x1B)) < 40, axis=1
    )
    assert red.sum() > 20
    x, y, d = 35.5, 18.5, 3
    edge = bad.region(x - 0.1, y + d / 2 - 0.1, x + 0.1, y + d / 2 + 0.1)
    assert any(hex_of(px) == palette.VIOLATION for px in edge)
    number = next(t.get_text() for t in bad.ax.texts if t.get_gid() == "label:e2")
    assert any(r.startswith(f"V1 [{number}] C6") and "exit E2" in r for r in _panel_rows(bad))


def test_violation_overlay_absent_for_a_valid_layout(good: Picture) -> None:
    assert not _violation_artists(good)
    map_pixels = good.rgb[:, : int(good.rgb.shape[1] * 0.7)].reshape(-1, 3)
    red = np.all(np.abs(map_pixels.astype(int) - (0xE3, 0x00, 0x1B)) < 30, axis=1)
    assert red.sum() == 0


def test_draw_hall_into_a_given_axes(event: Event, valid_layout: Layout) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 5))
    ax = fig.add_subplot()
    out = draw_hall(event, valid_layout, "h1", ax=ax)
    assert out is ax
    assert ax.get_aspect() == 1.0
    labels = {t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("label:")}
    assert "label:big" in labels
    assert isinstance(ax.texts[0], Text)


# -- polygon stands (contract 1.1) -------------------------------------------------------------

L_C1 = [(24.0, 7.0), (30.0, 7.0), (30.0, 10.0), (27.0, 10.0), (27.0, 13.0), (24.0, 13.0)]
"""c1 as an L: its north-east quarter cut away."""
TRAPEZOID_S1 = [(5.0, 20.0), (9.0, 20.0), (9.0, 23.0), (7.0, 23.0)]


@pytest.fixture(scope="module")
def shaped(event: Event, valid_layout: Layout, good_report: Any, picture: Any) -> Picture:
    stands = []
    for s in valid_layout.stands:
        points = {"c1": L_C1, "s1": TRAPEZOID_S1}.get(s.request_id)
        if points is not None:
            data = s.model_dump(exclude={"x", "y", "width", "depth", "polygon"})
            s = Stand.model_validate({**data, "polygon": points})
        stands.append(s)
    layout = valid_layout.model_copy(update={"stands": stands})
    return picture(draw_hall(event, layout, "h1", report=good_report))


def test_polygon_stands_are_drawn_as_polygons(shaped: Picture) -> None:
    # the L's missing quarter shows floor, its body the category colour
    assert shaped.at(28.5, 11.5) != shaped.at(25.0, 8.0)
    # the trapezoid's cut-off corner (x 5..7 at y 22.5) is not stand
    assert shaped.at(5.3, 22.7) != shaped.at(8.0, 21.0)
    closed = _closed_segments(shaped)
    # the L's south side sits back to back on b1 (24..30 at y = 7): a wall
    assert (24.0, 7.0, 30.0, 7.0) in closed
    # its notch sides face open floor: no wall
    assert (30.0, 10.0, 27.0, 10.0) not in closed
    assert (27.0, 10.0, 27.0, 13.0) not in closed


def test_polygon_labels_sit_in_the_largest_rectangle_inside(shaped: Picture) -> None:
    renderer = shaped.fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for rid, points in (("c1", L_C1), ("s1", TRAPEZOID_S1)):
        texts = [t for t in shaped.ax.texts if t.get_gid() == f"label:{rid}"]
        assert texts, rid
        inverse = shaped.ax.transData.inverted()
        inside = Polygon(points).buffer(0.05)
        for t in texts:
            ext = t.get_window_extent(renderer)
            corners = inverse.transform([(ext.x0, ext.y0), (ext.x1, ext.y1)])
            assert inside.covers(box(*corners[0], *corners[1])), (rid, t.get_text())


def test_aisle_letters_are_written_on_walkable_floor(good: Picture, stands_xy: Box) -> None:
    letters = [t for t in good.ax.texts if (t.get_gid() or "").startswith("aisle-letter:")]
    assert letters, "the block's aisles carry their letters"
    for t in letters:
        x, y = t.get_position()
        for sx, sy, w, d in stands_xy.values():
            assert not (sx < x < sx + w and sy < y < sy + d), (t.get_text(), "on a stand")


@pytest.mark.parametrize(("span", "bar"), [(40, 10), (80, 20), (100, 20), (130, 25), (240, 50)])
def test_scale_bar_is_about_a_fifth_of_the_hall(span: float, bar: float) -> None:
    from floorplan.render.hallmap import nice_length

    assert nice_length(span) == bar
    assert 0.15 <= bar / span <= 0.26


def test_labels_on_hatched_fills_sit_on_a_box_of_the_fill_colour(
    event: Event, valid_layout: Layout, good_report: Any
) -> None:
    """Hatching never runs through a label: the text's box hides the stripes below it."""
    from matplotlib.colors import to_hex
    from matplotlib.figure import Figure

    from floorplan.render.hallmap import draw_map
    from floorplan.render.palette import Fill
    from floorplan.render.scene import build_scene

    fills = {k: Fill(v.face, "/", v.label) for k, v in category_fills(event).items()}
    ax = Figure(figsize=(8, 6)).add_axes((0, 0, 1, 1))
    draw_map(ax, event, build_scene(event, valid_layout, "h1", good_report), fills)
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label:")]
    assert labels
    for t in labels:
        rid = (t.get_gid() or "").split(":", 1)[1]
        face = fills[event.request_by_id[rid].category].face
        box = t.get_bbox_patch()
        assert box is not None and to_hex(box.get_facecolor()).upper() == face.upper()


def test_a_wide_hall_is_drawn_across_the_sheet_with_every_small_stand_numbered() -> None:
    """A planner's careers fair in a 200 x 40 m hall was drawn at 1:790 beside the panel:
    its 3 x 3 m stands were too small for their numbers, and about 25 carried none. Drawn
    across the sheet with the panel below it, the scale is finer and every one is
    numbered; a hall as deep as it is wide keeps its map beside the panel."""
    from floorplan.model import Exit, Hall, Request, Venue
    from floorplan.render.sheet import hall_sheet

    def sheet(width: float, depth: float) -> tuple[Any, Any]:
        hall = Hall(
            id="h",
            outline=[(0, 0), (width, 0), (width, depth), (0, depth)],
            exits=[Exit(id="E1", at=(0, depth / 2), width=8, kind="entrance")],
        )
        stands = [
            Stand(request_id=f"s{i}", hall="h", x=10 + 3 * i, y=10, width=3, depth=3)
            for i in range(40)
        ]
        requests = tuple(Request(id=s.request_id, name="Employer", area_m2=9) for s in stands)
        venue = Venue(id="v", halls=[hall])
        event = Event(name="Careers", venue=venue, halls=("h",), requests=requests)
        layout = Layout(event="Careers", stands=stands)
        return hall_sheet(event, layout, "h", None, numbers={s.request_id: "1A01" for s in stands})

    _, result = sheet(200, 40)
    assert result.ax.get_position().width > 0.9  # across the sheet
    numbered = {t.get_gid() for t in result.ax.texts if (t.get_gid() or "").startswith("label:")}
    assert numbered == {f"label:s{i}" for i in range(40)}
    assert result.scale < 600
    _, result = sheet(80, 76)
    assert result.ax.get_position().width < 0.7  # beside the panel
