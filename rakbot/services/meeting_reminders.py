"""Meeting reminders as outbox rows: planned with the meeting, re-checked when they fall due.

One row per (meeting version, offset, recipient): the group, and each representative or deputy
with a private chat. The renderer decides at send time, from the database, whether the row still
makes sense: the meeting must still be planned at the time the row was planned for, the late rule
must allow it, and a private reminder goes only to an institution that has not answered yet and
only to a member who has not turned this reminder off (/einstellungen).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from rakbot.domain.dates import to_utc
from rakbot.domain.reminder_choices import ReminderChoices, gets_meeting_reminder
from rakbot.domain.reminders import (
    DEFAULT_OFFSETS,
    LateDecision,
    late_reminder_decision,
    plan_reminders,
    stated_lead,
)
from rakbot.domain.roles import Role
from rakbot.i18n import translator
from rakbot.runtime import Runtime
from rakbot.services import meeting_card, meeting_texts
from rakbot.services.meeting_views import MeetingView, view_in
from rakbot.services.outgoing import Outgoing, Skip
from storage.models import Committee, Meeting, Member, Outbox
from storage.repositories import audit, committees, entities, outbox
from storage.repositories import meetings as repo
from storage.session import AsyncSession

log = logging.getLogger(__name__)

GROUP_KIND = "meeting_reminder"
PRIVATE_KIND = "meeting_reminder_private"
SETTINGS_KEY = "reminder_offsets_minutes"


def offsets(committee: Committee) -> list[timedelta]:
    """The committee's reminder offsets (Committee.settings), or 7 days, 1 day, 2 hours."""
    configured = (committee.settings or {}).get(SETTINGS_KEY)
    if not configured:
        return list(DEFAULT_OFFSETS)
    return [timedelta(minutes=int(minutes)) for minutes in configured if int(minutes) > 0]


def dedup_key(meeting: Meeting, offset: timedelta, recipient: str) -> str:
    """Unique per meeting version: a moved meeting gets fresh rows, the old ones are cancelled."""
    minutes = int(offset.total_seconds() // 60)
    return f"meeting:{meeting.id}:v{meeting.sequence}:r{minutes}:{recipient}"


async def plan(
    session: AsyncSession,
    meeting: Meeting,
    committee: Committee,
    now: datetime,
    holders: list[Member] | None = None,
) -> int:
    """Queue the reminders of a planned meeting, for every seat holder or only `holders`;
    planning twice adds nothing."""
    if meeting.status != "planned":
        return 0
    if holders is None:
        holders = await repo.seat_holders(session, committee.id)
    added = 0
    for planned in plan_reminders(meeting.starts_at, offsets(committee), now):
        minutes = int(planned.offset.total_seconds() // 60)
        payload = {"offset_minutes": minutes, "starts_at": to_utc(meeting.starts_at).isoformat()}
        added += await outbox.enqueue(
            session,
            dedup_key=dedup_key(meeting, planned.offset, "group"),
            kind=GROUP_KIND,
            due_at=planned.due_at,
            chat_id=None,
            payload=payload,
            committee_id=committee.id,
            meeting_id=meeting.id,
        )
        for member in holders:
            added += await outbox.enqueue(
                session,
                dedup_key=dedup_key(meeting, planned.offset, f"m{member.id}"),
                kind=PRIVATE_KIND,
                due_at=planned.due_at,
                chat_id=member.telegram_user_id,
                payload={**payload, "member_id": member.id},
                committee_id=committee.id,
                meeting_id=meeting.id,
            )
    return added


async def replan(
    session: AsyncSession, meeting: Meeting, committee: Committee, now: datetime
) -> int:
    """Cancel the pending reminders and plan anew (nothing for a cancelled meeting)."""
    await outbox.cancel_pending(session, meeting_id=meeting.id)
    return await plan(session, meeting, committee, now)


async def replan_all(runtime: Runtime) -> int:
    """Plan what is missing for every upcoming meeting of every committee (e.g. at start-up);
    idempotent."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> int:
        added = 0
        for committee in await committees.all_committees(session):
            for meeting in await repo.upcoming(session, committee.id, now, limit=1000):
                added += await plan(session, meeting, committee, now)
        return added

    return await runtime.db.run(work)


async def current_offsets(runtime: Runtime, committee_id: int) -> list[timedelta]:
    async def work(session: AsyncSession) -> list[timedelta]:
        return offsets(await entities.by_id_or_fail(session, Committee, committee_id))

    return await runtime.db.run(work)


async def set_offsets(
    runtime: Runtime,
    committee_id: int,
    chosen: tuple[timedelta, ...],
    *,
    actor_member_id: int | None,
) -> int:
    """Store the committee's reminder offsets and re-plan every upcoming meeting with them;
    returns how many meetings were re-planned."""
    now = runtime.clock.now()
    minutes = [int(offset.total_seconds() // 60) for offset in chosen]

    async def work(session: AsyncSession) -> int:
        committee = await entities.by_id_or_fail(session, Committee, committee_id)
        committee.settings = {**(committee.settings or {}), SETTINGS_KEY: minutes}
        upcoming = await repo.upcoming(session, committee_id, now, limit=1000)
        for meeting in upcoming:
            await _drop_pending_except(session, meeting.id, set(minutes))
            await plan(session, meeting, committee, now)
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=actor_member_id,
            action="committee.reminder_offsets",
            subject=f"committee:{committee_id}",
            minutes=minutes,
        )
        return len(upcoming)

    return await runtime.db.run(work)


async def _drop_pending_except(session: AsyncSession, meeting_id: int, kept: set[int]) -> None:
    """Delete the meeting's pending reminders for offsets no longer configured. Deleted, not
    cancelled: the dedup key must stay free in case the offset is configured again."""
    for row in await outbox.pending_of_meeting(session, meeting_id, (GROUP_KIND, PRIVATE_KIND)):
        if int(row.payload.get("offset_minutes", -1)) not in kept:
            await entities.remove(session, row)


async def _still_valid(
    session: AsyncSession, row: Outbox, now: datetime
) -> tuple[Meeting, Committee, timedelta] | Skip:
    """The meeting, its committee and the lead time the text states (`stated_lead`) if the
    row still matches the meeting; otherwise why not."""
    meeting = await entities.by_id(session, Meeting, row.meeting_id) if row.meeting_id else None
    if meeting is None:
        return Skip("meeting gone")
    if meeting.status != "planned":
        return Skip(f"meeting {meeting.status}")
    if to_utc(meeting.starts_at).isoformat() != row.payload.get("starts_at"):
        return Skip("meeting moved")
    committee = await entities.by_id_or_fail(session, Committee, meeting.committee_id)
    offset = timedelta(minutes=int(row.payload["offset_minutes"]))
    later = sorted((o for o in offsets(committee) if o < offset), reverse=True)
    next_due = meeting.starts_at - later[0] if later else None
    decision = late_reminder_decision(row.due_at, now, meeting.starts_at, next_due)
    if decision is not LateDecision.SEND:
        return Skip(decision.value)
    return meeting, committee, stated_lead(offset, meeting.starts_at, now)


async def _view(session: AsyncSession, meeting: Meeting) -> MeetingView:
    """The meeting's view, read once per unit of work: the dispatcher renders the group's and
    every private reminder of a meeting in one unit, and nothing changes the answers in it."""
    views: dict[int, MeetingView] = entities.unit_memo(session, "meeting_views")
    if meeting.id not in views:
        views[meeting.id] = await view_in(session, meeting, with_documents=True)
    return views[meeting.id]


async def render_group(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    checked = await _still_valid(session, row, now)
    if isinstance(checked, Skip):
        return checked
    meeting, committee, offset = checked
    if committee.chat_id is None:
        return Skip("no group chat bound")
    view = await _view(session, meeting)
    return Outgoing(
        text=meeting_texts.reminder("de", view, offset, private=False), chat_id=committee.chat_id
    )


async def render_private(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    checked = await _still_valid(session, row, now)
    if isinstance(checked, Skip):
        return checked
    meeting, _committee, offset = checked
    member = await entities.by_id(session, Member, int(row.payload["member_id"]))
    if member is None or not member.active or member.telegram_user_id is None:
        return Skip("member gone")
    if member.role not in repo.SEAT_ROLES or member.institution_id is None:
        return Skip("member no longer holds a seat")
    choices = ReminderChoices.from_stored(member.reminder_choices)
    if not gets_meeting_reminder(choices, timedelta(minutes=int(row.payload["offset_minutes"]))):
        return Skip("member turned this reminder off")
    if await _institution_answered(session, meeting.id, member):
        return Skip("institution answered")
    view = await _view(session, meeting)
    # answered right here, like a press on the group card (which the answer then updates)
    keyboard = meeting_card.card_keyboard(
        translator(member.language), view, proxy=member.role == Role.REPRESENTATIVE
    )
    return Outgoing(
        text=meeting_texts.reminder(member.language, view, offset, private=True),
        chat_id=member.telegram_user_id,
        reply_markup=keyboard,
    )


async def _institution_answered(session: AsyncSession, meeting_id: int, member: Member) -> bool:
    if member.institution_id is None:
        return False
    return await repo.institution_answered(session, meeting_id, member.institution_id)
