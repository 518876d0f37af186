"""Reminder planning, the catch-up rule for late reminders, and retry back-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rakbot.domain.dates import BERLIN
from rakbot.domain.reminders import (
    DEFAULT_OFFSETS,
    LateDecision,
    OffsetParseError,
    OffsetProblem,
    PlannedReminder,
    backoff_delay,
    late_reminder_decision,
    parse_offsets,
    plan_reminders,
    stated_lead,
)

NOW = datetime(2026, 11, 23, 8, 15, tzinfo=UTC)
DAY = timedelta(days=1)
HOURS_2 = timedelta(hours=2)
WEEK = timedelta(days=7)


def test_default_offsets() -> None:
    assert DEFAULT_OFFSETS == (WEEK, DAY, HOURS_2)


def test_meeting_ten_days_ahead_gets_all_reminders() -> None:
    start = NOW + timedelta(days=10)
    assert plan_reminders(start, DEFAULT_OFFSETS, NOW) == [
        PlannedReminder(WEEK, start - WEEK),
        PlannedReminder(DAY, start - DAY),
        PlannedReminder(HOURS_2, start - HOURS_2),
    ]


def test_meeting_three_days_ahead_skips_the_missed_week_reminder() -> None:
    start = NOW + timedelta(days=3)
    assert plan_reminders(start, DEFAULT_OFFSETS, NOW) == [
        PlannedReminder(DAY, start - DAY),
        PlannedReminder(HOURS_2, start - HOURS_2),
    ]


def test_meeting_twenty_hours_ahead_waits_for_the_two_hour_reminder() -> None:
    start = NOW + timedelta(hours=20)
    assert plan_reminders(start, DEFAULT_OFFSETS, NOW) == [
        PlannedReminder(HOURS_2, start - HOURS_2)
    ]


def test_meeting_one_hour_ahead_gets_the_latest_reminder_at_once() -> None:
    start = NOW + timedelta(hours=1)
    planned = plan_reminders(start, DEFAULT_OFFSETS, NOW)
    assert planned == [PlannedReminder(HOURS_2, start - HOURS_2)]
    assert planned[0].due_at < NOW


def test_started_meeting_gets_nothing() -> None:
    assert plan_reminders(NOW, DEFAULT_OFFSETS, NOW) == []
    assert plan_reminders(NOW - HOURS_2, DEFAULT_OFFSETS, NOW) == []


def test_due_times_are_utc_and_sorted_whatever_the_input_order() -> None:
    start = datetime(2027, 1, 20, 10, tzinfo=BERLIN)
    planned = plan_reminders(start, [HOURS_2, WEEK, DAY, DAY], NOW)
    assert [reminder.offset for reminder in planned] == [WEEK, DAY, HOURS_2]
    assert planned[2].due_at == datetime(2027, 1, 20, 7, tzinfo=UTC)
    assert all(reminder.due_at.tzinfo is UTC for reminder in planned)


def test_no_offsets_no_reminders() -> None:
    assert plan_reminders(NOW + WEEK, [], NOW) == []


# --- late reminders -------------------------------------------------------------------------


def test_late_reminder_is_sent_while_the_next_is_not_due() -> None:
    start = NOW + timedelta(hours=10)
    decision = late_reminder_decision(start - DAY, NOW, start, start - HOURS_2)
    assert decision is LateDecision.SEND


def test_last_reminder_is_sent_until_the_meeting_starts() -> None:
    start = NOW + timedelta(minutes=30)
    assert late_reminder_decision(start - HOURS_2, NOW, start, None) is LateDecision.SEND


def test_reminder_due_right_now_is_sent() -> None:
    start = NOW + DAY
    assert late_reminder_decision(NOW, NOW, start, start - HOURS_2) is LateDecision.SEND


def test_late_reminder_is_skipped_once_the_meeting_started() -> None:
    start = NOW - timedelta(minutes=5)
    assert late_reminder_decision(start - HOURS_2, NOW, start, None) is LateDecision.SKIP_STARTED
    assert late_reminder_decision(start - DAY, NOW, NOW, NOW) is LateDecision.SKIP_STARTED


def test_late_reminder_is_skipped_when_the_next_one_is_due() -> None:
    start = NOW + timedelta(hours=1)
    decision = late_reminder_decision(start - DAY, NOW, start, start - HOURS_2)
    assert decision is LateDecision.SKIP_SUPERSEDED


def test_reminder_not_yet_due_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="not due"):
        late_reminder_decision(NOW + HOURS_2, NOW, NOW + DAY, None)


# --- back-off -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempt", "seconds"),
    [(1, 2), (2, 4), (3, 8), (4, 16), (9, 512), (10, 900), (11, 900), (1000, 900)],
)
def test_exponential_backoff_is_capped_at_fifteen_minutes(attempt: int, seconds: int) -> None:
    assert backoff_delay(attempt) == timedelta(seconds=seconds)


def test_retry_after_is_obeyed_with_a_second_of_margin() -> None:
    assert backoff_delay(1, 5) == timedelta(seconds=6)
    assert backoff_delay(7, 0.5) == timedelta(seconds=1.5)
    assert backoff_delay(1, 3600) == timedelta(seconds=3601)


def test_invalid_backoff_arguments() -> None:
    with pytest.raises(ValueError, match="from 1"):
        backoff_delay(0)
    with pytest.raises(ValueError, match="negative"):
        backoff_delay(1, -1)


@pytest.mark.parametrize(
    ("typed", "offsets"),
    [
        ("7 Tage, 1 Tag, 2 Stunden", (timedelta(days=7), timedelta(days=1), timedelta(hours=2))),
        ("7d 1d 2h", (timedelta(days=7), timedelta(days=1), timedelta(hours=2))),
        ("2 Std. und 3 Tage", (timedelta(days=3), timedelta(hours=2))),
        ("2 Wochen; 30 Minuten", (timedelta(weeks=2), timedelta(minutes=30))),
        ("1 Tag, 24 Stunden", (timedelta(days=1),)),
        ("Standard", DEFAULT_OFFSETS),
        ("  3 TAGE ", (timedelta(days=3),)),
    ],
)
def test_parse_offsets(typed: str, offsets: tuple[timedelta, ...]) -> None:
    assert parse_offsets(typed) == offsets


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", OffsetProblem.EMPTY),
        ("bald", OffsetProblem.UNKNOWN),
        ("7 Monde", OffsetProblem.UNKNOWN),
        ("1,5 Stunden", OffsetProblem.UNKNOWN),
        ("7 Tage und etwas", OffsetProblem.UNKNOWN),
        ("5 Minuten", OffsetProblem.TOO_SHORT),
        ("0 Tage", OffsetProblem.TOO_SHORT),
        ("9 Wochen", OffsetProblem.TOO_LONG),
        ("1d 2d 3d 4d 5d 6d", OffsetProblem.TOO_MANY),
    ],
)
def test_parse_offsets_refuses(typed: str, problem: OffsetProblem) -> None:
    with pytest.raises(OffsetParseError) as caught:
        parse_offsets(typed)
    assert caught.value.problem is problem


@pytest.mark.parametrize(
    ("offset", "left", "stated"),
    [
        (WEEK, WEEK, WEEK),  # on time
        (WEEK, WEEK - timedelta(minutes=9), WEEK),  # a few minutes late still reads "7 Tagen"
        (WEEK, timedelta(days=6, hours=3), timedelta(days=6)),  # after a downtime
        (DAY, timedelta(hours=20, minutes=30), timedelta(hours=20)),  # not "morgen" any more
        (HOURS_2, timedelta(minutes=45), timedelta(minutes=45)),  # planned at short notice
        (HOURS_2, timedelta(seconds=30), timedelta(minutes=1)),
    ],
)
def test_stated_lead_is_the_offset_on_time_else_the_time_left(
    offset: timedelta, left: timedelta, stated: timedelta
) -> None:
    assert stated_lead(offset, NOW + left, NOW) == stated
