"""The bot's side of a Mini App upload: the file goes into the coordinator's private chat, and
Telegram's answer says under which `file_id` it is kept (see rakbot/services/document_uploads.py
for why this send is synchronous)."""

from __future__ import annotations

import logging

from telegram import Bot, InputFile
from telegram.error import TelegramError

from rakbot.services.document_uploads import FileSender, Upload
from rakbot.services.documents import DocumentError, IncomingFile

log = logging.getLogger(__name__)


def file_sender(bot: Bot) -> FileSender:
    async def send(chat_id: int, upload: Upload, caption: str) -> IncomingFile:
        name = upload.file_name or "Unterlage"
        try:
            message = await bot.send_document(
                chat_id=chat_id,
                document=InputFile(upload.data, filename=name),
                caption=caption,
                parse_mode=None,
            )
        except TelegramError as refused:
            log.warning("upload from the Mini App refused by Telegram: %s", refused)
            raise DocumentError("upload_failed") from None
        document = message.document
        if document is None:
            raise DocumentError("upload_failed")
        return IncomingFile(
            file_id=document.file_id,
            file_unique_id=document.file_unique_id,
            file_name=document.file_name or upload.file_name,
            mime_type=document.mime_type or upload.mime_type,
            file_size=document.file_size or len(upload.data),
        )

    return send
