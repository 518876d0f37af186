"""A running emulator and a raw HTTP client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from rakbot.sandbox.emulator import BotApiEmulator


class RawClient:
    """Calls the emulator like a bare HTTP client, returning (status, JSON body)."""

    def __init__(self, session: aiohttp.ClientSession, emulator: BotApiEmulator) -> None:
        self.session = session
        self.emulator = emulator

    def url(self, method: str, token: str | None = None) -> str:
        return f"{self.emulator.base_url}{token or self.emulator.token}/{method}"

    async def call(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        async with self.session.post(self.url(method), json=params) as response:
            return response.status, await response.json()

    async def form(self, method: str, data: Any) -> tuple[int, dict[str, Any]]:
        async with self.session.post(self.url(method), data=data) as response:
            return response.status, await response.json()


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def raw(emu: BotApiEmulator) -> AsyncIterator[RawClient]:
    async with aiohttp.ClientSession() as session:
        yield RawClient(session, emu)
