"""Appointment requests from applicants: stored, forwarded to the office through the outbox."""

from __future__ import annotations

import html
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.domain.dates import format_short
from rakbot.i18n import translator
from rakbot.runtime import Runtime
from storage.models import AppointmentRequest, Committee
from storage.repositories import audit, dialogs, members, outbox

DIALOG_KIND = "appointment"
DRAFT_FIELDS = ("name", "topic", "contact", "preferred_days")


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
) -> Submitted | None:
    """Store the request from the user's finished dialog and close the dialog, in one unit of
    work: pressing "send" twice stores it once. None when there was nothing (left) to send."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Submitted | None:
        dialog = await dialogs.get(session, chat_id, telegram_user_id)
        if dialog is None or dialog.kind != DIALOG_KIND or dialog.step != "confirm":
            return None
        draft = AppointmentDraft(**{key: dialog.data[key] for key in DRAFT_FIELDS})
        await dialogs.clear(session, chat_id, telegram_user_id)
        committee = await session.get_one(Committee, runtime.committee_id)
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
        session.add(request)
        await session.flush()
        request.reference = f"T-{now.year}-{request.id:04d}"
        chats = await office_chat_ids(session, committee)
        text = _office_notice(request, format_short(now))
        for office_chat in chats:
            await outbox.enqueue(
                session,
                dedup_key=f"{notice_key_prefix(request.id)}{office_chat}",
                kind="notice",
                due_at=now,
                chat_id=office_chat,
                payload={"text": text},
                committee_id=committee.id,
            )
        audit.record(
            session,
            committee_id=committee.id,
            actor_member_id=None,
            action="appointment.requested",
            subject=request.reference,
        )
        return Submitted(reference=request.reference, notified_chats=len(chats))

    return await runtime.db.run(work)


def _office_notice(request: AppointmentRequest, received: str) -> str:
    t = translator("de")
    e = html.escape
    return "\n".join(
        [
            t("<b>Neue Terminanfrage {reference}</b>", reference=e(request.reference)),
            t("Eingegangen: {when}", when=e(received)),
            t("Name: {name}", name=e(request.name)),
            t("Anliegen: {topic}", topic=e(request.topic)),
            t("Erreichbar: {contact}", contact=e(request.contact)),
            t("Wunschtage: {days}", days=e(request.preferred_days)),
        ]
    )
