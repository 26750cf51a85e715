"""The register description: one validated model of one personal-data register (version 2).

Every section of a privacy notice (GDPR Art. 13/14), of a Finnish 2018-style rekisteriseloste and of
an Art. 30 record reads from this model. What the law requires but an old notice may lack (a legal
basis, retention, the rights section) is optional here so that a faithful transcription loads; the
lint reports such gaps. What any notice needs to make sense is required.

A conditional section has three states (docs/register-v2.md): stated (its facts), stated none (the
string ``"none"``, which the notice words as a negative sentence) and not stated (absent: the
notice says nothing). No default ever fills a fact in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, TypeVar, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from rekisteri.register.base import LANGUAGES as LANGUAGES
from rekisteri.register.base import Id, Language, Model, Name, parse_phone
from rekisteri.register.base import Text as Text
from rekisteri.register.dpv import PdTerm
from rekisteri.register.iso import DURATION as _DURATION
from rekisteri.register.iso import parse_duration as parse_duration
from rekisteri.register.iso import parse_period as parse_period
from rekisteri.register.places import EEA_COUNTRIES as EEA_COUNTRIES
from rekisteri.register.places import Place, TransferDestination
from rekisteri.register.store_mapping import StoreMapping
from rekisteri.register.tomlpos import SourceMap, position_of
from rekisteri.register.vocabulary import MarketingChannel as MarketingChannel

SCHEMA_VERSION = 2
"""The version of the register file format this model reads."""

NONE = "none"
NoneStated = Literal["none"]
"""The explicit statement that a section has nothing: rendered as the negative sentence."""

_T = TypeVar("_T")


def listed(value: list[_T] | str | None) -> list[_T]:
    """The items of a three-state list section: none for "none" and for not stated."""
    return value if isinstance(value, list) else []


class State(StrEnum):
    """The three states of a conditional section."""

    STATED = "stated"
    NONE = "none"
    NOT_STATED = "not_stated"


def state_of(value: object) -> State:
    """Which of the three states a section's value is in."""
    if value is None:
        return State.NOT_STATED
    if value == NONE:
        return State.NONE
    return State.STATED


# --- checked scalar types ------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]{2,}$")


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
            "'{value}' is not an ISO 8601 period, e.g. P6Y (six years), P3M (three months), "
            "P1Y6M, P2W, PT10M (ten minutes), P1DT12H",
            {"value": value},
        )
    return value


Email = Annotated[str, AfterValidator(_check_email), Field(json_schema_extra={"format": "email"})]
Phone = Annotated[str, AfterValidator(_check_phone)]
BusinessId = Annotated[str, AfterValidator(_check_business_id)]
Duration = Annotated[
    str,
    AfterValidator(_check_duration),
    Field(json_schema_extra={"pattern": _DURATION.pattern}),
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


def _check_site_url(value: str) -> str:
    """The web address of the published folder, ending in "/" so that a file name joins it."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        problem = "is not a web address"
    elif parts.query or parts.fragment:
        problem = "has a query or a fragment; give the folder's address"
    elif parts.path.rsplit("/", 1)[-1].lower().endswith((".html", ".htm")):
        problem = "is the address of a page; give the folder the notice is published in,"
    else:
        return value if value.endswith("/") else value + "/"
    raise PydanticCustomError(
        "site_url",
        "'{value}' {problem} like https://www.example.fi/tietosuoja/",
        {"value": value, "problem": problem},
    )


SiteUrl = Annotated[
    str,
    AfterValidator(_check_site_url),
    Field(json_schema_extra={"pattern": r"^https?://[^/?#\s]+(/[^?#\s]*)?$"}),
]


# --- enumerations --------------------------------------------------------------------------


class Layout(StrEnum):
    """How the notice is laid out."""

    TIETOSUOJASELOSTE = "tietosuojaseloste"
    """A privacy notice (tietosuojaseloste) under GDPR Art. 13 and 14: what a person is told."""
    REKISTERISELOSTE = "rekisteriseloste"
    """The layout of the old register description (rekisteriseloste) of the repealed
    Henkilötietolaki 523/1999, for transcribing an old notice."""


class LegalBasis(StrEnum):
    """The lawful basis of GDPR Art. 6(1), points (a) to (f)."""

    CONSENT = "consent"
    """The person has given consent to the processing (Art. 6(1)(a)); they may withdraw it at
    any time."""
    CONTRACT = "contract"
    """Necessary for a contract with the person, or for steps at their request before entering
    into one (Art. 6(1)(b))."""
    LEGAL_OBLIGATION = "legal_obligation"
    """Necessary for a legal obligation of the controller, e.g. bookkeeping or patient records
    (Art. 6(1)(c))."""
    VITAL_INTERESTS = "vital_interests"
    """Necessary to protect the vital interests of the person or of another natural person
    (Art. 6(1)(d))."""
    PUBLIC_TASK = "public_task"
    """Necessary for a task in the public interest or in the exercise of official authority
    (Art. 6(1)(e))."""
    LEGITIMATE_INTERESTS = "legitimate_interests"
    """Necessary for the legitimate interests of the controller or a third party, which the
    person's interests do not override (Art. 6(1)(f))."""

    @property
    def article(self) -> str:
        point = "abcdef"[list(LegalBasis).index(self)]
        return f"GDPR 6(1)({point})"


class SpecialCategory(StrEnum):
    """The special categories of personal data of GDPR Art. 9(1)."""

    RACIAL_OR_ETHNIC_ORIGIN = "racial_or_ethnic_origin"
    """Data revealing racial or ethnic origin (Art. 9(1))."""
    POLITICAL_OPINIONS = "political_opinions"
    """Data revealing political opinions (Art. 9(1))."""
    RELIGIOUS_OR_PHILOSOPHICAL_BELIEFS = "religious_or_philosophical_beliefs"
    """Data revealing religious or philosophical beliefs (Art. 9(1))."""
    TRADE_UNION_MEMBERSHIP = "trade_union_membership"
    """Data revealing trade union membership (Art. 9(1))."""
    GENETIC = "genetic"
    """Genetic data (Art. 4(13), 9(1))."""
    BIOMETRIC = "biometric"
    """Biometric data processed to uniquely identify a person (Art. 4(14), 9(1))."""
    HEALTH = "health"
    """Data concerning health, e.g. a client's allergies or treatment notes (Art. 4(15),
    9(1))."""
    SEX_LIFE_OR_ORIENTATION = "sex_life_or_orientation"
    """Data concerning a person's sex life or sexual orientation (Art. 9(1))."""


class Art9Condition(StrEnum):
    """The exceptions of GDPR Art. 9(2), points (a) to (j)."""

    EXPLICIT_CONSENT = "explicit_consent"
    """The person has given explicit consent (Art. 9(2)(a))."""
    EMPLOYMENT_AND_SOCIAL_SECURITY = "employment_and_social_security"
    """Necessary for obligations and rights in employment, social security and social protection
    law (Art. 9(2)(b))."""
    VITAL_INTERESTS = "vital_interests"
    """Necessary to protect vital interests where the person cannot give consent
    (Art. 9(2)(c))."""
    NOT_FOR_PROFIT_BODY = "not_for_profit_body"
    """A not-for-profit body with a political, philosophical, religious or trade union aim,
    about its members or regular contacts (Art. 9(2)(d))."""
    MADE_PUBLIC = "made_public"
    """Data the person has manifestly made public (Art. 9(2)(e))."""
    LEGAL_CLAIMS = "legal_claims"
    """Necessary for legal claims, or for courts acting in their judicial capacity
    (Art. 9(2)(f))."""
    SUBSTANTIAL_PUBLIC_INTEREST = "substantial_public_interest"
    """Necessary for reasons of substantial public interest laid down in law (Art. 9(2)(g))."""
    HEALTH_OR_SOCIAL_CARE = "health_or_social_care"
    """Preventive or occupational medicine, medical diagnosis, health or social care or
    treatment, by or under a professional bound by secrecy (Art. 9(2)(h), 9(3))."""
    PUBLIC_HEALTH = "public_health"
    """Necessary for reasons of public interest in public health (Art. 9(2)(i))."""
    ARCHIVING_OR_RESEARCH = "archiving_or_research"
    """Archiving in the public interest, scientific or historical research or statistics
    (Art. 9(2)(j))."""

    @property
    def point(self) -> str:
        """The point of Art. 9(2): a to j."""
        return "abcdefghij"[list(Art9Condition).index(self)]

    @property
    def article(self) -> str:
        return f"GDPR 9(2)({self.point})"


class HetuGround(StrEnum):
    """Grounds for processing the personal identity code under Tietosuojalaki 1050/2018 § 29."""

    CONSENT = "consent"
    """The person has consented (Tietosuojalaki 1050/2018 § 29)."""
    LAW = "law"
    """Processing the personal identity code is laid down by law (Tietosuojalaki § 29)."""
    STATUTORY_TASK = "statutory_task"
    """Unambiguous identification is important for a task laid down by law (Tietosuojalaki
    § 29)."""
    RIGHTS_AND_OBLIGATIONS = "rights_and_obligations"
    """Unambiguous identification is important to realise the rights and obligations of the
    person or the controller (Tietosuojalaki § 29)."""
    RESEARCH_OR_STATISTICS = "research_or_statistics"
    """Historical or scientific research or statistics (Tietosuojalaki § 29)."""
    CREDIT_OR_DEBT_COLLECTION = "credit_or_debt_collection"
    """Granting credit or collecting debts (Tietosuojalaki § 29)."""
    INSURANCE = "insurance"
    """Insurance activities (Tietosuojalaki § 29)."""
    RENTAL_OR_LENDING = "rental_or_lending"
    """Rental or lending activities (Tietosuojalaki § 29)."""
    CREDIT_INFORMATION = "credit_information"
    """Credit information activities (Tietosuojalaki § 29)."""
    HEALTH_AND_SOCIAL_CARE = "health_and_social_care"
    """Health care or social welfare (Tietosuojalaki § 29)."""
    EMPLOYMENT = "employment"
    """Matters of an employment or service relationship (Tietosuojalaki § 29)."""


class Requirement(StrEnum):
    """Whether giving the data is required (GDPR Art. 13(2)(e))."""

    STATUTORY = "statutory"
    """Giving the data is required by law (Art. 13(2)(e))."""
    CONTRACTUAL = "contractual"
    """Giving the data is required by a contract (Art. 13(2)(e))."""
    CONTRACT_PREREQUISITE = "contract_prerequisite"
    """Giving the data is necessary to enter into a contract (Art. 13(2)(e))."""
    VOLUNTARY = "voluntary"
    """Giving the data is up to the person; the notice says what follows if they do not."""


class Provision(StrEnum):
    """Whether a data category must be given or may be given."""

    REQUIRED = "required"
    """The person must give this data."""
    VOLUNTARY = "voluntary"
    """The person may give this data, or leave it out."""


class Safeguard(StrEnum):
    """The ground for a transfer outside the EU/EEA (GDPR Art. 45, 46, 47, 49)."""

    ADEQUACY_DECISION = "adequacy_decision"
    """An adequacy decision of the Commission for the country (Art. 45)."""
    DATA_PRIVACY_FRAMEWORK = "data_privacy_framework"
    """The recipient is certified under the EU-U.S. Data Privacy Framework (an adequacy decision
    of 10.7.2023, Art. 45)."""
    STANDARD_CONTRACTUAL_CLAUSES = "standard_contractual_clauses"
    """The Commission's standard contractual clauses of 2021/914 (Art. 46(2)(c))."""
    BINDING_CORPORATE_RULES = "binding_corporate_rules"
    """Binding corporate rules approved by a supervisory authority (Art. 46(2)(b), 47)."""
    DEROGATION = "derogation"
    """A derogation for a specific situation of Art. 49(1); name it in derogation."""
    # No longer a ground, kept so that an old notice can be transcribed and the lint flag it:
    # Privacy Shield was invalidated on 16.7.2020 (CJEU C-311/18); the clauses of 2001/497/EC,
    # 2004/915/EC and 2010/87/EU were repealed by 2021/914, transition ended 27.12.2022.
    PRIVACY_SHIELD = "privacy_shield"
    """No longer a ground: the EU-U.S. Privacy Shield was invalidated on 16.7.2020 (CJEU
    C-311/18); kept to transcribe an old notice, which the lint flags."""
    STANDARD_CONTRACTUAL_CLAUSES_2010 = "standard_contractual_clauses_2010"
    """No longer a ground: the clauses of 2001/497/EC, 2004/915/EC and 2010/87/EU were repealed
    by 2021/914 (transition ended 27.12.2022); kept to transcribe an old notice, which the lint
    flags."""

    @property
    def lapsed(self) -> bool:
        return self in (Safeguard.PRIVACY_SHIELD, Safeguard.STANDARD_CONTRACTUAL_CLAUSES_2010)


class Derogation(StrEnum):
    """The derogations of GDPR Art. 49(1) for a specific situation, points (a) to (g), and the
    compelling legitimate interests of its second subparagraph."""

    EXPLICIT_CONSENT = "explicit_consent"
    """The person has explicitly consented, informed of the risks (Art. 49(1)(a))."""
    CONTRACT_WITH_SUBJECT = "contract_with_subject"
    """Necessary for a contract with the person, or steps at their request (Art. 49(1)(b))."""
    CONTRACT_IN_SUBJECTS_INTEREST = "contract_in_subjects_interest"
    """Necessary for a contract concluded in the person's interest with someone else
    (Art. 49(1)(c))."""
    PUBLIC_INTEREST = "public_interest"
    """Necessary for important reasons of public interest (Art. 49(1)(d))."""
    LEGAL_CLAIMS = "legal_claims"
    """Necessary for legal claims (Art. 49(1)(e))."""
    VITAL_INTERESTS = "vital_interests"
    """Necessary to protect vital interests where the person cannot consent (Art. 49(1)(f))."""
    PUBLIC_REGISTER = "public_register"
    """Made from a register intended to inform the public (Art. 49(1)(g))."""
    COMPELLING_LEGITIMATE_INTERESTS = "compelling_legitimate_interests"
    """Compelling legitimate interests, for a transfer that is not repetitive and concerns few
    people (Art. 49(1), second subparagraph)."""

    @property
    def article(self) -> str:
        if self is Derogation.COMPELLING_LEGITIMATE_INTERESTS:
            return "GDPR 49(1), second subparagraph"
        return f"GDPR 49(1)({'abcdefg'[list(Derogation).index(self)]})"


class SourceKind(StrEnum):
    """Where data comes from; Art. 14 applies to data not obtained from the person."""

    DATA_SUBJECT = "data-subject"
    """The person themself (Art. 13)."""
    CONTROLLER = "controller"
    """The controller's own activity, e.g. notes made during a visit."""
    THIRD_PARTY = "third-party"
    """Someone other than the person, e.g. a referring doctor or a parent (Art. 14)."""
    PUBLIC = "public"
    """A publicly accessible source, e.g. a public register (Art. 14(2)(f))."""


class Right(StrEnum):
    """A right of the data subject a notice can state (GDPR Art. 7(3), 15–18, 20–22)."""

    ACCESS = "access"
    """The right of access to one's data and a copy of it (Art. 15)."""
    RECTIFICATION = "rectification"
    """The right to have inaccurate data corrected (Art. 16)."""
    ERASURE = "erasure"
    """The right to erasure (Art. 17)."""
    RESTRICTION = "restriction"
    """The right to restriction of processing (Art. 18)."""
    OBJECTION = "objection"
    """The right to object to processing (Art. 21)."""
    PORTABILITY = "portability"
    """The right to data portability (Art. 20)."""
    WITHDRAW_CONSENT = "withdraw_consent"
    """The right to withdraw consent at any time (Art. 7(3))."""
    AUTOMATED_DECISIONS = "automated_decisions"
    """The right not to be subject to a decision based solely on automated processing
    (Art. 22)."""


class Medium(StrEnum):
    """The medium data is kept on, or that a retention term applies to."""

    PAPER = "paper"
    """On paper, e.g. a card file or signed consent forms."""
    ELECTRONIC = "electronic"
    """Electronically, e.g. a booking system or a database."""


class Voice(StrEnum):
    """Who speaks in the documents: a sole trader writes "I", a business or an association "we"."""

    I = "i"  # noqa: E741 - the word itself
    """The documents speak as "I": a sole trader."""
    WE = "we"
    """The documents speak as "we": a business or an association."""


class WithholdGround(StrEnum):
    """Why a category may be withheld from an access copy (Tietosuojalaki 1050/2018 § 34(1))."""

    HEALTH_OR_CARE = "health-or-care"
    """Giving it could seriously endanger the person's health or care."""
    RIGHTS_OF_OTHERS = "rights-of-others"
    """Giving it could seriously endanger the rights of the person or of someone else."""


class Combine(StrEnum):
    """Which of two retention terms that apply to one item decides."""

    LATER = "later"
    """The later of the two dates decides."""
    EARLIER = "earlier"
    """The earlier of the two dates decides."""


class ConsentModel(StrEnum):
    """How electronic direct marketing is permitted (Act 917/2014 § 200)."""

    PRIOR_CONSENT = "prior_consent"
    """Only to people who have given prior consent (Act 917/2014 § 200)."""
    SOFT_OPT_IN = "soft_opt_in"
    """To the controller's own customers, about its similar products, with a free opt-out
    offered when the contact details were collected and in every message (Act 917/2014
    § 200)."""


# --- tables --------------------------------------------------------------------------------


class Address(Model):
    """A postal or visiting address."""

    street: Name = Field(
        description=(
            "Street address or post-office box, e.g. 'Siltakatu 12-14' or 'PL 800'; "
            "in each language where it differs, e.g. { fi = 'PL 52', sv = 'PB 52' }."
        ),
    )
    postal_code: str = Field(min_length=1, description="Postal code, e.g. '05900'.")
    city: Name = Field(
        description="Post office / city, e.g. 'Hyvinkää' or { fi = 'Kauniainen', sv = 'Grankulla' }"
    )
    country: Place | None = Field(default=None, description="Country, when not Finland.")


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
    drawn_up: date | None = Field(default=None, description="Date the notice was drawn up.")
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
    subtitle: Text | None = Field(default=None, description="A subtitle shown under the title.")
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
    site_url: SiteUrl | None = Field(
        default=None,
        description=(
            "Web address of the folder `publish` writes, as it is served, e.g. "
            "'https://www.example.fi/tietosuoja/'. The pages then name their canonical address, "
            "their other languages (hreflang) and Open Graph links absolutely, and a fragment "
            "pasted into another page links to the other languages and the PDF there."
        ),
    )

    @property
    def language(self) -> str:
        return self.default_language or self.languages[0]


class Controller(Model):
    """The controller (rekisterinpitäjä): who decides why and how the data is processed."""

    name: str = Field(min_length=1, description="Legal name of the business or association.")
    names: Name | None = Field(
        default=None,
        description=(
            "The name in each language where it differs, e.g. "
            "{ fi = 'Kauniaisten kaupunki', sv = 'Grankulla stad' }."
        ),
    )
    business_id: BusinessId | None = Field(
        default=None, description="Finnish business id (Y-tunnus), e.g. '1234567-8'."
    )
    address: Address | None = Field(default=None, description="Postal address.")
    visiting_address: Address | None = Field(
        default=None, description="Visiting address, when the notice gives one."
    )
    phone: Phone | None = Field(
        default=None, description="Phone number; Finnish numbers may be written without +358."
    )
    email: Email | None = Field(default=None, description="Email address for privacy matters.")
    website: Url | None = Field(default=None, description="Website address.")
    more_contacts: list[ContactChannel] = Field(
        default=[], description="Further phones or emails, each with what it is for."
    )
    group: Text | None = Field(
        default=None,
        description=(
            "When the controller is a group of companies: the group, as the notice names it."
        ),
    )
    health_care_provider: bool = Field(
        default=False,
        description=(
            "Whether the controller is a health-care or social-welfare "
            "provider or a licensed health-care professional, who may rely on "
            "the exceptions of Tietosuojalaki § 6."
        ),
    )
    voice: Voice = Field(
        default=Voice.WE,
        description=(
            "Who speaks in the documents: 'i' for a sole trader who writes in the first person "
            "singular, 'we' (the default) for a business or an association."
        ),
    )

    def name_in(self, lang: str) -> str:
        """The controller's name as written in ``lang``: its ``names`` entry, else ``name``."""
        return self.names.get(lang) if self.names is not None else self.name


class ContactChannel(Model):
    """One more phone, email or website, with what it is for ('Switchboard')."""

    label: Text = Field(description="What the channel is for, e.g. { fi = 'Vaihde', … }.")
    phone: Phone | None = Field(default=None, description="Phone number.")
    email: Email | None = Field(default=None, description="Email address.")
    website: Url | None = Field(default=None, description="Website address.")

    @model_validator(mode="after")
    def _one_channel(self) -> ContactChannel:
        given = [f for f in ("phone", "email", "website") if getattr(self, f) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "contact_channel", "give exactly one of phone, email or website with the label"
            )
        return self


class ContactPerson(Model):
    """A person to contact: for register matters, or the data protection officer.

    A DPO may be given by role or by contact only ('tietosuoja@…'), without a person's name.
    """

    name: str | None = Field(
        default=None,
        min_length=1,
        description="Name of the person (or of a function, e.g. 'Tietosuojavastaava').",
    )
    title: Text | None = Field(default=None, description="Role or title.")
    phone: Phone | None = Field(default=None, description="Phone number.")
    email: Email | None = Field(default=None, description="Email address.")
    address: Address | None = Field(
        default=None, description="Postal address, when different from the controller's."
    )

    @model_validator(mode="after")
    def _reachable(self) -> ContactPerson:
        if not (self.name or self.title or self.email or self.phone):
            raise PydanticCustomError(
                "contact_person", "give at least one of name, title, email or phone"
            )
        return self


class JointController(Model):
    """A joint controller (Art. 26) and the essence of the arrangement, Art. 26(2)."""

    name: str = Field(min_length=1, description="Name of the joint controller.")
    names: Name | None = Field(default=None, description="The name in each language.")
    essence: Text | None = Field(
        default=None, description="The essence of the arrangement between the controllers."
    )
    country: Place | None = Field(default=None, description="Where the joint controller is.")
    contact: Text | None = Field(default=None, description="How to reach it about the data.")
    website: Url | None = Field(default=None, description="Where its own notice is.")
    purposes: list[Id] = Field(default=[], description="Ids of the purposes processed jointly.")


class ActingAsProcessor(Model):
    """Processing where this controller acts as a processor for someone else (Art. 28)."""

    controller: Text = Field(
        description="The real controller, e.g. { fi = 'asiakasyrityksemme', … }."
    )
    description: Text | None = Field(default=None, description="What is processed for it.")


class StaffAccess(Model):
    """A role whose holders have access to the data."""

    role: Text = Field(description="The role, e.g. 'Reception staff'.")
    description: Text | None = Field(default=None, description="What the role may see or do.")
    data_categories: list[Id] = Field(default=[], description="Ids of the categories it sees.")


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


class BasisUse(Model):
    """One Art. 6(1) basis of a purpose, optionally for some data, some people or a phase."""

    basis: LegalBasis = Field(description="The Art. 6(1) legal basis.")
    while_: Text | None = Field(
        default=None,
        alias="while",
        description=(
            "The phase the basis covers, e.g. 'during the client relationship' or "
            "'for two years after it ends'."
        ),
    )
    interest: Text | None = Field(
        default=None, description="The legitimate interest pursued (legitimate_interests)."
    )
    details: Text | None = Field(
        default=None, description="The law or contract the basis rests on."
    )
    categories: list[Id] = Field(default=[], description="Ids of the data categories it covers.")
    subjects: list[Id] = Field(default=[], description="Ids of the data-subject groups it covers.")
    purposes: list[Id] = Field(
        default=[], description="For a register-wide basis: ids of the purposes it covers."
    )

    model_config = {**Model.model_config, "populate_by_name": True}


class ChildConsent(Model):
    """Consent of children and their guardians (GDPR Art. 8, Tietosuojalaki § 5)."""

    from_age: int | None = Field(
        default=None, ge=0, le=18, description="The age from which a child consents alone."
    )
    guardian_below: bool | None = Field(
        default=None, description="Whether a guardian consents for a younger child."
    )
    how_checked: Text | None = Field(
        default=None, description="How age and a guardian's consent are checked."
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
    bases: list[BasisUse] = Field(
        default=[],
        description=("Several Art. 6(1) bases, each with its scope; instead of legal_basis."),
    )
    legitimate_interest: Text | None = Field(
        default=None,
        description=("The legitimate interest pursued, when the basis is legitimate_interests."),
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
    consent_required_for_service: bool = Field(
        default=False,
        description=(
            "Whether consent is made a condition of the service (Art. 7(4): then it is not free)."
        ),
    )
    child_consent: ChildConsent | None = Field(
        default=None, description="Consent of children and their guardians."
    )

    @property
    def all_bases(self) -> list[BasisUse]:
        """Every basis of the purpose, the single ``legal_basis`` as one unscoped entry."""
        if self.legal_basis is not None:
            return [
                BasisUse(
                    basis=self.legal_basis,
                    interest=self.legitimate_interest,
                    details=self.basis_details,
                )
            ]
        return list(self.bases)

    @property
    def legal_bases(self) -> list[LegalBasis]:
        return [b.basis for b in self.all_bases]


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
    retention: Id | list[Id] | None = Field(
        default=None, description="Id of the retention rule that applies, or a list of ids."
    )
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
    observed: bool = Field(
        default=False,
        description=(
            "Whether the data is observed from the person's use of the service (bookings, "
            "visits, logs): for portability it counts as provided by the person (WP242)."
        ),
    )
    medium: Medium | None = Field(
        default=None,
        description=(
            "'paper' when the category is kept only on paper (not processed by automated "
            "means, so not portable: Art. 20(1)(b)); absent or 'electronic' otherwise."
        ),
    )
    review: bool = Field(
        default=False,
        description=(
            "Whether a professional reviews the category before it is released in an access "
            "copy, e.g. therapy notes (Tietosuojalaki 1050/2018 § 34)."
        ),
    )
    dpv: list[PdTerm] | None = Field(
        default=None,
        description=(
            "The terms of the W3C DPV 2.1 personal-data taxonomy (https://w3id.org/dpv/pd) the "
            'data falls under, for the notice\'s JSON-LD, e.g. ["pd:EmailAddress", '
            '"pd:TelephoneNumber"]. Without this key they are inferred from what the register '
            "states, and only from that: the Art. 9(1) category of `special`, pd:Criminal for "
            "`criminal`, and pd:Name, pd:EmailAddress, pd:TelephoneNumber or pd:BirthDate for "
            "a column of the category's store sources that `[store.subject]` or "
            "`[[store.groups]]` names as the person's name, email, phone or birth_date; never "
            "from ids, names or descriptions. A category with none of these is generic "
            "personal data. The key replaces the inference entirely: [] says the category has "
            "no specific term."
        ),
    )

    @property
    def retention_ids(self) -> list[str]:
        if self.retention is None:
            return []
        return [self.retention] if isinstance(self.retention, str) else list(self.retention)


class Source(Model):
    """A regular source of data (säännönmukainen tietolähde)."""

    id: Id = Field(description="Identifier referenced by data categories.")
    name: Text = Field(description="Who or what the data comes from.")
    description: Text | None = Field(
        default=None, description="Details: when and why data comes from this source."
    )
    kind: SourceKind | None = Field(
        default=None,
        description=(
            "data-subject (the person), controller (generated or observed by the controller), "
            "third-party or public (Art. 14(2)(f))."
        ),
    )
    group: Id | None = Field(
        default=None,
        description=(
            "For a data-subject source: the data-subject group whose members give the data, "
            "e.g. 'clients'. Data it gives about people of another group (a next of kin "
            "named by a client) reaches them from a third party (Art. 14)."
        ),
    )

    @property
    def data_subject(self) -> bool:
        """Whether the person gives the data themselves (Art. 13 rather than Art. 14)."""
        return self.kind is SourceKind.DATA_SUBJECT

    @property
    def publicly_accessible(self) -> bool:
        return self.kind is SourceKind.PUBLIC

    @property
    def indirect(self) -> bool:
        """Whether Art. 14 applies: the data is obtained from someone other than the person."""
        return self.kind in (SourceKind.THIRD_PARTY, SourceKind.PUBLIC)


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
    country: Place | None = Field(default=None, description="Where the recipient is.")
    basis: Text | None = Field(
        default=None, description="The ground for the disclosure, e.g. a law."
    )


class Processor(Model):
    """A processor handling data on the controller's behalf (Art. 28)."""

    id: Id = Field(description="Identifier.")
    name: str | None = Field(
        default=None,
        min_length=1,
        description="Name of the company; absent when the notice describes it only by its role.",
    )
    role: Text = Field(description="What it does, e.g. 'booking system', 'accounting'.")
    country: Place | None = Field(default=None, description="Where the data is processed.")
    data_categories: list[Id] = Field(
        default=[], description="Ids of the data categories it processes."
    )
    recipient: bool = Field(
        default=True,
        description=(
            "Whether the notice lists the processor among the recipients "
            "(WP260 advises naming them); the notice names it as a processor either way."
        ),
    )
    agreement: bool | None = Field(
        default=None,
        description=(
            "Whether it processes the data under a data processing agreement (Art. 28(3)) and "
            "only on the controller's instructions; absent: not stated."
        ),
    )


class Transfer(Model):
    """A transfer of data outside the EU/EEA (Art. 13(1)(f))."""

    country: TransferDestination = Field(description="Country the data goes to.")
    recipient: str | None = Field(
        default=None, min_length=1, description="Who receives the data there."
    )
    processor: Id | None = Field(
        default=None, description="Id of the processor this transfer belongs to, if any."
    )
    safeguards: list[Safeguard] = Field(
        default=[],
        description=(
            "The ground, or alternatives: adequacy_decision, data_privacy_framework, "
            "standard_contractual_clauses, binding_corporate_rules, derogation (Art. 49); "
            "and the lapsed privacy_shield and standard_contractual_clauses_2010."
        ),
    )
    derogation: Derogation | None = Field(
        default=None, description="Which Art. 49(1) derogation, when the ground is derogation."
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

    statement: Text | None = Field(
        default=None, description="The notice's own sentence about transfers."
    )
    destinations: list[Transfer] | NoneStated | None = Field(
        default=None, description='Each transfer, or "none".'
    )


class Statute(Model):
    """A provision of law, structured so that the lint can compare periods it knows."""

    act: str = Field(
        pattern=r"^\d{1,4}/\d{4}$", description="The act's number in Finlex, e.g. '1336/1997'."
    )
    section: str | None = Field(default=None, description="The section, e.g. '2 luku 10 §'.")


class RetentionTerm(Model):
    """One way of saying how long: a period, a fixed end date, or criteria."""

    period: Duration | None = Field(
        default=None, description="ISO 8601 period, e.g. 'P6Y', 'P3M', 'PT10M'."
    )
    at_most: bool = Field(default=False, description="Whether the period is an upper limit.")
    until: date | None = Field(default=None, description="A fixed end date.")
    counted_from: Text | None = Field(
        default=None,
        description=(
            "The event the period counts from, e.g. 'the end of the client relationship'."
        ),
    )
    criteria: Text | None = Field(
        default=None, description="Criteria used when a fixed period is not possible."
    )
    medium: Medium | None = Field(
        default=None, description="paper or electronic, when the term applies to one only."
    )
    subjects: list[Id] = Field(
        default=[], description="Ids of the data-subject groups the term applies to."
    )

    @model_validator(mode="after")
    def _one_form(self) -> RetentionTerm:
        if self.period is not None and self.until is not None:
            raise PydanticCustomError(
                "retention_form",
                "a retention term gives either a period or an end date (until), not both",
            )
        if self.at_most and self.period is None:
            raise PydanticCustomError(
                "retention_form", "at_most applies to a period; give period with it"
            )
        if self.until is not None and self.counted_from is not None:
            raise PydanticCustomError(
                "retention_form",
                "an end date (until) counts from nothing; remove counted_from or give a period",
            )
        return self

    @property
    def stated(self) -> bool:
        return self.period is not None or self.until is not None or self.criteria is not None


class RetentionRule(RetentionTerm):
    """How long data is kept (Art. 13(2)(a)): one term written inline, or several ``terms``."""

    id: Id = Field(description="Identifier referenced by data categories.")
    terms: list[RetentionTerm] = Field(
        default=[],
        description="Several terms (by medium, by subject group, or alternatives).",
    )
    combine: Combine | None = Field(
        default=None,
        description="When two terms apply to one item: 'later' or 'earlier' decides.",
    )
    statutory_basis: Text | None = Field(
        default=None, description="The law that sets the period, e.g. 'Laki 703/2023'."
    )
    statute: Statute | list[Statute] | None = Field(
        default=None, description="The provision that sets the period, structured."
    )

    @model_validator(mode="after")
    def _inline_or_terms(self) -> RetentionRule:
        if self.terms and (
            self.stated or self.medium is not None or self.subjects or self.counted_from is not None
        ):
            raise PydanticCustomError(
                "retention_form",
                "write one term inline (period, until, criteria, …) or a list of terms, not both",
            )
        return self

    @property
    def all_terms(self) -> list[RetentionTerm]:
        """The rule's terms; a rule written inline is its own single term."""
        return list(self.terms) if self.terms else [self]

    @property
    def statutes(self) -> list[Statute]:
        if self.statute is None:
            return []
        return [self.statute] if isinstance(self.statute, Statute) else list(self.statute)


class AutomatedDecisions(Model):
    """Automated decision-making and profiling (Art. 22, 13(2)(f))."""

    used: bool | None = Field(
        default=None,
        description=(
            "Whether decisions with legal or similarly significant effects are made "
            "automatically; absent: not stated."
        ),
    )
    profiling: bool | None = Field(
        default=None, description="Whether profiling is done; absent: not stated."
    )
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
    """Principles of protecting the register (Art. 32; 'rekisterin suojauksen periaatteet').

    The structured measures are what an Art. 30(1)(g) record lists; ``manual``, ``electronic``
    and ``general`` are the legacy headings of a rekisteriseloste.
    """

    access_control: Text | None = Field(
        default=None, description="Who can reach the data and how access is granted and checked."
    )
    logging: Text | None = Field(
        default=None, description="What use of the data is logged and how the logs are kept."
    )
    backups: Text | None = Field(
        default=None, description="How the data is backed up and how a backup is restored."
    )
    encryption: Text | None = Field(
        default=None, description="Where the data is encrypted: connections, disks, backups."
    )
    physical: Text | None = Field(
        default=None, description="Physical security: locked premises, cabinets, devices."
    )

    manual: Text | None = Field(
        default=None, description="How manual (paper) material is protected."
    )
    electronic: Text | None = Field(
        default=None, description="How electronically processed data is protected."
    )
    general: Text | None = Field(
        default=None, description="Other measures, e.g. confidentiality obligations."
    )


class HealthCare(Model):
    """What a health-care provider's notice says of patient records beyond the GDPR.

    Only for a controller with ``health_care_provider = true``. The record-specific rights
    (who has used the records, corrections that keep the original entry) are stated for every
    health-care provider; the Kanta archive and the patient ombudsman only as declared here.
    """

    kanta: bool | None = Field(
        default=None,
        description=(
            "Whether the patient records are stored in the Kanta services' Patient Data "
            "Repository (Potilastietovaranto); absent = not stated."
        ),
    )
    patient_ombudsman: ContactPerson | None = Field(
        default=None,
        description="The patient ombudsman (potilasasiavastaava) a patient may contact.",
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
        # As on its own pages: tietosuoja.fi/yhteystiedot and tietosuoja.fi/sv/kontaktuppgifter.
        visiting_address=Address(
            street=Name({"fi": "Lintulahdenkuja 4", "sv": "Fågelviksgränden 4"}),
            postal_code="00530",
            city=Name({"fi": "Helsinki", "sv": "Helsingfors"}),
        ),
        postal_address=Address(
            street=Name({"fi": "PL 800", "sv": "PB 800"}),
            postal_code="00531",
            city=Name({"fi": "Helsinki", "sv": "Helsingfors"}),
        ),
        phone="029 566 6700",
        email="tietosuoja@om.fi",
        website="https://tietosuoja.fi",
    )


FI_OMBUDSMAN = "fi-ombudsman"


class StatedRight(Model):
    """A right the notice states, in its own words or with its own way to exercise it."""

    right: Right = Field(description="The right.")
    text: Text | None = Field(default=None, description="The notice's own wording of it.")
    how: Text | None = Field(default=None, description="How to exercise this right.")


class Rights(Model):
    """The data subject's rights as the notice states them, and the complaint route."""

    stated: list[Right | StatedRight] | Literal["derive"] | None = Field(
        default=None,
        description=(
            "The rights the notice states, or 'derive' to state the rights that apply to the "
            "legal bases; absent: no list of rights is stated."
        ),
    )
    how_to_exercise: Text | None = Field(
        default=None, description="How to make a request, e.g. 'send an email to …'."
    )
    extra: Text | None = Field(default=None, description="Further text shown after the rights.")
    restrictions: Text | None = Field(
        default=None, description="Restrictions of rights that apply (e.g. Tietosuojalaki § 34)."
    )
    requests_kept: Duration | None = Field(
        default=None,
        description=(
            "How long the record of a request and its answer is kept in the request log, e.g. "
            "'P3Y' (to show how requests were handled, Art. 5(2)); the reply to a request says it."
        ),
    )
    complaint: Literal["fi-ombudsman"] | SupervisoryAuthority | None = Field(
        default=None,
        description=(
            "The authority a person can complain to: 'fi-ombudsman' for the Finnish Data "
            "Protection Ombudsman, or a table naming another; absent: not stated."
        ),
    )

    @property
    def authority(self) -> SupervisoryAuthority | None:
        """The complaint authority the notice names, None when the route is not stated."""
        if self.complaint == FI_OMBUDSMAN:
            return ombudsman()
        return self.complaint if isinstance(self.complaint, SupervisoryAuthority) else None

    @property
    def derived(self) -> bool:
        return self.stated == "derive"

    def entries(self) -> list[StatedRight]:
        """The rights stated in the file, each as a :class:`StatedRight`."""
        if not isinstance(self.stated, list):
            return []
        return [r if isinstance(r, StatedRight) else StatedRight(right=r) for r in self.stated]


class DirectMarketing(Model):
    """Direct marketing to the register's subjects."""

    channels: list[MarketingChannel] = Field(
        default=[], description="Channels used: email, sms, post, phone (absent: not stated)."
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


class Cookie(Model):
    """A cookie or similar tracker (Act 917/2014 § 205)."""

    name: str | None = Field(
        default=None,
        min_length=1,
        description="Its name, e.g. '_pk_id'; absent when the notice describes cookies by kind.",
    )
    provider: str | None = Field(
        default=None, min_length=1, description="Who sets it, e.g. 'Matomo (own server)'."
    )
    purpose: Text = Field(description="What it is for.")
    lifetime: Duration | Literal["session"] | None = Field(
        default=None, description="How long it lives: an ISO 8601 period or 'session'."
    )
    necessary: bool | None = Field(
        default=None,
        description=(
            "Whether it is strictly necessary; if not, consent is required (absent: not stated)."
        ),
    )
    country: Place | None = Field(default=None, description="Where the provider is.")


class ExtraSection(Model):
    """A section of its own for a fact with no structured home."""

    id: Id = Field(description="Identifier.")
    after: str = Field(
        default="end",
        pattern=r"^[a-z][a-z0-9_-]*$",
        description="The id of the notice section it follows, or 'start' / 'end'.",
    )
    heading: Text = Field(description="Its heading.")
    text: Text = Field(description="Its text.")


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

    schema_version: Literal[2] = Field(
        description="The version of the register file format: 2.",
    )
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
    joint_controllers: list[JointController] = Field(
        default=[], description="Joint controllers (Art. 26) and the essence of the arrangement."
    )
    acting_as_processor: list[ActingAsProcessor] = Field(
        default=[],
        description="Processing where this controller is a processor for someone else.",
    )
    data_subjects: list[DataSubjectGroup] = Field(
        default=[], description="Categories of data subjects."
    )
    purposes: list[Purpose] = Field(min_length=1, description="Purposes of processing.")
    bases: list[BasisUse] = Field(
        default=[],
        description="Legal bases stated for the whole register rather than per purpose.",
    )
    data_categories: list[DataCategory] = Field(
        min_length=1, description="Categories of personal data (tietosisältö)."
    )
    sources: list[Source] = Field(default=[], description="Regular sources of data.")
    recipients: list[Recipient] | NoneStated | None = Field(
        default=None, description='Recipients and regular disclosures, or "none".'
    )
    processors: list[Processor] | NoneStated | None = Field(
        default=None, description='Processors acting on the controller\'s behalf, or "none".'
    )
    staff: list[StaffAccess] = Field(default=[], description="Roles with access to the data.")
    transfers: Transfers | NoneStated | None = Field(
        default=None, description='Transfers outside the EU/EEA, or "none".'
    )
    retention: list[RetentionRule] = Field(
        default=[], description="Retention rules referenced by data categories."
    )
    automated_decisions: AutomatedDecisions | NoneStated | None = Field(
        default=None, description='Automated decision-making and profiling, or "none".'
    )
    security: Security | None = Field(default=None, description="Security principles.")
    health_care: HealthCare | None = Field(
        default=None,
        description="Patient-record specifics of a health-care provider's notice.",
    )
    rights: Rights | None = Field(
        default=None, description="Rights of the data subject and the complaint route."
    )
    direct_marketing: DirectMarketing | NoneStated | None = Field(
        default=None, description='Direct marketing, or "none".'
    )
    cookies: list[Cookie] | NoneStated | None = Field(
        default=None, description='Cookies and similar trackers, or "none".'
    )
    notes: Notes | None = Field(
        default=None, description="Free sentences shown at the end of sections."
    )
    sections: list[ExtraSection] = Field(
        default=[], description="Sections of their own for facts with no structured home."
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
    # The user's template folder the register was checked against: its catalogs hold the
    # languages rekisteri does not ship, so every text about the register is looked up there.
    _templates: Path | None = PrivateAttr(default=None)

    @property
    def templates(self) -> Path | None:
        """The user's template folder whose catalogs this register's languages were checked
        against at load (``--templates``); None for rekisteri's own catalogs only."""
        return self._templates

    def checked_with(self, templates: Path | None) -> None:
        """Record the template folder whose catalogs cover this register's languages."""
        self._templates = templates

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

    def subject_group(self, group_id: str) -> DataSubjectGroup:
        return next(g for g in self.data_subjects if g.id == group_id)

    def retention_rule(self, rule_id: str) -> RetentionRule:
        return next(r for r in self.retention if r.id == rule_id)

    def data_category(self, category_id: str) -> DataCategory:
        return next(c for c in self.data_categories if c.id == category_id)

    @property
    def legal_bases(self) -> set[LegalBasis]:
        """Every Art. 6(1) basis the register states, per purpose or register-wide."""
        return {b for p in self.purposes for b in p.legal_bases} | {b.basis for b in self.bases}

    # -- the three-state sections, as their stated items ----------------------------------

    @property
    def recipient_list(self) -> list[Recipient]:
        return listed(self.recipients)

    @property
    def processor_list(self) -> list[Processor]:
        return listed(self.processors)

    @property
    def cookie_list(self) -> list[Cookie]:
        return listed(self.cookies)

    @property
    def transfer_list(self) -> list[Transfer]:
        transfers = self.transfers
        return listed(transfers.destinations) if isinstance(transfers, Transfers) else []

    @property
    def transfers_state(self) -> State:
        """Stated (destinations), none (stated none) or not stated."""
        transfers = self.transfers
        if isinstance(transfers, Transfers):
            return state_of(transfers.destinations)
        return state_of(transfers)

    @property
    def decisions(self) -> AutomatedDecisions | None:
        """The automated-decision facts; "none" reads as neither used nor profiling."""
        value = self.automated_decisions
        if value == NONE:
            return AutomatedDecisions(used=False, profiling=False)
        return value if isinstance(value, AutomatedDecisions) else None

    @property
    def marketing(self) -> DirectMarketing | None:
        """The direct marketing done; None both when stated none and when not stated."""
        value = self.direct_marketing
        return value if isinstance(value, DirectMarketing) else None


# The sections that take the word "none" as well as their facts, in the file's order.
NONE_SECTIONS: tuple[str, ...] = tuple(
    name for name, info in Register.model_fields.items() if NoneStated in get_args(info.annotation)
)


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
