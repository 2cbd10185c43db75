"""The editor's web app: the page, its JSON API, and the guards a local server needs.

A server on 127.0.0.1 is reachable from every page the planner's browser
opens, so:

- every `/api/` request and the page itself need the per-run token (header
  `X-Floorplan-Token` or query `token`), which only the URL printed at start
  carries: another site can neither read the layout nor post changes;
- the Host header must name this server (defeats DNS rebinding);
- request bodies are capped at `MAX_BODY_BYTES`;
- no request names a file: the event and the layout were fixed at start,
  exports are streamed back.

Bad input is a 4xx with `{"error": "..."}` and changes nothing. The JSON API
is documented in README.md ("Editing in the browser").
"""

from __future__ import annotations

import contextlib
import secrets
import tempfile
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import BackgroundTasks, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from floorplan.model.layout import Layout
from floorplan.render.palette import Fill, category_fills
from floorplan.render.scene import build_scene, stand_numbers
from floorplan.render.verdict import hall_violations, violation_text

from . import resolve
from .ops import EditRequest, SolveRequest
from .session import EditError, EditSession, default_size
from .svgmap import hall_svg, stand_svg, violations_svg

STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 64 * 1024
"""The largest edit is a few hundred bytes; 64 kB leaves room and stops a flood."""
TOKEN_HEADER = "X-Floorplan-Token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
EXPORT_KINDS = ("png", "pdf")

_draw_lock = threading.Lock()
"""matplotlib's text measurer and figures are not shared between threads."""


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        seen = 0
        refused = False

        async def limited() -> Message:
            # A streamed body over the limit: answer 413 now and tell the app the
            # client left, so it stops reading; whatever it answers is dropped.
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit and not refused:
                    refused = True
                    await _too_large(send, self.limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, limited, guarded_send)


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"error": "request body over {limit} bytes"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Editor:
    """The session plus what the app adds: the re-solve job and the drawing of halls."""

    def __init__(self, session: EditSession) -> None:
        self.session = session
        self.fills: dict[str | None, Fill] = category_fills(session.event)
        self.job: resolve.ResolveJob | None = None
        self.job_lock = threading.Lock()
        self._numbers: tuple[Layout, dict[str, str]] | None = None

    def numbers(self, layout: Layout) -> dict[str, str]:
        """Stand numbers as the maps show them, computed once per layout."""
        if self._numbers is None or self._numbers[0] is not layout:
            self._numbers = (layout, stand_numbers(self.session.event, layout))
        return self._numbers[1]

    def svg(self, hall_id: str, layout: Layout | None = None) -> str:
        s = self.session
        event = s.event
        if hall_id not in event.halls:
            raise EditError(404, f"unknown hall {hall_id!r}; the event uses {list(event.halls)}")
        with s.lock:
            if layout is None:
                layout, report = s.layout, s.report()
            else:
                from floorplan.validate import validate

                report = validate(event, layout, halls={hall_id})
        with _draw_lock:
            scene = build_scene(event, layout, hall_id, report, self.numbers(layout))
            return hall_svg(event, scene, self.fills)

    def state(self) -> dict[str, Any]:
        s = self.session
        event = s.event
        with s.lock:
            layout = s.layout
            report = s.report()
            checking = s.checking
            with _draw_lock:
                numbers = self.numbers(layout)
            stand_halls = {st.request_id: st.hall for st in layout.stands}
            per_hall = {h: hall_violations(report, h, stand_halls) for h in event.halls}
            shown = {id(v) for vs in per_hall.values() for v in vs}
            halls = [
                {
                    "id": h.id,
                    "name": h.name or h.id,
                    "bounds": list(h.shape.bounds),
                    "stands": sum(st.hall == h.id for st in layout.stands),
                    "violations": len(per_hall[h.id]),
                }
                for h in event.hall_models
            ]
            violations = [
                {
                    "tag": f"V{k}",
                    "hall": h,
                    "rule": v.rule,
                    "stands": list(v.stands),
                    "message": violation_text(v),
                }
                for h, vs in per_hall.items()
                for k, v in enumerate(vs, start=1)
            ] + [
                {
                    "tag": "",
                    "hall": v.hall,
                    "rule": v.rule,
                    "stands": list(v.stands),
                    "message": violation_text(v),
                }
                for v in report.violations
                if id(v) not in shown
            ]
            n = len(report.violations)
            found = f"{n} violation{'s' if n != 1 else ''}"
            if checking:
                verdict = (
                    f"{found if n else 'no violation'} so far; checking access, open sides "
                    f"and travel in {', '.join(checking)}…"
                )
            else:
                verdict = "Valid: every rule holds" if report.valid else found
            state = {
                "event": event.name,
                "layout_file": s.layout_path.name,
                "grid_m": event.rules.grid_m,
                "aisle_width_m": event.rules.aisle_width_m,
                "halls": halls,
                "stands": [
                    st.model_dump(exclude_none=True) | {"number": numbers.get(st.request_id, "")}
                    for st in layout.stands
                ],
                "unplaced": [
                    {
                        "request_id": u.request_id,
                        "reason": u.reason,
                        "default_size": list(default_size(event.request_by_id[u.request_id], event))
                        if u.request_id in event.request_by_id
                        else None,
                    }
                    for u in layout.unplaced
                ],
                "requests": {r.id: _request_json(r) for r in event.requests},
                "valid": report.valid and not checking,
                "checking": checking,
                "verdict": verdict,
                "violations": violations,
                "can_undo": s.can_undo,
                "can_redo": s.can_redo,
                "dirty": s.dirty,
                "version": s.version,
            }
        with self.job_lock:
            state["resolve"] = self.job.to_json() if self.job is not None else None
        return state

    def changed(self, before: Layout) -> dict[str, Any]:
        """The answer to a change, fast: the new state, the changed stands, the findings layer.

        `stands` maps each changed request id to its new `<g class="stand">` (None
        when it left the floor), `violations` each touched hall to its new
        `<g class="violations">`. Halls still being checked (`state.checking`)
        get their full SVG from GET /api/halls/<id>.svg once the check is done;
        the others come whole in `svg`.
        """
        s = self.session
        event = s.event
        with s.lock:
            after, report, checking = s.layout, s.report(), set(s.checking)
        old = {st.request_id: st for st in before.stands}
        new = {st.request_id: st for st in after.stands}
        rids = sorted(r for r in old.keys() | new.keys() if old.get(r) != new.get(r))
        halls = {old[r].hall for r in rids if r in old} | {new[r].hall for r in rids if r in new}
        halls &= set(event.halls)
        stand_halls = {st.request_id: st.hall for st in after.stands}
        with _draw_lock:
            numbers = self.numbers(after)
            stands = {
                r: stand_svg(event, new[r], numbers.get(r, ""), self.fills) if r in new else None
                for r in rids
            }
            layers = {
                h: violations_svg(
                    [st for st in after.stands if st.hall == h],
                    numbers,
                    hall_violations(report, h, stand_halls),
                )
                for h in sorted(halls)
            }
        return {
            "state": self.state(),
            "halls": sorted(halls),
            "stands": stands,
            "violations": layers,
            "svg": {h: self.svg(h) for h in sorted(halls - checking)},
        }


def _request_json(r: Any) -> dict[str, Any]:
    data: dict[str, Any] = r.model_dump(exclude_none=True)
    data["open_sides_needed"] = r.open_sides_needed
    data["keep_apart"] = list(r.keep_apart)
    return data


def create_app(
    session: EditSession,
    token: str,
    *,
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS,
    max_body: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The ASGI app for one session; `token` is the secret the opened URL carries."""
    editor = Editor(session)
    session.defer_checks = True  # each change's check starts once its answer is sent

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        session.close()  # stop the background checker with the server

    app = FastAPI(
        title="floorplan edit", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.editor = editor

    def require_token(request: Request) -> None:
        given = request.headers.get(TOKEN_HEADER) or request.query_params.get("token") or ""
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise EditError(
                403,
                "missing or wrong token: open the URL that `floorplan edit` printed",
            )

    @app.exception_handler(EditError)
    async def _edit_error(_: Request, exc: EditError) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _bad_body(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _readable(exc.errors())}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    guarded = [Depends(require_token)]

    @app.get("/", dependencies=guarded)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    @app.get("/api/state", dependencies=guarded)
    def get_state() -> dict[str, Any]:
        return editor.state()

    @app.get("/api/halls/{hall_id}.svg", dependencies=guarded)
    def get_svg(hall_id: str, view: str = "current") -> Response:
        if view not in ("current", "proposal"):
            raise EditError(422, "view is current or proposal")
        layout = None
        if view == "proposal":
            with editor.job_lock:
                job = editor.job
                if job is None or job.state != "done" or job.layout is None:
                    raise EditError(409, "no re-solve proposal to show")
                layout = job.layout
        return Response(editor.svg(hall_id, layout), media_type="image/svg+xml")

    @app.post("/api/edit", dependencies=guarded)
    def post_edit(body: EditRequest, after: BackgroundTasks) -> dict[str, Any]:
        before = session.layout
        after.add_task(session.kick)
        session.apply(body.edit)
        return editor.changed(before)

    @app.post("/api/undo", dependencies=guarded)
    def post_undo(after: BackgroundTasks) -> dict[str, Any]:
        before = session.layout
        after.add_task(session.kick)
        session.undo()
        return editor.changed(before)

    @app.post("/api/redo", dependencies=guarded)
    def post_redo(after: BackgroundTasks) -> dict[str, Any]:
        before = session.layout
        after.add_task(session.kick)
        session.redo()
        return editor.changed(before)

    @app.post("/api/save", dependencies=guarded)
    def post_save() -> dict[str, Any]:
        before = set(session.layout.stands)
        result = session.save()
        renumbered = {s.hall for s in before ^ set(session.layout.stands)}
        message = f"saved {result.path.name}"
        if result.backup is not None:
            message += f" (previous file kept as {result.backup.name})"
        if not result.valid:
            n = result.violations
            message += (
                f"; the layout is not valid yet ({n} violation{'s' if n != 1 else ''}): "
                "saved as work in progress"
            )
        return {
            "message": message,
            "file": result.path.name,
            "backup": result.backup.name if result.backup else None,
            "valid": result.valid,
            "violations": result.violations,
            "state": editor.state(),
            "svg": {h: editor.svg(h) for h in sorted(renumbered) if h in session.event.halls},
        }

    @app.post("/api/solve", dependencies=guarded)
    def post_solve(body: SolveRequest | None = None) -> dict[str, Any]:
        body = body or SolveRequest()
        settings = session.event.solver
        with editor.job_lock:
            if editor.job is not None and editor.job.state == "running":
                raise EditError(409, "a re-solve is already running")
            with session.lock:
                job = resolve.ResolveJob(
                    before=session.layout,
                    version=session.version,
                    time_limit_s=body.time_limit_s or settings.time_limit_s,
                    seed=body.seed if body.seed is not None else settings.seed,
                    workers=body.workers or min(settings.workers, 2),
                )
            editor.job = job
        resolve.start(session.event, job, editor.job_lock)
        return {"resolve": job.to_json()}

    @app.get("/api/solve", dependencies=guarded)
    def get_solve() -> dict[str, Any]:
        with editor.job_lock:
            return {"resolve": editor.job.to_json() if editor.job is not None else None}

    @app.post("/api/solve/keep", dependencies=guarded)
    def post_keep() -> dict[str, Any]:
        with editor.job_lock:
            job = editor.job
            if job is None or job.state != "done" or job.layout is None:
                raise EditError(409, "no re-solve proposal to keep")
            if job.version != session.version:
                raise EditError(
                    409, "the layout changed since the re-solve started; discard it and re-solve"
                )
            editor.job = None
        session.replace(job.layout)
        return {"state": editor.state(), "svg": {h: editor.svg(h) for h in session.event.halls}}

    @app.post("/api/solve/discard", dependencies=guarded)
    def post_discard() -> dict[str, Any]:
        with editor.job_lock:
            if editor.job is None:
                raise EditError(409, "no re-solve to discard")
            if editor.job.state == "running":
                raise EditError(409, "the re-solve is still running; wait for it to finish")
            editor.job = None
        return {"state": editor.state()}

    @app.get("/api/export/{name}", dependencies=guarded)
    def get_export(name: str) -> Response:
        return _export(editor, name)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(BodyLimit, limit=max_body)
    return app


def _export(editor: Editor, name: str) -> Response:
    """`<hall>.png|pdf`, `overview.png|pdf` or `layout.dxf` of the current layout."""
    session = editor.session
    event = session.event
    stem, _, kind = name.rpartition(".")
    with session.lock:
        layout, report = session.finished(), session.report()
    media = {"png": "image/png", "pdf": "application/pdf", "dxf": "application/dxf"}
    if kind == "dxf" and stem == "layout":
        from floorplan.cad import export_dxf

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "layout.dxf"
            with _draw_lock:
                export_dxf(event, layout, out)
            data = out.read_bytes()
    elif kind in EXPORT_KINDS and (stem in event.halls or stem == "overview"):
        from floorplan.render.files import save_figure
        from floorplan.render.overview import overview_sheet
        from floorplan.render.sheet import hall_sheet

        with tempfile.TemporaryDirectory() as tmp, _draw_lock:
            out = Path(tmp) / name
            if stem == "overview":
                numbers = stand_numbers(event, layout)
                scenes = {h: build_scene(event, layout, h, report, numbers) for h in event.halls}
                from floorplan.render import titleblock
                from floorplan.render.sheet import SheetInfo

                info = SheetInfo(titleblock.revision_of(layout), titleblock.drawing_date())
                fig = overview_sheet(event, layout, report, scenes, editor.fills, info, 150)
            else:
                fig, _ = hall_sheet(event, layout, stem, report, fills=editor.fills)
            save_figure(fig, out, kind)
            data = out.read_bytes()
    else:
        raise EditError(
            404,
            f"no export {name!r}: ask for <hall>.png, <hall>.pdf, overview.png, overview.pdf "
            "or layout.dxf",
        )
    return Response(
        data,
        media_type=media[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _readable(errors: Any) -> str:
    """Pydantic's errors as one line: `edit.x: Input should be a finite number`."""
    parts = []
    for e in errors:
        loc = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body",))
        parts.append(f"{loc}: {e.get('msg', 'invalid')}" if loc else str(e.get("msg", "invalid")))
    return "; ".join(parts[:5]) or "malformed request"


__all__ = ["MAX_BODY_BYTES", "TOKEN_HEADER", "Editor", "create_app", "new_token"]
