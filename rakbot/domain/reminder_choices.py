"""Which reminders a member gets: everything the committee sends, less what they turned off.

The committee decides when meeting reminders go out (its offsets, e.g. 7 days, 1 day, 2 hours
before) and the bot reminds of a ballot's deadline; each member may turn single meeting offsets
and the ballot reminders off for themselves. What is stored is only what was turned off, so
the default is "everything on" and an offset the committee adds later reaches everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

_MEETING_OFF = "meeting_off_minutes"
_BALLOTS = "ballots"


def minutes_of(offset: timedelta) -> int:
    return int(offset.total_seconds() // 60)


@dataclass(frozen=True)
class ReminderChoices:
    """A member's choices: the meeting offsets (in minutes) turned off, ballot reminders on?"""

    meeting_off: frozenset[int] = field(default_factory=frozenset)
    ballots: bool = True

    @property
    def is_default(self) -> bool:
        return not self.meeting_off and self.ballots

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any] | None) -> ReminderChoices:
        """Read what `to_stored` wrote; anything unreadable counts as the default (on)."""
        if not isinstance(stored, Mapping):
            return cls()
        raw = stored.get(_MEETING_OFF)
        off = (
            frozenset(m for m in raw if isinstance(m, int) and not isinstance(m, bool) and m > 0)
            if isinstance(raw, list)
            else frozenset()
        )
        return cls(meeting_off=off, ballots=stored.get(_BALLOTS) is not False)

    def to_stored(self) -> dict[str, Any] | None:
        """The stored form; None for the default, so that nothing is kept that says nothing."""
        if self.is_default:
            return None
        return {_MEETING_OFF: sorted(self.meeting_off, reverse=True), _BALLOTS: self.ballots}


def gets_meeting_reminder(choices: ReminderChoices, offset: timedelta) -> bool:
    """Does the member get the committee's meeting reminder `offset` before the meeting?"""
    return minutes_of(offset) not in choices.meeting_off


def gets_ballot_reminders(choices: ReminderChoices) -> bool:
    """Does the member get the private reminders of a ballot's deadline?"""
    return choices.ballots


def meeting_switches(
    choices: ReminderChoices, committee_offsets: Iterable[timedelta]
) -> list[tuple[timedelta, bool]]:
    """The committee's offsets, longest first, each with whether this member gets it: the
    only meeting reminders a member can choose among."""
    return [
        (offset, gets_meeting_reminder(choices, offset))
        for offset in sorted(set(committee_offsets), reverse=True)
    ]


def toggle_meeting(
    choices: ReminderChoices, minutes: int, committee_offsets: Iterable[timedelta]
) -> ReminderChoices | None:
    """Turn the reminder `minutes` before a meeting off (or on again); None when the committee
    sends no such reminder (a forged or outdated button), which changes nothing."""
    if minutes not in {minutes_of(offset) for offset in committee_offsets}:
        return None
    return replace(choices, meeting_off=choices.meeting_off ^ {minutes})


def toggle_ballots(choices: ReminderChoices) -> ReminderChoices:
    return replace(choices, ballots=not choices.ballots)
