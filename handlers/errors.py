"""The one error handler: log with the update id, tell the user in their language."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from handlers.common import Context, tr
from rakbot.runtime import RUNTIME_KEY
from rakbot.services.failures import DatabaseBusy, DatabaseUnavailable, UpdateAlreadyApplied

log = logging.getLogger("rakbot.errors")


async def on_error(update: object, context: Context) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    runtime = context.application.bot_data.get(RUNTIME_KEY)
    if isinstance(error, UpdateAlreadyApplied):
        log.info("update %s was handled by another run already; this run is rolled back", update_id)
        return
    if runtime is not None:
        runtime.stats.record_error()
    if isinstance(error, DatabaseBusy):
        log.warning("update %s: database busy or unavailable: %s", update_id, error)
    else:
        log.error("update %s failed", update_id, exc_info=error)
    if not isinstance(update, Update):
        return
    t = tr(update)
    if isinstance(error, DatabaseUnavailable):
        text = t(
            "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einem Moment "
            "noch einmal – es ist nichts verloren gegangen."
        )
    elif isinstance(error, DatabaseBusy):
        text = t(
            "Die Datenbank ist gerade ausgelastet. Bitte versuchen Sie es in einem Moment "
            "noch einmal – es ist nichts verloren gegangen."
        )
    else:
        text = t(
            "Entschuldigung, da ist etwas schiefgelaufen. Bitte versuchen Sie es noch einmal "
            "oder wenden Sie sich an die Regionale Koordination (/kontakt)."
        )
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200], show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError:
        log.warning("update %s: could not tell the user about the error", update_id)
