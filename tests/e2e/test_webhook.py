"""Webhook mode over HTTP on 127.0.0.1: updates arrive with the secret; without it they don't."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from rakbot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import Harness, free_port, make_settings, start_harness

SECRET = "webhook-secret-for-tests-7f3a"


@pytest.fixture
async def webhook_harness(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Harness]:
    port = free_port()
    settings = make_settings(
        emulator,
        database_url,
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_secret=SECRET,
    )
    harness = await start_harness(emulator, settings, worker_id="webhook", webhook=True)
    try:
        yield harness
    finally:
        await harness.bot.stop()
    emulator.assert_no_violations()


async def test_updates_arrive_through_the_webhook(webhook_harness: Harness) -> None:
    emu = webhook_harness.emu
    assert emu.webhook is not None
    assert emu.webhook["url"].endswith("/telegram")
    assert emu.webhook["secret_token"] == SECRET
    reply = await webhook_harness.send(webhook_harness.user("Anna"), "/kontakt")
    assert [m.kind for m in reply.messages] == ["text", "contact", "venue"]


async def test_a_wrong_or_missing_secret_is_rejected(webhook_harness: Harness) -> None:
    emu = webhook_harness.emu
    anna = webhook_harness.user("Anna")
    body = {
        "update_id": 999_001,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": anna.id, "type": "private"},
            "from": anna.to_dict(),
            "text": "/kontakt",
            "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
        },
    }
    before = len(emu.messages)
    assert await emu.post_raw_webhook(body, "wrong-secret") == 403
    assert await emu.post_raw_webhook(body, None) == 403
    assert len(emu.messages) == before
    assert await emu.post_raw_webhook(body, SECRET) == 200
    await webhook_harness.runtime.stats.wait_processed(999_001)
    assert len(emu.messages) == before + 3


async def test_secrets_never_reach_the_log(
    webhook_harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    from rakbot.logging_setup import RedactSecrets

    caplog.handler.addFilter(RedactSecrets([webhook_harness.settings.token, SECRET]))
    caplog.set_level(logging.DEBUG)
    await webhook_harness.send(webhook_harness.user("Anna"), "/start")
    await webhook_harness.restart()
    logged = caplog.text
    assert logged
    assert webhook_harness.settings.token not in logged
    assert SECRET not in logged
    assert "api.telegram.org" not in logged
