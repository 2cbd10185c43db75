"""`floorplan edit EVENT LAYOUT`: start the editor on this machine and open it.

The server binds to 127.0.0.1 unless told otherwise; another address needs
`--allow-remote` and prints a warning, because anyone who can reach it and
learns the URL can change the layout file.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from floorplan.io.errors import InputError
from floorplan.io.load import load_event, load_layout

from .app import LOOPBACK_HOSTS, create_app, new_token
from .session import EditSession

DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def free_port(host: str, wanted: int | None) -> int:
    """`wanted` if given; else DEFAULT_PORT when free, else any free port."""
    if wanted is not None:
        return wanted
    for port in (DEFAULT_PORT, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host if host != "localhost" else "127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise InputError([f"no free port on {host}"])


def serve(
    event_path: Path,
    layout_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    open_browser: bool = True,
    allow_remote: bool = False,
    echo: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> None:
    """Load, start, print the URL, open it, and serve until Ctrl+C."""
    import uvicorn

    if not is_loopback(host) and not allow_remote:
        raise InputError(
            [
                f"--host {host} is not this machine alone: every device that reaches it could "
                "edit the layout; add --allow-remote if that is what you want"
            ]
        )
    if port is not None and not 0 < port < 65536:
        raise InputError([f"--port {port}: must be between 1 and 65535"])
    event = load_event(event_path, warn)
    layout = load_layout(layout_path, warn)
    if layout.event != event.name:
        warn(f"{layout_path} was made for event {layout.event!r}, not {event.name!r}")
    session = EditSession(event, layout_path, layout, live=True)
    token = new_token()
    hosts: tuple[str, ...] = LOOPBACK_HOSTS
    if not is_loopback(host):
        warn(
            f"serving on {host}: anyone who can reach this address and learns the URL (with its "
            "token) can change the layout; stop the server when you are done"
        )
        hosts = ("*",) if host in ("0.0.0.0", "::") else (*LOOPBACK_HOSTS, host)
    chosen = free_port(host, port)
    app = create_app(session, token, allowed_hosts=hosts)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{chosen}/?token={token}"
    config = uvicorn.Config(app, host=host, port=chosen, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    echo(f"floorplan edit: {event.name}, {layout_path}")
    echo(f"open {url}")
    echo("Ctrl+C stops the server (save first: unsaved changes are lost)")
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    with contextlib.suppress(KeyboardInterrupt):
        server.run()  # Ctrl-C is how the server stops (uvicorn raises it again once done)
    echo("floorplan edit: stopped")


__all__ = ["DEFAULT_PORT", "free_port", "is_loopback", "serve"]
