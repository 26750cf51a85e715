"""The record of processing activities (GDPR Art. 30(1), seloste käsittelytoimista).

A controller keeps one record of all its processing activities. Each register given is one
activity, and for each the record states the items (a)–(g) of Art. 30(1): who is responsible and
how to reach them, the purposes, the categories of people and of data, the recipients, the
transfers to third countries, the time limits for erasure and the security measures.

:func:`build_record` collects those facts in a language-neutral :class:`ProcessingRecord`;
:func:`record_html`, :func:`record_pdf` and :func:`record_csv` present it in one language. The
legal phrases (legal bases, Art. 9 conditions, retention sentences, transfer safeguards) are the
notice's own, so the record and the notice never describe the same processing differently.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from markupsafe import Markup

from rekisteri.documents import i18n
from rekisteri.documents.blocks import (
    Block,
    Entry,
    EntryList,
    Fact,
    FactList,
    ItemList,
    Paragraph,
    Party,
    PartyCard,
    Subheading,
)
from rekisteri.documents.head import DocumentHead
from rekisteri.documents.i18n import N_
from rekisteri.documents.phrases import (
    ART9_CONDITION,
    HETU_GROUND,
    SAFEGUARD,
    SPECIAL_CATEGORY,
    LegalPhrases,
    notice_slug,
    page_counter_css,
)
from rekisteri.errors import RekisteriError
from rekisteri.output import refuse_existing, write_files
from rekisteri.register.model import (
    EEA_COUNTRIES,
    Address,
    ContactPerson,
    Controller,
    DataCategory,
    DataSubjectGroup,
    Purpose,
    Recipient,
    Register,
    Representative,
    RetentionRule,
    Security,
    Text,
    Transfer,
)

DOMAIN = "record"
"""The gettext domain of the record's own phrases."""

RECORD_SLUG = "seloste-kasittelytoimista"
"""File-name stem of the written record: ``seloste-kasittelytoimista.<lang>.<format>``."""

FORMATS = ("html", "pdf", "csv")

ITEMS = (
    ("a", N_("Controller, joint controllers, representative and data protection officer")),
    ("b", N_("Purposes of the processing")),
    ("c", N_("Categories of data subjects and of personal data")),
    ("d", N_("Recipients, including recipients in third countries")),
    ("e", N_("Transfers to third countries or international organisations")),
    ("f", N_("Time limits for erasure of the categories of data")),
    ("g", N_("Technical and organisational security measures")),
)
"""The items of GDPR Art. 30(1), in the order of the article."""

CSV_COLUMNS = (
    N_("Processing activity"),
    N_("Purposes"),
    N_("Legal bases"),
    N_("Categories of data subjects"),
    N_("Category of personal data"),
    N_("Special category"),
    N_("Recipients"),
    N_("Transfers to third countries"),
    N_("Time limit for erasure"),
    N_("Security measures"),
)


# --- the record ----------------------------------------------------------------------------------


class RecipientKind(StrEnum):
    RECIPIENT = "recipient"
    PROCESSOR = "processor"


@dataclass(frozen=True)
class RecipientRecord:
    """Someone the data goes to: a recipient of disclosures or a processor (Art. 30(1)(d))."""

    kind: RecipientKind
    name: Text
    description: Text | None
    """What is disclosed and why, or what the processor does."""
    country: str | None
    categories: tuple[str, ...]
    """Ids of the data categories it receives; empty when the register does not say."""

    @property
    def third_country(self) -> bool:
        return self.country is not None and self.country not in EEA_COUNTRIES

    def receives(self, category_id: str) -> bool:
        # A recipient whose categories are not listed may receive any of them: the record
        # rather names it once too often than leaves it out.
        return not self.categories or category_id in self.categories


@dataclass(frozen=True)
class CategoryRecord:
    """One category of personal data with what applies to it (Art. 30(1)(c), (f))."""

    category: DataCategory
    purposes: tuple[Purpose, ...]
    subjects: tuple[DataSubjectGroup, ...]
    retention: RetentionRule | None
    recipients: tuple[RecipientRecord, ...]
    transfers: tuple[Transfer, ...]


@dataclass(frozen=True)
class ProcessingActivity:
    """One register: a processing activity of the controller."""

    id: str
    """Anchor of the activity in the record, unique within it."""
    register: Register
    source: Path | None
    name: Text
    contact: ContactPerson | None
    dpo: ContactPerson | None
    representative: Representative | None
    purposes: tuple[Purpose, ...]
    data_subjects: tuple[DataSubjectGroup, ...]
    categories: tuple[CategoryRecord, ...]
    recipients: tuple[RecipientRecord, ...]
    transfers: tuple[Transfer, ...]
    security: Security | None


@dataclass(frozen=True)
class ControllerRecord:
    """The controller, with the contact details that any of its registers gives."""

    name: str
    business_id: str | None
    address: Address | None
    phone: str | None
    email: str | None
    website: str | None


@dataclass(frozen=True)
class ProcessingRecord:
    """The Art. 30(1) record of one controller's processing activities."""

    controller: ControllerRecord
    activities: tuple[ProcessingActivity, ...]
    languages: tuple[str, ...]
    """Languages every register is published in: the record can be written in these."""
    updated: date | None
    """The latest update of any of the registers' notices."""


def build_record(registers: Sequence[Register]) -> ProcessingRecord:
    """The record of the processing activities described by ``registers``.

    All registers must belong to one controller (the same name, or the same business id where
    both give one); otherwise this raises :class:`RekisteriError` naming both.
    """
    if not registers:
        raise RekisteriError(
            "no registers given: a record of processing activities lists at least one register"
        )
    first = registers[0]
    for other in registers[1:]:
        if not _same_controller(first.controller, other.controller):
            line, column = _position(other, ("controller", "name"))
            raise RekisteriError.at(
                _file(other),
                f"controller '{other.controller.name}'{_business_id(other.controller)} is not "
                f"the controller '{first.controller.name}'{_business_id(first.controller)} of "
                f"{_file(first)}; a record of processing activities covers one controller",
                line=line,
                column=column,
                path="controller.name",
                hint="give the registers of one controller, or write one record per controller",
            )
    languages = tuple(
        lang for lang in first.languages if all(lang in r.languages for r in registers)
    )
    if not languages:
        raise RekisteriError(
            "the registers have no language in common ("
            + "; ".join(f"{_file(r)}: {', '.join(r.languages)}" for r in registers)
            + "); the record is written in a language every register is published in"
        )
    ids: set[str] = set()
    activities = tuple(_activity(register, ids) for register in registers)
    updates = [r.notice.updated for r in registers if r.notice.updated is not None]
    return ProcessingRecord(
        controller=_merge_controllers([r.controller for r in registers]),
        activities=activities,
        languages=languages,
        updated=max(updates) if updates else None,
    )


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same_controller(a: Controller, b: Controller) -> bool:
    # The business id identifies a company even when its name is written differently; without
    # one on both sides, only the name can tell.
    if a.business_id and b.business_id:
        return "".join(a.business_id.split()).upper() == "".join(b.business_id.split()).upper()
    return _normal(a.name) == _normal(b.name)


def _business_id(controller: Controller) -> str:
    return f" ({controller.business_id})" if controller.business_id else ""


def _file(register: Register) -> str:
    return str(register.source_path) if register.source_path is not None else "<register>"


def _position(register: Register, loc: tuple[str, ...]) -> tuple[int | None, int | None]:
    """Line and column of a key in the register's file as it was loaded, if it was."""
    return register.position_of(loc)


def _merge_controllers(controllers: list[Controller]) -> ControllerRecord:
    """One controller's details; a detail missing from one register is taken from another."""

    def first(attribute: str) -> str | None:
        values = (getattr(c, attribute) for c in controllers)
        return next((v for v in values if v), None)

    address = next((c.address for c in controllers if c.address is not None), None)
    return ControllerRecord(
        name=controllers[0].name,
        business_id=first("business_id"),
        address=address,
        phone=first("phone"),
        email=first("email"),
        website=first("website"),
    )


def _anchor(register: Register, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", notice_slug(register).lower()).strip("-") or "register"
    anchor, number = base, 1
    while anchor in taken:
        number += 1
        anchor = f"{base}-{number}"
    taken.add(anchor)
    return anchor


def _activity(register: Register, taken: set[str]) -> ProcessingActivity:
    purposes = {p.id: p for p in register.purposes}
    groups = {g.id: g for g in register.data_subjects}
    rules = {r.id: r for r in register.retention}
    processors = {p.id: p for p in register.processors}
    recipients = tuple(_recipient(r) for r in register.recipients) + tuple(
        RecipientRecord(
            kind=RecipientKind.PROCESSOR,
            name=Text(p.name),
            description=p.role,
            country=p.country,
            categories=tuple(p.data_categories),
        )
        for p in register.processors
    )
    transfers = register.transfers
    destinations = tuple(transfers.destinations) if transfers is not None else ()

    def transfers_of(category: DataCategory) -> tuple[Transfer, ...]:
        found = []
        for transfer in destinations:
            processor = processors.get(transfer.processor) if transfer.processor else None
            if (
                processor is None
                or not processor.data_categories
                or category.id in processor.data_categories
            ):
                found.append(transfer)
        return tuple(found)

    categories = tuple(
        CategoryRecord(
            category=c,
            purposes=tuple(purposes[p] for p in c.purposes if p in purposes),
            subjects=tuple(groups[g] for g in c.subjects if g in groups),
            retention=rules.get(c.retention) if c.retention else None,
            recipients=tuple(r for r in recipients if r.receives(c.id)),
            transfers=transfers_of(c),
        )
        for c in register.data_categories
    )
    return ProcessingActivity(
        id=_anchor(register, taken),
        register=register,
        source=register.source_path,
        name=register.name,
        contact=register.contact,
        dpo=register.dpo,
        representative=register.representative,
        purposes=tuple(register.purposes),
        data_subjects=tuple(register.data_subjects),
        categories=categories,
        recipients=recipients,
        transfers=destinations,
        security=register.security,
    )


def _recipient(recipient: Recipient) -> RecipientRecord:
    return RecipientRecord(
        kind=RecipientKind.RECIPIENT,
        name=recipient.name,
        description=recipient.description,
        country=recipient.country,
        categories=tuple(recipient.data_categories),
    )


# --- the record in one language ------------------------------------------------------------------


@dataclass(frozen=True)
class RecordItem:
    """One item (a)–(g) of Art. 30(1) for one activity, ready to print."""

    letter: str
    id: str
    heading: str
    article: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ActivityView:
    id: str
    heading: str
    facts: tuple[Fact, ...]
    items: tuple[RecordItem, ...]


@dataclass(frozen=True)
class RecordContext:
    """Everything the record template shows, in one language."""

    head: DocumentHead
    """Title, language, controller and date, shared with the PDF's metadata."""
    subtitle: str
    intro: tuple[str, ...]
    controller_heading: str
    controller: Party
    facts: tuple[Fact, ...]
    activities: tuple[ActivityView, ...]
    print_footer: Markup


def record_context(
    record: ProcessingRecord, lang: str, templates: Path | None = None
) -> RecordContext:
    """The record in ``lang``, as the template receives it."""
    return _RecordWriter(record, lang, templates).context()


def record_html(record: ProcessingRecord, lang: str, templates: Path | None = None) -> str:
    """The record in ``lang`` as a standalone HTML page (also what its PDF is made from)."""
    return _render(record_context(record, lang, templates), templates)


def _render(context: RecordContext, templates: Path | None) -> str:
    # jinja2 is loaded only when a page is rendered, not when the record is built.
    from rekisteri.documents import templating

    env = templating.environment(context.head.lang, templates, domain=DOMAIN)
    return templating.render(env, "record/record.html.j2", {"record": context})


def record_pdf(record: ProcessingRecord, lang: str, templates: Path | None = None) -> bytes:
    """The record in ``lang`` as a tagged PDF/UA-1 document."""
    # WeasyPrint is heavy: loaded only when a PDF is made.
    from rekisteri.documents.pdf import html_to_pdf

    context = record_context(record, lang, templates)
    html = _render(context, templates)
    folders = i18n.search_path(templates)
    return html_to_pdf(
        html,
        base_dir=folders[-1],
        allowed_roots=folders,
        **context.head.pdf_metadata(),
    )


def record_csv(record: ProcessingRecord, lang: str, templates: Path | None = None) -> str:
    """The record in ``lang`` as CSV: one row per category of personal data per activity."""
    writer = _RecordWriter(record, lang, templates)
    buffer = io.StringIO()
    table = csv.writer(buffer)
    table.writerow([writer._(column) for column in CSV_COLUMNS])
    for activity in record.activities:
        for row in writer.csv_rows(activity):
            table.writerow(row)
    return buffer.getvalue()


def record_file_name(lang: str, fmt: str) -> str:
    """The file name of the record in ``lang`` and format ``fmt`` (html, pdf or csv)."""
    return f"{RECORD_SLUG}.{lang}.{fmt}"


def write_record(
    registers: Sequence[Register],
    out_dir: Path,
    *,
    langs: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    force: bool = False,
    templates: Path | None = None,
) -> list[Path]:
    """Write ``seloste-kasittelytoimista.<lang>.html|pdf|csv`` to ``out_dir``.

    Existing files are refused (unless ``force``) before anything is rendered, and everything is
    rendered before the first file is written, so a failure leaves no partial record.
    """
    record = build_record(registers)
    chosen = list(langs) if langs else list(record.languages)
    for lang in chosen:
        if lang not in record.languages:
            raise RekisteriError(
                f"'{lang}' is not a language of every register; the record can be written in "
                f"{', '.join(record.languages)}"
            )
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise RekisteriError(
            f"unknown output format {', '.join(unknown) or '(none)'}: choose from "
            + ", ".join(FORMATS)
        )
    targets = [
        (out_dir / record_file_name(lang, fmt), lang, fmt)
        for lang in chosen
        for fmt in FORMATS
        if fmt in formats
    ]
    refuse_existing([path for path, _, _ in targets], force)
    render: dict[str, Callable[[ProcessingRecord, str, Path | None], str | bytes]] = {
        "html": record_html,
        "pdf": record_pdf,
        "csv": record_csv,
    }
    files = {path: render[fmt](record, lang, templates) for path, lang, fmt in targets}
    return write_files(out_dir, files, force=force)


class _RecordWriter:
    """Puts the record into words in one language.

    The record's own phrases come from the ``record`` catalog; the legal phrases it shares with
    the notice come from the notice's builder and catalog.
    """

    def __init__(self, record: ProcessingRecord, lang: str, templates: Path | None) -> None:
        if lang not in record.languages:
            raise RekisteriError(
                f"'{lang}' is not a language of every register; the record can be written in "
                f"{', '.join(record.languages)}"
            )
        self.record = record
        self.lang = lang
        self.gettext = i18n.translations(lang, DOMAIN, templates=templates).gettext
        self.messages = i18n.translations(lang, templates=templates)
        self._phrases: dict[str, LegalPhrases] = {}

    def _(self, message: str) -> str:
        return self.gettext(message)

    def phrases(self, activity: ProcessingActivity) -> LegalPhrases:
        builder = self._phrases.get(activity.id)
        if builder is None:
            builder = LegalPhrases(activity.register, self.lang, self.messages)
            self._phrases[activity.id] = builder
        return builder

    def text(self, value: Text | None) -> str | None:
        return value.get(self.lang) if value is not None else None

    # -- the whole record ---------------------------------------------------------------------

    def context(self) -> RecordContext:
        _ = self._
        record = self.record
        title = _("Record of processing activities")
        facts = [Fact(_("Processing activities"), str(len(record.activities)))]
        if record.updated is not None:
            facts.append(
                Fact(
                    _("Last updated"),
                    i18n.format_date(record.updated, self.lang),
                    machine=record.updated.isoformat(),
                )
            )
        activities = tuple(self.activity(a) for a in record.activities)
        return RecordContext(
            head=DocumentHead(
                lang=self.lang,
                title=title,
                controller_name=record.controller.name,
                subject=", ".join(a.heading for a in activities),
                created=record.updated,
                modified=record.updated,
            ),
            subtitle=_("GDPR Article 30(1)"),
            intro=(
                _(
                    "This record describes the processing activities of the controller as "
                    "required by Article 30(1) of the General Data Protection Regulation "
                    "(EU) 2016/679. Each processing activity is one register."
                ),
            ),
            controller_heading=_("Controller"),
            controller=self.controller_party(record.activities[0]),
            facts=tuple(facts),
            activities=activities,
            print_footer=page_counter_css(_("Page %(page)s of %(pages)s")),
        )

    def controller_party(self, activity: ProcessingActivity, role: str | None = None) -> Party:
        controller = self.record.controller
        facts: list[Fact] = []
        if controller.business_id:
            facts.append(Fact(self._("Business ID"), controller.business_id))
        facts += self.phrases(activity).contact_facts(
            address=controller.address,
            phone=controller.phone,
            email=controller.email,
            website=controller.website,
        )
        return Party(name=controller.name, role=role, facts=tuple(facts))

    def activity(self, activity: ProcessingActivity) -> ActivityView:
        _ = self._
        notice = activity.register.notice
        facts: list[Fact] = []
        if activity.source is not None:
            facts.append(Fact(_("Source file"), activity.source.name))
        if notice.version:
            facts.append(Fact(_("Version"), notice.version))
        if notice.updated is not None:
            facts.append(
                Fact(
                    _("Last updated"),
                    i18n.format_date(notice.updated, self.lang),
                    machine=notice.updated.isoformat(),
                )
            )
        blocks = {
            "a": self.item_a,
            "b": self.item_b,
            "c": self.item_c,
            "d": self.item_d,
            "e": self.item_e,
            "f": self.item_f,
            "g": self.item_g,
        }
        items = tuple(
            RecordItem(
                letter=letter,
                id=f"{activity.id}-item-{letter}",
                heading=_("(%(letter)s) %(title)s") % {"letter": letter, "title": _(title)},
                article=_("GDPR Article 30(1)(%(letter)s)") % {"letter": letter},
                blocks=tuple(blocks[letter](activity)),
            )
            for letter, title in ITEMS
        )
        return ActivityView(
            id=activity.id,
            heading=activity.name.get(self.lang),
            facts=tuple(facts),
            items=items,
        )

    # -- the items ----------------------------------------------------------------------------

    def item_a(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        phrases = self.phrases(activity)
        blocks: list[Block] = [PartyCard(self.controller_party(activity, _("Controller")))]
        if activity.contact is not None:
            blocks.append(PartyCard(phrases.person_party(activity.contact, _("Contact person"))))
        absent: list[Fact] = [Fact(_("Joint controllers"), _("None declared"))]
        if activity.representative is not None:
            representative = activity.representative
            blocks.append(
                PartyCard(
                    Party(
                        name=representative.name,
                        role=_("Representative in the EU"),
                        facts=tuple(
                            phrases.contact_facts(
                                address=representative.address,
                                phone=representative.phone,
                                email=representative.email,
                            )
                        ),
                    )
                )
            )
        else:
            absent.append(Fact(_("Representative in the EU"), _("Not designated")))
        if activity.dpo is not None:
            blocks.append(
                PartyCard(phrases.person_party(activity.dpo, _("Data protection officer")))
            )
        else:
            absent.append(Fact(_("Data protection officer"), _("Not designated")))
        blocks.append(FactList(tuple(absent)))
        return blocks

    def item_b(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        phrases = self.phrases(activity)
        entries = []
        for purpose in activity.purposes:
            facts = [Fact(_("Legal basis"), phrases.basis(purpose) or _("Not stated"))]
            if purpose.basis_details is not None:
                facts.append(Fact(_("Law or contract"), purpose.basis_details.get(self.lang)))
            if purpose.legitimate_interest is not None:
                facts.append(
                    Fact(_("Legitimate interest"), purpose.legitimate_interest.get(self.lang))
                )
            paragraphs = (purpose.description.get(self.lang),) if purpose.description else ()
            entries.append(
                Entry(purpose.name.get(self.lang), paragraphs=paragraphs, facts=tuple(facts))
            )
        return [EntryList(tuple(entries))]

    def item_c(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        blocks: list[Block] = [Subheading(_("Categories of data subjects"))]
        if activity.data_subjects:
            blocks.append(
                ItemList(
                    tuple(
                        f"{g.name.get(self.lang)}: {g.description.get(self.lang)}"
                        if g.description
                        else g.name.get(self.lang)
                        for g in activity.data_subjects
                    )
                )
            )
        else:
            blocks.append(Paragraph(_("No categories of data subjects are declared.")))
        blocks.append(Subheading(_("Categories of personal data")))
        blocks.append(
            EntryList(tuple(self.category_entry(activity, c) for c in activity.categories), depth=1)
        )
        return blocks

    def category_entry(self, activity: ProcessingActivity, record: CategoryRecord) -> Entry:
        _ = self._
        category = record.category
        facts: list[Fact | None] = [
            self.phrases(activity).multi(
                _("Data subjects"), [g.name.get(self.lang) for g in record.subjects]
            ),
            self.phrases(activity).multi(
                _("Purposes"), [p.name.get(self.lang) for p in record.purposes]
            ),
        ]
        special = category.special
        if special is not None:
            facts.append(
                Fact(_("Special category (GDPR Art. 9)"), self.special_label(activity, record))
            )
            facts.append(Fact(_("Condition (GDPR Art. 9(2))"), self.condition(activity, record)))
            if special.national_ground is not None:
                facts.append(Fact(_("National law"), special.national_ground.get(self.lang)))
        if category.hetu:
            facts.append(Fact(_("Personal identity code"), self.hetu(activity, category)))
        if category.criminal:
            facts.append(
                Fact(_("Criminal convictions and offences (GDPR Art. 10)"), _("Processed"))
            )
        paragraphs = (category.description.get(self.lang),) if category.description else ()
        return Entry(
            category.name.get(self.lang),
            paragraphs=paragraphs,
            facts=tuple(f for f in facts if f is not None),
        )

    def special_label(self, activity: ProcessingActivity, record: CategoryRecord) -> str:
        special = record.category.special
        if special is None:
            return self._("No")
        return self.phrases(activity)._(SPECIAL_CATEGORY[special.category])

    def condition(self, activity: ProcessingActivity, record: CategoryRecord) -> str:
        special = record.category.special
        if special is None or special.condition is None:
            return self._("Not stated")
        label = self.phrases(activity)._(ART9_CONDITION[special.condition])
        return f"{label} ({special.condition.article})"

    def hetu(self, activity: ProcessingActivity, category: DataCategory) -> str:
        if category.hetu_ground is None:
            return self._(
                "Processed; no ground under the Data Protection Act 1050/2018, section 29, "
                "is stated."
            )
        ground = self.phrases(activity)._(HETU_GROUND[category.hetu_ground])
        return self._(
            "Processed on the ground of %(ground)s (Data Protection Act 1050/2018, section 29)."
        ) % {"ground": ground}

    def item_d(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        if not activity.recipients:
            return [Paragraph(_("The personal data is not disclosed to recipients."))]
        entries = []
        for recipient in activity.recipients:
            kind = (
                _("Processor (GDPR Art. 28)")
                if recipient.kind is RecipientKind.PROCESSOR
                else _("Recipient")
            )
            facts: list[Fact | None] = [Fact(_("Role"), kind)]
            if recipient.country is not None:
                facts.append(Fact(_("Country"), self.country(recipient.country)))
            named = [
                c.category.name.get(self.lang)
                for c in activity.categories
                if c.category.id in recipient.categories
            ]
            facts.append(Fact(_("Personal data"), "; ".join(named) or _("Not specified")))
            paragraphs = (recipient.description.get(self.lang),) if recipient.description else ()
            entries.append(
                Entry(
                    recipient.name.get(self.lang),
                    paragraphs=paragraphs,
                    facts=tuple(f for f in facts if f is not None),
                )
            )
        abroad = [
            f"{r.name.get(self.lang)} ({self.country(r.country)})"
            for r in activity.recipients
            if r.third_country and r.country is not None
        ]
        summary = self.phrases(activity).multi(_("Recipients in third countries"), abroad) or Fact(
            _("Recipients in third countries"), _("None")
        )
        return [EntryList(tuple(entries)), FactList((summary,))]

    def country(self, code: str) -> str:
        name = i18n.country_name(code, self.lang)
        if code in EEA_COUNTRIES:
            return name
        return self._("%(country)s (third country)") % {"country": name}

    def item_e(self, activity: ProcessingActivity) -> list[Block]:
        return self.phrases(activity).transfer_blocks()

    def item_f(self, activity: ProcessingActivity) -> list[Block]:
        return [
            FactList(
                tuple(
                    Fact(c.category.name.get(self.lang), self.retention(activity, c))
                    for c in activity.categories
                )
            )
        ]

    def retention(self, activity: ProcessingActivity, record: CategoryRecord) -> str:
        if record.retention is None:
            return self._("Not specified")
        return " ".join(self.phrases(activity).retention_sentences(record.retention))

    def item_g(self, activity: ProcessingActivity) -> list[Block]:
        facts = self.phrases(activity).security_facts(include_electronic=True)
        if not facts:
            return [Paragraph(self._("No security measures are described."))]
        return [FactList(facts)]

    # -- CSV ----------------------------------------------------------------------------------

    def csv_rows(self, activity: ProcessingActivity) -> list[list[str]]:
        _ = self._
        phrases = self.phrases(activity)
        # Long texts go on lines of their own inside the cell; short names are joined by "; ".
        security = "\n".join(
            f"{f.label}: {f.value}" for f in phrases.security_facts(include_electronic=True)
        )
        rows = []
        for record in activity.categories:
            bases = [b for b in (phrases.basis(p) for p in record.purposes) if b]
            special = record.category.special
            if special is not None:
                bases.append(self.condition(activity, record))
            transfers = [
                f"{i18n.country_name(t.country, self.lang)}: {t.recipient} "
                f"({phrases._(SAFEGUARD[t.safeguard])})"
                for t in record.transfers
            ]
            rows.append(
                [
                    activity.name.get(self.lang),
                    "; ".join(p.name.get(self.lang) for p in record.purposes),
                    "; ".join(dict.fromkeys(bases)) or _("Not stated"),
                    "; ".join(g.name.get(self.lang) for g in record.subjects),
                    record.category.name.get(self.lang),
                    self.special_label(activity, record),
                    "; ".join(
                        r.name.get(self.lang)
                        + (f" – {self.country(r.country)}" if r.third_country and r.country else "")
                        for r in record.recipients
                    )
                    or _("None"),
                    "; ".join(transfers) or _("None"),
                    self.retention(activity, record),
                    security or _("Not described"),
                ]
            )
        return rows
