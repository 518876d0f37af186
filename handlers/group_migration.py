"""The group was upgraded to a supergroup: Telegram's service message carries the new id."""

from __future__ import annotations

from telegram import Update

from handlers.common import Context, runtime
from rakbot.services import group_migration


async def on_migration(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await group_migration.follow(runtime(context), old, new)
