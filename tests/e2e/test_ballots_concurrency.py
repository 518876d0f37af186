"""Click storms, debounced edits and closing by two dispatchers on one database."""

from __future__ import annotations

import asyncio
import random
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from rakbot.outbox_kinds import RENDERERS
from rakbot.scheduler import Dispatcher
from storage.db import Database
from storage.models import Outbox
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness
from tests.e2e.test_ballots import result_messages

LABELS = {"y": "Ja", "n": "Nein", "a": "Enthaltung"}


def edits(h: Harness) -> int:
    return sum(1 for call in h.emu.calls if call.method == "editMessageText")


async def test_click_storm_ends_in_last_press_per_member_with_debounced_edits(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=8)
    ballot = await rak.start_ballot(question="Sturmfeste Frage?")
    voters = [*rak.reps, *rak.deputies]
    rng = random.Random(5)
    last: dict[int, str] = {}
    before = edits(h)
    for _second in range(10):
        pending = []
        for _ in range(10):
            user = rng.choice(voters)
            option = rng.choice("yna")
            last[user.id] = option
            pending.append(h.emu.press_button(user, ballot, f"v:1:{option}"))
        await asyncio.gather(*(h.runtime.stats.wait_processed(uid) for uid in pending))
        await h.travel(timedelta(seconds=1))
    await h.travel(timedelta(seconds=6))
    storm_edits = edits(h) - before
    # 100 presses over ~10 s of clock time: at most one edit per 3-second slot.
    assert 1 <= storm_edits <= 5

    expected = {"y": 0, "n": 0, "a": 0}
    for index, (rep, deputy) in enumerate(zip(rak.reps, rak.deputies, strict=True)):
        counted = last.get(rep.id) or last.get(deputy.id)
        assert counted is not None, index
        expected[counted] += 1
    text = rak.current(ballot).text
    abstain = "1 Enthaltung" if expected["a"] == 1 else f"{expected['a']} Enthaltungen"
    assert f"Stand: {expected['y']} Ja, {expected['n']} Nein, {abstain}" in text


async def test_two_dispatchers_close_once(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_ballot(question="Zwei Prozesse, ein Ergebnis?")
    for index in range(5):
        await h.press(rak.reps[index], ballot, "v:1:y")
    assert h.bot.dispatcher is not None and h.bot.application is not None
    other_db = Database(h.settings.database_url)
    other = Dispatcher(
        replace(h.runtime, db=other_db, worker_id="second"),
        h.bot.application.bot,
        None,
        renderers=dict(RENDERERS),
    )
    try:
        h.clock.advance(timedelta(days=3))
        await asyncio.gather(h.bot.dispatcher.run_due(), other.run_due())
        await asyncio.gather(h.bot.dispatcher.run_due(), other.run_due())
    finally:
        await other_db.dispose()
    assert len(result_messages(rak)) == 1
    assert "Angenommen – 5 Ja, 0 Nein" in result_messages(rak)[0]
    workers = await h.runtime.db.run(
        lambda s: s.scalars(select(Outbox.claimed_by).where(Outbox.kind == "ballot_result"))
    )
    assert len(list(workers)) == 1
