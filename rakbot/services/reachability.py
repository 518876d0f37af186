"""Who the bot cannot reach in private, and why.

Telegram answers 403 when a person blocked the bot or never started a chat with it (members
loaded by `rakbot roster import` often have not). The person is flagged, the office is told once
who it is and why, and the message is tried again later with back-off (see
`rakbot.domain.reminders.unreachable_delay`). The flag is cleared as soon as the person writes
to the bot or presses a button; their waiting messages are then due at once.
"""

from __future__ import annotations

import html
import logging
from datetime import datetime

from rakbot.domain.dates import as_berlin
from rakbot.i18n import N_, translator
from rakbot.runtime import Runtime
from rakbot.services.appointments import office_chat_ids
from storage.models import Committee, Member, Outbox
from storage.repositories import audit, entities, members, outbox
from storage.repositories.inbox import detached
from storage.session import AsyncSession

log = logging.getLogger(__name__)

#: Telegram's 403 descriptions (by a characteristic fragment) and what the office is told.
REASONS = (
    ("blocked by the user", N_("hat den Bot blockiert")),
    ("can't initiate conversation", N_("hat den Bot noch nie gestartet")),
    ("user is deactivated", N_("das Telegram-Konto ist gelöscht")),
)
OTHER_REASON = N_("Telegram stellt keine Nachrichten zu")


def reason_of(description: str) -> str:
    """The German reason for a 403 description (a message id of the catalog)."""
    lowered = description.lower()
    return next((reason for fragment, reason in REASONS if fragment in lowered), OTHER_REASON)


async def refused(
    session: AsyncSession, chat_id: int, description: str, now: datetime
) -> list[int]:
    """A message to this private chat was refused: flag the person and, the first time, tell
    the office. Returns the ids of the members newly flagged."""
    flagged = await members.mark_unreachable(session, chat_id)
    for member in flagged:
        await _tell_office(session, member, reason_of(description), now)
        audit.record(
            session,
            committee_id=member.committee_id,
            actor_member_id=None,
            action="member.unreachable",
            subject=f"member:{member.id}",
            details={"reason": description[:200]},
        )
    return [member.id for member in flagged]


async def _tell_office(session: AsyncSession, member: Member, reason: str, now: datetime) -> None:
    committee = await entities.by_id_or_fail(session, Committee, member.committee_id)
    # not to the person's own chat, which refuses the bot
    chats = [c for c in await office_chat_ids(session, committee) if c != member.telegram_user_id]
    t = translator("de")
    who = member.display_name
    if member.institution is not None:
        who = f"{who} ({member.institution.name})"
    text = t(
        "⚠️ {who} ist für den Bot nicht erreichbar: {reason}. Erinnerungen und Hinweise "
        "erreichen die Person erst, wenn sie dem Bot privat schreibt (/start); bis dahin "
        "versuche ich es in wachsenden Abständen weiter. Bitte sprechen Sie sie an.",
        who=html.escape(who),
        reason=t(reason),
    )
    # Once a day at most: a person who still refuses the bot but presses buttons in the group
    # is flagged again after every press.
    stamp = as_berlin(now).strftime("%Y%m%d")
    for office_chat in chats:
        await outbox.enqueue(
            session,
            dedup_key=f"unreachable:{member.id}:{stamp}:{office_chat}",
            kind="notice",
            due_at=now,
            chat_id=office_chat,
            payload={"text": text},
            committee_id=committee.id,
        )


async def clear_flag(runtime: Runtime, telegram_user_id: int) -> bool:
    """A person flagged as unreachable wrote or pressed (known from the roster already): the
    flag goes and what waits for them is sent now. True if the flag was still set."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> int:
        if not await members.clear_unreachable(session, telegram_user_id):
            return 0
        return await outbox.retry_now(session, chat_id=telegram_user_id, now=now) + 1

    # Bookkeeping of its own, not a change made by the update being handled.
    with detached():
        changed = await runtime.db.run(work)
    if changed:
        log.info("a member flagged as unreachable wrote again; %d messages due", changed - 1)
        runtime.wake_outbox()
    return bool(changed)


#: What the office is told a failed message was, by outbox kind.
KIND_NAMES = {
    "ballot_refresh": N_("Aktualisierung einer Abstimmungsnachricht in der Gruppe"),
    "ballot_repost": N_("Abstimmungsnachricht in der Gruppe"),
    "ballot_result": N_("Ergebnis einer Abstimmung"),
    "ballot_reminder": N_("Erinnerung an eine Abstimmung"),
    "meeting_reminder": N_("Erinnerung an eine Sitzung in der Gruppe"),
    "meeting_reminder_private": N_("persönliche Erinnerung an eine Sitzung"),
    "meeting_card": N_("Sitzungskarte in der Gruppe"),
    "meeting_card_repost": N_("Sitzungskarte in der Gruppe"),
}
OTHER_KIND = N_("Nachricht")
_PROBLEM_KEY = "undeliverable"


async def undeliverable(session: AsyncSession, row: Outbox, error: str, now: datetime) -> None:
    """A message Telegram refused for good, or that failed every retry: the office is told
    (not about its own notices of this kind, which would only fail again)."""
    if row.dedup_key.startswith(_PROBLEM_KEY) or row.committee_id is None:
        return
    committee = await entities.by_id(session, Committee, row.committee_id)
    if committee is None:
        return
    t = translator("de")
    text = t(
        "⚠️ Eine Nachricht des Bots ist nicht angekommen: {what} (Nr. {row}). Telegram "
        "meldet: {error}. Bitte prüfen Sie, ob sie fehlt; Einzelheiten stehen im Protokoll.",
        what=t(KIND_NAMES.get(row.kind, OTHER_KIND)),
        row=row.id,
        error=html.escape(error[:200]),
    )
    for office_chat in await office_chat_ids(session, committee):
        await outbox.enqueue(
            session,
            dedup_key=f"{_PROBLEM_KEY}:{row.id}:{office_chat}",
            kind="notice",
            due_at=now,
            chat_id=office_chat,
            payload={"text": text},
            committee_id=committee.id,
        )
