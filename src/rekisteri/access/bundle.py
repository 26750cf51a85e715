"""Writing a subject-access bundle: the tailored report, the data, and a manifest.

One bundle answers one request (GDPR Art. 15, and Art. 20 for the data the person gave):

``report.<lang>.html`` / ``report.<lang>.pdf``
    Addressed to the person: the confirmation that data about them is processed; for each data
    category that holds data about them, its name as in the notice, its purposes and legal
    bases, sources, recipients and retention, and the rows as tables; then transfers and their
    safeguards, automated decisions, the rights and the complaint route. When nothing is found,
    a letter confirming that no personal data about the person is processed.
``data.json``
    The copy of the personal data in electronic form (Art. 15(3)): every category found, with
    its rows (``schemas/access-bundle.schema.json``).
``portable.json``
    Only the categories the person may port to another controller (Art. 20), shaped like
    ``data.json`` (``schemas/access-portable.schema.json``); absent when none is portable.
``csv/<category-id>.csv``
    One table per category for a spreadsheet, headed by the mapping's labels; the
    ``csv_dialect`` (standard, or excel-fi for a spreadsheet set to Finnish) sets how.
``manifest.json``
    Every other file with its size and SHA-256, the register's notice version, the time, the
    request reference, and the practitioner's decision on each category held for review.

A category the register holds for review before release (``review = true``, Tietosuojalaki
§ 34: therapy notes, say) is in no bundle until the practitioner has decided on it for the
request (:class:`BundleOptions` ``decisions``): released, it is in the bundle like any other;
withheld, it is in none of its files and the report states the restriction, its reason and
the complaint route. :func:`write_review_copy` writes the practitioner's copy of the held rows,
``<bundle>.review.html``, beside the bundle and never in it.

A bundle is built in a temporary folder and renamed into place, files 0600 and folders 0700; an
existing bundle is never overwritten. :class:`BundleOptions` ``zip`` packs it into one file,
encrypted with AES when a passphrase is given (which also encrypts the PDFs, with AES-256).

:func:`build_bundle` makes the files in memory and :func:`write_bundle` writes them;
:func:`write_access_bundle` does both, refusing an existing bundle before reading the store.

The legal content of the report (bases, rights, transfers, complaint authority) comes from the
notice builder, so the report and the notice always say the same thing.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import stat
import sys
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from rekisteri.access.collect import (
    AmbiguousSubject,
    Collector,
    Identifier,
    SubjectData,
    resolve_parts,
)
from rekisteri.access.data import (
    STANDARD,
    CsvDialect,
    categories_with_data,
    csv_bytes,
    csv_dialect,
    data_document,
    iso,
    part_categories,
    portable_document,
)
from rekisteri.access.report import FORMATS, ReportContext, build_report, render_report
from rekisteri.access.review import (
    SECTION,
    Held,
    ReviewDecision,
    ReviewNeeded,
    ReviewOutdated,
    Settled,
    check_decisions,
    held_categories,
    held_digest,
    held_for,
    normalised,
    settle,
    without_withheld,
)
from rekisteri.access.schema import FORMAT, FORMAT_VERSION
from rekisteri.access.store import open_store
from rekisteri.documents import i18n
from rekisteri.documents.pdf_pool import PdfPool
from rekisteri.errors import Input, Phrased, RekisteriError, named
from rekisteri.output import (
    PRIVATE_DIR,
    PRIVATE_FILE,
    atomic_directory,
    csv_text,
    ensure_dir,
    write_atomic,
)
from rekisteri.redact import hide_secrets, printable

if TYPE_CHECKING:
    from gettext import GNUTranslations as Translations

    from rekisteri.register.model import DataCategory, Register

PASSPHRASE_ENV = "REKISTERI_PASSPHRASE"
# Encrypting, where a message speaks of it: the passphrase is given to the call that encrypts.
ENCRYPT = Input("passphrase", "encrypting the bundle")
MIN_PASSPHRASE = 10


__all__ = [
    "FORMATS",
    "PASSPHRASE_ENV",
    "RUN_RECORD",
    "AccessResult",
    "AmbiguousSubject",
    "BulkResult",
    "BundleOptions",
    "BundlePreview",
    "ReviewCopy",
    "build_bundle",
    "new_passphrase",
    "passphrase_from_env",
    "preview_bundle",
    "read_passphrase",
    "review_copy_path",
    "write_access_bundle",
    "write_all_bundles",
    "write_bundle",
    "write_review_copy",
]


# --- results -------------------------------------------------------------------------------


@dataclass
class AccessResult:
    """What one access request produced."""

    path: Path
    """The bundle folder, or the zip file."""
    found: bool
    """Whether data about the person was found (if not, the bundle is the no-data letter)."""
    subject_key: Any = None
    files: list[str] = field(default_factory=list)
    """Paths inside the bundle, sorted."""
    warnings: list[str] = field(default_factory=list)
    decisions: tuple[ReviewDecision, ...] = ()
    """The review decisions this bundle was made with (Tietosuojalaki § 34)."""
    removed_review_copy: Path | None = None
    """The review copy of the held data, removed once the bundle was written."""

    def summary(self, name: Callable[[Input], str] = str, words: Translations | None = None) -> str:
        """What was written, in the language of ``words`` (a "status" catalog; English by
        default); ``name`` names the options a warning speaks of (see :class:`Input`)."""
        words = words or i18n.translations("en", "status")
        _, ngettext = words.gettext, words.ngettext
        count = len(self.files)
        if self.found:
            wrote = ngettext(
                "wrote %(path)s (bundle; %(count)d file)",
                "wrote %(path)s (bundle; %(count)d files)",
                count,
            )
        else:
            wrote = ngettext(
                "wrote %(path)s (letter: no personal data found about the person; %(count)d file)",
                "wrote %(path)s (letter: no personal data found about the person; %(count)d files)",
                count,
            )
        lines = [wrote % {"path": self.path, "count": count}]
        for decision in self.decisions:
            if decision.release:
                lines.append(
                    _("released after review: %(category)s") % {"category": decision.category}
                )
            else:
                ground = decision.ground.value if decision.ground is not None else ""
                lines.append(
                    _(
                        "withheld: %(category)s (%(ground)s: %(reason)s); the report tells the "
                        "person why and where to complain"
                    )
                    % {"category": decision.category, "ground": ground, "reason": decision.reason}
                )
        if self.removed_review_copy is not None:
            lines.append(_("removed the review copy %(path)s") % {"path": self.removed_review_copy})
        lines += [
            _("warning: %(warning)s") % {"warning": named(warning, name)}
            for warning in self.warnings
        ]
        return "\n".join(lines)


@dataclass
class BulkResult:
    """What a bulk export produced."""

    out_dir: Path
    written: int = 0
    skipped: int = 0
    """Bundles this run had written before it was cut short (a resumed run)."""
    passphrases: Path | None = None
    """The file listing each encrypted bundle's own passphrase."""
    warnings: list[str] = field(default_factory=list)

    def summary(self, words: Translations | None = None) -> str:
        """What the run wrote, in the language of ``words`` (a "status" catalog)."""
        words = words or i18n.translations("en", "status")
        _ = words.gettext
        lines = [
            words.ngettext(
                "%(out)s: wrote %(written)d bundle, skipped %(skipped)d that this run had "
                "already written",
                "%(out)s: wrote %(written)d bundles, skipped %(skipped)d that this run had "
                "already written",
                self.written,
            )
            % {"out": self.out_dir, "written": self.written, "skipped": self.skipped}
        ]
        if self.passphrases is not None:
            lines.append(
                _(
                    "passphrases: %(path)s (one per bundle; send each person theirs by another "
                    "way than the bundle)"
                )
                % {"path": self.passphrases}
            )
        lines += [_("warning: %(warning)s") % {"warning": warning} for warning in self.warnings]
        return "\n".join(lines)


# --- options shared by one bundle and many -------------------------------------------------


@dataclass(frozen=True)
class BundleOptions:
    """How a bundle is made, for one request (:func:`write_access_bundle`) or for every subject
    (:func:`write_all_bundles`)."""

    languages: Sequence[str] = ()
    """The report's languages; none: every language the notice is published in."""
    formats: Iterable[str] = FORMATS
    """Which of :data:`FORMATS` to write; the manifest is always written."""
    zip: bool = False
    """Pack the bundle into one file: ``out_dir`` with the suffix ``.zip``."""
    passphrase: str | None = None
    """One bundle's passphrase: it encrypts the PDFs, and with ``zip`` the whole zip."""
    encrypt: bool = False
    """Every subject's bundle its own random passphrase, listed in ``passphrase_file``
    (:func:`write_all_bundles` only; one bundle is encrypted by giving ``passphrase``)."""
    passphrase_file: Path | None = None
    """Where :func:`write_all_bundles` lists the passphrases (0600, outside its folder; by
    default ``<out_dir>-passphrases.csv`` beside it)."""
    templates: Path | None = None
    """A folder of templates overriding the report's."""
    reference: str | None = None
    """The request the bundle answers; none: a new reference from the time."""
    generated: datetime | None = None
    """The bundle's time (naive is UTC); none: now, or ``SOURCE_DATE_EPOCH`` when set."""
    decisions: Sequence[ReviewDecision] = ()
    """The practitioner's decision on each category held for review (Tietosuojalaki § 34):
    every held category that holds data about the person needs one, or no bundle is written.
    For every subject's bundles (:func:`write_all_bundles`) only releases, one for each held
    category."""
    csv_dialect: str | None = None
    """How the CSV files are written, "standard" or "excel-fi"; none: the store mapping's
    ``csv_dialect``."""
    logged: bool = False
    """The request is in the request log, which the no-data letter then says."""

    def __post_init__(self) -> None:
        # Tuples, so that a generator given is read once and the options compare by value.
        object.__setattr__(self, "languages", tuple(self.languages))
        object.__setattr__(self, "formats", tuple(self.formats))
        object.__setattr__(self, "decisions", tuple(self.decisions))
        if self.csv_dialect is not None:
            # Refused here, before the register, the store or a request log is touched.
            object.__setattr__(self, "csv_dialect", csv_dialect(self.csv_dialect).name)


@dataclass(frozen=True)
class _Options:
    """:class:`BundleOptions` checked against the register, with the time fixed."""

    register: Register
    langs: tuple[str, ...]
    formats: frozenset[str]
    zip_: bool
    passphrase: str | None
    templates: Path | None
    generated: datetime
    durable: bool
    decisions: tuple[ReviewDecision, ...] = ()
    every_subject: bool = False
    """One set of decisions for every subject's bundle (a bulk run)."""
    csv_dialect: CsvDialect = STANDARD
    logged: bool = False
    described: dict[Any, Any] = field(default_factory=dict, compare=False)
    """What is the same for every subject of a bulk run, computed once: column descriptions by
    source, and which categories are portable."""


def _options(
    register: Register, options: BundleOptions, *, durable: bool, every_subject: bool = False
) -> _Options:
    chosen = tuple(dict.fromkeys(options.languages)) or tuple(register.languages)
    # The register loader (pydantic) stays off this module's load, as the model does.
    from rekisteri.register.languages import require_language

    for lang in chosen:
        require_language(register, lang)
    wanted = frozenset(options.formats)
    unknown = sorted(wanted - set(FORMATS))
    if unknown or not wanted:
        raise RekisteriError(
            f"unknown bundle format {', '.join(unknown) or '(none)'}: "
            f"choose from {', '.join(FORMATS)}"
        )
    _check_passphrase(options.passphrase)
    # Before the store is read: a decision that cannot be right stops the run at once.
    check_decisions(register, options.decisions)
    return _Options(
        register=register,
        langs=chosen,
        formats=wanted,
        zip_=options.zip,
        passphrase=options.passphrase,
        templates=options.templates,
        generated=_moment(options.generated),
        durable=durable,
        decisions=normalised(options.decisions),
        every_subject=every_subject,
        csv_dialect=_csv_dialect(register, options),
        logged=options.logged,
    )


def _csv_dialect(register: Register, options: BundleOptions) -> CsvDialect:
    """The options' CSV dialect, else the one the store mapping sets."""
    if options.csv_dialect is not None:
        return csv_dialect(options.csv_dialect)
    return csv_dialect(register.store.csv_dialect if register.store is not None else "standard")


def _check_passphrase(passphrase: str | None) -> None:
    if passphrase is not None and len(passphrase) < MIN_PASSPHRASE:
        raise RekisteriError(
            f"the passphrase is too short: use at least {MIN_PASSPHRASE} characters, "
            "e.g. four random words"
        )


def _moment(generated: datetime | None) -> datetime:
    """The bundle's time, in UTC to the second: ``generated`` (naive is UTC), else now."""
    if generated is None:
        generated = _now()
    elif generated.tzinfo is None:
        generated = generated.replace(tzinfo=UTC)
    return generated.astimezone(UTC).replace(microsecond=0)


def _now() -> datetime:
    # SOURCE_DATE_EPOCH pins the clock for reproducible output, as in reproducible builds.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def passphrase_from_env() -> str | None:
    """The passphrase from ``REKISTERI_PASSPHRASE``, if set; the CLI prompts otherwise."""
    value = os.environ.get(PASSPHRASE_ENV)
    return value if value else None


def read_passphrase(prompt: Callable[[], str] | None = None) -> str:
    """The passphrase to encrypt with: ``REKISTERI_PASSPHRASE``, else asked with ``prompt``.

    Never an argument: a passphrase on the command line ends up in the shell history and in
    the process list, where other users of the machine can read it.
    """
    value = passphrase_from_env()
    if value:
        return value
    if prompt is None or not sys.stdin.isatty():
        raise RekisteriError.naming(
            ENCRYPT,
            f" needs a passphrase: set {PASSPHRASE_ENV}, or run the command in a "
            "terminal to be asked for one",
        )
    return prompt()


# --- one request ---------------------------------------------------------------------------


def write_access_bundle(
    register: Register,
    out_dir: Path,
    identifier: Identifier,
    options: BundleOptions = BundleOptions(),
) -> AccessResult:
    """Answer one access request: find the person, collect their data, write the bundle.

    :func:`build_bundle` then :func:`write_bundle`, except that an existing bundle is refused
    before the store is read. ``out_dir`` is the bundle folder to create (with ``zip``, the zip
    is ``out_dir`` with the suffix ``.zip``). The person is searched in every data-subject
    group the store mapping names (only in the identifier's ``group`` when given), and gets
    their data from each group they are found in. Several matching subjects raise
    :class:`AmbiguousSubject` listing them; the letter confirming that no data is processed is
    written only when no group matches.

    A category held for review that holds data about the person needs a decision in
    ``options.decisions``, else :class:`ReviewNeeded` is raised and nothing is written. When
    the review copy of :func:`write_review_copy` lies beside ``out_dir``, the held data must
    still be what it showed; it is removed once the bundle is written.
    """
    resolved = _one_bundle(register, options)
    target = _target(out_dir, options)
    copy = review_copy_path(out_dir)
    data, settled, files = _build(resolved, identifier, options.reference, reviewed=copy)
    _write_files(resolved, target, files)
    removed = None
    if settled.decisions and _copy_digest(copy) is not None:
        # The copy showed the data just decided on; kept, it would be one more copy of it.
        copy.unlink(missing_ok=True)
        removed = copy
    warnings: list[str] = []
    if options.passphrase is not None and not options.zip:
        warnings.append(
            Phrased(
                "only the PDF reports are encrypted; the HTML, JSON and CSV files are not. Use ",
                Input("zip", "a zip"),
                " with ",
                ENCRYPT,
                " to send the bundle",
            )
        )
    return AccessResult(
        path=target,
        found=data is not None,
        subject_key=data.key if data is not None else None,
        files=sorted(files),
        warnings=warnings,
        decisions=settled.decisions,
        removed_review_copy=removed,
    )


def build_bundle(
    register: Register,
    identifier: Identifier,
    options: BundleOptions = BundleOptions(),
) -> dict[str, bytes]:
    """Every file of the bundle answering one request, by its path inside the bundle, made in
    memory from the store (for a web app to send, or :func:`write_bundle` to write).

    The person is found as in :func:`write_access_bundle`; nothing is written.
    """
    return _build(_one_bundle(register, options), identifier, options.reference)[2]


@dataclass(frozen=True)
class PreviewCategory:
    """One data category of a bundle to be: how many rows it holds about the person, and
    whether it is held for review before release (Tietosuojalaki § 34)."""

    category: DataCategory
    rows: int
    held: bool


@dataclass(frozen=True)
class BundlePreview:
    """What a bundle answering one request would hold, before anything is written."""

    found: bool
    """Whether the store holds the person at all (if not, the bundle is the no-data letter)."""
    name: str = ""
    categories: tuple[PreviewCategory, ...] = ()
    """The categories holding data about the person, in the notice's order."""

    @property
    def held(self) -> tuple[PreviewCategory, ...]:
        """The categories that need a decision before the bundle is written."""
        return tuple(c for c in self.categories if c.held)


def preview_bundle(register: Register, identifier: Identifier) -> BundlePreview:
    """The categories and rows a bundle for the person ``identifier`` names would hold, found
    as :func:`write_access_bundle` finds them; the store is only read and nothing is written.

    Several matching subjects raise :class:`AmbiguousSubject`, as for the bundle itself.
    """
    data = _collect(register, identifier)
    if data is None:
        return BundlePreview(found=False)
    held = {h.category.id for h in held_for(register, data)}
    categories = tuple(
        PreviewCategory(
            category,
            sum(
                len(source.rows)
                for part in data.parts
                for source in part.categories.get(category.id, [])
            ),
            category.id in held,
        )
        for category in categories_with_data(register, data)
    )
    return BundlePreview(found=True, name=data.name, categories=categories)


def write_bundle(
    files: Mapping[str, bytes],
    out_dir: Path,
    options: BundleOptions = BundleOptions(),
) -> Path:
    """Write the files of :func:`build_bundle` as the bundle folder ``out_dir``, or with
    ``options.zip`` as one zip (encrypted with ``options.passphrase``, entries dated
    ``options.generated``); returns the folder or the zip.

    The bundle is made under a temporary name and renamed into place, files 0600 and folders
    0700, and is never written over an existing one.
    """
    _check_passphrase(options.passphrase)
    target = _target(out_dir, options)
    _write_bundle(
        target,
        dict(files),
        zip_=options.zip,
        passphrase=options.passphrase,
        generated=_moment(options.generated),
        durable=True,
    )
    return target


def _one_bundle(register: Register, options: BundleOptions) -> _Options:
    if options.encrypt and options.passphrase is None:
        raise RekisteriError.naming(
            "one bundle is encrypted with the passphrase given: ",
            ENCRYPT,
            " needs one (random passphrases are for every subject's bundles)",
        )
    return _options(register, options, durable=True)


def _target(out_dir: Path, options: BundleOptions) -> Path:
    target = _zip_path(out_dir) if options.zip else out_dir
    if target.exists():
        raise RekisteriError(f"{target}: already exists; rekisteri never overwrites a bundle")
    return target


def _build(
    options: _Options,
    identifier: Identifier,
    reference: str | None,
    *,
    reviewed: Path | None = None,
) -> tuple[SubjectData | None, Settled, dict[str, bytes]]:
    """The person's data, the review decisions that apply to it, and the bundle's files."""
    data = _collect(options.register, identifier)
    settled = settle(options.register, data, options.decisions)
    if reviewed is not None and settled.decisions:
        _check_reviewed(reviewed, held_digest(data, settled.held))
    files = build_files(options, data, identifier, reference or _reference(options.generated))
    return data, settled, files


def _collect(register: Register, identifier: Identifier) -> SubjectData | None:
    with open_store(register) as store:
        return Collector(store).collect_parts(resolve_parts(store, identifier))


def _zip_path(out_dir: Path) -> Path:
    return out_dir if out_dir.suffix == ".zip" else out_dir.with_name(out_dir.name + ".zip")


def _reference(generated: datetime) -> str:
    return f"access-{generated:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


# --- the review copy -----------------------------------------------------------------------

REVIEW_SUFFIX = ".review.html"
_DIGEST_META = "rekisteri-held-sha256"
_DIGEST = re.compile(r'<meta name="rekisteri-held-sha256" content="([0-9a-f]{64})">')
# The digest stands at the top of the head; a copy is never read further than this.
_DIGEST_WITHIN = 4096


@dataclass
class ReviewCopy:
    """What :func:`write_review_copy` found held for review, and where it wrote the copy."""

    path: Path | None
    """The review copy; None when nothing about the person is held, and nothing was written."""
    held: tuple[Held, ...] = ()
    lang: str = "fi"
    found: bool = True
    """Whether the person was found in the store at all."""

    def summary(self, words: Translations | None = None) -> str:
        """What was held and written, in the language of ``words`` (the copy's by default)."""
        words = words or i18n.translations(self.lang, "status")
        _ = words.gettext
        if self.path is None and not self.found:
            return _(
                "no person matching the request is in the store, so nothing is held for "
                "review: no review copy was written"
            )
        if self.path is None:
            return _(
                "nothing held for review holds data about the person: no review copy was "
                "written, and the bundle needs no decision"
            )
        lines = [
            _("wrote %(path)s (review copy for the practitioner, not for the person)")
            % {"path": self.path},
            _("held for review before release (%(law)s):") % {"law": _(SECTION)},
        ]
        for held in self.held:
            rows = words.ngettext("%(count)d row", "%(count)d rows", held.rows) % {
                "count": held.rows
            }
            lines.append(f"  {held.category.id}: {held.category.name.get(self.lang)} ({rows})")
        return "\n".join(lines)


def review_copy_path(out_dir: Path) -> Path:
    """Where the review copy of the bundle ``out_dir`` is written: beside it, never in it."""
    name = out_dir.name[: -len(".zip")] if out_dir.suffix == ".zip" else out_dir.name
    return out_dir.with_name(name + REVIEW_SUFFIX)


def write_review_copy(
    register: Register,
    out_dir: Path,
    identifier: Identifier,
    options: BundleOptions = BundleOptions(),
) -> ReviewCopy:
    """Write, for the practitioner, the person's data in the categories held for review.

    The copy (:func:`review_copy_path`: ``<out_dir>.review.html``, 0600) shows those rows as
    the report would, in the first of ``options.languages`` (else the register's default
    language), and carries a digest of them: deciding on it later is refused if the data has
    changed since. The bundle itself is not written; nothing is written when nothing about
    the person is held. An earlier review copy is replaced.
    """
    resolved = _options(register, replace(options, decisions=()), durable=True)
    data = _collect(register, identifier)
    held = held_for(register, data)
    lang = options.languages[0] if options.languages else register.default_language
    if data is None or not held:
        return ReviewCopy(None, lang=lang, found=data is not None)
    reference = options.reference or _reference(resolved.generated)
    html = _review_html(resolved, data, held, identifier, reference, lang)
    path = review_copy_path(out_dir)
    ensure_dir(path.parent)
    write_atomic(path, html, mode=PRIVATE_FILE)
    return ReviewCopy(path, held, lang=lang)


def _review_html(
    options: _Options,
    data: SubjectData,
    held: Sequence[Held],
    identifier: Identifier,
    reference: str,
    lang: str,
) -> str:
    ids = {h.category.id for h in held}

    def only_held(part: SubjectData) -> SubjectData:
        categories = {k: v for k, v in part.categories.items() if k in ids}
        return replace(part, categories=categories, also=[only_held(p) for p in part.also])

    # The report's own tables: the practitioner reads the rows exactly as the person would.
    context = build_report(
        options.register,
        lang,
        only_held(data),
        identifier,
        generated=options.generated,
        reference=reference,
        formats=("html",),
        templates=options.templates,
    )
    _ = i18n.translations(lang, "review", templates=options.templates).gettext
    context = replace(
        context,
        head=replace(context.head, title=_("Review copy: not for the data subject")),
        confirmation=(
            _(
                "This copy holds only the data that is reviewed before it is given to the person "
                "who asked for it (section 34 of the Data Protection Act (1050/2018)). It is for "
                "the practitioner to read, not for the person."
            ),
            _(
                "Decide on each data category: give it, or withhold it if giving it could "
                "seriously endanger the person's health or care, or the rights of the person or "
                "of someone else. A withheld data category is left out of the copy the person "
                "receives; the report tells them what was withheld, why, and how to lodge a "
                "complaint with the supervisory authority."
            ),
            _(
                "Do not pass this file on. It is removed when the bundle is written with your "
                "decisions; if the data changes before that, the decisions are refused and the "
                "data must be reviewed again."
            ),
        ),
        sections=(),
        files=(),
        empty_categories=(),
    )
    html = render_report(context, options.templates)
    meta = f'<meta name="{_DIGEST_META}" content="{held_digest(data, held)}">\n'
    # Near the top, where _copy_digest reads it, after the charset, which comes first. A user's
    # template without either gets no digest: its copy is then neither checked nor removed.
    charset = html.find("<meta charset")
    at = html.find("\n", charset) + 1 if charset != -1 else 0
    return html[:at] + meta + html[at:] if at else html


def _copy_digest(copy: Path) -> str | None:
    """The digest a review copy carries; None when there is no copy (or not one of ours)."""
    try:
        with copy.open("rb") as handle:
            head = handle.read(_DIGEST_WITHIN).decode("utf-8", "replace")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except OSError as exc:
        raise RekisteriError(f"{copy}: cannot read the review copy: {exc.strerror}") from None
    match = _DIGEST.search(head)
    return match[1] if match else None


def _check_reviewed(copy: Path, digest: str) -> None:
    recorded = _copy_digest(copy)
    if recorded is not None and recorded != digest:
        raise ReviewOutdated(
            f"{copy}: the data held for review has changed since this review copy was "
            "written, so the decisions may not be about what is there now; nothing was "
            "written. Review the data again before deciding",
            path=copy,
        )


# --- every subject -------------------------------------------------------------------------

RUN_RECORD = ".rekisteri-run.json"
RUN_FORMAT = "rekisteri-access-run"
RUN_FORMAT_VERSION = 1
# Bundles claimed in the record at a time. Each claim rewrites and syncs the record, which lists
# every bundle done; claiming a few thousand at once keeps that a small part of a run, and a
# killed run redoes at most this many.
RUN_WINDOW = 2000


def write_all_bundles(
    register: Register,
    out_dir: Path,
    options: BundleOptions = BundleOptions(),
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 200,
) -> BulkResult:
    """Write one bundle per subject into ``out_dir/<key>/`` (or ``<key>.zip``).

    Subjects are read ``batch`` at a time. The run keeps a record, ``out_dir/.rekisteri-run.json``
    (0600): the register's SHA-256, a fingerprint of the store, the bundle settings and the
    bundles written. A later call resumes the run only when all of these are unchanged, and
    counts as done only the bundles the record lists; otherwise it refuses before writing
    anything, because the folder would mix bundles of two different states. The folder may hold
    other files: they are left alone, and so is the mode of a folder that already existed.

    ``options.encrypt`` gives every bundle its own random passphrase, listed in
    ``options.passphrase_file`` (0600, outside ``out_dir``; by default
    ``<out_dir>-passphrases.csv`` beside it). One passphrase for every bundle is refused.

    ``progress(done, total)`` is called before the first batch and after each one, with the
    subjects done so far (including those a resumed run had already written) and all of them.

    Every category held for review needs a release in ``options.decisions``, else
    :class:`ReviewNeeded` is raised before anything is read: withholding (Tietosuojalaki § 34)
    is decided for one person's request at a time, never for everyone at once.
    """
    if options.passphrase is not None:
        raise RekisteriError.naming(
            "every subject's bundle gets its own random passphrase, never one for all: "
            "give encrypt, not ",
            ENCRYPT,
        )
    request_ref, zip_, encrypt = options.reference, options.zip, options.encrypt
    # One fsync per file would dominate a bulk run; the run syncs once at its end, and a
    # resumed run re-checks each bundle against its manifest.
    resolved = _options(register, options, durable=False, every_subject=True)
    _check_every_subject_review(register, resolved.decisions)
    folder = Path(os.path.abspath(out_dir))
    listing = _passphrase_listing(folder, options.passphrase_file) if encrypt else None
    settings = _run_settings(resolved, listing)
    result = BulkResult(out_dir=out_dir, passphrases=listing)
    with open_store(register) as store, contextlib.ExitStack() as held:
        # open_store has refused NULL and repeated subject keys (verify_store_integrity), on
        # which the keyset pagination of iter_keys would loop or skip people.
        collector = Collector(store)
        subjects = _survey(collector, ".zip" if zip_ else "", batch)
        state = {
            "register_sha256": _register_sha256(register),
            "store": _store_fingerprint(store, subjects),
            "settings": settings,
        }
        existed = folder.exists()
        if existed:
            held.enter_context(_folder_lock(folder))
        run = _plan_run(folder, state, request_ref or _reference(resolved.generated), request_ref)
        _refuse_foreign(run, subjects)
        phrases = _Passphrases.open(listing, run) if listing is not None else None
        if existed:
            result.warnings += _shared_folder_warnings(folder)
        else:
            _create_private(folder)
            held.enter_context(_folder_lock(folder))
        run.phrases = phrases
        run.start()
        report = progress or _no_progress
        done = 0
        report(done, subjects.count)
        for keys in collector.iter_keys(batch):
            _write_batch(run, subjects, collector, keys, resolved, result)
            done += len(keys)
            report(done, subjects.count)
        run.finish()
    os.sync()
    if encrypt and not zip_:
        result.warnings.append(
            "only the PDF reports are encrypted; the HTML, JSON and CSV files are not. "
            "Pack the bundles into zips to encrypt them whole"
        )
    return result


def _check_every_subject_review(register: Register, decisions: Sequence[ReviewDecision]) -> None:
    withheld = [d.category for d in decisions if d.withheld]
    if withheld:
        raise RekisteriError(
            f"{', '.join(withheld)}: withholding is decided for one person's request at a time "
            f"({SECTION}: giving that person's data could seriously endanger their health or "
            "care, or someone's rights), never for every subject's bundle at once; release "
            "the category here, and answer those people's requests one by one"
        )
    released = {d.category for d in decisions}
    undecided = [c for c in held_categories(register) if c.id not in released]
    if undecided:
        lang = register.default_language
        names = ", ".join(f"{c.id} ({c.name.get(lang)})" for c in undecided)
        raise ReviewNeeded(
            f"held for review before release ({SECTION}): {names}; a bundle for every subject "
            "releases each held category to everyone who has data in it, so it is written "
            "only when every held category is released; nothing was written",
            held=tuple(c.id for c in undecided),
            every_subject=True,
        )


def _write_batch(
    run: _Run,
    subjects: _Subjects,
    collector: Collector,
    keys: Sequence[Any],
    options: _Options,
    result: BulkResult,
) -> None:
    todo = []
    for key in keys:
        name = _safe_name(key) + run.suffix
        if name in run.complete and _complete(run.folder / name, options.zip_):
            result.skipped += 1
        else:
            todo.append((key, name))
    if not todo:
        return
    # Listed before the first file is written: whatever a kill leaves of them is known as ours.
    run.claim([name for _, name in todo], subjects)
    phrases = run.phrases

    def prepared(data: SubjectData, name: str) -> PreparedFiles:
        own = options if phrases is None else replace(options, passphrase=phrases.new(name))
        return prepare_files(own, data, Identifier("id", str(data.key)), run.reference)

    bundles = (
        (name, prepared(data, name))
        for data, (_key, name) in zip(
            collector.collect([key for key, _ in todo]), todo, strict=True
        )
    )
    if "pdf" not in options.formats:
        # Written as they come: a batch of people's data is never held at once.
        for name, files in bundles:
            _write_complete(run, name, files, {}, result)
        return
    # The batch's PDFs, most of a run's time, are rendered side by side in forked copies of
    # this process that have WeasyPrint loaded already; the bytes are those rendered here.
    batch = list(bundles)
    jobs = {f"{index}/{path}": job for index, (_, files) in enumerate(batch) for path, job in
            files.pdfs.items()}  # fmt: skip
    with PdfPool(lambda job: jobs[job].render(), list(jobs)) as rendered:
        for index, (name, files) in enumerate(batch):
            pdfs = {path: rendered.pdf(f"{index}/{path}") for path in files.pdfs}
            _write_complete(run, name, files, pdfs, result)


def _write_complete(
    run: _Run, name: str, files: PreparedFiles, pdfs: Mapping[str, bytes], result: BulkResult
) -> None:
    target = run.folder / name
    if os.path.lexists(target):
        if name not in run.complete:
            raise RekisteriError(
                f"{target}: appeared during the run, not written by it; rekisteri does not "
                "write over it. Move it away and run again to continue"
            )
        # Listed as complete, yet its files no longer match its manifest (a power cut after
        # an unsynced write): this run wrote it, so it is rebuilt.
        _remove(target)
    _write_files(files.options, target, files.complete(pdfs))
    run.written.append(name)
    result.written += 1


@dataclass
class _Subjects:
    """Every subject's bundle name, and what identifies the set of subjects."""

    count: int
    keys_sha256: str
    names: dict[str, int]
    """Bundle names in key order, with their position."""
    order: list[str]


def _survey(collector: Collector, suffix: str, batch: int) -> _Subjects:
    """One pass over the keys alone: the bundle names and a digest of the keys, in key order."""
    digest = hashlib.sha256()
    names: dict[str, Any] = {}
    for keys in collector.iter_keys(batch):
        for key in keys:
            digest.update(repr(key).encode("utf-8") + b"\n")
            name = _safe_name(key) + suffix
            if name in names:
                raise RekisteriError(
                    f"the subject keys {printable(str(names[name]))} and {printable(str(key))} "
                    f"would both be written as the bundle {name}; no bundle was written"
                )
            names[name] = key
    order = list(names)
    return _Subjects(
        count=len(order),
        keys_sha256=digest.hexdigest(),
        names={name: i for i, name in enumerate(order)},
        order=order,
    )


def _register_sha256(register: Register) -> str:
    if register.source_path is not None:
        return hashlib.sha256(register.source_path.read_bytes()).hexdigest()
    return hashlib.sha256(register.model_dump_json().encode("utf-8")).hexdigest()


def _store_fingerprint(store: Any, subjects: _Subjects) -> dict[str, Any]:
    """What identifies the store's state, cheaply: where it is, who is in it, how many rows.

    The keys' digest and the row counts of the mapped tables show people and rows that came
    or went; for SQLite the file's size and modification time (and the size of its ``-wal``)
    also show a value edited in place. On a database server an edit in place that adds or
    removes no row is not seen: the record guards against a changed store, it does not
    replace reading it.
    """
    mapping = store.mapping
    tables = {mapping.subject.table}
    for source in mapping.sources:
        if source.table is not None:
            tables.add(source.table)
            tables.update(hop.table for hop in source.via)
    count = sa.select(sa.func.count())
    rows = {
        name: int(store.execute(count.select_from(sa.table(name))).scalar_one())
        for name in sorted(tables)
    }
    fingerprint: dict[str, Any] = {
        "dialect": store.dialect,
        "location": hide_secrets(store.location.display),
        "subjects": subjects.count,
        "keys_sha256": subjects.keys_sha256,
        "rows": rows,
    }
    path = store.location.sqlite_file
    if path is not None:
        info = path.stat()
        wal = path.with_name(path.name + "-wal")
        fingerprint["file"] = {
            "size": info.st_size,
            "mtime_ns": info.st_mtime_ns,
            # A reader may create an empty -wal itself, so only its size says anything.
            "wal_size": wal.stat().st_size if wal.exists() else 0,
        }
    return fingerprint


def _run_settings(options: _Options, listing: Path | None) -> dict[str, Any]:
    return {
        "langs": list(options.langs),
        "formats": sorted(options.formats),
        "zip": options.zip_,
        "encrypt": listing is not None,
        "passphrases": str(listing) if listing is not None else None,
        "templates": str(options.templates) if options.templates is not None else None,
        "csv_dialect": options.csv_dialect.name,
        # None without held categories, as the records of runs before the review began.
        "released": sorted(d.category for d in options.decisions) or None,
    }


@dataclass
class _Run:
    """The run record: what a bulk run was made from, and which bundles it has written."""

    folder: Path
    state: dict[str, Any]
    reference: str
    suffix: str
    complete: dict[str, None] = field(default_factory=dict)
    """Bundle names in the order written (a dict as an ordered set)."""
    pending: list[str] = field(default_factory=list)
    """The bundles claimed next: a kill may leave them half made, or their temporary folders."""
    untouched: list[str] = field(default_factory=list)
    """Entries that looked like temporary folders when the run began: someone else's."""
    resumed: bool = False
    written: list[str] = field(default_factory=list)
    """Claimed bundles written since the record was last saved."""
    phrases: _Passphrases | None = None

    @property
    def path(self) -> Path:
        return self.folder / RUN_RECORD

    def start(self) -> None:
        """Remove what a killed run of this record left, then write the record."""
        if not self.resumed:
            self.untouched = _leftovers(self.folder, None)
        # Only the batch being written when a run was killed can have left temporary folders
        # (and the record its temporary file): a complete bundle's was renamed into place.
        listed = {*self.pending, RUN_RECORD} if self.resumed else set()
        for entry in _leftovers(self.folder, listed):
            if entry not in self.untouched:
                _remove(self.folder / entry)
        for name in self.pending:
            target = self.folder / name
            # One listed as complete too was being rebuilt: the manifest check decides.
            if name not in self.complete and os.path.lexists(target):
                _remove(target)
        self.pending = []
        self.save()

    def claim(self, names: list[str], subjects: _Subjects) -> None:
        """List ``names`` (and the bundles after them) as pending before any is written."""
        claimed = set(self.pending)
        if all(name in claimed for name in names):
            return
        self._record_written()
        first, last = subjects.names.get(names[0]), subjects.names.get(names[-1])
        if first is None or last is None:
            raise RekisteriError(
                f"{self.folder}: the store changed during the run (a subject appeared that "
                "was not there when it began); run again to continue"
            )
        self.pending = subjects.order[first : max(first + RUN_WINDOW, last + 1)]
        self.save()

    def finish(self) -> None:
        self._record_written()
        self.pending = []
        self.save()

    def _record_written(self) -> None:
        if self.phrases is not None:
            # Saved before the record lists the bundles as complete: a bundle counted as
            # done always has its passphrase on disk.
            self.phrases.save()
        self.complete.update(dict.fromkeys(self.written))
        self.written = []

    def save(self) -> None:
        record = {
            "format": RUN_FORMAT,
            "format_version": RUN_FORMAT_VERSION,
            "reference": self.reference,
            **self.state,
            "complete": list(self.complete),
            "pending": self.pending,
            "untouched": self.untouched,
        }
        # Not indented: json's indenting encoder is pure Python, and the record is rewritten
        # for every window of a run.
        text = json.dumps(record, ensure_ascii=False) + "\n"
        write_atomic(self.path, text, mode=PRIVATE_FILE)


def _plan_run(folder: Path, state: dict[str, Any], reference: str, given: str | None) -> _Run:
    """The run to continue, or a new one; refused when the folder holds another run's bundles."""
    suffix = ".zip" if state["settings"]["zip"] else ""
    record = _read_record(folder)
    if record is None:
        return _Run(folder, state, reference, suffix)
    change = _what_changed(record, state)
    if change is None and given is not None and given != record["reference"]:
        change = f"it answered request {record['reference']}, not {given}"
    if change is not None:
        raise RekisteriError(
            f"{folder}: holds the bundles of an earlier run, and {change}. Resuming would mix "
            "bundles of two different states: empty the folder or choose another one"
        )
    return _Run(
        folder,
        state,
        record["reference"],
        suffix,
        complete=dict.fromkeys(record["complete"]),
        pending=list(record["pending"]),
        untouched=list(record["untouched"]),
        resumed=True,
    )


def _read_record(folder: Path) -> dict[str, Any] | None:
    path = folder / RUN_RECORD
    if not folder.is_dir() and folder.exists():
        raise RekisteriError(f"{folder}: exists and is not a folder")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise RekisteriError(f"{path}: cannot read the run record: {exc.strerror}") from None
    try:
        record = json.loads(text)
        valid = (
            record["format"] == RUN_FORMAT
            and record["format_version"] == RUN_FORMAT_VERSION
            and isinstance(record["reference"], str)
            and isinstance(record["register_sha256"], str)
            and isinstance(record["store"], dict)
            and isinstance(record["settings"], dict)
            and all(isinstance(name, str) for name in record["untouched"])
            # Names from the record are removed on resume: only plain bundle names qualify.
            and all(
                isinstance(name, str) and _SAFE.match(name) and "/" not in name
                for name in [*record["complete"], *record["pending"]]
            )
        )
    except (ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        raise RekisteriError(
            f"{path}: is not a run record rekisteri can read, so nothing in {folder} can be "
            "trusted as written by one run: empty the folder or choose another one"
        )
    return dict(record)


def _what_changed(record: dict[str, Any], state: dict[str, Any]) -> str | None:
    if record["register_sha256"] != state["register_sha256"]:
        return "the register file has changed since that run began"
    then, now = record["store"], state["store"]
    if then != now:
        return "the store has changed since that run began: " + _store_change(then, now)
    old, new = record["settings"], state["settings"]
    labels = {
        "langs": "languages",
        "formats": "formats",
        "zip": "zip",
        "encrypt": "encryption",
        "passphrases": "passphrase file",
        "templates": "templates",
        "csv_dialect": "CSV dialect",
        "released": "categories released after review",
    }
    for key, label in labels.items():
        if old.get(key) != new.get(key):
            then, now = _setting(old.get(key)), _setting(new.get(key))
            return f"it wrote bundles with {label} {then}, not {now}"
    return None


def _setting(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "on" if value else "off"
    return "none" if value is None else str(value)


def _store_change(then: dict[str, Any], now: dict[str, Any]) -> str:
    if then.get("location") != now.get("location") or then.get("dialect") != now.get("dialect"):
        return f"it read {then.get('location')}, now the store is {now.get('location')}"
    if then.get("subjects") != now.get("subjects"):
        return f"it held {then.get('subjects')} people, now {now.get('subjects')}"
    if then.get("keys_sha256") != now.get("keys_sha256"):
        return "the people in it are not the same"
    old_rows, new_rows = then.get("rows") or {}, now.get("rows") or {}
    for table in sorted(set(old_rows) | set(new_rows)):
        if old_rows.get(table) != new_rows.get(table):
            return f"table '{table}' had {old_rows.get(table)} rows, now {new_rows.get(table)}"
    if then.get("file") != now.get("file"):
        return f"{now.get('location')} has been modified"
    return "its fingerprint differs"


def _refuse_foreign(run: _Run, subjects: _Subjects) -> None:
    """A bundle's name taken by something this run did not write: never written over nor
    counted as done."""
    if not run.folder.is_dir():
        return
    ours = set(run.complete) | set(run.pending)
    taken = sorted(
        name for name in os.listdir(run.folder) if name in subjects.names and name not in ours
    )
    if taken:
        more = f" and {len(taken) - 1} more" if len(taken) > 1 else ""
        raise RekisteriError(
            f"{run.folder / taken[0]}{more}: not written by this run, yet named as a bundle of "
            "it; rekisteri neither writes over it nor counts it as done. Move it away, or "
            "choose an empty folder"
        )


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Held for the whole run: two runs in one folder would remove each other's work."""
    # POSIX only: imported here so that the module still loads where fcntl is missing.
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RekisteriError(
                f"{folder}: another run is writing bundles into this folder; wait until it ends"
            ) from None
        yield
    finally:
        os.close(fd)


def _create_private(folder: Path) -> None:
    ensure_dir(folder.parent)
    try:
        folder.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        raise RekisteriError(
            f"{folder}: was created by another program as this run began; run again"
        ) from None
    except OSError as exc:
        raise RekisteriError(f"{folder}: cannot create the folder: {exc.strerror}") from None
    # mkdir's mode passes through the umask; the folder is new, so setting it changes nobody's.
    os.chmod(folder, PRIVATE_DIR)


def _shared_folder_warnings(folder: Path) -> list[str]:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise RekisteriError(f"{folder}: the output folder is not writable")
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        return [
            f"{folder} is readable by others (mode {mode:o}): the bundles in it are private, "
            "but their names, the subjects' keys, are not"
        ]
    return []


# --- one passphrase per bundle -------------------------------------------------------------

# Lower-case letters and digits without the look-alikes l, o, 0 and 1: read aloud or typed
# from paper without mistakes, and never the start of a spreadsheet formula.
_PASSPHRASE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
_PASSPHRASE_GROUPS = 5
_PASSPHRASE_GROUP = 5  # 25 characters of 5 bits: 125 bits


def new_passphrase() -> str:
    """A random passphrase such as ``k3m9x-p2q7r-wd4tj-9ynhe-a6csv``."""
    return "-".join(
        "".join(secrets.choice(_PASSPHRASE_ALPHABET) for _ in range(_PASSPHRASE_GROUP))
        for _ in range(_PASSPHRASE_GROUPS)
    )


def _passphrase_listing(folder: Path, given: Path | None) -> Path:
    default = folder.with_name(folder.name + "-passphrases.csv")
    listing = Path(os.path.abspath(given)) if given is not None else default
    if listing.resolve() == folder.resolve() or folder.resolve() in listing.resolve().parents:
        raise RekisteriError(
            f"{listing}: the passphrases must be kept outside the bundle folder {folder}, "
            "or they would travel with the bundles they open"
        )
    return listing


@dataclass
class _Passphrases:
    """The passphrase of every bundle of a run, in one 0600 CSV file outside the bundles."""

    path: Path
    given: dict[str, str]

    @classmethod
    def open(cls, path: Path, run: _Run) -> _Passphrases:
        if not run.resumed:
            if os.path.lexists(path):
                raise RekisteriError(
                    f"{path}: already exists; rekisteri never overwrites a passphrase file"
                )
            return cls(path, {})
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                given = {row["bundle"]: row["passphrase"] for row in csv.DictReader(handle)}
        except FileNotFoundError:
            given = {}
        except (OSError, KeyError, csv.Error, UnicodeDecodeError) as exc:
            raise RekisteriError(f"{path}: cannot read the passphrases: {exc}") from None
        lost = [name for name in run.complete if not given.get(name)]
        if lost:
            raise RekisteriError(
                f"{path}: lacks the passphrases of {len(lost)} bundles this run wrote (e.g. "
                f"{lost[0]}), so they cannot be opened: empty the folder {run.folder} or "
                "choose another one"
            )
        # A bundle only begun is written again, with a new passphrase.
        return cls(path, {name: given[name] for name in run.complete})

    def new(self, name: str) -> str:
        phrase = new_passphrase()
        self.given[name] = phrase
        return phrase

    def save(self) -> None:
        ensure_dir(self.path.parent)
        write_atomic(self.path, csv_text([("bundle", "passphrase"), *self.given.items()]),
                     mode=PRIVATE_FILE)  # fmt: skip


# --- names and leftovers ---------------------------------------------------------


def _no_progress(done: int, total: int) -> None:
    pass


_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _safe_name(key: Any) -> str:
    """A folder name for a subject: the key itself when it is a plain name, else a hash."""
    text = str(key)
    if _SAFE.match(text) and not text.endswith((".zip", ".tmp")):
        return text
    return "subject-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _complete(target: Path, zipped: bool) -> bool:
    if zipped:
        # A zip is written to a temporary name and renamed: if it exists, it is whole.
        return target.is_file()
    manifest = target / "manifest.json"
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        return all((target / f["path"]).stat().st_size == f["size"] for f in listed)
    except (OSError, ValueError, KeyError, TypeError):
        return False


# The temporary names of output.atomic_directory and write_atomic: ".<name>.<8 random>.tmp".
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def _leftovers(folder: Path, listed: set[str] | None) -> list[str]:
    """Entries named like a temporary folder of one of the ``listed`` names (None: any name).

    A killed run's temporary folders hold personal data and are removed, but only those of
    its own record: anyone else's files stay.
    """
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(os.listdir(folder)):
        match = _LEFTOVER.match(entry)
        if match and (listed is None or match["name"] in listed):
            found.append(entry)
    return found


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


# --- the files of one bundle ---------------------------------------------------------------


def build_files(
    options: _Options, data: SubjectData | None, identifier: Identifier, reference: str
) -> dict[str, bytes]:
    """Every file of one bundle, by path inside it, rendered in memory.

    A category held for review and withheld (:mod:`rekisteri.access.review`) is taken out of
    the person's data first, so no file holds it; the report states the restriction."""
    prepared = prepare_files(options, data, identifier, reference)
    # The report's PDFs (one per language) render side by side on the machine's cores.
    jobs = prepared.pdfs
    with PdfPool(lambda path: jobs[path].render(), list(jobs)) as rendered:
        return prepared.complete({path: rendered.pdf(path) for path in jobs})


@dataclass(frozen=True)
class PdfJob:
    """One report PDF still to render: everything it needs, so a forked renderer can make it."""

    paged: str
    context: ReportContext
    options: _Options

    def render(self) -> bytes:
        pdf = _pdf(self.paged, self.context, self.options)
        if self.options.passphrase is not None:
            pdf = encrypt_pdf(pdf, self.options.passphrase)
        return pdf


@dataclass
class PreparedFiles:
    """A bundle's files but its PDFs, which :meth:`complete` takes once rendered (anywhere)."""

    options: _Options
    data: SubjectData | None
    reference: str
    decisions: Sequence[ReviewDecision]
    files: dict[str, bytes]
    pdfs: dict[str, PdfJob]

    def complete(self, pdfs: Mapping[str, bytes]) -> dict[str, bytes]:
        """The bundle's files with the PDFs in their places, the manifest and the checksums."""
        files = dict(self.files)
        for path in self.pdfs:
            files[path] = pdfs[path]  # in the place the PDF was reserved, after its HTML
        options = self.options
        files["manifest.json"] = json_bytes(
            manifest(
                options.register, files, options.generated, self.reference, self.data,
                self.decisions,
            )
        )  # fmt: skip
        files[CHECKSUMS] = checksums(files)
        return files


def prepare_files(
    options: _Options, data: SubjectData | None, identifier: Identifier, reference: str
) -> PreparedFiles:
    """What :func:`build_files` renders before the PDFs, and the PDFs to render."""
    register = options.register
    settled = settle(register, data, options.decisions, every_subject=options.every_subject)
    data = without_withheld(data, settled)
    files: dict[str, bytes] = {}
    pdfs: dict[str, PdfJob] = {}
    categories = categories_with_data(register, data)
    if "json" in options.formats:
        document = data_document(
            register, data, categories, options.generated, reference, options.described
        )
        # Compact: the indenting encoder is pure Python and would be most of a bulk run's time.
        files["data.json"] = (json.dumps(document, ensure_ascii=False) + "\n").encode("utf-8")
        portable = portable_document(
            register, data, categories, options.generated, reference, options.described
        )
        if portable is not None:
            files["portable.json"] = (json.dumps(portable, ensure_ascii=False) + "\n").encode()
    if "csv" in options.formats and data is not None:
        for part in data.parts:
            for category in part_categories(part, categories):
                path = f"csv/{category.id}.csv"
                if path in files:
                    # The same category in another group's record: its own file.
                    path = f"csv/{category.id}.{part.group}.csv"
                files[path] = csv_bytes(
                    part.categories[category.id],
                    options.csv_dialect,
                    register=register,
                    templates=options.templates,
                )
    if options.formats & {"html", "pdf"}:
        for lang in options.langs:
            context = build_report(
                register,
                lang,
                data,
                identifier,
                generated=options.generated,
                reference=reference,
                formats=options.formats,
                templates=options.templates,
                withheld=settled.withheld,
                logged=options.logged,
            )
            if "html" in options.formats:
                html = render_report(context, options.templates)
                files[f"report.{lang}.html"] = html.encode("utf-8")
            if "pdf" in options.formats:
                path = f"report.{lang}.pdf"
                paged = render_report(context, options.templates, paged=True)
                pdfs[path] = PdfJob(paged, context, options)
                files[path] = b""  # its place among the files, filled in by complete()
    return PreparedFiles(options, data, reference, settled.decisions, files, pdfs)


# Beside the manifest, the checksums in the format `sha256sum -c` reads, so that a client can
# check the bundle with the tool their system already has.
CHECKSUMS = "SHA256SUMS"


def checksums(files: dict[str, bytes]) -> bytes:
    """``sha256sum``'s own lines ("<hex>  <path>") for every file, in path order."""
    return "".join(
        f"{hashlib.sha256(body).hexdigest()}  {path}\n" for path, body in sorted(files.items())
    ).encode("utf-8")


def json_bytes(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def manifest(
    register: Register,
    files: dict[str, bytes],
    generated: datetime,
    reference: str,
    data: SubjectData | None,
    decisions: Sequence[ReviewDecision] = (),
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated": iso(generated),
        "request_reference": reference,
        "register": register.name.get(register.default_language),
        "controller": register.controller.name,
        "notice_version": register.notice.version,
        "found": data is not None,
        # What the practitioner decided on the categories held for review (Tietosuojalaki
        # § 34): a withheld one is in no file, and this says so to whoever checks the bundle.
        "review": [_manifest_decision(d) for d in decisions],
        "files": [
            {"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for path, content in sorted(files.items())
        ],
    }


def _manifest_decision(decision: ReviewDecision) -> dict[str, Any]:
    if decision.release:
        return {"category": decision.category, "decision": "released"}
    ground = decision.ground.value if decision.ground is not None else None
    return {"category": decision.category, "decision": "withheld", "ground": ground}


# --- PDF ------------------------------------------------------------------------------------


def _pdf(html: str, context: ReportContext, options: _Options) -> bytes:
    # WeasyPrint is heavy: loaded only when a PDF is made.
    from rekisteri.documents.pdf import html_to_pdf

    roots = i18n.search_path(options.templates)
    return html_to_pdf(
        html,
        base_dir=roots[-1],
        allowed_roots=roots,
        **context.head.pdf_metadata(),
    )


def encrypt_pdf(pdf: bytes, passphrase: str) -> bytes:
    """The PDF protected with AES-256: it opens only with the passphrase."""
    # pypdf is loaded only when a PDF is encrypted.
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import DependencyError
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    try:
        writer.encrypt(user_password=passphrase, algorithm="AES-256")
    except DependencyError:
        raise RekisteriError(
            "cannot encrypt the PDF: AES needs the 'cryptography' package "
            "(pip install 'pypdf[crypto]')"
        ) from None
    # AES-256 (revision 6 of the standard security handler) is PDF 1.7 extension level 8, as
    # Adobe registered it, or PDF 2.0 (ISO 32000-2 §7.6.4). pypdf would write %PDF-1.3, which
    # promises a reader no AES at all; the report itself is PDF/UA-1, on PDF 1.7.
    writer.pdf_header = b"%PDF-1.7"
    writer.root_object[NameObject("/Extensions")] = DictionaryObject(
        {
            NameObject("/ADBE"): DictionaryObject(
                {
                    NameObject("/BaseVersion"): NameObject("/1.7"),
                    NameObject("/ExtensionLevel"): NumberObject(8),
                }
            )
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- writing -------------------------------------------------------------------------------


def _write_files(options: _Options, target: Path, files: dict[str, bytes]) -> None:
    _write_bundle(
        target,
        files,
        zip_=options.zip_,
        passphrase=options.passphrase,
        generated=options.generated,
        durable=options.durable,
    )


def _write_bundle(
    target: Path,
    files: dict[str, bytes],
    *,
    zip_: bool,
    passphrase: str | None,
    generated: datetime,
    durable: bool,
) -> None:
    if zip_:
        folder = target.name[: -len(".zip")] if target.name.endswith(".zip") else target.name
        payload = zip_bytes(folder, files, generated, passphrase)
        ensure_dir(target.parent)
        write_atomic(target, payload, mode=PRIVATE_FILE, force=False)
        return
    with atomic_directory(target) as tmp:
        made: set[Path] = set()
        for relative, content in files.items():
            path = tmp / relative
            if path.parent != tmp and path.parent not in made:
                path.parent.mkdir(mode=PRIVATE_DIR, exist_ok=True)
                os.chmod(path.parent, PRIVATE_DIR)
                made.add(path.parent)
            _write_private(path, content, durable=durable)
        if durable:
            for made_dir in (*made, tmp):
                _fsync_dir(made_dir)


def _write_private(path: Path, content: bytes, *, durable: bool) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        view = memoryview(content)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def zip_bytes(
    folder: str, files: dict[str, bytes], generated: datetime, passphrase: str | None
) -> bytes:
    """The bundle as a zip with one top folder; AES-256 encrypted when a passphrase is given.

    Entries carry the bundle's time, not the clock, so the same bundle zips the same way.
    """
    stamp = generated.astimezone(UTC).timetuple()[:6]
    buffer = io.BytesIO()
    if passphrase is not None:
        # pyzipper is needed only for an encrypted zip.
        import pyzipper

        archive: Any = pyzipper.AESZipFile(
            buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
        )
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
    else:
        archive = zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED)
    with archive:
        for relative, content in sorted(files.items()):
            # pyzipper's archive needs its own entry class to encrypt the entry.
            entry = getattr(archive, "zipinfo_cls", zipfile.ZipInfo)
            info = entry(f"{folder}/{relative}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | PRIVATE_FILE) << 16
            archive.writestr(info, content)
    return buffer.getvalue()
