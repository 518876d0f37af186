"""Two bot processes in webhook mode against one PostgreSQL database, behind one emulator that
spreads the updates across both like a load balancer: every reminder and every closing of a
ballot (by deadline and by the last vote) happens exactly once."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rakbot.domain.dates import as_berlin
from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.services import meetings
from tests.e2e.ballot_setup import setup_rak
from tests.resilience.botproc import BotProcess, Zygote
from tests.resilience.scenario import ballot_id_of, in_process, outbox_statuses, texts_to

SECRET = "two-processes-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def berlin(moment: datetime) -> str:
    return as_berlin(moment).strftime("%d.%m.%Y %H:%M")


async def test_each_reminder_and_closing_once(
    emulator: BotApiEmulator, postgres_url: str, tmp_path: Path, zygote: Zygote
) -> None:
    emu = emulator
    now = datetime.now(UTC)
    h = await in_process(emu, postgres_url)
    rak = await setup_rak(h, deputies=0)
    by_deadline = await rak.start_ballot(
        question="Frist?", deadline=berlin(now + timedelta(days=2))
    )
    by_votes = await rak.start_ballot(
        question="Alle?", deadline=berlin(now + timedelta(days=5)), close_when_all_voted=True
    )
    draft = meetings.MeetingDraft(starts_at=now + timedelta(days=7, minutes=1), place="Raum 101")
    await meetings.create(h.runtime, h.runtime.committee_id, draft, actor_member_id=None)
    deadline_id, votes_id = ballot_id_of(by_deadline), ballot_id_of(by_votes)
    await h.bot.stop()

    # Both processes live two days on: the first ballot's deadline and the 7-day reminder of
    # the meeting have passed, so both dispatchers find the same due rows at once.
    offset = timedelta(days=2, minutes=2).total_seconds()
    ports = [free_port(), free_port()]
    urls = [f"http://127.0.0.1:{port}/telegram" for port in ports]
    emu.spread_webhook(urls)
    bots = []
    for index, (port, url) in enumerate(zip(ports, urls, strict=True)):
        env = {
            "WEBHOOK_URL": url,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
            "WEBHOOK_SECRET": SECRET,
        }
        bot = BotProcess(emu, postgres_url, tmp_path, f"p{index}", env, webhook=True, zygote=zygote)
        await bot.start(clock_offset=offset)
        bots.append(bot)
    try:
        for rep in rak.reps:
            emu.press_button(rep, by_votes, f"v:{votes_id}:y")

        def results() -> list[str]:
            return [m.text for m in emu.messages_to(rak.group.id) if m.text.startswith("Ergebnis")]

        def reminded() -> int:
            return sum(1 for m in emu.messages if "Erinnerung: Sitzung" in m.text)

        await emu.wait_for(lambda: len(results()) >= 2 and reminded() >= 1 + len(rak.reps), 30)
        await emu.wait_idle(quiet=1.0, limit=10)
    finally:
        for bot in bots:
            await bot.stop()

    assert len(emu.webhook_deliveries) == 2, emu.webhook_deliveries
    assert sorted(r.split("\n")[1] for r in results()) == ["Alle?", "Frist?"], results()
    assert len(texts_to(emu, rak.group.id, "Erinnerung: Sitzung")) == 1
    for rep in rak.reps:
        assert len(texts_to(emu, rep.id, "Erinnerung: Sitzung")) == 1, rep.first_name
    due = await outbox_statuses_of(postgres_url)
    assert due[f"ballot-result:{votes_id}"] == "sent"
    assert due[f"ballot-result:{deadline_id}"] == "sent"


async def outbox_statuses_of(url: str) -> dict[str, str]:
    from storage.db import Database

    db = Database(url)
    try:
        return await outbox_statuses(db, datetime.now(UTC) + timedelta(days=3))
    finally:
        await db.dispose()
