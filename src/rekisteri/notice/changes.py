"""Change texts: the semantic changes between two register versions in a reader's words.

:mod:`rekisteri.register.diff` finds the changes; this module says each in one sentence in the
notice's language and writes the list as text, JSON or the "what changed" box a notice page
can include (the version archive words its entries with it too).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from rekisteri.documents.i18n import N_, translations
from rekisteri.register.diff import Change, diff_registers
from rekisteri.register.model import NONE, Register, listed


def _name(register: Register, section: str, item_id: str | None, lang: str) -> str:
    if item_id is None:
        return ""
    # A list section may be "none"; items are matched by id, or by name where they have none.
    for item in listed(getattr(register, section, None)):
        if getattr(item, "id", getattr(item, "name", None)) == item_id:
            name = getattr(item, "names", None) or getattr(item, "name", None)
            if name is None:
                # A processor described only by its role is named by it.
                role = getattr(item, "role", None)
                return str(role.get(lang)) if role is not None else str(item_id)
            return name if isinstance(name, str) else str(name.get(lang))
    return str(item_id)


def describe(change: Change, old: Register, new: Register, lang: str) -> str:
    """One sentence for a change, in ``lang``."""
    _ = translations(lang, "diff").gettext
    section = _SECTION_LABELS[change.section]
    source = new if change.kind != "removed" else old
    values = {
        "section": _(section),
        "name": _name(source, change.section, change.item, lang),
        "field": change.field or "",
        "old": _plain(change.old, lang, _),
        "new": _plain(change.new, lang, _),
    }
    if change.item is None and NONE in (change.old, change.new) and not change.field:
        # A change of the section's state: not stated, stated none, or stated with its facts.
        values |= {
            "section": _(_STATE_LABELS.get(change.section, section)),
            "old": _state(change.old, lang, _),
            "new": _state(change.new, lang, _),
        }
        return _("%(section)s: %(old)s → %(new)s") % values
    if change.kind == "added" and change.item is not None:
        return _("%(section)s added: %(name)s") % values
    if change.kind == "removed" and change.item is not None:
        return _("%(section)s removed: %(name)s") % values
    if change.section == "purposes" and change.field == "legal_basis":
        return _("Legal basis of purpose “%(name)s” changed from %(old)s to %(new)s") % values
    if change.section == "retention" and change.field in ("period", "criteria", "counted_from"):
        return _("Retention rule “%(name)s” changed: %(field)s %(old)s → %(new)s") % values
    if change.item is not None:
        return _("%(section)s “%(name)s” changed: %(field)s %(old)s → %(new)s") % values
    if change.kind == "added":
        return _("%(section)s added") % values
    if change.kind == "removed":
        return _("%(section)s removed") % values
    if not change.field:
        return _("%(section)s changed: %(old)s → %(new)s") % values
    return _("%(section)s changed: %(field)s %(old)s → %(new)s") % values


def _state(value: Any, lang: str, gettext: Any) -> str:
    return str(gettext("not stated")) if value is None else _plain(value, lang, gettext)


def _plain(value: Any, lang: str, gettext: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str) and value in _VALUE_LABELS:
        return str(gettext(_VALUE_LABELS[value]))
    if isinstance(value, dict) and set(value) <= {"fi", "en", "sv"}:
        return f"“{value.get(lang, next(iter(value.values())))}”"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, bool):
        return str(value).lower()
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# Section labels are catalog message ids (domain "diff"), marked with N_ so extraction finds them.


_SECTION_LABELS = {
    "name": N_("Register name"),
    "description": N_("Introduction"),
    "controller": N_("Controller"),
    "contact": N_("Contact person"),
    "dpo": N_("Data protection officer"),
    "representative": N_("EU representative"),
    "joint_controllers": N_("Joint controller"),
    "acting_as_processor": N_("Processing on behalf of another controller"),
    "data_subjects": N_("Data subject group"),
    "purposes": N_("Purpose"),
    "bases": N_("Legal bases of the whole register"),
    "data_categories": N_("Data category"),
    "sources": N_("Source"),
    "recipients": N_("Recipient"),
    "processors": N_("Processor"),
    "staff": N_("Roles with access"),
    "transfers": N_("Transfers outside the EU/EEA"),
    "retention": N_("Retention rule"),
    "automated_decisions": N_("Automated decisions"),
    "security": N_("Security"),
    "rights": N_("Rights"),
    "direct_marketing": N_("Direct marketing"),
    "cookies": N_("Cookie"),
    "notes": N_("Notes"),
    "sections": N_("Section"),
}

# A list section as a whole, where its state changes ("Recipients: not stated → none (stated)").
_STATE_LABELS = {
    "recipients": N_("Recipients"),
    "processors": N_("Processors"),
    "cookies": N_("Cookies"),
}


# Enumerated values a reader sees in a change sentence (legal bases above all).
_VALUE_LABELS = {
    "consent": N_("consent (GDPR 6(1)(a))"),
    "contract": N_("contract (GDPR 6(1)(b))"),
    "legal_obligation": N_("legal obligation (GDPR 6(1)(c))"),
    "vital_interests": N_("vital interests (GDPR 6(1)(d))"),
    "public_task": N_("public task (GDPR 6(1)(e))"),
    "legitimate_interests": N_("legitimate interests (GDPR 6(1)(f))"),
    "none": N_("none (stated)"),
}


@dataclass(frozen=True)
class DescribedChange:
    """A change with its sentence, for output."""

    path: str
    kind: str
    message: str
    inform: bool
    consent: bool
    old: Any
    new: Any


def described(old: Register, new: Register, lang: str) -> list[DescribedChange]:
    return [
        DescribedChange(
            c.path, c.kind, describe(c, old, new, lang), c.inform, c.consent, c.old, c.new
        )
        for c in diff_registers(old, new)
    ]


def format_text(changes: list[DescribedChange], lang: str) -> str:
    _ = translations(lang, "diff").gettext
    if not changes:
        return _("No changes.") + "\n"
    lines = []
    for change in changes:
        marks = []
        if change.inform:
            marks.append(_("inform data subjects before the processing starts (GDPR 13(3), 14(4))"))
        if change.consent:
            marks.append(_("ask for new consent"))
        suffix = f"  [{'; '.join(marks)}]" if marks else ""
        lines.append(f"- {change.message}{suffix}")
    informs = sum(c.inform for c in changes)
    lines.append("")
    lines.append(
        _("%(count)d changes, %(inform)d of them to be told to data subjects in advance.")
        % {"count": len(changes), "inform": informs}
    )
    return "\n".join(lines) + "\n"


def format_json(changes: list[DescribedChange]) -> str:
    return json.dumps([asdict(c) for c in changes], ensure_ascii=False, indent=2) + "\n"


def format_html(changes: list[DescribedChange], lang: str) -> str:
    """A "what changed" box the notice page can include."""
    # documents.templating loads Jinja2; `rekisteri diff` needs it only for --format html.
    from rekisteri.documents.templating import environment, render

    env = environment(lang, None, domain="diff")
    return render(env, "diff/changes.html.j2", {"changes": changes})
