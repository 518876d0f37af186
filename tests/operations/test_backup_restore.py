"""`rakbot backup` of a running bot's database and `rakbot restore` into an empty one: the
restored bot shows the same results and delivers each pending reminder exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from rakbot.metrics import is_reminder
from rakbot.sandbox.emulator import BotApiEmulator
from storage.db import Database, is_sqlite
from storage.models import Outbox, OutboxStatus
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness, start_harness
from tests.e2e.meeting_setup import plan_meeting_as
from tests.operations.cli import rakbot

MEETING = datetime.fromisoformat("2027-01-20T10:00:00+01:00")
#: every moment something planned falls due: ballot reminders and result, meeting reminders
STEPS = [
    datetime.fromisoformat("2026-11-25T12:00:00+01:00"),
    datetime.fromisoformat("2026-11-26T11:00:00+01:00"),
    datetime.fromisoformat("2026-11-26T12:01:00+01:00"),
    MEETING - timedelta(days=7),
    MEETING - timedelta(days=1),
    MEETING - timedelta(hours=2),
    MEETING + timedelta(hours=1),
]


async def _empty_target(url: str, tmp_path: Path) -> str:
    """A second, empty database beside the test's own."""
    if is_sqlite(url):
        return f"sqlite+aiosqlite:///{tmp_path / 'restored.db'}"
    parsed = make_url(url)
    name = f"{parsed.database}_restore"
    admin = Database(url)
    async with admin.engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


async def _pending(h: Harness) -> set[str]:
    rows = await h.runtime.db.run(
        lambda s: s.scalars(select(Outbox.dedup_key).where(Outbox.status == OutboxStatus.PENDING))
    )
    return set(rows)


async def _delivered(h: Harness) -> set[tuple[str, str]]:
    """(dedup key, kind) of every row sent."""
    rows = await h.runtime.db.run(
        lambda s: s.execute(
            select(Outbox.dedup_key, Outbox.kind).where(Outbox.status == OutboxStatus.SENT)
        )
    )
    return {(key, kind) for key, kind in rows.all()}


async def test_round_trip_while_running(
    emulator: BotApiEmulator, harness: Harness, database_url: str, tmp_path: Path
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    await plan_meeting_as(h, rak.office, "20.01.2027 10:00")
    closed = await rak.start_ballot(question="Soll der RAK eine Klausur abhalten?")
    for rep in rak.reps:
        await h.press(rep, closed, "v:1:y")
    await h.press(rak.office, closed, "v:1:x")
    await h.deliver()
    running = await rak.start_ballot(
        question="Haushalt 2027 beschließen?", deadline="26.11.2026 12:00"
    )
    for rep in rak.reps[:3]:
        await h.press(rep, running, "v:2:y")
    await h.deliver()
    results_before = (await h.send(rak.office, "/ergebnisse")).text
    assert "Klausur" in results_before
    pending_before = await _pending(h)
    assert any("remind" in key for key in pending_before), pending_before
    assert any(key.startswith("meeting") for key in pending_before), sorted(pending_before)

    backup_file = tmp_path / "rakbot.backup"
    made = await rakbot(tmp_path, "backup", str(backup_file), DATABASE_URL=database_url)
    assert made.code == 0, made
    assert backup_file.stat().st_size > 0
    await h.bot.stop()

    target = await _empty_target(database_url, tmp_path)
    restored_run = await rakbot(tmp_path, "restore", str(backup_file), DATABASE_URL=target)
    assert restored_run.code == 0, restored_run
    again = await rakbot(tmp_path, "restore", str(backup_file), DATABASE_URL=target)
    assert again.code == 1 and "--replace" in again.stderr

    restored = await start_harness(
        emulator, h.settings.model_copy(update={"database_url": target}), at=h.clock.now()
    )
    try:
        assert await _pending(restored) == pending_before
        results_after = (await restored.send(rak.office, "/ergebnisse")).text
        assert results_after == results_before
        sent_before = await _delivered(restored)
        mark = len(emulator.messages)
        for moment in STEPS:
            await restored.travel(moment - restored.clock.now())
        reminders = [m for m in emulator.messages[mark:] if "Erinnerung" in m.text]
        delivered = await _delivered(restored) - sent_before
        assert await _pending(restored) == set()
        # one message per delivered reminder row: none lost, none twice
        reminder_rows = [key for key, kind in delivered if is_reminder(kind, key)]
        assert len(reminders) == len(reminder_rows) > 0
        await restored.restart()
        await restored.travel(timedelta(hours=1))
        assert [m for m in emulator.messages[mark:] if "Erinnerung" in m.text] == reminders
        results = [m for m in emulator.messages[mark:] if m.text.startswith("Ergebnis der Abst")]
        assert len(results) == 1 and "Haushalt 2027" in results[0].text
    finally:
        await restored.bot.stop()


async def test_restore_refuses_a_file_that_is_no_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database", encoding="utf-8")
    target = f"sqlite+aiosqlite:///{tmp_path / 'target.db'}"
    outcome = await rakbot(tmp_path, "restore", str(junk), DATABASE_URL=target)
    assert outcome.code == 1
    assert "keine SQLite-Sicherung" in outcome.stderr


@pytest.mark.parametrize("missing", ["sqlite"])
async def test_backup_of_a_missing_sqlite_file_says_so(tmp_path: Path, missing: str) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'none.db'}"
    outcome = await rakbot(tmp_path, "backup", str(tmp_path / "x.backup"), DATABASE_URL=url)
    assert outcome.code != 0
