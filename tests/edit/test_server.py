"""`floorplan edit` at the command line: what it refuses before serving, what it prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn

from floorplan.edit.server import free_port, is_loopback

from .conftest import HK_EVENT


@pytest.fixture
def no_serving(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record the uvicorn server instead of running it."""
    started: list[Any] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: started.append(self))
    return started


def test_a_foreign_host_needs_allow_remote(invoke: Any, layout_path: Path, no_serving: Any) -> None:
    result = invoke("edit", HK_EVENT, layout_path, "--host", "0.0.0.0", "--no-browser")
    assert result.exit_code == 2
    assert "--allow-remote" in result.stderr and "Traceback" not in result.stderr
    assert no_serving == []


def test_allow_remote_serves_with_a_warning(
    invoke: Any, layout_path: Path, no_serving: Any
) -> None:
    result = invoke(
        "edit", HK_EVENT, layout_path, "--host", "0.0.0.0", "--allow-remote", "--no-browser"
    )
    assert result.exit_code == 0, result.stderr
    assert "warning: serving on 0.0.0.0" in result.stderr
    assert len(no_serving) == 1 and no_serving[0].config.host == "0.0.0.0"


def test_the_url_with_its_token_is_printed(invoke: Any, layout_path: Path, no_serving: Any) -> None:
    result = invoke("edit", HK_EVENT, layout_path, "--no-browser", "--port", "8799")
    assert result.exit_code == 0, result.stderr
    assert "open http://127.0.0.1:8799/?token=" in result.stdout
    token = result.stdout.split("token=")[1].split()[0]
    assert len(token) >= 24
    assert no_serving[0].config.host == "127.0.0.1"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--port", "70000"], "--port 70000"),
        (["--port", "0"], "--port 0"),
    ],
)
def test_bad_ports_are_refused(
    invoke: Any, layout_path: Path, no_serving: Any, args: list[str], words: str
) -> None:
    result = invoke("edit", HK_EVENT, layout_path, "--no-browser", *args)
    assert result.exit_code == 2 and words in result.stderr


def test_a_missing_layout_is_an_input_error(invoke: Any, tmp_path: Path, no_serving: Any) -> None:
    result = invoke("edit", HK_EVENT, tmp_path / "nope.json", "--no-browser")
    assert result.exit_code == 2
    assert "nope.json: file not found" in result.stderr
    assert no_serving == []


def test_loopback_and_free_ports() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert free_port("127.0.0.1", 1234) == 1234
    assert 0 < free_port("127.0.0.1", None) < 65536
