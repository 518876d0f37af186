"""Updates a crashed process fetched but did not handle are handled at the next start, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.models import AuditEntry, InboundUpdate
from storage.repositories import inbox
from storage.repositories.inbox import HANDLING, Handling, UpdateAlreadyApplied
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness
from tests.resilience.scenario import ballot_id_of, stored_votes

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


async def test_a_press_stored_by_a_crashed_process_is_handled_after_restart(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h)
    ballot = await rak.start_ballot(question="Gilt die Stimme nach dem Absturz?")
    voter = rak.reps[0]
    # What a process that crashed after storing the press (and confirming it) left behind.
    await h.bot.stop()
    payload = h.emu.button_press_update(voter, ballot, f"v:{ballot_id_of(ballot)}:y")
    update_id = payload["update_id"]
    db = Database(h.settings.database_url)
    try:
        await db.run(
            lambda s: inbox.store(
                s,
                update_id=update_id,
                payload=payload,
                worker="elsewhere:1",
                now=h.clock.now() - timedelta(minutes=10),
                lease=timedelta(minutes=2),
            )
        )
    finally:
        await db.dispose()

    await h.restart()
    await h.runtime.stats.wait_processed(update_id)
    assert await stored_votes(h.runtime.db) == {voter.id: "y"}
    assert str(update_id) in h.emu.callback_answers

    async def left(session: AsyncSession) -> list[tuple[int, bool]]:
        rows = await session.execute(
            select(InboundUpdate.update_id, InboundUpdate.done_at.is_not(None))
        )
        return sorted((row[0], bool(row[1])) for row in rows)

    # Every update is done; a second restart handles nothing again.
    assert all(done for _id, done in await h.runtime.db.run(left))
    await h.restart()
    await h.emu.wait_idle()
    assert await h.runtime.db.run(vote_entries) == 1


async def vote_entries(session: AsyncSession) -> int:
    return int(
        await session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "ballot.vote_cast")
        )
        or 0
    )


async def test_a_second_run_of_a_handled_update_changes_nothing(db: Database) -> None:
    await db.run(
        lambda s: inbox.store(
            s, update_id=7, payload={}, worker="a", now=NOW, lease=timedelta(minutes=2)
        )
    )

    async def change(session: AsyncSession) -> None:
        session.add(AuditEntry(action="test.change", details={}))

    token = HANDLING.set(Handling(7, NOW))
    try:
        await db.run(change)  # the first run: its change and the done mark commit together
        HANDLING.set(Handling(7, NOW))  # a second run of the same update elsewhere
        with pytest.raises(UpdateAlreadyApplied):
            await db.run(change)
    finally:
        HANDLING.reset(token)
    count = await db.run(
        lambda s: s.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "test.change")
        )
    )
    assert count == 1
