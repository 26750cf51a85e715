"""The head every document shares: its title, language, controller and dates.

The notice, the Art. 30 record and the access report each carry one :class:`DocumentHead`;
their templates print its title, ``<title>`` and author from it, and their PDFs take their
metadata from :meth:`DocumentHead.pdf_metadata`, so the page and its PDF cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict


class PdfMetadata(TypedDict):
    """The keyword arguments of :func:`rekisteri.documents.pdf.html_to_pdf` a head supplies."""

    lang: str
    title: str
    author: str
    subject: str
    created: date | None
    modified: date | None


@dataclass(frozen=True)
class DocumentHead:
    """What a document says about itself, in its language."""

    lang: str
    title: str
    """The document's heading: "Tietosuojaseloste"."""
    controller_name: str
    subject: str
    """What the document is about, for the PDF's subject: the register, or the activities."""
    created: date | None = None
    modified: date | None = None

    @property
    def document_title(self) -> str:
        """The page's ``<title>`` and the PDF's title: the heading with the controller's name."""
        return f"{self.title} – {self.controller_name}"

    def pdf_metadata(self) -> PdfMetadata:
        return PdfMetadata(
            lang=self.lang,
            title=self.document_title,
            author=self.controller_name,
            subject=self.subject,
            created=self.created,
            modified=self.modified,
        )
