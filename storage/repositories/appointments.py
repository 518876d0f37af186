"""Appointment request queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AppointmentRequest


async def request_times_since(
    session: AsyncSession, telegram_user_id: int, since: datetime
) -> list[datetime]:
    """When this person sent requests after `since` (any committee), oldest first."""
    rows = await session.scalars(
        select(AppointmentRequest.created_at)
        .where(
            AppointmentRequest.telegram_user_id == telegram_user_id,
            AppointmentRequest.created_at > since,
        )
        .order_by(AppointmentRequest.created_at)
    )
    return list(rows)


async def get_for_update(
    session: AsyncSession, committee_id: int, request_id: int
) -> AppointmentRequest | None:
    """The committee's request, row-locked on PostgreSQL so that two presses on it (two
    coordinators, a confirmation pressed twice) are serialised."""
    return await session.scalar(
        select(AppointmentRequest)
        .where(
            AppointmentRequest.id == request_id,
            AppointmentRequest.committee_id == committee_id,
            AppointmentRequest.anonymised_at.is_(None),
        )
        .with_for_update()
    )


async def open_requests(
    session: AsyncSession, committee_id: int, limit: int
) -> tuple[list[AppointmentRequest], int]:
    """The committee's requests not done yet, oldest first (at most `limit`), and how many
    there are in all."""
    is_open = (
        AppointmentRequest.committee_id == committee_id,
        AppointmentRequest.status != "done",
        AppointmentRequest.anonymised_at.is_(None),
    )
    rows = await session.scalars(
        select(AppointmentRequest)
        .where(*is_open)
        .order_by(AppointmentRequest.created_at, AppointmentRequest.id)
        .limit(limit)
    )
    total = await session.scalar(select(func.count(AppointmentRequest.id)).where(*is_open))
    return list(rows), int(total or 0)


async def of_person(session: AsyncSession, telegram_user_id: int) -> list[AppointmentRequest]:
    """This person's requests (any committee), newest first."""
    rows = await session.scalars(
        select(AppointmentRequest)
        .where(AppointmentRequest.telegram_user_id == telegram_user_id)
        .order_by(AppointmentRequest.created_at.desc(), AppointmentRequest.id.desc())
    )
    return list(rows)


async def done_before(
    session: AsyncSession, before: datetime, limit: int
) -> list[AppointmentRequest]:
    """Done requests whose retention ended (done before `before`) and that still hold data."""
    rows = await session.scalars(
        select(AppointmentRequest)
        .where(
            AppointmentRequest.status == "done",
            AppointmentRequest.done_at < before,
            AppointmentRequest.anonymised_at.is_(None),
        )
        .order_by(AppointmentRequest.done_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows)
