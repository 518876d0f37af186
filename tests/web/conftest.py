"""The Mini App tests: the real bot with its web server on a free port, and a client that
signs `initData` with the emulator's token as Telegram would."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeUser
from rakbot.web.initdata import sign, user_fields
from tests.e2e.conftest import emulator
from tests.e2e.harness import Harness, free_port, make_settings, start_harness
from tests.fuzz.world import World, build_world

__all__ = ["emulator"]
APP_URL = "https://rak.example.org/app/"


@dataclass
class Answer:
    status: int
    body: Any

    @property
    def error(self) -> str:
        return str(self.body.get("error")) if isinstance(self.body, dict) else ""


@dataclass
class App:
    """HTTP access to the Mini App of a running bot."""

    h: Harness

    @property
    def base(self) -> str:
        assert self.h.bot.web is not None
        return f"http://127.0.0.1:{self.h.bot.web.port}/app"

    def init_data(self, user: FakeUser, *, language: str = "de", age: float = 0) -> str:
        signed_at = self.h.clock.now() - timedelta(seconds=age)
        fields = user_fields(user.id, user.first_name, auth_date=signed_at, language_code=language)
        return sign(fields, self.h.emu.token)

    @staticmethod
    def file(name: str, content: bytes, mime: str = "application/octet-stream") -> aiohttp.FormData:
        """A multipart body with one file in the field `file`, as the app's file input sends it."""
        form = aiohttp.FormData()
        form.add_field("file", content, filename=name, content_type=mime)
        return form

    async def call(
        self,
        method: str,
        path: str,
        user: FakeUser | None = None,
        body: Any = None,
        *,
        init_data: str | None = None,
        language: str = "de",
        raw: bytes | None = None,
    ) -> Answer:
        headers = {}
        if init_data is None and user is not None:
            init_data = self.init_data(user, language=language)
        if init_data is not None:
            headers["Authorization"] = "tma " + init_data
        data: Any = raw
        if isinstance(body, aiohttp.FormData):  # a file upload
            data = body
        elif raw is None and body is not None:
            data = json.dumps(body).encode()
        async with (
            aiohttp.ClientSession() as session,
            session.request(method, self.base + "/api" + path, headers=headers, data=data) as r,
        ):
            text = await r.text()
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = text
            return Answer(r.status, parsed)


@pytest.fixture
async def served(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Harness]:
    settings = make_settings(emulator, database_url, http_port=free_port(), webapp_url=APP_URL)
    harness = await start_harness(emulator, settings)
    try:
        yield harness
    finally:
        await harness.bot.stop()
    emulator.assert_no_violations()


@pytest.fixture
async def app(served: Harness) -> App:
    return App(served)


@pytest.fixture
async def world(served: Harness) -> World:
    return await build_world(served)
