"""Consistency checks that span several tables: ids, references, translations, conditionals.

Pydantic validates each table on its own; these rules need the whole register (a category names a
purpose declared elsewhere; every text must exist in every declared language). They are schema
errors, not lint findings: a register that fails them cannot be rendered. The ``[store]`` table
is checked here too against the categories, groups and retention rules it names, so that the
store-mapping schema stays a leaf below the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rekisteri.errors import Loc, format_loc, nearest
from rekisteri.register.base import LANGUAGES, Name
from rekisteri.register.dpv import CRIMINAL_TERMS, SPECIAL_TERMS
from rekisteri.register.model import (
    BasisUse,
    LegalBasis,
    Register,
    Safeguard,
    SourceKind,
    iter_texts,
    listed,
)
from rekisteri.register.store_mapping import StoreMapping


@dataclass(frozen=True)
class Problem:
    """A located problem before it is tied to a file position."""

    loc: Loc
    message: str
    hint: str = ""


def check_register(register: Register, unusable: frozenset[str] = frozenset()) -> list[Problem]:
    """What the schema cannot tell about ``register``; a language in ``unusable`` (one without
    catalogs, reported on its own) is not asked of every text besides."""
    problems: list[Problem] = []
    problems += _check_notice(register)
    problems += _check_ids(register)
    problems += _check_references(register)
    problems += _check_conditionals(register)
    problems += _check_dpv_terms(register)
    problems += _check_translations(register, unusable)
    if register.store is not None:
        problems += check_store_mapping(register)
    return problems


def _check_notice(register: Register) -> Iterable[Problem]:
    notice = register.notice
    if len(set(notice.languages)) != len(notice.languages):
        yield Problem(("notice", "languages"), "a language is listed twice")
    if notice.default_language and notice.default_language not in notice.languages:
        yield Problem(
            ("notice", "default_language"),
            f"'{notice.default_language}' is not one of the notice's languages "
            f"({', '.join(notice.languages)})",
            hint=f"add it to notice.languages or choose one of {', '.join(notice.languages)}",
        )
    if notice.effective and notice.updated and notice.effective < notice.updated:
        yield Problem(
            ("notice", "effective"),
            "the effective date is before the date the notice was updated",
            hint="a notice applies from its publication at the earliest",
        )


_ID_LISTS = ("data_subjects", "purposes", "data_categories", "sources", "recipients", "processors")


def _check_ids(register: Register) -> Iterable[Problem]:
    for list_name in (*_ID_LISTS, "retention"):
        seen: dict[str, int] = {}
        for index, item in enumerate(listed(getattr(register, list_name))):
            if item.id in seen:
                yield Problem(
                    (list_name, index, "id"),
                    f"id '{item.id}' is already used by {list_name}[{seen[item.id]}]",
                    hint="each id must be unique within its list",
                )
            else:
                seen[item.id] = index


# How a person names one entry of each list the register refers to by id.
_ENTRY_NAMES = {
    "data_subjects": "data subject group",
    "purposes": "purpose",
    "data_categories": "data category",
    "sources": "source",
    "retention": "retention rule",
    "recipients": "recipient",
    "processors": "processor",
}


def _ref(ids: list[str], value: str, loc: Loc, target: str, owner: str) -> Iterable[Problem]:
    if value in ids:
        return
    entry = _ENTRY_NAMES.get(target, target)
    guess = nearest(value, ids)
    if ids:
        hint = f"did you mean '{guess}'? " if guess else ""
        hint += f"declared {entry} ids: {', '.join(ids)}"
    else:
        hint = f"declare it in a [[{target}]] section"
    yield Problem(loc, f"{owner} refers to {entry} '{value}', which is not declared", hint)


def _check_references(register: Register) -> Iterable[Problem]:
    ids = {name: [item.id for item in listed(getattr(register, name))] for name in _ID_LISTS}
    retention_ids = [rule.id for rule in register.retention]
    yield from _check_scopes(register, ids)
    for i, category in enumerate(register.data_categories):
        owner = f"data category '{category.id}'"
        for field, target in (
            ("subjects", "data_subjects"),
            ("purposes", "purposes"),
            ("sources", "sources"),
        ):
            for j, value in enumerate(getattr(category, field)):
                yield from _ref(ids[target], value, ("data_categories", i, field, j), target, owner)
        many = isinstance(category.retention, list)
        for j, rule_id in enumerate(category.retention_ids):
            loc: Loc = ("data_categories", i, "retention", *((j,) if many else ()))
            yield from _ref(retention_ids, rule_id, loc, "retention", owner)
    for i, source in enumerate(register.sources):
        if source.group is not None:
            owner = f"source '{source.id}'"
            yield from _ref(
                ids["data_subjects"], source.group, ("sources", i, "group"), "data_subjects", owner
            )
    for k, role in enumerate(register.staff):
        for j, value in enumerate(role.data_categories):
            loc = ("staff", k, "data_categories", j)
            yield from _ref(ids["data_categories"], value, loc, "data_categories", "staff role")
    for list_name in ("recipients", "processors"):
        for i, item in enumerate(listed(getattr(register, list_name))):
            for j, value in enumerate(item.data_categories):
                yield from _ref(
                    ids["data_categories"],
                    value,
                    (list_name, i, "data_categories", j),
                    "data_categories",
                    f"{list_name[:-1]} '{item.id}'",
                )
    for i, transfer in enumerate(register.transfer_list):
        if transfer.processor is not None:
            yield from _ref(
                ids["processors"],
                transfer.processor,
                ("transfers", "destinations", i, "processor"),
                "processors",
                f"transfer to {transfer.country}",
            )


def _check_scopes(register: Register, ids: dict[str, list[str]]) -> Iterable[Problem]:
    """A basis scoped to categories, groups or purposes names ones that are declared."""
    scoped: list[tuple[Loc, BasisUse]] = [
        (("purposes", i, "bases", j), use)
        for i, purpose in enumerate(register.purposes)
        for j, use in enumerate(purpose.bases)
    ]
    scoped += [(("bases", j), use) for j, use in enumerate(register.bases)]
    for loc, use in scoped:
        owner = f"the {use.basis.value} basis"
        for field, target in (
            ("categories", "data_categories"),
            ("subjects", "data_subjects"),
            ("purposes", "purposes"),
        ):
            for k, value in enumerate(getattr(use, field)):
                yield from _ref(ids[target], value, (*loc, field, k), target, owner)


def _check_conditionals(register: Register) -> Iterable[Problem]:
    for i, purpose in enumerate(register.purposes):
        if purpose.legal_basis is not None and purpose.bases:
            yield Problem(
                ("purposes", i, "bases"),
                f"purpose '{purpose.id}' gives both legal_basis and bases",
                hint="give one basis as legal_basis, or several as [[purposes.bases]], not both",
            )
        if purpose.legitimate_interest is not None and (
            purpose.legal_basis is not LegalBasis.LEGITIMATE_INTERESTS
        ):
            yield Problem(
                ("purposes", i, "legitimate_interest"),
                f"purpose '{purpose.id}' describes a legitimate interest, but its legal_basis "
                "is not legitimate_interests",
                hint='set legal_basis = "legitimate_interests", or give the interest in its '
                "[[purposes.bases]] entry",
            )
    if register.health_care is not None and not register.controller.health_care_provider:
        yield Problem(
            ("health_care",),
            "patient-record details are given but the controller is not a health-care provider",
            hint="set health_care_provider = true under [controller], or remove [health_care]",
        )
    for i, source in enumerate(register.sources):
        if source.group is not None and source.kind is not SourceKind.DATA_SUBJECT:
            yield Problem(
                ("sources", i, "group"),
                f"source '{source.id}' names a data-subject group but is not of kind "
                "'data-subject'",
                hint='set kind = "data-subject", or remove group',
            )
    for i, category in enumerate(register.data_categories):
        if category.hetu_ground is not None and not category.hetu:
            yield Problem(
                ("data_categories", i, "hetu_ground"),
                "a personal identity code ground is given but hetu is not set",
                hint="set hetu = true, or remove hetu_ground",
            )
    for i, transfer in enumerate(register.transfer_list):
        derogation = transfer.derogation is not None
        if derogation != (Safeguard.DEROGATION in transfer.safeguards):
            yield Problem(
                ("transfers", "destinations", i, "derogation" if derogation else "safeguards"),
                "a derogation is named only with the safeguard 'derogation'"
                if derogation
                else "the safeguard 'derogation' needs the Art. 49(1) point it relies on",
                hint='e.g. safeguards = ["derogation"] with derogation = "explicit_consent"',
            )
    for i, rule in enumerate(register.retention):
        if not any(term.stated for term in rule.all_terms):
            yield Problem(
                ("retention", i),
                f"retention rule '{rule.id}' gives no period, end date or criteria",
                hint='add period = "P6Y" (with counted_from), until = 2030-12-31, or criteria '
                "(GDPR 13(2)(a))",
            )
        if rule.combine is not None and len(rule.terms) < 2:
            yield Problem(
                ("retention", i, "combine"),
                f"retention rule '{rule.id}' combines terms but has fewer than two",
                hint="list two or more terms, or remove combine",
            )
        for j, term in enumerate(rule.terms):
            if not term.stated:
                yield Problem(
                    ("retention", i, "terms", j),
                    "a retention term gives no period, end date or criteria",
                    hint='add period = "P6M", until = 2030-12-31 or criteria',
                )
            elif rule.combine is not None and term.period is None and term.until is None:
                # The notice would read "3 years or <a sentence>, whichever is earlier".
                yield Problem(
                    ("retention", i, "terms", j),
                    f"retention rule '{rule.id}' combines its terms by which ends "
                    f"{rule.combine.value}, but this term gives only criteria, which have no "
                    "end to compare",
                    hint='give the term a period (e.g. period = "P2W" with counted_from) or an '
                    "until date and keep the criteria as its explanation, or move the criteria "
                    "to a rule of their own",
                )
    decisions = register.decisions
    if decisions is not None and (decisions.used or decisions.profiling):
        for field in ("logic", "significance", "consequences"):
            if getattr(decisions, field) is None:
                yield Problem(
                    ("automated_decisions", field),
                    f"automated decisions or profiling are used but '{field}' is not described",
                    hint="GDPR 13(2)(f) requires the logic, significance and consequences",
                )


def _check_dpv_terms(register: Register) -> Iterable[Problem]:
    """A declared DPV term says no more than the category's own facts: a special-category term
    needs `special`, a criminal-data term `criminal`, or the JSON-LD would state an Art. 9(1)
    or Art. 10 category that the notice does not."""
    for i, category in enumerate(register.data_categories):
        for j, term in enumerate(category.dpv or []):
            loc: Loc = ("data_categories", i, "dpv", j)
            if term in SPECIAL_TERMS and category.special is None:
                yield Problem(
                    loc,
                    f"'{term}' is a special category of personal data (GDPR Art. 9(1)), but data "
                    f"category '{category.id}' is not marked special",
                    hint="add special = { category = …, condition = … } to the category, or "
                    "choose a term that is not a special category",
                )
            if term in CRIMINAL_TERMS and not category.criminal:
                yield Problem(
                    loc,
                    f"'{term}' is data on criminal convictions or offences (GDPR Art. 10), but "
                    f"data category '{category.id}' does not say it holds such data",
                    hint="add criminal = true to the category, or choose another term",
                )


def _check_translations(register: Register, unusable: frozenset[str]) -> Iterable[Problem]:
    languages = [lang for lang in register.languages if lang not in unusable]
    default = register.default_language
    for loc, text in iter_texts(register):
        # A text in a language rekisteri does not ship, which the notice does not declare either,
        # is a mistyped code ("sw" for sv) more often than a translation kept for later.
        for key in text.values:
            if key not in register.languages and key not in LANGUAGES:
                guess = nearest(key, [*register.languages, *LANGUAGES])
                yield Problem(
                    (*loc, key),
                    f"a text in '{key}', which is not one of the notice's languages "
                    f"({', '.join(register.languages)})",
                    hint=(f"did you mean '{guess}'? " if guess else "")
                    + f"or add '{key}' to notice.languages",
                )
        if isinstance(text, Name):
            continue
        missing = [
            lang
            for lang in languages
            if not text.has(lang) and not (text.plain is not None and lang == default)
        ]
        if missing:
            what = ", ".join(missing)
            example = ", ".join(f'{lang} = "…"' for lang in languages)
            yield Problem(
                loc,
                f"text is missing in {what}",
                hint=f"the notice is published in {', '.join(languages)}: write {{ {example} }}"
                f" at {format_loc(loc)}",
            )


# --- the [store] table against the rest of the register ----------------------------------


def check_store_mapping(register: Register) -> list[Problem]:
    """Errors in the `[store]` table that only the whole register reveals.

    A source naming an undeclared data category makes the access report impossible to write
    as the notice promises. (Headings missing a language are found with every other text.)
    """
    store = register.store
    if store is None:
        return []
    problems: list[Problem] = []
    declared = [category.id for category in register.data_categories]
    for i, source in enumerate(store.sources):
        if source.category not in declared:
            guess = nearest(source.category, declared)
            hint = f"did you mean '{guess}'? " if guess else ""
            problems.append(
                Problem(
                    ("store", "sources", i, "category"),
                    f"the store source '{source.describe()}' maps data category "
                    f"'{source.category}', which is not declared",
                    hint=hint + f"declared data categories: {', '.join(declared)}",
                )
            )
    problems += _group_problems(register, store, declared)
    rules = {rule.id: rule for rule in register.retention}
    for rule_id, clock in store.retention.items():
        loc = ("store", "retention", rule_id)
        rule = rules.get(rule_id)
        if rule is None:
            guess = nearest(rule_id, list(rules))
            hint = f"did you mean '{guess}'? " if guess else ""
            problems.append(
                Problem(
                    loc,
                    f"'{rule_id}' is not a declared retention rule",
                    hint=hint + f"declared retention rules: {', '.join(rules) or 'none'}",
                )
            )
        elif clock.period is None and all(term.period is None for term in rule.all_terms):
            problems.append(
                Problem(
                    loc,
                    f"retention rule '{rule_id}' has no period, so no date can be said to have "
                    "passed it",
                    hint='give the rule a period, or this table one: period = "P2Y"',
                )
            )
    return problems


def _group_problems(
    register: Register, store: StoreMapping, categories: list[str]
) -> list[Problem]:
    """Each group is a data-subject group the register declares, mapped once, and its
    category is a declared data category."""
    problems: list[Problem] = []
    declared = [group.id for group in register.data_subjects]

    def undeclared(loc: tuple[str | int, ...], group: str) -> None:
        guess = nearest(group, declared)
        hint = f"did you mean '{guess}'? " if guess else ""
        problems.append(
            Problem(
                loc,
                f"'{group}' is not a data-subject group the register declares",
                hint=hint + f"declared data_subjects: {', '.join(declared) or 'none'}",
            )
        )

    seen: dict[str, tuple[str | int, ...]] = {}
    if store.subject.group is not None:
        seen[store.subject.group] = ("store", "subject", "group")
        if store.subject.group not in declared:
            undeclared(("store", "subject", "group"), store.subject.group)
    for i, group in enumerate(store.groups):
        base = ("store", "groups", i)
        if group.group not in declared:
            undeclared((*base, "group"), group.group)
        elif group.group in seen:
            first = ".".join(str(part) for part in seen[group.group])
            problems.append(
                Problem(
                    (*base, "group"),
                    f"data-subject group '{group.group}' is mapped twice (also in {first})",
                    hint="map each group once; a request is searched in every group",
                )
            )
        seen.setdefault(group.group, (*base, "group"))
        if group.category not in categories:
            guess = nearest(group.category, categories)
            hint = f"did you mean '{guess}'? " if guess else ""
            problems.append(
                Problem(
                    (*base, "category"),
                    f"'{group.category}' is not a declared data category",
                    hint=hint + f"declared data categories: {', '.join(categories)}",
                )
            )
    return problems


def store_warnings(register: Register, gettext: Callable[[str], str] = str) -> list[Problem]:
    """Data categories the store mapping gives no source: an access bundle cannot show them.

    Only a register that has a `[store]` table is checked; one without it does not answer
    access requests from a store at all. ``gettext`` is the "status" catalog of the language
    the warnings are shown in (English as written by default).
    """
    _ = gettext
    store = register.store
    if store is None:
        return []
    mapped = {source.category for source in store.sources}
    return [
        Problem(
            ("data_categories", i, "id"),
            _(
                "data category '%(category)s' has no source in [store]; access bundles will "
                "not show this data"
            )
            % {"category": category.id},
            hint=_('add a [[store.sources]] table with category = "%(category)s"')
            % {"category": category.id},
        )
        for i, category in enumerate(register.data_categories)
        if category.id not in mapped
    ]
