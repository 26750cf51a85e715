"""The store mapping: where each data category of the register lives in the live customer store.

The subject-access feature reads it; the notice never shows it.
"""

from __future__ import annotations

from pydantic import Field

from rekisteri.base import Model


class StoreMapping(Model):
    """Where the live customer data is kept; the subject-access feature maps categories to it."""

    url: str = Field(min_length=1)
    """SQLAlchemy URL or a SQLite file path relative to the register file;
    REKISTERI_STORE_URL overrides it."""
