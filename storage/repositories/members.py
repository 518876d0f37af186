"""Roster queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Institution, Member


async def active_member(
    session: AsyncSession, committee_id: int, telegram_user_id: int
) -> Member | None:
    return await session.scalar(
        select(Member)
        .options(selectinload(Member.institution))
        .where(
            Member.committee_id == committee_id,
            Member.telegram_user_id == telegram_user_id,
            Member.active.is_(True),
        )
    )


async def any_member(
    session: AsyncSession, committee_id: int, telegram_user_id: int
) -> Member | None:
    return await session.scalar(
        select(Member).where(
            Member.committee_id == committee_id, Member.telegram_user_id == telegram_user_id
        )
    )


async def coordinators(session: AsyncSession, committee_id: int) -> list[Member]:
    rows = await session.scalars(
        select(Member)
        .where(
            Member.committee_id == committee_id,
            Member.is_coordinator.is_(True),
            Member.active.is_(True),
            Member.telegram_user_id.is_not(None),
        )
        .order_by(Member.id)
    )
    return list(rows)


async def institutions(session: AsyncSession, committee_id: int) -> list[Institution]:
    rows = await session.scalars(
        select(Institution)
        .where(Institution.committee_id == committee_id)
        .order_by(Institution.sort_order, Institution.id)
    )
    return list(rows)
