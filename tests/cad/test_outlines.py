"""Chaining loose outline pieces into loops, and refusing what cannot be a loop."""

from __future__ import annotations

from shapely import Polygon

from floorplan.cad.outlines import Piece, chain


def piece(*points: tuple[float, float], handle: str = "1") -> Piece:
    return Piece(tuple(points), "LINE", handle)


def test_reversed_and_shuffled_pieces_close() -> None:
    loops, problems = chain(
        [
            piece((10, 0), (10, 5), (5, 8)),  # a polyline with a kink
            piece((0, 0), (10, 0)),
            piece((0, 8.004), (0, 0)),  # 4 mm short: joined
            piece((5, 8), (0, 8)),
        ]
    )
    assert problems == []
    (loop,) = loops
    assert len(loop.points) == 5
    assert Polygon(loop.points).area > 0 and len(loop.sources) == 4


def test_gap_wider_than_tolerance_is_open() -> None:
    loops, problems = chain(
        [piece((0, 0), (10, 0)), piece((10, 0), (10, 10)), piece((10, 10), (0, 0.05))]
    )
    assert loops == []
    assert sorted(p.kind for p in problems) == ["open", "open"]
    assert {p.at for p in problems} == {(0, 0), (0, 0.05)}


def test_two_separate_loops() -> None:
    square = [((0, 0), (1, 0)), ((1, 0), (1, 1)), ((1, 1), (0, 1)), ((0, 1), (0, 0))]
    pieces = [piece(a, b) for a, b in square]
    pieces += [piece((a[0] + 5, a[1]), (b[0] + 5, b[1])) for a, b in square]
    loops, problems = chain(pieces)
    assert problems == [] and len(loops) == 2
