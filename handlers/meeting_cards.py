"""Posting meeting cards in the group: after a meeting is planned, and after a group is bound
(the cards of upcoming meetings the group has not seen yet). Shared glue of the meetings and
roster handlers.
"""

from __future__ import annotations

import logging

from telegram.error import TelegramError

from handlers.common import Context, runtime
from rakbot.services import meeting_card, meetings
from rakbot.services.meeting_views import MeetingView
from rakbot.telegram_markup import inline_keyboard

log = logging.getLogger(__name__)


async def announce(context: Context, view: MeetingView, chat_id: int) -> None:
    """Post the card in the group (after the commit) and remember it for later edits."""
    text, markup, digest = meeting_card.render(view)
    try:
        sent = await context.bot.send_message(
            chat_id, text, parse_mode="HTML", reply_markup=inline_keyboard(markup)
        )
    except TelegramError:
        log.exception("announcement of meeting %s failed", view.id)
        return
    await meetings.attach_message(runtime(context), view.id, chat_id, sent.message_id, digest)


async def announce_unposted(context: Context, committee_id: int) -> int:
    """Post the cards of upcoming meetings that the bound group has not seen yet (planned before
    the group was bound, or announced in a group the committee has since left)."""
    chat_id, views = await meetings.unannounced(runtime(context), committee_id)
    if chat_id is None:
        return 0
    for view in views:
        await announce(context, view, chat_id)
    return len(views)
