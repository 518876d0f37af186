"""Public holidays in Saxony-Anhalt (the `holidays` library), to point out a meeting planned
on one: the committee's institutions are closed on those days."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from rakbot.domain.dates import as_berlin

if TYPE_CHECKING:
    import holidays

COUNTRY = "DE"
#: Landkreis Börde lies in Saxony-Anhalt (Heilige Drei Könige, Reformationstag)
SUBDIVISION = "ST"


@cache
def _calendar(year: int, lang: str) -> holidays.HolidayBase:
    # imported on first use: the library's ~50 ms would otherwise count against start-up
    import holidays

    return holidays.country_holidays(
        COUNTRY, subdiv=SUBDIVISION, years=year, language="de" if lang == "de" else "en_US"
    )


def holiday_name(moment: datetime, lang: str = "de") -> str | None:
    """The name of the public holiday on that day (Berlin time), or None."""
    day = as_berlin(moment).date()
    return _calendar(day.year, lang).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and no public holiday in Saxony-Anhalt (the office's working days)."""
    return day.weekday() < 5 and day not in _calendar(day.year, "de")
