"""Any bytes in any input file: `floorplan info` answers 0 or 2, never a traceback.

Pure random bytes mostly stop at the first parser, so a second strategy
splices short junk into the valid fixture files to reach the model checks
and the cross-references behind them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

SIMPLE = Path(__file__).parents[1] / "data" / "simple"
FILES = ["exhibitors.csv", "event.yaml", "venue.yaml"]
ORIGINAL = {name: (SIMPLE / name).read_bytes() for name in FILES}

# Characters that steer YAML and CSV parsers into their odd corners.
TRICKY = ":[]{}-,#&*!|>'\"%@`\n\r \t0123456789.eE+-naif;\\\x00\ufeff"


@st.composite
def spliced(draw: st.DrawFn, name: str) -> bytes:
    base = ORIGINAL[name]
    start = draw(st.integers(0, len(base)))
    end = draw(st.integers(start, min(len(base), start + 20)))
    junk = draw(st.binary(max_size=20) | st.text(TRICKY, max_size=20).map(str.encode))
    return base[:start] + junk + base[end:]


def contents(name: str) -> st.SearchStrategy[bytes]:
    return st.binary(max_size=300) | spliced(name)


@pytest.mark.parametrize("name", FILES)
def test_random_bytes_give_exit_0_or_2(
    name: str, simple_dir: Path, invoke: Callable[..., Result]
) -> None:
    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=contents(name))
    def check(data: bytes) -> None:
        # Only `name` is ever rewritten, so the other two files stay as copied.
        (simple_dir / name).write_bytes(data)
        result = invoke("info", simple_dir / "event.yaml")
        assert "Traceback" not in result.output
        assert "internal error" not in result.output
        assert result.exit_code in (0, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if result.exit_code == 2:
            assert result.stdout == ""
            assert "error: " in result.stderr

    check()


@pytest.mark.parametrize(
    "name, body, needle",
    [
        ("event.yaml", b"name: x\nvenue: 2001-13-01\n", "YAML value"),
        ("event.yaml", b"a: !!int xyz\n", "YAML value"),
        ("event.yaml", b"a: !!float xyz\n", "YAML value"),
        ("event.yaml", b"a: !!timestamp xyz\n", "YAML value"),
        ("event.yaml", b"a: " + b"[" * 600, "nested too deeply"),
        ("event.yaml", b"!!python/object/apply:os.system [ls]\n", "YAML"),
        ("event.yaml", b"1: 2\n", "keys should be strings"),
        ("venue.yaml", b"id: v\nhalls: [5]\n", "halls[0]"),
        ("venue.yaml", b"\x00\x01\x02", "venue.yaml"),
        ("exhibitors.csv", b"\x00\x00\x00", "missing required column"),
        ("exhibitors.csv", b'id,name,area_m2\na,"' + b"x" * 200_000 + b'",9\n', "not valid CSV"),
        ("exhibitors.csv", b"id,name,area_m2\na,\xc0\xaf,9\n\x00\x00", "not text"),
    ],
    ids=[
        "bad-date",
        "bad-int-tag",
        "bad-float-tag",
        "bad-timestamp-tag",
        "deep-nesting",
        "python-tag",
        "int-keys",
        "hall-not-a-mapping",
        "binary-venue",
        "nul-csv",
        "huge-field",
        "overlong-utf8",
    ],
)
def test_odd_files_found_while_fuzzing(
    name: str, body: bytes, needle: str, simple_dir: Path, invoke: Callable[..., Result]
) -> None:
    (simple_dir / name).write_bytes(body)
    result = invoke("info", simple_dir / "event.yaml")
    assert result.exit_code == 2, result.output
    assert name in result.stderr and needle in result.stderr
    assert "Traceback" not in result.output


def test_nul_byte_in_a_path_inside_the_event(
    simple_dir: Path, invoke: Callable[..., Result]
) -> None:
    event = simple_dir / "event.yaml"
    event.write_text(event.read_text().replace("venue: venue.yaml", 'venue: "ven\\0ue.yaml"'))
    result = invoke("info", event)
    assert result.exit_code == 2, result.output
    assert "NUL byte" in result.stderr
