"""The pages of the local app: each route reads the register afresh, calls the library and
renders one template of ``templates/web`` in the interface's language.

The interface speaks Finnish, Swedish or English: the language the owner chose on a page (a
cookie), else the browser's first one of those, else Finnish. The register's own texts (the
notice, the lint's findings) are in the register's languages: the interface's language when the
register has it, else the register's default language.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from rekisteri.documents import i18n, templating
from rekisteri.errors import Diagnostic, RekisteriError
from rekisteri.lint import LintReport, Severity, lint_register
from rekisteri.lint.validate import report_language, validate
from rekisteri.notice.render import render_html
from rekisteri.operations.requests import DUE_SOON_DAYS, Phrases, describe_verification
from rekisteri.operations.requests import Request as LoggedRequest
from rekisteri.operations.service import RequestLog
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from rekisteri.resources import templates_dir
from rekisteri.web.guard import CSRF_FIELD, POLICY, Guard, Session, style_hashes

INTERFACE_LANGUAGES = ("fi", "sv", "en")
"""The languages the app itself speaks, first the default."""
LANGUAGE_COOKIE = "rekisteri_language"
DOMAIN = "web"
_STATIC = re.compile(r"[a-z0-9][a-z0-9-]*\.(?:css|js)")
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


@dataclass(frozen=True)
class Status:
    """What the start page shows at a glance."""

    register: Register | None
    errors: tuple[Diagnostic, ...]
    """Why the register cannot be read, each located; empty when it loads."""
    lint: LintReport | None
    overdue: int
    due_soon: int


def create_app(register: Path, session: Session, hosts: tuple[str, ...]) -> Guard:
    """The app for ``register``, behind its :class:`~rekisteri.web.guard.Guard`."""
    page_missing = _page(register, session, _missing)

    async def missing(request: Request, _exc: Exception) -> Response:
        return await page_missing(request)

    app = Starlette(
        routes=[
            Route("/", _page(register, session, _start), methods=["GET"]),
            Route("/notice/{lang}", _page(register, session, _notice), methods=["GET"]),
            Route("/requests", _page(register, session, _requests), methods=["GET"]),
            Route("/language", _choose_language, methods=["POST"]),
            Route("/static/{name}", _static, methods=["GET"]),
        ],
        exception_handlers={404: missing},
    )
    return Guard(app, session, hosts, explain)


def interface_language(request: Request) -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in INTERFACE_LANGUAGES:
        return chosen
    return browser_language(request.headers.get("accept-language", ""))


def browser_language(header: str) -> str:
    """The first of the interface's languages an ``Accept-Language`` header asks for."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = tag.strip().lower().split("-", 1)[0]
        if language in INTERFACE_LANGUAGES and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else INTERFACE_LANGUAGES[0]


def explain(text: str, accept_language: str) -> str:
    """A refusal of the guard in the browser's language."""
    return i18n.translations(browser_language(accept_language), DOMAIN).gettext(text)


def status(register: Path, lang: str, today: date) -> Status:
    """The register as the start page shows it: its errors, or its lint and requests."""
    try:
        checked = validate(register, lang=None)
    except RekisteriError as exc:
        diagnostics = tuple(exc.diagnostics) or (Diagnostic(str(exc), file=str(register)),)
        return Status(None, diagnostics, None, 0, 0)
    loaded = checked.register
    lint = checked.lint
    language = _register_language(loaded, lang)
    if language != report_language(loaded, None):
        lint = lint_register(loaded, language)
    try:
        requests = RequestLog.of(register).requests()
    except RekisteriError:
        requests = []
    marks = [_deadline(request, today) for request in requests]
    return Status(loaded, (), lint, marks.count("overdue"), marks.count("soon"))


def _deadline(request: LoggedRequest, today: date) -> str | None:
    """'overdue', 'soon' (within DUE_SOON_DAYS, as `requests list` says it) or None; None
    once the request is answered."""
    left = request.days_left(today)
    if left is None:
        return None
    if left < 0:
        return "overdue"
    return "soon" if left <= DUE_SOON_DAYS else None


def _register_language(register: Register, lang: str) -> str:
    return lang if lang in register.languages else register.default_language


Handler = Callable[[Request, Path, Any, dict[str, Any], str], Awaitable[Response]]


def _page(
    register: Path, session: Session, handler: Handler
) -> Callable[[Request], Awaitable[Response]]:
    async def page(request: Request) -> Response:
        lang = interface_language(request)
        env = templating.environment(lang, domain=DOMAIN)
        context = {
            "csrf_field": CSRF_FIELD,
            "csrf": session.csrf,
            "languages": [(code, i18n.language_name(code)) for code in INTERFACE_LANGUAGES],
            "language_name": i18n.language_name,
            "here": request.url.path,
            "register_file": register.name,
        }
        return await handler(request, register, env, context, lang)

    return page


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
            "register_lang": _register_language(found.register, lang) if found.register else lang,
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
        return _not_found(env, context)
    notice = render_html(loaded, wanted, fragment=True)
    html = templating.render(
        env,
        "web/notice.html.j2",
        {**context, "notice": notice, "notice_lang": wanted, "title": loaded.name.get(wanted)},
    )
    # The notice keeps its own look in a <style> of its own: allowed by its hash, nothing else.
    policy = POLICY.format(styles=style_hashes(_STYLE.findall(html)))
    return HTMLResponse(html, headers={"content-security-policy": policy})


@dataclass(frozen=True)
class RequestRow:
    """One open request as the inbox shows it, in the interface's language."""

    id: int
    type: str
    subject: str
    received: str
    due: str
    status: str
    overdue: bool
    soon: bool


def inbox(register: Path, lang: str, today: date) -> tuple[list[RequestRow], str | None, bool]:
    """The open requests by deadline, and what the audit trail's check says (None while nothing
    is logged) and whether it found the trail intact. Reads the log; writes nothing."""
    phrases = Phrases(lang)
    log = RequestLog.of(register)
    if not log.path.exists():
        return [], None, True
    rows = []
    for request in log.requests():
        mark = _deadline(request, today)
        rows.append(
            RequestRow(
                request.id,
                phrases.type_label(request.type),
                request.subject,
                phrases.day(request.received),
                phrases.day(request.due),
                phrases.status_label(request, today, DUE_SOON_DAYS),
                mark == "overdue",
                mark == "soon",
            )
        )
    report = log.verify()
    return rows, describe_verification(report, lang), report.problem is None


async def _requests(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    try:
        rows, trail, intact = inbox(register, lang, date.today())
    except RekisteriError as exc:
        rows, trail, intact = [], str(exc), False
    phrases = Phrases(lang)
    html = templating.render(
        env,
        "web/requests.html.j2",
        {**context, "rows": rows, "trail": trail, "intact": intact, "running": phrases.gettext},
    )
    return HTMLResponse(html)


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
    return _not_found(env, context)


def _not_found(env: Any, context: dict[str, Any]) -> Response:
    return HTMLResponse(templating.render(env, "web/missing.html.j2", context), status_code=404)
