"""ISO 8601 forms the register writes: periods (P6Y, P3M, PT10M) and the name of ISO dates.

Standard library only, so that the request log's deadlines and the retention sweep reckon
periods without loading the register model (pydantic).
"""

from __future__ import annotations

import re

DURATION = re.compile(
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$"
)
"""An ISO 8601 period: years, months, weeks, days, then a time part."""

ISO_DATES = "iso"
"""The date format ``iso`` (YYYY-MM-DD) of a store mapping, beside strftime patterns."""


def parse_period(value: str) -> tuple[int, int, int, int, int, int]:
    """Split an ISO 8601 period into (years, months, days, hours, minutes, seconds); weeks count
    as seven days."""
    match = DURATION.match(value)
    if not match:
        raise ValueError(value)
    years, months, weeks, days, hours, minutes, seconds = (
        int(g) if g else 0 for g in match.groups()
    )
    return years, months, weeks * 7 + days, hours, minutes, seconds


def parse_duration(value: str) -> tuple[int, int, int]:
    """Split an ISO 8601 period of whole days into (years, months, days).

    A period with a time part (``PT10M``) has no whole-day form: ValueError, so a date
    computation refuses it rather than rounding it away.
    """
    years, months, days, hours, minutes, seconds = parse_period(value)
    if hours or minutes or seconds:
        raise ValueError(value)
    return years, months, days
