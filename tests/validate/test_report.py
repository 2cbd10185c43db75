"""The report's text and JSON forms: what users grep and what CI parses."""

from __future__ import annotations

import json
import math

from floorplan.validate import Report, Violation
from floorplan.validate.report import violation

from .conftest import block_case


def test_violation_message_names_rule_hall_and_stands() -> None:
    v = violation("C7", "hall-5", ["car03"], "walk to nearest exit 71.5 m > 60 m", measured=71.5)
    assert v.message == "C7 hall-5 car03: walk to nearest exit 71.5 m > 60 m"
    assert violation("C9", None, ["x"], "missing").message == "C9 x: missing"
    assert violation("C2", "h", ["a", "b"], "overlap").message == "C2 h a,b: overlap"


def test_text_report_is_one_line_per_violation_then_a_summary() -> None:
    report = Report(
        [
            violation("C4", "h", ["a"], "no access"),
            violation("C7", "h", ["b"], "too far"),
            violation("C4", "h", ["c"], "no access"),
        ],
        {"placed": 57, "requested": 58, "net_to_gross": 0.5213},
    )
    assert report.to_text().splitlines() == [
        "C4 h a: no access",
        "C7 h b: too far",
        "C4 h c: no access",
        "INVALID: 3 violations (C4 x2, C7 x1); 57/58 placed, net-to-gross 0.52",
    ]
    assert not report.valid


def test_valid_summary() -> None:
    report = block_case().check()
    assert report.valid
    assert report.to_text().startswith("VALID: 8/9 placed, net-to-gross 0.20, longest travel ")


def test_json_report_shape() -> None:
    case = block_case().moved("s2", x=14.5)
    data = json.loads(json.dumps(case.check().to_json()))
    assert set(data) == {"valid", "violations", "metrics", "summary"}
    assert data["valid"] is False
    (v,) = data["violations"]
    assert v == {
        "rule": "C2",
        "hall": "h1",
        "stands": ["s2", "s3"],
        "message": "C2 h1 s2,s3: stands overlap by 2 m2",
        "measured": 2.0,
        "limit": 0.0,
        "at": [20.25, 10.0],
    }
    assert data["summary"].startswith("INVALID: 1 violation (C2 x1); 8/9 placed")
    for key in ("placed", "requested", "net_to_gross", "halls", "open_sides", "travel_m"):
        assert key in data["metrics"]


def test_json_has_no_infinity() -> None:
    v = Violation("C7", "h", ("a",), "C7 h a: no walking route", math.inf, 60.0, None)
    assert v.to_json()["measured"] is None
    json.dumps(Report([v]).to_json(), allow_nan=False)
