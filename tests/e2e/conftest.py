from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from rakbot.bot import RakBot
from rakbot.clock import ManualClock
from rakbot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import START, Harness, make_settings


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture
async def harness(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Harness]:
    settings = make_settings(emulator, database_url)
    clock = ManualClock(START)
    bot = RakBot(settings, clock=clock, worker_id="test")
    await bot.start()
    h = Harness(emu=emulator, settings=settings, clock=clock, bot=bot)
    try:
        yield h
    finally:
        await h.bot.stop()
    emulator.assert_no_violations()
