"""One phone parser: the register model, the access matcher and ``tel:`` links agree.

A number the register may hold is one a request may name and one a notice links to, and a
number one of them refuses the others refuse too; they all ask ``register.base.parse_phone``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rekisteri.access.collect import fold_phone
from rekisteri.documents.phrases import tel_uri
from rekisteri.register.model import ContactPerson

# Finnish mobile, landline and service prefixes, foreign country codes and prefixes that are
# no number at all, so that valid and invalid numbers are both drawn often.
_PREFIXES = ["04", "050", "09", "019", "020", "0800", "01", "00", "+358", "+46", "+1", "+999", ""]
_SPACES = [" ", "\t", "\u00a0", "-", "", "  "]
_EDGES = ["", " ", "\u200b", "\ufeff", "\u00a0"]


@st.composite
def _written_numbers(draw: st.DrawFn) -> str:
    """A phone number as a person or a spreadsheet might write it, or something close."""
    groups = draw(st.lists(st.text("0123456789", min_size=1, max_size=4), min_size=1, max_size=4))
    space = draw(st.sampled_from(_SPACES))
    body = draw(st.sampled_from(_PREFIXES)) + draw(st.sampled_from(["", " "])) + space.join(groups)
    return draw(st.sampled_from(_EDGES)) + body + draw(st.sampled_from(_EDGES))


def _model_accepts(value: str) -> bool:
    try:
        ContactPerson(name="Tietosuojavastaava", phone=value)
    except ValidationError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(_written_numbers(), st.text(max_size=20)))
def test_the_model_the_matcher_and_tel_links_agree_on_a_number(value: str) -> None:
    folded = fold_phone(value)
    assert _model_accepts(value) is (folded is not None)
    assert tel_uri(value) == (None if folded is None else f"tel:{folded}")


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("045 127 0888", "+358451270888"),
        ("+358 45 127 0888", "+358451270888"),
        ("045\t127\u00a00888", "+358451270888"),
        ("\u200b019 456 7788\ufeff", "+358194567788"),
        ("029 566 6700", "+358295666700"),
    ],
)
def test_a_valid_number_is_accepted_everywhere_in_one_form(written: str, e164: str) -> None:
    assert _model_accepts(written)
    assert fold_phone(written) == e164
    assert tel_uri(written) == f"tel:{e164}"


@pytest.mark.parametrize("written", ["12", "call me", "0123456789", "+999 123 4567", ""])
def test_a_number_that_is_not_valid_is_refused_everywhere(written: str) -> None:
    # 0123456789 has the length of a Finnish number but no such number can exist: before the
    # parsers were one, the matcher took it while the model refused it.
    assert not _model_accepts(written)
    assert fold_phone(written) is None
    assert tel_uri(written) is None
