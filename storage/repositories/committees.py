"""Committees as a whole (the start-up log and `rakbot check` count them)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Committee


async def count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(Committee.id))) or 0)
