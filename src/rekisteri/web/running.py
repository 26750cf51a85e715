"""Running the register from the local app: who is past retention, the marketing list of a
channel, the feedback for the homepage and the store's drift from the register.

Each page calls the library function its command calls (``rekisteri retention``,
``marketing``, ``feedback``, ``store check``) and shows what it returns in the library's own
words: the sentences of the "running" and "status" catalogs, the CSV and the HTML the commands
print, byte for byte. Nothing here decides anything about a person; the store is only read.

A register without ``[store]`` and a store that cannot be read are a message on the page that
needs the store (503 for a store that fails, since trying again later may help); the rest of
the app does not depend on the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from rekisteri.access.store import StoreReport, check_store
from rekisteri.documents import i18n, templating
from rekisteri.errors import Input, RekisteriError
from rekisteri.operations import service
from rekisteri.operations.feedback import FeedbackExport, Reviewed
from rekisteri.operations.marketing import MarketingList, Verdict
from rekisteri.operations.retention_sweep import (
    CategorySweep,
    RetentionReport,
    format_text,
    sweep,
)
from rekisteri.register.loading import load_register
from rekisteri.register.model import Register
from rekisteri.web.guard import Session
from rekisteri.web.pages import page, register_language

SHOWN_PEOPLE = 200
"""People listed per data category on the retention page; the CSV download lists everyone.
A first sweep of an old store may find a hundred thousand, too many for a page."""
STORE_FAILED = 503
"""The status of a page whose store cannot be read: the store may be back later."""

# The outcomes and kinds of removal of a reviewed answer, in the "status" catalog's words, as
# `rekisteri feedback --review` prints them.
OUTCOMES = {"published": "published", "identifying": "left out: it would identify someone"}
REMOVED_KINDS = {
    "name": "name",
    "email": "email address",
    "web address": "web address",
    "phone": "phone number",
    "identity code": "personal identity code",
    "address": "address",
    "signature": "signature",
}


def routes(register: Path, session: Session) -> list[Route]:
    """The routes of "Running the register" for ``register``."""

    def get(path: str, handler: Any) -> Route:
        return Route(path, page(register, session, handler), methods=["GET"])

    return [
        get("/running", _overview),
        get("/running/retention", _retention),
        get("/running/retention.csv", _retention_csv),
        get("/running/marketing", _marketing),
        get("/running/marketing.csv", _marketing_csv),
        get("/running/feedback", _feedback),
        get("/running/feedback.html", _feedback_html),
        get("/running/drift", _drift),
    ]


# --- what the start page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class Glance:
    """Retention and drift as the start page shows them; None where the store (or the
    register) cannot tell."""

    past_retention: int | None
    """People with rows past retention in at least one data category."""
    rows_past_retention: int | None
    drift: bool | None
    """Whether ``store check`` finds drift."""


def glance(register: Register, today: date) -> Glance:
    """People and rows past retention on ``today`` and whether the store has drifted from the
    loaded ``register``: each None when it has no [store] or the store cannot be read."""
    if register.store is None:
        return Glance(None, None, None)
    people: int | None
    rows: int | None
    try:
        report = sweep(register, as_of=today)
        people = len({subject.key for category in report.categories for subject in category.due})
        rows = report.rows
    except RekisteriError:
        people = rows = None
    try:
        drift: bool | None = check_store(register).drift
    except RekisteriError:
        drift = None
    return Glance(people, rows, drift)


# --- the register and its store -----------------------------------------------------------------


@dataclass
class Problem:
    """Why a page cannot show what it is for: the template says ``kind`` in the interface's
    language, ``detail`` is the library's own explanation (English)."""

    kind: str
    """'unreadable' (the register), 'no_store', 'no_mapping' (no [store.marketing] or
    [store.feedback]), 'register' (the library refused the register) or 'store' (the store
    cannot be read as the register maps it)."""
    detail: str = ""
    status: int = 200


def _loaded(register: Path) -> tuple[Register | None, Problem | None]:
    """The register, or why the store's pages cannot use it."""
    try:
        loaded = load_register(register)
    except RekisteriError as exc:
        return None, Problem("unreadable", str(exc))
    if loaded.store is None:
        return loaded, Problem("no_store")
    return loaded, None


def _failed(exc: RekisteriError) -> Problem:
    """What a library call's refusal means for the page: a register to fix first (its
    diagnostics point outside [store]), else a store that cannot be read as mapped."""
    located = [diagnostic.path for diagnostic in exc.diagnostics]
    if located and not any(path == "store" or path.startswith("store.") for path in located):
        return Problem("register", str(exc))
    return Problem("store", str(exc), STORE_FAILED)


def _names(exc: RekisteriError, parameter: str) -> bool:
    """Whether ``exc`` is about the value given as ``parameter`` (bad input, not the store)."""
    return any(isinstance(part, Input) and part.parameter == parameter for part in exc.parts)


def _status_words(lang: str) -> Any:
    """The catalog the commands speak of their own work in (the CLI's ``status_words``)."""
    return i18n.translations(lang, "status")


def _render(
    env: Any, name: str, context: dict[str, Any], problem: Problem | None = None, status: int = 200
) -> Response:
    html = templating.render(env, name, {**context, "problem": problem})
    return HTMLResponse(html, status_code=problem.status if problem else status)


def _attachment(body: str, filename: str, kind: str) -> Response:
    return Response(
        body.encode("utf-8"),
        media_type=f"{kind}; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


# --- the overview -------------------------------------------------------------------------------


async def _overview(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    return _render(env, "web/running.html.j2", context)


# --- retention ----------------------------------------------------------------------------------


@dataclass
class RetentionPage:
    """The retention sweep as its page shows it."""

    as_of: str = ""
    """The day as the owner wrote it ("" for today)."""
    wrong_day: bool = False
    report: RetentionReport | None = None
    intro: list[str] = field(default_factory=list)
    """The report's first lines, in the register's language (``format_text``)."""
    categories: list[tuple[CategorySweep, str, list[str]]] = field(default_factory=list)
    """Each swept category with its heading and its lines, as ``format_text`` words them."""
    closing: list[list[str]] = field(default_factory=list)
    """The blocks after the categories: unreadable dates, what was not swept."""
    register_lang: str = ""
    """The language of the register's own texts on the page."""
    problem: Problem | None = None


def retention_page(register: Path, as_of: str, lang: str) -> RetentionPage:
    """What ``rekisteri retention --as-of AS_OF`` reports, in the register's language nearest
    to ``lang``; ``as_of`` "" is today. Reads the store; deletes nothing."""
    shown = RetentionPage(as_of=as_of, register_lang=lang)
    loaded, shown.problem = _loaded(register)
    if loaded is None or shown.problem is not None:
        return shown
    shown.register_lang = register_language(loaded, lang)
    try:
        swept = service.retention(register, as_of=as_of or None)
    except RekisteriError as exc:
        if _names(exc, "as_of"):
            shown.wrong_day = True
        else:
            shown.problem = _failed(exc)
        return shown
    shown.report = swept.report
    text = format_text(swept.report, swept.register, shown.register_lang)
    # format_text writes the introduction, then one block per category in the report's order,
    # then the blocks of unreadable dates and of what was not swept, blank lines between.
    blocks = [[line.strip() for line in block.splitlines()] for block in text.split("\n\n")]
    count = len(swept.report.categories)
    shown.intro = blocks[0]
    shown.categories = [
        (category, block[0], block[1:])
        for category, block in zip(swept.report.categories, blocks[1 : 1 + count], strict=True)
    ]
    shown.closing = [block for block in blocks[1 + count :] if any(block)]
    return shown


async def _retention(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    shown = retention_page(register, request.query_params.get("as_of", "").strip(), lang)
    return _retention_html(env, context, shown)


def _retention_html(env: Any, context: dict[str, Any], shown: RetentionPage) -> Response:
    return _render(
        env,
        "web/running-retention.html.j2",
        {**context, "shown": shown, "most": SHOWN_PEOPLE},
        shown.problem,
        400 if shown.wrong_day else 200,
    )


async def _retention_csv(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    shown = retention_page(register, request.query_params.get("as_of", "").strip(), lang)
    if shown.report is None:
        return _retention_html(env, context, shown)
    day = shown.report.as_of.isoformat()
    return _attachment(shown.report.to_csv(), f"retention-{day}.csv", "text/csv")


# --- marketing ----------------------------------------------------------------------------------


@dataclass
class MarketingPage:
    """The marketing list of one channel as its page shows it."""

    channels: list[str] = field(default_factory=list)
    """The channels the store's [store.marketing] names, to choose from."""
    channel: str = ""
    wrong_channel: bool = False
    result: MarketingList | None = None
    summary: str = ""
    groups: list[tuple[str, list[Any]]] = field(default_factory=list)
    """The people by verdict: may be contacted, must not be, no usable address."""
    problem: Problem | None = None


def marketing_page(register: Path, channel: str, lang: str) -> MarketingPage:
    """What ``rekisteri marketing --channel CHANNEL`` lists, now; no channel: only the choice."""
    shown = MarketingPage(channel=channel)
    loaded, shown.problem = _loaded(register)
    if loaded is None or shown.problem is not None:
        return shown
    assert loaded.store is not None  # _loaded says so
    if loaded.store.marketing is None:
        shown.problem = Problem("no_mapping")
        return shown
    shown.channels = list(loaded.store.marketing.channels)
    if not channel:
        return shown
    if channel not in shown.channels:
        shown.wrong_channel = True
        return shown
    try:
        result = service.marketing(register, channel)
    except RekisteriError as exc:
        shown.problem = _failed(exc)
        return shown
    shown.result = result
    shown.summary = result.summary(_status_words(lang))
    shown.groups = [
        (verdict.value, [d for d in result.decisions if d.verdict is verdict])
        for verdict in Verdict
    ]
    return shown


async def _marketing(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    shown = marketing_page(register, request.query_params.get("channel", "").strip(), lang)
    return _marketing_html(env, context, shown)


def _marketing_html(env: Any, context: dict[str, Any], shown: MarketingPage) -> Response:
    return _render(
        env,
        "web/running-marketing.html.j2",
        {**context, "shown": shown},
        shown.problem,
        400 if shown.wrong_channel else 200,
    )


async def _marketing_csv(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    shown = marketing_page(register, request.query_params.get("channel", "").strip(), lang)
    if shown.result is None:
        if shown.problem is None and not shown.wrong_channel:
            # A download without a channel is a list of no one: ask for the channel instead.
            shown.wrong_channel = True
        return _marketing_html(env, context, shown)
    return _attachment(shown.result.to_csv(), f"marketing-{shown.channel}.csv", "text/csv")


# --- feedback -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A part of an answer as it was written: kept, or removed as ``removed`` (the kinds of
    identifier, in the "status" catalog's words)."""

    text: str
    removed: str = ""


@dataclass(frozen=True)
class Answer:
    """One reviewed answer as the page shows it."""

    number: int
    outcome: str
    rating: int | None
    pieces: list[Piece]
    published: str | None
    """The text published, None when the answer was left out."""


@dataclass
class FeedbackPage:
    """The feedback snippet and its review as the page shows them."""

    export: FeedbackExport | None = None
    snippet_lang: str = ""
    answers_lang: str = ""
    """The language the answers are taken to be written in: the register's default, as
    clients write to the business in its language."""
    summary: str = ""
    answers: list[Answer] = field(default_factory=list)
    problem: Problem | None = None


def feedback_page(register: Path, lang: str) -> FeedbackPage:
    """What ``rekisteri feedback`` prints (the snippet, in the register's language nearest to
    ``lang``) and what ``--review`` shows of each answer; writes nothing."""
    shown = FeedbackPage()
    loaded, shown.problem = _loaded(register)
    if loaded is None or shown.problem is not None:
        return shown
    assert loaded.store is not None  # _loaded says so
    if loaded.store.feedback is None:
        shown.problem = Problem("no_mapping")
        return shown
    shown.snippet_lang = register_language(loaded, lang)
    shown.answers_lang = loaded.default_language
    try:
        export = service.feedback(register, lang=shown.snippet_lang)
    except RekisteriError as exc:
        shown.problem = _failed(exc)
        return shown
    words = _status_words(lang).gettext
    shown.export = export
    shown.summary = export.summary(_status_words(lang))
    shown.answers = [
        _answer(number, item, words) for number, item in enumerate(export.reviewed, start=1)
    ]
    return shown


def _answer(number: int, item: Reviewed, words: Callable[[str], str]) -> Answer:
    scrubbed = item.scrubbed
    pieces, last = [], 0
    for removal in scrubbed.removals:
        kinds = ", ".join(words(REMOVED_KINDS.get(k, k)) for k in removal.kind.split(", "))
        pieces += [Piece(scrubbed.original[last : removal.start]), Piece(removal.text, kinds)]
        last = removal.end
    pieces.append(Piece(scrubbed.original[last:]))
    return Answer(
        number,
        words(OUTCOMES.get(item.outcome, item.outcome)),
        item.rating,
        [piece for piece in pieces if piece.text],
        scrubbed.text if item.outcome == "published" else None,
    )


async def _feedback(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    shown = feedback_page(register, lang)
    return _render(env, "web/running-feedback.html.j2", {**context, "shown": shown}, shown.problem)


async def _feedback_html(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    shown = feedback_page(register, lang)
    if shown.export is None:
        return _render(
            env, "web/running-feedback.html.j2", {**context, "shown": shown}, shown.problem
        )
    name = f"feedback.{shown.snippet_lang}.html"
    return _attachment(shown.export.html, name, "text/html")


# --- drift --------------------------------------------------------------------------------------


@dataclass
class DriftPage:
    """The store check as its page shows it."""

    report: StoreReport | None = None
    lines: list[str] = field(default_factory=list)
    """The report as ``rekisteri store check`` says it, in the interface's language."""
    problem: Problem | None = None


def drift_page(register: Path, lang: str) -> DriftPage:
    """What ``rekisteri store check`` finds: unmapped personal data, missing columns,
    unreachable rows and people."""
    shown = DriftPage()
    loaded, shown.problem = _loaded(register)
    if loaded is None or shown.problem is not None:
        return shown
    try:
        shown.report = check_store(loaded)
    except RekisteriError as exc:
        shown.problem = _failed(exc)
        return shown
    # The CLI names a value by its option; the app, which has none, by its words.
    shown.lines = shown.report.format_text(str, _status_words(lang)).splitlines()
    return shown


async def _drift(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    shown = drift_page(register, lang)
    return _render(env, "web/running-drift.html.j2", {**context, "shown": shown}, shown.problem)
