"""The rules of an appointment request's way through the office.

new → answered/proposed → confirmed/declined → done. The office may reply or propose (again) at
any step before "done"; only the applicant confirms or declines, and only the latest proposal;
"done" is final. A request nobody has acted on reminds the office after two working days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from rakbot.domain.dates import BERLIN, as_berlin
from rakbot.domain.public_holidays import is_working_day

#: working days after which a request nobody acted on reminds the office
REMINDER_WORKING_DAYS = 2


class Status(StrEnum):
    NEW = "new"
    ANSWERED = "answered"
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    DONE = "done"


def after_reply(status: str) -> Status | None:
    """The status after the office's reply; None when the request is done. A reply to a
    proposed, confirmed or declined date keeps that state (the date is what is open)."""
    if status == Status.DONE:
        return None
    if status in (Status.NEW, Status.ANSWERED):
        return Status.ANSWERED
    return Status(status)


def after_proposal(status: str) -> Status | None:
    """A new proposal replaces any earlier one; None when the request is done."""
    return None if status == Status.DONE else Status.PROPOSED


class AnswerProblem(StrEnum):
    """Why the applicant's press on "Zusagen"/"Absagen" changed nothing."""

    NOT_YOURS = "not_yours"  # no such request of this person (forged or erased)
    SUPERSEDED = "superseded"  # an older proposal: the office proposed another date since
    ALREADY = "already"  # this proposal was answered before (the answer is kept)
    CLOSED = "closed"  # the request is done


def answer_problem(status: str, number: int, pressed_number: int) -> AnswerProblem | None:
    """Whether the applicant may answer proposal `pressed_number` now."""
    if status == Status.DONE:
        return AnswerProblem.CLOSED
    if pressed_number != number:
        return AnswerProblem.SUPERSEDED
    if status in (Status.CONFIRMED, Status.DECLINED):
        return AnswerProblem.ALREADY
    if status != Status.PROPOSED:
        return AnswerProblem.SUPERSEDED
    return None


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_after(start: datetime, days: int) -> datetime:
    """The moment `days` full working days (Mon–Fri without Saxony-Anhalt's public holidays,
    Berlin time) have passed since `start`: the same time of day on the `days`-th working
    day after the start's day; a start on a weekend or holiday counts from the beginning of
    the next working day (Friday 15:00 → Tuesday 15:00, Saturday → Wednesday 00:00)."""
    local = as_berlin(start)
    day, at = local.date(), local.time().replace(tzinfo=None)
    if not is_working_day(day):
        day, at = _next_working_day(day), time(0)
    for _ in range(days):
        day = _next_working_day(day)
    return datetime.combine(day, at, tzinfo=BERLIN)


def age_in_days(created: datetime, now: datetime) -> int:
    """Calendar days (Berlin) since a request came in: 0 on its own day."""
    return max((as_berlin(now).date() - as_berlin(created).date()).days, 0)
