"""The document head: one title, language, controller and date for the page and its PDF."""

from __future__ import annotations

import inspect
from datetime import date

from rekisteri.documents.head import DocumentHead
from rekisteri.documents.pdf import html_to_pdf


def test_the_pdf_metadata_names_the_document_and_its_controller() -> None:
    head = DocumentHead(
        lang="fi",
        title="Tietosuojaseloste",
        controller_name="Tmi Terhi Kallio",
        subject="Asiakasrekisteri",
        created=date(2024, 1, 15),
        modified=date(2024, 2, 1),
    )
    assert head.document_title == "Tietosuojaseloste – Tmi Terhi Kallio"
    assert head.pdf_metadata() == {
        "lang": "fi",
        "title": "Tietosuojaseloste – Tmi Terhi Kallio",
        "author": "Tmi Terhi Kallio",
        "subject": "Asiakasrekisteri",
        "created": date(2024, 1, 15),
        "modified": date(2024, 2, 1),
    }


def test_every_metadata_key_is_an_argument_of_html_to_pdf() -> None:
    # The documents pass the metadata as **keywords: a renamed argument must fail here, not
    # in a PDF render.
    head = DocumentHead(lang="en", title="T", controller_name="C", subject="S")
    assert set(head.pdf_metadata()) <= set(inspect.signature(html_to_pdf).parameters)
