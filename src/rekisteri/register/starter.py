"""A starter register for `rekisteri init`: complete enough to validate, short enough to edit.

It states what the owner answered and nothing else. The one purpose and data category it needs
to validate are named as placeholders to rewrite; every conditional section (recipients,
processors, transfers, automated decisions, retention, rights, …) is left out, so that it is
not stated until the owner states it, and the lint says which the law requires. A starter that
wrote "no transfers" or a retention period would publish a fact nobody gave.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from rekisteri.errors import Diagnostic, Input, RekisteriError
from rekisteri.output import write_atomic
from rekisteri.register.loading import parse_register
from rekisteri.register.model import SCHEMA_VERSION
from rekisteri.resources import schemas_dir


@dataclass
class RegisterExists(RekisteriError):
    """The file a starter register was to be written to already exists; it is left as it is."""

    path: Path = Path()

    @classmethod
    def of(cls, path: Path) -> RegisterExists:
        return cls(f"{path}: already exists; a starter register never replaces a file", path=path)


@dataclass
class AnswerRejected(RekisteriError):
    """An answer does not make a valid register; nothing was written."""


@dataclass
class StarterAnswers:
    """The essentials `rekisteri init` asks for."""

    controller: str
    contact: str
    email: str
    register_name: str = ""
    languages: list[str] = field(default_factory=lambda: ["fi", "en"])
    phone: str | None = None
    business_id: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None


# Fixed starter texts per language; the user rewrites them for their business.
_TEXTS: dict[str, dict[str, str]] = {
    "register": {
        "fi": "{controller} asiakasrekisteri",
        "en": "{controller} customer register",
        "sv": "{controller} kundregister",
    },
    "clients": {"fi": "Asiakkaat", "en": "Clients", "sv": "Kunder"},
    "purpose": {
        "fi": "Asiakassuhteen hoitaminen",
        "en": "Managing the client relationship",
        "sv": "Skötsel av kundrelationen",
    },
    "contact_details": {"fi": "Yhteystiedot", "en": "Contact details", "sv": "Kontaktuppgifter"},
}


def _text(key: str, languages: list[str], **values: str) -> dict[str, str]:
    return {lang: _TEXTS[key][lang].format(**values) for lang in languages}


def starter_register(answers: StarterAnswers, today: date | None = None) -> dict[str, Any]:
    """The starter register as a TOML-ready dict."""
    langs = answers.languages
    controller: dict[str, Any] = {"name": answers.controller}
    if answers.business_id:
        controller["business_id"] = answers.business_id
    if answers.street and answers.postal_code and answers.city:
        controller["address"] = {
            "street": answers.street,
            "postal_code": answers.postal_code,
            "city": answers.city,
        }
    controller["email"] = answers.email
    if answers.phone:
        controller["phone"] = answers.phone
    contact: dict[str, Any] = {"name": answers.contact, "email": answers.email}
    if answers.phone:
        contact["phone"] = answers.phone
    name = (
        {lang: answers.register_name for lang in langs}
        if answers.register_name
        else _text("register", langs, controller=answers.controller)
    )
    return {
        # First, so that a reader (and the loader) knows the format before anything else.
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "notice": {
            "languages": langs,
            "default_language": langs[0],
            "version": "1",
            "updated": today or date.today(),
            "layout": "tietosuojaseloste",
        },
        "controller": controller,
        "contact": contact,
        "data_subjects": [{"id": "clients", "name": _text("clients", langs)}],
        "purposes": [{"id": "client-relationship", "name": _text("purpose", langs)}],
        "data_categories": [
            {
                "id": "contact-details",
                "name": _text("contact_details", langs),
                "subjects": ["clients"],
                "purposes": ["client-relationship"],
            }
        ],
    }


def write_starter(path: Path, answers: StarterAnswers, today: date | None = None) -> None:
    """Write a starter register to ``path``; refuses to replace an existing file."""
    for lang in answers.languages:
        if lang not in ("fi", "en", "sv"):
            raise RekisteriError(f"unknown language '{lang}': choose from fi, en, sv")
    if not answers.languages or len(set(answers.languages)) != len(answers.languages):
        raise RekisteriError.naming(
            "give each language once, e.g. ", Input("languages", "languages"), " fi,en"
        )
    text = (
        f"#:schema {SCHEMA_COPY.as_posix()}\n"
        "# A starter register written by `rekisteri init`. It states only what you answered: the\n"
        "# purpose and the data category are examples to rewrite. Add what your notice must\n"
        "# state (legal bases, sources, recipients, processors, transfers, retention, security,\n"
        "# rights and the complaint route), then run `rekisteri validate` and `rekisteri lint`.\n\n"
        + tomli_w.dumps(starter_register(answers, today))
    )
    # Validate before writing anything: a bad answer (an invalid email, say) must not leave a
    # file behind.
    try:
        parse_register(text, path)
    except RekisteriError as exc:
        raise _answer_error(exc, path) from None
    if path.exists():
        raise RegisterExists.of(path)
    if not path.parent.is_dir():
        raise RekisteriError(f"{path.parent}: no such folder")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # link() fails when the target appeared meanwhile, so a file created between the
        # check above and now is not overwritten either.
        os.link(tmp, path)
    except FileExistsError:
        raise RegisterExists.of(path) from None
    finally:
        os.unlink(tmp)
    write_schema_copy(path.parent)


# Where a register's folder keeps the copy of the schema its `#:schema` line names: beside the
# register, so that it survives a moved virtual environment and travels with the folder.
SCHEMA_COPY = Path(".rekisteri") / "register.schema.json"


def write_schema_copy(folder: Path) -> Path:
    """Write (or refresh) the copy of this rekisteri's schema in ``folder``; its path."""
    if not folder.is_dir():
        raise RekisteriError(f"{folder}: no such folder")
    target = folder / SCHEMA_COPY
    try:
        target.parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise RekisteriError(f"{target.parent}: cannot write here: {exc.strerror or exc}") from None
    write_atomic(target, (schemas_dir() / "register.schema.json").read_bytes())
    return target


def _answer_error(exc: RekisteriError, path: Path) -> AnswerRejected:
    """Report a rejected answer without the line numbers of a file that was never written.

    One answer fills several keys (the email goes to the controller and the contact), so the
    same complaint is reported once.
    """
    diagnostics: list[Diagnostic] = []
    for diagnostic in exc.diagnostics:
        if any(d.message == diagnostic.message for d in diagnostics):
            continue
        diagnostics.append(
            Diagnostic(
                message=diagnostic.message,
                file=str(path),
                hint="nothing was written; correct the answer and try again",
            )
        )
    return AnswerRejected(f"{path}: not written", tuple(diagnostics))
