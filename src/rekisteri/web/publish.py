"""Publishing from the local app: the folder the notice is published into, what changed since
the version published there (in the sentences of ``rekisteri diff``, with the changes the data
subjects must be told of before they take effect, GDPR Art. 13(3) and 14(4)), and the button
that publishes: :func:`rekisteri.notice.publish.publish`, as ``rekisteri publish`` calls it,
with the same refusals (a file rekisteri did not write, a changed notice under a version
already published).

The register published is the saved file: a draft in the editor is not published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from rekisteri.documents import templating
from rekisteri.errors import RekisteriError
from rekisteri.lint import LintReport, Severity, lint_register
from rekisteri.notice.archive import published_register
from rekisteri.notice.changes import described, format_html
from rekisteri.notice.publish import publish
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from rekisteri.web.guard import Session
from rekisteri.web.pages import page, register_language


@dataclass(frozen=True)
class Plan:
    """What the publish page shows before anything is written."""

    register: Register | None
    problem: str
    """Why the register or the folder cannot be published from, else ""."""
    lint: LintReport | None
    previous: Register | None
    changes: str
    """The changes since the published version as HTML (``diff``'s box), "" for none."""
    count: int
    inform: int
    """How many changes the data subjects must be told of before they take effect."""


def plan(register: Path, site: Path, lang: str) -> Plan:
    """The publication of ``register`` into ``site`` as the page shows it; reads only."""
    try:
        loaded = load_register(register)
    except RekisteriError as exc:
        return Plan(None, str(exc), None, None, "", 0, 0)
    language = register_language(loaded, lang)
    lint = lint_register(loaded, language)
    try:
        previous = published_register(site)
    except RekisteriError as exc:
        return Plan(loaded, str(exc), lint, None, "", 0, 0)
    if previous is None:
        return Plan(loaded, "", lint, None, "", 0, 0)
    comparison = described(previous, loaded, language)
    html = format_html(comparison, language) if len(comparison) else ""
    inform = sum(1 for change in comparison if change.inform)
    return Plan(loaded, "", lint, previous, html, len(comparison), inform)


def routes(register: Path, session: Session, site: Path) -> list[Route]:
    """The publish page's routes for ``register``, publishing into ``site``."""

    async def show(
        request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
    ) -> Response:
        written = request.query_params.get("written")
        return _page(register, site, env, context, lang, written=written)

    async def publish_now(
        request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
    ) -> Response:
        try:
            loaded = load_register(register)
            written = publish(loaded, site)
        except RekisteriError as exc:
            return _page(register, site, env, context, lang, failed=str(exc), status=400)
        return RedirectResponse(f"/publish?written={len(written)}#status", status_code=303)

    return [
        Route("/publish", page(register, session, show), methods=["GET"]),
        Route("/publish", page(register, session, publish_now), methods=["POST"]),
    ]


def _page(
    register: Path,
    site: Path,
    env: Any,
    context: dict[str, Any],
    lang: str,
    *,
    written: str | None = None,
    failed: str = "",
    status: int = 200,
) -> Response:
    found = plan(register, site, lang)
    errors = [f for f in found.lint.active if f.severity is Severity.ERROR] if found.lint else []
    html = templating.render(
        env,
        "web/publish.html.j2",
        {
            **context,
            "plan": found,
            "site": site,
            "lint_errors": errors,
            "written": int(written) if written and written.isdigit() else None,
            "failed": failed,
            "register_lang": register_language(found.register, lang) if found.register else lang,
        },
    )
    return HTMLResponse(html, status_code=status)
