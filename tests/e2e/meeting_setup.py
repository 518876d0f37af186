"""Test helpers for meetings: a committee with a bound group, three representatives, a deputy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.models import FakeChat, FakeUser, SentMessage
from rakbot.services import meeting_card, roster
from rakbot.services.roster import NewMember
from storage.models import Institution, Role
from tests.e2e.harness import Harness, Reply

#: answers within one slot update the group card together at its end
CARD_SLOT = timedelta(seconds=meeting_card.SLOT_SECONDS)


@dataclass
class Rak:
    """A committee with a bound group, three representatives and one deputy."""

    group: FakeChat
    coordinator: FakeUser
    reps: list[FakeUser]
    deputy: FakeUser


async def institution_ids(harness: Harness) -> list[int]:
    async def work(session: AsyncSession) -> list[int]:
        return list(await session.scalars(select(Institution.id).order_by(Institution.sort_order)))

    return await harness.runtime.db.run(work)


async def setup_rak(harness: Harness, *, bind: bool = True) -> Rak:
    rt = harness.runtime
    ids = await institution_ids(harness)
    group = harness.emu.group("RAK Börde")
    if bind:
        await roster.bind_group(rt, group.id, actor_member_id=None)
    reps = []
    for index, name in enumerate(["Anna", "Bernd", "Carla"]):
        user = harness.user(name)
        await roster.add_member(
            rt,
            NewMember(user.id, name, Role.REPRESENTATIVE, institution_id=ids[index]),
            actor_member_id=None,
        )
        reps.append(user)
    deputy = harness.user("Dora")
    await roster.add_member(
        rt, NewMember(deputy.id, "Dora", Role.DEPUTY, institution_id=ids[0]), actor_member_id=None
    )
    return Rak(group, harness.coordinator(), reps, deputy)


async def plan_meeting(
    harness: Harness, rak: Rak, when: str = "20.01.2027 10:00", recurrence: str = "-"
) -> None:
    await plan_meeting_as(harness, rak.coordinator, when, recurrence=recurrence)


async def plan_meeting_as(
    harness: Harness,
    office: FakeUser,
    when: str,
    *,
    agenda: str = "Protokoll\nProjektanträge Runde 3\nVerschiedenes",
    place: str = "Landratsamt Haldensleben, Raum 101",
    end: str = "12:30",
    recurrence: str = "-",
) -> None:
    """Run /sitzung_neu as `office` through to "Speichern"."""
    await harness.send(office, "/sitzung_neu")
    reply = await harness.send(office, when)
    await harness.press_label(office, reply.last, "Ja")
    await harness.send(office, place)
    await harness.send(office, agenda)
    await harness.send(office, end)
    reply = await harness.send(office, recurrence)
    await harness.press_label(office, reply.last, "Speichern")


async def announced_card(harness: Harness, chat_id: int) -> SentMessage:
    """The latest meeting card in `chat_id`, once every due reminder has gone out.

    A meeting planned for within two hours has a reminder due at once; it is sent from the
    outbox in the background and may land after the card, so "the last message" is not enough.
    """
    await harness.deliver()
    for message in reversed(harness.emu.messages_to(chat_id)):
        if any("Zusage" in text for row in message.buttons() for text, _data in row):
            return message
    raise AssertionError(f"no meeting card in chat {chat_id}")


async def cancel_meeting_as(harness: Harness, office: FakeUser, number: int) -> Reply:
    """/sitzung_absagen <number> and "Ja, absagen"; the notices it plans go out before the
    next step, so that no later reply catches them."""
    asked = await harness.send(office, f"/sitzung_absagen {number}")
    confirmed = await harness.press_label(office, asked.last, "Ja, absagen")
    await harness.deliver()
    return confirmed
