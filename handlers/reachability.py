"""Before any other handler: the sender is read from the roster (once for the whole update,
see `handlers.common.sender_of`); a person the bot could not reach in private wrote or pressed
something, so the flag goes and their waiting messages are tried again at once."""

from __future__ import annotations

import logging

from telegram import Update

from handlers.common import Context, runtime, sender_of
from rakbot.services import reachability
from rakbot.services.failures import DatabaseBusy

log = logging.getLogger(__name__)


async def heard_from(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    try:
        found = await sender_of(update, context)
        if found is not None and found.flagged_unreachable:
            await reachability.clear_flag(runtime(context), user.id)
    except DatabaseBusy:
        log.warning("could not clear the unreachable flag of a sender; next time")
