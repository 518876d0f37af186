"""Failures found by trying to break the running bot: nothing a member does is lost, nothing
the bot cannot deliver is kept quiet."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ballot
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness


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
