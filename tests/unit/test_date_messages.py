"""Every refusal reason has a German message that names two working examples."""

from datetime import datetime

import pytest

from handlers.input_problems import DATE_REASONS, date_problem
from rakbot.domain.dates import (
    DateError,
    DateParseError,
    example_series,
    example_starts,
    format_long,
    parse_date_list,
    parse_german_datetime,
)
from rakbot.i18n import translator
from rakbot.services.meeting_texts import when_line
from rakbot.services.meeting_views import quorum_expected

NOW = datetime.fromisoformat("2026-11-23T09:00:00+01:00")


@pytest.mark.parametrize("reason", list(DateError))
def test_every_reason_explained_with_examples(reason: DateError) -> None:
    text = date_problem(translator("de"), DateParseError(reason), NOW)
    assert DATE_REASONS[reason] in text
    examples = ("07.12.2026 10:00", "nächsten Mittwoch 9:30")  # two weeks after NOW
    for example in examples:
        assert example in text
        assert parse_german_datetime(example, NOW) > NOW


@pytest.mark.parametrize("now", [NOW, datetime.fromisoformat("2027-12-30T23:30:00+01:00")])
def test_meeting_examples_lie_ahead_and_parse_as_shown(now: datetime) -> None:
    digits, words = example_starts(now)
    assert now < parse_german_datetime(digits, now) < parse_german_datetime(words, now)
    assert format_long(parse_german_datetime(words, now)).endswith("10:30 Uhr")
    series = parse_date_list(example_series(now), now)
    assert len(series) == 2 and all(day > now.date() for day, _at in series)


@pytest.mark.parametrize(
    ("represented", "voting", "expected"),
    [(0, 8, False), (4, 8, False), (5, 8, True), (8, 8, True), (2, 3, True), (0, 0, False)],
)
def test_quorum_is_more_than_half(represented: int, voting: int, expected: bool) -> None:
    assert quorum_expected(represented, voting) is expected


def test_a_meeting_past_midnight_shows_the_date_of_its_end() -> None:
    t = translator("de")
    start = datetime.fromisoformat("2027-01-20T23:30:00+01:00")
    assert when_line(t, start, start.replace(hour=23, minute=45)) == (
        "Mittwoch, 20. Januar 2027, 23:30 Uhr bis 23:45 Uhr"
    )
    assert when_line(t, start, datetime.fromisoformat("2027-01-21T01:30:00+01:00")) == (
        "Mittwoch, 20. Januar 2027, 23:30 Uhr bis Donnerstag, 21. Januar 2027, 01:30 Uhr"
    )
