"""The local app's start page, the notice's preview, the language switch and the static files;
the other sections come from their own modules (:mod:`rekisteri.web.requests`). Each route reads
the register afresh, calls the library and renders one template of ``templates/web`` in the
interface's language (:mod:`rekisteri.web.pages`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from rekisteri.documents import templating
from rekisteri.errors import Diagnostic, RekisteriError
from rekisteri.lint import LintReport, Severity, lint_register
from rekisteri.lint.validate import report_language, validate
from rekisteri.notice.render import render_html
from rekisteri.operations.service import RequestLog
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from rekisteri.resources import templates_dir
from rekisteri.web import editor, publish, requests, running
from rekisteri.web.guard import Guard, Session
from rekisteri.web.pages import (
    INTERFACE_LANGUAGES,
    LANGUAGE_COOKIE,
    deadline,
    explain,
    not_found,
    page,
    register_language,
    with_own_styles,
)
from rekisteri.web.running import Glance, glance

_STATIC = re.compile(r"[a-z0-9][a-z0-9-]*\.(?:css|js)")


@dataclass(frozen=True)
class Status:
    """What the start page shows at a glance."""

    register: Register | None
    errors: tuple[Diagnostic, ...]
    """Why the register cannot be read, each located; empty when it loads."""
    lint: LintReport | None
    overdue: int
    due_soon: int
    running: Glance | None = None
    """Retention due and the store's drift; None while the register cannot be read."""


def create_app(
    register: Path, session: Session, hosts: tuple[str, ...], *, site: Path | None = None
) -> Guard:
    """The app for ``register``, behind its :class:`~rekisteri.web.guard.Guard`; it publishes
    into ``site`` (the folder ``site`` beside the register when not given)."""
    page_missing = page(register, session, _missing)

    async def missing(request: Request, _exc: Exception) -> Response:
        return await page_missing(request)

    app = Starlette(
        routes=[
            Route("/", page(register, session, _start), methods=["GET"]),
            Route("/notice/{lang}", page(register, session, _notice), methods=["GET"]),
            *requests.routes(register, session),
            *editor.routes(register, session),
            *publish.routes(register, session, site or register.parent / "site"),
            *running.routes(register, session),
            Route("/language", _choose_language, methods=["POST"]),
            Route("/static/{name}", _static, methods=["GET"]),
        ],
        exception_handlers={404: missing},
    )
    return Guard(app, session, hosts, explain)


def status(register: Path, lang: str, today: date) -> Status:
    """The register as the start page shows it: its errors, or its lint and requests."""
    try:
        checked = validate(register, lang=None)
    except RekisteriError as exc:
        diagnostics = tuple(exc.diagnostics) or (Diagnostic(str(exc), file=str(register)),)
        return Status(None, diagnostics, None, 0, 0)
    loaded = checked.register
    lint = checked.lint
    language = register_language(loaded, lang)
    if language != report_language(loaded, None):
        lint = lint_register(loaded, language)
    try:
        requests = RequestLog.of(register).requests()
    except RekisteriError:
        requests = []
    marks = [deadline(request, today) for request in requests]
    return Status(
        loaded, (), lint, marks.count("overdue"), marks.count("soon"), glance(loaded, today)
    )


async def _start(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    found = status(register, lang, date.today())
    html = templating.render(
        env,
        "web/start.html.j2",
        {
            **context,
            "status": found,
            "register_lang": register_language(found.register, lang) if found.register else lang,
            "errors_found": [f for f in found.lint.active if f.severity is Severity.ERROR]
            if found.lint
            else [],
            "others": [f for f in found.lint.active if f.severity is not Severity.ERROR]
            if found.lint
            else [],
        },
    )
    return HTMLResponse(html)


async def _notice(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    wanted = request.path_params["lang"]
    try:
        loaded = load_register(register)
    except RekisteriError:
        return RedirectResponse("/", status_code=303)
    if wanted not in loaded.languages:
        return not_found(env, context)
    notice = render_html(loaded, wanted, fragment=True)
    html = templating.render(
        env,
        "web/notice.html.j2",
        {**context, "notice": notice, "notice_lang": wanted, "title": loaded.name.get(wanted)},
    )
    return with_own_styles(html)


async def _choose_language(request: Request) -> Response:
    form = await request.form()
    chosen = str(form.get("language", ""))
    back = str(form.get("back", "/"))
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    response = RedirectResponse(back, status_code=303)
    if chosen in INTERFACE_LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, chosen, httponly=True, samesite="strict")
    return response


async def _static(request: Request) -> Response:
    name = request.path_params["name"]
    folder = templates_dir() / "web"
    if not _STATIC.fullmatch(name) or not (folder / name).is_file():
        return Response(status_code=404)
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    return FileResponse(folder / name, media_type=f"{kind}; charset=utf-8")


async def _missing(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    return not_found(env, context)
