"""Dates at their precision: the first and last day an ``xsd:date``, ``xsd:gYearMonth``
or ``xsd:gYear`` literal can denote. This is the one place that turns a year or a
month into days (a month ends on its true last day, never on a padded "-31")."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Final

__all__ = ["XSD_DATE", "XSD_GYEAR", "XSD_GYEARMONTH", "DATE_TYPES", "day_bounds", "parse_day", "iso"]

_XSD: Final = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE: Final = _XSD + "date"
XSD_GYEAR: Final = _XSD + "gYear"
XSD_GYEARMONTH: Final = _XSD + "gYearMonth"
DATE_TYPES: Final = frozenset({XSD_DATE, XSD_GYEAR, XSD_GYEARMONTH})

# Time zones are allowed by XSD and ignored here: a legal date names a calendar day.
_TZ: Final = r"(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?"
_PATTERNS: Final = {
    XSD_DATE: re.compile(rf"^(\d{{4}})-(\d{{2}})-(\d{{2}}){_TZ}$"),
    XSD_GYEARMONTH: re.compile(rf"^(\d{{4}})-(\d{{2}}){_TZ}$"),
    XSD_GYEAR: re.compile(rf"^(\d{{4}}){_TZ}$"),
}


def day_bounds(lexical: str, datatype: str) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) that the literal can denote, or ``None`` if it is not a valid date.

    >>> day_bounds("2024-02", XSD_GYEARMONTH)
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    pattern = _PATTERNS.get(datatype)
    match = pattern.match(lexical) if pattern is not None else None
    if match is None:
        return None
    parts = [int(p) for p in match.groups()]
    try:
        if datatype == XSD_DATE:
            day = dt.date(parts[0], parts[1], parts[2])
            return day, day
        if datatype == XSD_GYEARMONTH:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    except ValueError:  # month 13, 31 February, year 0
        return None


def parse_day(text: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` day, or ``None``."""
    bounds = day_bounds(text, XSD_DATE)
    return bounds[0] if bounds else None


def iso(day: dt.date) -> str:
    return day.isoformat()
