"""Drives the real bot (PTB Application, real database) through the Bot API emulator over HTTP."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rakbot.bot import RakBot
from rakbot.clock import ManualClock
from rakbot.config import Settings
from rakbot.runtime import Runtime
from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeChat, FakeUser, SentMessage

COORDINATOR_ID = 900001
START = datetime.fromisoformat("2026-11-23T09:00:00+01:00")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Reply:
    """What the bot did in answer to one action."""

    messages: list[SentMessage]
    callback_answer: dict[str, Any] | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(message.text for message in self.messages)

    @property
    def last(self) -> SentMessage:
        return self.messages[-1]


@dataclass
class Harness:
    emu: BotApiEmulator
    settings: Settings
    clock: ManualClock
    bot: RakBot
    webhook: bool = False
    users: dict[str, FakeUser] = field(default_factory=dict)

    @property
    def runtime(self) -> Runtime:
        assert self.bot.runtime is not None
        return self.bot.runtime

    def user(self, name: str, **kwargs: Any) -> FakeUser:
        if name not in self.users:
            self.users[name] = self.emu.user(name, **kwargs)
        return self.users[name]

    def coordinator(self) -> FakeUser:
        if "Renate" not in self.users:
            self.users["Renate"] = self.emu.user(
                "Renate", last_name="Breier", user_id=COORDINATOR_ID
            )
        return self.users["Renate"]

    async def _settle(self, update_id: int) -> None:
        await self.runtime.stats.wait_processed(update_id)

    def _mark(self) -> int:
        return len(self.emu.messages)

    async def send(self, user: FakeUser, text: str, chat: FakeChat | None = None) -> Reply:
        mark = self._mark()
        await self._settle(self.emu.send_message(user, text, chat=chat))
        return Reply(self.emu.messages[mark:])

    async def send_file(self, user: FakeUser, name: str, content: bytes, **kwargs: Any) -> Reply:
        """The user sends a file (`BotApiEmulator.send_document`'s options: caption, reply_to,
        size, report_size, mime_type, chat)."""
        mark = self._mark()
        await self._settle(self.emu.send_document(user, name, content, **kwargs))
        return Reply(self.emu.messages[mark:])

    async def reply_to(self, user: FakeUser, message_id: int, text: str) -> Reply:
        """The user answers their own message `message_id` in their private chat with `text`."""
        mark = self._mark()
        await self._settle(self.emu.send_message(user, text, reply_to=message_id))
        return Reply(self.emu.messages[mark:])

    async def press(self, user: FakeUser, message: SentMessage, data: str) -> Reply:
        mark = self._mark()
        update_id = self.emu.press_button(user, message, data)
        await self._settle(update_id)
        answers = list(self.emu.callback_answers.values())
        return Reply(self.emu.messages[mark:], answers[-1] if answers else None)

    async def press_label(self, user: FakeUser, message: SentMessage, label: str) -> Reply:
        for row in message.buttons():
            for text, data in row:
                if label in text and data is not None:
                    return await self.press(user, message, data)
        raise AssertionError(f"no button {label!r} in {message.buttons()}")

    async def inline(self, user: FakeUser, query: str) -> dict[str, Any]:
        update_id = self.emu.inline_query(user, query)
        await self._settle(update_id)
        return list(self.emu.inline_answers.values())[-1]

    async def deliver(self) -> int:
        """Run the outbox dispatcher now (what the scheduler does when a row falls due)."""
        assert self.bot.dispatcher is not None
        return await self.bot.dispatcher.run_due()

    async def travel(self, delta: timedelta) -> int:
        self.clock.advance(delta)
        return await self.deliver()

    async def restart(self) -> None:
        """Stop the bot as a crash or deployment would, and start a fresh process on the same DB."""
        await self.bot.stop()
        self.bot = RakBot(self.settings, clock=self.clock, worker_id="restarted")
        await self.bot.start(webhook=self.webhook)


async def start_harness(
    emu: BotApiEmulator,
    settings: Settings,
    *,
    at: datetime = START,
    worker_id: str = "test",
    webhook: bool = False,
) -> Harness:
    """The real bot started against the emulator, on a clock the test controls."""
    clock = ManualClock(at)
    bot = RakBot(settings, clock=clock, worker_id=worker_id)
    await bot.start(webhook=webhook)
    return Harness(emu=emu, settings=settings, clock=clock, bot=bot, webhook=webhook)


def make_settings(emu: BotApiEmulator, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": emu.token,
        "telegram_api_base_url": emu.base_url,
        "database_url": database_url,
        "coordinator_ids": [COORDINATOR_ID],
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)
