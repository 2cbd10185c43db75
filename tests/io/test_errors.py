"""Error wording: file, place, field and the offending value, capped per file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from floorplan.io.errors import MAX_ERRORS, InputError, capped, display, yaml_errors
from floorplan.io.load import load_venue
from floorplan.model import Venue


def test_capped_keeps_the_first_and_counts_the_rest() -> None:
    messages = [f"m{i}" for i in range(MAX_ERRORS + 7)]
    out = capped(messages)
    assert out[:MAX_ERRORS] == messages[:MAX_ERRORS]
    assert out[-1] == "... and 7 more errors"
    assert capped(messages[:3]) == messages[:3]


def test_display_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display(tmp_path / "a" / "b.csv") == str(Path("a") / "b.csv")
    assert display("/elsewhere/x.yaml") == "/elsewhere/x.yaml"


def test_input_error_one_names_the_file() -> None:
    err = InputError.one("/x/venue.yaml", "file not found")
    assert err.messages == ["/x/venue.yaml: file not found"]
    assert str(err) == "/x/venue.yaml: file not found"


def test_yaml_errors_label_list_items_by_id() -> None:
    data = {
        "id": "v",
        "halls": [
            {
                "id": "h1",
                "outline": [[0, 0], [9, 0], [9, 9]],
                "exits": [{"id": "E1", "at": [4.5, 0], "width": -1}],
            }
        ],
    }
    with pytest.raises(ValidationError) as caught:
        Venue.model_validate(data)
    err = yaml_errors("/x/venue.yaml", caught.value, data)
    assert err.messages == ["/x/venue.yaml: halls[0] (h1).exits[0] (E1).width: must be > 0, got -1"]


def test_a_value_of_two_forms_is_faulted_in_the_form_it_came_nearest(tmp_path: Path) -> None:
    """A column is [x, y, w, d] or a polygon: [29.5, 19.5, 0, 0] has a zero width and depth
    as the first, and no points as the second; only the first two errors are said."""
    path = tmp_path / "venue.yaml"
    path.write_text(
        "id: v\nhalls:\n  - id: a\n    outline: [[0, 0], [40, 0], [40, 30], [0, 30]]\n"
        "    columns: [[29.5, 19.5, 0, 0]]\n    exits: [{id: E1, at: [20, 0], width: 4}]\n"
    )
    with pytest.raises(InputError) as caught:
        load_venue(path)
    assert [m.split("venue.yaml: ")[1] for m in caught.value.messages] == [
        "halls[0] (a).columns[0][2]: must be > 0, got 0",
        "halls[0] (a).columns[0][3]: must be > 0, got 0",
    ]


@pytest.mark.parametrize(
    ("exit_spec", "said"),
    [
        ({"at": [1, 2, 3]}, "must hold at most 2 item(s), got [1, 2, 3]"),
        ({"at": 5}, "must be a list ([...]), got 5"),
        ({"id": ["x"]}, "must be text, got ['x']"),
    ],
)
def test_pydantics_words_do_not_reach_a_planner(exit_spec: dict[str, Any], said: str) -> None:
    """ "tuple should have at most 2 items after validation" and "input should be a valid
    tuple" are pydantic's words: a planner reads what the value must be."""
    from floorplan.io.errors import describe
    from floorplan.model import Exit

    with pytest.raises(ValidationError) as caught:
        Exit.model_validate({"id": "E1", "at": [0, 0], "width": 2, **exit_spec})
    assert [describe(e) for e in caught.value.errors()] == [said]


def test_a_value_as_near_one_form_as_the_other_is_faulted_in_both(tmp_path: Path) -> None:
    """A polygon column of five points with one bad coordinate is one error as a rectangle
    (too many numbers) and one as a polygon: the polygon's is the useful one, so both stay."""
    path = tmp_path / "venue.yaml"
    path.write_text(
        "id: v\nhalls:\n  - id: a\n    outline: [[0, 0], [40, 0], [40, 30], [0, 30]]\n"
        '    columns: [[[10, 10], [12, 10], [12, 12], [11, 13], [10, "x"]]]\n'
        "    exits: [{id: E1, at: [20, 0], width: 4}]\n"
    )
    with pytest.raises(InputError) as caught:
        load_venue(path)
    said = [m.split("venue.yaml: ")[1] for m in caught.value.messages]
    assert 'halls[0] (a).columns[0][4][1]: must be a number, got "x"' in said
