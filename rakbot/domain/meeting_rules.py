"""When a meeting may be planned, changed or answered.

The handlers check these before they ask the next question; the services check them again in
the unit of work that changes the meeting (time passes between the two).
"""

from __future__ import annotations

from datetime import datetime

PLANNED = "planned"


def is_past(moment: datetime, now: datetime) -> bool:
    """A moment that is not ahead of `now`: no meeting is planned or moved there, and a meeting
    that starts there has begun."""
    return moment <= now


def is_open(status: str, starts_at: datetime, now: datetime) -> bool:
    """Only a planned meeting that has not begun is answered, changed or given an agenda."""
    return status == PLANNED and not is_past(starts_at, now)
