"""`rakbot db upgrade` of a database that release 0.1.0 created and filled.

`data/release-0.1.0.sql` holds the rows release 0.1.0 wrote (made with that release's code: a
roster, a meeting with answers, a closed and a running ballot with votes, pending reminders).
They are loaded into a database built by 0.1.0's migrations, the database is upgraded with the
command the operators use, and the current bot works on with it.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import make_url

from rakbot.sandbox.emulator import BotApiEmulator
from storage.db import Database, is_sqlite
from storage.migrate import head_revision, upgrade
from tests.e2e.harness import COORDINATOR_ID, make_settings, start_harness
from tests.operations.cli import rakbot

RELEASE_REVISION = "0001"
RELEASE_ROWS = Path(__file__).parent / "data" / "release-0.1.0.sql"
#: the moment release 0.1.0's data was written at
WRITTEN_AT = datetime.fromisoformat("2026-11-23T09:05:00+01:00")
GROUP = -1001000000001


async def _fresh_database(url: str, tmp_path: Path) -> str:
    if is_sqlite(url):
        return f"sqlite+aiosqlite:///{tmp_path / 'release.db'}"
    parsed = make_url(url)
    name = f"{parsed.database}_upgrade"
    admin = Database(url)
    async with admin.engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def _release_rows(tmp_path: Path) -> dict[str, list[dict[str, object]]]:
    """The release's rows, read through a SQLite file at the release's schema."""
    source = tmp_path / "rows.db"
    engine = create_engine(f"sqlite:///{source}")
    with engine.begin() as connection:
        from alembic import command

        from storage.migrate import alembic_config

        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, RELEASE_REVISION)
    with sqlite3.connect(source) as raw:
        raw.executescript(RELEASE_ROWS.read_text(encoding="utf-8"))
    raw.close()
    metadata = MetaData()
    with engine.connect() as connection:
        metadata.reflect(connection)
        rows = {
            table.name: [dict(row._mapping) for row in connection.execute(select(table))]
            for table in metadata.sorted_tables
            if table.name != "alembic_version"
        }
    engine.dispose()
    return rows


async def _load_release(url: str, tmp_path: Path) -> None:
    db = Database(url)
    try:
        await upgrade(db, RELEASE_REVISION)
        rows = _release_rows(tmp_path)
        async with db.engine.begin() as connection:
            metadata = MetaData()
            await connection.run_sync(metadata.reflect)
            for table in metadata.sorted_tables:
                if rows.get(table.name):
                    await connection.execute(table.insert(), rows[table.name])
                    if db.dialect == "postgresql" and "id" in table.c:
                        await connection.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                f"(SELECT max(id) FROM {table.name}))"
                            )
                        )
    finally:
        await db.dispose()


def _recreate_chats(emu: BotApiEmulator) -> None:
    """The people and the group of the release's data, with the same ids (a fresh emulator
    hands them out in the order the data was made in)."""
    emu.user("Renate", last_name="Breier", user_id=COORDINATOR_ID)
    assert emu.group("RAK Börde").id == GROUP
    names = ["Rep0", "Dep0", *(f"Rep{n}" for n in range(1, 8)), "Gast"]
    for name in names:
        emu.user(name)


async def test_upgrade_of_a_release_database_with_data(
    emulator: BotApiEmulator, database_url: str, tmp_path: Path
) -> None:
    url = await _fresh_database(database_url, tmp_path)
    await _load_release(url, tmp_path)

    upgraded = await rakbot(tmp_path, "db", "upgrade", DATABASE_URL=url)
    assert upgraded.code == 0, upgraded
    assert upgraded.stdout.strip() == (
        f"Datenbank: Revision {head_revision()} (neueste: {head_revision()})"
    )

    _recreate_chats(emulator)
    h = await start_harness(emulator, make_settings(emulator, url), at=WRITTEN_AT)
    try:
        office = h.coordinator()
        results = (await h.send(office, "/ergebnisse")).text
        assert "Soll der RAK eine Klausur abhalten?" in results
        assert "Angenommen – 6 Ja, 1 Nein, 0 Enthaltungen" in results
        roster = (await h.send(office, "/mitglieder")).text
        assert "Rep0 Vertreter" in roster and "Dep0 Stellvertreter" in roster
        assert office.id == COORDINATOR_ID

        mark = len(emulator.messages)
        await h.travel(datetime.fromisoformat("2026-11-26T12:01:00+01:00") - h.clock.now())
        outcome = [m.text for m in emulator.messages[mark:] if m.chat_id == GROUP]
        assert any(
            "Haushalt 2027" in text and "5 Ja" in text and text.startswith("Ergebnis")
            for text in outcome
        ), outcome
        meeting = datetime.fromisoformat("2027-01-20T10:00:00+01:00")
        await h.travel(meeting - timedelta(days=7) - h.clock.now())
        reminders = [
            m.text
            for m in emulator.messages[mark:]
            if m.chat_id == GROUP and "in 7 Tagen" in m.text
        ]
        assert len(reminders) == 1 and "Erinnerung: Sitzung des RAK" in reminders[0]
    finally:
        await h.bot.stop()
