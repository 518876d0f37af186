"""Appointment request queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
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
