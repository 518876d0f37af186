"""A basic group upgraded to a supergroup gets a new chat id; the committee follows it.

Telegram announces the upgrade with `migrate_to_chat_id` (in the old group) and
`migrate_from_chat_id` (in the new one), and answers any later call to the old id with
`ChatMigrated`. Whichever the bot sees first, it binds the new id, moves the messages still to be
sent, posts the live messages of running ballots and the cards of upcoming meetings again in the
new group (the old ones cannot be pressed or edited any more) and tells the office. Following
twice changes nothing.
"""

from __future__ import annotations

import logging

from rakbot.i18n import translator
from rakbot.runtime import Runtime
from rakbot.services import meeting_card
from rakbot.services.appointments import office_chat_ids
from storage.models import Committee
from storage.repositories import audit, ballots, entities, meetings, members, outbox
from storage.session import AsyncSession

log = logging.getLogger(__name__)
REPOST_KIND = "ballot_repost"


async def follow(runtime: Runtime, old_chat_id: int, new_chat_id: int) -> bool:
    """Move the committee bound to `old_chat_id` to `new_chat_id`. True if one moved."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> bool:
        committee_id = await members.committee_of_chat(session, old_chat_id)
        if committee_id is None:
            return False
        committee = await entities.by_id_or_fail(session, Committee, committee_id)
        committee.chat_id = new_chat_id
        upcoming = await meetings.move_chat(session, old_chat_id, new_chat_id, now)
        running = await ballots.move_chat(session, old_chat_id, new_chat_id)
        await outbox.move_chat(session, old_chat_id, new_chat_id)
        for meeting_id in upcoming:
            await outbox.enqueue(
                session,
                dedup_key=f"{meeting_card.REPOST_KIND}:{meeting_id}:{new_chat_id}",
                kind=meeting_card.REPOST_KIND,
                due_at=now,
                chat_id=new_chat_id,
                payload={},
                committee_id=committee.id,
                meeting_id=meeting_id,
            )
        for ballot_id in running:
            await outbox.enqueue(
                session,
                dedup_key=f"{REPOST_KIND}:{ballot_id}:{new_chat_id}",
                kind=REPOST_KIND,
                due_at=now,
                chat_id=new_chat_id,
                payload={},
                committee_id=committee.id,
                ballot_id=ballot_id,
            )
        audit.record(
            session,
            committee_id=committee.id,
            actor_member_id=None,
            action="committee.group_migrated",
            subject=str(new_chat_id),
            details={"from": old_chat_id},
        )
        t = translator("de")
        text = t(
            "ℹ️ Die Gruppe des RAK wurde von Telegram in eine Supergruppe umgewandelt und hat "
            "dabei eine neue Kennung bekommen. Ich schreibe ab jetzt dorthin; laufende "
            "Abstimmungen ({n}) und die Karten anstehender Sitzungen ({meetings}) stelle ich "
            "dort neu ein, Sie müssen nichts tun.",
            n=len(running),
            meetings=len(upcoming),
        )
        for office_chat in await office_chat_ids(session, committee):
            await outbox.enqueue(
                session,
                dedup_key=f"group-migrated:{old_chat_id}:{office_chat}",
                kind="notice",
                due_at=now,
                chat_id=office_chat,
                payload={"text": text},
                committee_id=committee.id,
            )
        return True

    moved = await runtime.db.run(work)
    if moved:
        log.info("the committee's group moved to a supergroup; messages follow it")
        runtime.wake_outbox()
    return moved
