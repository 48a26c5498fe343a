"""`gsvlms review`: the curator's web application (FastAPI + Jinja2 + htmx, served by uvicorn).

Pages: the queue (``/``), one case (``/case/N``), one conflict side by side
(``/conflict/N``), the dashboard (``/dashboard``). Every write is a POST carrying a CSRF token
(double-submit: a random cookie echoed in a hidden field, compared in constant time, and a
cross-site ``Origin`` refused) and the number of decisions the curator saw on the item, so a
decision taken meanwhile by someone else is reported ("already decided by X at T", HTTP 409)
instead of overwritten. Forms work without JavaScript; htmx boosts them and ``review.js``
adds keyboard shortcuts.
"""

from __future__ import annotations

import hmac
import secrets
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlparse

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from gsvlms_extract.errors import GsvlmsError
from gsvlms_extract.registry.decisions import AlreadyDecided

__all__ = ["create_app", "serve"]

CSRF_COOKIE = "gsvlms_csrf"
CURATOR_COOKIE = "gsvlms_curator"


def _templates() -> Jinja2Templates:
    return Jinja2Templates(directory=str(files("gsvlms_extract.review") / "templates"))


def create_app(engine: Engine, *, curator: str | None = None) -> FastAPI:
    """The review application over an open registry ``engine``."""
    from gsvlms_extract.registry.case_decisions import decide_case, decide_exclusion
    from gsvlms_extract.registry.curation import case_detail, conflicts_with_evidence, queue
    from gsvlms_extract.registry.decisions import decide_value, resolve_conflict

    app = FastAPI(title="gsvlms review", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount(
        "/static",
        StaticFiles(directory=str(files("gsvlms_extract.review") / "static")),
        name="static",
    )
    templates = _templates()

    def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        who = request.cookies.get(CURATOR_COOKIE) or curator or ""
        response = templates.TemplateResponse(
            request, name, {"csrf": token, "curator": who, **context}, status_code=status
        )
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    def check(request: Request, token: str, who: str) -> str:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if not cookie or not hmac.compare_digest(cookie, token):
            raise HTTPException(403, "CSRF token missing or wrong: reload the page")
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlparse(origin).netloc != request.url.netloc:
            raise HTTPException(403, "cross-site request refused")
        if not who.strip():
            raise HTTPException(400, "give your name as curator")
        return who.strip()

    def after(request: Request, target: str, who: str, message: str) -> Response:
        response = RedirectResponse(f"{target}?done={quote(message)}", status_code=303)
        response.set_cookie(CURATOR_COOKIE, who, samesite="strict")
        return response

    def refused(request: Request, exc: GsvlmsError, back: str) -> Response:
        status = 409 if isinstance(exc, AlreadyDecided) else 400
        return render(request, "message.html", status, message=str(exc), back=back)

    def next_item(after_id: int | None = None) -> str:
        items = queue(engine)
        ids = [c["id"] for c in items["conflicts"] if c["id"] != after_id]
        if ids:
            return f"/conflict/{ids[0]}"
        return "/"

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, done: str | None = None) -> Response:
        return render(request, "queue.html", items=queue(engine), done=done)

    @app.get("/case/{case_id}", response_class=HTMLResponse)
    def case_page(request: Request, case_id: int, done: str | None = None) -> Response:
        detail = case_detail(engine, case_id)
        if detail is None:
            raise HTTPException(404, f"case {case_id}: no such case")
        return render(request, "case.html", d=detail, done=done)

    @app.get("/conflict/{conflict_id}", response_class=HTMLResponse)
    def conflict_page(request: Request, conflict_id: int, done: str | None = None) -> Response:
        rows = [c for c in conflicts_with_evidence(engine, status=None) if c["id"] == conflict_id]
        if not rows:
            raise HTTPException(404, f"conflict {conflict_id}: no such conflict")
        return render(
            request, "conflict.html", c=rows[0], next_url=next_item(conflict_id), done=done
        )

    @app.post("/conflict/{conflict_id}")
    def conflict_post(
        request: Request,
        conflict_id: int,
        action: str = Form(...),
        reason: str = Form(""),
        value: str = Form(""),
        curator_name: str = Form("", alias="curator"),
        csrf: str = Form(""),
    ) -> Response:
        who = check(request, csrf, curator_name)
        if action == "value" and value.strip().upper() in ("NA", "NULL", ""):
            action = "not_reported"
        try:
            result = resolve_conflict(
                engine,
                conflict_id,
                action,
                reason=reason,
                value=value or None,
                by=who,
                channel="review",
            )
        except GsvlmsError as exc:
            return refused(request, exc, f"/conflict/{conflict_id}")
        return after(request, next_item(conflict_id), who, result.message)

    @app.post("/case/{case_id}/value")
    def value_post(
        request: Request,
        case_id: int,
        field: str = Form(...),
        value: str = Form(""),
        reason: str = Form(""),
        version: int = Form(0),
        curator_name: str = Form("", alias="curator"),
        csrf: str = Form(""),
    ) -> Response:
        who = check(request, csrf, curator_name)
        try:
            result = decide_value(
                engine,
                case_id,
                field,
                value or None,
                reason=reason,
                by=who,
                channel="review",
                expected=version,
            )
        except GsvlmsError as exc:
            return refused(request, exc, f"/case/{case_id}")
        return after(request, f"/case/{case_id}", who, result.message)

    @app.post("/case/{case_id}/decision")
    def case_post(
        request: Request,
        case_id: int,
        action: str = Form(...),
        reason: str = Form(""),
        into: str = Form(""),
        curator_name: str = Form("", alias="curator"),
        csrf: str = Form(""),
    ) -> Response:
        who = check(request, csrf, curator_name)
        try:
            target = int(into) if into.strip() else None
            result = decide_case(
                engine, case_id, action, reason=reason, into=target, by=who, channel="review"
            )
        except ValueError:
            return refused(request, GsvlmsError(f"merge into {into!r}: not a case number"), "/")
        except GsvlmsError as exc:
            return refused(request, exc, f"/case/{case_id}")
        return after(request, "/", who, result.message)

    @app.post("/exclusion/{extraction_id}")
    def exclusion_post(
        request: Request,
        extraction_id: int,
        action: str = Form(...),
        reason: str = Form(""),
        curator_name: str = Form("", alias="curator"),
        csrf: str = Form(""),
    ) -> Response:
        who = check(request, csrf, curator_name)
        try:
            result = decide_exclusion(
                engine, extraction_id, action, reason=reason, by=who, channel="review"
            )
        except GsvlmsError as exc:
            return refused(request, exc, "/")
        return after(request, "/", who, result.message)

    @app.get("/dashboard", response_class=HTMLResponse)
    def dashboard() -> Response:
        from gsvlms_extract.registry.dashboard import dashboard_html

        return HTMLResponse(dashboard_html(engine, back="/"))

    return app


def serve(engine: Engine, *, host: str = "127.0.0.1", port: int = 8765, curator: str | None = None):
    """Run the application with uvicorn until interrupted; prints the address first."""
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise GsvlmsError(f"{host}:{port}: cannot listen ({exc.strerror})") from None
    bound = sock.getsockname()[1]
    print(f"gsvlms review: http://{host}:{bound}/  (Ctrl-C to stop)", flush=True)
    config = uvicorn.Config(create_app(engine, curator=curator), log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])
