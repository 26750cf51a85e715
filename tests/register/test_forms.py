"""The register as a form (rekisteri.register.forms): read from the model, so that every key of
every table is a field, each with the model's description as its help; and each field turns a
form's text back into the value the file holds, or refuses it."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

from rekisteri.register import forms
from rekisteri.register.forms import BadValue, Field, Group, Repeated
from rekisteri.register.model import Controller, Purpose, Register

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"


@pytest.fixture(scope="module")
def form() -> tuple[forms.Node, ...]:
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    return forms.register_form(data, ["fi", "en"])


def test_every_section_of_the_model_is_in_the_form_in_the_models_order(
    form: tuple[forms.Node, ...],
) -> None:
    keys = [str(node.loc[-1]) for node in form]
    assert keys == [name for name in Register.model_fields if name != "schema_version"]


def test_every_key_of_every_table_shown_is_a_field_with_the_models_description(
    form: tuple[forms.Node, ...],
) -> None:
    def check(model: type[BaseModel], children: tuple[forms.Node, ...]) -> int:
        assert [str(child.loc[-1]) for child in children] == list(model.model_fields)
        for child, (name, info) in zip(children, model.model_fields.items(), strict=True):
            assert child.help == " ".join((info.description or "").split()), name
        return len(children)

    purposes = forms.find(form, ("purposes",))
    assert isinstance(purposes, Repeated) and len(purposes.entries) == 6
    assert check(Purpose, purposes.entries[0].children) > 5
    controller = forms.find(form, ("controller",))
    assert isinstance(controller, Group)
    assert check(Controller, controller.children) > 5


def test_the_values_are_the_files(form: tuple[forms.Node, ...]) -> None:
    name = forms.find(form, ("purposes", 0, "name"))
    assert isinstance(name, Field) and name.kind == "localized"
    assert name.value["en"] == "Providing the services and managing the client relationship"
    basis = forms.find(form, ("purposes", 0, "legal_basis"))
    assert isinstance(basis, Field) and basis.kind == "choice" and basis.value == "contract"
    assert "consent" in {option.value for option in basis.options}
    updated = forms.find(form, ("notice", "updated"))
    assert isinstance(updated, Field) and updated.kind == "date"
    assert updated.value == date(2024, 1, 15)
    provider = forms.find(form, ("controller", "health_care_provider"))
    assert isinstance(provider, Field) and provider.kind == "yesno" and provider.value is True


def test_a_section_that_can_say_none_has_three_states() -> None:
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["processors"] = "none"
    data.pop("transfers", None)
    nodes = forms.register_form(data, ["fi"])
    processors = forms.find(nodes, ("processors",))
    transfers = forms.find(nodes, ("transfers",))
    assert isinstance(processors, Repeated) and processors.can_be_none
    assert processors.state == "none" and processors.entries == ()
    assert isinstance(transfers, Group) and transfers.state == "absent"


@pytest.mark.parametrize(
    ("path", "raw", "value"),
    [
        (("notice", "updated"), ["2025-02-28"], date(2025, 2, 28)),
        (("notice", "updated"), [""], None),
        (("controller", "health_care_provider"), ["false"], False),
        (("controller", "health_care_provider"), [""], None),
        (("purposes", 0, "legal_basis"), ["consent"], "consent"),
        (("data_categories", 0, "sources"), ["client\n\n  relative \n"], ["client", "relative"]),
        (("controller", "name"), ["Tmi X"], "Tmi X"),
    ],
)
def test_a_forms_text_becomes_the_value_of_its_field(
    form: tuple[forms.Node, ...], path: tuple[str | int, ...], raw: list[str], value: object
) -> None:
    field = forms.find(form, path)
    assert isinstance(field, Field)
    assert field.parse(raw) == value


@pytest.mark.parametrize(
    ("path", "raw", "message"),
    [
        (("notice", "updated"), ["31.1.2025"], forms.NOT_A_DATE),
        (("controller", "health_care_provider"), ["maybe"], forms.NOT_YES_OR_NO),
        (("purposes", 0, "legal_basis"), ["contrct"], forms.NOT_A_CHOICE),
    ],
)
def test_a_text_that_is_no_value_of_its_field_is_refused(
    form: tuple[forms.Node, ...], path: tuple[str | int, ...], raw: list[str], message: str
) -> None:
    field = forms.find(form, path)
    assert isinstance(field, Field)
    with pytest.raises(BadValue) as caught:
        field.parse(raw)
    assert caught.value.message == message


def test_a_diagnostic_is_shown_at_its_field_or_the_nearest_table_holding_it(
    form: tuple[forms.Node, ...],
) -> None:
    exact = forms.field_for(("purposes", 1, "legal_basis"), form)
    assert exact is not None and exact.loc == ("purposes", 1, "legal_basis")
    deeper = forms.field_for(("purposes", 1, "name", "sv"), form)
    assert deeper is not None and deeper.loc == ("purposes", 1, "name")
    unknown = forms.field_for(("purposes", 1, "no_such_key"), form)
    assert unknown is not None and unknown.loc == ("purposes", 1)


def test_the_texts_to_translate_hold_every_label_help_and_choice() -> None:
    texts = set(forms.texts())
    assert "Legal basis" in texts
    assert "Legitimate interests" in texts
    assert forms.NOT_A_DATE in texts
    assert " ".join((Purpose.model_fields["legal_basis"].description or "").split()) in texts


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_fields_catalog_translates_exactly_the_forms_texts(lang: str) -> None:
    from babel.messages.pofile import read_po

    path = ROOT / "templates" / "locale" / lang / "LC_MESSAGES" / f"{forms.DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = {m.id: m.string for m in catalog if m.id}
    # Generated from the model: a key added to it needs its words here, and a key gone from it
    # leaves none behind.
    assert sorted(translated) == forms.texts()
    assert all(isinstance(text, str) and text.strip() for text in translated.values())
    if lang != "en":
        same = [m for m, text in translated.items() if text == m and len(m) > 12]
        # Only names that are the same in every language (e.g. "DPV") may stay untranslated.
        assert len(same) < len(translated) // 20, same[:20]
