"""Committee queries."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Committee


async def count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(Committee.id))) or 0)


async def all_committees(session: AsyncSession) -> list[Committee]:
    return list(await session.scalars(select(Committee)))


async def bound_to_chat(session: AsyncSession, chat_id: int) -> Committee | None:
    """The committee whose group chat this is, if any."""
    return await session.scalar(select(Committee).where(Committee.chat_id == chat_id))


async def by_slug(session: AsyncSession, slug: str) -> Committee | None:
    return await session.scalar(select(Committee).where(Committee.slug == slug))


async def get(session: AsyncSession, committee_id: int) -> Committee:
    return await session.get_one(Committee, committee_id)
