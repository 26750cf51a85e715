"""Change texts: the semantic changes between two register versions in a reader's words.

:mod:`rekisteri.register.diff` finds the changes; this module says each as a sentence in the
notice's language and writes the list as text, JSON or the "what changed" box a notice page can
include (the version archive words its entries with it too).

A sentence names what changed as the notice names it: an item by its name in the reader's
language, a field by a label of the catalog, a value in words (a legal basis, a country, a period
through Babel). No identifier, key of the register file or raw value reaches the reader.

Finnish and English verbs agree with their subject. A field label is singular or plural
(:attr:`_Field.plural`) and the sentence is chosen with ``ngettext`` for that number: a
translation keeps the number of the English label ("criteria" / "perusteet"), so that
"Säilytysajan perusteet muuttuivat" and "The criteria … were removed" come out right. Elsewhere
the subject is always singular (an item, a retention period), or Finnish uses the passive, which
does not agree ("lisättiin", "poistettiin").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from rekisteri.documents import i18n
from rekisteri.documents.i18n import N_, translations
from rekisteri.documents.phrases import (
    ART9_CONDITION,
    DEROGATION,
    HETU_GROUND,
    MEDIUM,
    PROVISION,
    RIGHT_TITLE,
    SAFEGUARD,
    SPECIAL_CATEGORY,
)
from rekisteri.register.diff import ITEM_KEYS, Change, diff_registers
from rekisteri.register.model import (
    FI_OMBUDSMAN,
    NONE,
    Combine,
    ConsentModel,
    LegalBasis,
    MarketingChannel,
    Medium,
    Register,
    Requirement,
    Right,
    SourceKind,
    SpecialCategory,
    Voice,
    listed,
    parse_period,
)

if TYPE_CHECKING:
    from gettext import GNUTranslations as Translations

# --- what each field is called ------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    """How a field of the register is said in a change sentence.

    ``label`` is a catalog message: the field as a noun ("email address"), singular or
    ``plural`` in every language. ``kind`` says how its values read: "text" (a paragraph: only
    that it changed), "name" (a short text, quoted), "plain" (as written: an email, a company),
    "phone", "place", "enum" (``values`` maps each value to a message of the ``domain``
    catalog), "ids" (references to items of ``refers``), "rules" (retention rules), "period",
    "lifetime", "date", "number", "address", "statutes", "terms", "bases", "entries" (a list of
    tables, each named by its ``key`` text), "rights", "authority", "special" (the special
    category), "codes" (vocabulary terms such as ``pd:EmailAddress``, said as written), "table"
    and "position" (said without values). ``owner`` names whose field it is
    when the item or section does not (a nested table: the patient ombudsman's phone). A yes/no
    field has ``statements``: the sentences for yes, for no and (a field that may be left
    unstated) for not stated.
    """

    label: str
    plural: bool = False
    kind: str = "text"
    values: Mapping[str, str] | None = None
    domain: str = "diff"
    refers: str | None = None
    key: str | None = None
    owner: str | None = None
    statements: tuple[str, str, str | None] | None = None


def _labels(table: Mapping[Any, str]) -> dict[str, str]:
    return {str(value): label for value, label in table.items()}


# Value labels. Those the notice has (the special categories, the Art. 9(2) conditions, the
# safeguards, …) are the notice's own words, from its catalog; the rest are the diff's.
_LEGAL_BASIS = {
    LegalBasis.CONSENT: N_("consent (GDPR Art. 6(1)(a))"),
    LegalBasis.CONTRACT: N_("contract (GDPR Art. 6(1)(b))"),
    LegalBasis.LEGAL_OBLIGATION: N_("legal obligation (GDPR Art. 6(1)(c))"),
    LegalBasis.VITAL_INTERESTS: N_("vital interests (GDPR Art. 6(1)(d))"),
    LegalBasis.PUBLIC_TASK: N_("public task (GDPR Art. 6(1)(e))"),
    LegalBasis.LEGITIMATE_INTERESTS: N_("legitimate interests (GDPR Art. 6(1)(f))"),
}
_REQUIREMENT = {
    Requirement.STATUTORY: N_("a statutory requirement"),
    Requirement.CONTRACTUAL: N_("a contractual requirement"),
    Requirement.CONTRACT_PREREQUISITE: N_("a requirement for entering into a contract"),
    Requirement.VOLUNTARY: N_("voluntary"),
}
_SOURCE_KIND = {
    SourceKind.DATA_SUBJECT: N_("the data subject"),
    SourceKind.CONTROLLER: N_("the controller"),
    SourceKind.THIRD_PARTY: N_("a third party"),
    SourceKind.PUBLIC: N_("a public source"),
}
_COMBINE = {
    Combine.LATER: N_("whichever is later"),
    Combine.EARLIER: N_("whichever is earlier"),
}
_CONSENT_MODEL = {
    ConsentModel.PRIOR_CONSENT: N_("prior consent"),
    ConsentModel.SOFT_OPT_IN: N_("an existing customer relationship (soft opt-in)"),
}
_CHANNEL = {
    MarketingChannel.EMAIL: N_("email"),
    MarketingChannel.SMS: N_("text message"),
    MarketingChannel.POST: N_("post"),
    MarketingChannel.PHONE: N_("phone"),
}
_VOICE = {
    Voice.I: N_("the first person singular (“I”)"),
    Voice.WE: N_("the first person plural (“we”)"),
}
# Withdrawing consent has no entry of its own in the notice's list of rights.
_WITHDRAW_CONSENT = N_("right to withdraw consent")


def _person(prefix: str = "", owner: str | None = None) -> dict[str, _Field]:
    """The fields of a contact person (the contact, the DPO, the patient ombudsman)."""
    return {
        f"{prefix}name": _Field(N_("name"), kind="plain", owner=owner),
        f"{prefix}title": _Field(N_("title"), kind="name", owner=owner),
        f"{prefix}phone": _Field(N_("phone number"), kind="phone", owner=owner),
        f"{prefix}email": _Field(N_("email address"), kind="plain", owner=owner),
        f"{prefix}address": _Field(N_("postal address"), kind="address", owner=owner),
    }


def _authority(prefix: str, owner: str) -> dict[str, _Field]:
    """The fields of a supervisory authority the register names itself."""
    return {
        f"{prefix}name": _Field(N_("name"), kind="name", owner=owner),
        f"{prefix}visiting_address": _Field(N_("visiting address"), kind="address", owner=owner),
        f"{prefix}postal_address": _Field(N_("postal address"), kind="address", owner=owner),
        f"{prefix}phone": _Field(N_("phone number"), kind="phone", owner=owner),
        f"{prefix}email": _Field(N_("email address"), kind="plain", owner=owner),
        f"{prefix}website": _Field(N_("website"), kind="plain", owner=owner),
    }


def _yes_no(now: str, no_longer: str, unstated: str | None = None) -> _Field:
    return _Field("", kind="bool", statements=(now, no_longer, unstated))


# Every field a change can name, by section and key path inside the item or table ("" for a
# section that is one value). tests/notice/test_changes_words.py checks that each field of the
# model is here.
_FIELDS: dict[str, dict[str, _Field]] = {
    "name": {"": _Field(N_("name"), kind="name", owner=N_("of the register"))},
    "description": {"": _Field(N_("introduction"), owner=N_("of the notice"))},
    "controller": {
        "name": _Field(N_("name"), kind="plain"),
        "names": _Field(N_("name in each language"), kind="name"),
        "business_id": _Field(N_("business ID"), kind="plain"),
        "address": _Field(N_("postal address"), kind="address"),
        "visiting_address": _Field(N_("visiting address"), kind="address"),
        "phone": _Field(N_("phone number"), kind="phone"),
        "email": _Field(N_("email address"), kind="plain"),
        "website": _Field(N_("website"), kind="plain"),
        "more_contacts": _Field(
            N_("other contact details"), plural=True, kind="entries", key="label"
        ),
        "group": _Field(N_("group of companies"), kind="name"),
        "health_care_provider": _yes_no(
            N_("The controller is now a health-care provider."),
            N_("The controller is no longer a health-care provider."),
        ),
        "voice": _Field(
            N_("voice"), kind="enum", values=_labels(_VOICE), owner=N_("of the notice")
        ),
    },
    "contact": _person(),
    "dpo": _person(),
    "representative": {
        "name": _Field(N_("name"), kind="plain"),
        "address": _Field(N_("postal address"), kind="address"),
        "email": _Field(N_("email address"), kind="plain"),
        "phone": _Field(N_("phone number"), kind="phone"),
    },
    "joint_controllers": {
        "names": _Field(N_("name in each language"), kind="name"),
        "essence": _Field(N_("essence of the arrangement")),
        "country": _Field(N_("country"), kind="place"),
        "contact": _Field(N_("contact details"), plural=True),
        "website": _Field(N_("website"), kind="plain"),
        "purposes": _Field(N_("joint purposes"), plural=True, kind="ids", refers="purposes"),
    },
    "acting_as_processor": {
        "": _Field(
            N_("processing on behalf of other controllers"), kind="entries", key="controller"
        )
    },
    "data_subjects": {
        "name": _Field(N_("name"), kind="name"),
        "description": _Field(N_("description")),
        "children": _yes_no(
            N_("Data subject group %(name)s now includes children under 13."),
            N_("Data subject group %(name)s no longer includes children under 13."),
        ),
    },
    "purposes": {
        "name": _Field(N_("name"), kind="name"),
        "description": _Field(N_("description")),
        "legal_basis": _Field(N_("legal basis"), kind="enum", values=_labels(_LEGAL_BASIS)),
        "bases": _Field(N_("legal bases"), plural=True, kind="bases"),
        "legitimate_interest": _Field(N_("legitimate interest")),
        "basis_details": _Field(N_("law or contract behind the legal basis"), kind="name"),
        "requirement": _Field(
            N_("requirement to give the data"), kind="enum", values=_labels(_REQUIREMENT)
        ),
        "consequences": _Field(N_("consequences of not giving the data"), plural=True),
        "direct_marketing": _yes_no(
            N_("Purpose %(name)s is now direct marketing."),
            N_("Purpose %(name)s is no longer direct marketing."),
        ),
        "online_service": _yes_no(
            N_("Purpose %(name)s is now an online service offered directly to the person."),
            N_("Purpose %(name)s is no longer an online service offered directly to the person."),
        ),
        "consent_required_for_service": _yes_no(
            N_("Under purpose %(name)s, consent is now a condition of the service."),
            N_("Under purpose %(name)s, consent is no longer a condition of the service."),
        ),
        "child_consent": _Field(N_("rules on children’s consent"), plural=True, kind="table"),
        "child_consent.from_age": _Field(N_("age limit for a child’s own consent"), kind="number"),
        "child_consent.guardian_below": _yes_no(
            N_("Under purpose %(name)s, a guardian now consents for a younger child."),
            N_("Under purpose %(name)s, a guardian no longer consents for a younger child."),
            N_(
                "The notice no longer says whether a guardian consents for a younger child "
                "under purpose %(name)s."
            ),
        ),
        "child_consent.how_checked": _Field(N_("method of checking age and a guardian’s consent")),
    },
    "bases": {"": _Field(N_("legal bases of the whole register"), plural=True, kind="bases")},
    "data_categories": {
        "name": _Field(N_("name"), kind="name"),
        "description": _Field(N_("description")),
        "subjects": _Field(
            N_("data subject groups"), plural=True, kind="ids", refers="data_subjects"
        ),
        "purposes": _Field(N_("purposes"), plural=True, kind="ids", refers="purposes"),
        "sources": _Field(N_("sources"), plural=True, kind="ids", refers="sources"),
        "retention": _Field(N_("retention period"), kind="rules"),
        "provision": _Field(
            N_("obligation to give the data"),
            kind="enum",
            values=_labels(PROVISION),
            domain="messages",
        ),
        "special": _Field(N_("special category of personal data"), kind="special"),
        "special.category": _Field(
            N_("special category of personal data"),
            kind="enum",
            values=_labels(SPECIAL_CATEGORY),
            domain="messages",
        ),
        "special.condition": _Field(
            N_("Art. 9(2) condition"),
            kind="enum",
            values=_labels(ART9_CONDITION),
            domain="messages",
        ),
        "special.national_ground": _Field(N_("national ground of the condition"), kind="name"),
        "criminal": _yes_no(
            N_("Data category %(name)s now contains data on criminal convictions and offences."),
            N_(
                "Data category %(name)s no longer contains data on criminal convictions and "
                "offences."
            ),
        ),
        "hetu": _yes_no(
            N_("Data category %(name)s now contains personal identity codes."),
            N_("Data category %(name)s no longer contains personal identity codes."),
        ),
        "hetu_ground": _Field(
            N_("ground for using the personal identity code"),
            kind="enum",
            values=_labels(HETU_GROUND),
            domain="messages",
        ),
        "third_party": _yes_no(
            N_("Data category %(name)s is now about people other than the data subject."),
            N_("Data category %(name)s is no longer about people other than the data subject."),
        ),
        "observed": _yes_no(
            N_("Data category %(name)s is now observed from the use of the service."),
            N_("Data category %(name)s is no longer observed from the use of the service."),
        ),
        "medium": _Field(
            N_("storage form"),
            kind="enum",
            values=_labels(MEDIUM),
            domain="messages",
        ),
        "review": _yes_no(
            N_(
                "Data category %(name)s is now reviewed by a professional before it is "
                "released in an access copy."
            ),
            N_(
                "Data category %(name)s is no longer reviewed by a professional before it is "
                "released in an access copy."
            ),
        ),
        # Said as the JSON-LD writes them: the terms are names in DPV, not words of the notice.
        "dpv": _Field(N_("DPV personal-data terms"), plural=True, kind="codes"),
    },
    "sources": {
        "name": _Field(N_("name"), kind="name"),
        "description": _Field(N_("description")),
        "kind": _Field(N_("kind"), kind="enum", values=_labels(_SOURCE_KIND)),
        "group": _Field(
            N_("data subject group that gives the data"), kind="ids", refers="data_subjects"
        ),
    },
    "recipients": {
        "name": _Field(N_("name"), kind="name"),
        "description": _Field(N_("description")),
        "data_categories": _Field(
            N_("disclosed data categories"), plural=True, kind="ids", refers="data_categories"
        ),
        "country": _Field(N_("country"), kind="place"),
        "basis": _Field(N_("ground for the disclosure"), kind="name"),
    },
    "processors": {
        "name": _Field(N_("name"), kind="plain"),
        "role": _Field(N_("role"), kind="name"),
        "country": _Field(N_("country"), kind="place"),
        "data_categories": _Field(
            N_("processed data categories"), plural=True, kind="ids", refers="data_categories"
        ),
        "recipient": _yes_no(
            N_("Processor %(name)s is now listed among the recipients."),
            N_("Processor %(name)s is no longer listed among the recipients."),
        ),
        "agreement": _yes_no(
            N_("Processor %(name)s now processes the data under a data processing agreement."),
            N_("The notice now says that processor %(name)s has no data processing agreement."),
            N_(
                "The notice no longer says whether processor %(name)s has a data processing "
                "agreement."
            ),
        ),
    },
    "staff": {
        "": _Field(N_("roles with access to the data"), plural=True, kind="entries", key="role")
    },
    "transfers": {
        "statement": _Field(N_("description of transfers outside the EU and the EEA")),
        "destinations": _Field(
            N_("transfers outside the EU and the EEA"), plural=True, kind="transfers"
        ),
    },
    "retention": {
        "period": _Field(N_("length"), kind="period"),
        "at_most": _yes_no(
            N_("%(rule)s is now an upper limit."), N_("%(rule)s is no longer an upper limit.")
        ),
        "until": _Field(N_("end date"), kind="date"),
        "counted_from": _Field(N_("starting point"), kind="name"),
        "criteria": _Field(N_("criteria"), plural=True),
        "medium": _Field(
            N_("scope by medium"),
            kind="enum",
            values=_labels(MEDIUM),
            domain="messages",
        ),
        "subjects": _Field(N_("scope by data subject group"), kind="ids", refers="data_subjects"),
        "terms": _Field(N_("terms"), plural=True, kind="terms"),
        "combine": _Field(N_("deciding term"), kind="enum", values=_labels(_COMBINE)),
        "statutory_basis": _Field(N_("governing law"), kind="name"),
        "statute": _Field(N_("governing provision"), kind="statutes"),
    },
    "automated_decisions": {
        "used": _yes_no(
            N_("The data is now used for automated decisions."),
            N_("The data is no longer used for automated decisions."),
            N_("The notice no longer says whether the data is used for automated decisions."),
        ),
        "profiling": _yes_no(
            N_("The data is now used for profiling."),
            N_("The data is no longer used for profiling."),
            N_("The notice no longer says whether the data is used for profiling."),
        ),
        "logic": _Field(N_("logic of the automated decisions")),
        "significance": _Field(N_("significance of the automated decisions")),
        "consequences": _Field(N_("consequences of the automated decisions"), plural=True),
        "statement": _Field(N_("description of automated decision-making")),
    },
    "security": {
        "access_control": _Field(N_("description of access control")),
        "logging": _Field(N_("description of logging")),
        "backups": _Field(N_("description of backups")),
        "encryption": _Field(N_("description of encryption")),
        "physical": _Field(N_("description of physical security")),
        "manual": _Field(N_("description of how manual material is protected")),
        "electronic": _Field(N_("description of how electronic data is protected")),
        "general": _Field(N_("general principles of security"), plural=True),
    },
    "health_care": {
        "kanta": _yes_no(
            N_("Patient records are now stored in the Kanta Patient Data Repository."),
            N_("Patient records are no longer stored in the Kanta Patient Data Repository."),
            N_(
                "The notice no longer says whether patient records are stored in the Kanta "
                "Patient Data Repository."
            ),
        ),
        "patient_ombudsman": _Field(
            N_("contact details of the patient ombudsman"), plural=True, kind="table"
        ),
        **_person("patient_ombudsman.", owner=N_("of the patient ombudsman")),
    },
    "rights": {
        "stated": _Field(N_("listed rights"), plural=True, kind="rights"),
        "how_to_exercise": _Field(N_("instructions for using the rights"), plural=True),
        "extra": _Field(N_("further text on the rights")),
        "restrictions": _Field(N_("restrictions of the rights"), plural=True),
        "requests_kept": _Field(N_("retention period of the request log"), kind="period"),
        "complaint": _Field(N_("supervisory authority"), kind="authority"),
        **_authority("complaint.", owner=N_("of the supervisory authority")),
    },
    "direct_marketing": {
        "channels": _Field(
            N_("channels of direct marketing"), plural=True, kind="enum", values=_labels(_CHANNEL)
        ),
        "consent_model": _Field(
            N_("ground for electronic direct marketing"),
            kind="enum",
            values=_labels(_CONSENT_MODEL),
        ),
        "opt_out": _Field(N_("instructions for refusing direct marketing"), plural=True),
        "description": _Field(N_("description of direct marketing")),
    },
    "cookies": {
        "provider": _Field(N_("provider"), kind="plain"),
        "purpose": _Field(N_("purpose"), kind="name"),
        "lifetime": _Field(N_("lifetime"), kind="lifetime"),
        "necessary": _yes_no(
            N_("Cookie %(name)s is now strictly necessary."),
            N_("Cookie %(name)s is no longer strictly necessary."),
            N_("The notice no longer says whether cookie %(name)s is strictly necessary."),
        ),
        "country": _Field(N_("country"), kind="place"),
    },
    "notes": {
        "purposes": _Field(N_("note on the purposes")),
        "data_categories": _Field(N_("note on the data categories")),
        "sources": _Field(N_("note on the sources")),
        "recipients": _Field(N_("note on the recipients")),
        "processors": _Field(N_("note on the processors")),
        "retention": _Field(N_("note on the retention periods")),
    },
    "sections": {
        "heading": _Field(N_("heading"), kind="name"),
        "text": _Field(N_("text")),
        "after": _Field(N_("place in the notice"), kind="position"),
    },
}

# A transfer's own fields (transfers.destinations is a list of them, matched by destination).
_TRANSFER_FIELDS = {
    "recipient": _Field(N_("recipient"), kind="plain"),
    "processor": _Field(N_("processor"), kind="ids", refers="processors"),
    "safeguards": _Field(
        N_("safeguards"),
        plural=True,
        kind="enum",
        values=_labels(SAFEGUARD),
        domain="messages",
    ),
    "derogation": _Field(
        N_("derogation"), kind="enum", values=_labels(DEROGATION), domain="messages"
    ),
    "details": _Field(N_("details"), plural=True),
    "obtain_copy": _Field(N_("instructions for obtaining a copy of the safeguards"), plural=True),
}

# The field that names an item: a change of it renames the item.
_NAMING = {
    "data_subjects": "name",
    "purposes": "name",
    "data_categories": "name",
    "sources": "name",
    "recipients": "name",
    "processors": "name",
    "joint_controllers": "names",
    "sections": "heading",
}

# An item of a list section: as the subject of a sentence, and as the owner of a field.
_ITEMS = {
    "joint_controllers": (N_("joint controller %(name)s"), N_("of joint controller %(name)s")),
    "data_subjects": (N_("data subject group %(name)s"), N_("of data subject group %(name)s")),
    "purposes": (N_("purpose %(name)s"), N_("of purpose %(name)s")),
    "data_categories": (N_("data category %(name)s"), N_("of data category %(name)s")),
    "sources": (N_("source %(name)s"), N_("of source %(name)s")),
    "recipients": (N_("recipient %(name)s"), N_("of recipient %(name)s")),
    "processors": (N_("processor %(name)s"), N_("of processor %(name)s")),
    "cookies": (N_("cookie %(name)s"), N_("of cookie %(name)s")),
    "sections": (N_("section %(name)s"), N_("of section %(name)s")),
}

# Whose fields a single table's are; the fields of the others name their owner in their label.
_OWNERS = {
    "controller": N_("of the controller"),
    "contact": N_("of the contact person"),
    "dpo": N_("of the data protection officer"),
    "representative": N_("of the EU representative"),
}

# The notice's sections as a reader finds them, for a section added or removed as a whole.
_SECTION_TITLES = {
    "name": N_("Register name"),
    "description": N_("Introduction"),
    "controller": N_("Controller"),
    "contact": N_("Contact person"),
    "dpo": N_("Data protection officer"),
    "representative": N_("EU representative"),
    "joint_controllers": N_("Joint controllers"),
    "acting_as_processor": N_("Processing on behalf of another controller"),
    "data_subjects": N_("Data subject groups"),
    "purposes": N_("Purposes"),
    "bases": N_("Legal bases of the whole register"),
    "data_categories": N_("Data categories"),
    "sources": N_("Sources"),
    "recipients": N_("Recipients"),
    "processors": N_("Processors"),
    "staff": N_("Roles with access to the data"),
    "transfers": N_("Transfers outside the EU and the EEA"),
    "retention": N_("Retention periods"),
    "automated_decisions": N_("Automated decision-making"),
    "security": N_("Security"),
    "health_care": N_("Patient records"),
    "rights": N_("Rights"),
    "direct_marketing": N_("Direct marketing"),
    "cookies": N_("Cookies"),
    "notes": N_("Notes"),
    "sections": N_("Other sections"),
}

# What a section stated "none" says, quoted when that statement comes or goes.
_NONE_STATEMENTS = {
    "recipients": N_("no recipients"),
    "processors": N_("no processors"),
    "transfers": N_("no transfers outside the EU and the EEA"),
    "automated_decisions": N_("no automated decision-making"),
    "direct_marketing": N_("no direct marketing"),
    "cookies": N_("no cookies"),
}

# Sentences with a field as their subject, (singular, plural): the verb agrees with the label.
_CHANGED_FROM_TO = (
    N_("The %(subject)s changed from %(old)s to %(new)s."),
    N_("The %(subject)s changed from %(old)s to %(new)s."),
)
_CHANGED = (N_("The %(subject)s changed."), N_("The %(subject)s changed."))
_ADDED_VALUE = (
    N_("The %(subject)s was added: %(new)s."),
    N_("The %(subject)s were added: %(new)s."),
)
_ADDED = (N_("The %(subject)s was added."), N_("The %(subject)s were added."))
_REMOVED_VALUE = (
    N_("The %(subject)s was removed (before: %(old)s)."),
    N_("The %(subject)s were removed (before: %(old)s)."),
)
_REMOVED = (N_("The %(subject)s was removed."), N_("The %(subject)s were removed."))
_LIST_CHANGED = (
    N_("The %(subject)s changed: %(parts)s."),
    N_("The %(subject)s changed: %(parts)s."),
)

_INFORM = N_(
    "Tell the data subjects before the processing for the new purpose starts "
    "(GDPR Art. 13(3) and 14(4))."
)
_CONSENT = N_("Ask for consent before the processing starts.")

# How many seconds a period's units last on average, to tell a longer period from a shorter.
_SECONDS = (365.2425 * 86400, 30.436875 * 86400, 86400, 3600, 60, 1)


# --- the sentences ------------------------------------------------------------------------------


class _Words:
    """The change sentences for one pair of registers in one language."""

    def __init__(self, old: Register, new: Register, lang: str) -> None:
        self.old, self.new, self.lang = old, new, lang
        catalog = translations(lang, "diff", templates=new.templates)
        self._: Callable[[str], str] = catalog.gettext
        self._ngettext = catalog.ngettext
        self._notice: Translations | None = None

    # -- small helpers ----------------------------------------------------------------------

    def number(self, pair: tuple[str, str], plural: bool) -> str:
        return str(self._ngettext(pair[0], pair[1], 2 if plural else 1))

    def notice_word(self, message: str) -> str:
        """A message of the notice's own catalog, for the words the notice already has."""
        if self._notice is None:
            self._notice = translations(self.lang, templates=self.new.templates)
        return str(self._notice.gettext(message))

    def quoted(self, text: str) -> str:
        return self._("“%(text)s”") % {"text": text}

    def text(self, value: Any) -> str:
        """A localized text (or a name) of the register as JSON, in the reader's language."""
        if isinstance(value, dict):
            if self.lang in value:
                return str(value[self.lang])
            return str(next(iter(value.values()), ""))
        return str(value)

    def list_of(self, items: Sequence[str]) -> str:
        # Babel stays off module load: a diff without lists never needs it.
        from babel.lists import format_list

        return str(format_list(list(items), locale=i18n.locale(self.lang)))

    def register_of(self, change: Change) -> Register:
        return self.old if change.kind == "removed" else self.new

    # -- names --------------------------------------------------------------------------------

    def find(self, register: Register, section: str, item_id: str | None) -> Any | None:
        """The item of a list section with this id (or name, where items have no id)."""
        key = ITEM_KEYS.get(section, "id")
        items = listed(getattr(register, section, None))
        return next((item for item in items if getattr(item, key, None) == item_id), None)

    def item_name(self, register: Register, section: str, item_id: str | None) -> str:
        """The name of an item as the notice shows it, quoted."""
        item = self.find(register, section, item_id)
        return self.quoted(self._("unnamed") if item is None else self.name_of(item))

    def name_of(self, item: Any) -> str:
        for attribute in ("names", "name", "heading", "role", "provider", "purpose"):
            value = getattr(item, attribute, None)
            if value is None:
                continue
            return value if isinstance(value, str) else str(value.get(self.lang))
        return self._("unnamed")

    def referenced(self, section: str, ids: Sequence[str]) -> list[str]:
        """The names of items referenced by id as the new register names them (an item renamed
        is named as the rest of the list names it), or as the old one did for an item gone."""
        return [
            self.item_name(self.new if self.find(self.new, section, i) else self.old, section, i)
            for i in ids
        ]

    # -- retention rules ------------------------------------------------------------------

    def rule(
        self, register: Register, rule_id: str | None, *, by_event: bool = True
    ) -> tuple[str, str]:
        """A retention rule as a subject and as an owner: by the event it counts from, or by
        the data categories kept under it."""
        rule = next((r for r in register.retention if r.id == rule_id), None)
        _ = self._
        if rule is not None and by_event and rule.counted_from is not None:
            event = {"event": rule.counted_from.get(self.lang)}
            return (
                _("the retention period counted from %(event)s") % event,
                _("of the retention period counted from %(event)s") % event,
            )
        categories = [
            self.quoted(self.name_of(category))
            for category in register.data_categories
            if rule_id in category.retention_ids
        ]
        if not categories:
            return _("a retention period"), _("of a retention period")
        names = {"names": self.list_of(categories)}
        plural = len(categories) > 1
        return (
            self.number(
                (
                    N_("the retention period of data category %(names)s"),
                    N_("the retention period of data categories %(names)s"),
                ),
                plural,
            )
            % names,
            self.number(
                (
                    N_("of the retention period of data category %(names)s"),
                    N_("of the retention period of data categories %(names)s"),
                ),
                plural,
            )
            % names,
        )

    def term_summary(self, term: Mapping[str, Any]) -> str | None:
        """A retention term in words: "2 vuotta asiakassuhteen päättymisestä"."""
        _ = self._
        if term.get("until"):
            said = _("until %(date)s") % {"date": self.date(term["until"])}
        elif term.get("period"):
            said = i18n.format_duration(str(term["period"]), self.lang)
            if term.get("at_most"):
                said = _("at most %(period)s") % {"period": said}
            if term.get("counted_from"):
                said = _("%(period)s from %(event)s") % {
                    "period": said,
                    "event": self.text(term["counted_from"]),
                }
        elif term.get("criteria"):
            said = self.quoted(self.text(term["criteria"]))
        else:
            return None
        scope = [
            *self.referenced("data_subjects", term.get("subjects") or []),
            *([self.notice_word(MEDIUM[Medium(term["medium"])])] if term.get("medium") else []),
        ]
        if scope:
            said = _("%(term)s (%(scope)s)") % {"term": said, "scope": self.list_of(scope)}
        return said

    def rule_summary(self, register: Register, rule_id: str, *, event: bool = True) -> str | None:
        """A rule's terms in words, None for a rule that states none; without the event it
        counts from when the sentence names the rule by that event already."""
        rule = next((r for r in register.retention if r.id == rule_id), None)
        if rule is None:
            return None
        data = rule.model_dump(mode="json", by_alias=True)
        if not event:
            data["counted_from"] = None
        terms = data["terms"] or [data]
        said = [s for s in (self.term_summary(t) for t in terms) if s]
        return "; ".join(said) if said else None

    # -- values ---------------------------------------------------------------------------

    def date(self, value: Any) -> str:
        return i18n.format_date(date.fromisoformat(str(value)), self.lang)

    def value(self, field: _Field, value: Any, register: Register | None = None) -> str:
        """A value of ``field`` in words; a retention rule it names is worded as ``register``
        (the version the value is from; by default the new one) states it."""
        _ = self._
        register = register or self.new
        kind = field.kind
        if kind == "name":
            return self.quoted(self.text(value))
        if kind == "phone":
            return i18n.format_phone(str(value))
        if kind == "place":
            return i18n.country_name(str(value), self.lang)
        if kind == "enum":
            return self.enum(field, value)
        if kind == "codes":
            return self.list_of([str(v) for v in _as_list(value)])
        if kind == "ids":
            return self.list_of(self.referenced(field.refers or "", _as_list(value)))
        if kind == "rules":
            summaries = (self.rule_summary(register, r) for r in _as_list(value))
            return "; ".join(summary or _("not stated") for summary in summaries)
        if kind == "period":
            return i18n.format_duration(str(value), self.lang)
        if kind == "lifetime":
            if value == "session":
                return _("the length of the session")
            return i18n.format_duration(str(value), self.lang)
        if kind == "date":
            return self.date(value)
        if kind == "number":
            return i18n.format_number(int(value), self.lang)
        if kind == "address":
            return self.address(value)
        if kind == "statutes":
            return self.list_of(
                [
                    " ".join(part for part in (s.get("act"), s.get("section")) if part)
                    for s in _as_list(value)
                ]
            )
        if kind == "terms":
            said = [s for s in (self.term_summary(t) for t in _as_list(value)) if s]
            return "; ".join(said) if said else _("not stated")
        if kind == "rights":
            if value == "derive":
                return _("the rights that follow from the legal bases")
            return self.list_of([self.right(r) for r in _as_list(value)])
        if kind == "special":
            category = SpecialCategory(str((value or {}).get("category")))
            return _lowered(self.notice_word(SPECIAL_CATEGORY[category]))
        if kind == "authority":
            if value == FI_OMBUDSMAN:
                return _("the Office of the Data Protection Ombudsman")
            return self.quoted(self.text((value or {}).get("name", "")))
        return str(value)

    def enum(self, field: _Field, value: Any) -> str:
        if isinstance(value, list):
            return self.list_of([self.enum(field, v) for v in value])
        message = (field.values or {}).get(str(value))
        if message is None:
            return self._("not stated")
        word = self.notice_word(message) if field.domain == "messages" else self._(message)
        return _lowered(word)

    def right(self, entry: Any) -> str:
        right = Right(str(entry.get("right") if isinstance(entry, dict) else entry))
        if right in RIGHT_TITLE:
            return _lowered(self.notice_word(RIGHT_TITLE[right][0]))
        return self._(_WITHDRAW_CONSENT)

    def address(self, value: Any) -> str:
        if not isinstance(value, dict):
            return str(value)
        city = " ".join(
            p for p in (value.get("postal_code"), self.text(value.get("city") or "")) if p
        )
        parts = [self.text(value.get("street") or ""), city]
        if value.get("country"):
            parts.append(i18n.country_name(str(value["country"]), self.lang))
        return ", ".join(p for p in parts if p)

    # -- list differences -------------------------------------------------------------------

    def list_parts(self, field: _Field, old: Any, new: Any) -> list[str]:
        """What was added to a list, taken from it or changed in it, in words."""
        before, after = _as_list(old), _as_list(new)
        kind = field.kind
        if kind == "ids":
            added = self.referenced(field.refers or "", [i for i in after if i not in before])
            removed = self.referenced(field.refers or "", [i for i in before if i not in after])
            changed: list[str] = []
        elif kind == "enum":
            added = [self.enum(field, v) for v in after if v not in before]
            removed = [self.enum(field, v) for v in before if v not in after]
            changed = []
        elif kind == "codes":
            added = [str(v) for v in after if v not in before]
            removed = [str(v) for v in before if v not in after]
            changed = []
        else:
            name: Callable[[Any], str]
            if kind == "bases":
                name = self.basis_entry
            elif kind == "rights":
                name = self.right
            else:
                key = field.key or ""
                name = lambda entry: self.quoted(self.text(entry.get(key, "")))  # noqa: E731
            old_by = {name(e): e for e in before}
            new_by = {name(e): e for e in after}
            added = [n for n in new_by if n not in old_by]
            removed = [n for n in old_by if n not in new_by]
            changed = [n for n in new_by if n in old_by and new_by[n] != old_by[n]]
        _ = self._
        parts = []
        if added:
            parts.append(_("added %(items)s") % {"items": self.list_of(added)})
        if removed:
            parts.append(_("removed %(items)s") % {"items": self.list_of(removed)})
        if changed:
            parts.append(_("reworded %(items)s") % {"items": self.list_of(changed)})
        return parts

    def basis_entry(self, entry: Any) -> str:
        basis = _lowered(self._(_LEGAL_BASIS[LegalBasis(entry["basis"])]))
        if entry.get("while"):
            return self._("%(basis)s %(phase)s") % {
                "basis": basis,
                "phase": self.text(entry["while"]),
            }
        return basis

    # -- sentences --------------------------------------------------------------------------

    def sentences(self, change: Change) -> list[str]:
        fields = _FIELDS.get(change.section, {})
        path = change.field or ""
        if change.section == "transfers" and path == "destinations":
            return self.transfer_sentences(change.old, change.new)
        if path in fields and not _state_change(change):
            return self.field_sentences(change, fields[path])
        if change.item is not None and change.field is None:
            return [self.item_sentence(change)]
        return self.section_sentences(change)

    def section_sentences(self, change: Change) -> list[str]:
        _ = self._
        section = {"section": self.quoted(_(_SECTION_TITLES[change.section]))}
        if change.section in _NONE_STATEMENTS:
            statement = {
                "statement": self.quoted(_(_NONE_STATEMENTS[change.section])),
                **section,
            }
            if change.new == NONE and change.old is None:
                return [_("The statement %(statement)s was added to the notice.") % statement]
            if change.old == NONE and change.new is None:
                return [_("The statement %(statement)s was removed from the notice.") % statement]
            if change.old == NONE:
                return [
                    _(
                        "In section %(section)s, the statement %(statement)s was replaced by "
                        "a description."
                    )
                    % statement,
                    *self.table_statements(change.section, change.new),
                ]
            if change.new == NONE:
                return [
                    _(
                        "In section %(section)s, the description was replaced by the "
                        "statement %(statement)s."
                    )
                    % statement
                ]
        if change.old is None:
            added = [_("Section %(section)s was added to the notice.") % section]
            return [*added, *self.table_statements(change.section, change.new)]
        if change.new is None:
            return [_("Section %(section)s was removed from the notice.") % section]
        return [_("Section %(section)s changed.") % section]

    def table_statements(self, section: str, table: Any) -> list[str]:
        """What a section that comes into the notice says of its yes/no facts and transfers."""
        if not isinstance(table, dict):
            return []
        found = []
        if section == "transfers":
            found += self.transfer_sentences(None, table.get("destinations"))
        for key, field in _FIELDS.get(section, {}).items():
            if field.statements is not None and table.get(key) is True:
                found.append(self.statement(field, True, {}))
        return found

    def item_sentence(self, change: Change) -> str:
        _ = self._
        register = self.register_of(change)
        if change.section == "retention":
            subject, _owner = self.rule(register, change.item)
            named_by_event = any(
                r.id == change.item and r.counted_from is not None for r in register.retention
            )
            summary = self.rule_summary(register, change.item or "", event=not named_by_event)
            values = {"rule": subject, "summary": summary or ""}
            if change.kind == "added" and summary is not None:
                return _sentence(_("%(rule)s was added: %(summary)s.") % values)
            if change.kind == "added":
                return _sentence(_("%(rule)s was added.") % values)
            return _sentence(_("%(rule)s was removed.") % values)
        thing = _(_ITEMS[change.section][0]) % {
            "name": self.item_name(register, change.section, change.item)
        }
        if change.kind == "added":
            return _sentence(_("%(thing)s was added.") % {"thing": thing})
        return _sentence(_("%(thing)s was removed.") % {"thing": thing})

    def owner(self, change: Change, field: _Field) -> tuple[str | None, dict[str, str]]:
        """Whose field it is (the "of …" phrase), and the names a statement may use."""
        _ = self._
        if field.owner is not None:
            return _(field.owner), {}
        if change.section == "retention":
            by_event = change.field != "counted_from"
            subject, owner = self.rule(self.new, change.item, by_event=by_event)
            return owner, {"rule": subject}
        if change.section in _ITEMS:
            name = self.item_name(self.new, change.section, change.item)
            return _(_ITEMS[change.section][1]) % {"name": name}, {"name": name}
        if change.section in _OWNERS:
            return _(_OWNERS[change.section]), {}
        return None, {}

    def statement(self, field: _Field, value: Any, names: Mapping[str, str]) -> str:
        now, no_longer, unstated = field.statements or ("", "", None)
        if value is True:
            message = now
        elif value is None and unstated is not None:
            message = unstated
        else:
            message = no_longer
        return _sentence(self._(message) % names)

    def field_sentences(self, change: Change, field: _Field, owner: str | None = None) -> list[str]:
        _ = self._
        of, names = self.owner(change, field) if owner is None else (owner, {})
        old, new = change.old, change.new
        if field.kind == "bool":
            return [self.statement(field, new, names)]
        if change.section == "retention" and change.field in ("period", "counted_from"):
            return [self.retention_sentence(change, field, names, of or "")]
        before = None if _absent(old) else self.value(field, old, self.old)
        after = None if _absent(new) else self.value(field, new, self.new)
        renamed = change.section in _NAMING and _NAMING[change.section] == change.field
        if renamed and before is not None and after is not None and before != after:
            thing = _(_ITEMS[change.section][0]) % {"name": self.quoted(self.text(old))}
            return [
                _sentence(
                    _("%(thing)s is now called %(new)s.")
                    % {"thing": thing, "new": self.quoted(self.text(new))}
                )
            ]
        subject = _(field.label)
        if of:
            subject = _("%(field)s %(of)s") % {"field": subject, "of": of}
        if _is_list_change(field, old, new):
            parts = self.list_parts(field, old, new)
            if parts:
                values = {"subject": subject, "parts": "; ".join(parts)}
                return [_sentence(self.number(_LIST_CHANGED, field.plural) % values)]
            return [_sentence(self.number(_CHANGED, field.plural) % {"subject": subject})]
        return [_sentence(self.value_sentence(field, subject, before, after))]

    def value_sentence(
        self, field: _Field, subject: str, before: str | None, after: str | None
    ) -> str:
        """A field's value came, went or changed; a paragraph is not quoted, nor a value
        that reads the same in this language (its translation changed)."""
        silent = field.kind in ("text", "table", "position") or before == after
        values = {"subject": subject, "old": before, "new": after}
        if before is None:
            pair = _ADDED if silent else _ADDED_VALUE
        elif after is None:
            pair = _REMOVED if silent else _REMOVED_VALUE
        else:
            pair = _CHANGED if silent else _CHANGED_FROM_TO
        return self.number(pair, field.plural) % values

    def retention_sentence(
        self, change: Change, field: _Field, names: Mapping[str, str], of: str
    ) -> str:
        _ = self._
        rule = names["rule"]
        old, new = change.old, change.new
        if change.field == "counted_from":
            if _absent(old):
                return _sentence(
                    _("%(rule)s is now counted from %(new)s.")
                    % {"rule": rule, "new": self.text(new)}
                )
            if _absent(new):
                return _sentence(
                    _("The starting point %(of)s was removed (before: from %(old)s).")
                    % {"of": of, "old": self.text(old)}
                )
            return _sentence(
                _("%(rule)s is now counted from %(new)s (before: from %(old)s).")
                % {"rule": rule, "new": self.text(new), "old": self.text(old)}
            )
        values = {"rule": rule}
        if _absent(old):
            return _sentence(
                _("%(rule)s is now %(new)s.") % {**values, "new": self.value(field, new)}
            )
        if _absent(new):
            return _sentence(
                _("%(rule)s no longer has a fixed length (before: %(old)s).")
                % {**values, "old": self.value(field, old)}
            )
        values |= {"old": self.value(field, old), "new": self.value(field, new)}
        longer = _seconds(str(new)) - _seconds(str(old))
        if longer < 0:
            return _sentence(_("%(rule)s was shortened from %(old)s to %(new)s.") % values)
        if longer > 0:
            return _sentence(_("%(rule)s was lengthened from %(old)s to %(new)s.") % values)
        return _sentence(_("%(rule)s changed from %(old)s to %(new)s.") % values)

    # -- transfers --------------------------------------------------------------------------

    def destination(self, transfer: Mapping[str, Any]) -> str:
        country = i18n.country_name(str(transfer["country"]), self.lang)
        party = transfer.get("recipient")
        if party is None and transfer.get("processor"):
            processor = self.find(self.new, "processors", transfer["processor"]) or self.find(
                self.old, "processors", transfer["processor"]
            )
            party = None if processor is None else self.name_of(processor)
        if party:
            return self._("%(country)s (%(party)s)") % {"country": country, "party": party}
        return country

    def transfer_sentences(self, old: Any, new: Any) -> list[str]:
        """Each destination that came, went or changed, and what changed in the others."""
        _ = self._
        before, after = _as_list(old), _as_list(new)
        if not before and not after:
            # Between "none" and not stated: the statement "no transfers" came or went.
            statement = {"statement": self.quoted(_(_NONE_STATEMENTS["transfers"]))}
            if new == NONE:
                return [_("The statement %(statement)s was added to the notice.") % statement]
            if old == NONE:
                return [_("The statement %(statement)s was removed from the notice.") % statement]
            return []
        pairs, added, removed = _match_transfers(before, after)
        found = []
        for was, now in pairs:
            if was["country"] != now["country"]:
                found.append(
                    _sentence(
                        _(
                            "The destination of a transfer outside the EU and the EEA changed "
                            "from %(old)s to %(new)s."
                        )
                        % {"old": self.destination(was), "new": self.destination(now)}
                    )
                )
            of = _("of the transfer to %(destination)s") % {"destination": self.destination(now)}
            for key, field in _TRANSFER_FIELDS.items():
                if _normal(was.get(key)) != _normal(now.get(key)):
                    change = Change(
                        "transfers", "changed", None, key, was.get(key), now.get(key), False, False
                    )
                    found += self.field_sentences(change, field, owner=of)
        found += [
            _sentence(
                _("A transfer outside the EU and the EEA was added: %(destination)s.")
                % {"destination": self.destination(t)}
            )
            for t in added
        ]
        found += [
            _sentence(
                _("A transfer outside the EU and the EEA was removed: %(destination)s.")
                % {"destination": self.destination(t)}
            )
            for t in removed
        ]
        return found


def _is_list_change(field: _Field, old: Any, new: Any) -> bool:
    """Whether the field's change is said item by item (added …, removed …)."""
    either_list = isinstance(old, list) or isinstance(new, list)
    if field.kind in ("ids", "enum", "codes"):
        return either_list
    if field.kind == "rights":
        return isinstance(old, list) and isinstance(new, list)
    return field.kind in ("bases", "entries")


def _state_change(change: Change) -> bool:
    """Whether the change is of a section's state (stated, "none", not stated) as a whole."""
    return change.field is None and NONE in (change.old, change.new)


# A destination of transfers.destinations, as the register's JSON has it.
_Transfer = dict[str, Any]


def _match_transfers(
    before: list[_Transfer], after: list[_Transfer]
) -> tuple[list[tuple[_Transfer, _Transfer]], list[_Transfer], list[_Transfer]]:
    """Pair the destinations of two versions: unchanged ones drop out, then a destination is
    the same transfer when its country is, or when it goes to the same party elsewhere."""
    old_left = [t for t in before if t not in after]
    new_left = [t for t in after if t not in before]
    pairs = []
    for same in (_same_country, _same_party):
        for now in list(new_left):
            was = next((t for t in old_left if same(t, now)), None)
            if was is not None:
                pairs.append((was, now))
                old_left.remove(was)
                new_left.remove(now)
    if len(old_left) == 1 and len(new_left) == 1:
        # One destination went and one came: the transfer moved.
        pairs.append((old_left.pop(), new_left.pop()))
    return pairs, new_left, old_left


def _same_country(a: _Transfer, b: _Transfer) -> bool:
    return bool(a["country"] == b["country"])


def _same_party(a: _Transfer, b: _Transfer) -> bool:
    party = (a.get("recipient"), a.get("processor"))
    return party != (None, None) and party == (b.get("recipient"), b.get("processor"))


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if value is None or value == NONE:
        return []
    return [value]


def _absent(value: Any) -> bool:
    return value is None or value == [] or value == {} or value is False


def _normal(value: Any) -> Any:
    return None if _absent(value) else value


def _seconds(period: str) -> float:
    return sum(a * s for a, s in zip(parse_period(period), _SECONDS, strict=True))


def _lowered(word: str) -> str:
    """A label written to start a line ("Health data"), for the middle of a sentence; a name
    that starts with capitals ("EU–US …") stays as it is."""
    if len(word) > 1 and word[0].isupper() and word[1].islower():
        return word[0].lower() + word[1:]
    return word


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe(change: Change, old: Register, new: Register, lang: str) -> str:
    """The sentences that say ``change``, in ``lang``."""
    return " ".join(_Words(old, new, lang).sentences(change))


# --- the list of changes -------------------------------------------------------------------------


@dataclass(frozen=True)
class DescribedChange:
    """A change in words, for output."""

    kind: str
    section: str
    message: str
    inform: bool
    consent: bool


@dataclass(frozen=True)
class Comparison(Sequence[DescribedChange]):
    """The changes between two versions, and the version line ("Versio 1 → 2, päivitetty …")."""

    version: str | None
    changes: tuple[DescribedChange, ...]
    templates: Path | None = None
    """The user's template folder of the later register, for the words around the changes."""

    @overload
    def __getitem__(self, index: int) -> DescribedChange: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[DescribedChange]: ...
    def __getitem__(self, index: int | slice) -> DescribedChange | Sequence[DescribedChange]:
        return self.changes[index]

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[DescribedChange]:
        return iter(self.changes)


def version_change(old: Register, new: Register, lang: str) -> str | None:
    """The version and dates that changed: "Versio 2018 → 2024-1, päivitetty 15.1.2024"."""
    _ = translations(lang, "diff", templates=new.templates).gettext
    before, after = old.notice, new.notice
    parts = []
    if before.version != after.version:
        parts.append(
            _("version %(old)s → %(new)s")
            % {"old": before.version or "—", "new": after.version or "—"}
        )
    if after.updated is not None and after.updated != before.updated:
        parts.append(_("updated %(date)s") % {"date": i18n.format_date(after.updated, lang)})
    if (
        after.effective is not None
        and after.effective != before.effective
        and after.effective != after.updated
    ):
        parts.append(
            _("in force from %(date)s") % {"date": i18n.format_date(after.effective, lang)}
        )
    return _sentence(", ".join(parts)) if parts else None


def described(old: Register, new: Register, lang: str) -> Comparison:
    words = _Words(old, new, lang)
    _ = words._
    return Comparison(
        version_change(old, new, lang),
        tuple(
            DescribedChange(
                c.kind,
                _(_SECTION_TITLES[c.section]),
                " ".join(words.sentences(c)),
                c.inform,
                c.consent,
            )
            for c in diff_registers(old, new)
        ),
        new.templates,
    )


def format_text(changes: Comparison, lang: str) -> str:
    catalog = translations(lang, "diff", templates=changes.templates)
    _ = catalog.gettext
    lines = [changes.version, ""] if changes.version else []
    if not changes:
        return "\n".join([*lines, _("No changes.")]) + "\n"
    for change in changes:
        lines.append(f"- {change.message}")
        if change.inform:
            lines.append(f"  {_(_INFORM)}")
        if change.consent:
            lines.append(f"  {_(_CONSENT)}")
    lines.append("")
    lines.append(
        catalog.ngettext("%(count)d change.", "%(count)d changes.", len(changes))
        % {"count": len(changes)}
    )
    informs = sum(c.inform for c in changes)
    if informs:
        lines.append(
            catalog.ngettext(
                "%(count)d of them concerns a new purpose the data subjects must be told of first.",
                "%(count)d of them concern new purposes the data subjects must be told of first.",
                informs,
            )
            % {"count": informs}
        )
    consents = sum(c.consent for c in changes)
    if consents:
        lines.append(
            catalog.ngettext(
                "%(count)d of them needs consent first.",
                "%(count)d of them need consent first.",
                consents,
            )
            % {"count": consents}
        )
    return "\n".join(lines) + "\n"


def format_json(changes: Comparison) -> str:
    payload = {"version": changes.version, "changes": [asdict(c) for c in changes]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def format_html(changes: Comparison, lang: str) -> str:
    """A "what changed" box the notice page can include."""
    # documents.templating loads Jinja2; `rekisteri diff` needs it only for --format html.
    from rekisteri.documents.templating import environment, render

    env = environment(lang, changes.templates, domain="diff")
    return render(
        env, "diff/changes.html.j2", {"changes": list(changes), "version": changes.version}
    )
