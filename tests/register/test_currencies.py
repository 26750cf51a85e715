"""The currency codes a register may name are Babel's own (issue 17: checked without Babel)."""

from __future__ import annotations

from babel.numbers import list_currencies

from rekisteri.register.currencies import CURRENCIES


def test_the_kept_list_is_babels() -> None:
    assert set(CURRENCIES) == set(list_currencies())
    assert {"EUR", "SEK", "NOK", "USD"} <= CURRENCIES and "EURO" not in CURRENCIES
