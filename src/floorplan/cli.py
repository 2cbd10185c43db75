"""The `floorplan` command line: a thin typer layer over the Python API.

Exit codes (CONTRACT.md): 0 success, 1 invalid layout or no layout found,
2 bad input. Bad input never shows a traceback.
"""

from __future__ import annotations

import functools
import json
import math
import os
import signal
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from floorplan.entry import INTERRUPTED
from floorplan.io.errors import InputError, display

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Trade-show floor plans: solve, validate and render hall layouts.",
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def fail(messages: list[str], code: int = 2) -> None:
    for message in messages:
        typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def readable_errors(func: F) -> F:
    """Turn input errors into exit 2 and unexpected ones into exit 3, without traceback.

    An operating-system error naming a file (disk full, permission denied
    while writing) is the environment, not a bug: exit 2 naming the file.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            fail(exc.messages, 2)
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            # Stopping now: a second Ctrl-C would only interrupt the clean-up at exit.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            # Outputs are staged and moved in together (`io.save`): none was half-written.
            fail([INTERRUPTED], 130)
        except OSError as exc:
            if os.environ.get("FLOORPLAN_DEBUG") or exc.filename is None:
                raise
            fail([f"{display(exc.filename)}: {exc.strerror or exc}"], 2)
        except Exception as exc:
            if os.environ.get("FLOORPLAN_DEBUG"):
                raise
            fail(
                [
                    f"internal error: {type(exc).__name__}: {exc} "
                    "(set FLOORPLAN_DEBUG=1 to see where)"
                ],
                3,
            )
        return None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"floorplan {version('floorplan')}")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            typer.echo("floorplan (not installed)")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Trade-show floor plans: solve, validate and render hall layouts."""


EventArg = Annotated[Path, typer.Argument(help="The event YAML file.", show_default=False)]
LayoutArg = Annotated[Path, typer.Argument(help="A layout.json file.", show_default=False)]


class SchemaName(StrEnum):
    venue = "venue"
    event = "event"
    layout = "layout"
    requests = "requests"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


class ImageFormat(StrEnum):
    png = "png"
    svg = "svg"
    pdf = "pdf"


@app.command()
@readable_errors
def info(event: EventArg) -> None:
    """Load an event and print what it asks for and what its halls offer."""
    from floorplan.info import report
    from floorplan.io.load import load_event

    typer.echo(report(load_event(event, warn)))


@app.command()
@readable_errors
def schema(name: Annotated[SchemaName, typer.Argument(help="Which file.")]) -> None:
    """Print the JSON Schema of a contract file."""
    from pydantic import BaseModel

    from floorplan.io.load import EventFile
    from floorplan.model import Layout, Request, Venue
    from floorplan.model.schema import contract_schema

    models: dict[str, type[BaseModel]] = {
        "venue": Venue,
        "event": EventFile,
        "layout": Layout,
        "requests": Request,
    }
    typer.echo(json.dumps(contract_schema(models[name.value]), indent=2))


@app.command()
@readable_errors
def validate(
    event: EventArg,
    layout: LayoutArg,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Report format.")
    ] = ReportFormat.text,
) -> None:
    """Prove a layout valid against the contract (exit 0), or list its violations (exit 1)."""
    from floorplan.io.load import load_event, load_layout
    from floorplan.validate import validate as run_validation

    try:
        ev = load_event(event, warn)
        lay = load_layout(layout, warn)
    except InputError as exc:
        if format is ReportFormat.json:
            # A CI step parsing stdout gets an object to parse, also for bad input.
            typer.echo(json.dumps({"valid": False, "errors": exc.messages}, indent=2))
        raise
    if lay.event != ev.name:
        warn(f"{layout} was made for event {lay.event!r}, not {ev.name!r}")
    for number, ids in _shared_numbers(lay).items():
        warn(f"{layout}: stand number {number} is on {len(ids)} stands ({', '.join(ids)})")
    result = run_validation(ev, lay)
    if format is ReportFormat.json:
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        typer.echo(result.to_text())
    raise typer.Exit(0 if result.valid else 1)


def _shared_numbers(layout: Any) -> dict[str, list[str]]:
    """Stand numbers more than one stand carries: not a contract rule, but exhibitor manuals
    and signs print them, so a hand-edited plan that repeats one is said."""
    holders: dict[str, list[str]] = {}
    for stand in layout.stands:
        if stand.number:
            holders.setdefault(stand.number, []).append(stand.request_id)
    return {n: ids for n, ids in holders.items() if len(ids) > 1}


@app.command()
@readable_errors
def render(
    event: EventArg,
    layout: LayoutArg,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("."),
    format: Annotated[
        ImageFormat, typer.Option("--format", help="Image format.")
    ] = ImageFormat.png,
) -> None:
    """Draw one map per hall and an overview."""
    from floorplan.io.load import load_event, load_layout
    from floorplan.io.save import check_output_dir
    from floorplan.render import render_layout
    from floorplan.render.titleblock import revision_of

    ev = load_event(event, warn)
    lay = load_layout(layout, warn)
    names = [f"{h}.{format.value}" for h in ev.halls] + [f"overview.{format.value}"]
    check_output_dir(out, names)
    # The revision printed on the maps is the hash of the file as read.
    rev = revision_of(layout.read_bytes())
    from floorplan.render.files import default_workers

    drawn = render_layout(
        ev, lay, out, fmt=format.value, revision=rev, workers=default_workers(len(ev.halls))
    )
    for path in drawn:
        typer.echo(str(path))


def _positive(value: float | None) -> float | None:
    """A time limit is more than zero seconds (as `solver.time_limit_s` in event.yaml)."""
    if value is not None and not (value > 0 and math.isfinite(value)):
        raise typer.BadParameter(f"must be a number of seconds more than 0, got {value:g}")
    return value


@app.command()
@readable_errors
def solve(
    event: EventArg,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            help="Wall-clock limit for the whole command, s.",
            callback=_positive,
        ),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed.", min=0)] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Processes solving halls side by side (at most the cores).",
            min=1,
            max=64,
        ),
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Previous layout.json to keep stable.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="No progress display; the summary still prints.")
    ] = False,
    require_all: Annotated[
        bool,
        typer.Option(
            "--require-all", help="Exit 1 and write nothing unless every request is placed."
        ),
    ] = False,
) -> None:
    """Place the event's stands and aisles; write layout.json and the hall maps."""
    from floorplan.solve.command import run_solve

    code = run_solve(
        event,
        out,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        baseline=baseline,
        quiet=quiet,
        warn=warn,
        require_all=require_all,
    )
    raise typer.Exit(code)


class DrawingUnits(StrEnum):
    mm = "mm"
    cm = "cm"
    m = "m"
    inch = "in"
    ft = "ft"


@app.command(name="import-dxf")
@readable_errors
def import_dxf(
    drawing: Annotated[Path, typer.Argument(help="A DXF hall plan.", show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="The venue YAML to write.")],
    layer_map: Annotated[
        Path | None, typer.Option("--layer-map", help="YAML naming the drawing's layers.")
    ] = None,
    units: Annotated[
        DrawingUnits | None,
        typer.Option("--units", help="Drawing units, if $INSUNITS is unset.", case_sensitive=False),
    ] = None,
    layout: Annotated[
        Path | None,
        typer.Option(
            "--layout", help="Also read the stands into this layout.json (needs --event)."
        ),
    ] = None,
    event: Annotated[
        Path | None,
        typer.Option("--event", help="The event whose requests the stands belong to."),
    ] = None,
) -> None:
    """Read hall outlines, columns, keep-outs and exits from a DXF drawing into a venue YAML.

    With --layout and --event, also read the stands of an existing plan into a layout.
    """
    from floorplan.cad import import_dxf as run_import
    from floorplan.cad import import_dxf_plan, load_layer_map, units_from_name
    from floorplan.io.errors import InputError
    from floorplan.io.save import check_not_input, check_output_file

    check_output_file(out)
    if layout is not None:
        check_output_file(layout)
    check_not_input([out, layout], [drawing, event, layer_map])

    if (layout is None) != (event is None):
        given, needed = ("--layout", "--event") if layout is not None else ("--event", "--layout")
        raise InputError(
            [f"{given} needs {needed}: the stands are matched to the event's requests"]
        )
    drawing_units = units_from_name(units.value) if units is not None else None
    if layout is not None and event is not None:
        plan = import_dxf_plan(
            drawing, out, layout, event, load_layer_map(layer_map), drawing_units, warn
        )
        venue = plan.venue.venue
    else:
        venue = run_import(drawing, out, load_layer_map(layer_map), drawing_units, warn)
    for hall in venue.halls:
        typer.echo(
            f"{hall.id}: {hall.gross_area:,.0f} m2, {len(hall.columns)} columns, "
            f"{len(hall.keep_out)} keep-outs, {len(hall.exits)} exits"
        )
    typer.echo(f"wrote {out}")
    if layout is not None:
        placed, unplaced = len(plan.layout.stands), len(plan.layout.unplaced)
        typer.echo(
            f"{placed} stands matched to requests, {unplaced} requests not in the plan, "
            f"{len(plan.unclaimed)} stands claimed by no request"
        )
        typer.echo(f"wrote {layout}")


@app.command(name="export-dxf")
@readable_errors
def export_dxf(
    event: EventArg,
    layout: LayoutArg,
    out: Annotated[Path, typer.Option("-o", "--out", help="The DXF file to write.")],
) -> None:
    """Write the halls and a layout's stands, aisles and exit clearances as a DXF drawing."""
    from floorplan.cad import export_dxf as run_export
    from floorplan.io.load import load_event, load_layout
    from floorplan.io.save import check_not_input, check_output_file

    ev, lay = load_event(event, warn), load_layout(layout, warn)
    check_output_file(out)
    check_not_input([out], [event, layout])
    run_export(ev, lay, out, warn)
    typer.echo(f"wrote {out}")


@app.command()
@readable_errors
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier layout.json.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later layout.json.", show_default=False)],
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Report format.")
    ] = ReportFormat.text,
) -> None:
    """Say per exhibitor what changed between two layouts (exit 0 even when something did)."""
    from floorplan.diff import DiffError, diff_layouts
    from floorplan.io.load import load_layout

    layouts = {"old": (old, load_layout(old, warn)), "new": (new, load_layout(new, warn))}
    try:
        result = diff_layouts(layouts["old"][1], layouts["new"][1])
    except DiffError as exc:
        raise InputError.one(layouts[exc.side][0], str(exc)) from None
    if result.old_event != result.new_event:
        warn(f"the layouts are for different events: {result.old_event!r}, {result.new_event!r}")
    if format is ReportFormat.json:
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        typer.echo(result.to_text())


@app.command()
@readable_errors
def edit(
    event: EventArg,
    layout: LayoutArg,
    port: Annotated[
        int | None, typer.Option("--port", help="Port (default 8765, or a free one).")
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the URL, do not open a browser.")
    ] = False,
    host: Annotated[
        str, typer.Option("--host", help="Address to serve on (this machine only by default).")
    ] = "127.0.0.1",
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote", help="Accept a --host other than this machine (see README)."
        ),
    ] = False,
) -> None:
    """Review and change a layout in the browser, with the validator live; save writes LAYOUT."""
    from floorplan.edit.server import serve

    serve(
        event,
        layout,
        host=host,
        port=port,
        open_browser=not no_browser,
        allow_remote=allow_remote,
        echo=typer.echo,
        warn=warn,
    )


def main() -> None:
    app(prog_name="floorplan")


if __name__ == "__main__":  # pragma: no cover
    main()
