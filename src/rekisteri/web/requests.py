"""The requests of the local app: the inbox from the request log by deadline, a new request for
each right, a request's page (extend, close) and, for an access request, the way from finding
the person in the store to the encrypted bundle delivered.

Every change goes through the library as the ``requests`` and ``access`` commands make it
(:class:`~rekisteri.operations.service.RequestLog`, :mod:`rekisteri.access`), with the same
checks: a form only parses what the owner typed and names the field a refusal is about. A
change answers with a redirect to the request's page (post/redirect/get); a refused one shows
the form again, with status 400, the message at its field, and nothing written.

The bundle's passphrase is made here, for one bundle, and shown once in the answer that wrote
it: it is never stored, logged or put in an address. The app serves back only the zip and the
review copy it wrote itself in this run, found by the request's number, never by a path.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from rekisteri.documents import templating
from rekisteri.errors import Input, RekisteriError
from rekisteri.operations.requests import (
    BUNDLE_TYPES,
    DUE_SOON_DAYS,
    Channel,
    Phrases,
    RequestType,
    Status,
    describe_change,
    describe_verification,
    today,
)
from rekisteri.operations.requests import Request as LoggedRequest
from rekisteri.operations.service import RequestLog
from rekisteri.redact import hide_secrets
from rekisteri.web.guard import Session
from rekisteri.web.pages import deadline, not_found, page, register_language, with_own_styles

if TYPE_CHECKING:
    from rekisteri.access.bundle import BundlePreview
    from rekisteri.access.collect import Identifier, PersonSearch
    from rekisteri.access.review import ReviewDecision
    from rekisteri.register.model import Register

# A request's number in an address: a positive integer, as the log numbers them.
_ID = re.compile(r"[1-9][0-9]{0,17}")
# A category id as the register model allows it, in a form field's name.
_CATEGORY = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DECIDED = ("decision-", "reason-", "ground-")

# How the person search names the person: the form's choice → identify()'s parameter.
FIND_BY = ("email", "phone", "hetu", "name")
_IDENTIFY = {"email": "email", "phone": "phone", "hetu": "hetu", "name": "name", "id": "subject_id"}


def N_(message: str) -> str:
    """Marks a text for the "web" catalog; the template translates it."""
    return message


FIND_LABELS = {
    "email": N_("email address"),
    "phone": N_("phone number"),
    "hetu": N_("personal identity code"),
    "name": N_("name and birth date"),
}
CHANNEL_LABELS = {
    Channel.EMAIL: N_("by email"),
    Channel.LETTER: N_("by letter"),
    Channel.PHONE: N_("by phone"),
    Channel.IN_PERSON: N_("in person"),
}
GROUND_LABELS = {
    "health-or-care": N_("giving the data could seriously endanger the person's health or care"),
    "rights-of-others": N_(
        "giving the data could seriously endanger the rights of the person or of someone else"
    ),
}


@dataclass
class Answers:
    """The files this run of the app wrote for its requests, by request number: the only
    files its download and review-copy pages serve."""

    bundles: dict[int, Path] = field(default_factory=dict)
    review_copies: dict[int, Path] = field(default_factory=dict)


Handler = Callable[[Request, Path, Any, dict[str, Any], str], Awaitable[Response]]


def routes(register: Path, session: Session) -> list[Route]:
    """The requests' routes for ``register``."""
    answers = Answers()

    def at(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        return page(register, session, handler)

    def keeping(handler: Callable[..., Awaitable[Response]]) -> Handler:
        return partial(handler, answers)

    return [
        Route("/requests", at(_requests), methods=["GET"]),
        Route("/requests/new/{type}", at(_new_form), methods=["GET"]),
        Route("/requests/new/{type}", at(_add), methods=["POST"]),
        Route("/requests/{id}", at(_request_page), methods=["GET"]),
        Route("/requests/{id}/extend", at(_extend), methods=["POST"]),
        Route("/requests/{id}/close", at(_close), methods=["POST"]),
        Route("/requests/{id}/person", at(_find_person), methods=["POST"]),
        Route("/requests/{id}/preview", at(keeping(_preview)), methods=["POST"]),
        Route("/requests/{id}/bundle", at(keeping(_bundle)), methods=["POST"]),
        Route("/requests/{id}/bundle.zip", at(keeping(_download)), methods=["GET"]),
        Route("/requests/{id}/review-copy", at(keeping(_review_copy)), methods=["GET"]),
    ]


# --- the inbox --------------------------------------------------------------------------------


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


def _render(
    env: Any, name: str, context: Mapping[str, Any], lang: str, status: int = 200
) -> HTMLResponse:
    phrases = Phrases(lang)
    values = {
        **context,
        "running": phrases.gettext,
        "running_n": phrases.ngettext,
        "day": phrases.day,
        "type_label": phrases.type_label,
        "channel_label": CHANNEL_LABELS,
        "ground_label": GROUND_LABELS,
    }
    return HTMLResponse(templating.render(env, name, values), status_code=status)


async def _requests(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    try:
        rows, trail, intact = inbox(register, lang, today())
    except RekisteriError as exc:
        rows, trail, intact = [], str(exc), False
    rights = list(RequestType)
    values = {**context, "rows": rows, "trail": trail, "intact": intact, "rights": rights}
    return _render(env, "web/requests.html.j2", values, lang)


# --- a new request ----------------------------------------------------------------------------

# The add form's fields: the library's parameter → the field.
_ADD_FIELDS = {"subject": "subject", "received": "received", "channel": "channel"}


def _right(request: Request) -> RequestType | None:
    try:
        return RequestType(request.path_params["type"])
    except ValueError:
        return None


async def _new_form(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    right = _right(request)
    if right is None:
        return not_found(env, context)
    values = {"subject": "", "received": today().isoformat(), "channel": ""}
    return _new_page(env, context, lang, right, values, {})


def _new_page(
    env: Any,
    context: dict[str, Any],
    lang: str,
    right: RequestType,
    values: Mapping[str, str],
    errors: Mapping[str, str],
) -> Response:
    page_values = {
        **context,
        "right": right,
        "values": values,
        "errors": errors,
        "channels": [(c.value, CHANNEL_LABELS[c]) for c in Channel],
    }
    status = 400 if errors else 200
    return _render(env, "web/request-new.html.j2", page_values, lang, status)


async def _add(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    right = _right(request)
    if right is None:
        return not_found(env, context)
    form = await request.form()
    values = {name: _text(form, name) for name in ("subject", "received", "channel")}
    try:
        added = RequestLog.of(register).add(
            type=right.value,
            subject=values["subject"],
            received=values["received"],
            channel=values["channel"] or None,
        )
    except RekisteriError as exc:
        errors = {_field_of(exc, _ADD_FIELDS, "subject"): _said(exc)}
        return _new_page(env, context, lang, right, values, errors)
    return RedirectResponse(f"/requests/{added.id}?done=1", status_code=303)


# --- a request's page -------------------------------------------------------------------------

_EXTEND_FIELDS = {"reason": "extend-reason", "told_on": "extend-told-on"}
_CLOSE_FIELDS = {"outcome": "close-outcome"}
_PERSON_FIELDS = {
    "email": "person-value",
    "phone": "person-value",
    "hetu": "person-value",
    "name": "person-value",
    "subject_id": "person-value",
    "birth_date": "person-birth-date",
}


@dataclass
class Facts:
    """What a request's page shows besides its forms."""

    request: LoggedRequest
    status: str
    days_left: int | None
    decisions: list[dict[str, Any]]
    answerable: bool
    """Whether an access bundle can answer it now (an access or portability request, open)."""


def _logged(register: Path, request: Request) -> LoggedRequest | None:
    """The logged request the address names; None for a number the log does not have."""
    text = request.path_params["id"]
    if not _ID.fullmatch(text):
        return None
    wanted = int(text)
    try:
        logged = RequestLog.of(register).requests(include_closed=True)
    except RekisteriError:
        return None
    return next((r for r in logged if r.id == wanted), None)


def _facts(register: Path, found: LoggedRequest, lang: str) -> Facts:
    phrases = Phrases(lang)
    now = today()
    return Facts(
        request=found,
        status=phrases.status_label(found, now, DUE_SOON_DAYS),
        days_left=found.days_left(now),
        decisions=RequestLog.of(register).decisions(found.id),
        answerable=found.type in BUNDLE_TYPES and found.status is not Status.CLOSED,
    )


def _request_view(
    env: Any,
    context: dict[str, Any],
    lang: str,
    register: Path,
    found: LoggedRequest,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    search: PersonSearch | None = None,
    store_error: str | None = None,
    done: str | None = None,
    status: int | None = None,
) -> Response:
    errors = errors or {}
    filled = {"extend-months": "2", "person-kind": "email", **(values or {})}
    page_values = {
        **context,
        "facts": _facts(register, found, lang),
        "values": filled,
        "errors": errors,
        "search": search,
        "store_error": store_error,
        "done": done,
        "find_by": [(kind, FIND_LABELS[kind]) for kind in FIND_BY],
    }
    code = status if status is not None else (400 if errors else 200)
    return _render(env, "web/request.html.j2", page_values, lang, code)


async def _request_page(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    found = _logged(register, request)
    if found is None:
        return not_found(env, context)
    done = None
    if request.query_params.get("done") == "1":
        # The change just made, confirmed in the words of the request commands.
        done = describe_change(found, lang)
    return _request_view(env, context, lang, register, found, done=done)


async def _extend(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    found = _logged(register, request)
    if found is None:
        return not_found(env, context)
    form = await request.form()
    values = {
        "extend-reason": _text(form, "reason"),
        "extend-months": _text(form, "months"),
        "extend-told-on": _text(form, "told_on"),
    }
    try:
        months = int(values["extend-months"]) if values["extend-months"] in ("1", "2") else 0
        RequestLog.of(register).extend(
            found.id,
            reason=values["extend-reason"],
            months=months,
            told_on=values["extend-told-on"] or None,
        )
    except RekisteriError as exc:
        errors = {_field_of(exc, _EXTEND_FIELDS, "extend-months"): _said(exc)}
        return _request_view(env, context, lang, register, found, values=values, errors=errors)
    return RedirectResponse(f"/requests/{found.id}?done=1", status_code=303)


async def _close(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    found = _logged(register, request)
    if found is None:
        return not_found(env, context)
    form = await request.form()
    values = {"close-outcome": _text(form, "outcome")}
    try:
        RequestLog.of(register).close(found.id, outcome=values["close-outcome"])
    except RekisteriError as exc:
        errors = {_field_of(exc, _CLOSE_FIELDS, "close-outcome"): _said(exc)}
        return _request_view(env, context, lang, register, found, values=values, errors=errors)
    return RedirectResponse(f"/requests/{found.id}?done=1", status_code=303)


# --- answering an access request --------------------------------------------------------------


def _person_values(form: FormData) -> dict[str, str]:
    """The person search's fields as the form gave them (the search and every later step
    carry them, in the page's forms, never in an address)."""
    kind = _text(form, "kind")
    return {
        "person-kind": kind if kind in _IDENTIFY else "email",
        "person-value": _text(form, "value"),
        "person-birth-date": _text(form, "birth_date"),
        "person-group": _text(form, "group"),
    }


def _identifier(values: Mapping[str, str]) -> Identifier:
    """The person the form names, checked as ``rekisteri access`` checks its options."""
    # The access modules (SQLAlchemy) load only when a request is answered: the app starts fast.
    from rekisteri.access.collect import identify

    kind = values["person-kind"]
    named = {_IDENTIFY[kind]: values["person-value"]}
    born = values["person-birth-date"] or None
    return identify(
        **named,
        birth_date=born if kind == "name" else None,
        group=values["person-group"] or None,
    )


def _answerable(register: Path, request: Request) -> LoggedRequest | None:
    found = _logged(register, request)
    if found is None or found.type not in BUNDLE_TYPES or found.status is Status.CLOSED:
        return None
    return found


def _store_problem(exc: RekisteriError) -> str:
    # A connection URL in the message keeps its password out of the page.
    return hide_secrets(str(exc))


async def _find_person(
    request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
) -> Response:
    """The person search: who in the store the form names (read only; nothing is written, so
    the answer is the page itself, not a redirect that would put the person in an address)."""
    # The access modules (SQLAlchemy) load only when a request is answered: the app starts fast.
    from rekisteri.access.collect import find_person
    from rekisteri.register.loading import load_register

    found = _answerable(register, request)
    if found is None:
        return not_found(env, context)
    values = _person_values(await request.form())
    try:
        identifier = _identifier(values)
    except RekisteriError as exc:
        errors = {_field_of(exc, _PERSON_FIELDS, "person-value"): _said(exc)}
        return _request_view(env, context, lang, register, found, values=values, errors=errors)
    try:
        search = find_person(load_register(register), identifier)
    except RekisteriError as exc:
        problem = _store_problem(exc)
        return _request_view(
            env, context, lang, register, found, values=values, store_error=problem
        )
    return _request_view(env, context, lang, register, found, values=values, search=search)


@dataclass
class _Answering:
    """An access request on its way to a bundle: the register, the person, the preview."""

    loaded: Register
    identifier: Identifier
    preview: BundlePreview
    review_copy: bool


def _prepare(
    answers: Answers,
    register: Path,
    found: LoggedRequest,
    identifier: Identifier,
    lang: str,
    *,
    review: bool,
) -> _Answering:
    """The bundle's preview; with ``review`` and data held for review, the review copy written
    for the practitioner beside where the bundle will be (0600), as ``access --review`` writes
    it. The bundle is later refused if the held data is no longer what the copy shows."""
    # The access modules (SQLAlchemy) load only when a request is answered: the app starts fast.
    from rekisteri.access.bundle import BundleOptions, preview_bundle
    from rekisteri.register.loading import load_register

    loaded = load_register(register)
    preview = preview_bundle(loaded, identifier)
    copied = found.id in answers.review_copies
    if preview.held and review:
        log = RequestLog.of(register)
        options = BundleOptions(languages=(register_language(loaded, lang),))
        copy = log.review_copy(loaded, found.id, log.answer_path(found.id), identifier, options)
        if copy.path is not None:
            answers.review_copies[found.id] = copy.path
            copied = True
    return _Answering(loaded, identifier, preview, copied)


def _preview_view(
    env: Any,
    context: dict[str, Any],
    lang: str,
    register: Path,
    found: LoggedRequest,
    answering: _Answering,
    values: Mapping[str, str],
    *,
    errors: Mapping[str, str] | None = None,
    problem: str | None = None,
) -> Response:
    loaded = answering.loaded
    shown = register_language(loaded, lang)
    page_values = {
        **context,
        "facts": _facts(register, found, lang),
        "values": values,
        "errors": errors or {},
        "problem": problem,
        "preview": answering.preview,
        "review_copy": answering.review_copy,
        "category_name": lambda category: category.name.get(shown),
        "shown_lang": shown,
        "grounds": list(GROUND_LABELS.items()),
    }
    status = 400 if errors or problem else 200
    return _render(env, "web/request-preview.html.j2", page_values, lang, status)


async def _preview(
    answers: Answers,
    request: Request,
    register: Path,
    env: Any,
    context: dict[str, Any],
    lang: str,
) -> Response:
    """What the bundle would hold, and the decisions on the held categories to make."""
    # The access modules (SQLAlchemy) load only when a request is answered: the app starts fast.
    from rekisteri.access.collect import AmbiguousSubject, PersonSearch

    found = _answerable(register, request)
    if found is None:
        return not_found(env, context)
    values = _person_values(await request.form())
    try:
        identifier = _identifier(values)
    except RekisteriError as exc:
        errors = {_field_of(exc, _PERSON_FIELDS, "person-value"): _said(exc)}
        return _request_view(env, context, lang, register, found, values=values, errors=errors)
    try:
        answering = _prepare(answers, register, found, identifier, lang, review=True)
    except AmbiguousSubject as exc:
        search = PersonSearch(exc.candidates, ambiguous=True, across_groups=exc.across_groups)
        return _request_view(env, context, lang, register, found, values=values, search=search)
    except RekisteriError as exc:
        problem = _store_problem(exc)
        return _request_view(
            env, context, lang, register, found, values=values, store_error=problem
        )
    return _preview_view(env, context, lang, register, found, answering, values)


def _decisions(loaded: Register, form: FormData) -> tuple[list[ReviewDecision], dict[str, str]]:
    """The review decisions the form gives for the register's held categories, and the field
    of each one the library refuses (checked one by one, so that a refusal names its field)."""
    # The access modules load only when a request is answered: the app starts fast.
    from rekisteri.access.review import (
        ReviewDecision,
        check_decisions,
        held_categories,
        parse_ground,
    )

    decisions = []
    errors: dict[str, str] = {}
    for category in held_categories(loaded):
        choice = _text(form, f"decision-{category.id}")
        if choice not in ("release", "withhold"):
            continue
        release = choice == "release"
        reason = _text(form, f"reason-{category.id}") if not release else None
        try:
            ground = None if release else parse_ground(_text(form, f"ground-{category.id}") or None)
            decision = ReviewDecision(category.id, release=release, reason=reason, ground=ground)
            check_decisions(loaded, [decision])
        except RekisteriError as exc:
            fields = {"reason": f"reason-{category.id}", "ground": f"ground-{category.id}"}
            errors[_field_of(exc, fields, f"decision-{category.id}")] = _said(exc)
            continue
        decisions.append(decision)
    return decisions, errors


async def _bundle(
    answers: Answers,
    request: Request,
    register: Path,
    env: Any,
    context: dict[str, Any],
    lang: str,
) -> Response:
    """Write the encrypted zip answering the request and record its delivery; the answer
    shows the passphrase, once. A refusal shows the preview again, nothing written."""
    # The access modules (SQLAlchemy, the PDF renderer) load only when a request is answered.
    from rekisteri.access.bundle import BundleOptions, new_passphrase
    from rekisteri.access.review import ReviewNeeded

    found = _answerable(register, request)
    if found is None:
        return not_found(env, context)
    form = await request.form()
    # The decisions as given, to show them again should the bundle be refused.
    given = {k: v for k, v in form.multi_items() if isinstance(v, str) and k.startswith(_DECIDED)}
    values = {**given, **_person_values(form)}
    try:
        identifier = _identifier(values)
        # Not a new review copy: the decisions are checked against the one that was read.
        answering = _prepare(answers, register, found, identifier, lang, review=False)
    except RekisteriError as exc:
        return _request_view(
            env, context, lang, register, found, values=values,
            store_error=_store_problem(exc), status=400,
        )  # fmt: skip
    decisions, errors = _decisions(answering.loaded, form)
    if errors:
        return _preview_view(env, context, lang, register, found, answering, values, errors=errors)
    log = RequestLog.of(register)
    passphrase = new_passphrase()
    options = BundleOptions(zip=True, passphrase=passphrase, decisions=decisions)
    try:
        result, answered = log.answer_with_bundle(
            answering.loaded, found.id, log.answer_path(found.id), identifier, options
        )
    except ReviewNeeded as exc:
        held = [f"decision-{category}" for category in exc.held if _CATEGORY.fullmatch(category)]
        errors = {held[0] if held else "decisions": _said(exc)}
        return _preview_view(env, context, lang, register, found, answering, values, errors=errors)
    except RekisteriError as exc:
        return _preview_view(
            env, context, lang, register, found, answering, values, problem=_store_problem(exc)
        )
    answers.bundles[found.id] = result.path
    answers.review_copies.pop(found.id, None)
    page_values = {
        **context,
        "facts": _facts(register, answered, lang),
        "passphrase": passphrase,
        "bundle": result,
        "found_data": result.found,
        "done": describe_change(answered, lang),
    }
    return _render(env, "web/request-bundle.html.j2", page_values, lang)


def _written(files: dict[int, Path], request: Request) -> Path | None:
    """The file this run wrote for the request the address names, if it is still there."""
    text = request.path_params["id"]
    path = files.get(int(text)) if _ID.fullmatch(text) else None
    return path if path is not None and path.is_file() else None


async def _download(
    answers: Answers,
    request: Request,
    register: Path,
    env: Any,
    context: dict[str, Any],
    lang: str,
) -> Response:
    """The zip this run wrote for the request: by its number, never by a path."""
    path = _written(answers.bundles, request)
    if path is None:
        return not_found(env, context)
    # One person's bundle is small: sent whole, read from the file the app just wrote.
    disposition = f"attachment; filename*=UTF-8''{quote(path.name)}"
    return Response(
        path.read_bytes(),
        media_type="application/zip",
        headers={"content-disposition": disposition},
    )


async def _review_copy(
    answers: Answers,
    request: Request,
    register: Path,
    env: Any,
    context: dict[str, Any],
    lang: str,
) -> Response:
    """The review copy this run wrote for the request, for the practitioner to read."""
    path = _written(answers.review_copies, request)
    if path is None:
        return not_found(env, context)
    return with_own_styles(path.read_text(encoding="utf-8"))


# --- forms ------------------------------------------------------------------------------------


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _field_of(exc: RekisteriError, fields: Mapping[str, str], default: str) -> str:
    """The form field a refusal is about: the first value it names that the form has."""
    for part in exc.parts:
        if isinstance(part, Input) and part.parameter in fields:
            return fields[part.parameter]
    return default


def _said(exc: RekisteriError) -> str:
    """The library's message as the page shows it (its own words, in English)."""
    return hide_secrets(str(exc))
