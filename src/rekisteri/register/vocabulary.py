"""The words the register, its operations and the CLI share: kinds of request, the channels a
request arrives by and the channels of direct marketing.

They live in this small module, importing nothing of the project, so that the CLI can offer them
as choices without importing the request log or the register model: `rekisteri validate` stays
fast, and the CLI's choices are the library's own rather than a copy kept equal by hand.
"""

from __future__ import annotations

from enum import StrEnum


class RequestType(StrEnum):
    """The rights a data subject may exercise, each answered under Art. 12(3)."""

    ACCESS = "access"
    PORTABILITY = "portability"
    ERASURE = "erasure"
    RECTIFICATION = "rectification"
    RESTRICTION = "restriction"
    OBJECTION = "objection"

    @property
    def article(self) -> str:
        return _ARTICLES[self]


_ARTICLES = {
    RequestType.ACCESS: "15",
    RequestType.PORTABILITY: "20",
    RequestType.ERASURE: "17",
    RequestType.RECTIFICATION: "16",
    RequestType.RESTRICTION: "18",
    RequestType.OBJECTION: "21",
}


class Channel(StrEnum):
    """How the request arrived."""

    EMAIL = "email"
    LETTER = "letter"
    PHONE = "phone"
    IN_PERSON = "in-person"


class MarketingChannel(StrEnum):
    """A channel for direct marketing."""

    EMAIL = "email"
    """Email."""
    SMS = "sms"
    """Text messages (SMS)."""
    POST = "post"
    """Letters by post."""
    PHONE = "phone"
    """Phone calls."""
