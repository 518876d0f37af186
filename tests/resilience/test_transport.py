"""The Bot API transports (`BOT_API_TRANSPORT`: aiohttp, httpx) keep the same retry rules: a
call that is safe to repeat is repeated after a 5xx, a timeout or a dropped connection; a
send is never repeated (Telegram may have delivered it)."""

from __future__ import annotations

import pytest

from rakbot.aiohttp_request import AiohttpRequest
from rakbot.sandbox.faults import FaultRule
from tests.e2e.harness import Harness


def calls(h: Harness, method: str) -> list[int]:
    return [c.status for c in h.emu.calls if c.method == method]


@pytest.mark.parametrize("kind", ["500", "502", "timeout", "drop"])
async def test_answering_a_press_is_retried(harness: Harness, kind: str) -> None:
    h = harness
    user = h.user("Anna")
    menu = (await h.send(user, "/start")).last
    h.emu.add_fault(FaultRule(kind, method="answerCallbackQuery", times=1, delay=0.2))
    before = len(calls(h, "answerCallbackQuery"))

    pressed = await h.press(user, menu, "stale:button")

    answered = calls(h, "answerCallbackQuery")[before:]
    assert answered[-1] == 200 and len(answered) == 2, answered
    assert pressed.callback_answer is not None
    assert "nicht mehr gültig" in pressed.callback_answer["text"]


@pytest.mark.parametrize("kind", ["500", "drop"])
async def test_a_reply_is_never_sent_twice(harness: Harness, kind: str) -> None:
    h = harness
    user = h.user("Bernd")
    h.emu.add_fault(FaultRule(kind, method="sendMessage", chat_id=user.id, times=1))
    before = len(h.emu.calls)

    await h.send(user, "/kontakt")

    tried = [
        c.status
        for c in h.emu.calls[before:]
        if c.method == "sendMessage" and "Sprechzeiten" in str(c.params.get("text"))
    ]
    # the failed reply is not repeated (the error handler's apology may follow it)
    assert len(tried) == 1 and tried[0] != 200, tried


async def test_the_configured_transport_is_used(harness: Harness) -> None:
    request = harness.bot.application.bot.request
    wanted = harness.settings.bot_api_transport
    assert isinstance(request, AiohttpRequest) == (wanted == "aiohttp")
