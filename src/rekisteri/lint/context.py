"""Rules about the register's context and its consistency: what the kind of processing adds to the
law (working life, health), and statements of the notice that its own facts contradict.

The rules read the declared facts first (data-subject groups, purposes, special categories,
processors) and the free texts only for what has no structured home: a sentence such as
"Tietoja ei luovuteta" or a service named in passing. The text patterns are deliberately narrow
(each is tried on the corpus of real notices, tests/corpus): a finding that is not one costs the
reader's trust in the findings that are.

L40–L43 working life (Act 759/2004 on the Protection of Privacy in Working Life), L44–L47
consistency, L48–L49 health data a text reveals, L50 processors a text names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from rekisteri.documents.i18n import N_
from rekisteri.errors import Loc
from rekisteri.lint.engine import Hit, Severity, Term, lint_rule
from rekisteri.register.model import (
    ConsentModel,
    DataCategory,
    LegalBasis,
    Purpose,
    Register,
    SourceKind,
    SpecialCategory,
    State,
    Text,
    Transfers,
    iter_texts,
    state_of,
)
from rekisteri.register.rights import purpose_bases

# The Art. 9(1) categories as a message names them, in the lint's own catalog.
SPECIAL_CATEGORY_NAMES = {
    SpecialCategory.RACIAL_OR_ETHNIC_ORIGIN: N_("racial or ethnic origin"),
    SpecialCategory.POLITICAL_OPINIONS: N_("political opinions"),
    SpecialCategory.RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS: N_("religious or philosophical beliefs"),
    SpecialCategory.TRADE_UNION_MEMBERSHIP: N_("trade union membership"),
    SpecialCategory.GENETIC: N_("genetic data"),
    SpecialCategory.BIOMETRIC: N_("biometric data for identifying a person"),
    SpecialCategory.HEALTH: N_("health data"),
    SpecialCategory.SEX_LIFE_OR_ORIENTATION: N_("sex life or sexual orientation"),
}

# --- texts -----------------------------------------------------------------------------------


def _variants(text: Text | None) -> list[str]:
    """Every language version of a text: a heuristic must not depend on the reader's language."""
    if text is None:
        return []
    return list(text.values.values()) or ([text.plain] if text.plain else [])


def _search(pattern: re.Pattern[str], *texts: Text | None) -> str | None:
    """The first word in any language of ``texts`` that ``pattern`` matches in, as written: the
    whole word, so that a message quotes "ajanvarausjärjestelmässä" rather than a stem."""
    for text in texts:
        for value in _variants(text):
            match = pattern.search(value)
            if match:
                start, end = match.span()
                while start > 0 and value[start - 1].isalnum():
                    start -= 1
                while end < len(value) and (value[end].isalnum() or value[end] == "-"):
                    end += 1
                return value[start:end].rstrip("-")
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _sentences(text: Text) -> Iterator[str]:
    for value in _variants(text):
        yield from _SENTENCE_END.split(value)


# --- working life ----------------------------------------------------------------------------

# The Act applies to employees and, where it fits, to job applicants. Groups and
# purposes are recognised by their id and name only: a description such as "only our staff see the
# data" says nothing about whose data it is.
_EMPLOYED = re.compile(
    r"työntekij|henkilöstö|henkilökun|työsuhte|harjoittelij|"
    r"employee|\bstaff\b|personnel|workforce|trainee|"
    r"anställd|arbetstagar|praktikant",
    re.IGNORECASE,
)
_APPLICANT = re.compile(
    r"työn\s?hakij|\bhakij|rekrytoi|\bapplicant|recruit|arbetssökand|\bsökande\b|rekryter",
    re.IGNORECASE,
)
# A member, a grant or a flat is applied for too; "\bhakij" already leaves out "jäsenhakija".
_OTHER_APPLICANT = re.compile(
    r"(?:apura\w*|jäsen\w*|lainan|asunno\w*|opiskelu\w*|koulutukse\w*|avustukse\w*|tuen|"
    r"member\w*|grant|loan|scholarship|housing|student|medlem\w*|bostad\w*|stipendi\w*)"
    r"[\s-]+(?:hakij|applicant|sökand)",
    re.IGNORECASE,
)


def _is_applicant(item_id: str, name: Text) -> bool:
    labels = [item_id, *_variants(name)]
    return any(_APPLICANT.search(t) and not _OTHER_APPLICANT.search(t) for t in labels)


def _is_employed(item_id: str, name: Text) -> bool:
    return any(_EMPLOYED.search(t) for t in [item_id, *_variants(name)])


@dataclass(frozen=True)
class _Workforce:
    """Which groups and purposes of the register concern employees or job applicants."""

    employed: frozenset[str]
    applicants: frozenset[str]
    employment_purposes: frozenset[str]
    recruitment_purposes: frozenset[str]

    @classmethod
    def of(cls, register: Register) -> _Workforce:
        groups, purposes = register.data_subjects, register.purposes
        return cls(
            frozenset(g.id for g in groups if _is_employed(g.id, g.name)),
            frozenset(g.id for g in groups if _is_applicant(g.id, g.name)),
            frozenset(p.id for p in purposes if _is_employed(p.id, p.name)),
            frozenset(p.id for p in purposes if _is_applicant(p.id, p.name)),
        )

    @property
    def present(self) -> bool:
        return bool(
            self.employed | self.applicants | self.employment_purposes | self.recruitment_purposes
        )

    def _about(
        self, category: DataCategory, groups: frozenset[str], purposes: frozenset[str]
    ) -> bool:
        # The groups a category names decide; only a category that names none is judged by its
        # purposes.
        if category.subjects:
            return bool(groups.intersection(category.subjects))
        return bool(purposes.intersection(category.purposes))

    def concerns(self, category: DataCategory) -> bool:
        """Whether the category is about employees or applicants."""
        return self._about(
            category,
            self.employed | self.applicants,
            self.employment_purposes | self.recruitment_purposes,
        )

    def of_applicants(self, category: DataCategory) -> bool:
        return self._about(category, self.applicants, self.recruitment_purposes)


def _workforce_categories(register: Register) -> Iterator[tuple[int, DataCategory]]:
    workforce = _Workforce.of(register)
    if workforce.present:
        yield from ((i, c) for i, c in enumerate(register.data_categories) if workforce.concerns(c))


# Health data is often necessary (sick leave, fitness for work), and a trade-union
# membership is processed for collecting dues at the employee's request; the other categories an
# employer seldom needs at all.
_EMPLOYMENT_SPECIAL = {SpecialCategory.HEALTH, SpecialCategory.TRADE_UNION_MEMBERSHIP}

_NECESSITY = N_("Act on the Protection of Privacy in Working Life 759/2004, section 3")


@lint_rule(
    "L40",
    Severity.WARNING,
    _NECESSITY,
    N_("Employees' or applicants' data beyond what the employment needs"),
    example=(
        "[[data_categories]]\n"
        'id = "applications"\n'
        'name = { fi = "Hakemukset", en = "Applications" }\n'
        'description = { fi = "Hakemus, ansioluettelo ja yhteystiedot.", '
        'en = "Application, CV and contact details." }\n'
        'subjects = ["applicants"]\n'
        'purposes = ["recruitment"]'
    ),
)
def _employment_necessity(register: Register) -> Iterator[Hit]:
    # § 3: only data directly necessary for the employment, and the employee's consent does not
    # widen it. The lint cannot judge necessity; it names what an employer rarely needs.
    workforce = _Workforce.of(register)
    for i, category in _workforce_categories(register):
        special = category.special
        if special is not None and special.category not in _EMPLOYMENT_SPECIAL:
            yield Hit(
                ("data_categories", i, "special", "category"),
                N_(
                    "Data category '%(category)s' holds special-category data (%(kind)s) about "
                    "employees or applicants; an employer may process only data directly "
                    "necessary for the employment, and consent does not make other data so"
                ),
                N_("Remove the data, or say in the description why the employment needs it"),
                {"category": category.id, "kind": Term(SPECIAL_CATEGORY_NAMES[special.category])},
            )
        if category.hetu and workforce.of_applicants(category):
            yield Hit(
                ("data_categories", i, "hetu"),
                N_(
                    "Data category '%(category)s' holds job applicants' personal identity codes; "
                    "the code is needed only once someone is hired (pay, taxes, pension)"
                ),
                N_(
                    "Collect the identity code from the person hired, not from every applicant, "
                    "and remove hetu = true from the applicants' data"
                ),
                {"category": category.id},
                reference=N_("Act 759/2004, section 3; Data Protection Act 1050/2018, section 29"),
            )


_AUTHORITY_OR_LAW = re.compile(
    r"viranomai|verottaj|verohallin|\blain\b|\blaki|lakisäät|lainsää|"
    r"authorit|tax admin|\blaws?\b|statutory|legislation|"
    r"myndighet|skatteförvalt|\blag(?:en|stiftning)?\b",
    re.IGNORECASE,
)
_CONSENT_WORDS = re.compile(r"suostum|luvalla|consent|samtyck", re.IGNORECASE)
_BACKGROUND_CHECK = re.compile(
    r"luottotie|luottokelpoisuu|maksuhäiriö|rikosrekister|rikostausta|"
    r"credit (?:check|record|information|report|history)|creditworth|"
    r"criminal (?:record|background)|"
    r"kreditupplysning|betalningsanmärk|brottsregist|straffregist",
    re.IGNORECASE,
)
_ACT_NUMBER = re.compile(r"(?<!\d)\d{1,4}/(?:19|20)\d\d(?!\d)")

_SOURCES = N_("Act on the Protection of Privacy in Working Life 759/2004, section 4")


@lint_rule(
    "L41",
    Severity.WARNING,
    _SOURCES,
    N_("Employees' or applicants' data from others without consent or law"),
    example=(
        "[[sources]]\n"
        'id = "referees"\n'
        'kind = "third-party"\n'
        'name = { fi = "Hakijan nimeämät suosittelijat", en = "Referees the applicant names" }\n'
        'description = { fi = "Vain hakijan suostumuksella.", '
        'en = "Only with the applicant\'s consent." }'
    ),
)
def _employment_sources(register: Register) -> Iterator[Hit]:
    # § 4: data is collected from the person; from elsewhere only with their consent, except what
    # an authority gives under the law and the credit and criminal-record checks the law allows.
    sources = {s.id: s for s in register.sources}
    for i, category in _workforce_categories(register):
        for j, source_id in enumerate(category.sources):
            source = sources.get(source_id)
            if source is None or source.kind not in (SourceKind.THIRD_PARTY, SourceKind.PUBLIC):
                continue
            texts = (source.name, source.description)
            if _search(_AUTHORITY_OR_LAW, *texts) or _search(_CONSENT_WORDS, *texts):
                continue
            yield Hit(
                ("data_categories", i, "sources", j),
                N_(
                    "Data category '%(category)s' about employees or applicants comes from "
                    "'%(source)s', not from the person, and the notice does not say that the "
                    "person consents to it"
                ),
                N_(
                    "Collect the data from the person, or say in the source's description that "
                    "it is collected only with the person's consent (or under which law)"
                ),
                {"category": category.id, "source": source_id},
            )
        yield from _background_check(register, i, category)


def _background_check(register: Register, i: int, category: DataCategory) -> Iterator[Hit]:
    texts = [category.name, category.description]
    texts += [s.description for s in register.sources if s.id in category.sources]
    texts += [s.name for s in register.sources if s.id in category.sources]
    found = _search(_BACKGROUND_CHECK, *texts)
    if not (found or category.criminal) or _search(_ACT_NUMBER, *texts):
        return
    yield Hit(
        ("data_categories", i, "criminal" if category.criminal else "name"),
        N_(
            "Data category '%(category)s' holds credit or criminal-record data about employees "
            "or applicants, which an employer may process only where a law provides for it, "
            "and the notice names no law"
        ),
        N_(
            "Name the act in the description, e.g. the Act on Checking the Criminal Background "
            "of Persons Working with Children 504/2002, or remove the data"
        ),
        {"category": category.id},
    )


_PERSONAL_ASSESSMENT = re.compile(
    r"soveltuvuus\w*(?:testi|arvi)|persoonallisuus\w*(?:testi|arvi)|henkilöarvi|"
    r"psykologi\w*\s+(?:testi|testaus|arvi)|"
    r"aptitude\s+(?:test|assessment)|personality\s+(?:test|assessment|questionnaire)|"
    r"psychometric|psychological\s+(?:test|assessment)|"
    r"lämplighets(?:test|bedömning)|personlighets(?:test|bedömning)|personbedömning",
    re.IGNORECASE,
)


def _first_field(name: Text, description: Text | None) -> tuple[str, str | None]:
    """Which of a name and a description mentions a personal assessment, and how."""
    found = _search(_PERSONAL_ASSESSMENT, name)
    if found:
        return "name", found
    return "description", _search(_PERSONAL_ASSESSMENT, description)


def _purpose_has_consent(register: Register, purpose: Purpose) -> bool:
    return LegalBasis.CONSENT in purpose_bases(register, purpose) or bool(
        _search(_CONSENT_WORDS, purpose.name, purpose.description, purpose.basis_details)
    )


@lint_rule(
    "L42",
    Severity.WARNING,
    N_("Act on the Protection of Privacy in Working Life 759/2004, section 13"),
    N_("Personality or aptitude tests without consent"),
    example=(
        "[[purposes]]\n"
        'id = "aptitude-assessment"\n'
        'name = { fi = "Soveltuvuusarviointi", en = "Aptitude assessment" }\n'
        'description = { fi = "Vain hakijan suostumuksella; hakija saa arvioinnin lausunnon '
        'maksutta.", en = "Only with the applicant\'s consent; the applicant gets the '
        "assessment's statement free of charge.\" }\n"
        'legal_basis = "consent"'
    ),
)
def _personal_assessments(register: Register) -> Iterator[Hit]:
    # § 13: personality and aptitude tests only with the person's consent.
    if not _Workforce.of(register).present:
        return
    by_id = {p.id: p for p in register.purposes}
    for i, purpose in enumerate(register.purposes):
        key, found = _first_field(purpose.name, purpose.description)
        if found and not _purpose_has_consent(register, purpose):
            yield Hit(
                ("purposes", i, key),
                N_(
                    "Purpose '%(item)s' mentions '%(test)s', but personality and aptitude "
                    "tests may be done only with the person's consent, and the notice does "
                    "not say so"
                ),
                N_("Rest the tests on consent and say so in the description"),
                {"item": purpose.id, "test": found},
            )
    for i, category in enumerate(register.data_categories):
        key, found = _first_field(category.name, category.description)
        if not found or _search(_CONSENT_WORDS, category.description):
            continue
        purposes = [by_id[p] for p in category.purposes if p in by_id]
        if any(_purpose_has_consent(register, p) for p in purposes):
            continue
        yield Hit(
            ("data_categories", i, key),
            N_(
                "Data category '%(item)s' mentions '%(test)s', but personality and aptitude "
                "tests may be done only with the person's consent, and the notice does not say so"
            ),
            N_("Rest the tests on consent and say so in the description"),
            {"item": category.id, "test": found},
        )


@lint_rule(
    "L43",
    Severity.INFO,
    N_("GDPR 5(1)(e); Non-Discrimination Act 1325/2014; Equality Act 609/1986"),
    N_("Applicants' data without a retention period of its own"),
    example=(
        "[[retention]]\n"
        'id = "applicants"\n'
        "# check the time in which a rejected applicant can bring a discrimination claim\n"
        'period = "P1Y"\n'
        'counted_from = { fi = "rekrytoinnin päättymisestä", en = "the end of the recruitment" }'
    ),
)
def _applicant_retention(register: Register) -> Iterator[Hit]:
    # A rejected applicant's data is needed after the recruitment only to answer a discrimination
    # claim: it is kept for the time such a claim can be brought and then deleted. That time is
    # not stated here, as it could not be checked against the acts: the rule asks for a period of
    # the applicants' own. A category without any retention is L06's.
    workforce = _Workforce.of(register)
    if not (workforce.applicants or workforce.recruitment_purposes):
        return
    categories = register.data_categories
    rules = {r.id: r for r in register.retention}
    for i, category in enumerate(categories):
        own = [rules[r] for r in category.retention_ids if r in rules]
        if not own or not workforce.of_applicants(category):
            continue
        shared = next(
            (
                other.id
                for other in categories
                if not workforce.of_applicants(other)
                and set(other.retention_ids) & {r.id for r in own}
            ),
            None,
        )
        params = {"category": category.id}
        if shared is not None:
            yield Hit(
                ("data_categories", i, "retention"),
                N_(
                    "Job applicants' data in '%(category)s' is kept under the same retention "
                    "rule as '%(other)s', which is not about applicants; applicants' data is "
                    "kept only as long as a discrimination claim can be brought"
                ),
                N_(
                    "Give the applicants' data a [[retention]] rule of its own, with a period "
                    "counted from the end of the recruitment"
                ),
                {**params, "other": shared},
                severity=Severity.WARNING,
            )
        elif not any(t.period or t.until for r in own for t in r.all_terms):
            yield Hit(
                ("data_categories", i, "retention"),
                N_(
                    "Job applicants' data in '%(category)s' has no retention period; it is kept "
                    "only as long as a discrimination claim can be brought, and then deleted"
                ),
                N_(
                    "Add period and counted_from to the applicants' retention rule: the time in "
                    "which a rejected applicant can bring a discrimination claim"
                ),
                params,
            )


# --- consistency between statements and facts -------------------------------------------------

_NO_DISCLOSURE = re.compile(
    r"\bei\s+(?:\w+\s+){0,2}luovuteta\b|\bemme\s+(?:\w+\s+){0,2}luovuta\b|"
    r"\bei\s+(?:\w+\s+){0,2}jaeta\s+(?:kolmansille|ulkopuolisille)|"
    r"\b(?:not|never)\s+(?:be\s+)?(?:disclosed|shared|passed on)\b|"
    r"\b(?:do|does|will)\s+not\s+(?:disclose|share|pass on)\b|\bdon't\s+(?:disclose|share)\b|"
    r"\bno\s+(?:personal\s+)?(?:data|information)\s+(?:is|are|will be)\s+(?:disclosed|shared)|"
    r"lämnas\s+(?:inte|ej)\s+ut|(?:inte|ej)\s+lämnas\s+ut|lämnar\s+(?:inte|ej)\s+ut|"
    r"överlåts\s+(?:inte|ej)",
    re.IGNORECASE,
)
# A sentence that names its exceptions or its scope ("except to the authorities", "for marketing
# purposes", "regularly") does not deny every disclosure.
_QUALIFIED = re.compile(
    r"paitsi|lukuun ottamatta|\bellei|\bilman\b|\bkuin\b|\bvain\b|ainoastaan|poikkeu|tarkoitu|"
    r"säännönmukai|markkinoin|pyynnö|"
    r"except|unless|other than|without|\bonly\b|apart from|\bsave\b|purpose|marketing|regular|"
    r"\butom\b|förutom|annat än|\butan\b|endast|såvida|ändamål|marknadsför|regelbund",
    re.IGNORECASE,
)
# "Tietoja ei luovuteta EU:n ulkopuolelle" is about transfers, not about recipients.
_EEA = re.compile(r"\bEU\b|\bEU:|\bETA\b|\bETA-|\bEEA\b|\bEES\b|Euroop|Europ", re.IGNORECASE)
_ANYONE = re.compile(
    r"kolma|ulkopuolis|eteenpäin|muille|third|outside part|anyone|others|tredje|utomstående",
    re.IGNORECASE,
)


def _denies_disclosure(text: Text) -> bool:
    for sentence in _sentences(text):
        if not _NO_DISCLOSURE.search(sentence) or _QUALIFIED.search(sentence):
            continue
        if _EEA.search(sentence) and not _ANYONE.search(sentence):
            continue
        return True
    return False


def _statements(register: Register) -> Iterator[tuple[Loc, Text]]:
    """The free sentences a notice says something in outside its structured sections."""
    if register.description is not None:
        yield ("description",), register.description
    if register.notes is not None:
        yield from iter_texts(register.notes, ("notes",))
    for i, section in enumerate(register.sections):
        yield ("sections", i, "text"), section.text
    transfers = register.transfers
    if isinstance(transfers, Transfers) and transfers.statement is not None:
        yield ("transfers", "statement"), transfers.statement


@lint_rule(
    "L44",
    Severity.WARNING,
    N_("GDPR 5(1)(a), 12(1), 13(1)(e)"),
    N_("'No disclosures' beside a list of recipients"),
    example=(
        "[notes]\n"
        'recipients = { fi = "Tietoja ei luovuteta muille kuin yllä mainituille '
        'vastaanottajille.", en = "No data is disclosed to anyone but the recipients above." }'
    ),
)
def _no_disclosure_with_recipients(register: Register) -> Iterator[Hit]:
    recipients = register.recipient_list
    if not recipients:
        return
    first = recipients[0].name.get(register.default_language)
    for loc, text in _statements(register):
        if _denies_disclosure(text):
            yield Hit(
                loc,
                N_(
                    "The text says that the data is not disclosed to anyone, but the notice "
                    "lists recipients, such as '%(recipient)s'"
                ),
                N_(
                    "Remove the sentence, or say to whom the data is disclosed, so that it "
                    "agrees with the [[recipients]]"
                ),
                {"recipient": first},
            )


_NO_PROFILING = re.compile(
    r"\b(?:ei|emme|en|enkä|eikä)\b[^.]{0,60}profiloi|profilointia\s+ei|"
    r"\b(?:no|not|never)\b[^.]{0,60}profiling|"
    r"\b(?:ingen|inte|ej)\b[^.]{0,60}profiler",
    re.IGNORECASE,
)
_TARGETING = re.compile(
    r"kohdenn|kohdistet\w*\s+(?:markkinoin|mainon)|segment|"
    r"\btarget(?:ed|ing|s)?\b|personali[sz]ed\s+(?:ads|advertising|marketing|offers)|"
    r"riktad|målgruppsanpass|personanpass",
    re.IGNORECASE,
)
_MARKETING_TRACKER = re.compile(
    r"markkinoin|mainon|mainos|kohdenn|advertis|marketing|remarketing|retarget|\bads?\b|pixel|"
    r"annons|marknadsför",
    re.IGNORECASE,
)


def _no_profiling_at(register: Register) -> Loc | None:
    """Where the notice says that no profiling is done, if it says so."""
    value = register.automated_decisions
    if state_of(value) is State.NONE:
        return ("automated_decisions",)
    decisions = register.decisions
    if decisions is None:
        return None
    if decisions.profiling is False:
        return ("automated_decisions", "profiling")
    if decisions.profiling is None and _search(_NO_PROFILING, decisions.statement):
        return ("automated_decisions", "statement")
    return None


def _targeting(register: Register) -> tuple[str, dict[str, str]] | None:
    """The first fact that describes targeted marketing or segmentation, as a message."""
    for purpose in register.purposes:
        texts = [purpose.name, purpose.description, purpose.legitimate_interest]
        texts += [b.interest for b in purpose.bases] + [b.details for b in purpose.bases]
        if _search(_TARGETING, *texts):
            return (
                N_(
                    "Purpose '%(purpose)s' describes targeted marketing or segmentation, which "
                    "is profiling, but the notice says that no profiling is done"
                ),
                {"purpose": purpose.id},
            )
    for use in register.bases:
        if _search(_TARGETING, use.interest, use.details):
            return (
                N_(
                    "A legal basis of the register describes targeted marketing or segmentation, "
                    "which is profiling, but the notice says that no profiling is done"
                ),
                {},
            )
    marketing = register.marketing
    if marketing is not None and _search(_TARGETING, marketing.description):
        return (
            N_(
                "The direct marketing is targeted or segmented, which is profiling, but the "
                "notice says that no profiling is done"
            ),
            {},
        )
    for cookie in register.cookie_list:
        if cookie.necessary is False and (
            _search(_MARKETING_TRACKER, cookie.purpose)
            or _MARKETING_TRACKER.search(f"{cookie.name or ''} {cookie.provider or ''}")
        ):
            label = cookie.name or cookie.purpose.get(register.default_language)
            return (
                N_(
                    "Cookie '%(cookie)s' tracks visitors for marketing, which is profiling, but "
                    "the notice says that no profiling is done"
                ),
                {"cookie": label},
            )
    return None


@lint_rule(
    "L45",
    Severity.WARNING,
    N_("GDPR 4(4), 13(2)(f), 21(2)"),
    N_("'No profiling' beside targeted marketing"),
    example=(
        "[automated_decisions]\n"
        "used = false\n"
        "profiling = true\n"
        'logic = { fi = "Tarjoukset valitaan ostohistorian perusteella.", '
        'en = "Offers are chosen by purchase history." }\n'
        'significance = { fi = "Saat tarjouksia, jotka vastaavat ostojasi.", '
        'en = "You get offers that match your purchases." }\n'
        'consequences = { fi = "Et saa kaikkia tarjouksia; voit kieltää kohdentamisen.", '
        'en = "You do not get every offer; you can object to the targeting." }'
    ),
)
def _no_profiling_with_targeting(register: Register) -> Iterator[Hit]:
    at = _no_profiling_at(register)
    if at is None:
        return
    evidence = _targeting(register)
    if evidence is not None:
        message, params = evidence
        yield Hit(
            at,
            message,
            N_(
                "Say that profiling is done (profiling = true) and what it is, or remove the "
                "targeting"
            ),
            params,
        )


# Legal forms after or before a name: the controller is an organisation, not a person.
_ORGANISATION = re.compile(
    r"\b(?:oyj?|ab|abp|ky|ay|ry|rf|r\.y|osk|ltd|limited|gmbh|inc|llc|plc|oü)\b|"
    r"osakeyhtiö|yhdistys|säätiö|osuuskunta|kommandiittiyhtiö|avoin yhtiö|aktiebolag|förening|"
    r"stiftelse|kuntayhtymä|hyvinvointialue|kaupunki|\bkunta\b|\bstad\b|kommun|virasto|"
    r"ministeriö|seurakunta|municipality|\bcity of\b",
    re.IGNORECASE,
)
_SOLE_TRADER = re.compile(r"\btmi\b|toiminimi|enskild firma|sole trader", re.IGNORECASE)


def _normal(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name).casefold().split())


def _organisation(register: Register) -> bool:
    name = register.controller.name
    return bool(_ORGANISATION.search(name)) and not _SOLE_TRADER.search(name)


@lint_rule(
    "L46",
    Severity.WARNING,
    N_("GDPR 37(5), 38(3), 38(6)"),
    N_("The controller named as its own data protection officer"),
    example=(
        "[dpo]\n"
        'name = "Tietosuojapalvelu Esimerkki Oy"\n'
        'title = { fi = "Tietosuojavastaava", en = "Data protection officer" }\n'
        'email = "tietosuojavastaava@example.fi"'
    ),
)
def _dpo_is_controller(register: Register) -> Iterator[Hit]:
    # A DPO is a person (or a service contract) independent of the controller's decisions
    # (Art. 38(3), 38(6)). A sole trader who calls themself "tietosuojavastaava" is left alone: a
    # natural person rarely needs a DPO, and the lint cannot tell a DPO from a privacy contact.
    dpo, controller = register.dpo, register.controller
    if dpo is None or not _organisation(register):
        return
    names = {_normal(controller.name), *(_normal(v) for v in _variants(controller.names))}
    params = {"name": controller.name}
    if dpo.name is not None and _normal(dpo.name) in names:
        yield Hit(
            ("dpo", "name"),
            N_(
                "The data protection officer is '%(name)s', the controller itself; a DPO is a "
                "person independent of the controller's decisions on the processing"
            ),
            N_(
                "Name the person or the service appointed as DPO, or remove [dpo] if none is "
                "appointed and give the contact in [contact]"
            ),
            params,
        )
    elif (
        dpo.email is not None
        and controller.email is not None
        and dpo.email.casefold() == controller.email.casefold()
    ):
        yield Hit(
            ("dpo", "email"),
            N_(
                "The data protection officer's email is the controller's general address "
                "'%(email)s'; people must be able to reach the DPO directly and in confidence"
            ),
            N_("Give the DPO an address of their own, e.g. tietosuojavastaava@…"),
            {"email": dpo.email},
            severity=Severity.INFO,
            reference=N_("GDPR 38(4), 38(5)"),
        )


# Public mailbox services: an address there is a person's or a small business's own mailbox, not
# another organisation's domain. (Their provider is a processor: L50.)
_MAILBOX_PROVIDERS = {
    "gmail.com": "Gmail",
    "googlemail.com": "Gmail",
    "outlook.com": "Outlook.com",
    "outlook.fi": "Outlook.com",
    "hotmail.com": "Outlook.com",
    "hotmail.fi": "Outlook.com",
    "live.com": "Outlook.com",
    "live.fi": "Outlook.com",
    "msn.com": "Outlook.com",
    "yahoo.com": "Yahoo Mail",
    "yahoo.fi": "Yahoo Mail",
    "icloud.com": "iCloud Mail",
    "me.com": "iCloud Mail",
    "mac.com": "iCloud Mail",
    "protonmail.com": "Proton Mail",
    "proton.me": "Proton Mail",
    "pm.me": "Proton Mail",
}
_MAILBOX_DOMAINS = {
    *_MAILBOX_PROVIDERS,
    "aol.com",
    "gmx.com",
    "gmx.net",
    "mail.com",
    "luukku.com",
    "suomi24.fi",
    "elisanet.fi",
    "saunalahti.fi",
    "kolumbus.fi",
    "welho.com",
    "dnainternet.net",
    "netti.fi",
    "pp.inet.fi",
    "surffi.fi",
}


def _emails(register: Register) -> Iterator[tuple[Loc, str]]:
    """Every email address the notice gives for reaching the controller, with its key."""
    controller = register.controller
    if controller.email:
        yield ("controller", "email"), controller.email
    for i, channel in enumerate(controller.more_contacts):
        if channel.email:
            yield ("controller", "more_contacts", i, "email"), channel.email
    for section in ("contact", "dpo"):
        person = getattr(register, section)
        if person is not None and person.email:
            yield (section, "email"), person.email


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].casefold()


def _same_site(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


@lint_rule(
    "L47",
    Severity.INFO,
    N_("GDPR 12(1), 13(1)(a)"),
    N_("Contact address on another domain than the website"),
    example=('[controller]\nwebsite = "https://www.example.fi"\nemail = "tietosuoja@example.fi"'),
)
def _contact_domain(register: Register) -> Iterator[Hit]:
    website = register.controller.website
    if website is None:
        return
    host = (urlsplit(website).hostname or "").casefold().removeprefix("www.")
    if not host:
        return
    for loc, email in _emails(register):
        domain = _domain(email)
        if domain in _MAILBOX_DOMAINS or _same_site(domain, host):
            continue
        yield Hit(
            loc,
            N_(
                "The address '%(email)s' is on another domain than the controller's website "
                "%(website)s, so a reader cannot tell that it reaches the controller"
            ),
            N_("Use an address on the website's domain, or say whose address it is"),
            {"email": email, "website": host},
        )


# --- health data that a text reveals ---------------------------------------------------------

_HEALTH_HINT = re.compile(
    r"allerg|yliherkk|reaktio|asiakasturvallisuu|terveystie|terveydentil|lääkit|raskau|sairau|"
    r"hypersensitiv|(?:allergic|adverse|skin)\s+reactions?|medication|medical|pregnan|"
    r"health\s+(?:data|information|condition|status)|state of health|(?:customer|client)\s+safety|"
    r"överkänslig|reaktion|medicin|graviditet|gravid|hälsouppgift|hälsotillstånd|sjukdom|"
    r"kundsäkerhet",
    re.IGNORECASE,
)
# A dog hotel's "medication" is the dog's.
_ANIMAL = re.compile(
    r"lemmik|koira|kissa|eläim|hevo|\bpets?\b|\bdogs?\b|\bcats?\b|animal|horse|husdjur|\bhund|"
    r"\bkatt|\bdjur|häst",
    re.IGNORECASE,
)


@lint_rule(
    "L48",
    Severity.ERROR,
    N_("GDPR 9(2); Data Protection Act 1050/2018, section 6"),
    N_("Health data not marked as special-category data"),
    example=(
        "[[data_categories]]\n"
        'id = "allergies"\n'
        'name = { fi = "Allergiat ja yliherkkyydet", en = "Allergies and hypersensitivities" }\n'
        'special = { category = "health", condition = "explicit_consent" }'
    ),
)
def _health_hints(register: Register) -> Iterator[Hit]:
    # A health-care provider's categories are L04's (sources) and L06's (patient records).
    if register.controller.health_care_provider:
        return
    for i, category in enumerate(register.data_categories):
        special = category.special
        if special is not None and special.category is SpecialCategory.HEALTH:
            continue
        if _search(_ANIMAL, category.name, category.description):
            continue
        for key, text in (("name", category.name), ("description", category.description)):
            found = _search(_HEALTH_HINT, text)
            if found:
                yield Hit(
                    ("data_categories", i, key),
                    N_(
                        "Data category '%(category)s' mentions '%(word)s', which is health "
                        "data, but it is not marked as special-category data; a business that "
                        "is not a health-care provider needs the person's explicit consent"
                    ),
                    N_(
                        'Add special = { category = "health", condition = "explicit_consent" } '
                        "to the category, and ask for that consent"
                    ),
                    {"category": category.id, "word": found},
                )
                break


_THERAPY = re.compile(r"terapi|therap|psykolog|psycholog", re.IGNORECASE)


def _care_context(register: Register) -> bool:
    """Whether being in the register itself reveals something about a person's health."""
    if register.controller.health_care_provider:
        return True
    texts = [register.name, register.description]
    texts += [t for p in register.purposes for t in (p.name, p.description)]
    return bool(_search(_THERAPY, *texts))


@lint_rule(
    "L49",
    Severity.WARNING,
    N_("GDPR 9(1), 9(2)(a); CJEU C-184/20"),
    N_("Marketing to a care provider's clients without explicit consent"),
    example=(
        "[[purposes]]\n"
        'id = "offers"\n'
        'name = { fi = "Tarjoukset", en = "Offers" }\n'
        'legal_basis = "consent"\n'
        "direct_marketing = true\n"
        "\n"
        "[direct_marketing]\n"
        'channels = ["email"]\n'
        'consent_model = "prior_consent"'
    ),
)
def _care_clients_marketing(register: Register) -> Iterator[Hit]:
    # Being a therapist's client reveals health (C-184/20: data that reveals a special category
    # indirectly is special-category data). Marketing to the client list therefore needs the
    # client's explicit consent (9(2)(a)); Tietosuojalaki § 6 covers care, not marketing. A
    # marketing purpose that rests on consent given in advance is taken as that consent; one on
    # legitimate interests or the soft opt-in cannot be.
    if not _care_context(register):
        return
    marketing = register.marketing
    soft = marketing is not None and marketing.consent_model is ConsentModel.SOFT_OPT_IN
    direct = [p for p in register.purposes if p.direct_marketing]
    for purpose in direct:
        if LegalBasis.CONSENT in purpose_bases(register, purpose) and not soft:
            continue
        for i, category in enumerate(register.data_categories):
            special = category.special
            if purpose.id not in category.purposes or (
                special is not None and special.category is SpecialCategory.HEALTH
            ):
                continue
            yield Hit(
                ("data_categories", i, "purposes", category.purposes.index(purpose.id)),
                N_(
                    "Data category '%(category)s' is used for direct marketing ('%(purpose)s'); "
                    "being a client of a care provider reveals health, so marketing to the "
                    "clients needs their explicit consent"
                ),
                N_(
                    'Rest the marketing on the clients\' explicit consent: legal_basis = "consent" '
                    'for the purpose and consent_model = "prior_consent"'
                ),
                {"category": category.id, "purpose": purpose.id},
            )
    if soft and not direct:
        yield Hit(
            ("direct_marketing", "consent_model"),
            N_(
                "Direct marketing rests on the soft opt-in, but being a client of a care "
                "provider reveals health, so marketing to the clients needs their explicit "
                "consent"
            ),
            N_('Use consent_model = "prior_consent" and ask the clients\' explicit consent'),
        )


# --- processors a text names -----------------------------------------------------------------

_SERVICE = re.compile(
    r"sähköpostipalvel|pilvipalvel|pilvitallenn|pilve(?:ssä|en)|\bpilvi\b|palveli(?:n|m)\w*|"
    r"webhotelli|verkkohotelli|uutiskirje|ajanvaraus\w*järjestelm|ajanvarausohjelm|"
    r"ajanvarauspalvel|netti-?ajanvarau|verkkoajanvarau|maksupalvel|maksunvälity|verkkomaksu|"
    r"verkkokauppa-?alust|"
    r"e-?mail\s+(?:service|provider|server|hosting)|\bcloud\b|web\s?host|\bhosting\b|\bhosted\b|"
    r"newsletter|booking\s+(?:system|software|service|platform|calendar)|online\s+booking|"
    r"payment\s+(?:service|provider|system|processor|gateway|platform)|\bserver(?:s|n|ar)?\b|"
    r"e-?commerce\s+platform|"
    r"e-posttjänst|molntjänst|\bmoln\w*|webbhotell|nyhetsbrev|bokningssystem|onlinebokning|"
    r"betaltjänst|betalningstjänst|betalningsförmedl",
    re.IGNORECASE,
)
# Brand names are matched with their capitals: "outlook" and "stripe" are also ordinary words.
_BRAND = re.compile(
    r"\b(?:Gmail|Outlook|Hotmail|Microsoft 365|Office 365|Google Workspace|G Suite|Google Drive|"
    r"OneDrive|Dropbox|iCloud|Mailchimp|MailChimp|MailerLite|Sendinblue|Brevo|Timma|Vello|"
    r"Paytrail|Stripe|Klarna|PayPal|Wix|Squarespace|Shopify|WordPress|WooCommerce|Zoner|"
    r"Hostinger|Booksy|Fresha)\b"
)
_OWN_SERVER = re.compile(
    r"\boma(?:lla|lle|ssa|n)?\s+palveli|\bown\s+servers?|\begen\s+server", re.IGNORECASE
)
# Texts where a service is no sign of a missing processor: recipients and processors are listed
# already, cookies have rules of their own, joint controllers and processing for others are not
# the controller's processors.
_NOT_PROCESSOR_TEXTS = {
    "recipients",
    "processors",
    "cookies",
    "joint_controllers",
    "acting_as_processor",
    "store",
    "lint",
}


def named_service(text: Text) -> str | None:
    brand = _search(_BRAND, text)
    if brand:
        return brand
    found = _search(_SERVICE, text)
    if found and re.search(r"palveli|server", found, re.IGNORECASE) and _search(_OWN_SERVER, text):
        return None
    return found


def _sensitive(register: Register) -> bool:
    return any(c.special or c.criminal or c.hetu for c in register.data_categories)


@lint_rule(
    "L50",
    Severity.WARNING,
    N_("GDPR 28, 13(1)(e)"),
    N_("A service named in the text, but no processor listed"),
    example=(
        "[[processors]]\n"
        'id = "email"\n'
        'name = "Google Ireland Ltd (Gmail)"\n'
        'role = { fi = "Sähköpostipalvelu", en = "Email service" }\n'
        'country = "IE"\n'
        "agreement = true"
    ),
)
def _services_without_processor(register: Register) -> Iterator[Hit]:
    # An email, cloud, hosting, newsletter, booking or payment service processes the data on the
    # controller's behalf (Art. 28); a notice that names one and lists no processor leaves it out.
    # Special-category data or identity codes make the omission an error.
    if register.processor_list:
        return
    severity = Severity.ERROR if _sensitive(register) else None
    hint = (
        N_(
            'processors = "none" says that no one processes the data on the controller\'s behalf; '
            "replace it with [[processors]] for the provider, with its country"
        )
        if register.processors is not None
        else N_("Add [[processors]] for the provider, with its name, role and country")
    )
    for loc, email in _emails(register):
        provider = _MAILBOX_PROVIDERS.get(_domain(email))
        if provider is not None:
            yield Hit(
                loc,
                N_(
                    "The address '%(email)s' is at %(service)s, whose provider processes the "
                    "messages on the controller's behalf, but no processor is listed"
                ),
                hint,
                {"email": email, "service": provider},
                severity=severity,
            )
    for loc, text in iter_texts(register):
        if loc[0] in _NOT_PROCESSOR_TEXTS:
            continue
        service = named_service(text)
        if service is not None:
            yield Hit(
                loc,
                N_(
                    "The text names '%(service)s', a service that processes the data on the "
                    "controller's behalf, but no processor is listed"
                ),
                hint,
                {"service": service},
                severity=severity,
            )
