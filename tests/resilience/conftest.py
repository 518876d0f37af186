"""Fixtures of the resilience tests: a file database per test and the in-process harness."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from rakbot.sandbox.emulator import BotApiEmulator
from tests.conftest import POSTGRES_URL, _truncate
from tests.e2e.harness import Harness, make_settings, start_harness
from tests.resilience.botproc import Zygote


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "rakbot.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture(params=["aiohttp", "httpx"])
async def harness(
    request: pytest.FixtureRequest, emulator: BotApiEmulator, sqlite_url: str
) -> AsyncIterator[Harness]:
    """The real bot in this process on SQLite (the fault handling does not depend on the
    database; PostgreSQL is covered by the multi-process and proxy tests), once with each
    Bot API transport (`BOT_API_TRANSPORT`): the retries must not depend on it."""
    settings = make_settings(emulator, sqlite_url, bot_api_transport=request.param)
    h = await start_harness(emulator, settings)
    try:
        yield h
    finally:
        await h.bot.stop()


@pytest.fixture(scope="session")
def zygote() -> Iterator[Zygote]:
    """Forks bot processes from one that imported the bot once (restarts stay quick)."""
    forker = Zygote()
    try:
        yield forker
    finally:
        forker.close()


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> str:
    """A clean PostgreSQL database (the test's own, from RAKBOT_TEST_POSTGRES_URL)."""
    if not POSTGRES_URL:
        pytest.skip(
            "needs PostgreSQL (several processes, or a proxy in front of the server): "
            "RAKBOT_TEST_POSTGRES_URL is not set"
        )
    url: str = request.getfixturevalue("postgres_migrated")
    asyncio.run(_truncate(url))
    return url
