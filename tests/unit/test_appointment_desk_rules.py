"""The appointment request's rules: working days for the reminder, the age, who may answer."""

from __future__ import annotations

from datetime import datetime

import pytest

from rakbot.domain.appointment_desk import (
    AnswerProblem,
    Status,
    after_proposal,
    after_reply,
    age_in_days,
    answer_problem,
    working_days_after,
)


def berlin(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        # Monday morning → Wednesday, same time
        ("2026-11-23T09:00:00+01:00", "2026-11-25T09:00:00+01:00"),
        # Friday afternoon → Tuesday (the weekend does not count)
        ("2026-11-27T15:00:00+01:00", "2026-12-01T15:00:00+01:00"),
        # Saturday → counted from Monday 00:00: Wednesday 00:00
        ("2026-11-28T10:00:00+01:00", "2026-12-02T00:00:00+01:00"),
        # 23 December: the 24th counts, 25th/26th are holidays, then a Sunday
        ("2026-12-23T10:00:00+01:00", "2026-12-28T10:00:00+01:00"),
        # Maundy Thursday 2027: Good Friday and Easter Monday are holidays → Wednesday
        ("2027-03-25T11:00:00+01:00", "2027-03-31T11:00:00+02:00"),
        # Reformationstag 2027 is a Sunday; Friday 29 October → Tuesday 2 November
        ("2027-10-29T08:30:00+02:00", "2027-11-02T08:30:00+01:00"),
        # Heilige Drei Könige (6 January 2027, a Wednesday) is a holiday in Saxony-Anhalt
        ("2027-01-05T12:00:00+01:00", "2027-01-08T12:00:00+01:00"),
    ],
)
def test_two_working_days(start: str, due: str) -> None:
    assert working_days_after(berlin(start), 2) == berlin(due)


def test_age_counts_calendar_days_in_berlin() -> None:
    created = berlin("2026-11-23T23:30:00+01:00")
    assert age_in_days(created, berlin("2026-11-23T23:59:00+01:00")) == 0
    assert age_in_days(created, berlin("2026-11-24T00:10:00+01:00")) == 1
    assert age_in_days(created, berlin("2026-11-26T08:00:00+01:00")) == 3


def test_status_steps() -> None:
    assert after_reply("new") is Status.ANSWERED
    assert after_reply("proposed") is Status.PROPOSED
    assert after_reply("done") is None
    assert after_proposal("declined") is Status.PROPOSED
    assert after_proposal("done") is None


def test_who_may_answer_a_proposal() -> None:
    assert answer_problem("proposed", 2, 2) is None
    assert answer_problem("proposed", 2, 1) is AnswerProblem.SUPERSEDED
    assert answer_problem("confirmed", 2, 2) is AnswerProblem.ALREADY
    assert answer_problem("declined", 2, 2) is AnswerProblem.ALREADY
    assert answer_problem("answered", 2, 2) is AnswerProblem.SUPERSEDED
    assert answer_problem("done", 2, 2) is AnswerProblem.CLOSED
