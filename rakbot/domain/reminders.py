"""When meeting reminders are due, whether a late one is still worth sending, and retry delays."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from rakbot.domain.dates import to_utc

DEFAULT_OFFSETS: tuple[timedelta, ...] = (
    timedelta(days=7),
    timedelta(days=1),
    timedelta(hours=2),
)

#: a reminder this late or less still states its offset ("in 7 Tagen")
ON_TIME_SLACK: Final = timedelta(minutes=10)
MAX_BACKOFF: Final = timedelta(minutes=15)
RETRY_AFTER_MARGIN: Final = timedelta(seconds=1)


@dataclass(frozen=True)
class PlannedReminder:
    """A reminder `offset` before the event, due at `due_at` (aware UTC)."""

    offset: timedelta
    due_at: datetime


def plan_reminders(
    event_start: datetime, offsets: Iterable[timedelta], now: datetime
) -> list[PlannedReminder]:
    """The reminders to schedule for an event, sorted by due time.

    Every reminder still due after `now` is kept. Reminders whose time has already passed
    are dropped while a later one is still to come: a "in 7 days" note sent 3 days ahead
    would misstate the notice, and the 1-day and 2-hour reminders follow anyway. Only when
    all of them have passed and the event has not started is the latest one kept (its
    `due_at` lies in the past, so it goes out at once): short notice still gets one reminder.
    Nothing is planned for an event that has started. Duplicate offsets count once.
    """
    start = to_utc(event_start)
    current = to_utc(now)
    if start <= current:
        return []
    planned = sorted(
        (PlannedReminder(offset, start - offset) for offset in set(offsets)),
        key=lambda reminder: reminder.due_at,
    )
    upcoming = [reminder for reminder in planned if reminder.due_at > current]
    return upcoming or planned[-1:]


def stated_lead(offset: timedelta, event_start: datetime, now: datetime) -> timedelta:
    """The lead time a reminder's text states ("in 2 Stunden", "morgen").

    Sent on time, it is the reminder's offset. Sent late (the meeting was planned at short
    notice, or the bot was down), it is the time actually left, cut to whole days, hours or
    minutes: a meeting 45 minutes away is "in 45 Minuten", never "in 2 Stunden".
    """
    left = to_utc(event_start) - to_utc(now)
    if left >= offset - ON_TIME_SLACK:
        return offset
    for unit in (timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)):
        if left >= unit:
            return unit * (left // unit)
    return timedelta(minutes=1)


class LateDecision(StrEnum):
    SEND = "send"
    SKIP_STARTED = "skip_started"
    SKIP_SUPERSEDED = "skip_superseded"


def late_reminder_decision(
    due_at: datetime, now: datetime, event_start: datetime, next_due_at: datetime | None
) -> LateDecision:
    """Decide about a reminder that is due (possibly long ago, e.g. while the bot was off).

    It is still sent if the event has not started and the event's next reminder is not due
    yet; otherwise the next reminder (or the meeting itself) makes it pointless.
    """
    current = to_utc(now)
    if to_utc(due_at) > current:
        raise ValueError("reminder is not due yet")
    if to_utc(event_start) <= current:
        return LateDecision.SKIP_STARTED
    if next_due_at is not None and to_utc(next_due_at) <= current:
        return LateDecision.SKIP_SUPERSEDED
    return LateDecision.SEND


def backoff_delay(attempt: int, retry_after: float | None = None) -> timedelta:
    """Delay before retrying failed send number `attempt` (1, 2, …).

    Telegram's `retry_after` (flood control) is obeyed plus a second of margin, however long
    it is; otherwise the delay doubles from 2 s and is capped at 15 minutes.
    """
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    if retry_after is not None:
        if retry_after < 0:
            raise ValueError("retry_after must not be negative")
        return timedelta(seconds=retry_after) + RETRY_AFTER_MARGIN
    return min(timedelta(seconds=2 ** min(attempt, 10)), MAX_BACKOFF)


UNREACHABLE_FIRST_RETRY: Final = timedelta(minutes=15)
UNREACHABLE_MAX_RETRY: Final = timedelta(hours=8)
#: How long a message to a person who refuses the bot's messages is tried again; after that
#: it is given up (the office knows; a late reminder or notice would mislead).
UNREACHABLE_GIVE_UP: Final = timedelta(days=2)


def unreachable_delay(attempt: int) -> timedelta:
    """Delay before trying again to reach a person whose chat refused message number
    `attempt` (1, 2, …): 15 minutes, doubling, at most 8 hours. Writing to the bot makes the
    waiting messages due at once."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    return min(UNREACHABLE_FIRST_RETRY * 2 ** min(attempt - 1, 10), UNREACHABLE_MAX_RETRY)


MIN_OFFSET: Final = timedelta(minutes=15)
MAX_OFFSET: Final = timedelta(days=60)
MAX_OFFSETS: Final = 5
DEFAULT_WORDS: Final = frozenset({"standard", "default", "üblich"})

_UNITS: Final = {
    **dict.fromkeys(("w", "wo", "woche", "wochen", "week", "weeks"), timedelta(weeks=1)),
    **dict.fromkeys(("d", "t", "tag", "tage", "tagen", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(
        ("h", "std", "stunde", "stunden", "hour", "hours"),
        timedelta(hours=1),
    ),
    **dict.fromkeys(
        ("m", "min", "minute", "minuten", "minutes"),
        timedelta(minutes=1),
    ),
}
_AMOUNT = re.compile(r"(\d{1,4})\s*([a-zäöü]+)\.?")
_SEPARATORS = re.compile(r"(?:[,;/\s]|\bund\b|\band\b)+")


class OffsetProblem(StrEnum):
    EMPTY = "empty"
    UNKNOWN = "unknown"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"


class OffsetParseError(ValueError):
    def __init__(self, problem: OffsetProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def parse_offsets(raw: str) -> tuple[timedelta, ...]:
    """Reminder offsets typed as "7 Tage, 1 Tag, 2 Stunden" or "7d 1d 2h" (also weeks and
    minutes; "Standard" restores 7 days, 1 day, 2 hours), longest first, duplicates once.

    Between 15 minutes and 60 days each, at most five: more would be noise in the group.
    """
    text = raw.strip().lower()
    if not text:
        raise OffsetParseError(OffsetProblem.EMPTY)
    if text in DEFAULT_WORDS:
        return DEFAULT_OFFSETS
    found: set[timedelta] = set()
    for amount, unit in _AMOUNT.findall(text):
        if unit not in _UNITS:
            raise OffsetParseError(OffsetProblem.UNKNOWN)
        found.add(int(amount) * _UNITS[unit])
    if not found or _SEPARATORS.sub("", _AMOUNT.sub("", text)):
        raise OffsetParseError(OffsetProblem.UNKNOWN)
    if min(found) < MIN_OFFSET:
        raise OffsetParseError(OffsetProblem.TOO_SHORT)
    if max(found) > MAX_OFFSET:
        raise OffsetParseError(OffsetProblem.TOO_LONG)
    if len(found) > MAX_OFFSETS:
        raise OffsetParseError(OffsetProblem.TOO_MANY)
    return tuple(sorted(found, reverse=True))
