"""/einstellungen: each member turns the reminders the committee sends on or off for themselves.

The choices are stored on the member's row (`members.reminder_choices`); the reminder renderers
read them with the recipient (`rakbot.domain.reminder_choices` decides) and skip what the member
turned off. The committee's offsets are the only meeting reminders a member can choose among.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from rakbot.domain.reminder_choices import (
    ReminderChoices,
    meeting_switches,
    toggle_ballots,
    toggle_meeting,
)
from rakbot.runtime import Runtime
from rakbot.services.meeting_reminders import offsets
from storage.models import Committee, Member
from storage.repositories import entities, members
from storage.repositories.meetings import SEAT_ROLES
from storage.session import AsyncSession


class ChoiceRefused(StrEnum):
    NOT_MEMBER = "not_member"
    #: the committee sends no such reminder (a forged or outdated button): nothing changed
    NOT_OFFERED = "not_offered"


@dataclass(frozen=True)
class ReminderSettings:
    """What /einstellungen shows: each meeting reminder of the committee (longest first) with
    whether this member gets it, the ballot reminders, and whether the member holds a seat
    (private reminders go to an institution's representative and deputy only)."""

    meetings: list[tuple[timedelta, bool]]
    ballots: bool
    holds_seat: bool


async def _member(session: AsyncSession, committee_id: int, member_id: int) -> Member | None:
    member = await members.member_in(session, committee_id, member_id)
    return member if member is not None and member.active else None


async def _settings_of(session: AsyncSession, member: Member) -> ReminderSettings:
    committee = await entities.by_id_or_fail(session, Committee, member.committee_id)
    return _settings(member, ReminderChoices.from_stored(member.reminder_choices), committee)


def _settings(member: Member, choices: ReminderChoices, committee: Committee) -> ReminderSettings:
    return ReminderSettings(
        meetings=meeting_switches(choices, offsets(committee)),
        ballots=choices.ballots,
        holds_seat=member.role in SEAT_ROLES and member.institution_id is not None,
    )


async def current(runtime: Runtime, member_id: int) -> ReminderSettings | ChoiceRefused:
    async def work(session: AsyncSession) -> ReminderSettings | ChoiceRefused:
        member = await _member(session, runtime.committee_id, member_id)
        if member is None:
            return ChoiceRefused.NOT_MEMBER
        return await _settings_of(session, member)

    return await runtime.db.run(work)


Change = Callable[[ReminderChoices, Committee], ReminderChoices | None]


async def _change(
    runtime: Runtime, member_id: int, change: Change
) -> ReminderSettings | ChoiceRefused:
    """Apply `change` to the member's stored choices in one unit of work."""

    async def work(session: AsyncSession) -> ReminderSettings | ChoiceRefused:
        member = await _member(session, runtime.committee_id, member_id)
        if member is None:
            return ChoiceRefused.NOT_MEMBER
        committee = await entities.by_id_or_fail(session, Committee, member.committee_id)
        changed = change(ReminderChoices.from_stored(member.reminder_choices), committee)
        if changed is None:
            return ChoiceRefused.NOT_OFFERED
        member.reminder_choices = changed.to_stored()
        return _settings(member, changed, committee)

    return await runtime.db.run(work)


async def switch_meeting(
    runtime: Runtime, member_id: int, minutes: int
) -> ReminderSettings | ChoiceRefused:
    """Turn the reminder `minutes` before each meeting off, or on again."""
    return await _change(
        runtime,
        member_id,
        lambda choices, committee: toggle_meeting(choices, minutes, offsets(committee)),
    )


async def switch_ballots(runtime: Runtime, member_id: int) -> ReminderSettings | ChoiceRefused:
    """Turn the private reminders of ballot deadlines off, or on again."""
    return await _change(runtime, member_id, lambda choices, _committee: toggle_ballots(choices))
