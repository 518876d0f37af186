"""Failures found by trying to break the running bot: nothing a member does is lost, nothing
the bot cannot deliver is kept quiet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.models import FakeUser
from storage.models import Ballot, Committee, Member
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import COORDINATOR_ID, Harness
from tests.e2e.test_reminders import MEETING, planned_rak, reminders_to, travel_to
from tests.resilience.scenario import ballot_id_of


async def ballot_count(h: Harness) -> int:
    async def work(session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count(Ballot.id))) or 0)

    return await h.runtime.db.run(work)


async def test_ballot_whose_deadline_passed_in_the_dialog_is_not_started(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    office = rak.office
    reply = await h.send(office, "/abstimmung_neu")
    reply = await h.press_label(office, reply.last, "Beschluss")
    reply = await h.send(office, "Frist verpasst?")
    reply = await h.press_label(office, reply.last, "Offen")
    reply = await h.press_label(office, reply.last, "In der Sitzung")
    confirm = (await h.send(office, "23.11.2026 10:00")).last
    h.clock.advance(timedelta(hours=2))  # the office pressed "start" after the deadline

    reply = await h.press_label(office, confirm, "In der Gruppe starten")
    assert "Die Frist liegt inzwischen in der Vergangenheit" in reply.text
    assert await ballot_count(h) == 0
    assert [m for m in h.emu.messages_to(rak.group.id) if m.buttons()] == []

    # The dialog asks for the deadline again; a future one starts the ballot.
    reply = await h.send(office, "morgen 18 Uhr")
    await h.press_label(office, reply.last, "In der Gruppe starten")
    assert await ballot_count(h) == 1
    assert "Frist verpasst?" in rak.ballot_message().text


def office_notices(h: Harness, marker: str) -> list[str]:
    return [m.text for m in h.emu.messages_to(COORDINATOR_ID) if marker in m.text]


async def flagged(h: Harness, user: FakeUser) -> bool:
    async def work(session: AsyncSession) -> bool:
        return bool(
            await session.scalar(
                select(Member.bot_blocked).where(Member.telegram_user_id == user.id)
            )
        )

    return await h.runtime.db.run(work)


def attempts_to(h: Harness, user: FakeUser) -> int:
    return sum(
        1
        for call in h.emu.calls
        if call.method == "sendMessage" and call.params.get("chat_id") == user.id
    )


async def test_a_member_who_blocked_the_bot_is_reached_again_once_they_write(
    harness: Harness,
) -> None:
    h = harness
    rak = await planned_rak(h)
    bernd = rak.reps[1]
    h.emu.block(bernd)
    await travel_to(h, MEETING - timedelta(days=7))
    assert await flagged(h, bernd)
    assert reminders_to(h, bernd.id) == []
    told = office_notices(h, "nicht erreichbar")
    assert len(told) == 1
    assert "Bernd" in told[0] and "hat den Bot blockiert" in told[0]

    # Tried again later with back-off (15 minutes, then 30), without telling the office twice.
    tried = attempts_to(h, bernd)
    await h.travel(timedelta(minutes=16))
    assert attempts_to(h, bernd) == tried + 1
    await h.travel(timedelta(minutes=16))
    assert attempts_to(h, bernd) == tried + 1
    await h.travel(timedelta(minutes=16))
    assert attempts_to(h, bernd) == tried + 2
    assert len(office_notices(h, "nicht erreichbar")) == 1

    # Bernd unblocks the bot and writes: the flag goes, the waiting reminder comes at once.
    await h.send(bernd, "/start")
    await h.deliver()
    assert not await flagged(h, bernd)
    assert len(reminders_to(h, bernd.id)) == 1
    await travel_to(h, MEETING - timedelta(days=1))
    assert len(reminders_to(h, bernd.id)) == 2


async def test_a_roster_member_who_never_started_the_bot_is_named_to_the_office(
    harness: Harness,
) -> None:
    h = harness
    rak = await planned_rak(h)
    carla = rak.reps[2]
    h.emu.never_started(carla)
    await travel_to(h, MEETING - timedelta(days=7))
    told = office_notices(h, "nicht erreichbar")
    assert len(told) == 1 and "Carla" in told[0] and "hat den Bot noch nie gestartet" in told[0]
    # Carla starts the bot: the waiting reminder comes at once, later ones on time.
    await h.send(carla, "/start")
    await h.deliver()
    assert not await flagged(h, carla)
    assert len(reminders_to(h, carla.id)) == 1
    await travel_to(h, MEETING - timedelta(days=1))
    assert len(reminders_to(h, carla.id)) == 2


async def test_a_press_in_the_group_clears_the_flag(harness: Harness) -> None:
    h = harness
    rak = await planned_rak(h)
    anna = rak.reps[0]
    h.emu.block(anna)
    await travel_to(h, MEETING - timedelta(days=7))
    assert await flagged(h, anna)
    await h.press_label(anna, h.emu.messages_to(rak.group.id)[0], "Zusage")
    assert not await flagged(h, anna)


@pytest.mark.parametrize("announced", [True, False], ids=["service-message", "chat-migrated"])
async def test_a_group_upgraded_to_a_supergroup_is_followed(
    harness: Harness, announced: bool
) -> None:
    """Telegram announces the upgrade with a service message; a bot that missed it learns it
    from the 400 answer (`ChatMigrated`) to its next group message. Either way the committee
    moves to the new chat, the running ballot is posted there again and the office is told."""
    h = harness
    rak = await setup_rak(h, supergroup=False)
    old_ballot = await rak.start_ballot(question="Gilt das auch in der Supergruppe?")
    ballot_id = ballot_id_of(old_ballot)
    supergroup = h.emu.upgrade_to_supergroup(rak.group, rak.office, announce=announced)
    await h.emu.wait_idle()
    if not announced:
        # A vote makes the bot edit the live message in the old group: refused with the new id.
        await h.press(rak.reps[0], old_ballot, f"v:{ballot_id}:y")
    await h.deliver()
    await h.travel(timedelta(seconds=3))

    async def bound(session: AsyncSession) -> int | None:
        return await session.scalar(select(Committee.chat_id))

    assert await h.runtime.db.run(bound) == supergroup.id
    posted = [m for m in h.emu.messages_to(supergroup.id) if m.buttons()]
    assert len(posted) == 1 and "Gilt das auch in der Supergruppe?" in posted[0].text
    told = office_notices(h, "Supergruppe")
    assert len(told) == 1 and "laufende Abstimmungen (1)" in told[0]

    # Votes continue on the new message, which shows them.
    await h.press(rak.reps[1], posted[0], f"v:{ballot_id}:n")
    await h.travel(timedelta(seconds=10))
    live = rak.current(posted[0])
    assert ("Stand: 1 Ja, 1 Nein" if not announced else "Stand: 0 Ja, 1 Nein") in live.text
    assert h.emu.messages_to(rak.group.id)[-1].message_id == old_ballot.message_id
