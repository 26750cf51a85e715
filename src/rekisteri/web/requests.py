"""The requests inbox of the local app: the open requests from the request log by deadline,
and the audit trail's check. The log is read through the library
(:class:`~rekisteri.operations.service.RequestLog`), as the ``requests`` commands read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from rekisteri.documents import templating
from rekisteri.errors import RekisteriError
from rekisteri.operations.requests import DUE_SOON_DAYS, Phrases, describe_verification
from rekisteri.operations.service import RequestLog
from rekisteri.web.guard import Session
from rekisteri.web.pages import deadline, page


def routes(register: Path, session: Session) -> list[Route]:
    """The inbox's routes for ``register``."""
    return [Route("/requests", page(register, session, _requests), methods=["GET"])]


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
        mark = deadline(request, today)
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
