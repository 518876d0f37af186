from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from rakbot.render.client import warm_up
from rakbot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import Harness, make_settings, start_harness


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture
async def harness(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Harness]:
    h = await start_harness(emulator, make_settings(emulator, database_url))
    try:
        yield h
    finally:
        await h.bot.stop()
    emulator.assert_no_violations()


@pytest.fixture(scope="module")
def warm_renderer() -> None:
    """The render worker started and its drawing libraries loaded before the module's tests,
    so that the first file or chart is not timed with the worker's start-up."""
    asyncio.run(warm_up())
