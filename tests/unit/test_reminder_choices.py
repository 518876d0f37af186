"""Which reminders a member gets: the committee's offsets less what the member turned off."""

from __future__ import annotations

from datetime import timedelta

from rakbot.domain.reminder_choices import (
    ReminderChoices,
    gets_ballot_reminders,
    gets_meeting_reminder,
    meeting_switches,
    toggle_ballots,
    toggle_meeting,
)
from rakbot.domain.reminders import DEFAULT_OFFSETS

WEEK, DAY, TWO_HOURS = DEFAULT_OFFSETS


def test_by_default_every_reminder_is_on() -> None:
    choices = ReminderChoices()
    assert all(gets_meeting_reminder(choices, offset) for offset in DEFAULT_OFFSETS)
    assert gets_meeting_reminder(choices, timedelta(days=3))  # an offset added later
    assert gets_ballot_reminders(choices)
    assert choices.is_default and choices.to_stored() is None


def test_one_meeting_reminder_turned_off_leaves_the_others() -> None:
    choices = toggle_meeting(ReminderChoices(), 1440, DEFAULT_OFFSETS)
    assert choices is not None
    assert not gets_meeting_reminder(choices, DAY)
    assert gets_meeting_reminder(choices, WEEK) and gets_meeting_reminder(choices, TWO_HOURS)
    assert gets_ballot_reminders(choices)
    assert meeting_switches(choices, [TWO_HOURS, DAY, WEEK]) == [
        (WEEK, True),
        (DAY, False),
        (TWO_HOURS, True),
    ]
    again = toggle_meeting(choices, 1440, DEFAULT_OFFSETS)
    assert again == ReminderChoices()


def test_only_the_committees_offsets_can_be_chosen() -> None:
    assert toggle_meeting(ReminderChoices(), 30, DEFAULT_OFFSETS) is None
    assert toggle_meeting(ReminderChoices(), 4320, [timedelta(days=3)]) is not None
    assert toggle_meeting(ReminderChoices(), 1440, [timedelta(days=3)]) is None


def test_ballot_reminders_turned_off_and_on() -> None:
    off = toggle_ballots(ReminderChoices())
    assert not gets_ballot_reminders(off)
    assert all(gets_meeting_reminder(off, offset) for offset in DEFAULT_OFFSETS)
    assert gets_ballot_reminders(toggle_ballots(off))


def test_stored_form_round_trips() -> None:
    choices = ReminderChoices(meeting_off=frozenset({1440, 120}), ballots=False)
    stored = choices.to_stored()
    assert stored == {"meeting_off_minutes": [1440, 120], "ballots": False}
    assert ReminderChoices.from_stored(stored) == choices


def test_unreadable_stored_choices_count_as_all_on() -> None:
    for stored in (None, {}, {"meeting_off_minutes": "1440"}, {"ballots": "nein"}, []):
        assert ReminderChoices.from_stored(stored) == ReminderChoices()  # type: ignore[arg-type]
    odd = ReminderChoices.from_stored({"meeting_off_minutes": [1440, "x", -5, True, 0]})
    assert odd.meeting_off == frozenset({1440})
