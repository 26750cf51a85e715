"""The record of processing activities (GDPR Art. 30(1), seloste käsittelytoimista).

A controller keeps one record of all its processing activities. Each register given is one
activity, and for each the record states the items (a)–(g) of Art. 30(1): who is responsible and
how to reach them, the purposes, the categories of people and of data, the recipients, the
transfers to third countries, the time limits for erasure and the security measures.

The record states what the registers state and nothing else, and keeps three answers apart:
"none" where a register states that there is none (``recipients = "none"``, no category marked
special), "not applicable" where an item does not apply to what it states (no safeguards without
transfers, no EU representative for a controller established in the EU), and "not stated" where
a register says nothing. The record is the controller's own working document, so it names such
a gap, which a published notice never does, and never puts a default in its place (no country,
no "none"). It names each activity by its register's name, never by the file the register was
read from, and speaks in the register's voice ("I" or "we").

:func:`build_record` collects those facts in a language-neutral :class:`ProcessingRecord`;
:func:`record_html`, :func:`record_pdf` and :func:`record_csv` present it in one language. The
legal phrases (legal bases, Art. 9 conditions, retention sentences, transfer safeguards) are the
notice's own, so the record and the notice never describe the same processing differently.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

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
    DEROGATION,
    HETU_GROUND,
    SAFEGUARD,
    SECURITY_MEASURES,
    SPECIAL_CATEGORY,
    LegalPhrases,
    page_counter_css,
)
from rekisteri.errors import RekisteriError
from rekisteri.output import refuse_existing, write_files
from rekisteri.register.base import Name
from rekisteri.register.languages import require_language
from rekisteri.register.model import (
    ActingAsProcessor,
    Address,
    BasisUse,
    ContactChannel,
    ContactPerson,
    Controller,
    DataCategory,
    DataSubjectGroup,
    HetuGround,
    JointController,
    Processor,
    Purpose,
    Recipient,
    Register,
    Representative,
    RetentionRule,
    Security,
    StaffAccess,
    State,
    Text,
    Transfer,
    Transfers,
    Voice,
    state_of,
)
from rekisteri.register.places import is_inside_eea, is_known_third_country, place_name

_T = TypeVar("_T")

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

"""The measures of :class:`Security` an Art. 30(1)(g) record lists, the structured ones first and
the legacy headings of a rekisteriseloste after them."""

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
    """Its name, or for a processor the register describes only by its role, that role."""
    description: Text | None
    """What is disclosed and why, or what the processor does."""
    country: str | None
    """A country code or a region; None when the register does not say where it is."""
    categories: tuple[str, ...]
    """Ids of the data categories it receives; empty when the register does not say."""
    basis: Text | None = None
    """The ground for a disclosure, e.g. a law."""

    @property
    def third_country(self) -> bool:
        """Whether the register places it outside the EU/EEA (a country, or 'worldwide')."""
        return (
            self.country is not None
            and self.country != "unspecified"
            and not is_inside_eea(self.country)
        )

    @property
    def located(self) -> bool:
        """Whether the register says where it is."""
        return self.country is not None and self.country != "unspecified"

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
    retention: tuple[RetentionRule, ...]
    """The rules that apply to it; empty when the register states none."""
    recipients: tuple[RecipientRecord, ...]
    transfers: tuple[Transfer, ...]


@dataclass(frozen=True)
class ProcessingActivity:
    """One register: a processing activity of the controller."""

    id: str
    """Anchor of the activity in the record, unique within it."""
    register: Register
    name: Text
    contact: ContactPerson | None
    dpo: ContactPerson | None
    representative: Representative | None
    joint_controllers: tuple[JointController, ...]
    acting_as_processor: tuple[ActingAsProcessor, ...]
    purposes: tuple[Purpose, ...]
    register_bases: tuple[BasisUse, ...]
    """Legal bases the register states for itself as a whole rather than per purpose."""
    data_subjects: tuple[DataSubjectGroup, ...]
    categories: tuple[CategoryRecord, ...]
    recipients: tuple[RecipientRecord, ...]
    recipients_state: State
    processors_state: State
    transfers: tuple[Transfer, ...]
    transfers_state: State
    transfers_statement: Text | None
    security: Security | None
    staff: tuple[StaffAccess, ...]


@dataclass(frozen=True)
class ControllerRecord:
    """The controller, with the contact details that any of its registers gives."""

    name: str
    names: Name | None
    business_id: str | None
    group: Text | None
    address: Address | None
    visiting_address: Address | None
    phone: str | None
    email: str | None
    website: str | None
    more_contacts: tuple[ContactChannel, ...]
    voice: Voice
    """Whether the record speaks as "I" (a sole trader) or "we"."""


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


def _first(values: Sequence[_T | None]) -> _T | None:
    return next((v for v in values if v), None)


def _merge_controllers(controllers: list[Controller]) -> ControllerRecord:
    """One controller's details; a detail missing from one register is taken from another."""
    return ControllerRecord(
        name=controllers[0].name,
        names=_first([c.names for c in controllers]),
        business_id=_first([c.business_id for c in controllers]),
        group=_first([c.group for c in controllers]),
        address=_first([c.address for c in controllers]),
        visiting_address=_first([c.visiting_address for c in controllers]),
        phone=_first([c.phone for c in controllers]),
        email=_first([c.email for c in controllers]),
        website=_first([c.website for c in controllers]),
        more_contacts=_first([tuple(c.more_contacts) for c in controllers]) or (),
        voice=_voice(controllers),
    )


def _voice(controllers: list[Controller]) -> Voice:
    # A register that does not say who speaks takes the default, so the voice one register
    # declares is the controller's, as its other details are.
    declared = [c.voice for c in controllers if "voice" in c.model_fields_set]
    return declared[0] if declared else controllers[0].voice


def _anchor(register: Register, taken: set[str]) -> str:
    # The notice's published name, else the register's own name: never the file it was read
    # from, whose name is the controller's internal business.
    stem = register.notice.slug or register.name.get(register.default_language)
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "register"
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
    processors = {p.id: p for p in register.processor_list}
    recipients = tuple(_recipient(r) for r in register.recipient_list) + tuple(
        _processor(p) for p in register.processor_list
    )
    destinations = tuple(register.transfer_list)
    transfers = register.transfers
    statement = transfers.statement if isinstance(transfers, Transfers) else None

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
            retention=tuple(rules[r] for r in c.retention_ids if r in rules),
            recipients=tuple(r for r in recipients if r.receives(c.id)),
            transfers=transfers_of(c),
        )
        for c in register.data_categories
    )
    return ProcessingActivity(
        id=_anchor(register, taken),
        register=register,
        name=register.name,
        contact=register.contact,
        dpo=register.dpo,
        representative=register.representative,
        joint_controllers=tuple(register.joint_controllers),
        acting_as_processor=tuple(register.acting_as_processor),
        purposes=tuple(register.purposes),
        register_bases=tuple(register.bases),
        data_subjects=tuple(register.data_subjects),
        categories=categories,
        recipients=recipients,
        recipients_state=state_of(register.recipients),
        processors_state=state_of(register.processors),
        transfers=destinations,
        transfers_state=register.transfers_state,
        transfers_statement=statement,
        security=register.security,
        staff=tuple(register.staff),
    )


def _recipient(recipient: Recipient) -> RecipientRecord:
    return RecipientRecord(
        kind=RecipientKind.RECIPIENT,
        name=recipient.name,
        description=recipient.description,
        country=recipient.country,
        categories=tuple(recipient.data_categories),
        basis=recipient.basis,
    )


def _processor(processor: Processor) -> RecipientRecord:
    # A processor the register describes only by what it does is named by that role.
    named = processor.name is not None
    return RecipientRecord(
        kind=RecipientKind.PROCESSOR,
        name=Text(processor.name) if processor.name is not None else processor.role,
        description=processor.role if named else None,
        country=processor.country,
        categories=tuple(processor.data_categories),
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
    """The record in ``lang`` as a standalone HTML page."""
    return _render(record_context(record, lang, templates), templates)


def _render(context: RecordContext, templates: Path | None, *, paged: bool = False) -> str:
    """The page, or (``paged``) the HTML its PDF is made from, with the running heads and page
    numbers only a print engine reads."""
    # jinja2 is loaded only when a page is rendered, not when the record is built.
    from rekisteri.documents import templating

    env = templating.environment(context.head.lang, templates, domain=DOMAIN)
    values = {"record": context, "paged": paged}
    return templating.render(env, "record/record.html.j2", values)


def record_pdf(record: ProcessingRecord, lang: str, templates: Path | None = None) -> bytes:
    """The record in ``lang`` as a tagged PDF/UA-1 document."""
    # WeasyPrint is heavy: loaded only when a PDF is made.
    from rekisteri.documents.pdf import html_to_pdf

    context = record_context(record, lang, templates)
    html = _render(context, templates, paged=True)
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
        # Located at the notice.languages of the first register that lacks it.
        for register in registers:
            require_language(register, lang)
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
        voice = record.controller.voice.value
        self.gettext = i18n.translations(lang, DOMAIN, templates=templates, voice=voice).gettext
        # The notice's legal phrases in the same voice: the record is the controller's own text.
        self.messages = i18n.translations(lang, templates=templates, voice=voice)
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

    def not_stated(self) -> str:
        """The register says nothing of it: a gap to fill in the register."""
        return self._("Not stated")

    def none(self) -> str:
        """The register states that there is none."""
        return self._("None")

    def not_applicable(self) -> str:
        """The item does not apply to what the register states."""
        return self._("Not applicable")

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
                controller_name=self.controller_name(),
                subject=", ".join(a.heading for a in activities),
                created=record.updated,
                modified=record.updated,
            ),
            subtitle=_("GDPR Art. 30(1)"),
            intro=(
                _(
                    "This record describes our processing activities as required by Art. "
                    "30(1) of the General Data Protection Regulation (EU) 2016/679. Each "
                    "processing activity is one of our registers."
                ),
                _(
                    'The record states what the registers state. "%(none)s" means that a '
                    'register states there is none, "%(not_applicable)s" that the item does '
                    'not apply to it, and "%(not_stated)s" that the register says nothing of '
                    "it: a gap to fill in the register."
                )
                % {
                    "none": self.none(),
                    "not_applicable": self.not_applicable(),
                    "not_stated": self.not_stated(),
                },
            ),
            controller_heading=_("Controller"),
            controller=self.controller_party(record.activities[0]),
            facts=tuple(facts),
            activities=activities,
            print_footer=page_counter_css(_("Page %(page)s of %(pages)s")),
        )

    def controller_name(self) -> str:
        controller = self.record.controller
        return controller.names.get(self.lang) if controller.names else controller.name

    def controller_party(self, activity: ProcessingActivity, role: str | None = None) -> Party:
        _ = self._
        controller = self.record.controller
        phrases = self.phrases(activity)
        facts: list[Fact] = []
        if controller.business_id:
            facts.append(Fact(_("Business ID"), controller.business_id))
        if controller.group is not None:
            facts.append(Fact(_("Group of companies"), controller.group.get(self.lang)))
        facts += phrases.contact_facts(
            address=controller.address,
            phone=controller.phone,
            email=controller.email,
            website=controller.website,
        )
        if controller.visiting_address is not None:
            facts.append(Fact(_("Visiting address"), phrases.address(controller.visiting_address)))
        for channel in controller.more_contacts:
            facts += [
                Fact(channel.label.get(self.lang), fact.value, href=fact.href)
                for fact in phrases.contact_facts(
                    phone=channel.phone, email=channel.email, website=channel.website
                )
            ]
        return Party(name=self.controller_name(), role=role, facts=tuple(facts))

    def activity(self, activity: ProcessingActivity) -> ActivityView:
        _ = self._
        notice = activity.register.notice
        facts: list[Fact] = []
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
                article=_("GDPR Art. 30(1)(%(letter)s)") % {"letter": letter},
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

    # -- (a) the parties ----------------------------------------------------------------------

    def item_a(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        phrases = self.phrases(activity)
        blocks: list[Block] = [PartyCard(self.controller_party(activity, _("Controller")))]
        if activity.contact is not None:
            blocks.append(PartyCard(phrases.person_party(activity.contact, _("Contact person"))))
        absent: list[Fact] = []
        if activity.joint_controllers:
            blocks += [
                Subheading(_("Joint controllers (GDPR Art. 26)")),
                EntryList(
                    tuple(self.joint_controller(activity, j) for j in activity.joint_controllers),
                    depth=1,
                ),
            ]
        else:
            absent.append(Fact(_("Joint controllers"), self.none()))
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
            absent.append(Fact(_("Representative in the EU"), self.representative_absent()))
        if activity.dpo is not None:
            blocks.append(
                PartyCard(phrases.person_party(activity.dpo, _("Data protection officer")))
            )
        else:
            # The register names none: none is designated, which the record says as such
            # rather than whether one should be (Art. 37 is for the controller to weigh).
            absent.append(Fact(_("Data protection officer"), _("None designated")))
        if absent:
            blocks.append(FactList(tuple(absent)))
        if activity.acting_as_processor:
            blocks += [
                Subheading(_("Processing on behalf of another controller (GDPR Art. 28)")),
                EntryList(
                    tuple(
                        Entry(
                            a.controller.get(self.lang),
                            paragraphs=(a.description.get(self.lang),) if a.description else (),
                        )
                        for a in activity.acting_as_processor
                    ),
                    depth=1,
                ),
            ]
        return blocks

    def representative_absent(self) -> str:
        """Why no representative is named: a controller established in the EU/EEA needs none
        (GDPR Art. 27(1) concerns those Art. 3(2) reaches from outside the Union)."""
        address = self.record.controller.address
        if address is None:
            return self.not_stated()
        # An address names its country only outside Finland.
        if address.country is None or is_inside_eea(address.country):
            return self.not_applicable()
        return self.not_stated()

    def joint_controller(self, activity: ProcessingActivity, joint: JointController) -> Entry:
        _ = self._
        purposes = {p.id: p for p in activity.purposes}
        facts: list[Fact | None] = [
            Fact(_("Country"), self.place(joint.country)) if joint.country else None,
            Fact(_("Contact"), joint.contact.get(self.lang)) if joint.contact else None,
            Fact(_("Website"), joint.website, href=joint.website) if joint.website else None,
            self.phrases(activity).multi(
                _("Purposes processed jointly"),
                [purposes[p].name.get(self.lang) for p in joint.purposes if p in purposes],
            ),
            Fact(
                _("Essence of the arrangement (GDPR Art. 26(2))"),
                joint.essence.get(self.lang) if joint.essence else self.not_stated(),
            ),
        ]
        return Entry(
            joint.names.get(self.lang) if joint.names else joint.name,
            facts=tuple(f for f in facts if f is not None),
        )

    # -- (b) purposes and legal bases ---------------------------------------------------------

    def item_b(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        phrases = self.phrases(activity)
        unscoped = [b for b in activity.register_bases if not b.purposes]
        entries = []
        for purpose in activity.purposes:
            facts: list[Fact] = []
            for use in phrases.bases_for(purpose):
                facts += phrases.basis_facts(use)
            if not facts:
                missing = (
                    _("Not stated for this purpose; see the legal bases of the whole register")
                    if unscoped
                    else self.not_stated()
                )
                facts.append(Fact(_("Legal basis"), missing))
            paragraphs = (purpose.description.get(self.lang),) if purpose.description else ()
            entries.append(
                Entry(purpose.name.get(self.lang), paragraphs=paragraphs, facts=tuple(facts))
            )
        blocks: list[Block] = [EntryList(tuple(entries))]
        if unscoped:
            facts = [f for use in unscoped for f in phrases.basis_facts(use)]
            blocks += [
                Subheading(_("Legal bases of the whole register")),
                FactList(tuple(facts)),
            ]
        return blocks

    # -- (c) people and data ------------------------------------------------------------------

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
        blocks.append(FactList(self.sensitive_summary(activity)))
        blocks.append(
            EntryList(tuple(self.category_entry(activity, c) for c in activity.categories), depth=1)
        )
        return blocks

    def sensitive_summary(self, activity: ProcessingActivity) -> tuple[Fact, ...]:
        """Which categories are of Art. 9 or Art. 10 data; "none" when no category is marked.

        A category is special or criminal only as the register marks it, so an unmarked one is
        the register's answer that it is not.
        """
        _ = self._
        special = [
            f"{c.category.name.get(self.lang)} ({self.special_label(activity, c)})"
            for c in activity.categories
            if c.category.special is not None
        ]
        criminal = [
            c.category.name.get(self.lang) for c in activity.categories if c.category.criminal
        ]
        return tuple(
            self.phrases(activity).multi(label, names) or Fact(label, self.none())
            for label, names in (
                (_("Special categories of personal data (GDPR Art. 9)"), special),
                (
                    _("Personal data relating to criminal convictions and offences (GDPR Art. 10)"),
                    criminal,
                ),
            )
        )

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
            return self.none()
        return self.phrases(activity)._(SPECIAL_CATEGORY[special.category])

    def condition(self, activity: ProcessingActivity, record: CategoryRecord) -> str:
        special = record.category.special
        if special is None or special.condition is None:
            return self.not_stated()
        label = self.phrases(activity)._(ART9_CONDITION[special.condition])
        return f"{label} ({i18n.gdpr_point(special.condition.article, self._)})"

    def hetu(self, activity: ProcessingActivity, category: DataCategory) -> str:
        if category.hetu_ground is None:
            return self._(
                "Processed; no ground under section 29 of the Data Protection Act (1050/2018) "
                "is stated."
            )
        if category.hetu_ground is HetuGround.CONSENT:
            # The notice's phrase speaks to the person ("your consent"); the record does not.
            ground = self._("the data subject's consent")
        else:
            ground = self.phrases(activity)._(HETU_GROUND[category.hetu_ground])
        return self._(
            "Processed under section 29 of the Data Protection Act (1050/2018): %(ground)s."
        ) % {"ground": ground}

    # -- (d) recipients -----------------------------------------------------------------------

    def item_d(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        blocks: list[Block] = []
        nobody = activity.recipients_state is State.NONE and (
            activity.processors_state is State.NONE
        )
        if nobody:
            blocks.append(Paragraph(_("The personal data is not disclosed to recipients.")))
        entries = [self.recipient_entry(activity, r) for r in activity.recipients]
        if entries:
            blocks.append(EntryList(tuple(entries)))
        facts: list[Fact] = []
        for label, state in (
            (_("Recipients of disclosures"), activity.recipients_state),
            (_("Processors"), activity.processors_state),
        ):
            if state is State.NOT_STATED:
                facts.append(Fact(label, self.not_stated()))
            elif state is State.NONE and not nobody:
                facts.append(Fact(label, self.none()))
        facts.append(self.third_country_summary(activity))
        blocks.append(FactList(tuple(facts)))
        notes = activity.register.notes
        if notes is not None:
            blocks += [
                Paragraph(note.get(self.lang))
                for note in (notes.recipients, notes.processors)
                if note is not None
            ]
        return blocks

    def recipient_entry(self, activity: ProcessingActivity, recipient: RecipientRecord) -> Entry:
        _ = self._
        kind = (
            _("Processor (GDPR Art. 28)")
            if recipient.kind is RecipientKind.PROCESSOR
            else _("Recipient")
        )
        facts: list[Fact] = [Fact(_("Role"), kind)]
        if recipient.country is not None:
            facts.append(Fact(_("Country"), self.place(recipient.country)))
        elif recipient.kind is RecipientKind.PROCESSOR:
            # Where a processor works is a gap the lint names (L24); a recipient of
            # disclosures the register does not place is answered for by the third-country
            # summary below.
            facts.append(Fact(_("Country"), self.not_stated()))
        named = [
            c.category.name.get(self.lang)
            for c in activity.categories
            if c.category.id in recipient.categories
        ]
        # A recipient listing no categories may receive any of them (RecipientRecord.receives).
        if named:
            facts.append(Fact(_("Personal data"), "; ".join(named)))
        if recipient.basis is not None:
            facts.append(Fact(_("Ground for the disclosure"), recipient.basis.get(self.lang)))
        paragraphs = (recipient.description.get(self.lang),) if recipient.description else ()
        return Entry(recipient.name.get(self.lang), paragraphs=paragraphs, facts=tuple(facts))

    def third_country_summary(self, activity: ProcessingActivity) -> Fact:
        """Who is in a third country; "none" only where the registers say so: each recipient's
        place is stated, or no data leaves the EU/EEA."""
        _ = self._
        abroad = [
            f"{r.name.get(self.lang)} ({place_name(r.country, self.lang, self.messages.gettext)})"
            for r in activity.recipients
            if r.third_country and r.country is not None
        ]
        label = _("Recipients in third countries")
        if abroad:
            return self.phrases(activity).multi(label, abroad) or Fact(label, "")
        # Data given to anyone outside the EU/EEA is transferred there, so "no transfers" says
        # that no recipient is in a third country as well.
        known = activity.transfers_state is State.NONE or (
            activity.recipients_state is not State.NOT_STATED
            and activity.processors_state is not State.NOT_STATED
            and all(r.located for r in activity.recipients)
        )
        return Fact(label, self.none() if known else self.not_stated())

    def place(self, code: str) -> str:
        name = place_name(code, self.lang, self.messages.gettext)
        if is_known_third_country(code):
            return self._("%(country)s (third country)") % {"country": name}
        return name

    # -- (e) transfers ------------------------------------------------------------------------

    def item_e(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        statement = self.text(activity.transfers_statement)
        blocks: list[Block] = [Paragraph(statement)] if statement else []
        state = activity.transfers_state
        if state is State.NONE:
            # Nothing leaves the EU/EEA, so there are no safeguards to document either.
            return [
                *blocks,
                FactList(
                    (
                        Fact(_("Transfers to third countries"), self.none()),
                        Fact(_("Safeguards"), self.not_applicable()),
                    )
                ),
            ]
        if state is State.NOT_STATED:
            return [
                *blocks,
                FactList((Fact(_("Transfers to third countries"), self.not_stated()),)),
            ]
        entries = tuple(self.transfer_entry(activity, t) for t in activity.transfers)
        return [*blocks, EntryList(entries)]

    def transfer_party(self, activity: ProcessingActivity, transfer: Transfer) -> str | None:
        """Who receives the data abroad: the transfer's recipient, or its processor."""
        if transfer.recipient is not None:
            return transfer.recipient
        for processor in activity.register.processor_list:
            if processor.id == transfer.processor:
                return processor.name or processor.role.get(self.lang)
        return None

    def safeguard_labels(self, activity: ProcessingActivity, transfer: Transfer) -> list[str]:
        phrases = self.phrases(activity)
        labels = []
        for safeguard in transfer.safeguards:
            label = phrases._(SAFEGUARD[safeguard])
            if safeguard.lapsed:
                label = self._("%(safeguard)s – no longer a valid ground") % {"safeguard": label}
            labels.append(label)
        return labels

    def transfer_entry(self, activity: ProcessingActivity, transfer: Transfer) -> Entry:
        _ = self._
        safeguards = self.safeguard_labels(activity, transfer)
        # Several safeguards are alternatives ("the Data Privacy Framework or the clauses").
        facts: list[Fact | None] = [
            Fact(_("Country"), self.place(transfer.country)),
            Fact(_("Safeguard"), safeguards[0] if safeguards else self.not_stated())
            if len(safeguards) < 2
            else Fact(_("Safeguards (one of the following)"), items=tuple(safeguards)),
        ]
        if transfer.derogation is not None:
            derogation = self.phrases(activity)._(DEROGATION[transfer.derogation])
            facts.append(Fact(_("Derogation (GDPR Art. 49)"), derogation))
        if transfer.details is not None:
            facts.append(Fact(_("Details"), transfer.details.get(self.lang)))
        if transfer.obtain_copy is not None:
            facts.append(Fact(_("How to get a copy"), transfer.obtain_copy.get(self.lang)))
        return Entry(
            self.transfer_party(activity, transfer) or _("Recipient not stated"),
            facts=tuple(f for f in facts if f is not None),
        )

    # -- (f) retention ------------------------------------------------------------------------

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
        if not record.retention:
            return self.not_stated()
        phrases = self.phrases(activity)
        return " ".join(s for rule in record.retention for s in phrases.retention_sentences(rule))

    # -- (g) security -------------------------------------------------------------------------

    def security_facts(self, activity: ProcessingActivity) -> tuple[Fact, ...]:
        """Each measure the register describes, under its name; the others are left out."""
        security = activity.security
        if security is None:
            return ()
        measures = ((label, getattr(security, field)) for field, label in SECURITY_MEASURES)
        return tuple(
            Fact(self._(label), text.get(self.lang))
            for label, text in measures
            if isinstance(text, Text)
        )

    def item_g(self, activity: ProcessingActivity) -> list[Block]:
        _ = self._
        facts = self.security_facts(activity)
        blocks: list[Block] = (
            [FactList(facts)] if facts else [Paragraph(_("No security measures are described."))]
        )
        if activity.staff:
            blocks += [
                Subheading(_("Roles with access to the data")),
                EntryList(tuple(self.staff_entry(activity, s) for s in activity.staff), depth=1),
            ]
        return blocks

    def staff_entry(self, activity: ProcessingActivity, staff: StaffAccess) -> Entry:
        named = [
            c.category.name.get(self.lang)
            for c in activity.categories
            if c.category.id in staff.data_categories
        ]
        fact = self.phrases(activity).multi(self._("Personal data"), named)
        return Entry(
            staff.role.get(self.lang),
            paragraphs=(staff.description.get(self.lang),) if staff.description else (),
            facts=(fact,) if fact is not None else (),
        )

    # -- CSV ----------------------------------------------------------------------------------

    def csv_rows(self, activity: ProcessingActivity) -> list[list[str]]:
        _ = self._
        phrases = self.phrases(activity)
        # Long texts go on lines of their own inside the cell; short names are joined by "; ".
        security = "\n".join(f"{f.label}: {f.value}" for f in self.security_facts(activity))
        rows = []
        for record in activity.categories:
            category = record.category
            uses = [use for purpose in record.purposes for use in phrases.bases_for(purpose)]
            uses += [use for use in activity.register_bases if not use.purposes]
            bases = [
                phrases.basis_use(use)
                for use in uses
                if (not use.categories or category.id in use.categories)
                and (not use.subjects or set(use.subjects) & set(category.subjects))
            ]
            if category.special is not None:
                bases.append(self.condition(activity, record))
            rows.append(
                [
                    activity.name.get(self.lang),
                    "; ".join(p.name.get(self.lang) for p in record.purposes),
                    "; ".join(dict.fromkeys(bases)) or self.not_stated(),
                    "; ".join(g.name.get(self.lang) for g in record.subjects),
                    category.name.get(self.lang),
                    self.special_label(activity, record),
                    self.csv_recipients(activity, record),
                    self.csv_transfers(activity, record),
                    self.retention(activity, record),
                    security or self.not_stated(),
                ]
            )
        return rows

    def csv_recipients(self, activity: ProcessingActivity, record: CategoryRecord) -> str:
        names = [
            r.name.get(self.lang)
            + (f" – {self.place(r.country)}" if r.third_country and r.country else "")
            for r in record.recipients
        ]
        if names:
            return "; ".join(names)
        stated = State.NOT_STATED not in (activity.recipients_state, activity.processors_state)
        return self.none() if stated else self.not_stated()

    def csv_transfers(self, activity: ProcessingActivity, record: CategoryRecord) -> str:
        if activity.transfers_state is State.NOT_STATED:
            return self.not_stated()
        cells = []
        for transfer in record.transfers:
            party = self.transfer_party(activity, transfer)
            where = place_name(transfer.country, self.lang, self.messages.gettext)
            safeguards = self.phrases(activity).list_of(
                self.safeguard_labels(activity, transfer), style="or"
            )
            cell = f"{where}: {party}" if party else where
            cells.append(f"{cell} ({safeguards or self.not_stated()})")
        return "; ".join(cells) or self.none()
