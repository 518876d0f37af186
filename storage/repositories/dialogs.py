"""Multi-step conversation state, one row per (chat, user)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Dialog


async def get(session: AsyncSession, chat_id: int, user_id: int) -> Dialog | None:
    return await session.scalar(
        select(Dialog).where(Dialog.chat_id == chat_id, Dialog.user_id == user_id)
    )


async def put(
    session: AsyncSession,
    *,
    chat_id: int,
    user_id: int,
    kind: str,
    step: str,
    data: dict[str, Any],
    now: datetime,
) -> Dialog:
    dialog = await get(session, chat_id, user_id)
    if dialog is None:
        dialog = Dialog(chat_id=chat_id, user_id=user_id, kind=kind, step=step, data=data)
        session.add(dialog)
    else:
        dialog.kind, dialog.step, dialog.data = kind, step, dict(data)
    dialog.updated_at = now
    return dialog


async def clear(session: AsyncSession, chat_id: int, user_id: int) -> bool:
    result = await session.execute(
        delete(Dialog).where(Dialog.chat_id == chat_id, Dialog.user_id == user_id)
    )
    return bool(result.rowcount)


async def clear_all_of(session: AsyncSession, user_id: int) -> int:
    """End every dialog of this person, in any chat."""
    result = await session.execute(delete(Dialog).where(Dialog.user_id == user_id))
    return result.rowcount or 0
