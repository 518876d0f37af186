"""Chats that refuse the bot or moved: what Telegram answers, as PTB sees it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden

from rakbot.sandbox.emulator import BotApiEmulator, FaultRule


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as client:
        yield client


async def test_a_user_who_never_started_the_bot_refuses_until_they_write(
    emu: BotApiEmulator, bot: Bot
) -> None:
    anna = emu.user("Anna")
    emu.never_started(anna)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(anna.id, "Hallo")
    emu.send_message(anna, "/start")
    assert (await bot.send_message(anna.id, "Hallo")).text == "Hallo"


async def test_an_upgraded_group_announces_the_move_and_refuses_the_old_id(
    emu: BotApiEmulator, bot: Bot
) -> None:
    admin = emu.user("Renate")
    group = emu.group("RAK", supergroup=False)
    supergroup = emu.upgrade_to_supergroup(group, admin)
    updates = await bot.get_updates()
    moved = [(u.message.chat.id, u.message.migrate_to_chat_id) for u in updates[:1]]
    came = [(u.message.chat.id, u.message.migrate_from_chat_id) for u in updates[1:]]
    assert moved == [(group.id, supergroup.id)] and came == [(supergroup.id, group.id)]
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(group.id, "Hallo")
    assert caught.value.new_chat_id == supergroup.id
    assert (await bot.send_message(supergroup.id, "Hallo")).chat.type == "supergroup"
    assert emu.violations == []


async def test_a_400_fault_refuses_for_good(emu: BotApiEmulator, bot: Bot) -> None:
    anna = emu.user("Anna")
    emu.add_fault(FaultRule(kind="400", method="sendMessage", description="Bad Request: nope"))
    with pytest.raises(BadRequest, match="Nope"):
        await bot.send_message(anna.id, "x")
    assert (await bot.send_message(anna.id, "x")).text == "x"
