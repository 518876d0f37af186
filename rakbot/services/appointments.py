"""Appointment requests from applicants: stored, forwarded to the office through the outbox.

Every request becomes a notice to the office, so one person may send at most
`REQUEST_LIMIT` (3 in 24 hours): enough for a correction or a second topic, not enough to
flood the office. The count is taken from the stored requests, so a restart changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rakbot.domain.appointment_desk import REMINDER_WORKING_DAYS, working_days_after
from rakbot.domain.rate_limit import Limit, next_allowed
from rakbot.runtime import Runtime
from storage.models import AppointmentRequest, Committee
from storage.repositories import appointments, audit, dialogs, entities, members, outbox
from storage.session import AsyncSession

DIALOG_KIND = "appointment"
#: the request shown to the office with its buttons (rendered from the request when sent)
OFFICE_KIND = "appointment_office"
#: the office's reminder of a request nobody acted on
REMINDER_KIND = "appointment_reminder"
DRAFT_FIELDS = ("name", "topic", "contact", "preferred_days")
REQUEST_LIMIT = Limit(count=3, window=timedelta(hours=24))


@dataclass(frozen=True)
class AppointmentDraft:
    name: str
    topic: str
    contact: str
    preferred_days: str


@dataclass(frozen=True)
class Submitted:
    reference: str
    notified_chats: int


@dataclass(frozen=True)
class TooMany:
    """The person reached `REQUEST_LIMIT`; the next request is accepted from `until` on."""

    until: datetime


async def _too_many(session: AsyncSession, telegram_user_id: int, now: datetime) -> TooMany | None:
    since = now - REQUEST_LIMIT.window
    earlier = await appointments.request_times_since(session, telegram_user_id, since)
    until = next_allowed(earlier, now, REQUEST_LIMIT)
    return None if until is None else TooMany(until)


async def check_limit(runtime: Runtime, telegram_user_id: int) -> TooMany | None:
    """Whether this person may start another request now (asked before the dialog starts, so
    nobody types four answers in vain; `submit` checks again)."""
    now = runtime.clock.now()
    return await runtime.db.run(lambda session: _too_many(session, telegram_user_id, now))


def notice_key_prefix(request_id: int) -> str:
    """The outbox rows that tell the office about one request (erasure finds them by it)."""
    return f"appointment:{request_id}:"


def office_chats(committee: Committee, coordinator_ids: list[int]) -> list[int]:
    """The office's chat when configured, otherwise every coordinator's private chat."""
    if committee.coordinator_chat_id is not None:
        return [committee.coordinator_chat_id]
    return coordinator_ids


async def office_chat_ids(session: AsyncSession, committee: Committee) -> list[int]:
    """Where notices to the office go (see `office_chats`)."""
    coordinator_ids = [
        m.telegram_user_id
        for m in await members.coordinators(session, committee.id)
        if m.telegram_user_id is not None
    ]
    return office_chats(committee, coordinator_ids)


async def submit(
    runtime: Runtime, *, chat_id: int, telegram_user_id: int, language: str
) -> Submitted | TooMany | None:
    """Store the request from the user's finished dialog and close the dialog, in one unit of
    work: pressing "send" twice stores it once. None when there was nothing (left) to send;
    TooMany (the dialog closed, nothing stored or sent) when the person reached the limit."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Submitted | TooMany | None:
        dialog = await dialogs.get(session, chat_id, telegram_user_id)
        if dialog is None or dialog.kind != DIALOG_KIND or dialog.step != "confirm":
            return None
        draft = AppointmentDraft(**{key: dialog.data[key] for key in DRAFT_FIELDS})
        await dialogs.clear(session, chat_id, telegram_user_id)
        too_many = await _too_many(session, telegram_user_id, now)
        if too_many is not None:
            return too_many
        committee = await entities.by_id_or_fail(session, Committee, runtime.committee_id)
        request = AppointmentRequest(
            committee_id=committee.id,
            telegram_user_id=telegram_user_id,
            name=draft.name,
            topic=draft.topic,
            contact=draft.contact,
            preferred_days=draft.preferred_days,
            language=language,
            created_at=now,
        )
        await entities.insert(session, request)
        request.reference = f"T-{now.year}-{request.id:04d}"
        chats = await office_chat_ids(session, committee)
        for office_chat in chats:
            await outbox.enqueue(
                session,
                dedup_key=f"{notice_key_prefix(request.id)}{office_chat}",
                kind=OFFICE_KIND,
                due_at=now,
                chat_id=office_chat,
                payload={"request_id": request.id},
                committee_id=committee.id,
            )
        await plan_reminder(session, request, chats)
        audit.record(
            session,
            committee_id=committee.id,
            actor_member_id=None,
            action="appointment.requested",
            subject=request.reference,
            by="applicant",
        )
        return Submitted(reference=request.reference, notified_chats=len(chats))

    return await runtime.db.run(work)


async def plan_reminder(
    session: AsyncSession, request: AppointmentRequest, chats: list[int]
) -> int:
    """The office's reminder, due when the request has waited `REMINDER_WORKING_DAYS`
    working days; whether it still goes is decided when it falls due (nobody acted yet).
    Planning it again adds nothing."""
    due = working_days_after(request.created_at, REMINDER_WORKING_DAYS)
    added = 0
    for office_chat in chats:
        added += await outbox.enqueue(
            session,
            dedup_key=f"{notice_key_prefix(request.id)}reminder:{office_chat}",
            kind=REMINDER_KIND,
            due_at=due,
            chat_id=office_chat,
            payload={"request_id": request.id},
            committee_id=request.committee_id,
        )
    return added
