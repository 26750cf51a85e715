"""Running the register, one library call a use-case: the request log, answering a logged
request with a bundle, the retention sweep, the marketing list and the homepage's feedback.

The CLI (and the planned web app) parse their input, make one of these calls and present the
result; each takes the register's path, as a person names it, and loads what it needs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rekisteri.errors import Input, RekisteriError
from rekisteri.operations import requests as _log
from rekisteri.output import PRIVATE_DIR

if TYPE_CHECKING:
    from rekisteri.access.bundle import AccessResult, BundleOptions, ReviewCopy
    from rekisteri.access.collect import Identifier
    from rekisteri.operations.feedback import FeedbackExport
    from rekisteri.operations.marketing import MarketingList
    from rekisteri.operations.requests import LogReport, Request
    from rekisteri.operations.retention_sweep import RetentionReport
    from rekisteri.register.model import Register

# The day a sweep or a listing is judged on, where a message names it.
AS_OF = Input("as_of", "the day")
ANSWERS = "out"
"""The folder beside the register where the local app writes the bundles that answer its
requests (the output folder the project's .gitignore already keeps out of version control)."""


@dataclass(frozen=True)
class RequestLog:
    """The request log of a register: the file beside it, or the one given."""

    register: Path
    path: Path

    @classmethod
    def of(cls, register: Path, log: Path | None = None) -> RequestLog:
        return cls(register, _log.log_path(register, log))

    def language(self, lang: str | None = None) -> str:
        """``lang``, which must be one of the notice's, else the register's default language
        (read without validating the register)."""
        return _log.register_language(self.register, lang)

    def add(
        self, *, type: str, subject: str, received: str | date, channel: str | None = None
    ) -> Request:
        return _log.add_request(
            self.path, type=type, subject=subject, received=received, channel=channel
        )

    def requests(self, *, include_closed: bool = False) -> list[Request]:
        return _log.list_requests(self.path, include_closed=include_closed)

    def extend(
        self, request_id: int, *, reason: str, months: int = 2, told_on: str | None = None
    ) -> Request:
        return _log.extend_request(
            self.path, request_id, reason=reason, months=months, told_on=told_on
        )

    def close(self, request_id: int, *, outcome: str) -> Request:
        return _log.close_request(self.path, request_id, outcome=outcome)

    def verify(self, *, anchor: str | None = None) -> LogReport:
        return _log.verify_log(self.path, anchor=anchor)

    def decisions(self, request_id: int) -> list[dict[str, Any]]:
        """The review decisions recorded for the request (Tietosuojalaki § 34), oldest first."""
        return _log.recorded_decisions(self.path, request_id)

    def answer_with_bundle(
        self,
        register: Register,
        request_id: int,
        out_dir: Path,
        identifier: Identifier,
        options: BundleOptions | None = None,
    ) -> tuple[AccessResult, Request]:
        """Write the access bundle that answers logged request ``request_id`` about the person
        ``identifier`` names, and record its delivery, with the review decisions of
        ``options.decisions`` (Tietosuojalaki § 34) before it. The bundle's reference is the
        request's, so ``options`` give none."""
        # The request log's commands stay light: the bundle (SQLAlchemy, PDF) loads when used.
        from rekisteri.access.bundle import write_access_bundle

        given = _no_reference(options, request_id)
        return _log.answer_request(
            register,
            self.path,
            request_id,
            lambda reference: write_access_bundle(
                register, out_dir, identifier, replace(given, reference=reference, logged=True)
            ),
        )

    def answer_path(self, request_id: int) -> Path:
        """Where the local app writes the bundle answering request ``request_id`` (the folder
        to pass to :meth:`answer_with_bundle` and :meth:`review_copy`): ``out/`` beside the
        register, named by the register and the request's reference. ``out/`` is created
        private (0700) when missing; the bundle is never written over an existing one."""
        folder = self.register.parent / ANSWERS
        try:
            folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        except OSError as exc:
            raise RekisteriError(
                f"{folder}: cannot create the folder for the answers: {exc.strerror or exc}"
            ) from None
        return folder / f"{self.register.stem}-R-{request_id}"

    def review_copy(
        self,
        register: Register,
        request_id: int,
        out_dir: Path,
        identifier: Identifier,
        options: BundleOptions | None = None,
    ) -> ReviewCopy:
        """Write the review copy of the data held for review before it answers logged request
        ``request_id`` (:func:`rekisteri.access.bundle.write_review_copy`), under the
        request's reference; the log is only read."""
        # The request log's commands stay light: the bundle (SQLAlchemy, PDF) loads when used.
        from rekisteri.access.bundle import write_review_copy

        given = _no_reference(options, request_id)
        found = _log.deliverable_request(self.path, request_id)
        return write_review_copy(register, out_dir, identifier, replace(given, reference=found.ref))


def _no_reference(options: BundleOptions | None, request_id: int) -> BundleOptions:
    # Loaded with the bundle, only when a bundle is made.
    from rekisteri.access.bundle import BundleOptions

    given = options or BundleOptions()
    if given.reference is not None:
        raise RekisteriError(
            f"the bundle answering request {request_id} carries that request's reference; "
            f"give no other ('{given.reference}')"
        )
    return given


@dataclass(frozen=True)
class Retention:
    """A retention sweep and the register it was judged by (its texts name its categories)."""

    register: Register
    report: RetentionReport


def retention(
    register: Path, *, as_of: str | date | None = None, templates: Path | None = None
) -> Retention:
    """Who and which rows have outlived their retention on ``as_of`` (today); deletes nothing.
    ``templates`` is the user's folder of templates and catalogs."""
    # The sweep (SQLAlchemy) and the register loader (pydantic) load only when called, so
    # importing this module for the request log stays fast; likewise below.
    from rekisteri.operations.retention_sweep import sweep
    from rekisteri.register.loading import load_register

    loaded = load_register(register, templates=templates)
    day = _log.parse_day(as_of, AS_OF) if as_of is not None else None
    return Retention(loaded, sweep(loaded, as_of=day))


def marketing(
    register: Path, channel: str, *, as_of: str | None = None, templates: Path | None = None
) -> MarketingList:
    """Who may be sent marketing on ``channel`` at ``as_of`` (YYYY-MM-DD[THH:MM]; now)."""
    # SQLAlchemy and pydantic load only when called (see retention).
    from rekisteri.operations.marketing import marketing_list, parse_moment
    from rekisteri.register.loading import load_register

    loaded = load_register(register, templates=templates)
    return marketing_list(loaded, channel, as_of=parse_moment(as_of))


def feedback(
    register: Path,
    *,
    review: bool = False,
    lang: str | None = None,
    templates: Path | None = None,
) -> FeedbackExport:
    """The homepage's feedback snippet, people removed; with ``review``, what it would publish
    and what was removed from each answer, rendering nothing."""
    # SQLAlchemy and pydantic load only when called (see retention).
    from rekisteri.operations.feedback import feedback_review, feedback_snippet
    from rekisteri.register.loading import load_register

    loaded = load_register(register, templates=templates)
    if review:
        return feedback_review(loaded)
    return feedback_snippet(loaded, lang=lang, templates=templates)
