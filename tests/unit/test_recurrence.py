"""Meeting series: German phrases, expansion across DST, exceptions and summaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rakbot.domain.dates import BERLIN
from rakbot.domain.public_holidays import holiday_name
from rakbot.domain.recurrence import (
    Recurrence,
    RecurrenceError,
    RecurrenceParseError,
    describe,
    occurrences,
    on_weekends,
    parse_recurrence,
    rule_fits_start,
)

START = datetime(2027, 1, 6, 10, 0, tzinfo=BERLIN)  # first Wednesday of 2027


def berlin(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("alle 6 Wochen", "FREQ=WEEKLY;INTERVAL=6"),
        ("alle zwei Wochen", "FREQ=WEEKLY;INTERVAL=2"),
        ("Alle 14 Tage", "FREQ=DAILY;INTERVAL=14"),
        ("wöchentlich", "FREQ=WEEKLY"),
        ("woechentlich", "FREQ=WEEKLY"),
        ("jede Woche", "FREQ=WEEKLY"),
        ("jede zweite Woche", "FREQ=WEEKLY;INTERVAL=2"),
        ("vierzehntägig", "FREQ=WEEKLY;INTERVAL=2"),
        ("monatlich", "FREQ=MONTHLY"),
        ("jeden Monat", "FREQ=MONTHLY"),
        ("alle 3 Monate", "FREQ=MONTHLY;INTERVAL=3"),
        ("vierteljährlich", "FREQ=MONTHLY;INTERVAL=3"),
        ("jedes Quartal", "FREQ=MONTHLY;INTERVAL=3"),
        ("halbjährlich", "FREQ=MONTHLY;INTERVAL=6"),
        ("jährlich", "FREQ=YEARLY"),
        ("jeden Mittwoch", "FREQ=WEEKLY;BYDAY=WE"),
        ("jeden ersten Mittwoch im Monat", "FREQ=MONTHLY;BYDAY=+1WE"),
        ("jeden 1. Mittwoch im Monat", "FREQ=MONTHLY;BYDAY=+1WE"),
        ("jeden zweiten Dienstag im Monat", "FREQ=MONTHLY;BYDAY=+2TU"),
        ("jeden letzten Freitag im Monat", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("am letzten Freitag des Monats", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("jeden ersten Mittwoch im Quartal", "FREQ=YEARLY;BYMONTH=1,4,7,10;BYDAY=+1WE"),
        ("jeden letzten Freitag im Quartal", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYDAY=-1FR"),
    ],
)
def test_phrases(text: str, rule: str) -> None:
    recurrence = parse_recurrence(text, START)
    assert recurrence == Recurrence(rule=rule)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", RecurrenceError.EMPTY),
        (" . ", RecurrenceError.EMPTY),
        ("ab und zu", RecurrenceError.UNKNOWN),
        ("alle 0 Wochen", RecurrenceError.UNKNOWN),
        ("jeden fünften Mittwoch im Quartal", RecurrenceError.UNKNOWN),
        ("jeden letzten Monat", RecurrenceError.UNKNOWN),
        ("31.02.2027, 17.03.2027", RecurrenceError.INVALID_DATE),
        ("20.01.2027, 28.03.2027 02:30", RecurrenceError.INVALID_DATE),
        ("01/02/2027", RecurrenceError.INVALID_DATE),
    ],
)
def test_refused_texts(text: str, reason: RecurrenceError) -> None:
    with pytest.raises(RecurrenceParseError) as caught:
        parse_recurrence(text, START)
    assert caught.value.reason is reason
    assert isinstance(caught.value, ValueError)


def test_date_list_takes_time_and_year_from_start() -> None:
    recurrence = parse_recurrence("20.01.2027, 17.03., 12. Mai 2027 14 Uhr", START)
    assert recurrence.rule is None
    assert recurrence.dates == (berlin(2027, 1, 20), berlin(2027, 3, 17), berlin(2027, 5, 12, 14))


def test_date_list_is_sorted_without_duplicates() -> None:
    recurrence = parse_recurrence("12.05.2027; 20.01.2027 und 20.01.2027", START)
    assert recurrence.dates == (berlin(2027, 1, 20), berlin(2027, 5, 12))


def test_recurrence_needs_exactly_one_form() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Recurrence()
    with pytest.raises(ValueError, match="exactly one"):
        Recurrence(rule="FREQ=WEEKLY", dates=(START,))
    with pytest.raises(ValueError, match="aware"):
        Recurrence(dates=(datetime(2027, 1, 20, 10),))


# --- occurrences ----------------------------------------------------------------------------


def test_first_wednesday_of_each_quarter_from_january() -> None:
    recurrence = parse_recurrence("jeden ersten Mittwoch im Quartal", berlin(2027, 1, 1))
    assert occurrences(recurrence, berlin(2027, 1, 1), count=5) == [
        berlin(2027, 1, 6),
        berlin(2027, 4, 7),
        berlin(2027, 7, 7),
        berlin(2027, 10, 6),
        berlin(2028, 1, 5),
    ]


def test_quarters_are_calendar_quarters_whatever_the_start_month() -> None:
    recurrence = parse_recurrence("jeden ersten Mittwoch im Quartal", berlin(2027, 2, 10))
    assert occurrences(recurrence, berlin(2027, 2, 10), count=2) == [
        berlin(2027, 4, 7),
        berlin(2027, 7, 7),
    ]


def test_last_friday_of_each_quarter() -> None:
    recurrence = parse_recurrence("jeden letzten Freitag im Quartal", START)
    assert occurrences(recurrence, START, count=4) == [
        berlin(2027, 3, 26),
        berlin(2027, 6, 25),
        berlin(2027, 9, 24),
        berlin(2027, 12, 31),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeden ersten Mittwoch im Monat", [(1, 6), (2, 3), (3, 3)]),
        ("jeden zweiten Dienstag im Monat", [(1, 12), (2, 9), (3, 9)]),
        ("jeden letzten Freitag im Monat", [(1, 29), (2, 26), (3, 26)]),
        ("alle zwei Wochen", [(1, 6), (1, 20), (2, 3)]),
        ("jeden Monat", [(1, 6), (2, 6), (3, 6)]),
        ("alle 3 Monate", [(1, 6), (4, 6), (7, 6)]),
        ("jeden Mittwoch", [(1, 6), (1, 13), (1, 20)]),
    ],
)
def test_first_three_dates(text: str, expected: list[tuple[int, int]]) -> None:
    recurrence = parse_recurrence(text, START)
    assert occurrences(recurrence, START, count=3) == [berlin(2027, m, d) for m, d in expected]


def test_wall_time_is_kept_across_dst_and_the_offset_changes() -> None:
    start = berlin(2027, 1, 20)
    series = occurrences(parse_recurrence("alle 6 Wochen", start), start, count=8)
    assert [(moment.month, moment.day) for moment in series] == [
        (1, 20), (3, 3), (4, 14), (5, 26), (7, 7), (8, 18), (9, 29), (11, 10)
    ]  # fmt: skip
    assert {(moment.hour, moment.minute) for moment in series} == {(10, 0)}
    offsets = [moment.utcoffset() for moment in series]
    assert offsets == [timedelta(hours=hours) for hours in (1, 1, 2, 2, 2, 2, 2, 1)]
    assert series[2].astimezone(UTC).hour == 8
    assert series[7].astimezone(UTC).hour == 9


def test_wall_time_in_spring_gap_moves_forward_and_fold_takes_first() -> None:
    start = berlin(2027, 3, 21, 2, 30)  # Sunday
    series = occurrences(Recurrence(rule="FREQ=WEEKLY"), start, until=berlin(2027, 4, 4, 23))
    assert [(m.day, m.hour, m.minute) for m in series] == [(21, 2, 30), (28, 3, 30), (4, 2, 30)]
    assert series[1] == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)

    autumn = occurrences(Recurrence(rule="FREQ=WEEKLY"), berlin(2027, 10, 31, 2, 30), count=1)
    assert autumn[0].utcoffset() == timedelta(hours=2)


def test_exdates_match_by_instant_in_any_zone() -> None:
    recurrence = parse_recurrence("alle zwei Wochen", START)
    cancelled = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    series = occurrences(recurrence, START, count=3, exdates=[cancelled, berlin(2027, 2, 3, 11)])
    assert series == [berlin(2027, 1, 6), berlin(2027, 2, 3), berlin(2027, 2, 17)]


def test_after_is_exclusive_and_until_inclusive() -> None:
    recurrence = parse_recurrence("wöchentlich", START)
    series = occurrences(recurrence, START, after=berlin(2027, 1, 13), until=berlin(2027, 1, 27))
    assert series == [berlin(2027, 1, 20), berlin(2027, 1, 27)]


def test_count_limits_after_filtering() -> None:
    recurrence = parse_recurrence("wöchentlich", START)
    series = occurrences(
        recurrence, START, after=berlin(2027, 1, 6), count=2, exdates=[berlin(2027, 1, 13)]
    )
    assert series == [berlin(2027, 1, 20), berlin(2027, 1, 27)]
    assert occurrences(recurrence, START, count=0) == []


def test_unbounded_expansion_is_refused() -> None:
    with pytest.raises(ValueError, match="count or until"):
        occurrences(parse_recurrence("wöchentlich", START), START)
    with pytest.raises(ValueError, match="negative"):
        occurrences(parse_recurrence("wöchentlich", START), START, count=-1)


def test_date_list_occurrences_are_filtered_like_rules() -> None:
    recurrence = parse_recurrence("20.01.2027, 17.03.2027, 12.05.2027", START)
    assert occurrences(recurrence, START, count=10) == list(recurrence.dates)
    assert occurrences(
        recurrence, START, after=berlin(2027, 1, 20), until=berlin(2027, 12, 31)
    ) == [berlin(2027, 3, 17), berlin(2027, 5, 12)]
    assert occurrences(recurrence, START, count=10, exdates=[berlin(2027, 3, 17)]) == [
        berlin(2027, 1, 20),
        berlin(2027, 5, 12),
    ]


# --- describe -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "german", "english"),
    [
        ("alle 6 Wochen", "alle 6 Wochen", "every 6 weeks"),
        ("wöchentlich", "wöchentlich", "weekly"),
        ("monatlich", "monatlich", "monthly"),
        ("vierteljährlich", "alle 3 Monate", "every 3 months"),
        ("jährlich", "jährlich", "yearly"),
        ("alle 14 Tage", "alle 14 Tage", "every 14 days"),
        ("jeden Mittwoch", "jeden Mittwoch", "every Wednesday"),
        (
            "jeden ersten Mittwoch im Monat",
            "jeden ersten Mittwoch im Monat",
            "every first Wednesday of the month",
        ),
        (
            "jeden letzten Freitag im Monat",
            "jeden letzten Freitag im Monat",
            "every last Friday of the month",
        ),
        (
            "jeden ersten Mittwoch im Quartal",
            "jeden ersten Mittwoch im Quartal",
            "every first Wednesday of the quarter",
        ),
        (
            "jeden letzten Freitag im Quartal",
            "jeden letzten Freitag im Quartal",
            "every last Friday of the quarter",
        ),
        ("20.01.2027, 17.03.2027, 12.05.2027", "3 Termine", "3 dates"),
        ("20.01.2027", "1 Termin", "1 date"),
    ],
)
def test_describe(text: str, german: str, english: str) -> None:
    recurrence = parse_recurrence(text, START)
    assert describe(recurrence) == german
    assert describe(recurrence, "en") == english


def test_describe_other_rules() -> None:
    assert (
        describe(Recurrence(rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")) == "alle 2 Wochen am Dienstag"
    )
    assert describe(Recurrence(rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"), "en") == (
        "every 2 weeks on Tuesday"
    )
    odd = "FREQ=MONTHLY;BYMONTHDAY=15"
    assert describe(Recurrence(rule=odd)) == f"eigene Regel ({odd})"
    assert describe(Recurrence(rule=odd), "en") == f"custom rule ({odd})"


def test_a_first_meeting_outside_the_rule_is_noticed() -> None:
    quarterly = parse_recurrence("jeden ersten Mittwoch im Quartal", START)
    assert rule_fits_start(quarterly, START)
    assert not rule_fits_start(quarterly, berlin(2027, 1, 20))
    assert rule_fits_start(
        parse_recurrence("alle 6 Wochen", berlin(2027, 1, 20)), berlin(2027, 1, 20)
    )
    assert rule_fits_start(parse_recurrence("17.03.2027", START), START)


def test_monthly_meetings_on_weekends_are_found() -> None:
    monthly = parse_recurrence("monatlich", berlin(2027, 1, 9))
    found = on_weekends(occurrences(monthly, berlin(2027, 1, 9), count=6))
    # 9 Jan 2027 is a Saturday, 9 May a Sunday; February to April and June are weekdays.
    assert found == [berlin(2027, 1, 9), berlin(2027, 5, 9)]


def test_public_holidays_of_saxony_anhalt() -> None:
    assert holiday_name(berlin(2027, 10, 31)) == "Reformationstag"
    assert holiday_name(berlin(2027, 1, 6)) == "Heilige Drei Könige"
    assert holiday_name(berlin(2027, 1, 1), "en") == "New Year's Day"
    assert holiday_name(berlin(2027, 1, 20)) is None
    # 1 January 00:30 in Berlin is still 31 December in UTC: the Berlin day counts.
    assert holiday_name(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "Neujahr"
