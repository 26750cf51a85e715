"""The access report: what one person reads about their data (GDPR Art. 15).

:func:`build_report` gathers every text in the report's language into a :class:`ReportContext`
(the no-data letter when nothing is found), and :func:`render_report` prints it through
``templates/access/report.html.j2``. The legal content (bases, rights, transfers, complaint
authority) comes from the notice's builder, so the report and the notice say the same thing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rekisteri.access.collect import Identifier, SubjectData, mask
from rekisteri.access.data import (
    categories_with_data,
    csv_value,
    iso,
    part_categories,
    third_party_columns,
)
from rekisteri.access.store import InvalidText
from rekisteri.documents import i18n
from rekisteri.documents.blocks import Block, Fact, PartyCard, Section
from rekisteri.documents.head import DocumentHead
from rekisteri.documents.i18n import N_
from rekisteri.documents.phrases import LegalPhrases, page_counter_css
from rekisteri.register.model import SourceKind, State, state_of
from rekisteri.register.store_mapping import label_text

if TYPE_CHECKING:
    from markupsafe import Markup

    from rekisteri.register.model import DataCategory, Register

FORMATS = ("html", "pdf", "json", "csv")

# The report shows this much of a long text; data.json and the CSV keep all of it.
REPORT_TEXT_LIMIT = 4000


@dataclass(frozen=True)
class Cell:
    """One value as the report shows it."""

    text: str
    kind: str = "value"
    """value, empty, binary, shortened or invalid."""
    note: str = ""


@dataclass(frozen=True)
class DataColumn:
    name: str
    label: str
    third_party: bool = False


@dataclass(frozen=True)
class DataTable:
    """The rows of one source, ready to print."""

    kind: ClassVar[str] = "table"
    title: str | None
    columns: tuple[DataColumn, ...]
    rows: tuple[tuple[Cell, ...], ...]
    third_party: bool = False


@dataclass(frozen=True)
class CategoryReport:
    """One data category holding data about the person."""

    id: str
    """Unique in the report (it anchors the section): the category's id, or for the same
    category in another data-subject group's record, ``<category>--<group>``."""
    name: str
    description: str | None
    facts: tuple[Fact, ...]
    tables: tuple[DataTable, ...]
    third_party: bool


@dataclass(frozen=True)
class ReportContext:
    """Everything the report template prints; every text is in the report's language."""

    head: DocumentHead
    """Title, language, controller and the request's date, shared with the PDF's metadata."""
    found: bool
    register_name: str
    facts: tuple[Fact, ...]
    """Date, request reference, and who the report is about."""
    confirmation: tuple[str, ...]
    categories: tuple[CategoryReport, ...]
    empty_categories: tuple[str, ...]
    sections: tuple[Section, ...]
    """Transfers, automated decisions, rights, complaint: from the notice."""
    controller: Block
    third_party_note: str
    files: tuple[Fact, ...]
    print_footer: Markup


def build_report(
    register: Register,
    lang: str,
    data: SubjectData | None,
    identifier: Identifier,
    *,
    generated: datetime,
    reference: str,
    formats: Iterable[str] = FORMATS,
    templates: Path | None = None,
) -> ReportContext:
    """The report in ``lang`` for the subject (or the no-data letter when ``data`` is None)."""
    # The notice's own builder phrases the legal content, from the notice's catalog.
    builder = LegalPhrases(register, lang, i18n.translations(lang, templates=templates))
    gettext = i18n.translations(lang, "access", templates=templates).gettext
    _ = gettext
    controller = register.controller.name
    register_name = register.name.get(lang)
    categories = categories_with_data(register, data)
    facts = [
        Fact(_("Date"), i18n.format_date(generated.date(), lang), machine=iso(generated)),
        Fact(_("Request reference"), reference),
    ]
    if data is not None:
        facts.append(Fact(_("Data subject"), data.name or str(data.key)))
        title = _("Copy of your personal data")
        confirmation = [
            _(
                "%(controller)s confirms that it processes personal data about you in "
                "%(register)s. This report is a copy of that data (GDPR Art. 15)."
            )
            % {"controller": controller, "register": register_name},
            _(
                "The data is grouped under the same headings as in the privacy notice. For each "
                "group you can see what the notice states about it: why the data is processed and "
                "on what legal basis, where it comes from, to whom it is disclosed and how long it "
                "is kept."
            ),
        ]
    else:
        facts.append(Fact(_("Searched with"), _searched_with(identifier, gettext)))
        title = _("Reply to your access request")
        confirmation = [
            _(
                "%(controller)s has searched %(register)s for personal data about you, using "
                "the details you gave in your request."
            )
            % {"controller": controller, "register": register_name},
            _(
                "We confirm that we do not process any personal data about you in this "
                "register (GDPR Art. 15(1))."
            ),
        ]
    reports: list[CategoryReport] = []
    for part in data.parts if data is not None else []:
        for category in part_categories(part, categories):
            anchor = category.id
            if any(report.id == anchor for report in reports):
                anchor = f"{category.id}--{part.group}"
            reports.append(
                _category_report(register, category, part, builder, lang, gettext, anchor)
            )
        if not part.primary:
            confirmation.append(_group_note(register, part, lang, gettext))
    empty = tuple(
        c.name.get(lang)
        for c in register.data_categories
        if data is not None and c not in categories
    )
    sections = _legal_sections(builder, gettext, found=data is not None)
    files = _file_facts(categories, formats, gettext)
    return ReportContext(
        head=DocumentHead(
            lang=lang,
            title=title,
            controller_name=controller,
            subject=register_name,
            created=generated.date(),
            modified=generated.date(),
        ),
        found=data is not None,
        register_name=register_name,
        facts=tuple(facts),
        confirmation=tuple(confirmation),
        categories=tuple(reports),
        empty_categories=empty,
        sections=tuple(sections),
        controller=PartyCard(builder.controller_party(_("Controller"))),
        third_party_note=_(
            "Marked columns hold data about another person, for example a next of kin you have "
            "named. It is part of your data and shown to you; do not pass it on without "
            "reason (GDPR Art. 15(4))."
        ),
        files=tuple(files) if data is not None else (),
        print_footer=page_counter_css(_("Page %(page)s of %(pages)s")),
    )


def _group_note(
    register: Register, part: SubjectData, lang: str, gettext: Callable[[str], str]
) -> str:
    """What a record in another data-subject group is, without naming whom it is linked to."""
    _ = gettext
    names = {group.id: group.name.get(lang) for group in register.data_subjects}
    group = names.get(part.group or "", part.group or "")
    note = _("You are recorded in this register in the group “%(group)s”.") % {"group": group}
    if part.links:
        note += " " + _(
            "Your record is linked to another person in the register (for example a client "
            "who named you). That person is not named here, and their data is not part of "
            "this copy."
        )
    return note


def _searched_with(identifier: Identifier, gettext: Callable[[str], str]) -> str:
    _ = gettext
    if identifier.kind == "email":
        return _("Email address %(value)s") % {"value": identifier.value}
    if identifier.kind == "phone":
        return _("Phone number %(value)s") % {"value": identifier.value}
    if identifier.kind == "hetu":
        # The identity code is not printed in full where it is not needed (Tietosuojalaki § 29).
        return _("Personal identity code %(value)s") % {"value": mask("hetu", identifier.value)}
    if identifier.kind == "name":
        born = identifier.birth_date.isoformat() if identifier.birth_date else ""
        return _("Name %(name)s, born %(date)s") % {"name": identifier.value.title(), "date": born}
    return _("Client number %(value)s") % {"value": identifier.value}


def _category_report(
    register: Register,
    category: DataCategory,
    data: SubjectData | None,
    builder: Any,
    lang: str,
    gettext: Callable[[str], str],
    anchor: str | None = None,
) -> CategoryReport:
    _ = gettext
    assert data is not None
    entry = builder.category_entry(category)
    # The notice's facts of the category, with its sources said by kind (Art. 15(1)(g)). The
    # notice labels its facts from its own catalog.
    notice_text = builder.gettext
    sources = notice_text("Sources")
    facts = [
        _sources_fact(register, category, f.label, lang, gettext) if f.label == sources else f
        for f in entry.facts
    ]
    recipients = _recipients_fact(register, category, lang, gettext)
    if recipients is not None:
        facts.append(recipients)
    tables = []
    for found in data.categories[category.id]:
        if not found.rows:
            continue
        third = third_party_columns(category, found.source, found.columns, data)
        columns = tuple(
            DataColumn(
                name=column,
                label=label_text(found.source.labels.get(column), lang, register.default_language)
                or column,
                third_party=column in third,
            )
            for column in found.columns
        )
        rows = tuple(tuple(_cell(value, lang, gettext) for value in row) for row in found.rows)
        title = label_text(found.source.title, lang, register.default_language)
        tables.append(DataTable(title, columns, rows, third_party=bool(third)))
    return CategoryReport(
        id=anchor or category.id,
        name=category.name.get(lang),
        description=category.description.get(lang) if category.description else None,
        facts=tuple(facts),
        tables=tuple(tables),
        third_party=(category.third_party and data.primary) or any(t.third_party for t in tables),
    )


# How each kind of source is said to the person; a source of no stated kind is named only.
SOURCE_KIND = {
    SourceKind.DATA_SUBJECT: N_("you yourself"),
    SourceKind.CONTROLLER: N_("recorded by the controller"),
    SourceKind.THIRD_PARTY: N_("a third party"),
    SourceKind.PUBLIC: N_("a public source"),
}


def _sources_fact(
    register: Register,
    category: DataCategory,
    label: str,
    lang: str,
    gettext: Callable[[str], str],
) -> Fact:
    """Where the category's data comes from, each source with its kind where it is stated."""
    named = []
    for source_id in category.sources:
        source = register.source(source_id)
        name = source.name.get(lang)
        if source.kind is not None:
            name = gettext("%(source)s (%(kind)s)") % {
                "source": name,
                "kind": gettext(SOURCE_KIND[source.kind]),
            }
        named.append(name)
    return Fact(label, named[0]) if len(named) == 1 else Fact(label, items=tuple(named))


def _recipients_fact(
    register: Register, category: DataCategory, lang: str, gettext: Callable[[str], str]
) -> Fact | None:
    """To whom the category's data is disclosed (Art. 15(1)(c)), as far as the register says.

    A recipient or processor that lists no categories may receive any of them, so it is named
    for every category. "Not disclosed to anyone" is said only when the register states both
    its recipients and its processors (or "none" for them); otherwise, with nobody named, the
    report is silent rather than deny what the register does not.
    """
    _ = gettext
    recipients = [
        r.name.get(lang)
        for r in register.recipient_list
        if not r.data_categories or category.id in r.data_categories
    ]
    recipients += [
        f"{p.name} ({p.role.get(lang)})" if p.name is not None else p.role.get(lang)
        for p in register.processor_list
        if p.recipient and (not p.data_categories or category.id in p.data_categories)
    ]
    if recipients:
        return Fact(_("Recipients"), items=tuple(recipients))
    states = (state_of(register.recipients), state_of(register.processors))
    if State.NOT_STATED in states:
        return None
    return Fact(_("Recipients"), _("Not disclosed to anyone."))


def _cell(value: Any, lang: str, gettext: Callable[[str], str]) -> Cell:
    _ = gettext
    if value is None or (isinstance(value, str) and not value.strip()):
        return Cell("", "empty")
    if isinstance(value, InvalidText):
        text = value.lossy()
        return Cell(
            _shorten(text),
            "invalid",
            _(
                "The store holds this text in a form that is not valid UTF-8; unreadable "
                "characters are shown as �. The exact bytes are in data.json."
            ),
        )
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        return Cell(
            _("File or binary data, %(size)s bytes") % {"size": _number(len(raw), lang)},
            "binary",
            _("SHA-256: %(hash)s. The data itself is in data.json.")
            % {"hash": hashlib.sha256(raw).hexdigest()},
        )
    if isinstance(value, bool):
        return Cell(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        return Cell(f"{i18n.format_date(value.date(), lang)} {value:%H:%M}")
    if isinstance(value, date):
        return Cell(i18n.format_date(value, lang))
    if isinstance(value, Decimal):
        return Cell(_number(value, lang))
    text = value if isinstance(value, str) else csv_value(value)
    if len(text) > REPORT_TEXT_LIMIT:
        return Cell(
            _shorten(text),
            "shortened",
            _("Shortened: the full text (%(length)s characters) is in data.json and the CSV file.")
            % {"length": _number(len(text), lang)},
        )
    return Cell(text)


def _shorten(text: str) -> str:
    return text if len(text) <= REPORT_TEXT_LIMIT else text[:REPORT_TEXT_LIMIT] + "…"


def _number(value: int | Decimal, lang: str) -> str:
    # babel's locale data is loaded only when a report shows a number.
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=i18n.locale(lang), decimal_quantization=False))


def _legal_sections(builder: Any, gettext: Callable[[str], str], *, found: bool) -> list[Section]:
    """Transfers and their safeguards (Art. 15(2)), automated decisions (15(1)(h)), the rights
    and the complaint route (15(1)(e), (f)): each only as far as the register states it, so a
    section the register leaves out is left out here too, never denied."""
    _ = gettext
    parts: list[tuple[str, str, list[Block]]] = []
    if found:
        parts += [
            ("transfers", _("Transfers outside the EU and the EEA"), builder.transfer_blocks()),
            (
                "automated-decisions",
                _("Automated decision-making and profiling"),
                builder.automated_blocks(),
            ),
        ]
    sections = [Section(key, title, tuple(blocks)) for key, title, blocks in parts if blocks]
    objection = builder.objection_section()
    if objection is not None:
        # The right to object is set apart from the other rights (GDPR Art. 21(4)), and the
        # rights section links to it.
        sections.append(objection)
    parts = [
        ("withdrawal", _("Withdrawing consent"), builder.withdrawal_blocks()),
        ("rights", _("Your rights"), builder.rights_blocks()),
        ("complaint", _("Right to lodge a complaint"), builder.complaint_blocks()),
    ]
    sections += [Section(key, title, tuple(blocks)) for key, title, blocks in parts if blocks]
    return sections


def _file_facts(
    categories: Sequence[DataCategory], formats: Iterable[str], gettext: Callable[[str], str]
) -> list[Fact]:
    _ = gettext
    wanted = set(formats)
    facts = []
    if "json" in wanted:
        facts.append(
            Fact(
                "data.json",
                _(
                    "All the data in this report in a structured, machine-readable form "
                    "(JSON), for moving it to another service (GDPR Art. 20)."
                ),
            )
        )
    if "csv" in wanted and categories:
        facts.append(
            Fact(
                "csv/",
                _("One CSV file for each group of data, for opening in a spreadsheet."),
            )
        )
    facts.append(
        Fact(
            "manifest.json",
            _("A list of the files with their checksums, to show that none has been altered."),
        )
    )
    return facts


def render_report(context: ReportContext, templates: Path | None = None) -> str:
    # jinja2 is loaded only when a report is rendered, not for a JSON or CSV bundle.
    from rekisteri.documents import templating

    env = templating.environment(context.head.lang, templates, domain="access")
    return templating.render(env, "access/report.html.j2", {"report": context})
