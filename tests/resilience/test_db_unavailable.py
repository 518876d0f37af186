"""The database goes away for a while: the bot tells the user in German to try again, and
recovers by itself afterwards (the next command works, the outbox delivers what fell due).

PostgreSQL is made unavailable by a TCP proxy between bot and server (the shared server keeps
running) or by the server itself refusing new connections to the database; SQLite by another
connection holding the write lock, or by writes failing with a real disk I/O error (the file
size limit of this process lowered to one byte, so the kernel refuses every write)."""

from __future__ import annotations

import asyncio
import inspect
import resource
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.faults import FaultRule
from rakbot.scheduler import LEASE
from storage.db import Database, DatabaseBusy
from storage.repositories import outbox
from tests.e2e.harness import Harness, make_settings, start_harness
from tests.resilience.tcp_proxy import TcpProxy

TRY_AGAIN = "Bitte versuchen Sie es in einem Moment noch einmal"
NOTICE = "Hinweis: nach der Störung zugestellt"


async def started(emu: BotApiEmulator, url: str) -> Harness:
    return await start_harness(emu, make_settings(emu, url), worker_id="outage")


Switch = Callable[[], None] | Callable[[], Awaitable[None]]


async def flip(switch: Switch) -> None:
    result = switch()
    if inspect.isawaitable(result):
        await result


async def outage(h: Harness, down: Switch, up: Switch) -> None:
    office = h.coordinator()
    assert TRY_AGAIN not in (await h.send(office, "/termin_anfragen")).text
    await h.send(office, "/abbrechen")
    await h.runtime.db.run(
        lambda s: outbox.enqueue(
            s,
            dedup_key="outage-notice",
            kind="notice",
            due_at=h.clock.now() + timedelta(minutes=1),
            chat_id=office.id,
            payload={"text": NOTICE},
        )
    )

    await flip(down)
    try:
        h.clock.advance(timedelta(minutes=1))
        reply, _ = await asyncio.gather(
            h.send(office, "/termin_anfragen"), expect_busy(h.deliver())
        )
        assert TRY_AGAIN in reply.text, reply.text
        assert h.emu.messages_to(office.id)[-1].text == reply.text
    finally:
        await flip(up)

    reply = await h.send(office, "/termin_anfragen")
    assert TRY_AGAIN not in reply.text and reply.messages, reply.text
    await h.deliver()
    assert [m.text for m in h.emu.messages_to(office.id)].count(NOTICE) == 1


async def expect_busy(work: Awaitable[object]) -> None:
    """The outbox sweep fails cleanly while the database is away (and runs again later)."""
    with pytest.raises(DatabaseBusy):
        await work


async def test_postgresql_unreachable_then_back(
    emulator: BotApiEmulator, postgres_url: str
) -> None:
    proxy = TcpProxy.for_url(postgres_url)
    await proxy.start()
    h = await started(emulator, proxy.url_through(postgres_url))
    try:
        await outage(h, proxy.cut, proxy.restore)
    finally:
        await h.bot.stop()
        await proxy.stop()


async def test_postgresql_refusing_connections_then_back(
    emulator: BotApiEmulator, postgres_url: str
) -> None:
    """The server is up but refuses new connections to the bot's database (as during a
    maintenance window): the bot's open connections drop, every new one is refused."""
    proxy = TcpProxy.for_url(postgres_url)
    await proxy.start()
    h = await started(emulator, proxy.url_through(postgres_url))
    name = make_url(postgres_url).database
    admin = Database(str(make_url(postgres_url).set(database="postgres")))

    async def allow(allowed: bool) -> None:
        async with admin.engine.connect() as connection:
            await connection.execute(
                text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
            )
            await connection.commit()

    async def down() -> None:
        await allow(False)
        proxy.cut()  # the open connections drop; the proxy passes new ones to the server
        proxy.restore()

    try:
        await outage(h, down, lambda: allow(True))
    finally:
        await allow(True)
        await admin.dispose()
        await h.bot.stop()
        await proxy.stop()


@pytest.fixture
async def sqlite_harness(emulator: BotApiEmulator, sqlite_url: str) -> AsyncIterator[Harness]:
    h = await started(emulator, sqlite_url)
    try:
        yield h
    finally:
        await h.bot.stop()


async def test_sqlite_locked_then_free(sqlite_harness: Harness, sqlite_url: str) -> None:
    path = Path(sqlite_url.split("///", 1)[1])
    holder = sqlite3.connect(path, isolation_level=None, timeout=0)

    def lock() -> None:
        holder.execute("BEGIN EXCLUSIVE")

    def unlock() -> None:
        holder.execute("ROLLBACK")

    try:
        await outage(sqlite_harness, lock, unlock)
    finally:
        holder.close()


async def test_postgresql_gone_between_send_and_record(
    emulator: BotApiEmulator, postgres_url: str
) -> None:
    """Telegram took the message, then the database went away before the outbox recorded it:
    the outcome is held until the database is back, so the message is not sent again."""
    proxy = TcpProxy.for_url(postgres_url)
    await proxy.start()
    h = await started(emulator, proxy.url_through(postgres_url))
    try:
        office = h.coordinator()
        await h.runtime.db.run(
            lambda s: outbox.enqueue(
                s,
                dedup_key="gap-notice",
                kind="notice",
                due_at=h.clock.now(),
                chat_id=office.id,
                payload={"text": NOTICE},
            )
        )
        emulator.add_fault(FaultRule("slow", method="sendMessage", delay=0.3))
        delivery = asyncio.create_task(h.deliver())
        await emulator.wait_for(lambda: any(m.text == NOTICE for m in emulator.messages))
        proxy.cut()
        await asyncio.sleep(2.0)  # longer than Database.run's retries (about 1 s here)
        proxy.restore()
        assert await delivery == 1
        await h.travel(LEASE * 2)
        assert [m.text for m in emulator.messages_to(office.id)].count(NOTICE) == 1
    finally:
        await h.bot.stop()
        await proxy.stop()


async def test_sqlite_disk_io_error_then_fine(sqlite_harness: Harness) -> None:
    """Every write fails with SQLite's "disk I/O error" (SQLITE_IOERR_WRITE), as on a failing
    disk: the user hears "try again", nothing half-written stays behind."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def fail_writes() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))

    def allow_writes() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    try:
        await outage(sqlite_harness, fail_writes, allow_writes)
    finally:
        allow_writes()
