"""The personal-data terms of the W3C Data Privacy Vocabulary that a data category may carry.

The terms are those of DPV 2.1's personal-data taxonomy, the ``pd`` extension (namespace
https://w3id.org/dpv/pd#; DPV 1.0 and 0.x called it ``dpv-pd``): every row of the file
``2.1/pd/pd.csv`` of https://github.com/w3c/dpv at commit 0f32ebe1eea5a21e9c21d4a9c0be0043904b005a.
``tests/notice/dpv_pd_terms.csv`` keeps those rows as they were copied, and a test holds the
lists here equal to it: the two cannot drift apart, and no term is written here from memory.

The model checks a category's ``dpv`` key against :data:`PD_TERMS` (:data:`PdTerm`); which terms
a category carries, declared or inferred from the register's facts, is
:mod:`rekisteri.register.dpv_terms`. This module imports nothing of the model, which imports it,
so the tables keyed by a model enum are keyed by the enum's string values.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from rekisteri.errors import nearest

DPV_VERSION = "2.1"
PD_NAMESPACE = "https://w3id.org/dpv/pd#"
PD_PREFIX = "pd:"
# The specification of that version, where a person finds each term with its definition.
PD_LIST_URL = "https://w3c.github.io/dpv/2.1/pd/"

# The terms of 2.1/pd/pd.csv, in its order (see the module's docstring). Words split from a text
# rather than a list literal (SIM905), which would spread the 221 names over 221 lines.
PD_TERMS = frozenset(
    PD_PREFIX + name
    for name in """
    Accent AccountIdentifier Acquantaince Age AgeExact AgeRange ApartmentOwned Association
    Attitude Authenticating AuthenticationHistory BankAccount Behavioral Biometric BirthCountry
    BirthDate BirthPlace BloodType BrowserFingerprint BrowserHistory BrowsingBehavior
    BrowsingReferral CallLog CarOwned Character Citizenship City Communication
    CommunicationsMetadata Connection Contact Country Credit CreditCapacity CreditCardNumber
    CreditRecord CreditScore CreditStanding CreditWorthiness Criminal CriminalCharge
    CriminalConviction CriminalOffense CriminalPardon CurrentEmployment DNACode Demeanor
    Demographic DeviceApplications DeviceBased DeviceOperatingSystem DeviceSoftware Dialect
    DigitalFingerprint Disability DisciplinaryAction Dislike Divorce Domicile DrugTestResult
    Education EducationExperience EducationQualification EmailAddress EmailAddressPersonal
    EmailAddressWork EmailContent Emotion EmploymentHistory EthnicOrigin Ethnicity External
    FacialExpression FacialPrint Family FamilyHealthHistory FamilyStructure Favorite
    FavoriteColor FavoriteFood FavoriteMusic Fetish Financial FinancialAccount
    FinancialAccountNumber FinancialStatus Fingerprint Friend GPSCoordinate Gender
    GeneralReputation Genetic Geographic GroupMembership GroupProfile HairColor Health
    HealthHistory HealthRecord Height Historical HouseNumber HouseOwned Household IPAddress
    Identifier Identifying Income IncomeBracket IndividualHealthHistory IndividualProfile
    Insurance Intention Interaction Interest Internal Job KnowledgeBelief Language LifeHistory
    Like LinkClicked LoanRecord Locality Location MACAddress MaritalStatus Marriage
    MedicalHealth MentalHealth Mood Name Nationality OfficialID Offspring Opinion Ownership
    PINCode Parent Passport Password PastEmployment PaymentCard PaymentCardExpiry
    PaymentCardNumber PerformanceAtWork PersonalDocuments PersonalPossession Personality
    PhilosophicalBelief PhysicalAddress PhysicalCharacteristic PhysicalHealth PhysicalTrait
    Picture Piercing PoliticalAffiliation PoliticalOpinion PostalCode Preference Prescription
    PrivacyPreference Proclivity Professional ProfessionalCertification ProfessionalEvaluation
    ProfessionalInterview Profile PublicLife PubliclyAvailableSocialMedia Purchase
    PurchasesAndSpendingHabit Race Reference Region Relationship Reliability Religion
    ReligiousBelief Residency Retina RoomNumber Salary Sale School SecretText
    ServiceConsumptionBehavior Sexual SexualHistory SexualPreference Sibling SkinTone Social
    SocialMedia SocialMediaCommunication SocialNetwork SocialStatus Street TVViewingBehavior
    Tattoo Tax TelephoneNumber Thought Tracking TradeUnionMembership Transaction Transactional
    TravelHistory UID UserAgent Username VehicalLicenseNumber VehicalLicenseRegistration Vehicle
    VehicleLicense VehicleUsage VoiceCommunicationRecording VoiceMail Weight WorkEnvironment
    WorkHistory
    """.split()  # noqa: SIM905
)

# The terms DPV types as dpv:SpecialCategoryPersonalData: a category declaring one must be
# marked `special`, or the JSON-LD would state an Art. 9(1) category the notice does not.
SPECIAL_TERMS = frozenset(
    PD_PREFIX + name
    for name in """
    Biometric BloodType DNACode Disability DrugTestResult EthnicOrigin FacialExpression
    FacialPrint FamilyHealthHistory Fetish Fingerprint Genetic Health HealthHistory HealthRecord
    IndividualHealthHistory MedicalHealth MentalHealth PhilosophicalBelief PhysicalHealth
    PoliticalAffiliation PoliticalOpinion Prescription Proclivity Race Religion ReligiousBelief
    Retina Sexual SexualHistory SexualPreference TradeUnionMembership
    """.split()  # noqa: SIM905
)

CRIMINAL_TERM = "pd:Criminal"
# pd:Criminal and the terms DPV places directly under it: data on criminal convictions and
# offences (Art. 10), which a category declaring one must say it holds (`criminal = true`).
CRIMINAL_TERMS = frozenset(
    {
        CRIMINAL_TERM,
        "pd:CriminalCharge",
        "pd:CriminalConviction",
        "pd:CriminalOffense",
        "pd:CriminalPardon",
    }
)

# The pd: concept each Art. 9(1) category falls under, by the value of the model's
# SpecialCategory. Where the GDPR names two things in one category ("racial or ethnic origin",
# "religious or philosophical beliefs") the concept is the common parent in pd:, which DPV itself
# places both under.
SPECIAL_CATEGORY_TERMS = {
    "racial_or_ethnic_origin": "pd:Ethnicity",
    "political_opinions": "pd:PoliticalOpinion",
    "religious_or_philosophical_beliefs": "pd:KnowledgeBelief",
    "trade_union_membership": "pd:TradeUnionMembership",
    "genetic": "pd:Genetic",
    "biometric": "pd:Biometric",
    "health": "pd:Health",
    "sex_life_or_orientation": "pd:Sexual",
}

# The columns a store mapping names for matching a request to a person, and the term of each:
# the mapping states that the column holds the person's name, email, phone or birth date.
STORE_ROLE_TERMS = {
    "name": "pd:Name",
    "email": "pd:EmailAddress",
    "phone": "pd:TelephoneNumber",
    "birth_date": "pd:BirthDate",
}


def check_pd_term(value: str) -> str:
    """``value`` if it is a term of :data:`PD_TERMS`, else a pydantic error naming the nearest."""
    if value in PD_TERMS:
        return value
    # "EmailAddress" without its prefix is still that term, not a typo of another one.
    bare = PD_PREFIX + value if not value.startswith(PD_PREFIX) else value
    guess = bare if bare in PD_TERMS else nearest(bare, sorted(PD_TERMS))
    raise PydanticCustomError(
        "dpv_term",
        "'{value}' is not a term of the DPV {version} personal-data taxonomy",
        {"value": value, "version": DPV_VERSION, "suggestion": guess or ""},
    )


PdTerm = Annotated[
    str,
    AfterValidator(check_pd_term),
    WithJsonSchema({"type": "string", "enum": sorted(PD_TERMS)}),
]
