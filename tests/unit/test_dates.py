"""German date input (relative words, DST edges, refusals) and German/English output."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from rakbot.domain.dates import (
    BERLIN,
    DateError,
    DateParseError,
    as_berlin,
    format_date,
    format_long,
    format_short,
    format_time,
    localize,
    parse_date_list,
    parse_german_datetime,
    to_utc,
)

# Monday, 23 November 2026, 09:15 in Berlin (winter time, UTC+1).
NOW = datetime(2026, 11, 23, 9, 15, tzinfo=BERLIN)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


VALID = [
    ("20.01.2027 10:00", berlin(2027, 1, 20, 10)),
    ("20.1.27 10 Uhr", berlin(2027, 1, 20, 10)),
    ("20.01.2027, 10.30 Uhr", berlin(2027, 1, 20, 10, 30)),
    ("20.01.2027 10.00", berlin(2027, 1, 20, 10)),
    ("20. Januar 2027, 10:30", berlin(2027, 1, 20, 10, 30)),
    ("20. Jan. 2027 10:30", berlin(2027, 1, 20, 10, 30)),
    ("20. Jan 27 10 Uhr", berlin(2027, 1, 20, 10)),
    ("20. Januar 10 Uhr", berlin(2027, 1, 20, 10)),
    ("20. März 2027 10:00", berlin(2027, 3, 20, 10)),
    ("20. Maerz 2027 10:00", berlin(2027, 3, 20, 10)),
    ("Mittwoch, 20. Januar 2027 um 10 Uhr", berlin(2027, 1, 20, 10)),
    ("Mittwoch, den 20. Januar 2027, 10 Uhr", berlin(2027, 1, 20, 10)),
    ("Mi 20.01.2027 10:00", berlin(2027, 1, 20, 10)),
    ("2027-01-20 10:00", berlin(2027, 1, 20, 10)),
    ("2027-01-20T10:00", berlin(2027, 1, 20, 10)),
    ("20.01. 10:00", berlin(2027, 1, 20, 10)),
    ("20.01. 2027 10:00", berlin(2027, 1, 20, 10)),
    ("am 20.01. um 10", berlin(2027, 1, 20, 10)),
    ("23.11. 10:00", berlin(2026, 11, 23, 10)),
    ("22.11. 10:00", berlin(2027, 11, 22, 10)),
    ("29.02. 10 Uhr", berlin(2028, 2, 29, 10)),
    ("1.12.26 0:00", berlin(2026, 12, 1, 0)),
    ("20.01.2027 23:59", berlin(2027, 1, 20, 23, 59)),
    ("heute 15 Uhr", berlin(2026, 11, 23, 15)),
    ("morgen 14 Uhr", berlin(2026, 11, 24, 14)),
    ("  MORGEN   um  14:00  UHR ", berlin(2026, 11, 24, 14)),
    ("übermorgen 9:30", berlin(2026, 11, 25, 9, 30)),
    ("uebermorgen 9:30", berlin(2026, 11, 25, 9, 30)),
    ("nächsten Mittwoch 9:30", berlin(2026, 11, 25, 9, 30)),
    ("naechsten Mittwoch 9:30", berlin(2026, 11, 25, 9, 30)),
    ("kommenden Freitag um 8 Uhr", berlin(2026, 11, 27, 8)),
    ("nächsten Montag 10 Uhr", berlin(2026, 11, 30, 10)),
    ("Mo 10 Uhr", berlin(2026, 11, 23, 10)),
    ("Mo 9 Uhr", berlin(2026, 11, 30, 9)),
    ("Mi 10 Uhr", berlin(2026, 11, 25, 10)),
    ("Mi. 10:00", berlin(2026, 11, 25, 10)),
    ("Mittwoch 10 Uhr", berlin(2026, 11, 25, 10)),
    ("am Freitag, 18 Uhr", berlin(2026, 11, 27, 18)),
    ("So 11 Uhr", berlin(2026, 11, 29, 11)),
    ("in 2 Wochen 10 Uhr", berlin(2026, 12, 7, 10)),
    ("in einer Woche 10 Uhr", berlin(2026, 11, 30, 10)),
    ("in drei Tagen 8:00", berlin(2026, 11, 26, 8)),
    ("in 2 Monaten 10 Uhr", berlin(2027, 1, 23, 10)),
    ("morgen 10 Uhr morgens", berlin(2026, 11, 24, 10)),
    ("morgen halb 11", berlin(2026, 11, 24, 10, 30)),
    ("morgen 3 Uhr nachmittags", berlin(2026, 11, 24, 15)),
    ("heute Abend 19 Uhr", berlin(2026, 11, 23, 19)),
    ("morgen früh 8 Uhr", berlin(2026, 11, 24, 8)),
    ("morgen 1 Uhr mittags", berlin(2026, 11, 24, 13)),
    ("morgen halb 8 abends", berlin(2026, 11, 24, 19, 30)),
    ("diesen Donnerstag 17:45", berlin(2026, 11, 26, 17, 45)),
    ("23.11.2031 09:00", berlin(2031, 11, 23, 9)),
]

INVALID = [
    ("", DateError.EMPTY),
    ("   , ", DateError.EMPTY),
    ("blabla", DateError.UNKNOWN),
    ("15 Uhr", DateError.UNKNOWN),
    ("20.01 10:00", DateError.UNKNOWN),
    ("morgen 14 Uhr bitte", DateError.UNKNOWN),
    ("20.01.2027 10:5", DateError.UNKNOWN),
    ("20.01.2027 100 Uhr", DateError.UNKNOWN),
    ("31.02.2027 10:00", DateError.INVALID),
    ("29.02.2027 10:00", DateError.INVALID),
    ("32.01. 10:00", DateError.INVALID),
    ("20.13.2027 10:00", DateError.INVALID),
    ("31. Februar 10 Uhr", DateError.INVALID),
    ("20.01.2027 24:00", DateError.INVALID_TIME),
    ("20.01.2027 25:00", DateError.INVALID_TIME),
    ("morgen 25:00", DateError.INVALID_TIME),
    ("20.01.2027 10:61", DateError.INVALID_TIME),
    ("20.01.2027 20 Uhr morgens", DateError.INVALID_TIME),
    ("01/02/2027 10:00", DateError.AMBIGUOUS),
    ("1/2 10 Uhr", DateError.AMBIGUOUS),
    ("Di 20.01.2027 10:00", DateError.WEEKDAY_MISMATCH),
    ("Freitag, 20. Januar 2027, 10 Uhr", DateError.WEEKDAY_MISMATCH),
    ("heute 8 Uhr", DateError.PAST),
    ("gestern 10 Uhr", DateError.PAST),
    ("vorgestern 14:00", DateError.PAST),
    ("heute 9:15", DateError.PAST),
    ("22.11.2026 10:00", DateError.PAST),
    ("20.01.2020 10:00", DateError.PAST),
    ("20.01.2027", DateError.MISSING_TIME),
    ("morgen", DateError.MISSING_TIME),
    ("Mittwoch", DateError.MISSING_TIME),
    ("28.03.2027 02:30", DateError.NONEXISTENT_TIME),
    ("31.10.2027 02:30", DateError.AMBIGUOUS_TIME),
    ("23.11.2031 09:30", DateError.TOO_FAR),
    ("20.01.2032 10:00", DateError.TOO_FAR),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_valid_input(text: str, expected: datetime) -> None:
    result = parse_german_datetime(text, NOW)
    assert result == expected
    assert result.tzinfo is BERLIN
    assert (result.hour, result.minute) == (expected.hour, expected.minute)


@pytest.mark.parametrize(("text", "reason"), INVALID)
def test_refused_input(text: str, reason: DateError) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_german_datetime(text, NOW)
    assert caught.value.reason is reason


@pytest.mark.parametrize("text", ["Mo 9 Uhr", "heute 15 Uhr", "20.01. 10:00", "morgen 0:30"])
def test_now_in_other_zone_gives_same_answer(text: str) -> None:
    assert parse_german_datetime(text, NOW.astimezone(UTC)) == parse_german_datetime(text, NOW)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_german_datetime("morgen 10 Uhr", datetime(2026, 11, 23, 9, 15))


def test_date_alone_is_midnight_when_time_is_optional() -> None:
    assert parse_german_datetime("20.01.2027", NOW, require_time=False) == berlin(2027, 1, 20)
    assert parse_german_datetime("Mittwoch", NOW, require_time=False) == berlin(2026, 11, 25)


def test_today_without_time_is_not_past() -> None:
    assert parse_german_datetime("heute", NOW, require_time=False) == berlin(2026, 11, 23)
    assert parse_german_datetime("Montag", NOW, require_time=False) == berlin(2026, 11, 23)
    with pytest.raises(DateParseError) as caught:
        parse_german_datetime("22.11.2026", NOW, require_time=False)
    assert caught.value.reason is DateError.PAST


def test_allow_past_accepts_earlier_times() -> None:
    assert parse_german_datetime("heute 8 Uhr", NOW, allow_past=True) == berlin(2026, 11, 23, 8)
    assert parse_german_datetime("1.1.2026 10:00", NOW, allow_past=True) == berlin(2026, 1, 1, 10)


def test_today_without_year_reports_past_instead_of_jumping_a_year() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_german_datetime("23.11. 8:00", NOW)
    assert caught.value.reason is DateError.PAST


def test_error_is_a_value_error_with_reason() -> None:
    error = DateParseError(DateError.INVALID)
    assert isinstance(error, ValueError)
    assert error.reason == "invalid"


# --- daylight saving time -------------------------------------------------------------------

SPRING_NOW = berlin(2026, 1, 10, 12)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("29.03.2026 02:30", DateError.NONEXISTENT_TIME),
        ("29.03.2026 02:00", DateError.NONEXISTENT_TIME),
        ("29.03.2026 02:59", DateError.NONEXISTENT_TIME),
        ("25.10.2026 02:30", DateError.AMBIGUOUS_TIME),
        ("25.10.2026 02:00", DateError.AMBIGUOUS_TIME),
        ("25.10.2026 02:59", DateError.AMBIGUOUS_TIME),
    ],
)
def test_gap_and_fold_are_refused(text: str, reason: DateError) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_german_datetime(text, SPRING_NOW)
    assert caught.value.reason is reason


@pytest.mark.parametrize(
    ("text", "utc_offset_hours", "utc"),
    [
        ("29.03.2026 01:59", 1, datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        ("29.03.2026 03:00", 2, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        ("25.10.2026 01:59", 2, datetime(2026, 10, 24, 23, 59, tzinfo=UTC)),
        ("25.10.2026 03:00", 1, datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),
    ],
)
def test_times_next_to_the_changes(text: str, utc_offset_hours: int, utc: datetime) -> None:
    result = parse_german_datetime(text, SPRING_NOW)
    assert result.utcoffset() == timedelta(hours=utc_offset_hours)
    assert result == utc


def test_spring_2027_edges_are_one_real_minute_apart() -> None:
    before = parse_german_datetime("28.03.2027 01:59", NOW)
    after = parse_german_datetime("28.03.2027 03:00", NOW)
    assert (before.hour, before.minute, after.hour, after.minute) == (1, 59, 3, 0)
    # Subtracting within one zone measures wall-clock time; real elapsed time needs UTC.
    assert after - before == timedelta(hours=1, minutes=1)
    assert to_utc(after) - to_utc(before) == timedelta(minutes=1)
    assert to_utc(after) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def test_wall_time_is_kept_across_the_change() -> None:
    winter = parse_german_datetime("26.03.2027 10:00", NOW)
    summer = parse_german_datetime("29.03.2027 10:00", NOW)
    assert (winter.hour, summer.hour) == (10, 10)
    assert winter.utcoffset() == timedelta(hours=1)
    assert summer.utcoffset() == timedelta(hours=2)
    assert to_utc(summer) == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)


def test_localize_refuses_gap_and_fold() -> None:
    assert localize(date(2027, 3, 28), time(3)) == datetime(2027, 3, 28, 1, tzinfo=UTC)
    for day, reason in (
        (date(2027, 3, 28), DateError.NONEXISTENT_TIME),
        (date(2027, 10, 31), DateError.AMBIGUOUS_TIME),
    ):
        with pytest.raises(DateParseError) as caught:
            localize(day, time(2, 15))
        assert caught.value.reason is reason


# --- date lists -----------------------------------------------------------------------------


def test_date_list_keeps_written_times_only() -> None:
    assert parse_date_list("20.01.2027, 10:30 Uhr, 17.03. und 12. Mai 2027 14 Uhr", NOW) == [
        (date(2027, 1, 20), time(10, 30)),
        (date(2027, 3, 17), None),
        (date(2027, 5, 12), time(14)),
    ]


def test_date_list_separators() -> None:
    assert parse_date_list("20.01.2027; 17.03.2027", NOW) == [
        (date(2027, 1, 20), None),
        (date(2027, 3, 17), None),
    ]


def test_date_list_refuses_junk_between_entries() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date_list("20.01.2027 oder 17.03.2027", NOW)
    assert caught.value.reason is DateError.UNKNOWN


# --- output ---------------------------------------------------------------------------------

WINTER_UTC = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
SUMMER_UTC = datetime(2027, 7, 14, 8, 0, tzinfo=UTC)  # 10:00 in Berlin


@pytest.mark.parametrize(
    ("moment", "lang", "short", "long"),
    [
        (
            WINTER_UTC,
            "de",
            "Mi., 20.01.2027, 10:00 Uhr",
            "Mittwoch, 20. Januar 2027, 10:00 Uhr",
        ),
        (WINTER_UTC, "en", "Wed, 20 Jan 2027, 10:00", "Wednesday, 20 January 2027, 10:00"),
        (
            SUMMER_UTC,
            "de",
            "Mi., 14.07.2027, 10:00 Uhr",
            "Mittwoch, 14. Juli 2027, 10:00 Uhr",
        ),
        (SUMMER_UTC, "en", "Wed, 14 Jul 2027, 10:00", "Wednesday, 14 July 2027, 10:00"),
    ],
)
def test_short_and_long(moment: datetime, lang: str, short: str, long: str) -> None:
    assert format_short(moment, lang) == short
    assert format_long(moment, lang) == long


def test_date_and_time_parts() -> None:
    assert format_date(WINTER_UTC) == "20.01.2027"
    assert format_time(WINTER_UTC) == "10:00 Uhr"
    assert format_date(WINTER_UTC, "en") == "20 Jan 2027"
    assert format_time(SUMMER_UTC, "en") == "10:00"


def test_single_digit_days() -> None:
    moment = berlin(2027, 1, 5, 8, 5)
    assert format_short(moment) == "Di., 05.01.2027, 08:05 Uhr"
    assert format_long(moment) == "Dienstag, 5. Januar 2027, 08:05 Uhr"
    assert format_date(moment, "en") == "5 Jan 2027"


def test_language_tags_and_fallback() -> None:
    assert format_short(WINTER_UTC, "en-GB") == "Wed, 20 Jan 2027, 10:00"
    assert format_short(WINTER_UTC, "de_AT") == "Mi., 20.01.2027, 10:00 Uhr"
    assert format_short(WINTER_UTC, "fr") == "Mi., 20.01.2027, 10:00 Uhr"


def test_naive_values_are_utc() -> None:
    naive = datetime(2027, 7, 14, 8, 0)
    assert format_time(naive) == "10:00 Uhr"
    assert as_berlin(naive) == SUMMER_UTC
    assert as_berlin(naive).tzinfo is BERLIN
    assert to_utc(naive) == SUMMER_UTC
    assert to_utc(naive).tzinfo is UTC


def test_conversions_keep_the_instant() -> None:
    moment = berlin(2027, 1, 20, 10)
    assert to_utc(moment) == datetime(2027, 1, 20, 9, tzinfo=UTC)
    assert to_utc(moment).utcoffset() == timedelta(0)
    assert as_berlin(WINTER_UTC).hour == 10


# --- round trip -----------------------------------------------------------------------------


ZONES = st.sampled_from([UTC, BERLIN, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")])


@given(
    st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2035, 12, 31, 23, 59),
        timezones=ZONES,
        allow_imaginary=False,
    )
)
def test_formatted_input_parses_back_to_the_same_instant(value: datetime) -> None:
    instant = value.replace(second=0, microsecond=0)
    local = instant.astimezone(BERLIN)
    # Wall times of the autumn fold are refused on purpose, so they cannot round-trip.
    assume(local.replace(fold=0).utcoffset() == local.replace(fold=1).utcoffset())
    now = instant - timedelta(days=3)
    parsed = parse_german_datetime(local.strftime("%d.%m.%Y %H:%M"), now)
    # Instants, not `==`: across zones, `==` is False when one side is a fold wall time (PEP 495).
    assert parsed.timestamp() == instant.timestamp()
