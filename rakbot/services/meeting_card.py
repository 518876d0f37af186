"""The meeting's card in the group: its buttons, and its edits through the outbox.

An answer or a change does not edit the card inside the handler: past 20 edits a minute in one
group Telegram makes the bot wait, and a handler waiting there holds a processing slot (measured:
a few RSVP presses stalled every other update for seconds). Each change plans an edit instead:
the first in a time slot goes out at once, later ones in the same slot collapse into one edit at
its end, rendered from the database at send time. Two edits per 6-second slot stay within
Telegram's 20 per minute.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime

from rakbot.i18n import GROUP_LANGUAGE, Translator, translator
from rakbot.runtime import Runtime
from rakbot.services import meeting_texts
from rakbot.services.meeting_views import MeetingView, view_in
from rakbot.services.outgoing import Outgoing, Skip
from rakbot.views import callbacks
from rakbot.views.markup import Button, Keyboard
from storage.models import Meeting, Outbox
from storage.repositories import entities, outbox
from storage.session import AsyncSession

KIND = "meeting_card"
#: The card of an upcoming meeting posted again (the group became a supergroup).
REPOST_KIND = "meeting_card_repost"
SLOT_SECONDS = 6


def card_keyboard(t: Translator, view: MeetingView, *, proxy: bool = True) -> Keyboard | None:
    """The answer buttons (the card, /naechste_sitzung, private reminders); `proxy=False`
    leaves out "Stellvertretung kommt", which only a representative can say."""
    if view.status != "planned":
        return None
    rows = [
        [
            Button(t("✅ Zusage"), callback=callbacks.MEETING_ANSWER.data("answer", view.id, "y")),
            Button(t("❌ Absage"), callback=callbacks.MEETING_ANSWER.data("answer", view.id, "n")),
        ],
        [
            Button(
                t("🔁 Stellvertretung kommt"),
                callback=callbacks.MEETING_ANSWER.data("answer", view.id, "p"),
            )
        ]
        if proxy
        else [],
        [Button(t("📅 Kalender (.ics)"), callback=callbacks.MEETING_FILE.data("meeting", view.id))],
        [Button(t("📎 Unterlagen"), callback=callbacks.meeting_documents(view.id))]
        if view.documents
        else [],
    ]
    return Keyboard.of(row for row in rows if row)


async def schedule_edit(
    session: AsyncSession, meeting: Meeting, now: datetime, *, changed: bool = False
) -> None:
    """Plan an edit of the card: at once if it is the first in this slot (or the coordinator
    `changed` the meeting itself, which is rare and must show), else at the slot's end."""
    if meeting.chat_id is None or meeting.message_id is None:
        return
    slot = int(now.timestamp()) // SLOT_SECONDS
    common = {
        "kind": KIND,
        "chat_id": meeting.chat_id,
        "payload": {},
        "committee_id": meeting.committee_id,
        "meeting_id": meeting.id,
    }
    first = f"{KIND}:{meeting.id}:v{meeting.sequence}" if changed else f"{KIND}:{meeting.id}:{slot}"
    if await outbox.enqueue(session, dedup_key=first, due_at=now, **common):
        return
    end = datetime.fromtimestamp((slot + 1) * SLOT_SECONDS, UTC)
    await outbox.enqueue(session, dedup_key=f"{KIND}:{meeting.id}:{slot}:end", due_at=end, **common)


def render(view: MeetingView) -> tuple[str, Keyboard | None, str]:
    """The card in the group language: text, buttons, and a digest of both (to skip an edit
    that would change nothing, which Telegram refuses)."""
    t = translator(GROUP_LANGUAGE)
    text, markup = meeting_texts.card(t.lang, view), card_keyboard(t, view)
    shown = json.dumps([text, dataclasses.asdict(markup) if markup else None], sort_keys=True)
    return text, markup, hashlib.sha256(shown.encode()).hexdigest()


async def render_edit(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    meeting = await entities.by_id(session, Meeting, row.meeting_id) if row.meeting_id else None
    if meeting is None or meeting.chat_id is None or meeting.message_id is None:
        return Skip("card not posted")
    text, markup, digest = render(await view_in(session, meeting, with_documents=True))
    if row.attempts == 0 and meeting.card_digest == digest:
        return Skip("card shows this already")
    meeting.card_digest = digest
    return Outgoing(
        text=text, chat_id=meeting.chat_id, reply_markup=markup, edit_message_id=meeting.message_id
    )


async def render_repost(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    """The card of an upcoming meeting, posted again in the group's new chat: the old card
    cannot be pressed or edited any more."""
    meeting = await entities.by_id(session, Meeting, row.meeting_id) if row.meeting_id else None
    if meeting is None or meeting.chat_id is None or meeting.status != "planned":
        return Skip("meeting not upcoming")
    if meeting.message_id is not None:
        return Skip("card posted already")
    if meeting.starts_at <= now:
        return Skip("meeting has begun")
    text, markup, digest = render(await view_in(session, meeting, with_documents=True))
    meeting_id = meeting.id

    async def remember(session: AsyncSession, message_id: int) -> None:
        posted = await entities.by_id(session, Meeting, meeting_id)
        if posted is not None:
            posted.message_id, posted.card_digest = message_id, digest

    return Outgoing(text=text, chat_id=meeting.chat_id, reply_markup=markup, on_sent=remember)
