"""The access report: what one person reads about their data (GDPR Art. 15).

:func:`build_report` gathers every text in the report's language and the register's voice into
a :class:`ReportContext` (the no-data letter when nothing is found), and :func:`render_report`
prints it through ``templates/access/report.html.j2``. The legal content (bases, rights,
transfers, complaint authority) comes from the notice's builder, so the report and the notice
say the same thing; what is this person's own is added to it (EDPB Guidelines 01/2022): the
recipients their data actually went to where the store records them (CJEU C-154/21), the dates
until which their rows are kept where the store has the date the period counts from, where each
source of their data came from as a member of their own group, whether each category is
portable, and what the practitioner withheld, on what ground (Tietosuojalaki 1050/2018 § 34).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from rekisteri.access.collect import Identifier, SourceRows, SubjectData, mask
from rekisteri.access.data import (
    categories_with_data,
    csv_value,
    iso,
    part_categories,
    portable_in,
    third_party_columns,
)
from rekisteri.access.store import InvalidText
from rekisteri.documents import i18n
from rekisteri.documents.blocks import (
    Block,
    Fact,
    FactList,
    Paragraph,
    PartyCard,
    Section,
    Subheading,
)
from rekisteri.documents.head import DocumentHead
from rekisteri.documents.i18n import N_
from rekisteri.documents.phrases import LegalPhrases, page_counter_css
from rekisteri.register.base import parse_phone
from rekisteri.register.model import Right, SourceKind, State, WithholdGround, state_of
from rekisteri.register.periods import DateReader, expires_on, uncomputable
from rekisteri.register.rights import NotPortable, applicable_rights, portability, source_kind_for
from rekisteri.register.store_mapping import ISO_DATES, label_text

if TYPE_CHECKING:
    from markupsafe import Markup

    from rekisteri.access.review import ReviewDecision
    from rekisteri.register.model import DataCategory, Register
    from rekisteri.register.store_mapping import RetentionClock, StoreMapping

FORMATS = ("html", "pdf", "json", "csv")

# The report shows this much of a long text; data.json and the CSV keep all of it.
REPORT_TEXT_LIMIT = 4000

Gettext = Callable[[str], str]


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
class Labels:
    """The report's fixed headings and marks, in its language and voice (the template prints
    these rather than translating, so that the register's voice reaches them too)."""

    your_data: str
    another_persons_data: str
    empty: str
    why_and_how: str
    empty_categories_title: str
    empty_categories_intro: str
    files_title: str


@dataclass(frozen=True)
class ReportContext:
    """Everything the report template prints; every text is in the report's language."""

    head: DocumentHead
    """Title, language, controller and the request's date, shared with the PDF's metadata."""
    found: bool
    register_name: str
    facts: tuple[Fact, ...]
    """Date, request reference, the register, and who the report is about (or, in the letter,
    what was searched with)."""
    confirmation: tuple[str, ...]
    restrictions: Section | None
    """What the practitioner withheld from this copy, why, and the complaint route."""
    categories: tuple[CategoryReport, ...]
    empty_categories: tuple[str, ...]
    sections: tuple[Section, ...]
    """Transfers, automated decisions, rights, complaint: from the notice. The letter has the
    complaint route only."""
    controller: Block
    third_party_note: str
    files: tuple[Fact, ...]
    labels: Labels
    print_footer: Markup
    voice: str | None = None
    """The register's voice, for the ``_()`` of a template that overrides the report's."""


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
    withheld: Sequence[ReviewDecision] = (),
    logged: bool = False,
) -> ReportContext:
    """The report in ``lang`` for the subject (or the no-data letter when ``data`` is None).

    ``withheld``: the practitioner's decisions; each one that withholds a category is stated
    with its reason, ground and the complaint route, and the category's rows are left out.
    ``logged``: the request is in the request log, which the letter then says.
    """
    voice = register.controller.voice.value
    # The notice's own builder phrases the legal content, from the notice's catalog.
    builder = LegalPhrases(
        register, lang, i18n.translations(lang, templates=templates, voice=voice)
    )
    gettext = i18n.translations(lang, "access", templates=templates, voice=voice).gettext
    _ = gettext
    register_name = register.name.get(lang)
    held = [d for d in withheld if d.withheld]
    held_ids = {d.category for d in held}
    categories = [c for c in categories_with_data(register, data) if c.id not in held_ids]
    wanted = frozenset(formats)
    facts = [
        Fact(_("Date"), i18n.format_date(generated.date(), lang), machine=iso(generated)),
        Fact(_("Request reference"), reference),
        Fact(_("Register"), register_name),
    ]
    if data is not None:
        facts.append(Fact(_("Data subject"), data.name or str(data.key)))
        title = _("Copy of your personal data")
        confirmation = [
            _(
                "We confirm that we process personal data about you in this register. This "
                "report is a copy of that data (GDPR Art. 15)."
            ),
            _(
                "The data is grouped by data category, under the same headings as in the privacy "
                "notice. For each category you can see why the data is processed and on what "
                "legal basis, where it comes from, to whom it has been or may be disclosed, and "
                "how long it is kept, with your own dates where the store records them."
            ),
        ]
    else:
        facts.append(_searched_with(identifier, lang, gettext))
        title = _("Reply to your access request")
        confirmation = _letter(register, identifier, builder, gettext, logged=logged)
    reports: list[CategoryReport] = []
    for part in data.parts if data is not None else []:
        for category in part_categories(part, categories):
            anchor = category.id
            if any(report.id == anchor for report in reports):
                anchor = f"{category.id}--{part.group}"
            reports.append(
                _category_report(register, category, part, builder, wanted, gettext, anchor)
            )
        if not part.primary:
            confirmation.append(_group_note(register, part, lang, gettext))
    empty = tuple(
        c.name.get(lang)
        for c in register.data_categories
        if data is not None and c not in categories and c.id not in held_ids
    )
    sections = _legal_sections(builder, gettext, found=data is not None)
    complaint = any(section.id == "complaint" for section in sections)
    return ReportContext(
        head=DocumentHead(
            lang=lang,
            title=title,
            controller_name=register.controller.name_in(lang),
            subject=register_name,
            created=generated.date(),
            modified=generated.date(),
        ),
        found=data is not None,
        register_name=register_name,
        facts=tuple(facts),
        confirmation=tuple(confirmation),
        restrictions=_restrictions(register, held, lang, gettext, complaint=complaint),
        categories=tuple(reports),
        empty_categories=empty,
        sections=tuple(sections),
        controller=PartyCard(builder.controller_party(_("Controller"))),
        third_party_note=_(
            "Columns marked “another person's data” hold details of someone else that are "
            "part of your own data, and are therefore included; we have left out other "
            "people's data that is not part of yours (GDPR Art. 15(4))."
        ),
        files=tuple(_file_facts(register, categories, wanted, gettext)) if data is not None else (),
        labels=_labels(gettext),
        print_footer=page_counter_css(_("Page %(page)s of %(pages)s")),
        voice=voice,
    )


def _labels(gettext: Gettext) -> Labels:
    _ = gettext
    return Labels(
        your_data=_("Your data"),
        another_persons_data=_("another person's data"),
        empty=_("empty"),
        why_and_how=_("Why and how this data is processed"),
        empty_categories_title=_("Data categories holding nothing about you"),
        empty_categories_intro=_(
            "The privacy notice also lists these data categories, but we hold no such data "
            "about you:"
        ),
        files_title=_("Files in this bundle"),
    )


# --- the no-data letter ------------------------------------------------------------------------


def _letter(
    register: Register,
    identifier: Identifier,
    builder: LegalPhrases,
    gettext: Gettext,
    *,
    logged: bool,
) -> list[str]:
    """Confirmation (Art. 15(1)), the invitation to give other details, and the log."""
    _ = gettext
    texts = [
        _(
            "We have searched this register for personal data about you with the details you "
            "gave in your request, and we confirm that we do not process any personal data about "
            "you in it (GDPR Art. 15(1))."
        )
    ]
    others = _other_details(register, identifier, gettext)
    if others:
        texts.append(
            _(
                "If you think we may hold data about you under other details, for example "
                "%(details)s, send them to us and we will search again."
            )
            % {"details": builder.list_of(others, style="or")}
        )
    if logged:
        texts.append(
            _(
                "We have recorded your request and this reply in our log of data protection "
                "requests: when the request arrived, who made it and when it was answered. The "
                "record is kept so that we can show how your request was handled (GDPR Art. 5(2))."
            )
        )
        rights = register.rights
        if rights is not None and rights.requests_kept is not None:
            texts[-1] += " " + _("It is kept for %(period)s.") % {
                "period": i18n.format_duration(rights.requests_kept, builder.lang)
            }
    return texts


def _other_details(register: Register, identifier: Identifier, gettext: Gettext) -> list[str]:
    """The details the store can also be searched with, as the letter invites them; never the
    personal identity code, which is not asked for by email (Tietosuojalaki § 29)."""
    _ = gettext
    mapping = register.store
    if mapping is None:
        return []
    tables = [mapping.subject, *mapping.groups]
    details = []
    if any(t.email for t in tables):
        details.append(
            _("another email address") if identifier.kind == "email" else _("your email address")
        )
    if any(t.phone for t in tables):
        details.append(
            _("another phone number") if identifier.kind == "phone" else _("your phone number")
        )
    if any(t.name and t.birth_date for t in tables) and identifier.kind != "name":
        details.append(_("your name and date of birth"))
    return details


def _searched_with(identifier: Identifier, lang: str, gettext: Gettext) -> Fact:
    _ = gettext
    label = _("Searched with")
    if identifier.kind == "email":
        return Fact(label, _("Email address %(value)s") % {"value": identifier.value})
    if identifier.kind == "phone":
        value = _readable_phone(identifier.value)
        return Fact(label, _("Phone number %(value)s") % {"value": value})
    if identifier.kind == "hetu":
        # The identity code is not printed in full where it is not needed (Tietosuojalaki § 29).
        value = mask("hetu", identifier.value)
        return Fact(label, _("Personal identity code %(value)s") % {"value": value})
    if identifier.kind == "name":
        name = _("Name %(name)s") % {"name": identifier.value.title()}
        if identifier.birth_date is None:
            return Fact(label, name)
        born = _("Date of birth %(date)s") % {"date": i18n.format_date(identifier.birth_date, lang)}
        return Fact(label, items=(name, born))
    return Fact(label, _("Client number %(value)s") % {"value": identifier.value})


def _readable_phone(value: str) -> str:
    """A number as the person writes it (040 1234567; a foreign one with its country code),
    not as the matcher compares it (+358401234567), and without a line break inside it."""
    # phonenumbers is loaded only when a letter names a phone number.
    import phonenumbers

    number = parse_phone(value)
    if number is None:
        return i18n.format_phone(value)
    national = phonenumbers.region_code_for_number(number) == "FI"
    form = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else (phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    )
    return i18n.format_phone(str(phonenumbers.format_number(number, form)))


def _group_note(register: Register, part: SubjectData, lang: str, gettext: Gettext) -> str:
    """What a record in another data-subject group is, without naming whom it is linked to."""
    _ = gettext
    names = {group.id: group.name.get(lang) for group in register.data_subjects}
    group = names.get(part.group or "", part.group or "")
    note = _("You are recorded in this register in the group “%(group)s”.") % {"group": group}
    if part.links:
        note += " " + _(
            "Your record is linked to another person in the register. That person is not "
            "named here, and their data is not part of this copy."
        )
    return note


# --- withheld categories (Tietosuojalaki § 34) -------------------------------------------------

# Tietosuojalaki 1050/2018 § 34(1)(2): no right of access where giving the data could seriously
# endanger the person's health or care, or the rights of the person or of someone else.
WITHHOLD_GROUND = {
    WithholdGround.HEALTH_OR_CARE: N_(
        "Giving this data to you could seriously endanger your health or your care (section "
        "34(1)(2) of the Data Protection Act (1050/2018))."
    ),
    WithholdGround.RIGHTS_OF_OTHERS: N_(
        "Giving this data to you could seriously endanger your rights or the rights of someone "
        "else (section 34(1)(2) of the Data Protection Act (1050/2018))."
    ),
}


def _restrictions(
    register: Register,
    held: Sequence[ReviewDecision],
    lang: str,
    gettext: Gettext,
    *,
    complaint: bool,
) -> Section | None:
    """Each withheld category with the practitioner's reason and its ground, and the route of
    complaint (GDPR Art. 12(4): the reasons, the complaint and a judicial remedy)."""
    if not held:
        return None
    _ = gettext
    names = {c.id: c.name.get(lang) for c in register.data_categories}
    blocks: list[Block] = [
        Paragraph(
            _(
                "We have withheld the following data from this copy. You receive the rest of "
                "your data in full."
            )
        )
    ]
    for decision in held:
        facts = []
        if decision.reason:
            facts.append(Fact(_("Reason"), decision.reason))
        if decision.ground is not None:
            facts.append(Fact(_("Ground"), _(WITHHOLD_GROUND[decision.ground])))
        blocks += [
            Subheading(names.get(decision.category, decision.category)),
            FactList(tuple(facts)),
        ]
    route = _(
        "If you consider that the data has been withheld without grounds, you have the right to "
        "lodge a complaint with the supervisory authority (GDPR Art. 77) and to seek a judicial "
        "remedy (GDPR Art. 79)."
    )
    if complaint:
        route += " " + _(
            "The authority's contact details are under “Right to lodge a complaint” below."
        )
    blocks.append(Paragraph(route))
    return Section("withheld", _("Data withheld from this copy"), tuple(blocks), prominent=True)


# --- one category ------------------------------------------------------------------------------


def _category_report(
    register: Register,
    category: DataCategory,
    part: SubjectData,
    builder: LegalPhrases,
    formats: frozenset[str],
    gettext: Gettext,
    anchor: str | None = None,
) -> CategoryReport:
    lang = builder.lang
    found = [f for f in part.categories[category.id] if f.rows]
    # The notice's facts of the category, with its sources said by kind as this person reads
    # them (Art. 15(1)(g)), and this person's own retention dates after the rule. The notice
    # labels its facts from its own catalog.
    notice_text = builder.gettext
    facts: list[Fact] = []
    for fact in builder.category_entry(category).facts:
        if fact.label == notice_text("Sources"):
            facts.append(_sources_fact(register, category, part, fact.label, lang, gettext))
            continue
        facts.append(fact)
        if fact.label == notice_text("Retention"):
            own = _own_retention(register, category, part, found, lang, gettext)
            if own:
                facts.append(Fact(gettext("Your retention dates"), items=tuple(own)))
    facts += _recipients_facts(register, category, found, lang, gettext)
    portable = _portability_fact(register, category, builder, formats, gettext)
    if portable is not None:
        facts.append(portable)
    tables = [_table(register, category, part, rows, lang, gettext) for rows in found]
    return CategoryReport(
        id=anchor or category.id,
        name=category.name.get(lang),
        description=category.description.get(lang) if category.description else None,
        facts=tuple(facts),
        tables=tuple(tables),
        third_party=(category.third_party and part.primary) or any(t.third_party for t in tables),
    )


def _table(
    register: Register,
    category: DataCategory,
    part: SubjectData,
    found: SourceRows,
    lang: str,
    gettext: Gettext,
) -> DataTable:
    third = third_party_columns(category, found.source, found.columns, part)
    columns = tuple(
        DataColumn(
            name=column,
            label=_column_label(register, found, column, lang),
            third_party=column in third,
        )
        for column in found.columns
    )
    mapping = register.store
    phones = _phone_columns(mapping, found.source.table) if mapping is not None else set()
    zone = ZoneInfo(mapping.time_zone) if mapping is not None else None
    money = found.source.money
    rows = tuple(
        tuple(
            _money_cell(value, money[column], lang)
            if column in money
            and isinstance(value, int | float | Decimal)
            and not isinstance(value, bool)
            else cell(value, lang, gettext, phone=column in phones, zone=zone)
            for column, value in zip(found.columns, row, strict=True)
        )
        for row in found.rows
    )
    title = label_text(found.source.title, lang, register.default_language)
    return DataTable(title, columns, rows, third_party=bool(third))


def _money_cell(value: float | Decimal, currency: str, lang: str) -> Cell:
    """A sum the mapping says is money, with its currency as ``lang`` writes it: 95,00 €."""
    return Cell(i18n.format_money(value, lang, currency))


def _column_label(register: Register, found: SourceRows, column: str, lang: str) -> str:
    label = found.source.labels.get(column)
    return label_text(label, lang, register.default_language) or column


def _phone_columns(mapping: StoreMapping, table: str | None) -> set[str]:
    """The columns of ``table`` the mapping matches phone numbers on: shown without breaking."""
    if table is None:
        return set()
    return {
        column
        for match in (mapping.subject, *mapping.groups)
        if match.table == table
        for column in match.phone
    }


# How each kind of source is said to the person; a source of no stated kind is named only.
SOURCE_KIND = {
    SourceKind.DATA_SUBJECT: N_("given by you"),
    SourceKind.CONTROLLER: N_("recorded by the controller"),
    SourceKind.THIRD_PARTY: N_("a third party"),
    SourceKind.PUBLIC: N_("a public source"),
}


def _sources_fact(
    register: Register,
    category: DataCategory,
    part: SubjectData,
    label: str,
    lang: str,
    gettext: Gettext,
) -> Fact:
    """Where the category's data comes from, each source with its kind as a member of this
    person's group reads it: a next of kin's data given by the client came from a third party."""
    named = []
    for source_id in category.sources:
        source = register.source(source_id)
        name = source.name.get(lang)
        kind = source_kind_for(source, part.group)
        if kind is not source.kind and source.group is not None:
            # "The client themselves" is the client's name for the source; to the next of kin
            # it is the group the client belongs to.
            giver = register.subject_group(source.group)
            name = giver.name.get(lang)
        if kind is not None:
            name = gettext("%(source)s (%(kind)s)") % {
                "source": name,
                "kind": gettext(SOURCE_KIND[kind]),
            }
        named.append(name)
    return Fact(label, named[0]) if len(named) == 1 else Fact(label, items=tuple(named))


# --- recipients (Art. 15(1)(c), CJEU C-154/21) -------------------------------------------------


def _recipients_facts(
    register: Register,
    category: DataCategory,
    found: Sequence[SourceRows],
    lang: str,
    gettext: Gettext,
) -> list[Fact]:
    """To whom this person's data went, where the store records it, and to whom the notice says
    the category may be disclosed, labelled as possible: a listed recipient is never presented
    as one that received this person's data.

    A recipient or processor that lists no categories may receive any of them, so it is named
    for every category. "Not disclosed to anyone" is said only when the register states both
    its recipients and its processors (or "none" for them) and the store records none;
    otherwise, with nobody named, the report is silent rather than deny what the register does
    not.
    """
    _ = gettext
    actual = list(dict.fromkeys(str(value) for rows in found for value in rows.recipients))
    facts = []
    if actual:
        facts.append(Fact(_("Recipients your data has been disclosed to"), items=tuple(actual)))
    possible = [
        r.name.get(lang)
        for r in register.recipient_list
        if not r.data_categories or category.id in r.data_categories
    ]
    possible += [
        f"{p.name} ({p.role.get(lang)})" if p.name is not None else p.role.get(lang)
        for p in register.processor_list
        if p.recipient and (not p.data_categories or category.id in p.data_categories)
    ]
    possible = [name for name in possible if name not in actual]
    if possible:
        facts.append(
            Fact(_("Possible recipients (as listed in the privacy notice)"), items=tuple(possible))
        )
    elif not actual:
        states = (state_of(register.recipients), state_of(register.processors))
        if State.NOT_STATED not in states:
            facts.append(Fact(_("Recipients"), _("Not disclosed to anyone.")))
    return facts


# --- this person's retention (Art. 15(1)(d)) ---------------------------------------------------


@dataclass(frozen=True)
class _Start:
    """A date a retention period counts from, and where in the copy the person finds it."""

    day: date
    where: str


def _own_retention(
    register: Register,
    category: DataCategory,
    part: SubjectData,
    found: Sequence[SourceRows],
    lang: str,
    gettext: Gettext,
) -> list[str]:
    """Until when this person's rows of the category are kept, where the store has the date each
    rule's period counts from (``[store.retention.<rule>]``), computed as the retention sweep
    computes it. Nothing is said where it cannot be computed: the rule's text stands alone."""
    mapping = register.store
    if mapping is None:
        return []
    zone = ZoneInfo(mapping.time_zone)
    said = []
    for rule_id in category.retention_ids:
        rule = register.retention_rule(rule_id)
        clock = mapping.retention.get(rule_id)
        if clock is None:
            continue
        period = clock.period or rule.period
        if uncomputable(rule, period) is not None or period is None:
            continue
        if clock.latest_of:
            # The clock's columns are dates of a person of [store.subject]: a record of another
            # group (a next of kin) is not dated by them.
            if part.primary:
                said += _latest_of(register, clock, period, part, zone, lang, gettext)
        elif clock.row_date is not None:
            said += _row_dates(register, category, clock, period, found, zone, lang, gettext)
    return said


def _latest_of(
    register: Register,
    clock: RetentionClock,
    period: str,
    part: SubjectData,
    zone: ZoneInfo,
    lang: str,
    gettext: Gettext,
) -> list[str]:
    """The person's date: the latest of the clock's columns among the rows of this copy. A
    column the copy does not hold (left out, withheld) can only make the date later, so then the
    date is given as the earliest it can be."""
    starts: list[_Start] = []
    complete = True
    for reference in clock.latest_of:
        table, column = reference.split(".", 1)
        sources = [
            rows
            for rows_of_category in part.categories.values()
            for rows in rows_of_category
            if rows.source.table == table and column in rows.columns
        ]
        if not sources:
            complete = False
            continue
        reader = DateReader(_declared_pattern(clock, reference), zone)
        for rows in sources:
            at = rows.columns.index(column)
            where = _where(register, rows, column, lang)
            for row in rows.rows:
                try:
                    day = reader(row[at])
                except ValueError:
                    # A value that is not a date leaves the person's date unknown.
                    return []
                if day is not None:
                    starts.append(_Start(day, where))
    if not starts:
        return []
    latest = max(starts, key=lambda start: start.day)
    values = {
        "until": i18n.format_date(
            expires_on(latest.day, period, end_of_year=clock.end_of_year), lang
        ),
        "period": i18n.format_duration(period, lang),
        "start": i18n.format_date(latest.day, lang),
        "where": latest.where,
    }
    if not complete:
        text = gettext(
            "At least until %(until)s: %(period)s from %(start)s (%(where)s), the latest date "
            "in this copy that the period counts from; a newer one, or one that is not in this "
            "copy, moves it later."
        )
    elif len(clock.latest_of) > 1:
        text = gettext(
            "By the dates now recorded, until %(until)s: %(period)s from %(start)s (%(where)s), "
            "the latest date the period counts from; a newer one moves it later."
        )
    else:
        text = gettext(
            "By the dates now recorded, until %(until)s: %(period)s from %(start)s (%(where)s)."
        )
    return [text % values]


def _row_dates(
    register: Register,
    category: DataCategory,
    clock: RetentionClock,
    period: str,
    found: Sequence[SourceRows],
    zone: ZoneInfo,
    lang: str,
    gettext: Gettext,
) -> list[str]:
    """Each row counted from its own date: per source, until when its rows are kept."""
    said = []
    for rows in found:
        row_date = clock.row_date
        column = row_date.get(rows.source.table or "") if isinstance(row_date, dict) else row_date
        if column is None or column not in rows.columns:
            continue
        reference = f"{rows.source.table}.{column}"
        reader = DateReader(_declared_pattern(clock, reference), zone)
        at = rows.columns.index(column)
        ends = []
        for row in rows.rows:
            try:
                day = reader(row[at])
            except ValueError:
                day = None
            if day is None:
                # A row without a readable date: this source's dates are not given.
                break
            ends.append(expires_on(day, period, end_of_year=clock.end_of_year))
        else:
            if not ends:
                continue
            what = label_text(rows.source.title, lang, register.default_language) or (
                category.name.get(lang)
            )
            first, last = min(ends), max(ends)
            if first == last:
                said.append(
                    gettext("%(what)s: until %(until)s.")
                    % {"what": what, "until": i18n.format_date(first, lang)}
                )
            else:
                said.append(
                    gettext(
                        "%(what)s: each row counted from its own date, the oldest until "
                        "%(first)s and the newest until %(last)s."
                    )
                    % {
                        "what": what,
                        "first": i18n.format_date(first, lang),
                        "last": i18n.format_date(last, lang),
                    }
                )
    return said


def _where(register: Register, rows: SourceRows, column: str, lang: str) -> str:
    """Where the person finds a date in the copy: the table's title, else the column's label."""
    title = label_text(rows.source.title, lang, register.default_language)
    return title or _column_label(register, rows, column, lang)


def _declared_pattern(clock: RetentionClock, reference: str) -> str | None:
    declared = clock.format
    if isinstance(declared, dict):
        declared = declared.get(reference)
    return None if declared is None or declared == ISO_DATES else declared


# --- portability (Art. 20) ---------------------------------------------------------------------

NOT_PORTABLE = {
    NotPortable.ABOUT_SOMEONE_ELSE: N_("the data is also about another person"),
    NotPortable.NOT_PROVIDED: N_("you have not provided it yourself"),
    NotPortable.BASIS: N_("it is not processed on your consent or on a contract"),
    NotPortable.PAPER: N_("it is kept on paper only"),
}


def _portability_fact(
    register: Register,
    category: DataCategory,
    builder: LegalPhrases,
    formats: frozenset[str],
    gettext: Gettext,
) -> Fact | None:
    """Whether the right to data portability covers the category, and if not, why not; said
    only where the register states the rights and the right applies to some category."""
    if register.rights is None or Right.PORTABILITY not in applicable_rights(register):
        return None
    _ = gettext
    verdict = portability(register, category)
    if verdict.portable:
        value = _(
            "Yes: you can receive this data in a machine-readable form and transfer it to "
            "another controller (GDPR Art. 20)."
        )
        if "json" in formats:
            value += " " + _("It is in the file portable.json.")
    else:
        reasons = [_(NOT_PORTABLE[reason]) for reason in verdict.reasons]
        value = _("No: %(reasons)s (GDPR Art. 20).") % {"reasons": builder.list_of(reasons)}
    return Fact(_("Data portability"), value)


# --- cells -------------------------------------------------------------------------------------


def cell(
    value: Any,
    lang: str,
    gettext: Gettext,
    *,
    phone: bool = False,
    zone: ZoneInfo | None = None,
) -> Cell:
    """One store value as the report shows it: dates, times and numbers as ``lang`` writes them
    (25.4.2023 klo 13.39, 95,00), a phone number that does not wrap, binary data and long texts
    described (the exact values are in data.json)."""
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
            _("File or binary data, %(size)s bytes") % {"size": i18n.format_number(len(raw), lang)},
            "binary",
            _("SHA-256: %(hash)s. The data itself is in data.json.")
            % {"hash": hashlib.sha256(raw).hexdigest()},
        )
    if isinstance(value, bool):
        return Cell(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        if value.tzinfo is not None and zone is not None:
            value = value.astimezone(zone)
        return Cell(i18n.format_datetime(value, lang))
    if isinstance(value, date):
        return Cell(i18n.format_date(value, lang))
    if isinstance(value, Decimal):
        return Cell(_decimal(value, lang))
    if isinstance(value, float):
        return Cell(i18n.format_number(value, lang))
    text = value if isinstance(value, str) else csv_value(value)
    if len(text) > REPORT_TEXT_LIMIT:
        return Cell(
            _shorten(text),
            "shortened",
            _("Shortened: the full text (%(length)s characters) is in data.json and the CSV file.")
            % {"length": i18n.format_number(len(text), lang)},
        )
    return Cell(i18n.format_phone(text) if phone else text)


def _decimal(value: Decimal, lang: str) -> str:
    """A decimal with the decimals the store keeps (95.00 is 95,00, not 95): a sum of money
    shows its cents."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or not value.is_finite():
        return str(value)
    if exponent >= 0:
        return i18n.format_number(value, lang)
    # babel's locale data is loaded only when a report shows such a number.
    from babel.numbers import format_decimal

    pattern = "#,##0." + "0" * -exponent
    return str(format_decimal(value, format=pattern, locale=i18n.locale(lang)))


def _shorten(text: str) -> str:
    return text if len(text) <= REPORT_TEXT_LIMIT else text[:REPORT_TEXT_LIMIT] + "…"


# --- the notice's sections ---------------------------------------------------------------------


def _legal_sections(builder: LegalPhrases, gettext: Gettext, *, found: bool) -> list[Section]:
    """Transfers and their safeguards (Art. 15(2)), automated decisions (15(1)(h)), the rights
    and the complaint route (15(1)(e), (f)): each only as far as the register states it, so a
    section the register leaves out is left out here too, never denied. The letter to someone
    whose data is not processed has the complaint route only: no rights over data that does not
    exist, no objection to processing that does not take place."""
    _ = gettext
    complaint = Section(
        "complaint",
        _("Right to lodge a complaint"),
        tuple(builder.complaint_blocks()),
    )
    if not found:
        return [complaint] if complaint.blocks else []
    parts: list[tuple[str, str, list[Block]]] = [
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
    ]
    sections += [Section(key, title, tuple(blocks)) for key, title, blocks in parts if blocks]
    if complaint.blocks:
        sections.append(complaint)
    return sections


def _file_facts(
    register: Register,
    categories: Sequence[DataCategory],
    formats: frozenset[str],
    gettext: Gettext,
) -> list[Fact]:
    _ = gettext
    facts = []
    if "json" in formats:
        facts.append(
            Fact(
                "data.json",
                _(
                    "All the data in this report in a structured, machine-readable form "
                    "(JSON): the electronic copy under GDPR Art. 15(3)."
                ),
            )
        )
        # As the bundle writes it: only when some category of the person's is portable.
        if portable_in(register, categories):
            facts.append(
                Fact(
                    "portable.json",
                    _(
                        "The data you can take to another service under the right to data "
                        "portability (GDPR Art. 20): only the data categories marked as portable "
                        "above."
                    ),
                )
            )
    if "csv" in formats and categories:
        facts.append(
            Fact(
                "csv/",
                _("One CSV file for each data category, for opening in a spreadsheet."),
            )
        )
    facts.append(
        Fact(
            "manifest.json",
            _("A list of the files with their checksums, to show that none has been altered."),
        )
    )
    return facts


def render_report(
    context: ReportContext, templates: Path | None = None, *, paged: bool = False
) -> str:
    """The report as a page for the browser, or (``paged``) the HTML its PDF is made from,
    with the running head and page numbers only a print engine reads."""
    # jinja2 is loaded only when a report is rendered, not for a JSON or CSV bundle.
    from rekisteri.documents import templating

    env = templating.environment(context.head.lang, templates, domain="access", voice=context.voice)
    return templating.render(env, "access/report.html.j2", {"report": context, "paged": paged})
