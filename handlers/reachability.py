"""Before any other handler: a person the bot could not reach in private wrote or pressed
something, so the flag goes and their waiting messages are tried again at once."""

from __future__ import annotations

import logging

from telegram import Update

from handlers.common import Context, runtime
from rakbot.services import reachability
from rakbot.services.failures import DatabaseBusy

log = logging.getLogger(__name__)


async def heard_from(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    try:
        await reachability.heard_from(runtime(context), user.id)
    except DatabaseBusy:
        log.warning("could not clear the unreachable flag of a sender; next time")
