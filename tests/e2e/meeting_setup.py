"""Test helpers for meetings: a committee with a bound group, three representatives, a deputy."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.models import FakeChat, FakeUser
from rakbot.services import roster
from rakbot.services.roster import NewMember
from storage.models import Institution, Role
from tests.e2e.harness import Harness


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
    renate = rak.coordinator
    await harness.send(renate, "/sitzung_neu")
    reply = await harness.send(renate, when)
    await harness.press_label(renate, reply.last, "Ja")
    await harness.send(renate, "Landratsamt Haldensleben, Raum 101")
    await harness.send(renate, "Protokoll\nProjektanträge Runde 3\nVerschiedenes")
    await harness.send(renate, "12:30")
    reply = await harness.send(renate, recurrence)
    await harness.press_label(renate, reply.last, "Speichern")
