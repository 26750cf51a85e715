"""What every page of the local app shares: the interface's language, the page's context (the
CSRF token, the language switch, the navigation) and the app's own 404 page.

The interface speaks Finnish, Swedish or English: the language the owner chose on a page (a
cookie), else the browser's first one of those, else Finnish. The register's own texts (the
notice, the lint's findings) are in the register's languages: the interface's language when the
register has it, else the register's default language.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from rekisteri.documents import i18n, templating
from rekisteri.operations.requests import DUE_SOON_DAYS
from rekisteri.operations.requests import Request as LoggedRequest
from rekisteri.register.model import Register
from rekisteri.web.guard import CSRF_FIELD, POLICY, Session, style_hashes

INTERFACE_LANGUAGES = ("fi", "sv", "en")
"""The languages the app itself speaks, first the default."""
LANGUAGE_COOKIE = "rekisteri_language"
DOMAIN = "web"
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)

# The app's sections, in the order the navigation lists them; the labels are msgids of the
# "web" catalog, translated where the page is rendered.
NAVIGATION = (
    ("/", "Start"),
    ("/editor", "Edit the register"),
    ("/publish", "Publish the notice"),
    ("/requests", "Requests"),
    ("/running", "Running the register"),
)


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


def deadline(request: LoggedRequest, today: date) -> str | None:
    """'overdue', 'soon' (within DUE_SOON_DAYS, as `requests list` says it) or None; None
    once the request is answered."""
    left = request.days_left(today)
    if left is None:
        return None
    if left < 0:
        return "overdue"
    return "soon" if left <= DUE_SOON_DAYS else None


def register_language(register: Register, lang: str) -> str:
    """The language the register's own texts are shown in beside an interface in ``lang``."""
    return lang if lang in register.languages else register.default_language


Handler = Callable[[Request, Path, Any, dict[str, Any], str], Awaitable[Response]]
"""A page: the request, the register file, the Jinja environment in the interface's language,
the context every page template needs, and the interface's language."""


def page(
    register: Path, session: Session, handler: Handler
) -> Callable[[Request], Awaitable[Response]]:
    """``handler`` as a Starlette endpoint, given the environment and context of its page."""

    async def endpoint(request: Request) -> Response:
        lang = interface_language(request)
        env = templating.environment(lang, domain=DOMAIN)
        here = request.url.path
        context = {
            "csrf_field": CSRF_FIELD,
            "csrf": session.csrf,
            "languages": [(code, i18n.language_name(code)) for code in INTERFACE_LANGUAGES],
            "language_name": i18n.language_name,
            "here": here,
            "navigation": [
                (path, label, path == here or (path != "/" and here.startswith(path + "/")))
                for path, label in NAVIGATION
            ],
            "register_file": register.name,
        }
        return await handler(request, register, env, context, lang)

    return endpoint


def not_found(env: Any, context: dict[str, Any]) -> Response:
    """The app's own page for an address it does not have."""
    return HTMLResponse(templating.render(env, "web/missing.html.j2", context), status_code=404)


def with_own_styles(html: str, status: int = 200) -> HTMLResponse:
    """A page that carries a document's own look in its ``<style>`` (the notice's preview, a
    review copy): those styles are allowed by their hash, nothing else."""
    policy = POLICY.format(styles=style_hashes(_STYLE.findall(html)))
    return HTMLResponse(html, status_code=status, headers={"content-security-policy": policy})
