"""The register description: one validated model of one personal-data register.

Every section of a privacy notice (GDPR Art. 13/14), of a Finnish 2018-style rekisteriseloste and of
an Art. 30 record reads from this model. What the law requires but an old notice may lack (a legal
basis, retention, the rights section) is optional here so that a faithful transcription loads; the
lint reports such gaps. What any notice needs to make sense is required.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    PrivateAttr,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from rekisteri.register.base import LANGUAGES as LANGUAGES
from rekisteri.register.base import Id, Language, Model, parse_phone
from rekisteri.register.base import Text as Text
from rekisteri.register.store_mapping import StoreMapping
from rekisteri.register.tomlpos import SourceMap, position_of
from rekisteri.register.vocabulary import MarketingChannel as MarketingChannel

# EU member states plus Iceland, Liechtenstein and Norway: a transfer anywhere else is a
# third-country transfer under GDPR Chapter V.
EEA_COUNTRIES = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO"),
    }
)


# --- checked scalar types ------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]{2,}$")
_DURATION = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError(
            "email", "'{value}' is not an email address like name@example.fi", {"value": value}
        )
    return value


def _check_phone(value: str) -> str:
    if parse_phone(value) is None:
        raise PydanticCustomError(
            "phone",
            "'{value}' is not a valid phone number; write e.g. 045 123 4567 or +358 45 123 4567",
            {"value": value},
        )
    return value


def _check_business_id(value: str) -> str:
    # stdnum is loaded only for a register that gives a business ID, not by every validate.
    from stdnum.exceptions import ValidationError
    from stdnum.fi import ytunnus

    try:
        return str(ytunnus.format(ytunnus.validate(value)))
    except ValidationError as exc:
        raise PydanticCustomError(
            "business_id",
            "'{value}' is not a valid Finnish business id (Y-tunnus): {reason}",
            {"value": value, "reason": str(exc).rstrip(".").lower()},
        ) from None


def _check_duration(value: str) -> str:
    if not _DURATION.match(value):
        raise PydanticCustomError(
            "duration",
            "'{value}' is not an ISO 8601 period in years, months, weeks or days, "
            "e.g. P6Y (six years), P3M (three months), P1Y6M",
            {"value": value},
        )
    return value


def parse_duration(value: str) -> tuple[int, int, int]:
    """Split an ISO 8601 period into (years, months, days); weeks count as seven days."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(value)
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return years, months, weeks * 7 + days


Email = Annotated[str, AfterValidator(_check_email), Field(json_schema_extra={"format": "email"})]
Phone = Annotated[str, AfterValidator(_check_phone)]
BusinessId = Annotated[str, AfterValidator(_check_business_id)]
Duration = Annotated[
    str,
    AfterValidator(_check_duration),
    Field(json_schema_extra={"pattern": _DURATION.pattern}),
]
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description="ISO 3166-1 alpha-2 country code, e.g. FI, SE, US."),
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


# --- enumerations --------------------------------------------------------------------------


class Layout(StrEnum):
    """How the notice is laid out."""

    TIETOSUOJASELOSTE = "tietosuojaseloste"
    REKISTERISELOSTE = "rekisteriseloste"


class LegalBasis(StrEnum):
    """The lawful basis of GDPR Art. 6(1), points (a) to (f)."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"

    @property
    def article(self) -> str:
        point = "abcdef"[list(LegalBasis).index(self)]
        return f"GDPR 6(1)({point})"


class SpecialCategory(StrEnum):
    """The special categories of personal data of GDPR Art. 9(1)."""

    RACIAL_OR_ETHNIC_ORIGIN = "racial_or_ethnic_origin"
    POLITICAL_OPINIONS = "political_opinions"
    RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS = "religious_or_philosophical_beliefs"
    TRADE_UNION_MEMBERSHIP = "trade_union_membership"
    GENETIC = "genetic"
    BIOMETRIC = "biometric"
    HEALTH = "health"
    SEX_LIFE_OR_ORIENTATION = "sex_life_or_orientation"


class Art9Condition(StrEnum):
    """The exceptions of GDPR Art. 9(2), points (a) to (j)."""

    EXPLICIT_CONSENT = "explicit_consent"
    EMPLOYMENT_AND_SOCIAL_SECURITY = "employment_and_social_security"
    VITAL_INTERESTS = "vital_interests"
    NOT_FOR_PROFIT_BODY = "not_for_profit_body"
    MADE_PUBLIC = "made_public"
    LEGAL_CLAIMS = "legal_claims"
    SUBSTANTIAL_PUBLIC_INTEREST = "substantial_public_interest"
    HEALTH_OR_SOCIAL_CARE = "health_or_social_care"
    PUBLIC_HEALTH = "public_health"
    ARCHIVING_OR_RESEARCH = "archiving_or_research"

    @property
    def article(self) -> str:
        point = "abcdefghij"[list(Art9Condition).index(self)]
        return f"GDPR 9(2)({point})"


class HetuGround(StrEnum):
    """Grounds for processing the personal identity code under Tietosuojalaki 1050/2018 § 29."""

    CONSENT = "consent"
    LAW = "law"
    STATUTORY_TASK = "statutory_task"
    RIGHTS_AND_OBLIGATIONS = "rights_and_obligations"
    RESEARCH_OR_STATISTICS = "research_or_statistics"
    CREDIT_OR_DEBT_COLLECTION = "credit_or_debt_collection"
    INSURANCE = "insurance"
    RENTAL_OR_LENDING = "rental_or_lending"
    CREDIT_INFORMATION = "credit_information"
    HEALTH_AND_SOCIAL_CARE = "health_and_social_care"
    EMPLOYMENT = "employment"


class Requirement(StrEnum):
    """Whether giving the data is required (GDPR Art. 13(2)(e))."""

    STATUTORY = "statutory"
    CONTRACTUAL = "contractual"
    CONTRACT_PREREQUISITE = "contract_prerequisite"
    VOLUNTARY = "voluntary"


class Provision(StrEnum):
    """Whether a data category must be given or may be given."""

    REQUIRED = "required"
    VOLUNTARY = "voluntary"


class Safeguard(StrEnum):
    """The ground for a transfer outside the EU/EEA (GDPR Art. 45, 46, 47, 49)."""

    ADEQUACY_DECISION = "adequacy_decision"
    DATA_PRIVACY_FRAMEWORK = "data_privacy_framework"
    STANDARD_CONTRACTUAL_CLAUSES = "standard_contractual_clauses"
    BINDING_CORPORATE_RULES = "binding_corporate_rules"
    DEROGATION = "derogation"


class ConsentModel(StrEnum):
    """How electronic direct marketing is permitted (Act 917/2014 § 200)."""

    PRIOR_CONSENT = "prior_consent"
    SOFT_OPT_IN = "soft_opt_in"


# --- tables --------------------------------------------------------------------------------


class Address(Model):
    """A postal or visiting address."""

    street: str = Field(
        min_length=1,
        description=("Street address or post-office box, e.g. 'Siltakatu 12-14' or 'PL 800'."),
    )
    postal_code: str = Field(min_length=1, description="Postal code, e.g. '05900'.")
    city: str = Field(min_length=1, description="Post office / city, e.g. 'Hyvinkää'.")
    country: CountryCode | None = Field(default=None, description="Country, when not Finland.")


class Notice(Model):
    """Metadata of the published notice."""

    languages: list[Language] = Field(
        min_length=1,
        description=("Languages the notice is published in; every text must exist in each."),
    )
    default_language: Language | None = Field(
        default=None,
        description=(
            "Language of plain strings and of the default page; the first of "
            "`languages` if omitted."
        ),
    )
    version: str | None = Field(
        default=None, description="Version label of this notice, e.g. '2024-1'."
    )
    updated: date | None = Field(default=None, description="Date the notice was last updated.")
    effective: date | None = Field(
        default=None, description="Date from which this version applies."
    )
    layout: Layout = Field(
        default=Layout.TIETOSUOJASELOSTE,
        description=(
            "'tietosuojaseloste' (modern GDPR notice) or 'rekisteriseloste' (2018 legacy layout)."
        ),
    )
    title: Text | None = Field(
        default=None, description="Title shown instead of the layout's standard title."
    )
    legal_reference: Text | None = Field(
        default=None,
        description=("The law the document says it is drawn up under, as printed in its header."),
    )
    logo: str | None = Field(
        default=None, description="Logo image, a path relative to the register file's folder."
    )
    slug: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description=(
            "File-name stem for rendered files; derived from the register file's name if omitted."
        ),
    )

    @property
    def language(self) -> str:
        return self.default_language or self.languages[0]


class Controller(Model):
    """The controller (rekisterinpitäjä): who decides why and how the data is processed."""

    name: str = Field(min_length=1, description="Legal name of the business or association.")
    business_id: BusinessId | None = Field(
        default=None, description="Finnish business id (Y-tunnus), e.g. '1234567-8'."
    )
    address: Address | None = Field(default=None, description="Postal address.")
    phone: Phone | None = Field(
        default=None, description="Phone number; Finnish numbers may be written without +358."
    )
    email: Email | None = Field(default=None, description="Email address for privacy matters.")
    website: Url | None = Field(default=None, description="Website address.")
    health_care_provider: bool = Field(
        default=False,
        description=(
            "Whether the controller is a health-care or social-welfare "
            "provider or a licensed health-care professional, who may rely on "
            "the exceptions of Tietosuojalaki § 6."
        ),
    )


class ContactPerson(Model):
    """A person to contact: for register matters, or the data protection officer."""

    name: str = Field(
        min_length=1,
        description="Name of the person (or of a function, e.g. 'Tietosuojavastaava').",
    )
    title: Text | None = Field(default=None, description="Role or title.")
    phone: Phone | None = Field(default=None, description="Phone number.")
    email: Email | None = Field(default=None, description="Email address.")
    address: Address | None = Field(
        default=None, description="Postal address, when different from the controller's."
    )


class Representative(Model):
    """The controller's representative in the EU (Art. 27), for controllers outside the EU."""

    name: str = Field(min_length=1, description="Name of the representative.")
    address: Address | None = Field(default=None, description="Postal address.")
    email: Email | None = Field(default=None, description="Email address.")
    phone: Phone | None = Field(default=None, description="Phone number.")


class DataSubjectGroup(Model):
    """A category of data subjects: clients, next of kin, members, …"""

    id: Id = Field(description="Identifier referenced by data categories.")
    name: Text = Field(description="Name of the group.")
    description: Text | None = Field(default=None, description="Who belongs to the group.")
    children: bool = Field(
        default=False,
        description=(
            "Whether the group includes children under 13 (GDPR Art. 8, Tietosuojalaki § 5)."
        ),
    )


class Purpose(Model):
    """One purpose of processing with its legal basis (Art. 13(1)(c))."""

    id: Id = Field(description="Identifier referenced by data categories.")
    name: Text = Field(description="Short name of the purpose.")
    description: Text | None = Field(
        default=None, description="What is done and why, in plain language."
    )
    legal_basis: LegalBasis | None = Field(
        default=None,
        description=(
            "Art. 6(1) legal basis: consent, contract, legal_obligation, "
            "vital_interests, public_task or legitimate_interests."
        ),
    )
    legitimate_interest: Text | None = Field(
        default=None,
        description=(
            "The legitimate interest pursued; required when the basis is legitimate_interests."
        ),
    )
    basis_details: Text | None = Field(
        default=None,
        description=("The law or contract the basis rests on, e.g. 'Potilaslaki 785/1992 12 §'."),
    )
    requirement: Requirement | None = Field(
        default=None,
        description=(
            "Whether giving the data is a statutory or contractual requirement (Art. 13(2)(e))."
        ),
    )
    consequences: Text | None = Field(
        default=None, description="What happens if the data is not given."
    )
    direct_marketing: bool = Field(
        default=False,
        description=(
            "Whether this purpose is direct marketing (the right to object is "
            "absolute, Art. 21(2))."
        ),
    )
    online_service: bool = Field(
        default=False,
        description=(
            "Whether this purpose is an information-society service offered directly to the person."
        ),
    )


class SpecialCategoryUse(Model):
    """Processing of an Art. 9(1) special category and the exception that permits it."""

    category: SpecialCategory = Field(description="The special category, e.g. 'health'.")
    condition: Art9Condition | None = Field(
        default=None,
        description=(
            "The Art. 9(2) exception, e.g. 'health_or_social_care' or 'explicit_consent'."
        ),
    )
    national_ground: Text | None = Field(
        default=None,
        description=("National law relied on, e.g. 'Tietosuojalaki 1050/2018 6 § 1 mom. 4 k.'."),
    )


class DataCategory(Model):
    """A category of personal data (tietosisältö)."""

    id: Id = Field(description="Identifier; the store mapping and access bundles use it.")
    name: Text = Field(description="Name shown in the notice and as a heading in access reports.")
    description: Text | None = Field(default=None, description="What the category contains.")
    subjects: list[Id] = Field(
        default=[], description="Ids of the data-subject groups the data is about."
    )
    purposes: list[Id] = Field(default=[], description="Ids of the purposes the data is used for.")
    sources: list[Id] = Field(default=[], description="Ids of the sources the data comes from.")
    retention: Id | None = Field(default=None, description="Id of the retention rule that applies.")
    provision: Provision | None = Field(
        default=None,
        description=("Whether the data must be given ('required') or may be given ('voluntary')."),
    )
    special: SpecialCategoryUse | None = Field(
        default=None, description="Set when the category is an Art. 9(1) special category."
    )
    criminal: bool = Field(
        default=False,
        description=(
            "Whether the category holds data on criminal convictions or offences (Art. 10)."
        ),
    )
    hetu: bool = Field(
        default=False,
        description=(
            "Whether the category holds the Finnish personal identity code (henkilötunnus)."
        ),
    )
    hetu_ground: HetuGround | None = Field(
        default=None, description="The Tietosuojalaki § 29 ground for processing the identity code."
    )
    third_party: bool = Field(
        default=False,
        description=(
            "Whether the data is about someone other than the subject (e.g. next of kin)."
        ),
    )


class Source(Model):
    """A regular source of data (säännönmukainen tietolähde)."""

    id: Id = Field(description="Identifier referenced by data categories.")
    name: Text = Field(description="Who or what the data comes from.")
    description: Text | None = Field(
        default=None, description="Details: when and why data comes from this source."
    )
    data_subject: bool = Field(
        default=False,
        description=(
            "Whether the data subject gives the data themselves (Art. 13 rather than Art. 14)."
        ),
    )
    publicly_accessible: bool = Field(
        default=False, description="Whether the source is publicly accessible (Art. 14(2)(f))."
    )


class Recipient(Model):
    """A recipient or a regular disclosure of data (Art. 13(1)(e))."""

    id: Id = Field(description="Identifier.")
    name: Text = Field(
        description="Name of the recipient, or its category when naming is impossible."
    )
    description: Text | None = Field(default=None, description="What is disclosed and why.")
    data_categories: list[Id] = Field(
        default=[], description="Ids of the data categories disclosed."
    )
    country: CountryCode | None = Field(
        default=None, description="Country of the recipient, when not Finland."
    )
    basis: Text | None = Field(
        default=None, description="The ground for the disclosure, e.g. a law."
    )


class Processor(Model):
    """A processor handling data on the controller's behalf (Art. 28)."""

    id: Id = Field(description="Identifier.")
    name: str = Field(min_length=1, description="Name of the company.")
    role: Text = Field(description="What it does, e.g. 'booking system', 'accounting'.")
    country: CountryCode = Field(default="FI", description="Country where the data is processed.")
    data_categories: list[Id] = Field(
        default=[], description="Ids of the data categories it processes."
    )
    recipient: bool = Field(
        default=True,
        description=(
            "Whether the notice lists the processor among the recipients "
            "(WP260 advises naming them)."
        ),
    )


class Transfer(Model):
    """A transfer of data outside the EU/EEA (Art. 13(1)(f))."""

    country: CountryCode = Field(description="Country the data goes to.")
    recipient: str = Field(min_length=1, description="Who receives the data there.")
    processor: Id | None = Field(
        default=None, description="Id of the processor this transfer belongs to, if any."
    )
    safeguard: Safeguard = Field(
        description=(
            "adequacy_decision, data_privacy_framework, "
            "standard_contractual_clauses, binding_corporate_rules or "
            "derogation (Art. 49)."
        )
    )
    details: Text | None = Field(
        default=None, description="Details of the safeguard or the Art. 49 derogation relied on."
    )
    obtain_copy: Text | None = Field(
        default=None,
        description=("How to obtain a copy of the safeguards or where they are available."),
    )


class Transfers(Model):
    """Transfers outside the EU/EEA, or the statement that there are none."""

    outside_eea: bool = Field(description="Whether any data is transferred outside the EU/EEA.")
    statement: Text | None = Field(
        default=None, description="The notice's own sentence about transfers."
    )
    destinations: list[Transfer] = Field(
        default=[], description="Each transfer; required when `outside_eea` is true."
    )


class RetentionRule(Model):
    """How long data is kept (Art. 13(2)(a)): a period from an event, criteria, or both."""

    id: Id = Field(description="Identifier referenced by data categories.")
    period: Duration | None = Field(
        default=None, description="ISO 8601 period, e.g. 'P6Y' for six years."
    )
    counted_from: Text | None = Field(
        default=None,
        description=(
            "The event the period counts from, e.g. 'the end of the client relationship'."
        ),
    )
    criteria: Text | None = Field(
        default=None, description="Criteria used when a fixed period is not possible."
    )
    statutory_basis: Text | None = Field(
        default=None, description="The law that sets the period, e.g. 'Laki 703/2023'."
    )


class AutomatedDecisions(Model):
    """Automated decision-making and profiling (Art. 22, 13(2)(f))."""

    used: bool = Field(
        default=False,
        description=(
            "Whether decisions with legal or similarly significant effects are made automatically."
        ),
    )
    profiling: bool = Field(default=False, description="Whether profiling is done.")
    logic: Text | None = Field(default=None, description="The logic involved; required when used.")
    significance: Text | None = Field(
        default=None, description="Significance of the processing; required when used."
    )
    consequences: Text | None = Field(
        default=None, description="Envisaged consequences for the person; required when used."
    )
    statement: Text | None = Field(
        default=None,
        description=("The notice's own sentence, e.g. that no automated decisions are made."),
    )


class Security(Model):
    """Principles of protecting the register (Art. 32; 'rekisterin suojauksen periaatteet')."""

    manual: Text | None = Field(
        default=None, description="How manual (paper) material is protected."
    )
    electronic: Text | None = Field(
        default=None, description="How electronically processed data is protected."
    )
    general: Text | None = Field(
        default=None, description="Other measures, e.g. confidentiality obligations."
    )


class SupervisoryAuthority(Model):
    """The supervisory authority a person can complain to (Art. 77)."""

    name: Text = Field(description="Name of the authority.")
    visiting_address: Address | None = Field(default=None, description="Visiting address.")
    postal_address: Address | None = Field(default=None, description="Postal address.")
    phone: Phone | None = Field(default=None, description="Switchboard.")
    email: Email | None = Field(default=None, description="Email address.")
    website: Url | None = Field(default=None, description="Website.")


def ombudsman() -> SupervisoryAuthority:
    """The Finnish Office of the Data Protection Ombudsman (contact details as of 2026)."""
    return SupervisoryAuthority(
        name=Text(
            {
                "fi": "Tietosuojavaltuutetun toimisto",
                "en": "Office of the Data Protection Ombudsman",
                "sv": "Dataombudsmannens byrå",
            }
        ),
        visiting_address=Address(street="Lintulahdenkuja 4", postal_code="00530", city="Helsinki"),
        postal_address=Address(street="PL 800", postal_code="00531", city="Helsinki"),
        phone="029 566 6700",
        email="tietosuoja@om.fi",
        website="https://tietosuoja.fi",
    )


class Rights(Model):
    """The data subject's rights section; the rights themselves follow from the legal bases."""

    how_to_exercise: Text | None = Field(
        default=None, description="How to make a request, e.g. 'send an email to …'."
    )
    extra: Text | None = Field(default=None, description="Further text shown after the rights.")
    restrictions: Text | None = Field(
        default=None, description="Restrictions of rights that apply (e.g. Tietosuojalaki § 34)."
    )
    authority: SupervisoryAuthority = Field(
        default_factory=ombudsman,
        description=(
            "The supervisory authority; the Finnish Data Protection Ombudsman if omitted."
        ),
    )


class DirectMarketing(Model):
    """Direct marketing to the register's subjects."""

    channels: list[MarketingChannel] = Field(
        min_length=1, description="Channels used: email, sms, post, phone."
    )
    consent_model: ConsentModel | None = Field(
        default=None,
        description=(
            "prior_consent, or soft_opt_in for own customers' similar products (917/2014 § 200)."
        ),
    )
    opt_out: Text | None = Field(
        default=None, description="How to stop marketing; free of charge, at any time."
    )
    description: Text | None = Field(
        default=None, description="What is sent, e.g. offers and news of events."
    )


class Notes(Model):
    """Free sentences the notice shows at the end of a section, as the original document had."""

    purposes: Text | None = Field(default=None, description="Shown after the purposes.")
    data_categories: Text | None = Field(
        default=None, description="Shown after the data categories."
    )
    sources: Text | None = Field(default=None, description="Shown after the sources.")
    recipients: Text | None = Field(
        default=None, description="Shown with the recipients and regular disclosures."
    )
    processors: Text | None = Field(default=None, description="Shown with the processors.")
    retention: Text | None = Field(default=None, description="Shown after the retention rules.")


class Suppression(Model):
    """A lint rule switched off for this register, with the reason why."""

    rule: str = Field(pattern=r"^L\d{2,3}$", description="The rule id, e.g. 'L09'.")
    reason: str = Field(
        min_length=3, description="Why the finding does not apply; shown in lint output."
    )


class LintConfig(Model):
    """Settings of `rekisteri lint` for this register."""

    ignore: list[Suppression] = Field(
        default=[], description="Rules to suppress; each needs a reason."
    )


class Register(Model):
    """One personal-data register (processing activity) and its notice."""

    name: Text = Field(description="Name of the register, e.g. 'Asiakasrekisteri'.")
    description: Text | None = Field(
        default=None, description="A short introduction shown at the top of the notice."
    )
    notice: Notice = Field(description="Languages, version, dates and layout of the notice.")
    controller: Controller = Field(description="The controller.")
    contact: ContactPerson | None = Field(
        default=None, description="Contact person for register matters."
    )
    dpo: ContactPerson | None = Field(
        default=None, description="Data protection officer, when one is appointed (Art. 37)."
    )
    representative: Representative | None = Field(
        default=None, description="EU representative, for controllers outside the EU (Art. 27)."
    )
    data_subjects: list[DataSubjectGroup] = Field(
        default=[], description="Categories of data subjects."
    )
    purposes: list[Purpose] = Field(min_length=1, description="Purposes of processing.")
    data_categories: list[DataCategory] = Field(
        min_length=1, description="Categories of personal data (tietosisältö)."
    )
    sources: list[Source] = Field(default=[], description="Regular sources of data.")
    recipients: list[Recipient] = Field(
        default=[], description="Recipients and regular disclosures."
    )
    processors: list[Processor] = Field(
        default=[], description="Processors acting on the controller's behalf."
    )
    transfers: Transfers | None = Field(default=None, description="Transfers outside the EU/EEA.")
    retention: list[RetentionRule] = Field(
        default=[], description="Retention rules referenced by data categories."
    )
    automated_decisions: AutomatedDecisions | None = Field(
        default=None, description="Automated decision-making and profiling."
    )
    security: Security | None = Field(default=None, description="Security principles.")
    rights: Rights | None = Field(
        default=None, description="Rights of the data subject and the complaint route."
    )
    direct_marketing: DirectMarketing | None = Field(
        default=None, description="Direct marketing, when done."
    )
    notes: Notes | None = Field(
        default=None, description="Free sentences shown at the end of sections."
    )
    store: StoreMapping | None = Field(
        default=None, description="The live customer store (for access requests)."
    )
    lint: LintConfig | None = Field(default=None, description="Settings of the compliance lint.")

    _source_path: Path | None = PrivateAttr(default=None)
    # Built by load_register from the text it validated, so that a message about a key found
    # later (a logo, the store, a lint finding) has its line without reading the file again —
    # the file may have changed or gone since.
    _source_map: SourceMap | None = PrivateAttr(default=None)

    @property
    def source_path(self) -> Path | None:
        """The file the register was loaded from; relative paths in it resolve from its folder."""
        return self._source_path

    @source_path.setter
    def source_path(self, value: Path | None) -> None:
        self._source_path = value

    @property
    def source_name(self) -> str:
        """How messages name the register: its file, or ``<register>`` when built in memory."""
        return str(self._source_path) if self._source_path is not None else "<register>"

    @property
    def source_map(self) -> Mapping[tuple[str | int, ...], tuple[int, int]] | None:
        """Key path → (line, column) in the file as it was loaded; None when built in memory."""
        return self._source_map

    def loaded_from(self, path: Path, source_map: SourceMap) -> None:
        """Record the file the register was read from and where each of its keys is."""
        self._source_path = path
        self._source_map = source_map

    def position_of(self, loc: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        """Line and column of ``loc`` (or of the nearest table holding it) in the loaded file.

        A register built in memory has no file: both are None and messages carry no line.
        """
        return position_of(self._source_map, loc)

    # -- convenience used by renderers and the lint ---------------------------------------

    @property
    def languages(self) -> list[str]:
        return list(self.notice.languages)

    @property
    def default_language(self) -> str:
        return self.notice.language

    def purpose(self, purpose_id: str) -> Purpose:
        return next(p for p in self.purposes if p.id == purpose_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def retention_rule(self, rule_id: str) -> RetentionRule:
        return next(r for r in self.retention if r.id == rule_id)

    def data_category(self, category_id: str) -> DataCategory:
        return next(c for c in self.data_categories if c.id == category_id)

    @property
    def legal_bases(self) -> set[LegalBasis]:
        return {p.legal_basis for p in self.purposes if p.legal_basis is not None}


def iter_texts(
    model: BaseModel, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    """Every localized text in a model, with its key path."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _iter_value(value, (*loc, name))


def _iter_value(
    value: object, loc: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        yield from iter_texts(value, loc)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _iter_value(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _iter_value(item, (*loc, key))
